"""The running workstation, composed once at start-up and handed to the UI.

No global singletons: the UI receives a Workstation and everything hangs off it.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import gc
import logging
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offline import audit, backup, catalogue, db, drafts, my_cases, outbox
from offline import search as offline_search
from offline import status as offline_status
from offline.errors import CorruptDatabaseError
from offline.outbox import NewCase
from offline.store import Store, open_store, put_meta
from printing import printers
from printing.forms import Variant
from server.contract import (
    CaseApplicant,
    CaseMaterial,
    CaseSubmission,
    FormSpec,
    Licence,
    ServiceItem,
)
from server.contract.cases import CaseStatus
from workstation import capture, checklist, intake, kb, validation
from workstation import settings as settings_io
from workstation.api.client import ApiClient, Tokens
from workstation.api.errors import UnreachableError
from workstation.auth import Authenticator, Session
from workstation.errors import CaseNotFoundError, IntakeBlockedError, NotLoggedInError
from workstation.paths import Mode, Paths
from workstation.privacy import mask_document_number, mask_name
from workstation.secrets import Vault, open_vault
from workstation.settings import Settings
from workstation.sync import MAX_CHUNK, SyncProgress, SyncReport, SyncWorker
from workstation.upload_window import OPENED_EARLY_KEY, opened_early
from workstation.workdays import WorkCalendar

if TYPE_CHECKING:
    import threading

    from devices.capture.camera import FrameSource
    from devices.capture.scanner import (
        Capabilities,
        Image,
        ScannerInfo,
        ScanResult,
        ScanSettings,
    )
    from devices.capture.simulated_scanner import SimulatedScanner
    from devices.cards.identity import ReaderEvent
    from workstation.card_readers import CardReaders
    from workstation.certificates import CertificateDesk
    from workstation.sandbox import EmbeddedServer
    from workstation.training import ScenarioSet, Training

log = logging.getLogger("workstation.core")

# Sandbox mode's simulated printer (printing.printers.add_folder_printer).
SANDBOX_PRINTER = "training-pdf"
SANDBOX_PRINTER_DESCRIPTION = "培训打印机（打印为 PDF 文件）"

_settled = False


def settle_memory() -> None:
    """Once, after start-up and login: move what start-up made (modules, classes, the
    windows) out of the garbage collector's way. A full collection over it takes ~40 ms
    on a slow counter PC, holding the interpreter, so the UI would stall now and then
    while a sync runs (benchmark sync_push, max_stall_ms). Objects made later are
    collected as usual."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()


@dataclass(frozen=True)
class SyncOverview:
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error_code: str | None
    last_error_detail: str | None
    pending: int
    rejected: int
    items: int
    page_bytes: int = 0  # of scanned pages waiting to be sent
    overdue: dt.timedelta | None = None  # how long the oldest record has been waiting,
    #                                     when longer than the warning age in the settings


@dataclass(frozen=True)
class SyncDetails:
    """Everything the sync panel shows."""

    overview: SyncOverview
    waiting: outbox.Waiting
    troubles: list[outbox.Trouble]
    warn_after: dt.timedelta  # something waiting longer than this deserves a warning
    window: WindowState | None = None  # None: no upload window is set


@dataclass(frozen=True)
class WindowState:
    """The upload window for large pages, as the sync panel shows it."""

    spec: str  # "18:00-08:00"
    min_bytes: int
    open_now: bool  # the window is open (by the clock, or opened early for what waits)
    opens_at: dt.datetime  # local time; now when open by the clock
    pages: int  # large pages waiting (held while the window is closed)
    page_bytes: int


@dataclass(frozen=True)
class MyCase:
    row: my_cases.CaseRow
    applicant: str  # masked: 林**
    days_left: int | None  # working days to the due date; negative: overdue


