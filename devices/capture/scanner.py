"""Scanners through SANE (Linux): list devices, read their capabilities, scan pages.

python-sane is optional: it is imported only when a scanner is used, and its absence is the
error ``scanner.unavailable``, never an import failure of this module. SANE backends are
not thread-safe, so every SANE call of the process goes through one lock; :func:`scan`
blocks and holds it for a whole batch (callers run it on a worker thread).

Each page reaches the caller through ``on_page`` as soon as it has been read, so pages
scanned before a jam are kept; the error then says how many pages were delivered
(:attr:`ScannerError.pages_done`). No Qt and no UI text here.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from enum import StrEnum
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from devices.capture.errors import CaptureError

__all__ = [
    "STANDARD_RESOLUTIONS",
    "Capabilities",
    "ColourMode",
    "ScanResult",
    "ScanSettings",
    "ScannerError",
    "ScannerInfo",
    "Source",
    "capabilities",
    "scan",
    "scanners",
]

_log = logging.getLogger(__name__)

Image = npt.NDArray[np.uint8]

#: Resolutions offered to the clerk, where the device allows them.
STANDARD_RESOLUTIONS = (150, 200, 300, 600)


class Source(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"
    ADF_DUPLEX = "adf_duplex"


class ColourMode(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    LINEART = "lineart"


@dataclass(frozen=True)
class ScannerInfo:
    device: str  # the SANE device name, e.g. "epson2:libusb:001:004"
    vendor: str
    model: str
    kind: str  # SANE's device type, e.g. "flatbed scanner"


@dataclass(frozen=True)
class Capabilities:
    sources: tuple[Source, ...]
    modes: tuple[ColourMode, ...]
    resolutions: tuple[int, ...]


@dataclass(frozen=True)
class ScanSettings:
    device: str
    source: Source = Source.FLATBED
    mode: ColourMode = ColourMode.COLOUR
    resolution: int = 200
    #: Driver options by SANE name, for tests and special devices; applied last.
    extra_options: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ScanResult:
    pages: int
    dpi: int  # the resolution in effect (the driver may round the requested one)


class ScannerError(CaptureError):
    """A scanner failure; ``pages_done`` pages had already been delivered through on_page."""

    def __init__(
        self, code: str, detail: str = "", *, pages_done: int = 0, dpi: int | None = None
    ) -> None:
        super().__init__(code, detail)
        self.pages_done = pages_done
        #: The resolution of the delivered pages (None when the scan never got that far).
        self.dpi = dpi


# --------------------------------------------------------------------------------------------
# SANE access: lazy import, one init per process, one lock for every call

_LOCK = threading.RLock()  # re-entrant: on_page may call scanners() on the scanning thread
#: Seconds to wait for another thread's SANE call (a listing, or a batch still running)
#: before answering ``scanner.busy`` instead of blocking a worker indefinitely.
LOCK_TIMEOUT = 10.0
_initialised = False


@contextmanager
def _locked() -> Iterator[None]:
    if not _LOCK.acquire(timeout=LOCK_TIMEOUT):
        raise ScannerError("scanner.busy", "another scanner operation is still running")
    try:
        yield
    finally:
        _LOCK.release()


@dataclass(frozen=True)
class _Sane:
    module: ModuleType
    error: type[Exception]  # _sane.error, raised with sane_strstatus() text


def _load() -> _Sane:
    global _initialised
    try:
        module = importlib.import_module("sane")
        error = module._sane.error
    except (ImportError, AttributeError, OSError) as exc:
        raise ScannerError("scanner.unavailable", f"python-sane: {exc}") from None
    if _initialised:
        return _Sane(module, error)
    with _locked():
        if not _initialised:
            try:
                module.init()
            except error as exc:
                raise ScannerError("scanner.unavailable", f"sane_init: {exc}") from None
            _initialised = True
    return _Sane(module, error)


# sane_strstatus() texts (sane-backends, English only) → our codes.
_STATUS_CODES = {
    "document feeder jammed": "scanner.jammed",
    "scanner cover is open": "scanner.cover_open",
    "device busy": "scanner.busy",
    "error during device i/o": "scanner.io_error",
    "out of memory": "scanner.no_mem",
    "access to resource has been denied": "scanner.access_denied",
    "operation was canceled": "scanner.cancelled",
    "operation was cancelled": "scanner.cancelled",
    "document feeder out of documents": "scanner.no_docs",
}
# Fallback for other libsane versions' wording: the first keyword found decides.
_STATUS_KEYWORDS = (
    ("jam", "scanner.jammed"),
    ("cover", "scanner.cover_open"),
    ("out of documents", "scanner.no_docs"),
    ("no doc", "scanner.no_docs"),
    ("busy", "scanner.busy"),
    ("i/o", "scanner.io_error"),
    ("memory", "scanner.no_mem"),
    ("denied", "scanner.access_denied"),
    ("cancel", "scanner.cancelled"),
)
_UNKNOWN_DEVICE = ("invalid argument", "operation not supported")


def _code_for(status: str) -> str:
    text = status.strip().lower()
    if text in _STATUS_CODES:
        return _STATUS_CODES[text]
    return next((code for word, code in _STATUS_KEYWORDS if word in text), "scanner.failed")


@contextmanager
def _opened(api: _Sane, device: str) -> Iterator[Any]:
    """An open ``sane.SaneDev``; on exit any scan is cancelled and the device closed."""
    if not device.strip():  # sane_open("") would open whichever device comes first
        raise ScannerError("scanner.not_found", "no device name")
    try:
        dev = api.module.open(device)
    except api.error as exc:
        # sane_open answers SANE_STATUS_INVAL for a name its backend does not know (a typo,
        # an unplugged device) and, from the second try on, SANE_STATUS_UNSUPPORTED for a
        # backend that is not installed.
        text = str(exc)
        unknown = text.strip().lower() in _UNKNOWN_DEVICE
        code = "scanner.not_found" if unknown else _code_for(text)
        raise ScannerError(code, f"open {device}: {text}") from None
    try:
        yield dev
    finally:
        with suppress(api.error, RuntimeError):
            dev.cancel()
        try:
            dev.close()
        except (api.error, RuntimeError) as exc:
            _log.warning("closing scanner %s failed: %s", device, exc)


def _option(dev: Any, name: str) -> Any | None:
    """The active option called ``name`` (SANE spelling, e.g. "read-return-value")."""
    opt = dev.opt.get(name.replace("-", "_"))
    if opt is None or opt.name != name or not opt.is_active():
        return None
    return opt


def _set_option(api: _Sane, dev: Any, name: str, value: object) -> None:
    opt = _option(dev, name)
    if opt is None:
        raise ScannerError("scanner.failed", f"option {name} is not offered or inactive")
    try:
        setattr(dev, opt.py_name, value)
    except api.error as exc:
        code = _code_for(str(exc))
        raise ScannerError(code, f"option {name}={value!r}: {exc}") from None
    except (AttributeError, TypeError, ValueError) as exc:
        raise ScannerError("scanner.failed", f"option {name}={value!r}: {exc}") from None


def _choices(opt: Any | None) -> list[Any]:
    """The allowed values of a string-list or word-list option ([] for a range or none)."""
    if opt is None or not isinstance(opt.constraint, list):
        return []
    return list(opt.constraint)


# --------------------------------------------------------------------------------------------
# mapping the driver's names


def _source_of(name: str) -> Source | None:
    text = name.lower()
    if "duplex" in text:
        return Source.ADF_DUPLEX
    if "back" in text:  # "ADF Back": the reverse side only, not a choice a counter needs
        return None
    if any(word in text for word in ("adf", "feeder", "automatic document")):
        return Source.ADF
    if any(word in text for word in ("flatbed", "platen", "document table", "normal")):
        return Source.FLATBED
    return None  # transparency units, film holders...


def _mode_of(name: str) -> ColourMode | None:
    text = name.lower()
    if text in ("bw", "binary") or any(
        word in text for word in ("lineart", "line art", "black & white", "black and white")
    ):
        return ColourMode.LINEART
    if "gray" in text or "grey" in text:
        return ColourMode.GREY
    if "color" in text or "colour" in text or "rgb" in text:
        return ColourMode.COLOUR
    return None  # halftone and other special modes


def _driver_name(names: Iterable[object], kind: object, mapping: Callable[[str], object]) -> str:
    """The first of the driver's names that means ``kind``, or ""."""
    return next((n for n in names if isinstance(n, str) and mapping(n) == kind), "")


