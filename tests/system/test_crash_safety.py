"""Killed mid-page: after restart the store holds the old or the new page, never half,
and its cursor matches its data. Real process, real SIGKILL, real server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from offline import catalogue, replica
from offline.store import open_store
from server.seed.demo import demo_items
from tests.conftest import REPO, ServerProcess
from workstation.api.client import ApiClient
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

PAGE = 7


def page_boundaries(url: str) -> list[tuple[str, set[str]]]:
    """(cursor after page j, codes present after page j) for the whole feed."""
    login = httpx.post(f"{url}/v1/auth/login", json={
        "username": "demo", "password": "demo1234", "device_id": "crash-observer"}).json()
    headers = {"Authorization": f"Bearer {login['access_token']}"}
    cursor, codes, out = None, set(), []
    while True:
        params: dict[str, object] = {"limit": PAGE, **({"cursor": cursor} if cursor else {})}
        page = httpx.get(f"{url}/v1/catalogue/changes", params=params, headers=headers).json()
        codes = (codes | {i["code"] for i in page["items"]}) - set(page["removed"])
        cursor = page["cursor"]
        out.append((cursor, set(codes)))
        if not page["has_more"]:
            return out


def run_child(url: str, work: Path, after_pages: int, ops: int, *, swap: bool = False) -> None:
    env = {**os.environ, "CRASH_IN_SWAP": "1" if swap else "0"}
    child = subprocess.run(
        [sys.executable, "-m", "tests.system.crash_child", url, str(work), str(PAGE),
         str(after_pages), str(ops)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, (child.returncode, child.stdout, child.stderr)


def local_state(work: Path) -> tuple[str | None, set[str], replica.FeedState]:
    store = open_store(work / "w.db", FileVault(work / "vault.json"))
    try:
        state = replica.feed_state(store.conn, replica.CATALOGUE)
        codes = {s.code for s in catalogue.item_summaries(store.conn)}
        return state.cursor, codes, state
    finally:
        store.close()


def resume(url: str, work: Path) -> set[str]:
    store = open_store(work / "w.db", FileVault(work / "vault.json"))
    try:
        with ApiClient(url, device_id=store.device_id) as api:
            api.login("demo", "demo1234")
            assert SyncEngine(store, api, page_size=PAGE).sync_once().ok
        return {s.code for s in catalogue.item_summaries(store.conn)}
    finally:
        store.close()


# A page is about 330 SQLite VM instructions: kill at its start, middle and end.
@pytest.mark.parametrize(("after_pages", "ops"), [(0, 1), (1, 40), (2, 150), (4, 320)])
def test_killed_while_applying_a_page(server: ServerProcess, tmp_path: Path,
                                      after_pages: int, ops: int) -> None:
    boundaries = page_boundaries(server.url)
    run_child(server.url, tmp_path, after_pages, ops)
    cursor, codes, _ = local_state(tmp_path)
    if cursor is None:
        assert codes == set()  # killed inside the first page: nothing at all
    else:
        matching = [c for c, _ in boundaries].index(cursor)  # the cursor is a real boundary
        assert codes == boundaries[matching][1]  # and the data is exactly that far
        assert matching == after_pages - 1  # the page being written was rolled back
    assert resume(server.url, tmp_path) == {i["code"] for i in demo_items()}


def test_killed_during_the_rebuild_swap(server: ServerProcess, tmp_path: Path) -> None:
    items = demo_items()
    assert resume(server.url, tmp_path) == {i["code"] for i in items}
    with server.admin() as admin:
        admin.post("/v1/admin/catalogue/replace", json=items[5:20]).raise_for_status()
    run_child(server.url, tmp_path, after_pages=99, ops=5, swap=True)
    cursor, codes, state = local_state(tmp_path)
    # The swap never happened: the old catalogue and its cursor are intact, the rebuild
    # is still marked in progress.
    assert codes == {i["code"] for i in items}
    assert state.rebuilding and cursor is not None
    assert resume(server.url, tmp_path) == {i["code"] for i in items[5:20]}
    assert not local_state(tmp_path)[2].rebuilding
