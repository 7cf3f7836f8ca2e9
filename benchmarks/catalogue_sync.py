"""catalogue_sync: pull a province-sized catalogue from the reference server into the store.

Figure: items/s of the real sync engine (contract validation, page transactions, cursor)
pulling N synthetic items over loopback into a fresh offline store.
Floor, same run: the same pages fetched raw with httpx, `json.loads`, and plain sqlite3
`executemany` of the same rows into one table in one transaction.
ratio = figure time / floor time.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import httpx

from benchmarks.common import Timer, reference_server
from offline import catalogue
from offline.store import open_store
from workstation.api.client import ApiClient
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

PAGE = 1000


def _login(url: str) -> dict[str, Any]:
    answer = httpx.post(f"{url}/v1/auth/login", json={
        "username": "demo", "password": "demo1234", "device_id": "benchmark-device"})
    answer.raise_for_status()
    return dict(answer.json())


def floor(url: str, token: str, db_path: Path) -> tuple[int, float]:
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE items (code TEXT PRIMARY KEY, name, short_name, department, "
                 "department_code, item_type, version, body)")
    count = 0
    with Timer() as timer, httpx.Client(base_url=url, headers={
            "Authorization": f"Bearer {token}"}) as client:
        cursor = None
        rows: list[tuple[Any, ...]] = []
        while True:
            params: dict[str, Any] = {"limit": PAGE}
            if cursor:
                params["cursor"] = cursor
            page = json.loads(client.get("/v1/catalogue/changes", params=params).content)
            rows.extend(
                (i["code"], i["name"], i["short_name"], i["department"], i["department_code"],
                 i["item_type"], i["version"], json.dumps(i, ensure_ascii=False))
                for i in page["items"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
        count = len(rows)
    conn.close()
    return count, timer.seconds


def figure(url: str, work: Path) -> tuple[int, float]:
    vault = FileVault(work / "vault.json")
    store = open_store(work / "workstation.db", vault)
    try:
        with ApiClient(url, device_id=store.device_id) as api:
            api.login("demo", "demo1234")
            engine = SyncEngine(store, api, page_size=PAGE)
            with Timer() as timer:
                report = engine.sync_once()
            if not report.ok:
                raise RuntimeError(f"sync failed: {report.error_code} {report.error_detail}")
            return catalogue.item_count(store.conn), timer.seconds
    finally:
        store.close()


def run(quick: bool = False) -> dict[str, Any]:
    n = 5_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        root = Path(tmp)
        with reference_server(root / "server", "--synthetic", str(n)) as url:
            token = str(_login(url)["access_token"])
            floor(url, token, root / "warm.db")  # warm the server's page cache
            floor_n, floor_s = floor(url, token, root / "floor.db")
            ours_n, ours_s = figure(url, root / "ours")
    if floor_n != n or ours_n != n:
        raise RuntimeError(f"expected {n} items, floor got {floor_n}, sync got {ours_n}")
    return {
        "name": "catalogue_sync",
        "metrics": {"items": n, "seconds": round(ours_s, 3),
                    "items_per_s": round(n / ours_s, 1)},
        "floor": {"items": n, "seconds": round(floor_s, 3),
                  "items_per_s": round(n / floor_s, 1),
                  "what": "httpx raw pages + json.loads + sqlite3 executemany, one transaction"},
        "ratio": round(ours_s / floor_s, 2),
    }
