"""Intake at the counter, headless: an applicant and a pile of papers become a decision.

A `Draft` holds everything the clerk has entered for one case so far; it is saved (sealed)
after every change, so a crash or a closed window loses nothing. The rules that decide
what may happen next live here, free of Qt, so the UI and the tests ask the same code:
which materials the situation asks for, whether the applicant's details pass the offline
checks, what still blocks acceptance, and what a one-time notice must list.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from devices.cards.identity import DocumentType, Identity
from server.contract import (
    AttachmentRef,
    CaseAgent,
    CaseApplicant,
    CaseMaterial,
    CaseSubmission,
    DefectReason,
    Material,
    MaterialForm,
    ServiceItem,
)
from server.contract.cases import ApplicantKind, CaseStatus
from workstation import checklist, validation
from workstation.validation import Problem

RESIDENT_ID = "居民身份证"
CREDIT_CODE = "统一社会信用代码"
# Documents a person may identify with; only the first is checked offline (the others
# have no published check rule), so the clerk confirms them by eye.
PERSON_DOCUMENTS = (RESIDENT_ID, "普通护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证",
                    "港澳台居民居住证", "外国人永久居留身份证", "其他证件")
ORGANISATION_DOCUMENTS = (CREDIT_CODE, "其他登记证书")


class CardRead(BaseModel):
    """The identity a card reader read for a party. It stays with the draft (sealed with
    it, like everything the clerk entered) as long as the party's name and number are
    the card's; typing over either drops it."""

    # The photo travels as base64 in the (sealed) JSON of the draft.
    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    document_type: DocumentType
    name: str
    id_number: str
    sex: str = ""
    birth_date: dt.date
    ethnicity: str = ""
    address: str = ""
    issuing_authority: str = ""
    nationality: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    verified: bool = False  # authenticated (the ID-card reader's security module)
    photo_jpeg: bytes | None = None
    # An expired document may still be accepted for some matters; the clerk says so.
    expiry_acknowledged: bool = False

    @classmethod
    def of(cls, identity: Identity) -> CardRead:
        return cls(document_type=identity.document_type, name=identity.name,
                   id_number=identity.id_number, sex=identity.sex,
                   birth_date=identity.birth_date, ethnicity=identity.ethnicity,
                   address=identity.address, issuing_authority=identity.issuing_authority,
                   nationality=identity.nationality, valid_from=identity.valid_from,
                   valid_until=identity.valid_until, verified=identity.verified,
                   photo_jpeg=identity.photo_jpeg)

    def expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < today

    @property
    def document(self) -> str:
        """The document as the intake form names it."""
        return {DocumentType.RESIDENT_ID: RESIDENT_ID,
                DocumentType.PASSPORT: "普通护照"}.get(self.document_type, "其他证件")


class PartyEntry(BaseModel):
    """The applicant (or the agent) as typed so far; may be incomplete."""

    kind: ApplicantKind = ApplicantKind.PERSON
    name: str = ""
    id_type: str = RESIDENT_ID
    id_number: str = ""
    phone: str = ""
    address: str = ""
    representative: str = ""  # organisations: 法定代表人/负责人
    # The clerk confirms a document the workstation cannot check (foreign, other).
    unverified_document: bool = False
    card: CardRead | None = None  # read from the party's card, not typed

    def from_card(self, identity: Identity) -> PartyEntry:
        """This party as the card says: name, document, number (and address) filled in.
        Whether the clerk checked the document by eye stays the clerk's to say."""
        card = CardRead.of(identity)
        return self.model_copy(update={
            "kind": ApplicantKind.PERSON, "name": card.name, "id_type": card.document,
            "id_number": card.id_number, "address": card.address or self.address,
            "unverified_document": False, "card": card})

    def verified_by_card(self) -> bool:
        return self.card is not None and self.card.verified and self.card_matches()

    def card_matches(self) -> bool:
        """Name and number are still the card's (the clerk typed over neither)."""
        return self.card is not None and self.name.strip() == self.card.name \
            and validation.normalise(self.id_number) == validation.normalise(
                self.card.id_number)


