"""The certificate desk's dialogs: issue or reprint one certificate on one sheet, void a
spoiled sheet, start a shift, and the shift summary (hand-over: ui.handover_dialog).

Every call into the desk (workstation.certificates.CertificateDesk) runs through
Operations; the dialogs only show what comes back. The checks are the desk's: a dialog
shows them as sentences (`problem_text`, `layout_problem_text`, `describe_desk`) and
offers what the clerk may do next.

The sheet dialog walks through three steps and never lets a printed sheet go
unaccounted for: prepare (stock type, serial, printer, live checks, preview) → print →
"Did the sheet come out right?" → Yes records the issue; No voids the sheet with a reason
and offers the next sheet. It cannot be closed between printing and the answer.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.document_dialog import DocumentDialog
from ui.messages import describe
from ui.ops import Operations
from ui.output_bar import fill_printer_choice
from ui.pdf_preview import PdfPreview, rasterise

if TYPE_CHECKING:
    from printing.calibration import Calibration, Margins
    from printing.certificates import Layout
    from printing.certificates import Problem as LayoutProblem
    from printing.printers import Printer, PrintJob
    from workstation.certificates import (
        CertificateDesk,
        DeskCertificate,
        Problem,
        Refusal,
        SerialRange,
        Sheet,
        Shift,
        ShiftSummary,
        StockType,
    )

log = logging.getLogger("ui.certificate_dialogs")

CHECK_DELAY_MS = 150  # a scanner types a whole serial in less; one check after it
RANGE_ROWS = 3  # empty first–last rows offered per stock type when a shift starts

# The spooler's title of the shift summary (the job list is visible to anyone).
SUMMARY_TITLE = "出证窗口交接班汇总表"

#: Picks the calibration of a printer for a stock type (None: print uncalibrated).
CalibrationLookup = Callable[[str, str], "Calibration | None"]


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


# -- sentences ------------------------------------------------------------------------------

def problem_text(problem: Problem) -> str:
    """The desk's check (workstation.certificates.Problem) as a sentence."""
    code = problem.code.value
    sheet = problem.sheet
    serial = sheet.serial if sheet is not None else ""
    if code == "serial.format":
        return QCoreApplication.translate(
            "CertificateDesk", "The serial does not have this stock's format. Expected like: "
            "%1").replace("%1", problem.example)
    if code == "serial.issued":
        text = QCoreApplication.translate(
            "CertificateDesk", "Sheet %1 was already used: issued on %2.").replace(
            "%1", serial).replace("%2", _when(sheet.used_at if sheet else None))
        if sheet is not None and sheet.case_number:
            text += " " + QCoreApplication.translate("CertificateDesk", "Case %1.").replace(
                "%1", sheet.case_number)
        return text
    if code == "serial.voided":
        return QCoreApplication.translate(
            "CertificateDesk", "Sheet %1 was voided on %2; a voided sheet is never used "
            "again.").replace("%1", serial).replace(
            "%2", _when(sheet.voided_at if sheet else None))
    if code == "serial.used_elsewhere":
        return QCoreApplication.translate(
            "CertificateDesk", "Another desk used sheet %1 (the server said so): it is not "
            "this desk's stock. Check the number on the sheet in the printer.").replace(
            "%1", problem.serial)
    if code == "serial.outside_shift":
        return QCoreApplication.translate(
            "CertificateDesk", "This serial is not in the stock loaded for the shift. Check "
            "the number on the sheet in the printer; print only if it is right.")
    if code == "certificate.issued":
        return QCoreApplication.translate(
            "CertificateDesk", "This certificate was already issued on sheet %1. To print it "
            "again, use Reprint (Ctrl+R) with a reason.").replace("%1", serial)
    if code == "certificate.refused":
        return QCoreApplication.translate(
            "CertificateDesk", "The server refused this certificate's issuance on sheet %1. "
            "Put that right first (Ctrl+Shift+F).").replace("%1", serial)
    if code == "certificate.handed_over":
        return QCoreApplication.translate(
            "CertificateDesk", "This certificate was handed over (sheet %1): it has left the "
            "desk and is not reprinted here. A replacement comes as a new case.").replace(
            "%1", serial)
    if code == "certificate.not_issued":
        return QCoreApplication.translate(
            "CertificateDesk", "This certificate was not issued at this desk, so it cannot be "
            "reprinted.")
    if code == "stock_type.unknown":
        return QCoreApplication.translate(
            "CertificateDesk", "This stock type is not known at this desk.")
    if code == "stock_type.template":
        return QCoreApplication.translate(
            "CertificateDesk", "This certificate is not printed on this stock type.")
    if code == "shift.none":
        return QCoreApplication.translate(
            "CertificateDesk", "No shift is open. Start your shift first (Ctrl+Shift+S).")
    if code == "shift.other_clerk":
        return QCoreApplication.translate(
            "CertificateDesk", "The open shift is another clerk's. End it (Ctrl+Shift+E) and "
            "start your own first.")
    return code


def layout_problem_text(problem: LayoutProblem) -> str:
    """A problem of the certificate's layout (printing.certificates.Problem) as a sentence."""
    params = problem.params
    field = problem.field

    def p(key: str) -> str:
        return str(params.get(key, ""))

    if problem.code == "certificate.field_overflow":
        return QCoreApplication.translate(
            "CertificateDesk", "“%1” does not fit its box even at %2 pt. The back office must "
            "shorten it.").replace("%1", field).replace("%2", p("min_size_pt"))
    if problem.code == "certificate.value_missing":
        return QCoreApplication.translate(
            "CertificateDesk", "“%1” has no value (%2). The back office must complete the "
            "certificate.").replace("%1", field).replace("%2", p("keys"))
    if problem.code == "certificate.missing_glyphs":
        return QCoreApplication.translate(
            "CertificateDesk", "“%1” has characters no installed font can print: %2 (%3). "
            "Nothing can be printed until a font with them is installed; ask support."
        ).replace("%1", field).replace("%2", p("chars")).replace("%3", p("codepoints"))
    if problem.code == "certificate.fallback_glyphs":
        return QCoreApplication.translate(
            "CertificateDesk", "“%1”: %2 (%3) will be printed with the fallback font %4. "
            "Check these characters on the preview.").replace("%1", field).replace(
            "%2", p("chars")).replace("%3", p("codepoints")).replace("%4", p("fonts"))
    if problem.code == "certificate.qr_too_dense":
        return QCoreApplication.translate(
            "CertificateDesk", "The QR code “%1” is too dense for its box to be read."
        ).replace("%1", field)
    if problem.code == "certificate.outside_printable_area":
        return QCoreApplication.translate(
            "CertificateDesk", "“%1” would reach %2 mm into the printer's unprintable margin "
            "(%3 edge). Check this printer's calibration.").replace("%1", field).replace(
            "%2", p("overlap_mm")).replace("%3", p("edge"))
    return f"{problem.code}: {field}"


