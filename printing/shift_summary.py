"""The certificate desk's shift hand-over summary (出证窗口交接班汇总表).

What the clerk going off shift hands to the next one (or to the stock keeper) with the
unused sheets: per stock type the sheets loaded, issued, voided and left, with the serial
ranges left; every sheet issued (with its case number) and every sheet voided with the
reason; signature lines for both clerks and a witness. A4 portrait vector PDF, CJK subset
embedded, always in Chinese. No applicant's personal data is printed: case numbers only.

Serials, serial ranges, case numbers and times are never broken across lines: their
columns are made as wide as the longest of them, and the other columns give way.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB


@dataclass(frozen=True)
class StockLine:
    """One stock type's count for the shift."""

    stock_type: str  # its name, as printed
    loaded: int
    issued: int
    voided: int
    remaining: int
    loaded_ranges: Sequence[str]  # A0000000001–A0000000050
    remaining_ranges: Sequence[str]
    # Loaded serials the server said another desk used: not this desk's sheets.
    used_elsewhere: Sequence[str] = ()


@dataclass(frozen=True)
class SheetLine:
    """A sheet issued or voided in the shift."""

    stock_type: str
    serial: str
    case_number: str  # "" for a sheet spoiled before any certificate
    at: dt.datetime  # local time: printed, or voided
    reason: str = ""  # why it was voided (or reprinted)
    reprint_of: str = ""  # an issued sheet that replaced another: that one's serial


@dataclass(frozen=True)
class Summary:
    clerk_name: str
    window: str
    started_at: dt.datetime  # local time
    ended_at: dt.datetime | None  # None: the shift is still open (an interim summary)
    stock: Sequence[StockLine]
    issued: Sequence[SheetLine]
    voided: Sequence[SheetLine]
    handovers: int  # certificates handed over or posted in the shift
    made_at: dt.datetime  # local time


TEXT = {
    "title": "出证窗口交接班汇总表",
    "interim": "（班中统计，班次未结束）",
    "clerk": "交班人：{name}",
    "window": "窗口：{window}",
    "shift": "班次：{start} 至 {end}",
    "open": "（未结束）",
    "made": "制表时间：{at}",
    "stock": "一、证书用纸统计",
    "issued": "二、已出证明细（共{n}张）",
    "voided": "三、作废明细（共{n}张）",
    "remaining": "四、结存号段",
    "none": "无",
    "handovers": "本班次发证（现场领取或邮寄）{n}件。",
    "reprint": "补打，原印制号\n{serial}",
    "elsewhere": "另：{stock}的印制号{serials}经服务器确认已由其他窗口使用，不属本窗口用纸，"
                 "未计入结存。",
    "spoiled": "（未出证）",
    "sign_off": "交班人（签字）：",
    "sign_on": "接班人（签字）：",
    "witness": "监交人（签字）：",
    "date": "日期：",
    "page": "第{n}页",
}
COLUMNS_STOCK = ("用纸类型", "领用", "已出证", "作废", "结存", "领用号段")
COLUMNS_ISSUED = ("序号", "用纸类型", "印制号", "受理编号", "出证时间", "备注")
COLUMNS_VOIDED = ("序号", "用纸类型", "印制号", "受理编号", "作废时间", "作废原因")
COLUMNS_REMAINING = ("用纸类型", "结存张数", "结存号段")


def _time(at: dt.datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M}"


def _sheet_time(at: dt.datetime) -> str:
    return f"{at:%m-%d %H:%M}"  # the year is the shift's (in the heading)


