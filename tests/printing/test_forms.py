"""Blank forms and filled-in samples, checked with poppler as a reader would see them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from printing.forms import Variant, render
from server.contract import FieldKind, FormSpec
from server.seed.demo import demo_forms
from tests.system.services import require

FORMS = [FormSpec.model_validate(f) for f in demo_forms()]
TRAINING = "培训专用 无效"


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftotext") and shutil.which("pdffonts")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


def write(tmp_path: Path, spec: FormSpec, variant: Variant, watermark: str | None = None
          ) -> tuple[Path, str]:
    pdf = tmp_path / f"{spec.id}-{variant}.pdf"
    pdf.write_bytes(render(spec, variant, watermark=watermark))
    # -raw: in drawing order, so a box's wrapped lines stay together.
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return pdf, re.sub(r"\s+", "", text)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    found = re.search(r"Pages:\s+(\d+)", info)
    assert found is not None
    return int(found.group(1))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def unmarked(text: str) -> str:
    """Text without the characters of the diagonal 填写样例 mark, which pdftotext reads in
    among the words it crosses."""
    return re.sub("[填写样例]", "", squeeze(text))


@pytest.mark.parametrize("spec", FORMS, ids=lambda s: s.id)
def test_blank_and_sample_of_every_demo_form(tmp_path: Path, spec: FormSpec) -> None:
    blank_pdf, blank = write(tmp_path, spec, Variant.BLANK)
    sample_pdf, sample = write(tmp_path, spec, Variant.SAMPLE)
    assert squeeze(spec.title) in blank and squeeze(spec.title) in sample
    fields = [f for s in spec.sections for row in s.rows for f in row]
    for field in fields:
        assert squeeze(field.label) in blank
    # The sample shows every value and says what it is; the blank shows no value.
    assert "填写样例" in sample and "填写样例" not in blank
    for field in fields:
        if field.kind in (FieldKind.TEXT, FieldKind.DATE) and field.sample:
            assert unmarked(field.sample) in unmarked(sample), (spec.id, field.label)
            if len(field.sample) >= 4 and not any(
                    squeeze(field.sample) in squeeze(t) for t in (spec.title, spec.issuer)):
                assert squeeze(field.sample) not in blank, (spec.id, field.label)
    # Paragraph blanks: the value on the sample, an empty line on the blank.
    for section in spec.sections:
        for paragraph in section.paragraphs:
            for value in re.findall(r"\{\{(.*?)\}\}", paragraph):
                assert unmarked(value) in unmarked(sample), (spec.id, value)
    # Long sample values may make a box taller than the blank one, never the form longer
    # than three pages.
    assert pages(blank_pdf) <= pages(sample_pdf) <= 3
    fonts = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True,
                           check=True).stdout
    cjk = [line for line in fonts.splitlines() if "+" in line.split(" ")[0]]
    assert cjk and all(" yes yes " in line for line in cjk), fonts  # embedded, subset


def test_choices_tick_the_sample_options_only(tmp_path: Path) -> None:
    spec = FormSpec.model_validate({
        "id": "t", "title": "测试表", "version": 1,
        "sections": [{"rows": [[{"label": "性别", "kind": "choice", "options": ["男", "女"],
                                 "sample": "女"},
                                {"label": "证件", "kind": "choice",
                                 "options": ["身份证", "护照", "港澳通行证"],
                                 "sample": "身份证、护照"}]]}]})
    _, blank = write(tmp_path, spec, Variant.BLANK)
    _, sample = write(tmp_path, spec, Variant.SAMPLE)
    assert "□男□女" in blank and "□身份证□护照□港澳通行证" in blank
    assert "□男■女" in sample and "■身份证■护照□港澳通行证" in sample


def test_text_is_never_read_as_markup(tmp_path: Path) -> None:
    spec = FormSpec.model_validate({
        "id": "t", "title": "<b>测试</b>表 & 说明", "version": 1,
        "sections": [{"title": "<font>", "paragraphs": ["甲方{{<i>张三</i>}}与乙方"],
                      "rows": [[{"label": "a<b", "sample": "x>y&z"}]]}],
        "notes": ["<para>"]})
    _, sample = write(tmp_path, spec, Variant.SAMPLE)
    for literal in ("<b>测试</b>表&说明", "<font>", "<i>张三</i>", "a<b", "x>y&z", "<para>"):
        assert literal in sample


def test_training_copies_carry_the_mark_on_every_page(tmp_path: Path) -> None:
    longest = max(FORMS, key=lambda s: sum(len(x.rows) + len(x.paragraphs)
                                           for x in s.sections))
    pdf, text = write(tmp_path, longest, Variant.BLANK, watermark=TRAINING)
    assert text.count(squeeze(TRAINING)) == pages(pdf)
    _, plain = write(tmp_path, longest, Variant.BLANK)
    assert squeeze(TRAINING) not in plain
