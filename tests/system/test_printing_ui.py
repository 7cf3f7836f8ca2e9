"""The print bar every document dialog uses, against the private cupsd: a clerk picks the
cups-pdf queue, prints a filled-in sample, and what the spooler printed is that document at
true size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from printing.forms import Variant, render
from printing.printers import JobStatus, PrintJob, wait_for_job
from server.contract import FormSpec
from server.seed.demo import demo_forms
from tests.system.services import CupsServer, require
from tests.system.test_printing import Raster, assert_close, pages
from ui.ops import Operations
from ui.output_bar import OutputBar

pytestmark = pytest.mark.system


@pytest.fixture
def ops(qtbot: QtBot) -> Iterator[Operations]:
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    yield operations
    operations.shutdown()
    assert not errors


@pytest.fixture
def cups_env(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    return cups


def test_print_bar_sends_the_document_to_the_chosen_printer(
    qtbot: QtBot, ops: Operations, cups_env: CupsServer, tmp_path: Path
) -> None:
    cups = cups_env
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    spec = FormSpec.model_validate(next(f for f in demo_forms() if f["id"] == "sqwts"))
    pdf = render(spec, Variant.SAMPLE)
    remembered: list[str] = []
    bar = OutputBar(ops, document_name=lambda: "授权委托书（填写样例）",
                    preferred_printer=str(cups.pdf_queue), remember_printer=remembered.append)
    qtbot.addWidget(bar)
    qtbot.waitUntil(lambda: bar.printer.isEnabled(), timeout=15000)
    assert bar.printer.currentData() == cups.pdf_queue  # the remembered one, not the default
    assert not bar.print_button.isEnabled()  # nothing to print yet
    bar.set_pdf(pdf)
    bar.copies.setValue(1)
    with qtbot.waitSignal(bar.printed, timeout=30000) as sent:
        qtbot.keyClick(bar.print_button, Qt.Key.Key_Space)
    assert remembered == [cups.pdf_queue]
    job = bar.last_job
    assert isinstance(job, PrintJob) and sent.args == [job.request_id, cups.pdf_queue]
    assert cups.pdf_queue in bar.status.text()
    assert wait_for_job(job, timeout=60).status is JobStatus.COMPLETED, cups.log_tail()
    output = cups.pdf_output_of(job.job_id)
    assert output is not None, cups.log_tail()
    # cups-pdf passes the page through Ghostscript, which drops the text layer: compare the
    # ink instead. The same document at true size puts its ink in the same place.
    original = tmp_path / "sent.pdf"
    original.write_bytes(pdf)
    assert pages(output) == pages(original)
    assert_close(Raster(output).ink_box(), Raster(original).ink_box(), "printed sample")


def test_print_bar_without_a_scheduler_says_so_and_keeps_save(
    qtbot: QtBot, ops: Operations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/cups.sock")
    bar = OutputBar(ops, document_name=lambda: "材料清单")
    qtbot.addWidget(bar)
    with qtbot.waitSignal(bar.printers_loaded, timeout=15000) as loaded:
        pass
    assert loaded.args == [0]
    assert not bar.printer.isEnabled()
    assert "CUPS" in bar.status.text()
    bar.set_pdf(b"%PDF-1.4 minimal")
    assert not bar.print_button.isEnabled()
    assert bar.save_button.isEnabled() and bar.open_button.isEnabled()


def test_settings_choose_a_printer_per_document_type(
    qtbot: QtBot, ops: Operations, cups_env: CupsServer
) -> None:
    from ui.settings_dialog import SettingsDialog
    from workstation.settings import Settings

    cups = cups_env
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    before = Settings(printers={"notice": "RemovedLastWeek"})
    dialog = SettingsDialog(before, sandbox=True, ops=ops)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.printers_loaded, timeout=15000) as loaded:
        pass
    assert loaded.args[0] >= 1
    receipts = dialog.printer_choice["receipt"]
    assert receipts.findData(cups.pdf_queue) > 0
    receipts.setCurrentIndex(receipts.findData(cups.pdf_queue))
    # A printer saved earlier that CUPS no longer has stays visible, marked.
    notices = dialog.printer_choice["notice"]
    assert "not available" in notices.currentText()
    dialog._save()
    assert dialog.result_settings is not None
    assert dialog.result_settings.printers == {"receipt": cups.pdf_queue,
                                               "notice": "RemovedLastWeek"}
