"""Errors of the storage layer. `code` is stable: the UI maps it to a translated message."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used as asked; the environment's fault, not a bug."""

    code = "store.error"


class NewerDatabaseError(StoreError):
    """The file was written by a newer version of the workstation; it is left untouched."""

    code = "store.newer"

    def __init__(self, path: str, found: int, known: int) -> None:
        super().__init__(f"{path}: schema version {found}, this version knows up to {known}")
        self.path = path
        self.found = found
        self.known = known


class CorruptDatabaseError(StoreError):
    code = "store.corrupt"


class DiskFullError(StoreError):
    code = "store.disk_full"


class KeyUnavailableError(StoreError):
    """The data key for this store is not in the keyring (copied file, or keyring reset)."""

    code = "store.key_unavailable"


class DecryptionError(StoreError):
    code = "store.decrypt"
