"""The guided calibration of a printer for one certificate stock type (套打校准).

One window, three numbered steps, worked from the keyboard:

1. the printer (listed from CUPS) and the stock type (from the certificate templates); the
   calibration saved for that pair is shown;
2. the calibration sheet is printed uncorrected on plain paper of the stock's size; the
   clerk lays it on a blank stock sheet, edges flush, measures each crosshair from the left
   and top edges, and the correction is fitted from those distances
   (:meth:`Calibration.from_measurements`); input that is not a number, not on the sheet or
   contradicts the other marks is refused with a sentence naming the mark and the edge;
3. the field boxes are printed with the new correction on plain paper (the field positions
   print) to hold against a stock sheet; an offset still visible is entered as it is seen
   ("the boxes are 0.5 mm too far right": :meth:`Calibration.moved`); Ctrl+S saves the
   correction for the printer and stock type (workstation.calibrations), Esc closes
   without saving.

Listing printers, loading templates, drawing and sending PDFs and writing the settings run
through Operations; a print that fails is explained (ui.messages.describe) and changes
nothing.
"""

from __future__ import annotations

import logging
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from printing import printers
from printing.calibration import (
    OFFSET_LIMIT_MM,
    Calibration,
    Mark,
    Measurement,
    calibration_marks,
    calibration_sheet,
    field_positions,
)
from printing.certificates import load_templates, print_on_stock
from printing.errors import CalibrationError
from ui.messages import describe
from ui.ops import Operations
from ui.output_bar import fill_printer_choice
from workstation.calibrations import (
    SettingsOwner,
    calibration_for,
    save_calibration,
    stored_calibration,
)

if TYPE_CHECKING:
    from printing.certificates import StockType, Template, TemplateSet
    from printing.printers import Printer, PrintJob

log = logging.getLogger("ui.calibration_dialog")

#: The spooler's job titles (visible to anyone who lists the queue): the documents' kinds.
SHEET_TITLE = "套打校准页"
TEST_TITLE = "套打测试页"
#: The quick correction moves by at most this much (a larger error: measure the sheet).
MOVE_LIMIT_MM = 10.0


class MeasurementInputError(ValueError):
    """A typed distance that cannot be used; ``text`` is the sentence for the clerk and
    ``edit`` the field to correct."""

    def __init__(self, text: str, edit: QLineEdit) -> None:
        super().__init__(text)
        self.text = text
        self.edit = edit


@dataclass
class _MarkRow:
    """One crosshair's row of step 2."""

    name: QLabel
    nominal: QLabel
    x: QLineEdit
    y: QLineEdit
    off: QLabel
    mark: Mark | None = None


def _button(text: str, parent: QWidget, name: str) -> QPushButton:
    """A button Enter never presses by accident: Enter moves through the fields."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


def parse_mm(text: str) -> float | None:
    """A typed distance in millimetres; None for an empty field, ValueError for anything
    that is not a finite number. Full-width digits (Chinese input method), a decimal comma
    and a trailing "mm" or "毫米" are accepted."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", ".")
    for unit in ("毫米", "mm", "MM"):
        cleaned = cleaned.removesuffix(unit).strip()
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"not a number of millimetres: {text!r}")
    return value


def backwards_axis(measurements: Sequence[Measurement]) -> str | None:
    """"x" or "y" when the distances along that axis do not grow from one side of the sheet
    to the other (all typed alike, or in reverse: measured from the wrong edge), else None.

    Such distances fit no printer: the fit's scale would be zero (from_measurements would
    divide by it) or negative. Only axes the marks span are looked at.
    """
    for axis in ("x", "y"):
        pairs = [(getattr(m.mark, f"{axis}_mm"), getattr(m, f"{axis}_mm")) for m in measurements]
        if len(pairs) < 2:
            continue
        mean_n = sum(n for n, _ in pairs) / len(pairs)
        mean_m = sum(v for _, v in pairs) / len(pairs)
        if sum((n - mean_n) ** 2 for n, _ in pairs) < 1.0:
            continue  # the marks are at one place on this axis: only the offset is fitted
        if sum((n - mean_n) * (v - mean_m) for n, v in pairs) <= 0:
            return axis
    return None


