"""Per-printer calibration for printing on pre-printed stock (套打校准).

Printers do not place a page exactly: the paper path shifts it by a millimetre or two and
may stretch it by a fraction of a percent, differently for each printer and tray. Certificate
stock leaves a few millimetres between a field's pre-printed label and the next line, so the
desk corrects for it: per printer and stock type, an offset (dx, dy) in millimetres and a
scale (sx, sy), applied when the PDF is drawn (never by editing the template, never by CUPS):
a point (x, y) of the template, in mm from the sheet's top-left corner, lands at
(x·sx + dx, y·sy + dy). Glyphs and QR codes scale with it, like everything the printer draws.

How a desk finds the values (the UI's guided dialog):

1. :func:`calibration_sheet` on plain paper of the stock's size: a millimetre grid and five
   crosshairs at known places (:func:`calibration_marks`). The clerk measures with a ruler
   where each crosshair came out, from the paper's left and top edges;
   :meth:`Calibration.from_measurements` turns the measurements into the calibration (a
   least-squares fit per axis, refusing measurements that contradict each other).
2. :func:`field_positions` (套打测试页): the template's boxes outlined with the calibration
   applied, to hold against a stock sheet in front of a light. If every box sits, say, 1 mm
   right of the stock's fields, :meth:`Calibration.moved` corrects for it.

:func:`printer_margins` reads a printer's unprintable margins from CUPS (IPP
``media-*-margin-supported``), so a calibration that pushes a field into them is reported by
:func:`printing.certificates.layout` before anything is printed.
"""

from __future__ import annotations

import io
import logging
import math
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from printing import fonts
from printing.certificates import (
    PT_PER_MM,
    Box,
    FieldKind,
    StockType,
    Template,
    apply_calibration,
    new_canvas,
)
from printing.errors import CalibrationError, NoCupsError, PrinterGoneError
from printing.printers import QUERY_TIMEOUT, _classify_failure, _client_env, _run

log = logging.getLogger("printing.calibration")