def describe_desk(exc: BaseException) -> str:
    """The clerk's sentence for an error of the certificate desk; others as describe()."""
    code = getattr(exc, "code", None)
    if not isinstance(code, str) or not code.startswith("certificates."):
        return describe(exc)
    problems = getattr(exc, "problems", None)
    if code == "certificates.blocked" and isinstance(problems, list):
        return " ".join(problem_text(p) for p in problems)
    range_text = str(getattr(exc, "range_text", ""))
    texts = {
        "certificates.reason_required": QCoreApplication.translate(
            "CertificateDesk", "A reason is required."),
        "certificates.not_issued": QCoreApplication.translate(
            "CertificateDesk", "This certificate was not issued at this desk."),
        "certificates.issuance_refused": QCoreApplication.translate(
            "CertificateDesk", "The server refused this certificate's issuance. Put it right "
            "first (Ctrl+Shift+F); it is handed over once the server has it."),
        "certificates.unknown": QCoreApplication.translate(
            "CertificateDesk", "This certificate is no longer at this desk (withdrawn, or "
            "issued elsewhere). Press F5 to refresh."),
        "certificates.not_desk_clerk": QCoreApplication.translate(
            "CertificateDesk", "Your account does not have the certificate desk role."),
        "certificates.stock_types": QCoreApplication.translate(
            "CertificateDesk", "The certificate templates cannot be read; ask support."),
        "certificates.handover.tracking_number": QCoreApplication.translate(
            "CertificateDesk", "Posting needs the tracking number."),
        "certificates.handover.receipt": QCoreApplication.translate(
            "CertificateDesk", "Choose how the recipient signs: on the customer screen or on "
            "a paper receipt."),
        "certificates.handover.recipient": QCoreApplication.translate(
            "CertificateDesk", "Enter the name of the person who receives the certificate."),
        "certificates.handover.done": QCoreApplication.translate(
            "CertificateDesk", "This certificate was handed over already."),
        "certificates.handover.signature": QCoreApplication.translate(
            "CertificateDesk", "The recipient has not signed on the customer screen yet "
            "(Ctrl+G)."),
        "certificates.handover.signature_unreadable": QCoreApplication.translate(
            "CertificateDesk", "The signature could not be read. Ask the recipient to sign "
            "again."),
        "certificates.handover.identity": QCoreApplication.translate(
            "CertificateDesk", "The card read gave no document number. Read the card again "
            "or compare it by eye."),
        "certificates.handover.not_yet": QCoreApplication.translate(
            "CertificateDesk", "This certificate has not been handed over yet."),
        "certificates.correction.not_refused": QCoreApplication.translate(
            "CertificateDesk", "This refusal was put right already (or let go). Press F5."),
        "certificates.correction.not_serial_used": QCoreApplication.translate(
            "CertificateDesk", "Another serial does not help: the server refused this for "
            "another reason."),
        "certificates.correction.not_already_issued": QCoreApplication.translate(
            "CertificateDesk", "This was not refused because another desk issued the "
            "certificate."),
        "certificates.correction.busy": QCoreApplication.translate(
            "CertificateDesk", "A record of this certificate is being sent right now. Try "
            "again in a moment."),
        "certificates.shift.open": QCoreApplication.translate(
            "CertificateDesk", "A shift is open already. End it before starting another."),
        "certificates.shift.none": QCoreApplication.translate(
            "CertificateDesk", "No shift is open. Start your shift first (Ctrl+Shift+S)."),
        "certificates.shift.unknown": QCoreApplication.translate(
            "CertificateDesk", "This shift is not recorded at this desk."),
        "certificates.range.format": QCoreApplication.translate(
            "CertificateDesk", "“%1” does not have the serial format of its stock type."),
        "certificates.range.order": QCoreApplication.translate(
            "CertificateDesk", "In “%1” the first serial comes after the last."),
        "certificates.range.prefix": QCoreApplication.translate(
            "CertificateDesk", "In “%1” the first and last serials differ in their letters or "
            "number of digits."),
        "certificates.range.size": QCoreApplication.translate(
            "CertificateDesk", "“%1” is more sheets than one range can hold; check the "
            "numbers."),
        "certificates.range.overlap": QCoreApplication.translate(
            "CertificateDesk", "“%1” overlaps another range of the same stock."),
    }
    text = texts.get(code)
    return describe(exc) if text is None else text.replace("%1", range_text)


def _button(text: str, parent: QWidget, name: str = "") -> QPushButton:
    """A button Enter never presses by accident (each dialog handles Enter itself)."""
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    button.setDefault(False)
    if name:
        button.setObjectName(name)
    return button


def _shortcut(parent: QWidget, keys: Sequence[str], slot: Callable[[], None]) -> QAction:
    action = QAction(parent)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(lambda _=False: slot())
    parent.addAction(action)
    return action


