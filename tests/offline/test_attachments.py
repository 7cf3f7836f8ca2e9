"""Captured pages at rest: stored once by hash, sealed, checked when read back."""

from __future__ import annotations

import errno
import hashlib
import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from offline.attachments import AttachmentMissingError
from offline.errors import DecryptionError, DiskFullError
from offline.store import Store, open_store
from workstation.secrets import FileVault


def page_jpeg(seed: int = 1) -> bytes:
    rng = np.random.default_rng(seed)
    image = np.full((400, 300, 3), 245, np.uint8)
    for y in range(30, 380, 24):
        width = int(rng.integers(120, 260))
        cv2.rectangle(image, (20, y), (20 + width, y + 8), (30, 30, 30), -1)
    out = io.BytesIO()
    Image.fromarray(image).save(out, "JPEG", quality=80, dpi=(200, 200))
    return out.getvalue()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "ws.db", FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


def test_a_page_is_stored_once_sealed_and_read_back_intact(store: Store) -> None:
    data = page_jpeg()
    blob = store.attachments.put(data, "image/jpeg", 300, 400, 200)
    again = store.attachments.put(data, "image/jpeg", 300, 400, 200)
    assert blob == again and blob.sha256 == hashlib.sha256(data).hexdigest()
    files = [p for p in store.attachments.root.rglob("*") if p.is_file()]
    assert files == [store.attachments.path(blob.sha256)]
    on_disk = files[0].read_bytes()
    assert data not in on_disk and data[:64] not in on_disk  # sealed, not a JPEG
    assert store.attachments.read(blob.sha256) == data
    assert store.attachments.info(blob.sha256) == blob
    assert store.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 1
    assert not store.attachments.uploaded(blob.sha256)


def test_a_page_moved_to_another_name_or_damaged_does_not_open(store: Store) -> None:
    a = store.attachments.put(page_jpeg(1), "image/jpeg", 300, 400, 200)
    b = store.attachments.put(page_jpeg(2), "image/jpeg", 300, 400, 200)
    path_a, path_b = store.attachments.path(a.sha256), store.attachments.path(b.sha256)
    path_b.write_bytes(path_a.read_bytes())  # someone copies page A over page B
    with pytest.raises(DecryptionError):
        store.attachments.read(b.sha256)
    damaged = bytearray(path_a.read_bytes())
    damaged[len(damaged) // 2] ^= 0x40
    path_a.write_bytes(bytes(damaged))
    with pytest.raises(DecryptionError):
        store.attachments.read(a.sha256)
    path_a.unlink()
    with pytest.raises(AttachmentMissingError):
        store.attachments.read(a.sha256)


def test_only_image_pages_are_accepted(store: Store) -> None:
    with pytest.raises(ValueError, match="unsupported media type"):
        store.attachments.put(b"%PDF-1.7", "application/pdf", 1, 1, 72)
    assert store.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0


def test_a_full_disk_is_reported_and_leaves_nothing_behind(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real thing (a tiny filesystem) is in tests/system/test_capture_storage.py; this
    # checks that whatever write fails, neither a partial file nor a row stays.
    def full(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("offline.files.os.fsync", full)
    with pytest.raises(DiskFullError):
        store.attachments.put(page_jpeg(), "image/jpeg", 300, 400, 200)
    assert [p for p in store.attachments.root.rglob("*") if p.is_file()] == []
    assert store.conn.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
