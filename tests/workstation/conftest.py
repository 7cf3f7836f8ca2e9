from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ServerProcess
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault


@pytest.fixture
def workstation_factory(tmp_path: Path) -> Iterator[Callable[..., Workstation]]:
    """Production-mode workstations against a given server URL; closed after the test.

    Unit tests keep the data key in a FileVault; tests/system/ covers the OS keyring.
    """
    opened: list[Workstation] = []

    def make(url: str, name: str = "ws") -> Workstation:
        paths = paths_for(Mode.PRODUCTION, tmp_path / name)
        ws = Workstation(paths, server_url=url, vault=FileVault(tmp_path / f"{name}.vault"))
        opened.append(ws)
        return ws

    yield make
    for ws in opened:
        ws.close()


@pytest.fixture
def ws(workstation_factory: Callable[..., Workstation], server: ServerProcess) -> Workstation:
    return workstation_factory(server.url)
