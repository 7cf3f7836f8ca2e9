"""Fixtures shared by every test: isolation of data and keyring, thread-leak checks, and
the reference server as a real process on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.contract import CaseSubmission

REPO = Path(__file__).resolve().parent.parent

# Qt tests run headless; tests/system/ starts Xvfb for the one on a real display server.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# PC/SC: libpcsclite reads this once, at the first call, so it is set before any test runs.
# It points at the private pcscd of tests/system/ (devices.cards.emulator.pcscd), never at
# the machine's own: no test sees a real reader, and a test without that pcscd sees none.
PCSC_ROOT = Path(tempfile.gettempdir()) / f"cw-pcsc-{os.getpid()}"
os.environ["PCSCLITE_CSOCK_NAME"] = str(PCSC_ROOT / "run" / "pcscd.comm")

# SANE reads its configuration once, at the first sane_init() of the process: only its
# `test` backend (virtual scanners test:0 and test:1), no probing of real or network ones.
os.environ["SANE_CONFIG_DIR"] = str(REPO / "tests" / "devices" / "sane")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory: no test touches a real workstation's files."""
    home = tmp_path / "home"
    monkeypatch.setenv("WORKSTATION_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    """Fail any test that leaves a Python thread running (QThreads are checked in ui/)."""
    before = set(threading.enumerate())
    yield
    deadline = time.monotonic() + 2.0
    leaked: list[threading.Thread] = []
    while time.monotonic() < deadline:
        leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
        if not leaked:
            return
        time.sleep(0.02)
    pytest.fail(f"test left threads running: {[t.name for t in leaked]}")


@dataclass
class ServerProcess:
    url: str
    data: Path
    process: subprocess.Popen[str]

    @contextmanager
    def admin(self) -> Iterator[httpx.Client]:
        """An httpx client logged in as the reference server's admin."""
        with httpx.Client(base_url=self.url, timeout=10) as client:
            answer = client.post("/v1/auth/login", json={
                "username": "admin", "password": "admin1234", "device_id": "test-admin-device"})
            answer.raise_for_status()
            client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
            yield client

    def holdings(self, cases: Iterable[object], pages: Iterable[str]
                 ) -> tuple[int, dict[Any, CaseSubmission | None], dict[str, bytes | None]]:
        """What the server holds (admin API): its case count, each of these cases' bodies
        and each of these pages' bytes (None: not there), fetched four at a time."""
        with self.admin() as admin:
            count = int(admin.get("/v1/admin/cases").json()["count"])

            def case(case_uuid: object) -> CaseSubmission | None:
                answer = admin.get(f"/v1/admin/cases/{case_uuid}")
                if answer.status_code == 404:
                    return None
                answer.raise_for_status()
                return CaseSubmission.model_validate(answer.json())

            def page(sha256: str) -> bytes | None:
                answer = admin.get(f"/v1/admin/attachments/{sha256}")
                if answer.status_code == 404:
                    return None
                answer.raise_for_status()
                return answer.content

            wanted_cases, wanted_pages = list(cases), list(pages)
            with ThreadPoolExecutor(max_workers=4) as pool:
                bodies = dict(zip(wanted_cases, pool.map(case, wanted_cases), strict=True))
                data = dict(zip(wanted_pages, pool.map(page, wanted_pages), strict=True))
        return count, bodies, data

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout:
            self.process.stdout.close()


def start_server(data: Path, *extra: str) -> ServerProcess:
    """Start `python -m server` on a free loopback port and wait until it answers."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "--port", "0", "--data", str(data), *extra],
        stdout=subprocess.PIPE, stderr=None, text=True, cwd=REPO, env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening on "):
        process.kill()
        process.wait()
        process.stdout.close()
        raise RuntimeError(f"reference server did not start: {line!r}")
    server = ServerProcess(line.split()[-1], data, process)
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{server.url}/v1/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            server.stop()
            raise RuntimeError("reference server never answered /v1/health")
        time.sleep(0.05)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    started: list[ServerProcess] = []

    def make(*extra: str, name: str = "server") -> ServerProcess:
        server = start_server(tmp_path / name, *extra)
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def server(server_factory: Callable[..., ServerProcess]) -> ServerProcess:
    """The reference server as a real process on 127.0.0.1, seeded with the demo data."""
    return server_factory()
