"""The document camera: a video file written here, played through cv2.VideoCapture as the
camera (open_camera), and the monitor thread that previews and auto-captures from it."""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.capture.camera import (
    CameraEvent,
    CameraInfo,
    CameraMonitor,
    Captured,
    FramePacer,
    Preview,
    Stopped,
    analyse_preview,
    downscale,
    list_cameras,
    open_camera,
)
from devices.capture.demo import SimulatedCamera, demo_document, desk_background, paste_page
from devices.capture.errors import CaptureError
from devices.capture.pages import Quad
from devices.capture.steady import SteadyTracker

FPS = 25
MAX_CORNER_ERROR = 0.02  # of the page diagonal, as for the detector itself


# -- a scripted video: pages sliding in, resting, moving and leaving ------------------------


@dataclass(frozen=True)
class Shot:
    """One frame of the script: the page's corners (None: empty desk) and whether it rests."""

    corners: np.ndarray | None
    page: str | None
    resting: bool


def _rest_pose(page: np.ndarray, centre: tuple[float, float], degrees: float) -> np.ndarray:
    h, w = page.shape[:2]
    a = math.radians(degrees)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    half = np.array([[-w, -h], [w, -h], [w, h], [-w, h]], np.float64) / 2
    result: np.ndarray = half @ rot.T + np.array(centre)
    return result


def _glide(start: np.ndarray, end: np.ndarray, frames: int) -> list[np.ndarray]:
    """Eased in and out: a hand moving a sheet."""
    out = []
    for i in range(1, frames + 1):
        t = i / frames
        t = t * t * (3 - 2 * t)
        out.append(start + (end - start) * t)
    return out


def script(size: tuple[int, int], pages: dict[str, np.ndarray]) -> list[Shot]:
    w, h = size
    below = np.array([0.0, h * 1.1])
    a_rest = _rest_pose(pages["A"], (w * 0.5, h * 0.5), 4)
    b_rest = _rest_pose(pages["B"], (w * 0.45, h * 0.52), -3)
    b_moved = _rest_pose(pages["B"], (w * 0.56, h * 0.48), 5)
    shots: list[Shot] = [Shot(None, None, False)] * 8
    shots += [Shot(c, "A", False) for c in _glide(a_rest + below, a_rest, 12)]
    shots += [Shot(a_rest, "A", True)] * 30  # 1.2 s
    shots += [Shot(c, "A", False) for c in _glide(a_rest, a_rest + below, 12)]
    shots += [Shot(None, None, False)] * 8
    shots += [Shot(c, "B", False) for c in _glide(b_rest + below, b_rest, 12)]
    shots += [Shot(b_rest, "B", True)] * 30
    shots += [Shot(c, "B", False) for c in _glide(b_rest, b_moved, 10)]
    shots += [Shot(b_moved, "B", True)] * 30
    return shots


def write_video(
    path: Path, size: tuple[int, int], shots: list[Shot], pages: dict[str, np.ndarray]
) -> None:
    w, h = size
    rng = np.random.default_rng(6)
    desk = np.clip(desk_background(rng, "wood", w, h), 0, 255).astype(np.uint8)
    noise = (rng.standard_normal((h + 8, w + 8, 3), dtype=np.float32) * 2.5).astype(np.int16)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), FPS, (w, h))
    assert writer.isOpened(), "this OpenCV cannot write MJPG into .avi"
    try:
        for i, shot in enumerate(shots):
            frame = desk.copy()
            if shot.corners is not None and shot.page is not None:
                paste_page(frame, pages[shot.page], shot.corners)
            oy, ox = i % 8, (i * 3) % 8  # sensor noise that differs frame to frame
            writer.write(cv2.add(frame, noise[oy : oy + h, ox : ox + w], dtype=cv2.CV_8U))
    finally:
        writer.release()


def scaled_page(key: str, height: int) -> np.ndarray:
    image = demo_document(key).image
    h, w = image.shape[:2]
    size = (round(w * height / h), height)
    return np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))


@dataclass(frozen=True)
class Video:
    path: Path
    size: tuple[int, int]
    shots: list[Shot]


