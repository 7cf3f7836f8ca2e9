"""The audit trail: who did what to which case or document, and when.

Events are appended inside the caller's transaction, so an action and its record commit
together. Details may hold personal data and are sealed like everything else.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from offline.crypto import FieldCipher


@dataclass(frozen=True)
class Event:
    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: Any


def append(conn: sqlite3.Connection, cipher: FieldCipher, actor: str, action: str,
           target: str, detail: dict[str, Any] | None = None) -> None:
    """Call inside a db.write() block."""
    at = dt.datetime.now(dt.UTC).isoformat()
    sealed = None if detail is None else cipher.seal_json(detail, f"audit:{action}:{target}:{at}")
    conn.execute("INSERT INTO audit_events (at, actor, action, target, detail_enc) "
                 "VALUES (?, ?, ?, ?, ?)", (at, actor, action, target, sealed))


def of_target(conn: sqlite3.Connection, cipher: FieldCipher, target: str) -> list[Event]:
    return [
        Event(int(r[0]), dt.datetime.fromisoformat(str(r[1])), str(r[2]), str(r[3]), target,
              None if r[4] is None else cipher.open_json(r[4], f"audit:{r[3]}:{target}:{r[1]}"))
        for r in conn.execute(
            "SELECT id, at, actor, action, detail_enc FROM audit_events WHERE target = ? "
            "ORDER BY id", (target,))
    ]


def of_action(conn: sqlite3.Connection, cipher: FieldCipher, action: str) -> list[Event]:
    """Every event of one kind (`certificate.serial_corrected`), oldest first."""
    return [
        Event(int(r[0]), dt.datetime.fromisoformat(str(r[1])), str(r[2]), action, str(r[3]),
              None if r[4] is None else cipher.open_json(r[4], f"audit:{action}:{r[3]}:{r[1]}"))
        for r in conn.execute(
            "SELECT id, at, actor, target, detail_enc FROM audit_events WHERE action = ? "
            "ORDER BY id", (action,))
    ]
