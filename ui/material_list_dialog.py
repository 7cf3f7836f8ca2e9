"""Material list for an applicant who is only asking: pick the situation, see the list,
print, save or open it. The preview is the PDF itself, rasterised.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import situations
from ui.document_dialog import DocumentDialog
from ui.ops import Operations

if TYPE_CHECKING:
    from server.contract import ServiceItem


class MaterialListDialog(DocumentDialog):
    def __init__(self, ops: Operations, item: ServiceItem, *, printed_where: str,
                 training: bool, preferred_printer: str = "",
                 remember_printer: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, document_name=lambda: f"{item.name}-材料清单",
                         preferred_printer=preferred_printer,
                         remember_printer=remember_printer, parent=parent)
        from workstation import checklist  # core types load lazily in the UI

        self.setObjectName("materialListDialog")
        self.setWindowTitle(self.tr("Material list: %1").replace("%1", item.name))
        self.item = item
        self.printed_where = printed_where
        self.training = training

        answers = checklist.default_answers(item)
        form = QVBoxLayout()
        if not item.situations:
            form.addWidget(QLabel(self.tr("This item has no situation questions."), self))
        boxes, self.groups = situations.build(self, item.situations, answers, self._changed)
        for box in boxes:
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

        self.assemble(choices)
        self._changed()

    def answers(self) -> dict[str, list[str]]:
        return situations.answers(self.groups)

    def _changed(self) -> None:
        from workstation import checklist

        answers = self.answers()
        count = len(checklist.applicable(self.item, answers))
        self.summary.setText(self.tr("%1 materials for this situation").replace(
            "%1", str(count)))
        item, where, training = self.item, self.printed_where, self.training

        def build() -> bytes:
            from printing import material_list

            return material_list.render(checklist.material_list(
                item, answers, printed_where=where, training=training))

        self.render_async(build)

    def save(self) -> None:
        self.output.save()