#: Plausible corrections. A printer placing a page more than 2 cm off, or scaling it by more
#: than 5 %, is broken (or the values were typed wrong): refused rather than printed.
OFFSET_LIMIT_MM = 20.0
SCALE_MIN, SCALE_MAX = 0.95, 1.05
#: A measured crosshair further than this from the fit of all of them is a typo.
MAX_RESIDUAL_MM = 1.0
#: Where the crosshairs of the calibration sheet are: this far from each corner, and centred.
MARK_INSET_MM = 20.0
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Calibration:
    """The correction for one printer and one stock type. Immutable; validated on creation
    (CalibrationError names the value, the reason and the plausible range)."""

    printer: str
    stock_type: str
    dx_mm: float = 0.0
    dy_mm: float = 0.0
    sx: float = 1.0
    sy: float = 1.0

    def __post_init__(self) -> None:
        for key in ("printer", "stock_type"):
            value = getattr(self, key)
            if not isinstance(value, str) or not value.strip():
                raise CalibrationError(key, "empty")
        for key, low, high in (("dx_mm", -OFFSET_LIMIT_MM, OFFSET_LIMIT_MM),
                               ("dy_mm", -OFFSET_LIMIT_MM, OFFSET_LIMIT_MM),
                               ("sx", SCALE_MIN, SCALE_MAX), ("sy", SCALE_MIN, SCALE_MAX)):
            value = getattr(self, key)
            if isinstance(value, bool) or not isinstance(value, int | float) \
                    or not math.isfinite(value):
                raise CalibrationError(key, "not_a_number", {"value": str(value)})
            if not low <= value <= high:
                raise CalibrationError(key, "out_of_range",
                                       {"value": float(value), "min": low, "max": high})

    @classmethod
    def identity(cls, printer: str, stock_type: str) -> Calibration:
        return cls(printer, stock_type)

    @property
    def is_identity(self) -> bool:
        return (self.dx_mm, self.dy_mm, self.sx, self.sy) == (0.0, 0.0, 1.0, 1.0)

    def apply(self, x: float, y: float) -> tuple[float, float]:
        """Where the template's point (x, y) lands on the sheet, in mm from its top-left."""
        return x * self.sx + self.dx_mm, y * self.sy + self.dy_mm

    def apply_box(self, box: Box) -> Box:
        x, y = self.apply(box.x, box.y)
        return Box(x, y, box.width * self.sx, box.height * self.sy)

    def moved(self, right_mm: float = 0.0, down_mm: float = 0.0) -> Calibration:
        """Corrected after a field positions print: its boxes came out ``right_mm`` to the
        right of and ``down_mm`` below the stock's fields (negative: left, above)."""
        return Calibration(self.printer, self.stock_type, self.dx_mm - right_mm,
                           self.dy_mm - down_mm, self.sx, self.sy)

    def to_dict(self) -> dict[str, str | float | int]:
        return {"version": FORMAT_VERSION, "printer": self.printer,
                "stock_type": self.stock_type, "dx_mm": self.dx_mm, "dy_mm": self.dy_mm,
                "sx": self.sx, "sy": self.sy}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Calibration:
        """The inverse of :meth:`to_dict`; CalibrationError for a missing or wrong value.
        Keys it does not know are ignored (a newer version may add some)."""
        if not isinstance(data, Mapping):
            raise CalibrationError("", "not_an_object")
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION:
            raise CalibrationError("version", "unsupported",
                                   {"value": str(version), "supported": FORMAT_VERSION})
        for key in ("printer", "stock_type", "dx_mm", "dy_mm", "sx", "sy"):
            if key not in data:
                raise CalibrationError(key, "missing")
        printer, stock_type = data["printer"], data["stock_type"]
        if not isinstance(printer, str):
            raise CalibrationError("printer", "empty")
        if not isinstance(stock_type, str):
            raise CalibrationError("stock_type", "empty")
        numbers: dict[str, float] = {}
        for key in ("dx_mm", "dy_mm", "sx", "sy"):
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise CalibrationError(key, "not_a_number", {"value": str(value)})
            numbers[key] = float(value)
        return cls(printer, stock_type, **numbers)

    @classmethod
    def from_measurements(cls, printer: str, stock_type: str,
                          measurements: Sequence[Measurement], *,
                          printed_with: Calibration | None = None) -> Calibration:
        """The calibration that puts every crosshair of the calibration sheet where it
        belongs, from where the clerk measured them.

        ``printed_with``: the calibration the measured sheet was printed with (None: printed
        uncalibrated); the result then replaces it. Needs at least one measurement; the scale
        of an axis is fitted only when the marks span it at two places or more, and stays
        that of ``printed_with`` otherwise. Raises CalibrationError: ``measurements``
        ``too_few`` or ``inconsistent`` (the mark and its residual), or a result outside the
        plausible range.
        """
        if not measurements:
            raise CalibrationError("measurements", "too_few", {"count": 0, "min": 1})
        base = printed_with or cls.identity(printer, stock_type)
        fitted: dict[str, tuple[float, float]] = {}
        for axis in ("x", "y"):
            pairs = [(getattr(m.mark, f"{axis}_mm"), getattr(m, f"{axis}_mm"), m.mark.label)
                     for m in measurements]
            for _, measured, label in pairs:
                if isinstance(measured, bool) or not isinstance(measured, int | float) \
                        or not math.isfinite(measured):
                    raise CalibrationError("measurements", "not_a_number",
                                           {"mark": label, "axis": axis, "value": str(measured)})
            k, e = _fit([(n, m) for n, m, _ in pairs])
            residual, label = max(((m - (k * n + e), label) for n, m, label in pairs),
                                  key=lambda r: abs(r[0]))
            if abs(residual) > MAX_RESIDUAL_MM:
                raise CalibrationError("measurements", "inconsistent", {
                    "mark": label, "axis": axis, "residual_mm": round(residual, 2)})
            if not 0.5 <= k <= 2.0:  # e.g. the same distance typed for every mark
                raise CalibrationError("measurements", "out_of_range", {
                    "axis": axis, "value": round(k, 3), "min": 0.5, "max": 2.0})
            fitted[axis] = (k, e)
        (kx, ex), (ky, ey) = fitted["x"], fitted["y"]
        return cls(printer, stock_type,
                   dx_mm=round(base.dx_mm - ex * base.sx / kx, 3),
                   dy_mm=round(base.dy_mm - ey * base.sy / ky, 3),
                   sx=round(base.sx / kx, 5), sy=round(base.sy / ky, 5))


