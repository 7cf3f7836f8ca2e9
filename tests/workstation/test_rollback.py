"""The server restored from an older backup: the workstation notices that the server
lacks what it had confirmed, and sends it again from its own copy, exactly once."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from server.contract.cases import CaseStatus
from tests.conftest import ServerProcess, start_server
from tests.workstation.test_cases import filled, synced
from workstation import capture, intake
from workstation.core import Workstation
from workstation.sync import SyncEngine


def decide_with_page(ws: Workstation) -> tuple[intake.Draft, intake.ScannedPage]:
    draft = filled(ws)
    page = ws.store_page(os.urandom(5000), "image/jpeg", width=10, height=10, dpi=200)
    capture.attach(draft, intake.entries(draft)[0][0].code, [page])
    ws.decide(draft, CaseStatus.ACCEPTED)
    return draft, page


def restart(server: ServerProcess, data: Path) -> ServerProcess:
    """The same address, the given data directory (the operator's restore)."""
    port = server.url.rsplit(":", 1)[1]
    server.stop()
    return start_server(data, "--port", port)


def test_cases_a_restored_server_lost_are_sent_again_once(
    workstation_factory: Callable[..., Workstation], server: ServerProcess, tmp_path: Path
) -> None:
    ws = workstation_factory(server.url)
    synced(ws)
    first, _ = decide_with_page(ws)
    assert ws.api is not None
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 2
    # The operator's nightly backup of the server, taken while it is stopped.
    snapshot = tmp_path / "server-backup"
    server = restart(server, server.data)
    server.stop()
    shutil.copytree(server.data, snapshot)
    server = start_server(server.data, "--port", server.url.rsplit(":", 1)[1])
    second, second_page = decide_with_page(ws)
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 2
    # The server's disk fails; it is restored from last night's backup.
    shutil.rmtree(server.data)
    restored = restart(server, snapshot)
    try:
        ws.login("demo", "demo1234")  # its sessions went with the lost data
        report = SyncEngine(ws.store, ws.api).sync_once()
        assert report.ok and report.resent == 1 and report.pages_lost == 0
        assert report.pushed == 2  # the second case and its page, again
        with restored.admin() as admin:
            assert admin.get("/v1/admin/cases").json()["count"] == 2
            body = admin.get(f"/v1/admin/cases/{second.case_uuid}").json()
            assert body["materials"][0]["attachments"][0]["sha256"] == second_page.sha256
            page = admin.get(f"/v1/admin/attachments/{second_page.sha256}")
            assert page.content == ws.page_bytes(second_page.sha256)
            assert admin.get(f"/v1/admin/cases/{first.case_uuid}").status_code == 200
        again = SyncEngine(ws.store, ws.api).sync_once()
        assert again.resent == 0 and again.pushed == 0  # nothing twice
    finally:
        restored.stop()


def test_more_lost_cases_than_one_batch_are_all_sent_again(
    workstation_factory: Callable[..., Workstation], server: ServerProcess, tmp_path: Path
) -> None:
    ws = workstation_factory(server.url)
    synced(ws)
    assert ws.api is not None
    snapshot = tmp_path / "server-backup"
    server = restart(server, server.data)
    server.stop()
    shutil.copytree(server.data, snapshot)
    server = start_server(server.data, "--port", server.url.rsplit(":", 1)[1])
    lost = [decide_with_page(ws) for _ in range(60)]  # more than a batch of 50
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 120
    shutil.rmtree(server.data)
    restored = restart(server, snapshot)
    try:
        ws.login("demo", "demo1234")
        report = SyncEngine(ws.store, ws.api).sync_once()
        assert report.ok and report.resent == 60 and report.pushed == 120
        with restored.admin() as admin:
            assert admin.get("/v1/admin/cases").json()["count"] == 60
            for _, page in lost[::15]:
                assert admin.get(f"/v1/admin/attachments/{page.sha256}").status_code == 200
    finally:
        restored.stop()


def test_a_loss_below_the_highest_sequence_is_found_too(
    workstation_factory: Callable[..., Workstation], server: ServerProcess, tmp_path: Path
) -> None:
    """Restored between two rounds, then a newer case got through before the check: the
    server's highest sequence is intact, yet it lacks the cases in between."""
    import threading

    from workstation.sync import SyncReport

    ws = workstation_factory(server.url)
    synced(ws)
    assert ws.api is not None
    snapshot = tmp_path / "server-backup"
    server = restart(server, server.data)
    server.stop()
    shutil.copytree(server.data, snapshot)
    server = start_server(server.data, "--port", server.url.rsplit(":", 1)[1])
    between = [decide_with_page(ws) for _ in range(2)]
    assert SyncEngine(ws.store, ws.api).sync_once().pushed == 4
    shutil.rmtree(server.data)
    restored = restart(server, snapshot)
    try:
        ws.login("demo", "demo1234")
        decide_with_page(ws)
        SyncEngine(ws.store, ws.api).push(SyncReport(), threading.Event())  # no check first
        report = SyncEngine(ws.store, ws.api).sync_once()
        assert report.ok and report.resent == 2 and report.pushed == 4
        with restored.admin() as admin:
            assert admin.get("/v1/admin/cases").json()["count"] == 3
            for draft, _ in between:
                assert admin.get(f"/v1/admin/cases/{draft.case_uuid}").status_code == 200
    finally:
        restored.stop()
