"""The certificate desk's storage: the sealed pending replica and its search, the stock
ledger (each serial once), shifts, and what a copied database file gives away (nothing)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from offline import audit, db, outbox, replica
from offline import certificates as ledger
from offline.store import Store, open_store
from server.seed.certificates import demo_certificates
from tests.printing.test_handover_receipt import signature_png
from workstation.secrets import FileVault

AT = dt.datetime(2026, 3, 20, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "live" / "w.db", FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


def bodies() -> list[dict[str, Any]]:
    return demo_certificates()


def load(store: Store, certs: list[dict[str, Any]], cursor: str = "c1") -> None:
    replica.apply_page(store.conn, ledger.FEED, [ledger.pending_row(store.cipher, c)
                                                 for c in certs], [], cursor)


def issue(store: Store, cert: dict[str, Any], serial: str, *, shift: str | None = None,
          reprint_of: tuple[str, str] | None = None, reason: str = "",
          clerk: str = "desk") -> str:
    key = str(uuid.uuid4())
    ledger.record_issue(store.conn, store.cipher, ledger.Issue(
        certificate=cert, stock_type="BL", serial=serial, printer="出证打印机",
        printed_at=AT, issuance_uuid=key, clerk=clerk, shift_id=shift,
        wire={"issuance_uuid": key, "serial": serial,
              "reprint_of": None if reprint_of is None else reprint_of[1]},
        reprint_of=reprint_of, reason=reason))
    return key


def void(store: Store, serial: str, reason: str, *, shift: str | None = None,
         certificate_id: str | None = None) -> str:
    key = str(uuid.uuid4())
    ledger.record_void(store.conn, store.cipher, ledger.Void(
        stock_type="BL", serial=serial, reason=reason, at=AT, void_uuid=key, clerk="desk",
        shift_id=shift, certificate_id=certificate_id, printer="出证打印机",
        wire={"void_uuid": key, "serial": serial}))
    return key


def count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_pending_certificates_filter_and_search_without_clear_personal_data(
        store: Store) -> None:
    certs = bodies()
    load(store, certs)
    ids = {c["certificate_id"] for c in certs}
    assert {r.certificate_id for r in ledger.pending(store.conn, store.cipher)} == ids

    def found(**query: Any) -> set[str]:
        return {r.certificate_id for r in ledger.pending(store.conn, store.cipher, **query)}

    zhou = certs[0]
    # A part of the applicant's name (opened in memory), or of the case number.
    assert found(text="明远") == {zhou["certificate_id"]}
    assert found(text=zhou["case_number"][-6:]) == {zhou["certificate_id"]}
    # The whole ID number finds its holder's certificates (in any case of the X) …
    chen = [c["certificate_id"] for c in certs if c["applicant"]["name"] == "陈𠀾"]
    assert len(chen) == 2
    assert found(text=f" {certs[1]['applicant']['id_number'].lower()} ") == set(chen)
    # … a part of it finds nothing: it is not searchable.
    assert found(text=zhou["applicant"]["id_number"][:14]) == set()
    market = {c["certificate_id"] for c in certs if c["department"] == "示范区市场监督管理局"}
    assert found(department="示范区市场监督管理局") == market
    food = {c["certificate_id"] for c in certs if c["item_name"] == "食品经营许可（新办）"}
    assert found(item_code=certs[4]["item_code"]) == food and len(food) == 2
    since = dt.datetime(2026, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    until = dt.datetime(2026, 3, 13, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    window = {c["certificate_id"] for c in certs
              if since <= dt.datetime.fromisoformat(c["approved_at"]) < until}
    assert found(approved_from=since, approved_until=until) == window and len(window) == 3
    items, departments = ledger.pending_facets(store.conn)
    assert sum(n for _, _, n in items) == len(certs)
    assert ("示范区市场监督管理局", len(market)) in departments
    # Only the keyed hash of the ID number is stored, never the number.
    refs = {str(r[0]) for r in store.conn.execute(
        "SELECT applicant_ref FROM pending_certificates")}
    assert store.cipher.ref(zhou["applicant"]["id_number"]) in refs
    assert zhou["applicant"]["id_number"] not in refs


def test_a_copied_store_reveals_no_personal_data(store: Store, tmp_path: Path) -> None:
    certs = bodies()
    load(store, certs)
    cert = certs[1]  # 陈𠀾: a name outside the Basic Multilingual Plane
    issue(store, cert, "A0000000001")
    issue(store, cert, "A0000000002", reprint_of=("BL", "A0000000001"),
          reason="陈𠀾本人要求更正")
    void(store, "A0000000003", "给欧阳明月打印时卡纸")
    ledger.record_handover(store.conn, store.cipher, ledger.Handover(
        certificate_id=cert["certificate_id"], handover_uuid=str(uuid.uuid4()),
        method="post", identity_checked=False, receipt=None, at=AT, clerk="desk",
        shift_id=None, details={"recipient_name": "陈𠀾的女儿陈小雨",
                                "tracking_number": "SF1234567890123"},
        wire={"recipient_name": "陈小雨"}))
    signature = signature_png()
    signed = certs[0]
    issue(store, signed, "A0000000004")
    ledger.record_handover(store.conn, store.cipher, ledger.Handover(
        certificate_id=signed["certificate_id"], handover_uuid=str(uuid.uuid4()),
        method="in_person", identity_checked=True, receipt="signature", at=AT, clerk="desk",
        shift_id=None, details={"recipient_name": "欧阳晓雯", "identity": "card_reader",
                                "recipient_id_number": "110101199205160027"},
        wire={"recipient_name": "欧阳晓雯"}, signature_png=signature))
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "live", copy)
    secrets = {cert["applicant"]["name"], cert["applicant"]["id_number"],
               certs[0]["applicant"]["name"], certs[0]["applicant"]["id_number"],
               certs[0]["fields"]["住所"], certs[11]["fields"]["坐落"], "陈小雨", "欧阳明月",
               "SF1234567890123", "欧阳晓雯", "110101199205160027"}
    files = [p for p in copy.iterdir() if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{secret} readable in {path.name}"
            assert secret.encode("utf-16-le") not in data
        assert signature[8:64] not in data, f"the signature readable in {path.name}"
    # While what is not personal stays readable for filtering and the sync panel.
    assert cert["case_number"].encode() in b"".join(p.read_bytes() for p in files)


def test_each_serial_is_used_once_and_a_refused_write_leaves_nothing(store: Store) -> None:
    certs = bodies()
    load(store, certs)
    issue(store, certs[0], "A0000000001")
    before = (count(store.conn, "outbox"), count(store.conn, "audit_events"),
              count(store.conn, "desk_certificates"))
    with pytest.raises(ledger.SerialTaken):
        issue(store, certs[2], "A0000000001")
    with pytest.raises(ledger.SerialTaken):
        void(store, "A0000000001", "卡纸")
    void(store, "A0000000002", "卡纸")
    with pytest.raises(ledger.SerialTaken):
        issue(store, certs[2], "A0000000002")
    assert (count(store.conn, "outbox"), count(store.conn, "audit_events"),
            count(store.conn, "desk_certificates")) == (before[0] + 1, before[1] + 1, before[2])
    sheet = ledger.entry(store.conn, store.cipher, "BL", "A0000000002")
    assert sheet is not None and sheet.state == "voided" and sheet.void_reason == "卡纸"
    # An issued certificate leaves the pending list here at once (the server's tombstone
    # comes later), and is kept as printed for reprints and the hand-over.
    pending = {r.certificate_id for r in ledger.pending(store.conn, store.cipher)}
    assert certs[0]["certificate_id"] not in pending and certs[2]["certificate_id"] in pending
    kept = ledger.certificate(store.conn, store.cipher, certs[0]["certificate_id"])
    assert kept is not None and kept.issued and kept.body == certs[0]


def test_a_reprint_voids_the_old_sheet_in_the_same_transaction(store: Store) -> None:
    cert = bodies()[0]
    load(store, [cert])
    first = issue(store, cert, "A0000000001")
    with pytest.raises(ValueError, match="not the sheet"):
        issue(store, cert, "A0000000003", reprint_of=("BL", "A0000000009"), reason="x")
    second = issue(store, cert, "A0000000002", reprint_of=("BL", "A0000000001"),
                   reason="打印偏移")
    sheets = ledger.sheets_of(store.conn, store.cipher, cert["certificate_id"])
    assert [(s.serial, s.state) for s in sheets] == [("A0000000001", "voided"),
                                                     ("A0000000002", "issued")]
    assert sheets[0].void_reason == "打印偏移" and sheets[1].issue_reason == "打印偏移"
    assert sheets[1].reprint_of == "A0000000001"
    issued = ledger.issued_sheet(store.conn, store.cipher, cert["certificate_id"])
    assert issued is not None and issued.serial == "A0000000002"
    ops = outbox.due(store.conn, store.cipher, now=1e12, limit=10)
    assert [(o.op, o.target) for o in ops] == [(ledger.ISSUE_OP, first),
                                               (ledger.ISSUE_OP, second)]
    assert ops[0].payload["certificate_id"] == cert["certificate_id"]
    events = audit.of_target(store.conn, store.cipher, cert["certificate_id"])
    assert [e.action for e in events] == ["certificate.issued", "certificate.reprinted"]
    assert events[1].detail["reason"] == "打印偏移" and events[1].actor == "desk"


def test_one_shift_is_open_at_a_time(store: Store) -> None:
    ranges = [("BL", "A0000000001", "A0000000050"), ("PM", "X00001", "X00010")]
    ledger.start_shift(store.conn, store.cipher, "s1", "desk", {"name": "李建国"}, AT, ranges)
    with pytest.raises(ledger.ShiftOpen):
        ledger.start_shift(store.conn, store.cipher, "s2", "desk2", {}, AT, [])
    # The database says so too, whoever writes.
    with pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO desk_shifts (id, clerk, clerk_enc, started_at) "
                           "VALUES ('s3', 'x', x'00', 'now')")
    shift = ledger.open_shift(store.conn, store.cipher)
    assert shift is not None and shift.clerk_info == {"name": "李建国"}
    assert shift.ranges == [("BL", "A0000000001", "A0000000050"), ("PM", "X00001", "X00010")]
    assert ledger.end_shift(store.conn, store.cipher, "s1", "desk2", AT, {"BL": {}})
    assert not ledger.end_shift(store.conn, store.cipher, "s1", "desk2", AT, {})
    ledger.start_shift(store.conn, store.cipher, "s2", "desk2", {}, AT, [])
    assert [e.action for e in audit.of_target(store.conn, store.cipher, "shift:s1")] == [
        "desk.shift_started", "desk.shift_ended"]


def test_a_rebuilt_replica_still_opens_and_keeps_its_indexes(store: Store) -> None:
    certs = bodies()
    load(store, certs[:5])
    replica.start_rebuild(store.conn, ledger.FEED)
    replica.apply_page(store.conn, ledger.FEED, [ledger.pending_row(store.cipher, c)
                                                 for c in certs[3:]], [], "c2", shadow=True)
    replica.finish_rebuild(store.conn, ledger.FEED)
    rows = ledger.pending(store.conn, store.cipher)
    assert [r.body for r in rows] == sorted(
        certs[3:], key=lambda c: (dt.datetime.fromisoformat(c["approved_at"]),
                                  c["case_number"]))
    indexes = {str(r[0]) for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' "
        "AND tbl_name = 'pending_certificates'")}
    assert {"pending_certificates_approved", "pending_certificates_applicant_ref"} <= indexes
    state = replica.feed_state(store.conn, ledger.FEED)
    assert (state.cursor, state.rows) == ("c2", len(certs) - 3)


def test_the_outbox_settles_and_labels_desk_records(store: Store) -> None:
    cert = bodies()[0]
    load(store, [cert])
    issued = issue(store, cert, "A0000000001")
    voided = void(store, "A0000000002", "卡纸", certificate_id=cert["certificate_id"])
    lone = void(store, "A0000000003", "污损")
    ops = {o.target: o for o in outbox.due(store.conn, store.cipher, now=1e12, limit=10)}
    outbox.mark_done(store.conn, ops[issued], issued)
    outbox.mark_rejected(store.conn, ops[voided].id, "serial_used", "{}")
    outbox.mark_rejected(store.conn, ops[lone].id, "serial_used", "{}")
    sheet = ledger.entry(store.conn, store.cipher, "BL", "A0000000001")
    assert sheet is not None and sheet.synced
    unsent = ledger.entry(store.conn, store.cipher, "BL", "A0000000002")
    assert unsent is not None and not unsent.synced
    troubles = {t.target: t for t in outbox.troubles(store.conn, store.cipher)}
    assert troubles[voided].case_number == cert["case_number"]
    assert troubles[voided].item_name == cert["item_name"]
    assert troubles[lone].case_number is None
    refusals = ledger.refusals(store.conn)
    assert [(r.serial, r.certificate_id, r.error_code) for r in refusals] == [
        ("A0000000002", cert["certificate_id"], "serial_used"),
        ("A0000000003", None, "serial_used")]


def handover(store: Store, cert: dict[str, Any]) -> str:
    key = str(uuid.uuid4())
    ledger.record_handover(store.conn, store.cipher, ledger.Handover(
        certificate_id=cert["certificate_id"], handover_uuid=key, method="post",
        identity_checked=False, receipt=None, at=AT, clerk="desk", shift_id=None,
        details={"recipient_name": "周明远", "tracking_number": "SF1234567890123"},
        wire={"handover_uuid": key}))
    return key


def test_a_refused_serial_is_corrected_and_what_waited_behind_it_follows(
        store: Store) -> None:
    cert = bodies()[0]
    load(store, [cert])
    conn, cipher = store.conn, store.cipher
    refused = issue(store, cert, "A0000000007")
    reprinted = issue(store, cert, "A0000000010", reprint_of=("BL", "A0000000007"),
                      reason="卡纸重打")
    handed = handover(store, cert)
    ops = {o.target: o for o in outbox.due(conn, cipher, now=1e12, limit=10)}
    # The server refused the serial (another desk's); what depends on it is not there yet.
    outbox.mark_rejected(conn, ops[refused].id, "serial_used", '{"clerk": "desk"}')
    for waiting in (reprinted, handed):
        outbox.mark_retry(conn, ops[waiting].id, 1e9, "in_progress", "HTTP 409")
    (refusal,) = ledger.refusals(conn)
    assert ledger.refusal_of_sheet(conn, "BL", "A0000000007") == refusal
    assert ledger.refused_issuance(conn, cert["certificate_id"]) == refusal
    new_uuid = str(uuid.uuid4())

    def correction(serial: str, refused: ledger.Refusal = refusal) -> ledger.Correction:
        return ledger.Correction(
            refused=refused, serial=serial, new_uuid=new_uuid,
            wire={"issuance_uuid": new_uuid, "serial": serial}, clerk="desk2",
            reason="印制号看错", conflict={"clerk": "desk", "device_prefix": "SF0001"})

    with pytest.raises(ledger.SerialTaken):  # a sheet of this desk already
        ledger.record_correction(conn, cipher, correction("A0000000010"))
    assert ledger.refusals(conn) == [refusal]  # nothing of it stayed
    ledger.record_correction(conn, cipher, correction("A0000000009"))

    # The wrong serial is released: nothing of this desk's ledger has it any more.
    assert ledger.entry(conn, cipher, "BL", "A0000000007") is None
    assert "A0000000007" not in ledger.used_serials(conn, "BL")
    sheets = ledger.sheets_of(conn, cipher, cert["certificate_id"])
    assert [(s.serial, s.state, s.reprint_of, s.synced) for s in sheets] == [
        ("A0000000009", "voided", None, False), ("A0000000010", "issued", "A0000000009", False)]
    assert sheets[0].void_reason == "卡纸重打"  # sealed under the new serial, still readable
    assert ledger.refusals(conn) == [] and ledger.refused_issuance(
        conn, cert["certificate_id"]) is None
    with pytest.raises(ledger.NotRefused):  # corrected already
        ledger.record_correction(conn, cipher, correction("A0000000011"))
    # The new issuance goes first; the reprint and the hand-over wait for it, however
    # long their backoff had been.
    (first,) = outbox.due(conn, cipher, now=1.0, limit=10)
    assert (first.op, first.target) == (ledger.ISSUE_OP, new_uuid)
    assert first.payload == {"certificate_id": cert["certificate_id"],
                             "body": {"issuance_uuid": new_uuid, "serial": "A0000000009"}}
    assert first.device_seq > max(o.device_seq for o in ops.values())
    assert outbox.next_due(conn) == 0.0
    outbox.mark_in_flight(conn, first.id)
    assert outbox.due(conn, cipher, now=1.0, limit=10) == []
    outbox.mark_done(conn, first, new_uuid)
    follow = outbox.due(conn, cipher, now=1.0, limit=10)
    assert [(o.target, o.device_seq, o.idempotency_key, o.attempts) for o in follow] == [
        (reprinted, ops[reprinted].device_seq, ops[reprinted].idempotency_key, 0),
        (handed, ops[handed].device_seq, ops[handed].idempotency_key, 0)]
    assert follow[0].payload["body"]["reprint_of"] == "A0000000009"
    assert follow[1].payload == ops[handed].payload
    assert outbox.troubles(conn, cipher) == []  # the refused one is let go: history only
    assert conn.execute("SELECT state, discarded_at IS NOT NULL FROM outbox WHERE id = ?",
                        (refusal.outbox_id,)).fetchone() == ("rejected", 1)
    # Both audited: the let-go of the refused record and the correction, with the reason.
    (let_go,) = audit.of_target(conn, cipher, refused)
    assert (let_go.actor, let_go.action, let_go.detail["corrected_by"]) == (
        "desk2", "sync.let_go", first.id)
    corrected = audit.of_target(conn, cipher, cert["certificate_id"])[-1]
    assert (corrected.actor, corrected.action) == ("desk2", "certificate.serial_corrected")
    assert {k: corrected.detail[k] for k in ("refused_serial", "serial", "reason",
                                              "queued_behind")} == {
        "refused_serial": "A0000000007", "serial": "A0000000009", "reason": "印制号看错",
        "queued_behind": [ops[reprinted].id, ops[handed].id]}
    assert corrected.detail["conflict"]["device_prefix"] == "SF0001"


def test_an_operation_waits_only_while_the_one_it_waits_for_is_on_its_way(
        store: Store) -> None:
    cert = bodies()[0]
    load(store, [cert])
    conn, cipher = store.conn, store.cipher
    handed = handover(store, cert)
    issued = issue(store, cert, "A0000000001")
    ops = {o.target: o for o in outbox.due(conn, cipher, now=1e12, limit=10)}
    with db.write(conn):
        outbox.queue_behind(conn, cipher, ops[handed].id, ops[issued].id)
    assert [o.target for o in outbox.due(conn, cipher, now=1.0, limit=10)] == [issued]
    outbox.mark_retry(conn, ops[issued].id, 500.0, "api.server", "HTTP 503")
    assert outbox.due(conn, cipher, now=1.0, limit=10) == []
    assert outbox.next_due(conn) == 500.0  # not the waiting one's 0: the worker sleeps
    outbox.mark_rejected(conn, ops[issued].id, "validation", "HTTP 422")
    # Refused for good: the hand-over goes its own way (and waits on the server's side).
    assert [o.target for o in outbox.due(conn, cipher, now=1.0, limit=10)] == [handed]
