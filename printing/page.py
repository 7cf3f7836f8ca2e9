"""Pieces every printed document shares: escaping text for reportlab's paragraph markup,
and the diagonal marks (培训专用 无效, 填写样例) drawn across a page."""

from __future__ import annotations

from typing import Any

TRAINING_RGB = (0.8, 0.1, 0.1)  # the red of 培训专用 无效


def escape(text: str) -> str:
    """Plain text as reportlab Paragraph markup (which reads <, > and & as markup)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def diagonal_mark(canvas: Any, font: str, text: str, *, rgb: tuple[float, float, float],
                  size: float, height: float = 0.5, angle: float = 40) -> None:
    """`text` across the page, translucent, centred at `height` (a fraction of the page)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4

    width, page_height = A4  # every document we print is A4
    canvas.saveState()
    canvas.setFont(font, size)
    canvas.setFillColor(colors.Color(*rgb, alpha=0.2))
    canvas.translate(width / 2, page_height * height)
    canvas.rotate(angle)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()
