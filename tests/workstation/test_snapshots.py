"""Snapshots and resets of the sandbox, against a real sandbox workstation: its store (with
the WAL), its captured pages, its settings, the embedded server's data and the data key in
the vault."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import keyring.core
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from offline.store import data_key_entry
from server.contract.cases import CaseStatus
from server.seed.demo import demo_items
from tests.offline.test_attachments import page_jpeg
from workstation import capture, intake, snapshots
from workstation.auth import token_entry
from workstation.core import Workstation
from workstation.intake import PartyEntry
from workstation.paths import Mode, Paths, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

ITEM = next(i for i in demo_items() if i["name"] == "居民身份证换领")
OTHER_SECRET = "training-records-key"  # workstation.training: outlives every reset


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return paths_for(Mode.SANDBOX, tmp_path / "home")


@pytest.fixture
def vault(tmp_path: Path) -> FileVault:
    return FileVault(tmp_path / "vault.json")


@pytest.fixture
def opened(paths: Paths, vault: FileVault) -> Iterator[Callable[[], Workstation]]:
    """Open the sandbox workstation (embedded server, logged in as demo, synced)."""
    made: list[Workstation] = []

    def open_it() -> Workstation:
        ws = Workstation(paths, vault=vault)
        made.append(ws)
        ws.login("demo", "demo1234")
        assert ws.api is not None and SyncEngine(ws.store, ws.api).sync_once().ok
        return ws

    yield open_it
    for ws in made:
        ws.close()


def take_in(ws: Workstation, name: str, *, page: int | None = None) -> tuple[str, str]:
    """Accept a case (with a captured page) and send it; returns (uuid, case number)."""
    item = ws.item(ITEM["code"])
    assert item is not None
    draft = intake.new_draft(item)
    draft.applicant = PartyEntry(name=name, id_number="110101199003078523")
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True})
    if page is not None:
        scanned = ws.store_page(page_jpeg(page), "image/jpeg", width=300, height=400, dpi=200)
        capture.attach(draft, intake.entries(draft)[0][0].code, [scanned])
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    assert ws.api is not None and SyncEngine(ws.store, ws.api).sync_once().ok
    return str(case.uuid), case.case_number


def on_server(ws: Workstation, case_uuid: str) -> bool:
    assert ws.embedded is not None
    with httpx.Client(base_url=ws.embedded.url, timeout=10) as client:
        token = client.post("/v1/auth/login", json={
            "username": "admin", "password": "admin1234", "device_id": "test-admin"}).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        answer = client.get(f"/v1/admin/cases/{case_uuid}")
    assert answer.status_code in (200, 404)
    return answer.status_code == 200


def names(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()} if root.is_dir() else set()


def test_production_paths_are_refused(tmp_path: Path, vault: FileVault) -> None:
    production = paths_for(Mode.PRODUCTION, tmp_path / "home")
    production.root.mkdir(parents=True)
    (production.root / "settings.json").write_text("{}")
    disguised = Paths(Mode.SANDBOX, production.root)  # sandbox mode on production's folder
    for wrong in (production, disguised):
        for call in (lambda p: snapshots.save_snapshot(p, "a", vault=vault),
                     snapshots.list_snapshots, lambda p: snapshots.delete_snapshot(p, "a"),
                     lambda p: snapshots.reset(p, None, vault=vault),
                     lambda p: snapshots.reset(p, "a", vault=vault)):
            with pytest.raises(snapshots.ProductionPathsError) as refused:
                call(wrong)
            assert refused.value.code == "snapshots.production"
    assert names(production.root) == {"settings.json"}


def test_names_are_checked(paths: Paths, vault: FileVault) -> None:
    for bad in ("", "   ", "a/b", "..", ".hidden", "a\\b", "tab\there", "x" * 81):
        with pytest.raises(snapshots.SnapshotNameError):
            snapshots.check_name(bad)
        with pytest.raises(snapshots.SnapshotNameError):
            snapshots.save_snapshot(paths, bad, vault=vault)
    assert snapshots.check_name("  三个待补正的案件 v2 ") == "三个待补正的案件 v2"
    with pytest.raises(snapshots.SnapshotNameError):
        snapshots.reset(paths, "../production", vault=vault)


def test_a_snapshot_saved_while_working_brings_the_sandbox_back(
        paths: Paths, vault: FileVault, opened: Callable[[], Workstation]) -> None:
    ws = opened()
    kept_uuid, kept_number = take_in(ws, "林晓静", page=1)
    assert kept_number.startswith("PX")
    (page,) = [m.attachments[0].sha256 for m in ws.case(uuid.UUID(kept_uuid)).materials
               if m.attachments]
    ws.save_settings(dataclasses.replace(ws.settings, upload_kbps=64))
    assert (paths.root / "workstation.db-wal").exists()  # the store is open, in WAL mode
    saved = snapshots.save_snapshot(paths, "一个已受理的案件", vault=vault,
                                    now=dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC))
    assert (saved.name, saved.created_at) == ("一个已受理的案件",
                                              dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC))
    assert saved.size > 0 and saved.path.parent == paths.root / "snapshots"
    assert stat.S_IMODE(os.stat(saved.path / "secrets.json").st_mode) == 0o600

    # The trainee goes on: another case, other settings, a printout, a practice record.
    later_uuid, _ = take_in(ws, "周明远", page=2)
    ws.save_settings(dataclasses.replace(ws.settings, upload_kbps=0, language="en"))
    ws.printed_folder.mkdir(parents=True, exist_ok=True)
    (ws.printed_folder / "receipt.pdf").write_bytes(b"%PDF-1.7")
    (paths.root / "training").mkdir()
    (paths.root / "training" / "run-1.sealed").write_bytes(b"sealed")
    vault.set(OTHER_SECRET, "kept")
    assert on_server(ws, later_uuid)
    store_id = ws.store.meta("store_id")
    assert store_id is not None
    ws.close()
    # Even a keyring that lost the store's key meanwhile: the snapshot brings it back.
    vault.delete(data_key_entry(store_id))

    snapshots.reset(paths, "一个已受理的案件", vault=vault)
    assert not (paths.root / "printed").exists()
    assert (paths.root / "training" / "run-1.sealed").read_bytes() == b"sealed"
    assert not [n for n in names(paths.root) if n.startswith(".")]  # no staging left
    again = opened()
    assert again.store.meta("store_id") == store_id
    assert again.settings.upload_kbps == 64 and again.settings.language == "zh_CN"
    assert [c.row.case_number for c in again.my_cases("all")] == [kept_number]
    assert again.page_bytes(page) == page_jpeg(1)  # sealed with the restored key
    assert on_server(again, kept_uuid) and not on_server(again, later_uuid)
    assert vault.get(OTHER_SECRET) == "kept"
    # The restored workstation works on: the next case follows the first's number.
    _, number = take_in(again, "陈𠀾")
    assert number[:6] == kept_number[:6] and number > kept_number


def test_a_clean_reset_seeds_the_demo_data_again(
        paths: Paths, vault: FileVault, opened: Callable[[], Workstation]) -> None:
    ws = opened()
    case_uuid, _ = take_in(ws, "林晓静", page=3)
    snapshots.save_snapshot(paths, "before", vault=vault)
    store_id = ws.store.meta("store_id")
    assert store_id is not None
    vault.set(OTHER_SECRET, "kept")
    (paths.root / "training").mkdir()
    paths.logs.mkdir()
    (paths.logs / "workstation.log").write_text("what support reads\n")
    ws.close()
    assert vault.get(data_key_entry(store_id)) and vault.get(token_entry("demo"))

    snapshots.reset(paths, None, vault=vault)
    assert names(paths.root) == {"logs", "snapshots", "training"}
    assert vault.get(data_key_entry(store_id)) is None and vault.get(token_entry("demo")) is None
    assert vault.get(OTHER_SECRET) == "kept"
    fresh = opened()
    assert fresh.store.meta("store_id") != store_id
    assert fresh.my_cases("all") == [] and not on_server(fresh, case_uuid)
    assert len(fresh.item_summaries()) == len(demo_items())  # seeded and synced again
    fresh.close()
    # The snapshot outlived the clean reset and still restores.
    snapshots.reset(paths, "before", vault=vault)
    restored = opened()
    assert restored.store.meta("store_id") == store_id and on_server(restored, case_uuid)


def test_snapshots_are_listed_replaced_and_deleted(
        paths: Paths, vault: FileVault, opened: Callable[[], Workstation]) -> None:
    ws = opened()
    first = snapshots.save_snapshot(paths, "first", vault=vault,
                                    now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = snapshots.save_snapshot(paths, "second", vault=vault,
                                     now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    assert [s.name for s in snapshots.list_snapshots(paths)] == ["second", "first"]
    with pytest.raises(snapshots.SnapshotExistsError):
        snapshots.save_snapshot(paths, "first", vault=vault)
    take_in(ws, "林晓静")
    replaced = snapshots.save_snapshot(paths, "first", vault=vault, replace=True,
                                       now=dt.datetime(2026, 1, 3, tzinfo=dt.UTC))
    assert [s.name for s in snapshots.list_snapshots(paths)] == ["first", "second"]
    assert replaced.size != first.size or replaced.created_at != first.created_at
    snapshots.delete_snapshot(paths, "second")
    assert [s.name for s in snapshots.list_snapshots(paths)] == ["first"]
    assert not second.path.exists()
    with pytest.raises(snapshots.SnapshotNotFoundError):
        snapshots.delete_snapshot(paths, "second")
    ws.close()

    # Asking for a snapshot that is not there (or damaged) changes nothing.
    before = sorted(p.relative_to(paths.root) for p in paths.root.rglob("*"))
    with pytest.raises(snapshots.SnapshotNotFoundError):
        snapshots.reset(paths, "second", vault=vault)
    (replaced.path / "snapshot.json").unlink()
    assert snapshots.list_snapshots(paths) == []  # left out of the list
    with pytest.raises(snapshots.SnapshotDamagedError):
        snapshots.reset(paths, "first", vault=vault)
    after = sorted(p.relative_to(paths.root) for p in paths.root.rglob("*"))
    assert after == [p for p in before if p.parts[:2] != ("snapshots", "first")
                     or p.name != "snapshot.json"]
    snapshots.delete_snapshot(paths, "first")  # a damaged one can still be deleted
    assert names(paths.root / "snapshots") == set()


def test_an_unfinished_save_never_shows_as_a_snapshot(
        paths: Paths, vault: FileVault, opened: Callable[[], Workstation]) -> None:
    ws = opened()
    # What a crash in the middle of a save leaves: a hidden folder, ignored, then removed.
    leftover = paths.root / "snapshots" / ".cw-new-crashed"
    (leftover / "data").mkdir(parents=True)
    (leftover / "snapshot.json").write_text(json.dumps({"format": 1, "name": "x",
                                                        "created_at": "2026-01-01"}))
    assert snapshots.list_snapshots(paths) == []
    # A save that fails (the store's data key is in no vault) leaves nothing behind.
    store_id = ws.store.meta("store_id")
    assert store_id is not None
    key = vault.get(data_key_entry(store_id))
    assert key is not None
    vault.delete(data_key_entry(store_id))
    with pytest.raises(snapshots.DataKeyMissingError):
        snapshots.save_snapshot(paths, "keyless", vault=vault)
    assert names(paths.root / "snapshots") == set()
    vault.set(data_key_entry(store_id), key)
    snapshots.save_snapshot(paths, "with key", vault=vault)
    assert names(paths.root / "snapshots") == {"with key"}


def test_what_is_kept_matches_the_workstation(
        paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The names snapshots.py keeps out of a reset are the ones the workstation uses, and
    without an OS keyring both use the same file vault."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", NoKeyring())
    ws = Workstation(paths, server_url="")
    try:
        assert isinstance(ws.vault, FileVault)
        assert ws.vault.path == paths.root / snapshots.VAULT_FILE
        assert ws.printed_folder == paths.root / snapshots.PRINTED
        assert ws.training_records_folder.name in snapshots.PRESERVED
        assert paths.logs.name in snapshots.PRESERVED
    finally:
        ws.close()
    # Without a vault given, save and reset use that same vault.
    snapshots.save_snapshot(paths, "default vault")
    snapshots.reset(paths, "default vault")
    reopened = Workstation(paths, server_url="")
    reopened.close()
