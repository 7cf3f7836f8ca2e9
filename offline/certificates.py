"""Storage of the certificate desk (统一出证): the pending-certificates replica, the
certificates issued here, the stock ledger, shifts and hand-overs.

Personal data is sealed: a certificate's whole body (applicant, names, addresses on it)
in `body_enc`, reasons typed by the clerk, hand-over recipients. The applicant's ID
number is findable only by exact entry, through its keyed hash (`FieldCipher.ref`); it is
never stored in clear nor indexed.

Every change is one transaction with its audit event and, when the server must hear of
it, its outbox operation (`certificate.issue`, `stock.void`, `certificate.handover`). A
sheet whose serial the server refused as used elsewhere is corrected by a new operation
(`record_correction`).
The workstation layer (workstation.certificates) checks what the clerk asked for first;
the unique keys here are the last guard (`SerialTaken`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from offline import audit, db, outbox
from offline.crypto import FieldCipher
from offline.replica import FeedTable
from server.contract.errors import ErrorCode

ISSUE_OP = "certificate.issue"
VOID_OP = "stock.void"
HANDOVER_OP = "certificate.handover"
OPS = (ISSUE_OP, VOID_OP, HANDOVER_OP)

FEED = FeedTable(
    feed="certificates",
    table="pending_certificates",
    key="certificate_id",
    columns=("certificate_id", "case_uuid", "case_number", "item_code", "item_name",
             "department", "approved_at", "template", "status", "applicant_ref", "body_enc"),
    indexes=(
        "CREATE INDEX IF NOT EXISTS pending_certificates_approved "
        "ON pending_certificates (approved_at)",
        "CREATE INDEX IF NOT EXISTS pending_certificates_applicant_ref "
        "ON pending_certificates (applicant_ref)",
    ),
    on_page=None,
    after_page=None,
    on_swap=None,
)


class SerialTaken(Exception):
    """The serial is in the ledger already (issued or voided here)."""

    def __init__(self, stock_type: str, serial: str) -> None:
        super().__init__(f"{stock_type} {serial}")
        self.stock_type = stock_type
        self.serial = serial


class ShiftOpen(Exception):
    """Another shift is open at this desk."""


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat()


def _seal_context(certificate_id: str) -> str:
    # The same for the live and the shadow table: a rebuild copies rows between them.
    return f"certificates.body:{certificate_id}"


def pending_row(cipher: FieldCipher, body: dict[str, Any]) -> tuple[Any, ...]:
    """The replica row of a certificate (PendingCertificate as JSON), body sealed."""
    key = str(body["certificate_id"])
    approved = dt.datetime.fromisoformat(str(body["approved_at"]))
    return (key, str(body["case_uuid"]), str(body["case_number"]), str(body["item_code"]),
            str(body["item_name"]), str(body["department"]), _utc(approved),
            str(body["template"]), str(body["status"]),
            cipher.ref(str(body["applicant"]["id_number"])),
            cipher.seal_json(body, _seal_context(key)))


@dataclass(frozen=True)
class CertificateRow:
    """A certificate with its sealed body opened (the PendingCertificate JSON)."""

    certificate_id: str
    case_number: str
    item_code: str
    item_name: str
    department: str
    template: str
    approved_at: dt.datetime
    body: dict[str, Any]
    issued: bool  # issued at this desk (no longer pending here)
    handed_over_at: dt.datetime | None = None


def _text_match(row: CertificateRow, text: str, ref: str, row_ref: str) -> bool:
    if row_ref == ref:
        return True  # the full ID number, entered exactly
    needle = text.casefold()
    applicant = row.body.get("applicant", {})
    return needle in row.case_number.casefold() or needle in str(
        applicant.get("name", "")).casefold()


def pending(
    conn: sqlite3.Connection, cipher: FieldCipher, *, item_code: str | None = None,
    department: str | None = None, approved_from: dt.datetime | None = None,
    approved_until: dt.datetime | None = None, text: str = "", limit: int = 1000,
) -> list[CertificateRow]:
    """Certificates waiting for issuance here (not issued at this desk), oldest approval
    first. `text` matches a substring of the case number or of the applicant's name
    (compared after opening, in memory), or the applicant's whole ID number exactly."""
    sql = ("SELECT p.certificate_id, p.case_number, p.item_code, p.item_name, p.department, "
           "p.template, p.approved_at, p.applicant_ref, p.body_enc FROM pending_certificates p "
           "WHERE NOT EXISTS (SELECT 1 FROM desk_certificates d "
           "WHERE d.certificate_id = p.certificate_id)")
    args: list[object] = []
    if item_code:
        sql += " AND p.item_code = ?"
        args.append(item_code)
    if department:
        sql += " AND p.department = ?"
        args.append(department)
    if approved_from is not None:
        sql += " AND p.approved_at >= ?"
        args.append(_utc(approved_from))
    if approved_until is not None:
        sql += " AND p.approved_at < ?"
        args.append(_utc(approved_until))
    sql += " ORDER BY p.approved_at, p.case_number"
    text = text.strip()
    ref = cipher.ref(text) if text else ""
    found: list[CertificateRow] = []
    for r in conn.execute(sql, args):
        row = CertificateRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                             dt.datetime.fromisoformat(str(r[6])),
                             cipher.open_json(r[8], _seal_context(str(r[0]))), issued=False)
        if text and not _text_match(row, text, ref, str(r[7])):
            continue
        found.append(row)
        if len(found) >= limit:
            break
    return found


