"""Child process of the kill test (tests/system/test_sync_kill.py): a production-mode
workstation that takes in cases with captured pages while the app's sync worker pushes.

    python -m tests.system.kill_child URL WORKDIR SEED MARKERS MODE

MODE "kill": take in case after case until killed (it never stops on its own).
MODE "finish": complete a case left half-entered, sync until nothing is waiting, exit 0.

Every start goes on where the store left off: the next case's index is the number of
cases in the store, and a draft left by a kill (always that next case) is completed,
never entered again. Case i carries `note(i)` and the pages `case_pages(seed, i)`, so the
parent can tell each case apart and recompute its bytes.

Stdout says only "ready NEXT DRAFT" (DRAFT: the index of the resumed draft, or "-"), once
the worker runs and before the first case. Phase markers go to the MARKERS file, one
line per step, "M ..." for the counter (main thread) and "S ..." for the sync thread, so
the parent can tell where a kill landed; "X ..." reports an inconsistency or a crash.
"""

from __future__ import annotations

import dataclasses
import os
import queue
import random
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from offline import catalogue, outbox
from server.contract import ServiceItem
from server.contract.cases import CaseStatus
from workstation import capture, intake
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncReport, SyncWorker

USER, PASSWORD = "demo", "demo1234"
ITEM_NAME = "居民身份证换领"
CHUNK_KB = 16  # the smallest the settings allow: most pages take several chunks
PAGE_MIN, PAGE_MAX = 20 * 1024, 200 * 1024
PAUSE_MAX_S = 0.25  # the clerk's pause between two applicants: 0 to this
FINISH_TIMEOUT_S = 300.0

# ApiClient calls of the sync thread, and the phase each begins.
SYNC_CALLS = {"fetch_feed": "pull", "device_state": "recheck", "known_seqs": "recheck",
              "has_attachment": "recheck", "create_upload": "create",
              "upload_offset": "head", "upload_chunk": "chunk", "put_case": "put"}


def note(index: int) -> str:
    return f"kill-test case {index}"


def index_of(note_text: str) -> int:
    prefix = note(0)[:-1]
    if not note_text.startswith(prefix):
        raise ValueError(f"not a kill-test note: {note_text!r}")
    return int(note_text[len(prefix):])


def case_pages(seed: int, index: int) -> list[bytes]:
    """Case `index`'s pages: 1-3 of 20-200 KB, incompressible, the same in every run."""
    rng = random.Random(f"kill-test:{seed}:{index}")
    return [rng.randbytes(rng.randint(PAGE_MIN, PAGE_MAX)) for _ in range(rng.randint(1, 3))]


class Markers:
    """Appends whole lines with one write(2) each: no buffer for a kill to lose, and the
    two threads' lines never interleave."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def __call__(self, who: str, *words: object) -> None:
        os.write(self._fd, (" ".join((who, *map(str, words))) + "\n").encode())

    def fail(self, message: str) -> None:
        self("X", message.replace("\n", " | "))
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def instrument(api: object, mark: Markers) -> None:
    """Mark the start of each request of the sync thread (instance attributes over the
    client's methods; the engine calls them through the same instance)."""
    for name, phase in SYNC_CALLS.items():
        real: Callable[..., Any] = getattr(api, name)

        def marked(*args: Any, _real: Callable[..., Any] = real, _phase: str = phase,
                   **kwargs: Any) -> Any:
            if _phase == "chunk":
                mark("S", _phase, args[1])
            else:
                mark("S", _phase)
            return _real(*args, **kwargs)

        setattr(api, name, marked)


def fixed_chunks(ws: Workstation, worker: SyncWorker) -> None:
    """Every chunk of the settings' size, not grown to the line's speed: on loopback a
    page would go in one or two requests, while on the slow township line this test
    stands for chunks stay small and a restart resumes most uploads part-way."""
    worker.retune(**{**ws.sync_tuning(), "max_chunk_size": None})


def wait_for_item(ws: Workstation, mark: Markers) -> ServiceItem:
    """The item, once the worker has pulled the catalogue (at once after the first run)."""
    deadline = time.monotonic() + 60
    while True:
        code = next((s.code for s in catalogue.item_summaries(ws.store.conn)
                     if s.name == ITEM_NAME), None)
        item = ws.item(code) if code is not None else None
        if item is not None:
            return item
        if time.monotonic() > deadline:
            mark.fail("the catalogue never arrived")
            sys.exit(2)
        time.sleep(0.05)


def enter(ws: Workstation, item: ServiceItem, seed: int, index: int,
          draft: intake.Draft | None, mark: Markers) -> None:
    """Take case `index` in as the counter does (saving the draft after each change),
    or complete its draft left by a kill."""
    if draft is None:
        mark("M", "case", index)
        draft = intake.new_draft(item)
        draft.applicant = intake.PartyEntry(name="林晓静", id_number="110101199003078523",
                                            phone="13900001234")
        draft.note = note(index)
        for material, entry in intake.entries(draft):
            draft.materials[material.code] = entry.model_copy(update={"received": True})
        ws.save_draft(draft)
    else:
        mark("M", "resume", index)
    pages = []
    for number, data in enumerate(case_pages(seed, index)):
        mark("M", "page", index, number)
        pages.append(ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200))
        capture.attach(draft, intake.entries(draft)[0][0].code, pages)
        ws.save_draft(draft)
    mark("M", "decide", index)
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    mark("M", "entered", index, case.uuid)


