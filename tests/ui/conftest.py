from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from tests.ui.helpers import WindowFactory
from ui.main_window import MainWindow
from ui.ops import Operations
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault


@pytest.fixture(autouse=True)
def _no_leaked_qthreads(qtbot: QtBot) -> Iterator[None]:
    yield
    pool = QThreadPool.globalInstance()
    pool.waitForDone(2000)
    assert pool.activeThreadCount() == 0, "test left QThreadPool work running"


@pytest.fixture
def errors() -> list[BaseException]:
    return []


@pytest.fixture
def ops(qtbot: QtBot, errors: list[BaseException]) -> Iterator[Operations]:
    operations = Operations(on_unhandled=errors.append)
    yield operations
    operations.shutdown()
    assert not errors, f"unhandled errors reached the presenter: {errors!r}"


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
