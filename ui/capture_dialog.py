"""The capture dialog: papers of one material from the document camera, a scanner or files
become clean pages, reviewed and put in order before they are attached.

Nothing heavy runs on the main thread. The camera has its own monitor thread (preview,
page detection, auto-capture); page processing (crop, straighten, enhance, encode) runs
on the dialog's own image worker; file imports and scans run on a job thread each and
process their pages there; storing a page (sealed, by hash) goes through the operations
thread like every database write. Each page keeps its original frames (as JPEG) while the
dialog is open, so corners, rotation and enhancement can be changed without a retake.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from devices.capture import pipeline
from devices.capture.errors import CaptureError
from devices.capture.pages import Quad, detect_page
from devices.capture.pipeline import Enhancement, ProcessedPage, Quality
from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from devices.capture.camera import CameraEvent, CameraMonitor, Captured, Preview
    from workstation.core import Workstation
    from workstation.intake import ScannedPage

log = logging.getLogger("ui.capture")

THUMB_HEIGHT = 150
CARD_MIN_AREA = 0.02  # of the frame: an ID-1 card under a camera framed for A4 is ~3-7%
ORIGINAL_JPEG_QUALITY = 92


def _bgr_image(image: np.ndarray) -> QImage:
    """A deep copy as QImage (BGR or grey numpy image)."""
    if image.ndim == 2:
        h, w = image.shape
        return QImage(np.ascontiguousarray(image).data, w, h, w,
                      QImage.Format.Format_Grayscale8).copy()
    h, w = image.shape[:2]
    data = np.ascontiguousarray(image)
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()


def _jpeg(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, ORIGINAL_JPEG_QUALITY])
    if not ok:
        raise CaptureError("page.undecodable", "original could not be kept")
    return bytes(data.tobytes())


def _thumbnail(encoded: bytes) -> np.ndarray:
    page = pipeline.decode(encoded)
    h, w = page.shape[:2]
    scale = THUMB_HEIGHT / h
    small = cv2.resize(page, (max(1, round(w * scale)), THUMB_HEIGHT),
                       interpolation=cv2.INTER_AREA)
    return np.asarray(small)


# -- pages ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Recipe:
    """How a page is made from its originals: everything the clerk can change afterwards."""

    originals: tuple[bytes, ...]  # JPEG of the full frame(s); an ID card: front, back
    quads: tuple[Quad | None, ...]
    enhancement: Enhancement
    dpi: int
    rotation: int = 0
    id_card: bool = False
    straighten: bool = True


@dataclass
class Page:
    key: int
    source: str  # "camera", "scanner", "file" or "attached"
    recipe: Recipe | None  # None: a page attached earlier (no originals any more)
    processed: ProcessedPage | None = None
    stored: ScannedPage | None = None
    thumb: QImage | None = None
    error: str = ""
    generation: int = 0  # bumped by each reprocessing; stale results are dropped

    @property
    def ready(self) -> bool:
        return self.stored is not None

    def warnings(self) -> list[str]:
        if self.processed is None:
            return list(self.stored.warnings) if self.stored else []
        quality = self.processed.quality
        return [w for w, on in (("blurred", quality.blurred),
                                ("glare", quality.glare_warning)) if on]

    def blank(self) -> bool:
        if self.processed is not None:
            return self.processed.blank
        return self.stored.blank if self.stored else False


@dataclass(frozen=True)
class Made:
    """A page processed on a worker thread, ready to store."""

    processed: ProcessedPage
    recipe: Recipe
    thumb: np.ndarray


def card_quad(frame: np.ndarray) -> Quad | None:
    """An ID card in a frame: on a camera framed for A4 it covers only a few percent of
    the picture, below what the page detector looks for by default."""
    return detect_page(frame, min_area=CARD_MIN_AREA)


def make_page(recipe: Recipe, frames: Sequence[np.ndarray] | None = None) -> Made:
    """Process a page from its recipe (worker thread). `frames` are the decoded originals
    when the caller has them at hand (a fresh capture)."""
    images = list(frames) if frames is not None else [pipeline.decode(o)
                                                      for o in recipe.originals]
    if recipe.id_card:
        processed = pipeline.process_id_card(
            images[0], recipe.quads[0], images[1], recipe.quads[1],
            enhancement=recipe.enhancement, dpi=recipe.dpi)
        if recipe.rotation % 4:
            # The composed sheet itself is turned (rare: a sheet the clerk wants landscape).
            page = pipeline.rotate(pipeline.decode(processed.encoded.data), recipe.rotation)
            encoded = pipeline.encode(page, recipe.enhancement, recipe.dpi)
            processed = ProcessedPage(encoded, processed.quality, processed.blank,
                                      processed.skew, processed.quad)
    else:
        processed = pipeline.process(images[0], recipe.quads[0],
                                     enhancement=recipe.enhancement, rotation=recipe.rotation,
                                     dpi=recipe.dpi, straighten=recipe.straighten)
    return Made(processed, recipe, _thumbnail(processed.encoded.data))


# -- camera ---------------------------------------------------------------------------------

class CameraBridge(QObject):
    """Camera events from the monitor thread as queued signals. At most one preview frame
    waits for the main thread: a busy screen skips frames instead of queueing them."""

    preview = Signal(object, object)  # Preview, Quality
    captured = Signal(object)  # Captured
    stopped = Signal(object)  # str code or None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._waiting = False

    def on_event(self, event: CameraEvent) -> None:  # monitor thread
        from devices.capture.camera import Captured, Preview

        if isinstance(event, Preview):
            with self._lock:
                if self._waiting:
                    return
                self._waiting = True
            self.preview.emit(event, pipeline.assess(event.image))
        elif isinstance(event, Captured):
            self.captured.emit(event)
        else:
            self.stopped.emit(event.code)

    def shown(self) -> None:
        with self._lock:
            self._waiting = False


class PreviewView(QWidget):
    """The live picture with the detected page outlined; the outline fills as the page
    holds still (auto-capture fires when it is full)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(480, 360)
        self.image: QImage | None = None
        self.quad: Quad | None = None
        self.steady = 0.0
        self.message = ""

    def show_frame(self, image: QImage, quad: Quad | None, steady: float) -> None:
        self.image, self.quad, self.steady, self.message = image, quad, steady, ""
        self.update()

    def show_message(self, text: str) -> None:
        self.image, self.quad, self.message = None, None, text
        self.update()

    def _target(self) -> tuple[QRectF, float]:
        assert self.image is not None
        w, h = self.image.width(), self.image.height()
        scale = min(self.width() / w, self.height() / h)
        x = (self.width() - w * scale) / 2
        y = (self.height() - h * scale) / 2
        return QRectF(x, y, w * scale, h * scale), scale

    def paintEvent(self, _: object) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202124"))
        if self.image is None:
            painter.setPen(QColor("#e8eaed"))
            painter.drawText(self.rect().adjusted(20, 20, -20, -20),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.message)
            return
        target, scale = self._target()
        painter.drawImage(target, self.image)
        if self.quad is not None:
            corners = [QPointF(target.x() + x * scale, target.y() + y * scale)
                       for x, y in self.quad.points()]
            painter.setPen(QPen(QColor("#80868b"), 2))
            painter.drawPolygon(QPolygonF(corners))
            if self.steady > 0:
                colour = QColor("#34a853") if self.steady >= 1 else QColor("#fbbc04")
                painter.setPen(QPen(colour, 4))
                # The outline fills clockwise from the top-left corner as the page holds still.
                left = self.steady * 4
                for a, b in itertools.pairwise([*corners, corners[0]]):
                    if left <= 0:
                        break
                    part = min(1.0, left)
                    painter.drawLine(a, a + (b - a) * part)
                    left -= 1


