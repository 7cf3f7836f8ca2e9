"""Certificates (证照) printed on pre-printed, serial-numbered stock at the certificate desk.

The stock carries everything that never changes (the national emblem, the title, the labels,
the borders, the serial); we print only the fields, each into its box. A certificate's layout
is data: a template (resources/certificates/*.json, documented in the README there) gives the
stock type (page size, serial format) and, per field, a box in millimetres measured from the
top-left corner of the sheet, a font size, alignment and a fit rule.

Three steps, each usable on its own by the UI:

1. :func:`load_templates` reads and validates the template files. A broken file is reported
   (file, key, problem code) and does not stop the others from loading.
2. :func:`layout` places a certificate's values into the template's boxes: it picks a font per
   character (the main CJK font, or a fallback for rare characters), wraps and shrinks by the
   field's rule and reports problems before anything is printed: a field that does not fit
   even at its minimum size, a character no font has, a required value that is missing, a
   field that a calibration pushes into the printer's unprintable margin. Nothing is ever
   drawn outside its box.
3. :func:`render` draws the layout as a vector PDF at the stock's exact page size (fonts
   embedded as subsets, the calibration applied as one transformation of the page), and
   :func:`print_certificate` sends it through CUPS without any scaling. Both refuse a layout
   with blocking problems.

Problems are data (a code, the field and parameters), never sentences: the UI translates.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import json
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from printing import fonts
from printing.errors import (
    CertificateBlockedError,
    SerialFormatError,
    TemplateError,
    TemplateProblem,
)
from printing.page import TRAINING_RGB
from printing.printers import PrintJob, print_pdf

if TYPE_CHECKING:
    from printing.calibration import Calibration, Margins

log = logging.getLogger("printing.certificates")

SCHEMA_VERSION = 1
MM_PER_PT = 25.4 / 72
PT_PER_MM = 72 / 25.4
#: Sizes are tried in steps of this many points when shrinking.
SIZE_STEP_PT = 0.1
#: The smallest QR module we print: finer ones blur on office printers and phones miss them.
MIN_QR_MODULE_MM = 0.3
TRAINING_TEXT = "培训专用 无效"
#: Slack for floating-point comparisons of lengths, in mm.
EPSILON_MM = 1e-6

# Problem codes (Problem.code); the UI translates them.
FIELD_OVERFLOW = "certificate.field_overflow"
VALUE_MISSING = "certificate.value_missing"
FALLBACK_GLYPHS = "certificate.fallback_glyphs"
MISSING_GLYPHS = "certificate.missing_glyphs"
QR_TOO_DENSE = "certificate.qr_too_dense"
OUTSIDE_PRINTABLE_AREA = "certificate.outside_printable_area"
#: Codes that do not block printing: the clerk is told, and may go on.
WARNING_CODES = frozenset([FALLBACK_GLYPHS])

# Kinsoku (禁则): no line may start with closing punctuation, none may end with an opening one.
CLOSING = frozenset("，。、；：？！）」』】〕〉》〗〙〛”’…‥·・％‰℃,.;:?!)]}%｝］﹚﹜﹞")
OPENING = frozenset("（「『【〔〈《〖〘〚“‘([{｛［﹙﹛﹝￥$")
# Characters never printed, whatever the fonts say: controls, surrogates, private use (a
# glyph there means something different in every font) and unassigned code points.
_UNPRINTABLE_CATEGORIES = frozenset(["Cc", "Cs", "Co", "Cn"])


# --------------------------------------------------------------------------------------------
# the template model


class FieldKind(StrEnum):
    TEXT = "text"
    QR = "qr"


class Fit(StrEnum):
    #: One line; the size is reduced (down to the minimum) until it fits the box.
    SHRINK = "shrink"
    #: Wrapped onto as many lines as the box holds, at the given size.
    WRAP = "wrap"
    #: Wrapped, and the size reduced (down to the minimum) while the lines are too tall.
    WRAP_SHRINK = "wrap_shrink"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


class VAlign(StrEnum):
    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


@dataclass(frozen=True)
class Box:
    """A rectangle in millimetres, from the top-left corner of the sheet (y grows down)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def contains(self, other: Box, tolerance: float = EPSILON_MM) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance
                and other.bottom <= self.bottom + tolerance)


@dataclass(frozen=True)
class StockType:
    """A kind of pre-printed, serial-numbered sheet (证书纸)."""

    id: str
    name: str
    width_mm: float
    height_mm: float
    #: The serial (印制号) printed on each sheet: a regular expression it must match whole,
    #: and an example for the clerk.
    serial_pattern: str
    serial_example: str

    @property
    def media(self) -> str:
        """The CUPS ``media`` option: the sheet's exact size, in the page's orientation."""
        return f"Custom.{self.width_mm:g}x{self.height_mm:g}mm"

    def check_serial(self, serial: str) -> str:
        """The serial as it is recorded, or SerialFormatError naming the expected format.

        Full-width characters typed with a Chinese input method are read as their ASCII
        forms, surrounding blanks are dropped, and lower-case letters are accepted where
        only the upper-case form matches.
        """
        candidate = unicodedata.normalize("NFKC", serial).strip()
        for form in (candidate, candidate.upper()):
            if re.fullmatch(self.serial_pattern, form):
                return form
        raise SerialFormatError(self.id, serial, self.serial_pattern, self.serial_example)