@pytest.fixture(scope="module")
def desk_video(tmp_path_factory: pytest.TempPathFactory) -> Video:
    """960×720 at 25 fps: two pages, three rests, everything in between moving."""
    size = (960, 720)
    pages = {"A": scaled_page("application_form", 560), "B": scaled_page("table", 540)}
    shots = script(size, pages)
    path = tmp_path_factory.mktemp("camera") / "desk.avi"
    write_video(path, size, shots, pages)
    return Video(path, size, shots)


@pytest.fixture(scope="module")
def short_video(tmp_path_factory: pytest.TempPathFactory) -> Video:
    """960×720, 1.6 s of one page resting: long enough for one auto-capture."""
    size = (960, 720)
    page = scaled_page("application_form", 560)
    shots = [Shot(_rest_pose(page, (470, 365), -4), "A", True)] * 40
    path = tmp_path_factory.mktemp("camera") / "short.avi"
    write_video(path, size, shots, {"A": page})
    return Video(path, size, shots)


@pytest.fixture(scope="module")
def big_video(tmp_path_factory: pytest.TempPathFactory) -> Video:
    """1600×1200: larger than the preview, so analysis works on a downscaled copy."""
    size = (1600, 1200)
    page = scaled_page("application_form", 900)
    rest = _rest_pose(page, (820, 590), 6)
    shots = [Shot(rest, "A", True)] * 50
    path = tmp_path_factory.mktemp("camera") / "big.avi"
    write_video(path, size, shots, {"A": page})
    return Video(path, size, shots)


class Recorder:
    """Collects a monitor's events with the source position each arrived at."""

    def __init__(self, position: Callable[[], int] = lambda: 0) -> None:
        self.events: list[tuple[int, CameraEvent]] = []
        self.stopped = threading.Event()
        self.first_preview = threading.Event()
        self.captured = threading.Event()
        self._position = position
        self._lock = threading.Lock()

    def __call__(self, event: CameraEvent) -> None:
        with self._lock:
            self.events.append((self._position() - 1, event))
        if isinstance(event, Preview):
            self.first_preview.set()
        elif isinstance(event, Captured):
            self.captured.set()
        elif isinstance(event, Stopped):
            self.stopped.set()

    def of(self, kind: type) -> list[tuple[int, CameraEvent]]:
        with self._lock:
            return [(i, e) for i, e in self.events if isinstance(e, kind)]


@pytest.fixture
def monitors() -> Iterator[list[CameraMonitor]]:
    """Monitors made by a test are stopped even when it fails."""
    made: list[CameraMonitor] = []
    yield made
    for monitor in made:
        monitor.stop(5.0)


def corner_error(quad: Quad, truth: np.ndarray) -> float:
    diagonal = Quad.from_array(truth).diagonal()
    return float(np.linalg.norm(quad.as_array() - truth, axis=1).max() / diagonal)


# -- the tests ------------------------------------------------------------------------------


def test_the_test_video_reads_back_through_videocapture(desk_video: Video) -> None:
    capture = cv2.VideoCapture(str(desk_video.path))
    try:
        assert capture.isOpened()
        frames = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            assert frame.shape == (720, 960, 3)
            frames += 1
    finally:
        capture.release()
    assert frames == len(desk_video.shots)


def test_open_camera_on_a_file_reads_every_frame_then_ends(desk_video: Video) -> None:
    camera = open_camera(str(desk_video.path), 1920, 1080)
    try:
        assert camera.size == desk_video.size  # a file grants its own size
        assert camera.name == "desk.avi"
        frames = 0
        while (frame := camera.read()) is not None:
            assert frame.shape == (720, 960, 3)
            frames += 1
        assert frames == camera.frames_read == len(desk_video.shots)
        assert camera.read() is None  # and stays ended
    finally:
        camera.release()
    camera.release()  # idempotent
    assert camera.read() is None


@pytest.mark.parametrize(
    "device", [97, "97", "/dev/video97", -1, "missing.avi", "not-a-video.avi"]
)
def test_no_camera_is_camera_not_found(device: int | str, tmp_path: Path) -> None:
    if isinstance(device, str) and device.endswith(".avi"):
        if device.startswith("not"):
            (tmp_path / device).write_text("this is no video")
        device = str(tmp_path / device)
    with pytest.raises(CaptureError) as caught:
        open_camera(device, 1280, 720)
    assert caught.value.code == "camera.not_found"
    assert str(tmp_path) not in caught.value.detail  # no paths (user names) in details


