"""Certificates through a real, private cupsd: what the cups-pdf queue writes is measured.

The placement test prints the field positions print (套打测试页) of each demo template with a
known, non-trivial calibration, rasterises cups-pdf's output with pdftoppm at 300 dpi, finds
the dot printed at every corner of every field box and checks that each one landed within
0.5 mm of where the template and the calibration put it. A certificate printed the same way
must keep all its ink inside the calibrated boxes, and its QR code must still read.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from printing.calibration import Calibration, Margins, field_positions, printer_margins
from printing.certificates import (
    OUTSIDE_PRINTABLE_AREA,
    Box,
    PlacedText,
    Template,
    layout,
    load_templates,
    parse_template,
    print_certificate,
    print_on_stock,
    render,
)
from printing.errors import PrinterGoneError
from printing.printers import JobStatus, wait_for_job
from server.seed.certificates import LONG_SCOPE
from tests.printing.qr import qr_in_pdf
from tests.printing.test_calibration import placement_errors, rasterise
from tests.system.services import PPD_MARGIN_MM, CupsServer, require

pytestmark = pytest.mark.system

TEMPLATES = load_templates().templates
DPI = 300
TOLERANCE_MM = 0.5
JOB_TIMEOUT = 60.0
#: A calibration per demo stock: offsets and scales that are not round numbers.
CALIBRATIONS = {
    "business_licence": (3.2, -1.7, 1.01, 0.99),
    "permit": (-2.4, 1.1, 0.985, 1.015),
    "registration": (1.35, 2.6, 1.004, 0.993),
    "property": (-1.85, -2.3, 1.007, 0.988),
}


@pytest.fixture
def pdf_queue(cups: CupsServer) -> str:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    require(bool(shutil.which("pdftoppm") and shutil.which("pdfinfo")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")
    assert cups.pdf_queue is not None
    return cups.pdf_queue


def calibration_for(template: Template, printer: str) -> Calibration:
    dx, dy, sx, sy = CALIBRATIONS[template.id]
    return Calibration(printer, template.stock.id, dx_mm=dx, dy_mm=dy, sx=sx, sy=sy)


def output_of(cups: CupsServer, job_id: int) -> Path:
    output = cups.pdf_output_of(job_id)
    assert output is not None, f"cups-pdf wrote no file for job {job_id}:\n{cups.log_tail()}"
    return output


def page_size_mm(pdf: Path) -> tuple[float, float]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match is not None, info
    return float(match[1]) * 25.4 / 72, float(match[2]) * 25.4 / 72


def ink_box(image: np.ndarray, region: Box, dpi: int) -> Box | None:
    """The bounding box (mm) of the dark pixels inside ``region``; None when there are none."""
    per_mm = dpi / 25.4
    x0, y0 = max(0, int(region.x * per_mm)), max(0, int(region.y * per_mm))
    x1, y1 = math.ceil(region.right * per_mm), math.ceil(region.bottom * per_mm)
    ys, xs = np.nonzero(image[y0:y1, x0:x1] < 160)
    if len(xs) == 0:
        return None
    left, top = (x0 + xs.min()) / per_mm, (y0 + ys.min()) / per_mm
    return Box(left, top, (x0 + xs.max() + 1) / per_mm - left, (y0 + ys.max() + 1) / per_mm - top)


def grown(box: Box, by: float) -> Box:
    return Box(box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by)


# --------------------------------------------------------------------------------------------
# placement


@pytest.mark.parametrize("template_id", sorted(CALIBRATIONS))
def test_field_boxes_land_within_half_a_millimetre(
    cups: CupsServer, pdf_queue: str, template_id: str, tmp_path: Path,
    record_property: pytest.RecordProperty, capsys: pytest.CaptureFixture[str]
) -> None:
    template = TEMPLATES[template_id]
    stock = template.stock
    calibration = calibration_for(template, pdf_queue)
    env = cups.process_env()

    job = print_on_stock(field_positions(template, calibration=calibration), pdf_queue, stock,
                         title="套打测试页", env=env)
    state = wait_for_job(job, JOB_TIMEOUT, env=env)

    assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
    printed = tmp_path / "printed.pdf"
    shutil.copy(output_of(cups, job.job_id), printed)
    width, height = page_size_mm(printed)
    assert abs(width - stock.width_mm) < TOLERANCE_MM and abs(height - stock.height_mm) \
        < TOLERANCE_MM, (width, height)
    errors = placement_errors(template, calibration, rasterise(printed, DPI), DPI)
    assert len(errors) == 4 * len(template.fields)
    worst = max(errors, key=lambda e: e[1])
    record_property("max_placement_error_mm", round(worst[1], 3))
    with capsys.disabled():
        print(f"\n{template_id}: {len(errors)} box corners, max placement error "
              f"{worst[1]:.3f} mm ({worst[0]}), mean {np.mean([e for _, e in errors]):.3f} mm")
    assert worst[1] <= TOLERANCE_MM, worst


def test_certificate_ink_stays_in_the_calibrated_boxes(
    cups: CupsServer, pdf_queue: str, tmp_path: Path
) -> None:
    template = TEMPLATES["business_licence"]
    calibration = calibration_for(template, pdf_queue)
    values = {
        "名称": ("示范区" + "明远信息科技发展" * 24)[:200],
        "统一社会信用代码": "91999001MA01ABCD1X",
        "类型": "有限责任公司（自然人投资或控股）",
        "法定代表人": "陈𠀾",
        "经营范围": LONG_SCOPE,
        "注册资本": "伍佰万元整",
        "成立日期": "2026年03月02日",
        "住所": ("示范区创新大道88号科技园B座1203室（集群注册）" * 10)[:200],
        "登记机关": "示范区市场监督管理局",
        "发证日期": "2026年03月02日",
        "certificate_id": "6b2f3c1e-0000-4f0b-9a57-1c2d3e4f5a6b",
    }
    result = layout(template, values, calibration=calibration,
                    margins=printer_margins(pdf_queue, env=cups.process_env()))
    assert result.blocking == () and [p.field for p in result.warnings] == ["法定代表人"]
    source = tmp_path / "source.pdf"
    source.write_bytes(render(result))
    env = cups.process_env()

    job = print_certificate(result, pdf_queue, env=env)
    state = wait_for_job(job, JOB_TIMEOUT, env=env)

    assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
    printed = tmp_path / "printed.pdf"
    shutil.copy(output_of(cups, job.job_id), printed)
    before, after = rasterise(source, DPI), rasterise(printed, DPI)
    boxes = [calibration.apply_box(f.box) for f in template.fields]
    per_mm = DPI / 25.4
    allowed = np.zeros(after.shape, dtype=bool)
    for box in boxes:
        b = grown(box, 0.3)
        allowed[int(b.y * per_mm):math.ceil(b.bottom * per_mm),
                int(b.x * per_mm):math.ceil(b.right * per_mm)] = True
    assert np.count_nonzero((after < 160) & ~allowed) == 0, "ink outside the boxes"
    for item in result.items:
        box = calibration.apply_box(item.field.box)
        ink = ink_box(after, grown(box, 3), DPI)
        if isinstance(item, PlacedText) and not item.lines:
            continue
        assert ink is not None, f"{item.field.name}: nothing printed"
        assert grown(box, 0.3).contains(ink), (item.field.name, ink, box)
        reference = ink_box(before, grown(box, 3), DPI)
        assert reference is not None
        moved = max(abs(ink.x - reference.x), abs(ink.y - reference.y),
                     abs(ink.right - reference.right), abs(ink.bottom - reference.bottom))
        assert moved <= TOLERANCE_MM, (item.field.name, moved)
    address = "https://zwfw.example.gov.cn/zz/verify?id=6b2f3c1e-0000-4f0b-9a57-1c2d3e4f5a6b"
    assert qr_in_pdf(printed, tmp_path) == address


# --------------------------------------------------------------------------------------------
# margins and printers that are gone


def test_margins_read_from_cups_block_a_field_pushed_into_them(cups: CupsServer,
                                                               pdf_queue: str) -> None:
    env = cups.process_env()
    margins = printer_margins(pdf_queue, env=env)
    assert margins == Margins(PPD_MARGIN_MM, PPD_MARGIN_MM, PPD_MARGIN_MM, PPD_MARGIN_MM)

    template = parse_template({
        "schema": 1, "id": "edge", "name": "边距测试",
        "stock": {"id": "edge_a4", "name": "A4", "width_mm": 210, "height_mm": 297,
                  "serial_pattern": "^E\\d{3}$", "serial_example": "E001"},
        "fields": [{"name": "发证日期", "text": "{发证日期}",
                    "box_mm": {"x": 140, "y": 280, "width": 60, "height": 8}}],
    })
    date = {"发证日期": "2026年03月02日"}
    fine = Calibration(pdf_queue, "edge_a4", dy_mm=2.0)
    assert layout(template, date, calibration=fine, margins=margins).problems == ()
    lower = Calibration(pdf_queue, "edge_a4", dy_mm=8.0)  # the text then reaches ~294 mm
    (problem,) = layout(template, date, calibration=lower, margins=margins).problems
    assert (problem.code, problem.params["edge"]) == (OUTSIDE_PRINTABLE_AREA, "bottom")

    with pytest.raises(PrinterGoneError):
        printer_margins("NoSuchQueue", env=env)


def test_a_printer_that_is_gone_prints_nothing(cups: CupsServer, pdf_queue: str) -> None:
    name = "GoneCertificates"
    cups.add_pdf_queue(name)
    cups.remove_queue(name)
    template = TEMPLATES["permit"]
    values = {k: "示范区" for k in template.placeholders}
    result = layout(template, values, calibration=calibration_for(template, name))
    assert result.printable
    before = sorted(cups.pdf_output.iterdir())

    with pytest.raises(PrinterGoneError) as raised:
        print_certificate(result, name, env=cups.process_env())

    assert raised.value.code == "printing.printer_gone" and raised.value.printer == name
    assert sorted(cups.pdf_output.iterdir()) == before
    jobs = cups.client("lpstat", "-W", "all", "-o").stdout
    assert name not in jobs
