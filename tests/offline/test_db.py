import hashlib
import sqlite3
from pathlib import Path

import pytest

from offline import db
from offline.errors import CorruptDatabaseError, NewerDatabaseError, StoreError


def test_new_store_is_migrated_with_wal_and_full_sync(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "w.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 16384
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"catalogue_items", "calendar_days", "cases", "outbox", "attachments",
                "audit_events", "clerks", "sync_feeds", "sync_status", "meta"} <= tables
    finally:
        conn.close()


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    db.connect(tmp_path / "w.db").close()
    conn = db.connect(tmp_path / "w.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()
    finally:
        conn.close()


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE future (x)")
    raw.execute(f"PRAGMA user_version = {db.latest_version() + 5}")
    raw.commit()
    raw.close()
    before = _digest(tmp_path)
    with pytest.raises(NewerDatabaseError) as caught:
        db.connect(path)
    assert caught.value.found == db.latest_version() + 5
    assert caught.value.known == db.latest_version()
    assert _digest(tmp_path) == before  # no -wal, no -shm, same bytes


def test_garbage_file_is_reported_as_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(CorruptDatabaseError):
        db.connect(path)


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = db.migrations()
    broken = [*good, db.Migration(len(good) + 1, "broken", "CREATE TABLE x (a);\nNOT SQL;\n")]
    monkeypatch.setattr(db, "migrations", lambda: broken)
    with pytest.raises(StoreError, match="syntax error"):
        db.connect(tmp_path / "w.db")
    monkeypatch.setattr(db, "migrations", lambda: good)
    conn = db.connect(tmp_path / "w.db")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(good)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "x" not in names
    finally:
        conn.close()
