"""Driving the main window in tests as a clerk would: log in, type, wait for the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import httpx
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




T = TypeVar("T")


def on_ops(qtbot: QtBot, window: MainWindow, work: Callable[[], T]) -> T:
    """Run `work` on the operations thread (the store belongs to it) and return its result."""
    results: list[T] = []
    window.ops.run(work, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=10000)
    return results[0]


@contextmanager
def admin(window: MainWindow) -> Iterator[httpx.Client]:
    """An admin client of the window's sandbox server (the back office, in tests)."""
    ws = window.ws
    assert ws is not None and ws.embedded is not None
    with httpx.Client(base_url=ws.embedded.url) as client:
        token = client.post("/v1/auth/login", json={
            "username": "admin", "password": "admin1234", "device_id": "test-admin"}).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        yield client


def sync(qtbot: QtBot, window: MainWindow) -> None:
    """Sync now and wait for the report."""
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=30000):
        window.sync_now()
