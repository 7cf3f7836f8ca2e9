"""Training mode (sandbox only): scenarios, practice runs, scoring and the trainer's records.

A **scenario** is data (resources/training/scenarios/*.json, schema in that folder's
README): the applicant who comes to the counter (their identity, and the demo card they
put on the reader), what they say, which papers they bring (some missing, defective,
expired; an electronic licence instead of a paper; a 容缺 promise), and what a good clerk
does: the right item and situation answers, the materials recorded, the decision (accept,
a one-time notice listing exactly these materials, refuse) and the document printed;
optionally a time limit, and hints.

A **practice run**: the trainer picks scenarios for a trainee; the trainee works each one
through the normal application. When the trainee says the applicant is done, the case
they decided meanwhile (the newest one of the clerk logged in since the applicant
"arrived") is compared with the expectation by `assess`, which scores it out of 100 and
explains each mistake (`Mistake.code` + details; the UI and the report turn them into
sentences). Runs are kept sealed (the trainee's name is personal data) outside the
sandbox's resettable data, so a reset does not lose them: `TrainingRecords`.

Headless: no Qt. The UI is ui/training.py; the report PDF printing/training_report.py.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from offline.crypto import FieldCipher
from offline.errors import DecryptionError
from server.contract import CaseSubmission, ServiceItem
from server.contract.cases import CaseStatus
from workstation import checklist, validation
from workstation.errors import KnownError

log = logging.getLogger("workstation.training")

SCHEMA_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
RECORDS_KEY = "training-records-key"

# What each check is worth (out of 100), and what each penalty costs.
WEIGHTS = {"item": 25, "applicant": 10, "agent": 10, "answers": 10, "materials": 20,
           "outcome": 20, "documents": 5}
HINT_COST = 5
MAX_HINT_COST = 15
OVER_TIME_COST = 10
# The document each outcome is printed as (printing.case_documents).
DOCUMENT_OF_OUTCOME = {"accepted": "receipt", "notified": "notice", "refused": "refusal"}


# -- the scenario schema ------------------------------------------------------------------------

class _Strict(BaseModel):
    # A misspelt key is an error, not silently ignored: scenario authors see it at once.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Party(_Strict):
    """Who comes to the counter: the applicant (a person or an organisation), or an agent."""

    kind: Literal["person", "organisation"] = "person"
    name: str = Field(min_length=1, max_length=200)
    id_type: str = Field(default="居民身份证", min_length=1, max_length=40)
    id_number: str = Field(min_length=1, max_length=64)
    representative: str = Field(default="", max_length=200)  # organisations
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=300)
    # The demo card (resources/devices/demo_cards.json, by label) the person puts on the
    # reader; None: they show a document to type from.
    card: str | None = Field(default=None, max_length=100)
    valid_until: dt.date | None = None  # the document's expiry, when it matters

    @model_validator(mode="after")
    def _organisation_has_representative(self) -> Self:
        if self.kind == "organisation" and not self.representative.strip():
            raise ValueError("an organisation needs its representative (法定代表人/负责人)")
        return self


class PaperState(StrEnum):
    BROUGHT = "brought"  # handed in as the guide asks
    MISSING = "missing"  # not brought
    DEFECTIVE = "defective"  # brought, but not acceptable (incomplete, unsigned, wrong copy)
    EXPIRED = "expired"  # brought, but past its validity
    LICENCE = "licence"  # not brought on paper: an electronic licence stands in
    PROMISED = "promised"  # not brought; the applicant promises it (容缺, where allowed)


class Paper(_Strict):
    """One material of the checklist as the applicant has it. Applicable materials a
    scenario does not list are brought as the guide asks."""

    material: str = Field(min_length=1, max_length=32)  # the item's material code
    state: PaperState
    note: str = Field(default="", max_length=300)  # what the trainee sees: "复印件缺第2页"
    licence_number: str | None = Field(default=None, max_length=80)

    @model_validator(mode="after")
    def _licence_has_number(self) -> Self:
        if (self.state is PaperState.LICENCE) != (self.licence_number is not None):
            raise ValueError("a licence_number goes with state \"licence\", and only there")
        return self


class Expected(_Strict):
    """What a good clerk does with this applicant."""

    item: str = Field(min_length=1, max_length=100)  # the service item's code
    answers: dict[str, list[str]] = Field(default_factory=dict)  # situation code -> options
    outcome: Literal["accepted", "notified", "refused"]
    # notified: exactly these materials (codes) on the one-time notice
    notice: list[str] = Field(default_factory=list)
    # Recorded as an agent acting for the applicant.
    agent: bool = False
    # The refusal's reason must mention one of these words (refused only).
    refusal_keywords: list[str] = Field(default_factory=list)
    # Printed for the applicant; default: the document of the outcome.
    documents: list[Literal["receipt", "notice", "refusal"]] | None = None

    @model_validator(mode="after")
    def _outcome_fits(self) -> Self:
        if self.outcome == "notified" and not self.notice:
            raise ValueError("a one-time notice lists its materials (\"notice\")")
        if self.outcome != "notified" and self.notice:
            raise ValueError("\"notice\" belongs to the outcome \"notified\"")
        if self.outcome != "refused" and self.refusal_keywords:
            raise ValueError("\"refusal_keywords\" belong to the outcome \"refused\"")
        return self

    def printed(self) -> list[str]:
        return list(self.documents) if self.documents is not None else [
            DOCUMENT_OF_OUTCOME[self.outcome]]


class Scenario(_Strict):
    schema_version: int = Field(alias="schema", ge=SCHEMA_VERSION, le=SCHEMA_VERSION)
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str = Field(min_length=1, max_length=100)
    summary: str = Field(min_length=1, max_length=500)  # for the trainer choosing
    level: int = Field(ge=1, le=3)  # 1 basic, 2 common pitfalls, 3 hard
    time_limit_minutes: int | None = Field(default=None, ge=1, le=120)
    applicant: Party
    agent: Party | None = None
    says: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(min_length=1)
    papers: list[Paper] = Field(default_factory=list)
    expected: Expected
    hints: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(
        default_factory=list)
    debrief: str = Field(min_length=1, max_length=1000)  # what a good clerk does, and why

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [p.material for p in self.papers]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"papers list a material more than once: {', '.join(twice)}")
        if self.expected.agent != (self.agent is not None):
            raise ValueError("expected.agent is true exactly when the scenario has an agent")
        return self

    def paper(self, code: str) -> Paper:
        return next((p for p in self.papers if p.material == code),
                    Paper(material=code, state=PaperState.BROUGHT))


@dataclass(frozen=True)
class ScenarioProblem:
    """Why a scenario file was not loaded (or does not fit the catalogue)."""

    file: str
    where: str  # the place in the file: "expected.outcome", "line 12 column 5", ""
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}" if self.where else \
            f"{self.file}: {self.message}"


@dataclass(frozen=True)
class ScenarioSet:
    scenarios: dict[str, Scenario]  # by id, in file order
    problems: tuple[ScenarioProblem, ...]


def default_directory() -> Path:
    return Path(str(resources.files("resources").joinpath("training", "scenarios")))


def load_scenario(path: Path) -> Scenario:
    """One scenario file; ScenarioError with every problem found in it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([ScenarioProblem(path.name, "", f"cannot be read: {exc}")]) from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError([ScenarioProblem(
            path.name, f"line {exc.lineno} column {exc.colno}", f"not JSON: {exc.msg}")]) \
            from exc
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError([
            ScenarioProblem(path.name, ".".join(str(p) for p in error["loc"]) or "",
                            _message(error)) for error in exc.errors()]) from exc


