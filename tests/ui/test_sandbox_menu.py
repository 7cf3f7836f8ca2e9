"""The Training menu's sandbox actions through the real application (ui.app.build): save a
snapshot while working, reset to it and to the clean state in one action each (the app
restarts its session and asks for the login again), open the printed documents folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.helpers import admin, all_items_shown, login, on_ops
from tests.ui.running import started
from tests.ui.test_intake_view import decide, enter_applicant, open_case, tick_all_received
from ui.app import Running
from ui.main_window import MainWindow
from ui.sandbox_menu import ResetDialog, SandboxMenu, SaveSnapshotDialog
from workstation.paths import Mode, paths_for


def logged_in(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(lambda: all_items_shown(window), timeout=20000)
    qtbot.waitUntil(window.isActiveWindow)


def menu_of(window: MainWindow) -> SandboxMenu:
    assert window.sandbox_menu is not None
    return window.sandbox_menu


def case_numbers(qtbot: QtBot, window: MainWindow) -> list[str]:
    ws = window.ws
    assert ws is not None
    return [c.row.case_number for c in on_ops(qtbot, window, lambda: ws.my_cases("all"))]


def accept_a_case(qtbot: QtBot, window: MainWindow) -> str:
    kb = window.kb
    window.activateWindow()  # after a dialog: Ctrl+N is a window shortcut
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setCurrentWidget(kb)
    if kb.search.text():
        with qtbot.waitSignal(kb.list_loaded, timeout=5000):
            kb.search.clear()
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    tick_all_received(qtbot, view)
    case = decide(qtbot, view)
    qtbot.waitUntil(lambda: view.document_dialog is not None)
    assert view.document_dialog is not None
    view.document_dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return str(case.uuid)


def on_server(window: MainWindow, case_uuid: str) -> bool:
    with admin(window) as back_office:
        return back_office.get(f"/v1/admin/cases/{case_uuid}").status_code == 200


def answer(qtbot: QtBot, box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    qtbot.waitUntil(box.isVisible)
    (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
    button.click()


def reset_to(qtbot: QtBot, running: Running, snapshot: str | None) -> MainWindow:
    """Training → Reset the sandbox…, choose, confirm: the window closes and a new one
    asks for the login."""
    window = running.window
    old = window.ws
    assert old is not None
    menu = menu_of(window)
    menu.reset_action.trigger()
    qtbot.waitUntil(lambda: isinstance(menu.dialog, ResetDialog) and menu.dialog.isVisible(),
                    timeout=10000)
    dialog = menu.dialog
    assert isinstance(dialog, ResetDialog)
    dialog.choose(snapshot)
    lost = dialog.lost.text()
    assert "is lost" in lost and "printed documents folder" in lost
    assert "Saved snapshots and the records of practice runs are kept" in lost
    dialog.reset_button.click()
    box = dialog.question
    assert box is not None and box.informativeText() == lost
    answer(qtbot, box, QMessageBox.ButtonRole.DestructiveRole)
    qtbot.waitUntil(lambda: running.window is not window, timeout=10000)
    assert old.embedded is None and old.api is None  # the old session's core was closed
    fresh = running.window
    qtbot.waitUntil(fresh.isVisible)
    logged_in(qtbot, fresh)
    return fresh


def test_save_a_snapshot_and_reset_to_it_and_to_the_clean_state(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = paths_for(Mode.SANDBOX)
    with started(["--sandbox", "--language", "en"], monkeypatch) as running:
        window = running.window
        logged_in(qtbot, window)
        menu = menu_of(window)
        assert window.training_menu.menuAction().isVisible()
        assert {menu.save_action, menu.reset_action, menu.printed_action} <= set(
            window.training_menu.actions())
        kept = accept_a_case(qtbot, window)

        # Save a snapshot… while the counter works on.
        menu.save_action.trigger()
        qtbot.waitUntil(lambda: isinstance(menu.dialog, SaveSnapshotDialog)
                        and menu.dialog.isVisible(), timeout=10000)
        save = menu.dialog
        assert isinstance(save, SaveSnapshotDialog)
        qtbot.keyClicks(save.name, "a/b")
        qtbot.keyClick(save.name, Qt.Key.Key_Return)
        assert "without “/”" in save.message.text() and save.isVisible()
        save.name.setText("one accepted case")
        with qtbot.waitSignal(menu.saved, timeout=20000) as saved:
            qtbot.keyClick(save.name, Qt.Key.Key_Return)
        assert saved.args[0].name == "one accepted case"
        assert "Snapshot “one accepted case” saved" in window.statusBar().currentMessage()
        later = accept_a_case(qtbot, window)
        qtbot.waitUntil(lambda: on_server(window, later), timeout=20000)
        assert len(case_numbers(qtbot, window)) == 2
        # The same name again asks before replacing; "No" keeps the dialog open.
        menu.save_action.trigger()
        qtbot.waitUntil(lambda: menu.dialog is not save and menu.dialog is not None
                        and menu.dialog.isVisible(), timeout=10000)
        again = menu.dialog
        assert isinstance(again, SaveSnapshotDialog)
        qtbot.keyClicks(again.name, "one accepted case")
        qtbot.keyClick(again.name, Qt.Key.Key_Return)
        assert again.question is not None
        answer(qtbot, again.question, QMessageBox.ButtonRole.NoRole)
        assert again.isVisible()
        again.reject()

        # Reset to the snapshot: one action, a new session, the first case only.
        window = reset_to(qtbot, running, "one accepted case")
        assert running.sessions == 2
        numbers = case_numbers(qtbot, window)
        assert len(numbers) == 1 and numbers[0].startswith("PX")
        assert on_server(window, kept) and not on_server(window, later)

        # Reset to the clean state: the demo data as installed, the snapshot still there.
        window = reset_to(qtbot, running, None)
        assert running.sessions == 3
        assert case_numbers(qtbot, window) == [] and not on_server(window, kept)
        assert (paths.root / "snapshots" / "one accepted case").is_dir()
        assert (paths.root / "sandbox-secrets.json").exists()  # no OS keyring here


class Opened(QObject):
    """Receives what the desktop is asked to open (QDesktopServices' handler of file:)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_printed_documents_folder_opens_on_the_desktop(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open_url")
    try:
        with started(["--sandbox", "--language", "en"], monkeypatch) as running:
            window = running.window
            qtbot.waitUntil(lambda: window.ws is not None, timeout=20000)
            assert window.ws is not None
            menu_of(window).printed_action.trigger()
            assert [Path(u.toLocalFile()) for u in opened.urls] == [window.ws.printed_folder]
            assert window.ws.printed_folder.is_dir()
    finally:
        QDesktopServices.unsetUrlHandler("file")
