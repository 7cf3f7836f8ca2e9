"""The certificate desk's core against the reference server as a real process: the pending
feed, issuing on numbered stock with the checks before printing, voids, reprints,
hand-overs, shifts, and two desks that typed the same serial."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from offline import audit, outbox
from offline import certificates as ledger
from printing.certificates import default_directory
from server.contract import (
    CertificateRecord,
    HandoverMethod,
    IdentityCheck,
    ReceiptKind,
    StockRecord,
)
from server.seed.certificates import demo_certificates
from tests.conftest import ServerProcess, start_server
from tests.printing.test_handover_receipt import signature_png
from tests.system.services import require
from workstation.certificates import (
    BlockedError,
    CertificateDesk,
    CorrectionError,
    DeskCertificate,
    HandoverDetails,
    HandoverError,
    IssuanceRefusedError,
    NotDeskClerkError,
    NotIssuedError,
    PendingFilter,
    RangeError,
    ReasonRequiredError,
    SerialRange,
    Sheet,
    ShiftError,
    StockType,
    StockTypeError,
    load_stock_types,
    serial_conflict,
)
from workstation.core import Workstation
from workstation.sync import SyncEngine, SyncReport

LICENCE = StockType("BL", "营业执照正本用纸", r"A\d{10}", "A0000000001",
                    ("business_licence",))
PERMIT = StockType("PM", "许可证用纸", r"P\d{7}", "P0000001", ("permit",))
TYPES = {t.code: t for t in (LICENCE, PERMIT)}
FIRST_50 = SerialRange("A0000000001", "A0000000050")


def a(n: int) -> str:
    return f"A{n:010d}"


def desk_of(ws: Workstation, username: str = "desk", password: str = "desk1234"
            ) -> CertificateDesk:
    ws.login(username, password)
    return CertificateDesk(ws.store, ws.api, ws.require_session, TYPES, sandbox=ws.sandbox)


def push(ws: Workstation) -> SyncReport:
    """Send what the desk queued (the sync engine's push, as the worker runs it)."""
    assert ws.api is not None
    report = SyncReport()
    SyncEngine(ws.store, ws.api, rng=lambda: 0.0).push(report, threading.Event())
    return report


def licences(desk: CertificateDesk) -> list[DeskCertificate]:
    return [c for c in desk.pending() if c.certificate.template.value == "business_licence"]


def record(server: ServerProcess, certificate_id: object) -> CertificateRecord:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/certificates/{certificate_id}")
        answer.raise_for_status()
        return CertificateRecord.model_validate_json(answer.content)


def stock(server: ServerProcess, serial: str, stock_type: str = "BL") -> StockRecord:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/stock/{stock_type}/{serial}")
        answer.raise_for_status()
        return StockRecord.model_validate_json(answer.content)


def codes(problems: Sequence[object]) -> list[str]:
    return [str(getattr(p, "code", p)) for p in problems]


def sheet_of(desk: CertificateDesk, serial: str, stock_type: str = "BL") -> Sheet:
    """A sheet of the desk's ledger, whatever it was used for."""
    found = ledger.entry(desk.store.conn, desk.store.cipher, stock_type, serial)
    assert found is not None
    return found


def queued(ws: Workstation) -> int:
    return int(ws.store.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def two_desks(factory: Callable[..., Workstation], server: ServerProcess, *,
              shifts: bool = True
              ) -> tuple[Workstation, CertificateDesk, Workstation, CertificateDesk]:
    """Two workstations' desks on one server (desk, desk2), each with the pending
    certificates pulled and, with `shifts`, a shift open on the same loaded range (as if
    both had typed serials from the same box)."""
    ws, other_ws = factory(server.url, "a"), factory(server.url, "b")
    desk, other = desk_of(ws), desk_of(other_ws, "desk2", "desk21234")
    for d in (desk, other):
        d.refresh()
        if shifts:
            d.start_shift({"BL": [FIRST_50]})
    return ws, desk, other_ws, other


def test_pending_certificates_filter_search_and_mask(ws: Workstation) -> None:
    ws.login("trainer", "trainer1234")
    with pytest.raises(NotDeskClerkError):
        ws.certificate_desk()
    ws.login("demo", "demo1234")  # the sandbox's account has the desk
    shipped = ws.certificate_desk()  # with the stock types of the shipped templates
    report = shipped.refresh(page_size=5)
    demo = demo_certificates()
    assert (report.pulled, report.removed, report.rebuilt) == (len(demo), 0, False)
    licence = next(c for c in shipped.pending()
                   if c.certificate.template.value == "business_licence")
    paper = next(t for t in shipped.stock_types() if "business_licence" in t.templates)
    assert codes(shipped.check_issue(licence, paper.code, paper.example)) == ["shift.none"]
    assert codes(shipped.check_issue(licence, paper.code, "12")) == ["serial.format",
                                                                    "shift.none"]
    desk = desk_of(ws)
    assert desk.refresh().pulled == 0 and desk.refusals() == []
    every = desk.pending()
    assert len(every) == len(demo)
    zhou = next(c for c in every if c.certificate.applicant.name == "周明远")
    assert (zhou.applicant_masked, zhou.id_number_masked) == ("周**", "110101********4214")
    assert len(zhou.certificate.fields["经营范围"]) > 400

    def ids(**query: Any) -> set[str]:
        return {str(c.certificate_id) for c in desk.pending(PendingFilter(**query))}

    assert ids(text="明远") == {str(zhou.certificate_id)}
    assert ids(text=zhou.certificate.case_number[-7:]) == {str(zhou.certificate_id)}
    assert ids(text=zhou.certificate.applicant.id_number) == {str(zhou.certificate_id)}
    assert ids(text=zhou.certificate.applicant.id_number[:-1]) == set()
    health = {str(c.certificate_id) for c in every
              if c.certificate.department == "示范区卫生健康局"}
    assert ids(department="示范区卫生健康局") == health and len(health) == 2
    facets = desk.facets()
    assert ("示范区卫生健康局", 2) in facets.departments
    food_code = next(code for code, name, _ in facets.items if name == "食品经营许可（新办）")
    assert len(ids(item_code=food_code)) == 2
    day = dt.date(2026, 3, 10)
    days = {str(c.certificate_id) for c in every
            if day <= c.certificate.approved_at.astimezone().date() <= day + dt.timedelta(2)}
    assert ids(approved_from=day, approved_to=day + dt.timedelta(2)) == days and days
    # The full number shown on screen is audited.
    assert desk.reveal_id_number(zhou.certificate_id) == zhou.certificate.applicant.id_number
    events = audit.of_target(ws.store.conn, ws.store.cipher, str(zhou.certificate_id))
    assert [(e.actor, e.action) for e in events] == [("desk", "identity.revealed")]
    # Nothing personal readable in the database files.
    ws.store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    data = b"".join(p.read_bytes() for p in ws.paths.database.parent.iterdir() if p.is_file())
    for c in demo:
        for secret in (c["applicant"]["name"], c["applicant"]["id_number"]):
            assert secret.encode() not in data, secret


def test_checks_before_printing(ws: Workstation) -> None:
    desk = desk_of(ws)
    desk.refresh()
    cert = licences(desk)[0]
    permit = next(c for c in desk.pending() if c.certificate.template.value == "permit")
    assert codes(desk.check_issue(cert, "BL", a(1))) == ["shift.none"]
    desk.start_shift({"BL": [FIRST_50]})
    assert desk.check_issue(cert, "BL", f" {a(1).lower()} ") == []
    wrong = desk.check_issue(cert, "BL", "A12345")
    assert codes(wrong) == ["serial.format"] and wrong[0].example == "A0000000001"
    assert wrong[0].blocking
    assert codes(desk.check_issue(cert, "XX", a(1))) == ["stock_type.unknown"]
    assert codes(desk.check_issue(permit, "BL", a(1))) == ["stock_type.template"]
    outside = desk.check_issue(cert, "BL", a(99))
    assert codes(outside) == ["serial.outside_shift"] and not outside[0].blocking
    with pytest.raises(BlockedError) as blocked:
        desk.record_issue(cert, "BL", "A12345", "出证打印机")
    assert codes(blocked.value.problems) == ["serial.format"]
    # A warning the clerk confirmed does not stop the record.
    sheet = desk.record_issue(cert, "BL", a(99), "出证打印机")
    assert sheet.state == "issued" and sheet.shift_id is not None
    again = desk.check_issue(cert, "BL", a(2))
    assert codes(again) == ["certificate.issued"] and again[0].sheet is not None
    assert again[0].sheet.serial == a(99)
    other = licences(desk)[0]
    used = desk.check_issue(other, "BL", a(99))
    assert codes(used) == ["serial.issued"]
    assert used[0].sheet is not None and used[0].sheet.case_number == \
        cert.certificate.case_number
    # Another clerk at this desk issues on a shift of their own.
    ws.login("desk2", "desk21234")
    assert codes(desk.check_issue(other, "BL", a(3))) == ["shift.other_clerk"]


def test_an_issue_reaches_the_server_once_and_leaves_every_desk(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, _, other = two_desks(workstation_factory, server, shifts=False)
    desk.start_shift({"BL": [FIRST_50]})
    cert = licences(desk)[0]
    sheet = desk.record_issue(cert, "BL", a(1), "出证打印机")
    assert not sheet.synced
    assert str(cert.certificate_id) not in {str(c.certificate_id) for c in desk.pending()}
    assert [c.certificate_id for c in desk.issued()] == [cert.certificate_id]
    report = push(ws)
    assert (report.pushed, report.rejected) == (1, 0)
    assert push(ws).pushed == 0  # nothing left, nothing sent twice
    held = record(server, cert.certificate_id)
    assert [(i.serial, i.clerk, i.printer) for i in held.issuances] == [
        (a(1), "desk", "出证打印机")]
    assert not held.pending
    assert desk.sheets(cert.certificate_id)[0].synced
    refreshed = other.refresh()
    assert refreshed.removed == 1
    assert cert.certificate_id not in {c.certificate_id for c in other.pending()}
    events = audit.of_target(ws.store.conn, ws.store.cipher, str(cert.certificate_id))
    assert [(e.actor, e.action, e.detail["serial"]) for e in events] == [
        ("desk", "certificate.issued", a(1))]


def test_two_desks_with_one_serial_the_second_is_refused_with_the_reason(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    first, second = licences(desk)[:2]
    desk.record_issue(first, "BL", a(7), "出证打印机")
    other.record_issue(second, "BL", a(7), "出证打印机二")  # typed the same serial
    other.void("BL", a(8), "卡纸")  # queued behind it: must not be held back
    assert push(ws).pushed == 1
    report = push(other_ws)
    assert (report.pushed, report.rejected) == (1, 1)
    # The sync panel's trouble carries the server's reason, readable by the desk.
    trouble = next(t for t in other_ws.sync_details().troubles if t.state == "rejected")
    assert trouble.op == "certificate.issue" and trouble.error_code == "serial_used"
    assert trouble.case_number == second.certificate.case_number
    conflict = serial_conflict(trouble.error_code, trouble.error_detail)
    assert serial_conflict("validation", trouble.error_detail) is None
    assert serial_conflict("serial_used", "not json") is None
    assert conflict is not None
    assert (conflict.serial, conflict.state.value, conflict.clerk, conflict.window) == (
        a(7), "issued", "desk", "统一出证窗口")
    assert conflict.device_prefix == ws.store.meta("device_prefix")
    refusals = other.refusals()
    assert [(r.serial, r.certificate_id, r.conflict is not None) for r in refusals] == [
        (a(7), str(second.certificate_id), True)]
    assert record(server, second.certificate_id).pending
    assert stock(server, a(8)).state.value == "voided" and stock(server, a(8)).clerk == "desk2"
    assert [i.serial for i in record(server, first.certificate_id).issuances] == [a(7)]


def test_a_serial_used_elsewhere_is_corrected_and_the_hand_over_behind_it_follows(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    first, second = licences(desk)[:2]
    desk.record_issue(first, "BL", a(7), "出证打印机")
    assert push(ws).pushed == 1
    # The second desk typed the serial the first one used; the sheet in its printer is
    # A…09. Offline, it hands the certificate over by post, queued behind the issuance.
    other.record_issue(second, "BL", a(7), "出证打印机二")
    other.hand_over(second, HandoverDetails(HandoverMethod.POST, "林晓静",
                                            tracking_number="SF1234567890123"))
    other.void("BL", a(8), "卡纸")
    report = push(other_ws)
    assert (report.pushed, report.rejected, report.deferred) == (1, 1, 1)
    (refusal,) = other.refusals()
    assert (refusal.serial, refusal.certificate_id) == (a(7), str(second.certificate_id))
    refused_op = outbox.operation(other_ws.store.conn, other_ws.store.cipher, refusal.outbox_id)
    assert refused_op is not None
    # While it stands refused, a reprint or another hand-over fails at once, not queued.
    before = queued(other_ws)
    reprint = other.check_reprint(second, "BL", a(20))
    assert codes(reprint) == ["certificate.refused"]
    assert reprint[0].sheet is not None and reprint[0].sheet.serial == a(7)
    with pytest.raises(BlockedError) as blocked:
        other.reprint(second, "BL", a(20), "出证打印机二", "污损")
    assert codes(blocked.value.problems) == ["certificate.refused"]
    with pytest.raises(IssuanceRefusedError) as refused:
        other.hand_over(second, HandoverDetails(HandoverMethod.IN_PERSON, "林晓静",
                                                receipt=ReceiptKind.PAPER))
    assert refused.value.code == "certificates.issuance_refused"
    assert refused.value.sheet is not None and refused.value.sheet.serial == a(7)
    assert queued(other_ws) == before
    # What the correction checks: a reason; the new serial as an issue would; something
    # refused for a serial used elsewhere to correct.
    with pytest.raises(ReasonRequiredError):
        other.correct_serial(refusal, a(9), "  ")
    with pytest.raises(BlockedError) as malformed:
        other.correct_serial(refusal, "A9", "印制号看错")
    assert codes(malformed.value.problems) == ["serial.format"]
    with pytest.raises(BlockedError) as spoiled:
        other.correct_serial(refusal, a(8), "印制号看错")
    assert codes(spoiled.value.problems) == ["serial.voided"]
    with pytest.raises(CorrectionError) as accepted:  # the server took that one
        other.correct_serial(sheet_of(other, a(8)), a(9), "印制号看错")
    assert accepted.value.code == "certificates.correction.not_refused"
    assert queued(other_ws) == before

    sheet = other.correct_serial(refusal, f" {a(9).lower()} ", "印制号看错，纸上为A0000000009")
    assert (sheet.serial, sheet.state, sheet.certificate_id, sheet.synced) == (
        a(9), "issued", str(second.certificate_id), False)
    assert [s.serial for s in other.sheets(second.certificate_id)] == [a(9)]
    assert other.refusals() == [] and other_ws.sync_details().troubles == []
    # The wrong serial was never this desk's: released, not voided; another desk used it,
    # so it is not typed here again.
    assert ledger.entry(other_ws.store.conn, other_ws.store.cipher, "BL", a(7)) is None
    assert codes(other.check_issue(licences(other)[0], "BL", a(7))) == [
        "serial.used_elsewhere"]
    with pytest.raises(CorrectionError):
        other.correct_serial(refusal, a(10), "again")
    report = push(other_ws)
    assert (report.pushed, report.rejected, report.deferred) == (2, 0, 0)
    assert push(other_ws).pushed == 0
    assert all(s.synced for s in other.sheets(second.certificate_id))
    # On the server: one issuance of the certificate, on the corrected serial, and its
    # hand-over; the first desk's sheet untouched.
    held = record(server, second.certificate_id)
    assert [(i.serial, i.clerk, i.reprint_of) for i in held.issuances] == [
        (a(9), "desk2", None)]
    assert [h.handover.tracking_number for h in held.handovers] == ["SF1234567890123"]
    assert [(i.serial, i.clerk) for i in record(server, first.certificate_id).issuances] == [
        (a(7), "desk")]
    assert (stock(server, a(7)).clerk, stock(server, a(7)).certificate_id) == (
        "desk", first.certificate_id)
    assert (stock(server, a(9)).state.value, stock(server, a(9)).clerk) == ("issued", "desk2")
    # Audited: the let-go of the refused record, and the correction with its reason.
    store = other_ws.store
    (let_go,) = audit.of_target(store.conn, store.cipher, refused_op.target)
    assert (let_go.actor, let_go.action, let_go.detail["outbox_id"]) == (
        "desk2", "sync.let_go", refusal.outbox_id)
    events = audit.of_target(store.conn, store.cipher, str(second.certificate_id))
    assert [e.action for e in events] == ["certificate.issued", "certificate.handed_over",
                                          "certificate.serial_corrected"]
    detail = events[-1].detail
    assert (detail["refused_serial"], detail["serial"], detail["reason"]) == (
        a(7), a(9), "印制号看错，纸上为A0000000009")
    assert (detail["conflict"]["clerk"], detail["conflict"]["device_prefix"]) == (
        "desk", ws.store.meta("device_prefix"))


def test_a_reprint_behind_a_corrected_issuance_voids_the_corrected_sheet(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    first, second, third = licences(desk)[:3]
    desk.record_issue(first, "BL", a(7), "出证打印机")
    desk.record_issue(third, "BL", a(5), "出证打印机")
    assert push(ws).pushed == 2
    # Offline at the second desk: printed on a sheet typed as A…07 (it is A…09), the
    # print came out crooked and was printed again; a spoiled sheet typed as A…05 (A…06).
    other.record_issue(second, "BL", a(7), "出证打印机二")
    other.reprint(second, "BL", a(10), "出证打印机二", "打印歪斜重打")
    other.void("BL", a(5), "卡纸")
    # And the certificate the first desk issued, printed here too (another sheet).
    other.record_issue(third, "BL", a(11), "出证打印机二")
    report = push(other_ws)
    assert (report.pushed, report.rejected, report.deferred) == (0, 3, 1)
    refusals = {r.serial: r for r in other.refusals()}
    assert {s: r.error_code for s, r in refusals.items()} == {
        a(7): "serial_used", a(5): "serial_used", a(11): "already_issued"}
    # Another serial does not help a certificate issued elsewhere.
    with pytest.raises(CorrectionError) as elsewhere:
        other.correct_serial(refusals[a(11)], a(12), "印制号看错")
    assert elsewhere.value.code == "certificates.correction.not_serial_used"
    with pytest.raises(IssuanceRefusedError):
        other.hand_over(third, HandoverDetails(HandoverMethod.POST, "林晓静",
                                               tracking_number="SF1234567890123"))

    # Corrected from the sheet: the one the reprint voided.
    corrected = other.correct_serial(sheet_of(other, a(7)), a(9), "印制号看错")
    assert (corrected.serial, corrected.state, corrected.void_reason) == (
        a(9), "voided", "打印歪斜重打")
    spoiled = other.correct_serial(refusals[a(5)], a(6), "印制号看错")
    assert (spoiled.state, spoiled.void_reason, spoiled.certificate_id) == ("voided", "卡纸", None)
    sheets = other.sheets(second.certificate_id)
    assert [(s.serial, s.state, s.reprint_of) for s in sheets] == [
        (a(9), "voided", None), (a(10), "issued", a(9))]
    report = push(other_ws)
    assert (report.pushed, report.rejected, report.deferred) == (3, 0, 0)
    held = record(server, second.certificate_id)
    assert [(i.serial, i.reprint_of, i.reason) for i in held.issuances] == [
        (a(9), None, ""), (a(10), a(9), "打印歪斜重打")]
    assert (stock(server, a(9)).state.value, stock(server, a(9)).reason) == (
        "voided", "打印歪斜重打")
    assert (stock(server, a(6)).state.value, stock(server, a(6)).clerk) == ("voided", "desk2")
    for serial, certificate in ((a(7), first), (a(5), third)):
        assert (stock(server, serial).state.value, stock(server, serial).clerk,
                stock(server, serial).certificate_id) == (
            "issued", "desk", certificate.certificate_id)
    # The one refusal left is the certificate issued elsewhere, for the clerk to sort out.
    assert [r.serial for r in other.refusals()] == [a(11)]
    events = audit.of_target(other_ws.store.conn, other_ws.store.cipher, f"stock:BL:{a(6)}")
    assert [(e.action, e.detail["refused_serial"]) for e in events] == [
        ("stock.serial_corrected", a(5))]


def test_a_certificate_another_desk_issued_first_is_given_up_and_its_sheets_voided(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    cert = licences(desk)[0]
    desk.record_issue(cert, "BL", a(3), "出证打印机")
    assert push(ws).pushed == 1
    # Offline, the second desk printed it too, reprinted it and queued its hand-over.
    other.record_issue(cert, "BL", a(20), "出证打印机二")
    other.reprint(cert, "BL", a(21), "出证打印机二", "打印歪斜重打")
    other.hand_over(cert, HandoverDetails(HandoverMethod.POST, "周明远",
                                          tracking_number="SF1234567890123"))
    report = push(other_ws)
    assert (report.pushed, report.rejected) == (0, 2)  # the issuance and the reprint
    refusals = other.refusals()
    assert [(r.serial, r.error_code, r.remedy) for r in refusals] == [
        (a(20), "already_issued", "give_up"), (a(21), "already_issued", "give_up")]
    first = refusals[0]
    assert first.conflict is not None and first.conflict.clerk == "desk"
    with pytest.raises(ReasonRequiredError):
        other.give_up(first, " ")
    with pytest.raises(CorrectionError) as wrong_remedy:
        other.correct_serial(first, a(22), "印制号看错")
    assert wrong_remedy.value.code == "certificates.correction.not_serial_used"

    voided = other.give_up(first, "他窗口已出证，本窗口重复打印")
    assert [(s.serial, s.state) for s in voided] == [(a(20), "voided"), (a(21), "voided")]
    assert voided[0].void_reason == "打印歪斜重打"  # replaced by the reprint: its reason
    assert voided[1].void_reason == "他窗口已出证，本窗口重复打印"
    assert other.refusals() == [] and other.issued(handed_over=None) == []
    assert not other.certificate(cert.certificate_id).issued
    with pytest.raises(NotIssuedError):
        other.hand_over(cert, HandoverDetails(HandoverMethod.POST, "周明远",
                                              tracking_number="SF1234567890124"))
    with pytest.raises(CorrectionError) as again:
        other.give_up(first, "再次")
    assert again.value.code == "certificates.correction.not_refused"
    # Both sheets count as voided in the shift; the serials are never used again.
    counts = {c.stock_type.code: c for c in other.counts()}
    assert (counts["BL"].issued, counts["BL"].voided) == (0, 2)
    assert codes(other.check_issue(licences(other)[0], "BL", a(20))) == ["serial.voided"]
    report = push(other_ws)
    assert (report.pushed, report.rejected, report.deferred) == (2, 0, 0)  # the two voids
    for serial in (a(20), a(21)):
        held = stock(server, serial)
        assert (held.state.value, held.clerk, held.certificate_id) == (
            "voided", "desk2", cert.certificate_id)
    server_record = record(server, cert.certificate_id)
    assert [i.serial for i in server_record.issuances] == [a(3)]
    assert server_record.handovers == []  # the queued hand-over was let go, never sent
    events = audit.of_target(other_ws.store.conn, other_ws.store.cipher,
                             str(cert.certificate_id))
    assert events[-1].action == "certificate.given_up"
    assert events[-1].detail["voided"] == [["BL", a(20)], ["BL", a(21)]]
    assert len(events[-1].detail["let_go"]) == 3


def test_desk_records_a_restored_server_lost_are_sent_again_once(
        workstation_factory: Callable[..., Workstation], server: ServerProcess,
        tmp_path: Path) -> None:
    ws = workstation_factory(server.url, "a")
    desk = desk_of(ws)
    desk.refresh()
    desk.start_shift({"BL": [FIRST_50]})
    certs = licences(desk)
    desk.record_issue(certs[0], "BL", a(1), "出证打印机")
    desk.void("BL", a(2), "卡纸")
    assert push(ws).pushed == 2
    # The operator's nightly backup of the server, taken while it is stopped.
    port = server.url.rsplit(":", 1)[1]
    snapshot = tmp_path / "server-backup"
    server.stop()
    shutil.copytree(server.data, snapshot)
    later = start_server(server.data, "--port", port)
    try:
        desk.record_issue(certs[1], "BL", a(3), "出证打印机")
        desk.void("BL", a(4), "打印错位", certificate=certs[2])
        desk.hand_over(certs[1], HandoverDetails(HandoverMethod.POST, "林晓静",
                                                 tracking_number="SF1234567890123"))
        desk.reprint(certs[0], "BL", a(5), "出证打印机", "申请人污损换发")
        assert push(ws).pushed == 4
    finally:
        later.stop()
    # The server's disk fails; it is restored from last night's backup: it has forgotten
    # serials A…03–A…05 (another desk could use them again) and the hand-over.
    shutil.rmtree(server.data)
    restored = start_server(snapshot, "--port", port)
    try:
        with restored.admin() as admin:
            assert admin.get("/v1/admin/stock").json()["count"] == 2
        ws.login("desk", "desk1234")  # its sessions went with the lost data
        assert ws.api is not None
        engine = SyncEngine(ws.store, ws.api, rng=lambda: 0.0)
        report = engine.sync_once()
        assert report.ok and (report.resent, report.pushed, report.rejected) == (4, 4, 0)
        assert all(s.synced for c in certs[:2] for s in desk.sheets(c.certificate_id))
        # Each exactly once, in its original order (the reprint after the first issuance,
        # the hand-over after its certificate's issuance).
        issued = record(restored, certs[0].certificate_id)
        assert [(i.serial, i.reprint_of) for i in issued.issuances] == [
            (a(1), None), (a(5), a(1))]
        handed = record(restored, certs[1].certificate_id)
        assert [i.serial for i in handed.issuances] == [a(3)] and not handed.pending
        assert [h.handover.tracking_number for h in handed.handovers] == ["SF1234567890123"]
        states = {n: stock(restored, a(n)).state.value for n in range(1, 6)}
        assert states == {1: "voided", 2: "voided", 3: "issued", 4: "voided", 5: "issued"}
        assert stock(restored, a(4)).certificate_id == certs[2].certificate_id
        with restored.admin() as admin:
            assert admin.get("/v1/admin/stock").json()["count"] == 5
        again = engine.sync_once()
        assert (again.resent, again.pushed) == (0, 0)  # nothing twice
        # So another desk cannot use a lost serial again.
        other_ws = workstation_factory(restored.url, "b")
        other = desk_of(other_ws, "desk2", "desk21234")
        other.refresh()
        other.start_shift({"BL": [FIRST_50]})
        other.record_issue(licences(other)[0], "BL", a(3), "出证打印机二")
        assert push(other_ws).rejected == 1
        (refusal,) = other.refusals()
        assert refusal.conflict is not None and refusal.conflict.clerk == "desk"
    finally:
        restored.stop()


def test_a_voided_serial_is_never_issued_here_or_at_another_desk(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    cert = licences(desk)[0]
    with pytest.raises(ReasonRequiredError):
        desk.void("BL", a(3), "  ")
    with pytest.raises(BlockedError):
        desk.void("BL", "A3", "卡纸")
    sheet = desk.void("BL", a(3), "打印错位", certificate=cert, printer="出证打印机")
    assert (sheet.state, sheet.void_reason, sheet.certificate_id) == (
        "voided", "打印错位", str(cert.certificate_id))
    problems = desk.check_issue(cert, "BL", a(3))
    assert codes(problems) == ["serial.voided"]
    with pytest.raises(BlockedError):
        desk.record_issue(cert, "BL", a(3), "出证打印机")
    with pytest.raises(BlockedError):
        desk.void("BL", a(3), "again")
    assert push(ws).pushed == 1
    assert stock(server, a(3)).reason == "打印错位"
    other.record_issue(licences(other)[1], "BL", a(3), "出证打印机")
    assert push(other_ws).rejected == 1
    refusal = other.refusals()[0]
    assert refusal.conflict is not None and refusal.conflict.state.value == "voided"
    assert refusal.conflict.clerk == "desk"
    events = audit.of_target(ws.store.conn, ws.store.cipher, f"stock:BL:{a(3)}")
    assert [(e.action, e.detail["reason"]) for e in events] == [("stock.voided", "打印错位")]


def test_a_reprint_needs_a_reason_and_voids_the_old_sheet(ws: Workstation,
                                                          server: ServerProcess) -> None:
    desk = desk_of(ws)
    desk.refresh()
    desk.start_shift({"BL": [FIRST_50]})
    cert = licences(desk)[0]
    assert codes(desk.check_reprint(cert, "BL", a(2))) == ["certificate.not_issued"]
    desk.record_issue(cert, "BL", a(1), "出证打印机")
    with pytest.raises(ReasonRequiredError):
        desk.reprint(cert, "BL", a(2), "出证打印机", "")
    assert desk.check_reprint(cert, "BL", a(2)) == []
    sheet = desk.reprint(cert, "BL", a(2), "出证打印机", "申请人污损换发")
    assert (sheet.serial, sheet.reprint_of, sheet.issue_reason) == (a(2), a(1), "申请人污损换发")
    old, new = desk.sheets(cert.certificate_id)
    assert (old.serial, old.state, old.void_reason) == (a(1), "voided", "申请人污损换发")
    assert new.state == "issued"
    assert codes(desk.check_issue(licences(desk)[0], "BL", a(1))) == ["serial.voided"]
    assert push(ws).pushed == 2
    assert stock(server, a(1)).state.value == "voided"
    assert stock(server, a(2)).state.value == "issued"
    events = audit.of_target(ws.store.conn, ws.store.cipher, str(cert.certificate_id))
    assert [e.action for e in events] == ["certificate.issued", "certificate.reprinted"]
    assert events[1].detail["reason"] == "申请人污损换发"


def test_hand_over_in_person_or_by_post_with_a_tracking_number(
        ws: Workstation, server: ServerProcess, tmp_path: Path) -> None:
    desk = desk_of(ws)
    desk.refresh()
    desk.start_shift({"BL": [FIRST_50]})
    posted, fetched = licences(desk)[:2]
    by_post = HandoverDetails(HandoverMethod.POST, "周明远", tracking_number="  ")
    with pytest.raises(NotIssuedError):
        desk.hand_over(posted, by_post)
    desk.record_issue(posted, "BL", a(1), "出证打印机")
    desk.record_issue(fetched, "BL", a(2), "出证打印机")
    signature = signature_png()
    signed = HandoverDetails(HandoverMethod.IN_PERSON, " 林晓静 ",
                             identity=IdentityCheck.CARD_READER,
                             recipient_id_number="110101199003078523",
                             receipt=ReceiptKind.SIGNATURE, signature_png=signature)
    refusals = {
        "certificates.handover.tracking_number": (posted, by_post),
        "certificates.handover.receipt": (
            fetched, HandoverDetails(HandoverMethod.IN_PERSON, "林晓静")),
        "certificates.handover.recipient": (fetched, replace(signed, recipient_name=" ")),
        "certificates.handover.signature": (fetched, replace(signed, signature_png=None)),
        "certificates.handover.signature_unreadable": (
            fetched, replace(signed, signature_png=b"\x89PNG\r\n\x1a\n" + b"garbage")),
        "certificates.handover.identity": (fetched, replace(signed, recipient_id_number="")),
    }
    before = queued(ws)
    for code, (cert, details) in refusals.items():
        with pytest.raises(HandoverError) as refused:
            desk.hand_over(cert, details)
        assert refused.value.code == code
    assert queued(ws) == before and desk.issued(handed_over=True) == []
    desk.hand_over(posted, HandoverDetails(HandoverMethod.POST, "周明远",
                                           tracking_number="SF1234567890123"))
    desk.hand_over(fetched, signed)
    with pytest.raises(HandoverError) as twice:
        desk.hand_over(fetched, HandoverDetails(HandoverMethod.IN_PERSON, "林晓静",
                                                receipt=ReceiptKind.PAPER))
    assert twice.value.code == "certificates.handover.done"
    assert desk.issued(handed_over=False) == []
    assert len(desk.issued(handed_over=True)) == 2
    # The signature is kept sealed with the hand-over, for the receipt printed again.
    (row,) = ledger.handovers(ws.store.conn, ws.store.cipher,
                              certificate_id=str(fetched.certificate_id))
    assert row.signed and row.details["identity"] == "card_reader"
    assert ledger.signature(ws.store.conn, ws.store.cipher, row.handover_uuid) == signature
    receipt = text_of(tmp_path, desk.handover_receipt_pdf(fetched))
    for wanted in ("证照领取回执", "林晓静", "110101********8523", "已通过身份证阅读器核验",
                   "签名已在窗口签名屏采集", a(2), "营业执照（正本）"):
        assert wanted in receipt, wanted
    assert "110101199003078523" not in receipt
    assert "证照邮寄回执" in text_of(tmp_path, desk.handover_receipt_pdf(posted))

    assert push(ws).pushed == 4
    held = record(server, posted.certificate_id)
    assert [(h.handover.method.value, h.handover.tracking_number) for h in held.handovers] \
        == [("post", "SF1234567890123")]
    person = record(server, fetched.certificate_id).handovers[0].handover
    assert (person.identity_checked, person.identity_check, person.receipt) == (
        True, IdentityCheck.CARD_READER, ReceiptKind.SIGNATURE)
    assert (person.recipient_name, person.recipient_id_number) == (
        "林晓静", "110101199003078523")
    assert person.signature_png == signature


def test_a_paper_receipt_is_printed_before_the_hand_over(ws: Workstation,
                                                         tmp_path: Path) -> None:
    desk = desk_of(ws)
    desk.refresh()
    desk.start_shift({"BL": [FIRST_50]})
    cert = licences(desk)[0]
    details = HandoverDetails(HandoverMethod.IN_PERSON, "周明远", identity=IdentityCheck.BY_EYE,
                              receipt=ReceiptKind.PAPER)
    with pytest.raises(NotIssuedError):
        desk.receipt_pdf(cert, details)
    desk.record_issue(cert, "BL", a(3), "出证打印机")
    with pytest.raises(HandoverError) as not_yet:
        desk.handover_receipt_pdf(cert)
    assert not_yet.value.code == "certificates.handover.not_yet"
    text = text_of(tmp_path, desk.receipt_pdf(cert, details))
    assert "已人工核对身份证件" in text and "签名已在窗口签名屏采集" not in text
    assert "周明远" in text and a(3) in text
    assert desk.issued(handed_over=True) == []  # printing the receipt records nothing
    desk.hand_over(cert, details)
    assert not ledger.handovers(ws.store.conn, ws.store.cipher)[0].signed


def text_of(tmp_path: Path, pdf: bytes) -> str:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", "", out)


def test_shift_counts_remaining_ranges_and_the_summary(ws: Workstation,
                                                        tmp_path: Path) -> None:
    desk = desk_of(ws)
    desk.refresh()
    permits = SerialRange("P0000101", "P0000110")
    with pytest.raises(RangeError) as bad:
        desk.start_shift({"BL": [SerialRange("B0000000001", "B0000000009")]})
    assert bad.value.code == "certificates.range.format"
    with pytest.raises(RangeError):
        desk.start_shift({"BL": [FIRST_50, SerialRange(a(40), a(60))]})
    desk.start_shift({"BL": [FIRST_50], "PM": [permits]})
    with pytest.raises(ShiftError) as open_twice:
        desk.start_shift({"BL": [FIRST_50]})
    assert open_twice.value.code == "certificates.shift.open"
    certs = licences(desk)
    for cert, n in zip(certs, (1, 2, 5), strict=False):
        desk.record_issue(cert, "BL", a(n), "出证打印机")
    desk.void("BL", a(3), "卡纸")
    assert desk.next_serial("BL") == a(4)
    counts = {c.stock_type.code: c for c in desk.counts()}
    bl = counts["BL"]
    assert (bl.loaded, bl.issued, bl.voided, bl.remaining) == (50, 3, 1, 46)
    assert bl.remaining_ranges == (SerialRange(a(4), a(4)), SerialRange(a(6), a(50)))
    assert (counts["PM"].remaining, counts["PM"].remaining_ranges) == (10, (permits,))
    summary = desk.end_shift()
    assert desk.current_shift() is None
    assert summary.shift.ended_at is not None and summary.shift.clerk_name == "李建国"
    assert [s.serial for s in summary.issued] == [a(1), a(2), a(5)]
    assert [(s.serial, s.void_reason) for s in summary.voided] == [(a(3), "卡纸")]
    # The next shift starts from what this one left.
    assert desk.handed_over_stock() == {"BL": [SerialRange(a(4), a(4)),
                                               SerialRange(a(6), a(50))], "PM": [permits]}
    text = text_of(tmp_path, desk.summary_pdf(summary))
    for expected in ("出证窗口交接班汇总表", "李建国", "统一出证窗口", "营业执照正本用纸",
                     a(1), a(5), certs[0].certificate.case_number, "卡纸",
                     f"{a(6)}–{a(50)}", "交班人（签字）", "接班人（签字）"):
        assert expected in text, expected
    assert "周明远" not in text  # no applicant on the hand-over sheet
    ended = audit.of_target(ws.store.conn, ws.store.cipher, f"shift:{summary.shift.id}")
    assert ended[-1].action == "desk.shift_ended"
    assert ended[-1].detail["BL"]["remaining_ranges"] == [a(4), f"{a(6)}–{a(50)}"]
    with pytest.raises(ShiftError):
        desk.end_shift()
    second = desk.start_shift(desk.handed_over_stock())
    assert desk.next_serial("BL") == a(4)
    # What the next shift does leaves the ended one's summary as it was.
    desk.record_issue(certs[3], "BL", a(4), "出证打印机")
    desk.reprint(certs[0], "BL", a(6), "出证打印机", "污损")
    before = desk.summary(summary.shift.id)
    assert [s.serial for s in before.issued] == [a(1), a(2), a(5)]
    assert [(c.issued, c.voided, c.remaining) for c in before.counts
            if c.stock_type.code == "BL"] == [(3, 1, 46)]
    now = {c.stock_type.code: c for c in desk.counts()}["BL"]
    assert (now.loaded, now.issued, now.voided, now.remaining) == (46, 2, 1, 44)
    assert [s.serial for s in desk.summary(second.id).voided] == [a(1)]


def test_a_certificate_handed_over_is_not_reprinted_here(ws: Workstation,
                                                        tmp_path: Path) -> None:
    """It left the desk: a replacement (补证/换证) comes as a new case, not a reprint that
    would void the sheet the applicant holds and rewrite the hand-over's receipt."""
    desk = desk_of(ws)
    desk.refresh()
    desk.start_shift({"BL": [FIRST_50]})
    posted, fetched = licences(desk)[:2]
    desk.record_issue(posted, "BL", a(1), "出证打印机")
    desk.record_issue(fetched, "BL", a(2), "出证打印机")
    assert desk.check_reprint(fetched, "BL", a(3)) == []  # waiting for its applicant
    desk.hand_over(posted, HandoverDetails(HandoverMethod.POST, "周明远",
                                           tracking_number="SF1234567890123"))
    before = queued(ws)
    problems = desk.check_reprint(posted, "BL", a(3))
    assert codes(problems) == ["certificate.handed_over"] and problems[0].blocking
    assert problems[0].sheet is not None and problems[0].sheet.serial == a(1)
    with pytest.raises(BlockedError) as blocked:
        desk.reprint(posted, "BL", a(3), "出证打印机", "申请人遗失")
    assert codes(blocked.value.problems) == ["certificate.handed_over"]
    assert queued(ws) == before
    assert [(s.serial, s.state) for s in desk.sheets(posted.certificate_id)] == [
        (a(1), "issued")]
    assert a(1) in text_of(tmp_path, desk.handover_receipt_pdf(posted))
    assert desk.next_serial("BL") == a(3)


def test_a_serial_another_desk_used_is_not_this_desks_stock(
        workstation_factory: Callable[..., Workstation], server: ServerProcess,
        tmp_path: Path) -> None:
    """Typed wrong here, refused and corrected: the serial was never this desk's sheet, so
    it is neither offered for the next print nor counted as left for the next shift."""
    ws, desk, other_ws, other = two_desks(workstation_factory, server)
    first, second, third = licences(desk)[:3]
    desk.record_issue(first, "BL", a(1), "出证打印机")
    assert push(ws).pushed == 1
    other.record_issue(second, "BL", a(1), "出证打印机二")  # the sheet is A…02
    assert push(other_ws).rejected == 1
    (refusal,) = other.refusals()
    other.correct_serial(refusal, a(2), "印制号看错")
    assert other.next_serial("BL") == a(3)
    (count,) = other.counts()
    assert (count.loaded, count.issued, count.voided, count.remaining) == (50, 1, 0, 48)
    assert count.remaining_ranges == (SerialRange(a(3), a(50)),)
    assert count.used_elsewhere == (a(1),)
    typed = other.check_issue(third, "BL", a(1))
    assert codes(typed) == ["serial.used_elsewhere"] and typed[0].serial == a(1)
    with pytest.raises(BlockedError):
        other.void("BL", a(1), "卡纸")
    summary = other.end_shift()
    assert other.handed_over_stock() == {"BL": [SerialRange(a(3), a(50))]}
    text = text_of(tmp_path, other.summary_pdf(summary))
    assert f"{a(1)}经服务器确认已由其他窗口使用" in text
    assert desk.next_serial("BL") == a(2)  # the first desk's stock is its own


def test_a_cursor_too_old_rebuilds_the_pending_list(
        workstation_factory: Callable[..., Workstation], server: ServerProcess) -> None:
    _, desk, other_ws, other = two_desks(workstation_factory, server, shifts=False)
    other.start_shift({"BL": [FIRST_50]})
    cert = licences(other)[0]
    other.record_issue(cert, "BL", a(1), "出证打印机")
    assert push(other_ws).pushed == 1
    with server.admin() as admin:
        admin.post("/v1/admin/certificates/compact").raise_for_status()
    report = desk.refresh()
    assert report.rebuilt
    assert cert.certificate_id not in {c.certificate_id for c in desk.pending()}
    assert len(desk.pending()) == len(demo_certificates()) - 1
    assert desk.refresh().pulled == 0


def test_stock_types_are_read_from_the_templates(tmp_path: Path) -> None:
    shipped = load_stock_types()
    for template in ("business_licence", "permit", "registration", "property"):
        assert any(template in t.templates for t in shipped.values())
    for stock in shipped.values():
        assert stock.matches(stock.example) and stock.name
    folder = tmp_path / "certificates"
    shutil.copytree(default_directory(), folder)
    licence = json.loads((folder / "business_licence.json").read_text(encoding="utf-8"))
    stock_id = licence["stock"]["id"]
    copy = {**licence, "id": "business_licence_copy", "name": "营业执照（副本）"}
    (folder / "business_licence_copy.json").write_text(json.dumps(copy), encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")  # left out, as printing does
    types = load_stock_types(folder)
    assert set(types) == set(shipped)
    assert types[stock_id].templates == ("business_licence", "business_licence_copy")
    other = {**copy, "stock": {**licence["stock"], "serial_pattern": r"^Z\d{3}$",
                               "serial_example": "Z123"}}
    (folder / "business_licence_copy.json").write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(StockTypeError):
        load_stock_types(folder)
    # Full-width input and lower case are read as what the stock type expects.
    bl = shipped[stock_id]
    assert bl.normalise(" ｓｆ２０２６０００００１ ") == "SF2026000001"
    assert bl.matches(bl.normalise("sf2026000001"))


def test_serial_ranges() -> None:
    r = SerialRange.of(" a0000000001", "A0000000010 ")
    assert (r.first, r.count, str(r)) == ("A0000000001", 10, "A0000000001–A0000000010")
    assert a(10) in r and a(11) not in r and "A000000001" not in r and "B0000000001" not in r
    assert r.without([a(1), a(10), a(20)]) == [SerialRange(a(2), a(9))]
    assert r.without([a(n) for n in range(1, 11)]) == []
    assert r.overlaps(SerialRange(a(10), a(12))) and not r.overlaps(SerialRange(a(11), a(12)))
    for first, last, code in (("A0000000010", "A0000000001", "order"),
                              ("A0000000001", "B0000000010", "prefix"),
                              ("A001", "A0010", "prefix"), ("A", "A1", "format")):
        with pytest.raises(RangeError) as caught:
            SerialRange(first, last)
        assert caught.value.code == f"certificates.range.{code}"
