"""Starting the application in a test as `clerk-workstation` starts: ui.app.build.

build() also installs what a real start needs and a test run must get back afterwards:
the crash dialog as sys.excepthook, Qt's messages routed into the log, a log file handler
on the root logger and the default locale. `started` restores all of them, and ends the
application's session. Without an OS keyring the sandbox keeps its secrets in its file
vault, as on a machine without one (no test writes to a real keyring).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import keyring.core
import pytest
from keyring.backends.fail import Keyring as NoKeyring
from PySide6.QtCore import QLocale, qInstallMessageHandler

from ui import app as ui_app


@contextmanager
def started(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[ui_app.Running]:
    monkeypatch.setattr(keyring.core, "_keyring_backend", NoKeyring())
    hook = sys.excepthook  # pytest-qt's, which fails the test on an exception in a slot
    handler = qInstallMessageHandler(None)  # pytest-qt's capture of Qt's warnings
    qInstallMessageHandler(handler)
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    locale = QLocale()
    running: ui_app.Running | None = None
    try:
        running = ui_app.build(argv)
        sys.excepthook = hook
        qInstallMessageHandler(handler)
        yield running
    finally:
        if running is not None:
            running.window.close()
            running.shutdown()
        sys.excepthook = hook
        qInstallMessageHandler(handler)
        for added in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(added)
            added.close()
        root.setLevel(level)
        QLocale.setDefault(locale)
