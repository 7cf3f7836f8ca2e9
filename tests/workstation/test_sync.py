"""The sync engine against the reference server as a real process."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from offline import catalogue, outbox, replica
from server.contract import CaseApplicant, ServiceItem
from server.contract.cases import ApplicantKind, CaseStatus
from server.seed.demo import demo_forms, demo_items
from tests.conftest import ServerProcess
from workstation.core import Workstation
from workstation.sync import BACKOFF_CAP_S, SyncEngine, backoff_delay


class Clock:
    """The engine's clock: each round starts past every backoff and Retry-After."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def next_round(self) -> None:
        self.now += 2 * BACKOFF_CAP_S


def engine(ws: Workstation, page_size: int = 7) -> SyncEngine:
    assert ws.api is not None
    return SyncEngine(ws.store, ws.api, page_size=page_size, rng=lambda: 0.0)


def local_codes(ws: Workstation) -> set[str]:
    return {s.code for s in catalogue.item_summaries(ws.store.conn)}


def applicant() -> CaseApplicant:
    return CaseApplicant(kind=ApplicantKind.PERSON, name="李四", id_type="居民身份证",
                         id_number="110101199003078515", phone="13800138000")


def test_first_sync_pulls_the_whole_catalogue_in_pages(ws: Workstation) -> None:
    ws.login("demo", "demo1234")
    report = engine(ws).sync_once()
    assert report.ok, report
    expected = {i["code"] for i in demo_items()}
    assert local_codes(ws) == expected
    assert report.pulled["catalogue"] == len(expected)
    assert report.pulled["calendar"] > 50
    item = ws.item(sorted(expected)[0])
    assert isinstance(item, ServiceItem) and item.materials
    overview = ws.sync_overview()
    assert overview.last_success_at is not None and overview.last_error_code is None
    assert overview.items == len(expected)


def test_incremental_changes_and_tombstones(ws: Workstation, server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    engine(ws).sync_once()
    items = demo_items()
    changed = {**items[0], "name": items[0]["name"] + "（更新）", "version": 2}
    new = {**items[1], "code": "NEW-0001", "name": "新增的测试事项"}
    with server.admin() as admin:
        admin.put("/v1/admin/catalogue/items", json=[changed, new]).raise_for_status()
        admin.post("/v1/admin/catalogue/withdraw",
                   json={"codes": [items[2]["code"]]}).raise_for_status()
    report = engine(ws).sync_once()
    assert report.ok
    assert report.pulled["catalogue"] == 2 and report.removed["catalogue"] == 1
    assert report.rebuilt == []
    codes = local_codes(ws)
    assert "NEW-0001" in codes and items[2]["code"] not in codes
    fresh = ws.item(items[0]["code"])
    assert fresh is not None and fresh.version == 2 and fresh.name.endswith("（更新）")


@pytest.mark.parametrize("how", ["replace", "compact"])
def test_cursor_too_old_rebuilds_and_swaps(ws: Workstation, server: ServerProcess,
                                           how: str) -> None:
    ws.login("demo", "demo1234")
    engine(ws).sync_once()
    items = demo_items()
    with server.admin() as admin:
        if how == "replace":
            admin.post("/v1/admin/catalogue/replace", json=items[:10]).raise_for_status()
            expected = {i["code"] for i in items[:10]}
        else:
            admin.post("/v1/admin/catalogue/withdraw",
                       json={"codes": [items[0]["code"]]}).raise_for_status()
            admin.post("/v1/admin/catalogue/compact").raise_for_status()
            expected = {i["code"] for i in items[1:]}
    report = engine(ws).sync_once()
    assert report.ok, report
    assert report.rebuilt == ["catalogue"]
    assert local_codes(ws) == expected
    state = replica.feed_state(ws.store.conn, replica.CATALOGUE)
    assert not state.rebuilding and state.rows == len(expected)
    # And the new cursor works incrementally afterwards.
    assert engine(ws).sync_once().pulled["catalogue"] == 0


@pytest.mark.parametrize("mode", ["malformed", "schema", "truncate", "error"])
def test_bad_server_answers_change_nothing_and_next_sync_recovers(
    ws: Workstation, server: ServerProcess, mode: str
) -> None:
    ws.login("demo", "demo1234")
    eng = engine(ws)
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={
            "path_prefix": "/v1/catalogue/changes", "mode": mode, "count": 1,
        }).raise_for_status()
    report = eng.sync_once()
    assert not report.ok
    assert report.error_code == ("api.server" if mode == "error" else "api.malformed")
    assert local_codes(ws) == set()
    assert replica.feed_state(ws.store.conn, replica.CATALOGUE).cursor is None
    status = ws.sync_overview()
    assert status.last_error_code == report.error_code and status.last_success_at is None
    # The calendar and the push still ran: one bad feed does not hold back the rest.
    assert report.pulled.get("calendar", 0) > 0
    again = eng.sync_once()
    assert again.ok
    assert local_codes(ws) == {i["code"] for i in demo_items()}
    assert ws.sync_overview().last_error_code is None


