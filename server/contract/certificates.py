"""The certificate desk (统一出证): certificates ready for issuance, and what the desk does
with the pre-printed, serial-numbered stock they are printed on.

- `GET /certificates/pending`: a cursor feed like the catalogue's (same paging, cursor
  and 410 semantics). A certificate leaves it (a tombstone) once any desk has issued it.
  Certificates carry the applicant's name and ID number: only clerks with the
  `certificate_desk` role may read the feed.
- `POST /certificates/{certificate_id}/issuances`: the sheet with this serial was printed
  and came out right. Idempotent by `issuance_uuid` (and by the device sequence, like
  every pushed operation). A reprint names the serial it replaces (`reprint_of`) and a
  reason; that serial is voided with it.
- `POST /stock/voids`: a spoiled sheet. A voided serial can never be issued.
- `POST /certificates/{certificate_id}/handover`: handed to the applicant, or posted.

A serial (per stock type) is used once, anywhere: a second use is answered with 409 and a
`SerialConflict` body saying how and where it was used (`ErrorCode.SERIAL_USED`), as is a
second issuance of a certificate some desk has issued already (`ErrorCode.ALREADY_ISSUED`).
Both will never succeed as sent: the desk shows the reason to the clerk (and corrects a
mistyped serial with a new issuance). A reprint or hand-over whose issuance has not arrived
yet is answered with 409 and an ErrorBody `ErrorCode.IN_PROGRESS`: sent again later.
"""

import datetime as dt
import uuid
from enum import StrEnum
from typing import Literal, Self

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field, model_validator

from server.contract.errors import ErrorCode

# Serials as printed on the stock (印制号): letters, digits and dashes. Each stock type has
# its own stricter format, which the desk checks before anything is printed.
SERIAL_PATTERN = r"^[0-9A-Za-z-]{1,40}$"
CERTIFICATE_DESK_ROLE = "certificate_desk"


class CertificateTemplate(StrEnum):
    """Which layout the certificate is printed with (resources/certificates/)."""

    BUSINESS_LICENCE = "business_licence"  # 营业执照
    PERMIT = "permit"  # 许可证
    REGISTRATION = "registration"  # 登记证书
    PROPERTY = "property"  # 不动产权证书


class CertificateStatus(StrEnum):
    READY = "ready"  # 待出证: approved, first issuance
    REPLACEMENT = "replacement"  # 补证/换证: replaces a lost or damaged certificate


class CertificateApplicant(BaseModel):
    """Who the certificate is for; personal data."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    id_type: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=64)


class PendingCertificate(BaseModel):
    """A certificate the back office approved, waiting to be printed at a desk."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    certificate_id: uuid.UUID
    case_uuid: uuid.UUID
    case_number: str = Field(min_length=6, max_length=40)
    item_code: str = Field(min_length=1, max_length=100)
    item_name: str = Field(max_length=200)
    department: str = Field(max_length=200)
    approved_at: dt.datetime
    template: CertificateTemplate
    applicant: CertificateApplicant
    # What goes on the certificate, by label: 名称, 统一社会信用代码, 法定代表人, 经营范围, …
    fields: dict[str, str]
    status: CertificateStatus = CertificateStatus.READY


class PendingCertificatesPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    certificates: list[PendingCertificate]
    removed: list[str] = Field(default_factory=list, description="Issued or withdrawn ids")
    cursor: str = Field(min_length=1)
    has_more: bool


class IssuanceRequest(BaseModel):
    """The sheet with `serial` was printed with the certificate and came out right."""

    model_config = ConfigDict(extra="ignore")

    issuance_uuid: uuid.UUID
    serial: str = Field(pattern=SERIAL_PATTERN)
    stock_type: str = Field(min_length=1, max_length=40)
    printer: str = Field(default="", max_length=200)
    printed_at: dt.datetime
    reprint_of: str | None = Field(default=None, pattern=SERIAL_PATTERN,
                                   description="The serial this sheet replaces (voided)")
    reason: str = Field(default="", max_length=500, description="Required for a reprint")

    @model_validator(mode="after")
    def _reprint_has_reason(self) -> Self:
        if self.reprint_of is not None and not self.reason.strip():
            raise ValueError("a reprint needs a reason")
        if self.reprint_of == self.serial:
            raise ValueError("a reprint needs another sheet")
        return self


class IssuanceReceipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    issuance_uuid: uuid.UUID
    certificate_id: uuid.UUID
    stock_type: str
    serial: str
    received_at: dt.datetime
    duplicate: bool


class VoidRequest(BaseModel):
    """A spoiled sheet: its serial is recorded as voided and never used again."""

    model_config = ConfigDict(extra="ignore")

    void_uuid: uuid.UUID
    serial: str = Field(pattern=SERIAL_PATTERN)
    stock_type: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=1, max_length=500)
    at: dt.datetime
    certificate_id: uuid.UUID | None = Field(
        default=None, description="The certificate being printed when the sheet spoiled")

    @model_validator(mode="after")
    def _reason_not_blank(self) -> Self:
        if not self.reason.strip():
            raise ValueError("a void needs a reason")
        return self


class VoidReceipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    void_uuid: uuid.UUID
    stock_type: str
    serial: str
    received_at: dt.datetime
    duplicate: bool


class HandoverMethod(StrEnum):
    IN_PERSON = "in_person"  # 现场领取
    POST = "post"  # 邮寄送达


class ReceiptKind(StrEnum):
    SIGNATURE = "signature"  # signed on the customer-facing screen
    PAPER = "paper"  # a printed receipt, signed


class IdentityCheck(StrEnum):
    """How the recipient's identity was checked at an in-person hand-over."""

    CARD_READER = "card_reader"  # the ID card (or passport) read on the card reader
    BY_EYE = "by_eye"  # the clerk compared the ID card with the person


# A signature captured on the customer-facing screen: a cropped grey PNG, typically
# 5–40 KB. Base64 in JSON (in Python too: pass the encoded bytes).
SIGNATURE_MAX_BYTES = 512 * 1024


class HandoverRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    handover_uuid: uuid.UUID
    method: HandoverMethod
    recipient_name: str = Field(min_length=1, max_length=200)
    identity_checked: bool = False
    identity_check: IdentityCheck | None = Field(
        default=None, description="How the identity was checked; implies identity_checked")
    recipient_id_number: str | None = Field(
        default=None, max_length=64, description="The recipient's document number, when read "
        "or typed (personal data)")
    tracking_number: str | None = Field(default=None, max_length=60)
    receipt: ReceiptKind | None = None
    signature_png: Base64Bytes | None = Field(
        default=None, max_length=SIGNATURE_MAX_BYTES,
        description="The recipient's signature from the customer screen (receipt=signature)")
    stock_type: str | None = Field(default=None, min_length=1, max_length=40)
    serial: str | None = Field(
        default=None, pattern=SERIAL_PATTERN,
        description="The sheet handed over: refused (409 already_issued) when the "
        "certificate is issued on another sheet, 409 in_progress while that sheet's "
        "issuance has not arrived")
    at: dt.datetime

    @model_validator(mode="after")
    def _method_needs(self) -> Self:
        if not self.recipient_name.strip():
            raise ValueError("the recipient's name is required")
        if self.method is HandoverMethod.POST and not (self.tracking_number or "").strip():
            raise ValueError("a posted certificate needs its tracking number")
        if self.method is HandoverMethod.IN_PERSON and self.receipt is None:
            raise ValueError("a certificate handed over in person needs a receipt")
        if self.identity_check is not None and not self.identity_checked:
            raise ValueError("identity_check says how identity_checked was done")
        if self.signature_png is not None and self.receipt is not ReceiptKind.SIGNATURE:
            raise ValueError("a signature belongs to a receipt signed on the screen")
        if self.method is HandoverMethod.POST and (
                self.identity_check is not None or self.recipient_id_number is not None):
            raise ValueError("a posted certificate has no identity check")
        if (self.stock_type is None) != (self.serial is None):
            raise ValueError("a sheet is named by its stock type and serial together")
        return self


class HandoverReceipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    handover_uuid: uuid.UUID
    certificate_id: uuid.UUID
    received_at: dt.datetime
    duplicate: bool


class SerialState(StrEnum):
    ISSUED = "issued"
    VOIDED = "voided"


class SerialConflict(BaseModel):
    """The 409 body when a serial is used already (`serial_used`: `serial` is the one
    sent) or the certificate was issued already (`already_issued`: `serial` is the sheet
    it was issued on): how, when and at which desk. Numbers and names of desks only."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: Literal[ErrorCode.SERIAL_USED, ErrorCode.ALREADY_ISSUED]
    message: str
    stock_type: str
    serial: str
    state: SerialState
    at: dt.datetime
    clerk: str = Field(description="User name of the clerk at that desk")
    window: str = Field(default="", description="The desk's window")
    device_prefix: str = Field(default="", description="The desk's workstation")


# -- admin (tests and trainers) ---------------------------------------------------------------

class StockRecord(BaseModel):
    """What the server holds about one serial."""

    model_config = ConfigDict(extra="ignore")

    stock_type: str
    serial: str
    state: SerialState
    at: dt.datetime
    certificate_id: uuid.UUID | None
    clerk: str
    device_prefix: str
    reason: str


class IssuanceRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    issuance_uuid: uuid.UUID
    stock_type: str
    serial: str
    printer: str
    printed_at: dt.datetime
    reprint_of: str | None
    reason: str
    clerk: str
    device_prefix: str


class HandoverRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")

    handover: HandoverRequest
    clerk: str
    device_prefix: str


class CertificateRecord(BaseModel):
    """A certificate with everything the desks did with it (admin)."""

    model_config = ConfigDict(extra="ignore")

    certificate: PendingCertificate
    pending: bool
    issuances: list[IssuanceRecord]
    handovers: list[HandoverRecord]