def pending_facets(conn: sqlite3.Connection) -> tuple[list[tuple[str, str, int]],
                                                       list[tuple[str, int]]]:
    """What the pending list can be filtered by: (item code, item name, count) and
    (department, count), of the certificates not issued here."""
    waiting = ("FROM pending_certificates p WHERE NOT EXISTS (SELECT 1 FROM desk_certificates "
               "d WHERE d.certificate_id = p.certificate_id)")
    items = [(str(r[0]), str(r[1]), int(r[2])) for r in conn.execute(
        f"SELECT item_code, MIN(item_name), COUNT(*) {waiting} GROUP BY item_code "
        "ORDER BY MIN(item_name)")]
    departments = [(str(r[0]), int(r[1])) for r in conn.execute(
        f"SELECT department, COUNT(*) {waiting} GROUP BY department ORDER BY department")]
    return items, departments


def certificate(conn: sqlite3.Connection, cipher: FieldCipher,
                certificate_id: str) -> CertificateRow | None:
    """A certificate issued here (as it was printed), else the pending one."""
    r = conn.execute(
        "SELECT certificate_id, case_number, item_code, item_name, department, template, "
        "issued_at, body_enc, handed_over_at, given_up_at FROM desk_certificates "
        "WHERE certificate_id = ?", (certificate_id,)).fetchone()
    if r is not None:
        body = cipher.open_json(r[7], f"desk_certificates.body:{r[0]}")
        return CertificateRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                              dt.datetime.fromisoformat(str(body["approved_at"])), body,
                              issued=r[9] is None, handed_over_at=None if r[8] is None
                              else dt.datetime.fromisoformat(str(r[8])))
    r = conn.execute(
        "SELECT certificate_id, case_number, item_code, item_name, department, template, "
        "approved_at, body_enc FROM pending_certificates WHERE certificate_id = ?",
        (certificate_id,)).fetchone()
    if r is None:
        return None
    return CertificateRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                          dt.datetime.fromisoformat(str(r[6])),
                          cipher.open_json(r[7], _seal_context(str(r[0]))), issued=False)


def issued_here(conn: sqlite3.Connection, cipher: FieldCipher, *, handed_over: bool | None,
                text: str = "", limit: int = 500) -> list[CertificateRow]:
    """Certificates issued at this desk, newest first; `handed_over` False: those still
    waiting for their applicant (None: all). `text` as in `pending`."""
    sql = ("SELECT certificate_id, case_number, item_code, item_name, department, template, "
           "issued_at, body_enc, handed_over_at, applicant_ref FROM desk_certificates "
           "WHERE given_up_at IS NULL")
    if handed_over is not None:
        sql += " AND handed_over_at IS NOT NULL" if handed_over else \
            " AND handed_over_at IS NULL"
    sql += " ORDER BY issued_at DESC"
    text = text.strip()
    ref = cipher.ref(text) if text else ""
    found: list[CertificateRow] = []
    for r in conn.execute(sql):
        body = cipher.open_json(r[7], f"desk_certificates.body:{r[0]}")
        row = CertificateRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]),
                             dt.datetime.fromisoformat(str(body["approved_at"])), body,
                             issued=True, handed_over_at=None if r[8] is None
                             else dt.datetime.fromisoformat(str(r[8])))
        if text and not _text_match(row, text, ref, str(r[9])):
            continue
        found.append(row)
        if len(found) >= limit:
            break
    return found


# -- the stock ledger -----------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerEntry:
    """One sheet of stock used here."""

    stock_type: str
    serial: str
    state: str  # issued | voided
    certificate_id: str | None
    case_number: str | None  # of the certificate, when it was issued here
    printer: str
    clerk: str
    shift_id: str | None
    used_at: dt.datetime  # printed, or spoiled
    reprint_of: str | None
    issue_reason: str  # a reprint's reason
    voided_at: dt.datetime | None
    voided_by: str | None
    void_shift_id: str | None
    void_reason: str
    synced: bool  # the server has confirmed what happened to the sheet


_ENTRY_SQL = (
    "SELECT l.stock_type, l.serial, l.state, l.certificate_id, d.case_number, l.printer, "
    "l.clerk, l.shift_id, l.used_at, l.reprint_of, l.issue_reason_enc, l.voided_at, "
    "l.voided_by, l.void_shift_id, l.void_reason_enc, l.issuance_uuid, l.issue_synced_at, "
    "l.void_uuid, l.void_synced_at "
    "FROM stock_ledger l LEFT JOIN desk_certificates d ON d.certificate_id = l.certificate_id")


def _entry(cipher: FieldCipher, r: Sequence[Any]) -> LedgerEntry:
    key = f"{r[0]}:{r[1]}"
    issue_reason = "" if r[10] is None else str(cipher.open_json(r[10],
                                                                 f"stock_ledger.issue:{key}"))
    void_reason = "" if r[14] is None else str(cipher.open_json(r[14],
                                                                f"stock_ledger.void:{key}"))
    # What the server must hear of the sheet: its issuance, and a void of its own.
    synced = (r[15] is None or r[16] is not None) and (r[17] is None or r[18] is not None)
    return LedgerEntry(
        stock_type=str(r[0]), serial=str(r[1]), state=str(r[2]),
        certificate_id=None if r[3] is None else str(r[3]),
        case_number=None if r[4] is None else str(r[4]), printer=str(r[5]), clerk=str(r[6]),
        shift_id=None if r[7] is None else str(r[7]),
        used_at=dt.datetime.fromisoformat(str(r[8])),
        reprint_of=None if r[9] is None else str(r[9]), issue_reason=issue_reason,
        voided_at=None if r[11] is None else dt.datetime.fromisoformat(str(r[11])),
        voided_by=None if r[12] is None else str(r[12]),
        void_shift_id=None if r[13] is None else str(r[13]), void_reason=void_reason,
        synced=synced)


