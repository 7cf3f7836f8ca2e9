"""The demo catalogue and the holiday calendar shipped in resources/catalogue."""

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from server.contract.calendar import CalendarDay, DayKind
from server.contract.catalogue import Material, ServiceItem, Situation

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "resources" / "catalogue"

# The electronic licence types (电子证照) the demo data may name: a small, fixed vocabulary.
LICENCE_TYPES = {
    "居民身份证",
    "居民户口簿",
    "结婚证",
    "离婚证",
    "出生医学证明",
    "营业执照",
    "不动产权证书",
    "社会保障卡",
    "学历证书",
    "机动车驾驶证",
    "医师资格证书",
    "残疾人证",
}
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")


@pytest.fixture(scope="module")
def raw_items() -> list[dict[str, Any]]:
    data = json.loads((CATALOGUE_DIR / "demo_catalogue.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def items(raw_items: list[dict[str, Any]]) -> list[ServiceItem]:
    return [ServiceItem.model_validate(raw) for raw in raw_items]


@pytest.fixture(scope="module")
def calendar() -> list[CalendarDay]:
    data = json.loads((CATALOGUE_DIR / "calendar.json").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return [CalendarDay.model_validate(day) for day in data]


# --- Catalogue -----------------------------------------------------------------------


def test_every_item_validates_and_has_no_unknown_keys(raw_items: list[dict[str, Any]]) -> None:
    # The models ignore extra keys, so a misspelt key would silently lose its data.
    for raw in raw_items:
        ServiceItem.model_validate(raw)
        assert set(raw) <= set(ServiceItem.model_fields), raw["name"]
        for material in raw["materials"]:
            assert set(material) <= set(Material.model_fields), (raw["name"], material)
        for situation in raw["situations"]:
            assert set(situation) <= set(Situation.model_fields), (raw["name"], situation)


def test_catalogue_is_large_and_varied(items: list[ServiceItem]) -> None:
    assert len(items) >= 48
    assert len({item.department for item in items}) >= 9
    assert len({item.item_type for item in items}) >= 4


def test_codes_are_unique(items: list[ServiceItem]) -> None:
    duplicates = [code for code, n in Counter(item.code for item in items).items() if n > 1]
    assert duplicates == []


def test_each_department_has_one_department_code(items: list[ServiceItem]) -> None:
    codes: dict[str, set[str]] = defaultdict(set)
    for item in items:
        codes[item.department].add(item.department_code)
        assert item.department_code in item.code, item.name
    assert all(len(c) == 1 for c in codes.values()), codes


def test_material_and_option_codes_are_unique_within_an_item(items: list[ServiceItem]) -> None:
    for item in items:
        material_codes = [m.code for m in item.materials]
        assert len(material_codes) == len(set(material_codes)), item.name
        option_codes = [o.code for s in item.situations for o in s.options]
        assert len(option_codes) == len(set(option_codes)), item.name
        situation_codes = [s.code for s in item.situations]
        assert len(situation_codes) == len(set(situation_codes)), item.name


def test_every_when_refers_to_an_option_of_the_item(items: list[ServiceItem]) -> None:
    for item in items:
        options = {o.code for s in item.situations for o in s.options}
        for material in item.materials:
            assert set(material.when) <= options, (item.name, material.code, material.when)


def test_every_situation_switches_some_material(items: list[ServiceItem]) -> None:
    for item in items:
        used = {code for m in item.materials for code in m.when}
        for situation in item.situations:
            assert any(o.code in used for o in situation.options), (item.name, situation.code)


def test_most_items_have_situations(items: list[ServiceItem]) -> None:
    with_situations = [item for item in items if item.situations]
    assert len(with_situations) >= 0.6 * len(items)
    assert all(1 <= len(item.situations) <= 3 for item in with_situations)


def test_deadlines_are_consistent(items: list[ServiceItem]) -> None:
    for item in items:
        assert item.statutory_days >= item.promised_days, item.name
    assert any(item.promised_days == 0 for item in items)  # on-the-spot (即办) items exist


def test_items_are_rich_guides(items: list[ServiceItem]) -> None:
    for item in items:
        assert item.version == 1
        assert item.short_name, item.name
        assert 4 <= len(item.materials) <= 12, item.name
        assert 2 <= len(item.faq) <= 4, item.name
        assert len(item.conditions) >= 2, item.name
        assert item.legal_basis, item.name
        assert all("《" in basis for basis in item.legal_basis), item.name
        assert len(item.process) >= 3, item.name
        assert item.keywords, item.name
        assert item.delivery, item.name
        assert item.result, item.name
        assert "示范区" in item.location, item.name
        assert item.fee, item.name
        assert any(m.required and not m.when for m in item.materials), item.name


def test_material_counts_match_their_forms(items: list[ServiceItem]) -> None:
    for item in items:
        for m in item.materials:
            if m.copies:
                assert "copy" in m.forms, (item.name, m.code)
            if m.originals:
                assert "original" in m.forms, (item.name, m.code)


def test_licence_types_use_a_small_vocabulary(items: list[ServiceItem]) -> None:
    used = {m.licence_type for item in items for m in item.materials if m.licence_type}
    assert used <= LICENCE_TYPES
    assert {"居民身份证", "营业执照", "不动产权证书", "结婚证"} <= used
    assert any(m.tolerance_allowed for item in items for m in item.materials)


def test_names_overlap_so_search_ranking_matters(items: list[ServiceItem]) -> None:
    names = [item.name for item in items]
    assert sum("身份证" in n for n in names) >= 4
    assert sum("登记" in n for n in names) >= 8
    assert any("护照" in n for n in names)
    assert any("港澳通行证" in n for n in names)
    keywords = {k for item in items for k in item.keywords}
    assert {"上户口", "办身份证", "开公司", "过户", "领结婚证", "办护照"} <= keywords


# --- Calendar ------------------------------------------------------------------------


def test_calendar_dates_are_unique_and_sorted(calendar: list[CalendarDay]) -> None:
    dates = [day.date for day in calendar]
    assert len(dates) == len(set(dates))  # hence no date is both a holiday and a workday
    assert dates == sorted(dates)
    assert {d.year for d in dates} == {2025, 2026, 2027}


def test_makeup_workdays_fall_on_weekends(calendar: list[CalendarDay]) -> None:
    workdays = [day for day in calendar if day.kind is DayKind.WORKDAY]
    assert workdays
    assert all(day.date.weekday() >= 5 for day in workdays)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_each_year_has_the_seven_festivals(calendar: list[CalendarDay], year: int) -> None:
    names = " ".join(
        day.name for day in calendar if day.date.year == year and day.kind is DayKind.HOLIDAY
    )
    for festival in FESTIVALS:
        assert festival in names, (year, festival)


def test_published_arrangements(calendar: list[CalendarDay]) -> None:
    by_date = {day.date: day for day in calendar}

    def kind(iso: str) -> DayKind | None:
        day = by_date.get(dt.date.fromisoformat(iso))
        return day.kind if day else None

    # 2025: Spring Festival 1-28..2-4 with 1-26 and 2-8 worked; National Day 10-1..10-8.
    assert kind("2025-01-28") is DayKind.HOLIDAY
    assert kind("2025-02-04") is DayKind.HOLIDAY
    assert kind("2025-01-26") is DayKind.WORKDAY
    assert kind("2025-02-08") is DayKind.WORKDAY
    assert kind("2025-10-08") is DayKind.HOLIDAY
    # 2026: Spring Festival 2-15..2-23 with 2-14 and 2-28 worked; New Year 1-4 worked.
    assert kind("2026-02-15") is DayKind.HOLIDAY
    assert kind("2026-02-23") is DayKind.HOLIDAY
    assert kind("2026-02-14") is DayKind.WORKDAY
    assert kind("2026-02-28") is DayKind.WORKDAY
    assert kind("2026-01-04") is DayKind.WORKDAY
    # An ordinary weekday is not listed at all.
    assert kind("2026-03-10") is None
    holidays_2026 = sum(
        1 for day in calendar if day.date.year == 2026 and day.kind is DayKind.HOLIDAY
    )
    assert holidays_2026 == 3 + 9 + 3 + 5 + 3 + 3 + 7