def _allowed_resolutions(opt: Any | None) -> tuple[int, ...]:
    """The standard resolutions the option allows; else the allowed value nearest 200 dpi."""
    if opt is None:
        return STANDARD_RESOLUTIONS
    constraint = opt.constraint
    if isinstance(constraint, list) and constraint:
        offered = {round(float(v)) for v in constraint}
        fits = tuple(r for r in STANDARD_RESOLUTIONS if r in offered)
        return fits or (min(offered, key=lambda r: (abs(r - 200), r)),)
    if isinstance(constraint, tuple):
        low, high, step = (float(v) for v in constraint)

        def allowed(r: int) -> bool:
            steps = (r - low) / step if step > 0 else 0.0
            return low <= r <= high and abs(steps - round(steps)) < 1e-6

        fits = tuple(r for r in STANDARD_RESOLUTIONS if allowed(r))
        return fits or (round(min(max(200.0, low), high)),)
    return STANDARD_RESOLUTIONS


def _depth_offers(dev: Any, depth: int) -> bool:
    return depth in _choices(_option(dev, "depth"))


# --------------------------------------------------------------------------------------------
# public API


def scanners() -> list[ScannerInfo]:
    """The scanners SANE sees now (may take seconds while network backends look around)."""
    api = _load()
    with _locked():
        try:
            devices = api.module.get_devices()
        except api.error as exc:
            raise ScannerError(_code_for(str(exc)), f"get_devices: {exc}") from None
    return [ScannerInfo(str(d[0]), str(d[1]), str(d[2]), str(d[3])) for d in devices]