def _fit(pairs: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """measured ≈ k·nominal + e by least squares; k = 1 when the nominal values do not
    span the axis."""
    count = len(pairs)
    mean_n = sum(n for n, _ in pairs) / count
    mean_m = sum(m for _, m in pairs) / count
    spread = sum((n - mean_n) ** 2 for n, _ in pairs)
    if spread < 1.0:  # all marks at (nearly) one place on this axis
        return 1.0, mean_m - mean_n
    k = sum((n - mean_n) * (m - mean_m) for n, m in pairs) / spread
    return k, mean_m - k * mean_n


@dataclass(frozen=True)
class Mark:
    """A crosshair of the calibration sheet: its label and where it is drawn (template
    coordinates, mm from the sheet's top-left corner)."""

    label: str
    x_mm: float
    y_mm: float


@dataclass(frozen=True)
class Measurement:
    """Where the clerk found ``mark`` on the printed sheet: mm from its left and top edges."""

    mark: Mark
    x_mm: float
    y_mm: float


def calibration_marks(stock: StockType) -> tuple[Mark, ...]:
    """The crosshairs: 20 mm from each corner (A top left, B top right, C bottom left,
    D bottom right) and E at the centre."""
    w, h, inset = stock.width_mm, stock.height_mm, MARK_INSET_MM
    return (Mark("A", inset, inset), Mark("B", w - inset, inset), Mark("C", inset, h - inset),
            Mark("D", w - inset, h - inset), Mark("E", w / 2, h / 2))


SHEET_TEXT: dict[str, str] = {
    "title": "套打校准页　{stock}　{width}×{height} 毫米",
    "calibrated": "本页已按现有校准打印（打印机 {printer}：水平偏移 {dx} 毫米，垂直偏移 {dy} 毫米，"
                  "水平缩放 {sx}，垂直缩放 {sy}）。",
    "legend": "细线间隔 1 毫米，粗线间隔 10 毫米；刻度数字为距纸张左边缘、上边缘的毫米数。"
              "请勿在本页上打印证书。",
    "mark": "{label}（{x}, {y}）",
    "positions_caption": "套打测试页　{template}　{stock}　{calibration}",
    "uncalibrated": "未校准",
    "calibration": "偏移 {dx}/{dy} 毫米，缩放 {sx}/{sy}",
    "qr": "二维码",
}

SHEET_STEPS = (
    "一、打印：在出证用的打印机上，用与证书纸同尺寸的白纸（或一张已作废的证书纸），按打印证书时"
    "相同的纸盒和放纸方向打印本页。打印设置中不得选择“适合页面”“缩放”“自动旋转”。",
    "二、量取：用钢直尺逐一量出十字标记 A、B、C、D、E 的中心到纸张左边缘和上边缘的距离，"
    "精确到 0.5 毫米，填入“打印校准”对话框。标记旁括号内是它应在的位置；"
    "系统据此算出偏移和缩放，并检查各测量值是否一致。",
    "三、对照：将本页与一张空白证书纸左边、上边对齐叠放，透光查看证书纸上预印的栏目线落在"
    "网格的哪一刻度，可核对证书纸本身的印刷位置。",
    "四、复核：保存校准后打印“套打测试页”，与证书纸叠放透光检查，各字段框应落在对应栏目内；"
    "若整体仍有偏差，在对话框中输入偏差后再打印测试页，直至对准。",
)


def calibration_sheet(stock: StockType, *, calibration: Calibration | None = None) -> bytes:
    """The calibration sheet for ``stock`` as a one-page PDF of its exact size.

    A 1 mm grid (bold every 10 mm, labelled in mm from the left and top edges), the
    crosshairs of :func:`calibration_marks` with their coordinates, and the instructions.
    Drawn uncalibrated unless ``calibration`` is given (to check an existing calibration;
    pass it to :meth:`Calibration.from_measurements` as ``printed_with``).
    """
    if calibration is not None and calibration.stock_type != stock.id:
        raise ValueError(f"calibration is for stock {calibration.stock_type!r}, not {stock.id!r}")
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, stock, title="套打校准页")
    canvas.saveState()
    apply_calibration(canvas, stock, calibration)
    _grid(canvas, stock)
    for mark in calibration_marks(stock):
        _crosshair(canvas, stock, mark)
    _instructions(canvas, stock, calibration)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def field_positions(template: Template, *, calibration: Calibration | None = None) -> bytes:
    """The field positions print (套打测试页): each field's box outlined, named, and marked
    with a dot at each corner, with ``calibration`` applied, at the stock's size."""
    stock = template.stock
    if calibration is not None and calibration.stock_type != stock.id:
        raise ValueError(f"calibration is for stock {calibration.stock_type!r}, not {stock.id!r}")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = fonts.register()
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, stock, title="套打测试页")
    canvas.saveState()
    apply_calibration(canvas, stock, calibration)
    for f in template.fields:
        left, top = f.box.x * PT_PER_MM, (stock.height_mm - f.box.y) * PT_PER_MM
        width, height = f.box.width * PT_PER_MM, f.box.height * PT_PER_MM
        canvas.setStrokeColorRGB(0.5, 0.5, 0.5)
        canvas.setLineWidth(0.6)
        canvas.rect(left, top - height, width, height, stroke=1, fill=0)
        canvas.setFillColorRGB(0, 0, 0)
        for x, y in ((left, top), (left + width, top), (left, top - height),
                     (left + width, top - height)):
            canvas.circle(x, y, CORNER_DOT_MM / 2 * PT_PER_MM, stroke=0, fill=1)
        label = SHEET_TEXT["qr"] if f.kind is FieldKind.QR else f.name
        room = width - 4 * PT_PER_MM
        size = min(7.0, room / (stringWidth(label, font, 1) or 1), height * 0.5)
        if size >= 3:
            canvas.setFont(font, size)
            canvas.drawString(left + 2 * PT_PER_MM, top - 2 * PT_PER_MM - 0.8 * size, label)
    canvas.restoreState()
    summary = SHEET_TEXT["uncalibrated"] if calibration is None else SHEET_TEXT[
        "calibration"].format(dx=f"{calibration.dx_mm:+.1f}", dy=f"{calibration.dy_mm:+.1f}",
                              sx=f"{calibration.sx:.4f}", sy=f"{calibration.sy:.4f}")
    canvas.setFont(font, 7)
    canvas.setFillColorRGB(0.4, 0.4, 0.4)
    canvas.drawCentredString(stock.width_mm / 2 * PT_PER_MM, 8 * PT_PER_MM,
                             SHEET_TEXT["positions_caption"].format(
                                 template=template.name, stock=stock.name, calibration=summary))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