def _message(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def stock_types_for(certificate: DeskCertificate, types: Sequence[StockType]
                    ) -> list[StockType]:
    """The stock types this certificate may be printed on."""
    template = certificate.certificate.template.value
    return [t for t in types if not t.templates or template in t.templates]


# -- issue / reprint ------------------------------------------------------------------------

@dataclass(frozen=True)
class _Checked:
    stock_type: str
    serial: str
    problems: list[Problem]


class SheetDialog(QDialog):
    """Issue (or, with `reprint`, print again) one certificate on one sheet of stock."""

    checked = Signal()  # the live checks of the current stock type and serial are shown
    previewed = Signal()  # the layout's problems and the preview are shown
    printers_loaded = Signal(int)
    printed = Signal(str)  # the spooler's request id: the clerk is asked about the sheet
    print_failed = Signal(str)  # the error's code: nothing was recorded
    recorded = Signal(object)  # the Sheet the certificate was issued on
    voided = Signal(object)  # the spoiled Sheet, voided

    PREPARE, CONFIRM, SPOILED = range(3)

    def __init__(self, ops: Operations, desk: CertificateDesk, certificate: DeskCertificate,
                 stock_types: Sequence[StockType], *, reprint: bool = False,
                 training: bool = False, preferred_printer: str = "",
                 remember_printer: Callable[[str], None] | None = None,
                 calibration: CalibrationLookup | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificateSheetDialog")
        self.ops = ops
        self.desk = desk
        self.certificate = certificate
        self.reprint = reprint
        self.training = training
        self.preferred_printer = preferred_printer
        self.remember_printer = remember_printer
        self.calibration = calibration or (lambda _printer, _stock: None)
        self.types = stock_types_for(certificate, stock_types)
        self.problems: list[Problem] = []
        self.layout_result: Layout | None = None
        self.sheet: Sheet | None = None  # recorded
        self.spoiled: list[Sheet] = []  # voided in this dialog
        self._checked: _Checked | None = None
        self._check_generation = 0
        self._preview_generation = 0
        self._busy = False
        # Print was asked for while the checks were still running (a scanner types the
        # serial and Enter at once): print as soon as they pass.
        self._print_requested = False
        self._printed_on: tuple[str, str, str] | None = None  # stock type, serial, printer
        self._printers: list[Printer] = []
        self._margins: dict[str, Margins | None] = {}  # written on the operations thread
        body = certificate.certificate
        title = self.tr("Reprint %1") if reprint else self.tr("Issue %1")
        self.setWindowTitle(title.replace("%1", body.case_number))

        header = QLabel(self)
        header.setObjectName("sheetHeader")
        header.setWordWrap(True)
        header.setText("\n".join([
            self.tr("Case %1").replace("%1", body.case_number),
            body.item_name,
            self.tr("Applicant: %1 (%2)").replace("%1", certificate.applicant_masked)
            .replace("%2", certificate.id_number_masked)]))

        # -- step 1: prepare ------------------------------------------------------------------
        prepare = QWidget(self)
        self.stock = QComboBox(prepare)
        self.stock.setObjectName("sheetStockType")
        for kind in self.types:
            self.stock.addItem(kind.name, kind.code)
        self.serial = QLineEdit(prepare)
        self.serial.setObjectName("sheetSerial")
        self.serial.setPlaceholderText(self.types[0].example if self.types else "")
        self.printer = QComboBox(prepare)
        self.printer.setObjectName("sheetPrinter")
        self.printer.addItem(self.tr("Looking for printers…"))
        self.printer.setEnabled(False)
        self.reason = QLineEdit(prepare)
        self.reason.setObjectName("reprintReason")
        self.reason.setPlaceholderText(self.tr("e.g. the applicant lost it, the sheet was "
                                               "damaged"))
        form = QFormLayout()
        form.addRow(self.tr("S&tock type"), self.stock)
        form.addRow(self.tr("&Serial on the sheet"), self.serial)
        form.addRow(self.tr("P&rinter"), self.printer)
        if reprint:
            form.addRow(self.tr("Re&ason for the reprint"), self.reason)
        else:
            self.reason.hide()
        self.problem_label = _message(prepare, "sheetProblems")
        self.layout_label = _message(prepare, "layoutProblems")
        self.confirm_outside = QCheckBox(self.tr("The serial is right: print on a sheet &outside "
                                                 "the shift's stock"), prepare)
        self.confirm_outside.setObjectName("confirmOutsideShift")
        self.confirm_outside.hide()
        self.print_button = _button(self.tr("Print (Ctrl+P)"), prepare, "sheetPrint")
        self.cancel_button = _button(self.tr("Cancel (Esc)"), prepare)
        # Why Print is not possible yet, whenever it is not (blocking()).
        self.blocked_label = _message(prepare, "sheetBlocked")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.cancel_button)
        prepare_layout = QVBoxLayout(prepare)
        prepare_layout.setContentsMargins(0, 0, 0, 0)
        prepare_layout.addLayout(form)
        prepare_layout.addWidget(self.problem_label)
        prepare_layout.addWidget(self.confirm_outside)
        prepare_layout.addWidget(self.layout_label)
        prepare_layout.addStretch(1)
        prepare_layout.addWidget(self.blocked_label)
        prepare_layout.addLayout(buttons)

        # -- step 2: did it come out right? -------------------------------------------------
        confirm = QWidget(self)
        self.confirm_label = QLabel(confirm)
        self.confirm_label.setObjectName("sheetConfirmQuestion")
        self.confirm_label.setWordWrap(True)
        self.yes_button = _button(self.tr("&Yes, record the reprint (Enter)") if reprint
                                  else self.tr("&Yes, record it (Enter)"), confirm, "sheetYes")
        self.no_button = _button(self.tr("&No, the sheet is spoiled… (Ctrl+D)"), confirm,
                                 "sheetNo")
        confirm_layout = QVBoxLayout(confirm)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        confirm_layout.addWidget(self.confirm_label)
        confirm_layout.addWidget(self.yes_button)
        confirm_layout.addWidget(self.no_button)
        confirm_layout.addStretch(1)

        # -- step 3: the sheet is spoiled ------------------------------------------------------
        spoiled = QWidget(self)
        self.spoiled_label = QLabel(spoiled)
        self.spoiled_label.setWordWrap(True)
        self.void_reason = QLineEdit(spoiled)
        self.void_reason.setObjectName("spoiledReason")
        self.void_reason.setPlaceholderText(self.tr("e.g. paper jam, printed off the fields, "
                                                    "smudged"))
        reason_label = QLabel(self.tr("&Why is it spoiled?"), spoiled)
        reason_label.setBuddy(self.void_reason)
        self.void_button = _button(self.tr("&Void the sheet (Enter)"), spoiled, "sheetVoid")
        self.back_button = _button(self.tr("&Back: the sheet is fine"), spoiled)
        spoiled_layout = QVBoxLayout(spoiled)
        spoiled_layout.setContentsMargins(0, 0, 0, 0)
        spoiled_layout.addWidget(self.spoiled_label)
        spoiled_layout.addWidget(reason_label)
        spoiled_layout.addWidget(self.void_reason)
        spoiled_layout.addWidget(self.void_button)
        spoiled_layout.addWidget(self.back_button)
        spoiled_layout.addStretch(1)

        self.steps = QStackedWidget(self)
        for page in (prepare, confirm, spoiled):
            self.steps.addWidget(page)
        self.message = _message(self, "sheetMessage")
        left = QVBoxLayout()
        left.addWidget(header)
        left.addWidget(self.steps, 1)
        left.addWidget(self.message)
        self.preview = PdfPreview(self)
        panes = QHBoxLayout(self)
        panes.addLayout(left, 2)
        panes.addWidget(self.preview, 3)
        self.resize(1100, 720)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check)
        self.stock.currentIndexChanged.connect(self._stock_changed)
        self.serial.textEdited.connect(self._serial_edited)
        self.serial.returnPressed.connect(self.print_sheet)
        self.reason.textChanged.connect(self._update)
        self.reason.returnPressed.connect(self.print_sheet)
        self.printer.currentIndexChanged.connect(self._printer_changed)
        self.confirm_outside.toggled.connect(self._update)
        self.print_button.clicked.connect(self.print_sheet)
        self.cancel_button.clicked.connect(self.reject)
        self.yes_button.clicked.connect(self.record)
        self.no_button.clicked.connect(self.sheet_spoiled)
        self.void_reason.returnPressed.connect(self.void_spoiled)
        self.void_button.clicked.connect(self.void_spoiled)
        self.back_button.clicked.connect(lambda: self._step(self.CONFIRM))
        _shortcut(self, ["Ctrl+P"], self.print_sheet)
        _shortcut(self, ["Ctrl+D"], self.sheet_spoiled)
        # Enter on the question answers Yes (the Yes button has the focus).
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            yes = QAction(self.yes_button)
            yes.setShortcut(QKeySequence(key))
            yes.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            yes.triggered.connect(lambda _=False: self.record())
            self.yes_button.addAction(yes)

        if not self.types:
            self.problem_label.setText(self.tr("No stock type at this desk is meant for this "
                                               "certificate (%1).").replace(
                "%1", body.template.value))
        self._update()
        self._focus_first()
        self._load_printers()
        self._prefill_serial()
        self._render_preview()

    # -- state ------------------------------------------------------------------------------

    @property
    def stock_type(self) -> str:
        data = self.stock.currentData()
        return data if isinstance(data, str) else ""

    @property
    def printer_name(self) -> str:
        data = self.printer.currentData()
        return data if isinstance(data, str) else ""

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    def _step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        if step == self.CONFIRM:
            self.yes_button.setFocus()
        elif step == self.SPOILED:
            self.void_reason.setFocus()
        else:
            self.serial.setFocus()
            self.serial.selectAll()

    def _focus_first(self) -> None:
        """Where the clerk starts: a reprint's reason while it is empty (Enter there
        prints on the serial offered), else the serial."""
        if self.reprint and not self.reason.text().strip():
            self.reason.setFocus()
        else:
            self.serial.setFocus()

    def _current_checked(self) -> _Checked | None:
        checked = self._checked
        if checked is None or checked.stock_type != self.stock_type \
                or checked.serial != self.serial.text().strip():
            return None
        return checked

    def blocking(self) -> list[str]:
        """Why Print is not possible now, as sentences (empty: it is)."""
        reasons: list[str] = []
        checked = self._current_checked()
        if not self.serial.text().strip():
            reasons.append(self.tr("Enter or scan the serial of the sheet in the printer."))
        elif checked is None:
            reasons.append(self.tr("Checking the serial…"))
        else:
            reasons += [problem_text(p) for p in checked.problems if p.blocking]
            if any(not p.blocking for p in checked.problems) \
                    and not self.confirm_outside.isChecked():
                reasons.append(self.tr("Confirm the serial outside the shift's stock first."))
        if self.layout_result is None:
            reasons.append(self.tr("Preparing the certificate…"))
        elif self.layout_result.blocking:
            reasons.append(self.tr("The certificate cannot be printed as it is."))
        if not self.printer_name:
            reasons.append(self.tr("No printer to print on."))
        if self.reprint and not self.reason.text().strip():
            reasons.append(self.tr("A reprint needs a reason."))
        return reasons

    def _update(self) -> None:
        blocking = self.blocking()
        preparing = not self._busy and self.step == self.PREPARE
        self.print_button.setEnabled(preparing and not blocking)
        # What the problems above say already is not said twice.
        shown = set(self.problem_label.text().splitlines())
        reasons = [r for r in blocking if f"✗ {r}" not in shown] if preparing else []
        self.blocked_label.setText("\n".join(
            [self.tr("Print is not possible yet:"), *(f"• {r}" for r in reasons)])
            if reasons else "")

    # -- printers ---------------------------------------------------------------------------

    def _load_printers(self) -> None:
        from printing import printers

        self.ops.run(printers.list_printers, self._show_printers, self._no_printers)

    def _show_printers(self, found: list[Printer]) -> None:
        self._printers = [p for p in found if p.accepting]
        if not self._printers:
            self._no_printers(None)
            return
        fill_printer_choice(self.printer, self._printers, self.preferred_printer or "")
        self.printers_loaded.emit(len(self._printers))
        self._printer_changed()

    def _no_printers(self, error: BaseException | None) -> None:
        blocker = QSignalBlocker(self.printer)
        self.printer.clear()
        self.printer.addItem(self.tr("No printer available"))
        del blocker
        self.printer.setEnabled(False)
        if error is not None:
            self.message.setText(describe(error))
        self.printers_loaded.emit(0)
        self._update()

    def _printer_changed(self, _: int = 0) -> None:
        self._render_preview()
        self._update()

    # -- the live checks ------------------------------------------------------------------

    def _prefill_serial(self) -> None:
        """The lowest serial left in the shift for the stock type, selected: a scanner or
        the clerk's typing replaces it."""
        desk, stock_type = self.desk, self.stock_type
        if not stock_type:
            return

        def show(serial: str | None) -> None:
            if stock_type != self.stock_type:
                return
            self.serial.setText(serial or "")
            self.serial.selectAll()
            self._focus_first()
            self._check()

        self.ops.run(lambda: desk.next_serial(stock_type), show,
                     lambda error: self.message.setText(describe_desk(error)))

    def _stock_changed(self, _: int = 0) -> None:
        kind = next((t for t in self.types if t.code == self.stock_type), None)
        self.serial.setPlaceholderText(kind.example if kind else "")
        self.confirm_outside.setChecked(False)
        self._prefill_serial()
        self._update()

    def _serial_edited(self, _: str) -> None:
        self._print_requested = False
        self.confirm_outside.setChecked(False)
        self._update()
        self._check_timer.start()

    def _check(self) -> None:
        self._check_timer.stop()
        desk, cert, stock_type = self.desk, self.certificate, self.stock_type
        serial = self.serial.text().strip()
        if not stock_type or not serial:
            self._show_problems(_Checked(stock_type, serial, []))
            return
        self._check_generation += 1
        generation = self._check_generation
        check = desk.check_reprint if self.reprint else desk.check_issue

        def done(problems: list[Problem]) -> None:
            if generation == self._check_generation:
                self._show_problems(_Checked(stock_type, serial, problems))

        def failed(error: BaseException) -> None:
            if generation == self._check_generation:
                self.problem_label.setText(describe_desk(error))

        self.ops.run(lambda: check(cert, stock_type, serial), done, failed)

    def _show_problems(self, checked: _Checked) -> None:
        self._checked = checked
        self.problems = checked.problems
        blocking = [problem_text(p) for p in checked.problems if p.blocking]
        warnings = [problem_text(p) for p in checked.problems if not p.blocking]
        lines = [f"✗ {text}" for text in blocking] + [f"⚠ {text}" for text in warnings]
        self.problem_label.setText("\n".join(lines))
        self.confirm_outside.setVisible(bool(warnings) and not blocking)
        self._update()
        self.checked.emit()
        self._print_if_requested()

    # -- the layout and its preview --------------------------------------------------------

    def _layout_for(self, printer: str) -> Layout:
        """The certificate laid out for `printer` (its calibration and margins). Runs on
        the operations thread."""
        from printing import certificates as printing_certificates

        template = printing_certificates.load_templates().templates.get(
            self.certificate.certificate.template.value)
        if template is None:
            raise KeyError(self.certificate.certificate.template.value)
        body = self.certificate.certificate
        values = printing_certificates.certificate_values(
            body.fields, certificate_id=str(body.certificate_id), case_number=body.case_number)
        calibration = self.calibration(printer, template.stock.id) if printer else None
        return printing_certificates.layout(template, values, calibration=calibration,
                                            margins=self._margins_of(printer))

    def _margins_of(self, printer: str) -> Margins | None:
        """The printer's unprintable margins from CUPS, asked once per printer; None when
        unknown (no ipptool, the simulated printer, no scheduler)."""
        if not printer:
            return None
        if printer not in self._margins:
            from printing.calibration import printer_margins
            from printing.errors import PrintingError

            try:
                self._margins[printer] = printer_margins(printer)
            except PrintingError as exc:
                log.info("margins of %s unknown: %s", printer, getattr(exc, "code", exc))
                self._margins[printer] = None
        return self._margins[printer]

    def _render_preview(self) -> None:
        from printing import certificates as printing_certificates

        self._preview_generation += 1
        generation = self._preview_generation
        printer, training = self.printer_name, self.training
        self.layout_result = None
        self._update()

        def work() -> tuple[Layout, list[bytes] | None]:
            placed = self._layout_for(printer)
            return placed, rasterise(printing_certificates.preview(placed, training=training))

        def done(result: tuple[Layout, list[bytes] | None]) -> None:
            if generation != self._preview_generation:
                return
            placed, pages = result
            self.layout_result = placed
            blocking = [f"✗ {layout_problem_text(p)}" for p in placed.blocking]
            warnings = [f"⚠ {layout_problem_text(p)}" for p in placed.warnings]
            self.layout_label.setText("\n".join(blocking + warnings))
            self.preview.show_pages(pages)
            self._update()
            self.previewed.emit()
            self._print_if_requested()

        def failed(error: BaseException) -> None:
            if generation != self._preview_generation:
                return
            text = (self.tr("This certificate's template (%1) is not installed; ask "
                            "support.").replace("%1", self.certificate.certificate.template.value)
                    if isinstance(error, KeyError) else describe(error))
            self.layout_label.setText(f"✗ {text}")
            self.preview.show_message(text)

        self.ops.run(work, done, failed)

    # -- print, confirm, record ------------------------------------------------------------

    def _pending(self) -> bool:
        """The checks or the layout of what is entered are still being worked out."""
        return bool(self.serial.text().strip()) and (
            self._current_checked() is None or self.layout_result is None)

    def _print_if_requested(self) -> None:
        if self._print_requested and not self._pending():
            self._print_requested = False
            self.print_sheet()

    def print_sheet(self) -> None:
        """Print the certificate on the sheet (Ctrl+P, or Enter after the serial)."""
        if self._busy or self.step != self.PREPARE:
            return
        if self._pending():
            self._print_requested = True
            if self._current_checked() is None:
                self._check()  # now, not after the typing pause
            return
        if self.blocking():
            if self.reprint and not self.reason.text().strip():
                self.reason.setFocus()  # what is missing; the line above Print says so
            return
        desk, cert, reprint = self.desk, self.certificate, self.reprint
        stock_type, serial, printer = self.stock_type, self.serial.text().strip(), \
            self.printer_name
        training = self.training
        self._busy = True
        self._update()
        self.message.setText(self.tr("Printing on %1…").replace("%1", printer))
        if self.remember_printer is not None:
            self.remember_printer(printer)

        def work() -> PrintJob:
            from printing.certificates import print_certificate
            from workstation.certificates import BlockedError

            # Checked again right before the sheet goes out: another window of this desk
            # may have used the serial meanwhile.
            check = desk.check_reprint if reprint else desk.check_issue
            problems = check(cert, stock_type, serial)
            if any(p.blocking for p in problems):
                raise BlockedError(problems)
            return print_certificate(self._layout_for(printer), printer, training=training)

        def sent(job: PrintJob) -> None:
            self._busy = False
            self._printed_on = (stock_type, serial, printer)
            self.message.setText(self.tr("Sent to %1 (job %2).").replace("%1", printer)
                                 .replace("%2", str(job.job_id)))
            self.confirm_label.setText(self.tr(
                "Did the sheet come out right? Check every field on sheet %1: in its box, "
                "complete, clean.").replace("%1", serial))
            self._step(self.CONFIRM)
            self._update()
            self.printed.emit(job.request_id)

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error) + " " + self.tr("Nothing was recorded."))
            self._update()
            self._check()
            self.print_failed.emit(str(getattr(error, "code", "printing.failed")))

        self.ops.run(work, sent, failed)

    def record(self) -> None:
        """Yes: the sheet came out right; record the issue (or the reprint)."""
        if self._busy or self.step != self.CONFIRM or self._printed_on is None:
            return
        desk, cert = self.desk, self.certificate
        stock_type, serial, printer = self._printed_on
        reason = self.reason.text().strip()
        self._busy = True

        def work() -> Sheet:
            if self.reprint:
                return desk.reprint(cert, stock_type, serial, printer, reason)
            return desk.record_issue(cert, stock_type, serial, printer)

        def done(sheet: Sheet) -> None:
            self._busy = False
            self.sheet = sheet
            self._printed_on = None
            self.recorded.emit(sheet)
            self.accept()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))

        self.ops.run(work, done, failed)

    def sheet_spoiled(self) -> None:
        """No: the sheet is spoiled; ask why, then void it."""
        if self._busy or self.step != self.CONFIRM or self._printed_on is None:
            return
        self.spoiled_label.setText(self.tr("Sheet %1 will be voided: it is never used again. "
                                           "Keep it for the stock keeper.").replace(
            "%1", self._printed_on[1]))
        self.void_reason.clear()
        self._step(self.SPOILED)

    def void_spoiled(self) -> None:
        if self._busy or self.step != self.SPOILED or self._printed_on is None:
            return
        reason = self.void_reason.text().strip()
        if not reason:
            self.message.setText(self.tr("Say why the sheet is spoiled."))
            self.void_reason.setFocus()
            return
        desk, cert = self.desk, self.certificate
        stock_type, serial, printer = self._printed_on
        self._busy = True

        def work() -> tuple[Sheet, str | None]:
            sheet = desk.void(stock_type, serial, reason, certificate=cert, printer=printer)
            return sheet, desk.next_serial(stock_type)

        def done(result: tuple[Sheet, str | None]) -> None:
            sheet, following = result
            self._busy = False
            self._printed_on = None
            self.spoiled.append(sheet)
            self.voided.emit(sheet)
            # Offer the next sheet: Enter (or Ctrl+P) prints again, Esc closes.
            self.serial.setText(following or "")
            self.confirm_outside.setChecked(False)
            self._checked = None
            self.message.setText(self.tr("Sheet %1 is voided. Put the next sheet in the printer "
                                         "and print again, or close.").replace("%1", serial))
            self._step(self.PREPARE)
            self._check()
            self._update()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))

        self.ops.run(work, done, failed)

    # -- closing ----------------------------------------------------------------------------

    def _answer_first(self) -> bool:
        """A printed sheet must be recorded or voided before the dialog closes."""
        if self._printed_on is None and not self._busy:
            return False
        if self._printed_on is None:
            self.message.setText(self.tr("Wait: the sheet is being printed."))
        else:
            self.message.setText(self.tr("Answer first: did the sheet come out right? A "
                                         "printed sheet must be recorded or voided."))
        return True

    def reject(self) -> None:
        if not self._answer_first():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._answer_first():
            event.ignore()
            return
        super().closeEvent(event)


