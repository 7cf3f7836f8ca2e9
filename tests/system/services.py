"""Real services for system tests: a private D-Bus session bus with gnome-keyring, Xvfb, cupsd.

Every helper here starts its processes itself, keeps their ``Popen`` objects and stops exactly
those processes by PID when its context manager exits; nothing else on the machine is signalled.
Each service lives in a private directory under the ``tmp_dir`` it is given (HOME, XDG dirs,
sockets, logs), so a developer's real session bus, keyring and display are never touched.

Tests that cannot get a service call :func:`require`: on a developer machine without the tools
the test is skipped with the reason; with ``WORKSTATION_REQUIRE_SERVICES=1`` (CI) it fails.
"""

from __future__ import annotations

import grp
import os
import re
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
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


# --------------------------------------------------------------------------------------------
# CUPS: a private cupsd with a cups-pdf queue

#: Queue names the private cupsd always has.
PDF_QUEUE = "TestPDF"  # cups-pdf: writes each job as a PDF file into CupsServer.pdf_output
SPARE_QUEUE = "Spare"  # file:/dev/null: for tests that remove or reject a queue
#: Unprintable margin of the cups-pdf queues' pages, like a real office printer's.
PPD_MARGIN_MM = 5.0

# Where Debian/Ubuntu (ppd) and others (model) install the cups-pdf PPD, and CUPS its backends.
_CUPS_PDF_PPDS = (
    "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd",
    "/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd",
    "/usr/share/cups/model/CUPS-PDF_opt.ppd",
    "/usr/share/cups/model/CUPS-PDF.ppd",
)
_CUPS_BACKEND_DIRS = ("/usr/lib/cups/backend", "/usr/libexec/cups/backend")
# The cups-pdf backend reads its configuration only from this compiled-in directory.
_CUPS_PDF_CONFIG_DIR = Path("/etc/cups")
# Queue-specific cups-pdf configurations we create are named cups-pdf-<prefix><pid>-....conf.
_CUPS_PDF_TAG_PREFIX = "cwtest-"

# sun_path holds 108 bytes with the NUL; cupsd also needs room for its own temporary names.
_MAX_CUPS_SOCKET_LEN = 100

# Only what the tests need: one Unix socket in a directory only we can enter (so no other
# local user can reach this unauthenticated scheduler), no browsing, no web interface, no
# authentication. A job whose backend fails is aborted instead of stopping the queue, so one
# failing test cannot hold up the next ones.
_CUPSD_CONF = """\
Listen {socket}
LogLevel debug
MaxLogSize 0
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
ErrorPolicy abort-job
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

# Every directory of its own under our root. "Printcap" is empty on purpose: the default is
# /etc/printcap, which belongs to the system's CUPS. TempDir lies in RequestRoot so that cupsd
# gives it the owner and mode its filters need. No User/Group/Sandboxing settings: as root,
# cupsd runs the filters as "lp" and a backend installed mode 0700 (cups-pdf) as root, which
# is what cups-pdf needs to write its output and set its owner.
_CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/logs/error_log
AccessLog {root}/logs/access_log
PageLog {root}/logs/page_log
Printcap
FileDevice Yes
"""

# The configuration of one cups-pdf queue: output, spool, Ghostscript's temporary files and
# the log all in our directory. Grp must name an existing group: cups-pdf calls setgid() on it.
_CUPS_PDF_CONF = """\
Out {output}
AnonDirName {output}
Spool {root}/cups-pdf/spool
GSTmp {root}/cups-pdf/tmp
Log {root}/logs
Grp {group}
LogType 7
"""


