"""Persisted sync outcome (last attempt, last success, last error) and clerk verifiers."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import Any

from offline import db
from offline.crypto import FieldCipher


@dataclass(frozen=True)
class SyncStatus:
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error_code: str | None
    last_error_detail: str | None


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def sync_status(conn: sqlite3.Connection) -> SyncStatus:
    row = conn.execute(
        "SELECT last_attempt_at, last_success_at, last_error_code, last_error_detail "
        "FROM sync_status WHERE id = 1"
    ).fetchone()
    return SyncStatus(_parse(row[0]), _parse(row[1]), row[2], row[3])


def record_sync(conn: sqlite3.Connection, error_code: str | None, detail: str | None) -> None:
    now = dt.datetime.now(dt.UTC).isoformat()
    with db.write(conn):
        if error_code is None:
            conn.execute(
                "UPDATE sync_status SET last_attempt_at = ?, last_success_at = ?, "
                "last_error_code = NULL, last_error_detail = NULL WHERE id = 1",
                (now, now),
            )
        else:
            conn.execute(
                "UPDATE sync_status SET last_attempt_at = ?, last_error_code = ?, "
                "last_error_detail = ? WHERE id = 1",
                (now, error_code, (detail or "")[:500]),
            )


@dataclass(frozen=True)
class StoredClerk:
    username: str
    kdf: str
    salt: bytes
    verifier: bytes
    profile: dict[str, Any]


def save_clerk(
    conn: sqlite3.Connection,
    cipher: FieldCipher,
    username: str,
    kdf: str,
    salt: bytes,
    verifier: bytes,
    profile: dict[str, Any],
) -> None:
    with db.write(conn):
        conn.execute(
            "INSERT INTO clerks (username, kdf, salt, verifier, profile_enc, "
            "last_online_login_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(username) DO UPDATE "
            "SET kdf = excluded.kdf, salt = excluded.salt, verifier = excluded.verifier, "
            "profile_enc = excluded.profile_enc, "
            "last_online_login_at = excluded.last_online_login_at",
            (username, kdf, salt, verifier,
             cipher.seal_json(profile, f"clerks.profile:{username}"),
             dt.datetime.now(dt.UTC).isoformat()),
        )


def load_clerk(conn: sqlite3.Connection, cipher: FieldCipher, username: str) -> StoredClerk | None:
    row = conn.execute(
        "SELECT kdf, salt, verifier, profile_enc FROM clerks WHERE username = ?", (username,)
    ).fetchone()
    if row is None:
        return None
    profile = cipher.open_json(row[3], f"clerks.profile:{username}")
    return StoredClerk(username, str(row[0]), bytes(row[1]), bytes(row[2]), dict(profile))


def forget_clerk(conn: sqlite3.Connection, username: str) -> None:
    with db.write(conn):
        conn.execute("DELETE FROM clerks WHERE username = ?", (username,))
