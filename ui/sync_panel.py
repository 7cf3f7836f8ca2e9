"""The sync panel: where everything entered at this counter stands on its way to the server.

What is waiting (records and bytes of scanned pages, and for how long), the page being
sent with its progress and speed, the last success, and every record that failed with
the reason and what to do: send it again, or let a refused one go (audited). Reading
the state and every action run on the operations thread; the panel only shows.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.messages import describe, describe_code
from ui.ops import Operations

if TYPE_CHECKING:
    from offline.outbox import Trouble
    from workstation.core import SyncDetails, WindowState, Workstation
    from workstation.sync import SyncProgress


def size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(0, n) // 1024} KB"


def age_text(delta: dt.timedelta) -> str:
    from PySide6.QtCore import QCoreApplication

    hours = int(delta.total_seconds() // 3600)
    if hours >= 48:
        return QCoreApplication.translate("SyncPanel", "%1 days").replace("%1", str(hours // 24))
    if hours >= 1:
        return QCoreApplication.translate("SyncPanel", "%1 h").replace("%1", str(hours))
    return QCoreApplication.translate("SyncPanel", "%1 min").replace(
        "%1", str(int(delta.total_seconds() // 60)))


class SyncPanel(QDialog):
    refreshed = Signal()  # the state shown is fresh
    acted = Signal(str, int)  # "resend" / "let_go" with the outbox id, "open_window": done

    def __init__(self, ops: Operations, ws: Workstation, *, online: bool,
                 sync_now: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.setWindowTitle(self.tr("Sync"))
        self.ops = ops
        self.ws = ws
        self.details: SyncDetails | None = None
        self._sync_now = sync_now
        self._speed: tuple[float, int] | None = None  # (time, bytes) of the last progress
        self.confirm_let_go = self._ask_let_go

        self.connection = QLabel(self)
        self.connection.setObjectName("syncConnection")
        self.last = QLabel(self)
        self.waiting = QLabel(self)
        self.waiting.setObjectName("syncWaiting")
        self.warning = QLabel(self)
        self.warning.setObjectName("syncWarning")
        self.warning.setStyleSheet("color: #b3261e;")
        self.warning.setWordWrap(True)
        self.window_label = QLabel(self)
        self.window_label.setObjectName("syncWindow")
        self.window_label.setWordWrap(True)
        self.window_label.hide()
        self.transfer = QLabel(self.tr("Nothing is being sent right now."), self)
        self.transfer.setObjectName("syncTransfer")
        self.bar = QProgressBar(self)
        self.bar.hide()
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("syncTroubles")
        self.table.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Record"), self.tr("State"), self.tr("Reason"),
            self.tr("What to do")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(self.tr("No record has failed."), self)
        self.empty.setObjectName("syncNoTroubles")
        self.resend_button = QPushButton(self.tr("Send &again (Ctrl+R)"), self)
        self.resend_button.clicked.connect(self.resend)
        self.let_go_button = QPushButton(self.tr("&Let go… (Del)"), self)
        self.let_go_button.clicked.connect(self.let_go)
        self.window_button = QPushButton(self.tr("Send large pages n&ow (Ctrl+U)"), self)
        self.window_button.setObjectName("syncOpenWindow")
        self.window_button.clicked.connect(self.open_window)
        self.window_button.hide()
        self.sync_button = QPushButton(self.tr("Sync &now (F5)"), self)
        self.sync_button.clicked.connect(self.sync_now)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.let_go_button)
        buttons.addStretch(1)
        buttons.addWidget(self.window_button)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (self.connection, self.last, self.waiting, self.warning,
                       self.window_label, self.transfer, self.bar):
            layout.addWidget(widget)
        layout.addWidget(QLabel(self.tr("Records that failed:"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for key, slot in (("Ctrl+R", self.resend), ("Delete", self.let_go),
                          ("F5", self.sync_now), ("Ctrl+U", self.open_window)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(slot)
            self.addAction(action)
        self.set_online(online)
        self.resize(900, 560)
        self.refresh()

    # -- state ------------------------------------------------------------------------------

    def set_online(self, online: bool) -> None:
        self.connection.setText(self.tr("Online: the server can be reached.") if online else
                                self.tr("Offline: everything entered is kept here and sent "
                                        "when the server can be reached."))

    def refresh(self) -> None:
        self.ops.run(self.ws.sync_details, self._show, lambda e: self.message.setText(
            describe(e)))

    def _show(self, details: SyncDetails) -> None:
        self.details = details
        overview = details.overview
        if overview.last_success_at:
            self.last.setText(self.tr("Last successful sync: %1").replace(
                "%1", overview.last_success_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        else:
            self.last.setText(self.tr("Never synced with the server."))
        waiting = details.waiting
        if waiting.operations:
            text = self.tr("Waiting to be sent: %1 records").replace(
                "%1", str(waiting.operations))
            if waiting.page_bytes:
                text += self.tr(", %1 of scanned pages").replace(
                    "%1", size_text(waiting.page_bytes))
            self.waiting.setText(text)
        else:
            self.waiting.setText(self.tr("Nothing is waiting to be sent."))
        age = (dt.datetime.now(dt.UTC) - waiting.oldest_at) if waiting.oldest_at else None
        if age is not None and age > details.warn_after:
            self.warning.setText(self.tr(
                "The oldest record has been waiting for %1. Check the connection to the "
                "server, or call support if it stays offline.").replace("%1", age_text(age)))
            self.warning.show()
        else:
            self.warning.hide()
        self._show_window(details.window)
        self._fill(details.troubles)
        self.refreshed.emit()

    def _show_window(self, window: WindowState | None) -> None:
        held = window is not None and not window.open_now and window.pages > 0
        self.window_button.setVisible(held)
        self.window_label.setVisible(window is not None)
        if window is None:
            return
        hours = window.spec.replace("-", "–")
        if window.open_now:
            text = self.tr("Upload window %1: open, large scanned pages are being sent.")
        elif window.pages:
            text = self.tr("%2 large scanned pages (%3) wait for the upload window %1; it "
                           "opens at %4. For an urgent case, send them now.")
        else:
            text = self.tr("Scanned pages from %5 on are sent only in the upload window %1.")
        self.window_label.setText(
            text.replace("%1", hours).replace("%2", str(window.pages))
            .replace("%3", size_text(window.page_bytes))
            .replace("%4", window.opens_at.strftime("%H:%M"))
            .replace("%5", size_text(window.min_bytes)))

    def _fill(self, troubles: list[Trouble]) -> None:
        self.table.setRowCount(len(troubles))
        for row, trouble in enumerate(troubles):
            what = self.tr("Case") if trouble.op == "case.put" else self.tr("Scanned page")
            if trouble.state == "rejected":
                state = self.tr("Refused")
            else:
                state = self.tr("Retrying (%1 tries)").replace("%1", str(trouble.attempts))
            cells = [trouble.case_number or "—", f"{what} {trouble.item_name}".strip(), state,
                     self._reason(trouble), self._advice(trouble)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, trouble.id)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(troubles))
        self.empty.setVisible(not troubles)
        if troubles and self.table.currentRow() < 0:
            self.table.selectRow(0)
        self._update_buttons()

    def _reason(self, trouble: Trouble) -> str:
        texts = {
            "attachment_rejected": self.tr("Scanned pages of this case could not be sent."),
            "attachment_missing": self.tr("A scanned page is missing on this workstation."),
            "store.attachment_missing": self.tr("A scanned page is missing on this "
                                                "workstation."),
            "store.decrypt": self.tr("A scanned page on this workstation is damaged."),
            "validation": self.tr("The server refused the record: %1"),
            "sequence_reused": self.tr("The server already holds another record under this "
                                       "workstation's number for it."),
        }
        if trouble.error_code in texts:
            return texts[trouble.error_code].replace("%1", trouble.error_detail)
        return describe_code(trouble.error_code, trouble.error_detail)

    def _advice(self, trouble: Trouble) -> str:
        if trouble.state != "rejected":
            return self.tr("Nothing: it is retried automatically.")
        if trouble.error_code in ("attachment_rejected", "attachment_missing",
                                  "store.attachment_missing", "store.decrypt"):
            return self.tr("Ask support to restore the page, then send again; the case "
                           "itself is kept here.")
        if trouble.error_code == "validation":
            return self.tr("Clear it up with the back office; send again once the server "
                           "accepts it, or let it go.")
        return self.tr("Send again once the cause is fixed, or let it go.")

    def selected(self) -> Trouble | None:
        if self.details is None:
            return None
        row = self.table.currentRow()
        troubles = self.details.troubles
        return troubles[row] if 0 <= row < len(troubles) else None

    def _update_buttons(self) -> None:
        trouble = self.selected()
        self.resend_button.setEnabled(trouble is not None)
        self.let_go_button.setEnabled(trouble is not None and trouble.state == "rejected")

    # -- transfer progress (from the sync bridge) -------------------------------------------

    def show_progress(self, progress: SyncProgress) -> None:
        if progress.phase != "upload":
            self.transfer.setText(self.tr("Syncing…"))
            self.bar.hide()
            self._speed = None
            return
        now = time.monotonic()
        speed = ""
        if self._speed is not None and now > self._speed[0] and progress.done > self._speed[1]:
            rate = (progress.done - self._speed[1]) / (now - self._speed[0])
            speed = self.tr(" at %1/s").replace("%1", size_text(int(rate)))
        self._speed = (now, progress.done)
        self.transfer.setText(self.tr("Sending a scanned page: %1 sent%2").replace(
            "%1", size_text(progress.done)).replace("%2", speed))

    def sync_finished(self) -> None:
        self.transfer.setText(self.tr("Nothing is being sent right now."))
        self.bar.hide()
        self._speed = None
        self.refresh()

    # -- actions ----------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self._sync_now is not None:
            self._sync_now()
            self.transfer.setText(self.tr("Syncing…"))

    def open_window(self) -> None:
        """Send the large pages waiting now without waiting for the window (audited)."""
        if not self.window_button.isVisible():
            return

        def done(records: int) -> None:
            self.message.setText(self.tr("The waiting large pages are sent now (%1 records)."
                                         ).replace("%1", str(records)))
            self.acted.emit("open_window", records)
            self.sync_now()
            self.refresh()

        self.ops.run(self.ws.open_upload_window, done,
                     lambda e: self.message.setText(describe(e)))

    def resend(self) -> None:
        trouble = self.selected()
        if trouble is None:
            return
        op_id = trouble.id

        def done(_: object) -> None:
            self.message.setText(self.tr("It is sent with the next sync."))
            self.acted.emit("resend", op_id)
            self.sync_now()
            self.refresh()

        self.ops.run(lambda: self.ws.resend(op_id), done,
                     lambda e: self.message.setText(describe(e)))

    def let_go(self) -> None:
        trouble = self.selected()
        if trouble is None or trouble.state != "rejected" or not self.confirm_let_go(trouble):
            return
        op_id = trouble.id

        def done(let: bool) -> None:
            self.message.setText(self.tr("Let go; this is recorded.") if let else
                                 self.tr("It is no longer a refused record."))
            self.acted.emit("let_go", op_id)
            self.refresh()

        self.ops.run(lambda: self.ws.let_go(op_id), done,
                     lambda e: self.message.setText(describe(e)))

    def _ask_let_go(self, trouble: Trouble) -> bool:
        answer = QMessageBox.question(
            self, self.windowTitle(),
            self.tr("Let this refused record go? It will not be sent to the server; the "
                    "case stays on this workstation and your decision is recorded."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes
