"""A full disk while pages are stored, on a real (tiny) filesystem: the pages already
kept stay readable, the one that did not fit leaves neither a file nor a row."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.system.services import require

ROOT = Path(__file__).resolve().parents[2]


def test_a_full_disk_keeps_every_page_stored_before_it(tmp_path: Path) -> None:
    require(os.geteuid() == 0 and shutil.which("unshare") is not None,
            "a private tmpfs needs root and unshare(1)")
    attachments = tmp_path / "ws-attachments"
    attachments.mkdir()
    script = ('mount -t tmpfs -o size=256k tmpfs "$1" && exec "$2" -m '
              'tests.system.disk_full_child "$3"')
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh",
         str(attachments), sys.executable, str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["device"], "the attachments folder was not the tiny filesystem"
    assert report["error"] == "store.disk_full"
    assert 3 <= len(report["kept"]) < 200
    assert report["files"] == report["rows"] == report["kept"]  # no .part file, no row
    assert report["readable"]
