"""Cases and the outbox: the domain row and its outbox operation in one transaction.

Outbox states: pending → in_flight → done | rejected; a failed attempt goes back to
pending with a later next_attempt_at. Rows left in_flight by a crash return to pending
at start-up. Nothing is ever deleted from the queue by the engine.

Operations go in queue order, but for one that waits for another queued after it
(`waits_for`, see queue_behind): it is not due while that one is still on its way.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Collection
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
    """Store a new case and its `case.put` operation atomically; returns the case number.

    `submission` is the wire body without `case_number`; it is completed here because the
    number is allocated inside the same transaction.
    """
    record = CaseRecord(
        uuid=case.uuid, revision=1, item_code=case.item_code, item_version=case.item_version,
        item_name="", item_snapshot=None, status=case.status,
        applicant_kind=case.applicant_kind, applicant=case.applicant, details=case.details,
        clerk=case.clerk, window=case.window, decided_at=case.created_at,
        due_date=case.due_date, draft_id=None)
    return record_case(conn, cipher, record, prefix,
                       lambda number: {**submission, "case_number": number})


@dataclass(frozen=True)
class CaseRecord:
    """A decided case as the counter records it (see record_case)."""

    uuid: uuid.UUID
    revision: int
    item_code: str
    item_version: int
    item_name: str
    item_snapshot: str | None  # the ServiceItem JSON the case was taken in under
    status: str
    applicant_kind: str
    applicant: dict[str, Any]  # personal: sealed; its id_number also gives the keyed ref
    details: dict[str, Any]  # situation answers, materials, note: sealed
    clerk: str
    window: str
    decided_at: dt.datetime
    due_date: dt.date | None
    draft_id: str | None  # the draft this decision replaces, deleted with it
    # SHA-256 of every captured page the case refers to (offline.attachments); each is
    # uploaded by its own operation, queued ahead of the case's.
    attachments: tuple[str, ...] = ()


def record_case(
    conn: sqlite3.Connection,
    cipher: FieldCipher,
    record: CaseRecord,
    prefix: str,
    submission: Callable[[str], dict[str, Any]],
    audit: Callable[[str], None] | None = None,
) -> str:
    """Record a decided case, its `case.put` operation, its audit event and the removal of
    its draft in one transaction; returns the case number.

    A first revision gets a new number (allocated here, so `submission` receives it and
    builds the wire body); a later revision updates the same case under its number.
    """
    key = str(record.uuid)
    with db.write(conn):
        row = conn.execute("SELECT case_number, revision FROM cases WHERE uuid = ?",
                           (key,)).fetchone()
        if row is not None and int(row[1]) >= record.revision:
            raise ValueError(f"case {key} already has revision {row[1]}")
        number = str(row[0]) if row is not None else case_number(
            prefix, record.decided_at.astimezone().date(), _next_counter(conn, "case_seq"))
        body = submission(number)
        sealed = {
            "applicant_enc": cipher.seal_json(record.applicant, f"cases.applicant:{key}"),
            "applicant_ref": cipher.ref(str(record.applicant.get("id_number", ""))),
            "details_enc": cipher.seal_json(record.details, f"cases.details:{key}"),
            "submission_enc": cipher.seal_json(body, f"cases.submission:{key}"),
        }
        values = {
            "item_code": record.item_code, "item_version": record.item_version,
            "item_name": record.item_name, "item_snapshot": record.item_snapshot,
            "status": record.status, "applicant_kind": record.applicant_kind,
            "clerk": record.clerk, "window": record.window,
            "decided_at": record.decided_at.isoformat(),
            "due_date": record.due_date.isoformat() if record.due_date else None,
            "revision": record.revision, **sealed,
        }
        if row is None:
            columns = ["uuid", "case_number", "created_at", *values]
            conn.execute(
                f"INSERT INTO cases ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                (key, number, record.decided_at.isoformat(), *values.values()),
            )
        else:
            conn.execute(
                f"UPDATE cases SET {', '.join(f'{c} = ?' for c in values)} WHERE uuid = ?",
                (*values.values(), key),
            )
        conn.execute("DELETE FROM case_pages WHERE case_uuid = ?", (key,))
        for sha256 in dict.fromkeys(record.attachments):
            _enqueue_upload(conn, cipher, sha256)
            conn.execute("INSERT INTO case_pages (case_uuid, sha256) VALUES (?, ?)",
                         (key, sha256))
        enqueue(conn, cipher, "case.put", key, body)
        if record.draft_id is not None:
            conn.execute("DELETE FROM intake_drafts WHERE id = ?", (record.draft_id,))
        if audit is not None:
            audit(number)
    return number


def _enqueue_upload(conn: sqlite3.Connection, cipher: FieldCipher, sha256: str) -> None:
    """Queue a page's upload unless the server has it or it is already queued (a page
    shared by two cases, or a case's next revision, goes up once)."""
    row = conn.execute("SELECT uploaded_at FROM attachments WHERE sha256 = ?",
                       (sha256,)).fetchone()
    if row is None:
        raise ValueError(f"case refers to page {sha256[:12]}, which is not stored")
    if row[0] is not None or conn.execute(
            "SELECT 1 FROM outbox WHERE op = 'attachment.put' AND target = ? "
            "AND state IN ('pending', 'in_flight')", (sha256,)).fetchone():
        return
    enqueue(conn, cipher, "attachment.put", sha256, {})