# -- void a spoiled sheet -----------------------------------------------------------------------

class VoidDialog(QDialog):
    """A spoiled sheet that was not part of an issue (jammed, damaged in the tray)."""

    voided = Signal(object)  # the Sheet

    def __init__(self, ops: Operations, desk: CertificateDesk, stock_types: Sequence[StockType],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void a spoiled sheet"))
        self.ops = ops
        self.desk = desk
        self.types = list(stock_types)
        self._busy = False
        self.stock = QComboBox(self)
        self.stock.setObjectName("voidStockType")
        for kind in self.types:
            self.stock.addItem(kind.name, kind.code)
        self.serial = QLineEdit(self)
        self.serial.setObjectName("voidSerial")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("voidReason")
        self.reason.setPlaceholderText(self.tr("e.g. paper jam, torn, smudged"))
        self.message = _message(self, "voidMessage")
        self.void_button = _button(self.tr("&Void the sheet (Enter)"), self, "voidButton")
        cancel = _button(self.tr("Cancel (Esc)"), self)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("A voided sheet is recorded with the reason and never used "
                                   "again. Keep it for the stock keeper."), self))
        form.addRow(self.tr("S&tock type"), self.stock)
        form.addRow(self.tr("&Serial on the sheet"), self.serial)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.void_button)
        buttons.addWidget(cancel)
        form.addRow(buttons)
        self.stock.currentIndexChanged.connect(self._stock_changed)
        self.serial.textEdited.connect(self._serial_edited)
        self.serial.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self.void)
        self.void_button.clicked.connect(self.void)
        cancel.clicked.connect(self.reject)
        self._stock_changed()

    @property
    def stock_type(self) -> str:
        data = self.stock.currentData()
        return data if isinstance(data, str) else ""

    def _stock_changed(self, _: int = 0) -> None:
        kind = next((t for t in self.types if t.code == self.stock_type), None)
        self.serial.setPlaceholderText(kind.example if kind else "")
        self.serial.setFocus()

    def _serial_edited(self, text: str) -> None:
        """The stock type follows the serial typed or scanned when exactly one stock
        type's format fits it."""
        typed = text.strip()
        fits = [t for t in self.types if typed and t.matches(t.normalise(typed))]
        if len(fits) == 1 and fits[0].code != self.stock_type:
            self.stock.setCurrentIndex(self.stock.findData(fits[0].code))

    def void(self) -> None:
        if self._busy:
            return
        desk, stock_type = self.desk, self.stock_type
        serial, reason = self.serial.text().strip(), self.reason.text().strip()
        if not serial:
            self.message.setText(self.tr("Enter the serial of the spoiled sheet."))
            self.serial.setFocus()
            return
        if not reason:
            self.message.setText(self.tr("Say why the sheet is spoiled."))
            self.reason.setFocus()
            return
        self._busy = True

        def done(sheet: Sheet) -> None:
            self._busy = False
            self.voided.emit(sheet)
            self.accept()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))

        self.ops.run(lambda: desk.void(stock_type, serial, reason), done, failed)


