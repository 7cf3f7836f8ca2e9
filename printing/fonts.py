"""The CJK font every printed document uses, embedded as a subset in each PDF.

Found through fontconfig (any font that covers zh-cn), then a few well-known paths;
`WORKSTATION_CJK_FONT` overrides both (a .ttf, or a .ttc collection's first face).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

from printing.errors import NoCjkFontError

FONT_NAME = "WorkstationCJK"
KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def find_cjk_font() -> Path:
    override = os.environ.get("WORKSTATION_CJK_FONT")
    if override:
        if Path(override).is_file():
            return Path(override)
        raise NoCjkFontError(f"WORKSTATION_CJK_FONT={override} does not exist")
    fc_match = shutil.which("fc-match")
    if fc_match:
        result = subprocess.run(  # noqa: S603 - fixed arguments, found on PATH
            [fc_match, "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True,
            timeout=10, check=False)
        candidate = Path(result.stdout.strip())
        # reportlab embeds TrueType outlines only (not CFF-based .otf).
        if result.returncode == 0 and candidate.suffix.lower() in (".ttf", ".ttc") \
                and candidate.is_file():
            return candidate
    for path in KNOWN:
        if Path(path).is_file():
            return Path(path)
    raise NoCjkFontError("no font with Simplified Chinese glyphs; install fonts-wqy-zenhei")


@cache
def register() -> str:
    """Register the CJK font with reportlab once; returns its name for setFont()."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = find_cjk_font()
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=0)
    except Exception as exc:
        raise NoCjkFontError(f"{path}: {exc}") from exc
    pdfmetrics.registerFont(font)
    return FONT_NAME
