"""The SANE scanner source against SANE's real `test` backend (virtual devices test:0/test:1).

SANE reads its configuration once, at the first sane_init() of the process, so
SANE_CONFIG_DIR is set by tests/conftest.py; tests/devices/sane/dll.conf enables only the
`test` backend (no network probing). Low resolutions keep the pages small.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from devices.capture import scanner
from devices.capture.scanner import (
    Capabilities,
    ColourMode,
    ScannerError,
    ScanResult,
    ScanSettings,
    Source,
    capabilities,
    scan,
    scanners,
)
from tests.system.services import require

REPO = Path(__file__).resolve().parents[2]
DEVICE = "test:0"
DPI = 50
# The test backend's default scan area: 80 x 100 mm.
AREA_MM = (80.0, 100.0)
FEEDER_PAGES = 10  # the test backend's feeder is empty after 10 scans
START_LATENCY = 0.02  # seconds; see _scanner_takes_a_moment_to_start
# The test backend keeps option values across sane_close: every scan sets these again, so no
# test inherits another's forced error or slow reads.
BACKEND_DEFAULTS: dict[str, object] = {
    "read-return-value": "Default",
    "test-picture": "Solid black",
    "read-limit": False,
    "read-delay": False,
}


def _sane_import_problem() -> str:
    try:
        import sane  # noqa: F401
    except ImportError as exc:
        return (
            f"python-sane cannot be imported ({exc}): install libsane-dev and "
            "`pip install -e .[scanner]`"
        )
    return ""


@pytest.fixture(autouse=True)
def _scanner_takes_a_moment_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give the test backend's reader thread time to finish after each sane_start.

    The test backend stops its reader thread with an asynchronous pthread_cancel. Its forced
    read errors come back microseconds after sane_start, while that thread may be inside
    malloc; cancelled there, it leaves the allocator locked and a later scan deadlocks (about
    one forced error in a thousand). A real scanner never answers that fast, so each start
    here takes a few milliseconds, as a device's would; everything else stays real.
    """
    try:
        import sane
    except ImportError:
        return
    start = sane.SaneDev.start

    def slower_start(dev: object) -> None:
        start(dev)
        time.sleep(START_LATENCY)

    monkeypatch.setattr(sane.SaneDev, "start", slower_start)


@pytest.fixture
def backend() -> None:
    """python-sane importable and the SANE test backend visible; else skip (CI: fail)."""
    problem = _sane_import_problem()
    require(not problem, problem)
    devices = {info.device for info in scanners()}
    require(
        DEVICE in devices,
        f"the SANE test backend is not visible with SANE_CONFIG_DIR="
        f"{os.environ['SANE_CONFIG_DIR']} (found {sorted(devices)}); it ships with libsane1",
    )


class Pages:
    """An on_page callback that keeps what it is given."""

    def __init__(self) -> None:
        self.images: list[np.ndarray] = []
        self.indices: list[int] = []

    def __call__(self, image: np.ndarray, index: int) -> None:
        self.images.append(image)
        self.indices.append(index)


def settings(
    source: Source = Source.FLATBED,
    mode: ColourMode = ColourMode.GREY,
    **extra: object,
) -> ScanSettings:
    options = {name.replace("_", "-"): value for name, value in extra.items()}
    return ScanSettings(DEVICE, source, mode, DPI, extra_options={**BACKEND_DEFAULTS, **options})


def expected_size(dpi: int) -> tuple[int, int]:
    """(height, width) in pixels of the default area at ``dpi``."""
    width_mm, height_mm = AREA_MM
    return int(height_mm / 25.4 * dpi), int(width_mm / 25.4 * dpi)


def assert_size(image: np.ndarray, dpi: int) -> None:
    height, width = expected_size(dpi)
    assert abs(image.shape[0] - height) <= 1 and abs(image.shape[1] - width) <= 1, image.shape


# --------------------------------------------------------------------------------------------
# devices and capabilities


@pytest.mark.usefixtures("backend")
def test_scanners_lists_the_virtual_devices() -> None:
    found = {info.device: info for info in scanners()}
    assert {"test:0", "test:1"} <= found.keys()
    info = found["test:0"]
    assert (info.vendor, info.model, info.kind) == ("Noname", "frontend-tester", "virtual device")


@pytest.mark.usefixtures("backend")
def test_capabilities_of_the_test_backend() -> None:
    # Flatbed | Automatic Document Feeder; Gray | Color, plus lineart as 1-bit grey;
    # resolution 1..1200 dpi, so all standard resolutions.
    assert capabilities(DEVICE) == Capabilities(
        sources=(Source.FLATBED, Source.ADF),
        modes=(ColourMode.COLOUR, ColourMode.GREY, ColourMode.LINEART),
        resolutions=(150, 200, 300, 600),
    )


