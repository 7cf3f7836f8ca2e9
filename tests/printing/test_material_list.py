"""The printed material list, checked with poppler as a reader would see it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from printing import material_list
from server.contract import ServiceItem
from server.seed.demo import demo_items
from tests.system.services import require
from workstation import checklist

ITEMS = [ServiceItem.model_validate(i) for i in demo_items()]


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftotext") and shutil.which("pdffonts")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


def poppler(tool: str, pdf: Path, *args: str) -> str:
    return subprocess.run([tool, *args, str(pdf), "-"] if tool == "pdftotext"
                          else [tool, str(pdf)], capture_output=True, text=True,
                          check=True).stdout


def render(tmp_path: Path, item: ServiceItem, training: bool = False) -> tuple[Path, str]:
    answers = checklist.default_answers(item)
    doc = checklist.material_list(item, answers, printed_where="示范区政务服务中心 3号窗口",
                                  training=training)
    tmp_path.mkdir(parents=True, exist_ok=True)
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(material_list.render(doc))
    return pdf, re.sub(r"\s+", "", poppler("pdftotext", pdf))


@pytest.mark.parametrize("item", ITEMS[::5], ids=lambda i: i.code[-22:])
def test_list_shows_exactly_the_applicable_materials_on_one_page(
    tmp_path: Path, item: ServiceItem
) -> None:
    pdf, text = render(tmp_path, item)
    assert re.sub(r"\s+", "", item.name) in text
    answers = checklist.default_answers(item)
    applicable = checklist.applicable(item, answers)
    for material in applicable:
        assert re.sub(r"\s+", "", material.name) in text
    others = {m.name for m in item.materials} - {m.name for m in applicable}
    for name in others:
        if not any(name in m.name for m in applicable):
            assert re.sub(r"\s+", "", name) not in text
    pages = re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", pdf))
    assert pages is not None and pages.group(1) == "1"
    assert "培训专用" not in text


def test_cjk_font_is_embedded_as_a_subset(tmp_path: Path) -> None:
    pdf, _ = render(tmp_path, ITEMS[0])
    fonts = poppler("pdffonts", pdf).splitlines()[2:]
    cjk = [line for line in fonts if "+" in line.split()[0]]
    assert cjk, fonts
    for line in cjk:
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes")
    assert all("yes" in line.split()[-5] for line in fonts if "Helvetica" not in line)


def reddish_pixels(pdf: Path) -> int:
    """Pixels of the page (rasterised at 30 dpi) where red clearly dominates."""
    raw = subprocess.run(["pdftoppm", "-r", "30", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, check=True).stdout
    header = raw.split(b"\n", 3)  # P6, size, max value, pixels
    assert header[0] == b"P6", header[:3]
    pixels = header[3]
    return sum(1 for i in range(0, len(pixels) - 2, 3)
               if pixels[i] > pixels[i + 1] + 25 and pixels[i] > pixels[i + 2] + 25)


def test_training_printouts_carry_the_watermark(tmp_path: Path) -> None:
    # The diagonal watermark is drawn rotated, which pdftotext does not extract: look at
    # the page as a reader does.
    training, _ = render(tmp_path / "t", ITEMS[0], training=True)
    real, _ = render(tmp_path / "r", ITEMS[0], training=False)
    assert reddish_pixels(training) > 200
    assert reddish_pixels(real) == 0
