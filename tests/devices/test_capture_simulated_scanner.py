"""The simulated scanner of sandbox mode: demo papers from the flatbed, the feeder and the
duplex feeder, with the SANE source's contract (callbacks, progress, cancel, errors), and
its pages taken by the real capture pipeline."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from devices.capture import pipeline, simulated_scanner
from devices.capture.demo import PAPERS
from devices.capture.scanner import (
    ColourMode,
    ScannerError,
    ScanResult,
    ScanSettings,
    Source,
)
from devices.capture.simulated_scanner import (
    BED_MM,
    FEEDER_STACK,
    MAX_DPI,
    SIMULATED_DEVICE,
    Sheet,
    SimulatedScanner,
)

DPI = 100  # small pages, quick tests


class Pages:
    """An on_page callback that keeps what it is given."""

    def __init__(self) -> None:
        self.images: list[np.ndarray] = []
        self.indices: list[int] = []

    def __call__(self, image: np.ndarray, index: int) -> None:
        self.images.append(image)
        self.indices.append(index)


def settings(source: Source = Source.FLATBED, mode: ColourMode = ColourMode.GREY,
             resolution: int = DPI) -> ScanSettings:
    return ScanSettings(SIMULATED_DEVICE, source, mode, resolution)


def quick(**options: object) -> SimulatedScanner:
    return SimulatedScanner(seconds_per_page=0.0, **options)  # type: ignore[arg-type]


def px(mm: float, dpi: int = DPI) -> int:
    return round(mm / 25.4 * dpi)


def processed(images: list[np.ndarray], dpi: int = DPI) -> list[pipeline.ProcessedPage]:
    """The pages as the capture dialog makes them from a scanner's (no quad: the whole
    picture is the page; straightened, checked, encoded)."""
    return [pipeline.process(image, None, enhancement=pipeline.Enhancement.DOCUMENT, dpi=dpi)
            for image in images]


def test_it_describes_itself_like_a_sane_device() -> None:
    scanner = quick()
    assert scanner.info.device == SIMULATED_DEVICE
    offered = scanner.capabilities()
    assert set(offered.sources) == set(Source)
    assert set(offered.modes) == set(ColourMode)
    assert offered.resolutions and max(offered.resolutions) <= MAX_DPI


def test_the_flatbed_gives_the_whole_glass_with_the_next_paper_each_time() -> None:
    scanner = quick()
    started: list[int] = []
    first, second = Pages(), Pages()
    assert scanner.scan(settings(), first, on_start=started.append) == ScanResult(1, DPI)
    assert scanner.scan(settings(), second) == ScanResult(1, DPI)
    assert started == [DPI] and first.indices == second.indices == [0]
    form, card = first.images[0], second.images[0]
    assert form.shape == card.shape == (px(BED_MM[1]), px(BED_MM[0]))  # the whole glass
    # The form fills the glass; the ID card (the stack's second paper) lies in the corner
    # against the guides, the white lid all round it.
    dark = card < 128
    rows, cols = np.nonzero(dark)
    assert rows.max() < px(60) and cols.max() < px(90)
    assert (form < 128)[px(150):].any()
    form_page, card_page = processed([form, card])
    assert not form_page.blank and not card_page.blank
    assert not form_page.quality.glare_warning and not card_page.quality.glare_warning


def test_the_feeder_takes_the_stack_with_the_missing_page_the_blurred_and_the_blank_one(
) -> None:
    scanner = quick()
    pages = Pages()
    result = scanner.scan(settings(Source.ADF), pages)
    assert result == ScanResult(len(FEEDER_STACK), DPI)
    assert pages.indices == list(range(len(FEEDER_STACK)))
    fronts = [sheet.front for sheet in FEEDER_STACK]
    assert fronts == ["application_form", "id_card_front", *PAPERS["lease_contract"],
                      "blurred", "blank"]
    margin = 2 * simulated_scanner._FEED_MARGIN_MM
    for key, image in zip(fronts, pages.images, strict=True):
        size = (86.0, 54.0) if key.startswith("id_card") else (210.0, 297.0)
        # Cut to the paper, a few millimetres round it for the skew.
        assert abs(image.shape[1] - px(size[0] + margin)) <= 2, key
        assert abs(image.shape[0] - px(size[1] + margin)) <= 2, key
    made = processed(pages.images)
    assert [page.blank for page in made] == [key == "blank" for key in fronts]
    assert [page.quality.blurred for page in made] == [key == "blurred" for key in fronts]
    assert not any(page.quality.glare_warning for page in made)  # a scanner has no glare
    # Fed a little askew; the pipeline straightens the pages with lines of text.
    assert all(abs(page.skew) <= 1.5 for page in made)
    assert any(abs(page.skew) >= 0.2 for page in made)


def test_the_duplex_feeder_gives_fronts_and_backs() -> None:
    scanner = quick()
    pages = Pages()
    assert scanner.scan(settings(Source.ADF_DUPLEX), pages).pages == 2 * len(FEEDER_STACK)
    made = processed(pages.images)
    expected_blank: list[bool] = []
    for sheet in FEEDER_STACK:
        expected_blank += [sheet.front == "blank", sheet.back is None]  # one-sided: blank
    assert [page.blank for page in made] == expected_blank
    assert not any(page.quality.glare_warning for page in made)
    card_front, card_back = pages.images[2:4]
    assert card_front.shape == card_back.shape
    assert not np.array_equal(card_front < 128, card_back < 128)


@pytest.mark.parametrize("mode", list(ColourMode))
def test_colour_grey_and_line_art(mode: ColourMode) -> None:
    pages = Pages()
    quick().scan(settings(mode=mode), pages)
    (image,) = pages.images
    assert image.dtype == np.uint8
    if mode is ColourMode.COLOUR:
        assert image.ndim == 3 and image.shape[2] == 3
        # The red sample stamp is there in colour.
        red = (image[:, :, 2] > 150) & (image[:, :, 1] < 140)
        assert red.any()
    else:
        assert image.ndim == 2
    if mode is ColourMode.LINEART:
        assert set(np.unique(image).tolist()) == {0, 255}


def test_the_resolution_in_effect_is_told_like_a_driver_rounding_it() -> None:
    pages, started = Pages(), []
    result = quick().scan(settings(resolution=1200), pages, on_start=started.append)
    assert started == [MAX_DPI] and result.dpi == MAX_DPI
    assert pages.images[0].shape[:2] == (px(BED_MM[1], MAX_DPI), px(BED_MM[0], MAX_DPI))


def test_progress_comes_in_bands_and_each_page_takes_its_time() -> None:
    slept: list[float] = []
    scanner = SimulatedScanner(seconds_per_page=2.0, bands=4, sleep=slept.append,
                               stack=[Sheet("table"), Sheet("blank")])
    events: list[object] = []
    scanner.scan(settings(Source.ADF), lambda _, i: events.append(f"page {i}"),
                 on_progress=events.append)
    assert events == [0.25, 0.5, 0.75, 1.0, "page 0", 0.25, 0.5, 0.75, 1.0, "page 1"]
    assert slept == [0.5] * 8  # two seconds a page, as a real one takes


def test_cancel_between_pages_keeps_what_was_delivered() -> None:
    cancel = threading.Event()
    pages = Pages()

    def on_page(image: np.ndarray, index: int) -> None:
        pages(image, index)
        if index == 1:
            cancel.set()

    with pytest.raises(ScannerError) as caught:
        quick().scan(settings(Source.ADF), on_page, cancel)
    assert caught.value.code == "scanner.cancelled"
    assert caught.value.pages_done == 2 and caught.value.dpi == DPI
    assert pages.indices == [0, 1]


def test_cancel_from_another_thread_stops_the_page_being_read() -> None:
    """The capture dialog's Stop button sets the event on the main thread while the scan
    runs on a job thread: the scan stops within the page it reads."""
    reading_third = threading.Event()
    resume = threading.Event()
    calls = [0]

    def sleep(_: float) -> None:
        calls[0] += 1
        if calls[0] == 2 * 4 + 2:  # halfway through the third page
            reading_third.set()
            resume.wait(20)

    scanner = SimulatedScanner(seconds_per_page=0.0, bands=4, sleep=sleep)
    cancel = threading.Event()
    pages = Pages()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            scanner.scan(settings(Source.ADF), pages, cancel)
        except BaseException as exc:  # noqa: BLE001 - examined below
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert reading_third.wait(20)
    cancel.set()
    resume.set()
    worker.join(20)
    assert not worker.is_alive()
    [error] = failure
    assert isinstance(error, ScannerError) and error.code == "scanner.cancelled"
    assert error.pages_done == 2 == len(pages.images)


def test_a_second_scan_meanwhile_is_told_the_scanner_is_busy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(simulated_scanner, "LOCK_TIMEOUT", 0.05)
    holding, release = threading.Event(), threading.Event()

    def sleep(_: float) -> None:
        holding.set()
        release.wait(20)

    scanner = SimulatedScanner(seconds_per_page=0.0, bands=1, sleep=sleep)
    worker = threading.Thread(target=lambda: scanner.scan(settings(), Pages()))
    worker.start()
    try:
        assert holding.wait(20)
        with pytest.raises(ScannerError) as caught:
            scanner.scan(settings(), Pages())
        assert caught.value.code == "scanner.busy"
    finally:
        release.set()
        worker.join(20)
    assert scanner.scan(settings(), Pages()).pages == 1  # free again


def test_a_failing_callback_stops_the_scan_and_frees_the_scanner() -> None:
    scanner = quick()

    def broken(_: np.ndarray, __: int) -> None:
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        scanner.scan(settings(Source.ADF), broken)
    assert scanner.scan(settings(), Pages()).pages == 1


@pytest.mark.parametrize(("change", "code"), [
    (lambda s: ScanSettings("test:0", s.source, s.mode, s.resolution), "scanner.not_found"),
    (lambda s: ScanSettings(s.device, s.source, s.mode, s.resolution,
                            extra_options={"read-delay": True}), "scanner.failed"),
])
def test_what_it_does_not_know_is_refused_like_sane_refuses_it(
    change: Callable[[ScanSettings], ScanSettings], code: str
) -> None:
    with pytest.raises(ScannerError) as caught:
        quick().scan(change(settings()), Pages())
    assert caught.value.code == code and caught.value.pages_done == 0


def test_nonsense_is_refused() -> None:
    with pytest.raises(ValueError, match="stack"):
        SimulatedScanner(stack=[])
    with pytest.raises(ValueError, match="demo document"):
        SimulatedScanner(stack=[Sheet("lease_contract_p2")])
    with pytest.raises(ValueError, match="bands"):
        SimulatedScanner(bands=0)
