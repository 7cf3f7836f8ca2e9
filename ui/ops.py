"""One background-operation API for the whole UI.

`ops.run(work, on_success, on_failure)` runs `work` on the operations thread and calls
the callbacks back on the main thread. Work is serialised on one thread because the
main store connection belongs to it; nothing on that thread touches a widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger("ui.ops")

T = TypeVar("T")


class _Delivery(QObject):
    """Lives on the main thread; signals emitted from the worker arrive queued."""

    done = Signal(object, object, object)  # callback, value, failure callback


class Operations(QObject):
    def __init__(
        self, on_unhandled: Callable[[BaseException], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ops")
        self._delivery = _Delivery(self)
        self._delivery.done.connect(self._deliver)
        self._on_unhandled = on_unhandled
        self._pending = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        if self._closed:
            log.debug("operation after shutdown ignored")
            return
        self._pending += 1
        future = self._pool.submit(work)
        future.add_done_callback(lambda f: self._finished(f, on_success, on_failure))

    def _finished(
        self,
        future: Future[Any],
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        # Worker thread: hand over to the main thread, nothing else.
        error = future.exception()
        if error is None:
            self._delivery.done.emit(on_success, ("ok", future.result()), on_failure)
        else:
            self._delivery.done.emit(on_success, ("error", error), on_failure)

    @Slot(object, object, object)
    def _deliver(self, on_success: Any, outcome: Any, on_failure: Any) -> None:
        self._pending -= 1
        kind, value = outcome
        if kind == "ok":
            if on_success is not None:
                on_success(value)
            return
        if on_failure is not None:
            on_failure(value)
        else:
            self._on_unhandled(value)

    def shutdown(self) -> None:
        """Wait for running work; later calls to run() are ignored."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)
