"""The intake rules, headless: checklist, applicant checks, what blocks which outcome."""

from __future__ import annotations

import datetime as dt

import pytest

from devices.cards.identity import DocumentType, Identity
from server.contract import CaseSubmission, DefectReason, ServiceItem
from server.contract.cases import ApplicantKind, CaseStatus
from server.seed.demo import demo_items
from workstation import checklist, intake
from workstation.intake import Blocker, PartyEntry, Shortfall
from workstation.validation import Problem

TODAY = dt.date(2026, 11, 23)
ITEMS = {i["name"]: ServiceItem.model_validate(i) for i in demo_items()}


def person() -> PartyEntry:
    return PartyEntry(name="林晓静", id_number="110101199003078523", phone="13900001234",
                      address="示范市示范区幸福路88号")


def complete(draft: intake.Draft) -> intake.Draft:
    """Every applicable material handed in, in good order."""
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True})
    return draft


@pytest.fixture
def draft() -> intake.Draft:
    d = intake.new_draft(ITEMS["居民身份证换领"])
    d.applicant = person()
    return d


def test_a_new_draft_follows_the_guide(draft: intake.Draft) -> None:
    item = draft.item
    assert draft.answers == checklist.default_answers(item)
    assert [m.code for m, _ in intake.entries(draft)] == \
        [m.code for m in checklist.applicable(item, draft.answers)]
    for material, entry in intake.entries(draft):
        assert (entry.originals, entry.copies) == (material.originals, material.copies)
        assert not entry.received


def test_answers_change_the_checklist_at_once() -> None:
    item = next(i for i in ITEMS.values()
                if any(m.when for m in i.materials) and i.situations)
    d = intake.new_draft(item)
    before = [m.code for m, _ in intake.entries(d)]
    situation, option = next((s, o) for s in item.situations for o in s.options
                             if any(o.code in m.when for m in item.materials)
                             and o.code not in d.answers.get(s.code, []))
    d.answers[situation.code] = [option.code]
    after = [m.code for m, _ in intake.entries(d)]
    assert after != before
    assert all(option.code in m.when or not m.when or m.code in after
               for m in item.materials if m.code in after)


def test_accept_needs_every_required_material(draft: intake.Draft) -> None:
    assert Blocker.MATERIALS in intake.blockers(draft, CaseStatus.ACCEPTED, TODAY)
    missing = {g.material.code for g in intake.gaps(draft)}
    required = {m.code for m, _ in intake.entries(draft) if m.required}
    assert missing == required
    complete(draft)
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == []
    # Nothing missing: a one-time notice would list nothing.
    assert intake.blockers(draft, CaseStatus.NOTIFIED, TODAY) == [Blocker.NOTHING_TO_NOTIFY]


def test_defects_block_acceptance_and_go_on_the_notice(draft: intake.Draft) -> None:
    complete(draft)
    material, entry = intake.entries(draft)[0]
    draft.materials[material.code] = entry.model_copy(update={
        "defect": DefectReason.EXPIRED, "defect_note": "2025年已过期"})
    gaps = intake.gaps(draft)
    assert [(g.material.code, g.shortfall) for g in gaps] == \
        [(material.code, Shortfall.DEFECTIVE)]
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == [Blocker.MATERIALS]
    assert intake.blockers(draft, CaseStatus.NOTIFIED, TODAY) == []


def test_an_electronic_licence_stands_in_for_paper(draft: intake.Draft) -> None:
    complete(draft)
    material, entry = next((m, e) for m, e in intake.entries(draft) if m.licence_type)
    draft.materials[material.code] = entry.model_copy(update={
        "received": False, "licence_number": "HK110101-000352"})
    assert intake.satisfied_by(material, draft.materials[material.code]) == "licence"
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == []


def test_tolerance_needs_permission_and_a_date() -> None:
    item = next(i for i in ITEMS.values()
                if any(m.tolerance_allowed and not m.when for m in i.materials))
    draft = complete(intake.new_draft(item))
    draft.applicant = person()
    material, entry = next((m, e) for m, e in intake.entries(draft) if m.tolerance_allowed)
    strict, strict_entry = next((m, e) for m, e in intake.entries(draft)
                                if m.required and not m.tolerance_allowed)
    draft.materials[material.code] = entry.model_copy(update={"received": False,
                                                              "tolerated": True})
    assert [g.shortfall for g in intake.gaps(draft)] == [Shortfall.COMMITMENT_UNDATED]
    due = TODAY + dt.timedelta(days=10)
    draft.materials[material.code].commitment_due = due
    assert intake.satisfied_by(material, draft.materials[material.code]) == "tolerated"
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == []
    draft.materials[material.code].commitment_due = TODAY - dt.timedelta(days=1)
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == [Blocker.COMMITMENT_DATE]
    # A material the guide does not allow 容缺 for stays missing, ticked or not.
    draft.materials[material.code].commitment_due = due
    draft.materials[strict.code] = strict_entry.model_copy(update={
        "received": False, "tolerated": True, "commitment_due": due})
    assert [(g.material.code, g.shortfall) for g in intake.gaps(draft)] == \
        [(strict.code, Shortfall.MISSING)]


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("id_number", "110101199003078524", Problem.ID_CHECK),
    ("id_number", "", Problem.EMPTY),
    ("phone", "12345", Problem.PHONE),
    ("name", " ", Problem.EMPTY),
])
def test_applicant_problems_block_every_outcome(draft: intake.Draft, field: str, value: str,
                                                problem: Problem) -> None:
    complete(draft)
    draft.applicant = draft.applicant.model_copy(update={field: value})
    found = intake.applicant_problems(draft, TODAY)
    assert [(p.party, p.field, p.problem) for p in found] == [("applicant", field, problem)]
    for outcome in CaseStatus:
        assert Blocker.APPLICANT in intake.blockers(draft, outcome, TODAY)


