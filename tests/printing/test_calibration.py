"""Per-printer calibration: the model, fitting it from measurements, the calibration sheet and
the field positions print (measured on the rasterised PDF), and the margins CUPS reports."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from printing.calibration import (
    CORNER_DOT_MM,
    Calibration,
    Margins,
    Measurement,
    calibration_marks,
    calibration_sheet,
    field_positions,
    parse_ipp_margins,
    printer_margins,
)
from printing.certificates import Box, Template, load_templates
from printing.errors import CalibrationError
from tests.system.services import require

TEMPLATES = load_templates().templates
LICENCE = TEMPLATES["business_licence"]
REGISTRATION = TEMPLATES["registration"]
STOCK = LICENCE.stock

# ipptool -v against the private cupsd of tests/system (CUPS 2.4.2): the cups-pdf queue with
# its 5 mm margins.
IPPTOOL_OUTPUT = """\
"/tmp/cw-cups-wdf2880x/m.test":
    Get-Printer-Attributes:
        attributes-charset (charset) = utf-8
        attributes-natural-language (naturalLanguage) = en
        printer-uri (uri) = ipp://%2Ftmp%2Fcw-cups-wdf2880x%2Frun%2Fcups.sock:631/printers/TestPDF
    margins                                                              [PASS]
        RECEIVED: 481 bytes in response
        status-code = successful-ok (successful-ok)
        attributes-charset (charset) = utf-8
        attributes-natural-language (naturalLanguage) = en
        media-bottom-margin-supported (integer) = 500
        media-left-margin-supported (integer) = 500
        media-right-margin-supported (integer) = 500
        media-top-margin-supported (integer) = 500
"""


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftoppm") and shutil.which("pdftotext")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


# --------------------------------------------------------------------------------------------
# helpers, also used by tests/system/test_certificate_printing.py


def rasterise(pdf: Path, dpi: int) -> np.ndarray:
    """The PDF's first page as 8-bit grey, rendered by pdftoppm."""
    import cv2

    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", "1", "-l", "1",
                    str(pdf), str(stem)], check=True, capture_output=True, timeout=120)
    image = cv2.imread(f"{stem}.pgm", cv2.IMREAD_GRAYSCALE)
    assert image is not None, f"pdftoppm wrote no image for {pdf}"
    return np.asarray(image)


def corner_dots(image: np.ndarray, dpi: int) -> list[tuple[float, float]]:
    """Centres (mm from the top-left corner) of the filled round dots of a field positions
    print: dark blobs about CORNER_DOT_MM across that fill about π/4 of their bounding box
    (the grey box outlines are lighter than the threshold; label glyphs are not round)."""
    import cv2

    per_mm = dpi / 25.4
    dark = (image < 100).astype(np.uint8)
    count, _, stats, centroids = cv2.connectedComponentsWithStats(dark, connectivity=8)
    diameter = CORNER_DOT_MM * per_mm
    found: list[tuple[float, float]] = []
    for n in range(1, count):
        width, height, area = (int(stats[n, cv2.CC_STAT_WIDTH]),
                               int(stats[n, cv2.CC_STAT_HEIGHT]), int(stats[n, cv2.CC_STAT_AREA]))
        if abs(width - diameter) > 0.35 * diameter or abs(height - diameter) > 0.35 * diameter:
            continue
        if not 0.65 <= area / (width * height) <= 0.95:
            continue
        # Sub-pixel centre: pixel centres are at +0.5.
        x, y = centroids[n]
        found.append(((x + 0.5) / per_mm, (y + 0.5) / per_mm))
    return found


def expected_corners(template: Template, calibration: Calibration | None
                     ) -> list[tuple[str, float, float]]:
    """Every box corner of the template where it must land: (field, x, y) in mm."""
    corners = []
    for f in template.fields:
        for x, y in ((f.box.x, f.box.y), (f.box.right, f.box.y), (f.box.x, f.box.bottom),
                     (f.box.right, f.box.bottom)):
            if calibration is not None:
                x, y = calibration.apply(x, y)
            corners.append((f.name, x, y))
    return corners


