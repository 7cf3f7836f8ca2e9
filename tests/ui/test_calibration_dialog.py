"""The guided calibration dialog, driven from the keyboard: measured crosshairs give the
correction that is saved for the printer and stock type; refused input names the mark and
the edge and saves nothing; a quick correction after a test print; Esc saves nothing; a
print that fails changes nothing.

The printer is the simulated one of sandbox mode (a folder printer that writes each job as
a PDF), with CUPS pointed at a socket where no scheduler runs: these tests see neither the
machine's printers nor its CUPS. tests/system/test_calibration_ui.py prints through a real
cupsd.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from printing import printers
from printing.calibration import Calibration, calibration_marks
from printing.certificates import load_templates
from tests.system.services import require
from ui.calibration_dialog import CalibrationDialog, parse_mm
from ui.messages import describe_code
from ui.ops import Operations
from workstation import settings as settings_io
from workstation.calibrations import calibration_for, save_calibration
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

CTRL = Qt.KeyboardModifier.ControlModifier
PRINTER = "calibration-pdf"
PERMIT = "permit_a4_landscape"  # 297 × 210 mm
STOCK = load_templates().stock_types()[PERMIT]
#: What the printer of these tests does to a page: the calibration that undoes it.
WANTED = Calibration(PRINTER, PERMIT, dx_mm=1.5, dy_mm=-0.8, sx=1.01, sy=1.0)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The simulated printer, and a CUPS that does not answer."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    printed = tmp_path / "printed"
    printers.add_folder_printer(PRINTER, "套打校准测试", printed)
    yield printed
    printers.remove_folder_printer(PRINTER)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workstation]:
    workstation = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "data"),
                              vault=FileVault(tmp_path / "vault.json"))
    yield workstation
    workstation.close()


def open_dialog(qtbot: QtBot, ops: Operations, ws: Workstation) -> CalibrationDialog:
    dialog = CalibrationDialog(ops, ws, printer=PRINTER, stock_type=PERMIT)
    qtbot.addWidget(dialog)
    with qtbot.waitSignals([dialog.printers_loaded, dialog.stocks_loaded], timeout=15000):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # Ctrl+S and the field focus need it
    assert dialog.printer.hasFocus()  # the keyboard starts at the printer
    assert dialog.chosen_printer() == PRINTER
    stock = dialog.chosen_stock()
    assert stock is not None and stock.id == PERMIT
    return dialog


def measured(calibration: Calibration) -> list[tuple[float, float]]:
    """Where a printer that needs ``calibration`` prints the sheet's crosshairs (uncorrected),
    to the hundredth of a millimetre: the correction undoes it, printed(apply(p)) = p."""
    return [(round((m.x_mm - calibration.dx_mm) / calibration.sx, 2),
             round((m.y_mm - calibration.dy_mm) / calibration.sy, 2))
            for m in calibration_marks(STOCK)]


def type_distances(qtbot: QtBot, dialog: CalibrationDialog,
                   values: list[tuple[str, str]]) -> None:
    """Type each mark's two distances, Enter after each; the last Enter is left to the test."""
    edits = [edit for row in dialog.rows for edit in (row.x, row.y)]
    texts = [text for pair in values for text in pair]
    edits[0].setFocus()
    for number, (edit, text) in enumerate(zip(edits, texts, strict=True)):
        assert edit.hasFocus(), f"field {number} should have the focus"
        qtbot.keyClicks(edit, text)
        if number < len(edits) - 1:
            qtbot.keyClick(edit, Qt.Key.Key_Return)


def as_text(values: list[tuple[float, float]]) -> list[tuple[str, str]]:
    return [(f"{x:.2f}", f"{y:.2f}") for x, y in values]


def assert_matches(found: Calibration | None, wanted: Calibration) -> None:
    assert found is not None
    assert (found.printer, found.stock_type) == (wanted.printer, wanted.stock_type)
    assert found.dx_mm == pytest.approx(wanted.dx_mm, abs=0.05)
    assert found.dy_mm == pytest.approx(wanted.dy_mm, abs=0.05)
    assert found.sx == pytest.approx(wanted.sx, abs=0.001)
    assert found.sy == pytest.approx(wanted.sy, abs=0.001)


def nothing_saved(ws: Workstation) -> bool:
    return ws.settings.certificate_calibrations == {} and \
        settings_io.load(ws.paths.settings).certificate_calibrations == {}


