"""Blocking HTTP client of the `/v1` contract (httpx).

Every answer is validated against the contract models; anything else becomes a
MalformedResponseError and the caller changes nothing. An expired access token is
refreshed once, transparently, and the new tokens are handed to `on_tokens` to be saved.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from server.contract import (
    API_PREFIX,
    CalendarPage,
    CaseReceipt,
    CataloguePage,
    DeviceState,
    ErrorBody,
    ErrorCode,
    HandoverReceipt,
    IssuanceReceipt,
    Licence,
    LicenceList,
    LicenceQuery,
    LoginRequest,
    PendingCertificatesPage,
    RefreshRequest,
    SeqAnswer,
    SeqQuery,
    SerialConflict,
    TokenResponse,
    UploadRequest,
    UploadStatus,
    VoidReceipt,
)
from workstation.api.errors import (
    ApiError,
    BadCredentialsError,
    CursorExpiredError,
    InProgressError,
    MalformedResponseError,
    OffsetMismatchError,
    RejectedError,
    SerialUsedError,
    ServerError,
    SessionExpiredError,
    TlsError,
    UnreachableError,
    UploadGoneError,
)

log = logging.getLogger("workstation.api")

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str

    def to_json(self) -> str:
        return json.dumps({"access": self.access, "refresh": self.refresh})

    @classmethod
    def from_json(cls, text: str) -> Tokens | None:
        try:
            data = json.loads(text)
            return cls(str(data["access"]), str(data["refresh"]))
        except (ValueError, KeyError, TypeError):
            return None


class ApiClient:
    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str = "",
        timeout: float = 20.0,
        device_id: str,
        on_tokens: Callable[[Tokens], None] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        verify: str | bool = ca_bundle or True
        self.base_url = base_url.rstrip("/")
        self.device_id = device_id
        self._client = httpx.Client(
            base_url=self.base_url,
            verify=verify,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            headers={"User-Agent": "clerk-workstation/0.1", "X-Device-Id": device_id},
            transport=transport,
        )
        self._tokens: Tokens | None = None
        self._on_tokens = on_tokens
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def tokens(self) -> Tokens | None:
        return self._tokens

    def use_tokens(self, tokens: Tokens | None) -> None:
        with self._lock:
            self._tokens = tokens

    # -- transport ------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, f"{API_PREFIX}{path}", **kwargs)
        except httpx.ConnectError as exc:
            if "CERTIFICATE" in str(exc).upper() or "SSL" in str(exc).upper():
                raise TlsError(str(exc)) from exc
            raise UnreachableError(str(exc)) from exc
        except httpx.TransportError as exc:
            raise UnreachableError(f"{type(exc).__name__}: {exc}") from exc

    def _authed(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        extra: dict[str, str] = kwargs.pop("headers", None) or {}
        tokens = self._tokens
        if tokens is None:
            raise SessionExpiredError("not logged in")
        response = self._send(method, path, headers={**extra, **_bearer(tokens)}, **kwargs)
        if response.status_code == 401 and _error_code(response) == ErrorCode.TOKEN_EXPIRED:
            tokens = self._refresh(tokens)
            response = self._send(method, path, headers={**extra, **_bearer(tokens)}, **kwargs)
        if response.status_code == 401:
            raise SessionExpiredError(_error_message(response))
        return response

    def _refresh(self, stale: Tokens) -> Tokens:
        with self._lock:
            current = self._tokens
            if current is not None and current.access != stale.access:
                return current  # another thread refreshed meanwhile
            response = self._send(
                "POST", "/auth/refresh",
                json=RefreshRequest(refresh_token=stale.refresh).model_dump(),
            )
            if response.status_code != 200:
                self._tokens = None
                raise SessionExpiredError(_error_message(response))
            answer = _parse(response, TokenResponse)
            self._tokens = Tokens(answer.access_token, answer.refresh_token)
        if self._on_tokens is not None:
            self._on_tokens(self._tokens)
        return self._tokens

    # -- calls ----------------------------------------------------------------------------

    def login(self, username: str, password: str) -> TokenResponse:
        body = LoginRequest(username=username, password=password, device_id=self.device_id)
        response = self._send("POST", "/auth/login", json=body.model_dump())
        if response.status_code == 401:
            raise BadCredentialsError(_error_message(response))
        _raise_for_status(response)
        answer = _parse(response, TokenResponse)
        self.use_tokens(Tokens(answer.access_token, answer.refresh_token))
        return answer

    def catalogue_changes(self, cursor: str | None, limit: int) -> CataloguePage:
        return self.parse_feed(self.fetch_feed("catalogue", cursor, limit), CataloguePage)

    def calendar_changes(self, cursor: str | None, limit: int) -> CalendarPage:
        return self.parse_feed(self.fetch_feed("calendar", cursor, limit), CalendarPage)

    def fetch_feed(self, feed: str, cursor: str | None, limit: int) -> httpx.Response:
        """The network half of a feed page (no validation yet): it can run on another
        thread while the caller writes the previous page."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = self._authed("GET", f"/{feed}/changes", params=params)
        if response.status_code == 410:
            raise CursorExpiredError(_error_message(response))
        _raise_for_status(response)
        return response

    @staticmethod
    def parse_feed(response: httpx.Response, model: type[M]) -> M:
        return _parse(response, model)

    def licences(self, id_type: str, id_number: str) -> list[Licence]:
        """The electronic licences the server knows for this holder (online only)."""
        query = LicenceQuery(holder_id_type=id_type, holder_id_number=id_number)
        response = self._authed("POST", "/licences/query", json=query.model_dump())
        _raise_for_status(response)
        return _parse(response, LicenceList).licences

    def put_case(
        self, case_uuid: uuid.UUID, body: dict[str, Any], *, idempotency_key: str, device_seq: int
    ) -> CaseReceipt:
        response = self._authed(
            "PUT", f"/cases/{case_uuid}", json=body,
            headers={"Idempotency-Key": idempotency_key, "X-Device-Seq": str(device_seq)},
        )
        _raise_for_status(response)
        return _parse(response, CaseReceipt)

    def device_state(self) -> DeviceState:
        """What the server holds of this device's operations (rollback detection)."""
        response = self._authed("GET", "/devices/me")
        _raise_for_status(response)
        return _parse(response, DeviceState)

    def known_seqs(self, seqs: list[int]) -> set[int]:
        """Which of these operation sequences of this device the server holds."""
        known: set[int] = set()
        for start in range(0, len(seqs), 5000):
            response = self._authed("POST", "/devices/me/known",
                                    json=SeqQuery(seqs=seqs[start:start + 5000]).model_dump())
            _raise_for_status(response)
            known.update(_parse(response, SeqAnswer).known)
        return known

    def has_attachment(self, sha256: str) -> bool:
        response = self._authed("HEAD", f"/attachments/{sha256}")
        if response.status_code == 404:
            return False
        _raise_for_status(response)
        return True

    # -- resumable uploads of captured pages (create → HEAD offset → PATCH from there) ------

    def create_upload(self, sha256: str, size: int, media_type: str) -> UploadStatus:
        """Start an upload; `complete` at once when the server has the page already."""
        body = UploadRequest(sha256=sha256, size=size, media_type=media_type)
        response = self._authed("POST", "/uploads", json=body.model_dump())
        _raise_for_status(response)
        status = _parse(response, UploadStatus)
        if status.size != size or (not status.complete and not status.upload_id):
            raise MalformedResponseError("POST /uploads: status for another upload")
        return status

    def upload_offset(self, upload_id: str) -> int:
        """How many bytes of the upload the server holds. UploadGoneError: start over."""
        response = self._authed("HEAD", f"/uploads/{upload_id}")
        if response.status_code in (404, 410):
            raise UploadGoneError(f"upload {upload_id[:8]} is gone")
        _raise_for_status(response)
        try:
            return int(response.headers["Upload-Offset"])
        except (KeyError, ValueError) as exc:
            raise MalformedResponseError("HEAD /uploads: no Upload-Offset") from exc

    def upload_chunk(self, upload_id: str, offset: int, data: bytes) -> UploadStatus:
        """Send bytes from `offset`. OffsetMismatchError: the server holds another offset
        (ask upload_offset); UploadGoneError: start over."""
        response = self._authed(
            "PATCH", f"/uploads/{upload_id}", content=data,
            headers={"Upload-Offset": str(offset),
                     "Content-Type": "application/offset+octet-stream"})
        if response.status_code in (404, 410):
            raise UploadGoneError(f"upload {upload_id[:8]} is gone")
        if response.status_code == 409 and _error_code(response) == ErrorCode.OFFSET_MISMATCH:
            raise OffsetMismatchError(_error_message(response))
        _raise_for_status(response)
        status = _parse(response, UploadStatus)
        if status.upload_id != upload_id or status.offset != offset + len(data):
            raise MalformedResponseError(f"PATCH /uploads: offset {status.offset} after "
                                         f"{offset} + {len(data)}")
        return status

    # -- certificate desk -------------------------------------------------------------------

    def pending_certificates(self, cursor: str | None, limit: int) -> PendingCertificatesPage:
        """A page of the certificates ready for issuance (certificate-desk role; a clerk
        without it is refused: RejectedError). CursorExpiredError on 410: rebuild."""
        params: dict[str, str | int] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = self._authed("GET", "/certificates/pending", params=params)
        if response.status_code == 410:
            raise CursorExpiredError(_error_message(response))
        _raise_for_status(response)
        return _parse(response, PendingCertificatesPage)

    def issue_certificate(self, certificate_id: uuid.UUID, body: dict[str, Any], *,
                          idempotency_key: str, device_seq: int) -> IssuanceReceipt:
        """Record a printed certificate (IssuanceRequest as JSON). SerialUsedError: the
        serial or the certificate was used already, never to be retried."""
        response = self._desk_op(f"/certificates/{certificate_id}/issuances", body,
                                 idempotency_key, device_seq)
        return _parse(response, IssuanceReceipt)

    def void_stock(self, body: dict[str, Any], *, idempotency_key: str,
                   device_seq: int) -> VoidReceipt:
        """Record a spoiled sheet (VoidRequest as JSON). SerialUsedError as above."""
        return _parse(self._desk_op("/stock/voids", body, idempotency_key, device_seq),
                      VoidReceipt)

    def hand_over_certificate(self, certificate_id: uuid.UUID, body: dict[str, Any], *,
                              idempotency_key: str, device_seq: int) -> HandoverReceipt:
        """Record a certificate's hand-over (HandoverRequest as JSON). InProgressError
        while its issuance has not reached the server: retried later."""
        response = self._desk_op(f"/certificates/{certificate_id}/handover", body,
                                 idempotency_key, device_seq)
        return _parse(response, HandoverReceipt)

    def _desk_op(self, path: str, body: dict[str, Any], idempotency_key: str,
                 device_seq: int) -> httpx.Response:
        response = self._authed(
            "POST", path, json=body,
            headers={"Idempotency-Key": idempotency_key, "X-Device-Seq": str(device_seq)})
        if response.status_code == 409:
            # serial_used / already_issued carry a SerialConflict body: refused for good.
            # in_progress (an ErrorBody) is retried: see _raise_for_status.
            conflict = _serial_conflict(response)
            if conflict is not None:
                raise SerialUsedError(conflict.model_dump_json(exclude={"message"}),
                                      conflict.code.value)
        _raise_for_status(response)
        return response


