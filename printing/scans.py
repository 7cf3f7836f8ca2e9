"""A case's captured pages as one PDF, one bookmark per material.

The pages are embedded as they are stored (JPEG as DCT, bitonal PNG as Flate): img2pdf
copies the compressed data without decoding or re-encoding it, so the export is fast and
loses nothing, and each page comes out at its true size from the dpi in its header.
pikepdf, which img2pdf already depends on, adds the outline.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import img2pdf
import pikepdf


@dataclass(frozen=True)
class Section:
    """One material: its bookmark title and its pages (encoded image bytes) in order."""

    title: str
    pages: Sequence[bytes]


class NoPagesError(ValueError):
    """Nothing was captured for the case."""


def scans_pdf(sections: Sequence[Section], *, title: str) -> bytes:
    """The PDF of every page of every section, bookmarked per section (with its page
    count). Sections without pages get no bookmark. Raises NoPagesError when there is no
    page at all."""
    images = [page for section in sections for page in section.pages]
    if not images:
        raise NoPagesError("no pages to export")
    raw = img2pdf.convert(images, title=title, creator="Clerk Workstation",
                          producer="Clerk Workstation", nodate=True)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        with pdf.open_outline() as outline:
            first = 0
            for section in sections:
                if section.pages:
                    outline.root.append(pikepdf.OutlineItem(
                        f"{section.title}（{len(section.pages)}页）", first))
                first += len(section.pages)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        pdf.save(out)
    return out.getvalue()
