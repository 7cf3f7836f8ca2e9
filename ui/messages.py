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
        "store.attachment_missing": QCoreApplication.translate(
            "Errors", "A captured page is missing from this workstation's disk. Capture the "
            "material again."),
        "store.attachment_purged": QCoreApplication.translate(
            "Errors", "This case's scanned pages were removed from this workstation after the "
            "retention period; the server keeps them."),
        "file.missing": QCoreApplication.translate(
            "Errors", "The file cannot be opened: it is gone or not readable."),
        "file.empty": QCoreApplication.translate("Errors", "The file is empty (0 bytes)."),
        "file.unsupported": QCoreApplication.translate(
            "Errors", "This is not a JPEG, PNG, TIFF or PDF file."),
        "file.unreadable": QCoreApplication.translate(
            "Errors", "The file is damaged and cannot be read."),
        "file.truncated": QCoreApplication.translate(
            "Errors", "The image is incomplete (cut off); copy or download it again."),
        "file.too_large": QCoreApplication.translate(
            "Errors", "The image is too large to use (over 50 megapixels). Scan or photograph "
            "it at a lower resolution."),
        "file.too_many_pages": QCoreApplication.translate(
            "Errors", "The file has more pages than can be attached at once (200). Split it "
            "and attach the pages this material needs."),
        "file.encrypted": QCoreApplication.translate(
            "Errors", "The PDF is protected by a password. Ask for an unprotected copy."),
        "camera.not_found": QCoreApplication.translate(
            "Errors", "The document camera is not connected or is used by another program. "
            "Check the cable, or choose it in Settings."),
        "camera.ended": QCoreApplication.translate(
            "Errors", "The document camera stopped (unplugged?). Pages already taken are kept; "
            "plug it in and reopen the camera."),
        "scanner.unavailable": QCoreApplication.translate(
            "Errors", "Scanner support (SANE) is not installed on this workstation."),
        "scanner.not_found": QCoreApplication.translate(
            "Errors", "The scanner is not connected or is switched off."),
        "scanner.busy": QCoreApplication.translate(
            "Errors", "The scanner is busy with another job; try again in a moment."),
        "scanner.jammed": QCoreApplication.translate(
            "Errors", "Paper jam in the scanner. Clear it and scan the remaining pages."),
        "scanner.cover_open": QCoreApplication.translate(
            "Errors", "The scanner's cover is open. Close it and scan again."),
        "scanner.no_docs": QCoreApplication.translate(
            "Errors", "The document feeder is empty. Put the papers in and scan again."),
        "scanner.io_error": QCoreApplication.translate(
            "Errors", "The scanner stopped answering (cable or power). Check it and scan "
            "again."),
        "scanner.no_mem": QCoreApplication.translate(
            "Errors", "The scanner ran out of memory; scan at a lower resolution."),
        "scanner.access_denied": QCoreApplication.translate(
            "Errors", "This workstation is not allowed to use the scanner; ask support."),
        "scanner.cancelled": QCoreApplication.translate("Errors", "The scan was cancelled."),
        "scanner.failed": QCoreApplication.translate(
            "Errors", "The scanner reported an error: %1"),
        "page.undecodable": QCoreApplication.translate(
            "Errors", "A captured page could not be read back."),
        "page.too_large": QCoreApplication.translate(
            "Errors", "The page is too large to process."),
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
        "snapshots.failed": QCoreApplication.translate(
            "Errors", "The sandbox could not be saved or reset (%1)."),
        "snapshots.production": QCoreApplication.translate(
            "Errors", "Snapshots and resets are for training mode only."),
        "snapshots.name": QCoreApplication.translate(
            "Errors", "A snapshot's name may not contain “/” or “\\” and has at most 80 "
            "characters."),
        "snapshots.exists": QCoreApplication.translate(
            "Errors", "A snapshot with this name exists already."),
        "snapshots.not_found": QCoreApplication.translate(
            "Errors", "This snapshot is not there any more."),
        "snapshots.damaged": QCoreApplication.translate(
            "Errors", "This snapshot is incomplete or damaged and cannot be restored; "
            "delete it."),
        "snapshots.no_key": QCoreApplication.translate(
            "Errors", "The key of the sandbox's data is missing from the keyring, so no "
            "snapshot of it could be opened again. Reset the sandbox to the clean state."),
    }
    if code in messages:
        return messages[code].replace("%1", detail)
    return QCoreApplication.translate("Errors", "Unexpected error: %1").replace(
        "%1", detail or (code or "")
    )


def describe(exc: BaseException) -> str:
    code = getattr(exc, "code", None)
    detail = getattr(exc, "detail", None)
    return describe_code(code if isinstance(code, str) else None,
                         detail if isinstance(detail, str) and detail else str(exc))