def _bearer(tokens: Tokens) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.access}"}


def _parse(response: httpx.Response, model: type[M]) -> M:
    """Strict: the contract fixes every type, so "1" for 1 is a malformed answer (and strict
    validation of a 1,000-item catalogue page is about a third faster)."""
    try:
        return model.model_validate_json(response.content, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise MalformedResponseError(
            f"{response.request.method} {response.request.url.path}: {where}: {first['msg']}"
        ) from exc


def _error_body(response: httpx.Response) -> ErrorBody | None:
    try:
        return ErrorBody.model_validate_json(response.content)
    except ValidationError:
        return None


def _serial_conflict(response: httpx.Response) -> SerialConflict | None:
    try:
        return SerialConflict.model_validate_json(response.content)
    except ValidationError:
        return None


def _error_code(response: httpx.Response) -> str:
    body = _error_body(response)
    return "" if body is None else body.code.value


def _error_message(response: httpx.Response) -> str:
    body = _error_body(response)
    text = body.message if body else response.text[:200]
    return f"HTTP {response.status_code}: {text}"


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date), capped at a day; None when
    absent or unreadable."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), 86400.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds()), 86400.0)


def _raise_for_status(response: httpx.Response) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    error: ApiError
    if status == 409:
        error = InProgressError(_error_message(response))
    elif status in (408, 425, 429) or status >= 500:
        error = ServerError(_error_message(response), _retry_after(response))
    elif 400 <= status < 500:
        error = RejectedError(_error_message(response), _error_code(response))
    else:
        error = MalformedResponseError(_error_message(response))
    raise error