def test_auto_capture_fires_once_per_rest_and_never_while_moving(desk_video: Video) -> None:
    camera = open_camera(str(desk_video.path), 960, 720)
    # The tracker's clock is the video's own: deterministic, and faster than real time.
    tracker = SteadyTracker(clock=lambda: camera.frames_read / FPS)
    recorder = Recorder(lambda: camera.frames_read)
    monitor = CameraMonitor(camera, recorder, tracker=tracker)
    monitor.start()
    assert recorder.stopped.wait(30)
    assert monitor.stop(5.0)

    shots = desk_video.shots
    captured = recorder.of(Captured)
    rests: list[tuple[int, int]] = []  # first and last frame of each resting stretch
    for i, shot in enumerate(shots):
        if shot.resting and rests and rests[-1][1] == i - 1:
            rests[-1] = (rests[-1][0], i)
        elif shot.resting:
            rests.append((i, i))
    assert len(rests) == 3
    assert len(captured) == 3, [i for i, _ in captured]
    for (frame_no, event), (first, last) in zip(captured, rests, strict=True):
        assert isinstance(event, Captured)
        assert event.auto
        assert first <= frame_no <= last, (frame_no, first, last)
        truth = shots[frame_no].corners
        assert truth is not None and event.quad is not None
        assert corner_error(event.quad, truth) <= MAX_CORNER_ERROR
        assert event.frame.shape == (720, 960, 3)
    previews = recorder.of(Preview)
    assert previews, "no preview at all"
    assert all(isinstance(e, Preview) and 0.0 <= e.steady <= 1.0 for _, e in previews)


def test_the_video_ending_is_camera_ended_once(short_video: Video) -> None:
    camera = open_camera(str(short_video.path), 960, 720)
    recorder = Recorder(lambda: camera.frames_read)
    monitor = CameraMonitor(camera, recorder)
    monitor.start()
    assert recorder.stopped.wait(30)
    deadline = time.monotonic() + 5
    while monitor.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not monitor.running
    stops = recorder.of(Stopped)
    assert [e for _, e in stops] == [Stopped("camera.ended")]
    assert isinstance(recorder.events[-1][1], Stopped)  # nothing after it
    assert monitor.stop(1.0)  # stopping an ended monitor is harmless...
    assert len(recorder.of(Stopped)) == 1  # ...and says nothing more
    assert camera.read() is None  # the monitor released its source


def test_manual_capture_gives_the_full_resolution_frame(big_video: Video) -> None:
    camera = open_camera(str(big_video.path), 1600, 1200, realtime=True)
    recorder = Recorder()
    monitor = CameraMonitor(camera, recorder, auto=False)
    monitor.start()
    try:
        assert recorder.first_preview.wait(10)
        monitor.capture()  # from another thread, as the UI does
        assert recorder.captured.wait(10)
    finally:
        assert monitor.stop(5.0)
    ((_, preview), *_) = recorder.of(Preview)
    assert isinstance(preview, Preview)
    assert preview.image.shape == (960, 1280, 3)  # long side 1280
    assert preview.quad is not None
    captured = [e for _, e in recorder.of(Captured)]
    assert len(captured) == 1
    event = captured[0]
    assert isinstance(event, Captured)
    assert not event.auto
    assert event.frame.shape == (1200, 1600, 3)
    truth = big_video.shots[0].corners
    assert truth is not None and event.quad is not None
    assert corner_error(event.quad, truth) <= MAX_CORNER_ERROR  # full-resolution coordinates
    assert corner_error(preview.quad.scaled(1600 / 1280), truth) <= MAX_CORNER_ERROR
    assert [e for _, e in recorder.of(Stopped)] == [Stopped(None)]


def test_stop_while_running_ends_the_thread(monitors: list[CameraMonitor]) -> None:
    camera = SimulatedCamera(realtime=True, size=(640, 480))  # never ends on its own
    recorder = Recorder()
    monitor = CameraMonitor(camera, recorder)
    monitors.append(monitor)
    monitor.start()
    assert recorder.first_preview.wait(10)
    assert monitor.running
    assert monitor.stop(timeout=5.0)
    assert not monitor.running
    assert [e for _, e in recorder.of(Stopped)] == [Stopped(None)]
    count = len(recorder.events)
    time.sleep(0.1)
    assert len(recorder.events) == count  # silent once stopped
    with pytest.raises(RuntimeError, match="once"):
        monitor.start()