class CornerEditor(QDialog):
    """Move the four corners of the page on the original frame: drag with the mouse, or
    Tab to the next corner and move it with the arrow keys (Shift: ten times as far)."""

    def __init__(self, frame: np.ndarray, quad: Quad | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Adjust the page corners"))
        h, w = frame.shape[:2]
        self.full_size = (w, h)
        self.scale = min(1.0, 1100 / max(w, h))
        small = cv2.resize(frame, (round(w * self.scale), round(h * self.scale)),
                           interpolation=cv2.INTER_AREA) if self.scale < 1 else frame
        self.image = _bgr_image(small)
        self.detected = quad
        self.corners = self._points(quad)
        self.current = 0
        self._dragging: int | None = None
        self.canvas = QLabel(self)
        self.canvas.setFixedSize(self.image.size())
        help_text = QLabel(self.tr("Tab: next corner · arrows: move (Shift: faster) · "
                                   "Enter: use these corners · Esc: cancel"), self)
        full = QPushButton(self.tr("&Whole frame"), self)
        full.clicked.connect(self.whole_frame)
        reset = QPushButton(self.tr("&Detected page"), self)
        reset.setEnabled(quad is not None)
        reset.clicked.connect(lambda: self._set(self._points(self.detected)))
        use = QPushButton(self.tr("&Use"), self)
        use.setDefault(True)
        use.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(help_text, 1)
        for button in (full, reset, use, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.canvas, 1)
        layout.addLayout(buttons)
        self.canvas.setMouseTracking(True)
        self.canvas.installEventFilter(self)
        self._paint()

    def _points(self, quad: Quad | None) -> list[tuple[float, float]]:
        w, h = self.full_size
        if quad is None:
            inset = 0.0
            return [(inset, inset), (w - 1 - inset, inset), (w - 1 - inset, h - 1 - inset),
                    (inset, h - 1 - inset)]
        return [(float(x), float(y)) for x, y in quad.points()]

    def _set(self, points: list[tuple[float, float]]) -> None:
        self.corners = points
        self._paint()

    def whole_frame(self) -> None:
        self._set(self._points(None))

    def quad(self) -> Quad:
        return Quad.from_array(np.array(self.corners, dtype=np.float64))

    def move_corner(self, index: int, dx: float, dy: float) -> None:
        w, h = self.full_size
        x, y = self.corners[index]
        self.corners[index] = (min(max(0.0, x + dx), w - 1.0), min(max(0.0, y + dy), h - 1.0))
        self._paint()

    def _paint(self) -> None:
        pixmap = QPixmap.fromImage(self.image)
        painter = QPainter(pixmap)
        points = [QPointF(x * self.scale, y * self.scale) for x, y in self.corners]
        painter.setPen(QPen(QColor("#1a73e8"), 2))
        painter.drawPolygon(QPolygonF(points))
        for i in range(4):
            painter.setPen(QPen(QColor("#d93025") if i == self.current else QColor("#1a73e8"),
                                3))
            painter.drawEllipse(points[i], 9, 9)
        painter.end()
        self.canvas.setPixmap(pixmap)

    def keyPressEvent(self, event: Any) -> None:
        step = (10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0) \
            / self.scale
        moves = {Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0),
                 Qt.Key.Key_Up: (0.0, -step), Qt.Key.Key_Down: (0.0, step)}
        key = Qt.Key(event.key())
        if key in moves:
            self.move_corner(self.current, *moves[key])
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.current = (self.current + (1 if key == Qt.Key.Key_Tab else 3)) % 4
            self._paint()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, _: bool) -> bool:
        return False  # Tab moves between corners, not between buttons

    def eventFilter(self, watched: QObject, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.canvas:
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress:
                pos = event.position()
                distances = [(pos.x() - x * self.scale) ** 2 + (pos.y() - y * self.scale) ** 2
                             for x, y in self.corners]
                nearest = int(np.argmin(distances))
                if distances[nearest] < 30 ** 2:
                    self._dragging = self.current = nearest
                    self._paint()
                return True
            if kind == QEvent.Type.MouseMove and self._dragging is not None:
                pos = event.position()
                x, y = self.corners[self._dragging]
                self.move_corner(self._dragging, pos.x() / self.scale - x,
                                 pos.y() / self.scale - y)
                return True
            if kind == QEvent.Type.MouseButtonRelease:
                self._dragging = None
                return True
        return super().eventFilter(watched, event)


# -- jobs off the main thread ---------------------------------------------------------------

class JobSignals(QObject):
    made = Signal(int, int, object)  # page key, generation, Made
    failed = Signal(int, int, object)  # page key, generation, exception
    imported = Signal(str, object)  # source, Made (a new page from a file or the scanner)
    progress = Signal(str, int, int)  # text, done, total (0 total: unknown)
    finished = Signal(str, object)  # source, exception or None


@dataclass
class Job:
    thread: threading.Thread
    cancel: threading.Event = field(default_factory=threading.Event)


# -- the dialog -----------------------------------------------------------------------------

class CaptureDialog(QDialog):
    """Capture the pages of one material. `pages()` gives the result after accept()."""

    page_added = Signal(int)  # page key: a new page is processed and stored
    pages_changed = Signal()
    camera_failed = Signal(str)  # error code

    def __init__(self, ops: Operations, ws: Workstation, material_name: str,
                 attached: Sequence[ScannedPage] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureDialog")
        self.setWindowTitle(self.tr("Capture: %1").replace("%1", material_name))
        self.setAcceptDrops(True)
        self.ops = ops
        self.ws = ws
        self.material_name = material_name
        self.pages: list[Page] = []
        self._keys = itertools.count(1)
        self._images = ThreadPoolExecutor(max_workers=1, thread_name_prefix="capture")
        self._closed = False
        self.jobs: dict[str, Job] = {}
        self.signals = JobSignals(self)
        self.signals.made.connect(self._made)
        self.signals.failed.connect(self._failed)
        self.signals.imported.connect(self._imported)
        self.signals.progress.connect(self._progress)
        self.signals.finished.connect(self._job_finished)
        self.monitor: CameraMonitor | None = None
        self.bridge = CameraBridge(self)
        self.bridge.preview.connect(self._preview)
        self.bridge.captured.connect(self._captured)
        self.bridge.stopped.connect(self._camera_stopped)
        self._front: tuple[np.ndarray, Quad | None] | None = None  # ID card: front taken
        self.replace_key: int | None = None
        self.corner_editor: CornerEditor | None = None
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.changed = False
        settings = ws.settings
        self.dpi = settings.capture_dpi

        # Sources.
        self.tabs = QTabWidget(self)
        self.preview = PreviewView(self)
        self.preview.setObjectName("cameraPreview")
        self.capture_button = QPushButton(self.tr("Capture (Space)"), self)
        self.capture_button.setObjectName("captureButton")
        self.capture_button.clicked.connect(self.capture)
        self.auto = QCheckBox(self.tr("&Auto-capture when the page holds still"), self)
        self.auto.setChecked(True)
        self.auto.toggled.connect(self._auto_toggled)
        self.document_mode = QRadioButton(self.tr("&Document page"), self)
        self.card_mode = QRadioButton(self.tr("&ID card, front and back on one A4 page"), self)
        self.document_mode.setChecked(True)
        modes = QButtonGroup(self)
        modes.addButton(self.document_mode)
        modes.addButton(self.card_mode)
        self.card_mode.toggled.connect(self._mode_changed)
        self.camera_status = QLabel(self)
        self.camera_status.setObjectName("cameraStatus")
        self.camera_status.setWordWrap(True)
        camera_tab = QWidget(self)
        camera_layout = QVBoxLayout(camera_tab)
        camera_layout.addWidget(self.preview, 1)
        camera_layout.addWidget(self.camera_status)
        row = QHBoxLayout()
        row.addWidget(self.document_mode)
        row.addWidget(self.card_mode)
        row.addStretch(1)
        row.addWidget(self.auto)
        row.addWidget(self.capture_button)
        camera_layout.addLayout(row)

        self.scanner_device = QComboBox(self)
        self.scanner_device.setObjectName("scannerDevice")
        self.scanner_source = QComboBox(self)
        self.scan_button = QPushButton(self.tr("Sca&n"), self)
        self.scan_button.setObjectName("scanButton")
        self.scan_button.clicked.connect(self.scan)
        self.scanner_status = QLabel(self.tr("Looking for scanners…"), self)
        self.scanner_status.setObjectName("scannerStatus")
        self.scanner_status.setWordWrap(True)
        scanner_tab = QWidget(self)
        scanner_layout = QVBoxLayout(scanner_tab)
        form = QHBoxLayout()
        form.addWidget(QLabel(self.tr("Scanner:"), self))
        form.addWidget(self.scanner_device, 1)
        form.addWidget(QLabel(self.tr("Paper from:"), self))
        form.addWidget(self.scanner_source)
        form.addWidget(self.scan_button)
        scanner_layout.addLayout(form)
        scanner_layout.addWidget(self.scanner_status)
        scanner_layout.addStretch(1)

        self.files_button = QPushButton(self.tr("Choose files… (Ctrl+O)"), self)
        self.files_button.clicked.connect(self.choose_files)
        files_tab = QWidget(self)
        files_layout = QVBoxLayout(files_tab)
        drop = QLabel(self.tr("JPEG, PNG, TIFF or PDF files: choose them, or drop them on "
                              "this window."), self)
        drop.setWordWrap(True)
        drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        files_layout.addStretch(1)
        files_layout.addWidget(drop)
        files_layout.addWidget(self.files_button, 0, Qt.AlignmentFlag.AlignCenter)
        files_layout.addStretch(1)
        self.tabs.addTab(camera_tab, self.tr("Document ca&mera"))
        self.tabs.addTab(scanner_tab, self.tr("&Scanner"))
        self.tabs.addTab(files_tab, self.tr("&Files"))
        self.tabs.currentChanged.connect(self._source_changed)

        # Pages.
        self.enhancement = QComboBox(self)
        self.enhancement.setObjectName("enhancement")
        for value, label in ((Enhancement.DOCUMENT, self.tr("Black and white document")),
                             (Enhancement.GREY, self.tr("Grey")),
                             (Enhancement.COLOUR, self.tr("Colour"))):
            self.enhancement.addItem(label, value.value)
        self.enhancement.setCurrentIndex(max(0, self.enhancement.findData(
            settings.capture_enhancement)))
        self.enhancement.activated.connect(self._enhancement_chosen)
        self.list = QListWidget(self)
        self.list.setObjectName("capturedPages")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setIconSize(QSize(THUMB_HEIGHT, THUMB_HEIGHT))
        self.list.setMovement(QListWidget.Movement.Snap)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.list.currentRowChanged.connect(lambda _: self._update_actions())
        self.page_note = QLabel(self)
        self.page_note.setObjectName("pageNote")
        self.page_note.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.hide()
        self.stop_button.clicked.connect(self.stop_jobs)
        self.disk_warning = QLabel(self)
        self.disk_warning.setObjectName("diskWarning")
        self.disk_warning.setWordWrap(True)
        self.disk_warning.setStyleSheet("color: #b3261e; font-weight: bold;")
        self.disk_warning.hide()
        self.message = QLabel(self)
        self.message.setObjectName("captureMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("savePages")
        self.save_button.clicked.connect(self.save)
        self.save_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.clicked.connect(self.reject)

        tools = QHBoxLayout()
        self.tool_buttons: dict[str, QPushButton] = {}
        for name, label in (("left", self.tr("◀ Earlier (Ctrl+←)")),
                            ("right", self.tr("Later ▶ (Ctrl+→)")),
                            ("rotate", self.tr("Rotate (Ctrl+R)")),
                            ("corners", self.tr("Corners… (Ctrl+E)")),
                            ("replace", self.tr("Retake (Ctrl+T)")),
                            ("delete", self.tr("Delete (Del)"))):
            button = QPushButton(label, self)
            button.setObjectName(f"page_{name}")
            self.tool_buttons[name] = button
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(QLabel(self.tr("Look:"), self))
        tools.addWidget(self.enhancement)
        self.tool_buttons["left"].clicked.connect(lambda: self.move_selected(-1))
        self.tool_buttons["right"].clicked.connect(lambda: self.move_selected(1))
        self.tool_buttons["rotate"].clicked.connect(self.rotate_selected)
        self.tool_buttons["corners"].clicked.connect(self.adjust_corners)
        self.tool_buttons["replace"].clicked.connect(self.retake_selected)
        self.tool_buttons["delete"].clicked.connect(self.delete_selected)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.stop_button)
        bottom.addWidget(self.message, 2)
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.disk_warning)
        layout.addWidget(self.tabs, 3)
        layout.addLayout(tools)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.page_note)
        layout.addLayout(bottom)
        for keys, slot in (
            (["Space"], self.capture),
            (["Ctrl+O"], self.choose_files),
            (["Ctrl+Left"], lambda: self.move_selected(-1)),
            (["Ctrl+Right"], lambda: self.move_selected(1)),
            (["Ctrl+R"], self.rotate_selected),
            (["Ctrl+E"], self.adjust_corners),
            (["Ctrl+T"], self.retake_selected),
            (["Delete"], self.delete_selected),
            (["Ctrl+Return", "Ctrl+Enter"], self.save),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(slot)
            self.addAction(action)
        self.resize(1100, 860)

        for scanned in attached:
            page = Page(next(self._keys), "attached", None, stored=scanned)
            self.pages.append(page)
            self._add_item(page)
            self._load_thumbnail(page)
        self._scanners_listed = False
        self._refresh()
        self._check_disk()

    def _check_disk(self) -> None:
        """Warn before the disk that keeps the scans runs full (township offices may not
        sync for days)."""
        floor = self.ws.settings.min_free_mb

        def checked(free: int) -> None:
            if free < floor:
                self.disk_warning.setText(self.tr(
                    "Only %1 MB of disk space is left for scans. Tell support before it "
                    "runs out; pages already taken are safe.").replace("%1", str(free)))
                self.disk_warning.show()

        self._background(self.ws.free_space_mb, checked, lambda _: None)

    # -- lifecycle --------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.tabs.currentIndex() == 0 and self.monitor is None:
            self.open_camera()

    def done(self, result: int) -> None:
        if result != QDialog.DialogCode.Accepted and self.changed \
                and not self.confirm_discard():
            return
        self.shut_down()
        super().done(result)

    def shut_down(self) -> None:
        """Stop the camera, the jobs and the image worker (waits for them)."""
        if self._closed:
            return
        self._closed = True
        self.close_camera()
        self.stop_jobs()
        for job in self.jobs.values():
            job.thread.join(10)
        self._images.shutdown(wait=True, cancel_futures=True)

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self, self.windowTitle(),
            self.tr("Close without attaching the pages captured here?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    # -- camera -----------------------------------------------------------------------------

    def open_camera(self) -> None:
        """Open the configured camera (on the image worker: opening may take a second)."""
        ws = self.ws
        self.preview.show_message(self.tr("Starting the document camera…"))

        def opened(source: Any) -> None:
            from devices.capture.camera import CameraMonitor

            if self._closed:
                source.release()
                return
            if source is None:
                self.preview.show_message(self.tr(
                    "No document camera is set up. Choose one in Settings, or use the "
                    "scanner or files."))
                return
            self.monitor = CameraMonitor(source, self.bridge.on_event,
                                         auto=self.auto.isChecked())
            self.monitor.start()

        def failed(error: BaseException) -> None:
            code = getattr(error, "code", "camera.not_found")
            self.preview.show_message(describe(error))
            self.camera_failed.emit(str(code))

        self._background(ws.camera_source, opened, failed)

    def close_camera(self) -> None:
        monitor, self.monitor = self.monitor, None
        if monitor is not None and not monitor.stop(3.0):
            log.warning("the camera did not stop in time; it is released when its read ends")

    def _preview(self, event: Preview, quality: Quality) -> None:
        self.bridge.shown()
        if self.monitor is None:
            return
        self.preview.show_frame(_bgr_image(event.image), event.quad, event.steady)
        notes = []
        if event.quad is None:
            notes.append(self.tr("No page found: the whole picture will be taken."))
        if quality.blurred:
            notes.append(self.tr("Blurred: hold still or check the focus."))
        if quality.glare_warning:
            notes.append(self.tr("Glare on the page: tilt it or dim the light."))
        if self._front is not None:
            notes.append(self.tr("Front taken. Turn the card over for the back."))
        self.camera_status.setText(" ".join(notes))

    def _captured(self, event: Captured) -> None:
        if self._closed:
            return
        if self.card_mode.isChecked():
            if self._front is None:
                self._front = (event.frame, event.quad)
                self.camera_status.setText(self.tr("Front taken. Turn the card over for the "
                                                   "back."))
                return
            (front, front_quad), self._front = self._front, None
            frames = [front, event.frame]
            quads: tuple[Quad | None, ...] = (front_quad, event.quad)
            card = True
        else:
            frames, quads, card = [event.frame], (event.quad,), False
        enhancement = Enhancement(self.enhancement.currentData())
        dpi = self.dpi

        def work() -> Made:
            found = tuple(card_quad(f) or q for f, q in zip(frames, quads, strict=True)) \
                if card else quads
            recipe = Recipe(tuple(_jpeg(f) for f in frames), found, enhancement, dpi,
                            id_card=card)
            return make_page(recipe, frames)

        self._new_page("camera", work)

    def _camera_stopped(self, code: str | None) -> None:
        self.monitor = None
        if code is not None and not self._closed:
            self.preview.show_message(describe(CaptureError(code)))
            self.camera_failed.emit(code)

    def capture(self) -> None:
        if self.tabs.currentIndex() != 0:
            return
        if self.monitor is None:
            self.open_camera()
            return
        self.monitor.capture()

    def _auto_toggled(self, on: bool) -> None:
        if self.monitor is not None:
            self.monitor.set_auto(on)

    def _mode_changed(self, card: bool) -> None:
        self._front = None
        self.camera_status.setText(self.tr("Put the card's front under the camera.")
                                   if card else "")

    def _source_changed(self, index: int) -> None:
        if index == 0:
            if self.monitor is None:
                self.open_camera()
        else:
            self.close_camera()
        if index == 1 and not self._scanners_listed:
            self._list_scanners()

    # -- scanner ----------------------------------------------------------------------------

    def _list_scanners(self) -> None:
        from devices.capture.simulated_scanner import SIMULATED_DEVICE

        self._scanners_listed = True
        preferred = self.ws.settings.scanner_device

        def listed(found: list[Any]) -> None:
            self.scanner_device.clear()
            for info in found:
                if info.device == SIMULATED_DEVICE:  # sandbox mode: the demo papers
                    self.scanner_device.addItem(self.tr("Simulated scanner for training"),
                                                info.device)
                    continue
                self.scanner_device.addItem(f"{info.vendor} {info.model}".strip()
                                            or info.device, info.device)
            if preferred and self.scanner_device.findData(preferred) < 0:
                self.scanner_device.addItem(preferred, preferred)
            index = self.scanner_device.findData(preferred)
            self.scanner_device.setCurrentIndex(max(0, index))
            self.scanner_status.setText("" if self.scanner_device.count() else self.tr(
                "No scanner found. Check that it is switched on and connected."))
            self._fill_sources()
            self._refresh()

        def failed(error: BaseException) -> None:
            self.scanner_status.setText(describe(error))
            self._refresh()

        self._background(self.ws.scanners, listed, failed)

    def _fill_sources(self) -> None:
        self.scanner_source.clear()
        for value, label in (("flatbed", self.tr("Flatbed")),
                             ("adf", self.tr("Document feeder")),
                             ("adf_duplex", self.tr("Document feeder, both sides"))):
            self.scanner_source.addItem(label, value)
        self.scanner_source.setCurrentIndex(max(0, self.scanner_source.findData(
            self.ws.settings.scanner_source)))

    def scan(self) -> None:
        from devices.capture import scanner

        device = self.scanner_device.currentData()
        if not device or "scanner" in self.jobs:
            return
        enhancement = Enhancement(self.enhancement.currentData())
        mode = scanner.ColourMode.COLOUR if enhancement is Enhancement.COLOUR \
            else scanner.ColourMode.GREY  # thresholding works best on a grey scan
        settings = scanner.ScanSettings(
            device=str(device), source=scanner.Source(self.scanner_source.currentData()),
            mode=mode, resolution=self.ws.settings.scan_resolution)
        self.scan_with(settings)

    def scan_with(self, settings: Any) -> None:
        """Scan with these settings (tests give driver options of the SANE test backend)."""
        enhancement = Enhancement(self.enhancement.currentData())
        signals = self.signals
        ws = self.ws

        next_page = self.tr("Scanning page %1…")

        def run(cancel: threading.Event) -> None:
            dpi = [settings.resolution]
            reading = [next_page.replace("%1", "1")]

            def on_start(granted: int) -> None:
                dpi[0] = granted

            def on_progress(fraction: float) -> None:
                signals.progress.emit(reading[0], round(fraction * 100), 100)

            def on_page(image: np.ndarray, index: int) -> None:
                reading[0] = next_page.replace("%1", str(index + 2))
                signals.progress.emit(reading[0], 0, 0)
                recipe = Recipe((_jpeg(image),), (None,), enhancement, dpi[0])
                signals.imported.emit("scanner", make_page(recipe, [image]))

            signals.progress.emit(reading[0], 0, 0)
            ws.scan(settings, on_page, cancel, on_progress=on_progress, on_start=on_start)

        self._start_job("scanner", run)

    # -- files ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        from devices.capture.files import SUPPORTED_SUFFIXES

        if self.tabs.currentIndex() != 2:
            self.tabs.setCurrentIndex(2)
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Choose files"), str(Path.home()),
            self.tr("Images and PDF (%1)").replace("%1", patterns))
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, paths: Sequence[Path]) -> None:
        """Import the pages of these files, one after the other; a bad file is reported
        and the others still come in."""
        from devices.capture import files

        if "file" in self.jobs:
            self.message.setText(self.tr("Wait until the files being imported are in."))
            return
        enhancement = Enhancement(self.enhancement.currentData())
        capture_dpi = self.dpi
        signals = self.signals
        names = [p.name for p in paths]

        template = self.tr("File %1 of %2: page %3 of %4")

        def run(cancel: threading.Event) -> None:
            problems: list[str] = []
            for number, path in enumerate(paths, start=1):
                def report(done: int, total: int, n: int = number) -> None:
                    text = template.replace("%1", str(n)).replace("%2", str(len(paths)))
                    signals.progress.emit(text.replace("%3", str(min(done + 1, total)))
                                          .replace("%4", str(total)), done, total)

                try:
                    info = files.inspect(path)
                    pages = files.load_pages(path, dpi=capture_dpi, cancel=cancel,
                                             on_progress=report)
                    for loaded in pages:
                        image = loaded.image
                        # A photo of a paper (not a scan or a PDF page): find the page in it.
                        quad = detect_page(image) if info.kind in ("jpeg", "png") else None
                        recipe = Recipe((_jpeg(image),), (quad,), enhancement,
                                        capture_dpi if quad is not None else loaded.dpi)
                        signals.imported.emit("file", make_page(recipe, [image]))
                        if cancel.is_set():
                            return
                except CaptureError as exc:
                    problems.append(f"{names[number - 1]}: {describe(exc)}")
            if problems:
                raise _FileProblems(problems)

        self._start_job("file", run)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    # -- background work --------------------------------------------------------------------

    def _background(self, work: Callable[[], Any], on_success: Callable[[Any], None],
                    on_failure: Callable[[BaseException], None]) -> None:
        """Run on the image worker; the answer comes back on the main thread."""
        relay = _Relay(self)

        def deliver(outcome: tuple[str, Any]) -> None:
            relay.deleteLater()
            kind, value = outcome
            (on_success if kind == "ok" else on_failure)(value)

        relay.done.connect(deliver)

        def run() -> None:
            try:
                value = work()
            except BaseException as exc:  # noqa: BLE001 (reported to the clerk)
                relay.done.emit(("error", exc))
                return
            relay.done.emit(("ok", value))

        if not self._closed:
            self._images.submit(run)

    def _start_job(self, source: str, run: Callable[[threading.Event], None]) -> None:
        job = Job(threading.Thread(target=lambda: None))
        signals = self.signals

        def body() -> None:
            error: BaseException | None = None
            try:
                run(job.cancel)
            except BaseException as exc:  # noqa: BLE001 (reported to the clerk)
                error = exc
            signals.finished.emit(source, error)

        job.thread = threading.Thread(target=body, name=f"capture-{source}", daemon=True)
        self.jobs[source] = job
        self.message.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.show()
        job.thread.start()
        self._refresh()

    def stop_jobs(self) -> None:
        for job in self.jobs.values():
            job.cancel.set()

    def _progress(self, text: str, done: int, total: int) -> None:
        self.progress.setFormat(text)
        self.progress.setTextVisible(True)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def _job_finished(self, source: str, error: BaseException | None) -> None:
        job = self.jobs.pop(source, None)
        if job is not None:
            job.thread.join(5)
        if not self.jobs:
            self.progress.hide()
            self.stop_button.hide()
        if isinstance(error, _FileProblems):
            self.message.setText("\n".join(error.problems))
        elif error is not None:
            text = describe(error)
            done = getattr(error, "pages_done", 0)
            if source == "scanner" and done:
                text = self.tr("%1 pages scanned are kept. %2").replace(
                    "%1", str(done)).replace("%2", text)
            self.message.setText(text)
        self._refresh()

    # -- pages ------------------------------------------------------------------------------

    def _new_page(self, source: str, work: Callable[[], Made]) -> None:
        """A page is being made on the image worker."""
        page = self._place(Page(next(self._keys), source, None))
        self._submit(page, work)

    def _imported(self, source: str, made: Made) -> None:
        page = self._place(Page(next(self._keys), source, made.recipe))
        self._made(page.key, page.generation, made)

    def _place(self, page: Page) -> Page:
        """A new page goes last, or in the place of the page being retaken."""
        replaced = self._take_replace_slot()
        if replaced is None:
            self.pages.append(page)
        else:
            self.pages[replaced] = page
        self._sync_list()
        return page

    def _submit(self, page: Page, work: Callable[[], Made]) -> None:
        """Make the page on the image worker; the result is dropped if the page changed
        (or went) meanwhile."""
        generation = page.generation
        signals = self.signals

        def run() -> None:
            try:
                made = work()
            except BaseException as exc:  # noqa: BLE001 (reported to the clerk)
                signals.failed.emit(page.key, generation, exc)
                return
            signals.made.emit(page.key, generation, made)

        if not self._closed:
            self._images.submit(run)

    def _take_replace_slot(self) -> int | None:
        key, self.replace_key = self.replace_key, None
        for index, page in enumerate(self.pages):
            if page.key == key:
                return index
        return None

    def _page(self, key: int) -> Page | None:
        return next((p for p in self.pages if p.key == key), None)

    def _made(self, key: int, generation: int, made: Made) -> None:
        page = self._page(key)
        if page is None or page.generation != generation or self._closed:
            return
        page.recipe = made.recipe
        page.processed = made.processed
        page.thumb = _bgr_image(made.thumb)
        page.error = ""
        encoded = made.processed.encoded
        ws = self.ws

        def store() -> ScannedPage:
            return ws.store_page(encoded.data, encoded.media_type, width=encoded.width,
                                 height=encoded.height, dpi=encoded.dpi,
                                 blank=made.processed.blank, warnings=page.warnings())

        def stored(scanned: ScannedPage) -> None:
            if page.generation != generation:
                return
            page.stored = scanned
            self.changed = True
            self._sync_list()
            self.page_added.emit(page.key)

        def failed(error: BaseException) -> None:
            page.error = describe(error)
            self._sync_list()

        self.ops.run(store, stored, failed)

    def _failed(self, key: int, generation: int, error: BaseException) -> None:
        page = self._page(key)
        if page is None or page.generation != generation:
            return
        page.error = describe(error)
        self._sync_list()

    def _load_thumbnail(self, page: Page) -> None:
        assert page.stored is not None
        sha = page.stored.sha256
        ws = self.ws

        def shown(thumb: np.ndarray) -> None:
            page.thumb = _bgr_image(thumb)
            self._sync_list()

        def failed(error: BaseException) -> None:
            page.error = describe(error)
            self._sync_list()

        self._background(lambda: _thumbnail(ws.page_bytes(sha)), shown, failed)

    def _reprocess(self, page: Page, change: Callable[[Recipe], Recipe]) -> None:
        if page.recipe is None:
            recipe = self._recipe_of_attached(page)
            if recipe is None:
                return
        else:
            recipe = page.recipe
        new = change(recipe)
        page.generation += 1
        page.stored = None
        page.processed = None
        self._sync_list()
        self._submit(page, lambda: make_page(new))

    def _recipe_of_attached(self, page: Page) -> Recipe | None:
        """A page attached earlier can still be turned: it is its own original."""
        if page.stored is None:
            return None
        data = self.ws.page_bytes(page.stored.sha256)
        enhancement = Enhancement.DOCUMENT if page.stored.media_type == "image/png" \
            else Enhancement.COLOUR
        return Recipe((data,), (None,), enhancement, page.stored.dpi, straighten=False)

    # -- the page list ----------------------------------------------------------------------

    def _add_item(self, page: Page) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, page.key)
        item.setSizeHint(QSize(THUMB_HEIGHT + 30, THUMB_HEIGHT + 60))
        self.list.addItem(item)

    def _sync_list(self) -> None:
        """Make the list show `self.pages` in order, keeping the selection."""
        current = self.selected()
        selected_key = current.key if current is not None else None
        self.list.blockSignals(True)
        while self.list.count() > len(self.pages):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(self.pages):
            self._add_item(self.pages[self.list.count()])
        for row, page in enumerate(self.pages):
            item = self.list.item(row)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setText(self._caption(row, page))
            if page.thumb is not None:
                item.setIcon(QPixmap.fromImage(page.thumb))
            if page.key == selected_key:
                self.list.setCurrentRow(row)
        if selected_key is None and self.pages:
            self.list.setCurrentRow(len(self.pages) - 1)
        self.list.blockSignals(False)
        self._refresh()

    def _caption(self, row: int, page: Page) -> str:
        parts = [self.tr("Page %1").replace("%1", str(row + 1))]
        if page.error:
            parts.append(self.tr("failed"))
        elif not page.ready:
            parts.append(self.tr("processing…"))
        else:
            if page.blank():
                parts.append(self.tr("looks blank"))
            names = {"blurred": self.tr("blurred"), "glare": self.tr("glare")}
            parts += [names.get(w, w) for w in page.warnings()]
        return "\n".join(parts)

    def selected(self) -> Page | None:
        row = self.list.currentRow()
        return self.pages[row] if 0 <= row < len(self.pages) else None

    def _rows_moved(self, *_: object) -> None:
        order = [self.list.item(r).data(Qt.ItemDataRole.UserRole)
                 for r in range(self.list.count())]
        by_key = {p.key: p for p in self.pages}
        self.pages = [by_key[k] for k in order]
        self.changed = True
        self._sync_list()

    def move_selected(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if not (0 <= row < len(self.pages) and 0 <= target < len(self.pages)):
            return
        self.pages[row], self.pages[target] = self.pages[target], self.pages[row]
        self.changed = True
        self.list.setCurrentRow(target)
        self._sync_list()
        self.list.setCurrentRow(target)
        self.pages_changed.emit()

    def delete_selected(self) -> None:
        page = self.selected()
        if page is None:
            return
        row = self.pages.index(page)
        del self.pages[row]
        page.generation += 1  # a result still on its way is dropped
        self.changed = True
        self.list.setCurrentRow(min(row, len(self.pages) - 1))
        self._sync_list()
        self.pages_changed.emit()

    def rotate_selected(self) -> None:
        page = self.selected()
        if page is None or not page.ready:
            return
        self._reprocess(page, lambda r: dataclasses.replace(r, rotation=(r.rotation + 1) % 4))
        self.changed = True

    def _enhancement_chosen(self, _: int) -> None:
        """The look applies to the selected page (and to the pages captured next)."""
        page = self.selected()
        if page is None or not page.ready or page.recipe is None:
            return
        enhancement = Enhancement(self.enhancement.currentData())
        if page.recipe.enhancement is enhancement:
            return
        self._reprocess(page, lambda r: dataclasses.replace(r, enhancement=enhancement))
        self.changed = True

    def adjust_corners(self) -> None:
        """Open the corner editor on the selected page's original frame."""
        page = self.selected()
        if page is None or page.recipe is None or not page.ready or page.recipe.id_card:
            return
        frame = pipeline.decode(page.recipe.originals[0])
        editor = CornerEditor(frame, page.recipe.quads[0], self)
        editor.setObjectName("cornerEditor")
        self.corner_editor = editor
        dpi = self.dpi

        def finished(result: int) -> None:
            self.corner_editor = None
            editor.deleteLater()
            if result != QDialog.DialogCode.Accepted or page not in self.pages:
                return
            quad = editor.quad()
            self._reprocess(page, lambda r: dataclasses.replace(r, quads=(quad,), dpi=dpi))
            self.changed = True

        editor.finished.connect(finished)
        editor.open()

    def retake_selected(self) -> None:
        """The next page captured, scanned or imported takes the selected page's place."""
        page = self.selected()
        if page is None:
            return
        self.replace_key = page.key
        self.page_note.setText(self.tr("The next page taken replaces page %1.").replace(
            "%1", str(self.pages.index(page) + 1)))

    # -- state ------------------------------------------------------------------------------

    def _update_actions(self) -> None:
        page = self.selected()
        ready = page is not None and page.ready
        row = self.list.currentRow()
        self.tool_buttons["left"].setEnabled(page is not None and row > 0)
        self.tool_buttons["right"].setEnabled(page is not None and row < len(self.pages) - 1)
        self.tool_buttons["rotate"].setEnabled(ready)
        self.tool_buttons["corners"].setEnabled(
            ready and page is not None and page.recipe is not None
            and not page.recipe.id_card)
        self.tool_buttons["replace"].setEnabled(page is not None)
        self.tool_buttons["delete"].setEnabled(page is not None)
        if page is not None and page.ready:
            notes = []
            if page.blank():
                notes.append(self.tr("This page looks blank. It stays unless you delete it."))
            if "blurred" in page.warnings():
                notes.append(self.tr("This page looks blurred; consider retaking it."))
            if "glare" in page.warnings():
                notes.append(self.tr("Glare may hide part of this page; consider retaking "
                                     "it."))
            if self.replace_key is None:
                self.page_note.setText(" ".join(notes))

    def _refresh(self) -> None:
        busy = bool(self.jobs) or any(not p.ready and not p.error for p in self.pages)
        count = sum(1 for p in self.pages if p.ready)
        self.save_button.setText(self.tr("Attach %1 pages (Ctrl+Enter)").replace(
            "%1", str(count)))
        self.save_button.setEnabled(not busy and not any(p.error for p in self.pages))
        self.scan_button.setEnabled(bool(self.scanner_device.count())
                                    and "scanner" not in self.jobs)
        self._update_actions()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.accept()

    def result_pages(self) -> list[ScannedPage]:
        """The pages in order, as they go on the material (after accept())."""
        return [p.stored for p in self.pages if p.stored is not None]


class _Relay(QObject):
    done = Signal(object)  # ("ok", value) or ("error", exception)


class _FileProblems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
