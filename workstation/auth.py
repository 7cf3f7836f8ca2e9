"""Login: online against the server, offline against a slow salted verifier.

Online: the server checks the password and returns tokens and the clerk profile. The
tokens go only to the OS keyring; the profile and an scrypt verifier of the password go
to the local store (profile encrypted), so the same clerk can later log in with the
network down. Offline login never works for a clerk who has not logged in online here.
If the server rejects a password that the local verifier accepts, the password was
changed or revoked centrally, and the local verifier is forgotten.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

from offline import status
from offline.store import Store
from server.contract import ClerkProfile
from workstation.api.client import ApiClient, Tokens
from workstation.api.errors import BadCredentialsError, UnreachableError
from workstation.errors import OfflineLoginUnavailableError
from workstation.secrets import Vault

log = logging.getLogger("workstation.auth")

# scrypt, N=2^15, r=8, p=1: ~32 MiB and ~0.1 s per guess on a counter PC.
KDF = "scrypt:15:8:1"


def derive(password: str, salt: bytes, kdf: str = KDF) -> bytes:
    name, log_n, r, p = kdf.split(":")
    if name != "scrypt":
        raise ValueError(f"unknown kdf {kdf}")
    n = 2 ** int(log_n)
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=int(r), p=int(p), dklen=32,
                          maxmem=256 * n * int(r))


@dataclass(frozen=True)
class Session:
    profile: ClerkProfile
    online: bool

    @property
    def username(self) -> str:
        return self.profile.username


def token_entry(username: str) -> str:
    return f"token:{username}"


class Authenticator:
    def __init__(self, store: Store, vault: Vault, api: ApiClient | None) -> None:
        self.store = store
        self.vault = vault
        self.api = api

    def login(self, username: str, password: str) -> Session:
        username = username.strip()
        if self.api is not None:
            try:
                answer = self.api.login(username, password)
            except UnreachableError:
                log.info("server unreachable; trying offline login")
            except BadCredentialsError:
                self._forget_if_revoked(username, password)
                raise
            else:
                self.vault.set(token_entry(username),
                               Tokens(answer.access_token, answer.refresh_token).to_json())
                salt = os.urandom(16)
                status.save_clerk(self.store.conn, self.store.cipher, username, KDF, salt,
                                  derive(password, salt), answer.clerk.model_dump())
                self.store.set_meta("device_prefix", answer.clerk.device_prefix)
                return Session(answer.clerk, online=True)
        return self._offline(username, password)

    def _offline(self, username: str, password: str) -> Session:
        stored = status.load_clerk(self.store.conn, self.store.cipher, username)
        if stored is None:
            raise OfflineLoginUnavailableError(username)
        if not hmac.compare_digest(derive(password, stored.salt, stored.kdf), stored.verifier):
            raise BadCredentialsError("offline verifier mismatch")
        if self.api is not None:
            saved = self.vault.get(token_entry(username))
            self.api.use_tokens(Tokens.from_json(saved) if saved else None)
        return Session(ClerkProfile.model_validate(stored.profile), online=False)

    def _forget_if_revoked(self, username: str, password: str) -> None:
        stored = status.load_clerk(self.store.conn, self.store.cipher, username)
        if stored and hmac.compare_digest(derive(password, stored.salt, stored.kdf),
                                          stored.verifier):
            log.warning("server refused a password the local verifier accepted; forgetting it")
            status.forget_clerk(self.store.conn, username)

    def save_tokens(self, username: str, tokens: Tokens) -> None:
        self.vault.set(token_entry(username), tokens.to_json())
