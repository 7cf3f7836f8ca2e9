"""The calibration dialog against the private cupsd: the calibration sheet goes through the
cups-pdf queue at the stock's size, the crosshairs are measured on what cups-pdf wrote (as
the clerk measures the paper) and entered from the keyboard, the test print lands where
the new correction says, Ctrl+S keeps it; a printer removed meanwhile changes nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from printing.calibration import Calibration, Mark, calibration_marks, calibration_sheet
from printing.certificates import load_templates
from printing.printers import JobStatus, PrintJob, wait_for_job
from tests.printing.test_calibration import placement_errors, rasterise
from tests.system.services import CupsServer, require
from tests.system.test_certificate_printing import page_size_mm
from tests.system.test_printing import Raster, assert_close
from ui.calibration_dialog import CalibrationDialog
from ui.messages import describe_code
from ui.ops import Operations
from workstation import settings as settings_io
from workstation.calibrations import calibration_for
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

pytestmark = pytest.mark.system

CTRL = Qt.KeyboardModifier.ControlModifier
TEMPLATE = load_templates().templates["registration"]
STOCK = TEMPLATE.stock  # 260 × 185 mm
DPI = 300
JOB_TIMEOUT = 60.0


@pytest.fixture
def ops(qtbot: QtBot) -> Iterator[Operations]:
    errors: list[BaseException] = []
    operations = Operations(errors.append)
    yield operations
    operations.shutdown()
    assert not errors


@pytest.fixture
def cups_env(cups: CupsServer, monkeypatch: pytest.MonkeyPatch) -> CupsServer:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    require(bool(shutil.which("pdftoppm") and shutil.which("pdfinfo")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")
    for name, value in cups.env.items():
        monkeypatch.setenv(name, value)
    return cups


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workstation]:
    workstation = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "data"),
                              vault=FileVault(tmp_path / "vault.json"))
    yield workstation
    workstation.close()


def open_dialog(qtbot: QtBot, ops: Operations, ws: Workstation, printer: str
                ) -> CalibrationDialog:
    dialog = CalibrationDialog(ops, ws, printer=printer, stock_type=STOCK.id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.printers_loaded, dialog.stocks_loaded], timeout=20000):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.chosen_printer() == printer
    return dialog


def job_output(cups: CupsServer, request_id: str, tmp_path: Path, name: str) -> Path:
    """The PDF cups-pdf wrote for the job, once CUPS says it is done (copied to tmp_path)."""
    printer, _, number = request_id.rpartition("-")
    state = wait_for_job(PrintJob(printer, int(number)), JOB_TIMEOUT)
    assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
    output = cups.pdf_output_of(int(number))
    assert output is not None, f"cups-pdf wrote no file for {request_id}:\n{cups.log_tail()}"
    copy = tmp_path / f"{name}.pdf"
    shutil.copy(output, copy)
    return copy


def crosshair_centre(image: np.ndarray, mark: Mark) -> tuple[float, float]:
    """Where the crosshair drawn for ``mark`` came out, in mm from the page's left and top
    edges: in a window around where it should be, the column and the row with the most black
    (its arms; the grid's lines are grey and thinner, the label is outside the window)."""
    per_mm = DPI / 25.4
    half = int(4 * per_mm)
    cx, cy = int(mark.x_mm * per_mm), int(mark.y_mm * per_mm)
    window = (255 - image[cy - half:cy + half, cx - half:cx + half].astype(float)) / 255
    black = np.where(window > 0.75, window, 0.0)

    def centre(profile: np.ndarray) -> float:
        peak = int(np.argmax(profile))
        around = np.arange(max(0, peak - 3), min(len(profile), peak + 4))
        return float((around * profile[around]).sum() / profile[around].sum())

    x = cx - half + centre(black.sum(axis=0)) + 0.5
    y = cy - half + centre(black.sum(axis=1)) + 0.5
    return x / per_mm, y / per_mm


def test_the_sheet_is_measured_and_the_test_print_lands_where_the_correction_says(
    qtbot: QtBot, ops: Operations, ws: Workstation, cups_env: CupsServer, tmp_path: Path
) -> None:
    cups = cups_env
    assert cups.pdf_queue is not None
    dialog = open_dialog(qtbot, ops, ws, cups.pdf_queue)

    # Step 2: the calibration sheet, uncorrected, at the stock's size.
    with qtbot.waitSignal(dialog.sheet_printed, timeout=30000) as sent:
        qtbot.keyClick(dialog, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    assert dialog.rows[0].x.hasFocus()  # ready for the first distance
    sheet = job_output(cups, sent.args[0], tmp_path, "sheet")
    width, height = page_size_mm(sheet)
    assert abs(width - STOCK.width_mm) < 0.5 and abs(height - STOCK.height_mm) < 0.5
    original = tmp_path / "original.pdf"
    original.write_bytes(calibration_sheet(STOCK))
    assert_close(Raster(sheet).ink_box(), Raster(original).ink_box(), "calibration sheet")

    # Measure each crosshair on what was printed, to 0.1 mm, and type it in.
    image = rasterise(sheet, DPI)
    found = [crosshair_centre(image, mark) for mark in calibration_marks(STOCK)]
    edits = [edit for row in dialog.rows for edit in (row.x, row.y)]
    for number, (edit, value) in enumerate(zip(edits, [v for xy in found for v in xy],
                                               strict=True)):
        assert edit.hasFocus()
        qtbot.keyClicks(edit, f"{value:.1f}")
        if number < len(edits) - 1:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(dialog.computed) as computed:
        qtbot.keyClick(edits[-1], Qt.Key.Key_Return)
    measured = computed.args[0]
    # cups-pdf places the page exactly: nothing to correct.
    assert (measured.dx_mm, measured.dy_mm) == pytest.approx((0, 0), abs=0.15)
    assert (measured.sx, measured.sy) == pytest.approx((1, 1), abs=0.001)

    # Step 3: say the boxes came out 1.5 mm too far right and 0.8 mm too high; the test
    # print must then put them 1.5 mm further left and 0.8 mm lower.
    for spin, text in ((dialog.right, "1.5"), (dialog.down, "-0.8")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, text)
    with qtbot.waitSignal(dialog.computed) as corrected:
        qtbot.keyClick(dialog.down, Qt.Key.Key_Return)
    candidate = corrected.args[0]
    assert candidate == measured.moved(right_mm=1.5, down_mm=-0.8)
    with qtbot.waitSignal(dialog.test_printed, timeout=30000) as tested:
        qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    test_print = job_output(cups, tested.args[0], tmp_path, "test")
    errors = placement_errors(TEMPLATE, candidate, rasterise(test_print, DPI), DPI)
    assert max(error for _, error in errors) <= 0.5, errors

    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert calibration_for(settings_io.load(ws.paths.settings), cups.pdf_queue,
                           STOCK.id) == candidate


def test_a_printer_removed_meanwhile_is_explained_and_changes_nothing(
    qtbot: QtBot, ops: Operations, ws: Workstation, cups_env: CupsServer
) -> None:
    cups = cups_env
    name = "CalibrationGone"
    cups.add_pdf_queue(name)
    try:
        dialog = open_dialog(qtbot, ops, ws, name)
    finally:
        cups.remove_queue(name)
    dialog.right.setFocus()
    dialog.right.selectAll()
    qtbot.keyClicks(dialog.right, "0.5")
    with qtbot.waitSignal(dialog.computed):
        qtbot.keyClick(dialog.right, Qt.Key.Key_Return)
    candidate = dialog.candidate
    assert candidate == Calibration.identity(name, STOCK.id).moved(right_mm=0.5)
    before = sorted(cups.pdf_output.iterdir())

    with qtbot.waitSignal(dialog.print_failed, timeout=30000) as failed, \
            qtbot.assertNotEmitted(dialog.sheet_printed):
        qtbot.keyClick(dialog.sheet_button, Qt.Key.Key_Space)
    assert failed.args == ["printing.printer_gone"]
    assert dialog.message.text() == describe_code("printing.printer_gone")
    assert dialog.candidate == candidate
    assert sorted(cups.pdf_output.iterdir()) == before
    assert ws.settings.certificate_calibrations == {} and not ws.paths.settings.exists()
