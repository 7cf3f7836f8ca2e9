"""sync_push: a township's backlog drained to the server over loopback by the app's sync worker.

Setup, not timed: the reference server as a real process; a production-mode workstation
(real offline store, FileVault key) logs in, pulls the reference data, and records N
accepted cases through `Workstation.decide`, each with 3 distinct captured pages of
500 KiB of incompressible bytes (`image/jpeg`, stored sealed by `store.attachments.put`).
The outbox then holds 4·N operations: 3 page uploads ahead of each case's PUT.

Figure: a separate process runs a `QCoreApplication` event loop on its main thread and the
app's wiring: `Workstation.sync_worker` (its own thread and store connection, the default
settings' chunk size) with `ui.sync_bridge.SyncBridge` turning its progress and report
callbacks into queued signals. From the worker's start to the report's delivery on the
main thread:
- ops_per_s: outbox operations sent (page uploads + case PUTs) per second;
- mb_per_s: page bytes (MiB) per second;
- max_stall_ms: the longest gap between two ticks of a 10 ms precise QTimer on the main
  thread (the tick period included: 10 means no stall at all);
- rss_mb: peak resident memory (MiB) of that process from the drain's start (`VmHWM`,
  reset then; "whole process" where the mark can't be reset). The server is another
  process and not counted.
The drain runs in its own process because benchmarks import no Qt (import-linter); the
Qt side is the short `_DRAIN` script below, everything else is the app's own code.

Floor, same run: a bare `httpx.Client` loop sending the same work to the same server: per
page `POST /v1/uploads` + one `PATCH` of the whole page, per case `PUT /v1/cases/{uuid}`
with a body of the same shape and size under fresh device sequence numbers (its own
device), bodies pre-encoded and page hashes computed before timing. Half of it runs
before the drain and half after, so both see the server's database at the same average
size.

ratio = our mb_per_s / the floor's mb_per_s.

Targets (issue #7, measured here, not checked): ratio ≥ 0.7, max_stall_ms ≤ 50,
rss_mb ≤ 400.

Full size: 2,000 cases × 3 × 500 KiB (about 3 GiB of pages, held three times on disk:
the workstation's store, the server's copy of ours and of the floor's). With less free
space in the temporary directory the case count is scaled down and `note` says so.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import REPO, Timer, reference_server
from offline import catalogue, outbox
from server.contract.cases import CaseStatus
from workstation import capture, intake
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

FULL_CASES = 2_000
QUICK_CASES = 16
PAGES_PER_CASE = 3
PAGE_BYTES = 500 * 1024
MIB = 1024 * 1024
TICK_MS = 10
USER, PASSWORD = "demo", "demo1234"
ITEM_NAME = "居民身份证换领"
SEED = 7
# Disk per case: its pages in the workstation's store and twice on the server (ours and
# the floor's), plus a margin for sealing, SQLite pages and the WAL.
DISK_PER_CASE = int(PAGES_PER_CASE * PAGE_BYTES * 3 * 1.15)
DISK_RESERVE = 1024 * MIB

# The drain as the app runs it. Run with `python -c` from the repository; argv: the
# workstation's directory, its vault file, the server URL, user, password, tick in ms.
# Prints one JSON object.
_DRAIN = r"""
import json, resource, sys, threading, time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from offline import outbox
from ui.sync_bridge import SyncBridge
from workstation.core import Workstation, settle_memory
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

home, vault, url, user, password, tick_ms = sys.argv[1:7]
app = QCoreApplication(sys.argv[:1])
ws = Workstation(paths_for(Mode.PRODUCTION, Path(home)), server_url=url,
                 vault=FileVault(Path(vault)))
ws.login(user, password)
settle_memory()  # as the main window does after login
bridge = SyncBridge()
worker = ws.sync_worker(bridge.report.emit, bridge.progress.emit)
ticker = QTimer()
ticker.setTimerType(Qt.TimerType.PreciseTimer)
ticker.setInterval(int(tick_ms))
s = {"max_gap": 0.0, "max_gap_at": 0.0, "long_gaps": 0, "ticks": 0, "progress": 0,
     "off_main": 0, "report": None}

