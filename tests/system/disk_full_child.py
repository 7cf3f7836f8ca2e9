"""Run inside a private mount namespace whose attachments folder is a tiny tmpfs: stores
pages until the filesystem is full, then reports what the store holds (JSON on stdout)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import numpy as np

from offline.errors import DiskFullError
from offline.store import open_store
from workstation.secrets import FileVault


def main(folder: Path) -> None:
    store = open_store(folder / "ws.db", FileVault(folder / "vault.json"))
    rng = np.random.default_rng(7)
    kept: list[str] = []
    error = ""
    try:
        for _ in range(200):
            page = rng.integers(0, 256, 20_000, dtype=np.uint8).tobytes()  # incompressible
            kept.append(store.attachments.put(page, "image/jpeg", 100, 100, 200).sha256)
    except DiskFullError as exc:
        error = exc.code
    root = store.attachments.root
    files = sorted(p.name for p in root.rglob("*") if p.is_file())
    rows = sorted(r[0] for r in store.conn.execute("SELECT sha256 FROM attachments"))
    readable = all(len(store.attachments.read(h)) == 20_000 for h in kept)
    print(json.dumps({"error": error, "kept": sorted(kept), "files": files, "rows": rows,
                      "readable": readable, "device": os.stat(root).st_dev !=
                      os.stat(folder).st_dev}))
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
