"""Certificate templates and their layout: validation, fitting, fonts, rendering.

Text placement is checked twice: with reportlab's own width measurements of what the layout
draws, and on the PDF rasterised by poppler (the ink must stay inside the boxes).
"""

from __future__ import annotations

import copy
import json
import math
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from printing import certificates as cert
from printing import fonts
from printing.calibration import Calibration, Margins
from printing.certificates import (
    CLOSING,
    FALLBACK_GLYPHS,
    FIELD_OVERFLOW,
    MISSING_GLYPHS,
    MM_PER_PT,
    OPENING,
    OUTSIDE_PRINTABLE_AREA,
    QR_TOO_DENSE,
    VALUE_MISSING,
    Align,
    Box,
    Fit,
    Layout,
    PlacedQr,
    PlacedText,
    Template,
    layout,
    load_templates,
    parse_template,
    print_certificate,
    render,
)
from printing.errors import CertificateBlockedError, SerialFormatError, TemplateError
from server.contract.certificates import CertificateTemplate
from server.seed.certificates import LONG_SCOPE, demo_certificates
from tests.printing.qr import qr_in_pdf
from tests.system.services import require

TEMPLATES = load_templates()
LICENCE = TEMPLATES.templates["business_licence"]
RARE = "𠀾"  # U+2003E, CJK Extension B: not in WenQuanYi Zen Hei
IN_MAIN_FONT = "㐂"  # U+3402, Extension A: WenQuanYi Zen Hei has it
NO_FONT = "\U00030000"  # U+30000, Extension G: assigned, but in no installed font
PRIVATE_USE = "\ue000"
LONG_NAME = ("示范区" + "明远信息科技发展" * 24 + "有限公司")[:200]
LONG_ADDRESS = ("示范区创新大道88号科技园B座1203室（集群注册）" * 10)[:200]


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftoppm") and shutil.which("pdffonts")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


@pytest.fixture
def fallback_font() -> None:
    require(any(f.family.startswith("HanaMin") for f in fonts.stack().fonts),
            "the fallback font is not installed (apt-get install fonts-hanazono)")


def values(**changes: str) -> dict[str, str]:
    base = {
        "名称": "示范区明远信息科技有限公司",
        "统一社会信用代码": "91999001MA01ABCD1X",
        "类型": "有限责任公司（自然人投资或控股）",
        "法定代表人": "周明远",
        "经营范围": LONG_SCOPE,
        "注册资本": "伍佰万元整",
        "成立日期": "2026年03月02日",
        "住所": "示范区创新大道88号科技园B座1203室",
        "登记机关": "示范区市场监督管理局",
        "发证日期": "2026年03月02日",
        "certificate_id": "6b2f3c1e-0000-4f0b-9a57-1c2d3e4f5a6b",
    }
    base.update(changes)
    return base


def template_json(**field: Any) -> dict[str, Any]:
    """A small valid template (A4 portrait) with one text field, overridable."""
    box = field.pop("box_mm", {"x": 20, "y": 30, "width": 60, "height": 10})
    return {
        "schema": 1, "id": "sample", "name": "样证",
        "stock": {"id": "sample_a4", "name": "样证纸", "width_mm": 210, "height_mm": 297,
                  "serial_pattern": "^S\\d{6}$", "serial_example": "S000001"},
        "fields": [{"name": "名称", "text": "{名称}", "box_mm": box, **field}],
    }


def one_field(**field: Any) -> Template:
    return parse_template(template_json(**field), file="sample.json")


def line_texts(placed: PlacedText) -> list[str]:
    return ["".join(run.text for run in line.runs) for line in placed.lines]


def measured_width_mm(placed: PlacedText, line_index: int) -> float:
    """The line's width as reportlab measures the runs it draws."""
    runs = placed.lines[line_index].runs
    return sum(stringWidth(r.text, r.font, placed.size_pt) for r in runs) * MM_PER_PT


