"""The server restarts in the middle of a sync: the reference server as a real process,
stopped in the middle of a page's upload (SIGTERM between two chunks; SIGKILL while a
chunk is on its way, held at the server by an injected delay) and started again on the
same port and data directory. The workstation's own sync worker (its thread, its store
connection, the app's wiring) drains a backlog of 30 cases with pages of a few hundred
KB in 32 KB chunks.

While the server is gone the worker reports it unreachable round after round, refuses
nothing and drops nothing; once it is back the worker finishes: every case once on the
server, every page byte for byte, nothing waiting here. The page that was cut goes on
from the offset the server kept (its upload file survives both signals) under the same
upload, never from byte 0.
"""

from __future__ import annotations

import dataclasses
import hashlib
import random
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from offline import db, outbox
from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.workstation.test_cases import filled, synced
from workstation import capture, intake
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncProgress, SyncReport, SyncWorker

pytestmark = pytest.mark.system

CASES = 30
CHUNK = 32 * 1024
PAGE_BYTES = (150_000, 350_000)  # five chunks or more each
CUT_IN_PAGE = 11  # the server goes away during the upload of this page…
CUT_AT = 2 * CHUNK  # …once it has confirmed this much of it
WAIT_S = 60.0

UploadRow = tuple[str, str, int]  # a row of the uploads table: page, upload id, offset


@dataclasses.dataclass
class Ledger:
    cases: dict[uuid.UUID, CaseSubmission] = dataclasses.field(default_factory=dict)
    pages: dict[str, bytes] = dataclasses.field(default_factory=dict)


def backlog(ws: Workstation, rng: random.Random) -> Ledger:
    """Cases accepted while offline, one captured page each."""
    ledger = Ledger()
    for _ in range(CASES):
        draft = filled(ws)
        data = rng.randbytes(rng.randint(*PAGE_BYTES))  # incompressible, like a JPEG
        page = ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200)
        capture.attach(draft, intake.entries(draft)[0][0].code, [page])
        case = ws.decide(draft, CaseStatus.ACCEPTED)
        ledger.cases[case.uuid] = case
        ledger.pages[page.sha256] = data
    return ledger


class Watch:
    """The worker's reports and upload progress, seen from the test. `on_progress` runs on
    the worker's thread: it notes the uploads table (through its own read-only connection)
    with every confirmed chunk, and calls `cut` once, when the page CUT_IN_PAGE has
    CUT_AT bytes on the server."""

    def __init__(self, database: Path, cut: Callable[[UploadRow], None]) -> None:
        self._reader = db.connect_reader(database)
        self._cut = cut
        self._changed = threading.Condition()
        self.reports: list[SyncReport] = []
        self.uploads: list[list[UploadRow]] = []  # the table after each confirmed chunk
        self.cut_row: UploadRow | None = None
        self.cut_index = -1  # in `uploads`
        self.errors: list[BaseException] = []
        self._pages_begun = 0

    def close(self) -> None:
        self._reader.close()

    def on_report(self, report: SyncReport) -> None:
        with self._changed:
            self.reports.append(report)
            self._changed.notify_all()

    def on_progress(self, progress: SyncProgress) -> None:
        if progress.phase != "upload":
            return
        try:
            rows = [(str(r[0]), str(r[1]), int(r[2])) for r in self._reader.execute(
                "SELECT sha256, upload_id, confirmed FROM uploads ORDER BY sha256")]
            self.uploads.append(rows)
            self._pages_begun += progress.done == CHUNK
            if self.cut_row is None and self._pages_begun == CUT_IN_PAGE and \
                    progress.done == CUT_AT:
                (self.cut_row,) = rows  # every page before it is done: the only one
                self.cut_index = len(self.uploads) - 1
                self._cut(self.cut_row)
        except Exception as exc:  # noqa: BLE001 - reported by wait(), not to the engine
            self.errors.append(exc)
        with self._changed:
            self._changed.notify_all()

    def wait(self, what: str, ready: Callable[[], bool]) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: ready() or bool(self.errors), WAIT_S):
                pytest.fail(f"waited {WAIT_S:.0f} s for {what}; reports: {self.reports}")
        assert not self.errors, self.errors


@contextmanager
def workstation(tmp_path: Path, url: str) -> Iterator[Workstation]:
    ws = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "ws"), server_url=url,
                     vault=FileVault(tmp_path / "ws.vault"))
    try:
        yield ws
    finally:
        ws.close()


def hold_next_chunk(server: ServerProcess, upload_id: str) -> None:
    """The server keeps the next chunk of this upload waiting (it has not read it yet)."""
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={
            "path_prefix": f"/v1/uploads/{upload_id}", "mode": "delay", "count": 1,
            "delay_ms": 30_000}).raise_for_status()


