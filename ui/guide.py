"""Rendering a service item as the full guide (办事指南) the clerk reads to the applicant."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

FORM_SCHEME = "form"  # links to a material's blank form or sample: form:M03/blank

if TYPE_CHECKING:
    from server.contract import ItemType, Material, MaterialForm, ServiceItem


def item_type_label(item_type: ItemType | str) -> str:
    labels = {
        "01": QCoreApplication.translate("Guide", "Administrative licence"),
        "02": QCoreApplication.translate("Guide", "Administrative penalty"),
        "03": QCoreApplication.translate("Guide", "Administrative enforcement"),
        "04": QCoreApplication.translate("Guide", "Administrative levy"),
        "05": QCoreApplication.translate("Guide", "Administrative benefit"),
        "06": QCoreApplication.translate("Guide", "Administrative inspection"),
        "07": QCoreApplication.translate("Guide", "Administrative confirmation"),
        "08": QCoreApplication.translate("Guide", "Administrative reward"),
        "09": QCoreApplication.translate("Guide", "Administrative ruling"),
        "10": QCoreApplication.translate("Guide", "Other administrative power"),
        "20": QCoreApplication.translate("Guide", "Public service"),
    }
    # ItemType is a StrEnum: its members look up their code strings.
    return labels.get(str(item_type), str(item_type))


def _form_label(form: MaterialForm) -> str:
    return {
        "original": QCoreApplication.translate("Guide", "original"),
        "copy": QCoreApplication.translate("Guide", "copy"),
        "electronic": QCoreApplication.translate("Guide", "electronic"),
    }[form]


def _days(n: int) -> str:
    if n == 0:
        return QCoreApplication.translate("Guide", "on the spot")
    return QCoreApplication.translate("Guide", "%1 working days").replace("%1", str(n))


def _list(values: list[str], ordered: bool = False) -> str:
    if not values:
        # Translators: shown under a guide heading whose list is empty.
        none = QCoreApplication.translate("Guide", "None listed")
        return f"<p>{escape(none)}</p>"
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(v)}</li>" for v in values) + f"</{tag}>"


def _material_row(item: ServiceItem, material: Material) -> str:
    options = {o.code: o.label for s in item.situations for o in s.options}
    if material.when:
        applies = QCoreApplication.translate("Guide", "When: %1").replace(
            "%1", "；".join(options.get(c, c) for c in material.when)
        )
    else:
        applies = QCoreApplication.translate("Guide", "Always")
    needs = []
    if material.originals:
        needs.append(
            QCoreApplication.translate("Guide", "%1 original(s)").replace(
                "%1", str(material.originals)
            )
        )
    if material.copies:
        needs.append(
            QCoreApplication.translate("Guide", "%1 copy/copies").replace(
                "%1", str(material.copies)
            )
        )
    flags = []
    if material.required:
        flags.append(QCoreApplication.translate("Guide", "required"))
    else:
        flags.append(QCoreApplication.translate("Guide", "optional"))
    if material.tolerance_allowed:
        flags.append(QCoreApplication.translate("Guide", "may be supplied later (容缺)"))
    if material.licence_type:
        flags.append(
            QCoreApplication.translate("Guide", "electronic licence: %1").replace(
                "%1", material.licence_type
            )
        )
    extra = [escape(t) for t in (material.spec, material.notes) if t]
    for variant, name, label in (
        ("blank", material.blank_form, QCoreApplication.translate("Guide", "Blank form: %1")),
        ("sample", material.sample, QCoreApplication.translate("Guide", "Sample: %1")),
    ):
        if not name:
            continue
        text = escape(label.replace("%1", name))
        # With a form description the name opens it; a bare name is only information.
        if material.form:
            target = f"{FORM_SCHEME}:{quote(material.code, safe='')}/{variant}"
            text = f'<a href="{escape(target)}">{text}</a>'
        extra.append(text)
    return (
        "<tr>"
        f"<td><b>{escape(material.name)}</b><br/><small>{escape(applies)}</small></td>"
        f"<td>{escape('、'.join(_form_label(f) for f in material.forms))}<br/>"
        f"<small>{escape('，'.join(needs))}</small></td>"
        f"<td>{escape('，'.join(flags))}</td>"
        f"<td>{escape(material.source)}<br/><small>"
        f"{' '.join(extra)}</small></td>"
        "</tr>"
    )


def render(item: ServiceItem) -> str:
    """The complete guide of one item as rich text for a QTextBrowser."""
    h = escape
    heading = {
        "Statutory time limit": QCoreApplication.translate("Guide", "Statutory time limit"),
        "Promised time limit": QCoreApplication.translate("Guide", "Promised time limit"),
        "Fee": QCoreApplication.translate("Guide", "Fee"),
        "Applicants": QCoreApplication.translate("Guide", "Applicants"),
        "Result": QCoreApplication.translate("Guide", "Result"),
        "Delivery": QCoreApplication.translate("Guide", "Delivery"),
        "Conditions": QCoreApplication.translate("Guide", "Conditions"),
        "Situations": QCoreApplication.translate("Guide", "Situations"),
        "Materials": QCoreApplication.translate("Guide", "Materials"),
        "Material": QCoreApplication.translate("Guide", "Material"),
        "Form": QCoreApplication.translate("Guide", "Form"),
        "Requirement": QCoreApplication.translate("Guide", "Requirement"),
        "Source and notes": QCoreApplication.translate("Guide", "Source and notes"),
        "Process": QCoreApplication.translate("Guide", "Process"),
        "Legal basis": QCoreApplication.translate("Guide", "Legal basis"),
        "Where and when": QCoreApplication.translate("Guide", "Where and when"),
        "Enquiries": QCoreApplication.translate("Guide", "Enquiries"),
        "Frequently asked questions": QCoreApplication.translate(
            "Guide", "Frequently asked questions"
        ),
    }
    parts = [
        f"<h2>{h(item.name)}</h2>",
        f"<p><small>{h(item.code)} · {h(item.department)} · "
        f"{h(item_type_label(item.item_type))}</small></p>",
        "<table cellspacing='0' cellpadding='3'>",
        f"<tr><td><b>{h(heading['Statutory time limit'])}</b></td>"
        f"<td>{h(_days(item.statutory_days))}</td>"
        f"<td><b>{h(heading['Promised time limit'])}</b></td>"
        f"<td>{h(_days(item.promised_days))}</td></tr>",
        f"<tr><td><b>{h(heading['Fee'])}</b></td><td>{h(item.fee)}</td>"
        f"<td><b>{h(heading['Applicants'])}</b></td><td>{h('、'.join(item.target))}</td></tr>",
        f"<tr><td><b>{h(heading['Result'])}</b></td><td>{h(item.result)}</td>"
        f"<td><b>{h(heading['Delivery'])}</b></td><td>{h('、'.join(item.delivery))}</td></tr>",
        "</table>",
        f"<h3>{h(heading['Conditions'])}</h3>",
        _list(item.conditions, ordered=True),
    ]
    if item.situations:
        parts.append(f"<h3>{h(heading['Situations'])}</h3><ul>")
        adds = QCoreApplication.translate("Guide", "adds: %1")
        nothing = QCoreApplication.translate("Guide", "no extra materials")
        for situation in item.situations:
            parts.append(f"<li>{h(situation.question)}<ul>")
            for option in situation.options:
                switched = [m.name for m in item.materials if option.code in m.when]
                effect = adds.replace("%1", "、".join(switched)) if switched else nothing
                parts.append(f"<li>{h(option.label)} — <small>{h(effect)}</small></li>")
            parts.append("</ul></li>")
        parts.append("</ul>")
    parts += [
        f"<h3>{h(heading['Materials'])}</h3>",
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>",
        f"<tr><th>{h(heading['Material'])}</th><th>{h(heading['Form'])}</th>"
        f"<th>{h(heading['Requirement'])}</th><th>{h(heading['Source and notes'])}</th></tr>",
        *(_material_row(item, m) for m in item.materials),
        "</table>",
        f"<h3>{h(heading['Process'])}</h3><ol>",
        *(f"<li><b>{h(s.name)}</b>：{h(s.description)}</li>" for s in item.process),
        "</ol>",
        f"<h3>{h(heading['Legal basis'])}</h3>",
        _list(item.legal_basis),
        f"<h3>{h(heading['Where and when'])}</h3>",
        f"<p>{h(item.location)}<br/>{h(item.hours)}<br/>{h(heading['Enquiries'])}：{h(item.phone)}</p>",
    ]
    if item.faq:
        parts.append(f"<h3>{h(heading['Frequently asked questions'])}</h3>")
        for faq in item.faq:
            parts.append(f"<p><b>{h(faq.question)}</b><br/>{h(faq.answer)}</p>")
    return "\n".join(parts)
