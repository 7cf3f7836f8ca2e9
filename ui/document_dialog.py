"""The frame of every dialog that shows a document we print: the clerk's choices on the left,
the PDF's own preview on the right, the print bar and Close below.

Rendering and rasterising run on the operations thread. Each request carries a generation
number: an answer for a choice the clerk has already changed is dropped, so a slow render
can never overwrite the preview of a newer one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QVBoxLayout, QWidget

from ui.messages import describe
from ui.ops import Operations
from ui.output_bar import OutputBar
from ui.pdf_preview import PdfPreview, rasterise


class DocumentDialog(QDialog):
    rendered = Signal()  # the current document's PDF and its preview are ready

    def __init__(self, ops: Operations, *, document_name: Callable[[], str],
                 preferred_printer: str = "",
                 remember_printer: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.pdf: bytes | None = None
        self._generation = 0
        self.preview = PdfPreview(self)
        self.output = OutputBar(ops, document_name=document_name,
                                preferred_printer=preferred_printer,
                                remember_printer=remember_printer, parent=self)

    def assemble(self, choices: QWidget) -> None:
        """Lay the dialog out around the widget holding the clerk's choices."""
        panes = QHBoxLayout()
        panes.addWidget(choices, 2)
        panes.addWidget(self.preview, 3)
        actions = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        actions.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addWidget(self.output)
        layout.addWidget(actions)
        self.resize(1000, 720)

    def render_async(self, build: Callable[[], bytes | None], missing: str = "") -> None:
        """Run `build` (on the operations thread) and show its PDF; None from it shows the
        `missing` text instead."""
        self._generation += 1
        generation = self._generation
        self.pdf = None
        self.output.set_pdf(None)

        def work() -> tuple[bytes | None, list[bytes] | None]:
            pdf = build()
            return pdf, rasterise(pdf) if pdf is not None else None

        def done(result: tuple[bytes | None, list[bytes] | None]) -> None:
            if generation != self._generation:
                return  # the clerk changed the choice meanwhile; a newer one is coming
            pdf, pages = result
            if pdf is None:
                self.preview.show_message(missing)
                return
            self.pdf = pdf
            self.output.set_pdf(pdf)
            self.preview.show_pages(pages)
            self.rendered.emit()

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.preview.show_message(describe(error))

        self.ops.run(work, done, failed)