def tick():
    now = time.perf_counter()
    gap = now - s["last"]
    if gap > s["max_gap"]:
        s["max_gap"], s["max_gap_at"] = gap, s["last"] - s["start"]
    s["long_gaps"] += gap > 0.05
    s["last"] = now
    s["ticks"] += 1

def progress(p):
    s["progress"] += 1
    s["off_main"] += threading.current_thread() is not threading.main_thread()

def report(r):
    s["end"] = time.perf_counter()
    tick()
    ticker.stop()
    s["off_main"] += threading.current_thread() is not threading.main_thread()
    if s["report"] is None:
        s["report"] = r
    app.quit()

def vm(key):
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(next(l.split()[1] for l in status.splitlines() if l.startswith(key)))

def begin():
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        s["rss_scope"] = "drain"
        s["rss_start_kib"] = vm("VmRSS:")
    except OSError:
        s["rss_scope"] = "whole process"
        s["rss_start_kib"] = 0
    s["start"] = s["last"] = time.perf_counter()
    ticker.start()
    bridge.attach(worker)

ticker.timeout.connect(tick)
bridge.progress.connect(progress)
bridge.report.connect(report)
QTimer.singleShot(0, begin)
app.exec()
bridge.stop()
hwm_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if s["rss_scope"] == "drain":
    hwm_kib = vm("VmHWM:")
counts = outbox.counts(ws.store.conn)
ws.close()
r = s["report"]
print(json.dumps({
    "seconds": s["end"] - s["start"], "max_gap_s": s["max_gap"],
    "max_gap_at_s": s["max_gap_at"], "long_gaps": s["long_gaps"], "ticks": s["ticks"],
    "progress_signals": s["progress"], "delivered_off_main": s["off_main"],
    "rss_kib": hwm_kib, "rss_start_kib": s["rss_start_kib"], "rss_scope": s["rss_scope"],
    "ok": r.ok, "error": r.error_code, "pushed": r.pushed, "rejected": r.rejected,
    "deferred": r.deferred, "pending": counts.pending, "done": counts.done,
    "chunk_kb": ws.settings.upload_chunk_kb,
}), flush=True)
"""


@dataclass(frozen=True)
class FloorCase:
    uuid: str
    seq: int
    body: bytes  # the case's JSON, encoded as httpx encodes `json=`
    pages: tuple[tuple[int, str], ...]  # (page number, its SHA-256)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _case_count(quick: bool, root: Path) -> tuple[int, str]:
    """The case count the disk allows, and why it is smaller than asked (or "")."""
    wanted = QUICK_CASES if quick else FULL_CASES
    free = shutil.disk_usage(root).free
    fits = max(0, (free - DISK_RESERVE) // DISK_PER_CASE)
    if fits >= wanted:
        return wanted, ""
    if fits < QUICK_CASES:
        raise RuntimeError(f"only {free // MIB} MiB free in {root}: not even "
                           f"{QUICK_CASES} cases fit")
    return int(fits), (f"scaled down from {wanted} to {fits} cases: {free // MIB} MiB free "
                       f"in {root}, {DISK_PER_CASE * wanted // MIB} MiB needed")


# -- setup: the backlog ----------------------------------------------------------------------


def _backlog(url: str, home: Path, vault: Path, n: int) -> list[dict[str, Any]]:
    """Record n accepted cases with their pages, offline, as the counter does; returns
    their wire bodies (the floor sends bodies of the same shape)."""
    ws = Workstation(paths_for(Mode.PRODUCTION, home), server_url=url, vault=FileVault(vault))
    try:
        ws.login(USER, PASSWORD)
        assert ws.api is not None
        pulled = SyncEngine(ws.store, ws.api).sync_once()  # the reference data, once online
        if not pulled.ok:
            raise RuntimeError(f"reference data did not sync: {pulled.error_code}")
        code = next(s.code for s in catalogue.item_summaries(ws.store.conn)
                    if s.name == ITEM_NAME)
        item = ws.item(code)
        if item is None:
            raise RuntimeError(f"item {code} is missing from the replica")
        rng = random.Random(SEED)
        bodies: list[dict[str, Any]] = []
        # Setup only: the store's commits need not reach the platters one by one here.
        # The drain opens its own connection with the store's usual FULL.
        ws.store.conn.execute("PRAGMA synchronous=NORMAL")
        for _ in range(n):
            draft = intake.new_draft(item)
            draft.applicant = intake.PartyEntry(name="林晓静", id_number="110101199003078523",
                                                phone="13900001234")
            checklist = intake.entries(draft)
            for material, entry in checklist:
                draft.materials[material.code] = entry.model_copy(update={"received": True})
            pages = [ws.store_page(rng.randbytes(PAGE_BYTES), "image/jpeg", width=1654,
                                   height=2339, dpi=200) for _ in range(PAGES_PER_CASE)]
            capture.attach(draft, checklist[0][0].code, pages)
            bodies.append(ws.decide(draft, CaseStatus.ACCEPTED).model_dump(mode="json"))
        ws.store.conn.execute("PRAGMA synchronous=FULL")
        queued = outbox.counts(ws.store.conn).pending
        if queued != n * (PAGES_PER_CASE + 1):
            raise RuntimeError(f"{queued} operations queued for {n} cases")
        return bodies
    finally:
        ws.close()


# -- the floor -------------------------------------------------------------------------------


class FloorPages:
    """Distinct incompressible pages made cheaply: one random block, its first 8 bytes
    replaced by the page's number."""

    def __init__(self, rng: random.Random) -> None:
        self._tail = rng.randbytes(PAGE_BYTES - 8)

    def page(self, number: int) -> bytes:
        return number.to_bytes(8, "big") + self._tail


