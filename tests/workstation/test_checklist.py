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


def test_form_documents_offer_each_described_form_once_blank_first() -> None:
    from printing.forms import Variant

    item = next(i for i in ITEMS
                if any(m.form and m.blank_form and m.sample for m in i.materials))
    documents = checklist.form_documents(item)
    keys = [(d.form_id, d.variant) for d in documents]
    assert len(keys) == len(set(keys))
    described = [m for m in item.materials if m.form]
    assert {d.material_code for d in documents} == {m.code for m in described}
    for m in described:
        mine = [d for d in documents if d.material_code == m.code]
        assert [d.variant for d in mine] == [v for v, name in ((Variant.BLANK, m.blank_form),
                                                               (Variant.SAMPLE, m.sample))
                                             if name]
        assert [d.title for d in mine] == [t for t in (m.blank_form, m.sample) if t]
    # A form two materials share is offered once; a name without a description never.
    shared = item.model_copy(update={"materials": [
        *item.materials,
        described[0].model_copy(update={"code": "X1"}),
        described[0].model_copy(update={"code": "X2", "form": None}),
    ]})
    assert checklist.form_documents(shared) == documents