def entry(conn: sqlite3.Connection, cipher: FieldCipher, stock_type: str,
          serial: str) -> LedgerEntry | None:
    r = conn.execute(f"{_ENTRY_SQL} WHERE l.stock_type = ? AND l.serial = ?",
                     (stock_type, serial)).fetchone()
    return None if r is None else _entry(cipher, r)


def issued_sheet(conn: sqlite3.Connection, cipher: FieldCipher,
                 certificate_id: str) -> LedgerEntry | None:
    """The sheet a certificate is issued on now (here)."""
    r = conn.execute(f"{_ENTRY_SQL} WHERE l.certificate_id = ? AND l.state = 'issued'",
                     (certificate_id,)).fetchone()
    return None if r is None else _entry(cipher, r)


def sheets_of(conn: sqlite3.Connection, cipher: FieldCipher,
              certificate_id: str) -> list[LedgerEntry]:
    """Every sheet used for a certificate here, in order of use."""
    return [_entry(cipher, r) for r in conn.execute(
        f"{_ENTRY_SQL} WHERE l.certificate_id = ? ORDER BY l.used_at", (certificate_id,))]


def issued_in(conn: sqlite3.Connection, cipher: FieldCipher, shift_id: str) -> list[LedgerEntry]:
    """Sheets issued in a shift and not voided in it (a reprint in a later shift does not
    change what this one issued), in order of printing."""
    return [_entry(cipher, r) for r in conn.execute(
        f"{_ENTRY_SQL} WHERE l.shift_id = ? AND l.issuance_uuid IS NOT NULL "
        "AND l.void_shift_id IS NOT ? ORDER BY l.used_at", (shift_id, shift_id))]


def voided_in(conn: sqlite3.Connection, cipher: FieldCipher, shift_id: str) -> list[LedgerEntry]:
    """Sheets voided in a shift (spoiled, or replaced by a reprint), in order."""
    return [_entry(cipher, r) for r in conn.execute(
        f"{_ENTRY_SQL} WHERE l.void_shift_id = ? ORDER BY l.voided_at", (shift_id,))]


def used_serials(conn: sqlite3.Connection, stock_type: str,
                 until: dt.datetime | None = None) -> set[str]:
    """Every serial of a stock type used here, issued or voided (printed or spoiled no
    later than `until`, when given)."""
    if until is None:
        rows = conn.execute("SELECT serial FROM stock_ledger WHERE stock_type = ?",
                            (stock_type,))
    else:
        rows = conn.execute("SELECT serial FROM stock_ledger WHERE stock_type = ? "
                            "AND used_at <= ?", (stock_type, _utc(until)))
    return {str(r[0]) for r in rows}


#: The audit events of a corrected serial (record_correction): the refused serial in their
#: detail is one another desk used.
CORRECTED = ("certificate.serial_corrected", "stock.serial_corrected")


def used_elsewhere(conn: sqlite3.Connection, cipher: FieldCipher) -> dict[str, set[str]]:
    """Per stock type, the serials the server said another desk used, corrected here
    (`record_correction`, from its audit): never this desk's sheets, so not in its stock.
    A serial this desk's ledger holds (used here after all) is left out."""
    found: dict[str, set[str]] = {}
    for action in CORRECTED:
        for event in audit.of_action(conn, cipher, action):
            detail = event.detail
            if isinstance(detail, dict) and detail.get("stock_type") \
                    and detail.get("refused_serial"):
                found.setdefault(str(detail["stock_type"]), set()).add(
                    str(detail["refused_serial"]))
    return {stock_type: left for stock_type, serials in found.items()
            if (left := serials - used_serials(conn, stock_type))}


