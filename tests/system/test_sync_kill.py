"""Kill test (issue #7): a production-mode workstation (tests/system/kill_child.py) takes
in cases with 1-3 captured pages each while the app's sync worker pushes them to the real
reference server in 16 KB chunks, and is killed with SIGKILL at random moments, over and
over; each restart goes on where its store left off. After the last kill a final run
syncs until nothing is waiting. Then the server must hold every case of the local store
exactly once (each case carries its index: no index twice, none missing, none extra),
every case a run reported as entered, every page byte for byte as the parent recomputes
it from the seed; the local outbox is all done and the store passes integrity_check.

Each kill is attributed to the phase each thread was in (the child's markers: intake
case/page/decide, sync pull/upload/case put), printed as a distribution; kills must have
landed in intake, upload and case-push phases. A kill counts only if the child was still
running when it was sent.

The seed is printed (run with -s) and quoted in every failure. Replay a run, or soak for
longer (about 1.3 s per kill on 2 cores, mostly the child's start-up; with much fewer
than 200 kills the rare case-put phase may go unhit and the phase check fail):

    KILL_TEST_SEED=1234 .venv/bin/python -m pytest tests/system/test_sync_kill.py -s
    KILL_TEST_KILLS=2000 KILL_TEST_SEED=1234 WORKSTATION_REQUIRE_SERVICES=1 \\
        .venv/bin/python -m pytest tests/system/test_sync_kill.py -s -p no:cacheprovider
"""

from __future__ import annotations

import collections
import hashlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from offline import outbox
from offline.store import open_store
from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from tests.conftest import REPO, ServerProcess
from tests.system.kill_child import case_pages, index_of
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

pytestmark = pytest.mark.system

KILLS = int(os.environ.get("KILL_TEST_KILLS") or 200)
SEED_ENV = os.environ.get("KILL_TEST_SEED")

READY_TIMEOUT_S = 60.0
FINISH_TIMEOUT_S = 360.0
# After "ready": a fifth of the kills within the first 30 ms (the worker's start: in-flight
# operations recovered, the first round's pulls, an upload resumed), the rest spread over
# the half second that follows (cases taken in, pages uploaded, cases put). The child's
# start-up (~1.1 s on 2 cores: imports, opening the store, logging in) dominates the run.
EARLY_SHARE, EARLY_S, LATE_S = 0.2, 0.03, 0.45

INTAKE = ("case", "resume", "page", "decide")
UPLOAD = ("create", "head", "chunk")
PUT = ("put",)


@dataclass
class Tally:
    """What the runs did and where the kills landed: what a failure must quote."""

    seed: int
    markers: Path
    errors: Path
    kills: int = 0
    runs: int = 0
    offset: int = 0  # of the markers file, read so far
    entered: dict[int, str] = field(default_factory=dict)  # index → case uuid
    counter: collections.Counter[str] = field(default_factory=collections.Counter)
    sync: collections.Counter[str] = field(default_factory=collections.Counter)
    pairs: collections.Counter[tuple[str, str]] = field(default_factory=collections.Counter)
    steps: collections.Counter[str] = field(default_factory=collections.Counter)  # all runs
    startups: list[float] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)

    def replay(self) -> str:
        return (f"seed {self.seed} (KILL_TEST_SEED={self.seed} replays the kill plan), "
                f"{self.kills} kills in {self.runs} runs, {len(self.entered)} cases "
                f"reported entered; kills by counter phase {dict(self.counter)}, "
                f"by sync phase {dict(self.sync)}")

    def child_stderr(self) -> str:
        return self.errors.read_text(errors="replace")[-3000:] if self.errors.exists() else ""

    def read_markers(self) -> tuple[str, str]:
        """Take in the markers of the run just ended; the phase each thread was last in."""
        with self.markers.open("rb") as handle:
            handle.seek(self.offset)
            text = handle.read().decode()
        if text and not text.endswith("\n"):  # never seen: one write(2) per line
            with self.markers.open("a") as handle:
                handle.write("\n")
            text += "\n"
        self.offset += len(text.encode())
        last = {"M": "-", "S": "-"}
        for line in text.splitlines():
            words = line.split()
            if not words:
                continue
            assert words[0] != "X", f"the child reported: {line}; {self.replay()}"
            if words[0] == "M" and words[1] == "entered":
                index, case_uuid = int(words[2]), words[3]
                assert self.entered.setdefault(index, case_uuid) == case_uuid, \
                    f"case {index} entered twice; {self.replay()}"
            last[words[0]] = words[1]
            self.steps[f"{words[0]} {words[1]}"] += 1
        return last["M"], last["S"]


