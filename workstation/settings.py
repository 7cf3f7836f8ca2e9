"""Typed, versioned settings, saved as JSON in the mode's data directory.

Each saved file records its `version`; `_UPGRADES[n]` turns version n into n+1, so a
settings file written by an older release is upgraded on load, never misread. Unknown
keys are dropped; invalid values fall back to defaults and are reported once in the log.
A new key with a default needs no upgrade: a file without it loads with the default.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from offline.files import write_atomically
from printing.calibration import Calibration
from printing.errors import CalibrationError
from workstation.errors import ConfigError
from workstation.upload_window import UploadWindow

log = logging.getLogger("workstation.settings")

SETTINGS_VERSION = 1
LANGUAGES = ("zh_CN", "en")
# Documents the clerk prints, each of which may go to its own printer.
DOCUMENT_TYPES = ("material_list", "form", "receipt", "notice", "refusal", "certificate")
# devices.capture's Source and Enhancement values, named here so that loading the settings
# does not import the image stack (tests/workstation/test_settings.py keeps them equal).
SCANNER_SOURCES = ("flatbed", "adf", "adf_duplex")
ENHANCEMENTS = ("colour", "grey", "document")


def calibration_key(printer: str, stock_type: str) -> str:
    """The key of a certificate calibration: "printer|stock_type" (a stock type id never
    contains "|", so the printer is everything before the last one)."""
    return f"{printer}|{stock_type}"


def _calibration_problem(key: object, value: object) -> str | None:
    """Why ``value`` cannot be the calibration stored under ``key``; None when it can."""
    if not isinstance(key, str):
        return "the key is not a string"
    if not isinstance(value, dict):
        return "not an object"
    try:
        calibration = Calibration.from_dict(value)
    except CalibrationError as exc:
        return str(exc)
    if not _queue_name(calibration.printer):
        return "the printer is not a queue name"
    if key != calibration_key(calibration.printer, calibration.stock_type):
        return "the key does not name its printer and stock type"
    return None


def _queue_name(name: object) -> bool:
    """A CUPS queue name: printable, no spaces, slashes or '#' (lpadmin refuses them)."""
    return isinstance(name, str) and 0 < len(name) <= 127 and not any(
        c in name for c in " /#\t\n")


@dataclass(frozen=True)
class Settings:
    server_url: str = ""
    ca_bundle: str = ""  # empty: the system's trusted CAs
    language: str = "zh_CN"
    sync_interval_s: int = 120
    page_size: int = 500
    request_timeout_s: float = 20.0
    # Captured pages go up in chunks of at least this size; each confirmed chunk survives
    # a broken line or a restart (smaller chunks lose less on a poor township line). On a
    # fast line chunks grow to take about two seconds each (workstation.sync.MAX_CHUNK).
    upload_chunk_kb: int = 256
    # Something waiting to be sent for longer than this is shown as a warning.
    pending_warn_hours: int = 24
    # Township lines: a cap on the upload rate of scanned pages (0: none), so the counter's
    # other traffic keeps flowing while a backlog drains.
    upload_kbps: int = 0
    # Township lines: scanned pages of at least upload_window_min_kb go up only inside this
    # daily window, local time, e.g. "18:00-08:00" (outside opening hours); empty: any time.
    upload_window: str = ""
    upload_window_min_kb: int = 256
    # Local copies of pages the server confirmed are deleted after this many days.
    retention_days: int = 30
    # Below this much free disk space the capture dialog warns before new scans.
    min_free_mb: int = 1024
    # Per document type (DOCUMENT_TYPES): the CUPS queue it goes to first. Missing: the
    # system default. The clerk's last choice for a type is remembered here.
    printers: dict[str, str] = field(default_factory=dict)
    # Where the QR code on receipts points; empty: the server's /status page.
    status_query_url: str = ""
    # The PC/SC reader passports and travel permits are read on; empty: whichever has one.
    card_reader: str = ""
    # The resident ID-card reader's vendor SDK (SDT API) and its photo (WLT) decoder;
    # empty library: no ID-card reader. The decoder may be the same library.
    id_card_library: str = ""
    id_card_decoder: str = ""
    id_card_port: int = 1001  # 1001-1016: USB; 1-16: serial ports
    # The document camera (高拍仪): a V4L2 device path such as /dev/video0, or an index;
    # empty: none (sandbox mode then plays the demo documents). The resolution asked of it
    # for captures (the preview is a downscale of the same stream).
    camera_device: str = ""
    camera_width: int = 2592
    camera_height: int = 1944
    # The SANE scanner (e.g. "epson2:libusb:001:004"); empty: ask when scanning.
    scanner_device: str = ""
    scanner_source: str = "flatbed"  # flatbed | adf | adf_duplex
    scan_resolution: int = 200
    # Captured pages are straightened to this resolution (dots per inch of the paper).
    capture_dpi: int = 200
    capture_enhancement: str = "document"  # colour | grey | document
    # Certificate desk: per printer and stock type ("printer|stock_type", calibration_key),
    # the correction printing.calibration.Calibration.to_dict() describes. Missing: the
    # printer prints as the template says. Read and written by workstation.calibrations.
    certificate_calibrations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def validated(self) -> Settings:
        """Raise ConfigError naming the first invalid value."""
        if self.server_url:
            parts = urlsplit(self.server_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError("server_url")
        if self.ca_bundle and not Path(self.ca_bundle).is_file():
            raise ConfigError("ca_bundle")
        if self.language not in LANGUAGES:
            raise ConfigError("language")
        if not 10 <= self.sync_interval_s <= 86400:
            raise ConfigError("sync_interval_s")
        if not 50 <= self.page_size <= 5000:
            raise ConfigError("page_size")
        if not 1 <= self.request_timeout_s <= 600:
            raise ConfigError("request_timeout_s")
        if not isinstance(self.upload_chunk_kb, int) or not 16 <= self.upload_chunk_kb <= 8192:
            raise ConfigError("upload_chunk_kb")
        if not isinstance(self.pending_warn_hours, int) or not 1 <= self.pending_warn_hours <= 720:
            raise ConfigError("pending_warn_hours")
        for key, low, high in (("upload_kbps", 0, 1_000_000), ("retention_days", 1, 3650),
                               ("min_free_mb", 0, 1_000_000)):
            value = getattr(self, key)
            if not isinstance(value, int) or not low <= value <= high \
                    or (key == "upload_kbps" and 0 < value < 8):
                raise ConfigError(key)
        if not isinstance(self.upload_window, str):
            raise ConfigError("upload_window")
        if self.upload_window:
            try:
                UploadWindow.parse(self.upload_window)
            except ValueError as exc:
                raise ConfigError("upload_window") from exc
        if not isinstance(self.upload_window_min_kb, int) \
                or not 0 <= self.upload_window_min_kb <= 1_000_000:
            raise ConfigError("upload_window_min_kb")
        if not isinstance(self.printers, dict) or any(
                kind not in DOCUMENT_TYPES or not _queue_name(queue)
                for kind, queue in self.printers.items()):
            raise ConfigError("printers")
        if not isinstance(self.card_reader, str) or len(self.card_reader) > 200:
            raise ConfigError("card_reader")
        for key in ("id_card_library", "id_card_decoder"):
            value = getattr(self, key)
            if not isinstance(value, str) or (value and not Path(value).is_absolute()):
                raise ConfigError(key)
        if not isinstance(self.id_card_port, int) or not (
                1 <= self.id_card_port <= 16 or 1001 <= self.id_card_port <= 1016):
            raise ConfigError("id_card_port")
        if not isinstance(self.camera_device, str) or len(self.camera_device) > 200:
            raise ConfigError("camera_device")
        for key in ("camera_width", "camera_height"):
            value = getattr(self, key)
            if not isinstance(value, int) or not 160 <= value <= 10000:
                raise ConfigError(key)
        if not isinstance(self.scanner_device, str) or len(self.scanner_device) > 200:
            raise ConfigError("scanner_device")
        if self.scanner_source not in SCANNER_SOURCES:
            raise ConfigError("scanner_source")
        for key in ("scan_resolution", "capture_dpi"):
            value = getattr(self, key)
            if not isinstance(value, int) or not 100 <= value <= 600:
                raise ConfigError(key)
        if self.capture_enhancement not in ENHANCEMENTS:
            raise ConfigError("capture_enhancement")
        if self.status_query_url:
            parts = urlsplit(self.status_query_url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError("status_query_url")
        if not isinstance(self.certificate_calibrations, dict) or any(
                _calibration_problem(key, value) is not None
                for key, value in self.certificate_calibrations.items()):
            raise ConfigError("certificate_calibrations")
        return self

    def upload_window_rule(self) -> UploadWindow | None:
        """The window large pages wait for, or None when they may go any time."""
        if not self.upload_window:
            return None
        return UploadWindow.parse(self.upload_window, self.upload_window_min_kb * 1024)


_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def load(path: Path) -> Settings:
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        return Settings()
    version = int(raw.pop("version", 1))
    while version < SETTINGS_VERSION:
        raw = _UPGRADES[version](raw)
        version += 1
    known = {f.name for f in fields(Settings)}
    settings = Settings()
    for key, value in raw.items():
        if key not in known:
            continue
        if key == "certificate_calibrations":
            value = _usable_calibrations(value)
        candidate = replace(settings, **{key: value})
        try:
            candidate.validated()
        except (ConfigError, TypeError):
            log.warning("setting %s has an invalid value; using the default", key)
            continue
        settings = candidate
    return settings


def _usable_calibrations(value: object) -> object:
    """The stored calibrations that are valid, each in its current form: one damaged (or
    written by a newer release) is dropped and logged, the others are kept, so a desk does
    not lose every printer's calibration to one bad entry."""
    if not isinstance(value, dict):
        return value  # refused whole by validated()
    usable: dict[str, dict[str, Any]] = {}
    for key, entry in value.items():
        problem = _calibration_problem(key, entry)
        if problem is not None:
            log.warning("certificate calibration %r is not usable (%s); dropped", key, problem)
            continue
        usable[key] = dict(Calibration.from_dict(entry).to_dict())
    return usable


def save(path: Path, settings: Settings) -> None:
    """Validate and write atomically (temp file + fsync + rename)."""
    settings.validated()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=2).encode(),
                     prefix=".settings-")