def _insert_sheet(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    try:
        conn.execute(f"INSERT INTO stock_ledger ({', '.join(values)}) "
                     f"VALUES ({', '.join('?' * len(values))})", tuple(values.values()))
    except sqlite3.IntegrityError as exc:
        if conn.execute("SELECT 1 FROM stock_ledger WHERE stock_type = ? AND serial = ?",
                        (values["stock_type"], values["serial"])).fetchone():
            raise SerialTaken(str(values["stock_type"]), str(values["serial"])) from exc
        raise


@dataclass(frozen=True)
class Issue:
    """A certificate printed on a sheet that came out right (see record_issue)."""

    certificate: dict[str, Any]  # PendingCertificate JSON, as printed
    stock_type: str
    serial: str
    printer: str
    printed_at: dt.datetime
    issuance_uuid: str
    clerk: str
    shift_id: str | None
    wire: dict[str, Any]  # the IssuanceRequest the server receives
    reprint_of: tuple[str, str] | None = None  # (stock type, serial) this sheet replaces
    reason: str = ""  # a reprint's reason


def record_issue(conn: sqlite3.Connection, cipher: FieldCipher, issue: Issue) -> None:
    """The sheet, the certificate (kept sealed as printed), a reprinted sheet's void,
    the `certificate.issue` operation and the audit event, in one transaction.

    Raises SerialTaken when the serial is in the ledger already."""
    certificate_id = str(issue.certificate["certificate_id"])
    at = _utc(issue.printed_at)
    key = f"{issue.stock_type}:{issue.serial}"
    with db.write(conn):
        old: LedgerEntry | None = None
        if issue.reprint_of is not None:
            old_type, old_serial = issue.reprint_of
            old = entry(conn, cipher, old_type, old_serial)
            if old is None or old.state != "issued" or old.certificate_id != certificate_id:
                raise ValueError(f"{old_serial} is not the sheet {certificate_id} is issued on")
            conn.execute(
                "UPDATE stock_ledger SET state = 'voided', voided_at = ?, voided_by = ?, "
                "void_shift_id = ?, void_reason_enc = ? WHERE stock_type = ? AND serial = ?",
                (at, issue.clerk, issue.shift_id,
                 cipher.seal_json(issue.reason, f"stock_ledger.void:{old_type}:{old_serial}"),
                 old_type, old_serial))
        _insert_sheet(conn, {
            "stock_type": issue.stock_type, "serial": issue.serial, "state": "issued",
            "certificate_id": certificate_id, "printer": issue.printer, "clerk": issue.clerk,
            "shift_id": issue.shift_id, "used_at": at, "issuance_uuid": issue.issuance_uuid,
            "reprint_of": None if issue.reprint_of is None else issue.reprint_of[1],
            "issue_reason_enc": cipher.seal_json(issue.reason, f"stock_ledger.issue:{key}")
            if issue.reason else None})
        body = issue.certificate
        conn.execute(
            "INSERT INTO desk_certificates (certificate_id, case_number, item_code, item_name, "
            "department, template, applicant_ref, body_enc, issued_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (certificate_id) DO UPDATE SET "
            "body_enc = excluded.body_enc, issued_at = excluded.issued_at",
            (certificate_id, str(body["case_number"]), str(body["item_code"]),
             str(body["item_name"]), str(body["department"]), str(body["template"]),
             cipher.ref(str(body["applicant"]["id_number"])),
             cipher.seal_json(body, f"desk_certificates.body:{certificate_id}"), at))
        outbox.enqueue(conn, cipher, ISSUE_OP, issue.issuance_uuid,
                       {"certificate_id": certificate_id, "body": issue.wire})
        detail: dict[str, Any] = {"stock_type": issue.stock_type, "serial": issue.serial,
                                  "printer": issue.printer, "case_number": body["case_number"],
                                  "shift": issue.shift_id}
        if old is not None:
            detail |= {"reprint_of": list(issue.reprint_of or ()), "reason": issue.reason}
        audit.append(conn, cipher, issue.clerk,
                     "certificate.reprinted" if old is not None else "certificate.issued",
                     certificate_id, detail)


@dataclass(frozen=True)
class Void:
    """A spoiled sheet (see record_void)."""

    stock_type: str
    serial: str
    reason: str
    at: dt.datetime
    void_uuid: str
    clerk: str
    shift_id: str | None
    certificate_id: str | None  # the certificate being printed when it spoiled
    printer: str
    wire: dict[str, Any]  # the VoidRequest the server receives


def record_void(conn: sqlite3.Connection, cipher: FieldCipher, void: Void) -> None:
    """The voided sheet, the `stock.void` operation and the audit event, in one
    transaction. Raises SerialTaken when the serial is in the ledger already."""
    at = _utc(void.at)
    key = f"{void.stock_type}:{void.serial}"
    with db.write(conn):
        _insert_sheet(conn, {
            "stock_type": void.stock_type, "serial": void.serial, "state": "voided",
            "certificate_id": void.certificate_id, "printer": void.printer,
            "clerk": void.clerk, "shift_id": void.shift_id, "used_at": at, "voided_at": at,
            "voided_by": void.clerk, "void_shift_id": void.shift_id,
            "void_uuid": void.void_uuid,
            "void_reason_enc": cipher.seal_json(void.reason, f"stock_ledger.void:{key}")})
        outbox.enqueue(conn, cipher, VOID_OP, void.void_uuid, void.wire)
        audit.append(conn, cipher, void.clerk, "stock.voided", f"stock:{key}",
                     {"reason": void.reason, "certificate_id": void.certificate_id,
                      "printer": void.printer, "shift": void.shift_id})


@dataclass(frozen=True)
class Handover:
    certificate_id: str
    handover_uuid: str
    method: str  # in_person | post
    identity_checked: bool
    receipt: str | None  # signature | paper
    at: dt.datetime
    clerk: str
    shift_id: str | None
    details: dict[str, Any]  # recipient name and ID number, identity check, tracking: sealed
    wire: dict[str, Any]  # the HandoverRequest the server receives
    signature_png: bytes | None = None  # signed on the customer screen: sealed


def _signature_context(handover_uuid: str) -> str:
    return f"certificate_handovers.signature:{handover_uuid}"


def record_handover(conn: sqlite3.Connection, cipher: FieldCipher, handover: Handover) -> None:
    """The hand-over, the certificate marked handed over, the `certificate.handover`
    operation and the audit event, in one transaction."""
    at = _utc(handover.at)
    with db.write(conn):
        conn.execute(
            "INSERT INTO certificate_handovers (handover_uuid, certificate_id, method, "
            "identity_checked, receipt, at, clerk, shift_id, details_enc, signature_enc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (handover.handover_uuid, handover.certificate_id, handover.method,
             int(handover.identity_checked), handover.receipt, at, handover.clerk,
             handover.shift_id, cipher.seal_json(
                 handover.details, f"certificate_handovers.details:{handover.handover_uuid}"),
             None if handover.signature_png is None else cipher.seal(
                 handover.signature_png, _signature_context(handover.handover_uuid))))
        conn.execute("UPDATE desk_certificates SET handed_over_at = ? WHERE certificate_id = ?",
                     (at, handover.certificate_id))
        outbox.enqueue(conn, cipher, HANDOVER_OP, handover.handover_uuid,
                       {"certificate_id": handover.certificate_id, "body": handover.wire})
        audit.append(conn, cipher, handover.clerk, "certificate.handed_over",
                     handover.certificate_id,
                     {"method": handover.method, "identity_checked": handover.identity_checked,
                      "receipt": handover.receipt, "signed": handover.signature_png is not None,
                      **handover.details})


