"""The item list: browse results or search hits, with the matched text highlighted."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    department: str
    spans: tuple[tuple[int, int], ...] = ()
    favourite: bool = False


def row_html(row: Row) -> str:
    """Name with matched spans marked, then the department in small grey."""
    parts, last = [], 0
    for start, end in sorted(row.spans):
        parts.append(escape(row.name[last:start]))
        parts.append(f"<b style='background:#ffe58f'>{escape(row.name[start:end])}</b>")
        last = end
    parts.append(escape(row.name[last:]))
    star = "★ " if row.favourite else ""
    return (f"{star}{''.join(parts)} <span style='color:#888;font-size:small'>"
            f"· {escape(row.department)}</span>")


class ItemListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, index: int) -> Row:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's default
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name}\n{row.department}\n{row.code}"
        if role == CODE_ROLE:
            return row.code
        if role == HTML_ROLE:
            return row_html(row)
        return None


class HighlightDelegate(QStyledItemDelegate):
    """Paints HTML_ROLE as rich text (the match highlighted) inside the normal item frame."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        document = QTextDocument()
        document.setDefaultFont(options.font)
        document.setHtml(str(index.data(HTML_ROLE) or ""))
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter,
                              options.widget)
        context = QAbstractTextDocumentLayout.PaintContext()
        if options.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     options.palette.color(QPalette.ColorRole.HighlightedText))
        area = options.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.translate(area.left(), area.top() + (area.height() - document.size().height())
                          / 2)
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 10))
