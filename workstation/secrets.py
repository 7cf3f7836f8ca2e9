"""Secrets in the OS keyring: the data key of each store and the clerks' tokens.

Production and sandbox use different keyring services, so neither can read the other's
entries. Production refuses to run without a real keyring. Sandbox mode, whose data is
fictional, falls back to a file vault in its own data directory when no keyring service
is running (a bare VM, a CI box) and says so in the log.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends.chainer import ChainerBackend

from workstation.errors import KeyringUnavailableError

log = logging.getLogger("workstation.secrets")


def _usable(backend: KeyringBackend) -> bool:
    """False for keyring's stand-ins that store nothing or store it in clear."""
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return False
    if isinstance(backend, ChainerBackend):
        return any(_usable(b) for b in backend.backends)
    return True


class KeyringVault:
    """Secrets under one keyring service name."""

    def __init__(self, service: str) -> None:
        self.service = service
        backend = keyring.get_keyring()
        if not _usable(backend):
            raise KeyringUnavailableError(f"no usable keyring backend ({backend!r})")
        self._backend = backend

    def get(self, name: str) -> str | None:
        try:
            value = self._backend.get_password(self.service, name)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(str(exc)) from exc
        return None if value is None else str(value)

    def set(self, name: str, value: str) -> None:
        try:
            self._backend.set_password(self.service, name, value)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(str(exc)) from exc

    def delete(self, name: str) -> None:
        try:
            self._backend.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(str(exc)) from exc


class FileVault:
    """Sandbox-only fallback: a 0600 JSON file beside the sandbox's fictional data."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in dict(data).items()}

    def _write(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, self.path)

    def get(self, name: str) -> str | None:
        return self._read().get(name)

    def set(self, name: str, value: str) -> None:
        data = self._read()
        data[name] = value
        self._write(data)

    def delete(self, name: str) -> None:
        data = self._read()
        if data.pop(name, None) is not None:
            self._write(data)


Vault = KeyringVault | FileVault


def open_vault(service: str, *, sandbox_fallback: Path | None = None) -> Vault:
    try:
        vault = KeyringVault(service)
        vault.get("probe")  # a locked or absent Secret Service fails here, not later
        return vault
    except KeyringUnavailableError:
        if sandbox_fallback is None:
            raise
        log.warning("no OS keyring; sandbox secrets kept in %s", sandbox_fallback)
        return FileVault(sandbox_fallback)