@dataclass(frozen=True)
class HandoverRow:
    handover_uuid: str
    certificate_id: str
    method: str
    identity_checked: bool
    receipt: str | None
    at: dt.datetime
    clerk: str
    shift_id: str | None
    details: dict[str, Any]
    synced: bool
    signed: bool  # a signature from the customer screen is kept (`signature()`)


def handovers(conn: sqlite3.Connection, cipher: FieldCipher, *,
              certificate_id: str | None = None,
              shift_id: str | None = None) -> list[HandoverRow]:
    sql = ("SELECT handover_uuid, certificate_id, method, identity_checked, receipt, at, clerk, "
           "shift_id, details_enc, synced_at, signature_enc IS NOT NULL "
           "FROM certificate_handovers WHERE 1")
    args: list[object] = []
    if certificate_id is not None:
        sql += " AND certificate_id = ?"
        args.append(certificate_id)
    if shift_id is not None:
        sql += " AND shift_id = ?"
        args.append(shift_id)
    return [HandoverRow(str(r[0]), str(r[1]), str(r[2]), bool(r[3]),
                        None if r[4] is None else str(r[4]), dt.datetime.fromisoformat(str(r[5])),
                        str(r[6]), None if r[7] is None else str(r[7]),
                        dict(cipher.open_json(r[8], f"certificate_handovers.details:{r[0]}")),
                        r[9] is not None, bool(r[10]))
            for r in conn.execute(sql + " ORDER BY at", args)]


def signature(conn: sqlite3.Connection, cipher: FieldCipher, handover_uuid: str) -> bytes | None:
    """The signature kept with a hand-over, or None (posted, paper receipt, unknown)."""
    row = conn.execute("SELECT signature_enc FROM certificate_handovers WHERE handover_uuid = ?",
                       (handover_uuid,)).fetchone()
    if row is None or row[0] is None:
        return None
    return cipher.open(row[0], _signature_context(handover_uuid))


# -- shifts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShiftRow:
    id: str
    clerk: str
    clerk_info: dict[str, Any]  # name, window (sealed)
    started_at: dt.datetime
    ended_at: dt.datetime | None
    ended_by: str | None
    ranges: list[tuple[str, str, str]]  # (stock type, first serial, last serial)


def start_shift(conn: sqlite3.Connection, cipher: FieldCipher, shift_id: str, clerk: str,
                clerk_info: dict[str, Any], at: dt.datetime,
                ranges: Iterable[tuple[str, str, str]]) -> None:
    """Open a shift with the stock loaded for it; audited. ShiftOpen when one is open."""
    loaded = list(ranges)
    with db.write(conn):
        if conn.execute("SELECT 1 FROM desk_shifts WHERE ended_at IS NULL").fetchone():
            raise ShiftOpen(shift_id)
        conn.execute("INSERT INTO desk_shifts (id, clerk, clerk_enc, started_at) "
                     "VALUES (?, ?, ?, ?)",
                     (shift_id, clerk, cipher.seal_json(clerk_info, f"desk_shifts:{shift_id}"),
                      _utc(at)))
        conn.executemany("INSERT INTO desk_shift_stock (shift_id, stock_type, first_serial, "
                         "last_serial) VALUES (?, ?, ?, ?)",
                         [(shift_id, *r) for r in loaded])
        audit.append(conn, cipher, clerk, "desk.shift_started", f"shift:{shift_id}",
                     {"stock": [list(r) for r in loaded]})


def end_shift(conn: sqlite3.Connection, cipher: FieldCipher, shift_id: str, by: str,
              at: dt.datetime, summary: dict[str, Any]) -> bool:
    """Close an open shift; audited with its summary (counts, remaining ranges). False
    when it was not open."""
    with db.write(conn):
        changed = conn.execute("UPDATE desk_shifts SET ended_at = ?, ended_by = ? "
                               "WHERE id = ? AND ended_at IS NULL",
                               (_utc(at), by, shift_id)).rowcount
        if changed:
            audit.append(conn, cipher, by, "desk.shift_ended", f"shift:{shift_id}", summary)
    return bool(changed)


def _shift(conn: sqlite3.Connection, cipher: FieldCipher, r: Sequence[Any]) -> ShiftRow:
    ranges = [(str(s[0]), str(s[1]), str(s[2])) for s in conn.execute(
        "SELECT stock_type, first_serial, last_serial FROM desk_shift_stock WHERE shift_id = ? "
        "ORDER BY stock_type, first_serial", (r[0],))]
    return ShiftRow(str(r[0]), str(r[1]), dict(cipher.open_json(r[2], f"desk_shifts:{r[0]}")),
                    dt.datetime.fromisoformat(str(r[3])),
                    None if r[4] is None else dt.datetime.fromisoformat(str(r[4])),
                    None if r[5] is None else str(r[5]), ranges)


