"""The reference server's contract, over HTTP against the real process."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.contract import CataloguePage, ServiceItem, TokenResponse
from server.seed.demo import demo_items
from tests.conftest import ServerProcess


@pytest.fixture
def clerk(server: ServerProcess) -> Iterator[tuple[httpx.Client, TokenResponse]]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        answer = client.post("/v1/auth/login", json={
            "username": "demo", "password": "demo1234", "device_id": "device-under-test"})
        answer.raise_for_status()
        tokens = TokenResponse.model_validate_json(answer.content)
        client.headers["Authorization"] = f"Bearer {tokens.access_token}"
        yield client, tokens


def test_openapi_is_published_with_the_contract(server: ServerProcess) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    paths = spec["paths"]
    for path in ("/v1/auth/login", "/v1/auth/refresh", "/v1/catalogue/changes",
                 "/v1/calendar/changes", "/v1/cases/{case_uuid}"):
        assert path in paths
    assert "ServiceItem" in spec["components"]["schemas"]
    assert "CaseSubmission" in spec["components"]["schemas"]


def test_login_gives_profile_and_a_stable_device_prefix(server: ServerProcess) -> None:
    def login(device: str) -> TokenResponse:
        answer = httpx.post(f"{server.url}/v1/auth/login", json={
            "username": "demo", "password": "demo1234", "device_id": device})
        return TokenResponse.model_validate_json(answer.content)

    first, again, other = login("device-aaaa"), login("device-aaaa"), login("device-bbbb")
    assert first.clerk.name == "王晓梅" and "clerk" in first.clerk.roles
    assert first.clerk.device_prefix == again.clerk.device_prefix
    assert other.clerk.device_prefix != first.clerk.device_prefix
    bad = httpx.post(f"{server.url}/v1/auth/login", json={
        "username": "demo", "password": "nope", "device_id": "device-aaaa"})
    assert bad.status_code == 401 and bad.json()["code"] == "bad_credentials"


@pytest.mark.parametrize("feed", ["catalogue", "calendar", "forms"])
def test_feeds_need_a_token(server: ServerProcess, feed: str) -> None:
    answer = httpx.get(f"{server.url}/v1/{feed}/changes")
    assert answer.status_code == 401 and answer.json()["code"] == "token_invalid"


def pull_all(client: httpx.Client, cursor: str | None = None, limit: int = 10
             ) -> tuple[set[str], str]:
    codes: set[str] = set()
    while True:
        params: dict[str, Any] = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        answer = client.get("/v1/catalogue/changes", params=params)
        answer.raise_for_status()
        page = CataloguePage.model_validate_json(answer.content)
        codes = (codes | {i.code for i in page.items}) - set(page.removed)
        cursor = page.cursor
        if not page.has_more:
            return codes, cursor


def test_catalogue_feed_pages_and_validates(clerk: tuple[httpx.Client, Any]) -> None:
    client, _ = clerk
    codes, cursor = pull_all(client)
    assert codes == {i["code"] for i in demo_items()}
    empty = CataloguePage.model_validate_json(
        client.get("/v1/catalogue/changes", params={"cursor": cursor}).content)
    assert empty.items == [] and not empty.has_more and empty.cursor == cursor


def test_forged_cursor_is_refused(clerk: tuple[httpx.Client, Any]) -> None:
    client, _ = clerk
    answer = client.get("/v1/catalogue/changes", params={"cursor": "eyJzIjo5OTl9"})
    assert answer.status_code == 400 and answer.json()["code"] == "cursor_invalid"


def test_compaction_expires_only_cursors_that_may_have_missed_tombstones(
    server: ServerProcess, clerk: tuple[httpx.Client, Any]
) -> None:
    client, _ = clerk
    _, old_cursor = pull_all(client)
    items = demo_items()
    with server.admin() as admin:
        admin.post("/v1/admin/catalogue/withdraw", json={"codes": [items[0]["code"]]})
        admin.post("/v1/admin/catalogue/compact").raise_for_status()
    stale = client.get("/v1/catalogue/changes", params={"cursor": old_cursor})
    assert stale.status_code == 410 and stale.json()["code"] == "cursor_expired"
    # A scan that starts after the compaction pages through without 410.
    codes, new_cursor = pull_all(client, limit=5)
    assert codes == {i["code"] for i in items[1:]}
    with server.admin() as admin:
        admin.put("/v1/admin/catalogue/items", json=[{**items[3], "version": 2}])
    assert pull_all(client, new_cursor)[0] == {items[3]["code"]}


def test_replacing_the_catalogue_expires_every_cursor(
    server: ServerProcess, clerk: tuple[httpx.Client, Any]
) -> None:
    client, _ = clerk
    _, cursor = pull_all(client)
    with server.admin() as admin:
        admin.post("/v1/admin/catalogue/replace", json=demo_items()[:3]).raise_for_status()
    assert client.get("/v1/catalogue/changes", params={"cursor": cursor}).status_code == 410


def case_body(tokens: TokenResponse, case_uuid: uuid.UUID, n: int = 1) -> dict[str, Any]:
    item = ServiceItem.model_validate(demo_items()[0])
    return {
        "uuid": str(case_uuid), "case_number": f"{tokens.clerk.device_prefix}20261123{n:06d}",
        "item_code": item.code, "item_version": item.version, "status": "accepted",
        "applicant": {"kind": "person", "name": "赵六", "id_type": "居民身份证",
                      "id_number": "110101199003078515"},
        "clerk": "demo", "window": "3号窗口", "created_at": "2026-11-23T09:00:00+08:00",
    }


def put(client: httpx.Client, body: dict[str, Any], key: str, seq: int) -> httpx.Response:
    return client.put(f"/v1/cases/{body['uuid']}", json=body,
                      headers={"Idempotency-Key": key, "X-Device-Seq": str(seq)})


def test_case_put_is_idempotent_by_device_sequence(server: ServerProcess,
                                                   clerk: tuple[httpx.Client, Any]) -> None:
    client, tokens = clerk
    case_uuid = uuid.uuid4()
    body = case_body(tokens, case_uuid)
    first = put(client, body, "key-000000001", 1)
    assert first.status_code == 201 and first.json()["duplicate"] is False
    replay = put(client, body, "key-000000001", 1)
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert replay.json()["server_id"] == first.json()["server_id"]
    # The same sequence number with another operation is a client bug, refused clearly.
    other = case_body(tokens, uuid.uuid4(), 2)
    reused = put(client, other, "key-000000002", 1)
    assert reused.status_code == 422 and reused.json()["code"] == "sequence_reused"
    # A new operation for the same case (new key, new sequence) is "already have it".
    again = put(client, body, "key-000000003", 2)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == 1


def test_case_number_must_carry_the_device_prefix(clerk: tuple[httpx.Client, Any]) -> None:
    client, tokens = clerk
    body = {**case_body(tokens, uuid.uuid4()), "case_number": "XX20261123000001"}
    answer = put(client, body, "key-000000009", 9)
    assert answer.status_code == 422 and answer.json()["code"] == "validation"
    assert tokens.clerk.device_prefix in answer.json()["message"]


def test_invalid_case_body_is_a_validation_error(clerk: tuple[httpx.Client, Any]) -> None:
    client, tokens = clerk
    body = case_body(tokens, uuid.uuid4())
    del body["applicant"]
    answer = put(client, body, "key-000000010", 10)
    assert answer.status_code == 422 and answer.json()["code"] == "validation"
    assert "applicant" in answer.json()["message"]


def test_a_higher_revision_replaces_the_case_and_a_stale_one_does_not(
    server: ServerProcess, clerk: tuple[httpx.Client, Any]
) -> None:
    client, tokens = clerk
    case_uuid = uuid.uuid4()
    notified = {**case_body(tokens, case_uuid), "status": "notified"}
    assert put(client, notified, "key-rev-0001", 21).status_code == 201
    accepted = {**notified, "status": "accepted", "revision": 2}
    answer = put(client, accepted, "key-rev-0002", 22)
    assert answer.status_code == 200 and answer.json()["duplicate"] is False
    # Revision 1 arriving late (another path, a retry) changes nothing.
    late = put(client, notified, "key-rev-0003", 23)
    assert late.json()["duplicate"] is True
    with server.admin() as admin:
        stored = admin.get(f"/v1/admin/cases/{case_uuid}").json()
        assert stored["status"] == "accepted" and stored["revision"] == 2
        assert admin.get("/v1/admin/cases").json()["count"] == 1


def test_electronic_licences_by_holder(clerk: tuple[httpx.Client, Any]) -> None:
    from server.contract import LicenceList, LicenceStatus

    client, _ = clerk
    answer = client.post("/v1/licences/query", json={
        "holder_id_type": "居民身份证", "holder_id_number": "110101197511302318"})
    answer.raise_for_status()
    licences = LicenceList.model_validate_json(answer.content).licences
    kinds = {lic.licence_type: lic.status for lic in licences}
    assert kinds == {"居民身份证": LicenceStatus.EXPIRED, "居民户口簿": LicenceStatus.VALID,
                     "机动车驾驶证": LicenceStatus.VALID}
    company = client.post("/v1/licences/query", json={
        "holder_id_type": "统一社会信用代码", "holder_id_number": "91999001ma0ab12cxx"}).json()
    assert [lic["licence_type"] for lic in company["licences"]] == ["营业执照"]
    nobody = client.post("/v1/licences/query", json={
        "holder_id_type": "居民身份证", "holder_id_number": "110101199003078515"}).json()
    assert nobody == {"licences": []}
    assert httpx.post(f"{client.base_url}/v1/licences/query", json={
        "holder_id_type": "居民身份证", "holder_id_number": "1"}).status_code == 401


def test_server_store_of_an_older_release_gains_the_revision_column(tmp_path: Path) -> None:
    import sqlite3

    from server.store import ServerStore

    old = sqlite3.connect(tmp_path / "server.db")
    old.execute("CREATE TABLE cases (uuid TEXT PRIMARY KEY, case_number TEXT NOT NULL UNIQUE, "
                "server_id TEXT NOT NULL, body TEXT NOT NULL, device_id TEXT NOT NULL, "
                "received_at TEXT NOT NULL)")
    old.execute("INSERT INTO cases VALUES ('u', 'SF1', 'S1', '{}', 'd', 'now')")
    old.commit()
    old.close()
    store = ServerStore(tmp_path / "server.db")
    try:
        assert store.case_body("u") == {}
        columns = {r[1] for r in store._db.execute("PRAGMA table_info(cases)")}
        assert "revision" in columns
    finally:
        store.close()


def test_the_listening_socket_says_it_is_tcp_so_answers_are_not_held_back() -> None:
    """asyncio turns TCP_NODELAY on for accepted connections only when the listening
    socket's protocol is IPPROTO_TCP; without it, every keep-alive answer waited ~40 ms
    for the client's delayed ACK (44 ms per request measured, 1.9 ms with it)."""
    import asyncio
    import socket

    from server.app import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        sock.listen()
        client = socket.create_connection(sock.getsockname()[:2])
        accepted, _ = sock.accept()
        try:
            asyncio.base_events._set_nodelay(accepted)  # type: ignore[attr-defined]
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        finally:
            accepted.close()
            client.close()
    finally:
        sock.close()
