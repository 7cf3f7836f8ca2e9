"""The documents an intake decision hands to the applicant: 受理通知书, 一次性告知书 and
不予受理决定书.

Laid out the way Chinese government documents are: the issuing body and the title centred
at the top, the document number right-aligned under it, the addressee flush left, the
body in indented paragraphs, then the issuing window, the clerk and the date with room
for the seal at the bottom right. A QR code at the bottom left carries the status-query
address with the case number. A4 vector PDF, CJK subset embedded, always in Chinese.

ID numbers are printed as the case passed in carries them: the workstation masks them
first (the paper leaves the counter).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB
from server.contract import CaseSubmission, DefectReason, ServiceItem
from server.contract.cases import CaseStatus

TITLES = {
    CaseStatus.ACCEPTED: "受理通知书",
    CaseStatus.NOTIFIED: "一次性告知书",
    CaseStatus.REFUSED: "不予受理决定书",
}
DEFECTS = {
    DefectReason.UNCLEAR: ("字迹或影像不清晰", "请提供清晰、完整的材料"),
    DefectReason.EXPIRED: ("已超过有效期", "请提供在有效期内的材料"),
    DefectReason.WRONG_SEAL: ("印章不符或缺少印章", "请加盖正确的印章"),
    DefectReason.UNSIGNED: ("缺少签名", "请由本人（或法定代表人）签名"),
    DefectReason.INCOMPLETE: ("内容填写不完整", "请完整填写后提交"),
    DefectReason.INCONSISTENT: ("与其他材料或证件信息不一致", "请核实后提供信息一致的材料"),
    DefectReason.NOT_ORIGINAL: ("应提交原件", "请提供原件"),
    DefectReason.OTHER: ("不符合要求", "请按窗口要求补正"),
}
TEXT: dict[str, str] = {
    "number": "〔{year}〕{number}号",
    "accepted": "你（单位）于{date}提交的{item}申请，经审查，申请材料齐全、符合法定形式，"
                "决定予以受理。",
    "due": "承诺办结时限为{days}，预计于{due}前办结（法定节假日不计算在内）。",
    "due_now": "本事项即时办结。",
    "received": "收取材料清单",
    "licences": "以下材料已通过电子证照核验，无需提交纸质材料：{items}。",
    "tolerated": "以下材料按容缺受理，请按承诺期限补交，逾期未补交的，将依照有关规定处理：",
    "notified": "你（单位）于{date}申请办理{item}，经审查，申请材料不齐全或者不符合法定形式。"
                "现一次性告知你需要补正的全部内容：",
    "notified_after": "请按上述要求补正后，携带本告知书到受理窗口办理。补正的材料齐全、"
                      "符合法定形式的，我们将予以受理。",
    "refused": "你（单位）于{date}提交的{item}申请，经审查，{reason}。根据{basis}的规定，"
               "决定不予受理。",
    "appeal": "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
              "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。",
    "query": "扫码或凭受理编号查询办理进度；咨询电话：{phone}",
    "query_no_phone": "扫码或凭受理编号查询办理进度",
    "window": "受理窗口：{window}　受理人：{clerk}",
    "seal": "（受理专用章）",
    "applicant": "申请人：{name}（{id_type} {id_number}）",
    "agent": "代理人：{name}（{id_type} {id_number}）",
    "missing": "未提交",
    "undated": "容缺未约定补交期限",
    "supply": "请补充提交（{form}）",
}
COLUMNS_RECEIVED = ("序号", "材料名称", "份数", "页数", "备注")
COLUMNS_NOTICE = ("序号", "材料名称", "存在问题", "补正要求")


@dataclass(frozen=True)
class Issuer:
    hall: str  # 示范区政务服务中心
    window: str
    clerk_name: str
    phone: str  # the item's consultation phone
    query_url: str  # the QR code's address; the case number is appended
    watermark: str | None = None  # training mode: 培训专用 无效


def query_address(query_url: str, case_number: str) -> str:
    separator = "&" if "?" in query_url else "?"
    return f"{query_url}{separator}case={case_number}"


def render(case: CaseSubmission, item: ServiceItem, issuer: Issuer) -> bytes:
    """The document for the case's outcome as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=21, wordWrap="CJK")
    indented = ParagraphStyle("indented", parent=body, firstLineIndent=24)
    small = ParagraphStyle("small", parent=body, fontSize=9.5, leading=13)
    issuer_style = ParagraphStyle("issuer", parent=body, fontSize=15, leading=20,
                                  alignment=1, textColor=colors.HexColor("#c00000"))
    title = ParagraphStyle("title", parent=body, fontSize=20, leading=28, alignment=1,
                           spaceBefore=4)
    number = ParagraphStyle("number", parent=body, fontSize=11, alignment=2)

    def p(text: str, style: ParagraphStyle = indented) -> Paragraph:
        return Paragraph(page.escape(text), style)

    decided = case.created_at.astimezone()
    date = f"{decided.year}年{decided.month}月{decided.day}日"
    story: list[Any] = [
        p(issuer.hall, issuer_style), p(TITLES[case.status], title),
        p(TEXT["number"].format(year=decided.year, number=case.case_number), number),
        Spacer(1, 4 * mm), p(f"{case.applicant.name}：", body),
    ]
    names = {m.code: m.name for m in item.materials}
    if case.status is CaseStatus.ACCEPTED:
        story.append(p(TEXT["accepted"].format(date=date, item=case.item_name or item.name)))
        story.append(p(_due_text(item, case.due_date)))
        received = [m for m in case.materials if m.received]
        if received:
            rows = [list(COLUMNS_RECEIVED)]
            for n, m in enumerate(received, start=1):
                rows.append([str(n), m.name or names.get(m.code, m.code),
                             _counts(m.originals, m.copies) or "电子材料", str(m.pages or ""),
                             ""])
            story += [Spacer(1, 2 * mm), p(TEXT["received"], body),
                      _table(rows, [12, 78, 42, 16, 32], font, small)]
        licences = [f"{m.name}（{m.licence_number}）" for m in case.materials
                    if m.licence_number]
        if licences:
            story.append(p(TEXT["licences"].format(items="；".join(licences))))
        tolerated = [m for m in case.materials if m.tolerated and m.commitment_due]
        if tolerated:
            story.append(p(TEXT["tolerated"]))
            story += [p(f"{n}. {m.name}：{_cn_date(m.commitment_due)}前补交", indented)
                      for n, m in enumerate(tolerated, start=1) if m.commitment_due]
    elif case.status is CaseStatus.NOTIFIED:
        story.append(p(TEXT["notified"].format(date=date, item=case.item_name or item.name)))
        rows = [list(COLUMNS_NOTICE)]
        for n, (name, problem, remedy) in enumerate(notice_lines(case, item), start=1):
            rows.append([str(n), name, problem, remedy])
        story += [_table(rows, [12, 62, 50, 56], font, small), Spacer(1, 2 * mm),
                  p(TEXT["notified_after"])]
    else:
        story.append(p(TEXT["refused"].format(date=date, item=case.item_name or item.name,
                                              reason=case.refusal_reason.rstrip("。"),
                                              basis=case.refusal_basis)))
        story.append(p(TEXT["appeal"]))
    story.append(Spacer(1, 3 * mm))
    story.append(p(TEXT["applicant"].format(
        name=case.applicant.name, id_type=case.applicant.id_type,
        id_number=case.applicant.id_number), small))
    if case.agent is not None:
        story.append(p(TEXT["agent"].format(name=case.agent.name, id_type=case.agent.id_type,
                                            id_number=case.agent.id_number), small))
    query = TEXT["query"].format(phone=issuer.phone) if issuer.phone else TEXT["query_no_phone"]
    address = query_address(issuer.query_url, case.case_number)

    def decorate(canvas: Any, _: Any) -> None:
        width = A4[0]
        canvas.saveState()
        # Bottom left: the QR code and what it is for.
        _draw_qr(canvas, address, 18 * mm, 22 * mm, 30 * mm)
        canvas.setFont(font, 8.5)
        canvas.drawString(18 * mm, 17 * mm, query)
        # Bottom right: window, clerk, date, and the seal's place around the date.
        canvas.setFont(font, 11)
        right = width - 22 * mm
        canvas.drawRightString(right, 46 * mm, TEXT["window"].format(
            window=issuer.window, clerk=issuer.clerk_name))
        canvas.drawRightString(right, 38 * mm, issuer.hall)
        canvas.drawRightString(right, 30 * mm, date)
        canvas.setStrokeColor(colors.Color(0.75, 0.0, 0.0, alpha=0.35))
        canvas.setDash(2, 2)
        canvas.circle(right - 22 * mm, 36 * mm, 20 * mm)
        canvas.setFillColor(colors.Color(0.75, 0.0, 0.0, alpha=0.5))
        canvas.setFont(font, 8)
        canvas.drawCentredString(right - 22 * mm, 20 * mm, TEXT["seal"])
        canvas.restoreState()
        if issuer.watermark:
            page.diagonal_mark(canvas, font, issuer.watermark, rgb=TRAINING_RGB, size=54)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm,
                            topMargin=20 * mm, bottomMargin=62 * mm,
                            title=TITLES[case.status], author=issuer.hall,
                            subject=case.case_number)
    pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def notice_lines(case: CaseSubmission, item: ServiceItem) -> list[tuple[str, str, str]]:
    """(material, what is wrong, what fixes it) for every material the notice must list:
    defective papers, missing required materials and undated 容缺 commitments."""
    required = {m.code: m for m in item.materials}
    lines: list[tuple[str, str, str]] = []
    for m in case.materials:
        guide = required.get(m.code)
        name = m.name or (guide.name if guide else m.code)
        if m.licence_number:
            continue
        if m.received and m.defect is not None:
            problem, remedy = DEFECTS[m.defect]
            if m.defect_note:
                problem = f"{problem}（{m.defect_note}）"
            lines.append((name, problem, remedy))
        elif m.tolerated and m.commitment_due is None:
            lines.append((name, TEXT["undated"], TEXT["supply"].format(form=_forms(guide))))
        elif not m.received and not m.tolerated and guide is not None and guide.required:
            lines.append((name, TEXT["missing"], TEXT["supply"].format(form=_forms(guide))))
    return lines


