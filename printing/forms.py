"""Blank forms and filled-in samples, rendered from their description (FormSpec).

One description gives both: the blank form an applicant fills in by hand, and the sample
that shows how (the same boxes with the fictitious sample values in blue, a diagonal
填写样例 mark on every page so it can never be handed in). Vector PDF, A4, the CJK font
embedded as a subset, like every document we print. Document text is Chinese whatever the
clerk's screen language (see material_list).
"""

from __future__ import annotations

import io
import re
from enum import StrEnum
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB
from server.contract import FieldKind, FormField, FormSection, FormSpec

TEXT = {
    "sample_mark": "填写样例",
    "sample_banner": "填写样例 · 仅供参考 · 不作申请使用",
    "notes": "填写说明",
    "signature_hint": "（由本人亲笔签名）",
    "date_blank": "{gap4}年{gap2}月{gap2}日",
    "footer": "{title}　第 {page} 页",
}

# Box glyphs the bundled CJK fonts carry (☑/☐ are missing from WenQuanYi).
BOX_EMPTY = "□"
BOX_TICKED = "■"
SAMPLE_RGB = (0.1, 0.3, 0.7)
SAMPLE_INK = "#1747a6"  # a ballpoint blue: the sample's values read as handwriting
LINE_MM = 8.0  # height of one writing line in a box
CELL_PADDING = 4.0  # points left and right of the text in a box
PAGE_WIDTH_MM = 180.0  # A4 less 15 mm margins
BLANK = re.compile(r"\{\{(.*?)\}\}")


class Variant(StrEnum):
    BLANK = "blank"
    SAMPLE = "sample"


