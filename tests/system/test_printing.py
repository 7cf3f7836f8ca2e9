"""Printing through a real, private cupsd: the cups-pdf queue writes what a printer would get.

The central check rasterises cups-pdf's output and measures it: marks drawn at known places
in our PDF must come out at the same places and sizes, which proves that CUPS neither scaled
nor moved the page on its way through the filters (pdftopdf, pdftops, Ghostscript).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from printing import material_list
from printing.errors import CupsTimeoutError, NoCupsError, PrinterGoneError
from printing.printers import (
    JobStatus,
    PrinterState,
    job_state,
    list_printers,
    parse_lp_output,
    print_pdf,
    wait_for_job,
)
from tests.system.services import (
    PDF_QUEUE,
    SPARE_QUEUE,
    CupsServer,
    private_cups_dir,
    require,
    require_cups,
    start_cupsd,
)

pytestmark = pytest.mark.system

DPI = 100
MM = DPI / 25.4  # pixels per millimetre
A4_MM = (210.0, 297.0)
#: Where the two 10 mm squares of the test page are: (left, top) in mm from the top-left
#: corner. Far apart and off-centre, so both a shift and a scale show.
SQUARES_MM = ((20.0, 25.0), (170.0, 255.0))
SQUARE_MM = 10.0
TOLERANCE_MM = 1.0
#: Seconds a job may take through pdftopdf, pdftops and Ghostscript on a small, busy machine.
JOB_TIMEOUT = 60.0


@pytest.fixture
def pdf_queue(cups: CupsServer) -> str:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    require(
        bool(shutil.which("pdftoppm") and shutil.which("pdfinfo")),
        "poppler-utils is not installed (apt-get install poppler-utils, or ./run test)",
    )
    assert cups.pdf_queue is not None
    return cups.pdf_queue


@pytest.fixture
def queue(cups: CupsServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A throw-away raw queue named after the test; removed afterwards unless already gone."""
    name = re.sub(r"\W", "", request.node.name)[:40]
    cups.add_file_queue(name)
    yield name
    cups.client("lpadmin", "-x", name, check=False)


# --------------------------------------------------------------------------------------------
# helpers


