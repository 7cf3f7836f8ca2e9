"""Replicas of server feeds (catalogue, calendar, forms, case progress): page application
and atomic rebuilds.

A page is applied as upserts plus tombstones and the feed's new cursor in one
transaction: after a crash the store holds the old page or the new one, never half, and
the cursor always matches the data. When the server answers 410 Gone, pages go into a
shadow table (with their own cursor, so an interrupted rebuild resumes) and the finished
shadow replaces the live table in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from offline import db, search


@dataclass(frozen=True)
class FeedTable:
    feed: str
    table: str
    key: str
    columns: tuple[str, ...]  # key first
    indexes: tuple[str, ...]  # CREATE INDEX statements for the live table
    # Derived data kept in step with the live table, in the same transaction. on_page
    # runs before the page's rows are written (it may need the rows they replace):
    on_page: Callable[[sqlite3.Connection, Sequence[Sequence[Any]], Sequence[str]], None] | None
    after_page: Callable[[sqlite3.Connection], None] | None  # after the rows are written
    on_swap: Callable[[sqlite3.Connection], None] | None

    @property
    def shadow(self) -> str:
        return f"{self.table}_shadow"


def _index_page(
    conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], removed: Sequence[str]
) -> None:
    search.index_page(conn, (json.loads(row[-1]) for row in rows), removed)


def _reindex(conn: sqlite3.Connection) -> None:
    search.rebuild(conn)


def _reindex_if_out_of_step(conn: sqlite3.Connection) -> None:
    if not search.is_current(conn):
        search.rebuild(conn)


CATALOGUE = FeedTable(
    feed="catalogue",
    table="catalogue_items",
    key="code",
    columns=("code", "name", "short_name", "department", "department_code", "item_type",
             "version", "body"),
    indexes=("CREATE INDEX IF NOT EXISTS catalogue_items_department "
             "ON catalogue_items (department, name)",),
    on_page=_index_page,
    after_page=_reindex_if_out_of_step,
    on_swap=_reindex,
)

CALENDAR = FeedTable(
    feed="calendar",
    table="calendar_days",
    key="date",
    columns=("date", "kind", "name"),
    indexes=(),
    on_page=None,
    after_page=None,
    on_swap=None,
)

FORMS = FeedTable(
    feed="forms",
    table="forms",
    key="id",
    columns=("id", "title", "version", "body"),
    indexes=(),
    on_page=None,
    after_page=None,
    on_swap=None,
)

PROGRESS = FeedTable(
    feed="progress",
    table="case_progress",
    key="uuid",
    columns=("uuid", "case_number", "progress", "note", "updated_at"),
    indexes=(),
    on_page=None,
    after_page=None,
    on_swap=None,
)

FEEDS = (CATALOGUE, CALENDAR, FORMS, PROGRESS)


@dataclass(frozen=True)
class FeedState:
    cursor: str | None
    shadow_cursor: str | None
    rows: int

    @property
    def rebuilding(self) -> bool:
        return self.shadow_cursor is not None


def feed_state(conn: sqlite3.Connection, feed: FeedTable) -> FeedState:
    row = conn.execute(
        "SELECT cursor, shadow_cursor, rows FROM sync_feeds WHERE feed = ?", (feed.feed,)
    ).fetchone()
    if row is None:
        return FeedState(None, None, 0)
    return FeedState(row[0], row[1], int(row[2]))


def _ensure_feed_row(conn: sqlite3.Connection, feed: FeedTable) -> None:
    conn.execute("INSERT OR IGNORE INTO sync_feeds (feed) VALUES (?)", (feed.feed,))


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def apply_page(
    conn: sqlite3.Connection,
    feed: FeedTable,
    rows: Sequence[Sequence[Any]],
    removed: Sequence[str],
    cursor: str,
    *,
    shadow: bool = False,
) -> None:
    """Apply one page (upserts, tombstones, cursor) in one transaction."""
    table = feed.shadow if shadow else feed.table
    cols = ", ".join(feed.columns)
    with db.write(conn):
        _ensure_feed_row(conn, feed)
        if shadow:
            conn.execute(
                f"CREATE TABLE IF NOT EXISTS {feed.shadow} AS SELECT * FROM {feed.table} WHERE 0"
            )
            conn.execute(
                f"CREATE UNIQUE INDEX IF NOT EXISTS {feed.shadow}_key ON {feed.shadow} ({feed.key})"
            )
        if not shadow and feed.on_page is not None:
            feed.on_page(conn, rows, removed)
        conn.executemany(
            f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({_placeholders(len(feed.columns))})",
            rows,
        )
        if removed:
            conn.executemany(f"DELETE FROM {table} WHERE {feed.key} = ?", [(k,) for k in removed])
        cursor_column = "shadow_cursor" if shadow else "cursor"
        conn.execute(
            f"UPDATE sync_feeds SET {cursor_column} = ? WHERE feed = ?", (cursor, feed.feed)
        )
        if not shadow:
            _count_rows(conn, feed)
            if feed.after_page is not None:
                feed.after_page(conn)


def _count_rows(conn: sqlite3.Connection, feed: FeedTable) -> None:
    conn.execute(
        f"UPDATE sync_feeds SET rows = (SELECT COUNT(*) FROM {feed.table}) WHERE feed = ?",
        (feed.feed,),
    )


def start_rebuild(conn: sqlite3.Connection, feed: FeedTable) -> None:
    """Begin (or restart) a rebuild into an empty shadow table."""
    with db.write(conn):
        _ensure_feed_row(conn, feed)
        conn.execute(f"DROP TABLE IF EXISTS {feed.shadow}")
        conn.execute(f"CREATE TABLE {feed.shadow} AS SELECT * FROM {feed.table} WHERE 0")
        conn.execute(f"CREATE UNIQUE INDEX {feed.shadow}_key ON {feed.shadow} ({feed.key})")
        # An empty string marks "rebuilding from the start" (the server takes no cursor).
        conn.execute("UPDATE sync_feeds SET shadow_cursor = '' WHERE feed = ?", (feed.feed,))


def finish_rebuild(conn: sqlite3.Connection, feed: FeedTable) -> None:
    """Swap the finished shadow in for the live table, cursor included, in one transaction."""
    with db.write(conn):
        state = feed_state(conn, feed)
        if state.shadow_cursor is None:
            raise RuntimeError(f"{feed.feed}: no rebuild in progress")
        # Keep the live table's declared schema: copy rows into a fresh table of the same
        # shape rather than renaming the shadow (CREATE TABLE AS drops constraints).
        sql = conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (feed.table,)
        ).fetchone()[0]
        conn.execute(f"DROP TABLE {feed.table}")
        conn.execute(sql)
        cols = ", ".join(feed.columns)
        conn.execute(f"INSERT INTO {feed.table} ({cols}) SELECT {cols} FROM {feed.shadow}")
        conn.execute(f"DROP TABLE {feed.shadow}")
        for statement in feed.indexes:
            conn.execute(statement)
        if feed.on_swap is not None:
            feed.on_swap(conn)
        conn.execute(
            "UPDATE sync_feeds SET cursor = shadow_cursor, shadow_cursor = NULL WHERE feed = ?",
            (feed.feed,),
        )
        _count_rows(conn, feed)