class Workstation:
    def __init__(
        self, paths: Paths, *, server_url: str | None = None, vault: Vault | None = None
    ) -> None:
        """Open the mode's store and vault; in sandbox mode start the embedded server.

        `server_url` overrides the configured one; `vault` the OS keyring (tests).
        """
        self.paths = paths
        self.mode = paths.mode
        paths.root.mkdir(parents=True, exist_ok=True)
        self.settings = settings_io.load(paths.settings)
        self.embedded: EmbeddedServer | None = None
        fallback = paths.root / "sandbox-secrets.json" if self.sandbox else None
        self.vault: Vault = vault or open_vault(paths.keyring_service, sandbox_fallback=fallback)
        # A damaged store (a power cut at the wrong moment, a failing disk) is set aside,
        # never deleted, and the newest automatic backup takes its place (offline.backup).
        self.recovery: backup.Recovery | None = None
        try:
            backup.check(paths.database)
            self.store = open_store(paths.database, self.vault)
        except CorruptDatabaseError as exc:
            log.error("the local store is damaged (%s); recovering from a backup", exc)
            self.recovery = backup.recover(paths.database)
            self.store = open_store(paths.database, self.vault)
        self.session: Session | None = None
        self.api: ApiClient | None = None
        self.server_url = ""
        # Sandbox mode's simulated scanner: made on first use (tests may put their own).
        self.simulated_scanner: SimulatedScanner | None = None
        if self.sandbox:
            # The simulated printer: every document printed in training lands as a PDF in
            # a folder the trainer can open, with or without CUPS and paper.
            printers.add_folder_printer(SANDBOX_PRINTER, SANDBOX_PRINTER_DESCRIPTION,
                                        self.printed_folder)
        try:
            if self.sandbox and server_url is None:
                # Imported here: the server stack (FastAPI, uvicorn) only loads in sandbox mode.
                from workstation.sandbox import EmbeddedServer

                self.embedded = EmbeddedServer(paths.server_data)
                self.embedded.start()
                server_url = self.embedded.url
            url = server_url if server_url is not None else self.settings.server_url
            self.server_url = url
            if url:
                self.api = ApiClient(
                    url, ca_bundle=self.settings.ca_bundle,
                    timeout=self.settings.request_timeout_s,
                    device_id=self.store.device_id, on_tokens=self._tokens_refreshed,
                )
            self.auth = Authenticator(self.store, self.vault, self.api)
        except BaseException:
            self.close()
            raise

    @property
    def sandbox(self) -> bool:
        return self.mode is Mode.SANDBOX

    @property
    def printed_folder(self) -> Path:
        """Where the sandbox's simulated printer writes what is printed."""
        return self.paths.root / "printed"

    def close(self) -> None:
        if self.api is not None:
            self.api.close()
            self.api = None
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None
        if self.sandbox:
            printers.remove_folder_printer(SANDBOX_PRINTER)
        self.store.close()

    # -- session --------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Session:
        self.session = self.auth.login(username, password)
        return self.session

    def _tokens_refreshed(self, tokens: Tokens) -> None:
        if self.session is not None:
            self.auth.save_tokens(self.session.username, tokens)

    def require_session(self) -> Session:
        if self.session is None:
            raise NotLoggedInError()
        return self.session

    def save_settings(self, new: Settings) -> None:
        settings_io.save(self.paths.settings, new)
        self.settings = new

    def remember_printer(self, document_type: str, name: str) -> None:
        """The printer chosen last for a type of document is offered first next time."""
        if self.settings.printers.get(document_type) != name:
            printers = {**self.settings.printers, document_type: name}
            self.save_settings(dataclasses.replace(self.settings, printers=printers))

    # -- sync -----------------------------------------------------------------------------

    def open_worker_store(self) -> Store:
        return open_store(self.paths.database, self.vault)

    def sync_worker(
        self,
        on_report: Callable[[SyncReport], None],
        on_progress: Callable[[SyncProgress], None] | None = None,
    ) -> SyncWorker | None:
        """The background sync worker, or None when no server is configured."""
        if self.api is None:
            return None
        return SyncWorker(self.open_worker_store, self.api, page_size=self.settings.page_size,
                          on_report=on_report, on_progress=on_progress, **self.sync_tuning())

    def sync_tuning(self) -> dict[str, Any]:
        """The sync worker's tunables from the settings (SyncWorker's keyword arguments)."""
        settings = self.settings
        return {"interval": settings.sync_interval_s,
                "chunk_size": settings.upload_chunk_kb * 1024, "max_chunk_size": MAX_CHUNK,
                "max_kbps": settings.upload_kbps, "window": settings.upload_window_rule(),
                "retention_days": settings.retention_days}

    def retune_sync(self, worker: SyncWorker) -> None:
        """Hand changed sync settings to the running worker."""
        worker.retune(**self.sync_tuning())

    def sync_overview(self) -> SyncOverview:
        conn = self.store.conn
        st = offline_status.sync_status(conn)
        counts = outbox.counts(conn)
        waiting = outbox.waiting(conn)
        age = dt.datetime.now(dt.UTC) - waiting.oldest_at if waiting.oldest_at else None
        overdue = age if age is not None and age > dt.timedelta(
            hours=self.settings.pending_warn_hours) else None
        return SyncOverview(st.last_attempt_at, st.last_success_at, st.last_error_code,
                            st.last_error_detail, counts.pending, counts.rejected,
                            catalogue.item_count(conn), waiting.page_bytes, overdue)

    def sync_details(self) -> SyncDetails:
        conn = self.store.conn
        return SyncDetails(self.sync_overview(), outbox.waiting(conn),
                           outbox.troubles(conn, self.store.cipher),
                           dt.timedelta(hours=self.settings.pending_warn_hours),
                           self.upload_window())

    def upload_window(self, now: float | None = None) -> WindowState | None:
        window = self.settings.upload_window_rule()
        if window is None:
            return None
        now = time.time() if now is None else now
        at = dt.datetime.fromtimestamp(now)
        pages, page_bytes = outbox.large_pages(self.store.conn, window.min_bytes)
        early = opened_early(self.store.meta(OPENED_EARLY_KEY), now, outbox.last_id(
            self.store.conn))
        return WindowState(window.spec, window.min_bytes, early or window.is_open(at),
                           window.next_open(at), pages, page_bytes)

    def open_upload_window(self, now: float | None = None) -> int:
        """Send the large pages waiting now (and their cases) without waiting for the
        window, e.g. for an urgent case; pages captured later wait as usual. Audited.
        Returns how many records were made due (run a sync after)."""
        window = self.settings.upload_window_rule()
        if window is None:
            return 0
        actor = self.require_session().username
        now = time.time() if now is None else now
        opens = window.next_open(dt.datetime.fromtimestamp(now)).timestamp()
        conn = self.store.conn
        with db.write(conn):
            newest = outbox.last_id(conn)
            put_meta(conn, OPENED_EARLY_KEY, f"{opens}:{newest}")
            hurried = outbox.hurry(conn, now, opens)
            audit.append(conn, self.store.cipher, actor, "sync.window_opened", window.spec,
                         {"up_to_outbox_id": newest, "records": hurried})
        return hurried

    def resend(self, op_id: int) -> None:
        """Send a refused or failing record again at the next sync (run one after)."""
        outbox.requeue(self.store.conn, self.store.cipher, op_id)

    def let_go(self, op_id: int) -> bool:
        """Let a refused record go: it is kept as history, no longer counted, and who did
        it is audited. False when it is not (or no longer) a refused record."""
        actor = self.require_session().username

        def audited(op: str, target: str) -> None:
            audit.append(self.store.conn, self.store.cipher, actor, "sync.let_go", target,
                         {"operation": op, "outbox_id": op_id})

        return outbox.discard(self.store.conn, op_id, audited)

    # -- certificate desk ---------------------------------------------------------------

    def certificate_desk(self) -> CertificateDesk:
        """The certificate desk (统一出证) for the clerk logged in, with the stock types of
        the certificate templates. Raises NotDeskClerkError without the desk role."""
        from workstation.certificates import CertificateDesk, load_stock_types

        return CertificateDesk(self.store, self.api, self.require_session, load_stock_types(),
                               sandbox=self.sandbox)

    # -- training (sandbox only) ----------------------------------------------------------

    @property
    def training_records_folder(self) -> Path:
        """Where practice runs are kept: beside the sandbox's data, never reset with it."""
        return self.paths.root / "training"

    def training(self, scenarios: ScenarioSet | None = None) -> Training:
        """The training desk: practice runs of the shipped scenarios (or `scenarios`),
        assessed against the cases the clerk logged in decides. Sandbox mode only:
        TrainingError("training.production") otherwise."""
        from offline.crypto import FieldCipher
        from workstation.training import RECORDS_KEY, Training, TrainingError, TrainingRecords
        from workstation.training import load_scenarios as load

        if not self.sandbox:
            raise TrainingError("training.production")
        key = self.vault.get(RECORDS_KEY)
        if key is None:
            key = base64.b64encode(os.urandom(32)).decode()
            self.vault.set(RECORDS_KEY, key)
        records = TrainingRecords(self.training_records_folder,
                                  FieldCipher(base64.b64decode(key)))
        session = self.session
        return Training(scenarios if scenarios is not None else load(), records,
                        find_case=self.case_decided_since, find_printed=self.printed_documents,
                        find_item=self.item, trainer=session.username if session else "")

    def case_decided_since(self, since: dt.datetime) -> CaseSubmission | None:
        """The newest case the clerk logged in decided at or after `since`."""
        clerk = self.require_session().username
        for row in my_cases.of_clerk(self.store.conn, self.store.cipher, clerk,
                                     since=since.astimezone().date(), limit=50):
            if row.decided_at >= since:
                return self.case(uuid.UUID(row.uuid))
        return None

    def printed_documents(self, case_uuid: uuid.UUID) -> list[str]:
        """The documents of a case printed (or reprinted), in order: receipt, notice…"""
        return [str(e.detail.get("document", "")) for e in self.print_history(case_uuid)
                if e.action in ("document.printed", "document.reprinted")]

    # -- devices --------------------------------------------------------------------------

    def card_readers(self, on_event: Callable[[ReaderEvent], None]) -> CardReaders:
        """This workstation's card readers (not started): PC/SC, the ID-card reader when
        configured, and in sandbox mode the simulated reader with the demo cards."""
        from workstation.card_readers import CardReaders

        return CardReaders(self.settings, sandbox=self.sandbox, on_event=on_event)

    def camera_source(self) -> FrameSource | None:
        """The document camera from the settings (opened: call on a worker, it may take a
        second), the demo documents in sandbox mode when none is set, else None. Raises
        CaptureError("camera.not_found") when the configured one does not open."""
        from devices.capture import camera, demo

        device = self.settings.camera_device
        if device:
            return camera.open_camera(device, self.settings.camera_width,
                                      self.settings.camera_height, realtime=True)
        if self.sandbox:
            return demo.SimulatedCamera(realtime=True)
        return None

    def scanners(self) -> list[ScannerInfo]:
        """The scanners to offer (may take seconds: call on a worker): SANE's, and in
        sandbox mode the simulated scanner first. There SANE's absence or failure is only
        logged: training goes on with the simulated scanner. Raises ScannerError."""
        from devices.capture import scanner

        if not self.sandbox:
            return scanner.scanners()
        found = [self._simulated_scanner().info]
        try:
            found += scanner.scanners()
        except scanner.ScannerError as exc:
            log.info("sandbox mode without SANE scanners: %s %s", exc.code, exc.detail)
        return found

    def scanner_capabilities(self, device: str) -> Capabilities:
        """What `device` offers (see devices.capture.scanner.capabilities)."""
        from devices.capture import scanner

        simulated = self._simulated_device(device)
        if simulated is not None:
            return simulated.capabilities()
        return scanner.capabilities(device)

    def scan(
        self,
        settings: ScanSettings,
        on_page: Callable[[Image, int], None],
        cancel: threading.Event | None = None,
        on_progress: Callable[[float], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> ScanResult:
        """Scan with `settings.device`, SANE's or (sandbox mode) the simulated scanner, with
        the contract of devices.capture.scanner.scan. Blocking: call on a worker."""
        from devices.capture import scanner

        simulated = self._simulated_device(settings.device)
        if simulated is not None:
            return simulated.scan(settings, on_page, cancel, on_progress, on_start)
        return scanner.scan(settings, on_page, cancel, on_progress, on_start)

    def _simulated_scanner(self) -> SimulatedScanner:
        if self.simulated_scanner is None:
            from devices.capture.simulated_scanner import SimulatedScanner

            self.simulated_scanner = SimulatedScanner()
        return self.simulated_scanner

    def _simulated_device(self, device: str) -> SimulatedScanner | None:
        """The simulated scanner when `device` names it (sandbox mode only: production
        knows no such scanner), else None."""
        from devices.capture.scanner import ScannerError
        from devices.capture.simulated_scanner import SIMULATED_DEVICE

        if device != SIMULATED_DEVICE:
            return None
        if not self.sandbox:
            raise ScannerError("scanner.not_found", f"{device} exists in sandbox mode only")
        return self._simulated_scanner()

    def reveal_id_number(self, case_uuid: uuid.UUID, party: str) -> None:
        """The clerk showed a party's full document number on screen: audited."""
        actor = self.require_session().username
        with db.write(self.store.conn):
            audit.append(self.store.conn, self.store.cipher, actor, "identity.revealed",
                         str(case_uuid), {"party": party})

    # -- captured pages -------------------------------------------------------------------

    def store_page(self, data: bytes, media_type: str, *, width: int, height: int, dpi: int,
                   blank: bool = False, warnings: Sequence[str] = ()) -> intake.ScannedPage:
        """Keep a captured page sealed (once per content); attach it with capture.attach."""
        return capture.store_page(self.store, data, media_type, width=width, height=height,
                                  dpi=dpi, blank=blank, warnings=warnings)

    def free_space_mb(self) -> int:
        """Free disk space where captured pages are stored."""
        import shutil

        folder = self.store.attachments.root
        folder.mkdir(parents=True, exist_ok=True)
        return shutil.disk_usage(folder).free // (1024 * 1024)

    def page_bytes(self, sha256: str) -> bytes:
        return self.store.attachments.read(sha256)

    def draft_pages_pdf(self, draft: intake.Draft) -> bytes:
        """The draft's captured pages as one PDF, a bookmark per material."""
        return capture.export_pdf(self.store, capture.draft_sections(draft),
                                  title=draft.item.name)

    def case_pages_pdf(self, case_uuid: uuid.UUID) -> bytes:
        """A recorded case's captured pages as one PDF, a bookmark per material."""
        case = self.case(case_uuid)
        sections = [(m.name or m.code, [a.sha256 for a in m.attachments])
                    for m in case.materials if m.attachments]
        return capture.export_pdf(self.store, sections,
                                  title=f"{case.case_number} {case.item_name}".strip())

    # -- knowledge base -------------------------------------------------------------------

    def item(self, code: str) -> ServiceItem | None:
        body = catalogue.item_body(self.store.conn, code)
        return None if body is None else ServiceItem.model_validate_json(body)

    def form(self, form_id: str) -> FormSpec | None:
        """A blank form's description from the forms replica (None: not synced here)."""
        body = catalogue.form_body(self.store.conn, form_id)
        return None if body is None else FormSpec.model_validate_json(body)

    def form_pdf(self, form_id: str, variant: Variant) -> bytes | None:
        """The blank form or filled-in sample as PDF; sandbox copies carry the training
        mark. None when the form is not in the replica."""
        from printing import forms

        spec = self.form(form_id)
        if spec is None:
            return None
        return forms.render(spec, variant,
                            watermark=checklist.TRAINING_WATERMARK if self.sandbox else None)

    # -- intake ---------------------------------------------------------------------------

    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(catalogue.calendar_exceptions(self.store.conn))

    def save_draft(self, draft: intake.Draft) -> None:
        """Keep what the clerk has entered so far (sealed); call after every change."""
        drafts.save(self.store.conn, self.store.cipher, draft.id,
                    self.require_session().username, draft.item.code,
                    draft.model_dump(mode="json"))

    def drafts(self) -> list[intake.Draft]:
        """The clerk's undecided cases, most recent first (after a crash: all of them)."""
        return [intake.Draft.model_validate(d.body) for d in
                drafts.of_clerk(self.store.conn, self.store.cipher,
                                self.require_session().username)]

    def discard_draft(self, draft_id: str) -> None:
        drafts.delete(self.store.conn, draft_id)

    def decide(self, draft: intake.Draft, outcome: CaseStatus,
               now: dt.datetime | None = None) -> CaseSubmission:
        """Record the clerk's decision: the case, its outbox operation, its audit event and
        the removal of the draft in one transaction. Raises IntakeBlockedError when the
        case does not allow the outcome yet."""
        session = self.require_session()
        prefix = self.store.meta("device_prefix")
        if not prefix:
            raise NotLoggedInError("no device prefix yet: log in online once")
        decided = now or dt.datetime.now(dt.UTC)
        today = decided.astimezone().date()
        blocked = intake.blockers(draft, outcome, today)
        if blocked:
            raise IntakeBlockedError([b.value for b in blocked])
        due = (self.work_calendar().add(today, draft.item.promised_days)
               if outcome is CaseStatus.ACCEPTED else None)
        # Everything but the number, which is allocated inside the recording transaction.
        pending = intake.submission(draft, outcome, case_number=f"{prefix}PENDING",
                                    clerk=session.username, window=session.profile.window,
                                    decided_at=decided, due_date=due,
                                    clerk_name=session.profile.name, hall=session.profile.hall)
        recorded: list[CaseSubmission] = []

        def body(number: str) -> dict[str, Any]:
            recorded.append(pending.model_copy(update={"case_number": number}))
            return recorded[-1].model_dump(mode="json")

        def audited(number: str) -> None:
            audit.append(self.store.conn, self.store.cipher, session.username,
                         f"case.{outcome.value}", str(draft.case_uuid),
                         {"case_number": number, "revision": draft.revision})

        record = outbox.CaseRecord(
            uuid=draft.case_uuid, revision=draft.revision, item_code=draft.item.code,
            item_version=draft.item.version, item_name=draft.item.name,
            item_snapshot=draft.item.model_dump_json(), status=outcome.value,
            applicant_kind=draft.applicant.kind.value,
            applicant=pending.applicant.model_dump(mode="json"),
            details=pending.model_dump(mode="json",
                                       include={"situation_answers", "materials", "note"}),
            clerk=session.username, window=session.profile.window, decided_at=decided,
            due_date=due, draft_id=draft.id,
            attachments=tuple(a.sha256 for m in pending.materials for a in m.attachments))
        outbox.record_case(self.store.conn, self.store.cipher, record, prefix, body, audited)
        return recorded[-1]

    def case(self, case_uuid: uuid.UUID) -> CaseSubmission:
        body = outbox.case_submission(self.store.conn, self.store.cipher, str(case_uuid))
        if body is None:
            raise CaseNotFoundError(str(case_uuid))
        return CaseSubmission.model_validate(body)

    def case_item(self, case: CaseSubmission) -> ServiceItem:
        """The item as it was when the case was taken in (the live one for old cases)."""
        snapshot = outbox.case_item_snapshot(self.store.conn, str(case.uuid))
        item = (ServiceItem.model_validate_json(snapshot) if snapshot
                else self.item(case.item_code))
        if item is None:
            raise CaseNotFoundError(case.item_code)
        return item

    def case_document(self, case_uuid: uuid.UUID) -> bytes:
        """The receipt, one-time notice or refusal of a case as PDF, rendered again from
        what was recorded (so a reprint is the same document). ID numbers are masked."""
        from printing import case_documents

        case = self.case(case_uuid)
        item = self.case_item(case)
        masked = case.model_copy(update={
            "applicant": case.applicant.model_copy(update={
                "id_number": mask_document_number(case.applicant.id_number)}),
            "agent": None if case.agent is None else case.agent.model_copy(update={
                "id_number": mask_document_number(case.agent.id_number)}),
        })
        issuer = case_documents.Issuer(
            hall=case.hall, window=case.window, clerk_name=case.clerk_name or case.clerk,
            phone=item.phone, query_url=self.status_query_url(),
            watermark=checklist.TRAINING_WATERMARK if self.sandbox else None)
        return case_documents.render(masked, item, issuer)

    def status_query_url(self) -> str:
        if self.settings.status_query_url:
            return self.settings.status_query_url
        base = (self.server_url or "https://localhost").rstrip("/")
        return f"{base}/status"

    def record_print(self, case_uuid: uuid.UUID, document: str, printer: str,
                     job: str | None, error: str | None = None) -> None:
        """Every print, reprint and failed print of a case document is an audit event."""
        actor = self.require_session().username
        earlier = [e for e in audit.of_target(self.store.conn, self.store.cipher, str(case_uuid))
                   if e.action in ("document.printed", "document.reprinted")]
        action = ("document.print_failed" if error is not None
                  else "document.reprinted" if earlier else "document.printed")
        with db.write(self.store.conn):
            audit.append(self.store.conn, self.store.cipher, actor, action, str(case_uuid),
                         {"document": document, "printer": printer, "job": job,
                          "error": error})

    def print_history(self, case_uuid: uuid.UUID) -> list[audit.Event]:
        return [e for e in audit.of_target(self.store.conn, self.store.cipher, str(case_uuid))
                if e.action.startswith("document.")]

    def licences(self, id_type: str, id_number: str) -> list[Licence]:
        """Electronic licences of an applicant, asked of the server (online only: raises
        UnreachableError offline, so the clerk falls back to paper)."""
        if self.api is None:
            raise UnreachableError("no server configured")
        number = validation.normalise(id_number) if id_type in (
            intake.RESIDENT_ID, intake.CREDIT_CODE) else id_number.strip()
        return self.api.licences(id_type, number)

    def my_cases(self, view: str = "open", today: dt.date | None = None) -> list[MyCase]:
        """The clerk's cases for "my cases": view "today", "open" or "all"; each with the
        working days left to its due date (negative once overdue) and the name masked."""
        session = self.require_session()
        today = today or dt.date.today()
        rows = my_cases.of_clerk(self.store.conn, self.store.cipher, session.username,
                                 since=today if view == "today" else None,
                                 open_only=view == "open")
        calendar = self.work_calendar()
        return [MyCase(row, mask_name(row.applicant_name),
                       calendar.remaining(today, row.due_date)
                       if row.due_date is not None and row.status == "accepted" else None)
                for row in rows]

    def reopen(self, case_uuid: uuid.UUID) -> intake.Draft:
        """A notified case when the applicant comes back, under the item version it was
        taken in with; saved as a draft at once."""
        case = self.case(case_uuid)
        draft = intake.reopen(case, self.case_item(case))
        self.save_draft(draft)
        return draft

    def item_summaries(self, department: str | None = None) -> list[catalogue.ItemSummary]:
        return catalogue.item_summaries(self.store.conn, department)

    def departments(self) -> list[tuple[str, int]]:
        return catalogue.departments(self.store.conn)

    def item_types(self) -> list[tuple[str, int]]:
        return kb.item_types(self.store.conn)

    def items_of_type(self, item_type: str) -> list[catalogue.ItemSummary]:
        return kb.by_type(self.store.conn, item_type)

    def searcher(self) -> kb.Searcher:
        """A searcher with its own read-only connection, for the UI's search thread."""
        return kb.Searcher(self.paths.database,
                           lambda: self.session.username if self.session else None)

    def open_item(self, code: str) -> ServiceItem | None:
        """The item for reading, counted as opened by the clerk (recent, usage ranking)."""
        item = self.item(code)
        if item is not None and self.session is not None:
            kb.opened(self.store.conn, self.session.username, code)
        return item

    def set_favourite(self, code: str, on: bool) -> None:
        kb.set_favourite(self.store.conn, self.require_session().username, code, on)

    def favourite_codes(self) -> set[str]:
        if self.session is None:
            return set()
        return set(offline_search.favourites(self.store.conn, self.session.username))

    def favourites(self) -> list[catalogue.ItemSummary]:
        return kb.favourites(self.store.conn, self.session.username) if self.session else []

    def recent(self) -> list[catalogue.ItemSummary]:
        return kb.recent(self.store.conn, self.session.username) if self.session else []

    # -- cases ----------------------------------------------------------------------------

    def create_case(
        self,
        item: ServiceItem,
        applicant: CaseApplicant,
        *,
        status: CaseStatus,
        materials: list[CaseMaterial] | None = None,
        answers: dict[str, list[str]] | None = None,
        due_date: dt.date | None = None,
        note: str = "",
        case_uuid: uuid.UUID | None = None,
    ) -> tuple[uuid.UUID, str]:
        """Save a case and queue it for the server in one transaction.

        Returns its UUID and the case number printed on the receipt.
        """
        session = self.require_session()
        prefix = self.store.meta("device_prefix")
        if not prefix:
            raise NotLoggedInError("no device prefix yet: log in online once")
        case_uuid = case_uuid or uuid.uuid4()
        now = dt.datetime.now(dt.UTC)
        mats = materials or []
        details: dict[str, Any] = {
            "situation_answers": answers or {},
            "materials": [m.model_dump() for m in mats],
            "note": note,
        }
        submission = CaseSubmission(
            uuid=case_uuid, case_number=f"{prefix}PENDING", item_code=item.code,
            item_version=item.version, status=status, applicant=applicant,
            situation_answers=answers or {}, materials=mats, clerk=session.username,
            window=session.profile.window, created_at=now, due_date=due_date, note=note,
        ).model_dump(mode="json", exclude={"case_number"})
        number = outbox.create_case(
            self.store.conn, self.store.cipher,
            NewCase(case_uuid, item.code, item.version, status.value, applicant.kind.value,
                    applicant.model_dump(mode="json"), details, session.username,
                    session.profile.window, now, due_date),
            prefix, submission,
        )
        return case_uuid, number
