"""Deciding cases at the counter, against the real server: drafts, outcomes, reopening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from offline import audit, catalogue, outbox
from server.contract import ServiceItem
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from workstation import intake
from workstation.core import Workstation
from workstation.errors import IntakeBlockedError
from workstation.intake import PartyEntry
from workstation.sync import SyncEngine


def synced(ws: Workstation) -> Workstation:
    ws.login("demo", "demo1234")
    assert ws.api is not None
    assert SyncEngine(ws.store, ws.api).sync_once().ok
    return ws


def item_named(ws: Workstation, name: str) -> ServiceItem:
    code = next(s.code for s in catalogue.item_summaries(ws.store.conn) if s.name == name)
    item = ws.item(code)
    assert item is not None
    return item


def filled(ws: Workstation, name: str = "居民身份证换领") -> intake.Draft:
    draft = intake.new_draft(item_named(ws, name))
    draft.applicant = PartyEntry(name="林晓静", id_number="110101199003078523",
                                 phone="13900001234")
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True})
    return draft


def server_case(server: ServerProcess, draft: intake.Draft) -> dict[str, object]:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/cases/{draft.case_uuid}")
        answer.raise_for_status()
        body: dict[str, object] = answer.json()
        assert admin.get("/v1/admin/cases").json()["count"] == 1
    return body


def test_drafts_survive_and_are_sealed(ws: Workstation) -> None:
    synced(ws)
    draft = filled(ws)
    draft.note = "申请人下午补交照片回执"
    ws.save_draft(draft)
    ws.save_draft(draft)  # saving again replaces, never duplicates
    assert [d.id for d in ws.drafts()] == [draft.id]
    assert ws.drafts()[0] == draft
    raw = ws.paths.database.read_bytes() + ws.paths.database.with_name(
        ws.paths.database.name + "-wal").read_bytes()
    for secret in ("林晓静", "110101199003078523", "下午补交"):
        assert secret.encode() not in raw
    ws.discard_draft(draft.id)
    assert ws.drafts() == []


def test_accepting_records_case_operation_audit_and_due_date(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    draft = filled(ws)
    ws.save_draft(draft)
    decided = dt.datetime(2026, 9, 30, 2, 0, tzinfo=dt.UTC)  # before National Day
    case = ws.decide(draft, CaseStatus.ACCEPTED, now=decided)
    prefix = ws.store.meta("device_prefix")
    assert prefix and case.case_number == f"{prefix}20260930000001"
    assert case.due_date == ws.work_calendar().add(dt.date(2026, 9, 30),
                                                   draft.item.promised_days)
    assert ws.drafts() == []
    assert ws.case(draft.case_uuid) == case
    events = audit.of_target(ws.store.conn, ws.store.cipher, str(draft.case_uuid))
    assert [(e.action, e.detail["case_number"]) for e in events] == \
        [("case.accepted", case.case_number)]
    assert outbox.counts(ws.store.conn).pending == 1
    assert ws.api is not None
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 1
    stored = server_case(server, draft)
    assert stored["status"] == "accepted" and stored["case_number"] == case.case_number
    assert case.due_date is not None and stored["due_date"] == case.due_date.isoformat()


def test_a_blocked_outcome_writes_nothing(ws: Workstation) -> None:
    synced(ws)
    draft = filled(ws)
    first = intake.entries(draft)[0][0]
    draft.materials[first.code].received = False
    ws.save_draft(draft)
    with pytest.raises(IntakeBlockedError) as blocked:
        ws.decide(draft, CaseStatus.ACCEPTED)
    assert blocked.value.blockers == ["materials"]
    assert ws.store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
    assert outbox.counts(ws.store.conn).pending == 0
    assert [d.id for d in ws.drafts()] == [draft.id]  # the clerk's work is still there


def test_notified_then_accepted_is_one_case_two_revisions(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    draft = filled(ws)
    first = intake.entries(draft)[0][0]
    draft.materials[first.code].received = False
    notice = ws.decide(draft, CaseStatus.NOTIFIED)
    assert ws.api is not None
    SyncEngine(ws.store, ws.api).sync_once()
    assert server_case(server, draft)["status"] == "notified"
    # The applicant comes back with the missing paper.
    again = ws.reopen(draft.case_uuid)
    assert again.case_number == notice.case_number and again.revision == 2
    assert [d.id for d in ws.drafts()] == [again.id]
    again.materials[first.code].received = True
    accepted = ws.decide(again, CaseStatus.ACCEPTED)
    assert accepted.case_number == notice.case_number and accepted.revision == 2
    assert ws.store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 1
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 1
    stored = server_case(server, draft)
    assert stored["status"] == "accepted" and stored["revision"] == 2
    actions = [e.action for e in audit.of_target(ws.store.conn, ws.store.cipher,
                                                 str(draft.case_uuid))]
    assert actions == ["case.notified", "case.accepted"]


def test_a_case_keeps_the_item_version_it_was_started_with(
    ws: Workstation, server: ServerProcess
) -> None:
    synced(ws)
    draft = filled(ws)
    ws.save_draft(draft)
    old = draft.item
    changed = {**old.model_dump(mode="json"), "version": old.version + 1,
               "materials": old.model_dump(mode="json")["materials"][:1]}
    with server.admin() as admin:
        admin.put("/v1/admin/catalogue/items", json=[changed]).raise_for_status()
    assert ws.api is not None
    SyncEngine(ws.store, ws.api).sync_once()
    current = ws.item(old.code)
    assert current is not None and current.version == old.version + 1
    reloaded = ws.drafts()[0]
    assert reloaded.item.version == old.version  # the draft still reads the old guide
    case = ws.decide(reloaded, CaseStatus.NOTIFIED if intake.gaps(reloaded)
                     else CaseStatus.ACCEPTED)
    assert case.item_version == old.version
    assert [m.code for m in case.materials] == [m.code for m, _ in intake.entries(reloaded)]
    assert len(case.materials) > len(current.materials)  # the old checklist, not the new


def test_receipt_is_rendered_from_the_record_masked_and_reprints_are_audited(
    ws: Workstation, tmp_path: Path
) -> None:
    import re
    import subprocess

    from printing.case_documents import query_address

    synced(ws)
    draft = filled(ws)
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    pdf = ws.case_document(draft.case_uuid)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(path), "-"], check=True,
                                             capture_output=True, text=True).stdout)
    assert "受理通知书" in text and case.case_number in text and "王晓梅" in text
    assert "110101199003078523" not in text and "110101********8523" in text
    assert query_address(ws.status_query_url(), case.case_number).startswith(ws.server_url)
    ws.record_print(draft.case_uuid, "receipt", "TestPDF", "TestPDF-1")
    ws.record_print(draft.case_uuid, "receipt", "Gone", None, error="printing.printer_gone")
    ws.record_print(draft.case_uuid, "receipt", "TestPDF", "TestPDF-2")
    history = ws.print_history(draft.case_uuid)
    assert [(e.action, e.detail["printer"]) for e in history] == [
        ("document.printed", "TestPDF"), ("document.print_failed", "Gone"),
        ("document.reprinted", "TestPDF")]


def test_a_restart_between_deciding_and_printing_keeps_the_case(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    first = synced(workstation_factory(server.url))
    draft = filled(first)
    case = first.decide(draft, CaseStatus.ACCEPTED)
    first.close()
    again = workstation_factory(server.url)
    again.login("demo", "demo1234")
    assert again.case(draft.case_uuid) == case
    assert again.case_document(draft.case_uuid).startswith(b"%PDF")
    assert again.drafts() == []


def test_my_cases_follow_the_back_office_progress(ws: Workstation, server: ServerProcess) -> None:
    synced(ws)
    accepted_draft = filled(ws)
    accepted = ws.decide(accepted_draft, CaseStatus.ACCEPTED)
    notified_draft = filled(ws)
    notified_draft.materials[intake.entries(notified_draft)[0][0].code].received = False
    notified = ws.decide(notified_draft, CaseStatus.NOTIFIED)
    everything = ws.my_cases("all")
    assert [c.row.case_number for c in everything] == [notified.case_number,
                                                       accepted.case_number]
    assert all(c.applicant == "林**" for c in everything)
    mine = {c.row.case_number: c for c in everything}
    assert mine[notified.case_number].days_left is None
    assert accepted.due_date is not None
    assert mine[accepted.case_number].days_left == ws.work_calendar().remaining(
        dt.date.today(), accepted.due_date)
    assert not any(c.row.sent for c in everything)
    assert {c.row.case_number for c in ws.my_cases("today")} == set(mine)
    assert ws.my_cases("today", today=dt.date.today() + dt.timedelta(days=1)) == []
    assert ws.api is not None
    SyncEngine(ws.store, ws.api).sync_once()
    with server.admin() as admin:
        admin.post(f"/v1/admin/cases/{accepted.uuid}/progress",
                   json={"progress": "in_review", "note": "科室审查中"}).raise_for_status()
    SyncEngine(ws.store, ws.api).sync_once()
    reviewing = {c.row.case_number: c.row for c in ws.my_cases("open")}
    assert reviewing[accepted.case_number].progress == "in_review"
    assert reviewing[accepted.case_number].progress_note == "科室审查中"
    assert all(c.row.sent for c in ws.my_cases("all"))
    with server.admin() as admin:
        admin.post(f"/v1/admin/cases/{accepted.uuid}/progress",
                   json={"progress": "approved"}).raise_for_status()
        missing = admin.post(f"/v1/admin/cases/{accepted_draft.item.code}/progress",
                             json={"progress": "approved"})
        assert missing.status_code == 422  # not a UUID
    report = SyncEngine(ws.store, ws.api).sync_once()
    assert report.pulled["progress"] == 1
    # Finished by the back office: no longer open; the notified one still is.
    assert [c.row.case_number for c in ws.my_cases("open")] == [notified.case_number]
