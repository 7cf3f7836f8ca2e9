"""Intake drafts: what a clerk has entered for a case not yet decided, sealed at rest.

Saved after every change (one small transaction each), so nothing typed at the counter is
lost to a crash, a power cut or a closed window; deleted in the transaction that records
the decided case (offline.outbox.record_case).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from offline import db
from offline.crypto import FieldCipher


@dataclass(frozen=True)
class StoredDraft:
    id: str
    item_code: str
    updated_at: dt.datetime
    body: Any


def save(conn: sqlite3.Connection, cipher: FieldCipher, draft_id: str, clerk: str,
         item_code: str, body: Any) -> None:
    with db.write(conn):
        conn.execute(
            "INSERT INTO intake_drafts (id, clerk, item_code, updated_at, body_enc) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "item_code = excluded.item_code, updated_at = excluded.updated_at, "
            "body_enc = excluded.body_enc",
            (draft_id, clerk, item_code, dt.datetime.now(dt.UTC).isoformat(),
             cipher.seal_json(body, f"intake_drafts:{draft_id}")),
        )


def of_clerk(conn: sqlite3.Connection, cipher: FieldCipher, clerk: str) -> list[StoredDraft]:
    """The clerk's open drafts, most recently changed first."""
    return [
        StoredDraft(str(r[0]), str(r[1]), dt.datetime.fromisoformat(str(r[2])),
                    cipher.open_json(r[3], f"intake_drafts:{r[0]}"))
        for r in conn.execute(
            "SELECT id, item_code, updated_at, body_enc FROM intake_drafts WHERE clerk = ? "
            "ORDER BY updated_at DESC", (clerk,))
    ]


def delete(conn: sqlite3.Connection, draft_id: str) -> None:
    with db.write(conn):
        conn.execute("DELETE FROM intake_drafts WHERE id = ?", (draft_id,))


def all_bodies(conn: sqlite3.Connection, cipher: FieldCipher) -> list[Any]:
    """Every clerk's open drafts (retention must not purge a page a draft shows)."""
    return [cipher.open_json(r[1], f"intake_drafts:{r[0]}")
            for r in conn.execute("SELECT id, body_enc FROM intake_drafts")]
