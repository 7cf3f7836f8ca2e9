"""The reference server: FastAPI application implementing the `/v1` contract.

Besides the contract it offers `/v1/admin/...` endpoints (admin role only) that tests and
trainers use to change the catalogue and to inject faults (malformed bodies, schema
violations, server errors, delays), so that clients are tested against a real process.
"""

# No `from __future__ import annotations` here: FastAPI resolves the dependency aliases
# (Auth, Admin) defined inside create_app at runtime.

import asyncio
import datetime as dt
import json
import socket
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from server.contract import (
    API_PREFIX,
    CERTIFICATE_DESK_ROLE,
    CalendarPage,
    CaseProgress,
    CaseProgressPage,
    CaseReceipt,
    CaseSubmission,
    CataloguePage,
    CertificateRecord,
    ClerkProfile,
    DeviceState,
    ErrorBody,
    ErrorCode,
    FormsPage,
    FormSpec,
    HandoverReceipt,
    HandoverRequest,
    IssuanceReceipt,
    IssuanceRequest,
    LicenceList,
    LicenceQuery,
    LoginRequest,
    PendingCertificate,
    PendingCertificatesPage,
    ProgressChange,
    RefreshRequest,
    SeqAnswer,
    SeqQuery,
    SerialConflict,
    ServiceItem,
    StockRecord,
    TokenResponse,
    UploadRequest,
    UploadStatus,
    VoidReceipt,
    VoidRequest,
)
from server.contract.cases import (
    ATTACHMENT_MEDIA_TYPES,
    MAX_ATTACHMENT_BYTES,
    SHA256_PATTERN,
)
from server.store import (
    BadReprint,
    CursorExpired,
    CursorInvalid,
    Feed,
    HashMismatch,
    NotIssuedYet,
    OffsetMismatch,
    SequenceReused,
    SerialUsed,
    ServerStore,
    StoredReceipt,
    UnknownCertificate,
    UnknownItem,
    UploadGone,
    UploadState,
    UploadTooLong,
    licence_holder,
)

# The list each feed's page carries its rows in, and the page model (server.contract).
FEED_KEYS: dict[Feed, str] = {"catalogue": "items", "calendar": "days", "forms": "forms",
                              "progress": "updates", "certificates": "certificates"}
FEED_PAGES: dict[Feed, type[BaseModel]] = {
    "catalogue": CataloguePage, "calendar": CalendarPage, "forms": FormsPage,
    "progress": CaseProgressPage,
}


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket for uvicorn. Created with IPPROTO_TCP explicitly: asyncio turns
    on TCP_NODELAY for accepted connections only when the listening socket says it is
    TCP, and without it every answer on a keep-alive connection waits ~40 ms for the
    client's delayed ACK (uvicorn writes headers and body separately)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock


@dataclass
class ServerConfig:
    access_ttl: float = 8 * 3600.0
    refresh_ttl: float = 30 * 86400.0
    idempotency_key_ttl: float = 86400.0
    prefix_base: str = "SF"
    max_page: int = 2000


