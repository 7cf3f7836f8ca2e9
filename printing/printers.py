"""Sending our vector PDFs to the system's printers through CUPS (`lp` and `lpstat`).

Why the CUPS command-line clients rather than pycups or an IPP client of our own: they find the
scheduler exactly like every other application on the workstation (``CUPS_SERVER``,
``~/.cups/client.conf``, ``/etc/cups/client.conf``, the local socket), they handle
authentication and encryption, and nothing has to be compiled. They run with ``LC_ALL=C`` so
their messages can be parsed, every run has a timeout, and every failure becomes one of the
typed errors of :mod:`printing.errors` instead of a subprocess exception.

Documents always go out with ``print-scaling=none`` and ``fit-to-page=false``: our PDFs are
drawn at true size (certificates on pre-printed stock, ID cards copied 1:1), so CUPS must never
shrink or enlarge them to fit the printable area. Per-printer calibration is applied when the
PDF is drawn, not here.

Sandbox mode (training) adds a folder printer (:func:`add_folder_printer`): listed like a
queue, it writes each document as a PDF file into a folder the trainer can open, so the
whole application prints without CUPS or paper.

Personal data: nothing here logs or reports document contents. The job *title*, however, is
visible to anyone who can list the queue (``lpstat``, the CUPS web interface, the printer's own
panel, cups-pdf output names), so callers pass a neutral title such as "办事材料清单" -- never an
applicant's name, ID number or case number.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from printing.errors import (
    CupsTimeoutError,
    JobFailedError,
    NoCupsError,
    PrinterGoneError,
    PrintingError,
)

log = logging.getLogger("printing.printers")

#: Seconds one `lpstat` may take. The scheduler answers in milliseconds; a hung one must not
#: hang the counter application.
QUERY_TIMEOUT = 15.0
#: Seconds one `lp` may take: it also uploads the document to the scheduler.
SUBMIT_TIMEOUT = 60.0

#: Always sent: the page is printed exactly as drawn (see the module docstring).
NO_SCALING = {"print-scaling": "none", "fit-to-page": "false"}

# Options that would scale, move, rotate or tile the page. Callers may pass other options
# (media, sides, InputSlot...), never these: the no-scaling guarantee is not negotiable.
_GEOMETRY_OPTIONS = frozenset(
    [
        "print-scaling",
        "fit-to-page",
        "fitplot",
        "scaling",
        "natural-scaling",
        "ppi",
        "number-up",
        "number-up-layout",
        "position",
        "orientation-requested",
        "landscape",
        "mirror",
        "page-border",
    ]
)

# CUPS queue names: printable, no whitespace, no "/" (instance separator), "#", "\" or quotes.
_PRINTER_NAME = re.compile(r"[^\s/#\\'\"]{1,127}")
# One `-o name=value`. `lp` splits an -o argument at whitespace into several options, so a
# value with a space could smuggle in e.g. "fit-to-page=true"; quotes and backslashes are
# CUPS's own escapes.
_OPTION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_OPTION_VALUE = re.compile(r"[^\s'\"\\]+")

_REQUEST_ID = re.compile(r"request id is (?P<printer>\S+)-(?P<id>\d+)\b")

# IPP job-state-reasons (RFC 8011, PWG 5100.7) that mean the document did not and will not
# print by itself. "job-completed-with-errors" is what CUPS sets when a filter fails: the job
# is then "processing-stopped" and still listed among the not-completed jobs.
FAILURE_REASONS = frozenset(
    [
        "job-completed-with-errors",
        "aborted-by-system",
        "job-canceled-by-user",
        "job-canceled-by-operator",
        "job-canceled-at-device",
        "document-format-error",
        "unsupported-document-format",
        "document-access-error",
        "document-unprintable-error",
        "document-password-error",
        "document-permission-error",
        "document-security-error",
        "job-data-insufficient",
        "submission-interrupted",
        "compression-error",
        "unsupported-compression",
    ]
)

# Fragments of CUPS client messages (LC_ALL=C) meaning that no scheduler answered.
_NO_SCHEDULER = (
    "scheduler is not running",
    "unable to connect",
    "connection refused",
    "service-unavailable",
    "no route to host",
)
# ... and meaning that the destination is unknown to the scheduler. CUPS clients print these
# also when there is no scheduler at all, so they are checked with `lpstat -r` (see below).
_NO_DESTINATION = (
    "does not exist",
    "invalid destination",
    "unknown destination",
    "no destinations added",
)


class PrinterState(enum.StrEnum):
    IDLE = "idle"
    PRINTING = "printing"
    #: Disabled (``cupsdisable``, or stopped by CUPS after a device error); jobs wait.
    STOPPED = "stopped"
    #: Enabled, but holding new jobs until released.
    HOLDING = "holding"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Printer:
    name: str
    #: The queue's printer-info, what people recognise ("3号窗口 激光打印机"); CUPS sets it to
    #: the name when nobody wrote one.
    description: str
    location: str
    #: The destination `lp` uses without ``-d`` (lpoptions, LPDEST/PRINTER, then the server's).
    is_default: bool
    accepting: bool
    state: PrinterState
    #: printer-state-message, e.g. the reason a printer was disabled; "" when there is none.
    message: str = ""


@dataclass(frozen=True)
class PrintJob:
    printer: str
    job_id: int

    @property
    def request_id(self) -> str:
        """The name CUPS tools use for the job, e.g. ``TestPDF-12``."""
        return f"{self.printer}-{self.job_id}"


class JobStatus(enum.StrEnum):
    #: Queued, held, printing, or waiting for a stopped printer.
    PENDING = "pending"
    COMPLETED = "completed"
    #: Stopped by a filter error, aborted or canceled: the document did not come out.
    FAILED = "failed"
    #: The scheduler no longer knows the job (job history off, or it was purged).
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class JobState:
    status: JobStatus
    #: job-printer-state-message (a filter's or the device's last words), "" when none.
    message: str = ""
    #: job-state-reasons keywords as CUPS reports them.
    reasons: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# the folder printer (sandbox mode)


@dataclass(frozen=True)
class FolderPrinter:
    name: str  # a valid queue name, so callers treat it like any other
    description: str
    folder: Path


_folder_printers: dict[str, FolderPrinter] = {}
_folder_jobs: dict[tuple[str, int], Path] = {}
_folder_lock = threading.Lock()
_folder_job_ids = itertools.count(1)


def add_folder_printer(name: str, description: str, folder: Path) -> FolderPrinter:
    """Make `name` a printer that writes PDFs into `folder` (created when first used)."""
    _check_printer_name(name)
    printer = FolderPrinter(name, description, Path(folder))
    with _folder_lock:
        _folder_printers[name.lower()] = printer
    return printer


def remove_folder_printer(name: str) -> None:
    with _folder_lock:
        _folder_printers.pop(name.lower(), None)


def _folder_printer(name: str) -> FolderPrinter | None:
    with _folder_lock:
        return _folder_printers.get(name.lower())


def _folder_listing() -> list[Printer]:
    with _folder_lock:
        found = list(_folder_printers.values())
    return [Printer(f.name, f.description, str(f.folder), False, True, PrinterState.IDLE)
            for f in found]


def _print_to_folder(printer: FolderPrinter, data: bytes, *, copies: int, title: str
                     ) -> PrintJob:
    """The document as a file named by time, job and title; written whole or not at all."""
    job_id = next(_folder_job_ids)
    safe = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", title).strip("_")[:60] or "document"
    suffix = f"-x{copies}" if copies > 1 else ""
    target = printer.folder / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{job_id:04d}-{safe}{suffix}.pdf"
    try:
        printer.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=printer.folder, prefix=".printing-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise JobFailedError(f"cannot write to {printer.folder}: {exc.strerror}") from exc
    with _folder_lock:
        _folder_jobs[(printer.name.lower(), job_id)] = target
    log.info("document written by the folder printer %s (job %d)", printer.name, job_id)
    return PrintJob(printer.name, job_id)


# --------------------------------------------------------------------------------------------
# public API


def list_printers(
    *, server: str | None = None, env: Mapping[str, str] | None = None
) -> list[Printer]:
    """The print queues CUPS offers this user, sorted by name.

    ``server`` overrides ``CUPS_SERVER`` (a host[:port] or a socket path); ``env`` replaces
    ``os.environ`` for the clients. Raises :class:`NoCupsError` when CUPS is missing or down,
    unless a folder printer is set up: then that one is listed alone.
    """
    folders = _folder_listing()
    if folders:
        try:
            queues = _list_cups_printers(server, env)
        except NoCupsError:
            return folders
        return folders + [q for q in queues if _folder_printer(q.name) is None]
    return _list_cups_printers(server, env)


def _list_cups_printers(server: str | None, env: Mapping[str, str] | None) -> list[Printer]:
    client_env = _client_env(server, env)
    # One call, so default, states and acceptance come from the same moment.
    result = _run("lpstat", ["-d", "-l", "-p", "-a"], env=client_env, timeout=QUERY_TIMEOUT)
    errors = _lines(result.stderr)
    detail = "; ".join(_strip_prefix("lpstat", e) for e in errors)
    if any(fragment in detail.lower() for fragment in _NO_SCHEDULER):
        raise NoCupsError(detail)
    if result.returncode != 0:
        # Also when there is no queue at all ("No destinations added.") or a stale default
        # in lpoptions/LPDEST: whatever was listed is still the truth, if a scheduler runs.
        if not _scheduler_running(client_env):
            raise NoCupsError(f"the CUPS scheduler is not running ({detail or 'lpstat failed'})")
        if "no destinations added" not in detail.lower():
            log.warning("lpstat reported: %s", detail)
    return parse_lpstat_printers(result.stdout)


def print_pdf(
    pdf: Path | bytes,
    printer: str,
    *,
    copies: int = 1,
    title: str,
    options: Mapping[str, str] | None = None,
    server: str | None = None,
    env: Mapping[str, str] | None = None,
) -> PrintJob:
    """Queue a PDF on ``printer`` at true size and return the job CUPS created.

    ``title`` is shown in every queue listing and on the printer: pass a neutral document
    title, never personal data (see the module docstring). ``options`` are extra CUPS job
    options (``media``, ``sides``, ``InputSlot``...); options that scale or move the page are
    refused with ValueError, as are malformed names, titles and copy counts (caller bugs).

    Raises :class:`PrinterGoneError` when the printer does not exist or does not accept jobs,
    :class:`NoCupsError` when CUPS is missing or down, :class:`CupsTimeoutError` when `lp`
    hangs (the job may then exist: look before printing again) and :class:`JobFailedError`
    when CUPS refuses the job for another reason. A PDF file that cannot be read raises the
    OSError of opening it.
    """
    _check_printer_name(printer)
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= 999:
        raise ValueError(f"copies must be an integer from 1 to 999, not {copies!r}")
    if not title.strip() or len(title) > 255 or any(ord(c) < 32 or ord(c) == 127 for c in title):
        raise ValueError("title must be 1-255 printable characters")
    extra = dict(options or {})
    for name, value in extra.items():
        if not _OPTION_NAME.fullmatch(name) or not _OPTION_VALUE.fullmatch(value):
            raise ValueError(f"malformed print option {name!r}")
        if name.lower() in _GEOMETRY_OPTIONS:
            raise ValueError(f"print option {name!r} would scale or move the page")

    if isinstance(pdf, bytes):
        head, stdin, files = pdf[:1024], pdf, []
    else:
        path = Path(pdf).resolve()  # absolute: a name starting with "-" is never an option
        with path.open("rb") as f:
            head = f.read(1024)
        stdin, files = None, [str(path)]
    if b"%PDF-" not in head:
        raise ValueError("not a PDF document")
    folder = _folder_printer(printer)
    if folder is not None:
        data = pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()
        return _print_to_folder(folder, data, copies=copies, title=title)

    args = ["-d", printer, "-n", str(copies), "-t", title]
    # Ours last: for a repeated option the last -o wins.
    for name, value in [*extra.items(), *NO_SCALING.items()]:
        args += ["-o", f"{name}={value}"]
    args += ["--", *files]
    client_env = _client_env(server, env)
    result = _run("lp", args, env=client_env, timeout=SUBMIT_TIMEOUT, stdin=stdin)
    if result.returncode != 0:
        raise _classify_failure("lp", _lines(result.stderr), printer, client_env)
    job = parse_lp_output(result.stdout)
    if job is None:
        raise JobFailedError(f"lp reported no job id: {result.stdout.strip()[:200]!r}")
    log.info("queued print job %s (%d copies)", job.request_id, copies)
    return job


def job_state(
    job: PrintJob, *, server: str | None = None, env: Mapping[str, str] | None = None
) -> JobState:
    """Where ``job`` stands now.

    `lpstat` does not print a job's state, only whether it is among the completed or the
    not-completed jobs, with its state reasons ("Alerts") and message ("Status"). So:
    not-completed is PENDING, completed is COMPLETED, and a failure reason makes either FAILED.

    Limitation: a job that the device or backend itself cancels (CUPS backend status "cancel
    job") is listed as completed without a failure reason, so it reads COMPLETED here.
    """
    with _folder_lock:
        written = _folder_jobs.get((job.printer.lower(), job.job_id))
    if written is not None or _folder_printer(job.printer) is not None:
        done = written is not None and written.exists()
        return JobState(JobStatus.COMPLETED if done else JobStatus.UNKNOWN)
    client_env = _client_env(server, env)
    for which in ("not-completed", "completed"):  # in this order: a job only ever moves on
        result = _run(
            "lpstat",
            ["-W", which, "-l", "-o", job.printer],
            env=client_env,
            timeout=QUERY_TIMEOUT,
        )
        if result.returncode != 0:
            raise _classify_failure("lpstat", _lines(result.stderr), job.printer, client_env)
        for listed in parse_lpstat_jobs(result.stdout):
            if listed.job_id == job.job_id and listed.printer.lower() == job.printer.lower():
                if FAILURE_REASONS.intersection(listed.reasons):
                    status = JobStatus.FAILED
                elif which == "completed":
                    status = JobStatus.COMPLETED
                else:
                    status = JobStatus.PENDING
                return JobState(status, listed.message, listed.reasons)
    return JobState(JobStatus.UNKNOWN)


def wait_for_job(
    job: PrintJob,
    timeout: float,
    *,
    server: str | None = None,
    env: Mapping[str, str] | None = None,
    poll_interval: float = 0.25,
) -> JobState:
    """Poll :func:`job_state` until the job is no longer PENDING or ``timeout`` seconds pass.

    Returns the last state: COMPLETED, FAILED or UNKNOWN as soon as CUPS says so, PENDING when
    the time ran out first (a printer out of paper is not an error of ours to raise). Raises
    what :func:`job_state` raises, e.g. PrinterGoneError when the queue is deleted meanwhile.
    """
    deadline = time.monotonic() + timeout
    while True:
        state = job_state(job, server=server, env=env)
        remaining = deadline - time.monotonic()
        if state.status is not JobStatus.PENDING or remaining <= 0:
            return state
        time.sleep(min(poll_interval, remaining))


# --------------------------------------------------------------------------------------------
# parsing of the clients' output (LC_ALL=C); pure functions, tested with captured output


@dataclass(frozen=True)
class ListedJob:
    """One job of `lpstat -l -o`."""

    printer: str
    job_id: int
    message: str
    reasons: tuple[str, ...]


def parse_lp_output(text: str) -> PrintJob | None:
    """The job from lp's "request id is TestPDF-12 (1 file(s))"; None if there is none."""
    match = _REQUEST_ID.search(text)
    if match is None:
        return None
    return PrintJob(match["printer"], int(match["id"]))


def parse_lpstat_jobs(text: str) -> list[ListedJob]:
    """Jobs of ``lpstat -l -o``: a line per job, then tab-indented Status/Alerts lines."""
    jobs: list[ListedJob] = []
    for head, details in _blocks(text):
        request_id = head.split()[0]
        printer, _, number = request_id.rpartition("-")
        if not printer or not number.isdigit():
            continue
        fields = _fields(details)
        jobs.append(
            ListedJob(
                printer,
                int(number),
                fields.get("Status", ""),
                tuple(fields.get("Alerts", "").split()),
            )
        )
    return jobs


_PRINTER_HEAD = re.compile(
    r"printer (?P<name>\S+) (?:(?P<idle>is idle\.)|(?P<printing>now printing \S+\.)"
    r"|(?P<stopped>disabled since)|(?P<holding>is holding new jobs\.))"
)
_HEAD_STATES = {
    "idle": PrinterState.IDLE,
    "printing": PrinterState.PRINTING,
    "stopped": PrinterState.STOPPED,
    "holding": PrinterState.HOLDING,
}
_ACCEPTING = re.compile(r"(?P<name>\S+) (?P<not>not )?accepting requests since\b")
_DEFAULT = re.compile(r"system default destination: (?P<name>[^/\s]+)")
# Keys of the long printer listing; any other first detail line is the printer-state-message.
_LONG_KEYS = (
    "Form mounted:",
    "Description:",
    "Make and Model:",
    "Alerts:",
    "Location:",
    "Connection:",
    "Interface:",
)


def parse_lpstat_printers(text: str) -> list[Printer]:
    """Printers from ``lpstat -d -l -p -a`` (the default, then each queue, then acceptance)."""
    default = ""
    accepting: dict[str, bool] = {}
    found: list[tuple[str, PrinterState, str, dict[str, str]]] = []
    for head, details in _blocks(text):
        if match := _DEFAULT.match(head):
            default = match["name"]
        elif match := _PRINTER_HEAD.match(head):
            state = _HEAD_STATES.get(match.lastgroup or "", PrinterState.UNKNOWN)
            message = ""
            if details and not details[0].startswith(_LONG_KEYS):
                message = details.pop(0)
                if message == "reason unknown":  # lpstat's filler for a silent stop
                    message = ""
            found.append((match["name"], state, message, _fields(details)))
        elif match := _ACCEPTING.match(head):
            accepting[match["name"]] = not match["not"]
    printers = [
        Printer(
            name=name,
            description=fields.get("Description", ""),
            location=fields.get("Location", ""),
            is_default=name.lower() == default.lower(),
            # A queue missing from the -a part is reported as not accepting: we cannot know.
            accepting=accepting.get(name, False),
            state=state,
            message=message,
        )
        for name, state, message, fields in found
    ]
    return sorted(printers, key=lambda p: p.name.lower())


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Lines starting in column 0, each with its tab-indented detail lines (stripped)."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in " \t":
            if blocks:
                blocks[-1][1].append(line.strip())
        else:
            blocks.append((line.strip(), []))
    return blocks


def _fields(details: Sequence[str]) -> dict[str, str]:
    """``Key: value`` detail lines as a dict (first occurrence wins)."""
    fields: dict[str, str] = {}
    for line in details:
        key, sep, value = line.partition(":")
        if sep and key not in fields:
            fields[key] = value.strip()
    return fields


def _lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, each once (lpstat repeats itself per option)."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


# --------------------------------------------------------------------------------------------
# running the clients


def _client_env(server: str | None, env: Mapping[str, str] | None) -> dict[str, str]:
    """The environment for a CUPS client: the caller's, in the C locale, maybe another server."""
    result = dict(os.environ if env is None else env)
    result["LC_ALL"] = "C"  # English, unchanging messages to parse; dates are never parsed
    result.pop("LANGUAGE", None)
    if server is not None:
        result["CUPS_SERVER"] = server
    return result


def _run(
    tool: str,
    args: list[str],
    *,
    env: Mapping[str, str],
    timeout: float,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run one CUPS client; every way it can fail to run becomes a PrintingError."""
    executable = shutil.which(tool, path=env.get("PATH", os.defpath))
    if executable is None:
        raise NoCupsError(f"{tool} is not installed (the CUPS client, package cups-client)")
    try:
        raw = subprocess.run(  # noqa: S603 - a CUPS client found on PATH, arguments validated
            [tool, *args],  # argv[0] as typed, so messages read "lp: ..." whatever the path
            executable=executable,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            env=dict(env),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise CupsTimeoutError(f"{tool} did not finish within {timeout:.0f} s") from exc
    except OSError as exc:
        raise NoCupsError(f"{tool} could not be run: {exc.strerror or exc}") from exc
    return subprocess.CompletedProcess(
        raw.args,
        raw.returncode,
        raw.stdout.decode(errors="replace"),
        raw.stderr.decode(errors="replace"),
    )


def _scheduler_running(env: Mapping[str, str]) -> bool:
    """Whether a CUPS scheduler answers (``lpstat -r``)."""
    try:
        result = _run("lpstat", ["-r"], env=env, timeout=QUERY_TIMEOUT)
    except NoCupsError:
        return False
    return result.stdout.strip().lower() == "scheduler is running"


def _classify_failure(
    tool: str, errors: Sequence[str], printer: str | None, env: Mapping[str, str]
) -> PrintingError:
    """The typed error for a client that exited with ``errors`` on stderr."""
    detail = "; ".join(_strip_prefix(tool, e) for e in errors) or f"{tool} failed"
    lowered = detail.lower()
    if any(fragment in lowered for fragment in _NO_SCHEDULER):
        return NoCupsError(detail)
    if printer is not None and "not accepting" in lowered:
        return PrinterGoneError(printer, detail)
    if any(fragment in lowered for fragment in _NO_DESTINATION):
        # lp says "The printer or class does not exist." also when no scheduler runs at all.
        if not _scheduler_running(env):
            return NoCupsError(f"the CUPS scheduler is not running ({detail})")
        if printer is not None:
            return PrinterGoneError(printer, detail)
    if tool == "lp":
        return JobFailedError(detail)
    return NoCupsError(detail)


def _strip_prefix(tool: str, line: str) -> str:
    """``lp: Error - The printer ...`` -> ``The printer ...``."""
    for prefix in (f"{tool}: error - ", f"{tool}: "):
        if line.lower().startswith(prefix):
            return line[len(prefix) :]
    return line


def _check_printer_name(printer: str) -> None:
    if not _PRINTER_NAME.fullmatch(printer):
        raise ValueError(f"not a CUPS queue name: {printer!r}")
