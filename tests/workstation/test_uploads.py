"""Resumable uploads of captured pages against the real server: create, ask the offset,
send the rest; interrupted uploads go on from where the server stands."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable

import pytest

from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.workstation.test_cases import filled, synced
from workstation import capture, intake
from workstation.api.errors import OffsetMismatchError, RejectedError, UploadGoneError
from workstation.core import Workstation
from workstation.sync import SyncEngine, SyncProgress

CHUNK = 64 * 1024
SIZE = 5 * CHUNK + 1234  # six chunks, the last one short


def case_with_page(ws: Workstation, data: bytes) -> intake.ScannedPage:
    """A decided case with one captured page (random bytes: they do not compress)."""
    synced(ws)
    draft = filled(ws)
    page = ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    return page


def engine(ws: Workstation, progress: list[int],
           stop_after: int | None = None, cancel: threading.Event | None = None
           ) -> SyncEngine:
    def seen(p: SyncProgress) -> None:
        if p.phase == "upload":
            progress.append(p.done)
            if stop_after is not None and cancel is not None and len(progress) >= stop_after:
                cancel.set()  # the network drops, the clerk stops, the power goes

    assert ws.api is not None
    return SyncEngine(ws.store, ws.api, chunk_size=CHUNK, on_progress=seen)


def server_bytes(server: ServerProcess, sha256: str) -> bytes | None:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/attachments/{sha256}")
    return answer.content if answer.status_code == 200 else None


def interrupted(ws: Workstation, chunks: int) -> tuple[intake.ScannedPage, bytes]:
    data = os.urandom(SIZE)
    page = case_with_page(ws, data)
    cancel = threading.Event()
    sent: list[int] = []
    report = engine(ws, sent, stop_after=chunks, cancel=cancel).sync_once(cancel)
    assert report.cancelled and sent == [CHUNK * (n + 1) for n in range(chunks)]
    known = ws.store.attachments.upload(page.sha256)
    assert known is not None and known[1] == chunks * CHUNK  # kept across a restart
    return page, data


def test_an_interrupted_upload_goes_on_from_the_servers_offset(
    ws: Workstation, server: ServerProcess
) -> None:
    page, data = interrupted(ws, 2)
    assert server_bytes(server, page.sha256) is None
    resumed: list[int] = []
    report = engine(ws, resumed).sync_once()
    assert report.ok and report.pushed == 2  # the page, then its case
    assert resumed == [3 * CHUNK, 4 * CHUNK, 5 * CHUNK, SIZE]  # nothing sent twice
    assert server_bytes(server, page.sha256) == data
    assert ws.store.attachments.upload(page.sha256) is None
    assert ws.store.attachments.uploaded(page.sha256)


def test_an_upload_the_server_forgot_starts_over(ws: Workstation, server: ServerProcess
                                                 ) -> None:
    page, data = interrupted(ws, 3)
    with server.admin() as admin:
        assert admin.delete("/v1/admin/uploads").json()["count"] == 1
    again: list[int] = []
    assert engine(ws, again).sync_once().ok
    assert again[0] == CHUNK and again[-1] == SIZE  # from the first byte
    assert server_bytes(server, page.sha256) == data


def test_a_chunk_from_the_wrong_offset_is_refused_and_the_offset_asked_again(
    ws: Workstation, server: ServerProcess
) -> None:
    page, data = interrupted(ws, 2)
    known = ws.store.attachments.upload(page.sha256)
    assert known is not None and ws.api is not None
    upload_id = known[0]
    with pytest.raises(OffsetMismatchError):
        ws.api.upload_chunk(upload_id, 0, data[:CHUNK])  # a retry of a chunk that arrived
    assert ws.api.upload_offset(upload_id) == 2 * CHUNK
    sent: list[int] = []
    # The engine's own view is stale (it thinks nothing arrived): 409, HEAD, go on.
    engine(ws, sent)._send_chunks(page.sha256, upload_id, 0, data, threading.Event())
    assert sent == [3 * CHUNK, 4 * CHUNK, 5 * CHUNK, SIZE]
    assert server_bytes(server, page.sha256) == data


def test_bytes_that_do_not_match_their_hash_are_dropped_by_the_server(ws: Workstation) -> None:
    synced(ws)
    assert ws.api is not None
    data = os.urandom(3000)
    claimed = hashlib.sha256(b"another page").hexdigest()
    status = ws.api.create_upload(claimed, len(data), "image/jpeg")
    with pytest.raises(RejectedError) as refused:
        ws.api.upload_chunk(status.upload_id, 0, data)
    assert refused.value.server_code == "hash_mismatch"
    with pytest.raises(UploadGoneError):
        ws.api.upload_offset(status.upload_id)


def test_a_page_the_server_already_has_is_not_sent_again(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    data = os.urandom(SIZE)
    first = workstation_factory(server.url, "first")
    page = case_with_page(first, data)
    assert engine(first, []).sync_once().ok
    # The same paper captured at another window (the same bytes, so the same hash).
    second = workstation_factory(server.url, "second")
    assert case_with_page(second, data).sha256 == page.sha256
    sent: list[int] = []
    report = engine(second, sent).sync_once()
    assert report.ok and report.pushed == 2 and sent == []
    assert second.store.attachments.uploaded(page.sha256)


def test_a_case_waits_for_its_pages_without_asking_the_server(
    ws: Workstation, server: ServerProcess
) -> None:
    page = case_with_page(ws, os.urandom(SIZE))
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/uploads", "mode": "error",
                                             "count": 1}).raise_for_status()
    report = engine(ws, []).sync_once()
    assert report.pushed == 0 and report.deferred == 2  # the page failed; the case waits
    rows = ws.store.conn.execute(
        "SELECT op, state, attempts, next_attempt_at FROM outbox ORDER BY id").fetchall()
    (_, upload_state, _, upload_due), (_, case_state, case_attempts, case_due) = rows
    assert upload_state == case_state == "pending"
    assert case_attempts == 0 and case_due == upload_due  # no attempt used on the case
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == 0  # never sent
    assert ws.api is not None
    later = SyncEngine(ws.store, ws.api, chunk_size=CHUNK, clock=lambda: upload_due + 1)
    report = later.sync_once()
    assert report.ok and report.pushed == 2
    assert server_bytes(server, page.sha256) is not None


def test_only_a_refused_record_can_be_let_go_and_waiting_bytes_shrink_as_chunks_arrive(
    ws: Workstation,
) -> None:
    page, _ = interrupted(ws, 2)
    details = ws.sync_details()
    assert details.waiting.operations == 2  # the page and its case
    assert details.waiting.page_bytes == SIZE - 2 * CHUNK  # what the server lacks
    op_id = ws.store.conn.execute("SELECT id FROM outbox WHERE op = 'attachment.put'"
                                  ).fetchone()[0]
    assert not ws.let_go(op_id)  # still on its way: the server's to receive
    assert ws.store.conn.execute("SELECT discarded_at FROM outbox WHERE id = ?",
                                 (op_id,)).fetchone()[0] is None
    assert ws.store.attachments.upload(page.sha256) is not None


def test_the_servers_retry_after_is_honoured_and_the_worker_wakes_when_it_is_due(
    ws: Workstation, server: ServerProcess
) -> None:
    import time

    from workstation.sync import SyncWorker

    case_with_page(ws, os.urandom(4096))
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={
            "path_prefix": "/v1/uploads", "mode": "busy", "count": 1,
            "delay_ms": 60_000}).raise_for_status()
    before = time.time()
    report = engine(ws, []).sync_once()
    assert report.deferred == 2 and report.pushed == 0
    due = ws.store.conn.execute("SELECT next_attempt_at FROM outbox WHERE "
                                "op = 'attachment.put'").fetchone()[0]
    assert due >= before + 60  # not the first backoff step (under 5 s): the server's minute
    assert ws.api is not None
    worker = SyncWorker(lambda: ws.store, ws.api, interval=3600, page_size=500,
                        on_report=lambda _: None)
    assert 50 <= worker._pause(ws.store) <= 60.5  # wakes for the retry, not in an hour
    with ws.store.conn:
        ws.store.conn.execute("UPDATE outbox SET next_attempt_at = 0")
    assert worker._pause(ws.store) == 1.0  # overdue: the next round comes at once


def test_pages_the_server_confirmed_long_ago_are_purged_and_nothing_else(
    ws: Workstation,
) -> None:
    import datetime as dt

    from offline.attachments import AttachmentPurgedError
    from workstation.sync import SyncWorker

    old = case_with_page(ws, os.urandom(4096))
    assert engine(ws, []).sync_once().ok
    # Not confirmed: a case decided but not sent; an open draft showing a sent page.
    unsent_draft = filled(ws)
    unsent = ws.store_page(os.urandom(4096), "image/jpeg", width=10, height=10, dpi=200)
    capture.attach(unsent_draft, intake.entries(unsent_draft)[0][0].code, [unsent])
    ws.decide(unsent_draft, CaseStatus.ACCEPTED)
    open_draft = filled(ws)
    capture.attach(open_draft, intake.entries(open_draft)[0][0].code, [old])
    ws.save_draft(open_draft)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=31)
    assert capture.purge(ws.store, 30, now=later) == 0  # the draft still shows it
    ws.discard_draft(open_draft.id)
    assert capture.purge(ws.store, 30, now=dt.datetime.now(dt.UTC)) == 0  # too recent
    assert capture.purge(ws.store, 30, now=later) == 1
    assert not ws.store.attachments.path(old.sha256).exists()
    assert ws.store.attachments.path(unsent.sha256).exists()  # never purged unconfirmed
    with pytest.raises(AttachmentPurgedError):
        ws.page_bytes(old.sha256)
    # The same paper captured again is kept again (and not uploaded twice).
    again = ws.store_page(ws_bytes := os.urandom(1), "image/jpeg", width=1, height=1,
                          dpi=200)
    assert again.sha256 == hashlib.sha256(ws_bytes).hexdigest()
    # The worker purges at most once a day.
    assert ws.api is not None
    worker = SyncWorker(lambda: ws.store, ws.api, interval=60, page_size=500,
                        retention_days=30, on_report=lambda _: None)
    worker._purge(ws.store)
    stamp = ws.store.meta("pages_purged_at")
    assert stamp is not None
    worker._purge(ws.store)
    assert ws.store.meta("pages_purged_at") == stamp


def test_pages_nothing_refers_to_are_swept_after_a_week(ws: Workstation) -> None:
    import datetime as dt

    synced(ws)
    # A capture dialog that was cancelled: stored, never attached.
    cancelled = ws.store_page(os.urandom(2048), "image/jpeg", width=10, height=10, dpi=200)
    # A draft's page, a decided case's page: in use.
    draft = filled(ws)
    held = ws.store_page(os.urandom(2048), "image/jpeg", width=10, height=10, dpi=200)
    capture.attach(draft, intake.entries(draft)[0][0].code, [held])
    ws.save_draft(draft)
    decided = case_with_page(ws, os.urandom(2048))
    # A process killed between the page's file and its row; a write cut short.
    root = ws.store.attachments.root
    stray = root / "ab" / ("ab" + "0" * 62)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"sealed bytes nobody names")
    partial = root / "ab" / ".part-x1y2"
    partial.write_bytes(b"half")
    week_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=8)).timestamp()
    for file in (stray, partial):
        os.utime(file, (week_ago, week_ago))
    fresh = root / "cd" / ("cd" + "1" * 62)  # being written right now: left alone
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(b"x")

    assert capture.purge(ws.store, 30, now=dt.datetime.now(dt.UTC)) == 2  # files only
    assert not stray.exists() and not partial.exists() and fresh.exists()
    assert ws.store.attachments.path(cancelled.sha256).exists()  # a day old at most

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    assert capture.purge(ws.store, 30, now=later) == 2  # the cancelled page and `fresh`
    assert ws.store.attachments.info(cancelled.sha256) is None
    assert not ws.store.attachments.path(cancelled.sha256).exists()
    for kept in (held, decided):
        assert ws.page_bytes(kept.sha256)  # still readable
    # Captured again after the sweep, the same paper is simply stored again.
    assert ws.store_page(b"again", "image/jpeg", width=1, height=1, dpi=200).size == 5


def server_bytes_complete(ws: Workstation, sha256: str) -> bool:
    assert ws.api is not None
    return ws.api.create_upload(sha256, SIZE, "image/jpeg").complete


def test_the_upload_rate_cap_spaces_the_chunks(ws: Workstation) -> None:
    class Waits(threading.Event):
        def __init__(self) -> None:
            super().__init__()
            self.waited: list[float] = []

        def wait(self, timeout: float | None = None) -> bool:
            self.waited.append(timeout or 0.0)
            return False  # never cancelled; the test does not sleep

    data = os.urandom(SIZE)
    page = case_with_page(ws, data)
    assert ws.api is not None
    capped = SyncEngine(ws.store, ws.api, chunk_size=CHUNK, max_kbps=256,
                        monotonic=lambda: 100.0)  # the sends themselves take no time
    status = ws.api.create_upload(page.sha256, SIZE, "image/jpeg")
    waits = Waits()
    capped._send_chunks(page.sha256, status.upload_id, 0, data, waits)
    # Before each chunk after the first, the engine waits for the time the bytes already
    # sent take at 256 KB/s, less the time already spent (none here, and these waits
    # return at once, so they add up: a quarter of a second more per 64 KB chunk).
    assert waits.waited == [n * CHUNK / (256 * 1024) for n in range(1, 6)]
    assert server_bytes_complete(ws, page.sha256)


class Line:
    """A line of a given speed in front of the real server: each chunk advances a clock by
    the time its bytes take, and the sizes sent are recorded."""

    def __init__(self, ws: Workstation, bytes_per_s: float) -> None:
        assert ws.api is not None
        self.api = ws.api
        self.rate = bytes_per_s
        self.now = 0.0
        self.sizes: list[int] = []
        real = self.api.upload_chunk

        def upload_chunk(upload_id: str, offset: int, data: bytes) -> object:
            self.sizes.append(len(data))
            self.now += len(data) / self.rate
            return real(upload_id, offset, data)

        self.api.upload_chunk = upload_chunk  # type: ignore[method-assign,assignment]

    def engine(self, ws: Workstation, **kwargs: object) -> SyncEngine:
        return SyncEngine(ws.store, self.api, chunk_size=CHUNK, monotonic=lambda: self.now,
                          **kwargs)  # type: ignore[arg-type]


def unsent_case(ws: Workstation, data: bytes) -> intake.ScannedPage:
    draft = filled(ws)
    page = ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    return page


def test_chunks_grow_on_a_fast_line_and_stay_small_on_a_slow_one(ws: Workstation) -> None:
    big = 3 * 1024 * 1024
    synced(ws)
    first = unsent_case(ws, os.urandom(big))
    second = unsent_case(ws, os.urandom(SIZE))
    # 4 MB/s: two seconds' worth is 8 MB, reached fourfold at a time up to the maximum;
    # the next page starts at the size reached, so it goes in one request.
    fast = Line(ws, 4 * 1024 * 1024)
    assert fast.engine(ws, max_chunk_size=1024 * 1024).sync_once().pushed == 4
    assert fast.sizes == [CHUNK, 4 * CHUNK, 1024 * 1024, 1024 * 1024, big - 2368 * 1024,
                          SIZE]
    for page in (first, second):
        assert server_bytes_complete(ws, page.sha256)

    # 16 KB/s: a 64 KB chunk takes 4 s; chunks never go below the clerk's setting.
    slow_page = unsent_case(ws, os.urandom(SIZE))
    slow = Line(ws, 16 * 1024)
    assert slow.engine(ws, max_chunk_size=1024 * 1024).sync_once().pushed == 2
    assert slow.sizes == [CHUNK] * 5 + [SIZE - 5 * CHUNK]
    assert server_bytes_complete(ws, slow_page.sha256)


def test_chunks_follow_the_rate_cap_not_the_line(ws: Workstation) -> None:
    synced(ws)
    page = unsent_case(ws, os.urandom(SIZE))
    fast = Line(ws, 8 * 1024 * 1024)
    fast.engine(ws, max_chunk_size=1024 * 1024, max_kbps=64).sync_once()
    # Two seconds at the 64 KB/s cap is 128 KB, whatever the line could do.
    assert fast.sizes == [CHUNK, 2 * CHUNK, 2 * CHUNK, SIZE - 5 * CHUNK]
    assert server_bytes_complete(ws, page.sha256)
