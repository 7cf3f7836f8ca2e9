"""Sync through a faulty network: a real workstation pushes at least 1,000 operations
(cases, second revisions, captured pages of a few KB and of 300 KB in 32 KB chunks) to
the real reference server through tests/system/faultproxy.py, which refuses and resets
connections, cuts requests and answers, stalls past the client's 0.5 s timeout, answers
500/502/503/429 with Retry-After (before and after the server processed the request) and
throttles to 20 KB/s. The clerk keeps deciding cases while it syncs. At the end the
server must hold every case exactly once at its latest revision and every page byte for
byte, nothing rejected, the outbox all done and the local database sound.

The seed, the operations and the faults injected are printed (run with -s) and quoted in
every failure. Replay a run, or soak for longer (about 5 s per 100 operations; 5,000 took
under 4 minutes):

    SYNC_SOAK_SEED=1234 .venv/bin/python -m pytest tests/system/test_sync_faults.py -s
    SYNC_SOAK_OPS=20000 SYNC_SOAK_SEED=1234 \\
        .venv/bin/python -m pytest tests/system/test_sync_faults.py -s -p no:cacheprovider
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from offline import outbox
from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.system.faultproxy import FAULT_KINDS, FaultProxy, FaultRates
from tests.workstation.test_cases import filled, synced
from tests.workstation.test_sync import Clock
from workstation import capture, intake
from workstation.api.client import ApiClient
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

pytestmark = pytest.mark.system

OPS = int(os.environ.get("SYNC_SOAK_OPS") or 1000)
SEED_ENV = os.environ.get("SYNC_SOAK_SEED")

TIMEOUT_S = 0.5  # the sync's request timeout: every stall costs this much
CHUNK = 32 * 1024
BIG_PAGE = 300 * 1024  # ten chunks: uploads get cut mid-page
BATCH_OPS = 120  # operations the clerk adds between two sync rounds
MIN_EACH = 3  # every kind of fault, at least this often (the rates give about 15 each)
# Per new connection (about 120 in a run) and per request (about 2,000).
RATES = FaultRates(refuse=0.2, accept_reset=0.2,
                   reset_request=0.01, reset_response=0.01, stall=0.008, truncate=0.01,
                   status=0.01, status_after=0.01, slow=0.008)


@dataclass
class Planned:
    """A case the clerk decides: first revision notified when it gets a second."""

    pages: list[bytes]
    revised: bool
    shares: int | None = None  # index of an earlier case whose first page it reuses
    later_page: bytes | None = None  # the missing paper, brought for the second revision


@dataclass
class Ledger:
    """What the clerk did, to compare with the server at the end."""

    cases: dict[uuid.UUID, int] = field(default_factory=dict)  # uuid → latest revision
    pages: dict[str, bytes] = field(default_factory=dict)
    first_pages: list[str] = field(default_factory=list)  # per case, "" without pages
    # Notified cases whose applicant is to come back, with the missing paper.
    revise: list[tuple[uuid.UUID, bytes]] = field(default_factory=list)

    def ops(self) -> int:
        return sum(self.cases.values()) + len(self.pages)


def plan_cases(rng: random.Random, ops: int) -> list[Planned]:
    """Cases whose operations (revisions + distinct pages) add up to at least `ops`."""
    bigs = max(3, ops // 200)
    planned: list[Planned] = []
    with_pages: list[int] = []
    total = 0
    while total < ops:
        roll = rng.random()
        pages = [] if roll < 0.45 else [rng.randbytes(rng.randint(1024, 6144))
                                        for _ in range(rng.randint(1, 2))]
        if pages and bigs and rng.random() < 0.05:
            pages[0] = rng.randbytes(BIG_PAGE + rng.randint(0, 4096))
            bigs -= 1
        revised = rng.random() < 0.1
        item = Planned(pages, revised)
        if revised:
            item.later_page = rng.randbytes(rng.randint(1024, 6144))
        if pages and with_pages and rng.random() < 0.03:
            item.shares = rng.choice(with_pages)  # the same paper handed in twice
        if pages:
            with_pages.append(len(planned))
        planned.append(item)
        total += 1 + len(pages) + (2 if revised else 0)
    return planned


def store_page(ws: Workstation, ledger: Ledger, data: bytes) -> intake.ScannedPage:
    page = ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200)
    ledger.pages[page.sha256] = data
    return page


def decide(ws: Workstation, ledger: Ledger, item: Planned) -> None:
    draft = filled(ws)
    (first, _), (second, _) = intake.entries(draft)[:2]
    pages = [store_page(ws, ledger, data) for data in item.pages]
    if item.shares is not None:
        shared = ledger.first_pages[item.shares]
        pages.append(store_page(ws, ledger, ledger.pages[shared]))
    ledger.first_pages.append(pages[0].sha256 if pages else "")
    if item.revised:
        draft.materials[first.code].received = False  # the paper missing: a notice
        if pages:
            capture.attach(draft, second.code, pages)
        ws.decide(draft, CaseStatus.NOTIFIED)
        assert item.later_page is not None
        ledger.revise.append((draft.case_uuid, item.later_page))
    else:
        if pages:
            capture.attach(draft, first.code, pages)
        ws.decide(draft, CaseStatus.ACCEPTED)
    ledger.cases[draft.case_uuid] = 1


def come_back(ws: Workstation, ledger: Ledger, case_uuid: uuid.UUID, data: bytes) -> None:
    """The applicant brings the missing paper: its page, and the case accepted (rev. 2)."""
    again = ws.reopen(case_uuid)
    first = intake.entries(again)[0][0]
    capture.attach(again, first.code, [store_page(ws, ledger, data)])
    ws.decide(again, CaseStatus.ACCEPTED)
    ledger.cases[case_uuid] = 2


def server_port(server: ServerProcess) -> int:
    return int(server.url.rsplit(":", 1)[1])


@contextmanager
def workstation(tmp_path: Path, url: str) -> Iterator[Workstation]:
    paths = paths_for(Mode.PRODUCTION, tmp_path / "ws")
    ws = Workstation(paths, server_url=url, vault=FileVault(tmp_path / "ws.vault"))
    try:
        yield ws
    finally:
        ws.close()


def queue_summary(ws: Workstation) -> str:
    rows = ws.store.conn.execute(
        "SELECT op, state, last_error_code, COUNT(*), MAX(attempts) FROM outbox "
        "GROUP BY op, state, last_error_code").fetchall()
    return "; ".join(f"{r[0]} {r[1]} {r[2]}: {r[3]} (max {r[4]} attempts)" for r in rows)


def server_state(server: ServerProcess, ledger: Ledger
                 ) -> tuple[int, dict[uuid.UUID, CaseSubmission | None], dict[str, bytes | None]]:
    """The server's case count, each case's body and each page's bytes (admin API)."""
    return server.holdings(ledger.cases, ledger.pages)


