"""The certificate desk (统一出证): certificates waiting to be printed on numbered stock,
those issued here and waiting to be handed over, and the clerk's shift.

Keyboard: Ctrl+F searches (part of a case number or an applicant's name, or a whole ID
number); F5 pulls the waiting certificates from the server; Enter on a waiting
certificate issues it (stock type, serial, printer, preview, print, "did it come out
right?"); Ctrl+R prints an issued one again (with a reason); Ctrl+D voids a spoiled sheet;
Ctrl+H (or Enter on an issued certificate) hands it over; Ctrl+Shift+S starts the shift
with the stock taken over; Ctrl+Shift+E ends it with the hand-over summary.

One list is in use at a time, the one the clerk last moved into: only it shows a selected
row, and the actions act on it (Ctrl+R and Ctrl+H from the waiting list move to the
issued list and say so, rather than act on a row the clerk is not looking at). The
approval dates are typed (20260318), stepped with Up/Down from today or picked; Delete
goes back to "any date".

Every call into the desk core (workstation.certificates) runs through Operations; the
applicants are shown masked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.certificate_dialogs import (
    RefusalDialog,
    SheetDialog,
    ShiftSummaryDialog,
    StartShiftDialog,
    VoidDialog,
    describe_desk,
)
from ui.handover_dialog import HandoverDialog, ReceiptDialog
from ui.ops import Operations

if TYPE_CHECKING:
    from devices.cards.identity import Identity
    from printing.calibration import Calibration
    from workstation.certificates import (
        CertificateDesk,
        DeskCertificate,
        Facets,
        PendingFilter,
        RefreshReport,
        Refusal,
        SerialRange,
        Sheet,
        Shift,
        StockCount,
        StockType,
    )
    from workstation.core import Workstation

log = logging.getLogger("ui.certificate_desk")

SEARCH_DELAY_MS = 250
#: The date edits show "any date" at this value.
NO_DATE = QDate(2000, 1, 1)
#: The printer chosen last for certificates is remembered under this document type when
#: the settings know it (workstation.settings.DOCUMENT_TYPES), else for the session.
DOCUMENT_TYPE = "certificate"
RECEIPT_DOCUMENT_TYPE = "receipt"  # hand-over receipts: plain A4, like acceptance receipts


@dataclass(frozen=True)
class DeskSnapshot:
    """Everything the view shows, read in one operation."""

    pending: list[DeskCertificate]
    issued: list[tuple[DeskCertificate, Sheet | None]]  # with the sheet it is issued on
    facets: Facets
    shift: Shift | None
    counts: list[StockCount]
    stock_types: list[StockType]
    refusals: list[Refusal]
    templates: dict[str, str]  # template id → the certificate's name
    clerk: str
    # Certificates issued here whose issuance the server refuses: id → the refused sheet.
    refused: dict[str, Sheet]


def _when(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _table(parent: QWidget, name: str, headers: Sequence[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table: the next list, the buttons
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _selected_row(table: QTableWidget) -> int | None:
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    return rows[0].row() if rows else None


class DateFilterEdit(QDateEdit):
    """A day to filter by, or none ("any date", shown at NO_DATE), from the keyboard:
    digits typed on "any date" start a date (20260318; a separator after a completed part
    is skipped), Up/Down on it start from today, the calendar opens on today's month,
    Delete or Backspace go back to "any date", and Tab leaves the field (not its parts)."""

    def __init__(self, special_text: str, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self._advanced = False  # the last digit completed a part: the cursor moved on
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(special_text)
        self.setDate(NO_DATE)
        self.calendarWidget().installEventFilter(self)

    def is_any(self) -> bool:
        return self.date() == NO_DATE

    def _today(self) -> QDate:
        day = self.today()
        return QDate(day.year, day.month, day.day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._advanced = False
            self.setDate(NO_DATE)
            return
        if text and text in "-/." and self._advanced:
            self._advanced = False  # 2026-03-18: the part is complete already
            return
        if text.isdigit() and self.is_any():
            self.setDate(self._today())  # the parts typed replace today's one by one
            self.setCurrentSectionIndex(0)
            self.setSelectedSection(self.currentSection())
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._advanced = text.isdigit() and self.currentSectionIndex() != before

    def stepBy(self, steps: int) -> None:
        if self.is_any():
            self.setDate(self._today())
            return
        super().stepBy(steps)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        if self.is_any():
            return (QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
                    | QAbstractSpinBox.StepEnabledFlag.StepDownEnabled)
        return super().stepEnabled()

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab leaves the field; the parts of a date fill in as they are typed.
        return QWidget.focusNextPrevChild(self, next)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        calendar = self.calendarWidget()
        if watched is calendar and event.type() == QEvent.Type.Show and self.is_any():
            today = self._today()
            blocker = QSignalBlocker(calendar)  # shown on today, not chosen yet
            calendar.setSelectedDate(today)
            del blocker
            calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class CertificateDeskView(QWidget):
    loaded = Signal(int, int)  # waiting and issued certificates shown
    refreshed = Signal(object)  # the RefreshReport, or the error of a refresh that failed
    changed = Signal()  # something was recorded for the server: worth a sync now
    dialog_opened = Signal(object)  # the dialog of an action, shown

    WAITING = ("number", "item", "department", "applicant", "id_number", "approved",
               "certificate")
    ISSUED = ("number", "item", "applicant", "sheet", "issued", "handover", "sent")

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificateDesk")
        self.ops = ops
        self.ws: Workstation | None = None
        self.desk: CertificateDesk | None = None
        self.snapshot: DeskSnapshot | None = None
        self.dialog: QDialog | None = None
        # Whether a card reader can check a recipient's identity (set by the main window).
        self.card_reader_present: Callable[[], bool] = lambda: False
        self._closed: list[QDialog] = []
        self._generation = 0
        self._active_list: QTableWidget | None = None  # the list in use (see _use_list)
        self._refreshing = False
        self._refresh_again = False
        self._session_printer = ""

        # -- filters ----------------------------------------------------------------------
        self.search = QLineEdit(self)
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText(self.tr("Case number, applicant's name, or the whole "
                                               "ID number (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.item = QComboBox(self)
        self.item.setObjectName("deskItem")
        self.item.setMinimumContentsLength(16)
        self.item.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item.addItem(self.tr("All items"), None)
        self.department = QComboBox(self)
        self.department.setObjectName("deskDepartment")
        self.department.addItem(self.tr("All departments"), None)
        self.approved_from = self._date_edit("deskApprovedFrom")
        self.approved_to = self._date_edit("deskApprovedTo")
        self.refresh_button = QPushButton(self.tr("Refresh (F5)"), self)
        self.refresh_button.setObjectName("deskRefresh")
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.item, 2)
        filters.addWidget(self.department, 1)
        filters.addWidget(QLabel(self.tr("Approved"), self))
        filters.addWidget(self.approved_from)
        filters.addWidget(QLabel(self.tr("to"), self))
        filters.addWidget(self.approved_to)
        filters.addWidget(self.refresh_button)

        # -- the two lists ------------------------------------------------------------------
        lists = QWidget(self)
        self.waiting_label = QLabel(self.tr("Waiting"), lists)
        self.waiting = _table(lists, "deskWaiting", [
            self.tr("Case number"), self.tr("Item"), self.tr("Department"),
            self.tr("Applicant"), self.tr("ID number"), self.tr("Approved"),
            self.tr("Certificate")], stretch=1)
        self.issued_label = QLabel(self.tr("Issued here"), lists)
        self.issued = _table(lists, "deskIssued", [
            self.tr("Case number"), self.tr("Item"), self.tr("Applicant"), self.tr("Sheet"),
            self.tr("Issued at"), self.tr("Hand-over"), self.tr("Sent")], stretch=1)
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(self.waiting_label)
        lists_layout.addWidget(self.waiting, 3)
        lists_layout.addWidget(self.issued_label)
        lists_layout.addWidget(self.issued, 2)

        # -- the shift ----------------------------------------------------------------------
        self.shift_box = QGroupBox(self.tr("Shift"), self)
        self.shift_state = QLabel(self.shift_box)
        self.shift_state.setObjectName("shiftState")
        self.shift_state.setWordWrap(True)
        self.counts = QTableWidget(0, 6, self.shift_box)
        self.counts.setObjectName("shiftCounts")
        self.counts.setHorizontalHeaderLabels([
            self.tr("Stock"), self.tr("Loaded"), self.tr("Issued sheets"), self.tr("Voided"),
            self.tr("Remaining"), self.tr("Remaining serials")])
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.counts.verticalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.counts.horizontalHeader().setStretchLastSection(True)
        self.start_shift_button = QPushButton(self.tr("Start shift… (Ctrl+Shift+S)"),
                                              self.shift_box)
        self.start_shift_button.setObjectName("startShift")
        self.end_shift_button = QPushButton(self.tr("End shift… (Ctrl+Shift+E)"),
                                            self.shift_box)
        self.end_shift_button.setObjectName("endShift")
        self.calibrate_button = QPushButton(self.tr("Calibrate a printer… (Ctrl+Shift+K)"),
                                            self.shift_box)
        self.calibrate_button.setObjectName("deskCalibrate")
        shift_layout = QVBoxLayout(self.shift_box)
        shift_layout.addWidget(self.shift_state)
        shift_layout.addWidget(self.counts, 1)
        shift_layout.addWidget(self.start_shift_button)
        shift_layout.addWidget(self.end_shift_button)
        shift_layout.addWidget(self.calibrate_button)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(lists)
        split.addWidget(self.shift_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        # -- actions ------------------------------------------------------------------------
        self.issue_button = QPushButton(self.tr("Issue… (Enter)"), self)
        self.issue_button.setObjectName("deskIssue")
        self.reprint_button = QPushButton(self.tr("Reprint… (Ctrl+R)"), self)
        self.reprint_button.setObjectName("deskReprint")
        self.void_button = QPushButton(self.tr("Void a spoiled sheet… (Ctrl+D)"), self)
        self.void_button.setObjectName("deskVoid")
        self.handover_button = QPushButton(self.tr("Hand over… (Ctrl+H)"), self)
        self.handover_button.setObjectName("deskHandover")
        actions = QHBoxLayout()
        for button in (self.issue_button, self.reprint_button, self.handover_button,
                       self.void_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.message = QLabel(self)
        self.message.setObjectName("deskMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal_label = QLabel(self)
        self.refusal_label.setObjectName("deskRefusals")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("QLabel#deskRefusals { color: #b3261e; }")
        self.refusal_label.hide()
        self.resolve_button = QPushButton(self.tr("Put a refused sheet right… (Ctrl+Shift+F)"),
                                          self)
        self.resolve_button.setObjectName("deskResolve")
        self.resolve_button.hide()
        refused = QHBoxLayout()
        refused.addWidget(self.refusal_label, 1)
        refused.addWidget(self.resolve_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(actions)
        layout.addLayout(refused)
        layout.addWidget(self.message)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.search.returnPressed.connect(self._search_entered)
        for combo in (self.item, self.department):
            combo.currentIndexChanged.connect(lambda _=0: self.reload())
        for edit in (self.approved_from, self.approved_to):
            edit.dateChanged.connect(lambda _: self.reload())
        self.refresh_button.clicked.connect(self.refresh)
        self.waiting.activated.connect(lambda _: self.issue())
        self.issued.activated.connect(lambda _: self.hand_over())
        self.waiting.itemSelectionChanged.connect(self._update_buttons)
        self.issued.itemSelectionChanged.connect(self._update_buttons)
        self._active_list = self.waiting
        for table in (self.waiting, self.issued):
            table.installEventFilter(self)
        self.issue_button.clicked.connect(self.issue)
        self.reprint_button.clicked.connect(self.reprint)
        self.void_button.clicked.connect(self.void)
        self.handover_button.clicked.connect(self.hand_over)
        self.start_shift_button.clicked.connect(self.start_shift)
        self.end_shift_button.clicked.connect(self.end_shift)
        self.calibrate_button.clicked.connect(self.calibrate)
        self.resolve_button.clicked.connect(self.resolve)
        for key, slot in (("Ctrl+Shift+F", self.resolve), ("Ctrl+F", self.focus_search),
                          ("Ctrl+R", self.reprint),
                          ("Ctrl+D", self.void), ("Ctrl+H", self.hand_over),
                          ("Ctrl+Shift+S", self.start_shift),
                          ("Ctrl+Shift+E", self.end_shift),
                          ("Ctrl+Shift+K", self.calibrate)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, run=slot: run())
            self.addAction(action)
        self._show_shift(None, [], "")
        self._update_buttons()

    def _date_edit(self, name: str) -> DateFilterEdit:
        edit = DateFilterEdit(self.tr("any date"), parent=self)
        edit.setObjectName(name)
        return edit

    # -- the list in use ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.waiting, self.issued):
            self._use_list(self.waiting if watched is self.waiting else self.issued)
        return super().eventFilter(watched, event)

    def _use_list(self, table: QTableWidget) -> None:
        """The clerk moved into `table`: its row is the one acted on (selected, the one
        last current there, else the first); the other list shows none."""
        other = self.issued if table is self.waiting else self.waiting
        self._active_list = table
        other.clearSelection()  # keeps its current row for the way back
        if _selected_row(table) is None and table.rowCount():
            row = table.currentRow()
            table.selectRow(row if 0 <= row < table.rowCount() else 0)
        self._update_buttons()

    def _choose_issued(self, text: str) -> None:
        """Ctrl+R or Ctrl+H away from the issued list: move there, and say what next."""
        if self._ready() is None:
            return
        if not self.issued.rowCount():
            self.message.setText(self.tr("No certificate has been issued at this desk yet."))
            return
        self.issued.setFocus()
        self._use_list(self.issued)  # at once, even before the window has the focus
        self.message.setText(text)

    # -- F5 -----------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # F5 is the window's "Sync now"; here it refreshes the desk (which asks the server
        # too). Taking the shortcut over turns it into a key press that reaches this view.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and self._is_refresh_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._is_refresh_key(event):
            self.refresh()
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_refresh_key(event: QKeyEvent) -> bool:
        return event.key() == Qt.Key.Key_F5 \
            and event.modifiers() == Qt.KeyboardModifier.NoModifier

    # -- loading ------------------------------------------------------------------------------

    @staticmethod
    def offered_to(roles: Iterable[str]) -> bool:
        """Whether a clerk with these roles gets the desk."""
        from server.contract import CERTIFICATE_DESK_ROLE

        return CERTIFICATE_DESK_ROLE in roles

    def attach(self, ws: Workstation) -> None:
        self.ws = ws

    def activated(self) -> None:
        """The tab was shown: the clerk works from the waiting list."""
        self.refresh()
        self.waiting.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _search_entered(self) -> None:
        self._search_timer.stop()
        self.reload()
        self.waiting.setFocus()

    def _desk(self, ws: Workstation) -> CertificateDesk:
        """The desk of the clerk logged in (operations thread)."""
        desk = self.desk
        return desk if desk is not None else ws.certificate_desk()

    def _filters(self) -> PendingFilter:
        from workstation.certificates import PendingFilter

        def day(edit: QDateEdit) -> dt.date | None:
            date = edit.date()
            return None if date == NO_DATE else dt.date(date.year(), date.month(), date.day())

        item, department = self.item.currentData(), self.department.currentData()
        return PendingFilter(item_code=item if isinstance(item, str) else None,
                             department=department if isinstance(department, str) else None,
                             approved_from=day(self.approved_from),
                             approved_to=day(self.approved_to), text=self.search.text())

    @staticmethod
    def _read(desk: CertificateDesk, filters: PendingFilter) -> DeskSnapshot:
        """Everything the view shows (operations thread)."""
        from printing.certificates import load_templates
        from workstation.certificates import ShiftError

        shift = desk.current_shift()
        try:
            counts = desk.counts() if shift is not None else []
        except ShiftError:  # ended from another window meanwhile
            shift, counts = None, []
        issued = []
        refused: dict[str, Sheet] = {}
        for cert in desk.issued(handed_over=None, text=filters.text):
            sheets = [s for s in desk.sheets(cert.certificate_id) if s.state == "issued"]
            sheet = sheets[-1] if sheets else None
            issued.append((cert, sheet))
            # A refused issuance is never confirmed: only those not sent yet are asked.
            if sheet is None or not sheet.synced:
                found = desk.issuance_refused(cert)
                if found is not None:
                    refused[str(cert.certificate_id)] = found
        templates = {t.id: t.name for t in load_templates().templates.values()}
        return DeskSnapshot(desk.pending(filters), issued, desk.facets(), shift, counts,
                            desk.stock_types(), desk.refusals(), templates,
                            desk.session().username, refused)

    def refresh(self) -> None:
        """Pull the waiting certificates from the server (F5), then show everything. Offline,
        what was pulled before is shown with the reason."""
        ws = self.ws
        if ws is None or ws.session is None:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        self.refresh_button.setEnabled(False)
        filters = self._filters()
        self._generation += 1
        generation = self._generation

        def work() -> tuple[CertificateDesk, RefreshReport | BaseException, DeskSnapshot]:
            from workstation.errors import KnownError

            desk = self._desk(ws)
            outcome: RefreshReport | BaseException
            try:
                outcome = desk.refresh()
            except KnownError as exc:  # offline, server trouble: show what is here
                outcome = exc
            return desk, outcome, self._read(desk, filters)

        def done(result: tuple[CertificateDesk, RefreshReport | BaseException, DeskSnapshot]
                 ) -> None:
            desk, outcome, snapshot = result
            self.desk = desk
            self._refresh_finished()
            if isinstance(outcome, BaseException):
                self.message.setText(describe_desk(outcome))
            if generation == self._generation:
                self._show(snapshot)
            self.refreshed.emit(outcome)

        def failed(error: BaseException) -> None:
            self._refresh_finished()
            self.message.setText(describe_desk(error))
            self.refreshed.emit(error)

        self.ops.run(work, done, failed)

    def _refresh_finished(self) -> None:
        self._refreshing = False
        self.refresh_button.setEnabled(True)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh()

    def reload(self) -> None:
        """Show what this desk holds, with the filters (no network)."""
        ws = self.ws
        if ws is None or ws.session is None:
            return
        filters = self._filters()
        self._generation += 1
        generation = self._generation

        def work() -> tuple[CertificateDesk, DeskSnapshot]:
            desk = self._desk(ws)
            return desk, self._read(desk, filters)

        def done(result: tuple[CertificateDesk, DeskSnapshot]) -> None:
            self.desk = result[0]
            if generation == self._generation:
                self._show(result[1])

        self.ops.run(work, done, lambda error: self.message.setText(describe_desk(error)))

    # -- showing ------------------------------------------------------------------------------

    def _show(self, snapshot: DeskSnapshot) -> None:
        keep_waiting, keep_issued = self.current_waiting(), self.current_issued()
        self.snapshot = snapshot
        self._fill_facets(snapshot.facets)
        self.waiting.setRowCount(len(snapshot.pending))
        for row, cert in enumerate(snapshot.pending):
            body = cert.certificate
            template = snapshot.templates.get(body.template.value, body.template.value)
            self._row(self.waiting, row, [
                body.case_number, body.item_name, body.department, cert.applicant_masked,
                cert.id_number_masked, _when(body.approved_at), template])
        self.issued.setRowCount(len(snapshot.issued))
        for row, (cert, sheet) in enumerate(snapshot.issued):
            body = cert.certificate
            handover = (self.tr("Handed over %1").replace("%1", _when(cert.handed_over_at))
                        if cert.handed_over_at is not None
                        else self.tr("Waiting for the applicant"))
            sent = (self.tr("✓") if sheet is not None and sheet.synced
                    else self.tr("refused") if str(cert.certificate_id) in snapshot.refused
                    else self.tr("waiting"))
            self._row(self.issued, row, [
                body.case_number, body.item_name, cert.applicant_masked,
                sheet.serial if sheet else "", _when(sheet.used_at if sheet else None),
                handover, sent])
        self.waiting_label.setText(self.tr("Waiting (%1)").replace(
            "%1", str(len(snapshot.pending))))
        waiting_for_applicant = sum(1 for c, _ in snapshot.issued if c.handed_over_at is None)
        self.issued_label.setText(self.tr("Issued here (%1, %2 to hand over)").replace(
            "%1", str(len(snapshot.issued))).replace("%2", str(waiting_for_applicant)))
        self._select(self.waiting, [c.certificate_id for c in snapshot.pending],
                     keep_waiting.certificate_id if keep_waiting else None,
                     in_use=self._active_list is self.waiting)
        self._select(self.issued, [c.certificate_id for c, _ in snapshot.issued],
                     keep_issued.certificate_id if keep_issued else None,
                     in_use=self._active_list is self.issued)
        self._show_shift(snapshot.shift, snapshot.counts, snapshot.clerk)
        self._show_refusals(snapshot.refusals)
        self._update_buttons()
        self.loaded.emit(len(snapshot.pending), len(snapshot.issued))

    @staticmethod
    def _row(table: QTableWidget, row: int, values: Sequence[str]) -> None:
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))

    @staticmethod
    def _select(table: QTableWidget, ids: Sequence[object], keep: object, *,
                in_use: bool) -> None:
        """Keep the row the clerk was on; one that left the list gives way to the next in
        line. Only the list in use shows it selected; the other keeps it current for
        when the clerk moves back."""
        if not ids:
            table.clearSelection()
            return
        row = ids.index(keep) if keep in ids else min(max(table.currentRow(), 0),
                                                      len(ids) - 1)
        if in_use:
            table.selectRow(row)
            return
        table.clearSelection()
        model = table.selectionModel()
        if model is not None:
            model.setCurrentIndex(table.model().index(row, 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)

    def _fill_facets(self, facets: Facets) -> None:
        for combo, entries in (
                (self.item, [(f"{name}（{count}）", code) for code, name, count in facets.items]),
                (self.department, [(f"{name}（{count}）", name)
                                   for name, count in facets.departments])):
            chosen = combo.currentData()
            blocker = QSignalBlocker(combo)  # refilling is not the clerk choosing
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in entries:
                combo.addItem(text, data)
            index = combo.findData(chosen) if chosen is not None else 0
            if index < 0:  # filtered on something no longer waiting: keep it visible
                combo.addItem(str(chosen), chosen)
                index = combo.count() - 1
            combo.setCurrentIndex(index)
            del blocker

    def _show_shift(self, shift: Shift | None, counts: Sequence[StockCount], clerk: str
                    ) -> None:
        has_shift = shift is not None
        self.start_shift_button.setVisible(not has_shift)
        self.end_shift_button.setVisible(has_shift)
        self.counts.setVisible(has_shift)
        if shift is None:
            self.shift_state.setText(self.tr("No shift is open. Start one with the stock you "
                                             "take over before issuing."))
            self.counts.setRowCount(0)
            return
        name = shift.clerk_name or shift.clerk
        text = self.tr("Shift of %1 since %2").replace("%1", name).replace(
            "%2", _when(shift.started_at))
        if shift.clerk != clerk:
            text += "\n" + self.tr("Another clerk's shift: end it (Ctrl+Shift+E) with the "
                                   "summary, then start yours to issue.")
        self.shift_state.setText(text)
        self.counts.setRowCount(len(counts))
        for row, count in enumerate(counts):
            self._row(self.counts, row, [
                count.stock_type.name, str(count.loaded), str(count.issued), str(count.voided),
                str(count.remaining), ", ".join(str(r) for r in count.remaining_ranges)])
            if count.used_elsewhere:
                tip = self.tr("Not counted: %1, used by another desk (the server said so); "
                              "never this desk's sheets.").replace(
                    "%1", ", ".join(count.used_elsewhere))
                for column in (4, 5):
                    item = self.counts.item(row, column)
                    if item is not None:
                        item.setToolTip(tip)

    def _show_refusals(self, refusals: Sequence[Refusal]) -> None:
        lines = []
        for refusal in refusals:
            conflict = refusal.conflict
            where = "" if conflict is None else (
                conflict.window or conflict.device_prefix or conflict.clerk)
            if conflict is not None and refusal.remedy == "give_up":
                lines.append(self.tr("Another desk (%2) issued the certificate printed on sheet "
                                     "%1 first, on %3: void what was printed here "
                                     "(Ctrl+Shift+F).").replace(
                    "%1", refusal.serial or "—").replace("%2", where).replace(
                    "%3", _when(conflict.at)))
            elif conflict is not None:
                lines.append(self.tr("The server refused sheet %1: another desk (%2) used it "
                                     "on %3. Check the serial on the sheet (Ctrl+Shift+F).")
                             .replace("%1", conflict.serial).replace("%2", where).replace(
                                 "%3", _when(conflict.at)))
            else:
                lines.append(self.tr("The server refused a desk record (%1, sheet %2). See "
                                     "Sync details (Ctrl+Shift+Y).").replace(
                    "%1", refusal.error_code).replace("%2", refusal.serial or "—"))
        self.refusal_label.setText("\n".join(lines))
        self.refusal_label.setVisible(bool(lines))
        self.resolve_button.setVisible(bool(lines))

    def current_waiting(self) -> DeskCertificate | None:
        row = _selected_row(self.waiting)
        pending = self.snapshot.pending if self.snapshot else []
        return pending[row] if row is not None and 0 <= row < len(pending) else None

    def current_issued(self) -> DeskCertificate | None:
        found = self._issued_entry()
        return found[0] if found else None

    def _issued_entry(self) -> tuple[DeskCertificate, Sheet | None] | None:
        row = _selected_row(self.issued)
        issued = self.snapshot.issued if self.snapshot else []
        return issued[row] if row is not None and 0 <= row < len(issued) else None

    def _update_buttons(self) -> None:
        ready = self.desk is not None and self.snapshot is not None
        issued = self.current_issued()
        handed_over = issued is not None and issued.handed_over_at is not None
        self.issue_button.setEnabled(ready and self.current_waiting() is not None)
        # A certificate handed over left the desk: never reprinted here; its receipt is.
        self.reprint_button.setEnabled(ready and issued is not None and not handed_over)
        self.handover_button.setText(self.tr("Receipt… (Ctrl+H)") if handed_over
                                     else self.tr("Hand over… (Ctrl+H)"))
        self.handover_button.setEnabled(ready and issued is not None)
        self.void_button.setEnabled(ready)

    # -- actions --------------------------------------------------------------------------------

    def _ready(self) -> tuple[CertificateDesk, DeskSnapshot] | None:
        if self.desk is None or self.snapshot is None or self.ws is None:
            return None
        if self.dialog is not None and self.dialog.isVisible():
            return None  # one action at a time
        return self.desk, self.snapshot

    def _opened(self, dialog: QDialog) -> None:
        # Closed dialogs go once no operation can still answer them (a clerk opens
        # dozens a day; each holds a preview).
        if not self.ops.busy:
            for closed in self._closed:
                closed.deleteLater()
            self._closed = []
        self.dialog = dialog
        self.message.clear()
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _printer_choice(self, document_type: str = DOCUMENT_TYPE
                        ) -> tuple[str, Callable[[str], None]]:
        """The printer offered first for certificates (or hand-over receipts: "receipt",
        plain A4 like the acceptance receipt), and how a choice is remembered."""
        from workstation.settings import DOCUMENT_TYPES

        ws, ops = self.ws, self.ops
        if ws is not None and document_type in DOCUMENT_TYPES:
            def remember(name: str) -> None:
                ops.run(lambda: ws.remember_printer(document_type, name))

            return ws.settings.printers.get(document_type, ""), remember

        def keep(name: str) -> None:
            self._session_printer = name

        return self._session_printer, keep

    def calibration_for(self, printer: str, stock_type: str) -> Calibration | None:
        """The calibration saved for a printer and stock type (the identity when none is):
        workstation.calibrations, read from the settings (any thread)."""
        ws = self.ws
        if ws is None:
            return None
        from workstation.calibrations import calibration_for

        return calibration_for(ws.settings, printer, stock_type)

    def _sheet_dialog(self, cert: DeskCertificate, *, reprint: bool) -> None:
        found = self._ready()
        if found is None or self.ws is None:
            return
        desk, snapshot = found
        if snapshot.shift is None:
            self.message.setText(self.tr("Start your shift first (Ctrl+Shift+S): it records "
                                         "the stock you took over."))
            return
        preferred, remember = self._printer_choice()
        dialog = SheetDialog(self.ops, desk, cert, snapshot.stock_types, reprint=reprint,
                             training=self.ws.sandbox, preferred_printer=preferred,
                             remember_printer=remember, calibration=self.calibration_for,
                             parent=self)
        number = cert.certificate.case_number

        def recorded(sheet: Sheet) -> None:
            text = (self.tr("Case %1 reprinted on sheet %2; the earlier sheet is voided.")
                    if reprint else self.tr("Case %1 issued on sheet %2."))
            self.message.setText(text.replace("%1", number).replace("%2", sheet.serial))
            if not reprint:
                # The search found that case; kept, it would leave the lists looking empty.
                blocker = QSignalBlocker(self.search)  # the reload below shows it cleared
                self.search.clear()
                del blocker
                self._search_timer.stop()
            self._changed()

        dialog.recorded.connect(recorded)
        dialog.voided.connect(lambda _: self._changed())
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)

    def _changed(self) -> None:
        self.changed.emit()
        self.reload()

    def _dialog_closed(self, dialog: QDialog) -> None:
        self._closed.append(dialog)
        self.reload()
        self.window().activateWindow()

    def issue(self) -> None:
        """Print the selected waiting certificate on a sheet (Enter)."""
        cert = self.current_waiting()
        if cert is not None:
            self._sheet_dialog(cert, reprint=False)

    def _refused_text(self, cert: DeskCertificate) -> str | None:
        """Why nothing more is done with a certificate whose issuance the server refuses."""
        snapshot = self.snapshot
        refused = None if snapshot is None else snapshot.refused.get(str(cert.certificate_id))
        if refused is None:
            return None
        return self.tr("The server refused the issuance of case %1 on sheet %2. Put it right "
                       "first (Ctrl+Shift+F).").replace(
            "%1", cert.certificate.case_number).replace("%2", refused.serial)

    def reprint(self) -> None:
        """Print the selected issued certificate again on another sheet (Ctrl+R)."""
        if self._ready() is None:
            return
        cert = self.current_issued()
        if cert is None:
            self._choose_issued(self.tr("Reprint: choose the certificate in the list of those "
                                        "issued here, then press Ctrl+R again."))
            return
        refused = self._refused_text(cert)
        if refused is not None:
            self.message.setText(refused)
        elif cert.handed_over_at is not None:
            self.message.setText(self.tr(
                "Case %1 was handed over on %2: the certificate has left the desk and is not "
                "reprinted here. A replacement comes as a new case.").replace(
                "%1", cert.certificate.case_number).replace("%2", _when(cert.handed_over_at)))
        else:
            self._sheet_dialog(cert, reprint=True)

    def void(self) -> None:
        """Void a spoiled sheet (Ctrl+D)."""
        found = self._ready()
        if found is None:
            return
        desk, snapshot = found
        dialog = VoidDialog(self.ops, desk, snapshot.stock_types, parent=self)
        dialog.voided.connect(lambda sheet: self._done(
            self.tr("Sheet %1 voided.").replace("%1", sheet.serial)))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)

    def hand_over(self) -> None:
        """Hand the selected issued certificate over, in person or by post (Ctrl+H); one
        handed over already shows its receipt, to print again."""
        found, entry = self._ready(), self._issued_entry()
        if found is None:
            return
        if entry is None:
            self._choose_issued(self.tr("Hand-over: choose the certificate in the list of those "
                                        "issued here, then press Ctrl+H again."))
            return
        desk, snapshot = found
        cert, sheet = entry
        printer = self._printer_choice(RECEIPT_DOCUMENT_TYPE)
        if cert.handed_over_at is not None:
            receipt = ReceiptDialog(
                self.ops, lambda: desk.handover_receipt_pdf(cert), printer=printer,
                explanation=self.tr("The receipt of the hand-over, as recorded."), parent=self)
            receipt.finished.connect(lambda _: self._dialog_closed(receipt))
            self._opened(receipt)
            self.message.setText(self.tr("Case %1 was handed over on %2.").replace(
                "%1", cert.certificate.case_number).replace("%2", _when(cert.handed_over_at)))
            return
        refused = self._refused_text(cert)
        if refused is not None:  # said now, not after the card is read and signed
            self.message.setText(refused)
            return
        body = cert.certificate
        dialog = HandoverDialog(self.ops, desk, cert, sheet.serial if sheet else "",
                                card_reader=self.card_reader_present(), printer=printer,
                                certificate_name=snapshot.templates.get(
                                    body.template.value, body.item_name),
                                parent=self)
        dialog.handed_over.connect(lambda: self._done(self.tr("Case %1 handed over.").replace(
            "%1", cert.certificate.case_number)))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)

    def identity_read(self, identity: Identity) -> bool:
        """A card read on the reader: the recipient's, when a hand-over is open. True when
        it was taken."""
        dialog = self.dialog
        if isinstance(dialog, HandoverDialog) and dialog.isVisible():
            dialog.identity_read(identity)
            return True
        return False

    def resolve(self) -> None:
        """Put right the oldest sheet the server refused (Ctrl+Shift+F): correct its serial,
        or give up a certificate another desk issued first."""
        found = self._ready()
        if found is None:
            return
        desk, snapshot = found
        if not snapshot.refusals:
            self.message.setText(self.tr("The server has refused nothing of this desk."))
            return
        # The selected certificate's refusal first, else the oldest the desk can put right.
        current = self.current_issued()
        chosen = None if current is None else str(current.certificate_id)
        refusal = next((r for r in snapshot.refusals
                        if r.remedy is not None and r.certificate_id == chosen),
                       next((r for r in snapshot.refusals if r.remedy is not None),
                            snapshot.refusals[0]))
        case_number = next((c.certificate.case_number for c, _ in snapshot.issued
                            if str(c.certificate_id) == refusal.certificate_id), "")
        dialog = RefusalDialog(self.ops, desk, refusal, case_number, parent=self)
        dialog.resolved.connect(self._done)
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self._changed()

    def start_shift(self) -> None:
        """Open the shift with the stock taken over (Ctrl+Shift+S)."""
        found = self._ready()
        if found is None:
            return
        desk, snapshot = found
        if snapshot.shift is not None:
            self.message.setText(self.tr("A shift is open already."))
            return

        def ask(handed_over: dict[str, list[SerialRange]]) -> None:
            if self._ready() is None:
                return
            dialog = StartShiftDialog(self.ops, desk, snapshot.stock_types, handed_over,
                                      parent=self)
            dialog.started.connect(lambda _: self._done(self.tr("Shift started.")))
            dialog.finished.connect(lambda _: self._dialog_closed(dialog))
            self._opened(dialog)

        self.ops.run(desk.handed_over_stock, ask,
                     lambda error: self.message.setText(describe_desk(error)))

    def calibrate(self) -> None:
        """The guided calibration of a printer for a stock type (Ctrl+Shift+K): saved
        corrections apply to the next certificate printed."""
        if self._ready() is None or self.ws is None:
            return
        from ui.calibration_dialog import CalibrationDialog

        dialog = CalibrationDialog(self.ops, self.ws, parent=self)
        dialog.saved.connect(lambda _: self.message.setText(self.tr(
            "Calibration saved: the next certificates on that printer use it.")))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)

    def end_shift(self) -> None:
        """The summary of the shift, ended on the clerk's word (Ctrl+Shift+E)."""
        found = self._ready()
        if found is None:
            return
        desk, snapshot = found
        if snapshot.shift is None:
            self.message.setText(self.tr("No shift is open."))
            return
        dialog = ShiftSummaryDialog(self.ops, desk, snapshot.shift, parent=self)
        dialog.ended.connect(lambda _: self._done(self.tr("Shift ended.")))
        dialog.finished.connect(lambda _: self._dialog_closed(dialog))
        self._opened(dialog)
