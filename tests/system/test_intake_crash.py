"""A real SIGKILL around the moment a case is decided: after restart the case is either
whole (case, outbox operation, audit event, no draft) and its receipt can be printed, or
not there at all with the clerk's draft intact — never half, never duplicated."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from offline import audit, outbox
from tests.conftest import ServerProcess
from tests.system.intake_child import open_workstation

pytestmark = pytest.mark.system
REPO = Path(__file__).resolve().parents[2]


def run_child(server: ServerProcess, work: Path, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.system.intake_child", server.url, str(work), *args],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == -9, done.stderr  # SIGKILL, as planned
    return done.stdout.split()


def test_killed_after_deciding_the_receipt_can_still_be_printed(
    server: ServerProcess, tmp_path: Path
) -> None:
    out = run_child(server, tmp_path, "after")
    case_uuid, number = uuid.UUID(out[out.index("decided") + 1]), out[out.index("decided") + 2]
    ws = open_workstation(server.url, tmp_path)
    try:
        ws.login("demo", "demo1234")
        case = ws.case(case_uuid)
        assert case.case_number == number
        assert ws.drafts() == []
        assert ws.case_document(case_uuid).startswith(b"%PDF")
        assert outbox.counts(ws.store.conn).pending == 1
        assert [e.action for e in audit.of_target(ws.store.conn, ws.store.cipher,
                                                  str(case_uuid))] == ["case.accepted"]
    finally:
        ws.close()


@pytest.mark.parametrize("ops", [10, 100, 200, 100_000])
def test_killed_inside_the_decision_leaves_all_or_nothing(
    server: ServerProcess, tmp_path: Path, ops: int
) -> None:
    """Killed after `ops` SQLite instructions inside the decision's transaction: early
    kills roll back; 100,000 is past the commit (the child then dies before printing)."""
    out = run_child(server, tmp_path, "during", str(ops))
    draft_id = out[out.index("draft") + 1]
    ws = open_workstation(server.url, tmp_path)
    try:
        ws.login("demo", "demo1234")
        cases = ws.store.conn.execute("SELECT uuid FROM cases").fetchall()
        pending = outbox.counts(ws.store.conn).pending
        drafts = [d.id for d in ws.drafts()]
        if ops == 10:
            assert not cases, "a kill 10 instructions in must roll back"
        if ops == 100_000:
            assert cases and "decided" in out
        if cases:  # the transaction committed before the kill
            assert (len(cases), pending, drafts) == (1, 1, [])
            assert ws.case_document(uuid.UUID(cases[0][0])).startswith(b"%PDF")
        else:  # rolled back: nothing recorded, the clerk's draft is still there
            assert (pending, drafts) == (0, [draft_id])
            assert ws.store.conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0] \
                == 0
    finally:
        ws.close()
