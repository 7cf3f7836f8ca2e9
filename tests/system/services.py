"""Real desktop services for system tests: a private D-Bus session bus with gnome-keyring, Xvfb.

Every helper here starts its processes itself, keeps their ``Popen`` objects and stops exactly
those processes by PID when its context manager exits; nothing else on the machine is signalled.
Each service lives in a private directory under the ``tmp_dir`` it is given (HOME, XDG dirs,
sockets, logs), so a developer's real session bus, keyring and display are never touched.

Tests that cannot get a service call :func:`require`: on a developer machine without the tools
the test is skipped with the reason; with ``WORKSTATION_REQUIRE_SERVICES=1`` (CI) it fails.
"""

from __future__ import annotations

import os
import secrets
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

REQUIRE_SERVICES_ENV = "WORKSTATION_REQUIRE_SERVICES"

#: Seconds a service may take to come up (CI machines are small and busy).
START_TIMEOUT = 30.0
#: Seconds a service may take to exit after SIGTERM before it gets SIGKILL.
STOP_TIMEOUT = 10.0

# A Unix socket path must fit in sockaddr_un.sun_path (108 bytes on Linux, with the NUL);
# gnome-keyring and dbus-daemon put sockets in XDG_RUNTIME_DIR.
_MAX_RUNTIME_DIR_LEN = 80

# Variables of the caller's environment that would point a child process at the caller's own
# session bus and keyring (or force a keyring backend) ...
_BUS_VARIABLES = (
    "DBUS_SESSION_BUS_ADDRESS",
    "DBUS_STARTER_ADDRESS",
    "DBUS_STARTER_BUS_TYPE",
    "GNOME_KEYRING_CONTROL",
    "GNOME_KEYRING_PID",
    "PYTHON_KEYRING_BACKEND",
)
# ... or at the caller's own display.
_DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "QT_QPA_PLATFORM")


class ServiceStartError(RuntimeError):
    """A service was installed but did not come up; the message carries its log."""


def services_required() -> bool:
    """True when missing services must fail the run instead of skipping (CI)."""
    return os.environ.get(REQUIRE_SERVICES_ENV) == "1"


def require(tool_or_condition_ok: bool, reason: str) -> None:
    """Skip the current test (or fixture) with ``reason`` unless the condition holds.

    With ``WORKSTATION_REQUIRE_SERVICES=1`` the test fails instead, so CI cannot go green by
    skipping everything that needs a real service.
    """
    if tool_or_condition_ok:
        return
    if services_required():
        pytest.fail(
            f"{reason} ({REQUIRE_SERVICES_ENV}=1: a missing service is a failure)", pytrace=False
        )
    pytest.skip(reason)


def _overlay(
    extra: Mapping[str, str], drop: tuple[str, ...], base: Mapping[str, str] | None
) -> dict[str, str]:
    """``base`` (default: ``os.environ``) without the variables in ``drop``, plus ``extra``."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k not in drop}
    env.update(extra)
    return env


# --------------------------------------------------------------------------------------------
# process plumbing


def _daemon_env(extra: Mapping[str, str]) -> dict[str, str]:
    """A minimal environment for a daemon: PATH and locale only, plus ``extra``."""
    keep = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.setdefault("PATH", os.defpath)
    env.update(extra)
    return env


def _log_tail(log: Path, limit: int = 4000) -> str:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return text[-limit:] if text.strip() else "(empty log)"


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop one process we started (SIGTERM, then SIGKILL) and reap it; close its pipes."""
    try:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def _read_line(fd: int, proc: subprocess.Popen[bytes], what: str, log: Path) -> str:
    """Read one line a starting daemon writes to ``fd`` when it is ready."""
    deadline = time.monotonic() + START_TIMEOUT
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ServiceStartError(
                f"{what} did not report ready within {START_TIMEOUT:.0f} s; log:\n{_log_tail(log)}"
            )
        readable, _, _ = select.select([fd], [], [], min(remaining, 0.5))
        if not readable:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            proc.poll()
            raise ServiceStartError(
                f"{what} exited (status {proc.returncode}) before it was ready; log:\n"
                f"{_log_tail(log)}"
            )
        data += chunk
    return data.decode().strip()