def case_submission(conn: sqlite3.Connection, cipher: FieldCipher, case_uuid: str) -> Any:
    """The whole body last sent for a case (None for cases recorded before it was kept)."""
    row = conn.execute("SELECT submission_enc FROM cases WHERE uuid = ?",
                       (case_uuid,)).fetchone()
    if row is None or row[0] is None:
        return None
    return cipher.open_json(row[0], f"cases.submission:{case_uuid}")


def case_item_snapshot(conn: sqlite3.Connection, case_uuid: str) -> str | None:
    row = conn.execute("SELECT item_snapshot FROM cases WHERE uuid = ?",
                       (case_uuid,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def case_applicant(conn: sqlite3.Connection, cipher: FieldCipher, case_uuid: str) -> Any:
    row = conn.execute("SELECT applicant_enc FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()
    return None if row is None else cipher.open_json(row[0], f"cases.applicant:{case_uuid}")


def recover_in_flight(conn: sqlite3.Connection) -> int:
    """Operations a crash (or a round that failed on the store) left in flight go back to
    pending: at start-up, and before each round of pushing."""
    with db.write(conn):
        cur = conn.execute("UPDATE outbox SET state = 'pending' WHERE state = 'in_flight'")
        return cur.rowcount


# A pending operation waiting for another (queued after it) that is still on its way.
_WAITING = ("EXISTS (SELECT 1 FROM outbox w WHERE w.id = outbox.waits_for "
            "AND w.state IN ('pending', 'in_flight'))")


def due(conn: sqlite3.Connection, cipher: FieldCipher, now: float, limit: int,
        skip: Collection[int] = ()) -> list[Operation]:
    """Operations due now, in queue order, but for those in `skip` (cases the sync has
    set aside this round until their pages are up) and those waiting for another
    operation still on its way (they are due once it has gone: the next call)."""
    left_out = f"AND id NOT IN ({', '.join(str(int(i)) for i in skip)}) " if skip else ""
    rows = conn.execute(
        "SELECT id, device_seq, idempotency_key, op, target, payload_enc, attempts FROM outbox "
        f"WHERE state = 'pending' AND next_attempt_at <= ? AND NOT {_WAITING} "
        f"{left_out}ORDER BY id LIMIT ?",
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


# The certificate desk's operations: the row each is about and its "confirmed" column.
_DESK_SYNCED = {
    "certificate.issue": ("stock_ledger", "issue_synced_at", "issuance_uuid"),
    "stock.void": ("stock_ledger", "void_synced_at", "void_uuid"),
    "certificate.handover": ("certificate_handovers", "synced_at", "handover_uuid"),
}


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
        elif op.op == "attachment.put":
            conn.execute(
                "UPDATE attachments SET uploaded_at = ? WHERE sha256 = ? AND uploaded_at IS NULL",
                (now, op.target),
            )
            conn.execute("DELETE FROM uploads WHERE sha256 = ?", (op.target,))
            # An earlier refused upload of the same page is settled by this one.
            conn.execute("UPDATE outbox SET discarded_at = ? WHERE op = 'attachment.put' "
                         "AND target = ? AND state = 'rejected' AND discarded_at IS NULL",
                         (now, op.target))
        elif op.op in _DESK_SYNCED:  # the certificate desk's (offline.certificates)
            table, column, key = _DESK_SYNCED[op.op]
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (now, op.target))


def mark_retry(
    conn: sqlite3.Connection, op_id: int, next_attempt_at: float, code: str, detail: str
) -> None:
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'pending', next_attempt_at = ?, last_error_code = ?, "
            "last_error_detail = ? WHERE id = ?",
            (next_attempt_at, code, detail[:500], op_id),
        )


@dataclass(frozen=True)
class PagesState:
    """Where the uploads of a case's pages stand (see pages_state)."""

    ready: bool  # every page is on the server
    rejected: list[str]  # pages whose upload was rejected (lost or damaged on disk)
    due_at: float  # when the next of the waiting uploads is due; -1: none is pending


def case_pages(payload: dict[str, Any]) -> list[str]:
    """The hashes of the pages a case.put body refers to."""
    return [str(a["sha256"]) for m in payload.get("materials", [])
            for a in m.get("attachments", [])]


def pages_state(conn: sqlite3.Connection, hashes: list[str]) -> PagesState:
    if not hashes:
        return PagesState(True, [], 0.0)
    marks = ", ".join("?" * len(hashes))
    uploaded = {str(r[0]) for r in conn.execute(
        f"SELECT sha256 FROM attachments WHERE uploaded_at IS NOT NULL AND sha256 IN ({marks})",
        hashes)}
    waiting = [h for h in hashes if h not in uploaded]
    if not waiting:
        return PagesState(True, [], 0.0)
    marks = ", ".join("?" * len(waiting))
    # Each page by its newest upload: an older one rejected (a file lost, then the page
    # captured again for another case) says nothing about the upload queued since.
    rows = conn.execute(
        f"SELECT target, state, next_attempt_at FROM outbox WHERE id IN (SELECT MAX(id) "
        f"FROM outbox WHERE op = 'attachment.put' AND target IN ({marks}) GROUP BY target) "
        f"AND state != 'done'", waiting).fetchall()
    rejected = sorted({str(r[0]) for r in rows if r[1] == "rejected"})
    due = [float(r[2]) for r in rows if r[1] == "pending"]
    return PagesState(False, rejected, min(due) if due else -1.0)


def wait_until(conn: sqlite3.Connection, op_id: int, due_at: float) -> None:
    """Put an operation off without counting an attempt (a case waiting for its pages)."""
    with db.write(conn):
        conn.execute("UPDATE outbox SET next_attempt_at = ? WHERE id = ?", (due_at, op_id))


def release(conn: sqlite3.Connection, op_id: int) -> None:
    """An operation stopped part-way by the clerk (or a shutdown) is due again at once;
    what it got done (an upload's confirmed offset) is kept elsewhere."""
    with db.write(conn):
        conn.execute("UPDATE outbox SET state = 'pending', next_attempt_at = 0 "
                     "WHERE id = ? AND state = 'in_flight'", (op_id,))


def mark_rejected(conn: sqlite3.Connection, op_id: int, code: str, detail: str) -> None:
    with db.write(conn):
        conn.execute(
            "UPDATE outbox SET state = 'rejected', last_error_code = ?, last_error_detail = ? "
            "WHERE id = ?",
            (code, detail[:500], op_id),
        )


def counts(conn: sqlite3.Connection) -> QueueCounts:
    found = dict(conn.execute("SELECT state, COUNT(*) FROM outbox WHERE discarded_at IS NULL "
                              "GROUP BY state").fetchall())
    return QueueCounts(
        pending=int(found.get("pending", 0)) + int(found.get("in_flight", 0)),
        rejected=int(found.get("rejected", 0)),
        done=int(found.get("done", 0)),
    )


# -- what the clerk sees of the queue (the sync panel) ----------------------------------------

@dataclass(frozen=True)
class Waiting:
    """How much is waiting to go to the server."""

    operations: int
    page_bytes: int  # bytes of captured pages not yet confirmed by the server
    oldest_at: dt.datetime | None  # when the oldest waiting operation was queued


@dataclass(frozen=True)
class Trouble:
    """An operation that failed: refused by the server (rejected), or failing and
    being retried (pending with an error). Numbers and codes only, nothing personal."""

    id: int
    op: str
    target: str
    state: str
    attempts: int
    error_code: str
    error_detail: str
    queued_at: dt.datetime
    case_number: str | None  # the case it is, or the case a page belongs to
    item_name: str


def next_due(conn: sqlite3.Connection) -> float | None:
    """When the next waiting operation is due (epoch seconds), None when none waits. One
    queued behind another is due no sooner than that one."""
    row = conn.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' "
                       f"AND NOT {_WAITING}").fetchone()
    return None if row[0] is None else float(row[0])


def waiting(conn: sqlite3.Connection) -> Waiting:
    row = conn.execute(
        "SELECT COUNT(*), MIN(created_at) FROM outbox "
        "WHERE state IN ('pending', 'in_flight')").fetchone()
    left = conn.execute(
        "SELECT COALESCE(SUM(a.size - COALESCE(u.confirmed, 0)), 0) FROM outbox o "
        "JOIN attachments a ON a.sha256 = o.target "
        "LEFT JOIN uploads u ON u.sha256 = o.target "
        "WHERE o.op = 'attachment.put' AND o.state IN ('pending', 'in_flight')").fetchone()
    return Waiting(int(row[0]), int(left[0]),
                   dt.datetime.fromisoformat(str(row[1])) if row[1] else None)


def large_pages(conn: sqlite3.Connection, min_bytes: int) -> tuple[int, int]:
    """Pages waiting to be sent that are at least `min_bytes` large (those an upload
    window holds back): how many, and their bytes not yet confirmed by the server."""
    row = conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(a.size - COALESCE(u.confirmed, 0)), 0) FROM outbox o "
        "JOIN attachments a ON a.sha256 = o.target "
        "LEFT JOIN uploads u ON u.sha256 = o.target "
        "WHERE o.op = 'attachment.put' AND o.state IN ('pending', 'in_flight') "
        "AND a.size >= ?", (min_bytes,)).fetchone()
    return int(row[0]), int(row[1])


