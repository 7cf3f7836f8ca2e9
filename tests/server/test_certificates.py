"""The certificate desk's contract, over HTTP against the reference server as a process:
the pending feed, issuances, voids and hand-overs, and what a second use of a serial gets."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.contract import (
    CertificateRecord,
    ErrorBody,
    ErrorCode,
    PendingCertificate,
    PendingCertificatesPage,
    SerialConflict,
    StockRecord,
    TokenResponse,
)
from server.seed.certificates import demo_certificates
from server.seed.demo import DEMO_CLERKS, seed
from server.store import ServerStore
from tests.conftest import ServerProcess, start_server

NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server for the module: every test works on certificates and serials of its own."""
    process = start_server(tmp_path_factory.mktemp("certificates") / "server")
    yield process
    process.stop()


class Desk:
    """A logged-in desk: its own device, its own operation sequence."""

    def __init__(self, server: ServerProcess, username: str, password: str) -> None:
        self.client = httpx.Client(base_url=server.url, timeout=10)
        answer = self.client.post("/v1/auth/login", json={
            "username": username, "password": password,
            "device_id": f"desk-{uuid.uuid4().hex[:12]}"})
        answer.raise_for_status()
        self.tokens = TokenResponse.model_validate_json(answer.content)
        self.client.headers["Authorization"] = f"Bearer {self.tokens.access_token}"
        self._seq = itertools.count(1)

    def post(self, path: str, body: dict[str, Any], seq: int | None = None,
             key: str | None = None) -> httpx.Response:
        return self.client.post(path, json=body, headers={
            "Idempotency-Key": key or uuid.uuid4().hex,
            "X-Device-Seq": str(seq if seq is not None else next(self._seq))})

    def issue(self, certificate_id: object, serial: str, *, stock_type: str = "BL",
              reprint_of: str | None = None, reason: str = "",
              issuance: uuid.UUID | None = None) -> httpx.Response:
        return self.post(f"/v1/certificates/{certificate_id}/issuances", issuance_body(
            serial, stock_type=stock_type, reprint_of=reprint_of, reason=reason,
            issuance=issuance))

    def void(self, serial: str, reason: str = "卡纸", stock_type: str = "BL",
             void: uuid.UUID | None = None) -> httpx.Response:
        return self.post("/v1/stock/voids", {
            "void_uuid": str(void or uuid.uuid4()), "serial": serial, "stock_type": stock_type,
            "reason": reason, "at": NOW.isoformat()})


def issuance_body(serial: str, *, stock_type: str = "BL", reprint_of: str | None = None,
                  reason: str = "", issuance: uuid.UUID | None = None) -> dict[str, Any]:
    return {"issuance_uuid": str(issuance or uuid.uuid4()), "serial": serial,
            "stock_type": stock_type, "printer": "出证打印机", "printed_at": NOW.isoformat(),
            "reprint_of": reprint_of, "reason": reason}


@pytest.fixture
def desks(server: ServerProcess) -> Iterator[Callable[[str, str], Desk]]:
    opened: list[Desk] = []

    def make(username: str = "desk", password: str = "desk1234") -> Desk:
        opened.append(Desk(server, username, password))
        return opened[-1]

    yield make
    for desk in opened:
        desk.client.close()


def new_certificate(server: ServerProcess, **changes: Any) -> PendingCertificate:
    """A certificate of its own for a test, put into the pending feed by the back office."""
    base = demo_certificates()[0]
    n = uuid.uuid4()
    body = {**base, "certificate_id": str(n), "case_uuid": str(uuid.uuid4()),
            "case_number": f"SF0099{n.int % 10**14:014d}", **changes}
    with server.admin() as admin:
        admin.post("/v1/admin/certificates", json=[body]).raise_for_status()
    return PendingCertificate.model_validate(body)


def serial() -> str:
    return f"A{uuid.uuid4().int % 10**10:010d}"


def pull(desk: Desk, cursor: str | None = None, limit: int = 5
         ) -> tuple[dict[str, PendingCertificate], set[str], str]:
    """Every page from `cursor`: certificates by id, tombstones, and the last cursor."""
    found: dict[str, PendingCertificate] = {}
    removed: set[str] = set()
    while True:
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        answer = desk.client.get("/v1/certificates/pending", params=params)
        answer.raise_for_status()
        page = PendingCertificatesPage.model_validate_json(answer.content, strict=True)
        for c in page.certificates:
            found[str(c.certificate_id)] = c
        removed |= set(page.removed)
        cursor = page.cursor
        if not page.has_more:
            return found, removed, cursor


