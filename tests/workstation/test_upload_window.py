"""The upload window of township mode: large pages (and the cases that need them) wait for
it, small ones and other cases go at once; the clerk can open it early for what waits."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from offline import audit, db, outbox
from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess
from tests.workstation.test_cases import filled, synced
from tests.workstation.test_uploads import server_bytes
from workstation import capture, intake
from workstation import settings as settings_io
from workstation.core import Workstation
from workstation.errors import ConfigError
from workstation.settings import Settings
from workstation.sync import SyncEngine
from workstation.upload_window import UploadWindow, opened_early

KB = 1024
DAY = dt.date.today()


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


# -- the window itself -------------------------------------------------------------------------


def test_a_window_past_midnight() -> None:
    night = UploadWindow.parse("18:00-08:00", 256 * KB)
    assert night.spec == "18:00-08:00"
    assert [night.is_open(at(h, m)) for h, m in
            ((17, 59), (18, 0), (23, 59), (0, 0), (7, 59), (8, 0), (12, 0))] == [
        False, True, True, True, True, False, False]
    assert night.next_open(at(9, 30)) == at(18)
    assert night.next_open(at(3)) == at(3)  # open: now
    assert night.holds(256 * KB, at(12)) and not night.holds(256 * KB - 1, at(12))
    assert not night.holds(10_000 * KB, at(20))


def test_a_window_within_the_day() -> None:
    lunch = UploadWindow.parse(" 12:00-13:30 ")
    assert not lunch.is_open(at(11, 59)) and lunch.is_open(at(12)) \
        and not lunch.is_open(at(13, 30))
    assert lunch.next_open(at(9)) == at(12)
    assert lunch.next_open(at(14)) == at(12, day=DAY + dt.timedelta(days=1))
    assert lunch.holds(0, at(9))  # min 0: every page waits


@pytest.mark.parametrize("spec", ["", "18:00", "18-08", "24:00-08:00", "18:00-08:60",
                                  "08:00-08:00", "6:00-8:00", "18:00–08:00"])
def test_what_is_not_a_window(spec: str) -> None:
    with pytest.raises(ValueError, match="window"):
        UploadWindow.parse(spec)


def test_the_setting_is_checked_and_a_bad_one_falls_back(tmp_path: Path) -> None:
    assert Settings().upload_window_rule() is None
    night = dataclasses.replace(Settings(), upload_window="18:00-08:00", upload_window_min_kb=64)
    assert night.validated().upload_window_rule() == UploadWindow(dt.time(18), dt.time(8),
                                                                  64 * KB)
    for bad in ({"upload_window": "evening"}, {"upload_window_min_kb": -1},
                {"upload_window": 1800}):
        with pytest.raises(ConfigError) as caught:
            dataclasses.replace(Settings(), **bad).validated()  # type: ignore[arg-type]
        assert caught.value.detail == next(iter(bad))
    path = tmp_path / "settings.json"
    path.write_text('{"upload_window": "18:00-8", "upload_window_min_kb": 512}', "utf-8")
    loaded = settings_io.load(path)
    assert loaded.upload_window == "" and loaded.upload_window_min_kb == 512


def test_opened_early_covers_what_waited_then_until_the_window_opens() -> None:
    value = "1000.0:7"
    assert opened_early(value, 999.0, 7) and opened_early(value, 999.0, 1)
    assert not opened_early(value, 999.0, 8)  # entered afterwards: waits as usual
    assert not opened_early(value, 1000.0, 7)  # the window itself is open by then
    assert not opened_early(None, 0.0, 1) and not opened_early("garbage", 0.0, 1)


# -- the engine and the workstation, against the real server ------------------------------------


def decided(ws: Workstation, size: int) -> tuple[intake.Draft, intake.ScannedPage, bytes]:
    draft = filled(ws)
    data = os.urandom(size)
    page = ws.store_page(data, "image/jpeg", width=1654, height=2339, dpi=200)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    return draft, page, data


def engine(ws: Workstation, clock: dt.datetime) -> SyncEngine:
    assert ws.api is not None
    rule = dataclasses.replace(Settings(), upload_window="18:00-08:00").upload_window_rule()
    return SyncEngine(ws.store, ws.api, chunk_size=64 * KB, window=rule,
                      clock=lambda: clock.timestamp())


def state(ws: Workstation, target: str) -> tuple[str, float]:
    row = ws.store.conn.execute("SELECT state, next_attempt_at FROM outbox WHERE target = ?",
                                (target,)).fetchone()
    return str(row[0]), float(row[1])


def on_server(server: ServerProcess, draft: intake.Draft) -> bool:
    with server.admin() as admin:
        answer = admin.get(f"/v1/admin/cases/{draft.case_uuid}")
    assert answer.status_code in (200, 404), answer.text
    return answer.status_code == 200


def test_large_pages_and_their_cases_wait_for_the_window(ws: Workstation,
                                                         server: ServerProcess) -> None:
    synced(ws)
    big, big_page, big_bytes = decided(ws, 300 * KB)
    small, small_page, _ = decided(ws, 20 * KB)

    report = engine(ws, at(10)).sync_once()
    assert report.ok and report.held == 1 and report.pushed == 2  # the small case, its page
    assert on_server(server, small) and not on_server(server, big)
    assert server_bytes(server, big_page.sha256) is None
    # Both wait for 18:00 without an attempt counted or an error shown.
    assert state(ws, big_page.sha256) == ("pending", at(18).timestamp())
    assert state(ws, str(big.case_uuid)) == ("pending", at(18).timestamp())
    assert outbox.troubles(ws.store.conn, ws.store.cipher) == []
    assert outbox.large_pages(ws.store.conn, 256 * KB) == (1, 300 * KB)
    assert outbox.next_due(ws.store.conn) == at(18).timestamp()  # the worker wakes then

    # Still closed at 17:59; at 18:00 it all goes, in order.
    assert engine(ws, at(17, 59)).sync_once().pushed == 0
    report = engine(ws, at(18)).sync_once()
    assert report.pushed == 2 and report.held == 0
    assert on_server(server, big) and server_bytes(server, big_page.sha256) == big_bytes
    assert small_page.sha256 != big_page.sha256


def test_the_clerk_opens_the_window_early_for_what_waits(ws: Workstation,
                                                         server: ServerProcess) -> None:
    synced(ws)
    ws.save_settings(dataclasses.replace(ws.settings, upload_window="18:00-08:00"))
    urgent, urgent_page, urgent_bytes = decided(ws, 300 * KB)
    assert engine(ws, at(10)).sync_once().held == 1
    window = ws.upload_window(now=at(10).timestamp())
    assert window is not None and not window.open_now and window.pages == 1
    assert window.opens_at == at(18) and window.page_bytes == 300 * KB
    # A retry on its backoff is not hurried along with the window's records.
    with db.write(ws.store.conn):
        ws.store.conn.execute("UPDATE outbox SET attempts = 2, next_attempt_at = ? "
                              "WHERE op = 'case.put'", (at(10, 5).timestamp(),))

    assert ws.open_upload_window(now=at(10).timestamp()) == 1  # the page
    assert state(ws, urgent_page.sha256)[1] == 0
    assert state(ws, str(urgent.case_uuid))[1] == at(10, 5).timestamp()
    events = audit.of_target(ws.store.conn, ws.store.cipher, "18:00-08:00")
    assert [(e.action, e.actor) for e in events] == [("sync.window_opened", "demo")]
    assert events[0].detail == {"up_to_outbox_id": outbox.last_id(ws.store.conn),
                                "records": 1}
    window = ws.upload_window(now=at(10).timestamp())
    assert window is not None and window.open_now

    # What waited goes now; a large page entered afterwards waits for the window.
    later, later_page, _ = decided(ws, 400 * KB)
    report = engine(ws, at(10, 6)).sync_once()
    assert report.held == 1 and report.pushed == 2
    assert server_bytes(server, urgent_page.sha256) == urgent_bytes
    assert on_server(server, urgent) and not on_server(server, later)
    assert state(ws, later_page.sha256) == ("pending", at(18).timestamp())
    window = ws.upload_window(now=at(10, 6).timestamp())
    assert window is not None and not window.open_now and window.pages == 1


def test_without_a_window_nothing_is_held(ws: Workstation, server: ServerProcess) -> None:
    synced(ws)
    assert ws.upload_window() is None and ws.open_upload_window() == 0
    draft, _, _ = decided(ws, 300 * KB)
    assert ws.api is not None
    report = SyncEngine(ws.store, ws.api, clock=lambda: at(10).timestamp()).sync_once()
    assert report.pushed == 2 and report.held == 0 and on_server(server, draft)