def _message(error: Mapping[str, Any]) -> str:
    kind, message = str(error.get("type", "")), str(error.get("msg", ""))
    if kind == "extra_forbidden":
        return "unknown key (misspelt?)"
    if kind == "missing":
        return "required, missing"
    return message.removeprefix("Value error, ")


def load_scenarios(directory: Path | None = None) -> ScenarioSet:
    """Every ``*.json`` scenario in `directory` (default: the shipped ones). A broken file
    is reported (`problems`) and the others still load."""
    folder = default_directory() if directory is None else Path(directory)
    found: dict[str, Scenario] = {}
    problems: list[ScenarioProblem] = []
    if not folder.is_dir():
        return ScenarioSet({}, (ScenarioProblem(str(folder), "", "not a directory"),))
    for path in sorted(folder.glob("*.json")):
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            log.warning("training scenario %s not loaded: %d problem(s)", path.name,
                        len(exc.problems))
            continue
        if scenario.id in found:
            problems.append(ScenarioProblem(path.name, "id",
                                            f"the id {scenario.id} is used by another file"))
            continue
        found[scenario.id] = scenario
    return ScenarioSet(found, tuple(problems))


def catalogue_problems(scenario: Scenario, item: ServiceItem | None) -> list[str]:
    """Where a scenario does not fit the catalogue it is played against: an unknown item,
    situation, option or material (the trainer sees these before starting)."""
    if item is None:
        return [f"no service item {scenario.expected.item}"]
    found: list[str] = []
    situations = {s.code: s for s in item.situations}
    for code, options in scenario.expected.answers.items():
        situation = situations.get(code)
        if situation is None:
            found.append(f"the item has no situation {code}")
            continue
        known = {o.code for o in situation.options}
        found += [f"situation {code} has no option {o}" for o in options if o not in known]
        if len(options) != 1 and not situation.multiple:
            found.append(f"situation {code} takes exactly one option")
    materials = {m.code: m for m in item.materials}
    for paper in scenario.papers:
        material = materials.get(paper.material)
        if material is None:
            found.append(f"the item has no material {paper.material}")
        elif paper.state is PaperState.LICENCE and not material.licence_type:
            found.append(f"material {paper.material} has no electronic licence")
        elif paper.state is PaperState.PROMISED and not material.tolerance_allowed:
            found.append(f"material {paper.material} may not be promised (no 容缺)")
    found += [f"the notice lists {code}, which the item does not have"
              for code in scenario.expected.notice if code not in materials]
    return found


