"""The service helpers really start working services, isolated from the user's, and stop them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from tests.system.services import (
        KeyringSession,
        XvfbDisplay,
        require,
        start_session_bus_with_keyring,
        start_xvfb,
    )
except ImportError:
    from services import (  # type: ignore[no-redef, import-not-found, unused-ignore]
        KeyringSession,
        XvfbDisplay,
        require,
        start_session_bus_with_keyring,
        start_xvfb,
    )

pytestmark = pytest.mark.system

# What a developer's desktop session might have set: the helpers must replace all of it.
USER_SESSION = {
    "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/user-session-bus",
    "GNOME_KEYRING_CONTROL": "/nonexistent/keyring",
    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    "DISPLAY": ":9999",
    "WAYLAND_DISPLAY": "wayland-9999",
    "QT_QPA_PLATFORM": "offscreen",
}

KEYRING_CLIENT = r"""
import json, os, sys
import keyring

backend = keyring.get_keyring()
if sys.argv[1] == "set":
    keyring.set_password("clerk-workstation-test", "clerk", sys.argv[2])
print(json.dumps({
    "backend": f"{type(backend).__module__}.{type(backend).__qualname__}",
    "value": keyring.get_password("clerk-workstation-test", "clerk"),
    "bus": os.environ["DBUS_SESSION_BUS_ADDRESS"],
}))
"""

QT_SCREEN = r"""
import sys
from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv)
size = app.primaryScreen().size()
print(app.platformName(), size.width(), size.height(), app.primaryScreen().depth())
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    return True


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()


def _run(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{argv[:2]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _keyring_client(session: KeyringSession, cwd: Path, *args: str) -> dict[str, str]:
    env = session.process_env({**os.environ, **USER_SESSION})
    result = _run([sys.executable, "-c", KEYRING_CLIENT, *args], env, cwd)
    data: dict[str, str] = json.loads(result.stdout)
    return data


def test_keyring_round_trips_a_secret_in_another_process(
    keyring_session: KeyringSession, tmp_path: Path
) -> None:
    secret = "柜台-secret-" + os.urandom(8).hex()

    stored = _keyring_client(keyring_session, tmp_path, "set", secret)
    read_back = _keyring_client(keyring_session, tmp_path, "get")

    for data in (stored, read_back):
        assert data["backend"] == "keyring.backends.SecretService.Keyring"
        assert data["value"] == secret
        assert data["bus"] == keyring_session.bus_address
    assert keyring_session.default_collection == "/org/freedesktop/secrets/collection/login"


def test_keyring_session_is_private(keyring_session: KeyringSession) -> None:
    assert keyring_session.bus_address != os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    socket_dir = Path(keyring_session.env["XDG_RUNTIME_DIR"])
    assert keyring_session.bus_address.startswith(f"unix:path={socket_dir}/")
    assert keyring_session.env["HOME"] == str(keyring_session.home)
    assert keyring_session.home != Path.home()
    assert (keyring_session.home / ".local/share/keyrings/login.keyring").is_file()


def test_keyring_session_stops_exactly_its_processes(tmp_path: Path) -> None:
    require(
        bool(shutil.which("gnome-keyring-daemon") and shutil.which("dbus-daemon")),
        "gnome-keyring-daemon and dbus-daemon are not installed",
    )
    with start_session_bus_with_keyring(tmp_path) as session:
        bus_pid, keyring_pid = session.pids
        assert _alive(bus_pid)
        assert _alive(keyring_pid)
        assert Path(_command(bus_pid)).name == "dbus-daemon"
        assert Path(_command(keyring_pid)).name == "gnome-keyring-daemon"
        assert os.getpid() not in session.pids

    assert not _alive(bus_pid)
    assert not _alive(keyring_pid)


def test_xvfb_serves_a_1366x768_screen_to_qt(xvfb: XvfbDisplay, tmp_path: Path) -> None:
    runtime_dir = tmp_path / "run"
    runtime_dir.mkdir(mode=0o700)
    env = xvfb.process_env({**os.environ, **USER_SESSION, "XDG_RUNTIME_DIR": str(runtime_dir)})
    assert env["DISPLAY"] == xvfb.display
    assert "WAYLAND_DISPLAY" not in env

    result = _run([sys.executable, "-c", QT_SCREEN], env, tmp_path)

    assert result.stdout.split() == ["xcb", "1366", "768", "24"]


def test_xvfb_stops_exactly_its_process(tmp_path: Path) -> None:
    require(shutil.which("Xvfb") is not None, "Xvfb is not installed")
    with start_xvfb(tmp_path) as display:
        number = display.display.removeprefix(":")
        assert _alive(display.pid)
        assert Path(_command(display.pid)).name == "Xvfb"
        assert Path(f"/tmp/.X11-unix/X{number}").exists()

    assert not _alive(display.pid)
    assert not Path(f"/tmp/.X{number}-lock").exists()