@dataclass(frozen=True)
class TemplateField:
    name: str
    kind: FieldKind
    #: What is printed: literal text with ``{key}`` placeholders for the certificate's values
    #: (``{{`` and ``}}`` for braces). For a QR code: what it encodes.
    text: str
    box: Box
    size_pt: float
    min_size_pt: float
    align: Align
    valign: VAlign
    fit: Fit
    #: Distance of consecutive baselines, in multiples of the font size.
    line_height: float
    #: A required field whose values are missing or blank blocks printing; an optional one
    #: is left blank.
    required: bool

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(key for _, key in _parse_text(self.text) if key is not None)


@dataclass(frozen=True)
class Template:
    """A certificate layout: which stock it is printed on, and its fields."""

    id: str
    name: str
    stock: StockType
    fields: tuple[TemplateField, ...]
    #: The file it was loaded from ("" when built in code).
    file: str = ""

    def field(self, name: str) -> TemplateField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def placeholders(self) -> tuple[str, ...]:
        """Every value key the template uses, in order of first use."""
        return tuple(dict.fromkeys(k for f in self.fields for k in f.placeholders))


# --------------------------------------------------------------------------------------------
# loading and validation

_TEMPLATE_KEYS = {"schema", "id", "name", "stock", "defaults", "fields"}
_STOCK_KEYS = {"id", "name", "width_mm", "height_mm", "serial_pattern", "serial_example"}
_STYLE_KEYS = {"size_pt", "min_size_pt", "align", "valign", "fit", "line_height", "required"}
_FIELD_KEYS = {"name", "kind", "text", "box_mm"} | _STYLE_KEYS
_BOX_KEYS = {"x", "y", "width", "height"}
#: What a field gets when neither it nor the template's "defaults" say otherwise.
BUILT_IN_DEFAULTS: Mapping[str, Any] = {
    "size_pt": 12.0, "min_size_pt": 7.0, "align": "left", "valign": "middle",
    "fit": "shrink", "line_height": 1.25, "required": True,
}
# Plausible ranges; anything outside is a typo.
PAGE_MM = (50.0, 1200.0)
SIZE_PT = (4.0, 72.0)
MIN_SIZE_PT = (3.0, 72.0)
LINE_HEIGHT = (1.0, 3.0)
QR_MIN_MM = 10.0
_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True)
class TemplateSet:
    """The templates that loaded, by id, and the problems of the files that did not."""

    templates: Mapping[str, Template]
    problems: tuple[TemplateProblem, ...]

    def stock_types(self) -> dict[str, StockType]:
        return {t.stock.id: t.stock for t in self.templates.values()}


def default_directory() -> Path:
    """resources/certificates/, where the shipped templates are."""
    return Path(str(resources.files("resources").joinpath("certificates")))


def load_templates(directory: Path | None = None) -> TemplateSet:
    """Every ``*.json`` template in ``directory`` (default: the shipped ones), by id."""
    folder = default_directory() if directory is None else Path(directory)
    if not folder.is_dir():
        return TemplateSet({}, (TemplateProblem(str(folder), "", "unreadable",
                                                {"error": "not a directory"}),))
    templates: dict[str, Template] = {}
    problems: list[TemplateProblem] = []
    for path in sorted(folder.glob("*.json")):
        try:
            template = load_template(path)
        except TemplateError as exc:
            problems.extend(exc.problems)
            log.warning("certificate template %s not loaded: %s", path.name, exc)
            continue
        if template.id in templates:
            problems.append(TemplateProblem(path.name, "id", "duplicate_id", {
                "id": template.id, "other_file": templates[template.id].file}))
            continue
        templates[template.id] = template
    return TemplateSet(templates, tuple(problems))


def load_template(path: Path) -> Template:
    """One template file; TemplateError (with every problem found) when it is not valid."""
    name = Path(path).name
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError([TemplateProblem(name, "", "unreadable", {"error": str(exc)})]
                            ) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TemplateError([TemplateProblem(name, "", "not_json", {
            "line": exc.lineno, "column": exc.colno, "error": exc.msg})]) from exc
    return parse_template(data, file=name)


def parse_template(data: object, *, file: str = "") -> Template:
    """A template from its JSON value; TemplateError (with every problem found) if invalid."""
    check = _Checker(file)
    root = check.mapping(data, "", required={"schema", "id", "name", "stock", "fields"},
                        allowed=_TEMPLATE_KEYS)
    if root is None:
        raise TemplateError(check.problems)
    schema = root.get("schema")
    if schema is not None and (not isinstance(schema, int) or isinstance(schema, bool)
                               or schema != SCHEMA_VERSION):
        check.problem("schema", "unsupported_schema", value=str(schema), supported=SCHEMA_VERSION)
    template_id = check.string(root, "", "id")
    if template_id is not None and not _ID.fullmatch(template_id):
        check.problem("id", "bad_id", value=template_id, rule=_ID.pattern)
    name = check.string(root, "", "name")
    stock = _stock(check, root.get("stock"))
    defaults = dict(BUILT_IN_DEFAULTS)
    if "defaults" in root:
        given = check.mapping(root["defaults"], "defaults", required=set(), allowed=_STYLE_KEYS)
        if given is not None:
            style = _style(check, given, "defaults", BUILT_IN_DEFAULTS)
            if style is not None:
                defaults.update(style)
    fields: list[TemplateField] = []
    raw_fields = root.get("fields")
    if "fields" in root:
        if not isinstance(raw_fields, list):
            check.problem("fields", "wrong_type", expected="array")
        elif not raw_fields:
            check.problem("fields", "empty")
        else:
            seen: set[str] = set()
            for n, item in enumerate(raw_fields):
                made = _field(check, item, f"fields[{n}]", defaults, stock)
                if made is None:
                    continue
                if made.name in seen:
                    check.problem(f"fields[{n}].name", "duplicate_name", name=made.name)
                seen.add(made.name)
                fields.append(made)
    if check.problems:
        raise TemplateError(check.problems)
    assert template_id is not None and name is not None and stock is not None
    return Template(template_id, name, stock, tuple(fields), file)


