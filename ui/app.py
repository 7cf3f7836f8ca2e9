"""`clerk-workstation`: start the application.

The main window is shown first; the core (store, keyring, sandbox server) opens on the
operations thread, then the login dialog appears. The main thread never waits for disk,
network or the embedded server.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
import time
import traceback
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.sandbox_menu import ResetRequest
    from workstation.core import Workstation
from ui.ops import Operations
from workstation import settings as settings_io
from workstation.paths import Mode, Paths, paths_for

log = logging.getLogger("ui.app")

_STARTED = time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="clerk-workstation",
                                     description="Clerk Workstation 综合受理工作台")
    parser.add_argument("--sandbox", action="store_true",
                        help="training mode: embedded server, demo data, simulated devices")
    parser.add_argument("--language", choices=settings_io.LANGUAGES,
                        help="override the language setting for this run")
    parser.add_argument("--server-url", help="override the configured server for this run")
    parser.add_argument("--exit-when-shown", action="store_true",
                        help=argparse.SUPPRESS)  # startup benchmark: print and quit
    return parser.parse_args(argv)


def setup_logging(paths: Paths) -> None:
    paths.logs.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        paths.logs / "workstation.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
    qt_log = logging.getLogger("qt")
    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def route(kind: QtMsgType, _: QMessageLogContext, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(route)


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Our catalogue plus Qt's own (standard buttons, dialogs). English is the source."""
    installed: list[QTranslator] = []
    if language == "en":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return installed
    QLocale.setDefault(QLocale(language))
    ours = resources.files("resources").joinpath("translations", f"workstation_{language}.qm")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for path in (str(ours), str(Path(qt_dir) / f"qtbase_{language}.qm")):
        translator = QTranslator(app)
        if translator.load(path):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found", path)
    return installed


def install_excepthook(app: QApplication) -> None:
    """Bugs reach one place: logged in full, shown once, never silently swallowed."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        logging.getLogger("crash").critical("unhandled exception\n%s", text)
        box = QMessageBox(QMessageBox.Icon.Critical, app.translate("Crash", "Unexpected error"),
                          app.translate("Crash", "Something went wrong. The details were "
                                        "written to the log; please tell support."))
        box.setDetailedText(text)
        box.exec()

    sys.excepthook = hook


class Running:
    """The running application: one session at a time, a session being a main window, its
    operations thread and the workstation core it opens. A sandbox reset (Training menu)
    ends the session; the sandbox is reset with the core closed and a new session starts
    in the same process, asking for the login again (ui.sandbox_menu)."""

    def __init__(self, app: QApplication, args: argparse.Namespace, paths: Paths) -> None:
        self.app = app
        self.args = args
        self.paths = paths
        self.sessions = 0
        self.window: MainWindow
        self.ops: Operations
        self._start(None)

    def _start(self, reset: ResetRequest | None) -> None:
        self.sessions += 1
        args, paths = self.args, self.paths
        ops = Operations(on_unhandled=lambda e: sys.excepthook(type(e), e, e.__traceback__))
        window = MainWindow(ops, sandbox=args.sandbox)
        self.ops, self.window = ops, window
        window.closed.connect(lambda: self._closed(window, ops))
        if args.exit_when_shown:
            def report_and_quit() -> None:
                print(f"shown {time.perf_counter() - _STARTED:.4f}", flush=True)
                window.close()

            window.shown.connect(report_and_quit)
        else:
            # Sandbox mode reads no production setting and takes no server URL: its
            # server is the embedded one (workstation.sandbox).
            server_url = None if args.sandbox else args.server_url

            def open_core() -> Workstation:
                from workstation.core import Workstation  # heavy: loads on the ops thread

                return Workstation(paths, server_url=server_url)

            def start_core() -> None:
                ops.run(open_core, window.attach, window.open_failed)

            menu = window.sandbox_menu
            if reset is not None and menu is not None:
                window.shown.connect(lambda: menu.run_reset(paths, reset, start_core))
            else:
                window.shown.connect(start_core)
        window.show()

    def _closed(self, window: MainWindow, ops: Operations) -> None:
        """The window closed: the application ends, or a sandbox reset starts over."""
        menu = window.sandbox_menu
        request = menu.reset_request if menu is not None else None
        if request is None:
            return  # the last window closed: exec() returns
        quits = self.app.quitOnLastWindowClosed()
        self.app.setQuitOnLastWindowClosed(False)  # this window is not the end

        def restart() -> None:
            self._end(window, ops)
            window.deleteLater()
            self._start(request)
            self.app.setQuitOnLastWindowClosed(quits)

        QTimer.singleShot(0, restart)

    @staticmethod
    def _end(window: MainWindow, ops: Operations) -> None:
        ops.shutdown()
        if window.ws is not None:
            window.ws.close()
            window.ws = None

    def shutdown(self) -> None:
        """End the current session (after the event loop, or in tests)."""
        self._end(self.window, self.ops)

    def exec(self) -> int:
        code = self.app.exec()
        self.shutdown()
        return int(code)


def build(argv: list[str]) -> Running:
    """Everything main() does before the event loop: the real application, not started."""
    args = parse_args(argv)
    mode = Mode.SANDBOX if args.sandbox else Mode.PRODUCTION
    paths = paths_for(mode)
    setup_logging(paths)
    settings = settings_io.load(paths.settings)
    language = args.language or settings.language

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("clerk-workstation")
    app.setOrganizationName("clerk-workstation")
    install_translators(app, language)
    install_excepthook(app)
    return Running(app, args, paths)


def main(argv: list[str] | None = None) -> int:
    return build(sys.argv[1:] if argv is None else argv).exec()


if __name__ == "__main__":
    sys.exit(main())
