"""The clerk's cases as a list: what "my cases" shows, with the back office's progress.

Only clear columns are read for the list (numbers, item names, statuses, dates); the
applicant's name is opened from its sealed column for the masked display only.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from offline.crypto import FieldCipher

# Progress values after which nothing more happens to a case (server.contract.Progress).
FINISHED = ("approved", "denied", "delivered", "withdrawn")


@dataclass(frozen=True)
class CaseRow:
    uuid: str
    case_number: str
    item_name: str
    status: str  # accepted | notified | refused, as the counter decided
    revision: int
    decided_at: dt.datetime
    due_date: dt.date | None
    sent: bool  # the server has confirmed it
    progress: str | None  # the back office's latest state, once the feed brought one
    progress_note: str
    applicant_name: str  # opened from the sealed applicant; the caller masks it


def of_clerk(conn: sqlite3.Connection, cipher: FieldCipher, clerk: str, *,
             since: dt.date | None = None, open_only: bool = False,
             limit: int = 500) -> list[CaseRow]:
    """Newest first. `open_only`: notified cases (the applicant is to come back) and
    accepted ones the back office has not finished."""
    sql = (
        "SELECT c.uuid, c.case_number, c.item_name, c.status, c.revision, "
        "COALESCE(c.decided_at, c.created_at), c.due_date, c.server_id IS NOT NULL, "
        "p.progress, COALESCE(p.note, ''), c.applicant_enc "
        "FROM cases c LEFT JOIN case_progress p ON p.uuid = c.uuid WHERE c.clerk = ?")
    args: list[object] = [clerk]
    if since is not None:
        # Times are stored in UTC; "since" is a day on the counter's own clock.
        local_midnight = dt.datetime.combine(since, dt.time()).astimezone()
        sql += " AND COALESCE(c.decided_at, c.created_at) >= ?"
        args.append(local_midnight.astimezone(dt.UTC).isoformat())
    if open_only:
        placeholders = ", ".join("?" * len(FINISHED))
        sql += (" AND (c.status = 'notified' OR (c.status = 'accepted' AND "
                f"(p.progress IS NULL OR p.progress NOT IN ({placeholders}))))")
        args += FINISHED
    sql += " ORDER BY COALESCE(c.decided_at, c.created_at) DESC LIMIT ?"
    args.append(limit)
    rows = []
    for r in conn.execute(sql, args):
        applicant = cipher.open_json(r[10], f"cases.applicant:{r[0]}")
        rows.append(CaseRow(
            uuid=str(r[0]), case_number=str(r[1]), item_name=str(r[2]), status=str(r[3]),
            revision=int(r[4]), decided_at=dt.datetime.fromisoformat(str(r[5])),
            due_date=dt.date.fromisoformat(str(r[6])) if r[6] else None, sent=bool(r[7]),
            progress=None if r[8] is None else str(r[8]), progress_note=str(r[9]),
            applicant_name=str(applicant.get("name", "")) if isinstance(applicant, dict)
            else ""))
    return rows