def _stock(check: _Checker, value: object) -> StockType | None:
    stock = check.mapping(value, "stock", required=_STOCK_KEYS, allowed=_STOCK_KEYS)
    if stock is None:
        return None
    stock_id = check.string(stock, "stock", "id")
    if stock_id is not None and not _ID.fullmatch(stock_id):
        check.problem("stock.id", "bad_id", value=stock_id, rule=_ID.pattern)
    name = check.string(stock, "stock", "name")
    width = check.number(stock, "stock", "width_mm", *PAGE_MM)
    height = check.number(stock, "stock", "height_mm", *PAGE_MM)
    pattern = check.string(stock, "stock", "serial_pattern")
    example = check.string(stock, "stock", "serial_example")
    if pattern is not None:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            check.problem("stock.serial_pattern", "bad_pattern", error=str(exc))
        else:
            if example is not None and not compiled.fullmatch(example):
                check.problem("stock.serial_example", "example_mismatch", example=example,
                              pattern=pattern)
    if None in (stock_id, name, width, height, pattern, example):
        return None
    assert stock_id and name and width and height and pattern and example
    return StockType(stock_id, name, width, height, pattern, example)


def _style(check: _Checker, given: Mapping[str, object], where: str,
           defaults: Mapping[str, Any]) -> dict[str, Any] | None:
    """The style keys of a field or of "defaults", each checked; None if any is wrong."""
    before = len(check.problems)
    style: dict[str, Any] = {}
    if "size_pt" in given:
        style["size_pt"] = check.number(given, where, "size_pt", *SIZE_PT)
    if "min_size_pt" in given:
        style["min_size_pt"] = check.number(given, where, "min_size_pt", *MIN_SIZE_PT)
    if "line_height" in given:
        style["line_height"] = check.number(given, where, "line_height", *LINE_HEIGHT)
    for key, choices in (("align", Align), ("valign", VAlign), ("fit", Fit)):
        if key in given:
            style[key] = check.choice(given, where, key, [c.value for c in choices])
    if "required" in given:
        required = given["required"]
        if not isinstance(required, bool):
            check.problem(_key(where, "required"), "wrong_type", expected="boolean")
        style["required"] = required
    if len(check.problems) > before:
        return None
    size = style.get("size_pt", defaults["size_pt"])
    minimum = style.get("min_size_pt", defaults["min_size_pt"])
    if minimum > size:
        check.problem(_key(where, "min_size_pt"), "min_above_size", min_size_pt=minimum,
                      size_pt=size)
        return None
    return style


def _field(check: _Checker, value: object, where: str, defaults: Mapping[str, Any],
           stock: StockType | None) -> TemplateField | None:
    given = check.mapping(value, where, required={"name", "text", "box_mm"}, allowed=_FIELD_KEYS)
    if given is None:
        return None
    before = len(check.problems)
    name = check.string(given, where, "name")
    kind = FieldKind(check.choice(given, where, "kind", [k.value for k in FieldKind]) or "text"
                     ) if "kind" in given else FieldKind.TEXT
    text = check.string(given, where, "text")
    if text is not None:
        try:
            _parse_text(text)
        except ValueError as exc:
            check.problem(_key(where, "text"), "bad_placeholder", text=text, error=str(exc))
    box = _box(check, given.get("box_mm"), _key(where, "box_mm"), stock, kind)
    style = _style(check, given, where, defaults)
    if len(check.problems) > before or style is None:
        return None
    assert name is not None and text is not None and box is not None
    merged = {**defaults, **style}
    return TemplateField(
        name=name, kind=kind, text=text, box=box, size_pt=float(merged["size_pt"]),
        min_size_pt=float(merged["min_size_pt"]), align=Align(merged["align"]),
        valign=VAlign(merged["valign"]), fit=Fit(merged["fit"]),
        line_height=float(merged["line_height"]), required=bool(merged["required"]))


def _box(check: _Checker, value: object, where: str, stock: StockType | None,
         kind: FieldKind) -> Box | None:
    given = check.mapping(value, where, required=_BOX_KEYS, allowed=_BOX_KEYS)
    if given is None:
        return None
    page_w = stock.width_mm if stock else PAGE_MM[1]
    page_h = stock.height_mm if stock else PAGE_MM[1]
    smallest = QR_MIN_MM if kind is FieldKind.QR else 1.0
    x = check.number(given, where, "x", 0.0, page_w)
    y = check.number(given, where, "y", 0.0, page_h)
    width = check.number(given, where, "width", smallest, page_w)
    height = check.number(given, where, "height", smallest, page_h)
    if x is None or y is None or width is None or height is None:
        return None
    box = Box(x, y, width, height)
    if stock is not None:
        if box.right > page_w + EPSILON_MM:
            check.problem(where, "outside_page", edge="right", page_width_mm=page_w,
                          right_mm=round(box.right, 3))
            return None
        if box.bottom > page_h + EPSILON_MM:
            check.problem(where, "outside_page", edge="bottom", page_height_mm=page_h,
                          bottom_mm=round(box.bottom, 3))
            return None
    return box