#: Diameter of the dots at the corners of each box of the field positions print.
CORNER_DOT_MM = 1.6


def _grid(canvas: Any, stock: StockType) -> None:
    w, h = stock.width_mm, stock.height_mm
    top = h * PT_PER_MM
    font = fonts.register()
    # Fine lines every mm, medium ones every 5 mm, bold ones every 10 mm; each line once.
    kinds: tuple[tuple[Callable[[int], bool], float, float], ...] = (
        (lambda n: n % 5 != 0, 0.1, 0.72),
        (lambda n: n % 5 == 0 and n % 10 != 0, 0.25, 0.55),
        (lambda n: n % 10 == 0, 0.6, 0.3),
    )
    for chosen, width, grey in kinds:
        path = canvas.beginPath()
        for n in range(int(w) + 1):
            if chosen(n):
                path.moveTo(n * PT_PER_MM, 0)
                path.lineTo(n * PT_PER_MM, top)
        for n in range(int(h) + 1):
            if chosen(n):
                y = top - n * PT_PER_MM
                path.moveTo(0, y)
                path.lineTo(w * PT_PER_MM, y)
        canvas.setStrokeColorRGB(grey, grey, grey)
        canvas.setLineWidth(width)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setFont(font, 5.5)
    for n in range(10, int(w), 10):  # along the top and bottom bold lines
        for row in (10, h - 10):
            _label(canvas, f"{n}", n * PT_PER_MM + 0.6 * PT_PER_MM,
                   top - (row + 2.6) * PT_PER_MM, 5.5)
    for n in range(10, int(h), 10):  # along the left and right bold lines
        for column in (10.6, w - 10 + 0.6):
            _label(canvas, f"{n}", column * PT_PER_MM, top - (n - 0.7) * PT_PER_MM, 5.5)


