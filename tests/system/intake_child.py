"""Child process for the intake crash tests: decide a case, then die by SIGKILL.

    python -m tests.system.intake_child URL WORKDIR MODE [OPS]

MODE "after": the case is decided (its transaction committed), then the process is
killed before anything is printed. MODE "during": SQLite's progress handler kills the
process once OPS virtual-machine instructions have run inside the decision's transaction.
Prints "draft <id>" once the draft is saved and "decided <uuid> <number>" after deciding.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from server.contract.cases import CaseStatus
from workstation import intake
from workstation.core import Workstation
from workstation.intake import PartyEntry
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault
from workstation.sync import SyncEngine

ITEM_NAME = "居民身份证换领"


def open_workstation(url: str, work: Path) -> Workstation:
    return Workstation(paths_for(Mode.PRODUCTION, work / "data"), server_url=url,
                       vault=FileVault(work / "vault.json"))


def filled_draft(ws: Workstation) -> intake.Draft:
    from offline import catalogue

    code = next(s.code for s in catalogue.item_summaries(ws.store.conn) if s.name == ITEM_NAME)
    item = ws.item(code)
    assert item is not None
    draft = intake.new_draft(item)
    draft.applicant = PartyEntry(name="林晓静", id_number="110101199003078523")
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True})
    return draft


def main() -> int:
    url, work, mode = sys.argv[1:4]
    ws = open_workstation(url, Path(work))
    ws.login("demo", "demo1234")
    assert ws.api is not None
    SyncEngine(ws.store, ws.api).sync_once()
    draft = filled_draft(ws)
    ws.save_draft(draft)
    print(f"draft {draft.id}", flush=True)
    if mode == "during":
        conn = ws.store.conn
        steps = [0]
        limit = int(sys.argv[4])

        def die() -> int:
            if conn.in_transaction:
                steps[0] += 1
                if steps[0] >= limit:
                    os.kill(os.getpid(), signal.SIGKILL)
            return 0

        conn.set_progress_handler(die, 1)
    case = ws.decide(draft, CaseStatus.ACCEPTED)
    print(f"decided {case.uuid} {case.case_number}", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # "after": before the receipt is printed
    return 1


if __name__ == "__main__":
    sys.exit(main())
