"""Snapshots of the sandbox, and resetting it to a clean state or to a snapshot (#9).

A trainer prepares the sandbox (cases taken in, certificates issued, settings made),
saves it as a named snapshot, and between trainees puts it back in one action; or resets
it to the clean state, where the next start seeds the demo data again.

What the sandbox keeps is every entry of its directory (`Paths.root`) except these,
which outlive every reset and are never part of a snapshot:

- ``snapshots/``: the snapshots themselves;
- ``logs/``: the application's log (support needs it across resets);
- ``training/``: the trainer's records of practice runs (workstation.training);
- ``sandbox-secrets.json``: the file vault used when no OS keyring runs. Only the store's
  own entries in it (or in the keyring) are managed here; other secrets (the training
  records' key) stay.

``printed/``, the simulated printer's output, is cleared by every reset and is not part of
a snapshot: a restored sandbox starts with an empty printed folder, so the trainer never
mistakes an earlier trainee's printouts for the current one's.

Everything else (the client store with its WAL, the captured pages, the store's
automatic backups, settings.json, the embedded server's data directory and whatever
later releases add) is copied into a snapshot and removed by a reset. SQLite databases
are copied with SQLite's online backup API into one plain file each, so a snapshot is
consistent even when saved while the workstation runs; the other files are copied after
the databases, so every page a copied row refers to is in the copy.

The store is sealed with a data key kept in the keyring (or the sandbox's file vault),
not in the database: a snapshot keeps the store's key and the clerks' tokens in its own
0600 ``secrets.json`` (the sandbox's data is fictional, like the file vault's), and
restoring puts them back, so the restored store opens whatever happened to the keyring
meanwhile.

Crash safety: a snapshot is written into a hidden temporary folder and renamed into place
when complete; one deleted is first renamed away. A reset copies the snapshot into a
hidden staging folder first, then moves the current data aside and the staged data in
(renames only), then fixes the vault entries. Hidden folders an interruption left behind
are removed by the next save or reset.

Reset (and restoring) must run while the workstation is closed: the UI ends its session,
resets, and starts a new one (ui/app.py). Every function refuses production paths.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from offline.store import data_key_entry
from workstation.auth import token_entry
from workstation.errors import KnownError
from workstation.paths import Mode, Paths
from workstation.secrets import Vault, open_vault

log = logging.getLogger("workstation.snapshots")

FORMAT = 1
FOLDER = "snapshots"
VAULT_FILE = "sandbox-secrets.json"  # the file vault (workstation.core.Workstation)
PRINTED = "printed"  # the simulated printer's folder (Workstation.printed_folder)
# Never reset, never copied (see the module's docstring).
PRESERVED = frozenset({FOLDER, "logs", "training", VAULT_FILE})
MAX_NAME = 80

_MANIFEST = "snapshot.json"
_SECRETS = "secrets.json"
_DATA = "data"
_HIDDEN = ".cw-"  # prefix of this module's temporary folders
_SQLITE_MAGIC = b"SQLite format 3\x00"
_COMPANIONS = ("-wal", "-shm", "-journal")


class SnapshotError(KnownError):
    code = "snapshots.failed"


class ProductionPathsError(SnapshotError):
    """Snapshots and resets exist in training mode only."""

    code = "snapshots.production"


class SnapshotNameError(SnapshotError):
    code = "snapshots.name"


class SnapshotExistsError(SnapshotError):
    code = "snapshots.exists"


class SnapshotNotFoundError(SnapshotError):
    code = "snapshots.not_found"


class SnapshotDamagedError(SnapshotError):
    """Incomplete or unreadable: it cannot be restored (it can be deleted)."""

    code = "snapshots.damaged"


class DataKeyMissingError(SnapshotError):
    """The store's data key is in no vault: a snapshot of it could never be opened."""

    code = "snapshots.no_key"


@dataclass(frozen=True)
class Snapshot:
    name: str
    created_at: dt.datetime  # aware (UTC)
    size: int  # bytes on disk
    path: Path


# -- the public functions -------------------------------------------------------------------

def folder(paths: Paths) -> Path:
    """Where the sandbox's snapshots live."""
    _require_sandbox(paths)
    return paths.root / FOLDER


