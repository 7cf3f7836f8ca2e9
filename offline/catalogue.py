"""Read access to the local catalogue, calendar and forms replicas."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemSummary:
    code: str
    name: str
    short_name: str
    department: str
    item_type: str


def item_summaries(conn: sqlite3.Connection, department: str | None = None) -> list[ItemSummary]:
    sql = "SELECT code, name, short_name, department, item_type FROM catalogue_items"
    args: tuple[str, ...] = ()
    if department is not None:
        sql += " WHERE department = ?"
        args = (department,)
    sql += " ORDER BY department, name"
    return [ItemSummary(*row) for row in conn.execute(sql, args)]


def departments(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [
        (str(r[0]), int(r[1]))
        for r in conn.execute(
            "SELECT department, COUNT(*) FROM catalogue_items GROUP BY department "
            "ORDER BY department"
        )
    ]


def item_body(conn: sqlite3.Connection, code: str) -> str | None:
    row = conn.execute("SELECT body FROM catalogue_items WHERE code = ?", (code,)).fetchone()
    return None if row is None else str(row[0])


def item_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM catalogue_items").fetchone()[0])


def calendar_exceptions(conn: sqlite3.Connection) -> dict[dt.date, str]:
    """Dates that differ from the Monday–Friday week: date → 'holiday' or 'workday'."""
    return {
        dt.date.fromisoformat(str(r[0])): str(r[1])
        for r in conn.execute("SELECT date, kind FROM calendar_days")
    }


def form_body(conn: sqlite3.Connection, form_id: str) -> str | None:
    """The FormSpec JSON of a blank form / sample, or None when the replica lacks it."""
    row = conn.execute("SELECT body FROM forms WHERE id = ?", (form_id,)).fetchone()
    return None if row is None else str(row[0])
