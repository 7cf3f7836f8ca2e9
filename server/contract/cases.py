"""Cases pushed from the counter: created with an idempotent PUT by client UUID.

A case changes after it was first sent (a notified case is accepted when the applicant
comes back): the counter sends the whole case again with a higher `revision`; the server
keeps the highest revision it has seen, so revisions arriving out of order do no harm.
"""

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class ApplicantKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class CaseStatus(StrEnum):
    ACCEPTED = "accepted"  # 受理
    NOTIFIED = "notified"  # 一次性告知
    REFUSED = "refused"  # 不予受理


class DefectReason(StrEnum):
    """Why a material handed in cannot be accepted as it is (材料不符合要求的原因)."""

    UNCLEAR = "unclear"  # 字迹或影像不清晰
    EXPIRED = "expired"  # 已过有效期
    WRONG_SEAL = "wrong_seal"  # 印章不符或缺少印章
    UNSIGNED = "unsigned"  # 缺少签名
    INCOMPLETE = "incomplete"  # 内容填写不完整
    INCONSISTENT = "inconsistent"  # 与其他材料或证件信息不一致
    NOT_ORIGINAL = "not_original"  # 应提交原件而提交了复印件
    OTHER = "other"


class CaseApplicant(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: ApplicantKind
    name: str = Field(min_length=1, max_length=200)
    id_type: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=64)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)
    # Organisations: who represents them (法定代表人/负责人).
    representative: str = Field(default="", max_length=200)
    # The clerk marked the document as one the workstation cannot check (foreign, other).
    unverified_document: bool = False
    # Name and number were read from the document's chip or by the ID-card reader and
    # passed its integrity checks: nobody typed them.
    document_verified: bool = False


class CaseAgent(BaseModel):
    """Someone acting for the applicant (代办人/受托人)."""

    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=200)
    id_type: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=64)
    phone: str = Field(default="", max_length=40)
    document_verified: bool = False  # as CaseApplicant.document_verified


SHA256_PATTERN = r"^[0-9a-f]{64}$"
ATTACHMENT_MEDIA_TYPES = ("image/jpeg", "image/png")
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class AttachmentRef(BaseModel):
    """A captured page of a material, uploaded before the case (PUT /attachments/{sha256})
    and referred to by the hash of its bytes."""

    model_config = ConfigDict(extra="ignore")

    sha256: str = Field(pattern=SHA256_PATTERN)
    media_type: str = Field(min_length=1, max_length=60)
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES)
    width: int = Field(default=0, ge=0)
    height: int = Field(default=0, ge=0)
    dpi: int = Field(default=0, ge=0)


class UploadRequest(BaseModel):
    """Start a resumable upload of a page (POST /uploads): create, then HEAD for the
    offset the server holds, then PATCH the rest from there (the tus / IETF resumable
    upload shape). The server checks the hash when the last byte is in."""

    model_config = ConfigDict(extra="ignore")

    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(ge=1, le=MAX_ATTACHMENT_BYTES)
    media_type: str = Field(min_length=1, max_length=60)


class UploadStatus(BaseModel):
    """Where an upload stands. `complete`: the server has the page (upload_id is then
    empty when it had it before the upload was even created)."""

    model_config = ConfigDict(extra="ignore")

    upload_id: str
    offset: int = Field(ge=0)
    size: int = Field(ge=1)
    complete: bool