def _key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Checker:
    """Collects the problems of one template file, each with its key path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[TemplateProblem] = []

    def problem(self, key: str, code: str, **params: str | int | float) -> None:
        self.problems.append(TemplateProblem(self.file, key, code, params))

    def mapping(self, value: object, where: str, *, required: set[str], allowed: set[str]
               ) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.problem(where, "wrong_type", expected="object")
            return None
        for key in sorted(required - value.keys()):
            self.problem(_key(where, key), "missing_key")
        for key in sorted(value.keys() - allowed, key=str):
            self.problem(_key(where, str(key)), "unknown_key", allowed=", ".join(sorted(allowed)))
        return value

    def string(self, given: Mapping[str, object], where: str, key: str) -> str | None:
        value = given.get(key)
        if key not in given:
            return None  # reported by object() if required
        if not isinstance(value, str):
            self.problem(_key(where, key), "wrong_type", expected="string")
            return None
        if not value.strip():
            self.problem(_key(where, key), "empty")
            return None
        return value

    def number(self, given: Mapping[str, object], where: str, key: str, low: float,
               high: float) -> float | None:
        if key not in given:
            return None
        value = given[key]
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not math.isfinite(value):
            self.problem(_key(where, key), "wrong_type", expected="number")
            return None
        if not low <= value <= high:
            self.problem(_key(where, key), "out_of_range", value=value, min=low, max=high)
            return None
        return float(value)

    def choice(self, given: Mapping[str, object], where: str, key: str, choices: Sequence[str]
               ) -> str | None:
        value = given.get(key)
        if value not in choices:
            self.problem(_key(where, key), "bad_choice", value=str(value),
                         choices=", ".join(choices))
            return None
        assert isinstance(value, str)
        return value


_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def _parse_text(text: str) -> list[tuple[str, str | None]]:
    """``text`` as (literal, None) and (``""``, key) pieces; ValueError on a stray brace."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], None))
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append((token[0], None))
        elif token in ("{", "}"):
            raise ValueError(f"unmatched {token!r} at {match.start()}")
        else:
            key = match.group(1).strip()
            if not key:
                raise ValueError(f"empty placeholder at {match.start()}")
            pieces.append(("", key))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def certificate_values(fields: Mapping[str, str], *, certificate_id: str,
                       case_number: str) -> dict[str, str]:
    """The values a template's placeholders can use: the certificate's fields by label
    (名称, 统一社会信用代码...), plus ``certificate_id`` and ``case_number``."""
    return {**fields, "certificate_id": certificate_id, "case_number": case_number}


