"""Demo documents and the simulated document camera of sandbox (training) mode.

The papers a Chinese counter sees every day, drawn with Pillow: an application form
(申请表), a table, a resident ID card's two sides, a business-licence-like page, a blurred
page, a blank one, and a three-page lease contract of which the applicant brought pages 1
and 3 only (numbered 第 1 页 共 3 页…: page 2 is missing, for the trainee to notice). Every
person, number and organisation on them is invented and marked 样本 SAMPLE.
`SimulatedCamera` plays them on a desk like a document camera would: each sheet slides in
under a hand, rests, and slides out again.

Chinese text needs a CJK font (the one printing uses, found the same way); without one the
documents carry Latin text instead of failing.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from devices.capture.camera import FramePacer, FrameSource
from devices.capture.pages import A4_MM, ID1_MM

__all__ = [
    "DEMO_DPI",
    "DESK_KINDS",
    "DOCUMENT_KEYS",
    "PAPERS",
    "DemoDocument",
    "SimulatedCamera",
    "SimulatedScene",
    "cjk_font_path",
    "demo_document",
    "desk_background",
    "desk_clutter",
    "paste_page",
    "sheets_of",
]

DEMO_DPI = 100  # pages are drawn at this resolution (ID cards: 10 px/mm, about 254 dpi)
_CARD_PX_PER_MM = 10
DOCUMENT_KEYS = (
    "application_form",
    "table",
    "id_card_front",
    "id_card_back",
    "business_licence",
    "blurred",
    "blank",
    "lease_contract_p1",
    "lease_contract_p3",
)
# The papers an applicant hands over, each as its sheets in order: a paper of several pages
# is played (and fed) one sheet after the other. The lease contract has three pages; the
# applicant brought pages 1 and 3.
PAPERS: dict[str, tuple[str, ...]] = {
    **{key: (key,) for key in DOCUMENT_KEYS if not key.startswith("lease_contract")},
    "lease_contract": ("lease_contract_p1", "lease_contract_p3"),
}
DESK_KINDS = ("wood", "dark", "light", "cloth")

_KNOWN_CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)

Text = str | tuple[str, str]  # plain, or (Chinese, Latin fallback)
RGB = tuple[int, int, int]
_INK: RGB = (25, 25, 30)
_RED: RGB = (205, 35, 35)
_PAPER: RGB = (248, 247, 242)


@cache
def cjk_font_path() -> Path | None:
    """A font with Simplified Chinese glyphs; `WORKSTATION_CJK_FONT` overrides the search."""
    override = os.environ.get("WORKSTATION_CJK_FONT")
    if override and Path(override).is_file():
        return Path(override)
    for known in _KNOWN_CJK_FONTS:
        if Path(known).is_file():
            return Path(known)
    return None


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = cjk_font_path()
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size, index=0)
        except OSError:
            pass  # an unreadable font: draw Latin text instead
    return ImageFont.load_default(size)


def _has_cjk() -> bool:
    """Whether _font() gives the CJK font (it falls back when the file won't load)."""
    path = cjk_font_path()
    return path is not None and getattr(_font(12), "path", None) == str(path)


@dataclass(frozen=True, eq=False, slots=True)
class DemoDocument:
    """A rendered demo paper. `image` is shared and read-only: copy it before drawing."""

    key: str
    title: str  # what it is, in Chinese, for demo materials
    size_mm: tuple[float, float]  # width, height
    image: np.ndarray  # BGR uint8
    alpha: np.ndarray | None  # uint8 coverage for shaped papers (rounded card corners)


class _Sheet:
    """A Pillow canvas with the few drawing moves demo papers need."""

    def __init__(self, width: int, height: int, paper: RGB = _PAPER) -> None:
        self.image = Image.new("RGB", (width, height), paper)
        self.draw = ImageDraw.Draw(self.image)
        self.cjk = _has_cjk()

    def pick(self, text: Text) -> str:
        if isinstance(text, str):
            return text
        return text[0] if self.cjk else text[1]

    def text(
        self,
        xy: tuple[float, float],
        text: Text,
        size: int,
        *,
        fill: RGB = _INK,
        anchor: str = "la",
        bold: bool = False,
        spacing: float = 0.0,
    ) -> None:
        font = _font(size)
        value = self.pick(text)
        stroke = max(1, size // 28) if bold else 0
        if spacing <= 0:
            self.draw.text(xy, value, font=font, fill=fill, anchor=anchor, stroke_width=stroke,
                           stroke_fill=fill)
            return
        # Letter-spaced titles (营 业 执 照): place characters one by one.
        widths = [font.getlength(ch) for ch in value]
        total = sum(widths) + spacing * (len(value) - 1)
        x, y = xy
        if anchor[0] == "m":
            x -= total / 2
        for ch, w in zip(value, widths, strict=True):
            self.draw.text((x, y), ch, font=font, fill=fill, anchor="l" + anchor[1],
                           stroke_width=stroke, stroke_fill=fill)
            x += w + spacing

    def wrap(
        self, xy: tuple[float, float], text: Text, size: int, width: float, *, leading: float = 1.5
    ) -> float:
        """Draw a paragraph wrapped to `width`; returns the y below it."""
        font = _font(size)
        x, y = xy
        for line in _wrap_lines(self.pick(text), font, width):
            self.draw.text((x, y), line, font=font, fill=_INK)
            y += size * leading
        return y

    def box(self, xyxy: tuple[float, float, float, float], *, width: int = 2,
            outline: RGB = _INK, fill: RGB | None = None) -> None:
        self.draw.rectangle(xyxy, outline=outline, width=width, fill=fill)

    def line(self, xyxy: tuple[float, float, float, float], *, width: int = 2,
             fill: RGB = _INK) -> None:
        self.draw.line(xyxy, fill=fill, width=width)

    def signature(self, x: float, y: float, seed: int) -> None:
        """A pen scribble where a signature goes (no real handwriting)."""
        rng = np.random.default_rng(seed)
        t = np.linspace(0, 1, 60)
        xs = x + t * 150 + 6 * np.sin(t * 31)
        ys = y + 12 * np.sin(t * 23 + rng.uniform(0, 3)) * (1 - t * 0.5)
        self.draw.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=(20, 30, 90),
                       width=3, joint="curve")

    def stamp(self, centre: tuple[float, float], size: int, angle: float) -> None:
        """The red 样本 SAMPLE mark: demo papers must never pass for real ones."""
        font = _font(size)
        label = "样本 SAMPLE" if self.cjk else "SAMPLE"
        w = int(font.getlength(label)) + size
        h = int(size * 1.7)
        layer = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        ink = (*_RED, 150)
        draw.rectangle((2, 2, w - 3, h - 3), outline=ink, width=max(2, size // 10))
        draw.text((w / 2, h / 2), label, font=font, fill=ink, anchor="mm")
        rotated = layer.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
        x = round(centre[0] - rotated.width / 2)
        y = round(centre[1] - rotated.height / 2)
        self.image.paste(rotated, (x, y), rotated)

    def seal(self, centre: tuple[float, float], radius: int, text: Text) -> None:
        """A round red office seal: ring, star, the office's name (all invented)."""
        cx, cy = centre
        ink = (*_RED, 170)
        layer = Image.new("RGBA", self.image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=ink,
                     width=max(3, radius // 14))
        draw.polygon(_star(cx, cy - radius * 0.1, radius * 0.32), fill=ink)
        label = self.pick(text)
        size = max(8, radius // 5)
        while size > 8 and _font(size).getlength(label) > 1.45 * radius:
            size -= 1
        draw.text((cx, cy + radius * 0.45), label, font=_font(size), fill=ink, anchor="mm")
        self.image.paste(layer, (0, 0), layer)

    def emblem_placeholder(self, centre: tuple[float, float], radius: float) -> None:
        """A generic red disc with a star where an official emblem would be."""
        cx, cy = centre
        gold, red = (215, 170, 60), (190, 40, 40)
        self.draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=gold)
        inner = radius * 0.8
        self.draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=red)
        for k in range(5):  # a ring of small stars round a big one
            a = -math.pi / 2 + k * 2 * math.pi / 5
            self.draw.polygon(_star(cx + inner * 0.62 * math.cos(a),
                                    cy + inner * 0.62 * math.sin(a), inner * 0.16), fill=gold)
        self.draw.polygon(_star(cx, cy, inner * 0.38), fill=gold)

    def bgr(self, texture_seed: int | None = None) -> np.ndarray:
        rgb = np.asarray(self.image, dtype=np.uint8)
        bgr = np.ascontiguousarray(rgb[:, :, ::-1])
        if texture_seed is not None:  # faint paper grain
            rng = np.random.default_rng(texture_seed)
            small = rng.normal(0, 2.0, (bgr.shape[0] // 4 + 1, bgr.shape[1] // 4 + 1))
            grain = cv2.resize(small.astype(np.float32), (bgr.shape[1], bgr.shape[0]))
            bgr = np.clip(bgr.astype(np.float32) + grain[:, :, None], 0, 255).astype(np.uint8)
        return bgr


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    return points


_NO_LINE_START = "，。；：、）》”！？,.;:)!?"  # punctuation that never starts a line


def _wrap_lines(
    text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float
) -> list[str]:
    """Break Chinese at any character (it has no spaces), Latin text at a space."""
    latin = all(ord(ch) < 0x2E80 for ch in text)
    lines: list[str] = []
    current = ""
    for ch in text:
        if font.getlength(current + ch) <= width or (ch in _NO_LINE_START and current):
            current += ch
            continue
        cut = current.rfind(" ")
        if latin and cut > 0 and ch != " ":
            lines.append(current[:cut])
            current = current[cut + 1 :] + ch
        else:
            lines.append(current)
            current = ch.lstrip()
    if current:
        lines.append(current)
    return lines


def _a4(landscape: bool = False) -> tuple[int, int]:
    w, h = (round(mm / 25.4 * DEMO_DPI) for mm in A4_MM)
    return (h, w) if landscape else (w, h)


def _card_size() -> tuple[int, int]:
    return round(ID1_MM[0] * _CARD_PX_PER_MM), round(ID1_MM[1] * _CARD_PX_PER_MM)


# -- the documents --------------------------------------------------------------------------

_SAMPLE_ID = "000000199001010000"  # region 000000 exists nowhere; the check digit is wrong


def _application_form() -> np.ndarray:
    w, h = _a4()
    s = _Sheet(w, h)
    s.text((w / 2, 70), ("政务服务事项申请表", "Government Service Application Form"), 36,
           anchor="mm", bold=True)
    s.text((w / 2, 118), ("（培训演示样表）", "(training sample)"), 18, anchor="mm")
    s.text((60, 158), ("申请编号：SQ-SAMPLE-000123", "No. SQ-SAMPLE-000123"), 16)
    s.text((w - 60, 158), ("申请日期：2024 年 5 月 20 日", "Date: 2024-05-20"), 16, anchor="ra")
    left, right, label_w = 60, w - 60, 150
    mid = left + (right - left) // 2
    y = 190
    pairs: list[tuple[Text, Text, Text, Text]] = [
        (("申请人姓名", "Name"), ("张三", "ZHANG San"), ("性别", "Sex"), ("男", "M")),
        (("证件类型", "ID type"), ("居民身份证", "Resident ID"), ("民族", "Ethnicity"),
         ("汉", "Han")),
    ]
    for a, b, c, d in pairs:
        s.box((left, y, right, y + 56))
        s.line((left + label_w, y, left + label_w, y + 56))
        s.line((mid, y, mid, y + 56))
        s.line((mid + label_w * 0.7, y, mid + label_w * 0.7, y + 56))
        s.text((left + 12, y + 28), a, 18, anchor="lm")
        s.text((left + label_w + 14, y + 28), b, 20, anchor="lm")
        s.text((mid + 12, y + 28), c, 18, anchor="lm")
        s.text((mid + label_w * 0.7 + 14, y + 28), d, 20, anchor="lm")
        y += 56
    singles: list[tuple[Text, Text]] = [
        (("证件号码", "ID number"), f"{_SAMPLE_ID}（SAMPLE）"),
        (("联系电话", "Telephone"), "138 0000 0000"),
        (("通讯地址", "Address"), ("示例省示范市样板区演示路 1 号", "1 Demo Road, Sample City")),
        (("申请事项", "Service"),
         ("个体工商户设立登记（演示）", "Sole trader registration (demo)")),
    ]
    for label, value in singles:
        s.box((left, y, right, y + 56))
        s.line((left + label_w, y, left + label_w, y + 56))
        s.text((left + 12, y + 28), label, 18, anchor="lm")
        s.text((left + label_w + 14, y + 28), value, 20, anchor="lm")
        y += 56
    blocks: list[tuple[Text, Text, int]] = [
        (("申请内容", "Request"),
         ("申请人拟在示范市样板区演示路 1 号开办一家便利店，经营日用百货、预包装食品零售，"
          "现申请办理个体工商户设立登记，请予审核。",
          "The applicant intends to open a convenience store at 1 Demo Road selling daily "
          "goods and packaged food, and applies for registration as a sole trader."), 150),
        (("提交材料", "Materials"),
         ("1. 申请人身份证明复印件一份；2. 经营场所使用证明一份；3. 个体工商户登记申请书"
          "一份；4. 委托代理人身份证明（如有）。",
          "1. Copy of the applicant's ID; 2. Proof of the business premises; 3. Signed "
          "application; 4. Agent's ID if any."), 150),
    ]
    for label, body, height in blocks:
        s.box((left, y, right, y + height))
        s.line((left + label_w, y, left + label_w, y + height))
        s.text((left + 12, y + height / 2), label, 18, anchor="lm")
        s.wrap((left + label_w + 14, y + 14), body, 18, right - left - label_w - 28)
        y += height
    s.box((left, y, right, y + 150))
    s.line((left + label_w, y, left + label_w, y + 150))
    s.text((left + 12, y + 75), ("申请人承诺", "Declaration"), 18, anchor="lm")
    s.wrap((left + label_w + 14, y + 14),
           ("本人承诺所填写的内容及提交的材料真实、有效，如有虚假，愿承担相应责任。",
            "I declare that the information given and the materials handed in are true."),
           18, right - left - label_w - 28)
    s.text((left + label_w + 200, y + 108), ("申请人签名：", "Signature:"), 18, anchor="lm")
    s.signature(left + label_w + 320, y + 108, seed=7)
    y += 150
    s.box((left, y, right, y + 120))
    s.line((left + label_w, y, left + label_w, y + 120))
    s.text((left + 12, y + 60), ("受理意见", "Office use"), 18, anchor="lm")
    s.text((left + label_w + 14, y + 88), ("受理人：            日期：", "Clerk:        Date:"), 18)
    s.text((w / 2, h - 42), ("示范市政务服务中心 监制", "Sample City Service Centre"), 16,
           anchor="mm")
    s.stamp((w * 0.68, h * 0.2), 40, 18)
    return s.bgr(texture_seed=11)


_FAMILY: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("张三", "ZHANG San", "户主", "Head", "男", "1990-01-01"),
    ("李梅", "LI Mei", "配偶", "Spouse", "女", "1991-03-12"),
    ("张小明", "ZHANG Xiaoming", "子", "Son", "男", "2015-06-01"),
    ("张小红", "ZHANG Xiaohong", "女", "Daughter", "女", "2018-09-20"),
    ("张四", "ZHANG Si", "父亲", "Father", "男", "1962-11-05"),
    ("王五", "WANG Wu", "母亲", "Mother", "女", "1964-02-28"),
)


def _table_page() -> np.ndarray:
    w, h = _a4()
    s = _Sheet(w, h)
    s.text((w / 2, 80), ("家庭成员情况登记表", "Household Members"), 34, anchor="mm", bold=True)
    s.text((60, 140), ("户主：张三", "Head: ZHANG San"), 18)
    s.text((w - 60, 140), ("登记日期：2024-05-20", "Date: 2024-05-20"), 18, anchor="ra")
    columns: list[tuple[Text, int]] = [
        (("序号", "No."), 60), (("姓名", "Name"), 130), (("关系", "Relation"), 100),
        (("性别", "Sex"), 60), (("出生日期", "Born"), 130),
        (("证件号码（样本）", "ID (sample)"), 227),
    ]
    left, top, row_h, rows = 60, 180, 54, 14
    xs = [left]
    for _, width in columns:
        xs.append(xs[-1] + width)
    s.box((left, top, xs[-1], top + row_h * (rows + 1)), fill=None)
    s.box((left, top, xs[-1], top + row_h), fill=(225, 228, 235))
    for x in xs[1:-1]:
        s.line((x, top, x, top + row_h * (rows + 1)))
    for r in range(1, rows + 1):
        s.line((left, top + r * row_h, xs[-1], top + r * row_h), width=1)
    for (label, _), x0, x1 in zip(columns, xs, xs[1:], strict=False):
        s.text(((x0 + x1) / 2, top + row_h / 2), label, 17, anchor="mm")
    for i, (zh, en, rel_zh, rel_en, sex, born) in enumerate(_FAMILY):
        y = top + (i + 1.5) * row_h
        cells: list[Text] = [str(i + 1), (zh, en), (rel_zh, rel_en), (sex, sex), born,
                             "000000********000" + str(i)]
        for cell, x0, x1 in zip(cells, xs, xs[1:], strict=False):
            s.text(((x0 + x1) / 2, y), cell, 17, anchor="mm")
    s.wrap((60, top + row_h * (rows + 1) + 30),
           ("注：本表为培训演示用样表，表中人员及号码均为虚构。", "Note: a training sample; "
            "every person and number on it is invented."), 16, w - 120)
    s.text((w - 300, h - 70), ("填表人：", "Filled in by:"), 18, anchor="lm")
    s.signature(w - 215, h - 70, seed=3)
    s.stamp((w * 0.3, h * 0.55), 44, -12)
    return s.bgr(texture_seed=12)


def _card_sheet() -> _Sheet:
    w, h = _card_size()
    s = _Sheet(w, h, paper=(236, 243, 244))
    # Fine guilloche lines, the security print every ID card carries.
    for k in range(26):
        pts = [(x, 30 + k * 20 + 9 * math.sin(x / 37 + k)) for x in range(0, w + 8, 8)]
        s.draw.line(pts, fill=(205, 222, 228), width=1)
    return s


def _card_alpha() -> np.ndarray:
    w, h = _card_size()
    mask = Image.new("L", (w, h), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius=32, fill=255)
    return np.asarray(mask, dtype=np.uint8)


def _id_card_front() -> np.ndarray:
    s = _card_sheet()
    label: RGB = (50, 110, 160)
    s.text((60, 70), ("姓名", "Name"), 24, fill=label, anchor="lm")
    s.text((150, 70), ("张三", "ZHANG San"), 32, anchor="lm")
    s.text((60, 140), ("性别", "Sex"), 24, fill=label, anchor="lm")
    s.text((150, 140), ("男", "M"), 28, anchor="lm")
    s.text((250, 140), ("民族", "Ethn."), 24, fill=label, anchor="lm")
    s.text((340, 140), ("汉", "Han"), 28, anchor="lm")
    s.text((60, 210), ("出生", "Born"), 24, fill=label, anchor="lm")
    s.text((150, 210), ("1990 年 1 月 1 日", "1990-01-01"), 28, anchor="lm")
    s.text((60, 280), ("住址", "Addr."), 24, fill=label, anchor="lm")
    s.text((150, 280), ("示例省示范市样板区", "1 Demo Road"), 28, anchor="lm")
    s.text((150, 325), ("演示路 1 号", "Sample City"), 28, anchor="lm")
    s.text((60, 450), ("公民身份号码", "ID No."), 24, fill=label, anchor="lm")
    s.text((260, 450), _SAMPLE_ID, 34, anchor="lm", spacing=3)
    # The portrait: a drawn placeholder, never a photograph.
    x0, y0, x1, y1 = 580, 60, 800, 340
    s.box((x0, y0, x1, y1), width=1, outline=(200, 205, 210), fill=(222, 226, 230))
    cx = (x0 + x1) / 2
    s.draw.ellipse((cx - 52, y0 + 55, cx + 52, y0 + 180), fill=(150, 155, 165))
    s.draw.pieslice((cx - 105, y0 + 185, cx + 105, y1 + 150), 180, 360, fill=(120, 125, 140))
    s.stamp((430, 250), 46, 14)
    return s.bgr()


def _id_card_back() -> np.ndarray:
    s = _card_sheet()
    w, h = _card_size()
    s.emblem_placeholder((120, 120), 70)
    s.text((240, 95), ("中华人民共和国", "SAMPLE REPUBLIC"), 40, anchor="lm", spacing=8, bold=True)
    s.text((240, 185), ("居民身份证", "RESIDENT CARD"), 60, anchor="lm", spacing=14, bold=True)
    s.text((140, 390), ("签发机关", "Issued by"), 24, anchor="lm")
    s.text((300, 390), ("示范市公安局样板分局", "Sample City Police"), 26, anchor="lm")
    s.text((140, 455), ("有效期限", "Valid"), 24, anchor="lm")
    s.text((300, 455), "2020.01.01-2040.01.01", 26, anchor="lm")
    s.stamp((w * 0.62, h * 0.5), 46, -10)
    return s.bgr()


def _business_licence() -> np.ndarray:
    w, h = _a4(landscape=True)
    s = _Sheet(w, h, paper=(250, 246, 236))
    frame: RGB = (160, 60, 40)
    s.box((28, 28, w - 28, h - 28), width=8, outline=frame)
    s.box((44, 44, w - 44, h - 44), width=2, outline=frame)
    for x in range(60, w - 60, 24):  # the ornamental band
        s.draw.ellipse((x, 34, x + 10, 42), outline=frame, width=1)
        s.draw.ellipse((x, h - 42, x + 10, h - 34), outline=frame, width=1)
    s.emblem_placeholder((w / 2, 105), 42)
    s.text((w / 2, 200), ("营业执照", "BUSINESS LICENCE"), 72, anchor="mm", spacing=30, bold=True)
    s.text((w / 2, 265), ("（副  本）", "(duplicate)"), 24, anchor="mm")
    s.text((90, 90), ("统一社会信用代码", "Credit code"), 18)
    s.text((90, 118), "SAMPLE00000000000X", 20)
    _fake_code(s, (w - 200, 70), 5, seed=5)
    fields_left: list[tuple[Text, Text]] = [
        (("名        称", "Name"), ("示例信息科技有限公司", "Sample Tech Co., Ltd.")),
        (("类        型", "Type"), ("有限责任公司（自然人投资或控股）", "Limited company")),
        (("法定代表人", "Legal rep."), ("张三", "ZHANG San")),
    ]
    y = 330
    for label, value in fields_left:
        s.text((110, y), label, 20)
        s.text((240, y), value, 20)
        y += 50
    s.text((110, y), ("经营范围", "Scope"), 20)
    s.wrap((240, y), ("软件开发；信息技术咨询服务；计算机系统服务；办公用品销售（依法须经批准的"
                      "项目，经相关部门批准后方可开展经营活动）。",
                      "Software development; IT consulting; computer services; office supplies "
                      "(demo only)."), 20, 330)
    fields_right: list[tuple[Text, Text]] = [
        (("注册资本", "Capital"), ("壹佰万元整", "CNY 1,000,000")),
        (("成立日期", "Founded"), ("2020 年 01 月 01 日", "2020-01-01")),
        (("营业期限", "Term"), ("长期", "Unlimited")),
        (("住        所", "Address"),
         ("示例省示范市样板区演示路 1 号", "1 Demo Road, Sample City")),
    ]
    y = 330
    for label, value in fields_right:
        s.text((640, y), label, 20)
        s.text((770, y), value, 20)
        y += 50
    s.text((800, h - 150), ("登记机关", "Registrar"), 22)
    s.seal((930, h - 160), 78, ("示范市市场监督管理局", "SAMPLE OFFICE"))
    s.text((840, h - 85), ("2024 年 05 月 20 日", "2024-05-20"), 20)
    s.text((90, h - 85), ("国家企业信用信息公示系统（演示）", "Company register (demo)"), 14)
    s.stamp((w * 0.3, h * 0.5), 50, 12)
    return s.bgr(texture_seed=15)


def _fake_code(s: _Sheet, origin: tuple[int, int], module: int, seed: int) -> None:
    """A QR-looking block of modules: it decodes to nothing."""
    rng = np.random.default_rng(seed)
    n = 25
    cells = rng.random((n, n)) < 0.45
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        cells[fy : fy + 7, fx : fx + 7] = False
        cells[fy, fx : fx + 7] = cells[fy + 6, fx : fx + 7] = True
        cells[fy : fy + 7, fx] = cells[fy : fy + 7, fx + 6] = True
        cells[fy + 2 : fy + 5, fx + 2 : fx + 5] = True
    ox, oy = origin
    for y, x in zip(*np.nonzero(cells), strict=True):
        s.draw.rectangle((ox + x * module, oy + y * module, ox + (x + 1) * module - 1,
                          oy + (y + 1) * module - 1), fill=_INK)


def _blurred_page() -> np.ndarray:
    w, h = _a4()
    s = _Sheet(w, h)
    s.text((w / 2, 110), ("情况说明", "Statement"), 36, anchor="mm", bold=True)
    y = 190.0
    paragraph: Text = (
        "本人张三，因原营业执照遗失，现申请补领。遗失时间为二〇二四年五月，已在示范日报刊登"
        "遗失声明。特此说明，望予办理。本说明所述内容真实，如有不实，本人愿承担相应责任。",
        "I, ZHANG San, lost the original licence in May 2024 and ask for a replacement. "
        "The loss was announced in the Sample Daily. This statement is true.",
    )
    s.text((80, y), ("市政务服务中心：", "To the Service Centre:"), 22)
    y += 60
    for _ in range(4):
        y = s.wrap((110, y), paragraph, 22, w - 190, leading=1.7) + 22
    s.text((w - 300, y + 40), ("说明人：张三", "Signed: ZHANG San"), 22)
    s.text((w - 300, y + 90), ("2024 年 5 月 20 日", "2024-05-20"), 22)
    s.stamp((w * 0.62, h * 0.75), 40, 15)
    image = s.image.filter(ImageFilter.GaussianBlur(2.6))  # a shaky, out-of-focus copy
    s.image = image
    return s.bgr(texture_seed=16)


def _blank_page() -> np.ndarray:
    w, h = _a4()
    return _Sheet(w, h).bgr(texture_seed=17)


# A lease contract as proof of the business premises (经营场所使用证明), three pages long;
# the applicant brought pages 1 and 3. Page 1 breaks off in clause 4, page 3 starts in the
# middle of a sentence of clause 7: besides the page numbers, the text shows the gap.
_LEASE_PAGES = 3
_LEASE_NUMBER = "ZL-SAMPLE-0042"


def _lease_sheet(page: int) -> tuple[_Sheet, float]:
    """A page of the contract with what every page carries: the contract number at the top,
    the page number (第 n 页 共 3 页) at the foot, the sample mark and the half seal across
    the pages' edge (骑缝章). Returns the sheet and the y where the text starts."""
    w, h = _a4()
    s = _Sheet(w, h)
    s.text((60, 48), (f"合同编号：{_LEASE_NUMBER}", f"Contract No. {_LEASE_NUMBER}"), 15)
    s.line((60, 72, w - 60, 72), width=1)
    s.line((60, h - 78, w - 60, h - 78), width=1)
    s.text((w / 2, h - 50), (f"第 {page} 页 共 {_LEASE_PAGES} 页",
                             f"Page {page} of {_LEASE_PAGES}"), 20, anchor="mm")
    s.seal((w + 8, h * 0.5), 62, ("示范置业", "SAMPLE"))  # the half seal on the right edge
    s.stamp((w * 0.62, h * 0.62), 42, 16)
    return s, 100.0


def _clause(s: _Sheet, y: float, heading: Text, body: Text, width: float) -> float:
    s.text((80, y), heading, 20, bold=True)
    return s.wrap((80, y + 34), body, 19, width, leading=1.65) + 18


def _lease_page_1() -> np.ndarray:
    s, y = _lease_sheet(1)
    w = s.image.width
    body_w = w - 160
    s.text((w / 2, y + 30), ("房屋租赁合同", "Lease Contract"), 36, anchor="mm", bold=True)
    s.text((w / 2, y + 76), ("（培训演示样本）", "(training sample)"), 17, anchor="mm")
    y += 120
    for line in (("出租方（甲方）：李四（样本）", "Lessor: LI Si (sample)"),
                 (f"身份证号：{_SAMPLE_ID}（SAMPLE）", f"ID: {_SAMPLE_ID} (SAMPLE)"),
                 ("承租方（乙方）：张三（样本）", "Lessee: ZHANG San (sample)"),
                 (f"身份证号：{_SAMPLE_ID}（SAMPLE）", f"ID: {_SAMPLE_ID} (SAMPLE)")):
        s.text((80, y), line, 19)
        y += 34
    y += 16
    y = s.wrap((80, y), ("根据《中华人民共和国民法典》及有关规定，甲、乙双方在平等、自愿、协商"
                         "一致的基础上，就房屋租赁事宜订立本合同，共同遵守。",
                         "The parties agree on the lease of the premises below on equal terms "
                         "and of their own free will."), 19, body_w, leading=1.65) + 22
    y = _clause(s, y, ("第一条  房屋基本情况", "Clause 1  The premises"),
                ("甲方将位于示例省示范市样板区演示路 1 号的一层临街商铺出租给乙方，建筑面积 "
                 "45 平方米，用途为便利店经营。甲方保证对该房屋享有合法的出租权利。",
                 "The lessor lets the ground-floor shop at 1 Demo Road, Sample City (45 m²) "
                 "to the lessee for a convenience store."), body_w)
    y = _clause(s, y, ("第二条  租赁期限", "Clause 2  Term"),
                ("租赁期限自 2024 年 6 月 1 日起至 2027 年 5 月 31 日止，共三年。期满后乙方"
                 "如需续租，应提前三个月书面通知甲方。",
                 "From 1 June 2024 to 31 May 2027, three years; notice of renewal three "
                 "months ahead."), body_w)
    y = _clause(s, y, ("第三条  租金及支付方式", "Clause 3  Rent and payment"),
                ("月租金为人民币叁仟元整（¥3,000.00），按季度支付。乙方应于每季度首月 5 日"
                 "前将当季租金支付至甲方指定的账户，甲方收到租金后应向乙方出具收款凭证。逾期"
                 "支付的，每逾期一日，乙方应按当季租金的千分之五向甲方支付滞纳金。",
                 "The rent is CNY 3,000 a month, paid quarterly before the 5th of the "
                 "quarter's first month into the lessor's account; a late payment costs 0.5% "
                 "of the quarter's rent a day."), body_w)
    _clause(s, y, ("第四条  押金", "Clause 4  Deposit"),
            ("乙方应于本合同签订之日向甲方支付押金人民币陆仟元整（¥6,000.00）。租赁期满或"
             "合同解除后，乙方结清租金、水电等费用并按原状交还房屋的，甲方应在",
             "The lessee pays a deposit of CNY 6,000 on signing. When the lease ends and "
             "the lessee has paid what is due and handed the premises back, the lessor"),
            body_w)
    return s.bgr(texture_seed=18)


def _lease_page_3() -> np.ndarray:
    s, y = _lease_sheet(3)
    w, h = s.image.size
    body_w = w - 160
    y = s.wrap((80, y + 10), ("书面通知对方，并按本合同第五条的约定结清租金及相关费用后，方可解除"
                              "本合同。",
                              "notice in writing, and only after settling the rent under "
                              "clause 5, may the contract be ended."), 19, body_w,
               leading=1.65) + 18
    y = _clause(s, y, ("第八条  违约责任", "Clause 8  Breach"),
                ("任何一方违反本合同约定的，应向守约方支付相当于一个月租金的违约金；给对方造成"
                 "损失的，还应赔偿相应损失。",
                 "A party in breach pays one month's rent as a penalty and makes good any "
                 "loss."), body_w)
    y = _clause(s, y, ("第九条  争议解决", "Clause 9  Disputes"),
                ("本合同履行中发生争议的，双方协商解决；协商不成的，任何一方均可向房屋所在地"
                 "人民法院提起诉讼。",
                 "Disputes are settled by agreement, else before the court where the "
                 "premises are."), body_w)
    y = _clause(s, y, ("第十条  其他", "Clause 10  Other terms"),
                ("本合同一式两份，甲、乙双方各执一份，具有同等法律效力，自双方签字之日起"
                 "生效。",
                 "Made in two copies, one for each party, in force once both have "
                 "signed."), body_w)
    y = max(y + 30, h * 0.7)
    s.text((80, y), ("甲方（签字）：", "Lessor:"), 19, anchor="lm")
    s.signature(225, y, seed=21)
    s.text((w / 2 + 20, y), ("乙方（签字）：", "Lessee:"), 19, anchor="lm")
    s.signature(w / 2 + 165, y, seed=22)
    s.text((80, y + 60), ("2024 年 5 月 18 日", "2024-05-18"), 19, anchor="lm")
    s.text((w / 2 + 20, y + 60), ("2024 年 5 月 18 日", "2024-05-18"), 19, anchor="lm")
    return s.bgr(texture_seed=19)


_TITLES = {
    "application_form": "申请表",
    "table": "家庭成员情况登记表",
    "id_card_front": "居民身份证（人像面）",
    "id_card_back": "居民身份证（国徽面）",
    "business_licence": "营业执照",
    "blurred": "情况说明（模糊）",
    "blank": "空白页",
    "lease_contract_p1": "房屋租赁合同（第 1 页 共 3 页）",
    "lease_contract_p3": "房屋租赁合同（第 3 页 共 3 页）",
}
_RENDERERS: dict[str, Callable[[], np.ndarray]] = {
    "application_form": _application_form,
    "table": _table_page,
    "id_card_front": _id_card_front,
    "id_card_back": _id_card_back,
    "business_licence": _business_licence,
    "blurred": _blurred_page,
    "blank": _blank_page,
    "lease_contract_p1": _lease_page_1,
    "lease_contract_p3": _lease_page_3,
}


def sheets_of(keys: Sequence[str]) -> tuple[str, ...]:
    """The sheets of these papers (`PAPERS`) or single sheets (`DOCUMENT_KEYS`), in order.
    Raises KeyError for anything else."""
    sheets: list[str] = []
    for key in keys:
        if key in PAPERS:
            sheets += PAPERS[key]
        elif key in _RENDERERS:
            sheets.append(key)
        else:
            raise KeyError(f"no demo paper {key!r}")
    return tuple(sheets)


_RENDERING = threading.Lock()


@cache
def demo_document(key: str) -> DemoDocument:
    """A demo paper by key (`DOCUMENT_KEYS`); drawn once, then shared read-only."""
    if key not in _RENDERERS:
        raise KeyError(f"no demo document {key!r}")
    with _RENDERING:  # one FreeType face per size, shared: draw with one thread at a time
        image = _RENDERERS[key]()
    card = key.startswith("id_card")
    if card:
        size_mm = ID1_MM
    elif key == "business_licence":
        size_mm = (A4_MM[1], A4_MM[0])
    else:
        size_mm = A4_MM
    alpha = _card_alpha() if card else None
    image.flags.writeable = False
    if alpha is not None:
        alpha.flags.writeable = False
    return DemoDocument(key, _TITLES[key], size_mm, image, alpha)


# -- desks (shared with the synthetic scenes of the detector's tests) -----------------------


def _smooth_noise(rng: np.random.Generator, w: int, h: int, cell: int) -> np.ndarray:
    small = rng.random((max(2, h // cell), max(2, w // cell))).astype(np.float32)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC))


def desk_background(rng: np.random.Generator, kind: str, w: int, h: int) -> np.ndarray:
    """A desk surface (`DESK_KINDS`) as float32 BGR; drawn at half size and scaled up."""
    small = _desk(rng, kind, w // 2, h // 2)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR))


def _desk(rng: np.random.Generator, kind: str, w: int, h: int) -> np.ndarray:
    if kind == "wood":
        y = np.arange(h, dtype=np.float32)[:, None]
        warpn = _smooth_noise(rng, w, h, 120) * 40
        grain = 0.5 + 0.5 * np.sin((y + warpn) / rng.uniform(4, 12))
        fine = _smooth_noise(rng, w, h, 6)
        t = 0.6 * grain + 0.4 * fine
        base = np.array(rng.uniform([30, 60, 100], [60, 100, 160]), dtype=np.float32)
        img = base[None, None, :] * (0.7 + 0.5 * t[:, :, None])
    elif kind == "dark":
        v = rng.uniform(25, 70)
        img = np.full((h, w, 3), v, np.float32) + _smooth_noise(rng, w, h, 200)[:, :, None] * 20
    elif kind == "light":
        v = rng.uniform(150, 195)
        img = np.full((h, w, 3), v, np.float32) + _smooth_noise(rng, w, h, 200)[:, :, None] * 15
        img *= np.array(rng.uniform(0.95, 1.05, 3), np.float32)
    elif kind == "cloth":  # checks or stripes in two mid tones
        period = int(rng.integers(18, 60))
        c1 = rng.uniform(40, 150, 3).astype(np.float32)
        c2 = rng.uniform(40, 150, 3).astype(np.float32)
        yy = np.arange(h, dtype=np.float32)[:, None]
        xx = np.arange(w, dtype=np.float32)[None, :]
        a = rng.uniform(0, np.pi)
        u = xx * np.cos(a) + yy * np.sin(a)
        v = -xx * np.sin(a) + yy * np.cos(a)
        mask = (np.floor(u / period) % 2).astype(np.float32)
        if rng.random() < 0.5:
            mask = np.abs(mask - (np.floor(v / period) % 2))
        img = c1 * mask[:, :, None] + c2 * (1 - mask[:, :, None])
        img += _smooth_noise(rng, w, h, 4)[:, :, None] * 20
    else:
        raise ValueError(f"no desk kind {kind!r}")
    return np.asarray(img, dtype=np.float32)


def desk_clutter(rng: np.random.Generator, img: np.ndarray) -> None:
    """Pens, mugs seen from above, sticky notes and phones, drawn in place anywhere."""
    h, w = img.shape[:2]
    for _ in range(int(rng.integers(1, 6))):
        kind = rng.integers(0, 4)
        colour = tuple(float(c) for c in rng.uniform(0, 255, 3))
        cx, cy = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        if kind == 0:  # pen
            a = rng.uniform(0, np.pi)
            length = rng.uniform(100, 250)
            dx, dy = int(np.cos(a) * length), int(np.sin(a) * length)
            cv2.line(
                img, (cx, cy), (cx + dx, cy + dy), colour, int(rng.integers(6, 14)), cv2.LINE_AA
            )
        elif kind == 1:  # mug
            r = int(rng.uniform(40, 90))
            cv2.circle(img, (cx, cy), r, colour, -1, cv2.LINE_AA)
            cv2.circle(img, (cx, cy), int(r * 0.8), (30, 30, 30), -1, cv2.LINE_AA)
        else:  # sticky note / phone: small rotated rectangles
            side = rng.uniform(0.05, 0.18) * min(w, h)
            box = cv2.boxPoints(
                ((cx, cy), (side, side * rng.uniform(0.5, 2.0)), rng.uniform(0, 90))
            )
            cv2.fillConvexPoly(img, box.astype(np.int32), colour, cv2.LINE_AA)


# -- compositing ----------------------------------------------------------------------------


def paste_page(
    canvas: np.ndarray, page: np.ndarray, corners: np.ndarray, alpha: np.ndarray | None = None
) -> None:
    """Lay `page` (BGR uint8) onto `canvas` in place, its corners at `corners` (TL, TR, BR,
    BL; may reach outside the canvas). Edges are anti-aliased; `alpha` shapes the paper."""
    ch, cw = canvas.shape[:2]
    ph, pw = page.shape[:2]
    dst = np.asarray(corners, dtype=np.float32).reshape(4, 2)
    x0 = max(0, math.floor(float(dst[:, 0].min())) - 1)
    y0 = max(0, math.floor(float(dst[:, 1].min())) - 1)
    x1 = min(cw, math.ceil(float(dst[:, 0].max())) + 2)
    y1 = min(ch, math.ceil(float(dst[:, 1].max())) + 2)
    if x1 <= x0 or y1 <= y0:
        return
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst - np.array([x0, y0], dtype=np.float32))
    size = (x1 - x0, y1 - y0)
    warped = cv2.warpPerspective(page, matrix, size, flags=cv2.INTER_LINEAR)
    coverage = alpha if alpha is not None else np.full((ph, pw), 255, np.uint8)
    mask = cv2.warpPerspective(coverage, matrix, size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    weight = mask.astype(np.float32) * np.float32(1 / 255)
    region = canvas[y0:y1, x0:x1]
    canvas[y0:y1, x0:x1] = cv2.blendLinear(warped, region, weight, 1 - weight)


def _draw_hand(
    canvas: np.ndarray, anchor: np.ndarray, direction: np.ndarray, px_per_mm: float
) -> None:
    """A hand seen from above: palm off the paper along `direction`, fingertips on it."""
    skin = (120, 160, 215)
    sleeve = (95, 75, 60)
    u = px_per_mm
    d = direction / max(1e-9, float(np.linalg.norm(direction)))
    n = np.array([-d[1], d[0]])
    angle = math.degrees(math.atan2(d[1], d[0]))
    palm = anchor + d * 75 * u
    cv2.ellipse(canvas, _pt(palm + d * 150 * u), (round(110 * u), round(45 * u)), angle, 0, 360,
                sleeve, -1, cv2.LINE_AA)  # the forearm in a sleeve
    cv2.ellipse(canvas, _pt(palm), (round(55 * u), round(45 * u)), angle, 0, 360, skin, -1,
                cv2.LINE_AA)
    for k, length in zip((-1.5, -0.5, 0.5, 1.5), (70, 80, 76, 62), strict=True):
        base = palm + n * k * 20 * u - d * 30 * u
        tip = base - d * length * u + n * k * 3 * u
        cv2.line(canvas, _pt(base), _pt(tip), skin, max(2, round(17 * u)), cv2.LINE_AA)
    thumb = palm + n * 60 * u - d * 25 * u
    cv2.line(canvas, _pt(palm + n * 25 * u), _pt(thumb), skin, max(2, round(20 * u)), cv2.LINE_AA)


def _pt(p: np.ndarray) -> tuple[int, int]:
    return round(float(p[0])), round(float(p[1]))


# -- the simulated document camera ----------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class SimulatedScene:
    """What the last simulated frame shows (the truth tests compare the detector with)."""

    document: str | None  # key of the paper in view
    corners: np.ndarray | None  # (4, 2) TL, TR, BR, BL in frame pixels
    resting: bool  # the paper lies still and no hand moves: a moment to capture


@dataclass(frozen=True, slots=True)
class _Pose:
    key: str
    rest: np.ndarray  # corners at rest
    enter: np.ndarray  # where it comes from (offset of the start from the rest pose)
    leave: np.ndarray  # where it goes
    turn_in: float  # radians of rotation while sliding
    turn_out: float


class SimulatedCamera(FrameSource):
    """A document camera for sandbox mode, playing demo papers on a desk (a `FrameSource`).

    For each sheet: an empty desk, the sheet slides in under a hand, the hand withdraws,
    the sheet rests, then slides out. `documents` are sheets (`DOCUMENT_KEYS`) or papers
    (`PAPERS`: a paper of several pages plays as its sheets, one after the other); `count`
    counts sheets. Frame k is a pure function of (seed, k): a paced
    reader that falls behind skips frames without drawing them. It plays forever, like a
    camera, unless `count` sheets are asked for; then it ends after the last one.
    """

    def __init__(
        self,
        *,
        documents: Sequence[str] = DOCUMENT_KEYS,
        count: int | None = None,
        size: tuple[int, int] = (1280, 960),
        fps: float = 25.0,
        realtime: bool = True,
        seed: int = 0,
        desk: str = "wood",
        empty_s: float = 0.8,
        slide_s: float = 0.6,
        rest_s: float = 2.0,
        noise: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            sheets = sheets_of(documents)
        except KeyError:
            sheets = ()
        if not sheets:
            raise ValueError(f"documents must be among {DOCUMENT_KEYS} or {tuple(PAPERS)}")
        if count is not None and count < 0:
            raise ValueError("count must not be negative")
        if fps <= 0 or min(size) < 64:
            raise ValueError("fps must be positive and the frame at least 64 pixels each way")
        self._documents = sheets
        self._size = size
        self._fps = fps
        self._seed = seed
        self._empty = max(1, round(empty_s * fps))
        self._slide = max(2, round(slide_s * fps))
        self._rest = max(1, round(rest_s * fps))
        self._hand_frames = min(self._rest - 1, max(1, round(0.15 * fps)))  # the hand leaving
        self._period = self._empty + 2 * self._slide + self._rest
        self._total = None if count is None else count * self._period + self._empty
        self._pacer = FramePacer(fps, clock=clock, sleep=sleep) if realtime else None
        self._desk = self._make_desk(desk)
        # Hands are drawn to the scale of an A4 sheet at rest, in pixels per millimetre.
        self._hand_scale = self._fit_scale(*_a4()) * DEMO_DPI / 25.4
        w, h = size
        rng = np.random.default_rng([seed, 1])
        self._noise = (rng.standard_normal((h + 16, w + 16, 3), dtype=np.float32) * noise).astype(
            np.int16
        )
        self._scaled: dict[str, tuple[np.ndarray, np.ndarray | None]] = {}
        self._position = 0
        self._released = False
        self._scene = SimulatedScene(None, None, False)

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def name(self) -> str:
        return "Simulated document camera"

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def frames_read(self) -> int:
        """Frames played so far, skipped ones included: frame k is shown at k / fps."""
        return self._position

    @property
    def frames_per_document(self) -> int:
        return self._period

    @property
    def scene(self) -> SimulatedScene:
        """What the frame last returned by read() shows."""
        return self._scene

    def read(self) -> np.ndarray | None:
        if self._released:
            return None
        k = self._position
        if self._pacer is not None:
            k = self._pacer.due(k)
        if self._total is not None and k >= self._total:
            self._position = self._total
            return None
        frame, self._scene = self.render(k)
        self._position = k + 1
        return frame

    def release(self) -> None:
        self._released = True

    def render(self, k: int) -> tuple[np.ndarray, SimulatedScene]:
        """Frame k of the script and what it shows (no pacing, no state)."""
        i, j = divmod(k, self._period)
        frame = self._desk.copy()
        scene = SimulatedScene(None, None, False)
        if j >= self._empty and (self._total is None or k < self._total - self._empty):
            pose = self._pose(i)
            page, alpha = self._page(pose.key)
            j -= self._empty
            hand: tuple[np.ndarray, np.ndarray] | None = None
            if j < self._slide:  # sliding in, eased to a stop
                t = 1 - (1 - (j + 1) / self._slide) ** 2
                corners = _moved(pose.rest, (1 - t) * pose.enter, (1 - t) * pose.turn_in)
                hand = _hand_at(corners, pose.enter)
            elif j < self._slide + self._rest:
                corners = pose.rest
                r = j - self._slide
                if r < self._hand_frames:  # the hand lets go and leaves
                    hand = _hand_at(corners, pose.enter)
                    step = 60 * self._hand_scale * 25 / self._fps  # about 1.5 m/s
                    hand = (hand[0] + hand[1] * step * (r + 1), hand[1])
            else:  # sliding out, speeding up
                t = ((j - self._slide - self._rest + 1) / self._slide) ** 2
                corners = _moved(pose.rest, t * pose.leave, t * pose.turn_out)
                hand = _hand_at(corners, pose.leave)
            paste_page(frame, page, corners, alpha)
            if hand is not None:
                _draw_hand(frame, hand[0], hand[1], self._hand_scale)
            scene = SimulatedScene(pose.key, corners.copy(), hand is None)
        rng = np.random.default_rng([self._seed, 2, k])
        oy, ox = (int(v) for v in rng.integers(0, 16, 2))
        h, w = frame.shape[:2]
        out = cv2.add(frame, self._noise[oy : oy + h, ox : ox + w], dtype=cv2.CV_8U)
        return np.asarray(out), scene

    def _make_desk(self, kind: str) -> np.ndarray:
        w, h = self._size
        rng = np.random.default_rng([self._seed, 0])
        img = desk_background(rng, kind, w, h)
        # Desk lamp / LED ring: brighter in the middle.
        yy = (np.arange(h, dtype=np.float32)[:, None] - h / 2) / h
        xx = (np.arange(w, dtype=np.float32)[None, :] - w / 2) / w
        img *= (1.05 - 0.5 * (xx * xx + yy * yy))[:, :, None]
        desk = np.clip(img, 0, 255).astype(np.uint8)
        # A pen and a mug at the edges, where papers don't go.
        cv2.line(desk, (int(w * 0.03), int(h * 0.2)), (int(w * 0.06), int(h * 0.55)),
                 (40, 40, 160), 12, cv2.LINE_AA)
        cv2.circle(desk, (int(w * 0.97), int(h * 0.06)), int(h * 0.09), (200, 200, 205), -1,
                   cv2.LINE_AA)
        cv2.circle(desk, (int(w * 0.97), int(h * 0.06)), int(h * 0.07), (40, 50, 60), -1,
                   cv2.LINE_AA)
        return np.asarray(desk)

    def _page(self, key: str) -> tuple[np.ndarray, np.ndarray | None]:
        """The paper pre-scaled to about its size in the frame (cheap, sharp warps)."""
        if key not in self._scaled:
            doc = demo_document(key)
            scale = self._base_scale(doc)
            ph, pw = doc.image.shape[:2]
            size = (round(pw * scale), round(ph * scale))
            image = np.asarray(cv2.resize(doc.image, size, interpolation=cv2.INTER_AREA))
            alpha = None
            if doc.alpha is not None:
                alpha = np.asarray(cv2.resize(doc.alpha, size, interpolation=cv2.INTER_AREA))
            self._scaled[key] = (image, alpha)
        return self._scaled[key]

    def _base_scale(self, doc: DemoDocument) -> float:
        ph, pw = doc.image.shape[:2]
        if doc.size_mm == ID1_MM:
            # Shown close up, as the card mode of a document camera does: at true scale
            # next to A4 a card is too small a part of the frame to find reliably.
            return float(0.56 * self._size[0] / pw)
        return self._fit_scale(int(pw), int(ph))

    def _fit_scale(self, pw: int, ph: int) -> float:
        """A sheet's scale at rest: most of the frame, as a document camera frames A4."""
        w, h = self._size
        return min(0.82 * h / ph, 0.78 * w / pw)

    def _pose(self, i: int) -> _Pose:
        key = self._documents[i % len(self._documents)]
        rng = np.random.default_rng([self._seed, 3, i])
        w, h = self._size
        doc = demo_document(key)
        ph, pw = doc.image.shape[:2]
        scale = self._base_scale(doc)
        angle = math.radians(rng.uniform(-7, 7))
        centre = np.array([w / 2 + rng.uniform(-0.05, 0.05) * w,
                           h / 2 + rng.uniform(-0.03, 0.03) * h])
        wobble = rng.normal(0, 0.004, (4, 2))
        margin = 0.025 * min(w, h)
        for _ in range(100):
            half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) * scale / 2
            rot = np.array([[math.cos(angle), -math.sin(angle)],
                            [math.sin(angle), math.cos(angle)]])
            rest = half @ rot.T + centre + wobble * math.hypot(pw, ph) * scale
            inside = (rest[:, 0] > margin).all() and (rest[:, 0] < w - margin).all() and (
                rest[:, 1] > margin).all() and (rest[:, 1] < h - margin).all()
            if inside:
                break
            scale *= 0.97
            centre = 0.9 * centre + 0.1 * np.array([w / 2, h / 2])
        sides = {
            "bottom": np.array([0.0, 1.0]), "right": np.array([1.0, 0.0]),
            "left": np.array([-1.0, 0.0]),
        }
        names = ("bottom", "bottom", "right", "left")
        enter = sides[names[int(rng.integers(len(names)))]]
        leave = sides[names[int(rng.integers(len(names)))]]
        reach = 1.15 * max(w, h)
        return _Pose(key, rest, enter * reach, leave * reach,
                     math.radians(rng.uniform(-12, 12)), math.radians(rng.uniform(-12, 12)))


def _moved(corners: np.ndarray, offset: np.ndarray, turn: float) -> np.ndarray:
    centre = corners.mean(axis=0)
    rot = np.array([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    result: np.ndarray = (corners - centre) @ rot.T + centre + offset
    return result


def _hand_at(corners: np.ndarray, towards: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the hand holds a paper: the middle of its side facing `towards` (the side it
    comes in from, pushed; the side it leaves by, pulled), and the direction of the palm."""
    d = towards / max(1e-9, float(np.linalg.norm(towards)))
    mids = [(corners[i] + corners[(i + 1) % 4]) / 2 for i in range(4)]
    centre = corners.mean(axis=0)
    edge = max(mids, key=lambda m: float(np.dot(m - centre, d)))
    return edge, d
