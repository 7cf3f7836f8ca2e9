"""The simulated scanner of sandbox (training) mode: demo papers as a scanner delivers them.

It keeps the contract of the SANE source (devices.capture.scanner): `capabilities()` and
`scan(settings, on_page, cancel, on_progress, on_start)` take and give the same things,
report progress and stop on `cancel` the same way, and fail with the same
`ScannerError`s (``pages_done`` included), so everything after the device (page cleaning,
storage as sealed pages) is the real path.

- The flatbed scans the whole glass with one paper on it, laid against the corner guides
  (slightly askew, as hands lay it); each scan takes the next paper of the stack, as a
  clerk lays one after the other.
- The feeder takes the whole stack (`FEEDER_STACK`: an application form, an ID card through
  the card slot, the lease contract with its page 2 missing, a blurred page and a blank
  one), each sheet fed a little askew and cut to the paper.
- The duplex feeder gives each sheet's front and then its back; a one-sided paper's back is
  blank, as a real duplex scan shows it.

Each page takes `seconds_per_page` to read, reported in `bands` steps of `on_progress`;
`cancel` is looked at before each step. Pages are drawn at the resolution asked for, within
`MIN_DPI`..`MAX_DPI` (the one in effect is told to `on_start`, as a driver rounds).
No Qt and no UI text here.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from devices.capture import demo
from devices.capture.scanner import (
    LOCK_TIMEOUT,
    Capabilities,
    ColourMode,
    Image,
    ScannerError,
    ScannerInfo,
    ScanResult,
    ScanSettings,
    Source,
)

__all__ = [
    "BED_MM",
    "FEEDER_STACK",
    "MAX_DPI",
    "MIN_DPI",
    "RESOLUTIONS",
    "SIMULATED_DEVICE",
    "Sheet",
    "SimulatedScanner",
]

#: The simulated scanner's device name; no SANE backend is called "sandbox".
SIMULATED_DEVICE = "sandbox:simulated-scanner"
BED_MM = (216.0, 297.0)  # the glass of an A4 flatbed
MIN_DPI = 50
MAX_DPI = 300  # demo papers are drawn at 100 dpi (cards at 254): more would only be larger
RESOLUTIONS = (150, 200, 300)

# The flatbed's lid and the feeder's backing (BGR): white, but a shade duller than paper,
# as they scan. Brighter than the paper, they would pass for glare round a card's corners.
_LID = (238, 240, 240)
_PAPER = (242, 247, 248)  # a blank back, the demo papers' colour (BGR)
_FEED_MARGIN_MM = 4.0  # the feeder's cut around a sheet: room for its skew


@dataclass(frozen=True, slots=True)
class Sheet:
    """A sheet of paper in the stack: its front, and its back (None: a blank back)."""

    front: str  # a demo document (devices.capture.demo.DOCUMENT_KEYS)
    back: str | None = None


FEEDER_STACK: tuple[Sheet, ...] = (
    Sheet("application_form"),
    Sheet("id_card_front", "id_card_back"),  # through the card slot
    *(Sheet(key) for key in demo.PAPERS["lease_contract"]),  # pages 1 and 3 of 3
    Sheet("blurred"),
    Sheet("blank"),
)


class SimulatedScanner:
    """A flatbed scanner with a duplex document feeder, scanning demo papers.

    Thread-safe like the SANE source: one scan at a time, another waits up to
    `LOCK_TIMEOUT` seconds and then fails with ``scanner.busy``.
    """

    def __init__(
        self,
        *,
        stack: Sequence[Sheet] = FEEDER_STACK,
        seconds_per_page: float = 1.0,
        bands: int = 10,
        seed: int = 0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not stack:
            raise ValueError("the stack must hold at least one sheet")
        for sheet in stack:
            for key in (sheet.front, sheet.back):
                if key is not None and key not in demo.DOCUMENT_KEYS:
                    raise ValueError(f"no demo document {key!r}")
        if seconds_per_page < 0 or bands < 1:
            raise ValueError("seconds_per_page must not be negative, bands at least 1")
        self.stack = tuple(stack)
        self.seconds_per_page = seconds_per_page
        self.bands = bands
        self._seed = seed
        self._sleep = sleep
        self._lock = threading.Lock()
        self._scans = 0
        self._flatbed_next = 0  # the paper the next flatbed scan finds on the glass

    @property
    def info(self) -> ScannerInfo:
        return ScannerInfo(SIMULATED_DEVICE, "Clerk Workstation", "Simulated scanner",
                           "virtual device")

    def capabilities(self) -> Capabilities:
        return Capabilities(tuple(Source), tuple(ColourMode), RESOLUTIONS)

    def scan(
        self,
        settings: ScanSettings,
        on_page: Callable[[Image, int], None],
        cancel: threading.Event | None = None,
        on_progress: Callable[[float], None] | None = None,
        on_start: Callable[[int], None] | None = None,
    ) -> ScanResult:
        """Scan as devices.capture.scanner.scan does (same callbacks, errors and ends)."""
        if settings.device != SIMULATED_DEVICE:
            raise ScannerError("scanner.not_found", f"open {settings.device}: not simulated")
        if settings.extra_options:  # SANE driver options: this device has none
            name = next(iter(settings.extra_options))
            raise ScannerError("scanner.failed", f"option {name} is not offered or inactive")
        if not self._lock.acquire(timeout=LOCK_TIMEOUT):
            raise ScannerError("scanner.busy", "another scanner operation is still running")
        try:
            dpi = min(max(settings.resolution, MIN_DPI), MAX_DPI)
            scan_number = self._scans
            self._scans += 1
            if on_start is not None:
                on_start(dpi)
            pages = 0
            for number, side in enumerate(self._sides(settings.source)):
                if cancel is not None and cancel.is_set():
                    raise ScannerError("scanner.cancelled", pages_done=pages, dpi=dpi)
                rng = np.random.default_rng([self._seed, scan_number, number])
                image = _render(side, dpi, settings.mode, rng)
                self._read(pages, dpi, cancel, on_progress)
                on_page(image, pages)
                pages += 1
        finally:
            self._lock.release()
        return ScanResult(pages, dpi)

    def _sides(self, source: Source) -> list[_Side]:
        """The sides this scan reads, in order."""
        if source is Source.FLATBED:
            sheet = self.stack[self._flatbed_next % len(self.stack)]
            self._flatbed_next += 1
            return [_Side(sheet.front, flatbed=True)]
        sides: list[_Side] = []
        for sheet in self.stack:
            sides.append(_Side(sheet.front))
            if source is Source.ADF_DUPLEX:
                sides.append(_Side(sheet.back) if sheet.back is not None
                             else _Side(sheet.front, blank=True))
        return sides

    def _read(self, done: int, dpi: int, cancel: threading.Event | None,
              on_progress: Callable[[float], None] | None) -> None:
        """The page passing the sensor: progress in bands, cancel looked at before each."""
        step = self.seconds_per_page / self.bands
        for band in range(self.bands):
            if cancel is not None and cancel.is_set():
                raise ScannerError("scanner.cancelled", pages_done=done, dpi=dpi)
            self._sleep(step)
            if on_progress is not None:
                on_progress((band + 1) / self.bands)


# -- drawing a scanned side -----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Side:
    document: str  # the demo document on this side, or the front of a blank back
    blank: bool = False  # the blank back of a one-sided paper
    flatbed: bool = False  # lying on the glass (else passing through the feeder)


def _render(side: _Side, dpi: int, mode: ColourMode, rng: np.random.Generator) -> Image:
    doc = demo.demo_document(side.document)
    page = np.full(doc.image.shape, _PAPER, np.uint8) if side.blank else doc.image
    size_mm, alpha = doc.size_mm, doc.alpha
    px_per_mm = dpi / 25.4
    if side.flatbed:
        scanned = _on_the_glass(page, size_mm, alpha, px_per_mm, rng)
    else:
        scanned = _through_the_feeder(page, size_mm, alpha, px_per_mm, rng)
    noise = rng.normal(0.0, 1.2, scanned.shape[:2]).astype(np.float32)
    image = np.asarray(np.clip(scanned.astype(np.float32) + noise[:, :, None], 0, 255),
                       dtype=np.uint8)
    if mode is ColourMode.COLOUR:
        return image
    grey = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if mode is ColourMode.LINEART:
        return np.where(grey < 128, 0, 255).astype(np.uint8)
    return grey


def _on_the_glass(page: np.ndarray, size_mm: tuple[float, float], alpha: np.ndarray | None,
                  px_per_mm: float, rng: np.random.Generator) -> np.ndarray:
    """The whole glass with the paper laid in its top-left corner; a paper wider than the
    glass (an A4 landscape) is laid turned, as it must be."""
    width_mm, height_mm = size_mm
    if width_mm > BED_MM[0] and height_mm <= BED_MM[0]:
        page = np.ascontiguousarray(np.rot90(page, -1))
        alpha = None if alpha is None else np.ascontiguousarray(np.rot90(alpha, -1))
        width_mm, height_mm = height_mm, width_mm
    angle = math.radians(rng.uniform(-0.7, 0.7))
    corners = _corners(width_mm, height_mm, angle)
    corners -= corners.min(axis=0)  # against the guides...
    corners += rng.uniform(0.5, 2.0, 2)  # ...nearly
    bed = (round(BED_MM[0] * px_per_mm), round(BED_MM[1] * px_per_mm))
    return _lay(page, alpha, corners * px_per_mm, bed)


def _through_the_feeder(page: np.ndarray, size_mm: tuple[float, float],
                        alpha: np.ndarray | None, px_per_mm: float,
                        rng: np.random.Generator) -> np.ndarray:
    """The sheet fed a little askew, the picture cut to the paper and a margin round it."""
    width_mm, height_mm = size_mm
    angle = math.radians(rng.uniform(-1.2, 1.2))
    corners = _corners(width_mm, height_mm, angle)
    margin = _FEED_MARGIN_MM + rng.uniform(-0.5, 0.5, 2)
    corners += np.array([width_mm / 2, height_mm / 2]) + margin
    size = (round((width_mm + 2 * _FEED_MARGIN_MM) * px_per_mm),
            round((height_mm + 2 * _FEED_MARGIN_MM) * px_per_mm))
    return _lay(page, alpha, corners * px_per_mm, size)


def _corners(width_mm: float, height_mm: float, angle: float) -> np.ndarray:
    """TL, TR, BR, BL of a paper turned by `angle` about its centre (at the origin)."""
    half = np.array([[-width_mm, -height_mm], [width_mm, -height_mm],
                     [width_mm, height_mm], [-width_mm, height_mm]], np.float64) / 2
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    turned: np.ndarray = half @ rot.T
    return turned


def _lay(page: np.ndarray, alpha: np.ndarray | None, corners: np.ndarray,
         size: tuple[int, int]) -> np.ndarray:
    canvas = np.full((size[1], size[0], 3), _LID, np.uint8)
    demo.paste_page(canvas, page, corners, alpha)
    return canvas