def fill(text: str, values: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """``text`` with its placeholders replaced; and the keys whose values are missing or blank
    (replaced by "")."""
    out: list[str] = []
    missing: list[str] = []
    for literal, key in _parse_text(text):
        if key is None:
            out.append(literal)
            continue
        value = values.get(key)
        if value is None or not str(value).strip():
            missing.append(key)
            continue
        out.append(str(value).strip())
    return "".join(out), tuple(dict.fromkeys(missing))


# --------------------------------------------------------------------------------------------
# layout


@dataclass(frozen=True)
class Problem:
    """Something to tell the clerk about a certificate before it is printed.

    ``code`` is one of the module's problem codes, ``field`` the template field's name,
    ``params`` what the UI's message needs (characters, sizes, edges). Every code except
    :data:`WARNING_CODES` blocks printing.
    """

    code: str
    field: str
    params: Mapping[str, str | int | float] = dataclasses.field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.code not in WARNING_CODES


@dataclass(frozen=True)
class Run:
    """Consecutive characters of one line drawn with one font."""

    font: str
    text: str
    x: float  # mm from the sheet's left edge, in template coordinates
    width: float  # mm


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    baseline: float  # mm from the sheet's top edge
    x: float
    width: float


@dataclass(frozen=True)
class PlacedText:
    field: TemplateField
    text: str
    size_pt: float
    lines: tuple[Line, ...]
    #: Where the glyphs' outlines may reach (from the first line's ascent to the last one's
    #: descent, and the outlines' overhangs); None when nothing is printed. Always inside
    #: the field's box: no ink falls outside it.
    extent: Box | None


@dataclass(frozen=True)
class PlacedQr:
    field: TemplateField
    content: str
    #: The code with its quiet zone: a square inside the field's box.
    extent: Box
    modules: tuple[tuple[bool, ...], ...]

    @property
    def module_mm(self) -> float:
        return self.extent.width / (len(self.modules) + 2 * _QR_BORDER)


_QR_BORDER = 4  # modules of quiet zone on each side (ISO/IEC 18004)


@dataclass(frozen=True)
class Layout:
    """A certificate placed into its template: what :func:`render` draws, and what is wrong."""

    template: Template
    items: tuple[PlacedText | PlacedQr, ...]
    problems: tuple[Problem, ...]
    calibration: Calibration | None = None
    margins: Margins | None = None

    @property
    def blocking(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.blocking)

    @property
    def printable(self) -> bool:
        return not self.blocking

    def item(self, name: str) -> PlacedText | PlacedQr:
        for placed in self.items:
            if placed.field.name == name:
                return placed
        raise KeyError(name)


def layout(template: Template, values: Mapping[str, str], *,
           calibration: Calibration | None = None, margins: Margins | None = None) -> Layout:
    """Place ``values`` (the certificate's fields by key, plus e.g. ``certificate_id``) into
    ``template`` and report every problem.

    With ``calibration``, the layout is the one :func:`render` will print on that printer;
    with ``margins`` (the printer's unprintable margins, see
    :func:`printing.calibration.printer_margins`), fields that the calibration moves into
    them, or off the sheet, are reported. Fast enough to run on every keystroke of a preview.
    """
    if calibration is not None and calibration.stock_type != template.stock.id:
        raise ValueError(f"calibration is for stock {calibration.stock_type!r}, "
                         f"the template uses {template.stock.id!r}")
    stack = fonts.stack()
    items: list[PlacedText | PlacedQr] = []
    problems: list[Problem] = []
    for f in template.fields:
        text, missing = fill(f.text, values)
        if missing and f.required:
            problems.append(Problem(VALUE_MISSING, f.name, {"keys": "、".join(missing)}))
            continue
        if missing and f.kind is FieldKind.QR:
            continue  # an optional code with a part missing would point nowhere
        if f.kind is FieldKind.QR:
            placed_qr, qr_problems = _layout_qr(f, text)
            problems += qr_problems
            if placed_qr is not None:
                items.append(placed_qr)
            continue
        placed, text_problems = _layout_text(f, text, stack)
        problems += text_problems
        if placed is not None:
            items.append(placed)
    problems += _printable_area_problems(template, items, calibration, margins)
    return Layout(template, tuple(items), tuple(problems), calibration, margins)


@dataclass(frozen=True)
class _Glyph:
    char: str
    font: fonts.StackFont
    width: float  # mm at a size of 1 pt


def _layout_text(f: TemplateField, text: str, stack: fonts.FontStack
                 ) -> tuple[PlacedText | None, list[Problem]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if f.fit is Fit.SHRINK:
        text = text.replace("\n", " ")
    text = "\n".join(line.strip() for line in text.strip().split("\n"))
    problems: list[Problem] = []
    glyphs: list[_Glyph] = []
    unprintable: list[str] = []
    fallback: dict[str, str] = {}
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for char in text:
        if char == "\n":
            glyphs.append(_Glyph(char, stack.main, 0.0))
            continue
        font = None if unicodedata.category(char) in _UNPRINTABLE_CATEGORIES \
            else stack.font_for(char)
        if font is None:
            unprintable.append(char)
            continue
        if font is not stack.main:
            fallback[char] = font.family
        glyphs.append(_Glyph(char, font, stringWidth(char, font.name, 1) * MM_PER_PT))
    if fallback:
        problems.append(Problem(FALLBACK_GLYPHS, f.name, {
            "chars": "".join(fallback), "codepoints": _codepoints(fallback),
            "fonts": ", ".join(dict.fromkeys(fallback.values()))}))
    if unprintable:
        chars = list(dict.fromkeys(unprintable))
        problems.append(Problem(MISSING_GLYPHS, f.name, {
            "chars": "".join(c if unicodedata.category(c) not in ("Cc", "Cs") else "\ufffd"
                             for c in chars),
            "codepoints": _codepoints(chars)}))
        return None, problems
    if not glyphs:
        return PlacedText(f, "", f.size_pt, (), None), problems

    metrics = _metrics(glyphs)
    sides = (metrics.left + metrics.right) * MM_PER_PT  # mm at 1 pt
    box = f.box

    def fits(lines: list[tuple[int, int]], size: float) -> bool:
        return _block_height(len(lines), size, f.line_height, metrics) \
            <= box.height + EPSILON_MM

    chosen: tuple[float, list[tuple[int, int]]] | None = None
    if f.fit is Fit.SHRINK:
        one_line = sum(g.width for g in glyphs)
        size = f.size_pt
        if one_line > 0:
            size = min(size, box.width / (one_line + sides))
        size = min(size, box.height * PT_PER_MM / (metrics.ascent + metrics.descent))
        size = math.floor(size / SIZE_STEP_PT + 1e-6) * SIZE_STEP_PT
        if size >= f.min_size_pt - 1e-9:
            chosen = (size, [(0, len(glyphs))])
    else:
        sizes = [f.size_pt] if f.fit is Fit.WRAP else _sizes(f.size_pt, f.min_size_pt)
        for size in sizes:
            wrapped = _wrap(glyphs, box.width / size - sides)
            if wrapped is not None and fits(wrapped, size):
                chosen = (size, wrapped)
                break
    if chosen is None:
        problems.append(Problem(FIELD_OVERFLOW, f.name, {
            "fit": f.fit.value, "min_size_pt": f.min_size_pt if f.fit is not Fit.WRAP
            else f.size_pt, "chars": len(text)}))
        return None, problems
    size, spans = chosen
    return _place(f, text, glyphs, spans, size, metrics), problems


def _sizes(size: float, minimum: float) -> list[float]:
    steps = math.floor((size - minimum) / SIZE_STEP_PT + 1e-6)
    return [round(size - n * SIZE_STEP_PT, 4) for n in range(steps + 1)]


@dataclass(frozen=True)
class _Metrics:
    """How far a field's glyphs may reach, in em: above and below the baseline, and beyond
    the start and the end of their advance (a few glyphs' outlines overhang)."""

    ascent: float
    descent: float
    left: float
    right: float


def _metrics(glyphs: Sequence[_Glyph]) -> _Metrics:
    """The fonts' ascent and descent, widened to every outline of the glyphs drawn."""
    drawn = [g for g in glyphs if g.char != "\n"]
    ascent = max(g.font.ascent for g in drawn)
    descent = max(g.font.descent for g in drawn)
    left = right = 0.0
    for g in drawn:
        ink = g.font.ink(g.char)
        if ink is None:
            continue
        x_min, y_min, x_max, y_max = ink
        ascent, descent = max(ascent, y_max), max(descent, -y_min)
        left, right = max(left, -x_min), max(right, x_max - g.width / MM_PER_PT)
    return _Metrics(ascent, descent, left, right)


def _block_height(lines: int, size: float, line_height: float, metrics: _Metrics) -> float:
    """Height in mm of ``lines`` lines at ``size``: first ascent to last descent."""
    return ((lines - 1) * line_height + metrics.ascent + metrics.descent) * size * MM_PER_PT


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _units(glyphs: Sequence[_Glyph], limit: float) -> list[tuple[int, int]]:
    """Break opportunities: [start, end) spans that stay together on a line.

    Every wide (CJK) character, space and newline is a unit of its own; other characters
    (Latin words, numbers) are grouped up to the next space or wide character, unless the
    group is wider than ``limit`` (mm at 1 pt), when it is split into characters.
    """
    units: list[tuple[int, int]] = []
    n = 0
    while n < len(glyphs):
        char = glyphs[n].char
        if char == "\n" or char.isspace() or _is_wide(char):
            units.append((n, n + 1))
            n += 1
            continue
        end = n
        while end < len(glyphs) and not (glyphs[end].char == "\n" or glyphs[end].char.isspace()
                                         or _is_wide(glyphs[end].char)):
            end += 1
        if sum(g.width for g in glyphs[n:end]) > limit:
            units += [(i, i + 1) for i in range(n, end)]
        else:
            units.append((n, end))
        n = end
    return units


def _wrap(glyphs: Sequence[_Glyph], limit: float) -> list[tuple[int, int]] | None:
    """Greedy line breaking with kinsoku at a line width of ``limit`` (mm at 1 pt): spans of
    glyph indices per line, trailing spaces left out. None when one character alone is wider
    than the line."""
    units = _units(glyphs, limit)

    def width(unit: tuple[int, int]) -> float:
        return sum(g.width for g in glyphs[unit[0]:unit[1]])

    def newline(u: int) -> bool:
        return glyphs[units[u][0]].char == "\n"

    def space(u: int) -> bool:
        return glyphs[units[u][0]].char.isspace() and not newline(u)

    def allowed(u: int, start: int) -> bool:
        """May a line end just before unit ``u`` (starting at unit ``start``)?"""
        if u <= start:
            return False
        first = glyphs[units[u][0]].char
        last = glyphs[units[u - 1][1] - 1].char
        return first not in CLOSING and last not in OPENING

    lines: list[tuple[int, int]] = []
    count = len(units)
    u = 0
    while u < count:
        start, used, end = u, 0.0, u
        while end < count and not newline(end):
            w = width(units[end])
            if used + w > limit + 1e-9:
                if end == start:
                    return None
                break
            used += w
            end += 1
        broke = end < count and not newline(end)
        if broke and not space(end):
            better = next((b for b in range(end, start, -1) if allowed(b, start)), None)
            if better is not None:
                end = better
        last = end
        while last > start and space(last - 1):
            last -= 1
        first_glyph = units[start][0] if start < count else len(glyphs)
        lines.append((first_glyph, units[last - 1][1] if last > start else first_glyph))
        if not broke:
            u = end + 1  # past the newline (or the end)
            continue
        u = end
        while u < count and space(u):
            u += 1
        if u < count and newline(u):
            u += 1  # the line broke just before this newline already
    return lines


def _place(f: TemplateField, text: str, glyphs: Sequence[_Glyph],
           spans: Sequence[tuple[int, int]], size: float, metrics: _Metrics) -> PlacedText:
    scale = size  # glyph widths are per point of size
    pad_left = metrics.left * size * MM_PER_PT
    pad_right = metrics.right * size * MM_PER_PT
    # Lines are aligned inside the box less the outlines' overhangs.
    box = Box(f.box.x + pad_left, f.box.y, f.box.width - pad_left - pad_right, f.box.height)
    block = _block_height(len(spans), size, f.line_height, metrics)
    if f.valign is VAlign.TOP:
        top = box.y
    elif f.valign is VAlign.BOTTOM:
        top = box.bottom - block
    else:
        top = box.y + (box.height - block) / 2
    lines: list[Line] = []
    for n, (start, end) in enumerate(spans):
        line_glyphs = [g for g in glyphs[start:end] if g.char != "\n"]
        line_width = sum(g.width for g in line_glyphs) * scale
        if f.align is Align.LEFT:
            x = box.x
        elif f.align is Align.RIGHT:
            x = box.right - line_width
        else:
            x = box.x + (box.width - line_width) / 2
        baseline = top + (metrics.ascent + n * f.line_height) * size * MM_PER_PT
        runs: list[Run] = []
        cursor = x
        for font_name, group in itertools.groupby(line_glyphs, key=lambda g: g.font.name):
            chunk = list(group)
            run_width = sum(g.width for g in chunk) * scale
            runs.append(Run(font_name, "".join(g.char for g in chunk), cursor, run_width))
            cursor += run_width
        lines.append(Line(tuple(runs), baseline, x, line_width))
    drawn = [line for line in lines if line.runs]
    extent = None
    if drawn:
        left = min(line.x for line in drawn) - pad_left
        right = max(line.x + line.width for line in drawn) + pad_right
        extent = Box(left, top, right - left, block)
    return PlacedText(f, text, size, tuple(lines), extent)


def _codepoints(chars: Iterable[str]) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in chars)


def _layout_qr(f: TemplateField, content: str) -> tuple[PlacedQr | None, list[Problem]]:
    if not content:
        return None, []
    from reportlab.graphics.barcode.qr import QrCodeWidget

    encoder = QrCodeWidget(content, barLevel="M").qr
    encoder.make()
    modules = tuple(tuple(bool(m) for m in row) for row in encoder.modules)
    side = min(f.box.width, f.box.height)
    box = f.box
    x = {Align.LEFT: box.x, Align.CENTER: box.x + (box.width - side) / 2,
         Align.RIGHT: box.right - side}[f.align]
    y = {VAlign.TOP: box.y, VAlign.MIDDLE: box.y + (box.height - side) / 2,
         VAlign.BOTTOM: box.bottom - side}[f.valign]
    placed = PlacedQr(f, content, Box(x, y, side, side), modules)
    if placed.module_mm < MIN_QR_MODULE_MM:
        return None, [Problem(QR_TOO_DENSE, f.name, {
            "module_mm": round(placed.module_mm, 3), "min_module_mm": MIN_QR_MODULE_MM,
            "modules": len(modules)})]
    return placed, []


def _printable_area_problems(template: Template, items: Sequence[PlacedText | PlacedQr],
                             calibration: Calibration | None, margins: Margins | None
                             ) -> list[Problem]:
    """Fields that land, after calibration, in the printer's unprintable margins or off the
    sheet (margins 0 when unknown)."""
    stock = template.stock
    top = margins.top if margins else 0.0
    right = margins.right if margins else 0.0
    bottom = margins.bottom if margins else 0.0
    left = margins.left if margins else 0.0
    problems: list[Problem] = []
    for item in items:
        if item.extent is None:
            continue
        box = calibration.apply_box(item.extent) if calibration else item.extent
        overlaps = {
            "left": left - box.x,
            "top": top - box.y,
            "right": box.right - (stock.width_mm - right),
            "bottom": box.bottom - (stock.height_mm - bottom),
        }
        over = {edge: amount for edge, amount in overlaps.items() if amount > EPSILON_MM}
        if over:
            edge, amount = max(over.items(), key=lambda kv: kv[1])
            margin = {"left": left, "top": top, "right": right, "bottom": bottom}[edge]
            problems.append(Problem(OUTSIDE_PRINTABLE_AREA, item.field.name, {
                "edges": ",".join(over), "edge": edge, "margin_mm": round(margin, 2),
                "overlap_mm": round(math.ceil(amount * 10) / 10, 1)}))
    return problems


# --------------------------------------------------------------------------------------------
# rendering and printing


def render(layout: Layout, *, training: bool = False) -> bytes:
    """The certificate as a one-page vector PDF at the stock's exact size.

    Only the fields are drawn (the stock is pre-printed), with the layout's calibration
    applied. ``training`` adds the diagonal 培训专用 无效 mark (sandbox mode). Raises
    CertificateBlockedError while the layout has blocking problems.
    """
    if layout.blocking:
        raise CertificateBlockedError(layout.blocking)
    stock = layout.template.stock
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, stock, title=layout.template.name)
    canvas.saveState()
    apply_calibration(canvas, stock, layout.calibration)
    _draw_items(canvas, stock, layout.items)
    canvas.restoreState()
    if training:
        training_mark(canvas, stock)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def preview(layout: Layout, *, training: bool = False) -> bytes:
    """The certificate on a picture of its stock, for the clerk to check before printing:
    a paper-coloured sheet with a frame, the certificate's title, and each field's box
    faintly outlined and named where the pre-printed labels are, then the fields as they
    will land on the sheet (a calibrated printer puts them there; the calibration itself
    is not drawn). Fields with blocking problems are left out, their boxes shown in red;
    this never refuses, so the clerk sees what is wrong."""
    from reportlab.lib import colors

    stock = layout.template.stock
    width, height = stock.width_mm * PT_PER_MM, stock.height_mm * PT_PER_MM
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, stock, title=layout.template.name)
    canvas.setFillColor(colors.Color(0.99, 0.97, 0.90))
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    inset = min(width, height) * 0.035
    canvas.setStrokeColor(colors.Color(0.72, 0.55, 0.25))
    canvas.setLineWidth(2.5)
    canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)
    canvas.setLineWidth(0.6)
    canvas.rect(inset * 1.4, inset * 1.4, width - 2.8 * inset, height - 2.8 * inset, stroke=1,
                fill=0)
    font = fonts.register()
    canvas.setFillColor(colors.Color(0.70, 0.12, 0.10))
    title_size = min(width, height) * 0.07
    canvas.setFont(font, title_size)
    canvas.drawCentredString(width / 2, height - inset * 1.4 - title_size * 1.1,
                             layout.template.name)
    failed = {p.field for p in layout.blocking}
    label_size = 6.0
    for f in layout.template.fields:
        box = f.box
        bad = f.name in failed
        canvas.setStrokeColor(colors.Color(0.80, 0.10, 0.10) if bad
                              else colors.Color(0.55, 0.55, 0.55))
        canvas.setLineWidth(0.8 if bad else 0.3)
        canvas.setDash(2, 2)
        canvas.rect(box.x * PT_PER_MM, (stock.height_mm - box.bottom) * PT_PER_MM,
                    box.width * PT_PER_MM, box.height * PT_PER_MM, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColor(colors.Color(0.45, 0.45, 0.45))
        canvas.setFont(font, label_size)
        canvas.drawString(box.x * PT_PER_MM, (stock.height_mm - box.y) * PT_PER_MM + 1.5,
                          f.name)
    _draw_items(canvas, stock, layout.items)
    if training:
        training_mark(canvas, stock)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_items(canvas: Any, stock: StockType, items: Sequence[PlacedText | PlacedQr]) -> None:
    canvas.setFillColorRGB(0, 0, 0)
    for item in items:
        if isinstance(item, PlacedQr):
            _draw_qr(canvas, stock, item)
            continue
        for line in item.lines:
            for run in line.runs:
                canvas.setFont(run.font, item.size_pt)
                canvas.drawString(run.x * PT_PER_MM, (stock.height_mm - line.baseline) * PT_PER_MM,
                                  run.text)


def new_canvas(buffer: io.BytesIO, stock: StockType, *, title: str) -> Any:
    """A reportlab canvas of the stock's page size that starts with our CJK font (so no
    unembedded standard font appears in the PDF)."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(buffer, pagesize=(stock.width_mm * PT_PER_MM, stock.height_mm * PT_PER_MM),
                    initialFontName=fonts.register(), pageCompression=1, invariant=1)
    canvas.setTitle(title)
    canvas.setSubject(stock.id)
    canvas.setCreator("Clerk Workstation")
    return canvas


def apply_calibration(canvas: Any, stock: StockType, calibration: Calibration | None) -> None:
    """Make the canvas draw template coordinates where the calibration says.

    A point (x, y) of the template, in mm from the top-left corner, lands at
    (x·sx + dx, y·sy + dy) on the sheet. In PDF points, y up from the bottom (height H):
    X = sx·X' + dx and Y = sy·Y' + H·(1 − sy) − dy, one affine transformation.
    """
    if calibration is None:
        return
    height = stock.height_mm * PT_PER_MM
    canvas.transform(calibration.sx, 0, 0, calibration.sy, calibration.dx_mm * PT_PER_MM,
                     height * (1 - calibration.sy) - calibration.dy_mm * PT_PER_MM)


def training_mark(canvas: Any, stock: StockType) -> None:
    """培训专用 无效 across the sheet's diagonal, translucent red."""
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width, height = stock.width_mm * PT_PER_MM, stock.height_mm * PT_PER_MM
    font = fonts.register()
    diagonal = math.hypot(width, height)
    size = 0.6 * diagonal / (stringWidth(TRAINING_TEXT, font, 1) or 1)
    canvas.saveState()
    canvas.setFont(font, size)
    canvas.setFillColor(colors.Color(*TRAINING_RGB, alpha=0.25))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.drawCentredString(0, -size * 0.35, TRAINING_TEXT)
    canvas.restoreState()


def _draw_qr(canvas: Any, stock: StockType, qr: PlacedQr) -> None:
    """The code as one filled path, a rectangle per run of dark modules."""
    module = qr.module_mm * PT_PER_MM
    left = qr.extent.x * PT_PER_MM
    top = (stock.height_mm - qr.extent.y) * PT_PER_MM
    path = canvas.beginPath()
    for r, row in enumerate(qr.modules):
        column = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                path.rect(left + (column + _QR_BORDER) * module,
                          top - (r + _QR_BORDER + 1) * module, length * module, module)
            column += length
    canvas.drawPath(path, stroke=0, fill=1)


def print_on_stock(pdf: bytes, printer: str, stock: StockType, *, title: str,
                   server: str | None = None, env: Mapping[str, str] | None = None
                   ) -> PrintJob:
    """Send a PDF drawn at the stock's size (a certificate, a calibration sheet, a field
    positions print) to ``printer`` at true size, on media of the stock's size.

    Raises what :func:`printing.printers.print_pdf` raises (PrinterGoneError, NoCupsError...).
    """
    return print_pdf(pdf, printer, title=title, options={"media": stock.media}, server=server,
                     env=env)


def print_certificate(layout: Layout, printer: str, *, training: bool = False,
                      title: str | None = None, server: str | None = None,
                      env: Mapping[str, str] | None = None) -> PrintJob:
    """Render ``layout`` and print it on ``printer``.

    The layout's calibration must be the one of this printer (ValueError otherwise: a caller
    bug); without one, the certificate prints uncalibrated. The job title is the template's
    name (营业执照...), never personal data. Raises CertificateBlockedError while the layout
    has blocking problems, and the printing errors of :func:`print_on_stock`.
    """
    if layout.calibration is not None and layout.calibration.printer != printer:
        raise ValueError(f"the layout is calibrated for {layout.calibration.printer!r}, "
                         f"not {printer!r}")
    pdf = render(layout, training=training)
    return print_on_stock(pdf, printer, layout.template.stock,
                          title=title or layout.template.name, server=server, env=env)
