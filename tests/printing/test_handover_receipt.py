"""The receipt of a certificate handed over in person (signed on the customer screen or on
paper) or posted (with its tracking number)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from printing.handover_receipt import Receipt, render
from tests.system.services import require

BASE = Receipt(
    certificate_name="营业执照（正本）", holder="示范区明远信息科技有限公司",
    case_number="PX20261123000012", stock_type="营业执照正本用纸", serial="YZ0000000042",
    department="示范区市场监督管理局", clerk_name="王丽", window="统一出证1号窗口",
    at=dt.datetime(2026, 11, 23, 10, 5), by_post=False, recipient_name="周明远",
    recipient_id_masked="1101**********8523", identity_checked="card_reader")


def signature_png() -> bytes:
    canvas = np.full((120, 360), 255, np.uint8)
    cv2.polylines(canvas, [np.array([[20, 90], [80, 30], [140, 95], [220, 25], [330, 80]])],
                  False, 0, 4)
    ok, data = cv2.imencode(".png", canvas)
    assert ok
    return bytes(data)


def poppler(pdf: bytes, work: Path, tool: str, *args: str) -> str:
    require(bool(shutil.which(tool)), "poppler-utils is not installed")
    source = work / "receipt.pdf"
    source.write_bytes(pdf)
    return subprocess.run([tool, *args, str(source), "-"] if tool == "pdftotext"
                          else [tool, *args, str(source)], check=True, capture_output=True,
                          text=True, timeout=60).stdout


def test_in_person_with_the_signature_from_the_customer_screen(tmp_path: Path) -> None:
    pdf = render(replace(BASE, signature_png=signature_png()))
    text = poppler(pdf, tmp_path, "pdftotext", "-layout")
    for wanted in ("证照领取回执", "营业执照（正本）", "PX20261123000012", "YZ0000000042",
                   "周明远", "1101**********8523", "已通过身份证阅读器核验", "2026-11-23 10:05",
                   "王丽 / 统一出证1号窗口", "领取人（签字）", "签名已在窗口签名屏采集"):
        assert wanted in text, wanted
    assert "110101199003078523" not in text  # never the full number
    images = poppler(pdf, tmp_path, "pdfimages", "-list").splitlines()[2:]
    assert len(images) == 1  # the signature


def test_in_person_on_paper_leaves_the_line_for_a_pen(tmp_path: Path) -> None:
    text = poppler(render(replace(BASE, identity_checked="by_eye")),
                   tmp_path, "pdftotext", "-layout")
    assert "已人工核对身份证件" in text and "签名已在窗口签名屏采集" not in text
    assert poppler(render(BASE), tmp_path, "pdfimages", "-list").splitlines()[2:] == []


def test_by_post_with_the_tracking_number(tmp_path: Path) -> None:
    posted = replace(BASE, by_post=True, recipient_name="", recipient_id_masked="",
                     tracking_number="SF1234567890123", address="示范区创新大道88号")
    text = poppler(render(posted, watermark="培训专用 无效"), tmp_path, "pdftotext", "-layout")
    for wanted in ("证照邮寄回执", "SF1234567890123", "示范区创新大道88号", "交寄时间"):
        assert wanted in text, wanted
    assert all(c in text for c in "培训专用无效")  # the diagonal mark, one glyph a line
    assert "领取人" not in text


@pytest.mark.parametrize("bad", [b"", b"GIF89a not a png", b"\x89PNG\r\n\x1a\n" + b"x" * 50,
                                 b"\x89PNG\r\n\x1a\n" + bytes(3 * 1024 * 1024)])
def test_a_broken_signature_is_refused(bad: bytes) -> None:
    with pytest.raises(ValueError, match="signature"):
        render(replace(BASE, signature_png=bad or b"\x00"))


def test_by_post_names_the_addressee(tmp_path: Path) -> None:
    posted = replace(BASE, by_post=True, recipient_name="林晓静", recipient_id_masked="",
                     identity_checked="", tracking_number="SF1234567890123")
    text = poppler(render(posted), tmp_path, "pdftotext", "-layout")
    assert "收件人" in text and "林晓静" in text
    assert "领取人" not in text
