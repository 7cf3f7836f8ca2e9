"""Material list for an applicant who is only asking: pick the situation, see the list,
save or print it. The preview is the PDF itself, rasterised (what prints is what shows).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from server.contract import ServiceItem


def rasterise(pdf: bytes, dpi: int = 70) -> bytes | None:
    """First page as PNG through poppler's pdftoppm; None when it is not installed."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="material-list-") as tmp:
        source = Path(tmp) / "list.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(  # noqa: S603 - fixed arguments, tool found on PATH
            [tool, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(source),
             str(Path(tmp) / "page")], capture_output=True, timeout=30, check=False)
        page = Path(tmp) / "page.png"
        return page.read_bytes() if result.returncode == 0 and page.exists() else None


class MaterialListDialog(QDialog):
    rendered = Signal()  # a new PDF (and its preview) is ready

    def __init__(self, ops: Operations, item: ServiceItem, *, printed_where: str,
                 training: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workstation import checklist  # core types load lazily in the UI

        self.setObjectName("materialListDialog")
        self.setWindowTitle(self.tr("Material list: %1").replace("%1", item.name))
        self.ops = ops
        self.item = item
        self.printed_where = printed_where
        self.training = training
        self.pdf: bytes | None = None
        self._generation = 0
        self.groups: dict[str, list[tuple[str, QAbstractButton]]] = {}

        answers = checklist.default_answers(item)
        form = QVBoxLayout()
        if not item.situations:
            form.addWidget(QLabel(self.tr("This item has no situation questions."), self))
        for situation in item.situations:
            box = QGroupBox(situation.question, self)
            box_layout = QVBoxLayout(box)
            exclusive = QButtonGroup(box) if not situation.multiple else None
            options: list[tuple[str, QAbstractButton]] = []
            for option in situation.options:
                button: QAbstractButton = (QCheckBox(option.label, box) if situation.multiple
                                           else QRadioButton(option.label, box))
                button.setChecked(option.code in answers.get(situation.code, []))
                button.toggled.connect(self._changed)
                if exclusive is not None:
                    exclusive.addButton(button)
                box_layout.addWidget(button)
                options.append((option.code, button))
            self.groups[situation.code] = options
            form.addWidget(box)
        form.addStretch(1)
        self.summary = QLabel(self)
        self.summary.setObjectName("materialCount")
        form.addWidget(self.summary)
        left = QWidget(self)
        left.setLayout(form)
        choices = QScrollArea(self)
        choices.setWidgetResizable(True)
        choices.setWidget(left)

        self.preview = QLabel(self.tr("Preparing the preview…"), self)
        self.preview.setObjectName("materialPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        preview_area = QScrollArea(self)
        preview_area.setWidgetResizable(True)
        preview_area.setWidget(self.preview)

        panes = QHBoxLayout()
        panes.addWidget(choices, 2)
        panes.addWidget(preview_area, 3)

        actions = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = QPushButton(self.tr("&Save PDF…"), self)
        self.open_button = QPushButton(self.tr("&Open to print"), self)
        self.open_button.setToolTip(self.tr("Opens the PDF in the system viewer, which prints "
                                            "it on any installed printer."))
        for button in (self.save_button, self.open_button):
            button.setEnabled(False)
            actions.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self.save)
        self.open_button.clicked.connect(self.open_externally)
        actions.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(panes, 1)
        layout.addWidget(actions)
        self.resize(1000, 700)
        self._changed()

    def answers(self) -> dict[str, list[str]]:
        return {code: [option for option, button in buttons if button.isChecked()]
                for code, buttons in self.groups.items()}

    def _changed(self) -> None:
        from workstation import checklist

        answers = self.answers()
        count = len(checklist.applicable(self.item, answers))
        self.summary.setText(self.tr("%1 materials for this situation").replace(
            "%1", str(count)))
        self._generation += 1
        generation = self._generation
        item, where, training = self.item, self.printed_where, self.training

        def build() -> tuple[int, bytes, bytes | None]:
            from printing import material_list

            doc = checklist.material_list(item, answers, printed_where=where,
                                          training=training)
            pdf = material_list.render(doc)
            return generation, pdf, rasterise(pdf)

        self.ops.run(build, self._built, self._failed)

    def _built(self, result: tuple[int, bytes, bytes | None]) -> None:
        generation, pdf, png = result
        if generation != self._generation:
            return  # the clerk changed an answer meanwhile; a newer one is coming
        self.pdf = pdf
        self.save_button.setEnabled(True)
        self.open_button.setEnabled(True)
        if png is None:
            self.preview.setText(self.tr("No preview: install poppler-utils. The PDF can "
                                         "still be saved and printed."))
        else:
            self.preview.setPixmap(QPixmap.fromImage(QImage.fromData(png)))
        self.rendered.emit()

    def _failed(self, error: BaseException) -> None:
        self.preview.setText(describe(error))

    def save(self) -> None:
        if self.pdf is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save material list"), f"{self.item.name}-材料清单.pdf",
            self.tr("PDF (*.pdf)"))
        if path:
            Path(path).write_bytes(self.pdf)

    def open_externally(self) -> None:
        if self.pdf is None:
            return
        folder = Path(tempfile.gettempdir()) / "clerk-workstation-lists"
        folder.mkdir(exist_ok=True)
        target = folder / f"material-list-{self.item.code[:24]}.pdf"
        target.write_bytes(self.pdf)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
