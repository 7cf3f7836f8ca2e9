"""Captured pages of a case, against the real server: attached to materials, uploaded
once by hash ahead of the case, exported as one bookmarked PDF."""

from __future__ import annotations

import hashlib
import io

import httpx
import pikepdf
import pytest

from offline import outbox
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.offline.test_attachments import page_jpeg
from tests.workstation.test_cases import filled, synced
from workstation import capture, intake
from workstation.core import Workstation
from workstation.sync import SyncEngine


def scanned(ws: Workstation, seed: int) -> intake.ScannedPage:
    data = page_jpeg(seed)
    return ws.store_page(data, "image/jpeg", width=300, height=400, dpi=200)


def ops(ws: Workstation) -> list[tuple[str, str, str]]:
    return [(str(r[0]), str(r[1]), str(r[2])) for r in ws.store.conn.execute(
        "SELECT op, target, state FROM outbox ORDER BY id")]


def test_pages_go_up_once_ahead_of_their_case_and_arrive_intact(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    draft = filled(ws)
    (first, _), (second, _) = intake.entries(draft)[:2]
    one, two = scanned(ws, 1), scanned(ws, 2)
    capture.attach(draft, first.code, [one, two])
    capture.attach(draft, second.code, [two])  # the same paper counted for two materials
    ws.save_draft(draft)
    assert ws.drafts()[0].materials[first.code].scans == [one, two]
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    assert [m.attachments for m in case.materials[:2]] == [
        [one.attachment(), two.attachment()], [two.attachment()]]
    queued = ops(ws)
    assert queued == [("attachment.put", one.sha256, "pending"),
                      ("attachment.put", two.sha256, "pending"),
                      ("case.put", str(draft.case_uuid), "pending")]
    assert ws.api is not None
    report = SyncEngine(ws.store, ws.api).sync_once()
    assert report.ok and report.pushed == 3
    assert ws.store.attachments.uploaded(one.sha256) and ws.store.attachments.uploaded(
        two.sha256)
    with server.admin() as admin:
        for page in (one, two):
            answer = admin.get(f"/v1/admin/attachments/{page.sha256}")
            assert answer.status_code == 200
            assert answer.content == ws.page_bytes(page.sha256)
            assert hashlib.sha256(answer.content).hexdigest() == page.sha256
        body = admin.get(f"/v1/admin/cases/{draft.case_uuid}").json()
    assert [a["sha256"] for a in body["materials"][0]["attachments"]] == [one.sha256,
                                                                          two.sha256]
    # The notified-then-reopened path keeps the pages, and uploads nothing twice.
    again = ws.reopen(draft.case_uuid)
    assert again.materials[first.code].scans[0].sha256 == one.sha256
    ws.decide(again, CaseStatus.ACCEPTED)
    assert [o for o in ops(ws) if o[2] == "pending"] == [
        ("case.put", str(draft.case_uuid), "pending")]


def test_a_case_whose_pages_have_not_arrived_waits_for_them(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    draft = filled(ws)
    page = scanned(ws, 3)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    # The server refuses the case while the page is missing: 409, retried, not rejected.
    assert ws.api is not None
    session = ws.api.tokens
    assert session is not None
    case_body = outbox.case_submission(ws.store.conn, ws.store.cipher, str(draft.case_uuid))
    answer = httpx.put(f"{server.url}/v1/cases/{draft.case_uuid}", json=case_body, headers={
        "Authorization": f"Bearer {session.access}", "Idempotency-Key": "k" * 16,
        "X-Device-Seq": "999"})
    assert answer.status_code == 409 and answer.json()["code"] == "attachment_missing"
    where = f"{server.url}/v1/attachments/{page.sha256}"
    auth = {"Authorization": f"Bearer {session.access}"}
    assert httpx.head(where, headers=auth).status_code == 404
    report = SyncEngine(ws.store, ws.api).sync_once()
    assert report.ok and report.pushed == 2 and report.rejected == 0
    assert httpx.head(where, headers=auth).status_code == 200


def test_a_page_lost_from_disk_is_shown_not_retried_forever(ws: Workstation) -> None:
    synced(ws)
    draft = filled(ws)
    page = scanned(ws, 4)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    ws.store.attachments.path(page.sha256).unlink()
    assert ws.api is not None
    report = SyncEngine(ws.store, ws.api).sync_once()
    assert report.rejected == 2  # the page, and the case that cannot go without it
    rows = ws.store.conn.execute(
        "SELECT op, state, last_error_code FROM outbox ORDER BY id").fetchall()
    assert [tuple(r) for r in rows] == [
        ("attachment.put", "rejected", "store.attachment_missing"),
        ("case.put", "rejected", "attachment_rejected")]


def test_the_pages_export_as_one_pdf_with_a_bookmark_per_material(ws: Workstation) -> None:
    synced(ws)
    draft = filled(ws)
    (first, _), (second, _) = intake.entries(draft)[:2]
    capture.attach(draft, first.code, [scanned(ws, 5), scanned(ws, 6)])
    capture.attach(draft, second.code, [scanned(ws, 7)])
    pdf = pikepdf.open(io.BytesIO(ws.draft_pages_pdf(draft)))
    assert len(pdf.pages) == 3
    # 300 × 400 px at 200 dpi: 108 × 144 pt, the paper's true size.
    assert [float(v) for v in pdf.pages[0].mediabox] == pytest.approx([0, 0, 108, 144])
    with pdf.open_outline() as outline:
        marks = [(item.title, pdf.pages.index(item.destination[0]))  # type: ignore[index]
                 for item in outline.root]
    assert marks == [(f"{first.name}（2页）", 0), (f"{second.name}（1页）", 2)]
    image = next(iter(pdf.pages[0].get_images().values()))
    assert image.Filter == pikepdf.Name.DCTDecode  # embedded as stored, not re-encoded
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    assert len(pikepdf.open(io.BytesIO(ws.case_pages_pdf(case.uuid))).pages) == 3
