"""Deciding and syncing on a full disk (SQLite `max_page_count`, see
tests/offline/test_disk_full.py), against the real server: the case that did not fit
leaves nothing behind and its draft is decided once there is space again; a sync round
that cannot write its outcome loses nothing and the next round delivers it, once.

The case rows here carry the longest note a clerk may write: larger than a page, so the
writes of such a row need a new page for certain (deciding the case, and recording that
the server has it). The sync's other writes (states, upload offsets) are small changes
in place, which a file that cannot grow still takes: only writes that need a page fail.
"""

from __future__ import annotations

import hashlib
import os
import uuid

import pytest

from offline.errors import DiskFullError
from server.contract import CaseSubmission
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.offline.test_disk_full import LONG_NOTE, disk_full
from tests.workstation.test_cases import filled, synced
from tests.workstation.test_sync import Clock
from workstation import capture, intake
from workstation.core import Workstation
from workstation.sync import SyncEngine

CHUNK = 16 * 1024


def footprint(ws: Workstation) -> dict[str, object]:
    """What deciding a case writes: its counters and the rows of every table it touches."""
    conn = ws.store.conn
    counters = dict(conn.execute("SELECT key, value FROM meta "
                                 "WHERE key IN ('case_seq', 'device_seq')").fetchall())
    tables = ("cases", "outbox", "case_pages", "audit_events", "attachments", "intake_drafts")
    return {"counters": counters,
            **{t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}}


def queued(ws: Workstation, target: str) -> list[str]:
    return [str(r[0]) for r in ws.store.conn.execute(
        "SELECT op FROM outbox WHERE target = ? ORDER BY id", (target,))]


def long_case(ws: Workstation, page: bytes | None = None) -> intake.Draft:
    """A draft ready to accept, with the longest note and optionally one captured page."""
    draft = filled(ws)
    draft.note = LONG_NOTE
    if page is not None:
        scanned = ws.store_page(page, "image/jpeg", width=1654, height=2339, dpi=200)
        capture.attach(draft, intake.entries(draft)[0][0].code, [scanned])
    return draft


def test_a_case_that_does_not_fit_leaves_nothing_and_its_draft_is_decided_later(
    ws: Workstation,
) -> None:
    synced(ws)
    earlier = [ws.decide(filled(ws), CaseStatus.ACCEPTED) for _ in range(2)]
    page = os.urandom(5000)
    draft = long_case(ws, page)
    ws.save_draft(draft)  # as the intake view does after every change
    sha256 = draft.materials[intake.entries(draft)[0][0].code].scans[0].sha256
    before = footprint(ws)
    conn = ws.store.conn
    with disk_full(conn):
        with pytest.raises(DiskFullError) as full:
            ws.decide(draft, CaseStatus.ACCEPTED)
        assert full.value.code == "store.disk_full"
        # Nothing of it was written: no number taken, no row, no record queued.
        assert footprint(ws) == before
        key = str(draft.case_uuid)
        assert conn.execute("SELECT COUNT(*) FROM cases WHERE uuid = ?", (key,)
                            ).fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM case_pages WHERE case_uuid = ?", (key,)
                            ).fetchone()[0] == 0
        assert queued(ws, key) == queued(ws, sha256) == []
        # What the clerk entered is all still there: the draft as saved, its page.
        assert ws.drafts() == [draft]
        assert ws.page_bytes(sha256) == page
    (kept,) = ws.drafts()
    case = ws.decide(kept, CaseStatus.ACCEPTED)
    # The next number, as if the disk had never been full.
    assert [int(c.case_number[-6:]) for c in [*earlier, case]] == [1, 2, 3]
    assert case.note == LONG_NOTE
    assert ws.store.meta("case_seq") == "3"
    assert queued(ws, str(case.uuid)) == ["case.put"]
    assert queued(ws, sha256) == ["attachment.put"]
    assert conn.execute("SELECT COUNT(*) FROM cases WHERE uuid = ?", (str(case.uuid),)
                        ).fetchone()[0] == 1
    assert ws.drafts() == []
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def states(ws: Workstation) -> list[tuple[str, str]]:
    return [(str(r[0]), str(r[1])) for r in ws.store.conn.execute(
        "SELECT op, state FROM outbox ORDER BY id")]


def server_copy(server: ServerProcess, case_uuid: uuid.UUID | str) -> CaseSubmission | None:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/cases/{case_uuid}")
    if answer.status_code == 404:
        return None
    answer.raise_for_status()
    return CaseSubmission.model_validate(answer.json())


def server_counts(server: ServerProcess, ws: Workstation) -> tuple[int, int]:
    """Cases on the server, and operations of this device it recorded."""
    with server.admin() as admin:
        count = int(admin.get("/v1/admin/cases").json()["count"])
    assert ws.api is not None
    return count, ws.api.device_state().op_count


def full_round(ws: Workstation, engine: SyncEngine) -> None:
    """A round while the disk is full: the failure reported, nothing refused or lost."""
    queue = [op for op, _ in states(ws)]
    with disk_full(ws.store.conn):
        report = engine.sync_once()
    assert not report.ok and report.error_code == "store.disk_full", report
    assert report.rejected == 0
    after = states(ws)
    assert [op for op, _ in after] == queue
    assert {state for _, state in after} <= {"pending", "in_flight", "done"}, after


def test_a_case_the_server_took_while_the_disk_was_full_is_settled_in_the_next_round(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    case = ws.decide(long_case(ws), CaseStatus.ACCEPTED)
    assert ws.api is not None
    clock = Clock()
    engine = SyncEngine(ws.store, ws.api, clock=clock)
    full_round(ws, engine)
    # It reached the server; only writing down that it did failed.
    assert server_copy(server, case.uuid) is not None
    clock.next_round()
    report = engine.sync_once()  # space again; the same engine, as the worker goes on
    assert report.ok and report.rejected == 0, report
    assert states(ws) == [("case.put", "done")], "the case was never settled"
    assert ws.store.conn.execute("SELECT synced_at FROM cases").fetchone()[0] is not None
    assert server_counts(server, ws) == (1, 1)


def test_a_sync_round_on_a_full_disk_loses_nothing_and_the_next_delivers_it_once(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    pages = [os.urandom(2 * CHUNK + 1000 * n) for n in range(1, 4)]  # three chunks each
    cases = [ws.decide(long_case(ws, page), CaseStatus.ACCEPTED) for page in pages]
    assert ws.api is not None
    clock = Clock()
    engine = SyncEngine(ws.store, ws.api, chunk_size=CHUNK, clock=clock)
    full_round(ws, engine)
    clock.next_round()
    report = engine.sync_once()
    assert report.ok and report.rejected == 0, report
    assert states(ws) == [("attachment.put", "done"), ("case.put", "done")] * 3
    conn = ws.store.conn
    assert conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM cases WHERE synced_at IS NULL").fetchone()[0] == 0
    # On the server: each case once, as last sent, each page byte for byte.
    assert server_counts(server, ws) == (3, 3)
    for case, page in zip(cases, pages, strict=True):
        assert server_copy(server, case.uuid) == case
        sha256 = hashlib.sha256(page).hexdigest()
        assert [a.sha256 for m in case.materials for a in m.attachments] == [sha256]
        with server.admin() as admin:
            assert admin.get(f"/v1/admin/attachments/{sha256}").content == page
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
