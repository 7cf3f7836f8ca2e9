"""Saving a PDF the workstation builds (a case's scans) to a file the clerk chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from ui.ops import Operations


def ask_path(parent: QWidget, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("PdfExport", "Save the scans as PDF"), suggested,
        QCoreApplication.translate("PdfExport", "PDF (*.pdf)"))
    return Path(name) if name else None


def save(ops: Operations, path: Path, build: Callable[[], bytes],
         on_saved: Callable[[str], None], on_failed: Callable[[BaseException], None]) -> None:
    """Build the PDF and write it (wholly or not at all) on the operations thread."""

    def work() -> None:
        from offline.files import write_atomically

        write_atomically(path, build())

    ops.run(work, lambda _: on_saved(str(path)), on_failed)
