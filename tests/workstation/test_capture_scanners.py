"""The workstation's scanners: SANE's everywhere, and in sandbox mode the simulated scanner
too, whose pages take the real path after the device (pipeline, sealed storage, a draft)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from devices.capture import pipeline
from devices.capture.scanner import ColourMode, ScannerError, ScanSettings, Source
from devices.capture.simulated_scanner import FEEDER_STACK, SIMULATED_DEVICE, SimulatedScanner
from tests.devices.test_capture_scanner import (  # noqa: F401 (fixtures)
    BACKEND_DEFAULTS,
    _scanner_takes_a_moment_to_start,
    backend,
)
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

DPI = 100


def opened(tmp_path: Path, mode: Mode) -> Iterator[Workstation]:
    ws = Workstation(paths_for(mode, tmp_path / "data"), server_url="",
                     vault=FileVault(tmp_path / "vault.json"))
    yield ws
    ws.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Workstation]:
    yield from opened(tmp_path, Mode.SANDBOX)


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Workstation]:
    yield from opened(tmp_path, Mode.PRODUCTION)


@pytest.fixture
def no_sane(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine without python-sane: importing it fails."""
    monkeypatch.setitem(sys.modules, "sane", None)


def simulated(source: Source = Source.ADF) -> ScanSettings:
    return ScanSettings(SIMULATED_DEVICE, source, ColourMode.GREY, DPI)


@pytest.mark.usefixtures("backend")
def test_sandbox_mode_offers_the_simulated_scanner_first_and_the_real_ones_too(
    sandbox: Workstation,
) -> None:
    devices = [info.device for info in sandbox.scanners()]
    assert devices == [SIMULATED_DEVICE, "test:0", "test:1"]
    assert set(sandbox.scanner_capabilities(SIMULATED_DEVICE).sources) == set(Source)
    # A real scanner still scans in sandbox mode.
    pages: list[np.ndarray] = []
    result = sandbox.scan(ScanSettings("test:0", Source.FLATBED, ColourMode.GREY, 50,
                                       extra_options=BACKEND_DEFAULTS),
                          lambda image, _: pages.append(image))
    assert result.pages == len(pages) == 1


@pytest.mark.usefixtures("no_sane")
def test_sandbox_mode_without_sane_still_has_the_simulated_scanner(
    sandbox: Workstation, production: Workstation
) -> None:
    assert [info.device for info in sandbox.scanners()] == [SIMULATED_DEVICE]
    with pytest.raises(ScannerError) as caught:
        production.scanners()
    assert caught.value.code == "scanner.unavailable"


@pytest.mark.usefixtures("backend")
def test_production_never_lists_or_scans_with_the_simulated_scanner(
    production: Workstation,
) -> None:
    assert [info.device for info in production.scanners()] == ["test:0", "test:1"]
    for attempt in (lambda: production.scan(simulated(), lambda *_: None),
                    lambda: production.scanner_capabilities(SIMULATED_DEVICE)):
        with pytest.raises(ScannerError) as caught:
            attempt()
        assert caught.value.code == "scanner.not_found"
    assert production.simulated_scanner is None


def test_simulated_pages_are_stored_sealed_like_any_scan(sandbox: Workstation) -> None:
    sandbox.simulated_scanner = SimulatedScanner(seconds_per_page=0.0)
    stored = []

    def on_page(image: np.ndarray, _: int) -> None:
        page = pipeline.process(image, None, enhancement=pipeline.Enhancement.DOCUMENT,
                                dpi=DPI)
        encoded = page.encoded
        stored.append((encoded.data, sandbox.store_page(
            encoded.data, encoded.media_type, width=encoded.width, height=encoded.height,
            dpi=encoded.dpi, blank=page.blank,
            warnings=["blurred"] if page.quality.blurred else [])))

    progress: list[float] = []
    result = sandbox.scan(simulated(), on_page, on_progress=progress.append)
    assert result.pages == len(stored) == len(FEEDER_STACK)
    assert progress.count(1.0) == len(FEEDER_STACK)
    fronts = [sheet.front for sheet in FEEDER_STACK]
    assert [page.blank for _, page in stored] == [key == "blank" for key in fronts]
    assert [page.warnings for _, page in stored] == [
        ["blurred"] if key == "blurred" else [] for key in fronts]
    files = [p for p in sandbox.store.attachments.root.rglob("*") if p.is_file()]
    assert len(files) >= len(stored)
    for data, page in stored:
        assert sandbox.page_bytes(page.sha256) == data
        assert all(data not in f.read_bytes() for f in files)  # sealed on the disk
