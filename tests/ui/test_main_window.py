"""The main window driven from the keyboard, against the real core and server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from server.seed.demo import demo_items
from tests.conftest import ServerProcess
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.ops import Operations
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def window_factory(qtbot: QtBot, ops: Operations, tmp_path: Path) -> Iterator[WindowFactory]:
    made: list[MainWindow] = []

    def make(*, sandbox: bool = False, url: str | None = None) -> MainWindow:
        mode = Mode.SANDBOX if sandbox else Mode.PRODUCTION
        paths = paths_for(mode, tmp_path / "data")
        window = MainWindow(ops, sandbox=sandbox)
        qtbot.addWidget(window)
        made.append(window)
        window.show()
        ws = Workstation(paths, server_url=url, vault=FileVault(tmp_path / "vault.json"))
        window.attach(ws)
        return window

    yield make
    for window in made:
        window.close()
    ops.shutdown()
    for window in made:
        if window.ws is not None:
            window.ws.close()


def login(qtbot: QtBot, window: MainWindow, user: str = "demo", password: str = "demo1234"
          ) -> LoginDialog:
    qtbot.waitUntil(lambda: isinstance(getattr(window, "login_dialog", None), LoginDialog))
    dialog = window.login_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.username, user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def test_sandbox_login_sync_and_read_a_guide_by_keyboard(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    assert window.banner.isVisible() and "培训" in window.banner.text()
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    assert window.connection_label.text() == "Online"
    assert "王晓梅" in window.session_label.text()
    expected = len(demo_items())
    qtbot.waitUntil(lambda: window.items_proxy.rowCount() == expected, timeout=20000)
    # Ctrl+F, type part of a name, Enter jumps into the list, the guide shows.
    target = next(i for i in demo_items() if i["materials"])
    qtbot.waitUntil(window.isActiveWindow)
    assert window.filter.hasFocus()  # login leaves the clerk in the filter
    window.items.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter.hasFocus()
    qtbot.keyClicks(window.filter, target["code"])
    assert window.items_proxy.rowCount() == 1
    qtbot.keyClick(window.filter, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: target["name"] in window.detail.toPlainText())
    text = window.detail.toPlainText()
    assert target["materials"][0]["name"] in text
    assert target["legal_basis"][0] in text
    # Esc in the filter clears it.
    window.filter.setFocus()
    qtbot.keyClick(window.filter, Qt.Key.Key_Escape)
    assert window.filter.text() == ""
    assert window.items_proxy.rowCount() == expected


def test_department_list_narrows_items(qtbot: QtBot, window_factory: WindowFactory) -> None:
    window = window_factory(sandbox=True)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(lambda: window.departments.count() > 8, timeout=20000)
    window.departments.setCurrentRow(1)
    department = window.departments.currentItem().data(Qt.ItemDataRole.UserRole)
    expected = sum(1 for i in demo_items() if i["department"] == department)
    assert window.items_proxy.rowCount() == expected


def test_wrong_password_shows_message_and_keeps_dialog(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    dialog = login(qtbot, window, password="wrong-password")
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.message.text())
    assert dialog.isVisible() and window.session is None
    assert dialog.password.text() == "" and dialog.username.isEnabled()


def test_server_down_at_start_works_offline_from_cache(
    qtbot: QtBot, window_factory: WindowFactory, server: ServerProcess
) -> None:
    first = window_factory(url=server.url)
    with qtbot.waitSignal(first.logged_in, timeout=20000):
        login(qtbot, first)
    qtbot.waitUntil(lambda: first.items_proxy.rowCount() == len(demo_items()), timeout=20000)
    assert first.ws is not None
    first.close()
    first.bridge = None
    first.ws.close()
    first.ws = None
    server.stop()

    again = window_factory(url=server.url)
    with qtbot.waitSignal(again.logged_in, timeout=20000):
        login(qtbot, again)
    assert again.connection_label.text() == "Offline"
    qtbot.waitUntil(lambda: again.items_proxy.rowCount() == len(demo_items()))
    qtbot.waitUntil(lambda: "server cannot be reached" in again.sync_label.text(),
                    timeout=20000)


def test_no_server_and_no_previous_login_explains_why(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(url="")
    dialog = login(qtbot, window)
    qtbot.waitUntil(lambda: "never logged in on this workstation" in dialog.message.text())
    assert window.session is None


def test_f5_syncs_now(qtbot: QtBot, window_factory: WindowFactory) -> None:
    window = window_factory(sandbox=True)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(lambda: "Last sync" in window.sync_label.text(), timeout=20000)
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_F5)