@dataclass(frozen=True)
class CupsServer:
    """A running private cupsd."""

    #: The scheduler's Unix socket; ``CUPS_SERVER`` for clients.
    socket: Path
    #: Variables for a CUPS client of this scheduler (CUPS_SERVER, a private HOME so the
    #: user's ~/.cups/lpoptions and client.conf do not apply).
    env: dict[str, str]
    root: Path
    pid: int
    log_dir: Path
    #: The cups-pdf queue, or None when cups-pdf cannot run here (:attr:`pdf_unavailable`).
    pdf_queue: str | None
    pdf_unavailable: str
    #: Where the cups-pdf queues write their PDFs.
    pdf_output: Path
    #: How the cups-pdf backend is pointed at our configuration: "namespace" or "queue-file"
    #: (see :func:`start_cupsd`), "" without cups-pdf.
    pdf_config_route: str
    #: Directory the cups-pdf backend reads its configuration from, as this cupsd sees it.
    _pdf_config_dir: Path | None = None
    #: Configuration files we wrote outside ``root`` (queue-file route), removed on exit.
    _written: list[Path] = field(default_factory=list, repr=False)

    def process_env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """A full environment for a CUPS client: ``base`` (default: ``os.environ``) without the
        caller's own CUPS settings, plus :attr:`env`."""
        return _overlay(self.env, _CUPS_VARIABLES, base)

    def client(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a CUPS client (``lpadmin``, ``cancel``, ``cupsreject``...) against this cupsd."""
        env = self.process_env({**os.environ, "LC_ALL": "C"})
        result = subprocess.run(
            list(argv), env=env, capture_output=True, text=True, timeout=30, check=False
        )
        if check and result.returncode != 0:
            raise ServiceStartError(
                f"{' '.join(argv)} failed ({result.returncode}): {result.stderr.strip()}\n"
                f"cupsd log:\n{self.log_tail()}"
            )
        return result

    def add_file_queue(self, name: str) -> None:
        """A raw queue that prints into /dev/null, enabled and accepting jobs."""
        self.client("lpadmin", "-p", name, "-E", "-v", "file:/dev/null")

    def add_pdf_queue(self, name: str) -> None:
        """A cups-pdf queue writing into :attr:`pdf_output`; needs :attr:`pdf_queue` support."""
        if self._pdf_config_dir is None:
            raise ServiceStartError(f"cups-pdf cannot run here: {self.pdf_unavailable}")
        ppd = next(p for p in _CUPS_PDF_PPDS if Path(p).is_file())
        # cups-pdf picks its configuration by the device URI: cups-pdf:/<tag> reads
        # cups-pdf-<tag>.conf. The tag carries our PID so stale files can be recognised.
        tag = f"{_CUPS_PDF_TAG_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{name}"
        conf = self._pdf_config_dir / f"cups-pdf-{tag}.conf"
        conf.write_text(
            _CUPS_PDF_CONF.format(
                output=self.pdf_output, root=self.root, group=grp.getgrgid(os.getegid()).gr_name
            )
        )
        if self._pdf_config_dir == _CUPS_PDF_CONFIG_DIR:
            self._written.append(conf)
        self.client(
            "lpadmin",
            "-p",
            name,
            "-E",
            "-v",
            f"cups-pdf:/{tag}",
            "-P",
            str(self._ppd_with_margins(Path(ppd), name)),
        )

    def _ppd_with_margins(self, ppd: Path, name: str) -> Path:
        """A copy of the cups-pdf PPD whose pages have 5 mm unprintable margins.

        cups-pdf can print to the very edge, so CUPS would have no reason to shrink a page
        for it; a real office printer cannot, and "fit" or "auto" scaling would shrink our
        A4 page by about 5 %. With these margins a test sees whether the page was scaled.
        """
        inset = PPD_MARGIN_MM * 72 / 25.4

        def inset_area(match: re.Match[str]) -> str:
            x0, y0, x1, y1 = (float(v) for v in match["box"].split())
            box = f"{x0 + inset:.2f} {y0 + inset:.2f} {x1 - inset:.2f} {y1 - inset:.2f}"
            return f'{match["head"]}"{box}"'

        text = ppd.read_text(encoding="latin-1")
        text = re.sub(r'(?m)^(?P<head>\*ImageableArea [^:]+: )"(?P<box>[^"]+)"', inset_area, text)
        text = re.sub(
            r"(?m)^\*HWMargins:.*$",
            f"*HWMargins: {inset:.2f} {inset:.2f} {inset:.2f} {inset:.2f}",
            text,
        )
        copy = self.root / "cups-pdf" / f"{name}.ppd"
        copy.write_text(text, encoding="latin-1")
        return copy

    def remove_queue(self, name: str) -> None:
        """Delete a queue, and its cups-pdf configuration if it has one."""
        self.client("lpadmin", "-x", name)
        if self._pdf_config_dir is not None:
            mine = f"cups-pdf-{_CUPS_PDF_TAG_PREFIX}{os.getpid()}-*-{name}.conf"
            for conf in self._pdf_config_dir.glob(mine):
                conf.unlink(missing_ok=True)

    def pdf_output_of(self, job_id: int) -> Path | None:
        """The PDF cups-pdf wrote for job ``job_id`` (its name ends in ``job_<id>``)."""
        # cups-pdf names the file "<title>-job_<id>.pdf" (the queue's PPD sets Label 2).
        pattern = re.compile(rf"(?:^|[-_])job_{job_id}\.pdf$")
        matches = [p for p in self.pdf_output.iterdir() if pattern.search(p.name)]
        return matches[0] if len(matches) == 1 else None

    def log_tail(self, limit: int = 4000) -> str:
        """The end of cupsd's error_log and of the cups-pdf logs, for failure messages."""
        parts = [f"{log.name}:\n{_log_tail(log, limit)}" for log in sorted(self.log_dir.iterdir())]
        return "\n".join(parts)


# Variables that would point a CUPS client at another scheduler, another default printer or
# the user's own lpoptions.
_CUPS_VARIABLES = ("CUPS_SERVER", "CUPS_USER", "CUPS_ENCRYPTION", "LPDEST", "PRINTER", "HOME")


def _searchable_by_others(path: Path) -> Path | None:
    """The first of ``path`` and its parents that other users cannot enter, if any."""
    for directory in (path, *path.parents):
        if not directory.stat().st_mode & stat.S_IXOTH:
            return directory
    return None


def _cups_pdf_unavailable() -> str:
    """Why the cups-pdf queue cannot work here, or "" when it can."""
    if not any(Path(d, "cups-pdf").is_file() for d in _CUPS_BACKEND_DIRS):
        return "the cups-pdf backend is not installed (apt-get install printer-driver-cups-pdf)"
    if not any(Path(p).is_file() for p in _CUPS_PDF_PPDS):
        return "the cups-pdf PPD is not installed (apt-get install printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        # It is installed mode 0700 root: cupsd only runs such a backend as root, and only
        # a cupsd that itself runs as root can.
        return "the cups-pdf backend runs only under a cupsd started as root"
    return ""


def _namespace_route(config_dir: Path) -> list[str] | None:
    """The command prefix that runs cupsd with ``config_dir`` mounted on /etc/cups, or None.

    A private mount namespace (unshare --mount): the bind mount exists only for cupsd and
    the filters and backends it starts, and disappears with them; nothing on disk changes.
    Needs CAP_SYS_ADMIN, which root has on a normal machine but not in every container.
    """
    unshare, mount, sh = (shutil.which(tool) for tool in ("unshare", "mount", "sh"))
    if unshare is None or mount is None or sh is None or not _CUPS_PDF_CONFIG_DIR.is_dir():
        return None
    prefix = [unshare, "--mount", "--propagation", "private", "--"]
    probe = subprocess.run(
        [*prefix, mount, "--bind", str(config_dir), str(_CUPS_PDF_CONFIG_DIR)],
        capture_output=True,
        timeout=30,
        check=False,
    )
    if probe.returncode != 0:
        return None
    script = '"$0" --bind "$1" /etc/cups && shift && exec "$@"'
    return [*prefix, sh, "-c", script, mount, str(config_dir)]


def _remove_stale_queue_files() -> None:
    """Remove queue-specific cups-pdf files left in /etc/cups by test runs that were killed."""
    for conf in _CUPS_PDF_CONFIG_DIR.glob(f"cups-pdf-{_CUPS_PDF_TAG_PREFIX}*.conf"):
        pid = conf.name.removeprefix(f"cups-pdf-{_CUPS_PDF_TAG_PREFIX}").split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            with suppress(OSError):
                conf.unlink()


_CUPS_TOOLS = ("cupsd", "lp", "lpstat", "lpadmin")


def require_cups() -> None:
    """Skip (or, in CI, fail) unless the CUPS scheduler and clients are installed."""
    path = os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/sbin", "/sbin"])
    missing = [tool for tool in _CUPS_TOOLS if not shutil.which(tool, path=path)]
    require(
        not missing,
        f"CUPS is not installed, {', '.join(missing)} missing "
        "(apt-get install cups printer-driver-cups-pdf, or use ./run test)",
    )


@contextmanager
def private_cups_dir() -> Iterator[Path]:
    """A fresh directory for :func:`start_cupsd`, removed afterwards.

    Not pytest's tmp_path: pytest's base directory is mode 0700, but a cupsd started as root
    runs its filters as the unprivileged "lp" user, which must reach the spooled documents;
    and the socket path must stay short. So: mkdtemp in the system's temporary directory.
    """
    path = Path(tempfile.mkdtemp(prefix="cw-cups-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def start_cupsd(
    tmp_dir: Path, *, with_pdf_queue: bool = True, pdf_config_route: str = "auto"
) -> Iterator[CupsServer]:
    """Start a private ``cupsd -f`` with everything under ``tmp_dir``; stop it on exit.

    The scheduler gets its own ServerRoot, spool, cache, state, logs and a Unix socket in
    ``tmp_dir``; clients reach it through ``CUPS_SERVER`` (:attr:`CupsServer.env`). It has a
    raw queue :data:`SPARE_QUEUE` and, where cups-pdf can run, the default queue
    :data:`PDF_QUEUE`, which writes each job as a PDF into :attr:`CupsServer.pdf_output`.

    Pointing cups-pdf at our directory: the backend reads its settings only from
    /etc/cups/cups-pdf.conf, or /etc/cups/cups-pdf-<tag>.conf for a device URI
    ``cups-pdf:/<tag>`` (the path is compiled in; it ignores ServerRoot and the environment).
    Settings in the queue's PPD cannot carry a path either: CUPS cuts PPD default values at
    the first "/". So:

    1. preferred, "namespace": cupsd runs in a private mount namespace in which a directory of
       ours, holding the queue-specific files, is bind-mounted on /etc/cups. Nothing of the
       system's is touched, not even for a moment, and the mount dies with cupsd;
    2. otherwise (containers without CAP_SYS_ADMIN), "queue-file": the queue-specific file
       /etc/cups/cups-pdf-cwtest-<pid>-<random>-<queue>.conf, read only by our queue's URI,
       written here and removed on exit (files of killed runs are removed at the next start).
       The system's cups-pdf.conf is never edited; while the file exists, the only trace for
       others is one more "Virtual ... Printer" device in the system's `lpinfo -v`.

    ``pdf_config_route`` ("auto", "namespace" or "queue-file") forces one of them, for tests.
    """
    cupsd = shutil.which("cupsd") or next(
        (p for p in ("/usr/sbin/cupsd", "/sbin/cupsd") if Path(p).is_file()), None
    )
    if cupsd is None:
        raise ServiceStartError("cupsd must be installed (apt-get install cups)")
    root = Path(tmp_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o711)  # others may pass through to the spool, not list anything
    if os.geteuid() == 0 and (closed := _searchable_by_others(root)) is not None:
        raise ServiceStartError(
            f"{closed} is not searchable by other users, but cupsd runs its filters as the "
            "'lp' user; use private_cups_dir()"
        )
    socket_dir = _private_dir(root / "run")
    socket_path = socket_dir / "cups.sock"
    if len(str(socket_path)) > _MAX_CUPS_SOCKET_LEN:
        raise ServiceStartError(f"{socket_path} is too long for a Unix socket path")
    log_dir = _private_dir(root / "logs")
    for name in ("etc", "spool", "cache", "state", "cups-pdf", "pdf-out"):
        (root / name).mkdir(exist_ok=True)
    (root / "spool" / "tmp").mkdir(exist_ok=True)  # cupsd fixes its owner and mode
    (root / "cups-pdf" / "tmp").mkdir(exist_ok=True)
    (root / "etc" / "cupsd.conf").write_text(_CUPSD_CONF.format(socket=socket_path))
    (root / "etc" / "cups-files.conf").write_text(_CUPS_FILES_CONF.format(root=root))

    pdf_unavailable = _cups_pdf_unavailable() if with_pdf_queue else "not requested"
    prefix: list[str] = []
    route = ""
    config_dir: Path | None = None
    if not pdf_unavailable:
        own_config = _private_dir(root / "cups-pdf" / "etc")
        namespace = None if pdf_config_route == "queue-file" else _namespace_route(own_config)
        if namespace is not None:
            prefix, route, config_dir = namespace, "namespace", own_config
        elif pdf_config_route != "namespace" and os.access(_CUPS_PDF_CONFIG_DIR, os.W_OK):
            _remove_stale_queue_files()
            route, config_dir = "queue-file", _CUPS_PDF_CONFIG_DIR
        else:
            pdf_unavailable = (
                "cups-pdf reads its configuration only from /etc/cups, and here neither a "
                "private mount namespace nor writing a queue-specific file there is allowed"
            )

    argv = [
        *prefix,
        cupsd,
        "-f",
        "-c",
        str(root / "etc" / "cupsd.conf"),
        "-s",
        str(root / "etc" / "cups-files.conf"),
    ]
    # No system bus: cupsd would otherwise register our test queues with the system's colord.
    daemon_env = _daemon_env({"DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={root}/no-system-bus"})
    client_home = _private_dir(root / "home")
    written: list[Path] = []
    with ExitStack() as stack:

        @stack.callback  # registered first, so it runs after cupsd has stopped
        def _remove_written() -> None:
            for path in written:
                with suppress(OSError):
                    path.unlink()

        proc = stack.enter_context(_started(argv, daemon_env, log_dir / "cupsd.out"))
        _wait_for_socket(socket_path, proc, log_dir)
        server = CupsServer(
            socket=socket_path,
            env={"CUPS_SERVER": str(socket_path), "HOME": str(client_home)},
            root=root,
            pid=proc.pid,
            log_dir=log_dir,
            pdf_queue=None if pdf_unavailable else PDF_QUEUE,
            pdf_unavailable=pdf_unavailable,
            pdf_output=root / "pdf-out",
            pdf_config_route=route,
            _pdf_config_dir=config_dir,
            _written=written,
        )
        server.add_file_queue(SPARE_QUEUE)
        if server.pdf_queue is not None:
            server.add_pdf_queue(PDF_QUEUE)
        server.client("lpadmin", "-d", server.pdf_queue or SPARE_QUEUE)
        yield server
        # ExitStack stops cupsd (and with it the mount namespace), then removes our files.


def _wait_for_socket(path: Path, proc: subprocess.Popen[bytes], log_dir: Path) -> None:
    """Wait until cupsd accepts connections on its socket."""
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise ServiceStartError(
                f"cupsd exited (status {proc.returncode}) before it was ready; logs:\n"
                + "\n".join(f"{log.name}:\n{_log_tail(log)}" for log in sorted(log_dir.iterdir()))
            )
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
            except OSError:
                pass
            else:
                return
        if time.monotonic() > deadline:
            raise ServiceStartError(
                f"cupsd did not listen on {path} within {START_TIMEOUT:.0f} s; log:\n"
                f"{_log_tail(log_dir / 'error_log')}"
            )
        time.sleep(0.05)
