"""Blank forms and filled-in samples of the item being read: preview, print, save.

The list on the left holds every form the item's materials offer (blank form, then its
sample); Up/Down choose, the preview follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ui.document_dialog import DocumentDialog
from ui.ops import Operations

if TYPE_CHECKING:
    from server.contract import ServiceItem
    from workstation.checklist import FormDocument
    from workstation.core import Workstation


class FormsDialog(DocumentDialog):
    def __init__(self, ops: Operations, ws: Workstation, item: ServiceItem, *,
                 select: tuple[str, str] | None = None,
                 preferred_printer: str = "",
                 remember_printer: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        """`select` is (material code, variant) of the document to show first."""
        super().__init__(ops, document_name=self._document_name,
                         preferred_printer=preferred_printer,
                         remember_printer=remember_printer, parent=parent)
        from printing.forms import Variant
        from workstation.checklist import form_documents

        self.setObjectName("formsDialog")
        self.setWindowTitle(self.tr("Forms and samples: %1").replace("%1", item.name))
        self.ws = ws
        self.item = item
        self.documents = form_documents(item)

        self.list = QListWidget(self)
        self.list.setObjectName("formList")
        for document in self.documents:
            kind = (self.tr("Blank form") if document.variant is Variant.BLANK
                    else self.tr("Sample"))
            self.list.addItem(QListWidgetItem(
                f"{kind}：{document.title}\n    {document.material_name}"))
        self.assemble(self.list)
        self.list.currentRowChanged.connect(self._chosen)
        if not self.documents:
            self.preview.show_message(self.tr("This item offers no blank forms or samples."))
            return
        first = 0
        if select is not None:
            first = next((n for n, d in enumerate(self.documents)
                          if (d.material_code, d.variant.value) == select), 0)
        self.list.setCurrentRow(first)
        self.list.setFocus()

    def current(self) -> FormDocument | None:
        row = self.list.currentRow()
        return self.documents[row] if 0 <= row < len(self.documents) else None

    def _document_name(self) -> str:
        document = self.current()
        return document.title if document is not None else self.item.name

    def _chosen(self, _: int) -> None:
        document = self.current()
        if document is None:
            return
        self.preview.show_message(self.tr("Preparing the preview…"))
        ws = self.ws
        self.render_async(
            lambda: ws.form_pdf(document.form_id, document.variant),
            missing=self.tr("This form has not reached this workstation yet (or was "
                            "withdrawn). Sync, then open it again."))