@dataclass
class Run:
    """One run through the proxy: what a failure message must quote to replay it."""

    seed: int
    proxy: FaultProxy
    ws: Workstation
    ledger: Ledger = field(default_factory=Ledger)
    rounds: int = 0

    def replay(self) -> str:
        return (f"seed {self.seed} (SYNC_SOAK_SEED={self.seed} replays it), "
                f"{self.ledger.ops()} operations, {self.rounds} rounds, "
                f"faults {self.proxy.counts()}, traffic {self.proxy.traffic()}, "
                f"queue: {queue_summary(self.ws)}")


def sync_while_deciding(run: Run, planned: list[Planned]) -> None:
    """The clerk decides batch after batch (and the notified applicants come back) while
    the engine syncs round after round through the faults, until the outbox is empty."""
    ws = run.ws
    assert ws.api is not None
    batch = max(1, math.ceil(len(planned) * BATCH_OPS / OPS))
    batches = [planned[i:i + batch] for i in range(0, len(planned), batch)]
    clock = Clock()
    # The engine's own client, with a timeout shorter than the settings allow (1 s).
    api = ApiClient(run.proxy.url, timeout=TIMEOUT_S, device_id=ws.store.device_id)
    api.use_tokens(ws.api.tokens)
    engine = SyncEngine(ws.store, api, chunk_size=CHUNK, clock=clock,
                        rng=random.Random(run.seed ^ 0xB0FF).random)
    with api:
        drain(run, engine, clock, batches)


