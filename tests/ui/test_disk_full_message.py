"""The disk fills up just as the clerk accepts a case (SQLite `max_page_count` on the
store's connection, see tests/offline/test_disk_full.py): the intake view says so in the
clerk's words, keeps everything entered, and accepts the same case once there is space."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.offline.test_disk_full import LONG_NOTE, fill_disk, free_disk
from tests.ui.helpers import WindowFactory, on_ops, ready, type_text
from tests.ui.test_intake_view import decide, enter_applicant, open_case, tick_all_received
from ui.intake_view import CaseDocumentDialog
from ui.messages import describe_code


def test_a_full_disk_is_said_and_the_case_entered_stays_on_the_form(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    tick_all_received(qtbot, view)
    view.note.setFocus()
    type_text(qtbot, view.note, LONG_NOTE)  # a case larger than the room left
    qtbot.waitUntil(lambda: view.saved_label.text().startswith("Draft saved"), timeout=5000)
    draft = view.draft
    assert draft is not None and draft.note == LONG_NOTE
    limit = on_ops(qtbot, window, lambda: fill_disk(ws.store.conn))

    QTest.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    full = describe_code("store.disk_full")
    qtbot.waitUntil(lambda: view.message.text() == full, timeout=10000)
    assert view.message.isVisible()
    # Everything entered is still on the form, and in the saved draft.
    assert view.draft is draft
    assert view.applicant.name.text() == "林晓静"
    assert view.applicant.id_number.text() == "110101199003078523"
    assert view.applicant.phone.text() == "13900001234"
    assert all(view.cell(r, "received").isChecked() for r in range(view.table.rowCount()))
    assert view.note.text() == LONG_NOTE
    assert on_ops(qtbot, window, ws.drafts) == [draft]
    no_receipt = view.document_dialog
    assert no_receipt is None

    on_ops(qtbot, window, lambda: free_disk(ws.store.conn, limit))  # space again
    case = decide(qtbot, view)
    assert case.uuid == draft.case_uuid and case.note == LONG_NOTE
    assert case.case_number.endswith("000001")  # the first case: no number was lost
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    dialog = view.document_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    dialog.close()
    assert on_ops(qtbot, window, ws.drafts) == []
