"""Automatic backups of the offline store, for recovery from a damaged file.

A backup is SQLite's own online backup of the live database (consistent while the
counter keeps working), written under a temporary name and renamed, then checked with
`PRAGMA quick_check`; the newest `KEEP` are kept. Personal data stays sealed in it with
the store's key, which lives in the keyring, not in the file. Captured pages are files
addressed by their hash and are not copied: a restored store finds them where they are.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

from offline.errors import StoreError

KEEP = 7
SUFFIX = ".backup.db"


def folder(database: Path) -> Path:
    return database.parent / "backups"


def backups(database: Path) -> list[Path]:
    """This store's backups, newest first."""
    where = folder(database)
    if not where.is_dir():
        return []
    return sorted(where.glob(f"{database.stem}-*{SUFFIX}"), reverse=True)


def healthy(path: Path) -> bool:
    """The file opens as a database and passes SQLite's quick integrity check."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def make(conn: sqlite3.Connection, database: Path, now: dt.datetime | None = None) -> Path:
    """Back the open store up now and drop the oldest beyond KEEP; returns the new file.
    A backup that fails its check is removed and reported (StoreError)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    where = folder(database)
    where.mkdir(parents=True, exist_ok=True)
    target = where / f"{database.stem}-{moment:%Y%m%d-%H%M%S}{SUFFIX}"
    partial = target.with_name(f".{target.name}.part")
    try:
        copy = sqlite3.connect(partial)
        try:
            conn.backup(copy)
            # A plain rollback-journal file: no -wal/-shm companions to lose or leave behind.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        if not healthy(partial):
            raise StoreError(f"backup {target.name} failed its integrity check")
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(f"backup failed: {exc}") from exc
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm"),
                         Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    for old in backups(database)[KEEP:]:
        old.unlink(missing_ok=True)
    return target


def taken_at(path: Path) -> dt.datetime | None:
    stamp = path.name.removesuffix(SUFFIX).rsplit("-", 2)[-2:]
    try:
        return dt.datetime.strptime("-".join(stamp), "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
