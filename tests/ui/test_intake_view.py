"""Intake in the real main window (sandbox server), driven from the keyboard."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from server.seed.demo import demo_items
from tests.ui.helpers import WindowFactory, admin, on_ops, ready, sync, type_text
from ui.intake_view import CaseDocumentDialog, IntakeView
from ui.main_window import MainWindow

ITEM = next(i for i in demo_items() if i["name"] == "居民身份证换领")


def open_case(qtbot: QtBot, window: MainWindow) -> IntakeView:
    kb = window.kb
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, ITEM["code"])
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kb.case_button.isEnabled())
    qtbot.keyClick(kb.detail, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    view = window.intake
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is view)
    assert view.draft is not None and view.draft.item.code == ITEM["code"]
    assert view.applicant.name.hasFocus()
    return view


def enter_applicant(qtbot: QtBot, view: IntakeView, id_number: str) -> None:
    type_text(qtbot, view.applicant.name, "林晓静")
    view.applicant.id_number.setFocus()
    qtbot.keyClicks(view.applicant.id_number, id_number)
    qtbot.keyClicks(view.applicant.phone, "13900001234")


def tick_all_received(qtbot: QtBot, view: IntakeView) -> None:
    for row in range(view.table.rowCount()):
        box = view.cell(row, "received")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
        assert box.isChecked()


def one_material_in(qtbot: QtBot, window: MainWindow) -> IntakeView:
    """A case with the applicant entered and only the first material received, saved."""
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    view.cell(0, "received").setChecked(True)
    qtbot.waitUntil(lambda: view.saved_label.text().startswith("Draft saved"), timeout=5000)
    return view


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    """After a dialog closes the window is active again (window shortcuts need it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def decide(qtbot: QtBot, view: IntakeView, notice: bool = False) -> CaseSubmission:
    modifiers = Qt.KeyboardModifier.ControlModifier
    if notice:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(view.decided, timeout=10000) as decided:
        qtbot.keyClick(view.table, Qt.Key.Key_Return, modifiers)
    case = decided.args[0]
    assert isinstance(case, CaseSubmission)
    return case


def test_accept_with_an_electronic_licence_prints_the_receipt_and_syncs_once(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    # A mistyped ID number is named inline and blocks the decision.
    enter_applicant(qtbot, view, "110101199003078524")
    problem = view.applicant.problem_labels["id_number"]
    assert problem.isVisible() and "check digit" in problem.text()
    view.applicant.id_number.clear()
    qtbot.keyClicks(view.applicant.id_number, "110101199003078523")
    assert not problem.isVisible()
    # Accepting with nothing received is blocked with the list of what is missing.
    with qtbot.waitSignal(view.blocked, timeout=5000) as blocked:
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert blocked.args[0] == ["materials"]
    assert all(name in view.message.text() for name in
               [m["name"] for m in ITEM["materials"] if m["required"] and not m["when"]])
    tick_all_received(qtbot, view)
    # The household register comes as an electronic licence instead of paper.
    row = next(r for r, (m, _) in enumerate(view.rows) if m.licence_type == "居民户口簿")
    with qtbot.waitSignal(view.licences_loaded, timeout=10000) as loaded:
        qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert loaded.args[0] > 0
    view.cell(row, "received").setChecked(False)
    licence = view.cell(row, "licence")
    licence.setCurrentIndex(licence.findData("HK110101-000352"))
    assert view.cell(row, "state").text().startswith("✓")
    case = decide(qtbot, view)
    assert case.status is CaseStatus.ACCEPTED and case.case_number.startswith("PX")
    assert [m.licence_number for m in case.materials if m.licence_number] == ["HK110101-000352"]
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    dialog = view.document_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    assert dialog.preview.page_count() == 1
    dialog.close()
    assert view.draft is None and view.empty.isVisible()
    # The decision itself starts a sync (the worker's next round is minutes away): the
    # sandbox server comes to hold exactly this case, once.
    def on_server() -> bool:
        with admin(window) as back_office:
            return back_office.get(f"/v1/admin/cases/{case.uuid}").status_code == 200

    qtbot.waitUntil(on_server, timeout=20000)
    with admin(window) as back_office:
        stored = back_office.get(f"/v1/admin/cases/{case.uuid}").json()
        count = back_office.get("/v1/admin/cases").json()["count"]
    assert stored["case_number"] == case.case_number and count == 1


def test_a_one_time_notice_when_materials_are_missing(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    view = one_material_in(qtbot, ready(qtbot, window_factory))
    case = decide(qtbot, view, notice=True)
    assert case.status is CaseStatus.NOTIFIED
    qtbot.waitUntil(lambda: view.document_dialog is not None)
    dialog = view.document_dialog
    assert dialog is not None and dialog.document_type == "notice"
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    dialog.close()


def test_an_unfinished_case_comes_back_after_login(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    view = one_material_in(qtbot, ready(qtbot, window_factory))
    draft = view.draft
    assert draft is not None
    # What a fresh start sees: no case on screen, the drafts loaded at login.
    view._show_draft(None)
    view._known_drafts.clear()
    view.reload_drafts()
    qtbot.waitUntil(lambda: view.draft is not None, timeout=5000)
    restored = view.draft
    assert restored is not None and restored.id == draft.id
    assert view.applicant.name.text() == "林晓静"
    assert view.cell(0, "received").isChecked()
    assert view.drafts.count() == 1


def test_my_cases_reopen_a_notified_case_and_reprint(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = one_material_in(qtbot, window)
    notice = decide(qtbot, view, notice=True)
    qtbot.waitUntil(lambda: view.document_dialog is not None)
    assert view.document_dialog is not None
    view.document_dialog.close()
    mine = window.my_cases
    back_to(qtbot, window)
    with qtbot.waitSignal(mine.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is mine
    assert mine.table.item(0, 0).text() == notice.case_number
    assert mine.table.item(0, 2).text() == "林**"  # masked on screen
    assert mine.table.item(0, 3).text() == "One-time notice"
    # The applicant is back with the rest: Enter continues the same case.
    with qtbot.waitSignal(mine.reopened, timeout=5000):
        qtbot.keyClick(mine.table, Qt.Key.Key_Return)
    assert window.tabs.currentWidget() is view
    assert view.draft is not None and view.draft.case_number == notice.case_number
    assert view.draft.revision == 2 and view.applicant.name.text() == "林晓静"
    tick = [r for r in range(view.table.rowCount()) if not view.cell(r, "received").isChecked()]
    for row in tick:
        view.cell(row, "received").setChecked(True)
    accepted = decide(qtbot, view)
    assert accepted.case_number == notice.case_number and accepted.revision == 2
    qtbot.waitUntil(lambda: view.document_dialog is not None
                    and view.document_dialog.case is accepted)
    assert view.document_dialog is not None
    view.document_dialog.close()
    back_to(qtbot, window)
    with qtbot.waitSignal(mine.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert mine.table.rowCount() == 1 and mine.table.item(0, 3).text() == "Accepted"
    assert "working days" in mine.table.item(0, 6).text()
    mine.table.setFocus()
    qtbot.keyClick(mine.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: mine.document_dialog is not None)
    reprint = mine.document_dialog
    assert reprint is not None and reprint.document_type == "receipt"
    qtbot.waitUntil(lambda: reprint.pdf is not None, timeout=15000)
    reprint.close()


def test_an_open_case_says_when_the_guide_changed_under_it(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = one_material_in(qtbot, window)
    assert not view.version_note.isVisible()
    newer = {**ITEM, "version": ITEM["version"] + 1, "materials": ITEM["materials"][:2]}
    with admin(window) as back_office:
        back_office.put("/v1/admin/catalogue/items", json=[newer]).raise_for_status()
    sync(qtbot, window)
    qtbot.waitUntil(view.version_note.isVisible, timeout=5000)
    assert f"version {ITEM['version'] + 1}" in view.version_note.text()
    assert view.draft is not None and view.draft.item.version == ITEM["version"]
    assert view.table.rowCount() > 2  # still the checklist of the version it started with


def test_pressing_accept_twice_records_one_case(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    tick_all_received(qtbot, view)
    with qtbot.waitSignal(view.decided, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ws = window.ws
    assert ws is not None
    assert len(on_ops(qtbot, window, lambda: ws.my_cases("all"))) == 1
    assert view.message.text() == ""


def test_a_card_on_the_reader_fills_the_applicant(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    assert window.card_reader is not None
    reader = window.card_reader.simulated
    assert reader is not None
    index = next(i for i, card in enumerate(reader.cards) if "有效" in card.label)
    reader.insert(index)
    qtbot.waitUntil(lambda: view.applicant.id_number.text() != "", timeout=10000)
    form = view.applicant
    assert form.name.text() == "林晓静"
    # The number is masked on screen; the draft holds it whole.
    assert form.id_number.text() != "110101199003078523"
    assert form.id_number.text().endswith("8523") and "*" in form.id_number.text()
    assert form.name.isReadOnly() and form.id_number.isReadOnly()
    assert form.address.text().startswith("示范市")
    assert not form.problem_labels["id_number"].isVisible()
    assert form.card_panel.isVisible()
    assert form.card_panel.photo.pixmap() is not None and not form.card_panel.photo.pixmap(
        ).isNull()
    assert "✔" in form.card_panel.info.text()
    qtbot.waitUntil(lambda: view.draft is not None
                    and view.draft.applicant.id_number == "110101199003078523")
    assert view.draft is not None and view.draft.applicant.verified_by_card()
    reader.remove()


def test_an_expired_card_must_be_acknowledged_and_revealing_the_number_is_audited(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from offline import audit

    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    assert window.card_reader is not None and window.ws is not None
    reader = window.card_reader.simulated
    assert reader is not None
    expired = next(i for i, card in enumerate(reader.cards) if "过期" in card.label)
    reader.insert(expired)
    form = view.applicant
    qtbot.waitUntil(lambda: form.card is not None, timeout=10000)
    panel = form.card_panel
    assert panel.expired.isVisible() and not panel.expired.isChecked()
    assert "EXPIRED" in panel.info.text()
    qtbot.waitUntil(lambda: form.problem_labels["card"].isVisible())
    assert "expired" in form.problem_labels["card"].text()
    with qtbot.waitSignal(view.blocked, timeout=5000) as blocked:
        view.accept_button.click()
    assert "applicant" in blocked.args[0]

    panel.expired.click()  # the clerk has seen it and accepts it for this matter
    qtbot.waitUntil(lambda: not form.problem_labels["card"].isVisible())
    qtbot.waitUntil(lambda: view.draft is not None and view.draft.applicant.card is not None
                    and view.draft.applicant.card.expiry_acknowledged)

    number = "110101197511302318"
    assert form.id_number.text() != number
    assert "1975-11-30" not in panel.info.text()  # digits 7–14 of the masked number
    ws = window.ws
    assert view.draft is not None
    case = str(view.draft.case_uuid)
    panel.reveal.click()
    qtbot.waitUntil(lambda: form.id_number.text() == number)
    assert not panel.reveal.isVisible() and "1975-11-30" in panel.info.text()
    events = on_ops(qtbot, window,
                    lambda: audit.of_target(ws.store.conn, ws.store.cipher, case))
    assert [(e.action, e.detail) for e in events] == [
        ("identity.revealed", {"party": "applicant"})]

    panel.clear.click()  # not this person's card after all: typed from scratch
    assert form.card is None and form.name.text() == "" and not form.name.isReadOnly()
    qtbot.waitUntil(lambda: view.draft is not None and view.draft.applicant.card is None)
    reader.remove()


def test_a_card_over_typed_details_can_be_undone_and_organisations_get_the_agent(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    assert window.card_reader is not None
    reader = window.card_reader.simulated
    assert reader is not None
    valid = next(i for i, card in enumerate(reader.cards) if "有效" in card.label)
    form = view.applicant
    type_text(qtbot, form.name, "赵国强")
    form.id_number.setFocus()
    qtbot.keyClicks(form.id_number, "110101197511302318")
    typed = form.name.text()
    reader.insert(valid)
    qtbot.waitUntil(lambda: form.card is not None, timeout=10000)
    assert form.name.text() == "林晓静"
    form.card_panel.clear.click()  # the wrong person's card: what was typed comes back
    assert form.card is None and form.name.text() == typed
    assert form.id_number.text() == "110101197511302318" and not form.name.isReadOnly()
    reader.remove()

    form.kind_org.setChecked(True)  # the applicant is a company: the card is its agent's
    reader.insert(valid)
    qtbot.waitUntil(lambda: view.agent.card is not None, timeout=10000)
    assert view.agent_box.isChecked() and view.agent.name.text() == "林晓静"
    assert form.kind_org.isChecked() and form.card is None
    reader.remove()


def test_pages_captured_on_the_demo_camera_go_with_the_case_and_export_as_pdf(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    tick_all_received(qtbot, view)
    view.cell(1, "received").setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = view.capture_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # The sandbox's simulated camera plays demo papers; the first one resting is taken.
    with qtbot.waitSignal(dialog.page_added, timeout=30000):
        pass
    dialog.auto.setChecked(False)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10000)
    count = len(dialog.result_pages())
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.capture_dialog is None)
    material = view.rows[1][0]
    assert view.draft is not None
    scans = view.draft.materials[material.code].scans
    assert len(scans) == count >= 1
    assert view.cell(1, "scans").text() == f"{count} scanned"
    qtbot.waitUntil(lambda: view.saved_label.text().startswith("Draft saved"), timeout=5000)
    target = tmp_path / "scans.pdf"
    with qtbot.waitSignal(view.scans_exported, timeout=10000):
        view.export_scans_to(target)
    with pikepdf.open(target) as pdf, pdf.open_outline() as outline:
        assert len(pdf.pages) == count
        assert [item.title for item in outline.root] == [f"{material.name}（{count}页）"]
    back_to(qtbot, window)
    case = decide(qtbot, view)
    view.document_dialog.close()  # type: ignore[union-attr]
    sync(qtbot, window)
    with admin(window) as back_office:
        stored = back_office.get(f"/v1/admin/cases/{case.uuid}").json()
        sent = stored["materials"][1]["attachments"]
        assert [a["sha256"] for a in sent] == [s.sha256 for s in scans]
        page = back_office.get(f"/v1/admin/attachments/{scans[0].sha256}")
    assert page.status_code == 200 and hashlib.sha256(page.content).hexdigest() == \
        scans[0].sha256
    # Later, from "my cases": the recorded case's pages as one PDF again.
    mine = window.my_cases
    back_to(qtbot, window)
    with qtbot.waitSignal(mine.loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert mine.table.item(0, 0).text() == case.case_number
    again = tmp_path / "again.pdf"
    with qtbot.waitSignal(mine.scans_exported, timeout=10000):
        mine.export_scans_to(again)
    with pikepdf.open(again) as pdf:
        assert len(pdf.pages) == count
