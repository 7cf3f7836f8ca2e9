"""The documents of an intake decision, read back as an applicant (and a phone) would."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from printing.case_documents import Issuer, notice_lines, query_address, render
from server.contract import CaseSubmission, DefectReason, ServiceItem
from server.contract.cases import CaseStatus
from server.seed.demo import demo_items
from tests.printing.qr import qr_in_pdf
from tests.system.services import require
from workstation import intake
from workstation.intake import PartyEntry

ITEM = ServiceItem.model_validate(next(i for i in demo_items() if i["name"] == "居民身份证换领"))
ISSUER = Issuer("示范区政务服务中心", "3号窗口", "王晓梅", "0999-12345",
                "https://zwfw.example.gov.cn/status")
MASKED = "110101********8523"


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require(bool(shutil.which("pdftotext") and shutil.which("pdftoppm")),
            "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)")


def draft() -> intake.Draft:
    d = intake.new_draft(ITEM)
    d.applicant = PartyEntry(name="林晓静", id_number=MASKED)
    for material, entry in intake.entries(d):
        d.materials[material.code] = entry.model_copy(update={"received": True, "pages": 2})
    return d


def case_of(d: intake.Draft, outcome: CaseStatus) -> CaseSubmission:
    return intake.submission(d, outcome, case_number="PX20261123000042", clerk="demo",
                             window="3号窗口",
                             decided_at=dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC),
                             due_date=dt.date(2026, 11, 30))


def text_of(tmp_path: Path, pdf: bytes) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def qr_of(tmp_path: Path, pdf: bytes) -> str:
    path = tmp_path / "qr.pdf"
    path.write_bytes(pdf)
    return qr_in_pdf(path, tmp_path)


def test_acceptance_notice(tmp_path: Path) -> None:
    pdf = render(case_of(draft(), CaseStatus.ACCEPTED), ITEM, ISSUER)
    text = text_of(tmp_path, pdf)
    for expected in ("示范区政务服务中心", "受理通知书", "〔2026〕PX20261123000042号", "林晓静：",
                     "决定予以受理", "2026年11月30日前办结", MASKED, "3号窗口", "王晓梅",
                     "2026年11月23日", "0999-12345"):
        assert expected in text
    for material, _ in intake.entries(draft()):
        assert re.sub(r"\s+", "", material.name) in text
    assert qr_of(tmp_path, pdf) == query_address(ISSUER.query_url, "PX20261123000042")


def test_notice_lists_exactly_what_is_missing_or_defective(tmp_path: Path) -> None:
    d = draft()
    entries = intake.entries(d)
    defective, missing = entries[0][0], entries[1][0]
    d.materials[defective.code].defect = DefectReason.EXPIRED
    d.materials[defective.code].defect_note = "有效期至2025年8月1日"
    d.materials[missing.code].received = False
    case = case_of(d, CaseStatus.NOTIFIED)
    assert [name for name, _, _ in notice_lines(case, ITEM)] == \
        [g.material.name for g in intake.gaps(d)]
    text = text_of(tmp_path, render(case, ITEM, ISSUER))
    assert "一次性告知书" in text and "已超过有效期（有效期至2025年8月1日）" in text
    assert "请提供在有效期内的材料" in text and "未提交" in text
    others = [m for m, _ in entries if m.code not in (defective.code, missing.code)]
    table = text.split("补正要求", 1)[1].split("请按上述要求", 1)[0]
    for material in others:
        assert re.sub(r"\s+", "", material.name) not in table


def test_refusal_gives_reason_basis_and_remedies(tmp_path: Path) -> None:
    d = draft()
    d.refusal_reason = "申请事项不属于本机关职权范围。"
    d.refusal_basis = "《中华人民共和国行政许可法》第三十二条第一款第（二）项"
    text = text_of(tmp_path, render(case_of(d, CaseStatus.REFUSED), ITEM, ISSUER))
    assert "不予受理决定书" in text
    assert "申请事项不属于本机关职权范围。根据《中华人民共和国行政许可法》" in text
    assert "行政复议" in text and "行政诉讼" in text


def test_training_copies_are_marked(tmp_path: Path) -> None:
    marked = Issuer(**{**ISSUER.__dict__, "watermark": "培训专用 无效"})
    assert "培训专用无效" in text_of(tmp_path, render(case_of(draft(), CaseStatus.ACCEPTED),
                                                     ITEM, marked))
    assert "培训专用" not in text_of(tmp_path, render(case_of(draft(), CaseStatus.ACCEPTED),
                                                     ITEM, ISSUER))
