"""Document cameras (高拍仪) through OpenCV, and the monitor thread behind the live preview.

A document camera is a UVC camera looking down at the desk. `open_camera` opens one (or a
video file standing in for one) as a `FrameSource`; `CameraMonitor` reads it on its own
thread, finds the page in a downscaled copy of each frame, auto-captures a page that has
come to rest (`SteadyTracker`) and reports everything to one callback. No Qt here: ui/
turns the callback into a queued signal.
"""

from __future__ import annotations

import logging
import math
import os
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from devices.capture.errors import CaptureError
from devices.capture.pages import Quad, detect_page
from devices.capture.steady import SteadyTracker

__all__ = [
    "PREVIEW_LONG_SIDE",
    "CameraEvent",
    "CameraInfo",
    "CameraMonitor",
    "Captured",
    "FramePacer",
    "FrameSource",
    "OpenCvCamera",
    "Preview",
    "Stopped",
    "analyse_preview",
    "downscale",
    "frame_motion",
    "list_cameras",
    "motion_thumbnail",
    "open_camera",
]

log = logging.getLogger(__name__)

PREVIEW_LONG_SIDE = 1280  # analysis and preview work on frames no longer than this
MOTION_WIDTH = 160  # width of the grey thumbnails whose difference measures motion
_SYSFS = Path("/sys/class/video4linux")
_DEV = Path("/dev")


class FrameSource(Protocol):
    """A stream of BGR frames. Used from one thread at a time (the monitor's)."""

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the frames, as granted by the device."""
        ...

    @property
    def name(self) -> str:
        """What to call the source in settings and support logs (no personal data)."""
        ...

    def read(self) -> np.ndarray | None:
        """The next frame; None when the stream has ended or the camera is gone."""
        ...

    def release(self) -> None:
        """Give the device back; idempotent."""
        ...


@dataclass(frozen=True, slots=True)
class CameraInfo:
    """A capture-capable V4L2 device, for the camera choice in settings."""

    index: int  # N of /dev/videoN: what open_camera takes
    device: str  # "/dev/videoN"
    name: str  # the driver's card name, e.g. "USB Document Camera"


class FramePacer:
    """Live-camera timing for a source that could go faster (a file, a simulation).

    Frame n is due at start + n / fps, the start being the first call. A reader that keeps
    up waits for its frame; one that falls behind is told which frame is due now, so it
    skips the overdue ones instead of working through a backlog.
    """

    def __init__(
        self,
        fps: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._period = 1.0 / fps
        self._clock = clock
        self._sleep = sleep
        self._start: float | None = None

    def due(self, position: int) -> int:
        """Wait until frame `position` is due; returns the frame to show (>= position)."""
        now = self._clock()
        if self._start is None:
            self._start = now - position * self._period
        due = math.floor((now - self._start) / self._period)
        if due < position:
            self._sleep(self._start + position * self._period - now)
            return position
        return due


class OpenCvCamera(FrameSource):
    """A `FrameSource` over `cv2.VideoCapture`: a camera, or a video file standing in for one.

    With `pace_fps`, a file plays like a live camera (`FramePacer`); the frames it skips
    are only grabbed, not decoded into images.
    """

    def __init__(
        self,
        capture: cv2.VideoCapture,
        name: str,
        *,
        pace_fps: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._capture = capture
        self._name = name
        self._size = (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        self._pacer = FramePacer(pace_fps, clock=clock, sleep=sleep) if pace_fps else None
        self._frames_read = 0
        self._ended = False
        self._released = False

    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def name(self) -> str:
        return self._name

    @property
    def frames_read(self) -> int:
        """Frames taken from the stream so far, skipped ones included: a file's position."""
        return self._frames_read

    def read(self) -> np.ndarray | None:
        if self._ended or self._released:
            return None
        if self._pacer is not None:
            for _ in range(self._pacer.due(self._frames_read) - self._frames_read):
                if not self._capture.grab():
                    self._ended = True
                    return None
                self._frames_read += 1
        ok, frame = self._capture.read()
        if not ok or frame is None:
            self._ended = True
            return None
        self._frames_read += 1
        return np.asarray(frame)

    def release(self) -> None:
        if not self._released:
            self._released = True
            self._capture.release()


