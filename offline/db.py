"""Opening the SQLite store: pragmas, numbered migrations, refusal of newer files.

Migrations are `offline/migrations/NNNN_name.sql`, applied in order, each in its own
transaction together with `PRAGMA user_version = NNNN`. A file whose user_version is
higher than the newest migration we ship is refused before anything writes to it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import sqlite_utils

from offline.errors import CorruptDatabaseError, DiskFullError, NewerDatabaseError, StoreError

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found: list[Migration] = []
    folder = resources.files("offline").joinpath("migrations")
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration numbering has a gap at {migration.name}")
    return found


def latest_version() -> int:
    return len(migrations())


def _file_version(path: Path) -> int:
    """Read user_version without writing anything (read-only URI, no journal change)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CorruptDatabaseError(f"{path}: {exc}") from exc
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabaseError(f"{path}: {exc}") from exc
    finally:
        conn.close()


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating if needed) the store at `path`.

    Raises NewerDatabaseError, leaving the file untouched, when it is newer than this code.
    """
    known = latest_version()
    if path.exists():
        found = _file_version(path)
        if found > known:
            raise NewerDatabaseError(str(path), found, known)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=10.0)
    except sqlite3.Error as exc:
        raise translate_error(exc, str(path)) from exc
    try:
        if not path.stat().st_size:
            # Before anything is written: catalogue bodies are several KB, and 16 KiB pages
            # keep them out of overflow chains (inserts ~35% faster than with 4 KiB).
            conn.execute("PRAGMA page_size=16384")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.execute("PRAGMA foreign_keys=ON")
        _migrate(conn, known)
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, str(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn


def connect_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing, migrated store (search runs on one, so a
    query never waits behind a write: WAL readers see the last committed state)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False, timeout=10.0)
        conn.execute("PRAGMA query_only=1")
        conn.execute("PRAGMA busy_timeout=10000")
    except sqlite3.Error as exc:
        raise translate_error(exc, str(path)) from exc
    return conn


def _migrate(conn: sqlite3.Connection, known: int) -> None:
    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if current > known:  # raced with a newer writer after our read-only check
        raise NewerDatabaseError("(open store)", current, known)
    for migration in migrations()[current:]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(sql: str) -> Iterator[str]:
    """Split a migration script into statements (sqlite3.complete_statement aware)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        raise RuntimeError(f"incomplete SQL statement at end of migration: {buffer[:80]}")


def translate_error(exc: sqlite3.Error, where: str) -> StoreError:
    """Turn the environment's SQLite failures into StoreErrors the UI can explain."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.OperationalError) and (
        "database or disk is full" in text or getattr(exc, "sqlite_errorcode", 0) == 13
    ):
        return DiskFullError(where)
    if isinstance(exc, sqlite3.DatabaseError) and (
        "file is not a database" in text or "malformed" in text
    ):
        return CorruptDatabaseError(f"{where}: {exc}")
    return StoreError(f"{where}: {exc}")


@contextmanager
def write(conn: sqlite3.Connection) -> Iterator[sqlite_utils.Database]:
    """One write transaction (BEGIN IMMEDIATE, so two writers queue instead of deadlocking).

    Yields a sqlite-utils Database over the same connection; its bulk helpers nest inside
    this transaction as savepoints, so the whole block commits or nothing does.
    """
    db = sqlite_utils.Database(conn, execute_plugins=False, recursive_triggers=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate_error(exc, "begin") from exc
    try:
        yield db
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate_error(exc, "write") from exc
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise translate_error(exc, "commit") from exc

