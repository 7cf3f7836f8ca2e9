"""Every shipped training scenario is winnable: the case a good clerk decides for it,
built through the same intake rules the counter uses, passes `intake.blockers` and scores
100 with no mistake. The ideal case is derived from the scenario's data alone (answers,
papers, parties, outcome), so a new scenario file is checked without touching this test.
Also: the scenarios load, their ids are unique, and the people and licences in them are
the demo data's (cards, electronic licences, numbers that pass their check digits)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest

from devices.cards.simulated import demo_cards
from server.contract import DefectReason, ServiceItem
from server.contract.cases import CaseStatus
from server.seed.demo import demo_items, demo_licences
from workstation import checklist, intake, validation
from workstation.intake import CardRead, Draft, MaterialEntry, PartyEntry
from workstation.training import (
    PaperState,
    Party,
    Scenario,
    assess,
    catalogue_problems,
    default_directory,
    load_scenario,
    load_scenarios,
)

ITEMS = {i["code"]: ServiceItem.model_validate(i) for i in demo_items()}
FILES = sorted(default_directory().glob("*.json"))
TODAY = dt.date.today()
MINUTE = dt.timedelta(minutes=1)
DECIDED = dt.datetime.combine(TODAY, dt.time(2, 0), tzinfo=dt.UTC)
CARDS = {c.label: c for c in demo_cards()}
# Electronic licences the sandbox server knows: (holder's document, number) -> licences.
LICENCES = {(h["holder_id_type"], h["holder_id_number"]): h["licences"] for h in demo_licences()}
DEFECT = {PaperState.DEFECTIVE: DefectReason.INCOMPLETE, PaperState.EXPIRED: DefectReason.EXPIRED}


def test_at_least_twelve_scenarios_are_shipped_and_all_load() -> None:
    shipped = load_scenarios()
    assert shipped.problems == ()
    assert len(FILES) >= 12
    # Every file loaded: none was left out for an id another file uses.
    assert len(shipped.scenarios) == len(FILES)
    ids = [load_scenario(path).id for path in FILES]
    assert len(set(ids)) == len(ids)


def test_the_card_reader_demo_data_are_where_the_scenarios_expect_them() -> None:
    text = resources.files("resources").joinpath("devices", "demo_cards.json").read_text("utf-8")
    assert {c["label"] for c in json.loads(text)} == set(CARDS)


# -- the ideal case ---------------------------------------------------------------------------

def entry_of(party: Party) -> PartyEntry:
    """The party as a good clerk records it: read from the card when it can be read (an
    expired one acknowledged), else typed from the document shown."""
    card = CARDS.get(party.card) if party.card else None
    if card is not None and card.identity is not None:
        entry = PartyEntry(phone=party.phone).from_card(card.identity)
        assert entry.card is not None
        if entry.card.expired(TODAY):
            entry.card = entry.card.model_copy(update={"expiry_acknowledged": True})
        return entry
    return PartyEntry(kind=party.kind, name=party.name, id_type=party.id_type,
                      id_number=party.id_number, phone=party.phone, address=party.address,
                      representative=party.representative)


def paper_entry(scenario: Scenario, entry: MaterialEntry) -> MaterialEntry:
    paper = scenario.paper(entry.code)
    state = paper.state
    if state is PaperState.BROUGHT:
        return entry.model_copy(update={"received": True})
    if state is PaperState.MISSING:
        return entry.model_copy(update={"received": False})
    if state in DEFECT:
        return entry.model_copy(update={"received": True, "defect": DEFECT[state],
                                        "defect_note": paper.note})
    if state is PaperState.LICENCE:
        return entry.model_copy(update={"received": False,
                                        "licence_number": paper.licence_number})
    assert state is PaperState.PROMISED
    return entry.model_copy(update={"received": False, "tolerated": True,
                                    "commitment_due": TODAY + dt.timedelta(days=10)})


def ideal_draft(scenario: Scenario, item: ServiceItem) -> Draft:
    expected = scenario.expected
    draft = intake.new_draft(item)
    draft.answers.update(expected.answers)
    draft.applicant = entry_of(scenario.applicant)
    draft.agent = entry_of(scenario.agent) if scenario.agent is not None else None
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = paper_entry(scenario, entry)
    if expected.outcome == "refused":
        keyword = expected.refusal_keywords[0] if expected.refusal_keywords else "不符合受理条件"
        draft.refusal_reason = f"经核查，申请不符合受理条件：{keyword}。"
        draft.refusal_basis = "依据该事项办事指南所列法律法规"
    return draft


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_ideal_case_is_possible_and_scores_full_marks(path: Path) -> None:
    scenario = load_scenario(path)
    expected = scenario.expected
    item = ITEMS.get(expected.item)
    assert catalogue_problems(scenario, item) == []
    assert item is not None

    draft = ideal_draft(scenario, item)
    outcome = CaseStatus(expected.outcome)
    assert intake.blockers(draft, outcome, TODAY) == []
    if outcome is CaseStatus.NOTIFIED:
        # The notice the workstation prints lists exactly the scenario's materials.
        assert sorted(g.material.code for g in intake.gaps(draft)) == sorted(expected.notice)
    case = intake.submission(draft, outcome, case_number="PX2026112300001", clerk="demo",
                             window="1号窗口", decided_at=DECIDED,
                             due_date=TODAY + dt.timedelta(days=20)
                             if outcome is CaseStatus.ACCEPTED else None)
    result = assess(scenario, case, item, expected.printed(), elapsed=MINUTE)
    assert (result.score, result.mistakes) == (100, ())


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_scenario_fits_the_demo_data(path: Path) -> None:
    """What the trainee meets is really there: the card on the reader is this person's,
    numbers pass their check digits, a licence can be picked with Ctrl+L, each paper
    described is on the checklist, and every answer that switches materials on is given
    (assess scores the checklist of the expected answers only)."""
    scenario = load_scenario(path)
    item = ITEMS[scenario.expected.item]
    parties = [scenario.applicant] + ([scenario.agent] if scenario.agent else [])
    for party in parties:
        if party.id_type == intake.RESIDENT_ID:
            assert validation.check_resident_id(party.id_number, TODAY).ok, party.name
        elif party.id_type == intake.CREDIT_CODE:
            assert validation.check_credit_code(party.id_number).ok, party.name
        if party.card is not None:
            assert party.card in CARDS, party.card
            identity = CARDS[party.card].identity
            if identity is not None:
                assert (identity.name, identity.id_number) == (party.name, party.id_number)
                assert CardRead.of(identity).document == party.id_type

    applicable = {m.code for m in checklist.applicable(item, scenario.expected.answers)}
    assert {p.material for p in scenario.papers} <= applicable
    switching = {s.code for s in item.situations
                 if any(set(m.when) & {o.code for o in s.options} for m in item.materials)}
    assert switching <= set(scenario.expected.answers)

    holder = scenario.applicant
    materials = {m.code: m for m in item.materials}
    for paper in scenario.papers:
        if paper.state is PaperState.LICENCE:
            offered = [lic["number"] for lic in LICENCES.get((holder.id_type, holder.id_number), [])
                       if lic["licence_type"] == materials[paper.material].licence_type
                       and lic["status"] == "valid"]
            assert paper.licence_number in offered, paper.material


def test_the_under_age_groom_is_still_under_age() -> None:
    """The marriage refusal rests on the groom being under 22: true until August 2029."""
    scenario = load_scenario(default_directory() / "14-marriage-under-age.json")
    born = validation.birth_date_of(scenario.applicant.id_number)
    assert born is not None
    assert born.replace(year=born.year + 22) > TODAY
