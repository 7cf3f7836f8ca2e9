"""intake: accepting a case at the counter and rendering its receipt.

Figures, each a p95 over many repetitions:
- accept_p95_ms: Workstation.decide for a case with 10 materials, i.e. the intake rules,
  the due date from the calendar, sealing the personal data, and one transaction writing
  the case, its outbox operation and its audit event (synchronous=FULL, like the counter).
- receipt_p95_ms: rendering that case's acceptance notice (printing.case_documents), CJK
  subset embedded, QR code included.

Floors, same run:
- accept: a bare sqlite3 transaction inserting rows of the same sizes into the same three
  tables of a fresh store file (same pragmas), nothing computed or sealed.
- receipt: a bare reportlab canvas page drawing the same text in the same font.

ratio = the larger of the two figure/floor ratios (the worse one).
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ACCEPTS = 300
RECEIPTS = 60


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def _item() -> Any:
    """A demo item with exactly ten materials, none conditional (all on the checklist)."""
    from server.contract import ServiceItem
    from server.seed.demo import demo_items

    raw = max(demo_items(), key=lambda i: len(i["materials"]))
    materials = [{**m, "when": [], "code": f"M{n:02d}"}
                 for n, m in enumerate((raw["materials"] * 2)[:10], start=1)]
    return ServiceItem.model_validate({**raw, "materials": materials, "situations": []})


def _workstation(folder: Path) -> Any:
    from server.contract import ClerkProfile
    from server.seed.demo import demo_calendar
    from workstation.auth import Session
    from workstation.core import Workstation
    from workstation.paths import Mode, paths_for
    from workstation.secrets import FileVault

    ws = Workstation(paths_for(Mode.PRODUCTION, folder / "data"), server_url="",
                     vault=FileVault(folder / "vault.json"))
    ws.store.set_meta("device_prefix", "SF0001")
    # As after an online login: the clerk's profile (the server is not part of this figure).
    ws.session = Session(profile=ClerkProfile(
        username="demo", name="王晓梅", roles=["clerk"], hall="示范区政务服务中心",
        window="3号窗口", device_prefix="SF0001"), online=False)
    with ws.store.conn:
        ws.store.conn.executemany(
            "INSERT OR REPLACE INTO calendar_days (date, kind, name) VALUES (?, ?, ?)",
            [(d["date"], d["kind"], d["name"]) for d in demo_calendar()])
    return ws


def _draft(item: Any) -> Any:
    from workstation import intake
    from workstation.intake import PartyEntry

    draft = intake.new_draft(item)
    draft.applicant = PartyEntry(name="林晓静", id_number="110101199003078523",
                                 phone="13900001234", address="示范市示范区幸福路88号3单元502室")
    for material, entry in intake.entries(draft):
        draft.materials[material.code] = entry.model_copy(update={"received": True,
                                                                  "pages": 2})
    return draft


def _accepts(ws: Any, item: Any, n: int) -> tuple[list[float], list[Any]]:
    from server.contract.cases import CaseStatus

    samples, cases = [], []
    for _ in range(n):
        draft = _draft(item)
        start = time.perf_counter()
        case = ws.decide(draft, CaseStatus.ACCEPTED)
        samples.append((time.perf_counter() - start) * 1000)
        cases.append(case)
    return samples, cases


def _bare_inserts(folder: Path, ws: Any, n: int) -> list[float]:
    """The same three rows per case, as sized in the real store, with plain sqlite3."""
    import sqlite3

    from offline import db

    sizes = ws.store.conn.execute(
        "SELECT length(applicant_enc), length(details_enc), length(submission_enc), "
        "length(item_snapshot) FROM cases LIMIT 1").fetchone()
    payload = ws.store.conn.execute(
        "SELECT length(payload_enc) FROM outbox LIMIT 1").fetchone()[0]
    detail = ws.store.conn.execute(
        "SELECT length(detail_enc) FROM audit_events LIMIT 1").fetchone()[0]
    path = folder / "bare.db"
    setup = sqlite3.connect(path)
    setup.executescript("".join(m.sql for m in db.migrations()))
    setup.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    now = dt.datetime.now(dt.UTC).isoformat()
    samples = []
    for seq in range(1, n + 1):
        key = f"case-{seq}"
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO cases (uuid, case_number, item_code, item_version, status, "
            "applicant_kind, applicant_enc, applicant_ref, details_enc, clerk, window, "
            "created_at, revision, item_name, decided_at, submission_enc, item_snapshot) "
            "VALUES (?, ?, 'X', 1, 'accepted', 'person', ?, 'r', ?, 'demo', 'w', ?, 1, 'n', "
            "?, ?, ?)",
            (key, f"SF{seq:012d}", secrets.token_bytes(sizes[0]), secrets.token_bytes(sizes[1]),
             now, now, secrets.token_bytes(sizes[2]), "x" * sizes[3]))
        conn.execute(
            "INSERT INTO outbox (device_seq, idempotency_key, op, target, payload_enc, "
            "created_at) VALUES (?, ?, 'case.put', ?, ?, ?)",
            (seq, key, key, secrets.token_bytes(payload), now))
        conn.execute("INSERT INTO audit_events (at, actor, action, target, detail_enc) "
                     "VALUES (?, 'demo', 'case.accepted', ?, ?)",
                     (now, key, secrets.token_bytes(detail)))
        conn.execute("COMMIT")
        samples.append((time.perf_counter() - start) * 1000)
    conn.close()
    return samples


def _receipts(ws: Any, cases: list[Any], n: int) -> tuple[list[float], bytes]:
    samples: list[float] = []
    pdf = b""
    for case in cases[:n]:
        start = time.perf_counter()
        pdf = ws.case_document(case.uuid)
        samples.append((time.perf_counter() - start) * 1000)
    return samples, pdf


def _bare_pages(text: list[str], n: int) -> list[float]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from printing import fonts

    font = fonts.register()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer, pagesize=A4)
        page.setFont(font, 11)
        y = A4[1] - 60
        for line in text:
            page.drawString(60, y, line)
            y -= 16
        page.showPage()
        page.save()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _text_of(pdf: bytes, folder: Path) -> list[str]:
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        return ["受理通知书"] * 40
    path = folder / "receipt.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


def run(quick: bool = False) -> dict[str, Any]:
    accepts = 40 if quick else ACCEPTS
    receipts = 10 if quick else RECEIPTS
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as tmp:
        folder = Path(tmp)
        item = _item()
        ws = _workstation(folder)
        try:
            _accepts(ws, item, 5)  # warm-up: imports, statement cache, font registration
            accept, cases = _accepts(ws, item, accepts)
            ws.case_document(cases[0].uuid)  # warm-up
            receipt, pdf = _receipts(ws, cases, receipts)
            bare_insert = _bare_inserts(folder, ws, accepts)
        finally:
            ws.close()
        text = _text_of(pdf, folder)
        _bare_pages(text, 3)  # warm-up
        bare_page = _bare_pages(text, receipts)
    accept_p95, receipt_p95 = _p95(accept), _p95(receipt)
    floor_accept, floor_receipt = _p95(bare_insert), _p95(bare_page)
    ratios = {"accept": round(accept_p95 / floor_accept, 2),
              "receipt": round(receipt_p95 / floor_receipt, 2)}
    metrics: dict[str, Any] = {
        "accept_p95_ms": round(accept_p95, 3),
        "accept_p50_ms": round(statistics.median(accept), 3),
        "receipt_p95_ms": round(receipt_p95, 3),
        "receipt_p50_ms": round(statistics.median(receipt), 3),
        "materials": len(item.materials),
        "accepts": accepts,
        "receipts": receipts,
        "receipt_bytes": len(pdf),
        "ratios": ratios,
    }
    floor: dict[str, Any] = {
        "accept_p95_ms": round(floor_accept, 3),
        "receipt_p95_ms": round(floor_receipt, 3),
        "what": "accept: plain sqlite3 BEGIN IMMEDIATE + 3 INSERTs of the same sizes + COMMIT "
                "(WAL, synchronous=FULL); receipt: bare reportlab canvas drawing the "
                "receipt's text lines in the same CJK font",
    }
    return {"name": "intake", "metrics": metrics, "floor": floor,
            "ratio": max(ratios.values())}
