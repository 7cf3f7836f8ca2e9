"""Errors of the printing layer; `code` is stable, the UI translates it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


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


class TemplateError(PrintingError):
    """A certificate template file is not valid; ``problems`` name the file and key of each.

    Raised by :func:`printing.certificates.load_template`; the loader of a whole directory
    reports the problems instead and loads the other templates.
    """

    code = "printing.template_invalid"

    def __init__(self, problems: Sequence[TemplateProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems) or "invalid template")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class TemplateProblem:
    """One mistake in a template file: ``key`` is a path such as ``fields[3].box_mm.width``
    ("" for the file itself); ``problem`` a stable code, ``params`` its parameters."""

    file: str
    key: str
    problem: str
    params: Mapping[str, str | int | float] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        details = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        return f"{where}: {self.problem}" + (f" ({details})" if details else "")


class CalibrationError(PrintingError):
    """A calibration value (or a set of measurements) is not usable.

    ``key`` names the value (``dx_mm``, ``sx``, ``printer``, or ``measurements``);
    ``reason`` is ``missing``, ``not_a_number``, ``out_of_range``, ``empty``,
    ``too_few`` or ``inconsistent``; ``params`` carry what the UI's message needs
    (``value``, ``min``, ``max``, ``mark``, ``residual_mm``...).
    """

    code = "printing.calibration_invalid"

    def __init__(self, key: str, reason: str, params: Mapping[str, str | float] | None = None
                 ) -> None:
        self.key = key
        self.reason = reason
        self.params = dict(params or {})
        details = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        super().__init__(f"{key}: {reason}" + (f" ({details})" if details else ""))


class SerialFormatError(PrintingError):
    """The serial (印制号) typed or scanned does not have the stock type's format.

    ``example`` is what a valid serial looks like, for the clerk; ``pattern`` the rule.
    """

    code = "printing.serial_format"

    def __init__(self, stock_type: str, serial: str, pattern: str, example: str) -> None:
        super().__init__(f"{serial!r} does not match {pattern} (e.g. {example}) for {stock_type}")
        self.stock_type = stock_type
        self.serial = serial
        self.pattern = pattern
        self.example = example


class CertificateBlockedError(PrintingError):
    """A certificate was sent to render or print while its layout still has blocking
    problems (a field that does not fit, a character no font has...): nothing is printed.

    ``problems`` are the layout's :class:`printing.certificates.Problem` objects.
    """

    code = "printing.certificate_blocked"

    def __init__(self, problems: Sequence[Any]) -> None:
        super().__init__(", ".join(f"{p.code}:{p.field}" for p in problems))
        self.problems = tuple(problems)
