"""A preview of a PDF we rendered, rasterised from the PDF itself (what prints is what shows).

Rasterising runs on the operations thread (`rasterise`), showing the pages on the main
thread (`PdfPreview.show_pages`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

MAX_PREVIEW_PAGES = 6


def rasterise(pdf: bytes, dpi: int = 70, pages: int = MAX_PREVIEW_PAGES) -> list[bytes] | None:
    """The first `pages` pages as PNGs through poppler's pdftoppm; None when it is not
    installed or cannot read the PDF."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="workstation-preview-") as tmp:
        source = Path(tmp) / "document.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed arguments, tool found on PATH
            [tool, "-png", "-r", str(dpi), "-f", "1", "-l", str(pages), str(source),
             str(Path(tmp) / "page")], capture_output=True, timeout=60, check=False)
        images = sorted(Path(tmp).glob("page-*.png"))
        if result.returncode != 0 or not images:
            return None
        return [image.read_bytes() for image in images]


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWidgetResizable(True)
        self._pages = QWidget(self)
        self._layout = QVBoxLayout(self._pages)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._pages)
        self.labels: list[QLabel] = []
        self.show_message(self.tr("Preparing the preview…"))

    def _clear(self) -> None:
        for label in self.labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self.labels = []

    def _add(self) -> QLabel:
        label = QLabel(self._pages)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.addWidget(label)
        self.labels.append(label)
        return label

    def show_message(self, text: str) -> None:
        self._clear()
        label = self._add()
        label.setWordWrap(True)
        label.setText(text)

    def show_pages(self, pngs: list[bytes] | None) -> None:
        if not pngs:
            self.show_message(self.tr("No preview: install poppler-utils. The PDF can still "
                                      "be saved and printed."))
            return
        self._clear()
        for png in pngs:
            self._add().setPixmap(QPixmap.fromImage(QImage.fromData(png)))

    def page_count(self) -> int:
        return sum(1 for label in self.labels if not label.pixmap().isNull())