def check_name(name: str) -> str:
    """The name as it will be kept (trimmed), or SnapshotNameError: not empty, at most
    MAX_NAME characters, no path separators, no control characters, no leading dot."""
    cleaned = name.strip()
    if (not cleaned or len(cleaned) > MAX_NAME or cleaned.startswith(".")
            or any(c in cleaned for c in "/\\") or any(ord(c) < 32 or ord(c) == 127
                                                      for c in cleaned)):
        raise SnapshotNameError(name)
    return cleaned


def list_snapshots(paths: Paths) -> list[Snapshot]:
    """The complete snapshots, newest first. A damaged one is logged and left out."""
    where = folder(paths)
    found: list[Snapshot] = []
    if not where.is_dir():
        return found
    for entry in where.iterdir():
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        try:
            found.append(_read(entry))
        except SnapshotDamagedError:
            log.warning("snapshot folder %s is damaged; left out", entry.name)
    return sorted(found, key=lambda s: (s.created_at, s.name), reverse=True)


def save_snapshot(paths: Paths, name: str, *, replace: bool = False,
                  vault: Vault | None = None, now: dt.datetime | None = None) -> Snapshot:
    """Copy what the sandbox keeps into the snapshot `name`.

    Consistent while the workstation runs, too (databases through SQLite's backup API).
    SnapshotExistsError when the name is taken, unless `replace`; DataKeyMissingError when
    the store's data key is in no vault."""
    where = folder(paths)
    cleaned = check_name(name)
    target = where / cleaned
    if target.exists() and not replace:
        raise SnapshotExistsError(cleaned)
    vault = vault if vault is not None else _open_vault(paths)
    try:
        databases = _save(paths, where, target, vault, now)
    except (OSError, sqlite3.Error) as exc:  # the disk full, a file unreadable
        raise SnapshotError(f"save: {exc}") from exc
    log.info("sandbox snapshot %r saved (%d databases)", cleaned, databases)
    return _read(target)


def _save(paths: Paths, where: Path, target: Path, vault: Vault,
          now: dt.datetime | None) -> int:
    where.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(where)
    partial = Path(tempfile.mkdtemp(dir=where, prefix=f"{_HIDDEN}new-"))
    try:
        data = partial / _DATA
        data.mkdir()
        databases: list[Path] = []
        for entry in _entries(paths.root, exclude=PRESERVED | {PRINTED}):
            _copy_databases(entry, data / entry.name, databases)
        for entry in _entries(paths.root, exclude=PRESERVED | {PRINTED}):
            _copy_files(entry, data / entry.name)
        secrets = _store_secrets(data / paths.database.name, vault)
        _write_private(partial / _SECRETS, json.dumps(secrets).encode())
        created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        manifest = {"format": FORMAT, "name": target.name, "created_at": created.isoformat()}
        _write_private(partial / _MANIFEST, json.dumps(manifest, ensure_ascii=False).encode(),
                       mode=0o644)
        _sync_tree(partial)
        earlier: Path | None = None
        if target.exists():  # replaced: renamed away, then the new one renamed in
            earlier = where / f"{_HIDDEN}gone-{uuid.uuid4().hex}"
            os.replace(target, earlier)
        os.replace(partial, target)
        _sync_dir(where)
        if earlier is not None:
            shutil.rmtree(earlier, ignore_errors=True)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return len(databases)


def delete_snapshot(paths: Paths, name: str) -> None:
    """Delete the snapshot `name` (SnapshotNotFoundError when there is none)."""
    target = folder(paths) / check_name(name)
    if not target.is_dir():
        raise SnapshotNotFoundError(name)
    _discard(target)
    log.info("sandbox snapshot %r deleted", name)


def reset(paths: Paths, snapshot: str | None, *, vault: Vault | None = None) -> None:
    """Reset the sandbox (the workstation closed): `snapshot` None removes its data, so the
    next start seeds the demo data again; else its data becomes the snapshot's copy.
    SnapshotNotFoundError / SnapshotDamagedError leave everything as it was."""
    _require_sandbox(paths)
    root = paths.root
    source: Path | None = None
    secrets: dict[str, str] = {}
    if snapshot is not None:
        source = folder(paths) / check_name(snapshot)
        if not source.is_dir():
            raise SnapshotNotFoundError(snapshot)
        _read(source)
        secrets = _read_secrets(source)
    if not root.is_dir():
        root.mkdir(parents=True)
    vault = vault if vault is not None else _open_vault(paths)
    try:
        forget = _replace_data(root, source, paths.database)
    except OSError as exc:
        raise SnapshotError(f"reset: {exc}") from exc
    for entry_name in sorted(forget - secrets.keys()):
        vault.delete(entry_name)
    for entry_name, value in secrets.items():
        vault.set(entry_name, value)
    log.info("sandbox reset to %s", "the clean state" if snapshot is None
             else f"snapshot {snapshot!r}")


