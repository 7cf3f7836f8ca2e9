"""Cases pushed from the counter: created with an idempotent PUT by client UUID."""

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


class CaseApplicant(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: ApplicantKind
    name: str = Field(min_length=1, max_length=200)
    id_type: str = Field(min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=64)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)


class CaseMaterial(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str
    received: bool
    tolerated: bool = False
    originals: int = Field(default=0, ge=0)
    copies: int = Field(default=0, ge=0)
    pages: int = Field(default=0, ge=0)


class CaseSubmission(BaseModel):
    model_config = ConfigDict(extra="ignore")

    uuid: uuid.UUID
    case_number: str = Field(min_length=6, max_length=40)
    item_code: str
    item_version: int = Field(ge=1)
    status: CaseStatus
    applicant: CaseApplicant
    situation_answers: dict[str, list[str]] = Field(default_factory=dict)
    materials: list[CaseMaterial] = Field(default_factory=list)
    clerk: str
    window: str
    created_at: dt.datetime
    due_date: dt.date | None = None
    note: str = Field(default="", max_length=2000)


class CaseReceipt(BaseModel):
    """The server's answer to a case PUT; `duplicate` is true when it already had it."""

    model_config = ConfigDict(extra="ignore")

    uuid: uuid.UUID
    case_number: str
    server_id: str
    duplicate: bool
    received_at: dt.datetime
