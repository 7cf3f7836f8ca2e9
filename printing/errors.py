"""Errors of the printing layer; `code` is stable, the UI translates it."""

from __future__ import annotations


class PrintingError(Exception):
    code = "printing.failed"


class NoCjkFontError(PrintingError):
    """No installed font has Simplified Chinese glyphs (install fonts-wqy-zenhei)."""

    code = "printing.no_cjk_font"


class NoCupsError(PrintingError):
    """CUPS cannot be used: `lp`/`lpstat` are not installed, or no scheduler answers.

    Raised instead of letting a subprocess error leak, so the UI can say "the printing
    system is not running" rather than show a traceback.
    """

    code = "printing.no_cups"


class PrinterGoneError(PrintingError):
    """The chosen printer no longer exists (removed, renamed) or does not accept jobs.

    Distinct from NoCupsError: CUPS itself works, so the clerk should pick another printer
    (or an administrator re-enable this one) instead of calling support about CUPS.
    """

    code = "printing.printer_gone"

    def __init__(self, printer: str, detail: str) -> None:
        super().__init__(detail)
        self.printer = printer


class JobFailedError(PrintingError):
    """CUPS refused the job for another reason; the message is lp's own (never the document)."""

    code = "printing.job_failed"


class CupsTimeoutError(PrintingError):
    """`lp` or `lpstat` did not finish in time.

    After a timed-out `lp` the job may or may not have been queued: a caller must look at the
    queue before sending the document again, or a certificate might be printed twice.
    """

    code = "printing.cups_timeout"