# -- a sheet the server refused ------------------------------------------------------------

class RefusalDialog(QDialog):
    """What the server refused of a sheet, and the desk's remedy (Refusal.remedy): the
    serial was typed wrong (read it off the sheet: correct_serial), or another desk
    issued the certificate first (void what was printed here: give_up)."""

    resolved = Signal(str)  # a sentence for the desk's message line

    def __init__(self, ops: Operations, desk: CertificateDesk, refusal: Refusal,
                 case_number: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusalDialog")
        self.ops = ops
        self.desk = desk
        self.refusal = refusal
        self._busy = False
        conflict = refusal.conflict
        where = "—" if conflict is None else (
            conflict.window or conflict.device_prefix or conflict.clerk)
        when = "—" if conflict is None else _when(conflict.at)
        serial = refusal.serial or "—"
        self.serial = QLineEdit(self)
        self.serial.setObjectName("refusalSerial")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("refusalReason")
        self.message = _message(self, "refusalMessage")
        self.act_button = _button("", self, "refusalAct")
        cancel = _button(self.tr("Cancel (Esc)"), self)
        form = QFormLayout(self)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("refusalExplanation")
        self.explanation.setWordWrap(True)
        form.addRow(self.explanation)
        if refusal.remedy == "correct_serial":
            self.setWindowTitle(self.tr("Correct the serial of sheet %1").replace("%1", serial))
            self.explanation.setText(self.tr(
                "The server refused sheet %1: another desk (%2) used that serial on %3. The "
                "serial was most likely typed wrong: read the one printed on the sheet in "
                "hand. The wrong serial is released; nothing is reprinted.").replace(
                "%1", serial).replace("%2", where).replace("%3", when))
            self.serial.setPlaceholderText(serial)
            form.addRow(self.tr("&Serial on the sheet"), self.serial)
            self.reason.setText(self.tr("Serial typed wrong"))
            self.act_button.setText(self.tr("&Correct the serial (Ctrl+Return)"))
        elif refusal.remedy == "give_up":
            self.setWindowTitle(self.tr("Issued by another desk: %1").replace(
                "%1", case_number or serial))
            self.explanation.setText(self.tr(
                "Another desk (%2) issued case %4 first, on %3. What was printed here (sheet "
                "%1) must not be handed out: every sheet printed here for it is voided, and "
                "the case leaves this desk. Keep the sheets for the stock keeper.").replace(
                "%1", serial).replace("%2", where).replace("%3", when).replace(
                "%4", case_number or "—"))
            self.serial.hide()
            self.reason.setText(self.tr("Issued by another desk first"))
            self.act_button.setText(self.tr("&Void and give it up (Ctrl+Return)"))
        else:
            self.setWindowTitle(self.tr("A record the server refused"))
            self.explanation.setText(self.tr(
                "The server refused a desk record (%1, sheet %2). The desk cannot put it "
                "right; see Sync details (Ctrl+Shift+Y).").replace(
                "%1", refusal.error_code).replace("%2", serial))
            self.serial.hide()
            self.reason.hide()
            self.act_button.hide()
        if refusal.remedy is not None:
            form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.act_button)
        buttons.addWidget(cancel)
        form.addRow(buttons)
        self.act_button.clicked.connect(self.act)
        cancel.clicked.connect(self.reject)
        self.serial.returnPressed.connect(self.reason.setFocus)
        self.reason.returnPressed.connect(self.act)
        _shortcut(self, ["Ctrl+Return", "Ctrl+Enter"], self.act)
        (self.serial if refusal.remedy == "correct_serial" else self.reason).setFocus()

    def act(self) -> None:
        remedy = self.refusal.remedy
        if self._busy or remedy is None:
            return
        desk, refusal = self.desk, self.refusal
        serial, reason = self.serial.text().strip(), self.reason.text().strip()
        if remedy == "correct_serial" and not serial:
            self.message.setText(self.tr("Enter the serial printed on the sheet."))
            self.serial.setFocus()
            return
        self._busy = True

        def work() -> str:
            if remedy == "correct_serial":
                sheet = desk.correct_serial(refusal, serial, reason)
                return self.tr("Sheet %1 corrected to %2; it is sent again.").replace(
                    "%1", refusal.serial or "").replace("%2", sheet.serial)
            voided = desk.give_up(refusal, reason)
            return self.tr("Given up; sheets voided: %1.").replace(
                "%1", ", ".join(s.serial for s in voided) or "—")

        def done(text: str) -> None:
            self._busy = False
            self.resolved.emit(text)
            self.accept()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))
            blocked = getattr(error, "code", "") == "certificates.blocked"
            (self.serial if remedy == "correct_serial" and blocked else self.reason).setFocus()

        self.ops.run(work, done, failed)