def test_fault_in_the_middle_keeps_pages_already_applied(ws: Workstation,
                                                        server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    eng = engine(ws, page_size=10)
    with server.admin() as admin:
        # Let the first page through, break the second.
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/catalogue/changes",
                                             "mode": "delay", "count": 1}).raise_for_status()
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/catalogue/changes",
                                             "mode": "schema", "count": 1}).raise_for_status()
    report = eng.sync_once()
    assert not report.ok
    assert len(local_codes(ws)) == 10  # exactly the first page, with its cursor
    assert replica.feed_state(ws.store.conn, replica.CATALOGUE).cursor is not None
    assert eng.sync_once().ok
    assert len(local_codes(ws)) == len(demo_items())


def test_forms_follow_the_server_and_withdrawn_ones_disappear(
    ws: Workstation, server: ServerProcess
) -> None:
    from printing.forms import Variant

    ws.login("demo", "demo1234")
    report = engine(ws).sync_once()
    forms = demo_forms()
    assert report.ok and report.pulled["forms"] == len(forms)
    first, second = forms[0], forms[1]
    spec = ws.form(first["id"])
    assert spec is not None and spec.title == first["title"]
    pdf = ws.form_pdf(first["id"], Variant.SAMPLE)
    assert pdf is not None and pdf.startswith(b"%PDF")
    with server.admin() as admin:
        admin.put("/v1/admin/forms", json=[{**first, "title": first["title"] + "（修订）",
                                             "version": first["version"] + 1}]
                  ).raise_for_status()
        admin.post("/v1/admin/forms/withdraw",
                   json={"codes": [second["id"]]}).raise_for_status()
    report = engine(ws).sync_once()
    assert report.pulled["forms"] == 1 and report.removed["forms"] == 1
    revised = ws.form(first["id"])
    assert revised is not None and revised.title.endswith("（修订）")
    assert ws.form(second["id"]) is None and ws.form_pdf(second["id"], Variant.BLANK) is None


def test_a_malformed_forms_page_changes_nothing(ws: Workstation, server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/forms/changes",
                                             "mode": "schema", "count": 1}).raise_for_status()
    report = engine(ws).sync_once()
    assert report.error_code == "api.malformed"
    assert replica.feed_state(ws.store.conn, replica.FORMS).rows == 0
    assert report.pulled["catalogue"] == len(demo_items())  # the other feeds went on
    assert engine(ws).sync_once().pulled["forms"] == len(demo_forms())


def create_case(ws: Workstation, **kw: Any) -> tuple[uuid.UUID, str]:
    item = ws.item(next(iter(sorted(local_codes(ws)))))
    assert item is not None
    return ws.create_case(item, applicant(), status=CaseStatus.ACCEPTED, **kw)


