"""Captured pages at the counter, headless: stored sealed, attached to materials, exported.

The capture dialog (ui/) turns camera frames, scanner pages and files into encoded pages
with devices.capture; this module keeps them (offline.attachments, by hash), attaches
them to a material of the draft, and writes a case's pages as one bookmarked PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from offline import drafts
from offline.store import Store
from printing.scans import Section, scans_pdf
from workstation import intake


def store_page(store: Store, data: bytes, media_type: str, *, width: int, height: int,
               dpi: int, blank: bool = False,
               warnings: Sequence[str] = ()) -> intake.ScannedPage:
    """Keep a page (once, sealed) and return the reference a draft holds."""
    blob = store.attachments.put(data, media_type, width, height, dpi)
    return intake.ScannedPage(sha256=blob.sha256, media_type=blob.media_type, size=blob.size,
                              width=blob.width, height=blob.height, dpi=blob.dpi,
                              blank=blank, warnings=list(warnings))


def attach(draft: intake.Draft, material_code: str,
           pages: Sequence[intake.ScannedPage]) -> None:
    """Make `pages` the material's captured pages (in this order). Capturing a paper means
    it was handed in, so the material counts as received, with at least as many pages."""
    entry = draft.materials.get(material_code) or intake.MaterialEntry(code=material_code)
    update: dict[str, object] = {"scans": list(pages)}
    if pages:
        update["received"] = True
        update["pages"] = max(entry.pages, len(pages))
    draft.materials[material_code] = entry.model_copy(update=update)


def draft_sections(draft: intake.Draft) -> list[tuple[str, list[str]]]:
    """(material name, page hashes) of the checklist's materials that have pages."""
    return [(material.name, [p.sha256 for p in entry.scans])
            for material, entry in intake.entries(draft) if entry.scans]


def export_pdf(store: Store, sections: Sequence[tuple[str, Sequence[str]]], *,
               title: str) -> bytes:
    """One PDF of the given materials' pages, a bookmark per material (30 pages take
    about a tenth of a second: benchmark capture)."""
    return scans_pdf([Section(name, [store.attachments.read(h) for h in hashes])
                      for name, hashes in sections], title=title)


# Pages nothing refers to are kept this long: a capture dialog left open over a long
# weekend still finds its pages.
ORPHAN_AGE = dt.timedelta(days=7)


def _draft_pages(store: Store) -> set[str]:
    return {str(page["sha256"]) for body in drafts.all_bodies(store.conn, store.cipher)
            for entry in body.get("materials", {}).values()
            for page in entry.get("scans", [])}


def purge(store: Store, retention_days: int, now: dt.datetime | None = None) -> int:
    """Free the disk of pages the server confirmed more than `retention_days` ago (with
    every case that refers to them), and of pages no case or draft refers to that are
    older than ORPHAN_AGE; open drafts' pages and anything unconfirmed stay."""
    moment = now or dt.datetime.now(dt.UTC)
    keep = _draft_pages(store)
    purged = store.attachments.purge(moment - dt.timedelta(days=retention_days), keep)
    return purged + store.attachments.sweep_orphans(moment - ORPHAN_AGE, keep)
