"""Cases and the outbox: the domain row and its outbox operation in one transaction.

Outbox states: pending → in_flight → done | rejected; a failed attempt goes back to
pending with a later next_attempt_at. Rows left in_flight by a crash return to pending
at start-up. Nothing is ever deleted from the queue by the engine.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from offline import db
from offline.crypto import FieldCipher


@dataclass(frozen=True)
class NewCase:
    uuid: uuid.UUID
    item_code: str
    item_version: int
    status: str
    applicant_kind: str
    applicant: dict[str, Any]  # personal: sealed
    details: dict[str, Any]  # situation answers, materials, note: sealed
    clerk: str
    window: str
    created_at: dt.datetime
    due_date: dt.date | None


@dataclass(frozen=True)
class Operation:
    id: int
    device_seq: int
    idempotency_key: str
    op: str
    target: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class QueueCounts:
    pending: int
    rejected: int
    done: int


def _next_counter(conn: sqlite3.Connection, key: str) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    value = (int(row[0]) if row else 0) + 1
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, str(value)),
    )
    return value


def case_number(prefix: str, day: dt.date, seq: int) -> str:
    """Printed case numbers: device prefix + date + this device's running number.

    Valid from the moment they are printed: the prefix is the server's, the sequence ours.
    """
    return f"{prefix}{day:%Y%m%d}{seq:06d}"


def enqueue(
    conn: sqlite3.Connection, cipher: FieldCipher, op: str, target: str, payload: dict[str, Any]
) -> int:
    """Append an operation; call inside a db.write() block. Returns its device sequence."""
    seq = _next_counter(conn, "device_seq")
    conn.execute(
        "INSERT INTO outbox (device_seq, idempotency_key, op, target, payload_enc, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (seq, uuid.uuid4().hex, op, target, cipher.seal_json(payload, f"outbox:{seq}"),
         dt.datetime.now(dt.UTC).isoformat()),
    )
    return seq


def create_case(
    conn: sqlite3.Connection,
    cipher: FieldCipher,
    case: NewCase,
    prefix: str,
    submission: dict[str, Any],
) -> str:
    """Store a case and its `case.put` operation atomically; returns the case number.

    `submission` is the wire body without `case_number`; it is completed here because the
    number is allocated inside the same transaction.
    """
    key = str(case.uuid)
    with db.write(conn):
        number = case_number(prefix, case.created_at.date(), _next_counter(conn, "case_seq"))
        conn.execute(
            "INSERT INTO cases (uuid, case_number, item_code, item_version, status, "
            "applicant_kind, applicant_enc, applicant_ref, details_enc, clerk, window, "
            "created_at, due_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                key, number, case.item_code, case.item_version, case.status,
                case.applicant_kind,
                cipher.seal_json(case.applicant, f"cases.applicant:{key}"),
                cipher.ref(str(case.applicant.get("id_number", ""))),
                cipher.seal_json(case.details, f"cases.details:{key}"),
                case.clerk, case.window, case.created_at.isoformat(),
                case.due_date.isoformat() if case.due_date else None,
            ),
        )
        enqueue(conn, cipher, "case.put", key, {**submission, "case_number": number})
    return number


def case_applicant(conn: sqlite3.Connection, cipher: FieldCipher, case_uuid: str) -> Any:
    row = conn.execute("SELECT applicant_enc FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()
    return None if row is None else cipher.open_json(row[0], f"cases.applicant:{case_uuid}")


def recover_in_flight(conn: sqlite3.Connection) -> int:
    """At start-up: operations a crash left in flight go back to pending."""
    with db.write(conn):
        cur = conn.execute("UPDATE outbox SET state = 'pending' WHERE state = 'in_flight'")
        return cur.rowcount


def due(conn: sqlite3.Connection, cipher: FieldCipher, now: float, limit: int) -> list[Operation]:
    rows = conn.execute(
        "SELECT id, device_seq, idempotency_key, op, target, payload_enc, attempts FROM outbox "
        "WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
        (now, limit),
    ).fetchall()
    return [
        Operation(r[0], r[1], r[2], r[3], r[4], cipher.open_json(r[5], f"outbox:{r[1]}"), r[6])
        for r in rows
    ]


def mark_in_flight(conn: sqlite3.Connection, op_id: int) -> None:
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1 WHERE id = ?",
            (op_id,),
        )


def mark_done(conn: sqlite3.Connection, op: Operation, server_id: str) -> None:
    now = dt.datetime.now(dt.UTC).isoformat()
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'done', done_at = ?, last_error_code = NULL, "
            "last_error_detail = NULL WHERE id = ?",
            (now, op.id),
        )
        if op.op == "case.put":
            conn.execute(
                "UPDATE cases SET server_id = ?, synced_at = ? WHERE uuid = ?",
                (server_id, now, op.target),
            )


def mark_retry(
    conn: sqlite3.Connection, op_id: int, next_attempt_at: float, code: str, detail: str
) -> None:
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error_code = ?, "
            "last_error_detail = ? WHERE id = ?",
            (next_attempt_at, code, detail[:500], op_id),
        )


def mark_rejected(conn: sqlite3.Connection, op_id: int, code: str, detail: str) -> None:
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'rejected', last_error_code = ?, last_error_detail = ? "
            "WHERE id = ?",
            (code, detail[:500], op_id),
        )


def counts(conn: sqlite3.Connection) -> QueueCounts:
    found = dict(conn.execute("SELECT state, COUNT(*) FROM outbox GROUP BY state").fetchall())
    return QueueCounts(
        pending=int(found.get("pending", 0)) + int(found.get("in_flight", 0)),
        rejected=int(found.get("rejected", 0)),
        done=int(found.get("done", 0)),
    )
