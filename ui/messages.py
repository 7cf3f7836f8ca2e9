"""Translated sentences for the known errors of the core (by their stable `code`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def describe_code(code: str | None, detail: str = "") -> str:
    """The clerk-facing sentence for an error code; unknown codes keep the detail."""
    messages = {
        "api.unreachable": QCoreApplication.translate(
            "Errors",
            "The server cannot be reached. You are working offline; "
            "everything you enter is kept and sent later.",
        ),
        "api.tls": QCoreApplication.translate(
            "Errors",
            "The server's certificate is not trusted. Check the CA bundle in "
            "Settings or ask support.",
        ),
        "api.malformed": QCoreApplication.translate(
            "Errors",
            "The server sent an answer this workstation does not understand. "
            "Nothing was changed; the next sync will try again.",
        ),
        "api.bad_credentials": QCoreApplication.translate("Errors", "Wrong user name or password."),
        "api.session_expired": QCoreApplication.translate(
            "Errors", "Your session has expired. Please log in again."
        ),
        "api.cursor_expired": QCoreApplication.translate(
            "Errors", "The catalogue on the server was replaced; it is being downloaded again."
        ),
        "api.rejected": QCoreApplication.translate(
            "Errors", "The server refused this record. Check it and send it again."
        ),
        "api.in_progress": QCoreApplication.translate(
            "Errors", "The server is still processing an earlier request; it will be retried."
        ),
        "api.server": QCoreApplication.translate(
            "Errors", "The server reported an error. It will be retried automatically."
        ),
        "auth.offline_unknown": QCoreApplication.translate(
            "Errors",
            "The server cannot be reached, and this user has never "
            "logged in on this workstation. Log in once while online.",
        ),
        "auth.required": QCoreApplication.translate("Errors", "Please log in first."),
        "keyring.unavailable": QCoreApplication.translate(
            "Errors",
            "The system keyring is not available. The workstation "
            "needs it to protect personal data; ask support.",
        ),
        "config.invalid": QCoreApplication.translate("Errors", "This setting is not valid."),
        "store.newer": QCoreApplication.translate(
            "Errors",
            "The local database was written by a newer version of the "
            "workstation. It was left untouched; please install the newer "
            "version.",
        ),
        "store.corrupt": QCoreApplication.translate(
            "Errors",
            "The local database is damaged. It was left untouched; ask support to restore it.",
        ),
        "store.disk_full": QCoreApplication.translate(
            "Errors", "The disk is full. Nothing was saved; free some space and try again."
        ),
        "store.key_unavailable": QCoreApplication.translate(
            "Errors",
            "The key that protects the local data is missing from the "
            "system keyring, so the data cannot be opened.",
        ),
        "store.decrypt": QCoreApplication.translate(
            "Errors", "Protected data could not be opened with this workstation's key."
        ),
        "store.error": QCoreApplication.translate(
            "Errors", "The local database could not be used."
        ),
        "printing.no_cjk_font": QCoreApplication.translate(
            "Errors", "No Chinese font is installed, so nothing can be printed. Install the "
            "fonts-wqy-zenhei package or ask support."),
        "intake.blocked": QCoreApplication.translate(
            "Errors", "The case cannot be recorded with this outcome yet."),
        "intake.no_case": QCoreApplication.translate(
            "Errors", "This case is not on this workstation."),
        "printing.no_cups": QCoreApplication.translate(
            "Errors", "The printing system (CUPS) is not running or not installed, so nothing "
            "can be printed directly. Save the PDF or open it in the viewer, and ask support."),
        "printing.printer_gone": QCoreApplication.translate(
            "Errors", "This printer is no longer available or does not accept jobs. Choose "
            "another printer."),
        "printing.job_failed": QCoreApplication.translate(
            "Errors", "The printer refused the document. Check the printer and try again."),
        "printing.cups_timeout": QCoreApplication.translate(
            "Errors", "The printing system did not answer in time. Look at the printer before "
            "printing again: the document may already be queued."),
        "printing.failed": QCoreApplication.translate(
            "Errors", "The document could not be prepared for printing."),
        "sandbox.server": QCoreApplication.translate(
            "Errors", "The training server could not be started."
        ),
    }
    if code in messages:
        return messages[code]
    return QCoreApplication.translate("Errors", "Unexpected error: %1").replace(
        "%1", detail or (code or "")
    )


def describe(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    return describe_code(code if isinstance(code, str) else None, str(exc))