# -- helpers ------------------------------------------------------------------------------------

def _replace_data(root: Path, source: Path | None, database: Path) -> set[str]:
    """Move the sandbox's data out of `root` and the snapshot's copy (`source`) in;
    returns the vault entries of the store that was there. A failed rename puts back
    what had moved; nothing of the old data is deleted before the new data is in place
    (nor when putting it back failed: then it stays in the hidden folder for support)."""
    _remove_leftovers(root)
    forget = _entry_names(database)
    staging: Path | None = None
    trash = Path(tempfile.mkdtemp(dir=root, prefix=f"{_HIDDEN}old-"))
    settled = False  # the old data is either no longer wanted or back in place
    try:
        if source is not None:
            staging = Path(tempfile.mkdtemp(dir=root, prefix=f"{_HIDDEN}staged-"))
            for entry in sorted((source / _DATA).iterdir()):
                _copy_plain(entry, staging / entry.name)
            _sync_tree(staging)
        # Renames only from here on: quick, and undone if one fails.
        moved_out: list[str] = []
        moved_in: list[str] = []
        try:
            for entry in _entries(root, exclude=PRESERVED):
                os.replace(entry, trash / entry.name)
                moved_out.append(entry.name)
            if staging is not None:
                for entry in sorted(staging.iterdir()):
                    os.replace(entry, root / entry.name)
                    moved_in.append(entry.name)
        except OSError:
            for name in moved_in:
                os.replace(root / name, trash.with_name(f"{trash.name}-undone-{name}"))
            for name in moved_out:
                os.replace(trash / name, root / name)
            settled = True
            raise
        _sync_dir(root)
        settled = True
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for undone in root.glob(f"{trash.name}-undone-*"):
            if undone.is_dir():
                shutil.rmtree(undone, ignore_errors=True)
            else:
                undone.unlink()
        if settled:
            shutil.rmtree(trash, ignore_errors=True)
        else:
            log.error("reset interrupted: the earlier data is kept in %s", trash)
    return forget


def _require_sandbox(paths: Paths) -> None:
    if paths.mode is not Mode.SANDBOX or paths.root.name != Mode.SANDBOX.value:
        raise ProductionPathsError(str(paths.root))


def _open_vault(paths: Paths) -> Vault:
    """The vault the sandbox's Workstation uses (the keyring, else the file vault)."""
    return open_vault(paths.keyring_service, sandbox_fallback=paths.root / VAULT_FILE)


def _entries(root: Path, *, exclude: frozenset[str]) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(e for e in root.iterdir()
                  if e.name not in exclude and not e.name.startswith(_HIDDEN))


