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
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from offline.errors import CorruptDatabaseError, StoreError

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


# -- recovery from a damaged store ------------------------------------------------------------

# When the damaged file's counters cannot be read, numbering goes on this far past the
# backup's, so no case number printed since the backup is ever handed out again.
COUNTER_MARGIN = 10_000
_COUNTERS = ("device_seq", "case_seq")


@dataclass(frozen=True)
class Recovery:
    """What happened when the store was found damaged at start."""

    damaged: Path  # the damaged file, set aside (never deleted)
    backup_used: Path | None  # the backup restored; None: none usable, a new store begins
    backup_taken_at: dt.datetime | None
    unsent_found: int | None  # records not yet sent read from the damaged file (None: unreadable)
    unsent_rescued: int  # of those, put back into the restored store to be sent
    cases_rescued: int  # cases decided after the backup, taken over from the damaged file


def check(database: Path) -> None:
    """Raise CorruptDatabaseError when the store fails SQLite's quick integrity check (a
    truncated file, garbage pages). About 0.2 s for a 200 MB store."""
    if database.exists() and not healthy(database):
        raise CorruptDatabaseError(f"{database.name} failed its integrity check")


def recover(database: Path, now: dt.datetime | None = None) -> Recovery:
    """Set the damaged store aside, restore the newest healthy backup in its place, and
    take over from the damaged file whatever of it can still be read that the backup
    lacks: records not yet sent and the cases they belong to. Counters go on past the
    damaged file's (or well past the backup's when those cannot be read)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    damaged = database.with_name(f"{database.name}.damaged-{moment:%Y%m%d-%H%M%S}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{database}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{damaged}{suffix}"))
    usable = next((b for b in backups(database) if healthy(b)), None)
    if usable is None:
        return Recovery(damaged, None, None, _count_unsent(damaged), 0, 0)
    partial = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(usable, partial)
    os.replace(partial, database)
    found, rescued, cases = _take_over(damaged, database)
    return Recovery(damaged, usable, taken_at(usable), found, rescued, cases)


def _count_unsent(damaged: Path) -> int | None:
    try:
        conn = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'"
                                    ).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _take_over(damaged: Path, database: Path) -> tuple[int | None, int, int]:
    """Copy into the restored store, row for row (sealed values open with the same key:
    their context names the row, not the file), the unsent records, their cases and
    pages that the backup lacks. When the damaged file cannot be read that far, nothing
    is copied and the counters jump well ahead instead."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        try:
            conn.execute("ATTACH DATABASE ? AS damaged", (f"file:{damaged}?mode=ro",))
            conn.execute("BEGIN IMMEDIATE")
            seen = {str(k): int(v) for k, v in conn.execute(
                "SELECT key, value FROM damaged.meta WHERE key IN (?, ?)", _COUNTERS)}
            found = int(conn.execute(
                "SELECT COUNT(*) FROM damaged.outbox WHERE state != 'done'").fetchone()[0])
            cases = conn.execute(
                "INSERT INTO main.cases SELECT * FROM damaged.cases "
                "WHERE uuid NOT IN (SELECT uuid FROM main.cases)").rowcount
            conn.execute("INSERT OR IGNORE INTO main.attachments "
                         "SELECT * FROM damaged.attachments")
            conn.execute("INSERT OR IGNORE INTO main.case_pages "
                         "SELECT * FROM damaged.case_pages")
            rescued = conn.execute(
                "INSERT INTO main.outbox SELECT * FROM damaged.outbox WHERE state != 'done' "
                "AND idempotency_key NOT IN (SELECT idempotency_key FROM main.outbox)"
            ).rowcount
            conn.execute("UPDATE main.outbox SET state = 'pending' WHERE state = 'in_flight'")
            _raise_counters(conn, seen)
            conn.execute("COMMIT")
            return found, rescued, cases
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        conn.execute("BEGIN IMMEDIATE")
        _raise_counters(conn, None)
        conn.execute("COMMIT")
        return _count_unsent(damaged), 0, 0
    finally:
        conn.close()


def _raise_counters(conn: sqlite3.Connection, seen: dict[str, int] | None) -> None:
    for key in _COUNTERS:
        row = conn.execute("SELECT value FROM main.meta WHERE key = ?", (key,)).fetchone()
        mine = int(row[0]) if row else 0
        value = max(mine, seen.get(key, 0)) if seen is not None and key in seen \
            else mine + COUNTER_MARGIN
        conn.execute("INSERT INTO main.meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, str(value)))
