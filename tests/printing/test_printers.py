"""Parsing of what lp and lpstat print, and the mapping of their failures to typed errors.

The outputs below were captured from CUPS 2.4.2 (Debian 12) with LC_ALL=C; the real clients
against a real cupsd are exercised in tests/system/test_printing.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from printing import printers
from printing.errors import JobFailedError, NoCupsError, PrinterGoneError, PrintingError
from printing.printers import (
    ListedJob,
    Printer,
    PrinterState,
    PrintJob,
    parse_lp_output,
    parse_lpstat_jobs,
    parse_lpstat_printers,
)

# `lpstat -d -l -p -a`: Abort rejects jobs (its message stays on an idle printer), Broken was
# disabled with a reason and has a description and location, TestPDF is printing.
LPSTAT_PRINTERS = """\
system default destination: TestPDF
printer Abort is idle.  enabled since Mon Nov 23 03:22:06 2026
\tout of service
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: Abort
\tAlerts: none
\tLocation:\x20
\tConnection: direct
\tInterface: /etc/cups/ppd/Abort.ppd
\tOn fault: no alert
\tAfter fault: continue
\tUsers allowed:
\t\t(all)
\tForms allowed:
\t\t(none)
\tBanner required
\tCharset sets:
\t\t(none)
\tDefault pitch:
\tDefault page size:
\tDefault port settings:
printer Broken disabled since Mon Nov 23 03:22:12 2026 -
\tpaper jam
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: Counter 3 laser
\tAlerts: paused
\tLocation: Hall A
\tConnection: direct
\tInterface: /etc/cups/ppd/Broken.ppd
\tOn fault: no alert
\tAfter fault: continue
\tUsers allowed:
\t\t(all)
\tForms allowed:
\t\t(none)
\tBanner required
\tCharset sets:
\t\t(none)
\tDefault pitch:
\tDefault page size:
\tDefault port settings:
printer TestPDF now printing TestPDF-10.  enabled since Mon Nov 23 03:22:12 2026
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: TestPDF
\tAlerts: none
\tLocation:\x20
\tConnection: direct
\tInterface: /etc/cups/ppd/TestPDF.ppd
\tOn fault: no alert
\tAfter fault: continue
\tUsers allowed:
\t\t(all)
\tForms allowed:
\t\t(none)
\tBanner required
\tCharset sets:
\t\t(none)
\tDefault pitch:
\tDefault page size:
\tDefault port settings:
Abort not accepting requests since Mon Nov 23 03:22:06 2026 -
\tout of service
Broken accepting requests since Mon Nov 23 03:22:12 2026
TestPDF accepting requests since Mon Nov 23 03:22:12 2026
"""

# `lpstat -W not-completed -l -o`: two jobs stopped by a filter error.
LPSTAT_NOT_COMPLETED = """\
Abort-8                 root              1024   Mon Nov 23 03:22:06 2026
\tStatus: loadFilename failed: /tmp/cwx/spool/d00008-001: unable to find trailer dictionary \
while recovering damaged file
\tAlerts: job-completed-with-errors
\tqueued for Abort
TestPDF-9               root              1024   Mon Nov 23 03:22:06 2026
\tStatus: loadFilename failed: /tmp/cwx/spool/d00009-001: unable to find trailer dictionary \
while recovering damaged file
\tAlerts: job-completed-with-errors
\tqueued for TestPDF
"""

# `lpstat -W completed -l -o`: finished jobs (CUPS leaves "processing-to-stop-point" there).
LPSTAT_COMPLETED = """\
TestPDF-6               root              2048   Mon Nov 23 03:21:29 2026
\tStatus:\x20
\tAlerts: processing-to-stop-point
\tqueued for TestPDF
Counter-3-Laser-12      root              2048   Mon Nov 23 03:21:28 2026
\tStatus:\x20
\tAlerts: processing-to-stop-point
\tqueued for Counter-3-Laser
"""


def test_lp_output_gives_the_job() -> None:
    assert parse_lp_output("request id is TestPDF-12 (1 file(s))\n") == PrintJob("TestPDF", 12)
    # Queue names may contain "-": the job number is what follows the last one.
    job = parse_lp_output("request id is Counter-3-Laser-7 (0 file(s))\n")
    assert job == PrintJob("Counter-3-Laser", 7)
    assert job is not None and job.request_id == "Counter-3-Laser-7"
    assert parse_lp_output("") is None
    assert parse_lp_output("lp: Error - No default destination.") is None


def test_lpstat_printers_are_parsed_with_state_default_and_acceptance() -> None:
    assert parse_lpstat_printers(LPSTAT_PRINTERS) == [
        Printer("Abort", "Abort", "", False, False, PrinterState.IDLE, "out of service"),
        Printer(
            "Broken", "Counter 3 laser", "Hall A", False, True, PrinterState.STOPPED, "paper jam"
        ),
        Printer("TestPDF", "TestPDF", "", True, True, PrinterState.PRINTING, ""),
    ]


def test_no_printers_is_an_empty_list() -> None:
    assert parse_lpstat_printers("no system default destination\n") == []
    assert parse_lpstat_printers("") == []


def test_lpstat_printer_lines_of_other_cups_versions() -> None:
    # Built from lpstat.c's format strings: "holding new jobs", a stop without a message
    # ("reason unknown"), a default with an instance, and the long listing of newer lpstat
    # versions (no "Form mounted:", a "Make and Model:" line).
    text = (
        "system default destination: Desk/duplex\n"
        "printer Desk is holding new jobs.  enabled since Tue 07 May 2024 09:00:00\n"
        "\tDescription: 前台\n"
        "\tMake and Model: Generic PDF\n"
        "printer Old disabled since Tue 07 May 2024 09:00:00 -\n"
        "\treason unknown\n"
        "\tDescription: Old\n"
        "Desk accepting requests since Tue 07 May 2024 09:00:00\n"
    )
    desk, old = parse_lpstat_printers(text)
    assert (desk.name, desk.description, desk.state, desk.is_default, desk.accepting) == (
        "Desk",
        "前台",
        PrinterState.HOLDING,
        True,
        True,
    )
    assert (old.state, old.message, old.accepting) == (PrinterState.STOPPED, "", False)


def test_lpstat_jobs_are_parsed_with_status_and_reasons() -> None:
    stopped = parse_lpstat_jobs(LPSTAT_NOT_COMPLETED)
    assert [(j.printer, j.job_id, j.reasons) for j in stopped] == [
        ("Abort", 8, ("job-completed-with-errors",)),
        ("TestPDF", 9, ("job-completed-with-errors",)),
    ]
    assert stopped[0].message.startswith("loadFilename failed:")
    assert parse_lpstat_jobs(LPSTAT_COMPLETED) == [
        ListedJob("TestPDF", 6, "", ("processing-to-stop-point",)),
        ListedJob("Counter-3-Laser", 12, "", ("processing-to-stop-point",)),
    ]
    assert parse_lpstat_jobs("") == []


PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.mark.parametrize(
    ("printer", "kwargs", "message"),
    [
        ("bad name", {}, "queue name"),
        ("Counter/duplex", {}, "queue name"),
        ("", {}, "queue name"),
        ("TestPDF", {"copies": 0}, "copies"),
        ("TestPDF", {"copies": 1000}, "copies"),
        ("TestPDF", {"copies": True}, "copies"),
        ("TestPDF", {"title": " "}, "title"),
        ("TestPDF", {"title": "办事材料清单\n第二行"}, "title"),
        ("TestPDF", {"options": {"fit-to-page": "true"}}, "scale or move"),
        ("TestPDF", {"options": {"number-up": "2"}}, "scale or move"),
        ("TestPDF", {"options": {"media": "A4 fit-to-page=true"}}, "malformed"),
        ("TestPDF", {"options": {"media": ""}}, "malformed"),
        ("TestPDF", {"options": {"-d": "Other"}}, "malformed"),
    ],
)
def test_print_pdf_refuses_caller_mistakes_before_running_lp(
    printer: str, kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {"title": "办事材料清单", **kwargs}
    with pytest.raises(ValueError, match=message):
        printers.print_pdf(PDF, printer, env={"PATH": "/nonexistent"}, **arguments)


def test_print_pdf_sends_only_pdf(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("张三 110101199003074518")
    with pytest.raises(ValueError, match="not a PDF"):
        printers.print_pdf(text, "TestPDF", title="x", env={"PATH": str(tmp_path)})
    with pytest.raises(ValueError, match="not a PDF"):
        printers.print_pdf(b"plain text", "TestPDF", title="x", env={"PATH": str(tmp_path)})


def test_missing_cups_clients_are_no_cups(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path)}  # an empty directory: no lp, no lpstat
    calls: list[Callable[[], object]] = [
        lambda: printers.list_printers(env=env),
        lambda: printers.print_pdf(PDF, "TestPDF", title="x", env=env),
        lambda: printers.job_state(PrintJob("TestPDF", 1), env=env),
        lambda: printers.wait_for_job(PrintJob("TestPDF", 1), 1, env=env),
    ]
    for call in calls:
        with pytest.raises(NoCupsError, match="not installed") as raised:
            call()
        assert raised.value.code == "printing.no_cups"


@pytest.mark.parametrize(
    ("tool", "stderr", "error", "code"),
    [
        ("lpstat", "lpstat: Scheduler is not running.", NoCupsError, "printing.no_cups"),
        (
            "lp",
            'lp: Destination "Abort" is not accepting jobs.',
            PrinterGoneError,
            "printing.printer_gone",
        ),
        # lp says this also when no scheduler runs; here lpstat -r cannot even be found.
        ("lp", "lp: Error - The printer or class does not exist.", NoCupsError, "printing.no_cups"),
        (
            "lp",
            'lp: Error - unsupported document-format "text/x-foo".',
            JobFailedError,
            "printing.job_failed",
        ),
        (
            "lpstat",
            'lpstat: Invalid destination name in list "Nope".',
            NoCupsError,
            "printing.no_cups",
        ),
    ],
)
def test_client_failures_map_to_typed_errors(
    tool: str, stderr: str, error: type[PrintingError], code: str, tmp_path: Path
) -> None:
    failure = printers._classify_failure(tool, [stderr], "Abort", {"PATH": str(tmp_path)})
    assert type(failure) is error
    assert failure.code == code
    assert not str(failure).startswith(f"{tool}:")  # the tool's prefix is dropped


def test_clients_run_in_the_c_locale_against_the_chosen_server() -> None:
    env = printers._client_env(
        "/run/private/cups.sock", {"PATH": "/usr/bin", "LANG": "zh_CN.UTF-8", "LANGUAGE": "zh"}
    )
    assert env == {
        "PATH": "/usr/bin",
        "LANG": "zh_CN.UTF-8",
        "LC_ALL": "C",
        "CUPS_SERVER": "/run/private/cups.sock",
    }
    assert "CUPS_SERVER" not in printers._client_env(None, {"PATH": "/usr/bin"})