def test_other_documents_are_confirmed_by_the_clerk(draft: intake.Draft) -> None:
    complete(draft)
    draft.applicant = draft.applicant.model_copy(update={"id_number": "X1234567"})
    assert intake.applicant_problems(draft, TODAY)
    draft.applicant.unverified_document = True  # "foreign/other document", checked by eye
    assert intake.applicant_problems(draft, TODAY) == []
    draft.applicant = draft.applicant.model_copy(update={"id_type": "普通护照",
                                                         "unverified_document": False})
    assert intake.applicant_problems(draft, TODAY) == []


def test_organisations_need_a_valid_code_and_a_representative() -> None:
    d = complete(intake.new_draft(ITEMS["企业注销登记"]))
    d.applicant = PartyEntry(kind=ApplicantKind.ORGANISATION, name="示范区某某商贸有限公司",
                             id_type=intake.CREDIT_CODE, id_number="91999001MA0AB12CXY")
    problems = {(p.field, p.problem) for p in intake.applicant_problems(d, TODAY)}
    assert problems == {("id_number", Problem.CREDIT_CHECK), ("representative", Problem.EMPTY)}
    d.applicant.id_number = "91999001ma0ab12cxx"
    d.applicant.representative = "王五"
    assert intake.applicant_problems(d, TODAY) == []
    d.agent = PartyEntry(name="李四", id_number="110101199003078515")
    assert intake.applicant_problems(d, TODAY) == []
    d.agent.id_number = "110101199003078510"
    assert [(p.party, p.field) for p in intake.applicant_problems(d, TODAY)] == \
        [("agent", "id_number")]


def test_refusal_needs_reason_and_basis(draft: intake.Draft) -> None:
    assert intake.blockers(draft, CaseStatus.REFUSED, TODAY) == [Blocker.REFUSAL_REASON]
    draft.refusal_reason = "申请事项不属于本机关职权范围"
    draft.refusal_basis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
    assert intake.blockers(draft, CaseStatus.REFUSED, TODAY) == []


def test_submission_carries_what_was_recorded_normalised(draft: intake.Draft) -> None:
    complete(draft)
    draft.applicant.id_number = "１１０１０１ １９９００３０７８５２３"
    draft.applicant.phone = "139-0000-1234"
    draft.agent = PartyEntry(name="李四", id_number="110101199003078515")
    decided = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    body = intake.submission(draft, CaseStatus.ACCEPTED, case_number="PX20261123000001",
                             clerk="demo", window="3号窗口", decided_at=decided,
                             due_date=dt.date(2026, 11, 30))
    assert isinstance(body, CaseSubmission)
    assert body.applicant.id_number == "110101199003078523"
    assert body.applicant.phone == "13900001234"
    assert body.agent is not None and body.agent.name == "李四"
    assert body.item_name == "居民身份证换领" and body.due_date == dt.date(2026, 11, 30)
    assert [m.code for m in body.materials] == [m.code for m, _ in intake.entries(draft)]
    assert all(m.received and m.name for m in body.materials)
    notice = intake.submission(draft, CaseStatus.NOTIFIED, case_number="PX20261123000001",
                               clerk="demo", window="3号窗口", decided_at=decided,
                               due_date=dt.date(2026, 11, 30))
    assert notice.due_date is None  # only an accepted case has a due date


def test_a_notified_case_reopens_one_revision_up(draft: intake.Draft) -> None:
    first_material = intake.entries(draft)[0][0]
    draft.materials[first_material.code].received = True
    decided = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
    body = intake.submission(draft, CaseStatus.NOTIFIED, case_number="PX20261123000007",
                             clerk="demo", window="3号窗口", decided_at=decided, due_date=None)
    again = intake.reopen(body, draft.item)
    assert again.case_uuid == draft.case_uuid and again.case_number == "PX20261123000007"
    assert again.revision == 2 and again.id != draft.id
    assert again.materials[first_material.code].received
    assert again.applicant.name == "林晓静" and again.answers == draft.answers