_SHIFT_SQL = "SELECT id, clerk, clerk_enc, started_at, ended_at, ended_by FROM desk_shifts"


def open_shift(conn: sqlite3.Connection, cipher: FieldCipher) -> ShiftRow | None:
    r = conn.execute(f"{_SHIFT_SQL} WHERE ended_at IS NULL").fetchone()
    return None if r is None else _shift(conn, cipher, r)


def shift(conn: sqlite3.Connection, cipher: FieldCipher, shift_id: str) -> ShiftRow | None:
    r = conn.execute(f"{_SHIFT_SQL} WHERE id = ?", (shift_id,)).fetchone()
    return None if r is None else _shift(conn, cipher, r)


def last_shift(conn: sqlite3.Connection, cipher: FieldCipher) -> ShiftRow | None:
    """The most recently started shift (the one handed over, once ended)."""
    r = conn.execute(f"{_SHIFT_SQL} ORDER BY started_at DESC LIMIT 1").fetchone()
    return None if r is None else _shift(conn, cipher, r)


# -- what the server refused ------------------------------------------------------------------

@dataclass(frozen=True)
class Refusal:
    """A desk operation the server refused, with the sheet (or hand-over) it is about."""

    outbox_id: int
    op: str
    target: str
    error_code: str
    error_detail: str
    stock_type: str | None
    serial: str | None
    certificate_id: str | None
    let_go: bool = False  # let go without a correction (refusals() leaves those out)


_REFUSALS_SQL = (
    "SELECT o.id, o.op, o.target, COALESCE(o.last_error_code, ''), "
    "COALESCE(o.last_error_detail, ''), l.stock_type, l.serial, "
    "COALESCE(l.certificate_id, h.certificate_id), o.discarded_at IS NOT NULL FROM outbox o "
    "LEFT JOIN stock_ledger l ON (o.op = ? AND l.issuance_uuid = o.target) "
    "OR (o.op = ? AND l.void_uuid = o.target) "
    "LEFT JOIN certificate_handovers h ON o.op = ? AND h.handover_uuid = o.target "
    "WHERE o.op IN (?, ?, ?) AND o.state = 'rejected'")


def _refusals(conn: sqlite3.Connection, where: str, args: Sequence[object]) -> list[Refusal]:
    return [Refusal(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
                    None if r[5] is None else str(r[5]), None if r[6] is None else str(r[6]),
                    None if r[7] is None else str(r[7]), bool(r[8]))
            for r in conn.execute(f"{_REFUSALS_SQL} {where} ORDER BY o.id",
                                  (ISSUE_OP, VOID_OP, HANDOVER_OP, *OPS, *args))]


def refusals(conn: sqlite3.Connection) -> list[Refusal]:
    """Refused desk operations nobody has let go, oldest first."""
    return _refusals(conn, "AND o.discarded_at IS NULL", ())


def refusal(conn: sqlite3.Connection, outbox_id: int) -> Refusal | None:
    """The refused operation with this queue id (let go or not)."""
    found = _refusals(conn, "AND o.id = ?", (outbox_id,))
    return found[0] if found else None


def refusal_of_sheet(conn: sqlite3.Connection, stock_type: str, serial: str) -> Refusal | None:
    """The refused issuance or void of a sheet (let go or not), None when the sheet's
    record was not refused (or has been corrected since)."""
    found = _refusals(conn, "AND l.stock_type = ? AND l.serial = ?", (stock_type, serial))
    return found[0] if found else None


def refused_issuance(conn: sqlite3.Connection, certificate_id: str) -> Refusal | None:
    """A refused issuance (let go or not) of a sheet the certificate was printed on here,
    not corrected: the server does not hold the certificate as issued, so a reprint or
    a hand-over of it would wait for it forever."""
    found = _refusals(conn, "AND o.op = ? AND l.certificate_id = ?", (ISSUE_OP, certificate_id))
    return found[0] if found else None


class NotRefused(Exception):
    """The operation is not (or no longer) a refused record of that sheet: sent again, or
    corrected already."""


@dataclass(frozen=True)
class Correction:
    """A refused sheet's serial corrected: the clerk read the true one off the sheet (see
    record_correction)."""

    refused: Refusal  # an issuance or a void refused with serial_used
    serial: str  # the serial read off the sheet, checked by the caller
    new_uuid: str  # the new issuance's (or void's) uuid
    wire: dict[str, Any]  # the new IssuanceRequest (or VoidRequest) the server receives
    clerk: str
    reason: str
    conflict: dict[str, Any]  # what the server said of the refused serial (how, where)


def _reseal(cipher: FieldCipher, sealed: bytes | None, kind: str, old: str,
            new: str) -> bytes | None:
    """A sheet's sealed reason under its new serial (the serial is part of the context)."""
    if sealed is None:
        return None
    return cipher.seal_json(cipher.open_json(sealed, f"stock_ledger.{kind}:{old}"),
                            f"stock_ledger.{kind}:{new}")