def test_cases_reach_the_server_exactly_once(ws: Workstation, server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    eng = engine(ws)
    eng.sync_once()
    made = [create_case(ws) for _ in range(3)]
    assert ws.sync_overview().pending == 3
    report = eng.sync_once()
    assert report.ok and report.pushed == 3
    assert ws.sync_overview().pending == 0
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == 3
        body = admin.get(f"/v1/admin/cases/{made[0][0]}").json()
        assert body["case_number"] == made[0][1]
        assert body["applicant"]["name"] == "李四"
    # Replaying the same operations (as after a crash before the reply was saved) is
    # answered "already have it" and creates nothing.
    ws.store.conn.execute("UPDATE outbox SET state = 'pending'")
    report = eng.sync_once()
    assert report.pushed == 3
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == 3


def test_rejected_operation_is_parked_and_does_not_block_the_rest(
    ws: Workstation, server: ServerProcess
) -> None:
    ws.login("demo", "demo1234")
    eng = engine(ws)
    eng.sync_once()
    create_case(ws)
    bad_uuid, _ = create_case(ws)
    create_case(ws)
    # Corrupt the middle operation the way a buggy older client might have queued it.
    row = ws.store.conn.execute("SELECT device_seq, payload_enc FROM outbox WHERE target = ?",
                                (str(bad_uuid),)).fetchone()
    payload = ws.store.cipher.open_json(row[1], f"outbox:{row[0]}")
    payload["item_code"] = "NO-SUCH-ITEM"
    ws.store.conn.execute("UPDATE outbox SET payload_enc = ? WHERE device_seq = ?",
                          (ws.store.cipher.seal_json(payload, f"outbox:{row[0]}"), row[0]))
    report = eng.sync_once()
    assert report.pushed == 2 and report.rejected == 1
    counts = outbox.counts(ws.store.conn)
    assert (counts.pending, counts.rejected, counts.done) == (0, 1, 2)
    reason = ws.store.conn.execute(
        "SELECT last_error_detail FROM outbox WHERE state = 'rejected'").fetchone()[0]
    assert "NO-SUCH-ITEM" in reason


def test_server_errors_back_off_and_nothing_is_dropped(ws: Workstation,
                                                       server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    now = [1000.0]
    assert ws.api is not None
    eng = SyncEngine(ws.store, ws.api, page_size=50, clock=lambda: now[0], rng=lambda: 0.0)
    eng.sync_once()
    create_case(ws)
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/cases/", "mode": "error",
                                             "count": 2}).raise_for_status()
    first = eng.sync_once()
    assert first.deferred == 1 and first.pushed == 0
    next_at = ws.store.conn.execute("SELECT next_attempt_at FROM outbox").fetchone()[0]
    assert next_at == pytest.approx(now[0] + backoff_delay(1, lambda: 0.0))
    assert eng.sync_once().deferred == 0  # not due yet: not sent again
    now[0] = next_at + 1
    assert eng.sync_once().deferred == 1  # second injected failure, longer wait
    second_wait = ws.store.conn.execute("SELECT next_attempt_at FROM outbox").fetchone()[0]
    assert second_wait - now[0] == pytest.approx(backoff_delay(2, lambda: 0.0))
    now[0] = second_wait + 1
    assert eng.sync_once().pushed == 1
    with server.admin() as admin:
        assert admin.get("/v1/admin/cases").json()["count"] == 1


def test_backoff_is_capped_and_jittered() -> None:
    assert backoff_delay(1, lambda: 0.0) == 2.5
    assert backoff_delay(2, lambda: 0.999) == pytest.approx(9.995)
    assert backoff_delay(50, lambda: 0.999) <= 3600


def test_unreachable_server_keeps_everything_queued(ws: Workstation,
                                                    server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    eng = engine(ws)
    eng.sync_once()
    create_case(ws)
    server.stop()
    report = eng.sync_once()
    assert report.error_code == "api.unreachable"
    assert ws.sync_overview().pending == 1
    assert ws.sync_overview().last_error_code == "api.unreachable"
    assert len(local_codes(ws)) == len(demo_items())  # the cache is still there


def test_in_flight_operations_return_to_pending(ws: Workstation) -> None:
    ws.login("demo", "demo1234")
    engine(ws).sync_once()
    create_case(ws)
    ws.store.conn.execute("UPDATE outbox SET state = 'in_flight'")
    assert outbox.recover_in_flight(ws.store.conn) == 1
    assert outbox.counts(ws.store.conn).pending == 1
    assert json.dumps(ws.sync_overview().pending) == "1"