def test_measured_crosshairs_give_the_correction_that_ctrl_s_saves(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    assert "Nothing is saved" in dialog.saved_label.text()
    assert [row.nominal.text() for row in dialog.rows] == [
        "20, 20", "277, 20", "20, 190", "277, 190", "148.5, 105"]
    assert not dialog.save_button.isEnabled()
    # Tab goes through step 1 to the sheet, then to the first distance.
    chain: list[object] = []
    for _ in range(3):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        chain.append(dialog.focusWidget())
    assert chain == [dialog.stock, dialog.sheet_button, dialog.rows[0].x]

    type_distances(qtbot, dialog, as_text(measured(WANTED)))
    assert dialog.rows[1].off.text() == "-4.2, +0.8"  # B: (277 - 1.5) / 1.01 = 272.77
    last = dialog.rows[-1].y
    with qtbot.waitSignal(dialog.computed) as computed:
        qtbot.keyClick(last, Qt.Key.Key_Return)  # Enter in the last distance computes
    assert_matches(computed.args[0], WANTED)
    assert dialog.candidate == computed.args[0]
    assert "+1.50" in dialog.new_label.text() and "1.0100" in dialog.new_label.text()
    assert dialog.save_button.isEnabled()
    assert nothing_saved(ws)  # computing saves nothing

    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert saved.args == [dialog.candidate]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert_matches(calibration_for(ws.settings, PRINTER, PERMIT), WANTED)
    # Written to disk: the settings read back from the file have it.
    assert_matches(calibration_for(settings_io.load(ws.paths.settings), PRINTER, PERMIT),
                   WANTED)
    assert not list(folder.glob("*.pdf"))  # nothing was printed on the way

    again = open_dialog(qtbot, ops, ws)
    assert "Saved now" in again.saved_label.text() and "+1.50" in again.saved_label.text()


def test_an_inconsistent_measurement_names_the_mark_and_saves_nothing(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    values = as_text(measured(WANTED))
    d_x, d_y = values[3]
    values[3] = (d_x, f"{float(d_y) + 10:.2f}")  # 190.8 read as 200.8
    type_distances(qtbot, dialog, values)
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.keyClick(dialog.rows[-1].y, Qt.Key.Key_Return)
    text = refused.args[0]
    assert text == dialog.message.text()
    assert "Mark D" in text and "top edge" in text
    assert dialog.rows[3].y.hasFocus()  # the field to measure again
    assert dialog.candidate is None and not dialog.save_button.isEnabled()

    with qtbot.waitSignal(dialog.refused) as nothing:
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert "no new correction" in nothing.args[0]
    assert dialog.isVisible()
    assert nothing_saved(ws)

    # Measured again: the correction is computed.
    dialog.rows[3].y.selectAll()
    qtbot.keyClicks(dialog.rows[3].y, d_y)
    with qtbot.waitSignal(dialog.computed) as computed:
        qtbot.keyClick(dialog.compute_button, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert_matches(computed.args[0], WANTED)


@pytest.mark.parametrize(("mark", "x", "y", "expected"), [
    (1, "abc", "20", "Mark B: the distance from the left edge, “abc”, is not a number"),
    (2, "20", "250", "Mark C: 250 mm from the top edge is not on the sheet, which is 210 mm "
                     "high."),
    (0, "20.5", "", "Mark A: enter its distance from the top edge too"),
    (4, "", "", "Enter both distances of at least one mark"),
])
def test_typing_mistakes_are_named(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path,
    mark: int, x: str, y: str, expected: str
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    row = dialog.rows[mark]
    for edit, text in ((row.x, x), (row.y, y)):
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.keyClick(dialog.compute_button, Qt.Key.Key_Space)
    assert refused.args[0].startswith(expected), refused.args[0]
    assert dialog.candidate is None
    assert nothing_saved(ws)


@pytest.mark.parametrize(("axis", "expected"), [
    ("y", "The distances from the top edge do not grow"),  # the same number typed for all
    ("x", "The distances from the left edge do not grow"),  # measured from the right edge
])
def test_distances_that_fit_no_printer_are_refused(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path, axis: str, expected: str
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    marks = calibration_marks(STOCK)
    if axis == "y":
        values = [(f"{m.x_mm:g}", "20.4") for m in marks]
    else:
        values = [(f"{STOCK.width_mm - m.x_mm:g}", f"{m.y_mm:g}") for m in marks]
    type_distances(qtbot, dialog, values)
    with qtbot.waitSignal(dialog.refused) as refused:
        qtbot.keyClick(dialog.rows[-1].y, Qt.Key.Key_Return)
    assert refused.args[0].startswith(expected), refused.args[0]
    assert dialog.candidate is None
    assert nothing_saved(ws)


def test_distances_typed_with_a_chinese_input_method_are_read() -> None:
    assert parse_mm("２０．５") == 20.5
    assert parse_mm(" 20,5 mm ") == 20.5
    assert parse_mm("148.5毫米") == 148.5
    assert parse_mm("  ") is None
    for bad in ("abc", "nan", "inf", "1..2"):
        with pytest.raises(ValueError, match="not a number"):
            parse_mm(bad)


def test_moving_right_corrects_the_saved_calibration_and_the_test_print_uses_it(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    require(shutil.which("pdftotext") is not None, "poppler-utils is not installed")
    save_calibration(ws, Calibration(PRINTER, PERMIT, dx_mm=1.0, dy_mm=-0.5, sx=1.004))
    dialog = open_dialog(qtbot, ops, ws)
    assert "Saved now" in dialog.saved_label.text()
    assert "+1.00" in dialog.saved_label.text()

    # The test print showed every box 0.5 mm too far right.
    dialog.right.setFocus()
    dialog.right.selectAll()
    qtbot.keyClicks(dialog.right, "0.5")
    with qtbot.waitSignal(dialog.computed) as computed:
        qtbot.keyClick(dialog.right, Qt.Key.Key_Return)
    moved = computed.args[0]
    assert (moved.dx_mm, moved.dy_mm, moved.sx, moved.sy) == pytest.approx(
        (0.5, -0.5, 1.004, 1.0))
    assert dialog.right.value() == 0 and dialog.down.value() == 0
    assert dialog.test_button.hasFocus()  # the next thing to do: print the test again
    assert calibration_for(ws.settings, PRINTER, PERMIT).dx_mm == 1.0  # not saved yet

    with qtbot.waitSignal(dialog.test_printed, timeout=20000) as printed:
        qtbot.keyClick(dialog.test_button, Qt.Key.Key_Space)
    assert printed.args[0].startswith(f"{PRINTER}-")
    outputs = list(folder.glob("*.pdf"))
    assert len(outputs) == 1
    text = subprocess.run(["pdftotext", str(outputs[0]), "-"], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    # The field positions print says which correction it was printed with: the moved one.
    assert "偏移 +0.5/-0.5 毫米，缩放 1.0040/1.0000" in text

    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(dialog, Qt.Key.Key_S, CTRL)
    assert calibration_for(settings_io.load(ws.paths.settings), PRINTER, PERMIT) == moved


def test_escape_closes_without_saving(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    saved: list[object] = []
    dialog.saved.connect(saved.append)
    type_distances(qtbot, dialog, as_text(measured(WANTED)))
    with qtbot.waitSignal(dialog.computed):
        qtbot.keyClick(dialog.rows[-1].y, Qt.Key.Key_Return)
    assert dialog.candidate is not None

    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert saved == []
    assert nothing_saved(ws) and not ws.paths.settings.exists()


def test_a_failed_print_is_explained_and_changes_nothing(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    type_distances(qtbot, dialog, as_text(measured(WANTED)))
    with qtbot.waitSignal(dialog.computed):
        qtbot.keyClick(dialog.rows[-1].y, Qt.Key.Key_Return)
    candidate = dialog.candidate
    entered = [edit.text() for row in dialog.rows for edit in (row.x, row.y)]

    printers.remove_folder_printer(PRINTER)  # gone; and CUPS does not answer
    for button, signal in ((dialog.test_button, dialog.test_printed),
                           (dialog.sheet_button, dialog.sheet_printed)):
        with qtbot.waitSignal(dialog.print_failed, timeout=20000) as failed, \
                qtbot.assertNotEmitted(signal):
            qtbot.keyClick(button, Qt.Key.Key_Space)
        assert failed.args == ["printing.no_cups"]
        assert dialog.message.text() == describe_code("printing.no_cups")
        assert button.isEnabled()  # the clerk may try again
    assert dialog.candidate == candidate
    assert [edit.text() for row in dialog.rows for edit in (row.x, row.y)] == entered
    assert nothing_saved(ws)
    assert not folder.exists() or not list(folder.iterdir())


def test_another_stock_starts_over(
    qtbot: QtBot, ops: Operations, ws: Workstation, folder: Path
) -> None:
    dialog = open_dialog(qtbot, ops, ws)
    type_distances(qtbot, dialog, as_text(measured(WANTED)))
    with qtbot.waitSignal(dialog.computed):
        qtbot.keyClick(dialog.rows[-1].y, Qt.Key.Key_Return)
    dialog.stock.setFocus()
    last = dialog.stock.currentIndex() == dialog.stock.count() - 1
    qtbot.keyClick(dialog.stock, Qt.Key.Key_Up if last else Qt.Key.Key_Down)
    stock = dialog.chosen_stock()
    assert stock is not None and stock.id != PERMIT
    # The measurements and the correction were for the other stock's sheet.
    assert dialog.candidate is None and not dialog.save_button.isEnabled()
    assert all(isinstance(e, QLineEdit) and not e.text()
               for row in dialog.rows for e in (row.x, row.y))
    assert dialog.rows[1].nominal.text() == f"{stock.width_mm - 20:g}, 20"  # B, top right
    assert [dialog.template.itemData(i) for i in range(dialog.template.count())] == [
        t.id for t in load_templates().templates.values() if t.stock.id == stock.id]


def test_without_a_printer_the_reason_is_shown_and_nothing_can_be_done(
    qtbot: QtBot, ops: Operations, ws: Workstation, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))  # and no folder printer
    dialog = CalibrationDialog(ops, ws, printer=PRINTER, stock_type=PERMIT)
    qtbot.addWidget(dialog)
    counts: list[int] = []
    dialog.printers_loaded.connect(counts.append)
    with qtbot.waitSignals([dialog.printers_loaded, dialog.stocks_loaded], timeout=15000):
        dialog.show()
    assert counts == [0]
    assert dialog.message.text() == describe_code("printing.no_cups")
    assert dialog.chosen_printer() == "" and not dialog.printer.isEnabled()
    assert not dialog.step2.isEnabled() and not dialog.step3.isEnabled()
    assert not dialog.save_button.isEnabled()
