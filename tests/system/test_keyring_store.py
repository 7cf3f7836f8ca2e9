"""Production mode with the real OS keyring (gnome-keyring on a private bus)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, ServerProcess
from tests.system.services import KeyringSession

CHILD = r"""
import json, sys, keyring
from pathlib import Path
from server.contract import CaseApplicant
from server.contract.cases import ApplicantKind, CaseStatus
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import KeyringVault
from offline.errors import KeyUnavailableError

url, base, action = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
mode = Mode.SANDBOX if action == "sandbox" else Mode.PRODUCTION
paths = paths_for(mode, base)
if action == "forget":
    import base64
    vault = KeyringVault(paths.keyring_service)
    import sqlite3
    store_id = sqlite3.connect(paths.database).execute(
        "SELECT value FROM meta WHERE key='store_id'").fetchone()[0]
    vault.delete(f"data-key:{store_id}")
    try:
        Workstation(paths, server_url=url)
    except KeyUnavailableError as exc:
        print(json.dumps({"refused": exc.code}))
    sys.exit(0)
ws = Workstation(paths, server_url=url if mode is Mode.PRODUCTION else None)
try:
    session = ws.login("demo", "demo1234")
    if action == "case":
        from workstation.sync import SyncEngine
        SyncEngine(ws.store, ws.api).sync_once()
        item = ws.item(next(s.code for s in ws.item_summaries()))
        applicant = CaseApplicant(kind=ApplicantKind.PERSON, name="司马相如",
                                  id_type="居民身份证", id_number="11010119900307851X",
                                  address="示范区锦里路1号")
        ws.create_case(item, applicant, status=CaseStatus.ACCEPTED)
    print(json.dumps({
        "backend": type(ws.vault).__name__,
        "keyring": type(keyring.get_keyring()).__module__,
        "service": ws.paths.keyring_service,
        "token": ws.api.tokens.access if ws.api and ws.api.tokens else None,
        "online": session.online,
    }))
finally:
    ws.close()
"""


def child(keyring_session: KeyringSession, *args: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=REPO,
                            env=keyring_session.process_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_production_keeps_key_and_token_in_the_os_keyring(
    keyring_session: KeyringSession, server: ServerProcess, tmp_path: Path
) -> None:
    seen = child(keyring_session, server.url, str(tmp_path), "case")
    assert seen["backend"] == "KeyringVault"
    assert "SecretService" in str(seen["keyring"])
    assert seen["service"] == "clerk-workstation"
    token = str(seen["token"])
    files = list((tmp_path / "production").rglob("*"))
    assert any(f.name == "workstation.db" for f in files)
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            for secret in ("司马相如", "11010119900307851X", "锦里路", token):
                assert secret.encode() not in data, f"{secret} readable in {path.name}"
    # The keyring daemon's own file is in the private test HOME, never in our data dir.
    assert not any("keyring" in f.name for f in files)


def test_missing_key_in_keyring_refuses_the_store(
    keyring_session: KeyringSession, server: ServerProcess, tmp_path: Path
) -> None:
    child(keyring_session, server.url, str(tmp_path), "login")
    assert child(keyring_session, server.url, str(tmp_path), "forget") == {
        "refused": "store.key_unavailable"}


def test_sandbox_and_production_use_separate_entries_and_files(
    keyring_session: KeyringSession, server: ServerProcess, tmp_path: Path
) -> None:
    prod = child(keyring_session, server.url, str(tmp_path), "login")
    sandbox = child(keyring_session, server.url, str(tmp_path), "sandbox")
    assert prod["service"] == "clerk-workstation"
    assert sandbox["service"] == "clerk-workstation-sandbox"
    assert sandbox["backend"] == "KeyringVault"
    assert (tmp_path / "production" / "workstation.db").exists()
    assert (tmp_path / "sandbox" / "workstation.db").exists()
    assert prod["token"] != sandbox["token"]