def open_camera(
    device: int | str, width: int, height: int, *, realtime: bool = False
) -> OpenCvCamera:
    """Open a camera by index ("0" too) or device path, or a video file standing in for one.

    A camera is asked for MJPG before the resolution: UVC cameras offer their high
    resolutions only compressed, and asked for the size first they settle for 640×480 in
    raw YUYV. The size they actually grant is read back (`size`). `realtime` paces a video
    file at its own frame rate (sandbox demos); without it a file plays as fast as it
    decodes (tests). Raises `CaptureError("camera.not_found")` when nothing opens.
    """
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    linux = sys.platform.startswith("linux")
    if isinstance(device, str) and device.strip().isdigit():
        device = int(device.strip())
    if isinstance(device, int):
        node = f"/dev/video{device}"
        if device < 0 or (linux and not Path(node).exists()):
            raise CaptureError("camera.not_found", f"no camera {device}")
        target: int | str = device
        is_camera = True
        name = (_sysfs_name(_SYSFS, f"video{device}") if linux else "") or f"camera {device}"
    elif device.startswith("/dev/"):
        if not Path(device).exists():
            raise CaptureError("camera.not_found", f"no device {device}")
        target, is_camera = device, True
        name = _sysfs_name(_SYSFS, Path(device).name) or device
    else:
        path = Path(device)
        if not path.is_file():
            raise CaptureError("camera.not_found", f"no video file ({path.suffix or 'no suffix'})")
        target, is_camera, name = str(path), False, path.name
    backend = cv2.CAP_V4L2 if is_camera and linux else cv2.CAP_ANY
    capture = cv2.VideoCapture(target, backend)
    if not capture.isOpened():
        capture.release()
        kind = "camera" if is_camera else "video file"
        raise CaptureError("camera.not_found", f"{kind} did not open")
    pace: float | None = None
    if is_camera:
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))  # before the size
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        # One driver buffer: a slow reader gets a fresh frame, not the oldest of a queue.
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
    elif realtime:
        fps = capture.get(cv2.CAP_PROP_FPS)
        pace = fps if 1.0 <= fps <= 240.0 else 25.0
    return OpenCvCamera(capture, name, pace_fps=pace)


def _sysfs_name(root: Path, node: str) -> str:
    try:
        return (root / node / "name").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


# struct v4l2_capability: driver[16], card[32], bus_info[32], version, capabilities,
# device_caps, reserved[3]; VIDIOC_QUERYCAP = _IOR('V', 0, struct v4l2_capability).
_V4L2_CAPABILITY_SIZE = 104
_VIDIOC_QUERYCAP = (2 << 30) | (_V4L2_CAPABILITY_SIZE << 16) | (ord("V") << 8)
_V4L2_CAP_VIDEO_CAPTURE = 0x00000001
_V4L2_CAP_VIDEO_CAPTURE_MPLANE = 0x00001000
_V4L2_CAP_DEVICE_CAPS = 0x80000000


