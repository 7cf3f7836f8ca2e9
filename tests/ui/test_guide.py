"""Every demo item renders as a complete guide."""

from __future__ import annotations

from html import escape

import pytest
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from server.contract import ServiceItem
from server.seed.demo import demo_items
from ui import guide


@pytest.mark.parametrize("raw", demo_items(), ids=lambda i: i["code"][-24:])
def test_every_section_of_the_guide_is_shown(qtbot: QtBot, raw: dict[str, object]) -> None:
    item = ServiceItem.model_validate(raw)
    document = QTextDocument()
    document.setHtml(guide.render(item))
    text = document.toPlainText()
    assert item.name in text and item.department in text
    for material in item.materials:
        assert material.name in text
    for situation in item.situations:
        assert situation.question in text
        for option in situation.options:
            assert option.label in text
            switched = [m.name for m in item.materials if option.code in m.when]
            line = next(ln for ln in text.splitlines()
                        if ln.strip().startswith(f"{option.label} — "))
            for name in switched:  # each answer says which materials it switches on
                assert name in line
    for basis in item.legal_basis:
        assert basis in text
    for step in item.process:
        assert step.name in text
    for faq in item.faq:
        assert faq.question in text
    assert item.location in text and item.phone in text


def test_text_is_escaped(qtbot: QtBot) -> None:
    raw = dict(demo_items()[0])
    raw["name"] = "<b>注入</b>&测试"
    html = guide.render(ServiceItem.model_validate(raw))
    assert escape("<b>注入</b>&测试") in html and "<b>注入</b>" not in html


def test_item_type_labels_cover_every_type(qtbot: QtBot) -> None:
    from server.contract import ItemType

    labels = {guide.item_type_label(t) for t in ItemType}
    assert len(labels) == len(ItemType)
    assert guide.item_type_label("99") == "99"
