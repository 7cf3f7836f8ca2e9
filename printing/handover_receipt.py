"""The receipt of a certificate handed over (证照领取回执) or posted (证照邮寄回执).

Kept by the desk as the record that the applicant (or their agent) received the
certificate: what was issued (certificate, case number, serial of the sheet), to whom,
how the identity was checked, when and by which clerk. Handed over in person, the
recipient signs it: the signature captured on the customer-facing screen is printed in
its place, or the line is left for a pen. Posted, it carries the addressee and the
tracking number.
A4 portrait vector PDF, CJK subset embedded, always in Chinese. The recipient's ID
number is printed masked: the receipt is filed, and the full number is in the case.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from printing import fonts, page
from printing.page import TRAINING_RGB
from server.contract.certificates import SIGNATURE_MAX_BYTES


@dataclass(frozen=True)
class Receipt:
    certificate_name: str  # e.g. 营业执照（正本）
    holder: str  # the name on the certificate (a company, a person)
    case_number: str
    stock_type: str  # the paper's name, as printed
    serial: str
    department: str
    clerk_name: str
    window: str
    at: dt.datetime  # local time of the hand-over
    by_post: bool
    recipient_name: str = ""  # in person: who received it; by post: the addressee
    recipient_id_masked: str = ""  # in person: 1101**********8523
    identity_checked: str = ""  # how: "card_reader", "by_eye", "" (not checked)
    tracking_number: str = ""  # by post
    address: str = ""  # by post: where it was sent (may be "")
    signature_png: bytes | None = None  # in person: captured on the customer screen


TEXT = {
    "title_in_person": "证照领取回执",
    "title_post": "证照邮寄回执",
    "certificate": "证照名称",
    "holder": "持证主体",
    "case": "受理编号",
    "sheet": "证书用纸 / 印制号",
    "department": "发证部门",
    "recipient": "领取人",
    "addressee": "收件人",
    "id": "领取人证件号码",
    "checked": "身份核验",
    "checked_card_reader": "已通过身份证阅读器核验",
    "checked_by_eye": "已人工核对身份证件",
    "checked_none": "未核验",
    "tracking": "邮件号",
    "address": "寄送地址",
    "when_in_person": "领取时间",
    "when_post": "交寄时间",
    "clerk": "经办人 / 窗口",
    "confirm_in_person": "本人已领取上述证照，核对无误。",
    "confirm_post": "上述证照已按申请人选择的方式交寄。",
    "sign_recipient": "领取人（签字）：",
    "sign_clerk": "经办人（签字）：",
    "signed_on_screen": "（签名已在窗口签名屏采集）",
}


def _time(at: dt.datetime) -> str:
    return f"{at:%Y-%m-%d %H:%M}"


def render(receipt: Receipt, *, watermark: str | None = None) -> bytes:
    """The receipt as PDF bytes; `watermark` (training mode) across the page. Raises
    ValueError for a signature that is not a PNG image of a sensible size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    signature = _signature(receipt.signature_png) if receipt.signature_png else None
    font = fonts.register()
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=26, alignment=1)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(page.escape(text), style)

    checked = {"card_reader": TEXT["checked_card_reader"], "by_eye": TEXT["checked_by_eye"]
               }.get(receipt.identity_checked, TEXT["checked_none"])
    rows = [
        (TEXT["certificate"], receipt.certificate_name),
        (TEXT["holder"], receipt.holder),
        (TEXT["case"], receipt.case_number),
        (TEXT["sheet"], f"{receipt.stock_type} / {receipt.serial}"),
        (TEXT["department"], receipt.department),
    ]
    if receipt.by_post:
        if receipt.recipient_name:
            rows += [(TEXT["addressee"], receipt.recipient_name)]
        rows += [(TEXT["tracking"], receipt.tracking_number)]
        if receipt.address:
            rows += [(TEXT["address"], receipt.address)]
        rows += [(TEXT["when_post"], _time(receipt.at))]
    else:
        rows += [(TEXT["recipient"], receipt.recipient_name),
                 (TEXT["id"], receipt.recipient_id_masked or "—"),
                 (TEXT["checked"], checked),
                 (TEXT["when_in_person"], _time(receipt.at))]
    rows += [(TEXT["clerk"], f"{receipt.clerk_name} / {receipt.window}")]
    story: list[Any] = [
        p(TEXT["title_post" if receipt.by_post else "title_in_person"], title),
        Spacer(1, 6 * mm),
        _table(rows, font, body),
        Spacer(1, 8 * mm),
        p(TEXT["confirm_post" if receipt.by_post else "confirm_in_person"]),
        Spacer(1, 10 * mm),
    ]
    if receipt.by_post:
        story.append(p(TEXT["sign_clerk"]))
    else:
        story.append(p(TEXT["sign_recipient"]))
        if signature is not None:
            story += [signature, p(TEXT["signed_on_screen"],
                                   ParagraphStyle("small", parent=body, fontSize=8))]
        else:
            story.append(Spacer(1, 14 * mm))
        story += [Spacer(1, 6 * mm), p(TEXT["sign_clerk"])]

    def decorate(canvas: Any, _doc: Any) -> None:
        if watermark:
            page.diagonal_mark(canvas, font, watermark, rgb=TRAINING_RGB, size=54)

    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=20 * mm,
                            title=TEXT["title_post" if receipt.by_post else "title_in_person"],
                            author=receipt.window)
    pdf.build([*story], onFirstPage=decorate)
    return buffer.getvalue()


def check_signature(png: bytes) -> tuple[int, int]:
    """The signature's size in pixels; ValueError when it is not a readable PNG image of a
    sensible size (checked before a hand-over is recorded, and again when printed)."""
    from reportlab.lib.utils import ImageReader

    if len(png) > SIGNATURE_MAX_BYTES or not png.startswith(b"\x89PNG\r\n\x1a\n"):
        raise ValueError("the signature is not a PNG image of a sensible size")
    try:
        width, height = ImageReader(io.BytesIO(png)).getSize()
    except Exception as exc:  # reportlab/PIL raise various errors for a broken image
        raise ValueError(f"the signature image cannot be read: {exc}") from exc
    if width <= 0 or height <= 0:
        raise ValueError("the signature image is empty")
    return int(width), int(height)


def _signature(png: bytes) -> Any:
    """The captured signature as a flowable at most 70 × 25 mm, its proportions kept."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Image

    width, height = check_signature(png)
    scale = min(70 * mm / width, 25 * mm / height)
    return Image(io.BytesIO(png), width=width * scale, height=height * scale, hAlign="LEFT")


def _table(rows: list[tuple[str, str]], font: str, style: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    cells = [[Paragraph(page.escape(k), style), Paragraph(page.escape(v), style)]
             for k, v in rows]
    table = Table(cells, colWidths=[45 * mm, 115 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table