def placement_errors(template: Template, calibration: Calibration | None,
                     image: np.ndarray, dpi: int) -> list[tuple[str, float]]:
    """For each box corner: the distance in mm from where it should be to the nearest dot
    found; every dot must be claimed by exactly one corner."""
    dots = corner_dots(image, dpi)
    expected = expected_corners(template, calibration)
    assert len(dots) == len(expected), f"found {len(dots)} dots, expected {len(expected)}"
    errors = []
    claimed: set[int] = set()
    for name, x, y in expected:
        nearest = min(range(len(dots)), key=lambda i: math.dist(dots[i], (x, y)))
        claimed.add(nearest)
        errors.append((name, math.dist(dots[nearest], (x, y))))
    assert len(claimed) == len(dots)
    return errors


# --------------------------------------------------------------------------------------------
# the model


def test_a_point_lands_where_the_calibration_says() -> None:
    calibration = Calibration("Counter3", STOCK.id, dx_mm=3.2, dy_mm=-1.7, sx=1.01, sy=0.99)
    assert calibration.apply(100, 200) == pytest.approx((104.2, 196.3))
    assert calibration.apply_box(Box(100, 200, 50, 10)) == Box(
        pytest.approx(104.2), pytest.approx(196.3), pytest.approx(50.5), pytest.approx(9.9))
    assert Calibration.identity("Counter3", STOCK.id).apply(12.5, 7) == (12.5, 7)
    assert Calibration.identity("Counter3", STOCK.id).is_identity


def test_round_trip_through_json() -> None:
    calibration = Calibration("3号窗口-HP", STOCK.id, dx_mm=-0.8, dy_mm=1.25, sx=0.995, sy=1.004)
    stored = json.loads(json.dumps(calibration.to_dict()))
    assert Calibration.from_dict(stored) == calibration
    assert Calibration.from_dict({**stored, "added_later": True}) == calibration
    assert Calibration.from_dict({**stored, "dx_mm": -1}).dx_mm == -1.0


@pytest.mark.parametrize(("changes", "key", "reason"), [
    ({"dx_mm": 25.0}, "dx_mm", "out_of_range"),
    ({"dy_mm": -20.5}, "dy_mm", "out_of_range"),
    ({"sx": 1.2}, "sx", "out_of_range"),
    ({"sy": 0.9}, "sy", "out_of_range"),
    ({"sx": math.nan}, "sx", "not_a_number"),
    ({"dx_mm": True}, "dx_mm", "not_a_number"),
    ({"dy_mm": "1.5"}, "dy_mm", "not_a_number"),
    ({"printer": " "}, "printer", "empty"),
    ({"stock_type": ""}, "stock_type", "empty"),
])
def test_implausible_values_are_refused(changes: dict[str, object], key: str, reason: str
                                        ) -> None:
    data: dict[str, object] = {**Calibration("P", STOCK.id).to_dict(), **changes}
    with pytest.raises(CalibrationError) as raised:
        Calibration.from_dict(data)
    assert (raised.value.code, raised.value.key, raised.value.reason) == (
        "printing.calibration_invalid", key, reason)
    if reason == "out_of_range":
        assert {"value", "min", "max"} <= set(raised.value.params)


def test_stored_data_that_is_incomplete_or_newer() -> None:
    data = Calibration("P", STOCK.id).to_dict()
    with pytest.raises(CalibrationError) as missing:
        Calibration.from_dict({k: v for k, v in data.items() if k != "sy"})
    assert (missing.value.key, missing.value.reason) == ("sy", "missing")
    with pytest.raises(CalibrationError) as newer:
        Calibration.from_dict({**data, "version": 2})
    assert (newer.value.key, newer.value.reason) == ("version", "unsupported")


def printed(k: tuple[float, float], e: tuple[float, float], calibration: Calibration | None,
            x: float, y: float) -> tuple[float, float]:
    """Where a printer that maps a drawn point q to k·q + e puts the template's (x, y)."""
    if calibration is not None:
        x, y = calibration.apply(x, y)
    return k[0] * x + e[0], k[1] * y + e[1]