class ScannedPage(BaseModel):
    """A captured page of a material: its bytes live in the store's attachments (sealed,
    by hash); the draft keeps the reference and what the capture noticed about it."""

    sha256: str
    media_type: str
    size: int
    width: int
    height: int
    dpi: int
    blank: bool = False  # looked blank: flagged to the clerk, never dropped silently
    warnings: list[str] = Field(default_factory=list)  # "blurred", "glare"

    def attachment(self) -> AttachmentRef:
        return AttachmentRef(sha256=self.sha256, media_type=self.media_type, size=self.size,
                             width=self.width, height=self.height, dpi=self.dpi)


class MaterialEntry(BaseModel):
    """What the clerk recorded for one material of the checklist."""

    code: str
    received: bool = False
    form: MaterialForm | None = None  # what was handed in
    originals: int = Field(default=0, ge=0, le=99)
    copies: int = Field(default=0, ge=0, le=99)
    pages: int = Field(default=0, ge=0, le=9999)
    defect: DefectReason | None = None
    defect_note: str = Field(default="", max_length=500)
    tolerated: bool = False  # 容缺: accepted missing on the applicant's commitment
    commitment_due: dt.date | None = None
    licence_number: str | None = None  # an electronic licence stands in for the paper
    scans: list[ScannedPage] = Field(default_factory=list)  # captured pages, in order


class Draft(BaseModel):
    """One case being taken in. `case_number` is set once the case exists (a reopened
    notified case keeps its number and goes up a revision)."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    case_uuid: uuid.UUID = Field(default_factory=uuid.uuid4)
    case_number: str | None = None
    revision: int = 1
    item: ServiceItem
    applicant: PartyEntry = Field(default_factory=PartyEntry)
    agent: PartyEntry | None = None
    answers: dict[str, list[str]] = Field(default_factory=dict)
    materials: dict[str, MaterialEntry] = Field(default_factory=dict)
    note: str = Field(default="", max_length=2000)
    refusal_reason: str = Field(default="", max_length=2000)
    refusal_basis: str = Field(default="", max_length=1000)
    started_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


def new_draft(item: ServiceItem) -> Draft:
    """A fresh case for an item: first answer of each single-choice question, nothing
    received yet, and the counts the guide asks for pre-filled."""
    return Draft(item=item, answers=checklist.default_answers(item),
                 materials={m.code: MaterialEntry(code=m.code, originals=m.originals,
                                                  copies=m.copies)
                            for m in item.materials})


def entries(draft: Draft) -> list[tuple[Material, MaterialEntry]]:
    """The checklist for the current situation answers, each material with its entry."""
    return [(m, draft.materials.get(m.code) or MaterialEntry(code=m.code))
            for m in checklist.applicable(draft.item, draft.answers)]


# -- the applicant ------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldProblem:
    party: str  # "applicant" | "agent"
    field: str  # name, id_number, phone, representative
    problem: Problem


def party_problems(entry: PartyEntry, party: str, today: dt.date) -> list[FieldProblem]:
    found: list[FieldProblem] = []
    if not entry.name.strip():
        found.append(FieldProblem(party, "name", Problem.EMPTY))
    if entry.id_type == RESIDENT_ID:
        checked = validation.check_resident_id(entry.id_number, today)
    elif entry.id_type == CREDIT_CODE:
        checked = validation.check_credit_code(entry.id_number)
    elif not entry.id_number.strip():
        checked = validation.Checked("", Problem.EMPTY)
    else:
        checked = validation.Checked(entry.id_number.strip())
    if checked.problem is not None and not (entry.unverified_document
                                            and checked.problem is not Problem.EMPTY):
        found.append(FieldProblem(party, "id_number", checked.problem))
    if entry.phone.strip():
        phone = validation.check_phone(entry.phone)
        if phone.problem is not None:
            found.append(FieldProblem(party, "phone", phone.problem))
    if entry.kind is ApplicantKind.ORGANISATION and not entry.representative.strip():
        found.append(FieldProblem(party, "representative", Problem.EMPTY))
    if entry.card is not None:
        found += [FieldProblem(party, "card", p) for p in card_problems(entry.card, today)]
    return found


def card_problems(card: CardRead, today: dt.date) -> list[Problem]:
    """What is wrong with the document read: expired (until the clerk acknowledges it),
    or a resident ID whose number disagrees with the card's own birth date or sex (a
    forged or damaged card; the number's check character is checked with the number)."""
    found = []
    if card.expired(today) and not card.expiry_acknowledged:
        found.append(Problem.DOCUMENT_EXPIRED)
    if card.document_type is DocumentType.RESIDENT_ID:
        number = validation.normalise(card.id_number)
        if validation.check_resident_id(number, today).ok and (
                validation.birth_date_of(number) != card.birth_date
                or (card.sex and validation.sex_of(number) != card.sex)):
            found.append(Problem.CARD_MISMATCH)
    return found


