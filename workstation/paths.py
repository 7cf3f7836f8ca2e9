"""Where each mode keeps its files. Production and sandbox never share a file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Mode(StrEnum):
    PRODUCTION = "production"
    SANDBOX = "sandbox"


@dataclass(frozen=True)
class Paths:
    mode: Mode
    root: Path

    @property
    def database(self) -> Path:
        return self.root / "workstation.db"

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def server_data(self) -> Path:
        """The embedded reference server's own files (sandbox only)."""
        return self.root / "server"

    @property
    def keyring_service(self) -> str:
        return "clerk-workstation" if self.mode is Mode.PRODUCTION else "clerk-workstation-sandbox"


def base_dir() -> Path:
    override = os.environ.get("WORKSTATION_HOME")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "clerk-workstation"


def paths_for(mode: Mode, base: Path | None = None) -> Paths:
    return Paths(mode, (base or base_dir()) / mode.value)
