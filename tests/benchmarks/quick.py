"""Running one benchmark in quick mode as a user would: `python -m benchmarks NAME`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def run_quick(name: str, timeout: float) -> dict[str, Any]:
    """The JSON object the benchmark printed last; fails the test if it did not run."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", name, "--quick"],
        cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["name"] == name
    return result
