"""Adapts the sync worker's thread callbacks to queued Qt signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from workstation.sync import SyncWorker


class SyncBridge(QObject):
    report = Signal(object)  # SyncReport, emitted from the sync thread, delivered queued
    progress = Signal(object)  # SyncProgress

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker: SyncWorker | None = None

    def attach(self, worker: SyncWorker) -> None:
        self._worker = worker
        worker.start()

    @property
    def worker(self) -> SyncWorker | None:
        return self._worker

    def request(self) -> None:
        if self._worker is not None:
            self._worker.request()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def stop(self) -> None:
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