def resumed_draft(ws: Workstation, index: int, mark: Markers) -> intake.Draft | None:
    """The draft a kill left, which can only be the next case's."""
    drafts = ws.drafts()
    if len(drafts) > 1 or (drafts and drafts[0].note != note(index)):
        mark.fail(f"drafts {[d.note for d in drafts]} with {index} cases in the store")
        sys.exit(2)
    return drafts[0] if drafts else None


def drain(ws: Workstation, reports: queue.Queue[SyncReport], mark: Markers) -> None:
    """Wait for the worker's rounds until nothing is waiting or refused."""
    deadline = time.monotonic() + FINISH_TIMEOUT_S
    while True:
        try:
            report = reports.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            mark.fail(f"not drained in {FINISH_TIMEOUT_S:.0f} s: "
                      f"{outbox.counts(ws.store.conn)}")
            sys.exit(3)
        counts = outbox.counts(ws.store.conn)
        if report.rejected or counts.rejected:
            mark.fail(f"rejected: {report.error_code} {report.error_detail}; {counts}")
            sys.exit(4)
        if counts.pending == 0:
            return


def main() -> int:
    url, work, seed_text, markers, mode = sys.argv[1:6]
    seed, workdir = int(seed_text), Path(work)
    mark = Markers(Path(markers))

    def crashed(args: threading.ExceptHookArgs) -> None:
        mark.fail(f"thread {args.thread.name if args.thread else '?'} crashed: "
                  f"{args.exc_type.__name__}: {args.exc_value}")
        os._exit(5)

    threading.excepthook = crashed
    ws = Workstation(paths_for(Mode.PRODUCTION, workdir / "data"), server_url=url,
                     vault=FileVault(workdir / "vault.json"))
    if ws.recovery is not None:
        mark.fail(f"the store was found damaged at start: {ws.recovery}")
        return 2
    if ws.settings.upload_chunk_kb != CHUNK_KB:
        ws.save_settings(dataclasses.replace(ws.settings, upload_chunk_kb=CHUNK_KB,
                                             sync_interval_s=10))
    ws.login(USER, PASSWORD)
    assert ws.api is not None
    instrument(ws.api, mark)
    reports: queue.Queue[SyncReport] = queue.Queue()

    def reported(report: SyncReport) -> None:
        mark("S", "idle", report.error_code or "ok", report.pushed, report.rejected,
             report.deferred)
        reports.put(report)

    worker = ws.sync_worker(reported)
    assert worker is not None
    fixed_chunks(ws, worker)
    worker.start()
    try:
        item = wait_for_item(ws, mark)
        index = int(ws.store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0])
        draft = resumed_draft(ws, index, mark)
        sys.stdout.write(f"ready {index} {index if draft is not None else '-'}\n")
        sys.stdout.flush()
        if mode == "finish":
            if draft is not None:
                enter(ws, item, seed, index, draft, mark)
            worker.request()
            drain(ws, reports, mark)
            print(f"drained {outbox.counts(ws.store.conn)}", flush=True)
            return 0
        while True:
            enter(ws, item, seed, index, draft, mark)
            worker.request()  # "sync now": the case goes up at once, not at the next round
            index, draft = index + 1, None
            mark("M", "pause")
            time.sleep(random.Random(f"pause:{seed}:{index}").uniform(0, PAUSE_MAX_S))
    finally:
        worker.stop()
        ws.close()


if __name__ == "__main__":
    sys.exit(main())
