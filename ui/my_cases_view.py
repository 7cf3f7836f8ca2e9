"""My cases: today's and open cases, the back office's progress, due-date countdown.

Keyboard: Up/Down move; Enter reopens a notified case when the applicant comes back (it
opens in the intake tab under the same number); Ctrl+P prints the case's document again
(receipt, notice or refusal; audited as a reprint); Ctrl+Shift+P saves its captured pages
as one PDF; Ctrl+R (or F5's sync) refreshes.
Due dates count working days: amber from one working day before, red once passed.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import pdf_export
from ui.intake_view import CaseDocumentDialog
from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from workstation.core import MyCase, Workstation
    from workstation.intake import Draft

WARN_DAYS = 1  # amber from this many working days before the due date
AMBER = QColor("#b26a00")
RED = QColor("#b3261e")


class MyCasesView(QWidget):
    loaded = Signal(int)  # rows shown
    reopened = Signal(object)  # the Draft of a notified case the applicant came back for
    scans_exported = Signal(str)  # the PDF's path

    COLUMNS = ("number", "item", "applicant", "outcome", "progress", "due", "left", "sent")

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myCases")
        self.ops = ops
        self.ws: Workstation | None = None
        self.cases: list[MyCase] = []
        self.document_dialog: CaseDocumentDialog | None = None

        self.view = QComboBox(self)
        self.view.setObjectName("myCasesFilter")
        self.view.addItem(self.tr("Open cases"), "open")
        self.view.addItem(self.tr("Today"), "today")
        self.view.addItem(self.tr("All"), "all")
        self.view.currentIndexChanged.connect(lambda _=0: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("myCasesSummary")
        self.reopen_button = QPushButton(self.tr("Continue the case (Enter)"), self)
        self.reopen_button.clicked.connect(self.reopen)
        self.reprint_button = QPushButton(self.tr("Print the document again (Ctrl+P)"), self)
        self.reprint_button.clicked.connect(self.reprint)
        self.export_button = QPushButton(self.tr("Scans as PDF… (Ctrl+Shift+P)"), self)
        self.export_button.setObjectName("exportCaseScans")
        self.export_button.clicked.connect(self.export_scans)
        top = QHBoxLayout()
        top.addWidget(self.view)
        top.addWidget(self.summary, 1)
        top.addWidget(self.reopen_button)
        top.addWidget(self.reprint_button)
        top.addWidget(self.export_button)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("myCasesTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Case number"), self.tr("Item"), self.tr("Applicant"), self.tr("Outcome"),
            self.tr("Progress"), self.tr("Due"), self.tr("Time left"), self.tr("Sent")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(lambda _: self.reopen())
        self.message = QLabel(self)
        self.message.setObjectName("myCasesMessage")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        for key, slot in (("Ctrl+P", self.reprint), ("Ctrl+R", self.refresh),
                          ("Ctrl+Shift+P", self.export_scans)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._update_buttons()

    def attach(self, ws: Workstation) -> None:
        self.ws = ws

    def refresh(self) -> None:
        ws = self.ws
        if ws is None or ws.session is None:
            return
        view = str(self.view.currentData())
        self.ops.run(lambda: ws.my_cases(view), self._show,
                     lambda error: self.message.setText(describe(error)))

    def _show(self, cases: list[MyCase]) -> None:
        keep = self.current()
        self.cases = cases
        outcomes = {"accepted": self.tr("Accepted"), "notified": self.tr("One-time notice"),
                    "refused": self.tr("Refused")}
        progress = {
            "received": self.tr("Received"), "in_review": self.tr("In review"),
            "approved": self.tr("Approved"), "denied": self.tr("Denied"),
            "certificate_ready": self.tr("Certificate ready"),
            "delivered": self.tr("Delivered"), "withdrawn": self.tr("Withdrawn"),
        }
        self.table.setRowCount(len(cases))
        due_soon = overdue = 0
        for row, case in enumerate(cases):
            r = case.row
            left = ""
            colour: QColor | None = None
            if case.days_left is not None and r.progress not in ("approved", "denied",
                                                                 "delivered", "withdrawn"):
                if case.days_left < 0:
                    left = self.tr("Overdue by %1 working days").replace(
                        "%1", str(-case.days_left))
                    colour, overdue = RED, overdue + 1
                elif case.days_left == 0:
                    left = self.tr("Due today")
                    colour, due_soon = AMBER, due_soon + 1
                else:
                    left = self.tr("%1 working days").replace("%1", str(case.days_left))
                    if case.days_left <= WARN_DAYS:
                        colour, due_soon = AMBER, due_soon + 1
            shown_progress = progress.get(r.progress or "", self.tr("—"))
            if r.progress_note:
                shown_progress += f"（{r.progress_note}）"
            values = [r.case_number, r.item_name, case.applicant, outcomes.get(r.status, r.status),
                      shown_progress, r.due_date.isoformat() if r.due_date else "", left,
                      self.tr("✓") if r.sent else self.tr("waiting")]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if colour is not None and self.COLUMNS[column] in ("due", "left"):
                    item.setForeground(QBrush(colour))
                self.table.setItem(row, column, item)
        parts = [self.tr("%1 cases").replace("%1", str(len(cases)))]
        if due_soon:
            parts.append(self.tr("%1 due within a working day").replace("%1", str(due_soon)))
        if overdue:
            parts.append(self.tr("%1 overdue").replace("%1", str(overdue)))
        self.summary.setText(" · ".join(parts))
        if keep is not None:
            for row, case in enumerate(cases):
                if case.row.uuid == keep.row.uuid:
                    self.table.selectRow(row)
        elif cases:
            self.table.selectRow(0)
        self._update_buttons()
        self.loaded.emit(len(cases))

    def current(self) -> MyCase | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        if not rows or not 0 <= rows[0].row() < len(self.cases):
            return None
        return self.cases[rows[0].row()]

    def _update_buttons(self) -> None:
        case = self.current()
        self.reopen_button.setEnabled(case is not None and case.row.status == "notified")
        self.reprint_button.setEnabled(case is not None)
        self.export_button.setEnabled(case is not None)

    def reopen(self) -> None:
        ws, case = self.ws, self.current()
        if ws is None or case is None or case.row.status != "notified":
            return
        case_uuid = uuid.UUID(case.row.uuid)

        def reopened(draft: Draft) -> None:
            self.reopened.emit(draft)

        self.ops.run(lambda: ws.reopen(case_uuid), reopened,
                     lambda error: self.message.setText(describe(error)))

    def export_scans(self) -> None:
        """The case's captured pages as one PDF (a bookmark per material), to a file."""
        case = self.current()
        if self.ws is None or case is None:
            return
        path = pdf_export.ask_path(self, f"{case.row.case_number}.pdf")
        if path is not None:
            self.export_scans_to(path)

    def export_scans_to(self, path: Path) -> None:
        ws, case = self.ws, self.current()
        if ws is None or case is None:
            return
        case_uuid = uuid.UUID(case.row.uuid)

        def failed(error: BaseException) -> None:
            from printing.scans import NoPagesError

            self.message.setText(self.tr("This case has no captured pages.")
                                 if isinstance(error, NoPagesError) else describe(error))

        pdf_export.save(self.ops, path, lambda: ws.case_pages_pdf(case_uuid),
                        self.scans_exported.emit, failed)

    def reprint(self) -> None:
        ws, case = self.ws, self.current()
        if ws is None or case is None:
            return
        case_uuid = uuid.UUID(case.row.uuid)

        def opened(full: object) -> None:
            from server.contract import CaseSubmission

            assert isinstance(full, CaseSubmission)
            self.document_dialog = CaseDocumentDialog(self.ops, ws, full, parent=self)
            self.document_dialog.open()

        self.ops.run(lambda: ws.case(case_uuid), opened,
                     lambda error: self.message.setText(describe(error)))
