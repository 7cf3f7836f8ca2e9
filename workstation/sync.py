"""The sync engine: plain blocking Python on one worker thread with its own connection.

Pull (server → client): catalogue, calendar, forms and case-progress feeds, page by page;
each page's upserts, tombstones and cursor are applied in one transaction. 410 Gone →
rebuild into shadow tables and swap them in atomically.
Push (client → server): the outbox in order (a case's pages are queued ahead of it and
uploaded resumably, see `_upload`); 2xx or "already have it" → done; 4xx
validation → rejected (shown to the clerk, never blocks the rest); 5xx, 409 or network
→ retried later with jittered exponential backoff; nothing is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import httpx

from offline import backup, outbox, replica, status
from offline.errors import StoreError
from offline.store import Store
from server.contract import CalendarPage, CaseProgressPage, CataloguePage, FormsPage
from workstation import capture
from workstation.api.client import ApiClient
from workstation.api.errors import (
    ApiError,
    CursorExpiredError,
    MalformedResponseError,
    OffsetMismatchError,
    RejectedError,
    ServerError,
    SessionExpiredError,
    UnreachableError,
    UploadGoneError,
)
from workstation.errors import KnownError
from workstation.upload_window import OPENED_EARLY_KEY, UploadWindow, opened_early

log = logging.getLogger("workstation.sync")

BACKOFF_BASE_S = 5.0
BACKOFF_CAP_S = 3600.0
MAX_REBUILDS = 3
UPLOAD_CHUNK = 256 * 1024
# Chunks grow on a fast line (see SyncEngine._adapt) up to this, so that a page goes in
# one request on a LAN while a broken township line loses at most ~CHUNK_TARGET_S of work.
MAX_CHUNK = 8 * 1024 * 1024
CHUNK_TARGET_S = 2.0
MIN_PAUSE_S = 1.0  # between two rounds of the worker, whatever falls due
PURGE_EVERY_S = 86400.0
BACKUP_EVERY_S = 86400.0


@dataclass(frozen=True)
class SyncProgress:
    # A feed ("catalogue", "calendar", "forms", "progress"), "push" (records sent) or
    # "upload" (bytes of the page being uploaded that the server has confirmed).
    phase: str
    done: int


@dataclass
class SyncReport:
    ok: bool = True
    error_code: str | None = None
    error_detail: str | None = None
    pulled: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    pushed: int = 0
    rejected: int = 0
    deferred: int = 0
    held: int = 0  # large pages kept for the upload window
    cancelled: bool = False
    resent: int = 0  # confirmed records (cases, desk records) a restored server had lost
    pages_lost: int = 0  # of their pages, purged here already: cannot be sent again


class Cancelled(Exception):
    pass


def backoff_delay(attempts: int, rng: Callable[[], float] = random.random) -> float:
    """Jittered exponential backoff: base·2^(n-1), capped, times a factor in [0.5, 1)."""
    raw = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1))
    return float(raw * (0.5 + rng() / 2))


def catalogue_row(item: Any) -> tuple[str, str, str, str, str, str, int, str]:
    return (item.code, item.name, item.short_name, item.department, item.department_code,
            item.item_type.value, item.version, item.model_dump_json())


def calendar_row(day: Any) -> tuple[str, str, str]:
    return (day.date.isoformat(), day.kind.value, day.name)


def form_row(form: Any) -> tuple[str, str, int, str]:
    return (form.id, form.title, form.version, form.model_dump_json())


FeedPage = CataloguePage | CalendarPage | FormsPage | CaseProgressPage
# The page model each feed's answers must match.
PAGE_MODELS: dict[str, type[FeedPage]] = {
    replica.CATALOGUE.feed: CataloguePage,
    replica.CALENDAR.feed: CalendarPage,
    replica.FORMS.feed: FormsPage,
    replica.PROGRESS.feed: CaseProgressPage,
}


def page_rows(page: FeedPage) -> list[tuple[Any, ...]]:
    """The replica rows of a page's records."""
    if isinstance(page, CataloguePage):
        return [catalogue_row(i) for i in page.items]
    if isinstance(page, CalendarPage):
        return [calendar_row(d) for d in page.days]
    if isinstance(page, FormsPage):
        return [form_row(f) for f in page.forms]
    return [(str(u.uuid), u.case_number, u.progress.value, u.note, u.updated_at.isoformat())
            for u in page.updates]