def test_measured_crosshairs_give_the_calibration_that_cancels_the_printer() -> None:
    k, e = (0.992, 1.006), (1.8, -2.3)  # this printer stretches and shifts the page
    marks = calibration_marks(STOCK)
    assert [(m.label, m.x_mm, m.y_mm) for m in marks] == [
        ("A", 20, 20), ("B", 400, 20), ("C", 20, 277), ("D", 400, 277), ("E", 210, 148.5)]
    measured = [Measurement(m, *printed(k, e, None, m.x_mm, m.y_mm)) for m in marks]

    calibration = Calibration.from_measurements("Counter3", STOCK.id, measured)

    for x, y in ((0, 0), (95, 62), (420, 297), (210, 148.5)):
        assert printed(k, e, calibration, x, y) == pytest.approx((x, y), abs=0.01)
    # Measured again on a sheet printed with that calibration: nothing left to correct.
    again = [Measurement(m, *printed(k, e, calibration, m.x_mm, m.y_mm)) for m in marks]
    assert Calibration.from_measurements("Counter3", STOCK.id, again,
                                         printed_with=calibration) == pytest.approx(calibration)


def test_rechecking_with_an_older_calibration_replaces_it() -> None:
    k, e = (1.004, 0.997), (-0.6, 1.1)
    old = Calibration("Counter3", STOCK.id, dx_mm=1.0, dy_mm=-1.0, sx=1.0, sy=1.002)
    marks = calibration_marks(STOCK)
    measured = [Measurement(m, *printed(k, e, old, m.x_mm, m.y_mm)) for m in marks]
    new = Calibration.from_measurements("Counter3", STOCK.id, measured, printed_with=old)
    for x, y in ((0, 0), (420, 297), (33, 250)):
        assert printed(k, e, new, x, y) == pytest.approx((x, y), abs=0.01)


def test_one_measurement_corrects_the_offset_only() -> None:
    mark = calibration_marks(STOCK)[0]
    calibration = Calibration.from_measurements(
        "P", STOCK.id, [Measurement(mark, mark.x_mm + 1.5, mark.y_mm - 0.5)])
    assert (calibration.dx_mm, calibration.dy_mm, calibration.sx, calibration.sy) == (
        -1.5, 0.5, 1.0, 1.0)


def test_a_mistyped_measurement_is_named() -> None:
    marks = calibration_marks(STOCK)
    measured = [Measurement(m, m.x_mm + 0.5, m.y_mm + 0.5) for m in marks]
    measured[3] = Measurement(marks[3], marks[3].x_mm + 0.5, marks[3].y_mm + 10.5)  # 287 → 297
    with pytest.raises(CalibrationError) as raised:
        Calibration.from_measurements("P", STOCK.id, measured)
    assert (raised.value.key, raised.value.reason) == ("measurements", "inconsistent")
    assert raised.value.params["mark"] == "D" and raised.value.params["axis"] == "y"
    with pytest.raises(CalibrationError) as none:
        Calibration.from_measurements("P", STOCK.id, [])
    assert none.value.reason == "too_few"


def test_the_same_distance_typed_for_every_mark_is_refused_not_a_crash() -> None:
    marks = calibration_marks(STOCK)
    measured = [Measurement(m, m.x_mm, 20.0) for m in marks]  # every mark "20 mm from top"
    with pytest.raises(CalibrationError) as raised:
        Calibration.from_measurements("P", STOCK.id, measured)
    assert (raised.value.key, raised.value.reason) == ("measurements", "out_of_range")
    assert raised.value.params["axis"] == "y" and raised.value.params["value"] == 0


def test_moved_after_holding_the_test_print_against_the_stock() -> None:
    calibration = Calibration("P", STOCK.id, dx_mm=1.0, dy_mm=1.0)
    # The boxes came out 0.5 mm right of and 1.5 mm above the stock's fields.
    moved = calibration.moved(right_mm=0.5, down_mm=-1.5)
    assert (moved.dx_mm, moved.dy_mm) == (0.5, 2.5)
    assert moved.apply(100, 100)[0] == calibration.apply(100, 100)[0] - 0.5


# --------------------------------------------------------------------------------------------
# the printed sheets


def test_calibration_sheet_is_true_to_scale_and_explains_itself(tmp_path: Path) -> None:
    stock = REGISTRATION.stock  # 260 × 185 mm
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(calibration_sheet(stock))

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = "".join(text.split())
    assert "套打校准页" in flat and "钢直尺" in flat and "适合页面" in flat
    for label in ("A（20,20）", "B（240,20）", "C（20,165）", "D（240,165）", "E（130,92.5）"):
        assert label in flat

    image = rasterise(pdf, 100)
    assert abs(image.shape[1] / 100 * 25.4 - 260) < 0.3
    assert abs(image.shape[0] / 100 * 25.4 - 185) < 0.3
    # The bold lines every 10 mm, at 10, 20 ... 250 mm from the left edge.
    assert bold_lines(image, 100) == pytest.approx([10.0 * n for n in range(1, 26)], abs=0.3)