def drain(run: Run, engine: SyncEngine, clock: Clock, batches: list[list[Planned]]) -> None:
    """Round after round, each past every backoff; the clerk's next batch before each."""
    ws, ledger = run.ws, run.ledger
    deadline = time.monotonic() + 120 + OPS * 0.1
    while True:
        back, ledger.revise = ledger.revise, []
        for case_uuid, paper in back:
            come_back(ws, ledger, case_uuid, paper)
        for item in batches.pop(0) if batches else []:
            decide(ws, ledger, item)
        try:
            report = engine.sync_once()
        except Exception as exc:
            raise AssertionError(f"sync_once raised {exc!r}; {run.replay()}") from exc
        run.rounds += 1
        stuck = ws.store.conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE state = 'in_flight'").fetchone()[0]
        assert stuck == 0, f"{stuck} operations left in flight; {run.replay()}"
        assert report.rejected == 0, f"rejected: {report.error_detail}; {run.replay()}"
        if not batches and not ledger.revise and outbox.counts(ws.store.conn).pending == 0:
            return
        assert time.monotonic() < deadline, f"not drained in time; {run.replay()}"
        clock.next_round()


def check_workstation(run: Run) -> None:
    """Every operation done, nothing rejected, nothing half-uploaded, the store sound."""
    conn = run.ws.store.conn
    states = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    assert states == {"done": run.ledger.ops()}, run.replay()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM cases WHERE synced_at IS NULL").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0
    assert all(run.ws.store.attachments.uploaded(sha) for sha in run.ledger.pages)


def check_server(run: Run, server: ServerProcess) -> None:
    """Each case once, at its latest revision, exactly as the workstation last sent it;
    each page byte for byte."""
    ledger, store = run.ledger, run.ws.store
    count, cases, pages = server_state(server, ledger)
    assert count == len(ledger.cases), f"{count} cases on the server; {run.replay()}"
    for case_uuid, revision in ledger.cases.items():
        stored = cases[case_uuid]
        assert stored is not None, f"case {case_uuid} missing; {run.replay()}"
        sent = CaseSubmission.model_validate(
            outbox.case_submission(store.conn, store.cipher, str(case_uuid)))
        assert stored.revision == revision == sent.revision, run.replay()
        assert stored == sent, f"case {case_uuid} differs; {run.replay()}"
        assert stored.status is CaseStatus.ACCEPTED
    for sha256, data in ledger.pages.items():
        held = pages[sha256]
        assert held is not None, f"page {sha256[:12]} missing; {run.replay()}"
        assert held == data and hashlib.sha256(held).hexdigest() == sha256, run.replay()


