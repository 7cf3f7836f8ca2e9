"""A private pcscd with vpcd readers: the real PC/SC stack, without touching the system's.

pcscd puts its socket at the path compiled into it (/run/pcscd/pcscd.comm) and ignores the
environment, while libpcsclite clients honour ``PCSCLITE_CSOCK_NAME``. So the daemon runs
in a private mount namespace (``unshare --mount``, needs root) with an empty tmpfs on /run
and a directory of ours bind-mounted on /run/pcscd: its socket appears in our directory,
the system's /run and any system pcscd are never touched, and the mounts die with it. The
same tmpfs hides udev from it, so no real USB reader of the machine shows up either.

Readers come from reader.conf files in a directory of ours: each vpcd entry gives two
slots, "<name> 00 00" on ``port`` and "<name> 00 01" on ``port + 1``. pcscd 1.9 reads them
only when it starts (its hotplug signal, SIGUSR1, rescans USB only), so a changed set of
readers takes :meth:`PrivatePcscd.restart` — to the client, the service went away and came
back with other readers.

The client process must set ``PCSCLITE_CSOCK_NAME`` to :attr:`PrivatePcscd.socket_path`
before its first PC/SC call: libpcsclite reads it once.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SOCKET_ENV = "PCSCLITE_CSOCK_NAME"
START_TIMEOUT = 30.0
_NAMESPACE_SCRIPT = (
    'mount -t tmpfs tmpfs /run && mkdir /run/pcscd && mount --bind "$0" /run/pcscd '
    '&& exec "$@"'
)


class PcscdUnavailable(RuntimeError):
    """pcscd, the vpcd driver or the rights to run a private pcscd are missing."""


def unavailable_reason() -> str:
    """Why a private pcscd cannot run here ("" when it can)."""
    missing = [tool for tool in ("pcscd", "unshare", "mount")
               if _which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not installed (apt-get install pcscd util-linux)"
    if not VPCD_DRIVER.exists():
        return f"the vpcd driver {VPCD_DRIVER} is missing (apt-get install vsmartcard-vpcd)"
    if os.geteuid() != 0:
        return "a private pcscd needs a private mount namespace, which needs root"
    return ""


def _which(tool: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", os.defpath), "/usr/sbin", "/sbin"])
    return shutil.which(tool, path=path)


def free_port_pair() -> int:
    """A TCP port p on 127.0.0.1 with p + 1 free as well (vpcd's two slots)."""
    for _ in range(100):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port
    raise OSError("no two consecutive free TCP ports")


@dataclass(frozen=True)
class VirtualReader:
    """One vpcd entry: two reader slots as PC/SC names them, and their ports."""

    name: str
    port: int

    @property
    def slots(self) -> tuple[str, str]:
        return f"{self.name} 00 00", f"{self.name} 00 01"

    def port_of(self, slot: int) -> int:
        return self.port + slot


class PrivatePcscd:
    """``pcscd --foreground`` with its socket, configuration and log under ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.run_dir = root / "run"
        self.conf_dir = root / "reader.conf.d"
        self.log = root / "pcscd.log"
        self.readers: dict[str, VirtualReader] = {}
        self._proc: subprocess.Popen[bytes] | None = None
        for directory in (self.run_dir, self.conf_dir):
            directory.mkdir(parents=True, exist_ok=True)

    @property
    def socket_path(self) -> Path:
        return self.run_dir / "pcscd.comm"

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    # -- readers --------------------------------------------------------------------------

    def add_reader(self, name: str) -> VirtualReader:
        """Configure a vpcd reader (two slots), there from the next (re)start."""
        reader = VirtualReader(name, free_port_pair())
        (self.conf_dir / self._file_name(name)).write_text(
            f'FRIENDLYNAME "{name}"\n'
            f"DEVICENAME   /dev/null:{reader.port}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
            f"CHANNELID    {reader.port}\n"
        )
        self.readers[name] = reader
        return reader

    def remove_reader(self, name: str) -> None:
        (self.conf_dir / self._file_name(name)).unlink(missing_ok=True)
        self.readers.pop(name, None)

    @staticmethod
    def _file_name(name: str) -> str:
        return "".join(c if c.isalnum() else "-" for c in name)

    # -- the process ----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        reason = unavailable_reason()
        if reason:
            raise PcscdUnavailable(reason)
        if self.running:
            return
        self.socket_path.unlink(missing_ok=True)
        unshare, pcscd = _which("unshare"), _which("pcscd")
        assert unshare is not None and pcscd is not None
        argv = [unshare, "--mount", "--propagation", "private", "--", "sh", "-c",
                _NAMESPACE_SCRIPT, str(self.run_dir), pcscd, "--foreground", "--info",
                "--config", str(self.conf_dir)]
        env = {key: os.environ[key] for key in ("PATH", "LANG", "TZ") if key in os.environ}
        with self.log.open("ab") as log:
            self._proc = subprocess.Popen(  # noqa: S603 - our own argv, no shell input
                argv, env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise PcscdUnavailable(
                    f"pcscd exited with status {self._proc.returncode}: {self.log_tail()}")
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                try:
                    probe.connect(str(self.socket_path))
                except OSError:
                    pass
                else:
                    return
            if time.monotonic() > deadline:
                self.stop()
                raise PcscdUnavailable(f"pcscd did not come up: {self.log_tail()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL: the daemon we started, and nothing else."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def kill(self) -> None:
        """SIGKILL, as when the service crashes."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()

    def log_tail(self, limit: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-limit:]
        except OSError:
            return "(no log)"

    def __enter__(self) -> PrivatePcscd:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()