def start_child(server: ServerProcess, work: Path, tally: Tally,
                mode: str) -> tuple[subprocess.Popen[str], int, int | None]:
    """Start the child and wait for "ready NEXT DRAFT"; check it went on where it was."""
    began = time.monotonic()
    with tally.errors.open("w") as errors:
        child = subprocess.Popen(
            [sys.executable, "-W", "error", "-m", "tests.system.kill_child", server.url,
             str(work), str(tally.seed), str(tally.markers), mode],
            cwd=REPO, stdout=subprocess.PIPE, stderr=errors, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert child.stdout is not None
    readable, _, _ = select.select([child.stdout], [], [], READY_TIMEOUT_S)
    line = child.stdout.readline() if readable else ""
    words = line.split()
    if len(words) != 3 or words[0] != "ready":
        child.kill()
        child.wait()
        child.stdout.close()
        tally.read_markers()
        raise AssertionError(f"run {tally.runs + 1} did not start: {line!r}, exit "
                             f"{child.returncode}; {tally.replay()}\n{tally.child_stderr()}")
    tally.startups.append(time.monotonic() - began)
    tally.runs += 1
    following = int(words[1])
    draft = None if words[2] == "-" else int(words[2])
    lost = sorted(i for i in tally.entered if i >= following)
    assert not lost, f"cases {lost} were entered but are not in the store; {tally.replay()}"
    assert draft in (None, following), f"a draft of case {draft}; {tally.replay()}"
    return child, following, draft


def kill_at_random(server: ServerProcess, work: Path, tally: Tally,
                   rng: random.Random) -> None:
    child, _, _ = start_child(server, work, tally, "kill")
    assert child.stdout is not None
    delay = rng.uniform(0, EARLY_S) if rng.random() < EARLY_SHARE \
        else rng.uniform(EARLY_S, LATE_S)
    tally.delays.append(delay)
    time.sleep(delay)
    running = child.poll() is None
    if running:
        os.kill(child.pid, signal.SIGKILL)
    code = child.wait()
    child.stdout.close()
    counter, sync = tally.read_markers()
    assert running and code == -signal.SIGKILL, \
        f"run {tally.runs} ended by itself (exit {code}); {tally.replay()}\n" \
        f"{tally.child_stderr()}"
    tally.kills += 1
    tally.counter[counter] += 1
    tally.sync[sync] += 1
    tally.pairs[(counter, sync)] += 1


def finish(server: ServerProcess, work: Path, tally: Tally) -> int:
    """The last run, not killed: completes a half-entered case, syncs until nothing is
    waiting, exits 0. Returns the number of cases the store then holds."""
    child, following, draft = start_child(server, work, tally, "finish")
    assert child.stdout is not None
    try:
        out, _ = child.communicate(timeout=FINISH_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise AssertionError(f"the final run did not finish; {tally.replay()}\n"
                             f"{tally.child_stderr()}") from None
    tally.read_markers()
    assert child.returncode == 0, f"the final run failed (exit {child.returncode}): {out}; " \
        f"{tally.replay()}\n{tally.child_stderr()}"
    assert "drained" in out, f"{out!r}; {tally.replay()}"
    return following + (draft is not None)


def check_local(work: Path, tally: Tally, expected: int) -> dict[str, CaseSubmission]:
    """The store is sound, its outbox all done; returns its cases as it sent them."""
    store = open_store(paths_for(Mode.PRODUCTION, work / "data").database,
                       FileVault(work / "vault.json"))
    try:
        conn = store.conn
        assert [r[0] for r in conn.execute("PRAGMA integrity_check")] == ["ok"], \
            tally.replay()
        states = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state"))
        assert set(states) == {"done"}, f"outbox {states}; {tally.replay()}"
        counts = outbox.counts(conn)
        assert (counts.pending, counts.rejected) == (0, 0), f"{counts}; {tally.replay()}"
        assert conn.execute("SELECT COUNT(*) FROM cases WHERE synced_at IS NULL"
                            ).fetchone()[0] == 0, tally.replay()
        assert conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0, tally.replay()
        uuids = [str(r[0]) for r in conn.execute("SELECT uuid FROM cases")]
        assert len(uuids) == expected, \
            f"{len(uuids)} cases in the store, the last run found {expected}; {tally.replay()}"
        return {u: CaseSubmission.model_validate(
            outbox.case_submission(conn, store.cipher, u)) for u in uuids}
    finally:
        store.close()


def check_server(server: ServerProcess, tally: Tally,
                 local: dict[str, CaseSubmission]) -> int:
    """Each local case on the server once, as sent, its pages byte for byte; no other
    case. Returns the number of pages checked."""
    count, held, _ = server.holdings(local, [])
    assert count == len(local), \
        f"the server holds {count} cases, the store {len(local)}; {tally.replay()}"
    missing = [u for u, body in held.items() if body is None]
    assert not missing, f"cases {missing} are not on the server; {tally.replay()}"
    indices = collections.Counter(index_of(body.note) for body in held.values()
                                  if body is not None)
    twice = sorted(i for i, n in indices.items() if n > 1)
    assert not twice, f"cases {twice} are on the server twice; {tally.replay()}"
    assert set(indices) == set(range(len(local))), \
        f"case indices {sorted(set(range(len(local))) ^ set(indices))} missing or " \
        f"extra; {tally.replay()}"
    for index, case_uuid in tally.entered.items():
        body = held.get(case_uuid)
        assert body is not None and index_of(body.note) == index, \
            f"case {index} ({case_uuid}) was entered but is not on the server; " \
            f"{tally.replay()}"
    wanted: dict[str, bytes] = {}
    for case_uuid, body in held.items():
        assert body is not None
        assert body == local[case_uuid], \
            f"case {case_uuid} differs from what was sent; {tally.replay()}"
        assert body.status is CaseStatus.ACCEPTED, tally.replay()
        pages = case_pages(tally.seed, index_of(body.note))
        hashes = [a.sha256 for m in body.materials for a in m.attachments]
        assert hashes == [hashlib.sha256(p).hexdigest() for p in pages], \
            f"case {index_of(body.note)} refers to other pages; {tally.replay()}"
        wanted.update(zip(hashes, pages, strict=True))
    _, _, stored = server.holdings([], wanted)
    for sha256, data in stored.items():
        assert data == wanted[sha256], \
            f"page {sha256[:12]} {'missing' if data is None else 'differs'} on the " \
            f"server; {tally.replay()}"
    return len(wanted)


def test_sigkill_at_random_points_loses_and_duplicates_nothing(
    server: ServerProcess, tmp_path: Path
) -> None:
    seed = int(SEED_ENV) if SEED_ENV else random.SystemRandom().randrange(2**32)
    print(f"\nkill test: seed {seed} (KILL_TEST_SEED={seed}), {KILLS} kills")
    started = time.monotonic()
    work = tmp_path / "ws"
    tally = Tally(seed, tmp_path / "markers.log", tmp_path / "child-stderr.log")
    rng = random.Random(seed)
    while tally.kills < KILLS:
        kill_at_random(server, work, tally, rng)
    killed = time.monotonic()
    cases = finish(server, work, tally)
    drained = time.monotonic()
    local = check_local(work, tally, cases)
    pages = check_server(server, tally, local)
    intake = sum(tally.counter[p] for p in INTAKE)
    upload = sum(tally.sync[p] for p in UPLOAD)
    put = sum(tally.sync[p] for p in PUT)
    print(f"{tally.kills} kills in {tally.runs} runs, {killed - started:.1f} s (start-up "
          f"mean {sum(tally.startups) / len(tally.startups):.2f} s, max "
          f"{max(tally.startups):.2f} s; delay mean "
          f"{sum(tally.delays) / len(tally.delays):.3f} s); final sync "
          f"{drained - killed:.1f} s; checked {len(local)} cases and {pages} pages in "
          f"{time.monotonic() - drained:.1f} s")
    print(f"kills by counter phase: {dict(tally.counter.most_common())}")
    print(f"kills by sync phase: {dict(tally.sync.most_common())}")
    print(f"kills by (counter, sync): {dict(tally.pairs.most_common())}")
    print(f"kills in intake {intake}, in uploads {upload}, in case puts {put}")
    print(f"steps of all runs: {dict(sorted(tally.steps.items()))} (S head: an upload "
          f"resumed after a restart; M resume: a draft completed after a kill)")
    assert intake and upload and put, f"kills missed a phase; {tally.replay()}"
    assert tally.steps["S head"], f"no upload was resumed part-way; {tally.replay()}"
