"""The certificate desk (统一出证): the headless core its UI calls.

Certificates the back office approved come from the server's pending feed; the clerk
prints each on a sheet of pre-printed, serial-numbered stock (印制号), confirms the sheet
came out right, and hands the certificate over or posts it. Every sheet is accounted
for: issued, voided (spoiled, or replaced by a reprint) or still in stock.

Get one from `Workstation.certificate_desk()` (the clerk needs the `certificate_desk`
role). Every method runs on the caller's thread and may touch the database (and
`refresh` the network): the UI runs them as background operations. Errors the clerk
should see are KnownError subclasses whose `code` the UI translates.

Reading::

    refresh(cancel=None) -> RefreshReport              # pull the pending feed (network)
    pending(PendingFilter(...)) -> list[DeskCertificate]
    facets() -> Facets                                  # items and departments to filter by
    certificate(certificate_id) -> DeskCertificate
    issued(handed_over=False, text="") -> list[DeskCertificate]   # issued at this desk
    sheets(certificate_id) -> list[Sheet]               # every sheet used for it here
    reveal_id_number(certificate_id) -> str             # the full number; audited
    stock_types() -> list[StockType]

Issuing (print in between; nothing is recorded until the clerk confirms the sheet)::

    check_issue(cert, stock_type, serial) -> list[Problem]   # before printing
    record_issue(cert, stock_type, serial, printer) -> Sheet # after "it came out right"
    void(stock_type, serial, reason, certificate=None, printer="") -> Sheet  # spoiled
    check_reprint(cert, stock_type, serial) -> list[Problem]
    reprint(cert, stock_type, serial, printer, reason) -> Sheet  # voids the old sheet
    issuance_refused(cert) -> Sheet | None              # the server refuses its issuance
    hand_over(cert, HandoverDetails(...)) -> None
    receipt_pdf(cert, HandoverDetails(...)) -> bytes     # to sign on paper, before
    handover_receipt_pdf(cert) -> bytes                  # of a recorded hand-over
    next_serial(stock_type) -> str | None               # the lowest one left in the shift

Shifts::

    start_shift({stock_type: [SerialRange, ...]}) -> Shift
    current_shift() -> Shift | None
    handed_over_stock() -> dict[str, list[SerialRange]]  # what the last shift left
    counts() -> list[StockCount]                         # issued, voided, remaining
    end_shift() -> ShiftSummary
    summary(shift_id) -> ShiftSummary
    summary_pdf(summary) -> bytes                        # the hand-over summary

The server's refusals (a serial another desk used): `refusals() -> list[Refusal]`, and
`serial_conflict(code, detail)` reads the reason out of a sync-panel trouble. A serial
refused as used elsewhere was typed wrong: the sheet in hand has another one, which the
clerk reads off it::

    correct_serial(refusal_or_sheet, serial, reason) -> Sheet
Another desk issued the certificate first (`already_issued`): what was printed here is
voided and the certificate leaves this desk::
    give_up(refusal, reason) -> list[Sheet]
`Refusal.remedy` says which of the two applies.

The wrong serial is released (it was never this desk's sheet), the sheet takes the new
one, a new issuance (or void) is queued and the refused record let go, audited; a reprint
or hand-over queued behind the refused issuance goes right after the new one. While an
issuance of a certificate stands refused, its reprint (`certificate.refused`) and its
hand-over (IssuanceRefusedError) are refused at once instead of being queued to wait for
an issuance the server will never have. A serial the server said another desk used is
not this desk's stock: it is left out of the remaining counts and `next_serial`, and
refused when typed again (`serial.used_elsewhere`).

A certificate handed over (or posted) has left the desk: it is not reprinted here
(`certificate.handed_over`); a replacement (补证/换证) comes as a new case in the feed.

`check_issue` returns problems instead of raising: blocking ones (`Problem.blocking`)
stop the issue, warnings (a serial outside the shift's loaded ranges) are shown and
confirmed. `record_issue`, `void` and `reprint` check again and raise `BlockedError` with
the problems. Every state change is audited with the clerk, and queued for the server in
the same transaction (offline.certificates).

Stock types (format of the serials, per kind of pre-printed paper) are data: the `stock`
section of each template in resources/certificates/*.json (`load_stock_types`). Serials
are compared as the stock type records them: full-width input read as ASCII, upper-case.
A loaded range (`SerialRange`) is first–last of one prefix and digit width.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re
import threading
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from offline import audit, db, outbox, replica
from offline import certificates as ledger
from offline.certificates import LedgerEntry as Sheet
from offline.store import Store
from server.contract import (
    CERTIFICATE_DESK_ROLE,
    ClerkProfile,
    ErrorCode,
    HandoverMethod,
    HandoverRequest,
    IdentityCheck,
    IssuanceRequest,
    PendingCertificate,
    ReceiptKind,
    SerialConflict,
    VoidRequest,
)
from workstation.api.client import ApiClient
from workstation.api.errors import CursorExpiredError, MalformedResponseError, UnreachableError
from workstation.auth import Session
from workstation.errors import KnownError
from workstation.privacy import mask_document_number, mask_name

log = logging.getLogger("workstation.certificates")
# Who holds a certificate, as its fields name them; a person's certificate: the applicant.
HOLDER_FIELDS = ("名称", "权利人", "持证人", "姓名")

MAX_REBUILDS = 3
MAX_RANGE = 1_000_000  # sheets in one loaded range: more is a typing error

__all__ = [
    "BlockedError",
    "CertificateDesk",
    "CorrectionError",
    "DeskCertificate",
    "Facets",
    "HandoverDetails",
    "HandoverError",
    "IssuanceRefusedError",
    "NotDeskClerkError",
    "PendingFilter",
    "Problem",
    "ProblemCode",
    "RangeError",
    "RefreshReport",
    "Refusal",
    "SerialRange",
    "Sheet",
    "Shift",
    "ShiftError",
    "ShiftSummary",
    "StockCount",
    "StockType",
    "StockTypeError",
    "holder_of",
    "load_stock_types",
    "serial_conflict",
]


# -- errors ---------------------------------------------------------------------------------

class NotDeskClerkError(KnownError):
    """The clerk logged in does not have the certificate-desk role."""

    code = "certificates.not_desk_clerk"


class CertificateUnknownError(KnownError):
    code = "certificates.unknown"


class ReasonRequiredError(KnownError):
    """A void or a reprint needs a reason."""

    code = "certificates.reason_required"


class NotIssuedError(KnownError):
    """A reprint or hand-over of a certificate not issued at this desk."""

    code = "certificates.not_issued"


class IssuanceRefusedError(KnownError):
    """A hand-over of a certificate whose issuance the server refused (a serial used
    elsewhere: correct it first, see CertificateDesk.correct_serial); `sheet` is the
    sheet whose record was refused."""

    code = "certificates.issuance_refused"

    def __init__(self, sheet: Sheet | None, detail: str = "") -> None:
        super().__init__(detail or self.code)
        self.sheet = sheet


class CorrectionError(KnownError):
    """A serial correction that cannot be made; `code`:
    `certificates.correction.not_refused` (not a refused issuance or void of a sheet, or
    corrected already), `.not_serial_used` (refused for another reason than a serial used
    elsewhere: another serial would not help)."""

    code = "certificates.correction"

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


class HandoverError(KnownError):
    """A hand-over that cannot be recorded as given; `code` says why."""

    code = "certificates.handover"

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code  # certificates.handover.{tracking_number,receipt,recipient,done}


class ShiftError(KnownError):
    """`code`: certificates.shift.open (another shift is open), .none (none is open)."""

    code = "certificates.shift"

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


class RangeError(KnownError):
    """A loaded serial range that cannot be: `code` certificates.range.{format,order,
    prefix,size,overlap}; `range_text` is the range as entered."""

    code = "certificates.range"

    def __init__(self, code: str, range_text: str) -> None:
        super().__init__(f"{code}: {range_text}")
        self.code = code
        self.range_text = range_text


class StockTypeError(KnownError):
    """The stock types in resources/certificates/ cannot be read."""

    code = "certificates.stock_types"


class ProblemCode(StrEnum):
    STOCK_TYPE_UNKNOWN = "stock_type.unknown"
    STOCK_TYPE_TEMPLATE = "stock_type.template"  # this paper is not for this certificate
    SERIAL_FORMAT = "serial.format"  # see Problem.example
    SERIAL_ISSUED = "serial.issued"  # see Problem.sheet
    SERIAL_VOIDED = "serial.voided"  # see Problem.sheet
    SERIAL_OUTSIDE_SHIFT = "serial.outside_shift"  # a warning: not in the loaded ranges
    # The server said another desk used it (a serial corrected here): see Problem.serial.
    SERIAL_USED_ELSEWHERE = "serial.used_elsewhere"
    CERTIFICATE_ISSUED = "certificate.issued"  # see Problem.sheet; reprint instead
    CERTIFICATE_NOT_ISSUED = "certificate.not_issued"  # a reprint of nothing
    # The server refused its issuance (see Problem.sheet): correct the serial first.
    CERTIFICATE_REFUSED = "certificate.refused"
    # Handed over or posted (see Problem.sheet): it left the desk; no reprint here.
    CERTIFICATE_HANDED_OVER = "certificate.handed_over"
    SHIFT_NONE = "shift.none"
    SHIFT_OTHER_CLERK = "shift.other_clerk"


WARNINGS = frozenset({ProblemCode.SERIAL_OUTSIDE_SHIFT})


@dataclass(frozen=True)
class Problem:
    code: ProblemCode
    example: str = ""  # SERIAL_FORMAT: a serial in the expected format
    # SERIAL_ISSUED/VOIDED, CERTIFICATE_ISSUED/HANDED_OVER: the sheet; CERTIFICATE_REFUSED:
    # the sheet whose issuance the server refused.
    sheet: Sheet | None = None
    serial: str = ""  # SERIAL_USED_ELSEWHERE: the serial

    @property
    def blocking(self) -> bool:
        return self.code not in WARNINGS


class BlockedError(KnownError):
    """The sheet cannot be recorded: `problems` (all blocking ones first) say why."""

    code = "certificates.blocked"

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(", ".join(p.code.value for p in problems))
        self.problems = list(problems)


# -- stock types and serials ------------------------------------------------------------------

@dataclass(frozen=True)
class StockType:
    """A kind of pre-printed paper and the format of its serials."""

    code: str
    name: str
    pattern: str  # a regular expression the whole serial matches
    example: str  # a serial in that format, shown when one is typed wrong
    templates: tuple[str, ...] = ()  # certificate templates printed on it; () any

    def __post_init__(self) -> None:
        try:
            re.compile(self.pattern)
        except re.error as exc:
            raise StockTypeError(f"{self.code}: bad pattern {self.pattern!r}: {exc}") from exc
        if not self.matches(self.example):
            raise StockTypeError(f"{self.code}: example {self.example!r} does not match")

    def matches(self, serial: str) -> bool:
        return re.fullmatch(self.pattern, serial) is not None

    def normalise(self, serial: str) -> str:
        """The serial as recorded: full-width characters read as ASCII, blanks around it
        dropped; upper-case unless the pattern wants it as typed."""
        typed = unicodedata.normalize("NFKC", serial).strip()
        return typed if self.matches(typed) else typed.upper()


def normalise_serial(serial: str) -> str:
    """As typed or scanned: full-width characters (a Chinese input method) read as ASCII,
    surrounding blanks dropped, letters upper-case."""
    return unicodedata.normalize("NFKC", serial).strip().upper()


def load_stock_types(folder: Path | None = None) -> dict[str, StockType]:
    """The stock types of the certificate templates in `folder` (default
    resources/certificates/, read by printing.certificates.load_templates: a file with a
    mistake is left out there, and so is its stock type here), each with the templates
    printed on it. StockTypeError when two templates define one stock type differently."""
    from printing.certificates import load_templates

    found: dict[str, StockType] = {}
    loaded = load_templates(folder)
    for template in sorted(loaded.templates.values(), key=lambda t: t.id):
        stock = template.stock
        known = found.get(stock.id)
        if known is not None and (known.pattern, known.example) != (stock.serial_pattern,
                                                                    stock.serial_example):
            raise StockTypeError(f"stock type {stock.id} is defined differently by the "
                                 f"templates {', '.join(known.templates)} and {template.id}")
        found[stock.id] = StockType(
            code=stock.id, name=stock.name, pattern=stock.serial_pattern,
            example=stock.serial_example,
            templates=(*(known.templates if known else ()), template.id))
    return found


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def _split(serial: str) -> tuple[str, int, int] | None:
    """(prefix, number, digits) of a serial that ends in digits."""
    match = _NUMBERED.match(serial)
    if match is None:
        return None
    return match.group(1), int(match.group(2)), len(match.group(2))


@dataclass(frozen=True, order=True)
class SerialRange:
    """Serials first–last, inclusive: the same prefix, numbers of the same width
    (A0000000001–A0000000050). RangeError when that is not so."""

    first: str
    last: str

    def __post_init__(self) -> None:
        text = f"{self.first}–{self.last}"
        a, b = _split(self.first), _split(self.last)
        if a is None or b is None:
            raise RangeError("certificates.range.format", text)
        if a[0] != b[0] or a[2] != b[2]:
            raise RangeError("certificates.range.prefix", text)
        if a[1] > b[1]:
            raise RangeError("certificates.range.order", text)
        if b[1] - a[1] + 1 > MAX_RANGE:
            raise RangeError("certificates.range.size", text)

    @classmethod
    def of(cls, first: str, last: str) -> SerialRange:
        return cls(normalise_serial(first), normalise_serial(last))

    @property
    def _parts(self) -> tuple[str, int, int, int]:
        a, b = _split(self.first), _split(self.last)
        assert a is not None and b is not None
        return a[0], a[1], b[1], a[2]

    @property
    def count(self) -> int:
        _, low, high, _ = self._parts
        return high - low + 1

    def __contains__(self, serial: object) -> bool:
        if not isinstance(serial, str):
            return False
        parts = _split(serial)
        prefix, low, high, width = self._parts
        return parts is not None and parts[0] == prefix and parts[2] == width \
            and low <= parts[1] <= high

    def serial(self, number: int) -> str:
        prefix, _, _, width = self._parts
        return f"{prefix}{number:0{width}d}"

    def without(self, used: Iterable[str]) -> list[SerialRange]:
        """The parts of this range not in `used`."""
        _, low, high, _ = self._parts
        taken = sorted({p[1] for s in used if s in self
                        for p in [_split(s)] if p is not None})
        left: list[SerialRange] = []
        start = low
        for number in taken:
            if number > start:
                left.append(SerialRange(self.serial(start), self.serial(number - 1)))
            start = number + 1
        if start <= high:
            left.append(SerialRange(self.serial(start), self.serial(high)))
        return left

    def overlaps(self, other: SerialRange) -> bool:
        a, b = self._parts, other._parts
        return a[0] == b[0] and a[3] == b[3] and a[1] <= b[2] and b[1] <= a[2]

    def __str__(self) -> str:
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


# -- what the desk shows ------------------------------------------------------------------------

@dataclass(frozen=True)
class DeskCertificate:
    """A certificate at the desk: pending, or issued here (as it was printed)."""

    certificate: PendingCertificate  # everything, the applicant's data included
    issued: bool
    handed_over_at: dt.datetime | None = None

    @property
    def certificate_id(self) -> uuid.UUID:
        return self.certificate.certificate_id

    @property
    def applicant_masked(self) -> str:
        return mask_name(self.certificate.applicant.name)

    @property
    def id_number_masked(self) -> str:
        return mask_document_number(self.certificate.applicant.id_number)


@dataclass(frozen=True)
class PendingFilter:
    item_code: str | None = None
    department: str | None = None
    approved_from: dt.date | None = None  # days on the desk's clock, both inclusive
    approved_to: dt.date | None = None
    # A part of the case number or of the applicant's name, or the whole ID number.
    text: str = ""


@dataclass(frozen=True)
class Facets:
    items: list[tuple[str, str, int]]  # (item code, item name, certificates)
    departments: list[tuple[str, int]]


@dataclass(frozen=True)
class RefreshReport:
    pulled: int = 0
    removed: int = 0
    rebuilt: bool = False
    cancelled: bool = False


@dataclass(frozen=True)
class HandoverDetails:
    method: HandoverMethod
    recipient_name: str
    # In person: how the recipient's identity was checked (None: not checked), and their
    # document number (required when read on the card reader).
    identity: IdentityCheck | None = None
    recipient_id_number: str | None = None
    tracking_number: str | None = None  # by post: required
    receipt: ReceiptKind | None = None  # in person: required
    signature_png: bytes | None = None  # receipt=signature: from the customer screen

    @property
    def identity_checked(self) -> bool:
        return self.identity is not None


@dataclass(frozen=True)
class Shift:
    id: str
    clerk: str
    clerk_name: str
    window: str
    started_at: dt.datetime
    ended_at: dt.datetime | None
    stock: Mapping[str, tuple[SerialRange, ...]]  # loaded, per stock type


@dataclass(frozen=True)
class StockCount:
    stock_type: StockType
    loaded: int
    issued: int  # sheets issued in this shift (and not voided in it)
    voided: int  # sheets voided in this shift (spoiled, or replaced by a reprint)
    remaining: int
    remaining_ranges: tuple[SerialRange, ...]
    # Loaded serials the server said another desk used (typed wrong here, corrected): not
    # this desk's sheets, so neither issued, voided nor remaining.
    used_elsewhere: tuple[str, ...] = ()


@dataclass(frozen=True)
class ShiftSummary:
    shift: Shift
    counts: list[StockCount]
    issued: list[Sheet]
    voided: list[Sheet]
    handovers: int
    made_at: dt.datetime


@dataclass(frozen=True)
class Refusal:
    """A desk record the server refused; `conflict`: how another desk used the serial
    (or issued the certificate), when the server said so."""

    outbox_id: int
    op: str
    error_code: str
    stock_type: str | None
    serial: str | None
    certificate_id: str | None
    conflict: SerialConflict | None

    @property
    def remedy(self) -> str | None:
        """What the desk does about it: "correct_serial" (the serial was typed wrong),
        "give_up" (another desk issued the certificate first), None (the sync panel)."""
        if self.conflict is None or self.serial is None:
            return None
        if self.conflict.code is ErrorCode.SERIAL_USED and self.op in (
                ledger.ISSUE_OP, ledger.VOID_OP):
            return "correct_serial"
        if self.conflict.code is ErrorCode.ALREADY_ISSUED and self.op == ledger.ISSUE_OP:
            return "give_up"
        return None


def serial_conflict(error_code: str, error_detail: str) -> SerialConflict | None:
    """The server's reason for refusing a serial, from a refused record's error code and
    detail (outbox.Trouble.error_code / error_detail); None for other refusals."""
    if error_code not in (ErrorCode.SERIAL_USED, ErrorCode.ALREADY_ISSUED):
        return None
    try:
        return SerialConflict.model_validate({**json.loads(error_detail), "message": ""})
    except (ValueError, TypeError, ValidationError):
        return None


def holder_of(body: PendingCertificate) -> str:
    """Who holds the certificate, as its fields name them (a company, a person); the
    applicant when no field does."""
    return next((body.fields[k] for k in HOLDER_FIELDS if body.fields.get(k)),
                body.applicant.name)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# -- the desk -----------------------------------------------------------------------------------

@dataclass
class CertificateDesk:
    """The certificate desk of one workstation (see the module docstring)."""

    store: Store
    api: ApiClient | None
    session: Callable[[], Session]  # the clerk logged in (raises NotLoggedInError)
    types: Mapping[str, StockType]
    sandbox: bool = False
    clock: Callable[[], dt.datetime] = field(default=_now)

    _template_names: dict[str, str] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._clerk()

    def _clerk(self) -> Session:
        session = self.session()
        if CERTIFICATE_DESK_ROLE not in session.profile.roles:
            raise NotDeskClerkError(session.username)
        return session

    # -- the pending feed ---------------------------------------------------------------------

    def refresh(self, cancel: threading.Event | None = None,
                page_size: int = 200) -> RefreshReport:
        """Pull the pending certificates from the server, page by page, each page with its
        cursor in one transaction; 410 Gone rebuilds into a shadow table swapped in at the
        end. Raises UnreachableError and the other ApiErrors (what was pulled stays)."""
        self._clerk()
        if self.api is None:
            raise UnreachableError("no server configured")
        conn, cipher, feed = self.store.conn, self.store.cipher, ledger.FEED
        state = replica.feed_state(conn, feed)
        shadow = state.rebuilding
        cursor = (state.shadow_cursor or None) if shadow else state.cursor
        pulled = removed = rebuilds = 0
        while True:
            if cancel is not None and cancel.is_set():
                return RefreshReport(pulled, removed, rebuilds > 0, cancelled=True)
            try:
                page = self.api.pending_certificates(cursor, page_size)
            except CursorExpiredError:
                rebuilds += 1
                if rebuilds > MAX_REBUILDS:
                    raise
                log.info("pending certificates: cursor expired; rebuilding")
                replica.start_rebuild(conn, feed)
                shadow, cursor = True, None
                continue
            if page.has_more and page.cursor == cursor:
                raise MalformedResponseError("certificates: has_more without advancing")
            rows = [ledger.pending_row(cipher, c.model_dump(mode="json"))
                    for c in page.certificates]
            replica.apply_page(conn, feed, rows, page.removed, page.cursor, shadow=shadow)
            pulled += len(rows)
            removed += len(page.removed)
            cursor = page.cursor
            if not page.has_more:
                break
        if shadow:
            replica.finish_rebuild(conn, feed)
        return RefreshReport(pulled, removed, rebuilds > 0)

    # -- reading ------------------------------------------------------------------------------

    @staticmethod
    def _view(row: ledger.CertificateRow) -> DeskCertificate:
        return DeskCertificate(PendingCertificate.model_validate(row.body), row.issued,
                               row.handed_over_at)

    def pending(self, filters: PendingFilter | None = None) -> list[DeskCertificate]:
        """Certificates waiting to be issued (not issued here yet), oldest approval first."""
        self._clerk()
        f = filters or PendingFilter()
        since = (dt.datetime.combine(f.approved_from, dt.time()).astimezone()
                 if f.approved_from else None)
        until = (dt.datetime.combine(f.approved_to + dt.timedelta(days=1), dt.time())
                 .astimezone() if f.approved_to else None)
        rows = ledger.pending(self.store.conn, self.store.cipher, item_code=f.item_code,
                              department=f.department, approved_from=since,
                              approved_until=until, text=f.text)
        return [self._view(r) for r in rows]

    def facets(self) -> Facets:
        self._clerk()
        items, departments = ledger.pending_facets(self.store.conn)
        return Facets(items, departments)

    def certificate(self, certificate_id: uuid.UUID | str) -> DeskCertificate:
        self._clerk()
        row = ledger.certificate(self.store.conn, self.store.cipher, str(certificate_id))
        if row is None:
            raise CertificateUnknownError(str(certificate_id))
        return self._view(row)

    def issued(self, *, handed_over: bool | None = False, text: str = "",
               ) -> list[DeskCertificate]:
        """Certificates issued at this desk, newest first: by default those still waiting
        to be handed over; `text` as PendingFilter.text."""
        self._clerk()
        return [self._view(r) for r in ledger.issued_here(
            self.store.conn, self.store.cipher, handed_over=handed_over, text=text)]

    def sheets(self, certificate_id: uuid.UUID | str) -> list[Sheet]:
        self._clerk()
        return ledger.sheets_of(self.store.conn, self.store.cipher, str(certificate_id))

    def reveal_id_number(self, certificate_id: uuid.UUID | str) -> str:
        """The applicant's whole ID number, for the screen: audited."""
        clerk = self._clerk().username
        cert = self.certificate(certificate_id)
        with db.write(self.store.conn):
            audit.append(self.store.conn, self.store.cipher, clerk, "identity.revealed",
                         str(certificate_id), {"party": "certificate_applicant"})
        return cert.certificate.applicant.id_number

    def stock_types(self) -> list[StockType]:
        return sorted(self.types.values(), key=lambda t: t.code)

    # -- checks -------------------------------------------------------------------------------

    def _serial(self, stock_type: str, serial: str) -> str:
        stock = self.types.get(stock_type)
        return normalise_serial(serial) if stock is None else stock.normalise(serial)

    def _serial_problems(self, stock_type: str, serial: str) -> list[Problem]:
        stock = self.types.get(stock_type)
        if stock is None:
            return [Problem(ProblemCode.STOCK_TYPE_UNKNOWN)]
        if not stock.matches(serial):
            return [Problem(ProblemCode.SERIAL_FORMAT, example=stock.example)]
        used = ledger.entry(self.store.conn, self.store.cipher, stock_type, serial)
        if used is not None:
            code = (ProblemCode.SERIAL_ISSUED if used.state == "issued"
                    else ProblemCode.SERIAL_VOIDED)
            return [Problem(code, sheet=used)]
        if serial in self._used_elsewhere().get(stock_type, set()):
            return [Problem(ProblemCode.SERIAL_USED_ELSEWHERE, serial=serial)]
        return []

    def _used_elsewhere(self) -> dict[str, set[str]]:
        return ledger.used_elsewhere(self.store.conn, self.store.cipher)

    def _shift_problems(self, clerk: str, stock_type: str, serial: str,
                        ranges: bool) -> list[Problem]:
        """No shift, another clerk's; with `ranges`, a serial outside its loaded ranges."""
        shift = self.current_shift()
        if shift is None:
            return [Problem(ProblemCode.SHIFT_NONE)]
        if shift.clerk != clerk:
            return [Problem(ProblemCode.SHIFT_OTHER_CLERK)]
        if ranges and not any(serial in r for r in shift.stock.get(stock_type, ())):
            return [Problem(ProblemCode.SERIAL_OUTSIDE_SHIFT)]
        return []

    def _check(self, cert: DeskCertificate, stock_type: str, serial: str,
               reprint: bool) -> list[Problem]:
        clerk = self._clerk().username
        problems = self._serial_problems(stock_type, serial)
        stock = self.types.get(stock_type)
        template = cert.certificate.template.value
        if stock is not None and stock.templates and template not in stock.templates:
            problems.append(Problem(ProblemCode.STOCK_TYPE_TEMPLATE))
        issued_on = ledger.issued_sheet(self.store.conn, self.store.cipher,
                                        str(cert.certificate_id))
        if reprint and issued_on is None:
            problems.append(Problem(ProblemCode.CERTIFICATE_NOT_ISSUED))
        if reprint and issued_on is not None:
            # While the server refuses its issuance, that is what to put right first.
            refused = self._refused_sheet(str(cert.certificate_id))
            if refused is not None:
                problems.append(Problem(ProblemCode.CERTIFICATE_REFUSED, sheet=refused))
            elif cert.handed_over_at is not None:
                problems.append(Problem(ProblemCode.CERTIFICATE_HANDED_OVER, sheet=issued_on))
        if not reprint and issued_on is not None:
            problems.append(Problem(ProblemCode.CERTIFICATE_ISSUED, sheet=issued_on))
        # Where the serial lies says nothing more once it is wrong or used.
        problems += self._shift_problems(clerk, stock_type, serial, ranges=not problems)
        return sorted(problems, key=lambda p: not p.blocking)

    def _refused_sheet(self, certificate_id: str) -> Sheet | None:
        """The sheet of the certificate whose issuance the server refused, if any."""
        refused = ledger.refused_issuance(self.store.conn, certificate_id)
        if refused is None or refused.stock_type is None or refused.serial is None:
            return None
        return ledger.entry(self.store.conn, self.store.cipher, refused.stock_type,
                            refused.serial)

    def issuance_refused(self, certificate: DeskCertificate | uuid.UUID | str
                         ) -> Sheet | None:
        """The sheet of the certificate whose issuance the server refuses (a serial used
        elsewhere: correct_serial; or issued elsewhere first: give_up), None when it does
        not: while it does, the certificate is neither reprinted nor handed over."""
        self._clerk()
        key = (certificate.certificate_id if isinstance(certificate, DeskCertificate)
               else certificate)
        return self._refused_sheet(str(key))

    def _fresh(self, certificate: DeskCertificate | uuid.UUID | str) -> DeskCertificate:
        key = (certificate.certificate_id if isinstance(certificate, DeskCertificate)
               else certificate)
        return self.certificate(key)

    def check_issue(self, certificate: DeskCertificate | uuid.UUID | str, stock_type: str,
                    serial: str) -> list[Problem]:
        """What speaks against printing the certificate on this sheet, blocking problems
        first; an empty list: go ahead. Call before printing."""
        return self._check(self._fresh(certificate), stock_type,
                           self._serial(stock_type, serial), reprint=False)

    def check_reprint(self, certificate: DeskCertificate | uuid.UUID | str, stock_type: str,
                      serial: str) -> list[Problem]:
        """As check_issue, for printing an issued certificate again on another sheet: not
        one handed over (`certificate.handed_over`: it left the desk), nor one whose
        issuance the server refuses (`certificate.refused`)."""
        return self._check(self._fresh(certificate), stock_type,
                           self._serial(stock_type, serial), reprint=True)

    # -- recording ------------------------------------------------------------------------------

    def _shift_id(self) -> str | None:
        shift = ledger.open_shift(self.store.conn, self.store.cipher)
        return None if shift is None else shift.id

    def record_issue(self, certificate: DeskCertificate | uuid.UUID | str, stock_type: str,
                     serial: str, printer: str, *,
                     printed_at: dt.datetime | None = None) -> Sheet:
        """The clerk confirmed the certificate came out right on this sheet: record the
        issuance (ledger, certificate as printed, outbox, audit) in one transaction.
        BlockedError when a blocking problem stands (check_issue's)."""
        return self._issue(self._fresh(certificate), stock_type,
                           self._serial(stock_type, serial), printer, printed_at,
                           reprint_reason=None)

    def reprint(self, certificate: DeskCertificate | uuid.UUID | str, stock_type: str,
                serial: str, printer: str, reason: str, *,
                printed_at: dt.datetime | None = None) -> Sheet:
        """The certificate was printed again on another sheet, which came out right: the
        sheet it was issued on is voided with the reason, the new one issued; audited.
        ReasonRequiredError without a reason; BlockedError as check_reprint's (a
        certificate handed over is never reprinted here)."""
        if not reason.strip():
            raise ReasonRequiredError("reprint")
        return self._issue(self._fresh(certificate), stock_type,
                           self._serial(stock_type, serial), printer, printed_at,
                           reprint_reason=reason.strip())

    def _issue(self, cert: DeskCertificate, stock_type: str, serial: str, printer: str,
               printed_at: dt.datetime | None, reprint_reason: str | None) -> Sheet:
        clerk = self._clerk().username
        reprint = reprint_reason is not None
        problems = self._check(cert, stock_type, serial, reprint=reprint)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            raise BlockedError(problems)
        old = ledger.issued_sheet(self.store.conn, self.store.cipher, str(cert.certificate_id))
        at = printed_at or self.clock()
        issuance = uuid.uuid4()
        wire = IssuanceRequest(
            issuance_uuid=issuance, serial=serial, stock_type=stock_type, printer=printer,
            printed_at=at, reprint_of=old.serial if reprint and old is not None else None,
            reason=reprint_reason or "").model_dump(mode="json")
        record = ledger.Issue(
            certificate=cert.certificate.model_dump(mode="json"), stock_type=stock_type,
            serial=serial, printer=printer, printed_at=at, issuance_uuid=str(issuance),
            clerk=clerk, shift_id=self._shift_id(), wire=wire,
            reprint_of=(old.stock_type, old.serial) if reprint and old is not None else None,
            reason=reprint_reason or "")
        try:
            ledger.record_issue(self.store.conn, self.store.cipher, record)
        except ledger.SerialTaken as exc:  # another window of this desk was quicker
            raise BlockedError(self._serial_problems(stock_type, serial)) from exc
        sheet = ledger.entry(self.store.conn, self.store.cipher, stock_type, serial)
        assert sheet is not None
        return sheet

    def void(self, stock_type: str, serial: str, reason: str, *,
             certificate: DeskCertificate | uuid.UUID | str | None = None,
             printer: str = "", at: dt.datetime | None = None) -> Sheet:
        """A spoiled sheet: recorded as voided with the reason (never usable again),
        queued for the server and audited. `certificate`: the one being printed when it
        spoiled. ReasonRequiredError; BlockedError when the serial is of the wrong format
        or used already."""
        clerk = self._clerk().username
        if not reason.strip():
            raise ReasonRequiredError("void")
        serial = self._serial(stock_type, serial)
        problems = self._serial_problems(stock_type, serial)
        if problems:
            raise BlockedError(problems)
        cert_id = None if certificate is None else str(self._fresh(certificate).certificate_id)
        when = at or self.clock()
        void_uuid = uuid.uuid4()
        wire = VoidRequest(void_uuid=void_uuid, serial=serial, stock_type=stock_type,
                           reason=reason.strip(), at=when,
                           certificate_id=None if cert_id is None else uuid.UUID(cert_id),
                           ).model_dump(mode="json")
        try:
            ledger.record_void(self.store.conn, self.store.cipher, ledger.Void(
                stock_type=stock_type, serial=serial, reason=reason.strip(), at=when,
                void_uuid=str(void_uuid), clerk=clerk, shift_id=self._shift_id(),
                certificate_id=cert_id, printer=printer, wire=wire))
        except ledger.SerialTaken as exc:
            raise BlockedError(self._serial_problems(stock_type, serial)) from exc
        sheet = ledger.entry(self.store.conn, self.store.cipher, stock_type, serial)
        assert sheet is not None
        return sheet

    def hand_over(self, certificate: DeskCertificate | uuid.UUID | str,
                  details: HandoverDetails, *, at: dt.datetime | None = None) -> None:
        """The issued certificate was handed to its applicant (or someone for them) or
        posted: recorded, queued for the server and audited; a signature from the
        customer screen is kept sealed with it. HandoverError:
        `certificates.handover.tracking_number` (posted without one), `.receipt` (in
        person without a receipt), `.signature` (signed on the screen, no signature),
        `.signature_unreadable`, `.identity` (read on the card reader, no document
        number), `.recipient` (no name), `.done` (handed over before); NotIssuedError
        when it was not issued at this desk; IssuanceRefusedError while the server refuses
        its issuance (correct_serial first)."""
        clerk = self._clerk().username
        cert = self._fresh(certificate)
        sheet = ledger.issued_sheet(self.store.conn, self.store.cipher,
                                    str(cert.certificate_id))
        if sheet is None:
            raise NotIssuedError(str(cert.certificate_id))
        refused = self._refused_sheet(str(cert.certificate_id))
        if refused is not None:
            raise IssuanceRefusedError(refused, str(cert.certificate_id))
        if cert.handed_over_at is not None:
            raise HandoverError("certificates.handover.done")
        details = self._checked_details(details)
        when = at or self.clock()
        handover_uuid = uuid.uuid4()
        wire = HandoverRequest(
            handover_uuid=handover_uuid, method=details.method,
            recipient_name=details.recipient_name, identity_checked=details.identity_checked,
            identity_check=details.identity, recipient_id_number=details.recipient_id_number,
            tracking_number=details.tracking_number, receipt=details.receipt,
            signature_png=(None if details.signature_png is None
                           else base64.b64encode(details.signature_png)),
            stock_type=sheet.stock_type, serial=sheet.serial, at=when).model_dump(mode="json")
        ledger.record_handover(self.store.conn, self.store.cipher, ledger.Handover(
            certificate_id=str(cert.certificate_id), handover_uuid=str(handover_uuid),
            method=details.method.value, identity_checked=details.identity_checked,
            receipt=None if details.receipt is None else details.receipt.value, at=when,
            clerk=clerk, shift_id=self._shift_id(),
            details={"recipient_name": details.recipient_name,
                     "recipient_id_number": details.recipient_id_number,
                     "identity": None if details.identity is None else details.identity.value,
                     "tracking_number": details.tracking_number},
            wire=wire, signature_png=details.signature_png))

    @staticmethod
    def _checked_details(details: HandoverDetails) -> HandoverDetails:
        """The details as recorded (trimmed; what does not belong to the method dropped),
        or HandoverError for what is missing."""
        name = details.recipient_name.strip()
        if not name:
            raise HandoverError("certificates.handover.recipient")
        if details.method is HandoverMethod.POST:
            tracking = (details.tracking_number or "").strip() or None
            if tracking is None:
                raise HandoverError("certificates.handover.tracking_number")
            return HandoverDetails(HandoverMethod.POST, name, tracking_number=tracking)
        if details.receipt is None:
            raise HandoverError("certificates.handover.receipt")
        id_number = (details.recipient_id_number or "").strip().upper() or None
        if details.identity is IdentityCheck.CARD_READER and id_number is None:
            raise HandoverError("certificates.handover.identity")
        signature = details.signature_png if details.receipt is ReceiptKind.SIGNATURE else None
        if details.receipt is ReceiptKind.SIGNATURE:
            if not signature:
                raise HandoverError("certificates.handover.signature")
            from printing.handover_receipt import check_signature

            try:
                check_signature(signature)
            except ValueError as exc:
                raise HandoverError("certificates.handover.signature_unreadable",
                                    str(exc)) from exc
        return HandoverDetails(HandoverMethod.IN_PERSON, name, identity=details.identity,
                               recipient_id_number=id_number, receipt=details.receipt,
                               signature_png=signature)

    def receipt_pdf(self, certificate: DeskCertificate | uuid.UUID | str,
                    details: HandoverDetails, *, at: dt.datetime | None = None) -> bytes:
        """The hand-over receipt before the hand-over is recorded: printed for the
        recipient to sign on paper (or kept as their copy). Same checks as hand_over,
        except that a paper receipt needs no signature yet."""
        cert = self._fresh(certificate)
        sheet = ledger.issued_sheet(self.store.conn, self.store.cipher,
                                    str(cert.certificate_id))
        if sheet is None:
            raise NotIssuedError(str(cert.certificate_id))
        return self._receipt(cert, sheet, self._checked_details(details), at or self.clock(),
                             self._clerk().profile)

    def handover_receipt_pdf(self, certificate: DeskCertificate | uuid.UUID | str) -> bytes:
        """The receipt of the recorded hand-over, printed again (with the signature kept
        from the customer screen). NotIssuedError / HandoverError(`.not_yet`)."""
        cert = self._fresh(certificate)
        cert_id = str(cert.certificate_id)
        sheet = ledger.issued_sheet(self.store.conn, self.store.cipher, cert_id)
        if sheet is None:
            raise NotIssuedError(cert_id)
        rows = ledger.handovers(self.store.conn, self.store.cipher, certificate_id=cert_id)
        if not rows:
            raise HandoverError("certificates.handover.not_yet")
        row = rows[-1]
        recorded = row.details
        identity = recorded.get("identity")
        details = HandoverDetails(
            HandoverMethod(row.method), str(recorded.get("recipient_name") or ""),
            identity=None if identity is None else IdentityCheck(identity),
            recipient_id_number=recorded.get("recipient_id_number"),
            tracking_number=recorded.get("tracking_number"),
            receipt=None if row.receipt is None else ReceiptKind(row.receipt),
            signature_png=ledger.signature(self.store.conn, self.store.cipher,
                                           row.handover_uuid))
        return self._receipt(cert, sheet, details, row.at, self._clerk().profile,
                             clerk=row.clerk)

    def _receipt(self, cert: DeskCertificate, sheet: Sheet, details: HandoverDetails,
                 at: dt.datetime, profile: ClerkProfile, *, clerk: str | None = None) -> bytes:
        from printing import handover_receipt
        from workstation.checklist import TRAINING_WATERMARK

        body = cert.certificate
        stock = self._stock_type_of(sheet.stock_type)
        holder = holder_of(body)
        clerk_name = profile.name if clerk in (None, profile.username) else str(clerk)
        document = handover_receipt.Receipt(
            certificate_name=self._certificate_name(body), holder=holder,
            case_number=body.case_number, stock_type=stock.name, serial=sheet.serial,
            department=body.department, clerk_name=clerk_name, window=profile.window,
            at=at.astimezone(), by_post=details.method is HandoverMethod.POST,
            recipient_name=details.recipient_name,
            recipient_id_masked=mask_document_number(details.recipient_id_number or ""),
            identity_checked="" if details.identity is None else details.identity.value,
            tracking_number=details.tracking_number or "",
            signature_png=details.signature_png)
        return handover_receipt.render(document,
                                       watermark=TRAINING_WATERMARK if self.sandbox else None)

    def _certificate_name(self, body: PendingCertificate) -> str:
        """The certificate's name as its template gives it (营业执照（正本）)."""
        if self._template_names is None:
            from printing.certificates import load_templates

            self._template_names = {t.id: t.name for t in load_templates().templates.values()}
        return self._template_names.get(body.template.value) or body.item_name

    # -- shifts -------------------------------------------------------------------------------

    def _shift_of(self, row: ledger.ShiftRow) -> Shift:
        stock: dict[str, list[SerialRange]] = {}
        for stock_type, first, last in row.ranges:
            stock.setdefault(stock_type, []).append(SerialRange(first, last))
        return Shift(row.id, row.clerk, str(row.clerk_info.get("name", "")),
                     str(row.clerk_info.get("window", "")), row.started_at, row.ended_at,
                     {k: tuple(sorted(v)) for k, v in stock.items()})

    def current_shift(self) -> Shift | None:
        row = ledger.open_shift(self.store.conn, self.store.cipher)
        return None if row is None else self._shift_of(row)

    def start_shift(self, stock: Mapping[str, Sequence[SerialRange]]) -> Shift:
        """Open the clerk's shift with the stock loaded for it (per stock type one or
        more ranges); audited. ShiftError `certificates.shift.open` when a shift is open;
        RangeError when a range does not fit its stock type's format
        (`certificates.range.format`) or two overlap (`.overlap`)."""
        session = self._clerk()
        loaded: list[tuple[str, str, str]] = []
        for stock_type, ranges in stock.items():
            kind = self.types.get(stock_type)
            if kind is None:
                raise StockTypeError(f"unknown stock type {stock_type}")
            for i, r in enumerate(ranges):
                if not (kind.matches(r.first) and kind.matches(r.last)):
                    raise RangeError("certificates.range.format", str(r))
                if any(r.overlaps(other) for other in ranges[i + 1:]):
                    raise RangeError("certificates.range.overlap", str(r))
                loaded.append((stock_type, r.first, r.last))
        shift_id = str(uuid.uuid4())
        info = {"name": session.profile.name, "window": session.profile.window}
        try:
            ledger.start_shift(self.store.conn, self.store.cipher, shift_id, session.username,
                               info, self.clock(), loaded)
        except ledger.ShiftOpen as exc:
            raise ShiftError("certificates.shift.open") from exc
        shift = self.current_shift()
        assert shift is not None
        return shift

    def handed_over_stock(self) -> dict[str, list[SerialRange]]:
        """What the last shift left (its remaining ranges): the next shift's stock, unless
        the stock keeper hands out other sheets. Empty when no shift was ever ended."""
        row = ledger.last_shift(self.store.conn, self.store.cipher)
        if row is None or row.ended_at is None:
            return {}
        return {c.stock_type.code: list(c.remaining_ranges)
                for c in self._counts(self._shift_of(row)) if c.remaining_ranges}

    def _stock_type_of(self, code: str) -> StockType:
        # A stock type the templates no longer have still shows in old shifts' counts.
        return self.types.get(code) or StockType(code, code, r".+", code)

    def _counts(self, shift: Shift) -> list[StockCount]:
        conn, cipher = self.store.conn, self.store.cipher
        issued = ledger.issued_in(conn, cipher, shift.id)
        voided = ledger.voided_in(conn, cipher, shift.id)
        codes = sorted({*shift.stock, *(s.stock_type for s in issued),
                        *(s.stock_type for s in voided)})
        counts = []
        elsewhere = self._used_elsewhere()
        for code in codes:
            # An ended shift's remainder is what it left: later shifts use those sheets.
            used = ledger.used_serials(conn, code, until=shift.ended_at)
            ranges = shift.stock.get(code, ())
            # Serials another desk used were never among this desk's sheets.
            others = sorted(s for s in elsewhere.get(code, set()) - used
                            if any(s in r for r in ranges))
            left = tuple(part for r in ranges for part in r.without(used | set(others)))
            counts.append(StockCount(
                stock_type=self._stock_type_of(code), loaded=sum(r.count for r in ranges),
                issued=sum(1 for s in issued if s.stock_type == code),
                voided=sum(1 for s in voided if s.stock_type == code),
                remaining=sum(r.count for r in left), remaining_ranges=left,
                used_elsewhere=tuple(others)))
        return counts

    def counts(self) -> list[StockCount]:
        """Per stock type of the open shift: loaded, issued, voided, remaining (and the
        remaining serial ranges). ShiftError `certificates.shift.none` without a shift."""
        self._clerk()
        shift = self.current_shift()
        if shift is None:
            raise ShiftError("certificates.shift.none")
        return self._counts(shift)

    def next_serial(self, stock_type: str) -> str | None:
        """The lowest serial of the stock type left in the open shift's ranges (one the
        server said another desk used is not left)."""
        shift = self.current_shift()
        if shift is None:
            return None
        used = ledger.used_serials(self.store.conn, stock_type) | self._used_elsewhere().get(
            stock_type, set())
        for r in shift.stock.get(stock_type, ()):
            left = r.without(used)
            if left:
                return left[0].first
        return None

    def _summary(self, shift: Shift) -> ShiftSummary:
        conn, cipher = self.store.conn, self.store.cipher
        return ShiftSummary(shift, self._counts(shift), ledger.issued_in(conn, cipher, shift.id),
                            ledger.voided_in(conn, cipher, shift.id),
                            len(ledger.handovers(conn, cipher, shift_id=shift.id)), self.clock())

    def end_shift(self) -> ShiftSummary:
        """Close the open shift (the clerk's, or a colleague's being handed over) and
        return its summary; the end and the counts are audited. ShiftError
        `certificates.shift.none` when none is open."""
        clerk = self._clerk().username
        shift = self.current_shift()
        if shift is None:
            raise ShiftError("certificates.shift.none")
        summary = self._summary(shift)
        ledger.end_shift(self.store.conn, self.store.cipher, shift.id, clerk, self.clock(), {
            c.stock_type.code: {"loaded": c.loaded, "issued": c.issued, "voided": c.voided,
                                "remaining": c.remaining,
                                "remaining_ranges": [str(r) for r in c.remaining_ranges],
                                "used_elsewhere": list(c.used_elsewhere)}
            for c in summary.counts})
        return self.summary(shift.id)

    def summary(self, shift_id: str) -> ShiftSummary:
        row = ledger.shift(self.store.conn, self.store.cipher, shift_id)
        if row is None:
            raise ShiftError("certificates.shift.unknown", shift_id)
        return self._summary(self._shift_of(row))

    def summary_pdf(self, summary: ShiftSummary) -> bytes:
        """The shift hand-over summary (交接班汇总) as PDF."""
        from printing import shift_summary
        from workstation.checklist import TRAINING_WATERMARK

        def line(sheet: Sheet) -> shift_summary.SheetLine:
            stock = self._stock_type_of(sheet.stock_type)
            return shift_summary.SheetLine(
                stock_type=stock.name, serial=sheet.serial,
                case_number=sheet.case_number or "",
                at=(sheet.voided_at if sheet.state == "voided" and sheet.voided_at
                    else sheet.used_at).astimezone(),
                reason=sheet.void_reason or sheet.issue_reason,
                reprint_of=sheet.reprint_of or "")

        shift = summary.shift
        document = shift_summary.Summary(
            clerk_name=shift.clerk_name or shift.clerk, window=shift.window,
            started_at=shift.started_at.astimezone(),
            ended_at=None if shift.ended_at is None else shift.ended_at.astimezone(),
            stock=[shift_summary.StockLine(
                stock_type=c.stock_type.name, loaded=c.loaded, issued=c.issued,
                voided=c.voided, remaining=c.remaining,
                loaded_ranges=[str(r) for r in shift.stock.get(c.stock_type.code, ())],
                remaining_ranges=[str(r) for r in c.remaining_ranges],
                used_elsewhere=list(c.used_elsewhere))
                for c in summary.counts],
            issued=[line(s) for s in summary.issued],
            voided=[line(s) for s in summary.voided],
            handovers=summary.handovers, made_at=summary.made_at.astimezone())
        return shift_summary.render(document,
                                    watermark=TRAINING_WATERMARK if self.sandbox else None)

    # -- the server's refusals ------------------------------------------------------------------

    def refusals(self) -> list[Refusal]:
        """Desk records the server refused (not let go), oldest first, with the reason
        another desk's use of the serial gives."""
        return [Refusal(r.outbox_id, r.op, r.error_code, r.stock_type, r.serial,
                        r.certificate_id, serial_conflict(r.error_code, r.error_detail))
                for r in ledger.refusals(self.store.conn)]

    def give_up(self, refused: Refusal, reason: str, *,
                at: dt.datetime | None = None) -> list[Sheet]:
        """The server refused this desk's issuance because another desk issued the
        certificate first (`already_issued`): the sheet printed here must never be handed
        out. Every sheet of the certificate the server has not taken is voided with the
        reason (queued), its issuances and hand-overs not taken are let go, and it leaves
        the "issued here" list; audited (offline.certificates.give_up). Returns the sheets
        voided.

        ReasonRequiredError without a reason; CorrectionError
        `certificates.correction.not_refused` (nothing refused, or resolved already),
        `.not_already_issued` (refused for another reason), `.busy` (one of its records
        is being sent right now: try again)."""
        clerk = self._clerk().username
        if not reason.strip():
            raise ReasonRequiredError("give_up")
        conn, cipher = self.store.conn, self.store.cipher
        found = ledger.refusal(conn, refused.outbox_id)
        if found is None or found.let_go or found.op != ledger.ISSUE_OP \
                or found.certificate_id is None:
            raise CorrectionError("certificates.correction.not_refused")
        conflict = serial_conflict(found.error_code, found.error_detail)
        if conflict is None or conflict.code is not ErrorCode.ALREADY_ISSUED:
            raise CorrectionError("certificates.correction.not_already_issued")
        when = at or self.clock()
        certificate_id = found.certificate_id

        def void_wire(stock_type: str, serial: str, void_uuid: str) -> dict[str, Any]:
            return VoidRequest(void_uuid=uuid.UUID(void_uuid), serial=serial,
                               stock_type=stock_type, reason=reason.strip(), at=when,
                               certificate_id=uuid.UUID(certificate_id)
                               ).model_dump(mode="json")

        try:
            return ledger.give_up(conn, cipher, ledger.GiveUp(
                certificate_id=certificate_id, refused_outbox_id=found.outbox_id,
                reason=reason.strip(), at=when, clerk=clerk, shift_id=self._shift_id(),
                conflict=conflict.model_dump(mode="json", exclude={"message"}),
                void_wire=void_wire))
        except ledger.NotRefused as exc:  # sent again, or given up in another window
            raise CorrectionError("certificates.correction.not_refused") from exc
        except ledger.InFlight as exc:
            raise CorrectionError("certificates.correction.busy") from exc

    def correct_serial(self, refused: Refusal | Sheet, serial: str, reason: str) -> Sheet:
        """The server refused a sheet's issuance (or void) because its serial was used
        elsewhere: the clerk typed it wrong, and reads the true one off the sheet. `refused`
        is the refusal (refusals()) or the sheet. In one transaction: the sheet takes the
        new serial and the wrong one is released (it was never this desk's: no void); a
        new issuance (void) is queued with a new uuid, key and sequence; a reprint or
        hand-over queued behind the refused issuance goes right after the new one (a
        reprint of the refused sheet now naming the corrected serial); the refused record
        is let go; all audited with the reason. Returns the sheet as corrected.

        ReasonRequiredError without a reason; CorrectionError
        `certificates.correction.not_refused` (nothing refused to correct, or corrected
        already), `.not_serial_used` (refused for another reason); BlockedError when the
        new serial is of the wrong format or used here already (as for an issue)."""
        clerk = self._clerk().username
        if not reason.strip():
            raise ReasonRequiredError("correction")
        conn, cipher = self.store.conn, self.store.cipher
        found = (ledger.refusal(conn, refused.outbox_id) if isinstance(refused, Refusal)
                 else ledger.refusal_of_sheet(conn, refused.stock_type, refused.serial))
        if found is None or found.stock_type is None or found.serial is None \
                or found.op not in (ledger.ISSUE_OP, ledger.VOID_OP):
            raise CorrectionError("certificates.correction.not_refused")
        conflict = serial_conflict(found.error_code, found.error_detail)
        if conflict is None or conflict.code is not ErrorCode.SERIAL_USED:
            raise CorrectionError("certificates.correction.not_serial_used")
        stock_type = found.stock_type
        new = self._serial(stock_type, serial)
        problems = self._serial_problems(stock_type, new)
        if problems:
            raise BlockedError(problems)
        queued = outbox.operation(conn, cipher, found.outbox_id)
        if queued is None:
            raise CorrectionError("certificates.correction.not_refused")
        new_uuid = uuid.uuid4()
        if found.op == ledger.ISSUE_OP:
            wire = IssuanceRequest.model_validate(
                {**queued.payload["body"], "issuance_uuid": new_uuid, "serial": new}
            ).model_dump(mode="json")
        else:
            wire = VoidRequest.model_validate(
                {**queued.payload, "void_uuid": new_uuid, "serial": new}
            ).model_dump(mode="json")
        try:
            ledger.record_correction(conn, cipher, ledger.Correction(
                refused=found, serial=new, new_uuid=str(new_uuid), wire=wire, clerk=clerk,
                reason=reason.strip(),
                conflict=conflict.model_dump(mode="json", exclude={"message"})))
        except ledger.SerialTaken as exc:  # another window of this desk was quicker
            raise BlockedError(self._serial_problems(stock_type, new)) from exc
        except ledger.NotRefused as exc:  # sent again or corrected meanwhile
            raise CorrectionError("certificates.correction.not_refused") from exc
        sheet = ledger.entry(conn, cipher, stock_type, new)
        assert sheet is not None
        return sheet