def assert_inside_box(placed: PlacedText) -> None:
    box = placed.field.box
    assert placed.extent is not None and box.contains(placed.extent), (placed.extent, box)
    for n, line in enumerate(placed.lines):
        width = measured_width_mm(placed, n)
        assert width <= box.width + 1e-6, (line_texts(placed)[n], width, box.width)
        assert abs(width - line.width) < 1e-6
        assert box.x - 1e-6 <= line.x and line.x + width <= box.right + 1e-6


def raster(pdf: bytes, work: Path, dpi: int = 150) -> np.ndarray:
    """The PDF's page as 8-bit grey (pdftoppm), one pixel = 25.4/dpi mm."""
    source = work / "page.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", str(source),
                    str(work / "page")], check=True, capture_output=True, timeout=60)
    import cv2

    image = cv2.imread(str(work / "page.pgm"), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    return np.asarray(image)


def ink_outside(image: np.ndarray, boxes: list[Box], dpi: int, tolerance_mm: float
                ) -> int:
    """How many dark pixels lie outside every box (each grown by ``tolerance_mm``)."""
    dark = image < 160
    allowed = np.zeros_like(dark)
    per_mm = dpi / 25.4
    for b in boxes:
        x0 = max(0, int((b.x - tolerance_mm) * per_mm))
        y0 = max(0, int((b.y - tolerance_mm) * per_mm))
        x1 = math.ceil((b.right + tolerance_mm) * per_mm)
        y1 = math.ceil((b.bottom + tolerance_mm) * per_mm)
        allowed[y0:y1, x0:x1] = True
    return int(np.count_nonzero(dark & ~allowed))


def pdffonts(pdf: bytes, work: Path) -> str:
    path = work / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


# --------------------------------------------------------------------------------------------
# the shipped templates


def test_shipped_templates_load_and_match_the_server_contract() -> None:
    assert TEMPLATES.problems == ()
    assert set(TEMPLATES.templates) == {t.value for t in CertificateTemplate}
    stocks = TEMPLATES.stock_types()
    assert len(stocks) == 4  # each template on a stock of its own
    for template in TEMPLATES.templates.values():
        stock = template.stock
        assert stock.check_serial(stock.serial_example) == stock.serial_example
        assert [f.kind for f in template.fields].count(cert.FieldKind.QR) == 1
        assert "certificate_id" in template.placeholders
        for f in template.fields:
            assert Box(0, 0, stock.width_mm, stock.height_mm).contains(f.box)
    assert LICENCE.stock.media == "Custom.420x297mm"
    assert {"名称", "统一社会信用代码", "类型", "法定代表人", "经营范围", "注册资本", "成立日期",
            "住所", "登记机关", "发证日期"} <= set(LICENCE.placeholders)


def test_every_demo_certificate_lays_out_without_blocking_problems() -> None:
    demos = demo_certificates()
    assert {d["template"] for d in demos} == set(TEMPLATES.templates)
    for demo in demos:
        template = TEMPLATES.templates[demo["template"]]
        # Every value the layout prints comes from the certificate: none is left unused
        # (a field the template forgot) and none is missing (a template for another shape).
        required = {k for f in template.fields if f.required for k in f.placeholders}
        assert required - {"certificate_id", "case_number"} <= {*demo["fields"]}, demo["template"]
        assert {*demo["fields"]} <= set(template.placeholders), demo["template"]
        result = layout(template, cert.certificate_values(
            demo["fields"], certificate_id=demo["certificate_id"],
            case_number=demo["case_number"]))
        assert result.blocking == (), (demo["case_number"], result.blocking)
        assert result.printable


def test_demo_property_certificates_print_inside_their_boxes(tmp_path: Path) -> None:
    template = TEMPLATES.templates["property"]
    deeds = [d for d in demo_certificates() if d["template"] == "property"]
    assert len(deeds) == 2
    dpi = 100
    for deed in deeds:
        result = layout(template, cert.certificate_values(
            deed["fields"], certificate_id=deed["certificate_id"],
            case_number=deed["case_number"]))
        pdf = render(result)
        image = raster(pdf, tmp_path, dpi)
        assert abs(image.shape[0] - 210 / 25.4 * dpi) < 1
        assert abs(image.shape[1] - 297 / 25.4 * dpi) < 1
        assert np.count_nonzero(image < 160) > 2_000
        assert ink_outside(image, [f.box for f in template.fields], dpi, tolerance_mm=0.2) == 0
        path = tmp_path / "deed.pdf"
        path.write_bytes(pdf)
        text = re.sub(r"\s+", "", subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
        for label in ("不动产权证号", "权利人", "坐落", "不动产单元号", "登记机构"):
            assert deed["fields"][label] in text, label
        assert qr_in_pdf(path, tmp_path) == (
            f"https://zwfw.example.gov.cn/zz/verify?id={deed['certificate_id']}")


# --------------------------------------------------------------------------------------------
# validation of template files


BROKEN: list[tuple[str, Any, str, str]] = [
    # (what, change to template_json(), key, problem)
    ("unknown key", lambda t: t["fields"][0].update(colour="red"), "fields[0].colour",
     "unknown_key"),
    ("missing box", lambda t: t["fields"][0].pop("box_mm"), "fields[0].box_mm", "missing_key"),
    ("box past the right edge", lambda t: t["fields"][0]["box_mm"].update(x=180),
     "fields[0].box_mm", "outside_page"),
    ("negative y", lambda t: t["fields"][0]["box_mm"].update(y=-1), "fields[0].box_mm.y",
     "out_of_range"),
    ("width as text", lambda t: t["fields"][0]["box_mm"].update(width="60"),
     "fields[0].box_mm.width", "wrong_type"),
    ("bad fit", lambda t: t["fields"][0].update(fit="squeeze"), "fields[0].fit", "bad_choice"),
    ("min above size", lambda t: t["fields"][0].update(size_pt=8, min_size_pt=9),
     "fields[0].min_size_pt", "min_above_size"),
    ("stray brace", lambda t: t["fields"][0].update(text="{名称"), "fields[0].text",
     "bad_placeholder"),
    ("required as text", lambda t: t["fields"][0].update(required="yes"),
     "fields[0].required", "wrong_type"),
    ("bad regex", lambda t: t["stock"].update(serial_pattern="^[A-Z$"), "stock.serial_pattern",
     "bad_pattern"),
    ("example mismatch", lambda t: t["stock"].update(serial_example="X1"),
     "stock.serial_example", "example_mismatch"),
    ("page too small", lambda t: t["stock"].update(width_mm=20), "stock.width_mm",
     "out_of_range"),
    ("schema 2", lambda t: t.update(schema=2), "schema", "unsupported_schema"),
    ("bad id", lambda t: t.update(id="Business Licence"), "id", "bad_id"),
    ("no fields", lambda t: t.update(fields=[]), "fields", "empty"),
    ("duplicate field", lambda t: t["fields"].append(copy.deepcopy(t["fields"][0])),
     "fields[1].name", "duplicate_name"),
    ("bad default", lambda t: t.update(defaults={"align": "justify"}), "defaults.align",
     "bad_choice"),
    ("tiny QR", lambda t: t["fields"].append({"name": "码", "kind": "qr", "text": "x",
                                              "box_mm": {"x": 0, "y": 0, "width": 8,
                                                         "height": 8}}),
     "fields[1].box_mm.width", "out_of_range"),
]


@pytest.mark.parametrize(("change", "key", "problem"), [b[1:] for b in BROKEN],
                         ids=[b[0] for b in BROKEN])
def test_template_mistakes_name_the_file_and_key(change: Any, key: str, problem: str) -> None:
    data = template_json()
    change(data)
    with pytest.raises(TemplateError) as raised:
        parse_template(data, file="sample.json")
    assert raised.value.code == "printing.template_invalid"
    found = [(p.file, p.key, p.problem) for p in raised.value.problems]
    assert ("sample.json", key, problem) in found, found
    assert key in str(raised.value)


def test_a_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    shutil.copy(Path(cert.default_directory(), LICENCE.file),
                tmp_path / "a_licence.json")
    (tmp_path / "b_truncated.json").write_text('{"schema": 1, "id": "x",\n  "name": ',
                                               encoding="utf-8")
    bad = template_json()
    bad["fields"][0]["box_mm"]["height"] = 0
    (tmp_path / "c_zero_height.json").write_text(json.dumps(bad), encoding="utf-8")
    twin = json.loads((tmp_path / "a_licence.json").read_text(encoding="utf-8"))
    (tmp_path / "d_same_id.json").write_text(json.dumps(twin), encoding="utf-8")

    loaded = load_templates(tmp_path)

    assert list(loaded.templates) == ["business_licence"]
    problems = {(p.file, p.key, p.problem) for p in loaded.problems}
    assert problems == {
        ("b_truncated.json", "", "not_json"),
        ("c_zero_height.json", "fields[0].box_mm.height", "out_of_range"),
        ("d_same_id.json", "id", "duplicate_id"),
    }
    truncated = next(p for p in loaded.problems if p.file == "b_truncated.json")
    assert truncated.params["line"] == 2

    missing = load_templates(tmp_path / "nowhere")
    assert missing.templates == {}
    assert [p.problem for p in missing.problems] == ["unreadable"]


def test_serials_are_checked_against_the_stock_format() -> None:
    stock = LICENCE.stock
    assert stock.check_serial(" SF2026000001 ") == "SF2026000001"
    assert stock.check_serial("ＳＦ２０２６０００００１") == "SF2026000001"  # full-width input
    assert stock.check_serial("sf2026000001") == "SF2026000001"
    for wrong in ("SF202600001", "S12026000001", "SF2026000001X", ""):
        with pytest.raises(SerialFormatError) as raised:
            stock.check_serial(wrong)
        assert raised.value.code == "printing.serial_format"
        assert raised.value.example == "SF2026000001"
        assert raised.value.stock_type == "business_licence_a3"


# --------------------------------------------------------------------------------------------
# fit rules


def test_shrink_reduces_the_size_until_one_line_fits() -> None:
    template = one_field(size_pt=14, min_size_pt=6, fit="shrink")
    text = "示范区明远信息科技发展有限公司第一分公司"  # 20 characters: 20 × 4.94 mm at 14 pt
    placed = layout(template, {"名称": text}).item("名称")

    assert isinstance(placed, PlacedText)
    assert line_texts(placed) == [text]
    assert placed.size_pt < 14 and placed.size_pt >= 6
    assert_inside_box(placed)
    # As large as fits: 0.1 pt more would not.
    larger = round(placed.size_pt + 0.1, 1)
    again = layout(one_field(size_pt=larger, min_size_pt=larger, fit="shrink"), {"名称": text})
    assert [p.code for p in again.problems] == [FIELD_OVERFLOW]


def test_shrink_gives_up_at_the_minimum_size() -> None:
    template = one_field(size_pt=14, min_size_pt=8, fit="shrink")
    result = layout(template, {"名称": LONG_NAME})

    assert [(p.code, p.field) for p in result.problems] == [(FIELD_OVERFLOW, "名称")]
    assert result.problems[0].params["min_size_pt"] == 8
    assert not result.printable
    assert result.items == ()
    with pytest.raises(CertificateBlockedError) as raised:
        render(result)
    assert raised.value.code == "printing.certificate_blocked"


def test_wrap_keeps_the_size_and_breaks_lines_inside_the_box() -> None:
    template = one_field(box_mm={"x": 20, "y": 30, "width": 50, "height": 40}, size_pt=10,
                         fit="wrap", valign="top")
    text = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务"
    placed = layout(template, {"名称": text}).item("名称")

    assert isinstance(placed, PlacedText)
    assert placed.size_pt == 10 and len(placed.lines) > 1
    assert "".join(line_texts(placed)) == text
    assert_inside_box(placed)
    assert placed.extent is not None and abs(placed.extent.y - 30) < 1e-6  # valign top


def test_wrap_without_room_is_an_overflow() -> None:
    template = one_field(size_pt=10, fit="wrap")
    result = layout(template, {"名称": LONG_ADDRESS})
    assert [(p.code, p.params["fit"]) for p in result.problems] == [(FIELD_OVERFLOW, "wrap")]


#: Per shipped template, its name-like and its address-like field (不动产权证书: the
#: holders and the location).
LONG_FIELDS = {"business_licence": ("名称", "住所"), "permit": ("名称", "住所"),
               "registration": ("名称", "住所"), "property": ("权利人", "坐落")}


def test_every_shipped_template_is_tried_with_overlong_values() -> None:
    assert set(LONG_FIELDS) == set(TEMPLATES.templates)


@pytest.mark.parametrize("template_id", sorted(LONG_FIELDS))
@pytest.mark.parametrize(("which", "text"), [(0, LONG_NAME), (1, LONG_ADDRESS)])
def test_200_characters_shrink_and_wrap_inside_the_demo_boxes(template_id: str, which: int,
                                                              text: str) -> None:
    field = LONG_FIELDS[template_id][which]
    template = TEMPLATES.templates[template_id]
    given = {k: "示范区" for k in template.placeholders} | {field: text}
    result = layout(template, given)

    assert result.blocking == ()
    placed = result.item(field)
    assert isinstance(placed, PlacedText)
    assert template.field(field).fit is Fit.WRAP_SHRINK
    assert placed.size_pt < template.field(field).size_pt and len(placed.lines) >= 2
    assert "".join(line_texts(placed)) == text
    assert_inside_box(placed)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation() -> None:
    # 10 characters per line: a plain break would put "，" and "。" at line starts and
    # leave "（" at a line end.
    template = one_field(box_mm={"x": 20, "y": 30, "width": 10 * 10 * MM_PER_PT + 0.01,
                                 "height": 60}, size_pt=10, fit="wrap")
    text = "一二三四五六七八九十，一二三四五六七八九（十）一二三四五六七八九十。"
    placed = layout(template, {"名称": text}).item("名称")

    assert isinstance(placed, PlacedText)
    lines = line_texts(placed)
    assert "".join(lines) == text
    assert lines[0] == "一二三四五六七八九"  # 十 goes down with the comma
    for line in lines[1:]:
        assert line[0] not in CLOSING, lines
    for line in lines[:-1]:
        assert line[-1] not in OPENING, lines
    assert_inside_box(placed)


WORDS = st.lists(
    st.tuples(st.sampled_from(["", "（", "“", "《"]),
              st.text(alphabet="技术服务软件开发信息系统集成咨询数据处理存储", min_size=1,
                       max_size=6),
              st.sampled_from(["", "，", "。", "；", "、", "）", "”", "》", "："])),
    min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(words=WORDS, width=st.floats(min_value=30, max_value=120), size=st.sampled_from(
    [8.0, 10.5, 12.0]))
def test_wrapping_property(words: list[tuple[str, str, str]], width: float, size: float
                           ) -> None:
    text = "".join(o + w + c for o, w, c in words)
    template = one_field(box_mm={"x": 10, "y": 10, "width": width, "height": 250},
                         size_pt=size, fit="wrap", valign="top")
    result = layout(template, {"名称": text})
    assert result.problems == ()
    placed = result.item("名称")
    assert isinstance(placed, PlacedText)
    lines = line_texts(placed)
    assert "".join(lines) == text  # nothing lost, nothing added
    assert all(line for line in lines)
    assert all(line[0] not in CLOSING for line in lines[1:]), lines
    assert all(line[-1] not in OPENING for line in lines[:-1]), lines
    assert_inside_box(placed)


def test_latin_words_break_at_spaces_and_line_breaks_are_kept() -> None:
    template = one_field(box_mm={"x": 20, "y": 30, "width": 45, "height": 40}, size_pt=10,
                         fit="wrap", valign="top")
    text = "Shenzhen Example Technology Co., Ltd.\n深圳示范科技有限公司"
    placed = layout(template, {"名称": text}).item("名称")

    assert isinstance(placed, PlacedText)
    lines = line_texts(placed)
    assert lines[-1] == "深圳示范科技有限公司"
    assert " ".join(lines[:-1]) == "Shenzhen Example Technology Co., Ltd."
    assert_inside_box(placed)


@pytest.mark.parametrize("align", ["left", "center", "right"])
@pytest.mark.parametrize("valign", ["top", "middle", "bottom"])
def test_alignment(align: str, valign: str) -> None:
    template = one_field(box_mm={"x": 20, "y": 30, "width": 60, "height": 20}, size_pt=12,
                         align=align, valign=valign)
    placed = layout(template, {"名称": "周明远"}).item("名称")
    assert isinstance(placed, PlacedText) and placed.extent is not None
    extent, box = placed.extent, template.field("名称").box
    expected_x = {"left": box.x, "center": box.x + (box.width - extent.width) / 2,
                  "right": box.right - extent.width}[align]
    expected_y = {"top": box.y, "middle": box.y + (box.height - extent.height) / 2,
                  "bottom": box.bottom - extent.height}[valign]
    assert abs(extent.x - expected_x) < 1e-6 and abs(extent.y - expected_y) < 1e-6
    assert abs(extent.width - 3 * 12 * MM_PER_PT) < 0.01  # three full-width characters
    assert Align(align) is template.field("名称").align


def test_required_and_optional_values() -> None:
    result = layout(LICENCE, values(法定代表人="  ", 注册资本=""))
    assert [(p.code, p.field, p.params["keys"]) for p in result.problems] == [
        (VALUE_MISSING, "法定代表人", "法定代表人")]
    for optional in ("注册资本", "营业期限"):  # blank, and not given at all
        placed = result.item(optional)
        assert isinstance(placed, PlacedText)
        assert placed.lines == () and placed.extent is None


# --------------------------------------------------------------------------------------------
# fonts: the fallback for rare characters, and characters no font has


def test_a_rare_character_is_drawn_with_the_fallback_font_and_reported(
    fallback_font: None, tmp_path: Path
) -> None:
    stack = fonts.stack()
    assert not stack.main.covers(RARE) and stack.main.covers(IN_MAIN_FONT)
    result = layout(LICENCE, values(名称=f"示范区{RARE}记小吃店",
                                    法定代表人=f"陈{RARE}{IN_MAIN_FONT}"))

    assert result.printable
    warnings = {p.field: p for p in result.warnings}
    assert set(warnings) == {"名称", "法定代表人"}
    assert all(p.code == FALLBACK_GLYPHS for p in warnings.values())
    assert warnings["名称"].params["chars"] == RARE
    assert warnings["名称"].params["codepoints"] == "U+2003E"
    assert str(warnings["名称"].params["fonts"]).startswith("HanaMin")
    name = result.item("法定代表人")
    assert isinstance(name, PlacedText)
    runs = name.lines[0].runs
    assert [r.text for r in runs] == ["陈", RARE, IN_MAIN_FONT]
    assert runs[0].font == runs[2].font == fonts.FONT_NAME != runs[1].font
    assert_inside_box(name)  # widths measured with the font each character is drawn in

    pdf = render(result)
    listed = pdffonts(pdf, tmp_path)
    assert "HanaMin" in listed and "WenQuanYi" in listed
    assert "Helvetica" not in listed
    rows = [line.split() for line in listed.splitlines()[2:]]
    assert rows and all(row[-5:-3] == ["yes", "yes"] for row in rows)  # embedded subsets


@pytest.mark.parametrize("char", [PRIVATE_USE, NO_FONT, "\x07"],
                         ids=["private use", "no font has it", "control"])
def test_a_character_no_font_can_print_blocks_printing(char: str) -> None:
    result = layout(LICENCE, values(法定代表人=f"陈{char}明"))
    (problem,) = result.blocking
    assert problem.code == MISSING_GLYPHS and problem.field == "法定代表人"
    assert problem.params["codepoints"] == f"U+{ord(char):04X}"
    with pytest.raises(CertificateBlockedError):
        render(result)
    with pytest.raises(CertificateBlockedError):  # refused before CUPS is asked anything
        print_certificate(result, "NoSuchPrinter", env={"PATH": "/nonexistent"})


# --------------------------------------------------------------------------------------------
# rendering


def test_rendered_pdf_has_the_stock_size_and_nothing_outside_the_boxes(tmp_path: Path) -> None:
    calibration = Calibration("Counter3", LICENCE.stock.id, dx_mm=2.5, dy_mm=-1.5, sx=1.01,
                              sy=0.99)
    result = layout(LICENCE, values(名称=LONG_NAME, 住所=LONG_ADDRESS), calibration=calibration)
    assert result.blocking == ()
    pdf = render(result)

    path = tmp_path / "licence.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+1190.55 x 841.89 pts", info), info
    assert re.search(r"Pages:\s+1\b", info)
    dpi = 150
    image = raster(pdf, tmp_path, dpi)
    assert abs(image.shape[0] - 297 / 25.4 * dpi) < 1 and abs(image.shape[1] - 420 / 25.4 * dpi) < 1
    boxes = [calibration.apply_box(f.box) for f in LICENCE.fields]
    assert np.count_nonzero(image < 160) > 10_000  # something was printed
    assert ink_outside(image, boxes, dpi, tolerance_mm=0.1) == 0
    # Without the calibration's shift the long fields would print outside their boxes.
    plain = [f.box for f in LICENCE.fields]
    assert ink_outside(image, plain, dpi, tolerance_mm=0.3) > 100


def test_qr_code_carries_the_verification_address(tmp_path: Path) -> None:
    pdf = render(layout(LICENCE, values()))
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    assert qr_in_pdf(path, tmp_path) == (
        "https://zwfw.example.gov.cn/zz/verify?id=6b2f3c1e-0000-4f0b-9a57-1c2d3e4f5a6b")
    qr = layout(LICENCE, values()).item("二维码")
    assert isinstance(qr, PlacedQr) and LICENCE.field("二维码").box.contains(qr.extent)


def test_qr_code_too_dense_for_its_box() -> None:
    data = template_json()
    data["fields"].append({"name": "码", "kind": "qr", "text": "{url}",
                           "box_mm": {"x": 100, "y": 100, "width": 10, "height": 10}})
    template = parse_template(data)
    result = layout(template, {"名称": "周明远", "url": "https://example.org/" + "x" * 400})
    assert [(p.code, p.field) for p in result.problems] == [(QR_TOO_DENSE, "码")]


def test_training_mark(tmp_path: Path) -> None:
    result = layout(LICENCE, values(经营范围="小餐饮；食品销售"))

    def text(pdf: bytes) -> str:
        path = tmp_path / "t.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout

    mark = set(cert.TRAINING_TEXT) - {" "}
    assert not mark & set(text(render(result)))
    marked = text(render(result, training=True))
    assert mark <= set(marked)  # rotated: poppler reads it a character at a time
    assert "示范区明远信息科技有限公司" in re.sub(r"\s+", "", marked)


# --------------------------------------------------------------------------------------------
# the printable area


def test_fields_pushed_into_the_hardware_margin_are_reported() -> None:
    template = one_field(box_mm={"x": 8, "y": 30, "width": 60, "height": 10})
    name = {"名称": "周明远"}
    margins = Margins(top=5, right=5, bottom=5, left=5)

    assert layout(template, name, margins=margins).problems == ()
    shifted = Calibration("P", "sample_a4", dx_mm=-4.0)
    assert layout(template, name, calibration=shifted).problems == ()  # still on the sheet
    result: Layout = layout(template, name, calibration=shifted, margins=margins)
    (problem,) = result.problems
    assert (problem.code, problem.field, problem.params["edge"]) == (
        OUTSIDE_PRINTABLE_AREA, "名称", "left")
    assert problem.params["margin_mm"] == 5 and problem.params["overlap_mm"] == 1.0
    assert not result.printable

    off_sheet = Calibration("P", "sample_a4", dx_mm=-9.0)
    (problem,) = layout(template, name, calibration=off_sheet).problems
    assert problem.code == OUTSIDE_PRINTABLE_AREA and problem.params["margin_mm"] == 0


def test_calibration_must_be_for_the_templates_stock_and_the_printer() -> None:
    with pytest.raises(ValueError, match="stock"):
        layout(LICENCE, values(), calibration=Calibration("P", "permit_a4_landscape"))
    result = layout(LICENCE, values(), calibration=Calibration("Counter3", LICENCE.stock.id))
    with pytest.raises(ValueError, match="Counter3"):
        print_certificate(result, "Counter4", env={"PATH": "/nonexistent"})