def squares_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for left, top in SQUARES_MM:
        # reportlab measures from the bottom-left corner.
        y = A4[1] / mm - top - SQUARE_MM
        page.rect(left * mm, y * mm, SQUARE_MM * mm, SQUARE_MM * mm, stroke=0, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


class Raster:
    """One page rendered by pdftoppm as 8-bit grey (a binary PGM)."""

    def __init__(self, pdf: Path) -> None:
        out = pdf.with_suffix("")
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                str(pdf),
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        data = out.with_suffix(".pgm").read_bytes()
        magic, width, height, maxval, pixels = data.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        self.width, self.height = int(width), int(height)
        self.pixels = pixels[: self.width * self.height]

    def ink_box(
        self, left: float = 0, top: float = 0, right: float = 1, bottom: float = 1
    ) -> tuple[float, float, float, float]:
        """Bounding box (left, top, right, bottom) in mm of the pixels darker than mid-grey,
        within the given fractions of the page."""
        dark = bytes.maketrans(bytes(range(256)), bytes(1 if v < 160 else 0 for v in range(256)))
        x0, x1 = int(left * self.width), int(right * self.width)
        xs: list[int] = []
        ys: list[int] = []
        for y in range(int(top * self.height), int(bottom * self.height)):
            row = self.pixels[y * self.width + x0 : y * self.width + x1].translate(dark)
            first = row.find(1)
            if first >= 0:
                xs += [x0 + first, x0 + row.rfind(1) + 1]
                ys += [y, y + 1]
        assert xs, "no ink in the region"
        return min(xs) / MM, min(ys) / MM, max(xs) / MM, max(ys) / MM


def assert_close(measured: tuple[float, ...], expected: tuple[float, ...], what: str) -> None:
    off = max(abs(m - e) for m, e in zip(measured, expected, strict=True))
    assert off <= TOLERANCE_MM, (
        f"{what}: measured {tuple(round(m, 2) for m in measured)} mm, expected "
        f"{tuple(round(e, 2) for e in expected)} mm (off by {off:.2f} mm)"
    )


def printed(cups: CupsServer, job_id: int) -> Path:
    output = cups.pdf_output_of(job_id)
    assert output is not None, f"cups-pdf wrote no file for job {job_id}:\n{cups.log_tail()}"
    return output


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    assert match is not None, info.stderr
    return int(match.group(1))


# --------------------------------------------------------------------------------------------
# listing


def test_list_printers_shows_the_private_queues(cups: CupsServer) -> None:
    printers = {p.name: p for p in list_printers(env=cups.process_env())}

    assert SPARE_QUEUE in printers
    spare = printers[SPARE_QUEUE]
    assert spare.accepting and spare.state is PrinterState.IDLE and spare.description == "Spare"
    if cups.pdf_queue is not None:
        assert set(printers) >= {PDF_QUEUE, SPARE_QUEUE}
        assert printers[PDF_QUEUE].is_default and not spare.is_default
        assert printers[PDF_QUEUE].accepting
    else:
        assert spare.is_default


def test_list_printers_reads_chinese_descriptions_and_stopped_queues(
    cups: CupsServer, queue: str
) -> None:
    cups.client("lpadmin", "-p", queue, "-D", "3号窗口 激光打印机", "-L", "综合受理大厅")
    cups.client("cupsdisable", "-r", "卡纸 paper jam", queue)

    (listed,) = [p for p in list_printers(server=str(cups.socket)) if p.name == queue]

    assert listed.description == "3号窗口 激光打印机"
    assert listed.location == "综合受理大厅"
    assert listed.state is PrinterState.STOPPED
    assert listed.message == "卡纸 paper jam"
    assert listed.accepting and not listed.is_default


# --------------------------------------------------------------------------------------------
# printing through cups-pdf, measured


def test_pdf_prints_at_true_size(cups: CupsServer, pdf_queue: str, tmp_path: Path) -> None:
    source = tmp_path / "squares.pdf"
    source.write_bytes(squares_pdf())

    job = print_pdf(source.read_bytes(), pdf_queue, title="calibration", env=cups.process_env())
    state = wait_for_job(job, JOB_TIMEOUT, env=cups.process_env())

    assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
    output = printed(cups, job.job_id)
    assert pages(output) == 1
    before, after = Raster(source), Raster(output)
    assert (after.width, after.height) == (before.width, before.height)
    assert_close((after.width / MM, after.height / MM), A4_MM, "page size")
    for (left, top), region in zip(SQUARES_MM, ((0, 0, 0.5, 0.5), (0.5, 0.5, 1, 1)), strict=True):
        expected = (left, top, left + SQUARE_MM, top + SQUARE_MM)
        assert_close(before.ink_box(*region), expected, "square drawn by reportlab")
        assert_close(after.ink_box(*region), expected, "square printed through CUPS")


def test_queue_defaults_that_would_shrink_the_page_are_overridden(
    cups: CupsServer, pdf_queue: str, tmp_path: Path
) -> None:
    # An administrator (or a driver) made this queue fit every page into its printable area.
    name = "ShrinkByDefault"
    cups.add_pdf_queue(name)
    try:
        cups.client(
            "lpadmin",
            "-p",
            name,
            "-o",
            "print-scaling-default=fit",
            "-o",
            "fit-to-page-default=true",
        )
        source = tmp_path / "squares.pdf"
        source.write_bytes(squares_pdf())
        env = cups.process_env()

        # Plain lp shows that the queue really shrinks pages ...
        plain = cups.client("lp", "-d", name, "-t", "plain", str(source)).stdout
        plain_job = parse_lp_output(plain)
        assert plain_job is not None
        # ... and print_pdf overrides it.
        job = print_pdf(source, name, title="calibration", env=env)

        for each in (plain_job, job):
            state = wait_for_job(each, JOB_TIMEOUT, env=env)
            assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
        left, top = SQUARES_MM[0]
        expected = (left, top, left + SQUARE_MM, top + SQUARE_MM)
        shrunk = Raster(printed(cups, plain_job.job_id)).ink_box(0, 0, 0.5, 0.5)
        assert max(abs(m - e) for m, e in zip(shrunk, expected, strict=True)) > 3 * TOLERANCE_MM
        assert_close(Raster(printed(cups, job.job_id)).ink_box(0, 0, 0.5, 0.5), expected, "square")
    finally:
        cups.remove_queue(name)


def test_material_list_prints_unscaled_from_a_file(
    cups: CupsServer, pdf_queue: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    doc = material_list.MaterialList(
        item_name="居民身份证换领",
        item_code="11100000MB0000000X4440112000000",
        department="示范区公安分局",
        situations=[("是否首次申领", "否")],
        materials=[material_list.ListedMaterial("居民户口簿", "原件1份", "必须提交")],
        facts=[("办理时限", "即办")],
        printed_at=dt.datetime(2024, 5, 6, 9, 30),
        printed_where="示范区政务服务中心 3号窗口",
    )
    source = tmp_path / "list.pdf"
    source.write_bytes(material_list.render(doc))

    env = cups.process_env()
    with caplog.at_level(logging.DEBUG, logger="printing"):
        job = print_pdf(source, pdf_queue, copies=2, title=material_list.TEXT["title"], env=env)
        state = wait_for_job(job, JOB_TIMEOUT, env=env)
    # The log names the job, never the document: not even its (neutral) title.
    assert job.request_id in caplog.text
    assert material_list.TEXT["title"] not in caplog.text and doc.item_name not in caplog.text

    assert state.status is JobStatus.COMPLETED, f"{state}\n{cups.log_tail()}"
    output = printed(cups, job.job_id)
    before, after = Raster(source), Raster(output)
    assert (after.width, after.height) == (before.width, before.height)
    assert_close(after.ink_box(), before.ink_box(), "ink of the whole page")
    # cups-pdf leaves copies to the "device"; that CUPS got two shows in the backend's argv.
    assert f'[Job {job.job_id}] argv[4]="2"' in (cups.log_dir / "error_log").read_text()


def test_damaged_pdf_ends_as_failed(cups: CupsServer, pdf_queue: str) -> None:
    env = cups.process_env()
    job = print_pdf(b"%PDF-1.4\nnot really a PDF\n", pdf_queue, title="damaged", env=env)
    try:
        state = wait_for_job(job, JOB_TIMEOUT, env=env)
        assert state.status is JobStatus.FAILED, state
        assert "job-completed-with-errors" in state.reasons
        # cups-pdf still writes a (blank) file from whatever reached it, as a printer might
        # feed a sheet: the job's state, not the output, tells whether the document printed.
    finally:  # a stopped job stays in the queue's history as not completed otherwise
        cups.client("cancel", job.request_id, check=False)


# --------------------------------------------------------------------------------------------
# printers that are gone, CUPS that is not there


def test_removed_queue_is_printer_gone(cups: CupsServer, queue: str) -> None:
    env = cups.process_env()
    job = print_pdf(squares_pdf(), queue, title="before removal", env=env)
    assert wait_for_job(job, JOB_TIMEOUT, env=env).status is JobStatus.COMPLETED

    cups.remove_queue(queue)

    assert queue not in {p.name for p in list_printers(env=env)}
    with pytest.raises(PrinterGoneError) as raised:
        print_pdf(squares_pdf(), queue, title="after removal", env=env)
    assert raised.value.code == "printing.printer_gone"
    assert raised.value.printer == queue
    with pytest.raises(PrinterGoneError):
        job_state(job, env=env)


def test_rejecting_queue_is_printer_gone(cups: CupsServer, queue: str) -> None:
    cups.client("cupsreject", "-r", "out of service", queue)
    env = cups.process_env()

    (listed,) = [p for p in list_printers(env=env) if p.name == queue]
    assert not listed.accepting

    with pytest.raises(PrinterGoneError, match="not accepting"):
        print_pdf(squares_pdf(), queue, title="rejected", env=env)


def test_hung_and_stopped_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cupsd that does not answer times out; one that is gone is no_cups. Our own cupsd."""
    require_cups()
    monkeypatch.setattr("printing.printers.QUERY_TIMEOUT", 1.0)
    monkeypatch.setattr("printing.printers.SUBMIT_TIMEOUT", 1.0)
    with private_cups_dir() as root:
        with start_cupsd(root, with_pdf_queue=False) as cups:
            env = cups.process_env()
            job = print_pdf(squares_pdf(), SPARE_QUEUE, title="before", env=env)
            os.kill(cups.pid, signal.SIGSTOP)  # our own cupsd, by its PID
            try:
                with pytest.raises(CupsTimeoutError):
                    list_printers(env=env)
                with pytest.raises(CupsTimeoutError):
                    print_pdf(squares_pdf(), SPARE_QUEUE, title="hung", env=env)
            finally:
                os.kill(cups.pid, signal.SIGCONT)
            pid = cups.pid
            assert Path(_command(pid)).name == "cupsd"

        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
        for call in (
            lambda: list_printers(env=env),
            lambda: print_pdf(squares_pdf(), SPARE_QUEUE, title="stopped", env=env),
            lambda: job_state(job, env=env),
        ):
            with pytest.raises(NoCupsError) as raised:
                call()
            assert raised.value.code == "printing.no_cups"


# --------------------------------------------------------------------------------------------
# the fixture itself: cups-pdf's configuration never lands in the system's /etc/cups


def test_namespace_route_leaves_etc_cups_alone(cups: CupsServer) -> None:
    require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
    if cups.pdf_config_route != "namespace":
        pytest.skip(f"this machine uses the {cups.pdf_config_route} route")
    ours = f"cups-pdf-cwtest-{os.getpid()}-*"
    # cupsd (the very process we started, not a shell or unshare) sees our file on /etc/cups,
    assert Path(_command(cups.pid)).name == "cupsd"
    seen_by_cupsd = Path(f"/proc/{cups.pid}/root/etc/cups").glob(ours)
    assert [p.name.endswith(f"-{PDF_QUEUE}.conf") for p in seen_by_cupsd] == [True]
    # and the rest of the machine does not.
    assert not list(Path("/etc/cups").glob(ours))


def test_queue_file_route_cleans_up(tmp_path: Path) -> None:
    require_cups()
    require(os.geteuid() == 0, "cups-pdf runs only under a cupsd started as root")
    if not os.access("/etc/cups", os.W_OK):
        pytest.skip("/etc/cups is not writable here, so the namespace route is the only one")
    with private_cups_dir() as root, start_cupsd(root, pdf_config_route="queue-file") as cups:
        require(cups.pdf_queue is not None, f"no cups-pdf queue: {cups.pdf_unavailable}")
        assert cups.pdf_config_route == "queue-file"
        ours = list(Path("/etc/cups").glob(f"cups-pdf-cwtest-{os.getpid()}-*"))
        assert len(ours) == 1

        env = cups.process_env()
        job = print_pdf(squares_pdf(), PDF_QUEUE, title="queue file", env=env)
        assert wait_for_job(job, JOB_TIMEOUT, env=env).status is JobStatus.COMPLETED
        assert printed(cups, job.job_id).parent == cups.pdf_output

    assert not ours[0].exists()