def last_id(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(id) FROM outbox").fetchone()
    return int(row[0] or 0)


def hurry(conn: sqlite3.Connection, now: float, held_until: float) -> int:
    """Make what waits for an upload window (put off to `held_until`, no attempt counted,
    or a case waiting for such pages) due now. Retries on their backoff keep their time.
    Returns how many operations were made due. Call inside a db.write() block."""
    return conn.execute(
        "UPDATE outbox SET next_attempt_at = 0 WHERE state = 'pending' "
        "AND discarded_at IS NULL AND next_attempt_at > ? "
        "AND (attempts = 0 OR next_attempt_at >= ?)", (now, held_until - 1)).rowcount


def troubles(conn: sqlite3.Connection, cipher: FieldCipher) -> list[Trouble]:
    """Refused operations not let go, then failing ones, oldest first."""
    rows = conn.execute(
        "SELECT id, device_seq, op, target, state, attempts, last_error_code, "
        "last_error_detail, created_at, payload_enc FROM outbox "
        "WHERE discarded_at IS NULL AND (state = 'rejected' OR (state IN ('pending', "
        "'in_flight') AND last_error_code IS NOT NULL)) "
        "ORDER BY state != 'rejected', id").fetchall()
    found = []
    for r in rows:
        if r[2] in _DESK_SYNCED:
            number, item = _certificate_label(conn, str(r[2]), str(r[3]))
        else:
            case_uuid = (str(r[3]) if r[2] == "case.put"
                         else _case_of_page(conn, cipher, str(r[3])))
            number, item = _case_label(conn, case_uuid)
        found.append(Trouble(int(r[0]), str(r[2]), str(r[3]), str(r[4]), int(r[5]),
                             str(r[6] or ""), str(r[7] or ""),
                             dt.datetime.fromisoformat(str(r[8])), number, item))
    return found


def _case_of_page(conn: sqlite3.Connection, cipher: FieldCipher, sha256: str) -> str | None:
    """The (latest) case whose queued body refers to this page."""
    for seq, sealed, target in conn.execute(
            "SELECT device_seq, payload_enc, target FROM outbox WHERE op = 'case.put' "
            "ORDER BY id DESC"):
        if sha256 in case_pages(cipher.open_json(sealed, f"outbox:{seq}")):
            return str(target)
    return None


def _certificate_label(conn: sqlite3.Connection, op: str,
                       target: str) -> tuple[str | None, str]:
    """The case number and item of the certificate a desk operation is about (a sheet
    spoiled before any certificate has none)."""
    table, _, key = _DESK_SYNCED[op]
    row = conn.execute(f"SELECT d.case_number, d.item_name FROM {table} t JOIN "
                       f"desk_certificates d ON d.certificate_id = t.certificate_id "
                       f"WHERE t.{key} = ?", (target,)).fetchone()
    return (None, "") if row is None else (str(row[0]), str(row[1]))


def _case_label(conn: sqlite3.Connection, case_uuid: str | None) -> tuple[str | None, str]:
    if case_uuid is None:
        return None, ""
    row = conn.execute("SELECT case_number, item_name FROM cases WHERE uuid = ?",
                       (case_uuid,)).fetchone()
    return (None, "") if row is None else (str(row[0]), str(row[1]))


def requeue(conn: sqlite3.Connection, cipher: FieldCipher, op_id: int) -> None:
    """Send a refused (or failing) operation again now: the server may have been fixed,
    or a lost page put back. A case takes its refused pages along. The same sequence and
    key are sent, so the server can never take it twice."""
    with db.write(conn):
        row = conn.execute("SELECT op, payload_enc, device_seq FROM outbox WHERE id = ?",
                           (op_id,)).fetchone()
        if row is None:
            return
        ids = [op_id]
        if row[0] == "case.put":
            pages = case_pages(cipher.open_json(row[1], f"outbox:{row[2]}"))
            ids += [int(r[0]) for r in conn.execute(
                f"SELECT id FROM outbox WHERE op = 'attachment.put' AND state = 'rejected' "
                f"AND discarded_at IS NULL AND target IN ({', '.join('?' * len(pages))})",
                pages)] if pages else []
        conn.executemany(
            "UPDATE outbox SET state = 'pending', next_attempt_at = 0, attempts = 0 "
            "WHERE id = ? AND discarded_at IS NULL AND state IN ('rejected', 'pending')",
            [(i,) for i in ids])


def discard(conn: sqlite3.Connection, op_id: int, audit: Callable[[str, str], None]) -> bool:
    """Let a refused operation go (it stays as history); `audit(op, target)` records who
    did it in the same transaction. Only refused operations can be let go: anything
    still on its way is the server's to receive."""
    with db.write(conn):
        return discard_in(conn, op_id, audit)


def discard_in(conn: sqlite3.Connection, op_id: int,
               audit: Callable[[str, str], None]) -> bool:
    """As discard, inside the caller's db.write() block (a record corrected by a new
    operation lets the refused one go in the same transaction)."""
    row = conn.execute("SELECT op, target FROM outbox WHERE id = ? AND state = 'rejected' "
                       "AND discarded_at IS NULL", (op_id,)).fetchone()
    if row is None:
        return False
    conn.execute("UPDATE outbox SET discarded_at = ? WHERE id = ?",
                 (dt.datetime.now(dt.UTC).isoformat(), op_id))
    audit(str(row[0]), str(row[1]))
    return True


def operation(conn: sqlite3.Connection, cipher: FieldCipher, op_id: int) -> Operation | None:
    """One operation as queued (whatever its state)."""
    r = conn.execute("SELECT id, device_seq, idempotency_key, op, target, payload_enc, "
                     "attempts FROM outbox WHERE id = ?", (op_id,)).fetchone()
    if r is None:
        return None
    return Operation(r[0], r[1], r[2], r[3], r[4], cipher.open_json(r[5], f"outbox:{r[1]}"),
                     r[6])


def op_id_of(conn: sqlite3.Connection, seq: int) -> int:
    """The queue id of the operation with this device sequence (see enqueue)."""
    return int(conn.execute("SELECT id FROM outbox WHERE device_seq = ?", (seq,)).fetchone()[0])


def queue_behind(conn: sqlite3.Connection, cipher: FieldCipher, op_id: int, first_id: int,
                 payload: dict[str, Any] | None = None) -> None:
    """Let an operation not the server's yet (pending, failing, or refused because of
    what `first_id` corrects) go after operation `first_id`, queued later than itself,
    as soon as that one has gone (due now, attempts and error cleared). `payload`
    replaces its body: it is sent under its own sequence and key all the same, which is
    right only because the server never took it. Call inside a db.write() block."""
    if payload is not None:
        seq = conn.execute("SELECT device_seq FROM outbox WHERE id = ?", (op_id,)).fetchone()[0]
        conn.execute("UPDATE outbox SET payload_enc = ? WHERE id = ? AND state != 'done'",
                     (cipher.seal_json(payload, f"outbox:{seq}"), op_id))
    conn.execute(
        "UPDATE outbox SET state = CASE state WHEN 'rejected' THEN 'pending' ELSE state END, "
        "waits_for = ?, next_attempt_at = 0, attempts = 0, last_error_code = NULL, "
        "last_error_detail = NULL WHERE id = ? AND state != 'done' AND discarded_at IS NULL",
        (first_id, op_id))


# -- after the server was restored from an older backup -----------------------------------

# Operations the server records by (device, sequence) forever: what it confirmed of them it
# must still hold. Uploads are not among them (the server is asked for the pages instead).
RECORDED_OPS = ("case.put", *_DESK_SYNCED)
_RECORDED = f"op IN ({', '.join(repr(op) for op in RECORDED_OPS)})"


def confirmed_seqs(conn: sqlite3.Connection) -> list[int]:
    """The sequences of the operations the server has confirmed to this device: cases and
    the certificate desk's issuances, voids and hand-overs."""
    return [int(r[0]) for r in conn.execute(
        f"SELECT device_seq FROM outbox WHERE {_RECORDED} AND state = 'done' "
        "ORDER BY device_seq")]


def confirmed_with(conn: sqlite3.Connection, cipher: FieldCipher,
                   seqs: Collection[int]) -> list[Operation]:
    """The confirmed operations with these sequences, in queue order."""
    wanted = set(seqs)
    rows = [r for r in conn.execute(
        "SELECT id, device_seq, idempotency_key, op, target, payload_enc, attempts FROM outbox "
        f"WHERE {_RECORDED} AND state = 'done' ORDER BY id") if int(r[1]) in wanted]
    return [Operation(r[0], r[1], r[2], r[3], r[4], cipher.open_json(r[5], f"outbox:{r[1]}"),
                      r[6]) for r in rows]


def send_again(conn: sqlite3.Connection, cipher: FieldCipher, ops: list[Operation],
               lost_pages: list[str]) -> int:
    """The server lost these confirmed operations (and these pages): queue them again where
    they were, under their own sequence and key (the restored server does not know them,
    and cannot take any twice), pages first; their records are no longer confirmed (a
    case's synced_at, a sheet's or hand-over's confirmation). Returns how many of the lost
    pages cannot be sent again because their local copy was purged after the retention
    period."""
    gone = 0
    with db.write(conn):
        for sha256 in lost_pages:
            row = conn.execute("SELECT purged_at FROM attachments WHERE sha256 = ?",
                               (sha256,)).fetchone()
            if row is None or row[0] is not None:
                gone += 1
                continue
            conn.execute("UPDATE attachments SET uploaded_at = NULL WHERE sha256 = ?",
                         (sha256,))
            _enqueue_upload(conn, cipher, sha256)
        conn.executemany(
            "UPDATE outbox SET state = 'pending', next_attempt_at = 0, attempts = 0, "
            "done_at = NULL WHERE id = ?", [(op.id,) for op in ops])
        conn.executemany("UPDATE cases SET synced_at = NULL WHERE uuid = ?",
                         [(op.target,) for op in ops if op.op == "case.put"])
        for op in ops:
            if op.op in _DESK_SYNCED:
                table, column, key = _DESK_SYNCED[op.op]
                conn.execute(f"UPDATE {table} SET {column} = NULL WHERE {key} = ?",
                             (op.target,))
    return gone