def check_server(server: ServerProcess, ws: Workstation, ledger: Ledger) -> None:
    """Each case once and as the workstation sent it, each page byte for byte."""
    assert ws.api is not None
    state = ws.api.device_state()
    last_seq = ws.store.conn.execute("SELECT MAX(device_seq) FROM outbox WHERE op = 'case.put'"
                                     ).fetchone()[0]
    assert (state.op_count, state.last_seq) == (CASES, last_seq)
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == CASES
        for case_uuid, sent in ledger.cases.items():
            answer = admin.get(f"/v1/admin/cases/{case_uuid}")
            answer.raise_for_status()
            assert CaseSubmission.model_validate(answer.json()) == sent
        for sha256, data in ledger.pages.items():
            held = admin.get(f"/v1/admin/attachments/{sha256}").content
            assert hashlib.sha256(held).hexdigest() == sha256 and held == data


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_server_restarted_mid_upload_gets_everything_once_and_the_cut_page_resumes(
    server_factory: Callable[..., ServerProcess], tmp_path: Path, how: signal.Signals
) -> None:
    server = server_factory()
    port = server.url.rsplit(":", 1)[1]
    with workstation(tmp_path, server.url) as ws:
        synced(ws)  # logged in, reference data pulled: then the counter works offline
        ledger = backlog(ws, random.Random(how.value))
        held = threading.Event()

        def cut(row: UploadRow) -> None:
            if how is signal.SIGTERM:  # between two chunks: a clean shutdown
                server.process.send_signal(signal.SIGTERM)
                server.process.wait(20)
            else:  # the next chunk is with the server when it dies
                hold_next_chunk(server, row[1])
            held.set()

        watch = Watch(ws.paths.database, cut)
        assert ws.api is not None
        # The app's sync worker with small chunks that do not grow on a fast line, so that
        # even on loopback every page takes several requests.
        worker = SyncWorker(ws.open_worker_store, ws.api, interval=ws.settings.sync_interval_s,
                            page_size=ws.settings.page_size, chunk_size=CHUNK,
                            max_chunk_size=None, on_report=watch.on_report,
                            on_progress=watch.on_progress)
        worker.start()
        try:
            watch.wait("the cut", held.is_set)
            if how is signal.SIGKILL:
                time.sleep(1.0)  # the held chunk has long reached the server
                server.process.kill()
                server.process.wait(20)
            # The gap: round after round reports the server unreachable.
            watch.wait("two rounds while the server is down", lambda: len(watch.reports) >= 2)
            gap = list(watch.reports)
            assert all(r.error_code == "api.unreachable" and r.rejected == 0 for r in gap), gap
            shapes = {signal.SIGTERM: ("Connection refused",),  # nobody listens
                      signal.SIGKILL: ("ReadError", "RemoteProtocolError")}  # cut mid-answer
            assert any(s in (gap[0].error_detail or "") for s in shapes[how]), gap[0]
            assert gap[0].pushed == 2 * (CUT_IN_PAGE - 1)  # the pages and cases before it
            assert outbox.counts(ws.store.conn).rejected == 0
            assert ws.store.conn.execute("SELECT COUNT(*) FROM outbox WHERE state = "
                                         "'in_flight'").fetchone()[0] == 0
            assert watch.cut_row is not None
            sha256, upload_id, confirmed = watch.cut_row
            assert confirmed == CUT_AT
            # The server kept the bytes it had confirmed: its file of the upload.
            assert (server.data / "uploads" / upload_id).stat().st_size == CUT_AT
            restarted = server_factory("--port", port)  # the same data directory and address
            watch.wait("the backlog drained", lambda: bool(watch.reports) and watch.reports[
                -1].ok and outbox.counts(ws.store.conn).pending == 0)
        finally:
            worker.stop()
            watch.close()
        assert all(r.rejected == 0 and r.error_code in (None, "api.unreachable")
                   for r in watch.reports), watch.reports
        # The cut page went on from the server's offset under the same upload: the first
        # change to its row after the cut is the next chunk, not a new upload from 0.
        resumed = next(row for rows in watch.uploads[watch.cut_index + 1:] for row in rows
                       if row[0] == sha256 and row != watch.cut_row)
        assert resumed == (sha256, upload_id, CUT_AT + CHUNK)
        conn = ws.store.conn
        states = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"))
        assert states == {"done": 2 * CASES}
        assert conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM cases WHERE synced_at IS NULL"
                            ).fetchone()[0] == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check_server(restarted, ws, ledger)
