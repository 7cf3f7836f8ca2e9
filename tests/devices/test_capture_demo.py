"""Demo documents and the simulated document camera of sandbox mode."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from devices.capture import demo, pipeline
from devices.capture.camera import CameraEvent, CameraMonitor, Captured, Stopped
from devices.capture.demo import (
    DOCUMENT_KEYS,
    PAPERS,
    SimulatedCamera,
    SimulatedScene,
    cjk_font_path,
    demo_document,
    paste_page,
    sheets_of,
)
from devices.capture.pages import A4_MM, ID1_MM, Quad, detect_page
from devices.capture.steady import SteadyTracker

MAX_CORNER_ERROR = 0.02

EXPECTED_SHAPES = {
    "application_form": (1169, 827, 3),  # A4 portrait at 100 dpi
    "table": (1169, 827, 3),
    "id_card_front": (540, 856, 3),  # ID-1 at 10 px/mm
    "id_card_back": (540, 856, 3),
    "business_licence": (827, 1169, 3),  # A4 landscape
    "blurred": (1169, 827, 3),
    "blank": (1169, 827, 3),
    "lease_contract_p1": (1169, 827, 3),
    "lease_contract_p3": (1169, 827, 3),
}


def corner_error(quad: Quad, truth: np.ndarray) -> float:
    diagonal = Quad.from_array(truth).diagonal()
    return float(np.linalg.norm(quad.as_array() - truth, axis=1).max() / diagonal)


@pytest.mark.parametrize("key", DOCUMENT_KEYS)
def test_documents_render_at_their_paper_size(key: str) -> None:
    doc = demo_document(key)
    assert doc.key == key and doc.title
    assert doc.image.shape == EXPECTED_SHAPES[key]
    assert doc.image.dtype == np.uint8
    h, w = doc.image.shape[:2]
    width_mm, height_mm = doc.size_mm
    assert w / h == pytest.approx(width_mm / height_mm, rel=0.01)
    assert doc.size_mm in (A4_MM, (A4_MM[1], A4_MM[0]), ID1_MM)
    if doc.size_mm == ID1_MM:
        assert doc.alpha is not None and doc.alpha.shape == (h, w)
        assert doc.alpha[0, 0] == 0 and doc.alpha[h // 2, w // 2] == 255  # rounded corners
    else:
        assert doc.alpha is None
    assert demo_document(key) is doc  # drawn once
    with pytest.raises(ValueError, match="read-only"):
        doc.image[0, 0] = 0  # shared: nobody may draw on it


def test_documents_look_like_what_they_are() -> None:
    ink = {key: float((demo_document(key).image < 128).mean()) for key in DOCUMENT_KEYS}
    assert ink["blank"] == 0.0
    for key in ("application_form", "table", "business_licence", "id_card_front"):
        assert ink[key] > 0.01, key  # text and rules
    sharpness = {
        key: float(np.abs(np.diff(demo_document(key).image[:, :, 1].astype(np.int16))).mean())
        for key in ("blurred", "application_form")
    }
    assert sharpness["blurred"] < sharpness["application_form"] / 3
    assert demo_document("id_card_front").image.tobytes() != demo_document(
        "id_card_back"
    ).image.tobytes()
    with pytest.raises(KeyError):
        demo_document("passport")


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """Font look-ups and renders are cached: start and leave with empty caches."""
    for cached in (cjk_font_path, demo._font, demo_document):
        cached.cache_clear()
    yield
    for cached in (cjk_font_path, demo._font, demo_document):
        cached.cache_clear()


@pytest.mark.usefixtures("fresh_fonts")
def test_without_a_cjk_font_the_documents_fall_back_to_latin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_cjk = demo_document("application_form").image.copy()
    assert cjk_font_path() is not None, "a CJK font (fonts-wqy-zenhei) should be installed"
    for cached in (cjk_font_path, demo._font, demo_document):
        cached.cache_clear()
    monkeypatch.delenv("WORKSTATION_CJK_FONT", raising=False)
    monkeypatch.setattr(demo, "_KNOWN_CJK_FONTS", ())  # a machine without one
    assert cjk_font_path() is None
    latin = demo_document("application_form").image
    assert latin.shape == with_cjk.shape
    assert (latin < 128).mean() > 0.01  # still a filled-in form
    assert not np.array_equal(latin, with_cjk)


@pytest.mark.usefixtures("fresh_fonts")
def test_the_font_can_be_named(monkeypatch: pytest.MonkeyPatch) -> None:
    found = cjk_font_path()
    assert found is not None and found.is_file()
    cjk_font_path.cache_clear()
    monkeypatch.setenv("WORKSTATION_CJK_FONT", os.fspath(found))
    monkeypatch.setattr(demo, "_KNOWN_CJK_FONTS", ())
    assert cjk_font_path() == found


def test_the_simulated_camera_starts_without_drawing_a_document() -> None:
    demo_document.cache_clear()
    camera = SimulatedCamera(realtime=False)
    frame = camera.read()
    assert frame is not None and frame.shape == (960, 1280, 3)
    assert camera.size == (1280, 960)
    assert camera.scene.document is None  # an empty desk first...
    assert demo_document.cache_info().currsize == 0  # ...so nothing was rendered yet
    camera.release()
    assert camera.read() is None


def test_the_simulated_camera_is_deterministic() -> None:
    a, b = SimulatedCamera(seed=4, realtime=False), SimulatedCamera(seed=4, realtime=False)
    other = SimulatedCamera(seed=5, realtime=False)
    for k in (0, 30, 60, 200):
        frame_a, scene_a = a.render(k)
        frame_b, scene_b = b.render(k)
        assert np.array_equal(frame_a, frame_b)
        assert scene_a.document == scene_b.document
    assert not np.array_equal(a.render(60)[0], other.render(60)[0])


def test_the_script_slides_in_rests_and_slides_out() -> None:
    camera = SimulatedCamera(realtime=False, size=(640, 480), fps=10, empty_s=0.5, slide_s=0.5,
                             rest_s=1.0, count=1, documents=["table"])
    scenes = []
    while camera.read() is not None:
        scenes.append(camera.scene)
    assert len(scenes) == camera.frames_per_document + 5  # and an empty desk at the end
    assert camera.frames_per_document == 5 + 5 + 10 + 5
    assert [s.document for s in scenes[:5]] == [None] * 5
    entering = [s.corners for s in scenes[5:10]]
    assert all(c is not None for c in entering)
    resting = scenes[10:20]
    assert [s.resting for s in resting] == [False] * 2 + [True] * 8  # the hand leaves first
    at_rest = resting[0].corners
    assert at_rest is not None
    assert all(s.corners is not None and np.array_equal(s.corners, at_rest) for s in resting)
    assert not any(s.resting for s in scenes[20:])
    assert [s.document for s in scenes[-5:]] == [None] * 5
    assert camera.read() is None  # ended, and stays so


def test_an_endless_camera_skips_to_the_frame_that_is_due() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    camera = SimulatedCamera(size=(320, 240), clock=lambda: now[0], sleep=sleep)
    assert camera.read() is not None and camera.frames_read == 1
    assert camera.read() is not None and slept == [pytest.approx(0.04)]
    now[0] += 3600.02  # an hour later: still playing, no backlog of 90,000 frames
    assert camera.read() is not None
    assert camera.frames_read == 90_002
    assert len(slept) == 1


@pytest.mark.parametrize("key", DOCUMENT_KEYS)
def test_the_detector_finds_each_resting_document(key: str) -> None:
    camera = SimulatedCamera(realtime=False, documents=[key], seed=2)
    rest_frame = round(0.8 * 25) + round(0.6 * 25) + round(1.0 * 25)  # empty, slide, 1 s
    frame, scene = camera.render(rest_frame)
    assert scene.document == key and scene.resting and scene.corners is not None
    quad = detect_page(frame)
    assert quad is not None, key
    assert corner_error(quad, scene.corners) <= MAX_CORNER_ERROR
    empty, nothing = camera.render(3)
    assert nothing.document is None
    assert detect_page(empty) is None


def test_the_monitor_captures_each_resting_document_once() -> None:
    camera = SimulatedCamera(realtime=False, size=(960, 720), fps=12.5, empty_s=0.4,
                             slide_s=0.5, rest_s=1.2, count=len(DOCUMENT_KEYS), seed=1)
    captured: list[tuple[Captured, SimulatedScene]] = []
    stopped: list[Stopped] = []
    done = threading.Event()

    def on_event(event: CameraEvent) -> None:
        if isinstance(event, Captured):
            captured.append((event, camera.scene))  # the scene of the captured frame
        elif isinstance(event, Stopped):
            stopped.append(event)
            done.set()

    tracker = SteadyTracker(clock=lambda: camera.frames_read / camera.fps)
    monitor = CameraMonitor(camera, on_event, tracker=tracker)
    monitor.start()
    assert done.wait(60)
    assert monitor.stop(5.0)
    assert [scene.document for _, scene in captured] == list(DOCUMENT_KEYS)
    for event, scene in captured:
        assert event.auto and scene.resting, scene.document
        assert event.quad is not None and scene.corners is not None
        assert corner_error(event.quad, scene.corners) <= MAX_CORNER_ERROR, scene.document
    assert stopped == [Stopped("camera.ended")]  # a finite demo ends like a video


def test_the_lease_contract_comes_without_its_page_2() -> None:
    """The applicant brought pages 1 and 3 of a three-page contract: the page numbers at
    the foot (第 1 页 共 3 页, 第 3 页 共 3 页) tell a trainee that page 2 is missing."""
    assert PAPERS["lease_contract"] == ("lease_contract_p1", "lease_contract_p3")
    assert sheets_of(["application_form", "lease_contract"]) == (
        "application_form", "lease_contract_p1", "lease_contract_p3")
    with pytest.raises(KeyError):
        sheets_of(["lease_contract_p2"])  # nobody has it
    first, third = (demo_document(key) for key in PAPERS["lease_contract"])
    assert first.title.endswith("（第 1 页 共 3 页）")
    assert third.title.endswith("（第 3 页 共 3 页）")
    assert first.size_mm == third.size_mm == A4_MM
    assert set(PAPERS) >= {key for key in DOCUMENT_KEYS if not key.startswith("lease")}

    def ink(image: np.ndarray, rows: slice) -> np.ndarray:
        return np.asarray(image[rows, :, 1] < 128)

    h = first.image.shape[0]
    header, footer = slice(30, 80), slice(h - 75, h - 25)  # contract number; page number
    same = ink(first.image, header) != ink(third.image, header)
    moved = ink(first.image, footer) != ink(third.image, footer)
    assert ink(first.image, header).any() and ink(first.image, footer).any()
    assert same.sum() <= 0.02 * ink(first.image, header).sum()  # one contract...
    assert moved.sum() >= 0.05 * ink(first.image, footer).sum()  # ...another page number
    columns = np.nonzero(moved.any(axis=0))[0]
    assert abs((columns.min() + columns.max()) / 2 - first.image.shape[1] / 2) < 80  # mid-foot


def test_the_camera_plays_a_paper_sheet_by_sheet_and_each_is_captured() -> None:
    camera = SimulatedCamera(realtime=False, size=(960, 720), fps=12.5, empty_s=0.4,
                             slide_s=0.5, rest_s=1.2, count=3,
                             documents=["lease_contract", "blurred"], seed=6)
    captured: list[tuple[Captured, SimulatedScene]] = []
    done = threading.Event()

    def on_event(event: CameraEvent) -> None:
        if isinstance(event, Captured):
            captured.append((event, camera.scene))
        elif isinstance(event, Stopped):
            done.set()

    tracker = SteadyTracker(clock=lambda: camera.frames_read / camera.fps)
    monitor = CameraMonitor(camera, on_event, tracker=tracker)
    monitor.start()
    assert done.wait(60)
    assert monitor.stop(5.0)
    assert [scene.document for _, scene in captured] == [
        "lease_contract_p1", "lease_contract_p3", "blurred"]
    # The capture pipeline takes the pages: cut out, straightened, nothing blank.
    pages = [pipeline.process(event.frame, event.quad,
                              enhancement=pipeline.Enhancement.DOCUMENT)
             for event, _ in captured]
    assert [page.blank for page in pages] == [False, False, False]
    assert all((page.encoded.width, page.encoded.height) == (1654, 2339) for page in pages)


def test_paste_page_blends_in_place_and_clips_at_the_edges() -> None:
    canvas = np.full((100, 200, 3), 40, np.uint8)
    page = np.full((50, 80, 3), 250, np.uint8)
    corners = np.array([[20, 10], [100, 10], [100, 60], [20, 60]], np.float64)
    paste_page(canvas, page, corners)
    assert (canvas[15:55, 25:95] == 250).all()
    assert (canvas[70:, :] == 40).all() and (canvas[:, 110:] == 40).all()
    paste_page(canvas, page, corners + np.array([150, 0]))  # half outside: drawn up to the edge
    assert (canvas[15:55, 175:] == 250).all()
    before = canvas.copy()
    paste_page(canvas, page, corners + np.array([1000, 0]))  # wholly outside: nothing happens
    assert np.array_equal(canvas, before)
    alpha = np.zeros((50, 80), np.uint8)
    alpha[:, 40:] = 255
    canvas = np.full((100, 200, 3), 40, np.uint8)
    paste_page(canvas, page, corners, alpha)
    assert (canvas[15:55, 25:55] == 40).all() and (canvas[15:55, 65:95] == 250).all()


def test_nonsense_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="documents"):
        SimulatedCamera(documents=["passport"])
    with pytest.raises(ValueError, match="documents"):
        SimulatedCamera(documents=[])
    with pytest.raises(ValueError, match="documents"):
        SimulatedCamera(documents=["lease_contract_p2"])
    with pytest.raises(ValueError, match="count"):
        SimulatedCamera(count=-1)
    with pytest.raises(ValueError, match="desk"):
        SimulatedCamera(desk="marble")