def _floor_cases(ours: list[dict[str, Any]], prefix: str, pages: FloorPages
                 ) -> list[FloorCase]:
    """Our bodies under new UUIDs, the floor device's case numbers and the floor's pages."""
    today = dt.datetime.now(dt.UTC).astimezone().date()
    cases = []
    number = 0
    for seq, body in enumerate(ours, start=1):
        twin = copy.deepcopy(body)
        twin["uuid"] = str(uuid.uuid4())
        twin["case_number"] = outbox.case_number(prefix, today, seq)
        refs: list[tuple[int, str]] = []
        for material in twin["materials"]:
            for attachment in material["attachments"]:
                number += 1
                attachment["sha256"] = hashlib.sha256(pages.page(number)).hexdigest()
                refs.append((number, attachment["sha256"]))
        if len(refs) != PAGES_PER_CASE:
            raise RuntimeError(f"a case refers to {len(refs)} pages")
        encoded = json.dumps(twin, ensure_ascii=False, separators=(",", ":"),
                             allow_nan=False).encode()
        cases.append(FloorCase(twin["uuid"], seq, encoded, tuple(refs)))
    return cases


def _expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise RuntimeError(f"floor: {response.request.method} {response.request.url.path} "
                           f"answered {response.status_code}: {response.text[:200]}")
    return response


def floor(url: str, token: str, cases: list[FloorCase], pages: FloorPages) -> float:
    """Seconds for a bare httpx loop to send these cases and their pages."""
    with httpx.Client(base_url=url, timeout=60,
                      headers={"Authorization": f"Bearer {token}"}) as client, Timer() as timer:
        for case in cases:
            for number, sha256 in case.pages:
                created = _expect(client.post("/v1/uploads", json={
                    "sha256": sha256, "size": PAGE_BYTES, "media_type": "image/jpeg"}), 201)
                sent = _expect(client.patch(
                    f"/v1/uploads/{created.json()['upload_id']}", content=pages.page(number),
                    headers={"Upload-Offset": "0",
                             "Content-Type": "application/offset+octet-stream"}), 200)
                if not sent.json()["complete"]:
                    raise RuntimeError("floor: a whole page did not complete its upload")
            _expect(client.put(f"/v1/cases/{case.uuid}", content=case.body, headers={
                "Content-Type": "application/json", "Idempotency-Key": uuid.uuid4().hex,
                "X-Device-Seq": str(case.seq)}), 201)
    return timer.seconds