# --------------------------------------------------------------------------------------------
# scanning


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("dpi", [50, 75])
def test_flatbed_scan_gives_one_page_at_true_size(dpi: int) -> None:
    pages = Pages()
    progress: list[float] = []
    started: list[tuple[int, int]] = []
    result = scan(
        ScanSettings(DEVICE, resolution=dpi, mode=ColourMode.GREY),
        pages,
        on_progress=progress.append,
        on_start=lambda granted: started.append((granted, len(pages.indices))),
    )
    assert result == ScanResult(pages=1, dpi=dpi)
    assert started == [(dpi, 0)]  # told the resolution before the first page
    assert pages.indices == [0]
    (image,) = pages.images
    assert image.dtype == np.uint8 and image.ndim == 2
    assert_size(image, dpi)
    assert progress == sorted(progress) and progress[-1] == 1.0 and len(progress) <= 101


@pytest.mark.usefixtures("backend")
def test_colour_pages_are_bgr() -> None:
    # "Color pattern" in colour mode draws stripes of pure red, green, blue from the top.
    pages = Pages()
    scan(settings(mode=ColourMode.COLOUR, test_picture="Color pattern"), pages)
    (image,) = pages.images
    assert image.dtype == np.uint8 and image.shape[2] == 3
    assert_size(image, DPI)
    column = image[:, 3, :].astype(int)
    saturated = [int(np.argmax(px)) for px in column if px.max() - px.min() > 200]
    bands = [c for i, c in enumerate(saturated) if i == 0 or saturated[i - 1] != c]
    assert bands[:3] == [2, 1, 0]  # red, green, blue in BGR order


@pytest.mark.usefixtures("backend")
def test_lineart_is_grey_with_only_black_and_white() -> None:
    pages = Pages()
    scan(settings(mode=ColourMode.LINEART, test_picture="Grid"), pages)
    (image,) = pages.images
    assert image.dtype == np.uint8 and image.ndim == 2
    assert_size(image, DPI)
    assert set(np.unique(image).tolist()) == {0, 255}


@pytest.mark.usefixtures("backend")
def test_sixteen_bit_grey_arrives_as_eight_bit() -> None:
    pages = Pages()
    scan(settings(depth=16, test_picture="Solid white"), pages)
    (image,) = pages.images
    assert image.dtype == np.uint8 and image.ndim == 2
    assert int(image.min()) == 255


@pytest.mark.usefixtures("backend")
def test_adf_batch_runs_until_the_feeder_is_empty() -> None:
    pages = Pages()
    result = scan(settings(Source.ADF), pages)
    assert result == ScanResult(pages=FEEDER_PAGES, dpi=DPI)
    assert pages.indices == list(range(FEEDER_PAGES))
    for image in pages.images:
        assert_size(image, DPI)


@pytest.mark.usefixtures("backend")
def test_a_source_the_device_lacks_is_refused() -> None:
    with pytest.raises(ScannerError) as caught:
        scan(settings(Source.ADF_DUPLEX), Pages())
    assert caught.value.code == "scanner.failed" and "adf_duplex" in caught.value.detail


@pytest.mark.usefixtures("backend")
def test_an_unknown_driver_option_is_refused() -> None:
    with pytest.raises(ScannerError) as caught:
        scan(settings(no_such_option=1), Pages())
    assert caught.value.code == "scanner.failed" and "no-such-option" in caught.value.detail


# --------------------------------------------------------------------------------------------
# driver errors


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("SANE_STATUS_JAMMED", "scanner.jammed"),
        ("SANE_STATUS_COVER_OPEN", "scanner.cover_open"),
        ("SANE_STATUS_DEVICE_BUSY", "scanner.busy"),
        ("SANE_STATUS_IO_ERROR", "scanner.io_error"),
        ("SANE_STATUS_NO_MEM", "scanner.no_mem"),
        ("SANE_STATUS_ACCESS_DENIED", "scanner.access_denied"),
        ("SANE_STATUS_CANCELLED", "scanner.cancelled"),
        ("SANE_STATUS_NO_DOCS", "scanner.no_docs"),
        ("SANE_STATUS_INVAL", "scanner.failed"),
        ("SANE_STATUS_UNSUPPORTED", "scanner.failed"),
    ],
)
@pytest.mark.parametrize("source", [Source.FLATBED, Source.ADF])
def test_a_read_error_before_the_first_page(source: Source, status: str, code: str) -> None:
    pages = Pages()
    with pytest.raises(ScannerError) as caught:
        scan(settings(source, read_return_value=status), pages)
    assert caught.value.code == code
    assert caught.value.pages_done == 0 and pages.images == []
    if code == "scanner.failed":
        assert caught.value.detail  # the driver's text, for support staff