def applicant_problems(draft: Draft, today: dt.date) -> list[FieldProblem]:
    found = party_problems(draft.applicant, "applicant", today)
    if draft.agent is not None:
        found += party_problems(draft.agent, "agent", today)
    return found


# -- the materials ------------------------------------------------------------------------

class Shortfall(StrEnum):
    MISSING = "missing"
    DEFECTIVE = "defective"
    COMMITMENT_UNDATED = "commitment_undated"  # 容缺 ticked without a date to supply it by


@dataclass(frozen=True)
class Gap:
    """A required material that keeps the case from being accepted as it stands."""

    material: Material
    entry: MaterialEntry
    shortfall: Shortfall


def satisfied_by(material: Material, entry: MaterialEntry) -> str | None:
    """How a material is satisfied: 'paper', 'licence', 'tolerated', or None."""
    if entry.licence_number and material.licence_type:
        return "licence"
    if entry.received and entry.defect is None:
        return "paper"
    if entry.tolerated and material.tolerance_allowed and entry.commitment_due is not None:
        return "tolerated"
    return None


def gaps(draft: Draft) -> list[Gap]:
    """Every applicable material that is required and not satisfied, and every material
    handed in with a defect (a defective optional paper still goes on the notice)."""
    found: list[Gap] = []
    for material, entry in entries(draft):
        if satisfied_by(material, entry) is not None:
            continue
        if entry.received and entry.defect is not None:
            found.append(Gap(material, entry, Shortfall.DEFECTIVE))
        elif entry.tolerated and material.tolerance_allowed and entry.commitment_due is None:
            found.append(Gap(material, entry, Shortfall.COMMITMENT_UNDATED))
        elif material.required:
            found.append(Gap(material, entry, Shortfall.MISSING))
    return found


# -- outcomes -----------------------------------------------------------------------------

class Blocker(StrEnum):
    APPLICANT = "applicant"  # details fail the offline checks
    MATERIALS = "materials"  # required materials missing or defective
    NOTHING_TO_NOTIFY = "nothing_to_notify"  # a one-time notice with nothing on it
    REFUSAL_REASON = "refusal_reason"  # a refusal needs its reason and legal basis
    COMMITMENT_DATE = "commitment_date"  # a 容缺 commitment due before today


def blockers(draft: Draft, outcome: CaseStatus, today: dt.date) -> list[Blocker]:
    """Why the outcome cannot be recorded yet; empty when it can."""
    found: list[Blocker] = []
    if applicant_problems(draft, today):
        found.append(Blocker.APPLICANT)
    if outcome is CaseStatus.ACCEPTED:
        if gaps(draft):
            found.append(Blocker.MATERIALS)
        if any(e.tolerated and e.commitment_due is not None and e.commitment_due < today
               for _, e in entries(draft)):
            found.append(Blocker.COMMITMENT_DATE)
    elif outcome is CaseStatus.NOTIFIED:
        if not gaps(draft):
            found.append(Blocker.NOTHING_TO_NOTIFY)
    elif not (draft.refusal_reason.strip() and draft.refusal_basis.strip()):
        found.append(Blocker.REFUSAL_REASON)
    return found


