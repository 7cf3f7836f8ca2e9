from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from offline import status
from tests.conftest import ServerProcess
from workstation.api.client import Tokens
from workstation.api.errors import BadCredentialsError, SessionExpiredError
from workstation.auth import token_entry
from workstation.core import Workstation
from workstation.errors import OfflineLoginUnavailableError


def test_online_login_returns_profile_and_keeps_token_only_in_vault(ws: Workstation) -> None:
    session = ws.login("demo", "demo1234")
    assert session.online
    assert session.profile.name == "王晓梅"
    assert session.profile.window == "3号窗口"
    assert session.profile.device_prefix.startswith("SF")
    assert ws.store.meta("device_prefix") == session.profile.device_prefix
    saved = ws.vault.get(token_entry("demo"))
    assert saved is not None and ws.api is not None and ws.api.tokens is not None
    assert ws.api.tokens.access in saved
    # The token is nowhere in the database file.
    ws.store.conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert ws.api.tokens.access.encode() not in ws.paths.database.read_bytes()


def test_wrong_password_is_refused_clearly(ws: Workstation) -> None:
    with pytest.raises(BadCredentialsError):
        ws.login("demo", "wrong")
    assert ws.session is None


def test_offline_login_after_one_online_login(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    first = workstation_factory(server.url)
    first.login("demo", "demo1234")
    first.close()
    server.stop()
    again = workstation_factory(server.url)  # same files, the server is gone now
    session = again.login("demo", "demo1234")
    assert not session.online
    assert session.profile.name == "王晓梅"
    with pytest.raises(BadCredentialsError):
        again.login("demo", "not-the-password")


def test_offline_login_needs_a_previous_online_login(
    workstation_factory: Callable[..., Workstation], server: ServerProcess
) -> None:
    server.stop()
    ws = workstation_factory(server.url)
    with pytest.raises(OfflineLoginUnavailableError):
        ws.login("demo", "demo1234")


def test_password_changed_on_server_forgets_local_verifier(ws: Workstation,
                                                           server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    assert status.load_clerk(ws.store.conn, ws.store.cipher, "demo") is not None
    with server.admin() as admin:
        admin.put("/v1/admin/clerks/demo/password", json={"password": "new-secret"}
                  ).raise_for_status()
    with pytest.raises(BadCredentialsError):
        ws.login("demo", "demo1234")
    # The old password must not keep working offline.
    assert status.load_clerk(ws.store.conn, ws.store.cipher, "demo") is None
    assert ws.login("demo", "new-secret").online


def test_mistyped_password_keeps_local_verifier(ws: Workstation) -> None:
    ws.login("demo", "demo1234")
    with pytest.raises(BadCredentialsError):
        ws.login("demo", "demo12345")
    assert status.load_clerk(ws.store.conn, ws.store.cipher, "demo") is not None


def test_expired_access_token_is_refreshed_transparently(ws: Workstation,
                                                         server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    assert ws.api is not None and ws.api.tokens is not None
    old = ws.api.tokens
    with server.admin() as admin:
        assert admin.post("/v1/admin/tokens/expire").json()["count"] >= 1
    page = ws.api.catalogue_changes(None, 5)
    assert len(page.items) == 5
    assert ws.api.tokens is not None and ws.api.tokens.access != old.access
    assert ws.vault.get(token_entry("demo")) == ws.api.tokens.to_json()


def test_unusable_refresh_token_asks_for_login_again(ws: Workstation) -> None:
    ws.login("demo", "demo1234")
    assert ws.api is not None

    ws.api.use_tokens(Tokens("x" * 40, "y" * 40))  # unknown to the server
    with pytest.raises(SessionExpiredError):
        ws.api.catalogue_changes(None, 5)


def test_sandbox_server_failure_is_a_known_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.errors import SandboxServerError
    from workstation.sandbox import EmbeddedServer

    server = EmbeddedServer(tmp_path / "server")
    monkeypatch.setattr(server._server, "run", lambda **_: None)  # the thread ends at once
    with pytest.raises(SandboxServerError) as caught:
        server.start(timeout=2)
    assert caught.value.code == "sandbox.server"