@pytest.mark.usefixtures("backend")
def test_the_device_is_closed_after_a_failure() -> None:
    with pytest.raises(ScannerError, match="jammed"):
        scan(settings(read_return_value="SANE_STATUS_JAMMED"), Pages())
    # The test backend refuses a second open ("Device busy"): this proves the first closed.
    pages = Pages()
    assert scan(settings(), pages).pages == 1


@pytest.mark.usefixtures("backend")
def test_a_device_held_elsewhere_is_busy() -> None:
    import sane

    held = sane.open(DEVICE)
    try:
        with pytest.raises(ScannerError) as caught:
            scan(settings(), Pages())
        assert caught.value.code == "scanner.busy"
    finally:
        held.close()


@pytest.mark.usefixtures("backend")
def test_a_jam_after_two_pages_keeps_them() -> None:
    """The feeder jams while the third sheet is read: two pages delivered, the count known.

    Uses the module's own steps so the test can switch the backend's read status between
    sheets, which the test backend allows mid-batch.
    """
    api = scanner._load()
    pages: list[int] = []
    with scanner._locked(), scanner._opened(api, DEVICE) as dev:
        dpi = scanner._configure(api, dev, settings(Source.ADF))

        def on_page(image: np.ndarray, index: int) -> None:
            assert_size(image, dpi)
            pages.append(index)
            if index == 1:
                scanner._set_option(api, dev, "read-return-value", "SANE_STATUS_JAMMED")

        with pytest.raises(ScannerError) as caught:
            scanner._feed(
                api, dev, adf=True, dpi=dpi, on_page=on_page, cancel=None, on_progress=None
            )
    assert pages == [0, 1]
    error = caught.value
    assert (error.code, error.pages_done, error.dpi) == ("scanner.jammed", 2, DPI)


# --------------------------------------------------------------------------------------------
# cancellation and callbacks


@pytest.mark.usefixtures("backend")
def test_cancel_mid_batch_from_another_thread() -> None:
    # Each sheet takes ~0.1 s, as from a real feeder; the clerk cancels after two. (Slow reads
    # only here: combined with a forced read error they can hang the test backend's cancel.)
    slow = settings(
        Source.ADF,
        read_limit=True,
        read_limit_size=4096,
        read_delay=True,
        read_delay_duration=100_000,
    )
    cancel = threading.Event()
    two_pages = threading.Event()
    pages = Pages()
    outcome: list[BaseException | ScanResult] = []

    def on_page(image: np.ndarray, index: int) -> None:
        pages(image, index)
        if index == 1:
            two_pages.set()

    def worker() -> None:
        try:
            outcome.append(scan(slow, on_page, cancel))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=worker, name="scan-worker")
    thread.start()
    try:
        assert two_pages.wait(30), f"two pages were not scanned in time: {outcome}"
    finally:
        cancel.set()
        thread.join(30)
    assert not thread.is_alive(), "the scan did not stop after cancel"
    (error,) = outcome
    assert isinstance(error, ScannerError) and error.code == "scanner.cancelled"
    assert 2 <= error.pages_done < FEEDER_PAGES
    assert pages.indices == list(range(error.pages_done))
    assert error.dpi == DPI


@pytest.mark.usefixtures("backend")
def test_cancel_mid_page_stops_the_read_and_delivers_nothing() -> None:
    cancel = threading.Event()
    seen: list[float] = []

    def on_progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction >= 0.5:
            cancel.set()

    pages = Pages()
    with pytest.raises(ScannerError) as caught:
        scan(settings(Source.ADF), pages, cancel, on_progress)
    assert caught.value.code == "scanner.cancelled" and caught.value.pages_done == 0
    assert pages.images == []
    assert 0.5 <= max(seen) < 0.6  # reading stopped right after the cancel
    assert scan(settings(), Pages()).pages == 1  # and the device was released


@pytest.mark.usefixtures("backend")
def test_cancel_before_start_scans_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    pages = Pages()
    with pytest.raises(ScannerError) as caught:
        scan(settings(), pages, cancel)
    assert caught.value.code == "scanner.cancelled" and pages.images == []


@pytest.mark.usefixtures("backend")
def test_a_failing_progress_callback_propagates_without_crashing() -> None:
    # python-sane would crash on an exception raised inside its progress callback.
    def on_progress(fraction: float) -> None:
        if fraction > 0.2:
            raise RuntimeError("progress broke")

    pages = Pages()
    with pytest.raises(RuntimeError, match="progress broke"):
        scan(settings(), pages, on_progress=on_progress)
    assert pages.images == []
    assert scan(settings(), Pages()).pages == 1


