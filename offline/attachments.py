"""Scanned pages at rest: each stored once, addressed by the SHA-256 of its bytes, sealed.

The file `<root>/<sha[:2]>/<sha>` holds the page sealed with the store's data key (the
hash, as associated data, binds the ciphertext to its name), so a copied attachment
folder reveals nothing readable. A file is complete before its row exists: it is written
to a temporary name, synced and renamed, so a crash or a full disk never leaves a row
pointing at half a page. The same page captured twice is stored once.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from offline import db
from offline.crypto import FieldCipher
from offline.errors import DecryptionError, DiskFullError, StoreError
from offline.files import write_atomically

MEDIA_TYPES = ("image/jpeg", "image/png")


class AttachmentMissingError(StoreError):
    """A page the store refers to is not on disk (deleted or moved by hand)."""

    code = "store.attachment_missing"


class AttachmentPurgedError(AttachmentMissingError):
    """The page's local copy was purged after the retention period: the server has it."""

    code = "store.attachment_purged"


@dataclass(frozen=True)
class Blob:
    sha256: str
    media_type: str
    size: int
    width: int
    height: int
    dpi: int


def _context(sha256: str) -> str:
    return f"attachment:{sha256}"


class Attachments:
    def __init__(self, root: Path, conn: sqlite3.Connection, cipher: FieldCipher) -> None:
        self.root = root
        self.conn = conn
        self.cipher = cipher

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, media_type: str, width: int, height: int, dpi: int) -> Blob:
        """Store a page (once) and return what it is. Raises DiskFullError when the disk is
        full; nothing half-written stays behind."""
        if media_type not in MEDIA_TYPES:
            raise ValueError(f"unsupported media type {media_type}")
        sha = hashlib.sha256(data).hexdigest()
        blob = Blob(sha, media_type, len(data), width, height, dpi)
        target = self.path(sha)
        written = not target.exists()
        if written:
            self._write(target, self.cipher.seal(data, _context(sha)))
        try:
            with db.write(self.conn):
                self.conn.execute(
                    "INSERT INTO attachments (sha256, media_type, size, width, height, dpi, "
                    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(sha256) DO UPDATE SET purged_at = NULL",
                    (sha, media_type, len(data), width, height, dpi,
                     dt.datetime.now(dt.UTC).isoformat()))
        except BaseException:
            if written:  # a file no row names would only wait for the orphan sweep
                target.unlink(missing_ok=True)
            raise
        return blob

    def _write(self, target: Path, sealed: bytes) -> None:
        try:
            write_atomically(target, sealed)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFullError(f"no space left for a page in {self.root}") from exc
            raise StoreError(f"cannot write a page in {self.root}: {exc.strerror}") from exc

    def info(self, sha256: str) -> Blob | None:
        row = self.conn.execute(
            "SELECT sha256, media_type, size, width, height, dpi FROM attachments "
            "WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else Blob(str(row[0]), str(row[1]), int(row[2]),
                                              int(row[3]), int(row[4]), int(row[5]))

    def read(self, sha256: str) -> bytes:
        """The page's bytes, checked against their hash."""
        try:
            sealed = self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            purged = self.conn.execute("SELECT purged_at FROM attachments WHERE sha256 = ?",
                                       (sha256,)).fetchone()
            if purged is not None and purged[0] is not None:
                raise AttachmentPurgedError(f"page {sha256[:12]} was purged on {purged[0][:10]}"
                                            ) from exc
            raise AttachmentMissingError(f"page {sha256[:12]} is not on disk") from exc
        except OSError as exc:
            raise StoreError(f"cannot read page {sha256[:12]}: {exc.strerror}") from exc
        data = self.cipher.open(sealed, _context(sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise DecryptionError(f"page {sha256[:12]} does not match its hash")
        return data

    # -- retention --------------------------------------------------------------------------

    def purge(self, confirmed_before: dt.datetime, keep: set[str]) -> int:
        """Delete the local copies of pages the server confirmed long enough ago: uploaded
        before `confirmed_before`, and every case that refers to them confirmed before it
        too. Pages not confirmed, pages of cases not yet confirmed, and the pages in
        `keep` (open drafts) are never touched. Returns the number of pages purged."""
        cutoff = confirmed_before.isoformat()
        rows = self.conn.execute(
            "SELECT a.sha256 FROM attachments a WHERE a.purged_at IS NULL "
            "AND a.uploaded_at IS NOT NULL AND a.uploaded_at < ? "
            "AND EXISTS (SELECT 1 FROM case_pages p WHERE p.sha256 = a.sha256) "
            "AND NOT EXISTS (SELECT 1 FROM case_pages p JOIN cases c ON c.uuid = p.case_uuid "
            "  WHERE p.sha256 = a.sha256 AND (c.synced_at IS NULL OR c.synced_at >= ?)) "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.op = 'case.put' "
            "  AND o.state != 'done' AND o.target IN "
            "  (SELECT case_uuid FROM case_pages p WHERE p.sha256 = a.sha256))",
            (cutoff, cutoff)).fetchall()
        purged = 0
        now = dt.datetime.now(dt.UTC).isoformat()
        for (sha256,) in rows:
            if sha256 in keep:
                continue
            with db.write(self.conn):
                self.conn.execute("UPDATE attachments SET purged_at = ? WHERE sha256 = ?",
                                  (now, sha256))
            self.path(sha256).unlink(missing_ok=True)
            purged += 1
        return purged

    def sweep_orphans(self, older_than: dt.datetime, keep: set[str]) -> int:
        """Delete pages nothing refers to: captured in a dialog that was then cancelled, or
        stored by a process killed before its row was written. A page counts as used when
        a case refers to it, an upload was ever queued for it, or a draft in `keep` shows
        it; only pages older than `older_than` are touched, so a capture session still
        open is safe. Returns the number of pages deleted."""
        cutoff = older_than.isoformat()
        rows = [str(r[0]) for r in self.conn.execute(
            "SELECT a.sha256 FROM attachments a WHERE a.created_at < ? "
            "AND NOT EXISTS (SELECT 1 FROM case_pages p WHERE p.sha256 = a.sha256) "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.op = 'attachment.put' "
            "  AND o.target = a.sha256)", (cutoff,))]
        swept = 0
        for sha256 in rows:
            if sha256 in keep:
                continue
            with db.write(self.conn):
                self.conn.execute("DELETE FROM uploads WHERE sha256 = ?", (sha256,))
                self.conn.execute("DELETE FROM attachments WHERE sha256 = ?", (sha256,))
            self.path(sha256).unlink(missing_ok=True)
            swept += 1
        # Files without a row (the row's write never happened) and temporary files of a
        # write cut short.
        known = {str(r[0]) for r in self.conn.execute("SELECT sha256 FROM attachments")}
        limit = older_than.timestamp()
        for folder in (self.root.iterdir() if self.root.is_dir() else ()):
            if not folder.is_dir():
                continue
            for file in folder.iterdir():
                if file.name in known or file.name in keep:
                    continue
                try:
                    if file.stat().st_mtime >= limit:
                        continue
                    file.unlink()
                except FileNotFoundError:
                    continue
                swept += 1
        return swept

    # -- a resumable upload in progress (workstation.sync) --------------------------------

    def upload(self, sha256: str) -> tuple[str, int] | None:
        """The server's upload id for this page and the offset it last confirmed."""
        row = self.conn.execute("SELECT upload_id, confirmed FROM uploads WHERE sha256 = ?",
                                (sha256,)).fetchone()
        return None if row is None else (str(row[0]), int(row[1]))

    def save_upload(self, sha256: str, upload_id: str, confirmed: int) -> None:
        with db.write(self.conn):
            self.conn.execute(
                "INSERT INTO uploads (sha256, upload_id, confirmed, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
                "upload_id = excluded.upload_id, confirmed = excluded.confirmed, "
                "updated_at = excluded.updated_at",
                (sha256, upload_id, confirmed, dt.datetime.now(dt.UTC).isoformat()))

    def forget_upload(self, sha256: str) -> None:
        with db.write(self.conn):
            self.conn.execute("DELETE FROM uploads WHERE sha256 = ?", (sha256,))

    def uploaded(self, sha256: str) -> bool:
        """The server has confirmed the page (set with its upload, offline.outbox)."""
        row = self.conn.execute("SELECT uploaded_at FROM attachments WHERE sha256 = ?",
                                (sha256,)).fetchone()
        return row is not None and row[0] is not None