def test_stop_before_start_releases_the_source(desk_video: Video) -> None:
    camera = open_camera(str(desk_video.path), 960, 720)
    recorder = Recorder()
    monitor = CameraMonitor(camera, recorder)
    assert monitor.stop()
    assert camera.read() is None
    assert recorder.events == []


def test_previews_are_rate_limited_but_every_frame_is_analysed(short_video: Video) -> None:
    camera = open_camera(str(short_video.path), 960, 720)
    ticks = iter(range(10**6))
    recorder = Recorder(lambda: camera.frames_read)
    # The monitor's clock says 100 frames a second: previews for about every third frame.
    monitor = CameraMonitor(
        camera, recorder, max_preview_fps=30.0, clock=lambda: next(ticks) / 100.0,
        tracker=SteadyTracker(clock=lambda: camera.frames_read / FPS),
    )
    monitor.start()
    assert recorder.stopped.wait(30)
    assert monitor.stop(5.0)
    numbers = [e.frame_no for _, e in recorder.of(Preview) if isinstance(e, Preview)]
    frames = len(short_video.shots)
    assert numbers[0] == 1
    assert all(b - a == 4 for a, b in itertools.pairwise(numbers))
    assert len(numbers) == math.ceil(frames / 4)
    # The tracker saw every frame nonetheless. Frame 0 has no motion measure (it counts as
    # moving), so the rest counts from frame 1 and ends 0.8 s (20 frames) later.
    assert [i for i, _ in recorder.of(Captured)] == [21]


def test_auto_off_captures_nothing_and_pause_stops_analysis(short_video: Video) -> None:
    camera = open_camera(str(short_video.path), 960, 720)
    recorder = Recorder(lambda: camera.frames_read)
    monitor = CameraMonitor(
        camera, recorder, auto=False, tracker=SteadyTracker(clock=lambda: camera.frames_read / FPS)
    )
    monitor.start()
    assert recorder.stopped.wait(30)
    assert monitor.stop(5.0)
    assert recorder.of(Captured) == []
    assert all(isinstance(e, Preview) and e.steady == 0.0 for _, e in recorder.of(Preview))

    camera = open_camera(str(short_video.path), 960, 720)
    recorder = Recorder(lambda: camera.frames_read)
    monitor = CameraMonitor(camera, recorder)
    monitor.pause()
    monitor.capture()  # an explicit capture is honoured even when paused
    monitor.start()
    assert recorder.stopped.wait(30)
    assert monitor.stop(5.0)
    assert recorder.of(Preview) == []
    assert [(i, e.auto) for i, e in recorder.of(Captured) if isinstance(e, Captured)] == [
        (0, False)
    ]
    assert camera.frames_read == len(short_video.shots)  # still read: an unplug is noticed


def test_resume_brings_previews_back(monitors: list[CameraMonitor]) -> None:
    camera = SimulatedCamera(realtime=False, size=(640, 480))  # endless, as fast as it goes
    recorder = Recorder()
    monitor = CameraMonitor(camera, recorder)
    monitors.append(monitor)
    monitor.pause()
    monitor.start()
    deadline = time.monotonic() + 10
    while camera.frames_read < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert recorder.events == []
    before = camera.frames_read
    monitor.resume()
    assert recorder.first_preview.wait(10)
    assert monitor.stop(5.0)
    numbers = [e.frame_no for _, e in recorder.of(Preview) if isinstance(e, Preview)]
    assert numbers and min(numbers) > before


def test_switching_auto_on_counts_a_page_already_resting(short_video: Video) -> None:
    camera = open_camera(str(short_video.path), 960, 720)
    recorder = Recorder(lambda: camera.frames_read)
    made: list[CameraMonitor] = []
    fired = []

    def switch_on(event: CameraEvent) -> None:
        recorder(event)
        if isinstance(event, Preview) and event.frame_no == 9:
            made[0].set_auto(True)  # on the monitor's thread, between two frames
        if isinstance(event, Captured):
            fired.append(camera.frames_read)

    ticks = iter(range(10**6))  # previews for frames 1, 5, 9, ... (see the test above)
    monitor = CameraMonitor(
        camera, switch_on, auto=False, clock=lambda: next(ticks) / 100.0,
        tracker=SteadyTracker(clock=lambda: camera.frames_read / FPS),
    )
    made.append(monitor)
    monitor.start()
    assert recorder.stopped.wait(30)
    assert monitor.stop(5.0)
    # The page has rested all along. Switched on while the 9th frame was shown, the rest
    # counts from the 10th (motion measured all along) and ends 0.8 s (20 frames) later.
    assert fired == [10 + 20]