@contextmanager
def _started(
    argv: list[str],
    env: Mapping[str, str],
    log: Path,
    *,
    pass_fds: tuple[int, ...] = (),
    stdin: bool = False,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``argv`` with stdout/stderr in ``log``; stop that very process on exit."""
    with log.open("ab") as log_file:
        proc = subprocess.Popen(
            argv,
            env=dict(env),
            cwd=log.parent,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            pass_fds=pass_fds,
            start_new_session=True,  # keep terminal signals (Ctrl+C) for pytest to handle
        )
    try:
        yield proc
    finally:
        _stop(proc)


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


# --------------------------------------------------------------------------------------------
# D-Bus session bus + gnome-keyring

# A session bus of our own: it listens only in our runtime directory and has no service
# directories, so nothing is D-Bus-activated behind our back (no second keyring daemon, no
# password prompter): every process on this bus is one we started and stop.
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime_dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

# Run in a client process with the session's environment: wait until the Secret Service
# answers, make sure the "default" alias names an unlocked collection, then store, read and
# delete a secret through keyring's SecretService backend. Prints the default collection path.
_KEYRING_PROBE = r"""
import sys, time
from contextlib import closing

import keyring.backends.SecretService
import secretstorage
from jeepney import DBusAddress, new_method_call
from jeepney.wrappers import unwrap_msg

deadline = time.monotonic() + float(sys.argv[1])
service = DBusAddress("/org/freedesktop/secrets", bus_name="org.freedesktop.secrets",
                      interface="org.freedesktop.Secret.Service")
login = "/org/freedesktop/secrets/collection/login"

def call(conn, method, signature, *args):
    return unwrap_msg(conn.send_and_get_reply(new_method_call(service, method, signature, args)))

def wait(what):
    if time.monotonic() > deadline:
        sys.exit(f"gave up waiting: {what}")
    time.sleep(0.05)

with closing(secretstorage.dbus_init()) as conn:
    while not secretstorage.check_service_availability(conn):
        wait("org.freedesktop.secrets on the bus")
    while (path := call(conn, "ReadAlias", "s", "default")[0]) == "/":
        # gnome-keyring normally points "default" at the login keyring that --unlock
        # created; set it ourselves if this version did not.
        if call(conn, "ReadAlias", "s", "login")[0] == login:
            call(conn, "SetAlias", "so", "default", login)
        else:
            wait("a default collection")
    if secretstorage.Collection(conn, path).is_locked():
        sys.exit(f"the default collection {path} is locked")

backend = keyring.backends.SecretService.Keyring()
token = "probe-" + str(time.time_ns())
backend.set_password("clerk-workstation-probe", "probe", token)
value = backend.get_password("clerk-workstation-probe", "probe")
backend.delete_password("clerk-workstation-probe", "probe")
if value != token:
    sys.exit(f"secret round trip failed: stored {token!r}, read {value!r}")
print(path)
"""


@dataclass(frozen=True)
class KeyringSession:
    """A private session bus with an unlocked gnome-keyring on it."""

    #: Variables to set for a process that should use this bus and keyring.
    env: dict[str, str]
    bus_address: str
    home: Path
    #: Password of the "login" keyring (the default collection), e.g. to unlock it again.
    password: str
    #: D-Bus object path of the default collection.
    default_collection: str
    #: PIDs of dbus-daemon and gnome-keyring-daemon, which the context manager stops.
    pids: tuple[int, ...]
    log_dir: Path

    def process_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """A full environment for a subprocess: ``base`` (default: ``os.environ``) without the
        caller's own session bus, keyring and ``PYTHON_KEYRING_BACKEND``, plus :attr:`env`.

        Composes with :meth:`XvfbDisplay.process_env`: ``xvfb.process_env(keyring.process_env())``.
        """
        return _overlay(self.env, _BUS_VARIABLES, base)


@contextmanager
def start_session_bus_with_keyring(tmp_dir: Path) -> Iterator[KeyringSession]:
    """Start ``dbus-daemon`` and ``gnome-keyring-daemon --unlock`` in ``tmp_dir``.

    The keyring daemon reads the login password from stdin; on a fresh HOME ``--unlock``
    creates the "login" keyring with it, unlocked, and gnome-keyring makes it the default
    collection, so no prompt (which needs a desktop) is ever shown. Before yielding, a client
    process stores and reads a secret through keyring's SecretService backend.
    """
    dbus_daemon = shutil.which("dbus-daemon")
    keyring_daemon = shutil.which("gnome-keyring-daemon")
    if dbus_daemon is None or keyring_daemon is None:
        raise ServiceStartError(
            "dbus-daemon and gnome-keyring-daemon must be installed "
            "(apt-get install dbus gnome-keyring)"
        )
    tmp_dir = Path(tmp_dir).resolve()
    home = _private_dir(tmp_dir / "home")
    runtime_dir = _private_dir(tmp_dir / "run")
    if len(str(runtime_dir)) > _MAX_RUNTIME_DIR_LEN:
        raise ServiceStartError(f"{runtime_dir} is too long for Unix socket paths")
    log_dir = _private_dir(tmp_dir / "logs")
    control_dir = runtime_dir / "keyring"
    private = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(_private_dir(home / ".config")),
        "XDG_DATA_HOME": str(_private_dir(home / ".local" / "share")),
        "XDG_CACHE_HOME": str(_private_dir(home / ".cache")),
        "XDG_RUNTIME_DIR": str(runtime_dir),
    }
    config = tmp_dir / "session-bus.conf"
    config.write_text(_BUS_CONFIG.format(runtime_dir=runtime_dir))

    with ExitStack() as stack:
        # dbus-daemon in the foreground, so its PID is ours; it writes the bus address to a
        # pipe once it listens.
        read_fd, write_fd = os.pipe()
        try:
            bus_log = log_dir / "dbus-daemon.log"
            bus = stack.enter_context(
                _started(
                    [
                        dbus_daemon,
                        f"--config-file={config}",
                        "--nofork",
                        "--nopidfile",
                        f"--print-address={write_fd}",
                    ],
                    _daemon_env(private),
                    bus_log,
                    pass_fds=(write_fd,),
                )
            )
            os.close(write_fd)
            write_fd = -1
            address = _read_line(read_fd, bus, "dbus-daemon", bus_log)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)

        env = {
            **private,
            "DBUS_SESSION_BUS_ADDRESS": address,
            "GNOME_KEYRING_CONTROL": str(control_dir),
        }
        password = secrets.token_urlsafe(16)
        keyring_log = log_dir / "gnome-keyring-daemon.log"
        keyring_proc = stack.enter_context(
            _started(
                [
                    keyring_daemon,
                    "--foreground",
                    "--unlock",
                    "--components=secrets",
                    f"--control-directory={control_dir}",
                ],
                _daemon_env(env),
                keyring_log,
                stdin=True,
            )
        )
        assert keyring_proc.stdin is not None
        with suppress(BrokenPipeError):  # if it died, the probe below reports its log
            keyring_proc.stdin.write(password.encode())
            keyring_proc.stdin.close()  # end of the password

        session = KeyringSession(
            env=env,
            bus_address=address,
            home=home,
            password=password,
            default_collection="",
            pids=(bus.pid, keyring_proc.pid),
            log_dir=log_dir,
        )
        probe = subprocess.run(
            [sys.executable, "-c", _KEYRING_PROBE, str(START_TIMEOUT)],
            env=session.process_env(),
            cwd=tmp_dir,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT + 30,
            check=False,
        )
        if probe.returncode != 0:
            raise ServiceStartError(
                "the Secret Service of gnome-keyring did not work:\n"
                f"{probe.stdout}{probe.stderr}\n"
                f"dbus-daemon log:\n{_log_tail(bus_log)}\n"
                f"gnome-keyring-daemon (status {keyring_proc.poll()}) log:\n"
                f"{_log_tail(keyring_log)}"
            )
        yield replace(session, default_collection=probe.stdout.strip())
        # ExitStack stops gnome-keyring-daemon first, then the bus.


# --------------------------------------------------------------------------------------------
# Xvfb


@dataclass(frozen=True)
class XvfbDisplay:
    """A running Xvfb server."""

    #: The display name, e.g. ":3".
    display: str
    #: Variables to set for a process that should draw on this display (Qt via xcb).
    env: dict[str, str]
    width: int
    height: int
    pid: int
    log: Path

    def process_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """A full environment for a subprocess: ``base`` (default: ``os.environ``) without the
        caller's own display variables, plus :attr:`env`."""
        return _overlay(self.env, _DISPLAY_VARIABLES, base)


@contextmanager
def start_xvfb(
    tmp_dir: Path, width: int = 1366, height: int = 768, depth: int = 24
) -> Iterator[XvfbDisplay]:
    """Start ``Xvfb`` on a free display number, yield it once it accepts clients, stop it.

    ``-displayfd`` lets the server pick the number itself (no race with other servers) and
    write it to our pipe only when it is ready to accept connections.
    """
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise ServiceStartError("Xvfb must be installed (apt-get install xvfb xauth)")
    tmp_dir = Path(tmp_dir).resolve()
    tmp_dir.mkdir(parents=True, exist_ok=True)
    log = tmp_dir / "xvfb.log"
    with ExitStack() as stack:
        read_fd, write_fd = os.pipe()
        try:
            proc = stack.enter_context(
                _started(
                    [
                        xvfb,
                        "-displayfd",
                        str(write_fd),
                        "-screen",
                        "0",
                        f"{width}x{height}x{depth}",
                        "-nolisten",
                        "tcp",
                        "-noreset",
                    ],
                    _daemon_env({}),
                    log,
                    pass_fds=(write_fd,),
                )
            )
            os.close(write_fd)
            write_fd = -1
            number = _read_line(read_fd, proc, "Xvfb", log)
        finally:
            os.close(read_fd)
            if write_fd >= 0:
                os.close(write_fd)
        display = f":{int(number)}"
        yield XvfbDisplay(
            display=display,
            env={"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
            width=width,
            height=height,
            pid=proc.pid,
            log=log,
        )