def _login(url: str, username: str, password: str, device_id: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/v1/auth/login", json={
        "username": username, "password": password, "device_id": device_id})
    answer.raise_for_status()
    return dict(answer.json())


# -- ours ------------------------------------------------------------------------------------


def drain(url: str, home: Path, vault: Path, timeout: float) -> dict[str, Any]:
    """Run the drain process (see `_DRAIN`) and return what it measured."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _DRAIN, str(home), str(vault), url, USER, PASSWORD,
         str(TICK_MS)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the drain process failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the run ---------------------------------------------------------------------------------


def run(quick: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-sync-push-") as tmp:
        root = Path(tmp)
        n, note = _case_count(quick, root)
        ops = n * (PAGES_PER_CASE + 1)
        with reference_server(root / "server") as url:
            home, vault = root / "ws", root / "ws.vault"
            bodies = _backlog(url, home, vault, n)
            login = _login(url, USER, PASSWORD, "benchmark-floor")
            pages = FloorPages(random.Random(SEED + 1))
            twins = _floor_cases(bodies, str(login["clerk"]["device_prefix"]), pages)
            token = str(login["access_token"])
            half = n // 2
            floor_s = floor(url, token, twins[:half], pages)
            ours = drain(url, home, vault, timeout=600 + n)
            floor_s += floor(url, token, twins[half:], pages)
            admin = _login(url, "admin", "admin1234", "benchmark-admin")
            on_server = httpx.get(f"{url}/v1/admin/cases", headers={
                "Authorization": f"Bearer {admin['access_token']}"}).json()["count"]
    if not ours["ok"] or ours["pushed"] != ops or ours["pending"] or ours["rejected"]:
        raise RuntimeError(f"the drain did not send everything: {ours}")
    if ours["delivered_off_main"]:
        raise RuntimeError("sync signals were delivered off the main thread")
    if on_server != 2 * n:
        raise RuntimeError(f"the server holds {on_server} cases, expected {2 * n}")
    page_mib = n * PAGES_PER_CASE * PAGE_BYTES / MIB
    ours_s = float(ours["seconds"])
    mb_per_s = page_mib / ours_s
    floor_mb_per_s = page_mib / floor_s
    result: dict[str, Any] = {
        "name": "sync_push",
        "metrics": {
            "ops_per_s": round(ops / ours_s, 1),
            "mb_per_s": round(mb_per_s, 2),
            "max_stall_ms": _ms(ours["max_gap_s"]),
            "max_stall_at_s": round(ours["max_gap_at_s"], 2),
            "stalls_over_50ms": ours["long_gaps"],
            "rss_mb": round(ours["rss_kib"] / 1024, 1),
            "rss_scope": ours["rss_scope"],
            "rss_at_start_mb": round(ours["rss_start_kib"] / 1024, 1),
            "seconds": round(ours_s, 2),
            "cases": n,
            "operations": ops,
            "pages": n * PAGES_PER_CASE,
            "page_mb": round(page_mib, 1),
            "chunk_kb": ours["chunk_kb"],
            "tick_ms": TICK_MS,
            "ticks": ours["ticks"],
            "progress_signals": ours["progress_signals"],
        },
        "floor": {
            "ops_per_s": round(ops / floor_s, 1),
            "mb_per_s": round(floor_mb_per_s, 2),
            "seconds": round(floor_s, 2),
            "what": "bare httpx.Client loop to the same server: POST /v1/uploads + one PATCH "
                    "of each whole page, PUT /v1/cases/{uuid} per case (same-shaped body, "
                    "fresh device sequence); half before the drain, half after",
        },
        "ratio": round(mb_per_s / floor_mb_per_s, 3),
    }
    if note:
        result["note"] = note
    return result
