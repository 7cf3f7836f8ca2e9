"""The knowledge base (办事指南) for the UI: search, browse, recently opened, favourites.

Search runs on its own read-only connection (see `Searcher`), so typing never waits for a
sync page or a case being saved; everything else uses the main store connection on the
operations thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from offline import db, search
from offline.catalogue import ItemSummary
from offline.search import Hit


class Searcher:
    """Owns one read-only connection; use it from one thread (the UI's search thread)."""

    def __init__(self, database: Path, username: Callable[[], str | None]) -> None:
        self._conn = db.connect_reader(database)
        self._username = username

    def search(self, query: str, limit: int = 50) -> list[Hit]:
        return search.search(self._conn, query, limit=limit, username=self._username())

    def close(self) -> None:
        self._conn.close()


def summaries_for(conn: sqlite3.Connection, codes: list[str]) -> list[ItemSummary]:
    """Summaries in the order of `codes` (items no longer in the catalogue are skipped)."""
    if not codes:
        return []
    placeholders = ",".join("?" * len(codes))
    found = {
        r[0]: ItemSummary(*r)
        for r in conn.execute(
            "SELECT code, name, short_name, department, item_type FROM catalogue_items "
            f"WHERE code IN ({placeholders})", codes)
    }
    return [found[c] for c in codes if c in found]


def item_types(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [(str(r[0]), int(r[1])) for r in conn.execute(
        "SELECT item_type, COUNT(*) FROM catalogue_items GROUP BY item_type ORDER BY item_type")]


def by_type(conn: sqlite3.Connection, item_type: str) -> list[ItemSummary]:
    return [ItemSummary(*r) for r in conn.execute(
        "SELECT code, name, short_name, department, item_type FROM catalogue_items "
        "WHERE item_type = ? ORDER BY department, name", (item_type,))]


def opened(conn: sqlite3.Connection, username: str, code: str) -> None:
    with db.write(conn):
        search.record_opened(conn, username, code)


def set_favourite(conn: sqlite3.Connection, username: str, code: str, on: bool) -> None:
    with db.write(conn):
        search.set_favourite(conn, username, code, on)


def favourites(conn: sqlite3.Connection, username: str) -> list[ItemSummary]:
    return summaries_for(conn, search.favourites(conn, username))


def recent(conn: sqlite3.Connection, username: str) -> list[ItemSummary]:
    return summaries_for(conn, search.recent(conn, username))

