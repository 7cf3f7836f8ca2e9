"""The main window: the knowledge base, intake and my-cases tabs, the sandbox banner,
session and sync status. Ctrl+1 / 2 / 3 switch tabs (Ctrl+4: the certificate desk, for
clerks with its role); Ctrl+N on an item of the knowledge base starts a case for it in
the intake tab."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import sandbox_menu, sync_panel
from ui.card_reader import (
    AccessKeyDialog,
    CardReaderBridge,
    CardStatusLabel,
    DiagnosticsDialog,
)
from ui.certificate_desk import CertificateDeskView
from ui.intake_view import IntakeView
from ui.knowledge_base import KnowledgeBaseView
from ui.login import LoginDialog
from ui.messages import describe, describe_code
from ui.my_cases_view import MyCasesView
from ui.ops import Operations
from ui.settings_dialog import SettingsDialog
from ui.sync_bridge import SyncBridge
from ui.sync_panel import SyncPanel

if TYPE_CHECKING:
    # The core (httpx, pydantic, SQLite helpers) loads on the ops thread after the window
    # is shown; widgets only need its types.
    from devices.cards.identity import AccessKeyNeeded
    from devices.cards.passport import AccessKey
    from workstation.auth import Session
    from workstation.card_readers import CardReaders
    from workstation.core import SyncOverview, Workstation
    from workstation.settings import Settings
    from workstation.sync import SyncProgress, SyncReport

log = logging.getLogger("ui.main_window")


class MainWindow(QMainWindow):
    shown = Signal()
    logged_in = Signal()
    settings_applied = Signal()  # saved, and handed to the running sync
    catalogue_loaded = Signal(int)
    closed = Signal()  # the application may start a new session (a sandbox reset)

    def __init__(self, ops: Operations, *, sandbox: bool) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ops = ops
        self.sandbox = sandbox
        self.ws: Workstation | None = None
        self.session: Session | None = None
        self.bridge: SyncBridge | None = None
        self.card_reader: CardReaders | None = None
        self._access_dialog: AccessKeyDialog | None = None
        self._typed_keys: dict[str, AccessKey] = {}  # per reader, until its document is read
        self._shown_once = False
        self._closing = False
        self._renewing = False
        self.setWindowTitle(self._title())
        self._fit_to_screen()

        # Sandbox banner: part of the central widget, no action hides it.
        self.banner = QLabel(self.tr("TRAINING MODE 培训模式 — practice data only, nothing "
                                     "here is valid"), self)
        self.banner.setObjectName("sandboxBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "QLabel#sandboxBanner { background: #c0392b; color: white; font-weight: bold;"
            " padding: 6px; }")
        self.banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.banner.setVisible(sandbox)

        self.kb = KnowledgeBaseView(ops, self)
        self.kb.list_loaded.connect(self.catalogue_loaded.emit)
        self.kb.start_case.connect(self.start_case)
        self.intake = IntakeView(ops, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.addTab(self.kb, self.tr("Knowledge base (Ctrl+1)"))
        self.tabs.addTab(self.intake, self.tr("Intake (Ctrl+2)"))
        self.my_cases = MyCasesView(ops, self)
        self.tabs.addTab(self.my_cases, self.tr("My cases (Ctrl+3)"))
        self.my_cases.reopened.connect(self._resume_case)
        # The certificate desk: a tab only for clerks with its role (shown after login).
        self.desk = CertificateDeskView(ops, self)
        self.tabs.setTabVisible(self.tabs.addTab(self.desk, self.tr("Certificate desk "
                                                                    "(Ctrl+4)")), False)
        self.desk.changed.connect(lambda: self.bridge.request() if self.bridge else None)
        self.intake.decided.connect(lambda _: self.my_cases.refresh())
        # A decided case goes to the server now, not at the next round of the timer.
        self.intake.decided.connect(lambda _: self.bridge.request() if self.bridge else None)
        self.tabs.currentChanged.connect(self._tab_changed)
        for index, key in enumerate(("Ctrl+1", "Ctrl+2", "Ctrl+3")):
            switch = QAction(self)
            switch.setShortcut(QKeySequence(key))
            switch.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            switch.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)
        desk_switch = QAction(self)
        desk_switch.setShortcut(QKeySequence("Ctrl+4"))
        desk_switch.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        desk_switch.triggered.connect(lambda: self.tabs.setCurrentWidget(self.desk) if
                                      self.tabs.isTabVisible(self.tabs.indexOf(self.desk))
                                      else None)
        self.addAction(desk_switch)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.session_label = QLabel(self)
        self.session_label.setObjectName("sessionLabel")
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionLabel")
        self.sync_label = QLabel(self.tr("Opening…"), self)
        self.sync_label.setObjectName("syncLabel")
        self.sync_button = QPushButton(self.tr("Sync now (F5)"), self)
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setEnabled(False)
        self.sync_button.clicked.connect(self.sync_now)
        bar = self.statusBar()
        bar.addWidget(self.session_label)
        bar.addWidget(self.connection_label)
        bar.addWidget(self.sync_label, 1)
        self.card_status = CardStatusLabel(self)
        bar.addPermanentWidget(self.card_status)
        bar.addPermanentWidget(self.sync_button)

        self._build_menus()
        if sandbox:  # practice runs in the Training menu, the scenario panel docked right
            from ui.training import install as install_practice

            self.practice = install_practice(self)

    def _fit_to_screen(self) -> None:
        """1280×800 where it fits; never larger than the screen (counter PCs vary)."""
        screen = self.screen()
        available = screen.availableGeometry() if screen is not None else None
        if available is None or available.isEmpty():
            self.resize(1280, 800)
            return
        self.resize(min(1280, available.width()), min(800, available.height() - 40))

    def _title(self) -> str:
        if self.sandbox:
            return self.tr("Clerk Workstation — TRAINING")
        return self.tr("Clerk Workstation")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.triggered.connect(self.open_settings)
        file_menu.addAction(self.settings_action)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        sync_menu = self.menuBar().addMenu(self.tr("S&ync"))
        self.sync_action = QAction(self.tr("Sync &now"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.setEnabled(False)
        self.sync_action.triggered.connect(self.sync_now)
        sync_menu.addAction(self.sync_action)
        self.stop_sync_action = QAction(self.tr("S&top syncing"), self)
        self.stop_sync_action.setEnabled(False)  # only while a sync is under way
        self.stop_sync_action.triggered.connect(self.stop_sync)
        sync_menu.addAction(self.stop_sync_action)
        self.sync_panel_action = QAction(self.tr("Sync &details…"), self)
        self.sync_panel_action.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        self.sync_panel_action.setEnabled(False)
        self.sync_panel_action.triggered.connect(self.open_sync_panel)
        sync_menu.addAction(self.sync_panel_action)
        self.sync_panel: SyncPanel | None = None
        self.online = False

        # Training mode: the simulated card reader, driven from this menu.
        self.devices_menu = self.menuBar().addMenu(self.tr("&Devices"))
        self.devices_menu.menuAction().setVisible(False)
        # Training mode: practice runs, results, resetting the sandbox (sandbox only).
        self.training_menu = self.menuBar().addMenu(self.tr("&Training"))
        self.training_menu.menuAction().setVisible(self.sandbox)
        # Its sandbox actions: snapshots, reset, the printed folder (ui.sandbox_menu).
        self.sandbox_menu = sandbox_menu.install(self) if self.sandbox else None

    # -- start-up -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self.shown.emit)

    def attach(self, ws: Workstation) -> None:
        """The workstation core is open (on the ops thread): load data, then ask for login."""
        self.ws = ws
        self._start_card_reader(ws)
        self.kb.attach(ws)
        self.intake.attach(ws)
        self.my_cases.attach(ws)
        self.desk.attach(ws)
        self._refresh_overview()
        if ws.recovery is not None:
            self._tell_recovery(ws)
        else:
            self.ask_login()

    def _tell_recovery(self, ws: Workstation) -> None:
        """The store was found damaged and restored: say what happened, then log in."""
        recovery = ws.recovery
        assert recovery is not None
        lines = [self.tr("The local database was damaged. It has been set aside as %1; "
                         "nothing was deleted.").replace("%1", recovery.damaged.name)]
        if recovery.backup_used is not None and recovery.backup_taken_at is not None:
            lines.append(self.tr("It was restored from the automatic backup of %1.").replace(
                "%1", recovery.backup_taken_at.astimezone().strftime("%Y-%m-%d %H:%M")))
        else:
            lines.append(self.tr("No usable backup was found: the workstation starts with a "
                                 "new local database and downloads the catalogue again."))
        if recovery.unsent_found is None:
            lines.append(self.tr("Records not yet sent could not be read from the damaged "
                                 "file; support can try to recover them from it."))
        elif recovery.unsent_found:
            lines.append(self.tr("%1 records not yet sent were found in it; %2 of them were "
                                 "put back and will be sent, the others were already in the "
                                 "backup.").replace("%1", str(recovery.unsent_found)).replace(
                "%2", str(recovery.unsent_rescued)) if recovery.backup_used is not None
                else self.tr("%1 records not yet sent are in the damaged file; support can "
                             "recover them from it.").replace("%1",
                                                               str(recovery.unsent_found)))
        lines.append(self.tr("Please tell support."))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Clerk Workstation"),
                          "\n\n".join(lines), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("storeRecovered")
        box.finished.connect(lambda _: self.ask_login())
        box.open()
        self.recovery_box = box

    def open_failed(self, error: BaseException) -> None:
        """The core could not open (newer database, no keyring, …): say why, then quit."""
        log.error("could not open the workstation: %s", getattr(error, "code", error))
        self.sync_label.setText(describe(error))
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Clerk Workstation"),
                          describe(error), QMessageBox.StandardButton.Close, self)
        box.setObjectName("openFailed")
        box.finished.connect(lambda _: self.close())
        box.open()
        self.open_error = box

    def ask_login(self) -> None:
        ws = self.ws
        assert ws is not None
        dialog = LoginDialog(self.ops, ws.login, sandbox=self.sandbox, parent=self)
        dialog.finished.connect(lambda _: self._login_finished(dialog))
        dialog.open()
        self.login_dialog = dialog

    def renew_login(self) -> None:
        """The server no longer accepts this session: the same clerk logs in again, and
        syncing resumes. Work at the counter goes on meanwhile; "Later" asks again at the
        next sync."""
        ws, session = self.ws, self.session
        if ws is None or session is None or self._renewing:
            return
        self._renewing = True
        dialog = LoginDialog(self.ops, ws.login, sandbox=self.sandbox,
                             renew_for=session.username, parent=self)

        def finished(_: int) -> None:
            self._renewing = False
            if dialog.session is not None:
                self.session = dialog.session
                self._set_online(dialog.session.online)
                self.sync_now()

        dialog.finished.connect(finished)
        dialog.open()
        self.login_dialog = dialog

    def _login_finished(self, dialog: LoginDialog) -> None:
        if dialog.session is None:
            self.close()
            return
        self.session = dialog.session
        profile = dialog.session.profile
        self.session_label.setText(f"{profile.name} · {profile.window}")
        self._set_online(dialog.session.online)
        from workstation.core import settle_memory  # loaded by now: the core is open

        settle_memory()
        self._start_sync()
        self.kb.reload()  # this clerk's favourites and recent items
        self.intake.reload_drafts()  # unfinished cases (all of them after a crash)
        self.tabs.setTabVisible(self.tabs.indexOf(self.desk),
                                self.desk.offered_to(profile.roles))
        # Keyboard-first: after login the clerk types straight into the search box.
        self.activateWindow()
        self.kb.focus_search()
        self.logged_in.emit()

    def _set_online(self, online: bool) -> None:
        self.online = online
        self.connection_label.setText(self.tr("Online") if online else self.tr("Offline"))
        self.connection_label.setProperty("online", online)
        if self.sync_panel is not None:
            self.sync_panel.set_online(online)

    def open_sync_panel(self) -> None:
        """Where everything entered here stands on its way to the server (Ctrl+Shift+Y)."""
        ws = self.ws
        if ws is None or self.session is None:
            return
        if self.sync_panel is None:
            self.sync_panel = SyncPanel(self.ops, ws, online=self.online,
                                        sync_now=self.sync_now, parent=self)
            self.sync_panel.acted.connect(lambda *_: self._refresh_overview())
        else:
            self.sync_panel.refresh()
        self.sync_panel.show()
        self.sync_panel.activateWindow()

    # -- devices --------------------------------------------------------------------------

    def _start_card_reader(self, ws: Workstation) -> None:
        self.card_bridge = CardReaderBridge(self)
        self.card_bridge.happened.connect(self.card_status.show_event)
        self.card_bridge.happened.connect(self._card_event)
        readers = ws.card_readers(self.card_bridge.happened.emit)
        self.card_reader = readers
        self.desk.card_reader_present = lambda: self.card_reader is not None
        diagnostics = QAction(self.tr("Card reader &diagnostics…"), self)
        diagnostics.triggered.connect(self.show_card_diagnostics)
        self.devices_menu.addAction(diagnostics)
        simulated = readers.simulated
        if simulated is not None:
            menu = self.devices_menu.addMenu(self.tr("Put a demo card on the reader"))
            for index, card in enumerate(simulated.cards):
                action = QAction(card.label, self)
                action.triggered.connect(lambda _=False, i=index: simulated.insert(i))
                menu.addAction(action)
            take_off = QAction(self.tr("Take the card off"), self)
            take_off.triggered.connect(simulated.remove)
            self.devices_menu.addAction(take_off)
        self.devices_menu.menuAction().setVisible(True)
        readers.start()

    def show_card_diagnostics(self) -> None:
        if self.card_reader is None:
            return
        dialog = DiagnosticsDialog(self.card_reader.diagnostics, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _card_event(self, event: object) -> None:
        """A card read while a case is open fills its applicant; a passport's chip asks
        for its data-page details."""
        from devices.cards.identity import AccessKeyNeeded, IdentityRead

        if isinstance(event, IdentityRead):
            self._typed_keys.pop(event.reader, None)
            if self.tabs.currentWidget() is self.intake:
                self.intake.fill_from_identity(event.identity)
            elif self.tabs.currentWidget() is self.desk:
                self.desk.identity_read(event.identity)
        elif isinstance(event, AccessKeyNeeded):
            self._ask_access_key(event)

    def _ask_access_key(self, event: AccessKeyNeeded) -> None:
        readers = self.card_reader
        if readers is None:
            return
        if self._access_dialog is not None:
            self._access_dialog.reject()
        typed = self._typed_keys.get(event.reader) if event.refused else None
        dialog = AccessKeyDialog(event.reader, refused=event.refused,
                                 document_number=self.intake.passport_number(), typed=typed,
                                 parent=self)
        self._access_dialog = dialog

        def done(result: int) -> None:
            if self._access_dialog is dialog:
                self._access_dialog = None
            if result and dialog.key is not None:
                self._typed_keys[dialog.reader] = dialog.key
                readers.provide_key(dialog.reader, dialog.key)
            else:
                self._typed_keys.pop(dialog.reader, None)
                readers.forget_key(dialog.reader)
            dialog.deleteLater()

        dialog.finished.connect(done)
        dialog.open()

    def _tab_changed(self, _: int) -> None:
        if self.tabs.currentWidget() is self.my_cases:
            self.my_cases.refresh()
            self.my_cases.table.setFocus()
        elif self.tabs.currentWidget() is self.desk:
            self.desk.activated()

    def _resume_case(self, draft: object) -> None:
        from workstation.intake import Draft

        if isinstance(draft, Draft):
            self.intake.resume(draft)
            self.tabs.setCurrentWidget(self.intake)

    def start_case(self, item: object) -> None:
        from server.contract import ServiceItem

        if isinstance(item, ServiceItem):
            self.intake.start(item)
            self.tabs.setCurrentWidget(self.intake)
            self.intake.applicant.name.setFocus()

    # -- sync -----------------------------------------------------------------------------

    def _start_sync(self) -> None:
        ws = self.ws
        assert ws is not None
        self.bridge = SyncBridge(self)
        worker = ws.sync_worker(self.bridge.report.emit, self.bridge.progress.emit)
        if worker is None:
            self.sync_label.setText(self.tr("No server configured: working from the local "
                                            "catalogue. Set the server in Settings."))
            return
        self.bridge.report.connect(self._sync_report)
        self.bridge.progress.connect(self._sync_progress)
        self.bridge.attach(worker)
        self.sync_button.setEnabled(True)
        self.sync_action.setEnabled(True)
        self.sync_panel_action.setEnabled(True)
        self.sync_label.setText(self.tr("Syncing…"))
        self._watch_network()

    def _watch_network(self) -> None:
        """A network that comes back (cable plugged in, Wi-Fi or VPN up) starts a sync at
        once instead of at the next round. Without a backend (no NetworkManager, glib or
        connman) the rounds and backoff still retry on their own."""
        from PySide6.QtNetwork import QNetworkInformation

        if QNetworkInformation.instance() is None and \
                not QNetworkInformation.loadDefaultBackend():
            log.info("no network information backend; sync retries on its timer only")
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self.network_changed)

    def network_changed(self, reachability: object) -> None:
        from PySide6.QtNetwork import QNetworkInformation

        if reachability in (QNetworkInformation.Reachability.Online,
                            QNetworkInformation.Reachability.Site):
            log.info("the network is back; syncing now")
            self.sync_now()

    def sync_now(self) -> None:
        if self.bridge is not None:
            self.sync_label.setText(self.tr("Syncing…"))
            self.bridge.request()

    def stop_sync(self) -> None:
        if self.bridge is not None:
            self.bridge.cancel()
            self.sync_label.setText(self.tr("Stopping the sync…"))

    def _sync_progress(self, progress: SyncProgress) -> None:
        self.stop_sync_action.setEnabled(True)
        if self.sync_panel is not None:
            self.sync_panel.show_progress(progress)
        phases = {
            "catalogue": self.tr("Downloading catalogue: %1 items"),
            "calendar": self.tr("Downloading calendar: %1 days"),
            "forms": self.tr("Downloading forms: %1"),
            "progress": self.tr("Case progress: %1 updates"),
            "push": self.tr("Sending: %1 records"),
            "upload": self.tr("Sending scanned pages: %1 KB of this page"),
        }
        done = progress.done // 1024 if progress.phase == "upload" else progress.done
        self.sync_label.setText(phases.get(progress.phase, "%1").replace("%1", str(done)))

    def _sync_report(self, report: SyncReport) -> None:
        self.stop_sync_action.setEnabled(False)
        if self.sync_panel is not None:
            self.sync_panel.sync_finished()
        if report.error_code in ("api.unreachable", "api.tls"):
            self._set_online(False)
        elif report.ok or report.error_code not in ("api.session_expired",):
            self._set_online(True)
        if report.pulled.get("catalogue") or report.removed.get("catalogue") or report.rebuilt:
            self.kb.reload()
            self.intake.recheck_item_version()
        if (report.pushed or report.pulled.get("progress")) \
                and self.tabs.currentWidget() is self.my_cases:
            self.my_cases.refresh()  # sent marks and the back office's progress
        if (report.pushed or report.rejected) and self.tabs.currentWidget() is self.desk:
            self.desk.reload()  # sent marks, and serials the server refused
        if report.error_code == "api.session_expired":
            self.renew_login()
        if report.cancelled:
            self.sync_label.setText(self.tr("Sync stopped. What was received is kept; the "
                                            "rest follows with the next sync."))
            return
        if report.resent:
            log.warning("server lacked %d confirmed cases; sent again", report.resent)
            self.statusBar().showMessage(self.tr(
                "The server had lost %1 cases it had confirmed (restored from a backup?); "
                "they were sent again from this workstation.").replace(
                "%1", str(report.resent)), 60_000)
        self._refresh_overview()

    def _refresh_overview(self) -> None:
        ws = self.ws
        if ws is not None:
            self.ops.run(ws.sync_overview, self._show_overview)

    def _show_overview(self, overview: SyncOverview) -> None:
        parts = []
        if overview.last_success_at:
            local = overview.last_success_at.astimezone()
            parts.append(self.tr("Last sync %1").replace("%1", local.strftime("%m-%d %H:%M")))
        else:
            parts.append(self.tr("Never synced"))
        waiting = self.tr("%1 waiting to send").replace("%1", str(overview.pending))
        if overview.page_bytes:
            waiting += f" ({sync_panel.size_text(overview.page_bytes)})"
        parts.append(waiting)
        if overview.overdue is not None:
            parts.append("⚠ " + self.tr("the oldest for %1").replace(
                "%1", sync_panel.age_text(overview.overdue)))
        if overview.rejected:
            parts.append(self.tr("%1 refused by the server").replace(
                "%1", str(overview.rejected)))
        parts.append(self.tr("%1 items").replace("%1", str(overview.items)))
        text = " · ".join(parts)
        if overview.last_error_code:
            text += " · " + describe_code(overview.last_error_code, overview.last_error_detail
                                          or "")
        self.sync_label.setText(text)
        self.sync_label.setToolTip(_stamp(overview.last_attempt_at))

    # -- settings and shutdown ----------------------------------------------------------------

    def open_settings(self) -> None:
        ws = self.ws
        if ws is None:
            return
        dialog = SettingsDialog(ws.settings, sandbox=self.sandbox, ops=self.ops,
                                readers=self.card_reader, parent=self)
        if dialog.exec() and dialog.result_settings is not None:
            self.apply_settings(dialog.result_settings)

    def apply_settings(self, new: Settings) -> None:
        """Save the clerk's settings; the sending ones (chunks, rate cap, upload window,
        retention) reach the running sync at once."""
        ws = self.ws
        if ws is None:
            return

        def retune(_: object) -> None:
            worker = self.bridge.worker if self.bridge is not None else None
            if worker is not None:
                ws.retune_sync(worker)
            self.settings_applied.emit()

        self.ops.run(lambda: ws.save_settings(new), retune)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._closing = True
            if self.bridge is not None:
                self.bridge.stop()
            if self.card_reader is not None:
                self.card_reader.stop()
                self.card_reader = None
            self.kb.shutdown()
            self.closed.emit()
        super().closeEvent(event)


def _stamp(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else ""
