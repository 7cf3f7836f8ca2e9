"""The certificate desk's shift hand-over summary, read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from printing.shift_summary import SheetLine, StockLine, Summary, render
from tests.system.services import require

START = dt.datetime(2026, 3, 20, 8, 30)


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftotext") and shutil.which("pdfinfo")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


def text_of(tmp_path: Path, pdf: bytes) -> str:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def pages_of(tmp_path: Path, pdf: bytes) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def summary(issued: int = 3, *, ended: bool = True) -> Summary:
    sheets = [SheetLine("营业执照正本用纸", f"A{n:010d}", f"SF000920260320{n:06d}",
                        START + dt.timedelta(minutes=5 * n)) for n in range(1, issued + 1)]
    sheets.append(SheetLine("营业执照正本用纸", "A0000000090", "SF000920260320000090",
                            START + dt.timedelta(hours=6), reason="申请人污损换发",
                            reprint_of="A0000000004"))
    return Summary(
        clerk_name="李建国", window="统一出证窗口", started_at=START,
        ended_at=START + dt.timedelta(hours=8, minutes=15) if ended else None,
        stock=[StockLine("营业执照正本用纸", 100, issued + 1, 2, 100 - issued - 3,
                         ["A0000000001–A0000000100"],
                         ["A0000000005", "A0000000007–A0000000089", "A0000000091–A0000000100"]),
               StockLine("许可证用纸", 20, 0, 0, 20, ["P0000101–P0000120"],
                         ["P0000101–P0000120"])],
        issued=sheets,
        voided=[SheetLine("营业执照正本用纸", "A0000000006", "", START + dt.timedelta(hours=1),
                          reason="卡纸，纸张褶皱无法使用"),
                SheetLine("营业执照正本用纸", "A0000000004", "SF000920260320000004",
                          START + dt.timedelta(hours=6), reason="申请人污损换发")],
        handovers=2, made_at=START + dt.timedelta(hours=8, minutes=16))


def test_the_summary_lists_every_sheet_and_what_is_left(tmp_path: Path) -> None:
    pdf = render(summary())
    assert pdf.startswith(b"%PDF")
    text = text_of(tmp_path, pdf)
    for expected in ("出证窗口交接班汇总表", "交班人：李建国", "窗口：统一出证窗口",
                     "班次：2026-03-2008:30至2026-03-2016:45", "一、证书用纸统计",
                     "二、已出证明细（共4张）", "A0000000001", "SF000920260320000003",
                     "补打，原印制号A0000000004", "三、作废明细（共2张）", "A0000000006",
                     "卡纸，纸张褶皱无法使用", "（未出证）", "申请人污损换发", "四、结存号段",
                     "A0000000007–A0000000089", "P0000101–P0000120",
                     "本班次发证（现场领取或邮寄）2件", "交班人（签字）", "接班人（签字）",
                     "监交人（签字）"):
        assert expected in text, expected
    assert "班中统计" not in text and "培训专用" not in text
    assert pages_of(tmp_path, pdf) == 1


def test_a_long_shift_runs_over_pages_and_an_open_one_says_so(tmp_path: Path) -> None:
    pdf = render(summary(issued=120, ended=False), watermark="培训专用 无效")
    assert pages_of(tmp_path, pdf) >= 3
    text = text_of(tmp_path, pdf)
    assert "（班中统计，班次未结束）" in text and "（未结束）" in text
    assert "A0000000120" in text and "第3页" in text
    assert "二、已出证明细（共121张）" in text
    assert text.count("培训专用无效") >= 3  # on every page
    assert text.index("A0000000120") < text.index("交班人（签字）")


def desk_summary(**stock: object) -> Summary:
    """A shift as the sandbox desk runs it: long stock names, serials wide in the CJK font."""
    licence, permit = "营业执照正本证书纸（A3 横向）", "许可证正本证书纸（A4 横向）"
    at = START + dt.timedelta(hours=1)
    return Summary(
        clerk_name="王晓梅", window="3号窗口", started_at=START, ended_at=at,
        stock=[StockLine(licence, 10, 1, 3, 5, ["SF2026000001–SF2026000010"],
                         ["SF2026000006–SF2026000010"], **stock),  # type: ignore[arg-type]
               StockLine(permit, 20, 1, 0, 19, ["XK-2026-000001–XK-2026-000020"],
                         ["XK-2026-000002–XK-2026-000020"])],
        issued=[SheetLine(permit, "XK-2026-000001", "SF000920260310000106", at),
                SheetLine(licence, "SF2026000003", "SF000920260302000101", at,
                          reason="申请人领取前污损", reprint_of="SF2026000002")],
        voided=[SheetLine(licence, "SF2026000002", "SF000920260302000101", at,
                          reason="申请人领取前污损"),
                SheetLine(licence, "SF2026000004", "", at, reason="纸张破损，" * 8)],
        handovers=2, made_at=at)


def test_serials_and_case_numbers_are_never_split(tmp_path: Path) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(render(desk_summary(), watermark="培训专用 无效"))
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                            text=True, check=True).stdout
    wholes = {"XK-2026-000001", "SF2026000002", "SF2026000003", "SF2026000004",
              "SF000920260310000106", "SF000920260302000101", "SF2026000001–SF2026000010",
              "XK-2026-000001–XK-2026-000020", "XK-2026-000002–XK-2026-000020",
              "SF2026000006–SF2026000010"}
    # Every serial, range and case number printed is one of them, whole (a piece of one
    # broken over two lines is not).
    printed = re.findall(r"(?:SF|XK)[0-9A-Z\-–]*", layout)
    assert set(printed) == wholes, sorted(set(printed) - wholes)
    assert printed.count("SF2026000002") == 2  # voided, and replaced by the reprint


def test_a_serial_another_desk_used_is_named_apart(tmp_path: Path) -> None:
    text = text_of(tmp_path, render(desk_summary(used_elsewhere=["SF2026000005"])))
    assert "SF2026000005经服务器确认已由其他窗口使用" in text
    assert "SF2026000005" not in text_of(tmp_path, render(desk_summary()))
