"""The knowledge base view: one search box, the item list, the full guide.

Keyboard: Ctrl+F / F3 (from anywhere in the window) focuses the search box; typing shows
results at once; Up/Down/PageUp/PageDown move through them without leaving the box;
Enter opens the selected item; Esc clears the box (and returns to the browse list);
Ctrl+D adds or removes the open item from the clerk's favourites; Ctrl+P prints the
material list for a situation; Ctrl+B opens the item's blank forms and filled-in samples
(the guide's form links open them too: Tab to a link, Enter).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import guide
from ui.catalogue_model import CODE_ROLE, HighlightDelegate, ItemListModel, Row
from ui.forms_dialog import FormsDialog
from ui.material_list_dialog import MaterialListDialog
from ui.ops import Operations
from ui.search_runner import SearchRunner

if TYPE_CHECKING:
    from offline.catalogue import ItemSummary
    from offline.search import Hit
    from server.contract import ServiceItem
    from workstation.core import Workstation

log = logging.getLogger("ui.knowledge_base")

NAV_KIND = Qt.ItemDataRole.UserRole
NAV_VALUE = Qt.ItemDataRole.UserRole + 1


class KnowledgeBaseView(QWidget):
    list_loaded = Signal(int)  # rows now in the item list
    search_done = Signal(str)  # the query whose results are shown
    item_shown = Signal(str)  # code of the item in the guide pane (previewed or opened)
    item_opened = Signal(str)  # code of an item the clerk opened (Enter, double-click)
    start_case = Signal(object)  # the ServiceItem a case is to be started for (Ctrl+N)

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("knowledgeBase")
        self.ops = ops
        self.ws: Workstation | None = None
        self.runner: SearchRunner | None = None
        self.current: ServiceItem | None = None
        self._favourites: set[str] = set()

        self.nav = QListWidget(self)
        self.nav.setObjectName("kbNavigation")
        self.nav.currentItemChanged.connect(self._nav_changed)

        self.search = QLineEdit(self)
        self.search.setObjectName("kbSearch")
        self.search.setPlaceholderText(
            self.tr("Search items, materials, pinyin or codes (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._query_changed)
        self.search.installEventFilter(self)

        self.model = ItemListModel(self)
        self.items = QListView(self)
        self.items.setObjectName("kbItems")
        self.items.setModel(self.model)
        self.items.setItemDelegate(HighlightDelegate(self.items))
        self.items.setUniformItemSizes(True)
        self.items.selectionModel().currentChanged.connect(self._preview)
        self.items.activated.connect(lambda index: self.open_index(index))
        self.status = QLabel(self)
        self.status.setObjectName("kbStatus")

        self.favourite_button = QToolButton(self)
        self.favourite_button.setObjectName("kbFavourite")
        self.favourite_button.setCheckable(True)
        self.favourite_button.setEnabled(False)
        self.favourite_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.favourite_button.clicked.connect(self.toggle_favourite)
        self._label_favourite(False)
        self.list_button = QToolButton(self)
        self.list_button.setObjectName("kbMaterialList")
        self.list_button.setText(self.tr("Print material list… (Ctrl+P)"))
        self.list_button.setEnabled(False)
        self.list_button.clicked.connect(self.material_list)
        self.forms_button = QToolButton(self)
        self.forms_button.setObjectName("kbForms")
        self.forms_button.setText(self.tr("Forms and samples… (Ctrl+B)"))
        self.forms_button.setEnabled(False)
        self.forms_button.clicked.connect(lambda: self.forms())
        self.detail = QTextBrowser(self)
        self.detail.setObjectName("itemDetail")
        self.detail.setOpenLinks(False)  # our links open dialogs, never navigate away
        self.detail.anchorClicked.connect(self._link)
        self.detail.setPlaceholderText(self.tr("Choose an item to read its guide."))

        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.search)
        middle_layout.addWidget(self.items, 1)
        middle_layout.addWidget(self.status)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.case_button = QToolButton(self)
        self.case_button.setObjectName("kbStartCase")
        self.case_button.setText(self.tr("Start a case… (Ctrl+N)"))
        self.case_button.setEnabled(False)
        self.case_button.clicked.connect(self._start_case)
        bar.addWidget(self.case_button)
        bar.addWidget(self.forms_button)
        bar.addWidget(self.list_button)
        bar.addWidget(self.favourite_button)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.detail, 1)

        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        splitter.setSizes([220, 380, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.find_action = QAction(self.tr("Find item"), self)
        self.find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence(Qt.Key.Key_F3)])
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)
        self.favourite_action = QAction(self.tr("Add to or remove from favourites"), self)
        self.favourite_action.setShortcut(QKeySequence("Ctrl+D"))
        self.favourite_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.favourite_action.triggered.connect(self.toggle_favourite)
        self.addAction(self.favourite_action)
        self.list_action = QAction(self.tr("Print material list…"), self)
        self.list_action.setShortcut(QKeySequence("Ctrl+P"))
        self.list_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.list_action.triggered.connect(self.material_list)
        self.addAction(self.list_action)
        self.forms_action = QAction(self.tr("Blank forms and samples…"), self)
        self.forms_action.setShortcut(QKeySequence("Ctrl+B"))
        self.forms_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.forms_action.triggered.connect(lambda: self.forms())
        self.addAction(self.forms_action)
        self.list_dialog: MaterialListDialog | None = None
        self.forms_dialog: FormsDialog | None = None
        self.case_action = QAction(self.tr("Start a case for this item"), self)
        self.case_action.setShortcut(QKeySequence("Ctrl+N"))
        self.case_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.case_action.triggered.connect(self._start_case)
        self.addAction(self.case_action)

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, ws: Workstation) -> None:
        self.ws = ws
        self.runner = SearchRunner(ws.searcher, self)
        self.runner.finished.connect(self._show_hits)
        self.runner.failed.connect(self._search_failed)
        self.reload()

    def shutdown(self) -> None:
        if self.runner is not None:
            self.runner.shutdown()
            self.runner = None

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- browsing -------------------------------------------------------------------------

    def reload(self) -> None:
        """Rebuild the navigation (after login, a sync that changed the catalogue, …)."""
        ws = self.ws
        if ws is None:
            return

        def load() -> tuple[list[tuple[str, int]], list[tuple[str, int]], int, int, set[str]]:
            return (ws.departments(), ws.item_types(), len(ws.favourites()),
                    len(ws.recent()), ws.favourite_codes())

        self.ops.run(load, self._fill_nav)

    def _fill_nav(self, loaded: tuple[list[tuple[str, int]], list[tuple[str, int]], int, int,
                                      set[str]]) -> None:
        departments, types, favourites, recent, codes = loaded
        self._favourites = codes
        current = self.nav.currentItem()
        keep = (current.data(NAV_KIND), current.data(NAV_VALUE)) if current else ("all", "")
        self.nav.blockSignals(True)
        self.nav.clear()
        total = sum(n for _, n in departments)
        self._nav_entry(self.tr("★ Favourites (%1)").replace("%1", str(favourites)),
                        "favourites")
        self._nav_entry(self.tr("Recently opened (%1)").replace("%1", str(recent)), "recent")
        self._nav_entry(self.tr("All items (%1)").replace("%1", str(total)), "all")
        self._nav_heading(self.tr("By department"))
        for name, count in departments:
            self._nav_entry(f"{name} ({count})", "department", name)
        self._nav_heading(self.tr("By item type"))
        for code, count in types:
            self._nav_entry(f"{guide.item_type_label(code)} ({count})", "type", code)
        chosen = 2  # all items, unless the previous choice is still there
        for row in range(self.nav.count()):
            entry = self.nav.item(row)
            if (entry.data(NAV_KIND), entry.data(NAV_VALUE)) == keep:
                chosen = row
                break
        self.nav.setCurrentRow(chosen)
        self.nav.blockSignals(False)
        # Refreshing the counts must not disturb a search or the item being read.
        if not self.search.text().strip():
            self._browse()

    def _nav_entry(self, text: str, kind: str, value: str = "") -> None:
        entry = QListWidgetItem(text)
        entry.setData(NAV_KIND, kind)
        entry.setData(NAV_VALUE, value)
        self.nav.addItem(entry)

    def _nav_heading(self, text: str) -> None:
        entry = QListWidgetItem(text)
        entry.setFlags(Qt.ItemFlag.NoItemFlags)
        font = entry.font()
        font.setBold(True)
        entry.setFont(font)
        self.nav.addItem(entry)

    def _nav_changed(self, current: QListWidgetItem | None, _: object) -> None:
        ws = self.ws
        if ws is None or current is None or not current.data(NAV_KIND):
            return
        if self.search.text().strip():
            self.search.clear()  # browsing replaces the search results
            return
        self._browse()

    def _browse(self) -> None:
        ws = self.ws
        current = self.nav.currentItem()
        if ws is None or current is None:
            return
        kind, value = current.data(NAV_KIND), current.data(NAV_VALUE)
        loaders: dict[str, Callable[[], list[ItemSummary]]] = {
            "favourites": ws.favourites,
            "recent": ws.recent,
            "all": ws.item_summaries,
            "department": lambda: ws.item_summaries(value),
            "type": lambda: ws.items_of_type(value),
        }
        load = loaders.get(str(kind))
        if load is not None:
            self.ops.run(load, self._show_summaries)

    def _show_summaries(self, items: list[ItemSummary]) -> None:
        if self.search.text().strip():
            return  # a search started meanwhile; its results win
        self._set_rows([Row(i.code, i.name, i.department, (), i.code in self._favourites)
                        for i in items])
        self.status.setText(self.tr("%1 items").replace("%1", str(len(items))))
        self.list_loaded.emit(len(items))

    # -- searching ------------------------------------------------------------------------

    def _query_changed(self, text: str) -> None:
        if not text.strip():
            self._browse()
            return
        if self.runner is not None:
            self.runner.query(text)

    def _show_hits(self, query: str, hits: list[Hit]) -> None:
        if query != self.search.text():
            return
        self._set_rows([Row(h.code, h.name, h.department, h.spans,
                            h.code in self._favourites) for h in hits], keep=False)
        if hits:
            self.status.setText(self.tr("%1 results").replace("%1", str(len(hits))))
        else:
            self.status.setText(self.tr("Nothing found. Try fewer characters, pinyin "
                                        "initials or a material name."))
        self.search_done.emit(query)

    def _search_failed(self, error: BaseException) -> None:
        log.error("search failed: %r", error)
        self.status.setText(self.tr("Search is not available right now."))

    def _set_rows(self, rows: list[Row], keep: bool = True) -> None:
        """Show rows; a refreshed list keeps the item being read selected (no new preview),
        new search results select their best hit."""
        current = self.items.currentIndex()
        previous = str(current.data(CODE_ROLE)) if current.isValid() else None
        self.model.set_rows(rows)
        if not rows:
            return
        row = 0
        if keep and previous is not None:
            row = next((i for i, r in enumerate(rows) if r.code == previous), 0)
        if keep and rows[row].code == previous:
            selection = self.items.selectionModel()
            selection.blockSignals(True)  # same item: no preview, the guide stays as it is
            self.items.setCurrentIndex(self.model.index(row, 0))
            selection.blockSignals(False)
        else:
            self.items.setCurrentIndex(self.model.index(row, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            moves = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10,
                     Qt.Key.Key_PageUp: -10}
            if key in moves:
                self._move(moves[Qt.Key(key)])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_index(self.items.currentIndex())
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        row = self.items.currentIndex().row() if self.items.currentIndex().isValid() else -1
        row = max(0, min(count - 1, row + step))
        self.items.setCurrentIndex(self.model.index(row, 0))

    # -- the guide ------------------------------------------------------------------------

    def _preview(self, current: QModelIndex, _: QModelIndex) -> None:
        ws = self.ws
        if ws is None or not current.isValid():
            return
        code = str(current.data(CODE_ROLE))
        self.ops.run(lambda: ws.item(code), self._show_item)

    def open_index(self, index: QModelIndex) -> None:
        """Open the item: shown in the guide and counted as used by this clerk."""
        ws = self.ws
        if ws is None or not index.isValid():
            return
        code = str(index.data(CODE_ROLE))

        def opened(item: ServiceItem | None) -> None:
            self._show_item(item)
            if item is not None:
                self.item_opened.emit(item.code)

        self.ops.run(lambda: ws.open_item(code), opened)
        self.detail.setFocus()

    def _show_item(self, item: ServiceItem | None) -> None:
        self.current = item
        self.favourite_button.setEnabled(item is not None)
        self.list_button.setEnabled(item is not None)
        self.case_button.setEnabled(item is not None)
        self.forms_button.setEnabled(item is not None and any(m.form for m in item.materials))
        if item is None:
            self.detail.setPlainText(self.tr("This item is no longer in the catalogue."))
            return
        self._label_favourite(item.code in self._favourites)
        self.detail.setHtml(guide.render(item))
        self.item_shown.emit(item.code)

    def _label_favourite(self, on: bool) -> None:
        self.favourite_button.setChecked(on)
        self.favourite_button.setText(
            self.tr("★ In favourites (Ctrl+D)") if on else self.tr("☆ Add to favourites (Ctrl+D)"))

    def material_list(self) -> None:
        """The printable material list of the item being read, for its situation."""
        ws, item = self.ws, self.current
        if ws is None or item is None:
            return
        profile = ws.session.profile if ws.session else None
        where = f"{profile.hall} {profile.window}" if profile else ""
        self.list_dialog = MaterialListDialog(self.ops, item, printed_where=where,
                                              training=ws.sandbox,
                                              **self._printer_memory(ws, "material_list"),
                                              parent=self)
        self.list_dialog.open()

    def forms(self, select: tuple[str, str] | None = None) -> None:
        """The blank forms and samples of the item being read; `select` is (material code,
        variant) of the one to show first."""
        ws, item = self.ws, self.current
        if ws is None or item is None or not any(m.form for m in item.materials):
            return
        self.forms_dialog = FormsDialog(self.ops, ws, item, select=select,
                                        **self._printer_memory(ws, "form"), parent=self)
        self.forms_dialog.open()

    def _start_case(self) -> None:
        if self.current is not None:
            self.start_case.emit(self.current)

    def _printer_memory(self, ws: Workstation, document_type: str) -> dict[str, Any]:
        def remember(name: str) -> None:
            self.ops.run(lambda: ws.remember_printer(document_type, name))

        return {"preferred_printer": ws.settings.printers.get(document_type, ""),
                "remember_printer": remember}

    def _link(self, url: QUrl) -> None:
        """Links in the guide: form:<material code>/<blank|sample>."""
        if url.scheme() == guide.FORM_SCHEME:
            material, _, variant = url.path().rpartition("/")
            self.forms((material, variant))

    def toggle_favourite(self) -> None:
        ws, item = self.ws, self.current
        if ws is None or item is None:
            return
        on = item.code not in self._favourites
        code = item.code

        def done(_: Any) -> None:
            if on:
                self._favourites.add(code)
            else:
                self._favourites.discard(code)
            self._label_favourite(on)
            self.reload()

        self.ops.run(lambda: ws.set_favourite(code, on), done)
