from __future__ import annotations

import pytest

from server.contract import ServiceItem
from server.seed.demo import demo_items
from workstation import checklist

ITEMS = [ServiceItem.model_validate(i) for i in demo_items()]


@pytest.mark.parametrize("item", ITEMS, ids=lambda i: i.code[-22:])
def test_answers_switch_conditional_materials(item: ServiceItem) -> None:
    always = [m for m in item.materials if not m.when]
    assert checklist.applicable(item, {}) == always
    for situation in item.situations:
        for option in situation.options:
            chosen = checklist.applicable(item, {situation.code: [option.code]})
            switched = [m for m in item.materials if option.code in m.when]
            assert chosen == [m for m in item.materials if m in always or m in switched]


def test_default_answers_pick_the_first_single_choice() -> None:
    item = next(i for i in ITEMS if any(not s.multiple for s in i.situations))
    answers = checklist.default_answers(item)
    for situation in item.situations:
        expected = [] if situation.multiple else [situation.options[0].code]
        assert answers[situation.code] == expected


def test_printed_list_describes_form_requirement_and_situation() -> None:
    item = next(i for i in ITEMS if any(m.licence_type for m in i.materials)
                and any(m.tolerance_allowed for m in i.materials) and i.situations)
    answers = checklist.default_answers(item)
    doc = checklist.material_list(item, answers, printed_where="3号窗口", training=True)
    assert doc.watermark == "培训专用 无效"
    assert [m.name for m in doc.materials] == [m.name for m in
                                               checklist.applicable(item, answers)]
    licensed = next(m for m in item.materials if m.licence_type
                    and m in checklist.applicable(item, answers))
    row = next(r for r in doc.materials if r.name == licensed.name)
    assert f"电子证照（{licensed.licence_type}）" in row.requirement
    assert [q for q, _ in doc.situations] == [s.question for s in item.situations]
    production = checklist.material_list(item, answers, printed_where="3号窗口", training=False)
    assert production.watermark is None
