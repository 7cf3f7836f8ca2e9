"""Sandbox mode's simulated printer: listed like a queue, each document written whole as a
PDF into a folder; it works without CUPS, and an unwritable folder is a clear error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from printing import printers
from printing.errors import JobFailedError, NoCupsError
from printing.printers import JobStatus

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NO_CUPS = {"PATH": "/nonexistent", "HOME": "/nonexistent"}  # no lpstat, no lp


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Path]:
    printers.add_folder_printer("training-pdf", "培训打印机", tmp_path / "printed")
    yield tmp_path / "printed"
    printers.remove_folder_printer("training-pdf")


def test_it_is_listed_and_writes_each_document_whole(folder: Path) -> None:
    listed = printers.list_printers(env=NO_CUPS)  # no CUPS at all: only this one
    assert [(p.name, p.description, p.accepting) for p in listed] == [
        ("training-pdf", "培训打印机", True)]
    first = printers.print_pdf(PDF, "training-pdf", title="受理通知书")
    second = printers.print_pdf(PDF, "Training-PDF", copies=2, title="证照/正本 #1")
    files = sorted(folder.iterdir())
    assert [f.read_bytes() for f in files] == [PDF, PDF]
    assert files[0].name.endswith(f"-{first.job_id:04d}-受理通知书.pdf")
    assert files[1].name.endswith(f"-{second.job_id:04d}-证照_正本_1-x2.pdf")
    assert printers.job_state(first, env=NO_CUPS).status is JobStatus.COMPLETED
    files[0].unlink()  # the trainer tidied up: the job is no longer known
    assert printers.job_state(first, env=NO_CUPS).status is JobStatus.UNKNOWN


def test_the_checks_of_a_real_print_still_apply(folder: Path) -> None:
    with pytest.raises(ValueError, match="not a PDF"):
        printers.print_pdf(b"hello", "training-pdf", title="x")
    with pytest.raises(ValueError, match="scale"):
        printers.print_pdf(PDF, "training-pdf", title="x", options={"fit-to-page": "true"})
    assert not folder.exists()  # nothing written


def test_a_file_where_the_folder_should_be_is_a_clear_error(folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    with pytest.raises(JobFailedError, match="cannot write"):
        printers.print_pdf(PDF, "training-pdf", title="x")


def test_without_it_no_cups_is_still_an_error() -> None:
    with pytest.raises(NoCupsError):
        printers.list_printers(env=NO_CUPS)
