"""startup: process start to main window shown (Qt offscreen).

Figure: `python -m ui.app --sandbox --exit-when-shown`, which prints once the main window
has been shown and the event loop has turned once. Floor, same run: a bare PySide6
QMainWindow doing the same. Median of several runs each, interleaved.
ratio = figure / floor.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from benchmarks.common import REPO

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1280, 800)
def shown():
    print("shown", flush=True)
    w.close()
w.show()
QTimer.singleShot(0, shown)
app.exec()
"""


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=REPO, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    process.wait(30)
    process.stdout.close()
    if not line.startswith("shown"):
        raise RuntimeError(f"{cmd[:3]} did not report the window shown: {line!r}")
    return elapsed


def run(quick: bool = False) -> dict[str, Any]:
    rounds = 3 if quick else 9
    ours: list[float] = []
    bare: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKSTATION_HOME": home}
        app_cmd = [sys.executable, "-m", "ui.app", "--sandbox", "--exit-when-shown"]
        _time(app_cmd, env)  # warm the OS file cache for both
        _time([sys.executable, "-c", BARE], env)
        for _ in range(rounds):
            ours.append(_time(app_cmd, env))
            bare.append(_time([sys.executable, "-c", BARE], env))
    figure, floor = statistics.median(ours), statistics.median(bare)
    return {
        "name": "startup",
        "metrics": {"startup_s": round(figure, 3), "runs": [round(x, 3) for x in ours]},
        "floor": {"startup_s": round(floor, 3), "runs": [round(x, 3) for x in bare],
                  "what": "bare PySide6 QMainWindow shown, same platform plugin"},
        "ratio": round(figure / floor, 2),
    }
