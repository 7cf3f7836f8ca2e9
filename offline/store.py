"""The offline store: one SQLite file per mode, plus its data key from the keyring."""

from __future__ import annotations

import base64
import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import Protocol

from offline import db, search
from offline.attachments import Attachments
from offline.crypto import FieldCipher, new_key
from offline.errors import DecryptionError, KeyUnavailableError

_KEY_CHECK = b"clerk-workstation key check"


class KeyVault(Protocol):
    """Where secrets live (the OS keyring in production): see workstation.secrets."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...


class Store:
    """An open store: a connection and the cipher for its personal data.

    A Store belongs to one thread. The sync worker opens its own Store on the same file.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, cipher: FieldCipher) -> None:
        self.path = path
        self.conn = conn
        self.cipher = cipher
        # Scanned pages live next to the database file, sealed with the same key.
        self.attachments = Attachments(path.with_name(f"{path.stem}-attachments"), conn, cipher)

    def close(self) -> None:
        self.conn.close()

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with db.write(self.conn):
            put_meta(self.conn, key, value)

    @property
    def device_id(self) -> str:
        value = self.meta("device_id")
        assert value is not None, "open_store always sets device_id"
        return value


def put_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Call inside a db.write() block (Store.set_meta opens its own)."""
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def data_key_entry(store_id: str) -> str:
    """The vault entry holding the data key of the store `store_id`."""
    return f"data-key:{store_id}"


def open_store(path: Path, vault: KeyVault) -> Store:
    """Open or create the store at `path`, with its data key from `vault`.

    A new store gets a random store id and a new data key saved under `data-key:<id>`.
    An existing store whose key is missing from the vault (a copied file, a reset keyring)
    is refused: its personal data cannot be read, and nothing is overwritten.
    """
    conn = db.connect(path)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        if row is None:
            store_id = uuid.uuid4().hex
            key = new_key()
            vault.set(data_key_entry(store_id), base64.b64encode(key).decode())
            cipher = FieldCipher(key)
            with db.write(conn):
                put_meta(conn, "store_id", store_id)
                put_meta(conn, "device_id", uuid.uuid4().hex)
                put_meta(conn, "created_at", dt.datetime.now(dt.UTC).isoformat())
                put_meta(conn, "key_check",
                          base64.b64encode(cipher.seal(_KEY_CHECK, "meta.key_check")).decode())
            search.ensure_current(conn)
            return Store(path, conn, cipher)
        store_id = str(row[0])
        encoded = vault.get(data_key_entry(store_id))
        if not encoded:
            raise KeyUnavailableError(f"no data key for store {store_id} in the keyring")
        cipher = FieldCipher(base64.b64decode(encoded))
        check = conn.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        try:
            if check is None or cipher.open(base64.b64decode(check[0]),
                                            "meta.key_check") != _KEY_CHECK:
                raise KeyUnavailableError("the keyring holds a different key for this store")
        except DecryptionError as exc:
            raise KeyUnavailableError("the keyring holds a different key for this store") from exc
        search.ensure_current(conn)
        return Store(path, conn, cipher)
    except BaseException:
        conn.close()
        raise
