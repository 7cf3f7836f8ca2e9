"""A full disk, simulated without root: the store's connection may not grow its file by
one page (SQLite `max_page_count`). Whatever did not fit leaves nothing half-written, and
what was kept before stays intact. A real tiny filesystem is tests/system/
test_capture_storage.py; deciding and syncing on a full disk are tests/workstation/
test_disk_full.py.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from offline import drafts
from offline.errors import DiskFullError
from offline.store import Store, open_store
from workstation.secrets import FileVault

# A note of the longest kind a clerk may write (2,000 characters). A case row holds it
# twice (its details and its wire body) beside the item: larger than one 16 KiB page of
# the store, so writing it always needs a page the full disk does not have.
LONG_NOTE = ("申请人称原证件于外出务工途中遗失，已在市级报纸登报声明作废，"
             "本人携带户口簿原件到场核验，联系电话已核实无误。" * 40)[:2000]


def fill_disk(conn: sqlite3.Connection) -> int:
    """From now on the file cannot take one page more (as on a disk with no byte left);
    returns the limit it had, for `free_disk`. VACUUM first, so no free page is left
    inside the file either: the first write that needs a new page fails, writes that fit
    in the pages there still succeed, as they would on a real full disk."""
    conn.execute("VACUUM")
    limit = int(conn.execute("PRAGMA max_page_count").fetchone()[0])
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    assert int(conn.execute("PRAGMA freelist_count").fetchone()[0]) == 0
    conn.execute(f"PRAGMA max_page_count = {pages}")
    assert int(conn.execute("PRAGMA max_page_count").fetchone()[0]) == pages
    return limit


def free_disk(conn: sqlite3.Connection, limit: int) -> None:
    """Space again (the clerk deleted old files)."""
    conn.execute(f"PRAGMA max_page_count = {limit}")


@contextmanager
def disk_full(conn: sqlite3.Connection) -> Iterator[None]:
    limit = fill_disk(conn)
    try:
        yield
    finally:
        free_disk(conn, limit)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "ws.db", FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


def files_in(root: Path) -> list[str]:
    """Every file in the attachments folder, temporary ones included."""
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_a_page_that_does_not_fit_leaves_neither_row_nor_file(store: Store) -> None:
    pages = store.attachments
    rng = random.Random(7)
    kept: dict[str, bytes] = {}
    full: DiskFullError | None = None
    with disk_full(store.conn):
        # The counter scans on until the rows of its pages fill the last page of the file.
        for _ in range(1000):
            data = rng.randbytes(300)
            try:
                kept[pages.put(data, "image/jpeg", 10, 10, 200).sha256] = data
            except DiskFullError as exc:
                full, refused = exc, data
                break
        assert full is not None, "1,000 pages fitted in a store that may not grow"
        assert full.code == "store.disk_full"
        assert len(kept) >= 10  # the pages of the file had room for some before
        lost = hashlib.sha256(refused).hexdigest()
        assert pages.info(lost) is None
        assert not pages.path(lost).exists()
        # Nothing else either: no sealed file without its row, no temporary file.
        assert files_in(pages.root) == sorted(kept)
        rows = sorted(r[0] for r in store.conn.execute("SELECT sha256 FROM attachments"))
        assert rows == sorted(kept)
        # The same paper scanned again while the disk is full: the page is there already
        # and stays, file and row.
        again = next(iter(kept))
        assert pages.put(kept[again], "image/jpeg", 10, 10, 200).sha256 == again
        assert pages.read(again) == kept[again]
    assert all(pages.read(sha) == data for sha, data in kept.items())
    # Space again: the page that did not fit is kept like any other.
    assert pages.put(refused, "image/jpeg", 10, 10, 200).sha256 == lost
    assert pages.read(lost) == refused
    assert files_in(pages.root) == sorted([*kept, lost])
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def draft_body(choice: str, *, long: bool = False) -> dict[str, Any]:
    """A draft as the intake view keeps it. A long one (the note, the refusal and three
    materials' defects written out to their limits) is larger than a page (~20 KB)."""
    text = LONG_NOTE if long else ""
    return {"applicant": {"name": "林晓静", "id_number": "110101199003078523"},
            "answers": {"S1": [choice]}, "note": text or "补交照片回执",
            "refusal_reason": text, "refusal_basis": text[:1000],
            "materials": {f"M{n}": {"received": True, "defect_note": text[:500]}
                          for n in range(3)}}


def test_a_draft_saved_on_a_full_disk_keeps_its_previous_version(store: Store) -> None:
    conn, cipher = store.conn, store.cipher
    first = draft_body("A")
    drafts.save(conn, cipher, "draft-1", "demo", "ITEM-1", first)
    later = draft_body("B", long=True)
    with disk_full(conn):
        with pytest.raises(DiskFullError) as full:
            drafts.save(conn, cipher, "draft-1", "demo", "ITEM-1", later)
        assert full.value.code == "store.disk_full"
        with pytest.raises(DiskFullError):
            drafts.save(conn, cipher, "draft-2", "demo", "ITEM-2", later)  # a new one
        (kept,) = drafts.of_clerk(conn, cipher, "demo")
        assert (kept.id, kept.item_code, kept.body) == ("draft-1", "ITEM-1", first)
    drafts.save(conn, cipher, "draft-1", "demo", "ITEM-1", later)
    assert [d.body for d in drafts.of_clerk(conn, cipher, "demo")] == [later]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
