"""Typed settings: saved atomically, invalid values fall back to defaults one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from workstation import settings as settings_io
from workstation.errors import ConfigError
from workstation.settings import Settings


def test_defaults_are_valid_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert settings_io.load(path) == Settings()
    chosen = replace(Settings(), camera_device="/dev/video2", camera_width=4208,
                     camera_height=3120, scanner_device="test:0", scanner_source="adf",
                     scan_resolution=300, capture_dpi=300, capture_enhancement="colour")
    settings_io.save(path, chosen)
    assert settings_io.load(path) == chosen
    assert json.loads(path.read_text("utf-8"))["version"] == settings_io.SETTINGS_VERSION
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temp file left


@pytest.mark.parametrize(("key", "value"), [
    ("camera_width", 50), ("camera_height", "1080"), ("scanner_source", "tray"),
    ("scan_resolution", 1200), ("capture_dpi", 72), ("capture_enhancement", "sepia"),
    ("camera_device", 5), ("upload_chunk_kb", 8), ("upload_chunk_kb", 100_000),
])
def test_an_invalid_capture_setting_is_refused_and_falls_back(
    tmp_path: Path, key: str, value: object
) -> None:
    with pytest.raises(ConfigError) as refused:
        replace(Settings(), **{key: value}).validated()
    assert str(refused.value) == key
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, key: value, "sync_interval_s": 300}), "utf-8")
    loaded = settings_io.load(path)
    assert getattr(loaded, key) == getattr(Settings(), key)
    assert loaded.sync_interval_s == 300  # the other values are kept


def test_an_unreadable_file_gives_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json", "utf-8")
    assert settings_io.load(path) == Settings()


def test_the_capture_choices_are_the_devices_own() -> None:
    """Settings name them without importing the image stack at start-up; they must stay
    the values devices.capture understands."""
    from devices.capture.pipeline import Enhancement
    from devices.capture.scanner import Source

    assert tuple(e.value for e in Enhancement) == settings_io.ENHANCEMENTS
    assert tuple(s.value for s in Source) == settings_io.SCANNER_SOURCES


# -- certificate calibrations (per printer and stock type) -------------------------------------

def calibration(printer: str = "Desk-HP", stock_type: str = "permit_a4_landscape",
                **values: float) -> dict[str, Any]:
    from printing.calibration import Calibration

    return dict(Calibration(printer, stock_type, **values).to_dict())


def test_certificate_calibrations_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    stored = {
        "Desk-HP|permit_a4_landscape": calibration(dx_mm=1.5, dy_mm=-0.8, sx=1.01),
        "Desk-HP|business_licence_a3": calibration(stock_type="business_licence_a3",
                                                   sy=0.995),
        "3号窗口|permit_a4_landscape": calibration(printer="3号窗口", dx_mm=-2),
    }
    chosen = replace(Settings(), certificate_calibrations=stored)
    settings_io.save(path, chosen)
    assert settings_io.load(path) == chosen
    assert settings_io.load(path).certificate_calibrations[
        "Desk-HP|permit_a4_landscape"]["sx"] == 1.01


def test_a_settings_file_from_before_calibrations_loads_without_any(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "en"}), "utf-8")
    loaded = settings_io.load(path)
    assert loaded.certificate_calibrations == {}
    assert loaded.language == "en"


@pytest.mark.parametrize("stored", [
    [],
    {"Desk-HP|permit_a4_landscape": "dx=1"},
    {"Desk-HP|permit_a4_landscape": calibration() | {"dx_mm": 25.0}},  # too far for a printer
    {"Desk-HP|permit_a4_landscape": calibration(sx=1.01) | {"sx": "1.01"}},
    {"Desk-HP|permit_a4_landscape": calibration() | {"version": 2}},
    {"Desk-HP|permit_a4_landscape": {k: v for k, v in calibration().items() if k != "sy"}},
    {"Other|permit_a4_landscape": calibration()},  # the key names another printer
    {"Desk-HP": calibration()},
    {"Desk HP|permit_a4_landscape": calibration(printer="Desk HP")},  # not a queue name
])
def test_an_invalid_calibration_is_refused(stored: object) -> None:
    with pytest.raises(ConfigError) as refused:
        replace(Settings(), certificate_calibrations=stored).validated()  # type: ignore[arg-type]
    assert str(refused.value) == "certificate_calibrations"


def test_one_damaged_calibration_does_not_lose_the_others(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    good = calibration(dx_mm=0.5, dy_mm=1.25, sx=0.998, sy=1.002)
    other = calibration(printer="Spare", stock_type="registration_260x185")
    path.write_text(json.dumps({"version": 1, "sync_interval_s": 300,
                                "certificate_calibrations": {
                                    "Desk-HP|permit_a4_landscape": good,
                                    "Desk-HP|business_licence_a3": calibration(
                                        stock_type="business_licence_a3") | {"sx": 2.0},
                                    "Spare|registration_260x185": other,
                                    "Spare|permit_a4_landscape": None}}), "utf-8")
    loaded = settings_io.load(path)
    assert loaded.certificate_calibrations == {"Desk-HP|permit_a4_landscape": good,
                                               "Spare|registration_260x185": other}
    assert loaded.sync_interval_s == 300
    # Not a dict at all: the setting falls back to "none", the others stay.
    path.write_text(json.dumps({"version": 1, "sync_interval_s": 300,
                                "certificate_calibrations": ["Desk-HP"]}), "utf-8")
    loaded = settings_io.load(path)
    assert loaded.certificate_calibrations == {} and loaded.sync_interval_s == 300