def record_correction(conn: sqlite3.Connection, cipher: FieldCipher,
                      correction: Correction) -> None:
    """Correct a refused sheet's serial, in one transaction:

    - the sheet's row takes the new serial; the refused one is released (it was never
      this desk's sheet: no void for it);
    - a new `certificate.issue` (or `stock.void`) operation is queued, with a new uuid,
      key and sequence;
    - what was queued behind the refused issuance for the same certificate (a reprint,
      a hand-over), not yet taken by the server, goes right after the new issuance; a
      reprint of the refused sheet names the corrected serial;
    - the refused operation is let go, audited (`sync.let_go`), unless it was already;
    - the correction is audited (`certificate.serial_corrected`, or
      `stock.serial_corrected` for a void) with the reason and the server's conflict.

    Raises SerialTaken when the new serial is in the ledger already, NotRefused when the
    operation is not a refused record of that sheet (any more)."""
    refused = correction.refused
    if refused.op not in (ISSUE_OP, VOID_OP) or refused.stock_type is None \
            or refused.serial is None:
        raise NotRefused(str(refused.outbox_id))
    stock_type, old, new = refused.stock_type, refused.serial, correction.serial
    issue = refused.op == ISSUE_OP
    key_column, synced_column = (("issuance_uuid", "issue_synced_at") if issue
                                 else ("void_uuid", "void_synced_at"))
    with db.write(conn):
        row = conn.execute(
            f"SELECT l.issue_reason_enc, l.void_reason_enc, l.certificate_id FROM stock_ledger "
            f"l JOIN outbox o ON o.target = l.{key_column} WHERE o.id = ? AND o.op = ? "
            "AND o.state = 'rejected' AND l.stock_type = ? AND l.serial = ?",
            (refused.outbox_id, refused.op, stock_type, old)).fetchone()
        if row is None:
            raise NotRefused(str(refused.outbox_id))
        certificate_id = None if row[2] is None else str(row[2])
        behind = (_queued_behind(conn, cipher, refused.outbox_id, certificate_id) if issue
                  else [])
        old_key, new_key = f"{stock_type}:{old}", f"{stock_type}:{new}"
        try:
            conn.execute(
                f"UPDATE stock_ledger SET serial = ?, {key_column} = ?, {synced_column} = NULL, "
                "issue_reason_enc = ?, void_reason_enc = ? WHERE stock_type = ? AND serial = ?",
                (new, correction.new_uuid,
                 _reseal(cipher, row[0], "issue", old_key, new_key),
                 _reseal(cipher, row[1], "void", old_key, new_key), stock_type, old))
        except sqlite3.IntegrityError as exc:
            if conn.execute("SELECT 1 FROM stock_ledger WHERE stock_type = ? AND serial = ?",
                            (stock_type, new)).fetchone():
                raise SerialTaken(stock_type, new) from exc
            raise
        payload = ({"certificate_id": certificate_id, "body": correction.wire} if issue
                   else correction.wire)
        first = outbox.op_id_of(conn, outbox.enqueue(conn, cipher, refused.op,
                                                     correction.new_uuid, payload))
        if certificate_id is not None and issue:
            # A reprint of the refused sheet voids the corrected one.
            conn.execute("UPDATE stock_ledger SET reprint_of = ? WHERE certificate_id = ? "
                         "AND reprint_of = ?", (new, certificate_id, old))
        for op_id, op, body in behind:
            rewritten = None
            if op == ISSUE_OP and body.get("body", {}).get("reprint_of") == old:
                rewritten = {**body, "body": {**body["body"], "reprint_of": new}}
            elif op == HANDOVER_OP and body.get("body", {}).get("serial") == old:
                rewritten = {**body, "body": {**body["body"], "serial": new}}
            outbox.queue_behind(conn, cipher, op_id, first, rewritten)

        def let_go(op: str, target: str) -> None:
            audit.append(conn, cipher, correction.clerk, "sync.let_go", target,
                         {"operation": op, "outbox_id": refused.outbox_id,
                          "corrected_by": first})

        outbox.discard_in(conn, refused.outbox_id, let_go)
        detail = {"stock_type": stock_type, "refused_serial": old, "serial": new,
                  "reason": correction.reason, "refused_outbox_id": refused.outbox_id,
                  "outbox_id": first, "queued_behind": [op_id for op_id, _, _ in behind],
                  "conflict": correction.conflict}
        if issue:
            audit.append(conn, cipher, correction.clerk, "certificate.serial_corrected",
                         str(certificate_id), detail)
        else:
            audit.append(conn, cipher, correction.clerk, "stock.serial_corrected",
                         f"stock:{new_key}", {**detail, "certificate_id": certificate_id})


class InFlight(Exception):
    """An operation of the certificate is being sent right now: try again after it."""


@dataclass(frozen=True)
class GiveUp:
    """This desk's issuance of a certificate another desk issued first (see give_up)."""

    certificate_id: str
    refused_outbox_id: int  # the issuance the server refused as `already_issued`
    reason: str
    at: dt.datetime
    clerk: str
    shift_id: str | None
    conflict: dict[str, Any]  # the server's SerialConflict: who issued it, where, when
    # The VoidRequest JSON for a sheet: (stock type, serial, void uuid) -> body.
    void_wire: Callable[[str, str, str], dict[str, Any]]


