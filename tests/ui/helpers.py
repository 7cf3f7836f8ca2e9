"""Driving the main window in tests as a clerk would: log in, type, wait for the catalogue."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from server.seed.demo import demo_items
from ui.login import LoginDialog
from ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def login(qtbot: QtBot, window: MainWindow, user: str = "demo", password: str = "demo1234"
          ) -> LoginDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "login_dialog", None), LoginDialog))
    dialog = window.login_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type as a clerk would: ASCII as key presses, Chinese as the input method commits it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def all_items_shown(window: MainWindow) -> bool:
    return window.kb.model.rowCount() == len(demo_items())


def ready(qtbot: QtBot, window_factory: WindowFactory, url: str | None = None) -> MainWindow:
    """A window logged in as the demo clerk with the catalogue synced: sandbox mode, or
    production against the server at `url`."""
    window = window_factory(url=url) if url else window_factory(sandbox=True)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(lambda: all_items_shown(window), timeout=20000)
    qtbot.waitUntil(window.isActiveWindow)  # window shortcuts (Ctrl+D, Ctrl+F) need it
    return window


