from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from ui.ops import Operations


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
