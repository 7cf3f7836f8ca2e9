"""The Training menu's sandbox actions (#9): save a snapshot, reset the sandbox to the
clean state or to a snapshot, open the folder the training printer writes into.

A reset is one action for the trainer: after the confirmation the window records the
request and closes; the application (ui/app.py) then resets the sandbox with the core
closed (workstation.snapshots) and starts a new session in the same process, which asks
for the login again. Saving a snapshot runs on the operations thread while the counter
keeps working (the databases are copied with SQLite's backup API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.messages import describe
from ui.ops import Operations
from ui.sync_panel import size_text

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from workstation.paths import Paths
    from workstation.snapshots import Snapshot


@dataclass(frozen=True)
class ResetRequest:
    """What the trainer asked for: the clean state (None) or a snapshot's name."""

    snapshot: str | None


def lost_text(snapshot: Snapshot | None) -> str:
    """What a reset to `snapshot` (None: the clean state) loses, in the trainer's words."""
    if snapshot is None:
        head = QCoreApplication.translate(
            "SandboxMenu", "Everything done in the sandbox is lost and the demo data "
            "comes back as installed:")
    else:
        head = QCoreApplication.translate(
            "SandboxMenu", "Everything done in the sandbox since the snapshot “%1” was saved "
            "(%2) is lost:").replace("%1", snapshot.name).replace(
            "%2", snapshot.created_at.astimezone().strftime("%Y-%m-%d %H:%M"))
    return "\n".join((
        head,
        QCoreApplication.translate(
            "SandboxMenu", "cases, drafts and captured pages, certificate desk records, "
            "what the training server received, and changed settings;"),
        QCoreApplication.translate(
            "SandboxMenu", "the documents in the printed documents folder."),
        QCoreApplication.translate(
            "SandboxMenu", "Saved snapshots and the records of practice runs are kept. The "
            "workstation restarts and asks for the login again."),
    ))


def _clicked(box: QMessageBox, role: QMessageBox.ButtonRole) -> bool:
    """The message box was answered with its button of `role`."""
    button = box.clickedButton()
    return button is not None and box.buttonRole(button) == role