def render(spec: FormSpec, variant: Variant, *, watermark: str | None = None) -> bytes:
    """The form as PDF bytes; `watermark` adds the training mark (培训专用 无效)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    font = fonts.register()
    sample = variant is Variant.SAMPLE
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    paragraph = ParagraphStyle("paragraph", parent=body, firstLineIndent=20, leading=18)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=12,
                           textColor=colors.HexColor("#333333"))
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=24, alignment=1)
    centred = ParagraphStyle("centred", parent=small, alignment=1)
    banner = ParagraphStyle("banner", parent=centred, textColor=colors.HexColor("#b3261e"))
    heading = ParagraphStyle("heading", parent=body, fontSize=11.5, leading=16, spaceBefore=6,
                             spaceAfter=3)

    story: list[Any] = []
    if spec.issuer:
        story.append(Paragraph(page.escape(spec.issuer), small))
    story.append(Paragraph(page.escape(spec.title), title))
    if spec.subtitle:
        story.append(Paragraph(page.escape(spec.subtitle), centred))
    if sample:
        story.append(Paragraph(TEXT["sample_banner"], banner))
    story.append(Spacer(1, 4 * mm))
    for section in spec.sections:
        story.extend(_section(section, sample, font, body, paragraph, heading))
    if spec.notes:
        notes = [Paragraph(TEXT["notes"], heading)]
        notes += [Paragraph(f"{n}. {page.escape(text)}", small)
                  for n, text in enumerate(spec.notes, start=1)]
        story.append(KeepTogether(notes))

    footer_title = spec.title + (f"（{TEXT['sample_mark']}）" if sample else "")

    def decorate(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawCentredString(A4[0] / 2, 8 * mm, TEXT["footer"].format(
            title=footer_title, page=document.page))
        canvas.restoreState()
        # The two marks must not cross: the sample mark high, the training one low.
        if sample:
            page.diagonal_mark(canvas, font, TEXT["sample_mark"], rgb=SAMPLE_RGB, size=64,
                               height=0.62 if watermark else 0.5, angle=30)
        if watermark:
            page.diagonal_mark(canvas, font, watermark, rgb=TRAINING_RGB, size=54,
                               height=0.38 if sample else 0.5, angle=30 if sample else 40)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=14 * mm, bottomMargin=16 * mm, title=footer_title,
                            author=spec.issuer, subject=f"{spec.id} v{spec.version}")
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def _section(section: FormSection, sample: bool, font: str, body: Any, paragraph: Any,
             heading: Any) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    flow: list[Any] = []
    if section.title:
        flow.append(Paragraph(page.escape(section.title), heading))
    flow += [Paragraph(_inline_blanks(text, sample), paragraph) for text in section.paragraphs]
    flow += [_row(row, sample, font, body) for row in section.rows]
    if section.rows:
        flow.append(Spacer(1, 6))
    return flow


def _label_width(label: str) -> float:
    """Millimetres for a label cell: about one 10 pt character per 3.6 mm, within bounds."""
    return min(max(len(label) * 3.6 + 4.0, 18.0), 42.0)


def _row(row: list[FormField], sample: bool, font: str, body: Any) -> Any:
    """One grid row as a table: label cell, value box, label cell, value box…"""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    labels = [_label_width(f.label) for f in row]
    free = PAGE_WIDTH_MM - sum(labels)
    spans = sum(f.span for f in row)
    widths: list[float] = []
    cells: list[Any] = []
    for field, label_width in zip(row, labels, strict=True):
        widths += [label_width * mm, free * field.span / spans * mm]
        cells += [Paragraph(page.escape(field.label), body), Paragraph(_value(field, sample), body)]
    # A box is as tall as the form says, or taller when a long label or sample value needs
    # it (a fixed height would let the text run out of its box).
    needed = max(cell.wrap(width - 2 * CELL_PADDING, 1000)[1]
                 for cell, width in zip(cells, widths, strict=True))
    height = max(max(f.lines for f in row) * LINE_MM * mm, needed + 4)
    table = Table([cells], colWidths=widths, rowHeights=[height])
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    style += [("BACKGROUND", (2 * i, 0), (2 * i, 0), colors.HexColor("#f2f2f2"))
              for i in range(len(row))]
    # Tall boxes (申请理由, 经营范围) are written from the top, like on paper.
    style += [("VALIGN", (2 * i + 1, 0), (2 * i + 1, 0), "TOP")
              for i, f in enumerate(row) if f.lines > 2]
    table.setStyle(TableStyle(style))
    return table


def _value(field: FormField, sample: bool) -> str:
    """The inside of a value box as Paragraph markup."""
    if field.kind is FieldKind.CHOICE:
        chosen = set(field.sample.split("、")) if sample and field.sample else set()
        return "　".join(
            _ink(f"{BOX_TICKED}{page.escape(o)}") if o in chosen else f"{BOX_EMPTY}{page.escape(o)}"
            for o in field.options)
    if field.kind is FieldKind.SIGNATURE:
        return f'<font color="#999999" size="8">{TEXT["signature_hint"]}</font>' if sample \
            else ""
    if field.kind is FieldKind.DATE and not (sample and field.sample):
        return TEXT["date_blank"].format(gap4=_gap(4), gap2=_gap(2))
    return _ink(page.escape(field.sample)) if sample else ""


def _inline_blanks(text: str, sample: bool) -> str:
    """Paragraph markup with each ``{{value}}`` as an underlined gap or the value."""
    out: list[str] = []
    last = 0
    for match in BLANK.finditer(text):
        out.append(page.escape(text[last:match.start()]))
        value = match.group(1)
        if sample:
            out.append(f"<u>{_ink(page.escape(value))}</u>")
        else:
            out.append(f"<u>{_gap(max(4, len(value) + 1))}</u>")
        last = match.end()
    out.append(page.escape(text[last:]))
    return "".join(out)


def _gap(characters: int) -> str:
    """Room for about that many handwritten characters. Paragraphs collapse ordinary and
    ideographic spaces; no-break spaces keep their width (half a CJK character each)."""
    return "\u00a0" * (2 * characters)


def _ink(markup: str) -> str:
    return f'<font color="{SAMPLE_INK}">{markup}</font>'
