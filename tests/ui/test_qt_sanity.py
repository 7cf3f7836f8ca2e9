"""The Qt binding itself: a known-bad release must not slip back in.

PySide6 6.12.0's SignalInstance.emit() returns True without a new reference, so each
emit() takes one reference from True; a busy session (the camera preview emits thirty
times a second) ends in "Fatal Python error: bool_dealloc". Counting True's references
around a hundred emits catches that class of bug before it crashes anything.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    value = Signal(object)
    pair = Signal(str, object)


def test_emitting_signals_leaves_the_reference_counts_of_true_false_and_none_alone(
    qtbot: QtBot,
) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.value.connect(received.append)
    emitter.pair.connect(lambda _, value: received.append(value))
    counts = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for _ in range(100):
        emitter.value.emit(None)
        emitter.pair.emit("x", False)
    worker = threading.Thread(target=lambda: [emitter.value.emit(True) for _ in range(100)])
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(received) == 300, timeout=5000)
    received.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    assert all(abs(a - b) < 20 for a, b in zip(after, counts, strict=True)), (counts, after)