def _can_capture(node: Path) -> bool | None:
    """Ask the driver (VIDIOC_QUERYCAP: instant, starts no stream); None if it won't say."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl

    try:
        fd = os.open(node, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        buffer = bytearray(_V4L2_CAPABILITY_SIZE)
        fcntl.ioctl(fd, _VIDIOC_QUERYCAP, buffer)
    except OSError:
        return None
    finally:
        os.close(fd)
    capabilities, device_caps = struct.unpack_from("<II", buffer, 84)
    if capabilities & _V4L2_CAP_DEVICE_CAPS:
        capabilities = device_caps  # what this node does, not the whole device
    return bool(capabilities & (_V4L2_CAP_VIDEO_CAPTURE | _V4L2_CAP_VIDEO_CAPTURE_MPLANE))


def list_cameras(*, sysfs: Path = _SYSFS, dev: Path = _DEV) -> list[CameraInfo]:
    """The capture-capable /dev/video* devices with their names; [] without any.

    UVC cameras show two nodes, one for frames and one for metadata; the driver says which
    is which. When it can't be asked (no permission), the metadata node is told apart by
    its sysfs `index` (1 for the second node of a device).
    """
    if not sysfs.is_dir():
        return []
    found: list[CameraInfo] = []
    for entry in sysfs.iterdir():
        number = entry.name.removeprefix("video")
        if not entry.name.startswith("video") or not number.isdigit():
            continue
        node = dev / entry.name
        if not node.exists():
            continue
        capture = _can_capture(node)
        if capture is None:
            try:
                index = int((entry / "index").read_text(encoding="ascii").strip() or "0")
            except (OSError, ValueError):
                index = 0
            capture = index == 0
        if capture:
            name = _sysfs_name(sysfs, entry.name) or entry.name
            found.append(CameraInfo(int(number), str(node), name))
    return sorted(found, key=lambda info: info.index)


def analyse_preview(
    frame: np.ndarray, long_side: int = PREVIEW_LONG_SIDE
) -> tuple[np.ndarray, Quad | None, float]:
    """Downscale a frame for the preview and find the page in it.

    Returns (preview image, page quad in preview coordinates or None, preview/frame scale).
    """
    preview, scale = downscale(frame, long_side)
    return preview, detect_page(preview), scale


def downscale(frame: np.ndarray, long_side: int) -> tuple[np.ndarray, float]:
    """Shrink so the long side is at most `long_side`; returns (image, its scale).

    An exact integer-factor area average first (OpenCV's fast path), then a bilinear step
    of less than 2×: a third of the cost of one fractional area resize of a 13-megapixel
    frame, with the same anti-aliasing where it matters. A few pixels at the right and
    bottom may be dropped by the integer step; coordinates stay exact (x_preview = x * scale).
    """
    h, w = frame.shape[:2]
    if max(h, w) <= long_side:
        return frame, 1.0
    k = max(h, w) // long_side
    if k >= 2:
        cropped = frame[: h - h % k, : w - w % k]
        frame = np.asarray(cv2.resize(cropped, (w // k, h // k), interpolation=cv2.INTER_AREA))
        h, w = frame.shape[:2]
    rest = long_side / max(h, w)
    if rest < 1.0:
        size = (max(1, round(w * rest)), max(1, round(h * rest)))
        frame = np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_LINEAR))
    return frame, rest / k


def motion_thumbnail(image: np.ndarray) -> np.ndarray:
    """A small grey copy; thumbnails of consecutive frames differ when something moves."""
    h, w = image.shape[:2]
    size = (MOTION_WIDTH, max(1, round(h * MOTION_WIDTH / w)))
    small = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA))
    if small.ndim == 3:
        small = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    return small


def frame_motion(previous: np.ndarray, current: np.ndarray) -> float:
    """Mean absolute grey-level difference of two motion thumbnails: a hand or a sliding page
    gives several levels, sensor noise and MJPG artefacts well under one."""
    return float(np.mean(cv2.absdiff(previous, current)))


@dataclass(frozen=True, eq=False, slots=True)
class Preview:
    """A live frame for the preview (not every frame: at most ~30 a second)."""

    image: np.ndarray  # the downscaled BGR frame
    quad: Quad | None  # the page, in preview coordinates
    steady: float  # 0..1 progress towards auto-capture
    frame_no: int


@dataclass(frozen=True, eq=False, slots=True)
class Captured:
    """A full-resolution frame taken by the clerk (auto=False) or by auto-capture."""

    frame: np.ndarray  # full resolution BGR
    quad: Quad | None  # the page, in full-resolution coordinates
    auto: bool


@dataclass(frozen=True, slots=True)
class Stopped:
    """The monitor's thread has ended; always the last event, sent exactly once."""

    code: str | None  # "camera.ended" (stream ended, device gone); None when stopped by us


CameraEvent = Preview | Captured | Stopped


class CameraMonitor:
    """Reads a source on one daemon thread and reports `CameraEvent`s to `on_event`.

    `on_event` is called on the monitor thread and must return quickly (ui/ queues a
    signal). The monitor owns the source and releases it when its thread ends. Frames are
    never queued: the thread reads, analyses and reads again, so a frame that arrived
    during an analysis is superseded in the source (a camera keeps one driver buffer, a
    paced file skips what is overdue). Every analysed frame feeds the steady tracker;
    previews are rate-limited.
    """

    def __init__(
        self,
        source: FrameSource,
        on_event: Callable[[CameraEvent], None],
        *,
        tracker: SteadyTracker | None = None,
        auto: bool = True,
        preview_long_side: int = PREVIEW_LONG_SIDE,
        max_preview_fps: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._source = source
        self._on_event = on_event
        self._tracker = tracker if tracker is not None else SteadyTracker()
        self._long_side = preview_long_side
        self._preview_period = 1.0 / max_preview_fps
        self._clock = clock  # for the preview rate only; the tracker has its own
        self._auto = auto
        self._stopping = threading.Event()
        self._paused = threading.Event()
        self._capture_wanted = threading.Event()
        self._reset_wanted = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a camera monitor starts once")
        self._thread = threading.Thread(target=self._run, name="camera-monitor", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Ask the thread to end and wait up to `timeout`; True when it has ended.

        The thread checks for the request between frames, so it ends within one read. A
        read that hangs in the driver can't be interrupted from outside (releasing a
        capture another thread is reading is unsafe): stop() then returns False after
        `timeout`, and the daemon thread releases the camera and sends `Stopped(None)` as
        soon as the read returns (OpenCV's V4L2 backend gives up on a silent camera
        after its select timeout).
        """
        self._stopping.set()
        thread = self._thread
        if thread is None:
            self._source.release()
            return True
        if thread is threading.current_thread():
            return False  # called from on_event: the loop ends after this frame
        thread.join(timeout)
        return not thread.is_alive()

    def capture(self) -> None:
        """Capture the next frame at full resolution, even when paused or auto is off."""
        self._capture_wanted.set()

    def set_auto(self, enabled: bool) -> None:
        """Auto-capture on or off; switching it on starts afresh (a resting page counts)."""
        if enabled and not self._auto:
            self._reset_wanted.set()
        self._auto = enabled

    def pause(self) -> None:
        """No analysis, previews or auto-capture (the clerk is adjusting corners).

        Frames are still read, so the stream stays fresh and an unplug is still noticed;
        the tracker keeps its state, so the page captured before the pause is not captured
        again after it.
        """
        self._paused.set()

    def resume(self) -> None:
        self._paused.clear()

    def _run(self) -> None:
        code: str | None = "camera.ended"
        try:
            code = self._loop()
        finally:
            try:
                self._source.release()
            except Exception:  # the camera is gone either way; say so once below
                log.exception("releasing the camera failed")
            self._on_event(Stopped(code))

    def _loop(self) -> str | None:
        frame_no = 0
        previous_thumb: np.ndarray | None = None
        last_preview = -math.inf
        while not self._stopping.is_set():
            frame = self._source.read()
            if self._stopping.is_set():
                break
            if frame is None:
                return "camera.ended"
            frame_no += 1
            manual = self._capture_wanted.is_set()
            if manual:
                self._capture_wanted.clear()
            if self._paused.is_set() and not manual:
                previous_thumb = None  # the scene may change during the pause
                continue
            if self._reset_wanted.is_set():
                self._reset_wanted.clear()
                self._tracker.reset()
            preview, quad, scale = analyse_preview(frame, self._long_side)
            thumb = motion_thumbnail(preview)
            # No previous frame: unknown motion, counted as moving (never fire on it).
            motion = math.inf if previous_thumb is None else frame_motion(previous_thumb, thumb)
            previous_thumb = thumb
            fire, steady = False, 0.0
            if self._auto and not self._paused.is_set():
                fire, steady = self._tracker.update(quad, motion)
            if manual or fire:
                full_quad = quad.scaled(1.0 / scale) if quad is not None else None
                self._on_event(Captured(frame, full_quad, auto=not manual))
            now = self._clock()
            if now - last_preview >= self._preview_period and not self._paused.is_set():
                last_preview = now
                self._on_event(Preview(preview, quad, steady, frame_no))
        return None
