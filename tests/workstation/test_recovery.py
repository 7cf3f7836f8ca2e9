"""A damaged local store at start: set aside (never deleted), the newest backup restored,
the records not yet sent taken over from the damaged file, numbering never repeated."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from offline import backup, outbox
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.workstation.test_cases import filled, synced
from workstation.core import Workstation
from workstation.sync import SyncEngine

PAGE = 16384  # the store's page size


def damage_page_of(path: Path, table: str) -> None:
    """Overwrite the root page of one table with garbage (a torn write, a bad sector)."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
                        ).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * PAGE)
        handle.write(b"\xde\xad\xbe\xef" * (PAGE // 4))


def test_a_damaged_store_is_restored_and_what_was_not_sent_is_taken_over(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    ws = workstation_factory(server.url)
    synced(ws)
    sent = filled(ws)
    ws.decide(sent, CaseStatus.ACCEPTED)
    assert ws.api is not None and SyncEngine(ws.store, ws.api).sync_once().pushed == 1
    made = backup.make(ws.store.conn, ws.store.path)
    after = filled(ws)  # decided after the backup, not yet sent
    late = ws.decide(after, CaseStatus.ACCEPTED)
    database = ws.paths.database
    ws.close()
    damage_page_of(database, "search_items")  # the search index; the outbox still reads
    assert not backup.healthy(database)

    again = workstation_factory(server.url)
    recovery = again.recovery
    assert recovery is not None and recovery.backup_used == made
    assert recovery.damaged.exists() and recovery.damaged.name.startswith("workstation.db.")
    assert (recovery.unsent_found, recovery.unsent_rescued, recovery.cases_rescued) == (1, 1, 1)
    assert backup.healthy(database)
    # The case decided after the backup is there, and reaches the server exactly once.
    again.login("demo", "demo1234")
    assert again.case(after.case_uuid).case_number == late.case_number
    assert again.api is not None
    assert SyncEngine(again.store, again.api).sync_once().pushed == 1
    assert server_case_count(server) == 2
    with server.admin() as admin:
        body = admin.get(f"/v1/admin/cases/{after.case_uuid}").json()
    assert body["case_number"] == late.case_number
    # Numbering goes on after the damaged file's, never repeating a printed number.
    third = filled(again)
    number = again.decide(third, CaseStatus.ACCEPTED).case_number
    assert int(number[-6:]) == int(late.case_number[-6:]) + 1


def server_case_count(server: ServerProcess) -> int:
    with server.admin() as admin:
        return int(admin.get("/v1/admin/cases").json()["count"])


def test_an_unreadable_store_without_a_backup_starts_afresh_and_keeps_the_damaged_file(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    ws = workstation_factory(server.url)
    synced(ws)
    ws.decide(filled(ws), CaseStatus.ACCEPTED)
    database = ws.paths.database
    ws.close()
    with database.open("r+b") as handle:  # garbage from the second page on
        handle.seek(PAGE)
        handle.write(b"\x00\xff" * (database.stat().st_size // 2))
    again = workstation_factory(server.url)
    recovery = again.recovery
    assert recovery is not None and recovery.backup_used is None
    assert recovery.damaged.exists() and recovery.damaged.stat().st_size > 0
    assert recovery.unsent_found is None  # could not be read: said so, not zero
    assert outbox.counts(again.store.conn).pending == 0  # a new, empty store
    assert again.store.device_id != ""  # a new device: new case numbers, no clash


def test_a_truncated_store_is_restored_from_its_backup(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    ws = workstation_factory(server.url)
    synced(ws)
    made = backup.make(ws.store.conn, ws.store.path)
    database = ws.paths.database
    ws.close()
    size = database.stat().st_size
    with database.open("r+b") as handle:
        handle.truncate(size // 2)
    again = workstation_factory(server.url)
    assert again.recovery is not None and again.recovery.backup_used == made
    assert again.recovery.damaged.stat().st_size == size // 2
    assert again.item_summaries()  # the catalogue of the backup is there
