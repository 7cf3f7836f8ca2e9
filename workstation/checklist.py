"""Which materials an item asks for, given the applicant's situation answers (情形)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from printing.forms import Variant
from printing.material_list import ListedMaterial, MaterialList
from server.contract import Material, MaterialForm, ServiceItem

TRAINING_WATERMARK = "培训专用 无效"


def applicable(item: ServiceItem, answers: Mapping[str, Sequence[str]]) -> list[Material]:
    """Materials that always apply, plus those switched on by a chosen answer."""
    chosen = {code for codes in answers.values() for code in codes}
    return [m for m in item.materials if not m.when or chosen.intersection(m.when)]


@dataclass(frozen=True)
class FormDocument:
    """A blank form or a filled-in sample the guide offers for one of an item's materials."""

    material_code: str
    material_name: str
    form_id: str
    variant: Variant
    title: str  # as the catalogue names it: 授权委托书（空白表）


def form_documents(item: ServiceItem) -> list[FormDocument]:
    """The item's printable forms, in material order, blank before sample; a form two
    materials share is offered once. Names without a form description (`Material.form`)
    cannot be rendered and are not offered."""
    documents: list[FormDocument] = []
    seen: set[tuple[str, Variant]] = set()
    for m in item.materials:
        if m.form is None:
            continue
        for variant, title in ((Variant.BLANK, m.blank_form), (Variant.SAMPLE, m.sample)):
            if title and (m.form, variant) not in seen:
                seen.add((m.form, variant))
                documents.append(FormDocument(m.code, m.name, m.form, variant, title))
    return documents


def default_answers(item: ServiceItem) -> dict[str, list[str]]:
    """First option of each single-choice question, nothing for multiple-choice ones."""
    return {s.code: [] if s.multiple else [s.options[0].code] for s in item.situations}


def _form(material: Material) -> str:
    parts = []
    if MaterialForm.ORIGINAL in material.forms:
        parts.append(f"原件{material.originals}份" if material.originals else "原件")
    if MaterialForm.COPY in material.forms:
        parts.append(f"复印件{material.copies}份" if material.copies else "复印件")
    if MaterialForm.ELECTRONIC in material.forms:
        parts.append("电子材料")
    return "、".join(parts)


def _requirement(material: Material) -> str:
    text = "必须提交" if material.required else "非必须"
    if material.tolerance_allowed:
        text += "；可容缺受理，承诺后补"
    if material.licence_type:
        text += f"；可用电子证照（{material.licence_type}）代替"
    return text


def _days(n: int) -> str:
    return "即时办结" if n == 0 else f"{n}个工作日"


def material_list(
    item: ServiceItem,
    answers: Mapping[str, Sequence[str]],
    *,
    printed_where: str,
    training: bool,
    now: dt.datetime | None = None,
) -> MaterialList:
    labels = {o.code: o.label for s in item.situations for o in s.options}
    situations = [
        (s.question, "、".join(labels[c] for c in answers.get(s.code, []) if c in labels)
         or "无")
        for s in item.situations
    ]
    materials = [
        ListedMaterial(m.name, _form(m), _requirement(m),
                       "；".join(t for t in (m.spec, m.notes) if t))
        for m in applicable(item, answers)
    ]
    facts = [("承诺时限", _days(item.promised_days)), ("法定时限", _days(item.statutory_days)),
             ("收费标准", item.fee), ("办理地点", item.location), ("办理时间", item.hours),
             ("咨询电话", item.phone)]
    return MaterialList(
        item_name=item.name, item_code=item.code, department=item.department,
        situations=situations, materials=materials, facts=[(k, v) for k, v in facts if v],
        printed_at=now or dt.datetime.now().astimezone(), printed_where=printed_where,
        watermark=TRAINING_WATERMARK if training else None,
    )