# -- shifts ---------------------------------------------------------------------------------

class StartShiftDialog(QDialog):
    """The stock the clerk takes over for the shift: per stock type, serial ranges
    first–last, prefilled with what the last shift left."""

    started = Signal(object)  # the Shift

    def __init__(self, ops: Operations, desk: CertificateDesk, stock_types: Sequence[StockType],
                 handed_over: Mapping[str, Sequence[SerialRange]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startShiftDialog")
        self.setWindowTitle(self.tr("Start the shift"))
        self.ops = ops
        self.desk = desk
        self.types = list(stock_types)
        self._busy = False
        self.rows: dict[str, list[tuple[QLineEdit, QLineEdit]]] = {}
        self._grids: dict[str, QGridLayout] = {}
        intro = QLabel(self.tr("Enter the serials of the sheets you take over, per stock type: "
                               "the first and the last of each pack (one or more ranges). "
                               "Leave a stock type empty if you have none of it."), self)
        intro.setWordWrap(True)
        if handed_over:
            intro.setText(intro.text() + "\n" + self.tr("Prefilled with what the last shift "
                                                        "left."))
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        for kind in self.types:
            box = QGroupBox(f"{kind.name} · " + self.tr("e.g. %1").replace("%1", kind.example),
                            content)
            grid = QGridLayout(box)
            grid.addWidget(QLabel(self.tr("First"), box), 0, 0)
            grid.addWidget(QLabel(self.tr("Last"), box), 0, 1)
            self._grids[kind.code] = grid
            self.rows[kind.code] = []
            given = list(handed_over.get(kind.code, ()))
            for r in given:
                self._add_row(kind.code, r.first, r.last)
            for _ in range(max(1, RANGE_ROWS - len(given))):
                self._add_row(kind.code)
            more = _button(self.tr("Another range"), box)
            more.clicked.connect(lambda _=False, code=kind.code: self._add_row(code))
            grid.addWidget(more, 99, 0, 1, 2)
            content_layout.addWidget(box)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.message = _message(self, "startShiftMessage")
        self.start_button = _button(self.tr("&Start the shift (Ctrl+Return)"), self,
                                    "startShiftButton")
        cancel = _button(self.tr("Cancel (Esc)"), self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.start)
        cancel.clicked.connect(self.reject)
        _shortcut(self, ["Ctrl+Return", "Ctrl+Enter"], self.start)
        self.resize(640, 520)
        first = next(iter(self.rows.values()), [])
        if first:
            first[0][0].setFocus()

    def _add_row(self, code: str, first: str = "", last: str = "") -> tuple[QLineEdit, QLineEdit]:
        grid = self._grids[code]
        row = len(self.rows[code]) + 1
        parent = grid.parentWidget()
        pair = (QLineEdit(first, parent), QLineEdit(last, parent))
        for column, edit in enumerate(pair):
            edit.setObjectName(f"range_{code}_{row - 1}_{'first' if column == 0 else 'last'}")
            grid.addWidget(edit, row, column)
        # A scanner ends each serial with Enter: first → last → the next row's first.
        pair[0].returnPressed.connect(pair[1].setFocus)
        pair[1].returnPressed.connect(lambda: self._next_row(code, pair))
        self.rows[code].append(pair)
        return pair

    def _next_row(self, code: str, pair: tuple[QLineEdit, QLineEdit]) -> None:
        rows = self.rows[code]
        index = rows.index(pair)
        following = rows[index + 1] if index + 1 < len(rows) else self._add_row(code)
        following[0].setFocus()

    def ranges(self) -> dict[str, list[tuple[str, str]]]:
        """What was entered: per stock type, the (first, last) pairs with anything in them
        (a single sheet may be entered as first alone)."""
        entered: dict[str, list[tuple[str, str]]] = {}
        for code, rows in self.rows.items():
            for first, last in rows:
                a, b = first.text().strip(), last.text().strip()
                if a or b:
                    entered.setdefault(code, []).append((a or b, b or a))
        return entered

    def start(self) -> None:
        if self._busy:
            return
        from workstation.certificates import RangeError, SerialRange

        entered = self.ranges()
        if not entered:
            self.message.setText(self.tr("Enter at least one range of sheets."))
            return
        stock: dict[str, list[SerialRange]] = {}
        for code, pairs in entered.items():
            kind = next(t for t in self.types if t.code == code)
            for first, last in pairs:
                try:
                    loaded = SerialRange.of(first, last)
                except RangeError as exc:
                    self.message.setText(describe_desk(exc) + " " + self.tr(
                        "Serials of %1 look like %2.").replace("%1", kind.name).replace(
                        "%2", kind.example))
                    return
                if not (kind.matches(loaded.first) and kind.matches(loaded.last)):
                    self.message.setText(self.tr("“%1” is not a serial of %2: they look like "
                                                 "%3.").replace("%1", str(loaded)).replace(
                        "%2", kind.name).replace("%3", kind.example))
                    return
                stock.setdefault(code, []).append(loaded)
        desk = self.desk
        self._busy = True

        def done(shift: Shift) -> None:
            self._busy = False
            self.started.emit(shift)
            self.accept()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))

        self.ops.run(lambda: desk.start_shift(stock), done, failed)


