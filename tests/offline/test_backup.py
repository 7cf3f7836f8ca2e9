"""Automatic backups of the offline store: consistent, checked, the newest seven kept."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from offline import backup, db
from offline.store import Store, open_store
from workstation.secrets import FileVault


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "ws.db", FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


def test_a_backup_is_a_checked_copy_that_opens_with_the_same_key(
    store: Store, tmp_path: Path
) -> None:
    store.set_meta("device_prefix", "PX01")
    with db.write(store.conn):
        store.conn.execute("INSERT INTO meta (key, value) VALUES ('marker', 'kept')")
    made = backup.make(store.conn, store.path)
    assert made.parent == tmp_path / "backups" and backup.healthy(made)
    assert backup.backups(store.path) == [made]
    taken = backup.taken_at(made)
    assert taken is not None and abs(taken - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    # Restored in place of a lost file, it opens with the key in the keyring.
    restored = tmp_path / "restored" / "ws.db"
    restored.parent.mkdir()
    shutil.copy(made, restored)
    again = open_store(restored, FileVault(tmp_path / "vault.json"))
    try:
        assert again.meta("marker") == "kept" and again.meta("device_prefix") == "PX01"
        assert again.device_id == store.device_id
    finally:
        again.close()


def test_only_the_newest_seven_are_kept(store: Store) -> None:
    start = dt.datetime(2026, 11, 1, 18, 0, tzinfo=dt.UTC)
    made = [backup.make(store.conn, store.path, now=start + dt.timedelta(days=n))
            for n in range(10)]
    assert backup.backups(store.path) == list(reversed(made[-backup.KEEP:]))
    assert not any(p.exists() for p in made[:3])
    assert not list(backup.folder(store.path).glob(".*"))  # no partial file left


def test_a_damaged_file_is_not_healthy(tmp_path: Path, store: Store) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    assert not backup.healthy(garbage)
    made = backup.make(store.conn, store.path)
    cut = tmp_path / "cut.db"
    cut.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    assert not backup.healthy(cut)
    assert not backup.healthy(tmp_path / "missing.db")


def test_the_sync_worker_backs_up_once_a_day(store: Store) -> None:
    from workstation.sync import SyncWorker

    worker = SyncWorker(lambda: store, None, interval=60, page_size=500,  # type: ignore[arg-type]
                        on_report=lambda _: None)
    worker._back_up(store)
    first = backup.backups(store.path)
    assert len(first) == 1
    worker._back_up(store)
    assert backup.backups(store.path) == first
