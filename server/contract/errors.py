"""Error bodies of the contract: every non-2xx answer carries one."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ErrorCode(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    TOKEN_EXPIRED = "token_expired"
    TOKEN_INVALID = "token_invalid"
    CURSOR_EXPIRED = "cursor_expired"
    CURSOR_INVALID = "cursor_invalid"
    VALIDATION = "validation"
    SEQUENCE_REUSED = "sequence_reused"
    # Not yet: what the operation depends on has not arrived (a case's pages, the
    # issuance a reprint or hand-over of a certificate needs). Retried later.
    IN_PROGRESS = "in_progress"
    NOT_FOUND = "not_found"
    ATTACHMENT_MISSING = "attachment_missing"  # a case refers to a page not uploaded yet
    HASH_MISMATCH = "hash_mismatch"
    TOO_LARGE = "too_large"
    OFFSET_MISMATCH = "offset_mismatch"  # PATCH from another offset than the server's
    # The certificate desk's refusals, answered with a SerialConflict body (not ErrorBody):
    SERIAL_USED = "serial_used"  # the serial of pre-printed stock was issued or voided before
    ALREADY_ISSUED = "already_issued"  # the certificate was issued already, on another sheet


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: ErrorCode
    message: str