# -- identity read from a card ------------------------------------------------------------


def card_identity(**changes: object) -> Identity:
    fields: dict[str, object] = {
        "document_type": DocumentType.RESIDENT_ID, "name": "林晓静", "sex": "女",
        "birth_date": dt.date(1990, 3, 7), "id_number": "110101199003078523",
        "valid_until": dt.date(2038, 5, 20), "address": "示范市示范区幸福路88号",
        "photo_jpeg": b"\xff\xd8 not really a picture \xff\xd9", "verified": True}
    fields.update(changes)
    return Identity(**fields)  # type: ignore[arg-type]


def test_a_card_fills_the_party_and_stays_with_the_draft(draft: intake.Draft) -> None:
    draft.applicant = PartyEntry(phone="13800138000").from_card(card_identity())
    assert (draft.applicant.name, draft.applicant.id_type) == ("林晓静", intake.RESIDENT_ID)
    assert draft.applicant.phone == "13800138000"  # what the card does not know is kept
    assert draft.applicant.verified_by_card()
    assert intake.applicant_problems(draft, TODAY) == []
    # The photo survives the draft's JSON (sealed on disk) byte for byte.
    again = intake.Draft.model_validate_json(draft.model_dump_json())
    assert again.applicant.card == draft.applicant.card
    assert again.applicant.card is not None
    assert again.applicant.card.photo_jpeg == card_identity().photo_jpeg
    case = intake.submission(complete(draft), CaseStatus.ACCEPTED, case_number="T-2026-000001",
                             clerk="c", window="w", decided_at=dt.datetime(2026, 11, 23),
                             due_date=None)
    assert case.applicant.document_verified and not case.applicant.unverified_document


def test_typing_over_the_card_data_drops_the_card(draft: intake.Draft) -> None:
    entry = PartyEntry().from_card(card_identity())
    typed = entry.model_copy(update={"name": "林小静"})
    assert not typed.card_matches() and not typed.verified_by_card()


def test_a_passport_read_from_its_chip_is_not_called_verified() -> None:
    # Its data are intact (EF.SOD hashes) but not authenticated (no CSCA signature check):
    # nobody typed them, yet the clerk still compares the document by eye.
    entry = PartyEntry(unverified_document=True).from_card(card_identity(
        document_type=DocumentType.PASSPORT, name="ZHOU MINGYUAN", id_number="EJ1234567",
        sex="男", birth_date=dt.date(1988, 12, 1), verified=False))
    assert entry.id_type == "普通护照" and entry.card_matches()
    assert not entry.verified_by_card()
    assert not entry.unverified_document  # the clerk's own tick is the clerk's to give
    permit = PartyEntry().from_card(card_identity(
        document_type=DocumentType.TRAVEL_PERMIT, id_number="C12345678", verified=False))
    assert permit.id_type == "其他证件" and not permit.verified_by_card()


def test_an_expired_document_blocks_until_the_clerk_accepts_it(draft: intake.Draft) -> None:
    draft.applicant = PartyEntry().from_card(card_identity(valid_until=dt.date(2025, 9, 1)))
    complete(draft)
    problems = intake.applicant_problems(draft, TODAY)
    assert [(p.field, p.problem) for p in problems] == [("card", Problem.DOCUMENT_EXPIRED)]
    assert Blocker.APPLICANT in intake.blockers(draft, CaseStatus.ACCEPTED, TODAY)
    assert draft.applicant.card is not None
    draft.applicant.card.expiry_acknowledged = True
    assert intake.applicant_problems(draft, TODAY) == []
    assert intake.blockers(draft, CaseStatus.ACCEPTED, TODAY) == []


@pytest.mark.parametrize("changes", [
    {"birth_date": dt.date(1990, 3, 8)},  # the number says 7 March
    {"sex": "男"},  # the 17th digit is even: a woman
])
def test_a_card_whose_number_disagrees_with_itself_is_flagged(
        draft: intake.Draft, changes: dict[str, object]) -> None:
    draft.applicant = PartyEntry().from_card(card_identity(**changes))
    problems = intake.applicant_problems(draft, TODAY)
    assert [(p.field, p.problem) for p in problems] == [("card", Problem.CARD_MISMATCH)]


def test_a_card_number_with_a_wrong_check_character_is_caught_as_typed_ones_are(
        draft: intake.Draft) -> None:
    draft.applicant = PartyEntry().from_card(card_identity(id_number="110101199003078524"))
    problems = intake.applicant_problems(draft, TODAY)
    assert [(p.field, p.problem) for p in problems] == [("id_number", Problem.ID_CHECK)]
