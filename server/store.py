"""SQLite backing of the reference server.

Change feeds (catalogue, calendar, forms) share one scheme: every row carries the global sequence
number of its last change and a `deleted` flag (a tombstone). A cursor names the feed's
epoch and the last sequence the client has seen. Replacing a whole feed starts a new epoch;
compacting purges tombstones, raises the feed's floor and starts a new compaction
generation. A cursor from another epoch, or one issued before a compaction and lying
below the floor (its holder may have missed a purged tombstone), is answered with
410 Gone: the client must rebuild from scratch.

Cursors are opaque to clients: base64url of a small JSON object plus an HMAC, so a cursor
cannot be forged or derived from anything but a page we served.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from server.contract.errors import ErrorCode

Feed = Literal["catalogue", "calendar", "forms", "progress", "certificates"]
FEED_TABLES: dict[Feed, tuple[str, str]] = {
    # feed: (table, key column)
    "catalogue": ("items", "code"),
    "calendar": ("calendar", "date"),
    "forms": ("forms", "id"),
    # Case progress from the back office: one row per case, its latest state.
    "progress": ("progress", "uuid"),
    # Certificates ready for issuance at a desk: tombstoned when a desk issues one.
    "certificates": ("certificates", "certificate_id"),
}

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    code TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS items_seq ON items (seq);
CREATE TABLE IF NOT EXISTS calendar (
    date TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS calendar_seq ON calendar (seq);
CREATE TABLE IF NOT EXISTS forms (
    id TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS forms_seq ON forms (seq);
CREATE TABLE IF NOT EXISTS progress (
    uuid TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL, deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS progress_seq ON progress (seq);
CREATE TABLE IF NOT EXISTS clerks (
    username TEXT PRIMARY KEY, profile TEXT NOT NULL, salt BLOB NOT NULL, hash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY, prefix TEXT NOT NULL UNIQUE, registered_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, username TEXT NOT NULL,
    device_id TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    uuid TEXT PRIMARY KEY, case_number TEXT NOT NULL UNIQUE, server_id TEXT NOT NULL,
    body TEXT NOT NULL, device_id TEXT NOT NULL, received_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1
);
-- Electronic licences (电子证照) by holder; the licence body is the contract's Licence.
-- A driving licence carries the holder's ID number: the type is part of the key.
CREATE TABLE IF NOT EXISTS licences (
    holder TEXT NOT NULL, licence_type TEXT NOT NULL, number TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (holder, licence_type, number)
);
-- Operations de-duplicated forever by (device, sequence); keys alone expire.
CREATE TABLE IF NOT EXISTS device_ops (
    device_id TEXT NOT NULL, seq INTEGER NOT NULL, idempotency_key TEXT NOT NULL,
    case_uuid TEXT NOT NULL, receipt TEXT NOT NULL, PRIMARY KEY (device_id, seq)
);
CREATE TABLE IF NOT EXISTS attachments (
    sha256 TEXT PRIMARY KEY, media_type TEXT NOT NULL, size INTEGER NOT NULL,
    data BLOB NOT NULL, device_id TEXT NOT NULL, received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    media_type TEXT NOT NULL, device_id TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, device_id TEXT NOT NULL, seq INTEGER NOT NULL, created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS certificates (
    certificate_id TEXT PRIMARY KEY, body TEXT NOT NULL, seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS certificates_seq ON certificates (seq);
-- Every serial of pre-printed stock a desk used, once: issued with a certificate, or
-- voided (a spoiled sheet, or the sheet a reprint replaced). Never deleted.
CREATE TABLE IF NOT EXISTS stock_serials (
    stock_type TEXT NOT NULL, serial TEXT NOT NULL, state TEXT NOT NULL,
    at TEXT NOT NULL, certificate_id TEXT, clerk TEXT NOT NULL, device_id TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '', received_at TEXT NOT NULL,
    PRIMARY KEY (stock_type, serial)
);
CREATE INDEX IF NOT EXISTS stock_serials_certificate ON stock_serials (certificate_id);
CREATE TABLE IF NOT EXISTS issuances (
    issuance_uuid TEXT PRIMARY KEY, certificate_id TEXT NOT NULL, stock_type TEXT NOT NULL,
    serial TEXT NOT NULL, body TEXT NOT NULL, clerk TEXT NOT NULL, device_id TEXT NOT NULL,
    receipt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS issuances_certificate ON issuances (certificate_id);
CREATE TABLE IF NOT EXISTS stock_voids (
    void_uuid TEXT PRIMARY KEY, stock_type TEXT NOT NULL, serial TEXT NOT NULL,
    body TEXT NOT NULL, clerk TEXT NOT NULL, device_id TEXT NOT NULL, receipt TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handovers (
    handover_uuid TEXT PRIMARY KEY, certificate_id TEXT NOT NULL, body TEXT NOT NULL,
    clerk TEXT NOT NULL, device_id TEXT NOT NULL, receipt TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS handovers_certificate ON handovers (certificate_id);
"""

SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class CursorExpired(Exception):
    """The cursor belongs to an older epoch or lies below the compaction floor."""


