"""Drives the real application (ui.app.build, as `clerk-workstation` runs it) on a display:
log in as the demo clerk, find an item by typing Chinese, open its guide, take a
screenshot of the whole X screen. Prints one JSON line with what it saw.

    python -m tests.system.drive_app SCREENSHOT.png [app args...]
"""

from __future__ import annotations

import json
import sys
import traceback

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui import app as ui_app
from ui.login import LoginDialog


def main() -> int:
    shot, argv = sys.argv[1], sys.argv[2:]
    running = ui_app.build(argv)
    window = running.window
    state: dict[str, object] = {"step": "wait-login", "result": 2}

    def crashed(kind: type[BaseException], value: BaseException, tb: object) -> None:
        # A bug must fail the test now, not sit behind the crash dialog until the timeout.
        traceback.print_exception(kind, value, tb)  # type: ignore[arg-type]
        fail(f"unhandled {kind.__name__}: {value}")

    sys.excepthook = crashed

    def fail(why: str) -> None:
        print(json.dumps({"ok": False, "step": state["step"], "why": why}), flush=True)
        window.close()

    def tick() -> None:
        dialog = getattr(window, "login_dialog", None)
        if state["step"] == "wait-login" and isinstance(dialog, LoginDialog) \
                and dialog.isVisible():
            QTest.keyClicks(dialog.username, "demo")
            QTest.keyClicks(dialog.password, "demo1234")
            QTest.keyClick(dialog.password, Qt.Key.Key_Return)
            state["step"] = "wait-catalogue"
        elif state["step"] == "wait-catalogue" and window.kb.model.rowCount() > 40:
            QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
            # Chinese reaches a widget from the input method, not as key presses.
            typed = QInputMethodEvent()
            typed.setCommitString("护照")
            QApplication.sendEvent(window.kb.search, typed)
            state["step"] = "wait-results"
        elif state["step"] == "wait-results" and window.kb.model.rowCount() > 0 \
                and window.kb.model.row(0).spans:
            QTest.keyClick(window.kb.search, Qt.Key.Key_Return)
            state["step"] = "wait-guide"
        elif state["step"] == "wait-guide" and "护照" in window.kb.detail.toPlainText():
            state["step"] = "settle"
            QTimer.singleShot(800, finish)

    def finish() -> None:
        screen = QGuiApplication.primaryScreen()
        pixmap = screen.grabWindow(0)
        saved = pixmap.save(shot, "PNG")
        print(json.dumps({
            "ok": saved,
            "platform": QGuiApplication.platformName(),
            "screen": [pixmap.width(), pixmap.height()],
            "title": window.windowTitle(),
            "banner": window.banner.text() if window.banner.isVisible() else "",
            "session": window.session_label.text(),
            "detail": window.kb.detail.toPlainText()[:300],
            "items": window.kb.model.rowCount(),
            "cjk_fonts": QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese),
        }, ensure_ascii=False), flush=True)
        state["result"] = 0 if saved else 2
        window.close()

    timer = QTimer(window)
    timer.timeout.connect(tick)
    timer.start(100)
    QTimer.singleShot(90_000, lambda: fail("timed out"))
    running.exec()
    return int(state["result"])


if __name__ == "__main__":
    sys.exit(main())
