"""Training mode's core: scenario files and their errors, the assessment of a decided case,
practice runs against a sandbox workstation, and the trainer's sealed records."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.contract import CaseSubmission, ServiceItem
from server.contract.cases import CaseStatus
from server.seed.demo import demo_items
from tests.system.services import require
from workstation import intake
from workstation.core import Workstation
from workstation.intake import PartyEntry
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncEngine
from workstation.training import (
    Mistake,
    PracticeRun,
    Scenario,
    TrainingError,
    TrainingRecords,
    assess,
    compare,
    default_directory,
    load_scenarios,
)

ITEMS = {i["code"]: ServiceItem.model_validate(i) for i in demo_items()}
SHIPPED = load_scenarios()
RENEWAL = SHIPPED.scenarios["id-renewal-complete"]
NO_PHOTO = SHIPPED.scenarios["id-renewal-expired-no-photo"]
DECIDED = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)


def decided(scenario: Scenario, outcome: CaseStatus, *, item_code: str | None = None,
            missing: tuple[str, ...] = (), answers: dict[str, list[str]] | None = None,
            name: str | None = None) -> tuple[CaseSubmission, ServiceItem]:
    """The case a trainee decided: the scenario's applicant, every applicable material
    received except `missing`."""
    item = ITEMS[item_code or scenario.expected.item]
    draft = intake.new_draft(item)
    draft.answers.update(scenario.expected.answers if answers is None else answers)
    person = scenario.applicant
    draft.applicant = PartyEntry(name=name or person.name, id_number=person.id_number)
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(
            update={"received": material.code not in missing})
    case = intake.submission(draft, outcome, case_number="PX2026112300001", clerk="demo",
                             window="1号窗口", decided_at=DECIDED, due_date=None)
    return case, item


def pdf_text(pdf: bytes, path: Path) -> str:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"[ \t]+", "", out)


def codes(mistakes: tuple[Mistake, ...]) -> list[str]:
    return [m.code for m in mistakes]


# -- scenario files ---------------------------------------------------------------------------

def test_the_shipped_scenarios_load_and_fit_the_demo_catalogue() -> None:
    from workstation.training import catalogue_problems

    assert SHIPPED.problems == ()
    assert len(SHIPPED.scenarios) >= 3
    for scenario in SHIPPED.scenarios.values():
        assert catalogue_problems(scenario, ITEMS.get(scenario.expected.item)) == [], \
            scenario.id


def test_a_broken_file_is_reported_with_where_and_why_and_the_others_still_load(
        tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    shutil.copytree(default_directory(), folder)
    raw = json.loads((folder / "01-id-renewal-complete.json").read_text("utf-8"))
    (folder / "90-not-json.json").write_text('{"schema": 1,\n  "id": "x",,\n}', "utf-8")
    misspelt = {**raw, "id": "misspelt", "expectd": raw["expected"]}
    del misspelt["expected"]
    (folder / "91-misspelt.json").write_text(json.dumps(misspelt, ensure_ascii=False), "utf-8")
    wrong = {**raw, "id": "notice-without-materials",
             "expected": {**raw["expected"], "outcome": "notified"},
             "papers": [{"material": "M02", "state": "licence"}]}
    (folder / "92-wrong.json").write_text(json.dumps(wrong, ensure_ascii=False), "utf-8")
    twin = {**raw, "title": "the same id again"}
    (folder / "93-twin.json").write_text(json.dumps(twin, ensure_ascii=False), "utf-8")

    loaded = load_scenarios(folder)
    assert set(loaded.scenarios) == set(SHIPPED.scenarios)  # the good ones all load
    found = {(p.file, p.where, p.message) for p in loaded.problems}
    assert ("90-not-json.json", "line 2 column 13",
            "not JSON: Expecting property name enclosed in double quotes") in found
    assert ("91-misspelt.json", "expectd", "unknown key (misspelt?)") in found
    assert ("91-misspelt.json", "expected", "required, missing") in found
    assert ("92-wrong.json", "papers.0",
            'a licence_number goes with state "licence", and only there') in found
    assert ("92-wrong.json", "expected",
            'a one-time notice lists its materials ("notice")') in found
    assert ("93-twin.json", "id",
            "the id id-renewal-complete is used by another file") in found
    assert str(loaded.problems[0]).startswith("90-not-json.json: line 2 column 13: ")


def test_scenarios_that_do_not_fit_the_catalogue_are_named() -> None:
    from workstation.training import catalogue_problems

    raw = json.loads(NO_PHOTO.model_dump_json(by_alias=True))
    raw["expected"]["answers"] = {"S_REASON": ["lost"], "S_NONE": ["x"]}
    raw["papers"] = [{"material": "M09", "state": "missing"},
                     {"material": "M03", "state": "promised"}]
    raw["expected"]["notice"] = ["M04"]
    odd = Scenario.model_validate(raw)
    assert catalogue_problems(odd, ITEMS[NO_PHOTO.expected.item]) == [
        "situation S_REASON has no option lost", "the item has no situation S_NONE",
        "the item has no material M09", "material M03 may not be promised (no 容缺)"]
    assert catalogue_problems(odd, None) == [f"no service item {NO_PHOTO.expected.item}"]


# -- assessing ----------------------------------------------------------------------------------

def test_done_right_scores_full_marks() -> None:
    case, item = decided(NO_PHOTO, CaseStatus.NOTIFIED, missing=("M04",))
    result = assess(NO_PHOTO, case, item, ["notice"], elapsed=3 * MINUTE)
    assert (result.score, result.mistakes, result.case_number) == (100, (), case.case_number)


def test_each_mistake_costs_points_and_says_what() -> None:
    # Accepted although the photo is missing: the material is recorded as handed in, the
    # decision is wrong, and the receipt went out instead of the notice.
    case, item = decided(NO_PHOTO, CaseStatus.ACCEPTED)
    result = assess(NO_PHOTO, case, item, ["receipt"], elapsed=MINUTE)
    assert codes(result.mistakes) == ["material_not_brought", "wrong_outcome",
                                      "document_not_printed"]
    assert result.mistakes[0].detail["material"] == "近期免冠数码照片"
    assert result.mistakes[1].detail == {"expected": "notified", "chosen": "accepted"}
    assert result.score == 100 - 5 - 20 - 5

    # A notice that also lists the household register the applicant did bring.
    case, item = decided(NO_PHOTO, CaseStatus.NOTIFIED, missing=("M02", "M04"))
    result = assess(NO_PHOTO, case, item, ["notice"], elapsed=MINUTE)
    assert codes(result.mistakes) == ["material_not_recorded", "notice_extra"]
    assert result.mistakes[1].detail["material"] == "居民户口簿"
    assert result.score == 100 - 5 - 10

    # The wrong item (补领 for a renewal) loses its answers and materials with it.
    lost = next(c for c, i in ITEMS.items() if i.name == "居民身份证补领")
    case, item = decided(RENEWAL, CaseStatus.ACCEPTED, item_code=lost, answers={})
    result = assess(RENEWAL, case, item, ["receipt"], elapsed=MINUTE)
    assert codes(result.mistakes) == ["wrong_item"]
    assert result.mistakes[0].detail == {"chosen": "居民身份证补领"}
    assert result.score == 100 - 25 - 10 - 20

    # Another reason, another person's name, two hints and over the time limit.
    case, item = decided(RENEWAL, CaseStatus.ACCEPTED, answers={"S_REASON": ["damage"]},
                         name="林小静")
    result = assess(RENEWAL, case, item, ["receipt"], elapsed=9 * MINUTE, hints_used=2)
    assert codes(result.mistakes) == ["hints_used", "over_time", "wrong_answer",
                                      "wrong_applicant"]
    assert result.mistakes[1].detail == {"minutes": "9", "limit": "5"}
    assert result.mistakes[2].detail == {"question": "换领的原因？",
                                         "expected": "有效期满或即将期满", "chosen": "证件损坏"}
    assert result.score == 100 - 10 - 10 - 10 - 10


def test_no_case_decided_scores_nothing() -> None:
    result = assess(RENEWAL, None, None, [], elapsed=MINUTE, hints_used=5)
    assert result.score == 0 and result.case_number is None
    assert codes(result.mistakes) == ["no_case", "hints_used"]
    assert result.mistakes[1].points == 15  # hints cost at most 15


# -- practice runs at a sandbox workstation -----------------------------------------------------

@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Workstation]:
    ws = Workstation(paths_for(Mode.SANDBOX, tmp_path / "sandbox"),
                     vault=FileVault(tmp_path / "vault.json"))
    try:
        ws.login("demo", "demo1234")
        assert ws.api is not None and SyncEngine(ws.store, ws.api).sync_once().ok
        yield ws
    finally:
        ws.close()


def test_a_practice_run_assesses_each_applicant_and_keeps_the_record_sealed(
        sandbox: Workstation) -> None:
    ws = sandbox
    clock = [dt.datetime.now(dt.UTC)]
    training = ws.training()
    training.clock = lambda: clock[0]
    with pytest.raises(TrainingError) as nobody:
        training.start("  ", ["id-renewal-complete"])
    assert nobody.value.code == "training.trainee"
    with pytest.raises(TrainingError):
        training.start("王小明", ["no-such-scenario"])
    run = training.start("王小明", ["id-renewal-complete", "id-renewal-expired-no-photo"])
    assert training.scenario() == RENEWAL
    assert training.hint() == RENEWAL.hints[0]

    # The trainee takes the case in through the core, as the UI does, and prints.
    draft = intake.new_draft(ws.item(RENEWAL.expected.item) or ITEMS[RENEWAL.expected.item])
    draft.applicant = PartyEntry(name="林晓静", id_number="110101199003078523")
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True})
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    ws.record_print(case.uuid, "receipt", "training-pdf", "training-pdf-1")
    clock[0] += 2 * MINUTE
    first = training.finish()
    assert (first.score, codes(first.mistakes)) == (95, ["hints_used"])
    assert first.case_number == case.case_number and case.case_number.startswith("PX")

    # The next applicant arrives; nothing is decided for them before "done".
    assert training.scenario() == NO_PHOTO
    clock[0] += 7 * MINUTE
    second = training.finish()
    assert second.score == 0 and codes(second.mistakes) == ["no_case", "over_time"]
    assert training.attempt is None and run.done and run.total == 48

    # Kept sealed, outside what a reset of the sandbox removes; readable again.
    files = list(ws.training_records_folder.iterdir())
    assert len(files) == 1 and "王小明".encode() not in files[0].read_bytes()
    (kept,) = ws.training().records.runs()
    assert (kept.trainee, [a.score for a in kept.attempts]) == ("王小明", [95, 0])
    assert kept.attempts[0].mistake_list()[0].detail == {"count": "1"}

    # The trainee report: scores, time, every mistake as a sentence, the debrief.
    text = pdf_text(training.report_pdf(kept), ws.paths.root / "report.pdf")
    for wanted in ("培训练习报告", "学员：王小明", "总分（按全部情景平均）：48分",
                   RENEWAL.title, "2分00秒", "使用了1次提示。（扣5分）",
                   "本情景没有办结任何案件", "超过了6分钟的时限", case.case_number,
                   "要点：" + NO_PHOTO.debrief[:20]):
        assert wanted in text, wanted
    assert "".join(text.split("\n")[:6]) == "培训专用无效"  # the diagonal mark, a glyph a line


def test_a_stopped_run_keeps_what_was_done_and_damaged_records_are_skipped(
        sandbox: Workstation) -> None:
    training = sandbox.training()
    training.start("李娜", ["id-renewal-complete", "id-renewal-expired-no-photo"])
    run = training.stop()
    assert run is not None and run.done and run.attempts == [] and run.total is None
    (sandbox.training_records_folder / ("run-" + "0" * 32 + ".sealed")).write_bytes(b"junk")
    assert [r.trainee for r in sandbox.training().records.runs()] == ["李娜"]


def test_training_is_for_sandbox_mode_only(tmp_path: Path) -> None:
    ws = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "production"), server_url="",
                     vault=FileVault(tmp_path / "vault.json"))
    try:
        with pytest.raises(TrainingError) as refused:
            ws.training()
        assert refused.value.code == "training.production"
    finally:
        ws.close()


def test_trainees_compared_side_by_side(tmp_path: Path) -> None:
    from offline.crypto import FieldCipher

    records = TrainingRecords(tmp_path / "records", FieldCipher(b"k" * 32))
    start = dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC)

    def run(trainee: str, scores: list[int], minutes: int, day: int) -> PracticeRun:
        from workstation.training import Attempt

        at = start + dt.timedelta(days=day)
        attempts = [Attempt(scenario_id=f"s{i}", title=f"s{i}", started_at=at,
                            finished_at=at + dt.timedelta(minutes=minutes), score=s)
                    for i, s in enumerate(scores)]
        return PracticeRun(trainee=trainee, scenario_ids=[f"s{i}" for i in range(len(scores))],
                           started_at=at, finished_at=at, attempts=attempts)

    for r in (run("王小明", [60, 80], 4, 0), run("王小明", [90, 100], 2, 1),
              run("李娜", [100, 100], 3, 0)):
        records.save(r)
    lines = compare(records.runs())
    assert [(s.trainee, s.runs, s.attempts, s.average, s.best, s.last) for s in lines] == [
        ("李娜", 1, 2, 100, 100, 100), ("王小明", 2, 4, 82, 100, 95)]
    assert lines[1].minutes_per_applicant == 3.0
    assert lines[1].by_scenario == {"s0": 90, "s1": 100}