def record(server: ServerProcess, certificate_id: object) -> CertificateRecord:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/certificates/{certificate_id}")
        answer.raise_for_status()
        return CertificateRecord.model_validate_json(answer.content)


def stock(server: ServerProcess, number: str, stock_type: str = "BL") -> StockRecord | None:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/stock/{stock_type}/{number}")
        if answer.status_code == 404:
            return None
        answer.raise_for_status()
        return StockRecord.model_validate_json(answer.content)


def test_the_pending_feed_is_for_desk_clerks_only(server: ServerProcess,
                                                  desks: Callable[..., Desk]) -> None:
    assert httpx.get(f"{server.url}/v1/certificates/pending").status_code == 401
    trainer = desks("trainer", "trainer1234")
    refused = trainer.client.get("/v1/certificates/pending")
    assert refused.status_code == 403 and refused.json()["code"] == "token_invalid"
    assert trainer.void(serial()).status_code == 403
    # The sandbox's demo account serves the desk too; a second desk account for two desks.
    for username, password in (("demo", "demo1234"), ("desk2", "desk21234")):
        assert "certificate_desk" in desks(username, password).tokens.clerk.roles


def test_demo_certificates_come_in_pages_with_what_printing_needs(
        desks: Callable[..., Desk]) -> None:
    found, removed, _ = pull(desks(), limit=4)
    demo = {c["certificate_id"]: c for c in demo_certificates()}
    assert set(demo) <= set(found) and len(demo) >= 12 and not removed & set(demo)
    certificates = [found[k] for k in demo]
    assert {c.template.value for c in certificates} == {"business_licence", "permit",
                                                       "registration", "property"}
    assert len({c.department for c in certificates}) >= 5
    assert len({c.approved_at.date() for c in certificates}) >= 10
    assert max(len(c.fields.get("经营范围", "")) for c in certificates) > 400
    assert any("𠀾" in c.applicant.name for c in certificates)
    licence = next(c for c in certificates if c.template.value == "business_licence")
    for label in ("名称", "统一社会信用代码", "法定代表人", "经营范围", "住所", "注册资本",
                  "成立日期", "登记机关", "发证日期"):
        assert label in licence.fields
    # 不动产权证书 have a shape (and a template) of their own.
    deeds = [c for c in certificates if c.template.value == "property"]
    assert {c.status.value for c in deeds} == {"ready", "replacement"}
    for deed in deeds:
        assert "名称" not in deed.fields
        for label in ("不动产权证号", "权利人", "共有情况", "坐落", "不动产单元号", "权利类型",
                      "权利性质", "用途", "面积", "使用期限", "登记机构", "发证日期"):
            assert label in deed.fields


def test_issuance_is_taken_once_and_leaves_the_feed(server: ServerProcess,
                                                   desks: Callable[..., Desk]) -> None:
    desk = desks()
    cert = new_certificate(server)
    found, _, cursor = pull(desk)
    assert str(cert.certificate_id) in found
    number, issuance = serial(), uuid.uuid4()
    body = issuance_body(number, issuance=issuance)
    first = desk.post(f"/v1/certificates/{cert.certificate_id}/issuances", body, seq=900,
                      key="issue-key-900")
    assert first.status_code == 201 and first.json()["duplicate"] is False
    # The same operation again (a lost answer), and the same issuance as a new operation.
    again = desk.post(f"/v1/certificates/{cert.certificate_id}/issuances", body, seq=900,
                      key="issue-key-900")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    resent = desk.post(f"/v1/certificates/{cert.certificate_id}/issuances", body, seq=901)
    assert resent.status_code == 200 and resent.json()["duplicate"] is True
    held = record(server, cert.certificate_id)
    assert [i.serial for i in held.issuances] == [number] and not held.pending
    assert held.issuances[0].clerk == "desk"
    # A tombstone for whoever pulled before.
    fresh, removed, _ = pull(desk, cursor)
    assert str(cert.certificate_id) in removed and str(cert.certificate_id) not in fresh
    # A sequence used for another operation is refused.
    reused = desk.post(f"/v1/certificates/{cert.certificate_id}/issuances",
                       issuance_body(serial()), seq=900, key="another-key-900")
    assert reused.status_code == 422 and reused.json()["code"] == "sequence_reused"


