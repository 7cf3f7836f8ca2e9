"""The one-page material list (办事材料清单) handed to an applicant who is only asking.

Printed documents are for applicants, so they are always in Chinese whatever language
the clerk's screen uses: their wording is document text (like the catalogue), kept here,
not UI text. Vector PDF, A4, the CJK font embedded as a subset.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB

TEXT = {
    "title": "办事材料清单",
    "item": "办理事项",
    "code": "事项编码",
    "department": "实施部门",
    "situations": "您的情形",
    "materials": "需要准备的材料",
    "no": "序号",
    "material": "材料名称",
    "form": "形式及份数",
    "requirement": "要求",
    "notes": "说明",
    "none": "无需提交材料",
    "disclaimer": "本清单依据您所述情形生成，仅供准备材料参考，最终以窗口审核为准。",
    "printed": "打印时间：{at}　{where}",
}


@dataclass(frozen=True)
class ListedMaterial:
    name: str
    form: str  # 原件1份、复印件1份
    requirement: str  # 必须提交 / 可容缺后补 / 可用电子证照…
    notes: str = ""


@dataclass(frozen=True)
class MaterialList:
    item_name: str
    item_code: str
    department: str
    situations: list[tuple[str, str]]  # (question, the applicant's answer)
    materials: list[ListedMaterial]
    facts: list[tuple[str, str]]  # (label, value): time limits, fee, where, when, phone
    printed_at: dt.datetime
    printed_where: str  # hall and window
    watermark: str | None = None  # training mode: 培训专用 无效


def render(doc: MaterialList) -> bytes:
    """The list as PDF bytes (one A4 page for any usual item; longer lists flow on)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5,
                           textColor=colors.HexColor("#444444"))
    title = ParagraphStyle("title", parent=body, fontSize=17, leading=22, alignment=1)
    heading = ParagraphStyle("heading", parent=body, fontSize=11, leading=15, spaceBefore=6,
                             spaceAfter=3)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(page.escape(text), style)

    story: list[Any] = [p(TEXT["title"], title), Spacer(1, 4 * mm)]
    head = [[p(TEXT["item"]), p(doc.item_name)], [p(TEXT["code"]), p(doc.item_code, small)],
            [p(TEXT["department"]), p(doc.department)]]
    story.append(_grid(head, [28 * mm, 152 * mm], font, header=False))
    if doc.situations:
        story.append(p(TEXT["situations"], heading))
        story.append(_grid([[p(q), p(a)] for q, a in doc.situations], [90 * mm, 90 * mm], font,
                           header=False))
    story.append(p(TEXT["materials"], heading))
    if doc.materials:
        rows = [[p(TEXT["no"]), p(TEXT["material"]), p(TEXT["form"]), p(TEXT["requirement"]),
                 p(TEXT["notes"])]]
        for number, m in enumerate(doc.materials, start=1):
            rows.append([p(str(number)), p(m.name), p(m.form), p(m.requirement),
                         p(m.notes, small)])
        story.append(_grid(rows, [10 * mm, 55 * mm, 32 * mm, 33 * mm, 50 * mm], font,
                           header=True))
    else:
        story.append(p(TEXT["none"]))
    if doc.facts:
        story.append(Spacer(1, 3 * mm))
        story.append(_grid([[p(k), p(v)] for k, v in doc.facts], [28 * mm, 152 * mm], font,
                           header=False))
    story += [Spacer(1, 4 * mm), p(TEXT["disclaimer"], small),
              p(TEXT["printed"].format(at=doc.printed_at.strftime("%Y-%m-%d %H:%M"),
                                       where=doc.printed_where), small)]

    def decorate(canvas: Any, _: Any) -> None:
        if doc.watermark:
            page.diagonal_mark(canvas, font, doc.watermark, rgb=TRAINING_RGB, size=54)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=TEXT["title"],
                            author=doc.printed_where, subject=doc.item_name)
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _grid(rows: list[list[Any]], widths: list[float], font: str, *, header: bool) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f4f4f4")))
    table.setStyle(TableStyle(style))
    return table
