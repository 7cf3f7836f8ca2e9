"""The preview the desk shows before printing: the certificate on a picture of its stock,
drawn even when a field does not fit, so the clerk sees what is wrong."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np

from printing import certificates as cert
from tests.printing.test_certificates import LONG_NAME, raster, values
from tests.system.services import require


def text_of(pdf: bytes, work: Path) -> str:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    source = work / "preview.pdf"
    source.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(source), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout


def test_the_preview_shows_the_stock_its_labels_and_the_fields(tmp_path: Path) -> None:
    template = cert.load_templates().templates["business_licence"]
    placed = cert.layout(template, values())
    assert placed.printable
    pdf = cert.preview(placed)
    text = text_of(pdf, tmp_path)
    assert template.name.replace(" ", "") in text.replace(" ", "")  # the stock's title
    assert "统一社会信用代码" in text and "91999001MA01ABCD1X" in text  # label and value
    # Only the fields are printed on the real sheet: no title, no labels there.
    printed = text_of(cert.render(placed), tmp_path)
    assert "91999001MA01ABCD1X" in printed and template.name not in printed
    # The picture is a coloured sheet, not white paper.
    image = raster(pdf, tmp_path, dpi=30)
    assert np.median(image) < 250


def test_a_field_that_does_not_fit_is_shown_not_refused(tmp_path: Path) -> None:
    template = cert.load_templates().templates["business_licence"]
    placed = cert.layout(template, values(名称=LONG_NAME * 3))
    assert not placed.printable
    overflowing = {p.field for p in placed.blocking}
    assert "名称" in overflowing
    text = text_of(cert.preview(placed), tmp_path)
    assert "91999001MA01ABCD1X" in text  # the other fields are there
    assert LONG_NAME[:10] not in text  # the one that does not fit is left out