def _party(entry: PartyEntry) -> tuple[str, str, str]:
    """Name, document type and number as they go on the case (numbers normalised)."""
    number = entry.id_number.strip()
    if entry.id_type in (RESIDENT_ID, CREDIT_CODE):
        number = validation.normalise(number)
    phone = validation.check_phone(entry.phone) if entry.phone.strip() else None
    return entry.name.strip(), number, phone.value if phone and phone.ok else entry.phone.strip()


def submission(draft: Draft, outcome: CaseStatus, *, case_number: str, clerk: str,
               window: str, decided_at: dt.datetime, due_date: dt.date | None,
               clerk_name: str = "", hall: str = "") -> CaseSubmission:
    """The case as it goes to the server (and onto the printed documents)."""
    name, number, phone = _party(draft.applicant)
    applicant = CaseApplicant(
        kind=draft.applicant.kind, name=name, id_type=draft.applicant.id_type,
        id_number=number, phone=phone, address=draft.applicant.address.strip(),
        representative=draft.applicant.representative.strip(),
        unverified_document=draft.applicant.unverified_document,
        document_verified=draft.applicant.verified_by_card())
    agent = None
    if draft.agent is not None:
        agent_name, agent_number, agent_phone = _party(draft.agent)
        agent = CaseAgent(name=agent_name, id_type=draft.agent.id_type, id_number=agent_number,
                          phone=agent_phone, document_verified=draft.agent.verified_by_card())
    materials = [
        CaseMaterial(code=m.code, name=m.name, received=e.received, tolerated=e.tolerated,
                     commitment_due=e.commitment_due if e.tolerated else None,
                     originals=e.originals if e.received else 0,
                     copies=e.copies if e.received else 0, pages=e.pages if e.received else 0,
                     defect=e.defect if e.received else None,
                     defect_note=e.defect_note if e.received else "",
                     licence_number=e.licence_number if m.licence_type else None,
                     attachments=[p.attachment() for p in e.scans])
        for m, e in entries(draft)
    ]
    return CaseSubmission(
        uuid=draft.case_uuid, case_number=case_number, revision=draft.revision,
        item_code=draft.item.code, item_version=draft.item.version, item_name=draft.item.name,
        status=outcome, applicant=applicant, agent=agent, situation_answers=draft.answers,
        materials=materials, clerk=clerk, clerk_name=clerk_name, hall=hall, window=window,
        created_at=decided_at,
        due_date=due_date if outcome is CaseStatus.ACCEPTED else None, note=draft.note.strip(),
        refusal_reason=draft.refusal_reason.strip() if outcome is CaseStatus.REFUSED else "",
        refusal_basis=draft.refusal_basis.strip() if outcome is CaseStatus.REFUSED else "",
    )


def reopen(case: CaseSubmission, item: ServiceItem) -> Draft:
    """A notified case when the applicant comes back: the same case (number, UUID) one
    revision up, with what was recorded last time."""
    materials = {m.code: MaterialEntry(code=m.code, originals=m.originals, copies=m.copies)
                 for m in item.materials}
    for recorded in case.materials:
        materials[recorded.code] = MaterialEntry(
            code=recorded.code, received=recorded.received, originals=recorded.originals,
            copies=recorded.copies, pages=recorded.pages, defect=recorded.defect,
            defect_note=recorded.defect_note, tolerated=recorded.tolerated,
            commitment_due=recorded.commitment_due, licence_number=recorded.licence_number,
            scans=[ScannedPage(sha256=a.sha256, media_type=a.media_type, size=a.size,
                               width=a.width, height=a.height, dpi=a.dpi)
                   for a in recorded.attachments])
    applicant = PartyEntry(**case.applicant.model_dump())
    agent = PartyEntry(**case.agent.model_dump()) if case.agent else None
    return Draft(case_uuid=case.uuid, case_number=case.case_number, revision=case.revision + 1,
                 item=item, applicant=applicant, agent=agent,
                 answers=dict(case.situation_answers), materials=materials, note=case.note)