class ScenarioError(KnownError):
    code = "training.scenario_invalid"

    def __init__(self, problems: Sequence[ScenarioProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


class TrainingError(KnownError):
    """A training action that cannot be done now: `code` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code


# -- assessing an attempt -----------------------------------------------------------------------

@dataclass(frozen=True)
class Mistake:
    """One thing the trainee did not do as a good clerk would. `code` is stable (the UI
    and the report translate it); `detail` holds the names to put into the sentence."""

    code: str
    points: int  # what it cost
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    score: int  # 0..100
    mistakes: tuple[Mistake, ...]
    case_number: str | None  # the case assessed; None when none was decided


def assess(scenario: Scenario, case: CaseSubmission | None, item: ServiceItem | None,
           printed: Iterable[str], *, elapsed: dt.timedelta, hints_used: int = 0
           ) -> Assessment:
    """Score the case the trainee decided against the scenario (see the module doc).
    `item`: the item the case was taken in with (its materials' names); `printed`: the
    documents printed for the case (`receipt`, `notice`, `refusal`)."""
    mistakes: list[Mistake] = []
    expected = scenario.expected
    penalty = min(HINT_COST * hints_used, MAX_HINT_COST)
    if hints_used:
        mistakes.append(Mistake("hints_used", penalty, {"count": str(hints_used)}))
    limit = scenario.time_limit_minutes
    if limit is not None and elapsed > dt.timedelta(minutes=limit):
        penalty += OVER_TIME_COST
        mistakes.append(Mistake("over_time", OVER_TIME_COST, {
            "minutes": str(max(1, round(elapsed.total_seconds() / 60))),
            "limit": str(limit)}))
    if case is None:
        mistakes.insert(0, Mistake("no_case", 100))
        return Assessment(0, tuple(mistakes), None)

    lost = 0
    if case.item_code != expected.item:
        lost += WEIGHTS["item"] + WEIGHTS["answers"] + WEIGHTS["materials"]
        mistakes.append(Mistake("wrong_item", WEIGHTS["item"] + WEIGHTS["answers"]
                                + WEIGHTS["materials"], {"chosen": case.item_name}))
    else:
        lost += _answers(scenario, case, item, mistakes)
        lost += _materials(scenario, case, item, mistakes)
    lost += _parties(scenario, case, mistakes)
    lost += _outcome(scenario, case, item, mistakes)
    wanted = expected.printed()
    missing = [d for d in wanted if d not in set(printed)]
    if missing:
        lost += WEIGHTS["documents"]
        mistakes += [Mistake("document_not_printed", WEIGHTS["documents"] // len(missing)
                             or 1, {"document": d}) for d in missing]
    score = max(0, 100 - lost - penalty)
    return Assessment(score, tuple(mistakes), case.case_number)


def _names(item: ServiceItem | None) -> dict[str, str]:
    return {} if item is None else {m.code: m.name for m in item.materials}


def _answers(scenario: Scenario, case: CaseSubmission, item: ServiceItem | None,
             mistakes: list[Mistake]) -> int:
    expected = scenario.expected.answers
    if not expected:
        return 0
    questions = {} if item is None else {s.code: s for s in item.situations}
    wrong = []
    for code, options in expected.items():
        chosen = case.situation_answers.get(code, [])
        if sorted(chosen) != sorted(options):
            situation = questions.get(code)
            labels = {} if situation is None else {o.code: o.label for o in situation.options}
            wrong.append({"question": situation.question if situation else code,
                          "expected": "、".join(labels.get(o, o) for o in options),
                          "chosen": "、".join(labels.get(o, o) for o in chosen) or "—"})
    if not wrong:
        return 0
    share = max(1, WEIGHTS["answers"] // len(expected))
    cost = min(WEIGHTS["answers"], share * len(wrong))
    for detail in wrong:
        mistakes.append(Mistake("wrong_answer", share, detail))
    return cost


def _recorded_state(material: Any) -> str:
    """How the case recorded a material: licence, tolerated, defective, received, none."""
    if material.licence_number:
        return "licence"
    if material.tolerated:
        return "tolerated"
    if material.received and material.defect is not None:
        return "defective"
    if material.received:
        return "received"
    return "none"


# What the clerk should record for each paper state, and the mistake for anything else.
_GOOD = {
    # An electronic licence may stand in for a paper brought as well.
    PaperState.BROUGHT: {"received", "licence"},
    PaperState.MISSING: {"none"},
    PaperState.DEFECTIVE: {"defective", "none"},
    PaperState.EXPIRED: {"defective", "none"},
    PaperState.LICENCE: {"licence"},
    PaperState.PROMISED: {"tolerated"},
}


def _material_mistake(paper: Paper, recorded: str) -> str:
    if paper.state is PaperState.BROUGHT:
        return "material_not_recorded" if recorded == "none" else "material_wrongly_flagged"
    if paper.state is PaperState.MISSING:
        return "material_not_brought"  # recorded as received (or licensed, promised)
    if paper.state in (PaperState.DEFECTIVE, PaperState.EXPIRED):
        return "defect_missed"
    if paper.state is PaperState.LICENCE:
        return "licence_not_used"
    return "tolerance_not_used"


def _materials(scenario: Scenario, case: CaseSubmission, item: ServiceItem | None,
               mistakes: list[Mistake]) -> int:
    """Each material of the case's checklist against the paper the applicant has. A
    material the right situation answers require but the case lacks counts as wrong."""
    names = _names(item)
    recorded = {m.code: m for m in case.materials}
    # The checklist as the right answers make it: the expected ones, the item's default
    # for a question the scenario leaves out (the trainee had no reason to change it).
    applicable = ([m.code for m in checklist.applicable(
        item, {**checklist.default_answers(item), **scenario.expected.answers})]
        if item is not None else list(recorded))
    if not applicable:
        return 0
    share = WEIGHTS["materials"] / len(applicable)
    wrong = 0
    for code in applicable:
        paper = scenario.paper(code)
        material = recorded.get(code)
        state = "none" if material is None else _recorded_state(material)
        if state in _GOOD[paper.state]:
            continue
        wrong += 1
        mistakes.append(Mistake(_material_mistake(paper, state), max(1, round(share)), {
            "material": names.get(code, code), "note": paper.note}))
    return min(WEIGHTS["materials"], round(share * wrong))


def _same_number(a: str, b: str) -> bool:
    return validation.normalise(a) == validation.normalise(b)


def _parties(scenario: Scenario, case: CaseSubmission, mistakes: list[Mistake]) -> int:
    lost = 0
    want = scenario.applicant
    if not (_same_number(case.applicant.id_number, want.id_number)
            and case.applicant.name.strip() == want.name.strip()):
        lost += WEIGHTS["applicant"]
        mistakes.append(Mistake("wrong_applicant", WEIGHTS["applicant"], {
            "expected": want.name, "recorded": case.applicant.name}))
    agent = scenario.agent
    if agent is not None and case.agent is None:
        lost += WEIGHTS["agent"]
        mistakes.append(Mistake("agent_missing", WEIGHTS["agent"], {"expected": agent.name}))
    elif agent is None and case.agent is not None:
        lost += WEIGHTS["agent"]
        mistakes.append(Mistake("agent_unexpected", WEIGHTS["agent"],
                                {"recorded": case.agent.name}))
    elif agent is not None and case.agent is not None and not (
            _same_number(case.agent.id_number, agent.id_number)
            and case.agent.name.strip() == agent.name.strip()):
        lost += WEIGHTS["agent"]
        mistakes.append(Mistake("wrong_agent", WEIGHTS["agent"], {
            "expected": agent.name, "recorded": case.agent.name}))
    return lost


def _outcome(scenario: Scenario, case: CaseSubmission, item: ServiceItem | None,
             mistakes: list[Mistake]) -> int:
    expected = scenario.expected
    if case.status.value != expected.outcome:
        mistakes.append(Mistake("wrong_outcome", WEIGHTS["outcome"], {
            "expected": expected.outcome, "chosen": case.status.value}))
        return WEIGHTS["outcome"]
    names = _names(item)
    if case.status is CaseStatus.NOTIFIED:
        # On the notice: what the case recorded as not there or not acceptable.
        listed = {m.code for m in case.materials
                  if _recorded_state(m) in ("none", "defective")
                  and (m.defect is not None or _required(item, m.code))}
        wanted = set(expected.notice)
        extra, omitted = sorted(listed - wanted), sorted(wanted - listed)
        if extra or omitted:
            share = max(1, WEIGHTS["outcome"] // 2)
            for code in omitted:
                mistakes.append(Mistake("notice_omits", share, {"material": names.get(code,
                                                                                      code)}))
            for code in extra:
                mistakes.append(Mistake("notice_extra", share, {"material": names.get(code,
                                                                                      code)}))
            return min(WEIGHTS["outcome"], share * (len(extra) + len(omitted)))
    if case.status is CaseStatus.REFUSED and expected.refusal_keywords:
        reason = case.refusal_reason
        if not any(k in reason for k in expected.refusal_keywords):
            mistakes.append(Mistake("refusal_reason", WEIGHTS["outcome"] // 2, {
                "keywords": "、".join(expected.refusal_keywords)}))
            return WEIGHTS["outcome"] // 2
    return 0


def _required(item: ServiceItem | None, code: str) -> bool:
    if item is None:
        return True
    return next((m.required for m in item.materials if m.code == code), True)


# -- practice runs --------------------------------------------------------------------------------

class Attempt(BaseModel):
    """One scenario of a run, as the trainee worked it."""

    model_config = ConfigDict(extra="ignore")

    scenario_id: str
    title: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    hints_used: int = 0
    case_number: str | None = None
    score: int | None = None
    mistakes: list[dict[str, Any]] = Field(default_factory=list)  # Mistake as JSON

    @property
    def seconds(self) -> float:
        end = self.finished_at or self.started_at
        return max(0.0, (end - self.started_at).total_seconds())

    def mistake_list(self) -> list[Mistake]:
        return [Mistake(str(m["code"]), int(m["points"]), dict(m.get("detail", {})))
                for m in self.mistakes]


class PracticeRun(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    trainee: str = Field(min_length=1, max_length=100)
    trainer: str = ""  # the account that started it
    scenario_ids: list[str] = Field(min_length=1)
    started_at: dt.datetime
    finished_at: dt.datetime | None = None
    attempts: list[Attempt] = Field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    @property
    def total(self) -> int | None:
        scores = [a.score for a in self.attempts if a.score is not None]
        return round(sum(scores) / len(self.scenario_ids)) if scores else None


class TrainingRecords:
    """The trainer's records of practice runs: one sealed JSON file per run, kept in a
    folder outside the sandbox's resettable data. Written atomically."""

    def __init__(self, folder: Path, cipher: FieldCipher) -> None:
        self.folder = folder
        self.cipher = cipher

    def _path(self, run_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{32}", run_id):
            raise ValueError(f"not a run id: {run_id!r}")
        return self.folder / f"run-{run_id}.sealed"

    def save(self, run: PracticeRun) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(run.id)
        sealed = self.cipher.seal(run.model_dump_json().encode(), f"training.run:{run.id}")
        temporary = path.with_name(f".{path.name}.part-{os.getpid()}")
        with open(temporary, "wb") as out:
            out.write(sealed)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)

    def runs(self) -> list[PracticeRun]:
        """Every run kept, oldest first; an unreadable file is logged and skipped."""
        found: list[PracticeRun] = []
        for path in sorted(self.folder.glob("run-*.sealed")) if self.folder.is_dir() else []:
            run_id = path.stem.removeprefix("run-")
            try:
                plain = self.cipher.open(path.read_bytes(), f"training.run:{run_id}")
                found.append(PracticeRun.model_validate_json(plain))
            except (OSError, DecryptionError, ValidationError) as exc:
                # A damaged or foreign file must not hide the rest.
                log.warning("training record %s unreadable: %s", path.name, type(exc).__name__)
        return sorted(found, key=lambda r: r.started_at)

    def run(self, run_id: str) -> PracticeRun | None:
        return next((r for r in self.runs() if r.id == run_id), None)


@dataclass(frozen=True)
class TraineeSummary:
    """A trainee's line in the trainer's comparison."""

    trainee: str
    runs: int
    attempts: int
    average: int | None  # over every assessed attempt
    best: int | None
    last: int | None  # the latest run's total
    minutes_per_applicant: float | None
    by_scenario: dict[str, int]  # scenario id -> best score


def compare(runs: Iterable[PracticeRun]) -> list[TraineeSummary]:
    """Trainees side by side, best average first."""
    by_trainee: dict[str, list[PracticeRun]] = {}
    for run in runs:
        by_trainee.setdefault(run.trainee.strip(), []).append(run)
    lines = []
    for trainee, theirs in by_trainee.items():
        attempts = [a for r in theirs for a in r.attempts if a.score is not None]
        scores = [a.score for a in attempts if a.score is not None]
        best_of: dict[str, int] = {}
        for a in attempts:
            assert a.score is not None
            best_of[a.scenario_id] = max(best_of.get(a.scenario_id, 0), a.score)
        last = max(theirs, key=lambda r: r.started_at).total
        lines.append(TraineeSummary(
            trainee=trainee, runs=len(theirs), attempts=len(attempts),
            average=round(sum(scores) / len(scores)) if scores else None,
            best=max(scores) if scores else None, last=last,
            minutes_per_applicant=(sum(a.seconds for a in attempts) / 60 / len(attempts)
                                   if attempts else None),
            by_scenario=best_of))
    return sorted(lines, key=lambda s: (-(s.average or 0), s.trainee))


# -- the training desk of a workstation -----------------------------------------------------------

CaseFinder = Callable[[dt.datetime], CaseSubmission | None]
PrintedFinder = Callable[[uuid.UUID], list[str]]
ItemFinder = Callable[[str], ServiceItem | None]


@dataclass
class Training:
    """A practice run at this workstation (sandbox only). Get it from
    `Workstation.training()`. The finders read the workstation's store: the newest case
    the clerk logged in decided since a time, the documents printed for a case, an item."""

    scenarios: ScenarioSet
    records: TrainingRecords
    find_case: CaseFinder
    find_printed: PrintedFinder
    find_item: ItemFinder
    trainer: str = ""
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    run: PracticeRun | None = None

    def problems_of(self, scenario_id: str) -> list[str]:
        scenario = self.scenarios.scenarios[scenario_id]
        return catalogue_problems(scenario, self.find_item(scenario.expected.item))

    def start(self, trainee: str, scenario_ids: Sequence[str]) -> PracticeRun:
        """A new run for a trainee; the first applicant arrives at once."""
        if not trainee.strip():
            raise TrainingError("training.trainee")
        unknown = [s for s in scenario_ids if s not in self.scenarios.scenarios]
        if not scenario_ids or unknown:
            raise TrainingError("training.scenarios", ", ".join(unknown))
        now = self.clock()
        self.run = PracticeRun(trainee=trainee.strip(), trainer=self.trainer,
                               scenario_ids=list(scenario_ids), started_at=now)
        self._arrive(now)
        return self.run

    def _arrive(self, now: dt.datetime) -> None:
        assert self.run is not None
        scenario = self.scenarios.scenarios[self.run.scenario_ids[len(self.run.attempts)]]
        self.run.attempts.append(Attempt(scenario_id=scenario.id, title=scenario.title,
                                         started_at=now))
        self.records.save(self.run)

    @property
    def attempt(self) -> Attempt | None:
        """The applicant at the counter now (None: no run, or the run is over)."""
        if self.run is None or self.run.done or not self.run.attempts:
            return None
        last = self.run.attempts[-1]
        return None if last.finished_at is not None else last

    def scenario(self) -> Scenario | None:
        attempt = self.attempt
        return None if attempt is None else self.scenarios.scenarios[attempt.scenario_id]

    def hint(self) -> str | None:
        """The next hint (it costs points), None when there are no more."""
        attempt, scenario = self.attempt, self.scenario()
        if attempt is None or scenario is None:
            raise TrainingError("training.no_applicant")
        if attempt.hints_used >= len(scenario.hints):
            return None
        text = scenario.hints[attempt.hints_used]
        attempt.hints_used += 1
        assert self.run is not None
        self.records.save(self.run)
        return text

    def finish(self) -> Assessment:
        """The trainee is done with this applicant: assess the case decided meanwhile,
        keep it, and let the next applicant arrive (or end the run)."""
        attempt, scenario = self.attempt, self.scenario()
        if attempt is None or scenario is None or self.run is None:
            raise TrainingError("training.no_applicant")
        now = self.clock()
        case = self.find_case(attempt.started_at)
        item = None if case is None else self.find_item(case.item_code)
        printed = [] if case is None else self.find_printed(case.uuid)
        result = assess(scenario, case, item, printed, elapsed=now - attempt.started_at,
                        hints_used=attempt.hints_used)
        attempt.finished_at = now
        attempt.case_number = result.case_number
        attempt.score = result.score
        attempt.mistakes = [{"code": m.code, "points": m.points, "detail": m.detail}
                            for m in result.mistakes]
        if len(self.run.attempts) < len(self.run.scenario_ids):
            self._arrive(now)
        else:
            self.run.finished_at = now
            self.records.save(self.run)
        return result

    def stop(self) -> PracticeRun | None:
        """End the run early (the trainer's word): what was done is kept."""
        run = self.run
        if run is None or run.done:
            return run
        if run.attempts and run.attempts[-1].finished_at is None:
            run.attempts.pop()  # the applicant at the counter was never assessed
        run.finished_at = self.clock()
        self.records.save(run)
        return run

    def report_pdf(self, run: PracticeRun) -> bytes:
        """The trainee report of a run (printing.training_report), training-marked."""
        from printing import training_report

        lines = []
        for attempt in run.attempts:
            scenario = self.scenarios.scenarios.get(attempt.scenario_id)
            lines.append(training_report.ScenarioLine(
                title=attempt.title, score=attempt.score, seconds=attempt.seconds,
                hints=attempt.hints_used, case_number=attempt.case_number or "",
                mistakes=[(m.code, training_report.mistake_sentence(m.code, m.detail),
                           m.points) for m in attempt.mistake_list()],
                debrief=scenario.debrief if scenario is not None else ""))
        return training_report.render(training_report.Report(
            trainee=run.trainee, trainer=run.trainer, started_at=run.started_at.astimezone(),
            finished_at=None if run.finished_at is None else run.finished_at.astimezone(),
            total=run.total, lines=lines, planned=len(run.scenario_ids)),
            watermark=checklist.TRAINING_WATERMARK)
