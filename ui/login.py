"""The login dialog: user name, password, Enter to log in; never blocks the UI."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from workstation.auth import Session


class LoginDialog(QDialog):
    def __init__(
        self,
        ops: Operations,
        login: Callable[[str, str], Session],
        *,
        sandbox: bool,
        renew_for: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`renew_for`: the clerk whose session expired logs in again (name fixed)."""
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Log in"))
        self.setModal(True)
        self._ops = ops
        self._login = login
        self.session: Session | None = None

        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Later") if renew_for else self.tr("Quit"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        if sandbox:
            hint = QLabel(self.tr("Training mode: log in as demo / demo1234."), self)
            hint.setObjectName("sandboxHint")
            layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.username.setFocus()
        if renew_for is not None:
            self.username.setText(renew_for)
            self.username.setReadOnly(True)
            self.message.setText(self.tr("Your session has expired. Enter your password to "
                                         "go on syncing; your work here is not affected."))
            self.password.setFocus()

    def submit(self) -> None:
        username = self.username.text().strip()
        password = self.password.text()
        if not username or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self._set_busy(True)
        self.message.setText(self.tr("Logging in…"))
        self._ops.run(lambda: self._login(username, password), self._succeeded, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def _succeeded(self, session: Session) -> None:
        self.session = session
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.setText(describe(error))
        self.password.clear()
        self.password.setFocus()
