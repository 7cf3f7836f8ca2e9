"""Errors of the printing layer; `code` is stable, the UI translates it."""

from __future__ import annotations


class PrintingError(Exception):
    code = "printing.failed"


class NoCjkFontError(PrintingError):
    """No installed font has Simplified Chinese glyphs (install fonts-wqy-zenhei)."""

    code = "printing.no_cjk_font"