def test_a_paced_file_plays_at_its_own_rate_and_skips_what_is_overdue(
    desk_video: Video,
) -> None:
    camera = open_camera(str(desk_video.path), 960, 720, realtime=True)
    try:
        started = time.monotonic()
        for _ in range(6):
            assert camera.read() is not None
        assert time.monotonic() - started >= 5 / FPS - 0.005  # frames 1..5 were waited for
        time.sleep(0.2)  # a slow reader: frame 10 (or later) is due by now
        assert camera.read() is not None
        assert camera.frames_read >= 6 + 4 + 1  # frames 6..9 skipped, not queued
    finally:
        camera.release()


def test_frame_pacer_waits_for_the_next_frame_or_skips_ahead() -> None:
    now = [10.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = FramePacer(25.0, clock=lambda: now[0], sleep=sleep)
    assert pacer.due(0) == 0
    assert slept == []
    assert pacer.due(1) == 1
    assert slept == [pytest.approx(0.04)]
    now[0] += 0.5  # the reader was busy for half a second
    assert pacer.due(2) == 13  # 0.54 s after frame 0: frames 2..12 are overdue, skip them
    assert len(slept) == 1
    with pytest.raises(ValueError, match="fps"):
        FramePacer(0)


def test_list_cameras_reads_names_and_skips_metadata_nodes(tmp_path: Path) -> None:
    sysfs, dev = tmp_path / "video4linux", tmp_path / "dev"
    dev.mkdir()
    nodes = {
        "video0": ("USB Document Camera", "0"),
        "video1": ("USB Document Camera", "1"),  # the same camera's metadata node
        "video2": ("Integrated Webcam", "0"),
        "video3": ("Unplugged", "0"),  # no device node any more
        "video10": ("HD Camera: HD Camera", "0"),
    }
    for node, (name, index) in nodes.items():
        (sysfs / node).mkdir(parents=True)
        (sysfs / node / "name").write_text(name + "\n")
        (sysfs / node / "index").write_text(index + "\n")
        if node != "video3":
            (dev / node).write_bytes(b"")  # not a V4L2 device: the driver can't be asked
    (sysfs / "v4l-subdev0").mkdir()
    found = list_cameras(sysfs=sysfs, dev=dev)
    assert found == [
        CameraInfo(0, str(dev / "video0"), "USB Document Camera"),
        CameraInfo(2, str(dev / "video2"), "Integrated Webcam"),
        CameraInfo(10, str(dev / "video10"), "HD Camera: HD Camera"),
    ]
    assert list_cameras(sysfs=tmp_path / "nothing", dev=dev) == []
    # This machine's own list: whatever it holds is openable by index.
    for info in list_cameras():
        assert Path(info.device).exists() and info.device.endswith(str(info.index))


def test_downscale_keeps_coordinates_exact() -> None:
    frame = np.zeros((3120, 4208, 3), np.uint8)
    cv2.rectangle(frame, (1000, 800), (3000, 2600), (255, 255, 255), -1)
    small, scale = downscale(frame, 1280)
    assert max(small.shape[:2]) == 1280
    assert scale == pytest.approx(1280 / 4206)  # two columns fell to the integer step
    ys, xs = np.nonzero(small[:, :, 0] > 127)
    assert xs.min() == pytest.approx(1000 * scale, abs=1.5)
    assert xs.max() == pytest.approx(3000 * scale, abs=1.5)
    assert ys.min() == pytest.approx(800 * scale, abs=1.5)
    same, one = downscale(small, 1280)
    assert same is small and one == 1.0
    preview, quad, s = analyse_preview(np.zeros((720, 1280, 3), np.uint8))
    assert preview.shape == (720, 1280, 3) and quad is None and s == 1.0