class CursorInvalid(Exception):
    """The cursor was not issued by this server."""


class SequenceReused(Exception):
    """A device sent a new operation under a sequence number it already used."""


class UnknownItem(Exception):
    """A case refers to an item code the catalogue does not have."""


class SerialUsed(Exception):
    """A serial some desk has used already, or a certificate some desk has issued already:
    `conflict` says how, when and where (server.contract.SerialConflict's fields)."""

    def __init__(self, conflict: dict[str, Any]) -> None:
        super().__init__(f"{conflict['code']}: {conflict['stock_type']} {conflict['serial']}")
        self.conflict = conflict


class UnknownCertificate(Exception):
    """No certificate by that id."""


class NotIssuedYet(Exception):
    """The certificate's issuance (or the sheet a reprint replaces) has not arrived yet."""


class BadReprint(Exception):
    """A reprint of a sheet that is not the certificate's issued one."""


class UploadGone(Exception):
    """No upload by that id (never created, finished, or dropped)."""


class OffsetMismatch(Exception):
    """A chunk sent for another offset than the one the server holds."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"the server holds {offset} bytes")
        self.offset = offset


class UploadTooLong(Exception):
    """More bytes than the upload was created for."""


class HashMismatch(Exception):
    """The uploaded bytes do not hash to what the upload was created for (it is dropped)."""


@dataclass(frozen=True)
class UploadState:
    upload_id: str
    offset: int
    size: int
    complete: bool


@dataclass(frozen=True)
class Page:
    bodies: list[str]
    removed: list[str]
    cursor: str
    has_more: bool


@dataclass(frozen=True)
class Clerk:
    username: str
    profile: dict[str, Any]


@dataclass(frozen=True)
class StoredReceipt:
    receipt: dict[str, Any]
    duplicate: bool  # nothing changed: the server already had this (or a newer) revision
    created: bool = False  # the case is new to the server


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)


class ServerStore:
    """Thread-safe store: one connection, one lock (the reference server is small)."""

    def __init__(self, path: Path | str) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.execute("PRAGMA cache_size=-65536")
        self._db.execute("PRAGMA mmap_size=1073741824")
        self._db.executescript(SCHEMA)
        # Data directories of sandboxes made by older releases: add what they lack.
        columns = {r[1] for r in self._db.execute("PRAGMA table_info(cases)")}
        if "revision" not in columns:
            self._db.execute("ALTER TABLE cases ADD COLUMN revision INTEGER NOT NULL DEFAULT 1")
        with self._tx():
            if self._meta("secret") is None:
                self._set_meta("secret", secrets.token_hex(32))
            for feed in FEED_TABLES:
                if self._meta(f"{feed}.epoch") is None:
                    self._set_meta(f"{feed}.epoch", secrets.token_hex(4))
                    self._set_meta(f"{feed}.floor", "0")
            if self._meta("seq") is None:
                self._set_meta("seq", "0")
        self._secret = bytes.fromhex(self._meta("secret") or "")
        # Bytes of uploads in progress, one file each: the file's length is the offset.
        self._uploads = Path(path).parent / "uploads"
        self._uploads.mkdir(exist_ok=True)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- plumbing -------------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _next_seq(self) -> int:
        seq = int(self._meta("seq") or "0") + 1
        self._set_meta("seq", str(seq))
        return seq

    # -- cursors --------------------------------------------------------------------------

    def _encode_cursor(self, feed: Feed, epoch: str, seq: int, generation: int) -> str:
        payload = json.dumps({"f": feed, "e": epoch, "s": seq, "g": generation},
                             separators=(",", ":")).encode()
        mac = hmac.new(self._secret, payload, hashlib.sha256).digest()[:12]
        return base64.urlsafe_b64encode(payload + mac).decode().rstrip("=")

    def _decode_cursor(self, feed: Feed, cursor: str) -> tuple[str, int, int]:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except (binascii.Error, ValueError) as exc:
            raise CursorInvalid(cursor) from exc
        payload, mac = raw[:-12], raw[-12:]
        expected = hmac.new(self._secret, payload, hashlib.sha256).digest()[:12]
        if not hmac.compare_digest(mac, expected):
            raise CursorInvalid(cursor)
        data = json.loads(payload)
        if data.get("f") != feed:
            raise CursorInvalid(cursor)
        return str(data["e"]), int(data["s"]), int(data["g"])

    # -- feeds ----------------------------------------------------------------------------

    def changes(self, feed: Feed, cursor: str | None, limit: int) -> Page:
        table, key = FEED_TABLES[feed]
        with self._lock:
            epoch = self._meta(f"{feed}.epoch") or ""
            floor = int(self._meta(f"{feed}.floor") or "0")
            generation = int(self._meta(f"{feed}.generation") or "0")
            after = 0
            if cursor:
                cursor_epoch, after, issued_in = self._decode_cursor(feed, cursor)
                if cursor_epoch != epoch or (issued_in != generation and after < floor):
                    raise CursorExpired(cursor)
            rows = self._db.execute(
                f"SELECT {key}, body, seq, deleted FROM {table} WHERE seq > ? "
                "ORDER BY seq LIMIT ?",
                (after, limit + 1),
            ).fetchall()
        has_more = len(rows) > limit
        rows = rows[:limit]
        bodies = [str(r[1]) for r in rows if not r[3]]
        removed = [str(r[0]) for r in rows if r[3]]
        last = int(rows[-1][2]) if rows else after
        return Page(bodies, removed, self._encode_cursor(feed, epoch, last, generation),
                    has_more)

    def upsert(self, feed: Feed, rows: Iterable[tuple[str, str]]) -> int:
        """Insert or replace rows given as (key, JSON body); returns how many."""
        table, key = FEED_TABLES[feed]
        count = 0
        with self._tx() as db:
            for row_key, body in rows:
                db.execute(
                    f"INSERT INTO {table} ({key}, body, seq, deleted) VALUES (?, ?, ?, 0) "
                    f"ON CONFLICT({key}) DO UPDATE SET body = excluded.body, "
                    "seq = excluded.seq, deleted = 0",
                    (row_key, body, self._next_seq()),
                )
                count += 1
        return count

    def withdraw(self, feed: Feed, keys: Iterable[str]) -> int:
        """Tombstone rows; returns how many existed."""
        table, key = FEED_TABLES[feed]
        count = 0
        with self._tx() as db:
            for row_key in keys:
                cur = db.execute(
                    f"UPDATE {table} SET deleted = 1, seq = ? WHERE {key} = ? AND deleted = 0",
                    (self._next_seq(), row_key),
                )
                count += cur.rowcount
        return count

    def replace(self, feed: Feed, rows: Iterable[tuple[str, str]]) -> None:
        """Replace the whole feed under a new epoch: every old cursor becomes 410."""
        table, key = FEED_TABLES[feed]
        with self._tx() as db:
            db.execute(f"DELETE FROM {table}")
            for row_key, body in rows:
                db.execute(
                    f"INSERT INTO {table} ({key}, body, seq, deleted) VALUES (?, ?, ?, 0)",
                    (row_key, body, self._next_seq()),
                )
            self._set_meta(f"{feed}.epoch", secrets.token_hex(4))
            self._set_meta(f"{feed}.floor", "0")
        self.checkpoint()

    def checkpoint(self) -> None:
        """Fold the WAL back into the file after bulk writes; reads through a WAL of
        hundreds of megabytes are several times slower."""
        with self._lock:
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def compact(self, feed: Feed) -> int:
        """Purge tombstones; cursors older than the newest purged one become 410."""
        table, _ = FEED_TABLES[feed]
        with self._tx() as db:
            row = db.execute(f"SELECT MAX(seq) FROM {table} WHERE deleted = 1").fetchone()
            if row[0] is None:
                return 0
            cur = db.execute(f"DELETE FROM {table} WHERE deleted = 1")
            self._set_meta(f"{feed}.floor", str(int(row[0])))
            generation = int(self._meta(f"{feed}.generation") or "0") + 1
            self._set_meta(f"{feed}.generation", str(generation))
            return cur.rowcount

    def feed_count(self, feed: Feed) -> int:
        table, _ = FEED_TABLES[feed]
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM {table} WHERE deleted = 0")
                       .fetchone()[0])

    # -- clerks, devices, tokens --------------------------------------------------------------

    def add_clerk(self, username: str, password: str, profile: dict[str, Any]) -> None:
        salt = secrets.token_bytes(16)
        with self._tx() as db:
            db.execute(
                "INSERT INTO clerks (username, profile, salt, hash) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(username) DO UPDATE SET profile = excluded.profile, "
                "salt = excluded.salt, hash = excluded.hash",
                (username, json.dumps(profile, ensure_ascii=False), salt,
                 hash_password(password, salt)),
            )

    def check_password(self, username: str, password: str) -> Clerk | None:
        with self._lock:
            row = self._db.execute(
                "SELECT profile, salt, hash FROM clerks WHERE username = ?", (username,)
            ).fetchone()
        if row is None:
            hash_password(password, b"0" * 16)  # same cost whether or not the user exists
            return None
        if not hmac.compare_digest(hash_password(password, bytes(row[1])), bytes(row[2])):
            return None
        return Clerk(username, json.loads(row[0]))

    def clerk(self, username: str) -> Clerk | None:
        with self._lock:
            row = self._db.execute(
                "SELECT profile FROM clerks WHERE username = ?", (username,)
            ).fetchone()
        return None if row is None else Clerk(username, json.loads(row[0]))

    def device_prefix(self, device_id: str, base: str) -> str:
        """The device's case-number prefix, assigned once and never changed."""
        with self._tx() as db:
            row = db.execute(
                "SELECT prefix FROM devices WHERE device_id = ?", (device_id,)
            ).fetchone()
            if row is not None:
                return str(row[0])
            number = int(db.execute("SELECT COUNT(*) FROM devices").fetchone()[0]) + 1
            prefix = f"{base}{number:04d}"
            db.execute(
                "INSERT INTO devices (device_id, prefix, registered_at) VALUES (?, ?, ?)",
                (device_id, prefix, _now().isoformat()),
            )
            return prefix

    def issue_token(self, kind: str, username: str, device_id: str, ttl: float) -> str:
        token = secrets.token_urlsafe(32)
        with self._tx() as db:
            now = _now().timestamp()
            db.execute("DELETE FROM tokens WHERE expires_at < ?", (now - 86400,))
            db.execute(
                "INSERT INTO tokens (token_hash, kind, username, device_id, expires_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (_token_hash(token), kind, username, device_id, now + ttl),
            )
        return token

    def token_owner(self, kind: str, token: str) -> tuple[str, str, bool] | None:
        """(username, device_id, expired) of a token, or None when unknown."""
        with self._lock:
            row = self._db.execute(
                "SELECT username, device_id, expires_at FROM tokens "
                "WHERE token_hash = ? AND kind = ?",
                (_token_hash(token), kind),
            ).fetchone()
        if row is None:
            return None
        return str(row[0]), str(row[1]), float(row[2]) < _now().timestamp()

    def expire_tokens(self, kind: str) -> int:
        """Make every token of a kind expired now (tests and forced re-login)."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE tokens SET expires_at = ? WHERE kind = ? AND expires_at > ?",
                (_now().timestamp() - 1, kind, _now().timestamp()),
            )
            return cur.rowcount

    def revoke_token(self, kind: str, token: str) -> None:
        with self._tx() as db:
            db.execute(
                "DELETE FROM tokens WHERE token_hash = ? AND kind = ?", (_token_hash(token), kind)
            )

    # -- cases ----------------------------------------------------------------------------

    def item_exists(self, code: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM items WHERE code = ? AND deleted = 0", (code,)
            ).fetchone()
        return row is not None

    def put_case(
        self,
        *,
        case_uuid: uuid.UUID,
        case_number: str,
        body: str,
        item_code: str,
        device_id: str,
        seq: int,
        idempotency_key: str,
        key_ttl: float,
        revision: int = 1,
    ) -> StoredReceipt:
        """Store a case once. Replays of the same operation answer with the first receipt; a
        new operation carrying a higher revision of a case replaces its body."""
        with self._tx() as db:
            now = _now()
            db.execute("DELETE FROM idempotency WHERE created_at < ?", (now.timestamp() - key_ttl,))
            op = db.execute(
                "SELECT idempotency_key, case_uuid, receipt FROM device_ops "
                "WHERE device_id = ? AND seq = ?",
                (device_id, seq),
            ).fetchone()
            if op is not None:
                if op[0] != idempotency_key or op[1] != str(case_uuid):
                    raise SequenceReused(f"{device_id}/{seq}")
                return StoredReceipt(json.loads(op[2]), duplicate=True)
            keyed = db.execute(
                "SELECT device_id, seq FROM idempotency WHERE key = ?", (idempotency_key,)
            ).fetchone()
            if keyed is not None:
                first = db.execute(
                    "SELECT receipt FROM device_ops WHERE device_id = ? AND seq = ?",
                    (keyed[0], keyed[1]),
                ).fetchone()
                return StoredReceipt(json.loads(first[0]), duplicate=True)
            existing = db.execute(
                "SELECT case_number, server_id, received_at FROM cases WHERE uuid = ?",
                (str(case_uuid),),
            ).fetchone()
            duplicate = existing is not None
            if existing is None:
                if db.execute(
                    "SELECT 1 FROM items WHERE code = ? AND deleted = 0", (item_code,)
                ).fetchone() is None:
                    raise UnknownItem(item_code)
                server_id = f"S{uuid.uuid4().hex[:16].upper()}"
                received_at = now.isoformat()
                db.execute(
                    "INSERT INTO cases (uuid, case_number, server_id, body, device_id, "
                    "received_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (str(case_uuid), case_number, server_id, body, device_id, received_at),
                )
            else:
                case_number, server_id, received_at = existing
                db.execute(
                    "UPDATE cases SET body = ?, revision = ? WHERE uuid = ? AND revision < ?",
                    (body, revision, str(case_uuid), revision))
                duplicate = db.execute("SELECT changes()").fetchone()[0] == 0
            receipt = {
                "uuid": str(case_uuid),
                "case_number": case_number,
                "server_id": server_id,
                "duplicate": False,
                "received_at": received_at,
            }
            db.execute(
                "INSERT INTO device_ops (device_id, seq, idempotency_key, case_uuid, receipt) "
                "VALUES (?, ?, ?, ?, ?)",
                (device_id, seq, idempotency_key, str(case_uuid), json.dumps(receipt)),
            )
            db.execute(
                "INSERT INTO idempotency (key, device_id, seq, created_at) VALUES (?, ?, ?, ?)",
                (idempotency_key, device_id, seq, now.timestamp()),
            )
            return StoredReceipt(receipt, duplicate=duplicate, created=existing is None)

    def put_attachment(self, sha256: str, media_type: str, data: bytes, device_id: str) -> bool:
        """Keep an uploaded page once (the caller has checked its hash); True when new."""
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO attachments (sha256, media_type, size, data, device_id, "
                "received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING",
                (sha256, media_type, len(data), data, device_id, _now().isoformat()))
            return cur.rowcount == 1

    def device_ops(self, device_id: str) -> tuple[int, int]:
        """(highest sequence, number of operations) recorded for a device."""
        with self._lock:
            row = self._db.execute("SELECT MAX(seq), COUNT(*) FROM device_ops "
                                   "WHERE device_id = ?", (device_id,)).fetchone()
        return (0 if row[0] is None else int(row[0])), int(row[1])

    def known_seqs(self, device_id: str, seqs: list[int]) -> list[int]:
        if not seqs:
            return []
        with self._lock:
            return sorted(int(r[0]) for r in self._db.execute(
                f"SELECT seq FROM device_ops WHERE device_id = ? "
                f"AND seq IN ({', '.join('?' * len(seqs))})", (device_id, *seqs)))

    def create_upload(self, sha256: str, size: int, media_type: str,
                      device_id: str) -> UploadState:
        """A new resumable upload, or `complete` at once when the page is already here."""
        with self._tx() as db:
            if db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", (sha256,)).fetchone():
                return UploadState("", size, size, True)
            upload_id = secrets.token_urlsafe(18)
            db.execute("INSERT INTO uploads (upload_id, sha256, size, media_type, device_id, "
                       "created_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (upload_id, sha256, size, media_type, device_id, _now().isoformat()))
            (self._uploads / upload_id).write_bytes(b"")
        return UploadState(upload_id, 0, size, False)

    def upload_state(self, upload_id: str) -> UploadState:
        with self._lock:
            row = self._db.execute("SELECT size FROM uploads WHERE upload_id = ?",
                                   (upload_id,)).fetchone()
            part = self._uploads / upload_id
            if row is None or not part.exists():
                raise UploadGone(upload_id)
            return UploadState(upload_id, part.stat().st_size, int(row[0]), False)

    def append_upload(self, upload_id: str, offset: int, data: bytes) -> UploadState:
        """Add a chunk at `offset`; the last one checks the hash and keeps the page."""
        with self._lock:
            row = self._db.execute(
                "SELECT sha256, size, media_type, device_id FROM uploads WHERE upload_id = ?",
                (upload_id,)).fetchone()
            part = self._uploads / upload_id
            if row is None or not part.exists():
                raise UploadGone(upload_id)
            sha256, size, media_type, device_id = str(row[0]), int(row[1]), str(row[2]), \
                str(row[3])
            held = part.stat().st_size
            if offset != held:
                raise OffsetMismatch(held)
            if held + len(data) > size:
                raise UploadTooLong(upload_id)
            with part.open("ab") as handle:
                handle.write(data)
            held += len(data)
            if held < size:
                return UploadState(upload_id, held, size, False)
            whole = part.read_bytes()
            with self._tx() as db:
                db.execute("DELETE FROM uploads WHERE upload_id = ?", (upload_id,))
            part.unlink()
            if hashlib.sha256(whole).hexdigest() != sha256:
                raise HashMismatch(upload_id)
            self.put_attachment(sha256, media_type, whole, device_id)
            return UploadState(upload_id, size, size, True)

    def drop_uploads(self) -> int:
        """Forget every upload in progress (an upload store expiring them: tests)."""
        with self._tx() as db:
            ids = [str(r[0]) for r in db.execute("SELECT upload_id FROM uploads")]
            db.execute("DELETE FROM uploads")
        for upload_id in ids:
            (self._uploads / upload_id).unlink(missing_ok=True)
        return len(ids)

    def missing_attachments(self, hashes: Iterable[str]) -> list[str]:
        wanted = sorted(set(hashes))
        with self._lock:
            have = {str(r[0]) for r in self._db.execute(
                f"SELECT sha256 FROM attachments WHERE sha256 IN ({', '.join('?' * len(wanted))})",
                wanted)} if wanted else set()
        return [h for h in wanted if h not in have]

    def attachment(self, sha256: str) -> tuple[str, bytes] | None:
        with self._lock:
            row = self._db.execute("SELECT media_type, data FROM attachments WHERE sha256 = ?",
                                   (sha256,)).fetchone()
        return None if row is None else (str(row[0]), bytes(row[1]))

    def case_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM cases").fetchone()[0])

    def add_licences(self, holder: str, licences: Iterable[tuple[str, str, str]]) -> None:
        """(licence type, number, Licence JSON) for a holder "id type:id number"."""
        with self._tx() as db:
            db.executemany(
                "INSERT OR REPLACE INTO licences (holder, licence_type, number, body) "
                "VALUES (?, ?, ?, ?)",
                [(holder, kind, number, body) for kind, number, body in licences])

    def licences(self, holder: str) -> list[str]:
        with self._lock:
            return [str(r[0]) for r in self._db.execute(
                "SELECT body FROM licences WHERE holder = ? ORDER BY licence_type, number",
                (holder,))]

    def licence_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM licences").fetchone()[0])

    def case_number(self, case_uuid: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT case_number FROM cases WHERE uuid = ?",
                                   (case_uuid,)).fetchone()
        return None if row is None else str(row[0])

    def case_body(self, case_uuid: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT body FROM cases WHERE uuid = ?", (case_uuid,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))


    # -- certificate desk -------------------------------------------------------------------

    def _replayed(self, db: sqlite3.Connection, device_id: str, seq: int,
                  idempotency_key: str, target: str, key_ttl: float) -> dict[str, Any] | None:
        """The receipt of an operation this device sent before under `seq` (or the same
        idempotency key), None for a new one. SequenceReused: the sequence was used for
        another operation."""
        db.execute("DELETE FROM idempotency WHERE created_at < ?",
                   (_now().timestamp() - key_ttl,))
        op = db.execute("SELECT idempotency_key, case_uuid, receipt FROM device_ops "
                        "WHERE device_id = ? AND seq = ?", (device_id, seq)).fetchone()
        if op is not None:
            if op[0] != idempotency_key or op[1] != target:
                raise SequenceReused(f"{device_id}/{seq}")
            return dict(json.loads(op[2]))
        keyed = db.execute("SELECT device_id, seq FROM idempotency WHERE key = ?",
                           (idempotency_key,)).fetchone()
        if keyed is not None:
            first = db.execute("SELECT receipt FROM device_ops WHERE device_id = ? AND seq = ?",
                               (keyed[0], keyed[1])).fetchone()
            return dict(json.loads(first[0]))
        return None

    def _record_op(self, db: sqlite3.Connection, device_id: str, seq: int,
                   idempotency_key: str, target: str, receipt: dict[str, Any]) -> None:
        """Remember an operation forever by (device, sequence), its key for a while."""
        db.execute("INSERT INTO device_ops (device_id, seq, idempotency_key, case_uuid, receipt) "
                   "VALUES (?, ?, ?, ?, ?)",
                   (device_id, seq, idempotency_key, target, json.dumps(receipt)))
        db.execute("INSERT INTO idempotency (key, device_id, seq, created_at) VALUES (?, ?, ?, ?)",
                   (idempotency_key, device_id, seq, _now().timestamp()))

    def _conflict(self, db: sqlite3.Connection, code: ErrorCode, stock_type: str,
                  serial: str) -> dict[str, Any]:
        row = db.execute(
            "SELECT s.state, s.at, s.clerk, COALESCE(d.prefix, ''), c.profile "
            "FROM stock_serials s LEFT JOIN devices d ON d.device_id = s.device_id "
            "LEFT JOIN clerks c ON c.username = s.clerk "
            "WHERE s.stock_type = ? AND s.serial = ?", (stock_type, serial)).fetchone()
        window = str(json.loads(row[4]).get("window", "")) if row[4] else ""
        what = "issued" if row[0] == "issued" else "voided"
        message = (f"serial {serial} was {what} at {row[1]} by {row[2]}"
                   if code is ErrorCode.SERIAL_USED else
                   f"the certificate was issued on serial {serial} at {row[1]} by {row[2]}")
        return {"code": code.value, "message": message, "stock_type": stock_type,
                "serial": serial, "state": str(row[0]), "at": str(row[1]), "clerk": str(row[2]),
                "window": window, "device_prefix": str(row[3])}

    def _serial_taken(self, db: sqlite3.Connection, stock_type: str, serial: str) -> None:
        if db.execute("SELECT 1 FROM stock_serials WHERE stock_type = ? AND serial = ?",
                      (stock_type, serial)).fetchone() is not None:
            raise SerialUsed(self._conflict(db, ErrorCode.SERIAL_USED, stock_type, serial))

    def _certificate_known(self, db: sqlite3.Connection, certificate_id: str) -> bool:
        return db.execute(
            "SELECT 1 FROM certificates WHERE certificate_id = ? UNION ALL "
            "SELECT 1 FROM issuances WHERE certificate_id = ? LIMIT 1",
            (certificate_id, certificate_id)).fetchone() is not None

    def _issued_on(self, db: sqlite3.Connection, certificate_id: str) -> tuple[str, str] | None:
        """(stock type, serial) of the sheet the certificate is issued on now."""
        row = db.execute("SELECT stock_type, serial FROM stock_serials WHERE certificate_id = ? "
                         "AND state = 'issued'", (certificate_id,)).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def issue_certificate(
        self, *, certificate_id: str, issuance_uuid: str, stock_type: str, serial: str,
        printed_at: str, reprint_of: str | None, reason: str, body: str, clerk: str,
        device_id: str, seq: int, idempotency_key: str, key_ttl: float,
    ) -> StoredReceipt:
        """Record that a certificate was printed on a serial, once. A reprint voids the
        sheet it replaces in the same transaction; the certificate leaves the pending feed.

        Raises SerialUsed (the serial, or the certificate, was used already),
        UnknownCertificate, NotIssuedYet (a reprint whose first issuance has not arrived)
        and BadReprint."""
        with self._tx() as db:
            replay = self._replayed(db, device_id, seq, idempotency_key, issuance_uuid, key_ttl)
            if replay is not None:
                return StoredReceipt(replay, duplicate=True)
            earlier = db.execute("SELECT receipt FROM issuances WHERE issuance_uuid = ?",
                                 (issuance_uuid,)).fetchone()
            if earlier is not None:  # the same issuance sent again as a new operation
                receipt = dict(json.loads(earlier[0]))
                self._record_op(db, device_id, seq, idempotency_key, issuance_uuid, receipt)
                return StoredReceipt(receipt, duplicate=True)
            self._serial_taken(db, stock_type, serial)
            if not self._certificate_known(db, certificate_id):
                raise UnknownCertificate(certificate_id)
            current = self._issued_on(db, certificate_id)
            now = _now().isoformat()
            if current is not None:
                if reprint_of != current[1]:
                    raise SerialUsed(self._conflict(db, ErrorCode.ALREADY_ISSUED, *current))
                db.execute("UPDATE stock_serials SET state = 'voided', reason = ?, at = ? "
                           "WHERE stock_type = ? AND serial = ?", (reason, printed_at, *current))
            elif reprint_of is not None:
                if db.execute("SELECT 1 FROM stock_serials WHERE serial = ? AND "
                              "certificate_id = ?", (reprint_of, certificate_id)).fetchone():
                    raise BadReprint(reprint_of)
                raise NotIssuedYet(certificate_id)
            receipt = {"issuance_uuid": issuance_uuid, "certificate_id": certificate_id,
                       "stock_type": stock_type, "serial": serial, "received_at": now,
                       "duplicate": False}
            db.execute("INSERT INTO stock_serials (stock_type, serial, state, at, "
                       "certificate_id, clerk, device_id, reason, received_at) "
                       "VALUES (?, ?, 'issued', ?, ?, ?, ?, ?, ?)",
                       (stock_type, serial, printed_at, certificate_id, clerk, device_id,
                        reason, now))
            db.execute("INSERT INTO issuances (issuance_uuid, certificate_id, stock_type, "
                       "serial, body, clerk, device_id, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (issuance_uuid, certificate_id, stock_type, serial, body, clerk,
                        device_id, json.dumps(receipt)))
            db.execute("UPDATE certificates SET deleted = 1, seq = ? WHERE certificate_id = ? "
                       "AND deleted = 0", (self._next_seq(), certificate_id))
            self._record_op(db, device_id, seq, idempotency_key, issuance_uuid, receipt)
            return StoredReceipt(receipt, duplicate=False, created=True)

    def void_serial(
        self, *, void_uuid: str, stock_type: str, serial: str, at: str, reason: str,
        certificate_id: str | None, body: str, clerk: str, device_id: str, seq: int,
        idempotency_key: str, key_ttl: float,
    ) -> StoredReceipt:
        """Record a spoiled sheet, once; SerialUsed when the serial was used already."""
        with self._tx() as db:
            replay = self._replayed(db, device_id, seq, idempotency_key, void_uuid, key_ttl)
            if replay is not None:
                return StoredReceipt(replay, duplicate=True)
            earlier = db.execute("SELECT receipt FROM stock_voids WHERE void_uuid = ?",
                                 (void_uuid,)).fetchone()
            if earlier is not None:
                receipt = dict(json.loads(earlier[0]))
                self._record_op(db, device_id, seq, idempotency_key, void_uuid, receipt)
                return StoredReceipt(receipt, duplicate=True)
            self._serial_taken(db, stock_type, serial)
            now = _now().isoformat()
            receipt = {"void_uuid": void_uuid, "stock_type": stock_type, "serial": serial,
                       "received_at": now, "duplicate": False}
            db.execute("INSERT INTO stock_serials (stock_type, serial, state, at, "
                       "certificate_id, clerk, device_id, reason, received_at) "
                       "VALUES (?, ?, 'voided', ?, ?, ?, ?, ?, ?)",
                       (stock_type, serial, at, certificate_id, clerk, device_id, reason, now))
            db.execute("INSERT INTO stock_voids (void_uuid, stock_type, serial, body, clerk, "
                       "device_id, receipt) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (void_uuid, stock_type, serial, body, clerk, device_id,
                        json.dumps(receipt)))
            self._record_op(db, device_id, seq, idempotency_key, void_uuid, receipt)
            return StoredReceipt(receipt, duplicate=False, created=True)

    def hand_over(
        self, *, certificate_id: str, handover_uuid: str, body: str, clerk: str,
        device_id: str, seq: int, idempotency_key: str, key_ttl: float,
        sheet: tuple[str, str] | None = None,
    ) -> StoredReceipt:
        """Record a certificate's hand-over, once. UnknownCertificate; NotIssuedYet when
        its issuance (of `sheet`, when named) has not arrived (yet); SerialUsed
        (already_issued) when the sheet named is not the one the certificate is issued on:
        the desk handing it over printed a certificate another desk issued."""
        with self._tx() as db:
            replay = self._replayed(db, device_id, seq, idempotency_key, handover_uuid, key_ttl)
            if replay is not None:
                return StoredReceipt(replay, duplicate=True)
            earlier = db.execute("SELECT receipt FROM handovers WHERE handover_uuid = ?",
                                 (handover_uuid,)).fetchone()
            if earlier is not None:
                receipt = dict(json.loads(earlier[0]))
                self._record_op(db, device_id, seq, idempotency_key, handover_uuid, receipt)
                return StoredReceipt(receipt, duplicate=True)
            if not self._certificate_known(db, certificate_id):
                raise UnknownCertificate(certificate_id)
            current = self._issued_on(db, certificate_id)
            if current is None:
                raise NotIssuedYet(certificate_id)
            if sheet is not None and sheet != current:
                if db.execute("SELECT 1 FROM stock_serials WHERE stock_type = ? AND serial = ?",
                              sheet).fetchone() is None:
                    raise NotIssuedYet(certificate_id)
                raise SerialUsed(self._conflict(db, ErrorCode.ALREADY_ISSUED, *current))
            receipt = {"handover_uuid": handover_uuid, "certificate_id": certificate_id,
                       "received_at": _now().isoformat(), "duplicate": False}
            db.execute("INSERT INTO handovers (handover_uuid, certificate_id, body, clerk, "
                       "device_id, receipt) VALUES (?, ?, ?, ?, ?, ?)",
                       (handover_uuid, certificate_id, body, clerk, device_id,
                        json.dumps(receipt)))
            self._record_op(db, device_id, seq, idempotency_key, handover_uuid, receipt)
            return StoredReceipt(receipt, duplicate=False, created=True)

    def add_certificates(self, rows: Iterable[tuple[str, str]]) -> int:
        """Put certificates (id, PendingCertificate JSON) into the pending feed; one some
        desk has issued already stays issued (not added). Returns how many were added."""
        fresh: list[tuple[str, str]] = []
        with self._lock:
            for certificate_id, body in rows:
                if self._db.execute("SELECT 1 FROM issuances WHERE certificate_id = ?",
                                    (certificate_id,)).fetchone() is None:
                    fresh.append((certificate_id, body))
        return self.upsert("certificates", fresh)

    def certificate_total(self) -> int:
        """Certificates the server ever had, issued ones included (seeding)."""
        with self._lock:
            return int(self._db.execute(
                "SELECT (SELECT COUNT(*) FROM certificates) + "
                "(SELECT COUNT(DISTINCT certificate_id) FROM issuances WHERE certificate_id "
                "NOT IN (SELECT certificate_id FROM certificates))").fetchone()[0])

    def certificate_record(self, certificate_id: str) -> dict[str, Any] | None:
        """The certificate, whether it is pending, its issuances and hand-overs (admin)."""
        with self._lock:
            row = self._db.execute("SELECT body, deleted FROM certificates "
                                   "WHERE certificate_id = ?", (certificate_id,)).fetchone()
            if row is None:
                return None
            issuances = [
                {**json.loads(r[0]), "clerk": r[1], "device_prefix": r[2] or ""}
                for r in self._db.execute(
                    "SELECT i.body, i.clerk, d.prefix FROM issuances i LEFT JOIN devices d "
                    "ON d.device_id = i.device_id WHERE i.certificate_id = ? ORDER BY i.rowid",
                    (certificate_id,))]
            handovers = [
                {"handover": json.loads(r[0]), "clerk": r[1], "device_prefix": r[2] or ""}
                for r in self._db.execute(
                    "SELECT h.body, h.clerk, d.prefix FROM handovers h LEFT JOIN devices d "
                    "ON d.device_id = h.device_id WHERE h.certificate_id = ? ORDER BY h.rowid",
                    (certificate_id,))]
        return {"certificate": json.loads(row[0]), "pending": not row[1],
                "issuances": issuances, "handovers": handovers}

    def stock_record(self, stock_type: str, serial: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT s.state, s.at, s.certificate_id, s.clerk, COALESCE(d.prefix, ''), "
                "s.reason FROM stock_serials s LEFT JOIN devices d ON d.device_id = s.device_id "
                "WHERE s.stock_type = ? AND s.serial = ?", (stock_type, serial)).fetchone()
        if row is None:
            return None
        return {"stock_type": stock_type, "serial": serial, "state": row[0], "at": row[1],
                "certificate_id": row[2], "clerk": row[3], "device_prefix": row[4],
                "reason": row[5]}

    def stock_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM stock_serials").fetchone()[0])

    def set_profile(self, username: str, profile: dict[str, Any]) -> None:
        """Change a clerk's profile (roles, window), keeping the password."""
        with self._tx() as db:
            db.execute("UPDATE clerks SET profile = ? WHERE username = ?",
                       (json.dumps(profile, ensure_ascii=False), username))

def licence_holder(id_type: str, id_number: str) -> str:
    """The key licences are filed under: document type and number, letters upper-case."""
    return f"{id_type}:{id_number.strip().upper()}"


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
