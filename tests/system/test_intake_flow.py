"""The whole counter flow in the real main window (sandbox server) with a real printer:
item → applicant → situation → checklist with an electronic licence → accept → receipt
printed through cups-pdf, its QR code read back from what CUPS produced → sync → the
server holds exactly one case. And the same for a one-time notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline.audit import Event
from printing.case_documents import query_address
from printing.printers import JobStatus, PrintJob, wait_for_job
from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from tests.printing.qr import qr_in_pdf
from tests.system.services import CupsServer, require
from tests.ui.conftest import errors, ops, window_factory  # noqa: F401 - shared fixtures
from tests.ui.helpers import WindowFactory, admin, on_ops, ready, sync
from tests.ui.test_intake_view import decide, enter_applicant, open_case, tick_all_received
from ui.intake_view import CaseDocumentDialog, IntakeView
from ui.main_window import MainWindow

pytestmark = pytest.mark.system


@pytest.fixture
def printer(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    return cups


def print_document(qtbot: QtBot, view: IntakeView, cups: CupsServer) -> tuple[
        CaseDocumentDialog, PrintJob]:
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    dialog = view.document_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    bar = dialog.output
    qtbot.waitUntil(bar.printer.isEnabled, timeout=15000)
    bar.printer.setCurrentIndex(bar.printer.findData(cups.pdf_queue))
    with qtbot.waitSignal(bar.printed, timeout=30000):
        qtbot.keyClick(bar.print_button, Qt.Key.Key_Space)
    assert bar.last_job is not None
    job = bar.last_job
    state = wait_for_job(job, timeout=90)
    assert state.status is JobStatus.COMPLETED, cups.log_tail()
    return dialog, job


def qr_from_cups(cups: CupsServer, job: PrintJob, tmp_path: Path) -> str:
    output = cups.pdf_output_of(job.job_id)
    assert output is not None, cups.log_tail()
    return qr_in_pdf(output, tmp_path)


def stored(window: MainWindow, case: CaseSubmission) -> tuple[int, dict[str, object]]:
    """How many cases the server holds, and this one as it holds it."""
    with admin(window) as back_office:
        body: dict[str, object] = back_office.get(f"/v1/admin/cases/{case.uuid}").json()
        return int(back_office.get("/v1/admin/cases").json()["count"]), body


def print_actions(qtbot: QtBot, window: MainWindow, case: CaseSubmission) -> list[Event]:
    ws = window.ws
    assert ws is not None
    return on_ops(qtbot, window, lambda: ws.print_history(case.uuid))


def test_accept_print_the_receipt_through_cups_and_sync(
    qtbot: QtBot, window_factory: WindowFactory, printer: CupsServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    # The situation: the card is damaged (another answer than the first).
    situation = view.draft.item.situations[0] if view.draft else None
    assert situation is not None
    _, damaged = view.situation_buttons[situation.code][1]
    qtbot.keyClick(damaged, Qt.Key.Key_Space)
    assert damaged.isChecked()
    tick_all_received(qtbot, view)
    with qtbot.waitSignal(view.licences_loaded, timeout=10000):
        qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    row = next(r for r, (m, _) in enumerate(view.rows) if m.licence_type == "居民户口簿")
    view.cell(row, "received").setChecked(False)
    licence = view.cell(row, "licence")
    licence.setCurrentIndex(licence.findData("HK110101-000352"))
    case = decide(qtbot, view)
    assert case.status is CaseStatus.ACCEPTED
    assert case.situation_answers[situation.code] == [situation.options[1].code]
    dialog, job = print_document(qtbot, view, printer)
    ws = window.ws
    assert ws is not None
    assert qr_from_cups(printer, job, tmp_path) == query_address(ws.status_query_url(),
                                                                 case.case_number)
    dialog.close()
    assert [e.action for e in print_actions(qtbot, window, case)] == ["document.printed"]
    sync(qtbot, window)
    count, body = stored(window, case)
    assert count == 1 and body["status"] == "accepted"
    assert body["case_number"] == case.case_number


def test_one_time_notice_through_cups_and_sync(
    qtbot: QtBot, window_factory: WindowFactory, printer: CupsServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    window = ready(qtbot, window_factory)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    view.cell(0, "received").setChecked(True)
    case = decide(qtbot, view, notice=True)
    assert case.status is CaseStatus.NOTIFIED
    # The counter's printer vanishes just before printing: the clerk is told, the case and
    # its document stay, the failure is audited, and another printer does the job.
    printer.add_file_queue("CounterLaser")
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    first = view.document_dialog
    assert first is not None
    qtbot.waitUntil(lambda: first.pdf is not None, timeout=15000)
    first.output.refresh_printers()
    qtbot.waitUntil(lambda: first.output.printer.findData("CounterLaser") >= 0, timeout=15000)
    first.output.printer.setCurrentIndex(first.output.printer.findData("CounterLaser"))
    printer.client("lpadmin", "-x", "CounterLaser")
    with qtbot.waitSignal(first.output.failed, timeout=30000) as failed:
        qtbot.keyClick(first.output.print_button, Qt.Key.Key_Space)
    assert failed.args == ["printing.printer_gone", "CounterLaser"]
    assert "no longer available" in first.output.status.text()
    assert first.pdf is not None  # the document is still there to print elsewhere
    qtbot.waitUntil(lambda: first.output.printer.findData("CounterLaser") < 0, timeout=15000)
    dialog, job = print_document(qtbot, view, printer)
    ws = window.ws
    assert ws is not None
    assert qr_from_cups(printer, job, tmp_path) == query_address(ws.status_query_url(),
                                                                 case.case_number)
    dialog.close()
    events = print_actions(qtbot, window, case)
    assert [e.action for e in events] == ["document.print_failed", "document.printed"]
    assert events[0].detail["printer"] == "CounterLaser"
    sync(qtbot, window)
    count, body = stored(window, case)
    assert count == 1 and body["status"] == "notified"
