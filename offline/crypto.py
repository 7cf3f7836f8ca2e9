"""Encryption of personal data at rest.

One random 256-bit data key per store file, kept in the OS keyring (never in the file).
From it HKDF derives two subkeys: one for AES-256-GCM sealing of personal fields, one for
keyed lookup references (HMAC-SHA256) such as the exact-entry search by ID number.
Every sealed value binds its table, column and row as associated data, so ciphertext
copied between rows or columns fails to open instead of showing the wrong person.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline.errors import DecryptionError

KEY_BYTES = 32
_FORMAT = b"\x01"
_NONCE = 12


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


class FieldCipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("data key must be 32 bytes")
        self._aead = AESGCM(_derive(key, b"clerk-workstation seal v1"))
        self._ref_key = _derive(key, b"clerk-workstation ref v1")

    def seal(self, plaintext: bytes, context: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return _FORMAT + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open(self, sealed: bytes, context: str) -> bytes:
        if len(sealed) < 1 + _NONCE + 16 or sealed[:1] != _FORMAT:
            raise DecryptionError(f"not a sealed value ({context})")
        nonce = sealed[1 : 1 + _NONCE]
        try:
            return self._aead.decrypt(nonce, sealed[1 + _NONCE :], context.encode())
        except InvalidTag as exc:
            raise DecryptionError(f"cannot open sealed value ({context})") from exc

    def seal_json(self, value: Any, context: str) -> bytes:
        return self.seal(json.dumps(value, ensure_ascii=False).encode(), context)

    def open_json(self, sealed: bytes, context: str) -> Any:
        return json.loads(self.open(sealed, context))

    def ref(self, value: str) -> str:
        """A keyed, non-reversible reference for exact-match lookups."""
        normalised = value.strip().upper().encode()
        return hmac.new(self._ref_key, normalised, hashlib.sha256).hexdigest()[:32]