class SyncEngine:
    def __init__(
        self,
        store: Store,
        api: ApiClient,
        *,
        page_size: int = 500,
        chunk_size: int = UPLOAD_CHUNK,
        max_chunk_size: int | None = None,
        max_kbps: int = 0,
        window: UploadWindow | None = None,
        on_progress: Callable[[SyncProgress], None] | None = None,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.monotonic = monotonic  # for the upload rate cap
        self.api = api
        self.page_size = page_size
        self.chunk_size = chunk_size  # the smallest chunk (the clerk's setting)
        # None: every chunk is chunk_size; else chunks adapt to the line up to this.
        self.max_chunk_size = max_chunk_size
        self._chunk = chunk_size  # the adapted size, kept from page to page
        self.max_kbps = max_kbps  # 0: no cap on the upload rate
        self.window = window  # None: large pages may go any time
        self.on_progress = on_progress
        self.clock = clock
        self.rng = rng

    def _progress(self, phase: str, done: int) -> None:
        if self.on_progress is not None:
            self.on_progress(SyncProgress(phase, done))

    def sync_once(self, cancel: threading.Event | None = None) -> SyncReport:
        """Pull both feeds, then push the outbox. Never raises a KnownError: it reports it."""
        report = SyncReport()
        cancel = cancel or threading.Event()
        phases: list[Callable[[], None]] = [
            *(partial(self.pull, feed, report, cancel) for feed in replica.FEEDS),
            lambda: self.recheck(report),
            lambda: self.push(report, cancel),
        ]
        for phase in phases:
            try:
                phase()
            except Cancelled:
                report.cancelled = True
                return report
            except (KnownError, StoreError) as exc:
                # A bad catalogue page must not hold back the cases: go on with the next
                # phase, unless the server cannot be reached or will not accept us at all.
                if report.ok:
                    report.ok = False
                    report.error_code = exc.code
                    report.error_detail = str(exc)
                log.warning("sync phase failed: %s (%s)", exc.code, exc)
                if isinstance(exc, UnreachableError | SessionExpiredError):
                    break
        try:
            status.record_sync(self.store.conn, report.error_code, report.error_detail)
        except StoreError as exc:  # a full disk: the report still says how it went
            log.warning("recording the sync's outcome failed: %s", exc.code)
            if report.ok:
                report.ok, report.error_code, report.error_detail = False, exc.code, str(exc)
        return report

    # -- pull -----------------------------------------------------------------------------

    def _page(self, feed: replica.FeedTable, response: httpx.Response) -> FeedPage:
        return self.api.parse_feed(response, PAGE_MODELS[feed.feed])

    def pull(self, feed: replica.FeedTable, report: SyncReport, cancel: threading.Event) -> None:
        """Pull one feed to its end.

        While page N is written, page N+1 downloads on a helper thread (network I/O only:
        validation holds the GIL, so it stays here, where it would stall nothing).
        """
        conn = self.store.conn
        state = replica.feed_state(conn, feed)
        shadow = state.rebuilding
        cursor = (state.shadow_cursor or None) if shadow else state.cursor
        rebuilds = 0
        pulled = removed = 0
        # Replica pages can always be fetched again, so the bulk pull does not fsync every
        # page (WAL + NORMAL): a power cut may lose the last pages, never corrupt or split
        # one, and the cursor stays in the same transaction. Counter work keeps FULL.
        conn.execute("PRAGMA synchronous=NORMAL")
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-fetch") as net:
                download = net.submit(self.api.fetch_feed, feed.feed, cursor, self.page_size)
                while True:
                    if cancel.is_set():
                        raise Cancelled
                    try:
                        page = self._page(feed, download.result())
                    except CursorExpiredError:
                        rebuilds += 1
                        if rebuilds > MAX_REBUILDS:
                            raise
                        log.info("%s cursor expired; rebuilding", feed.feed)
                        replica.start_rebuild(conn, feed)
                        report.rebuilt.append(feed.feed)
                        shadow, cursor = True, None
                        download = net.submit(self.api.fetch_feed, feed.feed, None,
                                              self.page_size)
                        continue
                    if page.has_more and page.cursor == cursor:
                        raise MalformedResponseError(f"{feed.feed}: has_more without advancing")
                    if page.has_more:
                        download = net.submit(self.api.fetch_feed, feed.feed, page.cursor,
                                              self.page_size)
                    rows = page_rows(page)
                    gone = [k if isinstance(k, str) else k.isoformat() for k in page.removed]
                    replica.apply_page(conn, feed, rows, gone, page.cursor, shadow=shadow)
                    pulled += len(rows)
                    removed += len(gone)
                    cursor = page.cursor
                    self._progress(feed.feed, pulled)
                    if not page.has_more:
                        break
            if shadow:
                replica.finish_rebuild(conn, feed)
        finally:
            conn.execute("PRAGMA synchronous=FULL")
        report.pulled[feed.feed] = pulled
        report.removed[feed.feed] = removed

    # -- push -----------------------------------------------------------------------------

    def recheck(self, report: SyncReport) -> None:
        """Does the server still hold everything it confirmed? A server restored from an
        older backup has forgotten the latest operations: cases, and the certificate
        desk's issuances, voids and hand-overs (else another desk could use a lost serial
        again). They (and the pages it lacks) are sent again from this workstation's copy,
        within the retention period, in their original order under their own sequence
        and key, so the server cannot take any twice."""
        conn, cipher = self.store.conn, self.store.cipher
        mine = outbox.confirmed_seqs(conn)
        if not mine:
            return
        theirs = self.api.device_state()
        if theirs.last_seq >= mine[-1] and theirs.op_count >= len(mine):
            return
        # Fewer, or older: ask which ones it holds (a restore between two rounds can leave
        # the highest sequence intact while losing some below it).
        known = self.api.known_seqs(mine)
        lost = outbox.confirmed_with(conn, cipher, [s for s in mine if s not in known])
        if not lost:
            return
        pages = list(dict.fromkeys(sha for op in lost if op.op == "case.put"
                                   for sha in outbox.case_pages(op.payload)))
        missing = [sha for sha in pages if not self.api.has_attachment(sha)]
        report.pages_lost = outbox.send_again(conn, cipher, lost, missing)
        report.resent = len(lost)
        log.warning("the server lacks %d confirmed records (%d cases; restored from a "
                    "backup?); sending them again with %d pages (%d pages no longer kept "
                    "here)", len(lost), sum(op.op == "case.put" for op in lost),
                    len(missing) - report.pages_lost, report.pages_lost)

    def push(self, report: SyncReport, cancel: threading.Event) -> None:
        conn, cipher = self.store.conn, self.store.cipher
        # One engine pushes at a time, so nothing is in flight now: an operation left so
        # by a round that failed on the store (a full disk between sending and marking it
        # done) goes back to pending and is sent again (the server knows it: success).
        outbox.recover_in_flight(conn)
        # Cases set aside this round until their pages (queued behind them) are up.
        waiting: dict[int, outbox.Operation] = {}
        while True:
            batch = outbox.due(conn, cipher, self.clock(), limit=50, skip=waiting)
            if not batch:
                ready = [i for i, op in waiting.items()
                         if outbox.pages_state(conn, outbox.case_pages(op.payload)).ready]
                if not ready:
                    break
                for op_id in ready:
                    del waiting[op_id]
                continue
            for op in batch:
                if cancel.is_set():
                    raise Cancelled
                if op.op == "case.put" and not self._pages_ready(op, report, waiting):
                    continue
                if op.op == "attachment.put" and self._held(op):
                    report.held += 1
                    continue
                outbox.mark_in_flight(conn, op.id)
                try:
                    receipt = self._send(op, cancel)
                except Cancelled:
                    outbox.release(conn, op.id)
                    raise
                except RejectedError as exc:
                    outbox.mark_rejected(conn, op.id, exc.server_code or exc.code, str(exc))
                    report.rejected += 1
                    continue
                except SessionExpiredError as exc:
                    outbox.mark_retry(conn, op.id, 0.0, exc.code, str(exc))
                    raise
                except ApiError as exc:
                    delay = backoff_delay(op.attempts + 1, self.rng)
                    if isinstance(exc, ServerError) and exc.retry_after is not None:
                        delay = max(delay, exc.retry_after)
                    outbox.mark_retry(conn, op.id, self.clock() + delay, exc.code, str(exc))
                    report.deferred += 1
                    if isinstance(exc, UnreachableError):
                        raise  # the network is down: the rest would fail the same way
                    continue
                outbox.mark_done(conn, op, receipt)
                report.pushed += 1
                self._progress("push", report.pushed)

    def _held(self, op: outbox.Operation) -> bool:
        """A large page outside the upload window waits for it (no attempt counted), unless
        the clerk opened the window early."""
        if self.window is None:
            return False
        now = self.clock()
        if opened_early(self.store.meta(OPENED_EARLY_KEY), now, op.id):
            return False
        blob = self.store.attachments.info(op.target)
        at = dt.datetime.fromtimestamp(now)
        if blob is None or not self.window.holds(blob.size, at):
            return False
        outbox.wait_until(self.store.conn, op.id, self.window.next_open(at).timestamp())
        return True

    def _pages_ready(self, op: outbox.Operation, report: SyncReport,
                     waiting: dict[int, outbox.Operation]) -> bool:
        """A case goes up only after all its pages have: until then it waits for the
        earliest of their retries (no attempt counted, no server round trip). A page
        whose upload was rejected holds the case back for good: the case is rejected
        with that reason, for the clerk to see."""
        conn = self.store.conn
        state = outbox.pages_state(conn, outbox.case_pages(op.payload))
        if state.ready:
            return True
        if state.rejected:
            outbox.mark_rejected(conn, op.id, "attachment_rejected",
                                 f"{len(state.rejected)} of its pages could not be sent")
            report.rejected += 1
            return False
        if 0 <= state.due_at <= self.clock():
            # Its pages are due in this round (queued behind the case, e.g. sent again
            # after a server restore): set it aside and come back once they are up.
            waiting[op.id] = op
            return False
        outbox.wait_until(conn, op.id, state.due_at if state.due_at >= 0
                          else self.clock() + 1.0)
        report.deferred += 1
        return False

    def _upload(self, sha256: str, cancel: threading.Event) -> str:
        """Upload a captured page resumably: create the upload (remembered with the
        offset the server confirmed, so a restart goes on from there), ask the server's
        offset, send the rest in chunks. A forgotten upload (404) starts over once; an
        offset the server disagrees with (409) is asked for again."""
        pages = self.store.attachments
        blob = pages.info(sha256)
        if blob is None:
            raise RejectedError(f"page {sha256[:12]} is not in the store", "attachment_missing")
        try:
            data = pages.read(sha256)
        except StoreError as exc:  # deleted or damaged on disk: shown, not retried
            raise RejectedError(str(exc), exc.code) from exc
        for _ in range(2):
            known = pages.upload(sha256)
            if known is None:
                status = self.api.create_upload(sha256, blob.size, blob.media_type)
                if status.complete:
                    return sha256
                # Remembered with its first confirmed chunk: an upload cut short before
                # that is simply created again (one commit less per page).
                upload_id, offset = status.upload_id, 0
            else:
                upload_id = known[0]
                try:
                    offset = self.api.upload_offset(upload_id)
                except UploadGoneError:
                    log.info("upload of a page was forgotten by the server; starting over")
                    pages.forget_upload(sha256)
                    continue
            try:
                self._send_chunks(sha256, upload_id, offset, data, cancel)
            except UploadGoneError:
                pages.forget_upload(sha256)
                continue
            return sha256
        raise UploadGoneError(f"the server forgot the upload of page {sha256[:12]} twice")

    def _send_chunks(self, sha256: str, upload_id: str, offset: int, data: bytes,
                     cancel: threading.Event) -> None:
        pages = self.store.attachments
        mismatches = 0
        started, sent = self.monotonic(), 0
        while offset < len(data):
            if cancel.is_set():
                raise Cancelled
            if self.max_kbps:
                # Keep the average rate under the cap: wait (interruptibly) until the bytes
                # sent so far would have taken that long at the cap.
                ahead = sent / (self.max_kbps * 1024) - (self.monotonic() - started)
                if ahead > 0 and cancel.wait(ahead):
                    raise Cancelled
            chunk = data[offset:offset + self._chunk_now()]
            began = self.monotonic()
            try:
                status = self.api.upload_chunk(upload_id, offset, chunk)
            except OffsetMismatchError:
                mismatches += 1
                if mismatches > 3:
                    raise
                offset = self.api.upload_offset(upload_id)
                continue
            self._adapt(len(chunk), self.monotonic() - began)
            sent += len(chunk)
            offset = status.offset
            if not status.complete:
                pages.save_upload(sha256, upload_id, offset)
            self._progress("upload", offset)

    def _chunk_now(self) -> int:
        if self.max_chunk_size is None:
            return self.chunk_size
        return max(self.chunk_size, min(self._chunk, self.max_chunk_size))

    def _adapt(self, size: int, seconds: float) -> None:
        """Size the next chunk to take about CHUNK_TARGET_S at the rate this one went
        (and never faster than the rate cap): growing at most fourfold at a time, never
        below the clerk's setting."""
        if self.max_chunk_size is None:
            return
        rate = size / max(seconds, 1e-3)
        if self.max_kbps:
            rate = min(rate, self.max_kbps * 1024)
        current = self._chunk_now()
        wanted = int(rate * CHUNK_TARGET_S)
        if size < current // 2:
            wanted = min(wanted, current)  # a short last piece says little about the line
        self._chunk = max(self.chunk_size, min(wanted, 4 * current, self.max_chunk_size))

    def _send(self, op: outbox.Operation, cancel: threading.Event) -> str:
        if op.op == "case.put":
            receipt = self.api.put_case(
                uuid.UUID(op.target), op.payload,
                idempotency_key=op.idempotency_key, device_seq=op.device_seq,
            )
            return receipt.server_id
        if op.op == "attachment.put":
            return self._upload(op.target, cancel)
        # The certificate desk's (offline.certificates): a serial some desk used already
        # is refused for good (SerialUsedError, a RejectedError) with the server's reason.
        if op.op == "certificate.issue":
            issued = self.api.issue_certificate(
                uuid.UUID(op.payload["certificate_id"]), op.payload["body"],
                idempotency_key=op.idempotency_key, device_seq=op.device_seq)
            return str(issued.issuance_uuid)
        if op.op == "stock.void":
            voided = self.api.void_stock(op.payload, idempotency_key=op.idempotency_key,
                                         device_seq=op.device_seq)
            return str(voided.void_uuid)
        if op.op == "certificate.handover":
            handed = self.api.hand_over_certificate(
                uuid.UUID(op.payload["certificate_id"]), op.payload["body"],
                idempotency_key=op.idempotency_key, device_seq=op.device_seq)
            return str(handed.handover_uuid)
        raise RejectedError(f"unknown operation {op.op}", "unknown_operation")


class SyncWorker:
    """Owns the sync thread: runs the engine on request and every `interval` seconds.

    `open_store` is called on the worker thread, so the engine has its own connection.
    `on_report` and `on_progress` are called on the worker thread; ui/ turns them into
    queued signals.
    """

    def __init__(
        self,
        open_store: Callable[[], Store],
        api: ApiClient,
        *,
        interval: float,
        page_size: int,
        chunk_size: int = UPLOAD_CHUNK,
        max_chunk_size: int | None = None,
        max_kbps: int = 0,
        window: UploadWindow | None = None,
        retention_days: int | None = None,
        on_report: Callable[[SyncReport], None],
        on_progress: Callable[[SyncProgress], None] | None = None,
    ) -> None:
        self._open_store = open_store
        self._api = api
        self._interval = interval
        self._page_size = page_size
        self._chunk_size = chunk_size
        self._max_chunk_size = max_chunk_size
        self._max_kbps = max_kbps
        self._window = window
        self._retention_days = retention_days
        self._on_report = on_report
        self._on_progress = on_progress
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sync", daemon=False)

    def start(self) -> None:
        self._thread.start()

    def request(self) -> None:
        self._wake.set()

    def retune(self, *, interval: float, chunk_size: int, max_chunk_size: int | None,
               max_kbps: int, window: UploadWindow | None,
               retention_days: int | None) -> None:
        """New settings from the clerk: used from the next round on, without a restart."""
        self._interval = interval
        self._chunk_size = chunk_size
        self._max_chunk_size = max_chunk_size
        self._max_kbps = max_kbps
        self._window = window
        self._retention_days = retention_days
        self._wake.set()

    def cancel(self) -> None:
        """Stop the sync under way at the next page or operation; the next one runs as
        usual. What was written stays written (each page with its cursor)."""
        self._cancel.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._cancel.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _purge(self, store: Store) -> None:
        """Once a day: free the disk of pages the server confirmed long ago."""
        if self._retention_days is None:
            return
        last = store.meta("pages_purged_at")
        now = time.time()
        if last is not None and now - float(last) < PURGE_EVERY_S:
            return
        try:
            purged = capture.purge(store, self._retention_days)
        except (KnownError, StoreError) as exc:
            log.warning("purging confirmed pages failed: %s", exc.code)
            return
        try:
            store.set_meta("pages_purged_at", str(now))
        except StoreError as exc:
            log.warning("recording the purge failed: %s", exc.code)
        if purged:
            log.info("%d confirmed pages older than %d days purged", purged,
                     self._retention_days)

    def _back_up(self, store: Store) -> None:
        """Once a day: a checked copy of the store to recover from a damaged file."""
        newest = backup.backups(store.path)
        taken = backup.taken_at(newest[0]) if newest else None
        if taken is not None and time.time() - taken.timestamp() < BACKUP_EVERY_S:
            return
        try:
            made = backup.make(store.conn, store.path)
        except StoreError as exc:
            log.warning("automatic backup failed: %s (%s)", exc.code, exc)
            return
        log.info("store backed up to %s", made.name)

    def _pause(self, store: Store) -> float:
        """Until the next round: the interval, or sooner when a retry falls due before it
        (a failed round is retried on its backoff, not only when something new comes)."""
        due = outbox.next_due(store.conn)
        if due is None:
            return self._interval
        return min(self._interval, max(MIN_PAUSE_S, due - time.time()))

    def _run(self) -> None:
        try:
            store = self._open_store()
        except (KnownError, StoreError) as exc:
            self._on_report(SyncReport(ok=False, error_code=exc.code, error_detail=str(exc)))
            return
        try:
            recovered = outbox.recover_in_flight(store.conn)
            if recovered:
                log.info("%d operations were in flight at the last stop; retrying", recovered)
            engine = SyncEngine(store, self._api, page_size=self._page_size,
                                chunk_size=self._chunk_size,
                                max_chunk_size=self._max_chunk_size, max_kbps=self._max_kbps,
                                window=self._window, on_progress=self._on_progress)
            while not self._stop.is_set():
                self._wake.clear()
                engine.chunk_size, engine.max_kbps = self._chunk_size, self._max_kbps
                engine.max_chunk_size = self._max_chunk_size
                engine.window = self._window
                report = engine.sync_once(self._cancel)
                if not self._stop.is_set():
                    self._cancel.clear()
                if not self._stop.is_set():
                    self._on_report(report)
                self._purge(store)
                self._back_up(store)
                self._wake.wait(self._pause(store))
        finally:
            store.close()