def test_a_serial_used_at_another_desk_is_refused_with_how_and_where(
        server: ServerProcess, desks: Callable[..., Desk]) -> None:
    first, second = desks(), desks("desk2", "desk21234")
    one, two = new_certificate(server), new_certificate(server)
    number = serial()
    assert first.issue(one.certificate_id, number).status_code == 201
    refused = second.issue(two.certificate_id, number)
    assert refused.status_code == 409
    conflict = SerialConflict.model_validate_json(refused.content)
    assert (conflict.code, conflict.serial, conflict.state.value) == (ErrorCode.SERIAL_USED,
                                                                       number, "issued")
    assert refused.json()["code"] == "serial_used"
    assert conflict.clerk == "desk" and conflict.window == "统一出证窗口"
    assert conflict.device_prefix == first.tokens.clerk.device_prefix
    assert record(server, two.certificate_id).pending
    # The same certificate issued again on another sheet, not as a reprint.
    twice = second.issue(one.certificate_id, serial())
    assert twice.status_code == 409
    again = SerialConflict.model_validate_json(twice.content)
    assert again.code is ErrorCode.ALREADY_ISSUED and again.serial == number


def test_a_voided_serial_can_never_be_issued(server: ServerProcess,
                                            desks: Callable[..., Desk]) -> None:
    desk = desks()
    cert = new_certificate(server)
    number, void = serial(), uuid.uuid4()
    assert desk.void(number, "打印错位", void=void).status_code == 201
    assert desk.void(number, "打印错位", void=void).json()["duplicate"] is True
    held = stock(server, number)
    assert held is not None and held.state.value == "voided" and held.reason == "打印错位"
    refused = desk.issue(cert.certificate_id, number)
    assert refused.status_code == 409
    conflict = SerialConflict.model_validate_json(refused.content)
    assert conflict.code is ErrorCode.SERIAL_USED and conflict.state.value == "voided"
    # Voiding it again under another id is a second use too; a void needs a reason.
    assert desk.void(number).status_code == 409
    blank = desk.void(serial(), reason="  ")
    assert blank.status_code == 422 and blank.json()["code"] == "validation"


def test_a_reprint_voids_the_sheet_it_replaces(server: ServerProcess,
                                              desks: Callable[..., Desk]) -> None:
    desk = desks()
    cert = new_certificate(server)
    old, new = serial(), serial()
    # A reprint whose first issuance has not arrived yet: try again later.
    early = desk.issue(cert.certificate_id, new, reprint_of=old, reason="污损")
    assert early.status_code == 409
    assert ErrorBody.model_validate_json(early.content).code is ErrorCode.IN_PROGRESS
    assert desk.issue(cert.certificate_id, old).status_code == 201
    no_reason = desk.issue(cert.certificate_id, new, reprint_of=old)
    assert no_reason.status_code == 422
    reprinted = desk.issue(cert.certificate_id, new, reprint_of=old, reason="申请人污损换发")
    assert reprinted.status_code == 201
    replaced = stock(server, old)
    assert replaced is not None and replaced.state.value == "voided"
    assert replaced.reason == "申请人污损换发"
    current = stock(server, new)
    assert current is not None and current.state.value == "issued"
    held = record(server, cert.certificate_id)
    assert [(i.serial, i.reprint_of) for i in held.issuances] == [(old, None), (new, old)]
    # The replaced sheet cannot come back, nor be "reprinted" a second time.
    assert desk.issue(cert.certificate_id, serial(), reprint_of=old,
                      reason="再次").status_code == 409