def capabilities(device: str) -> Capabilities:
    """What ``device`` offers, in our terms (driver-specific names are mapped)."""
    api = _load()
    with _locked(), _opened(api, device) as dev:
        source_opt = _option(dev, "source")
        if source_opt is None:
            sources: tuple[Source, ...] = (Source.FLATBED,)
        else:
            found = {_source_of(n) for n in _choices(source_opt) if isinstance(n, str)}
            sources = tuple(s for s in Source if s in found)

        mode_opt = _option(dev, "mode")
        if mode_opt is not None:
            kinds = {_mode_of(n) for n in _choices(mode_opt) if isinstance(n, str)}
        else:
            try:
                frame = str(dev.get_parameters()[0])
            except api.error as exc:
                raise ScannerError(_code_for(str(exc)), f"get_parameters: {exc}") from None
            kinds = {ColourMode.COLOUR if frame == "color" else ColourMode.GREY}
        if ColourMode.GREY in kinds and _depth_offers(dev, 1):
            kinds.add(ColourMode.LINEART)  # grey at 1 bit per pixel
        modes = tuple(m for m in ColourMode if m in kinds)

        resolutions = _allowed_resolutions(_option(dev, "resolution"))
    return Capabilities(sources, modes, resolutions)


def scan(
    settings: ScanSettings,
    on_page: Callable[[Image, int], None],
    cancel: threading.Event | None = None,
    on_progress: Callable[[float], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ScanResult:
    """Scan one flatbed page, or feeder pages until the feeder is empty. Blocking.

    ``on_start(dpi)`` is told the resolution in effect (the driver may round the one
    asked for) before the first page, so pages can be sized as they arrive.

    ``on_page(image, index)`` gets each page as soon as it is read: uint8 BGR for colour,
    single-channel grey (0/255 for lineart). ``on_progress`` gets the fraction of the
    current page read. Setting ``cancel`` stops between reads. Raises :class:`ScannerError`
    (with ``pages_done``); an exception raised by a callback stops the scan and propagates.
    """
    api = _load()
    with _locked(), _opened(api, settings.device) as dev:
        dpi = _configure(api, dev, settings)
        if on_start is not None:
            on_start(dpi)
        pages = _feed(
            api,
            dev,
            adf=settings.source is not Source.FLATBED,
            dpi=dpi,
            on_page=on_page,
            cancel=cancel,
            on_progress=on_progress,
        )
    _log.info("scan on %s: %d page(s) at %d dpi", settings.device, pages, dpi)
    return ScanResult(pages, dpi)


# --------------------------------------------------------------------------------------------
# scanning


def _configure(api: _Sane, dev: Any, settings: ScanSettings) -> int:
    """Set source, mode, resolution and extra options; return the resolution in effect."""
    source_opt = _option(dev, "source")
    if source_opt is not None:
        name = _driver_name(_choices(source_opt), settings.source, _source_of)
        if not name:
            raise ScannerError("scanner.failed", f"source {settings.source} is not offered")
        _set_option(api, dev, "source", name)
    elif settings.source is not Source.FLATBED:
        raise ScannerError("scanner.failed", "the device has no document feeder")

    mode_opt = _option(dev, "mode")
    if mode_opt is not None:
        modes = _choices(mode_opt)
        wanted = settings.mode
        depth = 8
        name = _driver_name(modes, wanted, _mode_of)
        if not name and wanted is ColourMode.LINEART:
            name, depth = _driver_name(modes, ColourMode.GREY, _mode_of), 1
        if not name:
            raise ScannerError("scanner.failed", f"mode {wanted} is not offered")
        _set_option(api, dev, "mode", name)
        if _depth_offers(dev, depth):  # a 16-bit or 1-bit default would surprise us
            _set_option(api, dev, "depth", depth)
        elif depth == 1:
            raise ScannerError("scanner.failed", f"mode {wanted} is not offered")

    dpi = settings.resolution
    if _option(dev, "resolution") is not None:
        _set_option(api, dev, "resolution", settings.resolution)
        # The driver may have rounded it (SANE_INFO_INEXACT): read back what it will use.
        dpi = round(float(dev.resolution))

    for name, value in settings.extra_options.items():
        _set_option(api, dev, name, value)
    if "resolution" in settings.extra_options:
        dpi = round(float(dev.resolution))
    return dpi


class _PageWatch:
    """The per-line callback of ``_sane.snap``: progress and cancellation between reads.

    It must never raise: python-sane 2.9 dereferences the callback's NULL result on an
    exception and crashes. So it cancels the device (the next sane_read then fails with
    SANE_STATUS_CANCELLED) and keeps any exception of ``on_progress`` for later.
    """

    def __init__(
        self,
        dev: Any,
        cancel: threading.Event | None,
        on_progress: Callable[[float], None] | None,
    ) -> None:
        self.dev = dev
        self.cancel = cancel
        self.on_progress = on_progress
        self.stopped = False
        self.failure: BaseException | None = None
        self._reported = -1.0

    def __call__(self, line: int, lines: int) -> None:
        if self.stopped:
            return
        try:
            if self.cancel is not None and self.cancel.is_set():
                self._stop()
                return
            if self.on_progress is not None and lines > 0:
                fraction = min(line / lines, 1.0)
                if fraction - self._reported >= 0.01 or fraction >= 1.0:
                    self._reported = fraction
                    self.on_progress(fraction)
        except BaseException as exc:  # noqa: BLE001 - kept and re-raised after snap returns
            self.failure = exc
            self._stop()

    def _stop(self) -> None:
        self.stopped = True
        with suppress(Exception):
            self.dev.cancel()


def _feed(
    api: _Sane,
    dev: Any,
    *,
    adf: bool,
    dpi: int,
    on_page: Callable[[Image, int], None],
    cancel: threading.Event | None,
    on_progress: Callable[[float], None] | None,
) -> int:
    """Read pages from a configured device; return how many were delivered."""
    pages = 0
    while True:
        if cancel is not None and cancel.is_set():
            raise ScannerError("scanner.cancelled", pages_done=pages, dpi=dpi)
        watch = _PageWatch(dev, cancel, on_progress)
        try:
            dev.start()
            # (bytes, width, height, samples, bytes per sample); 1-bit data come as 0/255.
            # 16-bit samples are asked for as such: python-sane 2.9's own reduction to 8 bits
            # reads half lines (the image comes out twice as tall and garbled).
            data, width, height, samples, sample_size = dev.dev.snap(adf, True, watch)
        except api.error as exc:
            if watch.failure is not None:
                raise watch.failure from None
            code = "scanner.cancelled" if watch.stopped else _code_for(str(exc))
            if code == "scanner.no_docs" and adf and pages > 0:
                return pages  # the feeder ran out: the normal end of a batch
            raise ScannerError(code, str(exc), pages_done=pages, dpi=dpi) from None
        if watch.failure is not None:
            raise watch.failure
        if watch.stopped:  # the driver ended the page early instead of failing the read
            raise ScannerError("scanner.cancelled", pages_done=pages, dpi=dpi)
        try:
            image = _to_image(data, width, height, samples, sample_size)
        except ValueError as exc:
            raise ScannerError("scanner.failed", str(exc), pages_done=pages, dpi=dpi) from None
        if image is None:
            if adf and pages > 0:
                return pages  # some drivers end a batch with an empty page
            raise ScannerError(
                "scanner.failed", "the scanner returned an empty image", pages_done=pages, dpi=dpi
            )
        on_page(image, pages)
        pages += 1
        if not adf:
            return pages


def _to_image(
    data: bytes | bytearray, width: int, height: int, samples: int, sample_size: int
) -> Image | None:
    if width <= 0 or height <= 0:
        return None
    count = width * height * samples
    if samples not in (1, 3) or sample_size not in (1, 2) or len(data) < count * sample_size:
        raise ValueError(
            f"unexpected image data: {len(data)} bytes for {width}x{height}x{samples}x{sample_size}"
        )
    if sample_size == 2:  # host byte order, as SANE sends it
        wide = np.frombuffer(data, dtype=np.uint16, count=count)
        pixels = (wide >> 8).astype(np.uint8)
    else:
        pixels = np.frombuffer(data, dtype=np.uint8, count=count)
    if samples == 1:
        return pixels.reshape(height, width).copy()
    return np.ascontiguousarray(pixels.reshape(height, width, 3)[:, :, ::-1])  # RGB → BGR