def _label(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """``text`` at (x, y) in points on a white patch, readable over the grid."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = fonts.register()
    width = stringWidth(text, font, size)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x - 0.5, y - 0.25 * size, width + 1, size * 1.1, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)
    canvas.restoreState()


def _crosshair(canvas: Any, stock: StockType, mark: Mark) -> None:
    x, y = mark.x_mm * PT_PER_MM, (stock.height_mm - mark.y_mm) * PT_PER_MM
    arm, radius = 6 * PT_PER_MM, 2.5 * PT_PER_MM
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.4)
    canvas.line(x - arm, y, x + arm, y)
    canvas.line(x, y - arm, x, y + arm)
    canvas.circle(x, y, radius, stroke=1, fill=0)
    canvas.restoreState()
    text = SHEET_TEXT["mark"].format(label=mark.label, x=f"{mark.x_mm:g}", y=f"{mark.y_mm:g}")
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 8.0
    width = stringWidth(text, fonts.register(), size)
    right_half = mark.x_mm > stock.width_mm * 0.6
    lower_half = mark.y_mm > stock.height_mm * 0.6
    tx = x - 3.5 * PT_PER_MM - width if right_half else x + 3.5 * PT_PER_MM
    ty = y + 3.5 * PT_PER_MM if lower_half else y - 3.5 * PT_PER_MM - size
    _label(canvas, text, tx, ty, size)


def _instructions(canvas: Any, stock: StockType, calibration: Calibration | None) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from printing.page import escape

    w, h = stock.width_mm, stock.height_mm
    width = min(w - 100, 230.0) * PT_PER_MM
    top_mm, bottom_mm = h / 2 + 12, h - 32
    left = (w * PT_PER_MM - width) / 2
    available = (bottom_mm - top_mm) * PT_PER_MM
    font = fonts.register()
    texts = [SHEET_TEXT["title"].format(stock=stock.name, width=f"{w:g}", height=f"{h:g}")]
    if calibration is not None:
        texts.append(SHEET_TEXT["calibrated"].format(
            printer=calibration.printer, dx=f"{calibration.dx_mm:+.2f}",
            dy=f"{calibration.dy_mm:+.2f}", sx=f"{calibration.sx:.4f}",
            sy=f"{calibration.sy:.4f}"))
    texts += [*SHEET_STEPS, SHEET_TEXT["legend"]]
    padding = 3 * PT_PER_MM
    size = 9.0
    while True:
        body = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.45,
                              wordWrap="CJK", spaceAfter=size * 0.3)
        title = ParagraphStyle("title", parent=body, fontSize=size * 1.3,
                               leading=size * 1.8, alignment=1)
        paragraphs = [Paragraph(escape(t), title if n == 0 else body)
                      for n, t in enumerate(texts)]
        heights = [p.wrap(width - 2 * padding, available)[1] + body.spaceAfter
                   for p in paragraphs]
        total = sum(heights) + 2 * padding
        if total <= available or size <= 5:
            break
        size -= 0.5
    y_top = (h - top_mm) * PT_PER_MM
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.5)
    canvas.rect(left, y_top - total, width, total, stroke=1, fill=1)
    y = y_top - padding
    for paragraph, height in zip(paragraphs, heights, strict=True):
        y -= height
        paragraph.drawOn(canvas, left + padding, y + body.spaceAfter)
    canvas.restoreState()


# --------------------------------------------------------------------------------------------
# the printer's unprintable margins, from CUPS


@dataclass(frozen=True)
class Margins:
    """A printer's unprintable margins in mm: it cannot put ink closer to these edges."""

    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    left: float = 0.0


_MARGIN_ATTRIBUTES = ",".join(
    f"media-{side}-margin-supported" for side in ("top", "right", "bottom", "left"))
_MARGINS_REQUEST = f"""\
{{
  NAME "margins"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR naturalLanguage attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR keyword requested-attributes {_MARGIN_ATTRIBUTES}
}}
"""
_MARGIN_LINE = re.compile(
    r"^\s*media-(?P<side>top|right|bottom|left)-margin-supported \([^)]*\) = (?P<values>.+)$",
    re.M)
_STATUS_LINE = re.compile(r"^\s*status-code = (?P<status>[\w-]+)", re.M)


def printer_margins(printer: str, *, server: str | None = None,
                    env: Mapping[str, str] | None = None) -> Margins | None:
    """The unprintable margins CUPS reports for ``printer``; None when they are unknown
    (``ipptool``, from cups-ipp-utils, is not installed, or the printer does not say).

    Asks the scheduler the client tools use (``lpstat -H``) with an IPP
    Get-Printer-Attributes request. Where a printer supports several margins for a side
    (borderless and normal), the largest is taken: the safe one. Raises PrinterGoneError
    for an unknown printer and NoCupsError when no scheduler answers.
    """
    client_env = _client_env(server, env)
    if shutil.which("ipptool", path=client_env.get("PATH")) is None:
        log.info("ipptool is not installed: printer margins unknown")
        return None
    where = _run("lpstat", ["-H"], env=client_env, timeout=QUERY_TIMEOUT)
    if where.returncode != 0 or not where.stdout.strip():
        raise _classify_failure("lpstat", where.stderr.splitlines(), printer, client_env)
    host = where.stdout.strip()
    if host.startswith("/"):  # the scheduler's Unix socket: CUPS takes it %-encoded
        host = quote(host, safe="")
    uri = f"ipp://{host}/printers/{quote(printer, safe='')}"
    with tempfile.TemporaryDirectory(prefix="cw-ipp-") as folder:
        request = Path(folder) / "margins.test"
        request.write_text(_MARGINS_REQUEST, encoding="ascii")
        result = _run("ipptool", ["-T", f"{QUERY_TIMEOUT:.0f}", "-t", "-v", uri, str(request)],
                      env=client_env, timeout=QUERY_TIMEOUT + 5)
    status = _STATUS_LINE.search(result.stdout)
    if status is None:
        detail = (result.stderr.strip() or result.stdout.strip())[:300]
        raise NoCupsError(f"ipptool: {detail or 'no answer'}")
    if status["status"] == "client-error-not-found":
        raise PrinterGoneError(printer, "The printer or class does not exist.")
    if not status["status"].startswith("successful"):
        raise NoCupsError(f"ipptool: {status['status']}")
    return parse_ipp_margins(result.stdout)


def parse_ipp_margins(text: str) -> Margins | None:
    """Margins from ipptool's verbose output (values in hundredths of a millimetre)."""
    sides: dict[str, float] = {}
    for match in _MARGIN_LINE.finditer(text):
        try:
            values = [int(v) for v in match["values"].split(",")]
        except ValueError:
            continue
        if values:
            sides[match["side"]] = max(values) / 100
    if len(sides) < 4:
        return None
    return Margins(top=sides["top"], right=sides["right"], bottom=sides["bottom"],
                   left=sides["left"])
