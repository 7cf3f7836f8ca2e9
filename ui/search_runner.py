"""Search as you type, off the main thread, latest query wins.

Each keystroke submits a query to the search thread. A query that has been overtaken by
a newer one before it starts is skipped, and results of an overtaken query are dropped
when they arrive, so the list always shows the answer to what is in the box now.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

if TYPE_CHECKING:
    from offline.search import Hit
    from workstation.kb import Searcher


class SearchRunner(QObject):
    finished = Signal(str, object)  # query, list[Hit]: only for the latest query
    failed = Signal(object)

    _delivered = Signal(int, str, object, object)  # seq, query, hits, error

    def __init__(self, make_searcher: Callable[[], Searcher], parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._make_searcher = make_searcher
        self._searcher: Searcher | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search")
        self._latest = 0
        self._lock = threading.Lock()
        self._closed = False
        self._delivered.connect(self._deliver)

    def query(self, text: str) -> None:
        if self._closed:
            return
        with self._lock:
            self._latest += 1
            seq = self._latest
        self._pool.submit(self._run, seq, text)

    def _run(self, seq: int, text: str) -> None:
        with self._lock:
            if seq != self._latest:
                return  # overtaken before it started
        try:
            if self._searcher is None:
                self._searcher = self._make_searcher()
            hits: list[Hit] = self._searcher.search(text)
        except Exception as exc:  # noqa: BLE001 - handed to the main thread's presenter
            self._delivered.emit(seq, text, None, exc)
            return
        self._delivered.emit(seq, text, hits, None)

    @Slot(int, str, object, object)
    def _deliver(self, seq: int, text: str, hits: object, error: object) -> None:
        if seq != self._latest:
            return
        if error is not None:
            self.failed.emit(error)
        else:
            self.finished.emit(text, hits)

    def shutdown(self) -> None:
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