def bold_lines(image: np.ndarray, dpi: int) -> list[float]:
    """Where the bold vertical grid lines are (mm from the left edge): in a band of rows free
    of labels and marks, the columns darker than the fine and 5 mm lines."""
    per_mm = dpi / 25.4
    band = image[int(40 * per_mm):int(60 * per_mm)].astype(float).mean(axis=0)
    dark = np.flatnonzero(band < 110)
    groups = np.split(dark, np.flatnonzero(np.diff(dark) > 1) + 1)
    found = [(g.mean() + 0.5) / per_mm for g in groups if len(g)]
    width = image.shape[1] / per_mm
    return [round(x, 2) for x in found if 5 < x < width - 5]  # not the sheet's edges


def test_calibration_sheet_with_a_calibration_is_drawn_shifted(tmp_path: Path) -> None:
    stock = REGISTRATION.stock
    calibration = Calibration("P", stock.id, dx_mm=4.0, sx=1.01)
    shifted = tmp_path / "shifted.pdf"
    shifted.write_bytes(calibration_sheet(stock, calibration=calibration))
    lines = bold_lines(rasterise(shifted, 100), 100)
    expected = [calibration.apply(10.0 * n, 0)[0] for n in range(0, 26)]
    assert lines == pytest.approx([x for x in expected if 5 < x < 255], abs=0.3)
    assert "已按现有校准打印" in "".join(subprocess.run(
        ["pdftotext", str(shifted), "-"], capture_output=True, text=True, check=True
    ).stdout.split())
    with pytest.raises(ValueError, match="stock"):
        calibration_sheet(LICENCE.stock, calibration=calibration)


@pytest.mark.parametrize("calibration", [
    None, Calibration("Counter3", STOCK.id, dx_mm=3.2, dy_mm=-1.7, sx=1.01, sy=0.99)],
    ids=["uncalibrated", "calibrated"])
def test_field_positions_print_marks_each_box_corner(calibration: Calibration | None,
                                                     tmp_path: Path) -> None:
    pdf = tmp_path / "positions.pdf"
    pdf.write_bytes(field_positions(LICENCE, calibration=calibration))
    dpi = 200
    errors = placement_errors(LICENCE, calibration, rasterise(pdf, dpi), dpi)
    assert len(errors) == 4 * len(LICENCE.fields)
    worst = max(errors, key=lambda e: e[1])
    assert worst[1] < 0.15, worst
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "套打测试页" in text and "经营范围" in text


def test_field_positions_would_show_a_wrong_calibration(tmp_path: Path) -> None:
    """The measurement above is not blind: dots drawn 1 mm off are 1 mm off."""
    pdf = tmp_path / "positions.pdf"
    drawn = Calibration("Counter3", STOCK.id, dx_mm=1.0)
    pdf.write_bytes(field_positions(LICENCE, calibration=drawn))
    dpi = 200
    errors = placement_errors(LICENCE, None, rasterise(pdf, dpi), dpi)
    assert all(0.85 < error < 1.15 for _, error in errors)


# --------------------------------------------------------------------------------------------
# margins reported by CUPS


def test_margins_from_ipptool_output() -> None:
    assert parse_ipp_margins(IPPTOOL_OUTPUT) == Margins(5.0, 5.0, 5.0, 5.0)
    borderless = IPPTOOL_OUTPUT.replace("media-top-margin-supported (integer) = 500",
                                        "media-top-margin-supported (1setOf integer) = 0,423")
    assert parse_ipp_margins(borderless) == Margins(4.23, 5.0, 5.0, 5.0)
    silent = "\n".join(line for line in IPPTOOL_OUTPUT.splitlines() if "left-margin" not in line)
    assert parse_ipp_margins(silent) is None


def test_margins_unknown_without_ipptool() -> None:
    assert printer_margins("TestPDF", env={"PATH": "/nonexistent"}) is None
