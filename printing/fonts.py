"""The CJK font every printed document uses, embedded as a subset in each PDF.

Found through fontconfig (any font that covers zh-cn), then a few well-known paths;
`WORKSTATION_CJK_FONT` overrides both (a .ttf, or a .ttc collection's first face).

Certificates also use fallback fonts for the rare characters (生僻字) the main font lacks,
e.g. 𠀾 (U+2003E, CJK Extension B) in a name: HanaMin A and B (fonts-hanazono) where
installed; `WORKSTATION_CJK_FALLBACK_FONTS` (paths separated by os.pathsep) overrides them.
:func:`stack` answers, per character, which font draws it (None: no font can).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from printing.errors import NoCjkFontError

FONT_NAME = "WorkstationCJK"
KNOWN = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FALLBACK_NAME = "WorkstationCJKFallback{n}"
#: Tried in this order for a character the main font lacks. TrueType outlines only: reportlab
#: cannot embed CFF-based fonts (Noto CJK .otf/.ttc).
FALLBACK_KNOWN = (
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",  # BMP, Extension A, some of B
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",  # Extensions B-F
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


def find_fallback_fonts() -> list[Path]:
    """The fallback fonts, in the order they are tried (possibly none)."""
    override = os.environ.get("WORKSTATION_CJK_FALLBACK_FONTS")
    if override is not None:
        paths = [Path(p) for p in override.split(os.pathsep) if p]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise NoCjkFontError(f"WORKSTATION_CJK_FALLBACK_FONTS: {', '.join(missing)} missing")
        return paths
    return [Path(p) for p in FALLBACK_KNOWN if Path(p).is_file()]


@dataclass(frozen=True)
class StackFont:
    """One registered font of the stack and what it covers."""

    name: str  # for setFont() and pdfmetrics.stringWidth()
    family: str  # the font's own name, e.g. "HanaMinB" (for the clerk's warning)
    path: Path
    #: Vertical extent of a line in em: above and below the baseline (both positive).
    ascent: float
    descent: float
    #: The font's cmap: code point -> glyph index.
    _glyphs: Any = field(repr=False, compare=False)
    #: reportlab's parsed font file (for the glyphs' outlines' bounding boxes).
    _face: Any = field(repr=False, compare=False)
    #: Glyph boxes read so far, by character: a handful per certificate.
    _ink: dict[str, tuple[float, float, float, float] | None] = field(
        default_factory=dict, repr=False, compare=False)

    def covers(self, char: str) -> bool:
        return bool(self._glyphs.get(ord(char)))  # glyph 0 is .notdef, the "tofu" box

    def ink(self, char: str) -> tuple[float, float, float, float] | None:
        """The bounding box of ``char``'s outline in em: (x min, y min, x max, y max) from
        its origin on the baseline, y up; None for a glyph without outline (a space).

        Read from the glyph's header in the font's 'glyf' table: it bounds every control
        point, so the drawn outline lies inside it (unlike ascent and descent, which some
        glyphs, e.g. brackets, exceed).
        """
        if char not in self._ink:
            self._ink[char] = _glyph_box(self._face, self._glyphs.get(ord(char), 0))
        return self._ink[char]


@dataclass(frozen=True)
class FontStack:
    """The main CJK font, then the fallbacks."""

    fonts: tuple[StackFont, ...]

    @property
    def main(self) -> StackFont:
        return self.fonts[0]

    def font_for(self, char: str) -> StackFont | None:
        """The first font that has a glyph for ``char``; None when no font has one."""
        for font in self.fonts:
            if font.covers(char):
                return font
        return None


@cache
def stack() -> FontStack:
    """Register the main font and the fallbacks with reportlab once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = [_stack_font(pdfmetrics.getFont(register()), find_cjk_font())]
    for n, path in enumerate(find_fallback_fonts(), start=1):
        name = FALLBACK_NAME.format(n=n)
        try:
            font = TTFont(name, str(path), subfontIndex=0)
        except Exception as exc:
            raise NoCjkFontError(f"{path}: {exc}") from exc
        pdfmetrics.registerFont(font)
        fonts.append(_stack_font(font, path))
    return FontStack(tuple(fonts))


def _stack_font(font: Any, path: Path) -> StackFont:
    face = font.face
    return StackFont(
        name=font.fontName,
        family=str(face.name.decode() if isinstance(face.name, bytes) else face.name),
        path=path,
        ascent=float(face.ascent) / 1000,
        descent=abs(float(face.descent)) / 1000,
        _glyphs=face.charToGlyph,
        _face=face,
    )


def _glyph_box(face: Any, glyph: int) -> tuple[float, float, float, float] | None:
    import struct

    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    if end - start < 10:
        return None
    glyf = face.get_table_pos("glyf")[0]
    _, x_min, y_min, x_max, y_max = struct.unpack(">hhhhh", face.get_chunk(glyf + start, 10))
    em = float(face.unitsPerEm)
    return x_min / em, y_min / em, x_max / em, y_max / em