class Problem(Exception):
    def __init__(self, status: int, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


FaultMode = Literal["malformed", "schema", "error", "busy", "delay", "truncate"]


class FaultRequest(BaseModel):
    path_prefix: str = Field(description="Requests whose path starts with this are affected")
    mode: FaultMode
    count: int = Field(default=1, ge=1, description="How many requests to affect")
    delay_ms: int = Field(default=0, ge=0, le=60_000)


class Conflict(Exception):
    """409 with a SerialConflict body: a serial or certificate some desk used already."""

    def __init__(self, body: SerialConflict) -> None:
        super().__init__(body.message)
        self.body = body


class WithdrawRequest(BaseModel):
    codes: list[str]


class PasswordChange(BaseModel):
    password: str = Field(min_length=1, max_length=256)


class CountResponse(BaseModel):
    count: int


@dataclass
class _Faults:
    lock: threading.Lock = field(default_factory=threading.Lock)
    active: list[FaultRequest] = field(default_factory=list)

    def take(self, path: str) -> FaultRequest | None:
        with self.lock:
            for i, fault in enumerate(self.active):
                if path.startswith(fault.path_prefix):
                    fault.count -= 1
                    if fault.count <= 0:
                        del self.active[i]
                    return fault
        return None


def create_app(store: ServerStore, config: ServerConfig | None = None) -> FastAPI:
    cfg = config or ServerConfig()
    faults = _Faults()
    app = FastAPI(
        title="Clerk Workstation reference server",
        version="1.0",
        description="Reference implementation of the counter workstation's `/v1` contract.",
    )

    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        body = ErrorBody(code=exc.code, message=exc.message)
        return JSONResponse(body.model_dump(mode="json"), status_code=exc.status)

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(mode="json"), status_code=409)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        body = ErrorBody(code=ErrorCode.VALIDATION, message=f"{where}: {first.get('msg', '')}")
        return JSONResponse(body.model_dump(mode="json"), status_code=422)

    @app.middleware("http")
    async def _inject_faults(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        fault = None
        if not request.url.path.startswith(f"{API_PREFIX}/admin"):
            fault = faults.take(request.url.path)
        if fault is None:
            return await call_next(request)
        if fault.mode == "delay":
            await asyncio.sleep(fault.delay_ms / 1000)
            return await call_next(request)
        if fault.mode == "error":
            return JSONResponse({"code": "internal", "message": "injected"}, status_code=500)
        if fault.mode == "busy":  # 503 with Retry-After: delay_ms, in whole seconds
            return JSONResponse({"code": "internal", "message": "busy"}, status_code=503,
                                headers={"Retry-After": str(max(1, fault.delay_ms // 1000))})
        if fault.mode == "schema":
            return JSONResponse({"items": "not a list", "cursor": 17})
        if fault.mode == "truncate":
            return Response(b'{"items": [{"code": "A', media_type="application/json")
        return Response(b"<html>proxy error</html>", media_type="application/json")

    def _auth(authorization: Annotated[str | None, Header()] = None) -> tuple[str, str]:
        if not authorization or not authorization.startswith("Bearer "):
            raise Problem(401, ErrorCode.TOKEN_INVALID, "missing bearer token")
        owner = store.token_owner("access", authorization.removeprefix("Bearer "))
        if owner is None:
            raise Problem(401, ErrorCode.TOKEN_INVALID, "unknown token")
        username, device_id, expired = owner
        if expired:
            raise Problem(401, ErrorCode.TOKEN_EXPIRED, "access token expired")
        return username, device_id

    Auth = Annotated[tuple[str, str], Depends(_auth)]

    def _admin(who: Auth) -> str:
        clerk = store.clerk(who[0])
        if clerk is None or "admin" not in clerk.profile.get("roles", []):
            raise Problem(403, ErrorCode.TOKEN_INVALID, "admin role required")
        return who[0]

    Admin = Annotated[str, Depends(_admin)]

    def _desk(who: Auth) -> tuple[str, str]:
        clerk = store.clerk(who[0])
        if clerk is None or CERTIFICATE_DESK_ROLE not in clerk.profile.get("roles", []):
            raise Problem(403, ErrorCode.TOKEN_INVALID, "certificate desk role required")
        return who

    Desk = Annotated[tuple[str, str], Depends(_desk)]

    def _tokens(username: str, device_id: str) -> TokenResponse:
        clerk = store.clerk(username)
        if clerk is None:
            raise Problem(401, ErrorCode.BAD_CREDENTIALS, "unknown clerk")
        prefix = store.device_prefix(device_id, cfg.prefix_base)
        return TokenResponse(
            access_token=store.issue_token("access", username, device_id, cfg.access_ttl),
            refresh_token=store.issue_token("refresh", username, device_id, cfg.refresh_ttl),
            expires_in=max(1, int(cfg.access_ttl)),
            clerk=ClerkProfile(username=username, device_prefix=prefix, **clerk.profile),
        )

    @app.get(f"{API_PREFIX}/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{API_PREFIX}/auth/login", response_model=TokenResponse,
              responses={401: {"model": ErrorBody}})
    def login(body: LoginRequest) -> TokenResponse:
        clerk = store.check_password(body.username, body.password)
        if clerk is None:
            raise Problem(401, ErrorCode.BAD_CREDENTIALS, "wrong user name or password")
        return _tokens(clerk.username, body.device_id)

    @app.post(f"{API_PREFIX}/auth/refresh", response_model=TokenResponse,
              responses={401: {"model": ErrorBody}})
    def refresh(body: RefreshRequest) -> TokenResponse:
        owner = store.token_owner("refresh", body.refresh_token)
        if owner is None or owner[2]:
            raise Problem(401, ErrorCode.TOKEN_EXPIRED, "refresh token expired or unknown")
        store.revoke_token("refresh", body.refresh_token)
        return _tokens(owner[0], owner[1])

    def _feed(feed: Feed, cursor: str | None, limit: int) -> Response:
        try:
            page = store.changes(feed, cursor, min(limit, cfg.max_page))
        except CursorExpired as exc:
            raise Problem(410, ErrorCode.CURSOR_EXPIRED, "cursor too old; start over") from exc
        except CursorInvalid as exc:
            raise Problem(400, ErrorCode.CURSOR_INVALID, "cursor not issued here") from exc
        # Bodies are stored as validated JSON; splice them instead of re-serialising.
        key = FEED_KEYS[feed]
        removed = json.dumps(page.removed, ensure_ascii=False)
        text = (
            f'{{"{key}":[{",".join(page.bodies)}],"removed":{removed},'
            f'"cursor":"{page.cursor}","has_more":{"true" if page.has_more else "false"}}}'
        )
        return Response(text.encode(), media_type="application/json")

    def feed_endpoint(feed: Feed) -> Callable[..., Response]:
        def changes(
            _: Auth,
            cursor: str | None = None,
            limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        ) -> Response:
            return _feed(feed, cursor, limit)

        changes.__name__ = f"{feed}_changes"
        return changes

    # One GET …/changes per feed; the response model documents each page in OpenAPI.
    for feed_name, page_model in FEED_PAGES.items():
        app.add_api_route(f"{API_PREFIX}/{feed_name}/changes", feed_endpoint(feed_name),
                          methods=["GET"], response_model=page_model,
                          responses={410: {"model": ErrorBody}, 400: {"model": ErrorBody}})

    @app.put(f"{API_PREFIX}/cases/{{case_uuid}}", response_model=CaseReceipt, status_code=201,
             responses={200: {"model": CaseReceipt}, 409: {"model": ErrorBody},
                        422: {"model": ErrorBody}})
    def put_case(
        case_uuid: uuid.UUID,
        body: CaseSubmission,
        who: Auth,
        response: Response,
        idempotency_key: Annotated[str, Header(min_length=8, max_length=128)],
        x_device_seq: Annotated[int, Header(ge=1)],
    ) -> CaseReceipt:
        username, device_id = who
        if body.uuid != case_uuid:
            raise Problem(422, ErrorCode.VALIDATION, "uuid in path and body differ")
        missing = store.missing_attachments(
            a.sha256 for m in body.materials for a in m.attachments)
        if missing:
            # Not a rejection: the pages are on their way (uploaded before the case).
            raise Problem(409, ErrorCode.ATTACHMENT_MISSING,
                          f"{len(missing)} attached pages not uploaded yet")
        clerk = store.clerk(username)
        prefix = store.device_prefix(device_id, cfg.prefix_base)
        if clerk is None or not body.case_number.startswith(prefix):
            raise Problem(422, ErrorCode.VALIDATION,
                          f"case number must start with this device's prefix {prefix}")
        try:
            stored = store.put_case(
                case_uuid=case_uuid,
                case_number=body.case_number,
                body=body.model_dump_json(),
                item_code=body.item_code,
                device_id=device_id,
                seq=x_device_seq,
                idempotency_key=idempotency_key,
                key_ttl=cfg.idempotency_key_ttl,
                revision=body.revision,
            )
        except SequenceReused as exc:
            raise Problem(422, ErrorCode.SEQUENCE_REUSED,
                          "this device already used that sequence number") from exc
        except UnknownItem as exc:
            raise Problem(422, ErrorCode.VALIDATION, f"unknown item {body.item_code}") from exc
        if not stored.created:
            response.status_code = 200  # a replay, or a new revision of a case it has
        return CaseReceipt.model_validate({**stored.receipt, "duplicate": stored.duplicate})

    @app.get(f"{API_PREFIX}/devices/me", response_model=DeviceState)
    def device_state(who: Auth) -> DeviceState:
        """The highest operation sequence, and how many operations, recorded for the
        calling device."""
        last, count = store.device_ops(who[1])
        return DeviceState(device_id=who[1], last_seq=last, op_count=count)

    @app.post(f"{API_PREFIX}/devices/me/known", response_model=SeqAnswer)
    def known_seqs(body: SeqQuery, who: Auth) -> SeqAnswer:
        """Which of the given sequences of the calling device the server holds."""
        return SeqAnswer(known=store.known_seqs(who[1], body.seqs))

    def _status(state: UploadState, response: Response) -> UploadStatus:
        response.headers["Upload-Offset"] = str(state.offset)
        response.headers["Upload-Length"] = str(state.size)
        return UploadStatus(upload_id=state.upload_id, offset=state.offset, size=state.size,
                            complete=state.complete)

    @app.post(f"{API_PREFIX}/uploads", response_model=UploadStatus, status_code=201,
              responses={200: {"model": UploadStatus}, 422: {"model": ErrorBody}})
    def create_upload(body: UploadRequest, who: Auth, response: Response) -> UploadStatus:
        """Start a resumable upload of a page. 200 with `complete` when the server has
        the page already (nothing to send)."""
        if body.media_type not in ATTACHMENT_MEDIA_TYPES:
            raise Problem(422, ErrorCode.VALIDATION, f"unsupported media type {body.media_type}")
        state = store.create_upload(body.sha256, body.size, body.media_type, who[1])
        if state.complete:
            response.status_code = 200
        return _status(state, response)

    @app.head(f"{API_PREFIX}/uploads/{{upload_id}}")
    def upload_offset(upload_id: str, _: Auth) -> Response:
        """How many bytes of the upload the server holds (Upload-Offset); 404 when the
        upload is unknown or expired: start over."""
        try:
            state = store.upload_state(upload_id)
        except UploadGone:
            return Response(status_code=404)
        return Response(status_code=204, headers={"Upload-Offset": str(state.offset),
                                                  "Upload-Length": str(state.size)})

    @app.patch(f"{API_PREFIX}/uploads/{{upload_id}}", response_model=UploadStatus,
               responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody},
                          413: {"model": ErrorBody}, 422: {"model": ErrorBody}})
    async def upload_chunk(
        upload_id: str,
        request: Request,
        _: Auth,
        response: Response,
        upload_offset: Annotated[int, Header(ge=0)],
    ) -> UploadStatus:
        """The next bytes from `Upload-Offset`, which must be the offset the server holds
        (409 otherwise: ask with HEAD). The last chunk completes the page or, when the
        bytes do not match the hash, drops the upload (422)."""
        if int(request.headers.get("content-length") or 0) > MAX_ATTACHMENT_BYTES:
            raise Problem(413, ErrorCode.TOO_LARGE, "chunk larger than the limit")
        try:
            data = await request.body()
        except ClientDisconnect as exc:  # the line dropped mid-chunk: the client will ask
            raise Problem(400, ErrorCode.VALIDATION, "the chunk was cut off") from exc
        try:
            state = await run_in_threadpool(store.append_upload, upload_id, upload_offset, data)
        except UploadGone as exc:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such upload; start over") from exc
        except OffsetMismatch as exc:
            raise Problem(409, ErrorCode.OFFSET_MISMATCH,
                          f"the server holds {exc.offset} bytes of this upload") from exc
        except UploadTooLong as exc:
            raise Problem(413, ErrorCode.TOO_LARGE, "more bytes than announced") from exc
        except HashMismatch as exc:
            raise Problem(422, ErrorCode.HASH_MISMATCH,
                          "the bytes do not match their hash; the upload was dropped") from exc
        return _status(state, response)

    # -- certificate desk -------------------------------------------------------------------

    @app.get(f"{API_PREFIX}/certificates/pending", response_model=PendingCertificatesPage,
             responses={403: {"model": ErrorBody}, 410: {"model": ErrorBody},
                        400: {"model": ErrorBody}})
    def pending_certificates(
        _: Desk,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    ) -> Response:
        """Certificates ready for issuance: a cursor feed like the catalogue's. Issued
        certificates leave it as tombstones (`removed`)."""
        return _feed("certificates", cursor, limit)

    def _stored(stored: StoredReceipt, response: Response) -> dict[str, Any]:
        if not stored.created:
            response.status_code = 200
        return {**stored.receipt, "duplicate": stored.duplicate}

    def _desk_op(call: Callable[[], StoredReceipt]) -> StoredReceipt:
        try:
            return call()
        except SerialUsed as exc:
            raise Conflict(SerialConflict.model_validate(exc.conflict)) from exc
        except SequenceReused as exc:
            raise Problem(422, ErrorCode.SEQUENCE_REUSED,
                          "this device already used that sequence number") from exc
        except UnknownCertificate as exc:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such certificate") from exc
        except NotIssuedYet as exc:
            # Not a rejection: the issuance it depends on has not arrived yet.
            raise Problem(409, ErrorCode.IN_PROGRESS,
                          "the certificate's issuance has not arrived yet") from exc
        except BadReprint as exc:
            raise Problem(422, ErrorCode.VALIDATION,
                          "the reprinted sheet is not the certificate's issued one") from exc

    desk_responses: dict[int | str, dict[str, Any]] = {
        200: {"description": "Had it already (a replay)"},
        403: {"model": ErrorBody}, 404: {"model": ErrorBody},
        409: {"model": SerialConflict | ErrorBody}, 422: {"model": ErrorBody}}

    @app.post(f"{API_PREFIX}/certificates/{{certificate_id}}/issuances",
              response_model=IssuanceReceipt, status_code=201, responses=desk_responses)
    def issue_certificate(
        certificate_id: uuid.UUID,
        body: IssuanceRequest,
        who: Desk,
        response: Response,
        idempotency_key: Annotated[str, Header(min_length=8, max_length=128)],
        x_device_seq: Annotated[int, Header(ge=1)],
    ) -> IssuanceReceipt:
        """The certificate was printed on the sheet `serial` and came out right. 409
        `serial_used`: the serial was issued or voided before, anywhere; 409
        `already_issued`: the certificate was issued already (a reprint names that sheet
        in `reprint_of`); 409 `in_progress`: the sheet a reprint replaces has not arrived."""
        stored = _desk_op(lambda: store.issue_certificate(
            certificate_id=str(certificate_id), issuance_uuid=str(body.issuance_uuid),
            stock_type=body.stock_type, serial=body.serial,
            printed_at=body.printed_at.isoformat(), reprint_of=body.reprint_of,
            reason=body.reason, body=body.model_dump_json(), clerk=who[0], device_id=who[1],
            seq=x_device_seq, idempotency_key=idempotency_key,
            key_ttl=cfg.idempotency_key_ttl))
        return IssuanceReceipt.model_validate(_stored(stored, response))

    @app.post(f"{API_PREFIX}/stock/voids", response_model=VoidReceipt, status_code=201,
              responses=desk_responses)
    def void_stock(
        body: VoidRequest,
        who: Desk,
        response: Response,
        idempotency_key: Annotated[str, Header(min_length=8, max_length=128)],
        x_device_seq: Annotated[int, Header(ge=1)],
    ) -> VoidReceipt:
        """A spoiled sheet: the serial is voided and can never be issued. 409
        `serial_used` when it was issued or voided before."""
        stored = _desk_op(lambda: store.void_serial(
            void_uuid=str(body.void_uuid), stock_type=body.stock_type, serial=body.serial,
            at=body.at.isoformat(), reason=body.reason,
            certificate_id=None if body.certificate_id is None else str(body.certificate_id),
            body=body.model_dump_json(), clerk=who[0], device_id=who[1], seq=x_device_seq,
            idempotency_key=idempotency_key, key_ttl=cfg.idempotency_key_ttl))
        return VoidReceipt.model_validate(_stored(stored, response))

    @app.post(f"{API_PREFIX}/certificates/{{certificate_id}}/handover",
              response_model=HandoverReceipt, status_code=201, responses=desk_responses)
    def hand_over_certificate(
        certificate_id: uuid.UUID,
        body: HandoverRequest,
        who: Desk,
        response: Response,
        idempotency_key: Annotated[str, Header(min_length=8, max_length=128)],
        x_device_seq: Annotated[int, Header(ge=1)],
    ) -> HandoverReceipt:
        """The issued certificate was handed over in person or posted (tracking number
        required). 409 `in_progress` while its issuance (of the sheet named) has not
        arrived; 409 `already_issued` when the sheet named is not the one it is issued
        on."""
        stored = _desk_op(lambda: store.hand_over(
            certificate_id=str(certificate_id), handover_uuid=str(body.handover_uuid),
            body=body.model_dump_json(), clerk=who[0], device_id=who[1], seq=x_device_seq,
            idempotency_key=idempotency_key, key_ttl=cfg.idempotency_key_ttl,
            sheet=None if body.stock_type is None or body.serial is None
            else (body.stock_type, body.serial)))
        return HandoverReceipt.model_validate(_stored(stored, response))

    @app.delete(f"{API_PREFIX}/admin/uploads", response_model=CountResponse)
    def admin_drop_uploads(_: Admin) -> CountResponse:
        return CountResponse(count=store.drop_uploads())

    @app.head(f"{API_PREFIX}/attachments/{{sha256}}")
    def has_attachment(sha256: Annotated[str, Path(pattern=SHA256_PATTERN)], _: Auth) -> Response:
        found = store.missing_attachments([sha256]) == []
        return Response(status_code=200 if found else 404)

    @app.get(f"{API_PREFIX}/admin/attachments/{{sha256}}")
    def admin_attachment(sha256: Annotated[str, Path(pattern=SHA256_PATTERN)],
                         _: Admin) -> Response:
        found = store.attachment(sha256)
        if found is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such attachment")
        return Response(content=found[1], media_type=found[0])

    @app.post(f"{API_PREFIX}/licences/query", response_model=LicenceList)
    def licences(body: LicenceQuery, _: Auth) -> Response:
        bodies = store.licences(licence_holder(body.holder_id_type, body.holder_id_number))
        return Response(f'{{"licences":[{",".join(bodies)}]}}'.encode(),
                        media_type="application/json")

    # -- admin: catalogue changes and fault injection for tests and trainers ------------------

    @app.put(f"{API_PREFIX}/admin/catalogue/items", response_model=CountResponse)
    def admin_upsert(items: list[ServiceItem], _: Admin) -> CountResponse:
        rows = [(i.code, i.model_dump_json()) for i in items]
        return CountResponse(count=store.upsert("catalogue", rows))

    @app.post(f"{API_PREFIX}/admin/catalogue/withdraw", response_model=CountResponse)
    def admin_withdraw(body: WithdrawRequest, _: Admin) -> CountResponse:
        return CountResponse(count=store.withdraw("catalogue", body.codes))

    @app.post(f"{API_PREFIX}/admin/catalogue/replace", response_model=CountResponse)
    def admin_replace(items: list[ServiceItem], _: Admin) -> CountResponse:
        store.replace("catalogue", [(i.code, i.model_dump_json()) for i in items])
        return CountResponse(count=len(items))

    @app.post(f"{API_PREFIX}/admin/catalogue/compact", response_model=CountResponse)
    def admin_compact(_: Admin) -> CountResponse:
        return CountResponse(count=store.compact("catalogue"))

    @app.put(f"{API_PREFIX}/admin/forms", response_model=CountResponse)
    def admin_upsert_forms(forms: list[FormSpec], _: Admin) -> CountResponse:
        return CountResponse(count=store.upsert("forms", [(f.id, f.model_dump_json())
                                                          for f in forms]))

    @app.post(f"{API_PREFIX}/admin/forms/withdraw", response_model=CountResponse)
    def admin_withdraw_forms(body: WithdrawRequest, _: Admin) -> CountResponse:
        return CountResponse(count=store.withdraw("forms", body.codes))

    @app.post(f"{API_PREFIX}/admin/certificates", response_model=CountResponse)
    def admin_add_certificates(certificates: list[PendingCertificate],
                               _: Admin) -> CountResponse:
        """Certificates the back office approved: into the pending feed (one issued
        already stays issued)."""
        return CountResponse(count=store.add_certificates(
            (str(c.certificate_id), c.model_dump_json()) for c in certificates))

    @app.post(f"{API_PREFIX}/admin/certificates/withdraw", response_model=CountResponse)
    def admin_withdraw_certificates(body: WithdrawRequest, _: Admin) -> CountResponse:
        return CountResponse(count=store.withdraw("certificates", body.codes))

    @app.post(f"{API_PREFIX}/admin/certificates/compact", response_model=CountResponse)
    def admin_compact_certificates(_: Admin) -> CountResponse:
        return CountResponse(count=store.compact("certificates"))

    @app.get(f"{API_PREFIX}/admin/certificates/{{certificate_id}}",
             response_model=CertificateRecord)
    def admin_certificate(certificate_id: uuid.UUID, _: Admin) -> CertificateRecord:
        found = store.certificate_record(str(certificate_id))
        if found is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such certificate")
        return CertificateRecord.model_validate(found)

    @app.get(f"{API_PREFIX}/admin/stock/{{stock_type}}/{{serial}}", response_model=StockRecord)
    def admin_stock(stock_type: str, serial: str, _: Admin) -> StockRecord:
        found = store.stock_record(stock_type, serial)
        if found is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "serial never used")
        return StockRecord.model_validate(found)

    @app.get(f"{API_PREFIX}/admin/stock", response_model=CountResponse)
    def admin_stock_count(_: Admin) -> CountResponse:
        return CountResponse(count=store.stock_count())

    @app.post(f"{API_PREFIX}/admin/faults", response_model=CountResponse)
    def admin_fault(body: FaultRequest, _: Admin) -> CountResponse:
        with faults.lock:
            faults.active.append(body)
            return CountResponse(count=len(faults.active))

    @app.delete(f"{API_PREFIX}/admin/faults", response_model=CountResponse)
    def admin_clear_faults(_: Admin) -> CountResponse:
        with faults.lock:
            faults.active.clear()
        return CountResponse(count=0)

    @app.get(f"{API_PREFIX}/admin/cases/{{case_uuid}}")
    def admin_case(case_uuid: uuid.UUID, _: Admin) -> dict[str, Any]:
        body = store.case_body(str(case_uuid))
        if body is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such case")
        return body

    @app.post(f"{API_PREFIX}/admin/cases/{{case_uuid}}/progress", response_model=CaseProgress)
    def admin_progress(case_uuid: uuid.UUID, body: ProgressChange, _: Admin) -> CaseProgress:
        number = store.case_number(str(case_uuid))
        if number is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such case")
        update = CaseProgress(uuid=case_uuid, case_number=number, progress=body.progress,
                              note=body.note, updated_at=dt.datetime.now(dt.UTC))
        store.upsert("progress", [(str(case_uuid), update.model_dump_json())])
        return update

    @app.get(f"{API_PREFIX}/admin/cases", response_model=CountResponse)
    def admin_case_count(_: Admin) -> CountResponse:
        return CountResponse(count=store.case_count())

    @app.put(f"{API_PREFIX}/admin/clerks/{{username}}/password", response_model=CountResponse)
    def admin_password(username: str, body: PasswordChange, _: Admin) -> CountResponse:
        clerk = store.clerk(username)
        if clerk is None:
            raise Problem(404, ErrorCode.NOT_FOUND, "no such clerk")
        store.add_clerk(username, body.password, clerk.profile)
        return CountResponse(count=1)

    @app.post(f"{API_PREFIX}/admin/tokens/expire", response_model=CountResponse)
    def admin_expire_tokens(
        _: Admin, kind: Literal["access", "refresh"] = "access"
    ) -> CountResponse:
        return CountResponse(count=store.expire_tokens(kind))

    return app
