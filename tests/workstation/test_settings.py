"""Typed settings: saved atomically, invalid values fall back to defaults one by one."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

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