def render(summary: Summary, *, watermark: str | None = None) -> bytes:
    """The summary as PDF bytes; `watermark` (training mode) across every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", parent=body, fontSize=12, leading=20, spaceBefore=6)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)
    note = ParagraphStyle("note", parent=body, fontSize=10, alignment=1)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(page.escape(text), style)

    end = _time(summary.ended_at) if summary.ended_at else TEXT["open"]
    story: list[Any] = [p(TEXT["title"], title)]
    if summary.ended_at is None:
        story.append(p(TEXT["interim"], note))
    story += [
        Spacer(1, 3 * mm),
        p("　　".join((TEXT["clerk"].format(name=summary.clerk_name),
                      TEXT["window"].format(window=summary.window)))),
        p(TEXT["shift"].format(start=_time(summary.started_at), end=end)),
        p(TEXT["made"].format(at=_time(summary.made_at))),
        p(TEXT["stock"], heading),
    ]
    rows = [list(COLUMNS_STOCK)]
    rows += [[s.stock_type, str(s.loaded), str(s.issued), str(s.voided), str(s.remaining),
              "\n".join(s.loaded_ranges) or TEXT["none"]] for s in summary.stock]
    story += [_table(rows, [36, 16, 18, 16, 16, 68], font, small, keep={1, 2, 3, 4, 5}),
              Spacer(1, 1.5 * mm),
              p(TEXT["handovers"].format(n=summary.handovers), small)]

    story.append(p(TEXT["issued"].format(n=len(summary.issued)), heading))
    if summary.issued:
        rows = [list(COLUMNS_ISSUED)]
        rows += [[str(n), s.stock_type, s.serial, s.case_number, _sheet_time(s.at),
                  TEXT["reprint"].format(serial=s.reprint_of) if s.reprint_of else ""]
                 for n, s in enumerate(summary.issued, start=1)]
        story.append(_table(rows, [12, 30, 28, 44, 24, 32], font, small, keep={0, 2, 3, 4, 5}))
    else:
        story.append(p(TEXT["none"], small))

    story.append(p(TEXT["voided"].format(n=len(summary.voided)), heading))
    if summary.voided:
        rows = [list(COLUMNS_VOIDED)]
        rows += [[str(n), s.stock_type, s.serial, s.case_number or TEXT["spoiled"],
                  _sheet_time(s.at), s.reason] for n, s in enumerate(summary.voided, start=1)]
        story.append(_table(rows, [12, 28, 28, 42, 24, 36], font, small, keep={0, 2, 3, 4}))
    else:
        story.append(p(TEXT["none"], small))

    story.append(p(TEXT["remaining"], heading))
    rows = [list(COLUMNS_REMAINING)]
    rows += [[s.stock_type, str(s.remaining), "\n".join(s.remaining_ranges) or TEXT["none"]]
             for s in summary.stock]
    story.append(_table(rows, [40, 22, 108], font, small, keep={1, 2}))
    for s in summary.stock:
        if s.used_elsewhere:
            story.append(p(TEXT["elsewhere"].format(stock=s.stock_type,
                                                    serials="、".join(s.used_elsewhere)), small))

    signatures = _table([[TEXT["sign_off"], TEXT["sign_on"], TEXT["witness"]],
                         [TEXT["date"], TEXT["date"], TEXT["date"]]],
                        [55, 55, 56], font, body, grid=False)
    story += [Spacer(1, 12 * mm), KeepTogether([signatures])]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, TEXT["page"].format(n=doc.page))
        canvas.restoreState()
        if watermark:
            page.diagonal_mark(canvas, font, watermark, rgb=TRAINING_RGB, size=54)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, title=TEXT["title"],
                            author=summary.window)
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


PADDING_PT = 6  # reportlab's default cell padding, left and right
MIN_COLUMN_MM = 10


def _table(rows: list[list[str]], widths_mm: list[float], font: str, style: Any, *,
           grid: bool = True, keep: frozenset[int] | set[int] = frozenset()) -> Any:
    """A table `widths_mm` wide in all. The cells of the columns in `keep` (serials,
    ranges, case numbers, times) never break a line inside a text: each of those columns
    is widened to its longest line, taking the room from the other columns."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    whole = ParagraphStyle(f"{style.name}-whole", parent=style, wordWrap=None)
    widths = [w * mm for w in widths_mm]
    for column in keep:
        longest = max((stringWidth(line, font, style.fontSize)
                       for row in rows for line in row[column].split("\n")), default=0.0)
        widths[column] = max(widths[column], longest + 2 * PADDING_PT + 1)
    # The other columns give way, in proportion, no narrower than MIN_COLUMN_MM.
    excess = sum(widths) - sum(widths_mm) * mm
    flexible = [c for c in range(len(widths)) if c not in keep]
    give = sum(max(widths[c] - MIN_COLUMN_MM * mm, 0) for c in flexible)
    if excess > 0 and give > 0:
        for c in flexible:
            widths[c] -= excess * max(widths[c] - MIN_COLUMN_MM * mm, 0) / give \
                if excess < give else max(widths[c] - MIN_COLUMN_MM * mm, 0)
    cells = [[Paragraph(page.escape(c).replace("\n", "<br/>"),
                        whole if column in keep else style)
              for column, c in enumerate(row)] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if grid else 0)
    commands: list[Any] = [("FONTNAME", (0, 0), (-1, -1), font),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if grid:
        commands += [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                     ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]
    else:
        commands += [("BOTTOMPADDING", (0, 0), (-1, -1), 14)]
    table.setStyle(TableStyle(commands))
    return table