class ShiftSummaryDialog(DocumentDialog):
    """The shift hand-over summary: shown as it stands, ended on the clerk's word, then
    printed or saved."""

    ended = Signal(object)  # the ShiftSummary of the ended shift

    def __init__(self, ops: Operations, desk: CertificateDesk, shift: Shift,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, document_name=lambda: SUMMARY_TITLE, parent=parent)
        self.setObjectName("shiftSummaryDialog")
        self.setWindowTitle(self.tr("End the shift"))
        self.desk = desk
        self.shift = shift
        self.summary: ShiftSummary | None = None
        self._busy = False
        choices = QWidget(self)
        self.state = QLabel(choices)
        self.state.setObjectName("shiftSummaryState")
        self.state.setWordWrap(True)
        self.state.setText(self.tr("The summary as it stands now. Ending the shift makes the "
                                   "counts final; the remaining sheets go to the next shift."))
        self.end_button = _button(self.tr("&End the shift now (Ctrl+E)"), choices,
                                  "endShiftButton")
        self.message = _message(choices, "shiftSummaryMessage")
        layout = QVBoxLayout(choices)
        layout.addWidget(self.state)
        layout.addWidget(self.end_button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.assemble(choices)
        self.end_button.clicked.connect(self.end_shift)
        _shortcut(self, ["Ctrl+E"], self.end_shift)
        shift_id = shift.id
        self.render_async(lambda: desk.summary_pdf(desk.summary(shift_id)))

    def end_shift(self) -> None:
        if self._busy or self.summary is not None:
            return
        desk = self.desk
        self._busy = True
        self.end_button.setEnabled(False)

        def done(summary: ShiftSummary) -> None:
            self._busy = False
            self.summary = summary
            ended = summary.shift.ended_at
            self.state.setText(self.tr("The shift ended at %1. Print the summary and hand it "
                                       "over with the remaining sheets.").replace(
                "%1", _when(ended)))
            self.render_async(lambda: desk.summary_pdf(summary))
            self.ended.emit(summary)

        def failed(error: BaseException) -> None:
            self._busy = False
            self.end_button.setEnabled(True)
            self.message.setText(describe_desk(error))

        self.ops.run(desk.end_shift, done, failed)

