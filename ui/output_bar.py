"""Where a rendered document goes: straight to a printer, to a PDF file, or to the viewer.

Shared by every dialog that shows a printable document (material list, blank forms and
samples). Printers are listed through CUPS on the operations thread; sending a job is
quick (`lp` hands the PDF to the spooler) and also runs there, so the window never waits.
The PDF goes out unscaled: what the preview shows is what the paper gets.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from printing.printers import Printer, PrintJob

MAX_COPIES = 20


def safe_file_name(name: str) -> str:
    """A document name usable as a file name on every desktop (no slashes, no controls)."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")
    return cleaned[:120] or "document"


def fill_printer_choice(combo: QComboBox, usable: Sequence[Printer], *wanted: str) -> str:
    """Offer `usable` printers in `combo` (item data: the queue name; text: name and
    description) without signalling a choice, and select the first of `wanted` offered,
    else the system default, else the first. Returns the queue name selected."""
    names = [p.name for p in usable]
    default = next((p.name for p in usable if p.is_default), names[0])
    choice = next((w for w in wanted if w and w in names), default)
    blocker = QSignalBlocker(combo)  # filling in is not the clerk choosing
    combo.clear()
    for p in usable:
        combo.addItem(p.name if not p.description or p.description == p.name
                      else f"{p.name}（{p.description}）", p.name)
    combo.setCurrentIndex(names.index(choice))
    combo.setEnabled(True)
    del blocker
    return choice


class OutputBar(QWidget):
    printed = Signal(str, str)  # the spooler's request id (TestPDF-12), the printer
    failed = Signal(str, str)  # error code of a print that did not reach the spooler, printer
    printers_loaded = Signal(int)  # how many printers can be chosen

    def __init__(self, ops: Operations, *, document_name: Callable[[], str],
                 preferred_printer: str = "",
                 remember_printer: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outputBar")
        self.ops = ops
        self.document_name = document_name  # Chinese, for files and the spooler's title
        self.preferred_printer = preferred_printer
        self.remember_printer = remember_printer
        self.pdf: bytes | None = None
        self.last_job: PrintJob | None = None

        self.printer = QComboBox(self)
        self.printer.setObjectName("printerChoice")
        self.printer.setMinimumContentsLength(18)
        self.printer.addItem(self.tr("Looking for printers…"))
        self.printer.setEnabled(False)
        printer_label = QLabel(self.tr("P&rinter:"), self)
        printer_label.setBuddy(self.printer)
        self.copies = QSpinBox(self)
        self.copies.setRange(1, MAX_COPIES)
        copies_label = QLabel(self.tr("&Copies:"), self)
        copies_label.setBuddy(self.copies)
        self.print_button = QPushButton(self.tr("&Print"), self)
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton(self.tr("&Save PDF…"), self)
        self.open_button = QPushButton(self.tr("&Open in viewer"), self)
        self.open_button.setToolTip(self.tr("Opens the PDF in the system viewer."))
        self.status = QLabel(self)
        self.status.setObjectName("printStatus")
        self.status.setWordWrap(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (printer_label, self.printer, copies_label, self.copies,
                       self.print_button, self.save_button, self.open_button):
            layout.addWidget(widget)
        layout.addWidget(self.status, 1)
        self.print_button.clicked.connect(self.print_document)
        self.printer.currentIndexChanged.connect(self._remember_choice)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_externally)
        self._printers: list[Printer] = []
        self._chosen: str | None = None  # the printer the clerk picked in this bar
        self._update_buttons()
        self.refresh_printers()

    # -- printers -------------------------------------------------------------------------

    def refresh_printers(self) -> None:
        from printing import printers

        self.ops.run(printers.list_printers, self._show_printers, self._no_printers)

    def _show_printers(self, found: list[Printer]) -> None:
        self._printers = [p for p in found if p.accepting]
        if not self._printers:
            self._no_printers(None)
            return
        # A refresh keeps the clerk's current choice while that printer is still there.
        fill_printer_choice(self.printer, self._printers, self._chosen or "",
                            self.preferred_printer or "")
        self._update_buttons()
        self.printers_loaded.emit(len(self._printers))

    def _remember_choice(self, index: int) -> None:
        data = self.printer.itemData(index)
        self._chosen = data if isinstance(data, str) else None

    def _no_printers(self, error: BaseException | None) -> None:
        self._printers = []
        blocker = QSignalBlocker(self.printer)
        self.printer.clear()
        self.printer.addItem(self.tr("No printer available"))
        del blocker
        self.printer.setEnabled(False)
        if error is not None:
            self.status.setText(describe(error))
        self._update_buttons()
        self.printers_loaded.emit(0)

    # -- the document ---------------------------------------------------------------------

    def set_pdf(self, pdf: bytes | None) -> None:
        self.pdf = pdf
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.pdf is not None
        self.print_button.setEnabled(ready and bool(self._printers))
        self.save_button.setEnabled(ready)
        self.open_button.setEnabled(ready)

    def print_document(self) -> None:
        pdf, name = self.pdf, self.printer.currentData()
        if pdf is None or not isinstance(name, str):
            return
        from printing import printers

        copies = self.copies.value()
        # The spooler's job list is visible to anyone on the machine: the document's
        # kind goes there, never an applicant's details.
        title = self.document_name()
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Sending to %1…").replace("%1", name))
        if self.remember_printer is not None:
            self.remember_printer(name)

        def sent(job: PrintJob) -> None:
            self.last_job = job
            self.status.setText(self.tr("Sent to %1 (job %2).").replace("%1", name)
                                .replace("%2", str(job.job_id)))
            self._update_buttons()
            self.printed.emit(job.request_id, name)

        def failed(error: BaseException) -> None:
            self.status.setText(describe(error))
            self._update_buttons()
            self.failed.emit(str(getattr(error, "code", "printing.failed")), name)
            self.refresh_printers()  # the printer may be gone: show what is left

        self.ops.run(lambda: printers.print_pdf(pdf, name, copies=copies, title=title),
                     sent, failed)

    def save(self) -> None:
        if self.pdf is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), f"{safe_file_name(self.document_name())}.pdf",
            self.tr("PDF (*.pdf)"))
        if path:
            Path(path).write_bytes(self.pdf)

    def open_externally(self) -> None:
        if self.pdf is None:
            return
        folder = Path(tempfile.gettempdir()) / "clerk-workstation-documents"
        folder.mkdir(mode=0o700, exist_ok=True)
        target = folder / f"{safe_file_name(self.document_name())}.pdf"
        target.write_bytes(self.pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