def test_hand_over_needs_an_issued_certificate_and_a_tracking_number_by_post(
        server: ServerProcess, desks: Callable[..., Desk]) -> None:
    desk = desks()
    cert = new_certificate(server)
    path = f"/v1/certificates/{cert.certificate_id}/handover"

    def body(**changes: Any) -> dict[str, Any]:
        return {"handover_uuid": str(uuid.uuid4()), "method": "post", "recipient_name": "周明远",
                "identity_checked": False, "tracking_number": "SF1234567890123",
                "receipt": None, "at": NOW.isoformat(), **changes}

    untracked = desk.post(path, body(tracking_number=None))
    assert untracked.status_code == 422 and "tracking" in untracked.json()["message"]
    assert desk.post(path, body(method="in_person", tracking_number=None)).status_code == 422
    in_person = {"method": "in_person", "tracking_number": None, "receipt": "signature",
                 "identity_checked": True}
    # A signature belongs to a receipt signed on the screen; a check needs its method
    # consistent; the signature is base64 of at most 512 KiB.
    for wrong in ({"receipt": "paper", "signature_png": "iVBORw0KGgo="},
                  {"identity_checked": False, "identity_check": "card_reader"},
                  {"signature_png": "not base64!"},
                  {"signature_png": base64.b64encode(bytes(512 * 1024 + 1)).decode()}):
        assert desk.post(path, body(**{**in_person, **wrong})).status_code == 422, wrong
    assert desk.post(path, body(identity_check="by_eye")).status_code == 422  # posted
    waiting = desk.post(path, body())
    assert waiting.status_code == 409 and waiting.json()["code"] == "in_progress"
    assert desk.post(f"/v1/certificates/{uuid.uuid4()}/handover", body()).status_code == 404
    assert desk.issue(cert.certificate_id, serial()).status_code == 201
    posted = body()
    assert desk.post(path, posted).status_code == 201
    assert desk.post(path, posted).json()["duplicate"] is True
    # A hand-over names its sheet: one whose issuance has not arrived waits; one the
    # certificate is not issued on is refused with who issued it.
    unknown = desk.post(path, body(stock_type="BL", serial="ZZ9999999999"))
    assert unknown.status_code == 409 and unknown.json()["code"] == "in_progress"
    current = record(server, cert.certificate_id).issuances[-1]
    sheet = {"stock_type": current.stock_type, "serial": current.serial}
    spoiled = serial()
    assert desk.void(spoiled).status_code == 201
    other_sheet = desk.post(path, body(stock_type=current.stock_type, serial=spoiled))
    assert other_sheet.status_code == 409 and other_sheet.json()["code"] == "already_issued"
    assert other_sheet.json()["serial"] == current.serial
    assert desk.post(path, body(stock_type="BL")).status_code == 422  # a serial with it
    assert desk.post(path, body(**sheet)).status_code == 201
    signature = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    signed = desk.post(path, body(**in_person, identity_check="card_reader",
                                  recipient_id_number="110101198003124214",
                                  signature_png=base64.b64encode(signature).decode()))
    assert signed.status_code == 201
    held = record(server, cert.certificate_id)
    assert [h.handover.method.value for h in held.handovers] == ["post", "post", "in_person"]
    assert held.handovers[0].handover.tracking_number == "SF1234567890123"
    assert held.handovers[1].handover.serial == current.serial
    kept = held.handovers[2].handover
    assert (kept.signature_png, kept.recipient_id_number) == (signature, "110101198003124214")


def test_compacted_tombstones_expire_old_cursors(server: ServerProcess,
                                                 desks: Callable[..., Desk]) -> None:
    desk = desks()
    cert = new_certificate(server)
    _, _, cursor = pull(desk)
    assert desk.issue(cert.certificate_id, serial()).status_code == 201
    with server.admin() as admin:
        assert admin.post("/v1/admin/certificates/compact").json()["count"] >= 1
    gone = desk.client.get("/v1/certificates/pending", params={"cursor": cursor})
    assert gone.status_code == 410 and gone.json()["code"] == "cursor_expired"
    found, _, _ = pull(desk)
    assert str(cert.certificate_id) not in found
    # Adding an issued certificate again does not bring it back.
    with server.admin() as admin:
        again = admin.post("/v1/admin/certificates", json=[cert.model_dump(mode="json")])
        assert again.json()["count"] == 0


def test_the_contract_is_published(server: ServerProcess) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    for path in ("/v1/certificates/pending", "/v1/certificates/{certificate_id}/issuances",
                 "/v1/stock/voids", "/v1/certificates/{certificate_id}/handover"):
        assert path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert "SerialConflict" in schemas
    # The desk's refusals are codes of the contract like every other error.
    assert schemas["SerialConflict"]["properties"]["code"]["enum"] == [
        ErrorCode.SERIAL_USED, ErrorCode.ALREADY_ISSUED]
    assert {"serial_used", "already_issued", "in_progress"} <= set(schemas["ErrorCode"]["enum"])
    conflict = spec["paths"]["/v1/stock/voids"]["post"]["responses"]["409"]
    assert {s["$ref"].rsplit("/", 1)[1] for s in conflict["content"]["application/json"][
        "schema"]["anyOf"]} == {"SerialConflict", "ErrorBody"}


def test_seeding_an_older_sandbox_gives_the_demo_clerk_the_desk(tmp_path: Path) -> None:
    store = ServerStore(tmp_path / "server.db")
    try:
        old_profile = {**DEMO_CLERKS[0][2], "roles": ["clerk"]}
        store.add_clerk("demo", "changed-password", old_profile)
        seed(store)
        clerk = store.clerk("demo")
        assert clerk is not None and clerk.profile["roles"] == ["clerk", "certificate_desk"]
        assert store.check_password("demo", "changed-password") is not None
        assert store.feed_count("certificates") == len(demo_certificates())
        seed(store)  # seeding again adds nothing
        assert store.certificate_total() == len(demo_certificates())
    finally:
        store.close()