class CalibrationDialog(QDialog):
    """Calibrate one printer for one stock type, and save the correction.

    ``owner`` keeps the settings (the Workstation); ``printer`` and ``stock_type`` are
    chosen first when they are offered (e.g. the desk's current printer and stock).
    """

    printers_loaded = Signal(int)  # printers that can be chosen (0: none; the reason shown)
    stocks_loaded = Signal(int)  # stock types that can be chosen
    sheet_printed = Signal(str)  # the spooler's request id of the calibration sheet
    test_printed = Signal(str)  # the spooler's request id of the field positions print
    print_failed = Signal(str)  # the error's code (printing.printer_gone...): nothing changed
    computed = Signal(object)  # the new Calibration (measured or corrected), not saved yet
    refused = Signal(str)  # the sentence shown for input that was refused
    saved = Signal(object)  # the Calibration now stored for its printer and stock type

    def __init__(self, ops: Operations, owner: SettingsOwner, *, printer: str = "",
                 stock_type: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calibrationDialog")
        self.setWindowTitle(self.tr("Printer calibration for certificate stock"))
        self.ops = ops
        self.owner = owner
        self._wanted_printer = printer
        self._wanted_stock = stock_type
        self._printers: list[str] = []
        self._stocks: dict[str, StockType] = {}
        self._templates: list[Template] = []
        #: The correction computed or corrected in this dialog; None: nothing new to save.
        self.candidate: Calibration | None = None
        self.last_job: PrintJob | None = None
        self._printing = False
        self._saving = False
        self._closed = False

        # -- step 1 -------------------------------------------------------------------------
        step1 = QGroupBox(self.tr("1. Printer and stock"), self)
        self.printer = QComboBox(step1)
        self.printer.setObjectName("calibrationPrinter")
        self.printer.setMinimumContentsLength(24)
        self.printer.addItem(self.tr("Looking for printers…"))
        self.printer.setEnabled(False)
        self.stock = QComboBox(step1)
        self.stock.setObjectName("calibrationStock")
        self.stock.setMinimumContentsLength(24)
        self.stock.addItem(self.tr("Reading the certificate templates…"))
        self.stock.setEnabled(False)
        self.saved_label = QLabel(step1)
        self.saved_label.setObjectName("savedCalibration")
        self.saved_label.setWordWrap(True)
        form = QFormLayout(step1)
        printer_label = QLabel(self.tr("&Printer:"), step1)
        printer_label.setBuddy(self.printer)
        stock_label = QLabel(self.tr("Stoc&k:"), step1)
        stock_label.setBuddy(self.stock)
        form.addRow(printer_label, self.printer)
        form.addRow(stock_label, self.stock)
        form.addRow(self.saved_label)

        # -- step 2 -------------------------------------------------------------------------
        self.step2 = QGroupBox(self.tr("2. Measure the calibration sheet"), self)
        self.sheet_button = _button(self.tr("Print the calibration s&heet"), self.step2,
                                    "printSheetButton")
        how = QLabel(self.tr(
            "The sheet is printed without any correction: print it on plain paper of the "
            "stock's size, loaded like the stock. Lay it on a blank stock sheet with the left "
            "and top edges flush, and with a steel ruler measure how far the centre of each "
            "crosshair is from the left edge and from the top edge, to 0.5 mm; leave a mark "
            "empty if you cannot measure it."), self.step2)
        how.setWordWrap(True)
        grid = QGridLayout()
        for column, text in enumerate((self.tr("Mark"), self.tr("Should be at (mm)"),
                                       self.tr("From left edge (mm)"),
                                       self.tr("From top edge (mm)"),
                                       self.tr("Off by (right, down)"))):
            header = QLabel(text, self.step2)
            header.setWordWrap(True)
            grid.addWidget(header, 0, column)
        self.rows: list[_MarkRow] = []
        for number in range(5):  # calibration_marks: A–E
            row = _MarkRow(QLabel(self.step2), QLabel(self.step2), self._distance_edit(),
                           self._distance_edit(), QLabel(self.step2))
            row.off.setObjectName(f"markOff{number}")
            for column, widget in enumerate((row.name, row.nominal, row.x, row.y, row.off)):
                grid.addWidget(widget, number + 1, column)
            self.rows.append(row)
        edits = [edit for row in self.rows for edit in (row.x, row.y)]
        for index, edit in enumerate(edits):
            edit.returnPressed.connect(self._next_field(edits, index))
        self.compute_button = _button(self.tr("&Compute the correction"), self.step2,
                                      "computeButton")
        step2_layout = QVBoxLayout(self.step2)
        step2_layout.addWidget(self.sheet_button, 0, Qt.AlignmentFlag.AlignLeft)
        step2_layout.addWidget(how)
        step2_layout.addLayout(grid)
        step2_layout.addWidget(self.compute_button, 0, Qt.AlignmentFlag.AlignLeft)

        # -- step 3 -------------------------------------------------------------------------
        self.step3 = QGroupBox(self.tr("3. Check on a test print, then save"), self)
        self.template = QComboBox(self.step3)
        self.template.setObjectName("testTemplate")
        template_label = QLabel(self.tr("Test &layout:"), self.step3)
        template_label.setBuddy(self.template)
        self.test_button = _button(self.tr("Print a &test on plain paper"), self.step3,
                                   "printTestButton")
        check = QLabel(self.tr(
            "Hold the test print against a stock sheet in front of a light: every box should "
            "sit in its field. If all boxes are off by the same amount, enter it below, apply "
            "it and print the test again."), self.step3)
        check.setWordWrap(True)
        self.right = self._move_spin("moveRight")
        self.down = self._move_spin("moveDown")
        right_label = QLabel(self.tr("Boxes too far &right by"), self.step3)
        right_label.setBuddy(self.right)
        down_label = QLabel(self.tr("too lo&w by"), self.step3)
        down_label.setBuddy(self.down)
        self.move_button = _button(self.tr("&Apply"), self.step3, "moveButton")
        hint = QLabel(self.tr("(negative: too far left, too high)"), self.step3)
        hint.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(template_label)
        test_row.addWidget(self.template, 1)
        test_row.addWidget(self.test_button)
        move_row = QHBoxLayout()
        for widget in (right_label, self.right, down_label, self.down, self.move_button):
            move_row.addWidget(widget)
        move_row.addWidget(hint, 1)
        self.new_label = QLabel(self.step3)
        self.new_label.setObjectName("newCalibration")
        self.new_label.setWordWrap(True)
        step3_layout = QVBoxLayout(self.step3)
        step3_layout.addLayout(test_row)
        step3_layout.addWidget(check)
        step3_layout.addLayout(move_row)
        step3_layout.addWidget(self.new_label)

        # -- messages and the buttons -------------------------------------------------------
        self.message = QLabel(self)
        self.message.setObjectName("calibrationMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = _button(self.tr("&Save"), self, "saveButton")
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        self.cancel_button = _button(self.tr("Cancel"), self, "cancelButton")
        self.cancel_button.setToolTip(self.tr("Esc: close without saving"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)

        layout = QVBoxLayout(self)
        layout.addWidget(step1)
        layout.addWidget(self.step2)
        layout.addWidget(self.step3)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.printer.currentIndexChanged.connect(lambda _: self._pair_changed())
        self.stock.currentIndexChanged.connect(lambda _: self._pair_changed())
        self.sheet_button.clicked.connect(self.print_sheet)
        self.compute_button.clicked.connect(self.compute)
        self.test_button.clicked.connect(self.print_test)
        self.move_button.clicked.connect(self.apply_move)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Save), self.save)
        self._shortcut(QKeySequence(Qt.Key.Key_F5), self.refresh_printers)

        self._pair_changed()
        self.refresh_printers()
        self._load_templates()

    # -- building blocks -------------------------------------------------------------------

    def _distance_edit(self) -> QLineEdit:
        edit = QLineEdit(self.step2)
        edit.setMaxLength(10)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        edit.textEdited.connect(lambda _: self._measurements_edited())
        return edit

    def _move_spin(self, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self.step3)
        spin.setObjectName(name)
        spin.setDecimals(1)
        spin.setSingleStep(0.5)
        spin.setRange(-MOVE_LIMIT_MM, MOVE_LIMIT_MM)
        spin.setSuffix(self.tr(" mm"))
        return spin

    def _shortcut(self, keys: QKeySequence, slot: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.addAction(action)

    def _next_field(self, edits: Sequence[QLineEdit], index: int) -> Callable[[], None]:
        """Enter in a distance goes to the next one; in the last, computes."""
        def go() -> None:
            if index + 1 < len(edits):
                edits[index + 1].setFocus()
                edits[index + 1].selectAll()
            else:
                self.compute()
        return go

    # -- step 1: printer and stock ---------------------------------------------------------

    def refresh_printers(self) -> None:
        """List the printers again (F5), keeping the chosen one while it is there."""
        self.ops.run(printers.list_printers, self._show_printers, self._no_printers)

    def _show_printers(self, found: list[Printer]) -> None:
        if self._closed:
            return
        usable = [p for p in found if p.accepting]
        if not usable:
            self._no_printers(None)
            return
        previous = self.chosen_printer()  # a refresh keeps it while it is there
        wanted = previous or self._wanted_printer
        choice = fill_printer_choice(self.printer, usable, wanted or "")
        self._printers = [p.name for p in usable]
        names = self._printers
        if choice != previous:
            self._pair_changed()
        self._settle_focus()
        self.printers_loaded.emit(len(names))

    def _no_printers(self, error: BaseException | None) -> None:
        if self._closed:
            return
        had = self.chosen_printer()
        blocker = QSignalBlocker(self.printer)
        self.printer.clear()
        self.printer.addItem(self.tr("No printer available"))
        self.printer.setEnabled(False)
        del blocker
        self._printers = []
        self.message.setText(describe(error) if error is not None else self.tr(
            "No printer accepts jobs. Connect or enable one, then press F5."))
        if had:
            self._pair_changed()
        self.printers_loaded.emit(0)

    def _load_templates(self) -> None:
        self.ops.run(load_templates, self._show_stocks, self._no_stocks)

    def _show_stocks(self, loaded: TemplateSet) -> None:
        if self._closed:
            return
        self._templates = sorted(loaded.templates.values(), key=lambda t: t.id)
        self._stocks = loaded.stock_types()
        if not self._stocks:
            self._no_stocks(None)
            return
        ids = sorted(self._stocks, key=lambda s: self._stocks[s].name)
        blocker = QSignalBlocker(self.stock)
        self.stock.clear()
        for stock_id in ids:
            stock = self._stocks[stock_id]
            self.stock.addItem(self.tr("%1 (%2 × %3 mm)").replace("%1", stock.name).replace(
                "%2", f"{stock.width_mm:g}").replace("%3", f"{stock.height_mm:g}"), stock_id)
        self.stock.setCurrentIndex(ids.index(self._wanted_stock)
                                   if self._wanted_stock in ids else 0)
        self.stock.setEnabled(True)
        del blocker
        self._pair_changed()
        self._settle_focus()
        self.stocks_loaded.emit(len(ids))

    def _no_stocks(self, error: BaseException | None) -> None:
        if self._closed:
            return
        blocker = QSignalBlocker(self.stock)
        self.stock.clear()
        self.stock.addItem(self.tr("No stock type"))
        self.stock.setEnabled(False)
        del blocker
        self._stocks = {}
        self.message.setText(self.tr(
            "The certificate templates cannot be read, so there is no stock type to "
            "calibrate. Ask support.") + ("" if error is None else " " + describe(error)))
        self._pair_changed()
        self.stocks_loaded.emit(0)

    def _settle_focus(self) -> None:
        """Once both lists are there, the keyboard starts at the printer (its choice is
        worth a look), unless the clerk is already elsewhere."""
        if self._pair_known() and self.focusWidget() in (None, self.cancel_button,
                                                         self.save_button):
            self.printer.setFocus()

    def chosen_printer(self) -> str:
        data = self.printer.currentData()
        return data if isinstance(data, str) and data in self._printers else ""

    def chosen_stock(self) -> StockType | None:
        data = self.stock.currentData()
        return self._stocks.get(data) if isinstance(data, str) else None

    def _pair_known(self) -> bool:
        return bool(self.chosen_printer()) and self.chosen_stock() is not None

    def saved_calibration(self) -> Calibration | None:
        """What is saved now for the chosen printer and stock (identity when nothing is);
        None until both are chosen."""
        printer, stock = self.chosen_printer(), self.chosen_stock()
        if not printer or stock is None:
            return None
        return calibration_for(self.owner.settings, printer, stock.id)

    def _pair_changed(self) -> None:
        """Another printer or stock: measurements and the new correction belong to the
        previous pair, so they are cleared."""
        stock = self.chosen_stock()
        marks = calibration_marks(stock) if stock is not None else ()
        names = {"A": self.tr("A (top left)"), "B": self.tr("B (top right)"),
                 "C": self.tr("C (bottom left)"), "D": self.tr("D (bottom right)"),
                 "E": self.tr("E (centre)")}
        for index, row in enumerate(self.rows):
            row.mark = marks[index] if index < len(marks) else None
            row.name.setText(names.get(row.mark.label, row.mark.label) if row.mark else "")
            row.nominal.setText(f"{row.mark.x_mm:g}, {row.mark.y_mm:g}" if row.mark else "")
            row.x.clear()
            row.y.clear()
            row.off.clear()
        blocker = QSignalBlocker(self.template)
        self.template.clear()
        for template in self._templates:
            if stock is not None and template.stock.id == stock.id:
                self.template.addItem(template.name, template.id)
        del blocker
        self.candidate = None
        printer = self.chosen_printer()
        stored = (stored_calibration(self.owner.settings, printer, stock.id)
                  if printer and stock is not None else None)
        if not printer or stock is None:
            self.saved_label.setText(self.tr("Choose the printer and the stock to calibrate."))
        elif stored is None:
            self.saved_label.setText(self.tr("Nothing is saved for this printer and stock yet: "
                                             "certificates print exactly as the template "
                                             "says."))
        else:
            self.saved_label.setText(self.tr("Saved now: %1.").replace(
                "%1", self.describe_calibration(stored)))
        self._show_candidate()
        self._update_buttons()

    # -- step 2: the calibration sheet and the measurements --------------------------------

    def print_sheet(self) -> None:
        """Print the calibration sheet, uncorrected, at the stock's size."""
        printer, stock = self.chosen_printer(), self.chosen_stock()
        if not printer or stock is None or self._printing:
            return

        def work() -> PrintJob:
            return print_on_stock(calibration_sheet(stock), printer, stock, title=SHEET_TITLE)

        def sent(job: PrintJob) -> None:
            self.message.setText(self.tr(
                "The calibration sheet went to %1 (job %2). Measure it and enter the "
                "distances.").replace("%1", printer).replace("%2", str(job.job_id)))
            self.rows[0].x.setFocus()

        self._send(work, printer, sent, self.sheet_printed.emit)

    def measurements(self) -> list[Measurement]:
        """The distances typed in step 2; MeasurementInputError names the first unusable
        one (mark and edge)."""
        stock = self.chosen_stock()
        measured: list[Measurement] = []
        for row in self.rows:
            mark = row.mark
            if mark is None or stock is None:
                continue
            values: list[float | None] = []
            for edit, axis in ((row.x, "x"), (row.y, "y")):
                try:
                    value = parse_mm(edit.text())
                except ValueError:
                    raise MeasurementInputError(self._not_a_number(
                        mark.label, axis, edit.text().strip()), edit) from None
                limit = stock.width_mm if axis == "x" else stock.height_mm
                if value is not None and not 0 <= value <= limit:
                    raise MeasurementInputError(self._not_on_sheet(
                        mark.label, axis, value, limit), edit)
                values.append(value)
            x, y = values
            if x is None and y is None:
                continue
            if x is None or y is None:
                missing = row.x if x is None else row.y
                raise MeasurementInputError(
                    (self.tr("Mark %1: enter its distance from the left edge too, or leave "
                             "both empty.") if x is None else
                     self.tr("Mark %1: enter its distance from the top edge too, or leave "
                             "both empty.")).replace("%1", mark.label), missing)
            measured.append(Measurement(mark, x, y))
        return measured

    def compute(self) -> None:
        """Fit the correction to the measured crosshairs (Alt+C, or Enter in the last
        distance). Refused input leaves no new correction to save."""
        printer, stock = self.chosen_printer(), self.chosen_stock()
        if not printer or stock is None:
            return
        try:
            measured = self.measurements()
            backwards = backwards_axis(measured)
            if backwards is not None:
                self._refuse(self._backwards_text(backwards), drop_candidate=True)
                return
            calibration = Calibration.from_measurements(printer, stock.id, measured)
        except MeasurementInputError as exc:
            self._refuse(exc.text, exc.edit, drop_candidate=True)
            return
        except CalibrationError as exc:
            self._refuse(self.calibration_error_text(exc), self._edit_named(exc),
                         drop_candidate=True)
            return
        except ZeroDivisionError:  # a fit that is flat after all (see backwards_axis)
            self._refuse(self._backwards_text("x"), drop_candidate=True)
            return
        self._set_candidate(calibration, self.tr(
            "Computed from %1 marks. Now print a test on plain paper (step 3) to check it, "
            "or save it.").replace("%1", str(len(measured))))
        self.test_button.setFocus()

    def _measurements_edited(self) -> None:
        for row in self.rows:
            try:
                x, y = parse_mm(row.x.text()), parse_mm(row.y.text())
            except ValueError:
                x = y = None
            row.off.setText(
                f"{x - row.mark.x_mm:+.1f}, {y - row.mark.y_mm:+.1f}"
                if row.mark is not None and x is not None and y is not None else "")
        if self.candidate is not None:
            # The distances changed: the correction computed from them no longer holds.
            self.candidate = None
            self._show_candidate()
            self._update_buttons()

    def _edit_named(self, exc: CalibrationError) -> QLineEdit | None:
        mark, axis = exc.params.get("mark"), exc.params.get("axis")
        for row in self.rows:
            if row.mark is not None and row.mark.label == mark:
                return row.y if axis == "y" else row.x
        return None

    # -- step 3: the test print and the quick correction -----------------------------------

    def working_calibration(self) -> Calibration | None:
        """What a test print uses: the new correction, else the saved one."""
        return self.candidate if self.candidate is not None else self.saved_calibration()

    def print_test(self) -> None:
        """Print the field boxes of the chosen layout with the working correction."""
        printer, calibration = self.chosen_printer(), self.working_calibration()
        template = next((t for t in self._templates if t.id == self.template.currentData()),
                        None)
        if not printer or calibration is None or template is None or self._printing:
            return

        def work() -> PrintJob:
            return print_on_stock(field_positions(template, calibration=calibration),
                                  printer, template.stock, title=TEST_TITLE)

        def sent(job: PrintJob) -> None:
            self.message.setText(self.tr(
                "The test print went to %1 (job %2). Hold it against a stock sheet.").replace(
                "%1", printer).replace("%2", str(job.job_id)))
            self.right.setFocus()

        self._send(work, printer, sent, self.test_printed.emit)

    def apply_move(self) -> None:
        """Correct the working calibration by what the test print showed (Alt+A, or Enter
        in one of the two amounts)."""
        base = self.working_calibration()
        right, down = self.right.value(), self.down.value()
        if base is None:
            return
        if right == 0 and down == 0:
            self._refuse(self.tr("Enter how far the boxes are off first."))
            self.right.setFocus()
            return
        try:
            moved = base.moved(right_mm=right, down_mm=down)
        except CalibrationError as exc:
            self._refuse(self.calibration_error_text(exc))
            return
        self.right.setValue(0)
        self.down.setValue(0)
        self._set_candidate(moved, self.tr(
            "Corrected. Print the test again to check, or save."))
        self.test_button.setFocus()

    # -- the new correction, saving --------------------------------------------------------

    def _set_candidate(self, calibration: Calibration, text: str) -> None:
        self.candidate = calibration
        self.message.setText(text)
        self._show_candidate()
        self._update_buttons()
        self.computed.emit(calibration)

    def _show_candidate(self) -> None:
        if self.candidate is None:
            self.new_label.setText(self.tr(
                "New correction: none yet. Compute it in step 2, or correct the saved one "
                "here."))
        else:
            self.new_label.setText(self.tr("New correction: %1.").replace(
                "%1", self.describe_calibration(self.candidate)))

    def save(self) -> None:
        """Store the new correction for the printer and stock type (Ctrl+S)."""
        calibration = self.candidate
        if self._saving:
            return
        if calibration is None:
            self._refuse(self.tr("There is no new correction to save: compute one in step 2, "
                                 "or correct the saved one in step 3."))
            return
        self._saving = True
        self._update_buttons()
        self.message.setText(self.tr("Saving…"))
        owner = self.owner

        def done(_: object) -> None:
            self._saving = False
            log.info("calibration saved for %s on %s", calibration.printer,
                     calibration.stock_type)
            self.saved.emit(calibration)
            if not self._closed:
                self.accept()

        def failed(error: BaseException) -> None:
            self._saving = False
            if self._closed:
                return
            self.message.setText(describe(error))
            self._update_buttons()

        self.ops.run(lambda: save_calibration(owner, calibration), done, failed)

    def reject(self) -> None:
        """Esc: close without saving (not while a save is being written)."""
        if not self._saving:
            super().reject()

    def done(self, result: int) -> None:
        self._closed = True  # work finishing later leaves the closed dialog alone
        super().done(result)

    def showEvent(self, event: QShowEvent) -> None:
        self._closed = False
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                self.right.hasFocus() or self.down.hasFocus()):
            self.apply_move()
            return
        super().keyPressEvent(event)

    # -- helpers ---------------------------------------------------------------------------

    def _send(self, work: Callable[[], PrintJob], printer: str,
              sent: Callable[[PrintJob], None], announce: Callable[[str], object]) -> None:
        self._printing = True
        self._update_buttons()
        self.message.setText(self.tr("Sending to %1…").replace("%1", printer))

        def done(job: PrintJob) -> None:
            self._printing = False
            if self._closed:
                return
            self.last_job = job
            self._update_buttons()
            sent(job)
            announce(job.request_id)

        def failed(error: BaseException) -> None:
            self._printing = False
            if self._closed:
                return
            self._update_buttons()
            self.message.setText(describe(error))
            self.print_failed.emit(str(getattr(error, "code", "printing.failed")))

        self.ops.run(work, done, failed)

    def _update_buttons(self) -> None:
        ready = self._pair_known() and not self._saving
        self.step2.setEnabled(ready)
        self.step3.setEnabled(ready)
        self.sheet_button.setEnabled(ready and not self._printing)
        self.test_button.setEnabled(ready and not self._printing and self.template.count() > 0)
        self.save_button.setEnabled(ready and self.candidate is not None)

    def _refuse(self, text: str, edit: QLineEdit | None = None, *,
                drop_candidate: bool = False) -> None:
        """Show why input was refused; a refused computation leaves nothing new to save."""
        self.message.setText(text)
        if edit is not None:
            edit.setFocus()
            edit.selectAll()
        if drop_candidate and self.candidate is not None:
            self.candidate = None
            self._show_candidate()
            self._update_buttons()
        self.refused.emit(text)

    def describe_calibration(self, calibration: Calibration) -> str:
        if calibration.is_identity:
            return self.tr("no correction")
        return self.tr("horizontal offset %1 mm, vertical offset %2 mm, horizontal scale %3, "
                       "vertical scale %4").replace("%1", f"{calibration.dx_mm:+.2f}").replace(
            "%2", f"{calibration.dy_mm:+.2f}").replace("%3", f"{calibration.sx:.4f}").replace(
            "%4", f"{calibration.sy:.4f}")

    def _not_a_number(self, mark: str, axis: str, text: str) -> str:
        sentence = (self.tr("Mark %1: the distance from the left edge, “%2”, is not a number "
                            "of millimetres.") if axis == "x" else
                    self.tr("Mark %1: the distance from the top edge, “%2”, is not a number "
                            "of millimetres."))
        return sentence.replace("%1", mark).replace("%2", text)

    def _backwards_text(self, axis: str) -> str:
        return (self.tr("The distances from the left edge do not grow from the marks on the "
                        "left to those on the right. Measure each from the left edge of the "
                        "sheet.") if axis == "x" else
                self.tr("The distances from the top edge do not grow from the marks at the "
                        "top to those at the bottom. Measure each from the top edge of the "
                        "sheet."))

    def _not_on_sheet(self, mark: str, axis: str, value: float, limit: float) -> str:
        sentence = (self.tr("Mark %1: %2 mm from the left edge is not on the sheet, which is "
                            "%3 mm wide.") if axis == "x" else
                    self.tr("Mark %1: %2 mm from the top edge is not on the sheet, which is "
                            "%3 mm high."))
        return sentence.replace("%1", mark).replace("%2", f"{value:g}").replace(
            "%3", f"{limit:g}")

    def calibration_error_text(self, exc: CalibrationError) -> str:
        """The sentence for a refused measurement or correction (CalibrationError's key,
        reason and params)."""
        params = exc.params

        def p(key: str) -> str:
            value = params.get(key, "")
            return f"{value:g}" if isinstance(value, float) else str(value)

        if exc.key == "measurements":
            mark, axis = p("mark"), p("axis")
            if exc.reason == "inconsistent":
                residual = abs(float(params.get("residual_mm", 0.0)))
                sentence = (self.tr("Mark %1 does not agree with the other marks: its distance "
                                    "from the left edge is %2 mm off. Measure it again, from "
                                    "the left edge to the centre of the crosshair.")
                            if axis == "x" else
                            self.tr("Mark %1 does not agree with the other marks: its distance "
                                    "from the top edge is %2 mm off. Measure it again, from "
                                    "the top edge to the centre of the crosshair."))
                return sentence.replace("%1", mark).replace("%2", f"{residual:.1f}")
            if exc.reason == "too_few":
                return self.tr("Enter both distances of at least one mark; all five give the "
                               "best correction.")
            if exc.reason == "not_a_number":
                return self._not_a_number(mark, axis, p("value"))
        if exc.reason == "out_of_range":
            texts = {
                "dx_mm": self.tr("The correction would move the print %1 mm across; a working "
                                 "printer needs at most %2 mm. Check the distances from the "
                                 "left edge and the paper size."),
                "dy_mm": self.tr("The correction would move the print %1 mm up or down; a "
                                 "working printer needs at most %2 mm. Check the distances "
                                 "from the top edge and the paper size."),
                "sx": self.tr("The correction would stretch the print across by a factor of "
                              "%1; a working printer needs %3 to %4. Check the distances of "
                              "the marks on the left and on the right."),
                "sy": self.tr("The correction would stretch the print downwards by a factor "
                              "of %1; a working printer needs %3 to %4. Check the distances "
                              "of the marks at the top and at the bottom."),
            }
            if exc.key in texts:
                value = float(params.get("value", 0.0))
                shown = f"{value:+.1f}" if exc.key in ("dx_mm", "dy_mm") else f"{value:.4f}"
                return texts[exc.key].replace("%1", shown).replace(
                    "%2", f"{OFFSET_LIMIT_MM:g}").replace("%3", p("min")).replace(
                    "%4", p("max"))
        return self.tr("This correction cannot be used (%1).").replace("%1", str(exc))