def _forms(material: Any) -> str:
    if material is None:
        return "原件"
    return _counts(material.originals, material.copies) or "原件"


def _counts(originals: int, copies: int) -> str:
    parts = [f"原件{originals}份" if originals else "", f"复印件{copies}份" if copies else ""]
    return "、".join(p for p in parts if p)


def _due_text(item: ServiceItem, due: dt.date | None) -> str:
    if item.promised_days == 0 or due is None:
        return TEXT["due_now"]
    return TEXT["due"].format(days=f"{item.promised_days}个工作日", due=_cn_date(due))


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _table(rows: list[list[str]], widths_mm: list[float], font: str, style: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [[Paragraph(page.escape(c), style) for c in row] for row in rows]
    table = Table(cells, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return table


def _draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """A QR code (level M, with its 4-module quiet zone) as one filled vector path.

    reportlab's QR widget draws every run of dark modules as a shape object, twice (once to
    measure): most of a receipt's render time. Its encoder gives the module matrix; one
    path with a rectangle per run draws the same code in a fraction of the time."""
    import itertools

    from reportlab.graphics.barcode.qr import QrCodeWidget

    encoder = QrCodeWidget(text, barLevel="M").qr
    encoder.make()
    count = encoder.getModuleCount()
    border = 4
    module = size / (count + 2 * border)
    path = canvas.beginPath()
    for r, row in enumerate(encoder.modules):
        column = 0
        for dark, run in itertools.groupby(bool(m) for m in row):
            length = len(list(run))
            if dark:
                path.rect(x + (column + border) * module,
                          y + size - (r + border + 1) * module, length * module, module)
            column += length
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