def _remove_leftovers(where: Path) -> None:
    """Hidden folders an interrupted save, delete or reset left behind; but never the
    earlier data a reset could not put back (`.cw-old-…`, for support to look at)."""
    for entry in where.iterdir():
        if entry.name.startswith(f"{_HIDDEN}old-"):
            log.warning("%s holds data an interrupted reset left; not removed", entry.name)
        elif entry.name.startswith(_HIDDEN):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _discard(target: Path) -> None:
    """Rename away first: a half-deleted snapshot never looks like a complete one."""
    doomed = target.with_name(f"{_HIDDEN}gone-{uuid.uuid4().hex}")
    os.replace(target, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def _read(where: Path) -> Snapshot:
    try:
        manifest = json.loads((where / _MANIFEST).read_text("utf-8"))
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
                or not (where / _DATA).is_dir() or not (where / _SECRETS).is_file():
            raise SnapshotDamagedError(where.name)
        created = dt.datetime.fromisoformat(str(manifest["created_at"]))
    except (OSError, ValueError, KeyError) as exc:
        raise SnapshotDamagedError(where.name) from exc
    size = sum(f.stat().st_size for f in where.rglob("*") if f.is_file())
    return Snapshot(where.name, created, size, where)


def _read_secrets(where: Path) -> dict[str, str]:
    try:
        raw = json.loads((where / _SECRETS).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise SnapshotDamagedError(where.name) from exc
    if not isinstance(raw, dict):
        raise SnapshotDamagedError(where.name)
    return {str(k): str(v) for k, v in raw.items()}


def _is_database(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def _companion_of(path: Path) -> Path | None:
    """The database whose -wal/-shm/-journal `path` is, if it is one."""
    for suffix in _COMPANIONS:
        if path.name.endswith(suffix):
            main = path.with_name(path.name.removesuffix(suffix))
            if _is_database(main):
                return main
    return None


def _copy_databases(source: Path, target: Path, copied: list[Path]) -> None:
    """Pass 1: every SQLite database under `source`, each as one consistent file."""
    if source.is_symlink():
        return
    if source.is_dir():
        for entry in sorted(source.iterdir()):
            _copy_databases(entry, target / entry.name, copied)
        return
    if not _is_database(source):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _backup(source, target)
    except sqlite3.DatabaseError:
        # A damaged file set aside for support (offline.backup): kept as it is.
        log.warning("%s is not a readable database; copied as it is", source.name)
        target.unlink(missing_ok=True)
        for path in (source, *(Path(f"{source}{s}") for s in _COMPANIONS)):
            if path.exists():
                shutil.copy2(path, target.with_name(path.name))
    copied.append(source)


def _backup(source: Path, target: Path) -> None:
    reader = sqlite3.connect(str(source), timeout=10.0)
    try:
        copy = sqlite3.connect(str(target))
        try:
            reader.backup(copy)
            # One plain file: no -wal/-shm companions to lose. The store switches back to
            # WAL when it opens the restored file.
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
    finally:
        reader.close()


def _copy_files(source: Path, target: Path) -> None:
    """Pass 2: everything else, after the databases (see the module's docstring)."""
    if source.is_symlink():
        log.warning("%s is a symbolic link; not copied", source)
        return
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        for entry in sorted(source.iterdir()):
            _copy_files(entry, target / entry.name)
        return
    if target.exists() or not source.exists() or _companion_of(source) is not None \
            or _is_database(source):
        return  # copied in pass 1 (or gone meanwhile: a purged page, a finished upload)
    with contextlib.suppress(FileNotFoundError):
        shutil.copy2(source, target)


def _copy_plain(source: Path, target: Path) -> None:
    """A snapshot's data back: closed files, copied as they are."""
    if source.is_dir():
        shutil.copytree(source, target, symlinks=False)
    else:
        shutil.copy2(source, target)


def _vault_entries(database: Path) -> tuple[str | None, set[str]]:
    """The vault entries belonging to the store at `database`: its data key's and the
    tokens' of the clerks who logged in on it. (None, {}) without a readable store."""
    if not _is_database(database):
        return None, set()
    try:
        conn = sqlite3.connect(str(database), timeout=10.0)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
            users = [str(r[0]) for r in conn.execute("SELECT username FROM clerks")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        log.warning("store %s unreadable (%s); its vault entries stay", database.name, exc)
        return None, set()
    return (None if row is None else data_key_entry(str(row[0])),
            {token_entry(u) for u in users})


def _entry_names(database: Path) -> set[str]:
    key, tokens = _vault_entries(database)
    return tokens if key is None else {key, *tokens}


def _store_secrets(database: Path, vault: Vault) -> dict[str, str]:
    """The vault entries of the store copied to `database` (a snapshot's copy)."""
    key, tokens = _vault_entries(database)
    secrets = {n: v for n in sorted(tokens) if (v := vault.get(n)) is not None}
    if key is not None:
        value = vault.get(key)
        if value is None:
            raise DataKeyMissingError(database.name)
        secrets[key] = value
    return secrets


def _write_private(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _walk(root: Path) -> Iterator[tuple[Path, bool]]:
    for directory, dirs, files in os.walk(root):
        for name in files:
            yield Path(directory) / name, False
        for name in dirs:
            yield Path(directory) / name, True
    yield root, True


def _sync_tree(root: Path) -> None:
    """Every file and folder under `root` on the disk before it is renamed into place."""
    for path, is_dir in _walk(root):
        if is_dir:
            _sync_dir(path)
        else:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
