"""The blank forms and samples shipped with the demo catalogue (resources/catalogue)."""

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from server.contract import FieldKind, FormField, FormSection, FormSpec, ServiceItem

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "resources" / "catalogue"


def _load(name: str) -> list[dict[str, Any]]:
    data = json.loads((CATALOGUE_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def raw_forms() -> list[dict[str, Any]]:
    return _load("demo_forms.json")


@pytest.fixture(scope="module")
def forms(raw_forms: list[dict[str, Any]]) -> dict[str, FormSpec]:
    specs = [FormSpec.model_validate(raw) for raw in raw_forms]
    ids = Counter(s.id for s in specs)
    assert not [i for i, n in ids.items() if n > 1], "form ids must be unique"
    return {s.id: s for s in specs}


@pytest.fixture(scope="module")
def items() -> list[ServiceItem]:
    return [ServiceItem.model_validate(raw) for raw in _load("demo_catalogue.json")]


def _fields(spec: FormSpec) -> list[FormField]:
    return [f for section in spec.sections for row in section.rows for f in row]


def test_every_form_has_no_unknown_keys(raw_forms: list[dict[str, Any]]) -> None:
    # The models ignore extra keys, so a misspelt key would silently lose its data.
    for raw in raw_forms:
        assert set(raw) <= set(FormSpec.model_fields), raw["id"]
        for section in raw["sections"]:
            assert set(section) <= set(FormSection.model_fields), raw["id"]
            for row in section.get("rows", []):
                for field in row:
                    assert set(field) <= set(FormField.model_fields), (raw["id"], field)


def test_every_named_form_or_sample_has_a_description_and_every_description_is_used(
    items: list[ServiceItem], forms: dict[str, FormSpec]
) -> None:
    used: set[str] = set()
    for item in items:
        for m in item.materials:
            if m.blank_form or m.sample:
                assert m.form in forms, (item.name, m.name, m.form)
                used.add(m.form)
            else:
                assert m.form is None, (item.name, m.name)
    assert used == set(forms)


def test_sample_values_are_complete_and_fictitious(forms: dict[str, FormSpec]) -> None:
    for spec in forms.values():
        for field in _fields(spec):
            if field.kind is FieldKind.SIGNATURE:
                assert field.sample == "", (spec.id, field.label)
            else:
                assert field.sample, (spec.id, field.label)
        # Identity numbers on samples use the demo region 999…, which no real person has.
        text = json.dumps(spec.model_dump(), ensure_ascii=False)
        for number in re.findall(r"(?<!\d)\d{17}[\dX](?!\d)", text):
            assert number.startswith("999"), (spec.id, number)


def test_choice_samples_name_their_options() -> None:
    FormField(label="性别", kind=FieldKind.CHOICE, options=["男", "女"], sample="女")
    with pytest.raises(ValueError, match="not among the options"):
        FormField(label="性别", kind=FieldKind.CHOICE, options=["男", "女"], sample="未知")
    with pytest.raises(ValueError, match="at least two options"):
        FormField(label="性别", kind=FieldKind.CHOICE, options=["男"])
    with pytest.raises(ValueError, match="one to four"):
        FormSection(rows=[[FormField(label=str(n)) for n in range(5)]])