class SaveSnapshotDialog(QDialog):
    """The name of the snapshot to save; an existing name is replaced after a question."""

    def __init__(self, existing: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveSnapshotDialog")
        self.setWindowTitle(self.tr("Save a snapshot of the sandbox"))
        self.existing = existing
        self.name = QLineEdit(self)
        self.name.setObjectName("snapshotName")
        self.name.setMaxLength(80)
        self.name.setPlaceholderText(self.tr("e.g. 三个待补正的案件"))
        label = QLabel(self.tr("Snapshot &name:"), self)
        label.setBuddy(self.name)
        explanation = QLabel(self.tr(
            "A snapshot keeps everything in the sandbox as it is now: cases, drafts, "
            "captured pages, certificate desk records, the training server's data and the "
            "settings. Reset the sandbox to it later from the Training menu."), self)
        explanation.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("snapshotMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (explanation, label, self.name, self.message, self.buttons):
            layout.addWidget(widget)
        self.chosen: str | None = None
        self.replace = False
        self.question: QMessageBox | None = None

    def submit(self) -> None:
        from workstation.snapshots import SnapshotNameError, check_name

        try:
            name = check_name(self.name.text())
        except SnapshotNameError:
            self.message.setText(self.tr("Give the snapshot a name without “/” or “\\” "
                                         "(at most 80 characters)."))
            self.name.setFocus()
            return
        if name not in self.existing:
            self._done(name, replace=False)
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Replace the snapshot?"),
                          self.tr("A snapshot named “%1” exists. Replace it with the "
                                  "sandbox as it is now?").replace("%1", name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("replaceSnapshot")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda _: self._done(name, replace=True) if _clicked(
            box, QMessageBox.ButtonRole.YesRole) else self.name.setFocus())
        self.question = box
        box.open()

    def _done(self, name: str, *, replace: bool) -> None:
        self.chosen, self.replace = name, replace
        self.accept()


class ResetDialog(QDialog):
    """Choose the clean state or a snapshot; deleting a snapshot is offered here too.
    Resetting asks for a confirmation that says what is lost."""

    CLEAN = ""  # the list's data for the clean state (no snapshot has an empty name)
    reset_chosen = Signal(object)  # ResetRequest, once confirmed
    delete_chosen = Signal(str)  # a snapshot's name, once confirmed

    def __init__(self, found: list[Snapshot], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resetSandboxDialog")
        self.setWindowTitle(self.tr("Reset the sandbox"))
        self.snapshots = {s.name: s for s in found}
        self.choices = QListWidget(self)
        self.choices.setObjectName("resetChoices")
        label = QLabel(self.tr("Reset the sandbox &to:"), self)
        label.setBuddy(self.choices)
        self.lost = QLabel(self)
        self.lost.setObjectName("resetLost")
        self.lost.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("&Reset and restart…"), self)
        self.reset_button.setObjectName("resetButton")
        self.delete_button = QPushButton(self.tr("&Delete snapshot…"), self)
        self.delete_button.setObjectName("deleteSnapshotButton")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.reset_button.clicked.connect(self.confirm_reset)
        self.delete_button.clicked.connect(self.confirm_delete)
        self.choices.currentItemChanged.connect(lambda *_: self._chosen())
        self.choices.itemActivated.connect(lambda _: self.confirm_reset())
        layout = QVBoxLayout(self)
        for widget in (label, self.choices, self.lost, self.buttons):
            layout.addWidget(widget)
        self.question: QMessageBox | None = None
        self.fill(found)
        self.resize(560, 420)

    def fill(self, found: list[Snapshot]) -> None:
        self.snapshots = {s.name: s for s in found}
        self.choices.clear()
        clean = QListWidgetItem(self.tr("Clean state — the demo data as installed"))
        clean.setData(Qt.ItemDataRole.UserRole, self.CLEAN)
        self.choices.addItem(clean)
        for s in found:
            item = QListWidgetItem(self.tr("Snapshot “%1” — saved %2, %3").replace(
                "%1", s.name).replace("%2", s.created_at.astimezone().strftime(
                    "%Y-%m-%d %H:%M")).replace("%3", size_text(s.size)))
            item.setData(Qt.ItemDataRole.UserRole, s.name)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.setFocus()

    def choose(self, snapshot: str | None) -> None:
        """Select the clean state (None) or a snapshot by name."""
        wanted = self.CLEAN if snapshot is None else snapshot
        for row in range(self.choices.count()):
            if self.choices.item(row).data(Qt.ItemDataRole.UserRole) == wanted:
                self.choices.setCurrentRow(row)
                return
        raise KeyError(snapshot)

    def current(self) -> Snapshot | None:
        item = self.choices.currentItem()
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else self.CLEAN
        return self.snapshots.get(str(name)) if name != self.CLEAN else None

    def _chosen(self) -> None:
        snapshot = self.current()
        self.lost.setText(lost_text(snapshot))
        self.delete_button.setEnabled(snapshot is not None)

    def confirm_reset(self) -> None:
        snapshot = self.current()
        target = (self.tr("the clean state") if snapshot is None
                  else self.tr("the snapshot “%1”").replace("%1", snapshot.name))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Reset the sandbox"),
                          self.tr("Reset the sandbox to %1?").replace("%1", target),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmReset")
        box.setInformativeText(lost_text(snapshot))
        box.addButton(self.tr("Reset and restart"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        request = ResetRequest(None if snapshot is None else snapshot.name)

        def finished(_: int) -> None:
            if _clicked(box, QMessageBox.ButtonRole.DestructiveRole):
                self.accept()
                self.reset_chosen.emit(request)

        box.finished.connect(finished)
        self.question = box
        box.open()

    def confirm_delete(self) -> None:
        snapshot = self.current()
        if snapshot is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete the snapshot"),
                          self.tr("Delete the snapshot “%1”? The sandbox can no longer be "
                                  "reset to it.").replace("%1", snapshot.name),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDelete")
        box.addButton(self.tr("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _: self.delete_chosen.emit(snapshot.name) if _clicked(
            box, QMessageBox.ButtonRole.DestructiveRole) else None)
        self.question = box
        box.open()


class SandboxMenu(QObject):
    """The sandbox actions of one main window's Training menu."""

    saved = Signal(object)  # Snapshot
    failed = Signal(str)  # the message shown

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ops: Operations = window.ops
        self.reset_request: ResetRequest | None = None  # read by ui/app.py after closing
        self.dialog: QDialog | None = None
        self.message: QMessageBox | None = None
        menu = window.training_menu
        self.save_action = QAction(self.tr("Sa&ve a snapshot…"), window)
        self.save_action.triggered.connect(self.save)
        self.reset_action = QAction(self.tr("Reset the sand&box…"), window)
        self.reset_action.triggered.connect(self.choose_reset)
        self.printed_action = QAction(self.tr("&Open the printed documents folder"), window)
        self.printed_action.triggered.connect(self.open_printed)
        for action in (self.save_action, self.reset_action, self.printed_action):
            menu.addAction(action)
        menu.addSeparator()

    def _paths(self) -> Paths | None:
        ws = self.window.ws
        return ws.paths if ws is not None else None

    # -- save -----------------------------------------------------------------------------

    def save(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        from workstation import snapshots

        paths, vault = ws.paths, ws.vault

        def ask(found: list[Snapshot]) -> None:
            dialog = SaveSnapshotDialog([s.name for s in found], self.window)
            dialog.accepted.connect(lambda: store(dialog))
            self.dialog = dialog
            dialog.open()

        def store(dialog: SaveSnapshotDialog) -> None:
            name, replace = dialog.chosen, dialog.replace
            if name is None:
                return
            self.window.statusBar().showMessage(self.tr("Saving the snapshot “%1”…").replace(
                "%1", name))
            self.ops.run(lambda: snapshots.save_snapshot(paths, name, replace=replace,
                                                         vault=vault),
                         self._saved, self._failed)

        self.ops.run(lambda: snapshots.list_snapshots(paths), ask, self._failed)

    def _saved(self, snapshot: Snapshot) -> None:
        self.window.statusBar().showMessage(self.tr("Snapshot “%1” saved (%2).").replace(
            "%1", snapshot.name).replace("%2", size_text(snapshot.size)), 15_000)
        self.saved.emit(snapshot)

    def _failed(self, error: BaseException) -> None:
        self.window.statusBar().clearMessage()
        self._tell(describe(error))

    def _tell(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Training"), text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("sandboxMessage")
        self.message = box
        box.open()
        self.failed.emit(text)

    # -- reset ----------------------------------------------------------------------------

    def choose_reset(self) -> None:
        paths = self._paths()
        if paths is None:
            return
        from workstation import snapshots

        def show(found: list[Snapshot]) -> None:
            dialog = ResetDialog(found, self.window)
            dialog.reset_chosen.connect(self.request_reset)
            dialog.delete_chosen.connect(lambda name: self._delete(dialog, name))
            self.dialog = dialog
            dialog.open()

        self.ops.run(lambda: snapshots.list_snapshots(paths), show, self._failed)

    def _delete(self, dialog: ResetDialog, name: str) -> None:
        paths = self._paths()
        if paths is None:
            return
        from workstation import snapshots

        def work() -> list[Snapshot]:
            snapshots.delete_snapshot(paths, name)
            return snapshots.list_snapshots(paths)

        self.ops.run(work, dialog.fill, self._failed)

    def request_reset(self, request: ResetRequest) -> None:
        """End this session; the application resets the sandbox and starts a new one."""
        self.reset_request = request
        self.window.close()

    def run_reset(self, paths: Paths, request: ResetRequest,
                  then: Callable[[], None]) -> None:
        """In the new session (its core not open yet): reset the sandbox on the operations
        thread, then `then()` (open the core). A failed reset is said, and the sandbox
        opens as it was."""
        from workstation import snapshots

        def failed(error: BaseException) -> None:
            self._tell(self.tr("The sandbox could not be reset: %1 It opens as it was.")
                       .replace("%1", describe(error)))
            then()

        self.window.sync_label.setText(self.tr("Resetting the sandbox…"))
        self.ops.run(lambda: snapshots.reset(paths, request.snapshot), lambda _: then(),
                     failed)

    # -- the printed folder -----------------------------------------------------------------

    def open_printed(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        folder = ws.printed_folder
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self._tell(self.tr("The folder could not be opened. It is %1").replace(
                "%1", str(folder)))


def install(window: MainWindow) -> SandboxMenu:
    """Add the sandbox actions to the Training menu of a sandbox window."""
    return SandboxMenu(window)
