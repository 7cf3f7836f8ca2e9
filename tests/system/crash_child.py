"""Child process for the crash tests: sync the catalogue and SIGKILL itself mid-write.

    python -m tests.system.crash_child URL WORKDIR PAGE_SIZE KILL_AFTER_PAGES OPS

After KILL_AFTER_PAGES pages have been applied, SQLite's progress handler kills the
process with SIGKILL once OPS virtual-machine instructions have run inside the next write
transaction: a real kill in the middle of applying a page (or of the rebuild swap).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from offline import replica
from offline.store import open_store
from workstation.api.client import ApiClient
from workstation.secrets import FileVault
from workstation.sync import SyncEngine


def main() -> int:
    url, work, page_size, after_pages, ops = sys.argv[1:6]
    workdir = Path(work)
    store = open_store(workdir / "w.db", FileVault(workdir / "vault.json"))
    conn = store.conn
    applied = [0]
    real_apply = replica.apply_page

    def counting_apply(*args: object, **kwargs: object) -> None:
        if applied[0] >= int(after_pages):
            steps = [0]

            def die() -> int:
                if conn.in_transaction:
                    steps[0] += 1
                    if steps[0] >= int(ops):
                        os.kill(os.getpid(), signal.SIGKILL)
                return 0

            conn.set_progress_handler(die, 1)
        real_apply(*args, **kwargs)  # type: ignore[arg-type]
        applied[0] += 1

    replica.apply_page = counting_apply  # type: ignore[assignment]
    real_finish = replica.finish_rebuild

    def dying_finish(*args: object, **kwargs: object) -> None:
        steps = [0]

        def die() -> int:
            steps[0] += 1
            if conn.in_transaction and steps[0] >= int(ops):
                os.kill(os.getpid(), signal.SIGKILL)
            return 0

        conn.set_progress_handler(die, 1)
        real_finish(*args, **kwargs)  # type: ignore[arg-type]

    if os.environ.get("CRASH_IN_SWAP") == "1":
        replica.finish_rebuild = dying_finish  # type: ignore[assignment]
    with ApiClient(url, device_id=store.device_id) as api:
        api.login("demo", "demo1234")
        report = SyncEngine(store, api, page_size=int(page_size)).sync_once()
    print(f"finished without being killed: {report}", flush=True)
    return 3


if __name__ == "__main__":
    sys.exit(main())
