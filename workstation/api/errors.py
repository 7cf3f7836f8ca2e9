"""Failures of a server call, classified the way the sync rules need them."""

from __future__ import annotations

from workstation.errors import KnownError


class ApiError(KnownError):
    code = "api.error"
    retryable = True


class UnreachableError(ApiError):
    """No answer: network down, DNS, refused, timeout, TLS failure."""

    code = "api.unreachable"


class TlsError(UnreachableError):
    code = "api.tls"


class MalformedResponseError(ApiError):
    """The server answered something that is not the contract (bad JSON, wrong shape)."""

    code = "api.malformed"


class BadCredentialsError(ApiError):
    code = "api.bad_credentials"
    retryable = False


class SessionExpiredError(ApiError):
    """The access token expired and could not be refreshed: log in again."""

    code = "api.session_expired"
    retryable = False


class CursorExpiredError(ApiError):
    """410 Gone: the feed must be rebuilt from scratch."""

    code = "api.cursor_expired"


class RejectedError(ApiError):
    """4xx validation: this operation will never succeed as it is."""

    code = "api.rejected"
    retryable = False

    def __init__(self, detail: str, server_code: str = "") -> None:
        super().__init__(detail)
        self.server_code = server_code


class InProgressError(ApiError):
    code = "api.in_progress"


class ServerError(ApiError):
    """5xx, 429 and the like: retried later, no sooner than the server's Retry-After."""

    code = "api.server"

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class UploadGoneError(ApiError):
    """The server does not know the upload (expired, dropped, or finished): start over."""

    code = "api.upload_gone"


class OffsetMismatchError(ApiError):
    """A chunk was sent from another offset than the server holds: ask it (HEAD) again."""

    code = "api.offset_mismatch"


class SerialUsedError(RejectedError):
    """409 from the certificate desk: the serial of pre-printed stock was issued or voided
    before (`server_code` ErrorCode.SERIAL_USED), or the certificate was issued already
    (ErrorCode.ALREADY_ISSUED). Never retried: `detail` is the server's SerialConflict as
    JSON (how, when, which desk), which the outbox keeps with the refused operation for
    the clerk to see. (A desk's 409 ErrorCode.IN_PROGRESS is an InProgressError.)"""

    code = "api.serial_used"
