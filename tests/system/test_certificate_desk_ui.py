"""The certificate desk in the real main window with a real printer: a certificate
issued on the cups-pdf queue lands at true size, is recorded only once the clerk confirms
the sheet, and reaches the server with the next sync; a printer that disappears records
nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from printing import certificates as printing_certificates
from printing.printers import JobStatus, PrintJob, wait_for_job
from server.contract import CertificateRecord
from tests.system.services import CupsServer, require
from tests.system.test_certificate_printing import page_size_mm
from tests.system.test_printing import Raster, assert_close, pages
from tests.ui.conftest import errors, ops, window_factory  # noqa: F401 - shared fixtures
from tests.ui.helpers import WindowFactory, admin, sync
from tests.ui.test_certificate_desk import (
    DEMO,
    LICENCE,
    LICENCE_STOCK,
    confirm,
    open_desk,
    print_and_answer,
    select_waiting,
    settle,
    sheet_dialog,
    sheets_of,
    start_shift,
)

pytestmark = pytest.mark.system


@pytest.fixture
def printer(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    return cups


def test_issue_on_the_cups_pdf_queue_and_sync(
    qtbot: QtBot, window_factory: WindowFactory, printer: CupsServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    queue = printer.pdf_queue
    assert queue is not None
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, {LICENCE_STOCK: ("SF2026000101", "SF2026000150")})
    select_waiting(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk, printer=queue)
    assert dialog.serial.text() == "SF2026000101"
    # The queue's margins (read from CUPS) leave every field printable.
    assert dialog.layout_result is not None and dialog.layout_result.margins is not None
    assert dialog.layout_result.problems == ()
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(dialog.printed, timeout=30000) as sent:
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    job_id = int(str(sent.args[0]).rsplit("-", 1)[1])
    # Nothing is recorded while the clerk has not looked at the sheet.
    assert sheets_of(qtbot, window, desk, LICENCE) == []
    state = wait_for_job(PrintJob(queue, job_id), timeout=90)
    assert state.status is JobStatus.COMPLETED, printer.log_tail()
    output = printer.pdf_output_of(job_id)
    assert output is not None, printer.log_tail()
    # What the spooler printed is the certificate at the stock's true size.
    template = printing_certificates.load_templates().templates["business_licence"]
    assert pages(output) == 1
    width, height = page_size_mm(output)
    assert abs(width - template.stock.width_mm) < 0.5
    assert abs(height - template.stock.height_mm) < 0.5
    body = DEMO[LICENCE]
    values = printing_certificates.certificate_values(
        body["fields"], certificate_id=str(body["certificate_id"]),
        case_number=body["case_number"])
    source = tmp_path / "source.pdf"
    source.write_bytes(printing_certificates.render(
        printing_certificates.layout(template, values), training=True))
    assert_close(Raster(output).ink_box(), Raster(source).ink_box(), "printed certificate")

    sheet = confirm(qtbot, dialog)
    assert (sheet.serial, sheet.printer) == ("SF2026000101", queue)
    sync(qtbot, window)
    with admin(window) as back_office:
        answer = back_office.get(f"/v1/admin/certificates/{body['certificate_id']}")
        answer.raise_for_status()
        held = CertificateRecord.model_validate_json(answer.content)
    assert [(i.serial, i.printer) for i in held.issuances] == [("SF2026000101", queue)]
    settle(qtbot, window)



def test_a_printer_gone_before_printing_records_nothing(
    qtbot: QtBot, window_factory: WindowFactory, printer: CupsServer,  # noqa: F811
) -> None:
    printer.add_file_queue("CertificateLaser")
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, {LICENCE_STOCK: ("SF2026000101", "SF2026000150")})
    select_waiting(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk, printer="CertificateLaser")
    printer.client("lpadmin", "-x", "CertificateLaser")
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(dialog.print_failed, timeout=30000) as failed:
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert failed.args == ["printing.printer_gone"]
    assert "no longer available" in dialog.message.text()
    assert "Nothing was recorded." in dialog.message.text()
    assert dialog.step == dialog.PREPARE
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert sheets_of(qtbot, window, desk, LICENCE) == []
    # The sheet stays unused: the next issue is offered the same serial.
    select_waiting(qtbot, desk, LICENCE)
    again = sheet_dialog(qtbot, desk)
    assert again.serial.text() == "SF2026000101"
    print_and_answer(qtbot, again)
    confirm(qtbot, again)
    settle(qtbot, window)