class CaseMaterial(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str
    name: str = Field(default="", max_length=300, description="As the item named it then")
    received: bool
    tolerated: bool = Field(default=False, description="Accepted missing on commitment (容缺)")
    commitment_due: dt.date | None = Field(default=None, description="容缺: supply by then")
    originals: int = Field(default=0, ge=0)
    copies: int = Field(default=0, ge=0)
    pages: int = Field(default=0, ge=0)
    defect: DefectReason | None = None
    defect_note: str = Field(default="", max_length=500)
    licence_number: str | None = Field(
        default=None, max_length=100,
        description="Electronic licence (电子证照) that stands in for the paper",
    )
    attachments: list[AttachmentRef] = Field(
        default_factory=list, max_length=500, description="Captured pages, in order")


class CaseSubmission(BaseModel):
    model_config = ConfigDict(extra="ignore")

    uuid: uuid.UUID
    case_number: str = Field(min_length=6, max_length=40)
    revision: int = Field(default=1, ge=1)
    item_code: str
    item_version: int = Field(ge=1)
    item_name: str = Field(default="", max_length=200)
    status: CaseStatus
    applicant: CaseApplicant
    agent: CaseAgent | None = None
    situation_answers: dict[str, list[str]] = Field(default_factory=dict)
    materials: list[CaseMaterial] = Field(default_factory=list)
    clerk: str
    clerk_name: str = Field(default="", max_length=100, description="As printed: 王晓梅")
    hall: str = Field(default="", max_length=200, description="Service hall of the window")
    window: str
    created_at: dt.datetime
    due_date: dt.date | None = None
    note: str = Field(default="", max_length=2000)
    refusal_reason: str = Field(default="", max_length=2000)
    refusal_basis: str = Field(default="", max_length=1000)


class DeviceState(BaseModel):
    """What the server holds of this device's operations: the highest per-device sequence
    it has recorded. Lower than what the device saw confirmed means the server was
    restored from an older backup, and the device sends the rest again."""

    model_config = ConfigDict(extra="ignore")

    device_id: str
    last_seq: int = Field(ge=0)
    op_count: int = Field(default=0, ge=0)  # operations of this device the server holds


class SeqQuery(BaseModel):
    """Which of these operation sequences of the calling device does the server hold?"""

    model_config = ConfigDict(extra="ignore")

    seqs: list[int] = Field(max_length=5000)


class SeqAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore")

    known: list[int]


class CaseReceipt(BaseModel):
    """The server's answer to a case PUT; `duplicate` is true when it already had it."""

    model_config = ConfigDict(extra="ignore")

    uuid: uuid.UUID
    case_number: str
    server_id: str
    duplicate: bool
    received_at: dt.datetime


class LicenceQuery(BaseModel):
    """Which electronic licences (电子证照) does this person or organisation hold?

    POSTed, not a GET with the number in the URL, so ID numbers stay out of access logs."""

    model_config = ConfigDict(extra="ignore")

    holder_id_type: str = Field(min_length=1, max_length=40)
    holder_id_number: str = Field(min_length=1, max_length=64)


class LicenceStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


class Licence(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    licence_type: str = Field(min_length=1, max_length=100, description="Material.licence_type")
    number: str = Field(min_length=1, max_length=100)
    holder: str = Field(min_length=1, max_length=200)
    issuer: str = Field(max_length=200)
    issued_on: dt.date
    valid_until: dt.date | None = None  # None: 长期有效
    status: LicenceStatus


class LicenceList(BaseModel):
    model_config = ConfigDict(extra="ignore")

    licences: list[Licence]


class Progress(StrEnum):
    """Where the back office is with a case (办理进度), as the status feed reports it."""

    RECEIVED = "received"  # 已接收
    IN_REVIEW = "in_review"  # 审查中
    APPROVED = "approved"  # 准予许可 / 已办结
    DENIED = "denied"  # 不予许可
    CERTIFICATE_READY = "certificate_ready"  # 待领证 (出证窗口)
    DELIVERED = "delivered"  # 已送达 / 已领取
    WITHDRAWN = "withdrawn"  # 申请人撤回

    @property
    def finished(self) -> bool:
        return self in (Progress.APPROVED, Progress.DENIED, Progress.DELIVERED,
                        Progress.WITHDRAWN)


class CaseProgress(BaseModel):
    """One case's latest progress on the server; no personal data (numbers and codes)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    uuid: uuid.UUID
    case_number: str = Field(min_length=6, max_length=40)
    progress: Progress
    note: str = Field(default="", max_length=500)
    updated_at: dt.datetime


class CaseProgressPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    updates: list[CaseProgress]
    removed: list[str] = Field(default_factory=list)
    cursor: str = Field(min_length=1)
    has_more: bool


class ProgressChange(BaseModel):
    """Admin (back office simulation): move a case on."""

    model_config = ConfigDict(extra="ignore")

    progress: Progress
    note: str = Field(default="", max_length=500)
