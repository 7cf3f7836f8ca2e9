"""The real application under Xvfb in sandbox mode, with gnome-keyring: log in as the
demo clerk and save a screenshot of the knowledge base showing Chinese text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import REPO
from tests.system.services import KeyringSession, XvfbDisplay

SCREENSHOTS = REPO / "screenshots"


def test_sandbox_app_logs_in_and_shows_chinese_guide(
    xvfb: XvfbDisplay, keyring_session: KeyringSession, tmp_path: Path
) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "knowledge-base-sandbox.png"
    shot.unlink(missing_ok=True)
    env = xvfb.process_env(keyring_session.process_env())
    env["WORKSTATION_HOME"] = str(tmp_path / "home")
    env.pop("QT_QPA_PLATFORM", None)
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        [sys.executable, "-m", "tests.system.drive_app", str(shot), "--sandbox"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=150,
    )
    assert result.returncode == 0, (result.stdout, result.stderr[-3000:])
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["ok"] and seen["platform"] == "xcb"
    assert seen["screen"] == [xvfb.width, xvfb.height]
    assert "培训" in seen["banner"]
    assert seen["title"] == "综合受理工作台 — 培训模式"  # zh_CN is the default language
    assert "王晓梅" in seen["session"]
    assert "护照" in seen["detail"]
    assert seen["items"] >= 1
    assert seen["cjk_fonts"], "no font with Simplified Chinese glyphs is installed"
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (xvfb.width, xvfb.height)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 20, "screenshot is blank"
    # Sandbox secrets went to the sandbox keyring service, not to a fallback file.
    assert not (tmp_path / "home" / "sandbox" / "sandbox-secrets.json").exists()
    assert os.path.getsize(shot) > 10_000