@pytest.mark.usefixtures("backend")
def test_a_failing_page_callback_propagates_and_releases_the_device() -> None:
    def on_page(image: np.ndarray, index: int) -> None:
        raise ValueError("storage full")

    with pytest.raises(ValueError, match="storage full"):
        scan(settings(Source.ADF), on_page)
    assert scan(settings(), Pages()).pages == 1


@pytest.mark.usefixtures("backend")
def test_a_second_caller_gets_busy_instead_of_waiting_forever(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scanner, "LOCK_TIMEOUT", 0.1)
    holding, release = threading.Event(), threading.Event()

    def other_scan() -> None:  # stands in for a long batch on another worker thread
        with scanner._locked():
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=other_scan, name="long-batch")
    thread.start()
    try:
        assert holding.wait(30)
        with pytest.raises(ScannerError) as caught:
            capabilities(DEVICE)
        assert caught.value.code == "scanner.busy"
    finally:
        release.set()
        thread.join(30)
    assert capabilities(DEVICE).sources  # free again


# --------------------------------------------------------------------------------------------
# missing devices, missing SANE


@pytest.mark.usefixtures("backend")
@pytest.mark.parametrize("device", ["test:7", "nosuchbackend:0", ""])
def test_an_unknown_device_is_not_found(device: str) -> None:
    with pytest.raises(ScannerError) as caught:
        scan(ScanSettings(device, resolution=DPI), Pages())
    assert caught.value.code == "scanner.not_found"
    with pytest.raises(ScannerError) as caught:
        capabilities(device)
    assert caught.value.code == "scanner.not_found"


def test_without_python_sane_every_call_says_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sane", None)  # makes `import sane` fail
    for call in (scanners, lambda: capabilities(DEVICE), lambda: scan(settings(), Pages())):
        with pytest.raises(ScannerError) as caught:
            call()
        assert caught.value.code == "scanner.unavailable"
        assert "python-sane" in caught.value.detail


def test_the_module_imports_without_python_sane() -> None:
    code = (
        "import sys; sys.modules['sane'] = None\n"
        "from devices.capture import scanner\n"
        "try:\n"
        "    scanner.scanners()\n"
        "except scanner.ScannerError as exc:\n"
        "    print(exc.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "scanner.unavailable"


# --------------------------------------------------------------------------------------------
# names other drivers use


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("Flatbed", Source.FLATBED),
        ("FlatBed", Source.FLATBED),
        ("Document Table", Source.FLATBED),
        ("Automatic Document Feeder", Source.ADF),
        ("ADF", Source.ADF),
        ("ADF Front", Source.ADF),
        ("adf front", Source.ADF),
        ("ADF Duplex", Source.ADF_DUPLEX),
        ("Duplex", Source.ADF_DUPLEX),
        ("ADF Back", None),
        ("Transparency Adapter", None),
    ],
)
def test_driver_source_names(name: str, source: Source | None) -> None:
    assert scanner._source_of(name) == source


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        ("Color", ColourMode.COLOUR),
        ("COLOR", ColourMode.COLOUR),
        ("24bit Color", ColourMode.COLOUR),
        ("Gray", ColourMode.GREY),
        ("Grayscale", ColourMode.GREY),
        ("grey", ColourMode.GREY),
        ("Lineart", ColourMode.LINEART),
        ("lineart", ColourMode.LINEART),
        ("Black & White", ColourMode.LINEART),
        ("Binary", ColourMode.LINEART),
        ("Halftone", None),
    ],
)
def test_driver_mode_names(name: str, mode: ColourMode | None) -> None:
    assert scanner._mode_of(name) == mode


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("Document feeder jammed", "scanner.jammed"),
        ("Operation was canceled", "scanner.cancelled"),
        ("Operation was cancelled", "scanner.cancelled"),
        ("Paper jam", "scanner.jammed"),
        ("Lamp not ready, please retry", "scanner.failed"),
        ("Invalid argument", "scanner.failed"),
    ],
)
def test_status_texts(status: str, code: str) -> None:
    assert scanner._code_for(status) == code


@pytest.mark.parametrize(
    ("constraint", "resolutions"),
    [
        ((1.0, 1200.0, 1.0), (150, 200, 300, 600)),
        ((75, 600, 75), (150, 300, 600)),
        ((50.0, 300.0, 0.0), (150, 200, 300)),
        ([75, 150, 300, 600, 1200], (150, 300, 600)),
        ([100, 400], (100,)),
        ((400, 4800, 400), (400,)),
    ],
)
def test_resolutions_offered(
    constraint: tuple[float, float, float] | list[int], resolutions: tuple[int, ...]
) -> None:
    option = SimpleNamespace(constraint=constraint)
    assert scanner._allowed_resolutions(option) == resolutions