def test_a_thousand_operations_through_a_faulty_network_arrive_exactly_once(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed = int(SEED_ENV) if SEED_ENV else random.SystemRandom().randrange(2**32)
    started = time.monotonic()
    planned = plan_cases(random.Random(seed ^ 0x5EED), OPS)
    with FaultProxy(server_port(server), rng=random.Random(seed), rates=RATES, refuse_s=0.1,
                    clean=True) as proxy, workstation(tmp_path, proxy.url) as ws:
        run = Run(seed, proxy, ws)
        synced(ws)  # log in and pull the catalogue through the proxy while it is clean
        proxy.clean = False
        sync_while_deciding(run, planned)
        proxy.clean = True
        drained = time.monotonic()
        print(f"\nsync through faults: {run.replay()}, {drained - started:.1f} s")
        assert proxy.errors == [], f"the proxy itself failed: {proxy.errors}; {run.replay()}"
        counts = proxy.counts()
        assert all(counts[k] >= MIN_EACH for k in FAULT_KINDS), \
            f"some faults were not injected {MIN_EACH} times; {run.replay()}"
        assert run.ledger.ops() >= OPS
        check_workstation(run)
        check_server(run, server)
        print(f"checked {len(run.ledger.cases)} cases and {len(run.ledger.pages)} pages on "
              f"the server in {time.monotonic() - drained:.1f} s")


def forced(server: ServerProcess, kind: str, *, refuse_s: float = 0.2, slow_bps: int = 20_000,
           retry_after_s: int = 1) -> FaultProxy:
    """A proxy that injects `kind` every time it can."""
    return FaultProxy(server_port(server), rng=random.Random(7), rates=FaultRates(**{kind: 1.0}),
                      refuse_s=refuse_s, slow_bps=slow_bps, retry_after_s=retry_after_s)


def test_each_fault_reaches_the_client_as_on_a_bad_line(server: ServerProcess) -> None:
    health, spec = "/v1/health", httpx.get(f"{server.url}/openapi.json").content
    with FaultProxy(server_port(server), rng=random.Random(7)) as proxy, \
            httpx.Client(base_url=proxy.url, timeout=5) as client:
        # Clean: one keep-alive connection, answers whole, HEAD answers without a body.
        assert [client.get(health).json()["status"] for _ in range(5)] == ["ok"] * 5
        assert client.head(f"/v1/attachments/{'0' * 64}").status_code == 401
        assert client.get("/openapi.json").content == spec
        assert proxy.traffic() == {"connections": 1, "requests": 7, "forwarded": 7}
        assert proxy.counts() == dict.fromkeys(FAULT_KINDS, 0)

    def fails(kind: str, error: type[httpx.HTTPError], *, forwarded: int) -> None:
        with forced(server, kind) as proxy, httpx.Client(base_url=proxy.url,
                                                         timeout=0.3) as client:
            with pytest.raises(error):
                client.get(health)
            assert proxy.counts()[kind] == 1 and proxy.errors == []
            assert proxy.traffic()["forwarded"] == forwarded, kind

    fails("accept_reset", httpx.TransportError, forwarded=0)
    fails("reset_request", httpx.TransportError, forwarded=0)
    fails("reset_response", httpx.TransportError, forwarded=1)  # the server answered
    fails("truncate", httpx.RemoteProtocolError, forwarded=1)
    fails("stall", httpx.ReadTimeout, forwarded=0)  # seed 7: the stall before the server

    for kind, forwarded in (("status", 0), ("status_after", 1)):
        with forced(server, kind, retry_after_s=30) as proxy, \
                httpx.Client(base_url=proxy.url) as client:
            answers = [client.get(health) for _ in range(40)]
            assert {a.status_code for a in answers} == {500, 502, 503, 429}
            assert {a.headers["Retry-After"] for a in answers} == {"30"}
            assert proxy.traffic()["forwarded"] == 40 * forwarded
            assert proxy.traffic()["connections"] == 1  # the connection lives on

    with forced(server, "refuse", refuse_s=5.0) as proxy, \
            httpx.Client(base_url=proxy.url, timeout=1) as client:
        with pytest.raises(httpx.TransportError):
            client.get(health)  # accepted, then reset; the listener closes
        with pytest.raises(httpx.ConnectError):
            client.get(health)  # refused
        proxy.clean = True  # listens again at once
        deadline = time.monotonic() + 5
        while True:
            try:
                assert client.get(health).status_code == 200
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.02)

    with forced(server, "slow", slow_bps=100_000) as proxy, \
            httpx.Client(base_url=proxy.url, timeout=1) as client:
        began = time.monotonic()
        assert client.get("/openapi.json").content == spec
        assert time.monotonic() - began >= 0.9 * len(spec) / 100_000
        assert proxy.counts()["slow"] == 1