def give_up(conn: sqlite3.Connection, cipher: FieldCipher, give: GiveUp) -> list[LedgerEntry]:
    """Another desk issued the certificate first: what this desk printed of it must never
    be handed out. In one transaction:

    - every sheet of the certificate whose issuance the server has not taken is voided
      with the reason (a sheet a refused reprint replaced, voided here already, gets the
      void of its own the server never heard of), a `stock.void` queued for each;
    - the certificate's issuances and hand-overs not taken by the server are let go
      (refused ones as the sync panel lets go; pending ones with them), audited;
    - the certificate leaves the "issued here" list (`given_up_at`);
    - audited as `certificate.given_up` with the reason and the server's conflict.

    Returns the sheets voided. Raises NotRefused when the operation is not (any more) a
    refused issuance of the certificate; InFlight while one of its operations is being
    sent."""
    at = _utc(give.at)
    with db.write(conn):
        row = conn.execute(
            "SELECT 1 FROM outbox o JOIN stock_ledger l ON l.issuance_uuid = o.target "
            "WHERE o.id = ? AND o.op = ? AND o.state = 'rejected' AND o.discarded_at IS NULL "
            "AND l.certificate_id = ?",
            (give.refused_outbox_id, ISSUE_OP, give.certificate_id)).fetchone()
        if row is None:
            raise NotRefused(str(give.refused_outbox_id))
        ops = conn.execute(
            "SELECT o.id, o.op, o.target, o.state FROM outbox o "
            "LEFT JOIN stock_ledger l ON o.op = ? AND l.issuance_uuid = o.target "
            "LEFT JOIN certificate_handovers h ON o.op = ? AND h.handover_uuid = o.target "
            "WHERE o.op IN (?, ?) AND o.state != 'done' AND o.discarded_at IS NULL "
            "AND COALESCE(l.certificate_id, h.certificate_id) = ? ORDER BY o.id",
            (ISSUE_OP, HANDOVER_OP, ISSUE_OP, HANDOVER_OP, give.certificate_id)).fetchall()
        if any(r[3] == "in_flight" for r in ops):
            raise InFlight(give.certificate_id)
        sheets = conn.execute(
            "SELECT stock_type, serial, state FROM stock_ledger WHERE certificate_id = ? "
            "AND issuance_uuid IS NOT NULL AND issue_synced_at IS NULL AND void_uuid IS NULL "
            "ORDER BY used_at", (give.certificate_id,)).fetchall()
        voided: list[tuple[str, str]] = []
        for stock_type, serial, state in sheets:
            void_uuid = str(uuid.uuid4())
            sealed = cipher.seal_json(give.reason, f"stock_ledger.void:{stock_type}:{serial}")
            if state == "issued":
                conn.execute(
                    "UPDATE stock_ledger SET state = 'voided', voided_at = ?, voided_by = ?, "
                    "void_shift_id = ?, void_reason_enc = ?, void_uuid = ? "
                    "WHERE stock_type = ? AND serial = ?",
                    (at, give.clerk, give.shift_id, sealed, void_uuid, stock_type, serial))
            else:  # replaced by a reprint the server will not take either: keep its reason
                conn.execute("UPDATE stock_ledger SET void_uuid = ? WHERE stock_type = ? "
                             "AND serial = ?", (void_uuid, stock_type, serial))
            outbox.enqueue(conn, cipher, VOID_OP, void_uuid,
                           give.void_wire(str(stock_type), str(serial), void_uuid))
            voided.append((str(stock_type), str(serial)))

        def let_go(op: str, target: str) -> None:
            audit.append(conn, cipher, give.clerk, "sync.let_go", target,
                         {"operation": op, "outbox_id": give.refused_outbox_id,
                          "given_up": give.certificate_id})

        for op_id, op, target, state in ops:
            if state == "rejected":
                outbox.discard_in(conn, int(op_id), let_go)
            else:
                conn.execute(
                    "UPDATE outbox SET state = 'rejected', discarded_at = ?, "
                    "last_error_code = 'certificates.given_up', last_error_detail = NULL "
                    "WHERE id = ?", (dt.datetime.now(dt.UTC).isoformat(), op_id))
                let_go(str(op), str(target))
        conn.execute("UPDATE desk_certificates SET given_up_at = ? WHERE certificate_id = ?",
                     (at, give.certificate_id))
        audit.append(conn, cipher, give.clerk, "certificate.given_up", give.certificate_id,
                     {"reason": give.reason, "voided": [list(v) for v in voided],
                      "refused_outbox_id": give.refused_outbox_id,
                      "let_go": [int(r[0]) for r in ops], "conflict": give.conflict})
        return [e for e in (entry(conn, cipher, t, s) for t, s in voided) if e is not None]


def _queued_behind(conn: sqlite3.Connection, cipher: FieldCipher, refused_id: int,
                   certificate_id: str | None) -> list[tuple[int, str, dict[str, Any]]]:
    """The reprints and hand-overs of the certificate queued after its refused issuance
    that the server has not taken: waiting for it (409 in_progress), or refused because a
    reprint named the refused sheet (already_issued). (id, op, payload) in queue order."""
    if certificate_id is None:
        return []
    rows = conn.execute(
        "SELECT o.id, o.op, o.device_seq, o.payload_enc FROM outbox o "
        "LEFT JOIN stock_ledger l ON o.op = ? AND l.issuance_uuid = o.target "
        "LEFT JOIN certificate_handovers h ON o.op = ? AND h.handover_uuid = o.target "
        "WHERE o.id > ? AND o.op IN (?, ?) AND o.discarded_at IS NULL "
        "AND COALESCE(l.certificate_id, h.certificate_id) = ? "
        "AND (o.state IN ('pending', 'in_flight') OR (o.state = 'rejected' "
        "AND o.last_error_code = ?)) ORDER BY o.id",
        (ISSUE_OP, HANDOVER_OP, refused_id, ISSUE_OP, HANDOVER_OP, certificate_id,
         ErrorCode.ALREADY_ISSUED.value)).fetchall()
    return [(int(r[0]), str(r[1]), dict(cipher.open_json(r[3], f"outbox:{r[2]}")))
            for r in rows]
