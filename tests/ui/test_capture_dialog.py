"""The capture dialog with real sources: a video file as the document camera, files of
every kind (good and bad), and the page list driven from the keyboard."""

from __future__ import annotations

import dataclasses
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from devices.capture import demo, pipeline
from devices.capture.simulated_scanner import FEEDER_STACK, SIMULATED_DEVICE, SimulatedScanner
from tests.devices.test_capture_scanner import (  # noqa: F401 (an autouse fixture)
    BACKEND_DEFAULTS,
    _scanner_takes_a_moment_to_start,
)
from tests.system.services import require
from ui.capture_dialog import CaptureDialog
from ui.ops import Operations
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

FRAME = (1280, 960)
PAGE_CORNERS = np.array([[370, 100], [910, 112], [922, 868], [358, 858]], np.float32)


def desk() -> np.ndarray:
    return np.full((FRAME[1], FRAME[0], 3), (60, 90, 130), np.uint8)


def write_video(path: Path, frames: Iterator[np.ndarray]) -> Path:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 25.0, FRAME)
    assert writer.isOpened()
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


def one_page_video(path: Path) -> Path:
    """An empty desk, then the application form lying still for two seconds; then the
    stream ends (the camera is unplugged)."""
    page = demo.demo_document("application_form").image

    def frames() -> Iterator[np.ndarray]:
        for _ in range(8):
            yield desk()
        still = desk()
        demo.paste_page(still, page, PAGE_CORNERS)
        for _ in range(50):
            yield still

    return write_video(path, frames())


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workstation]:
    opened = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "data"), server_url="",
                         vault=FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


@pytest.fixture
def sandbox_ws(tmp_path: Path) -> Iterator[Workstation]:
    """A sandbox (training) workstation; no embedded server is needed to capture."""
    opened = Workstation(paths_for(Mode.SANDBOX, tmp_path / "sandbox"), server_url="",
                         vault=FileVault(tmp_path / "vault.json"))
    yield opened
    opened.close()


def dialog_for(qtbot: QtBot, ops: Operations, ws: Workstation,
               attached: list[object] | None = None) -> CaptureDialog:
    dialog = CaptureDialog(ops, ws, "身份证明", attached or [])  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.confirm_discard = lambda: True
    return dialog


def scanner_available() -> bool:
    try:
        import sane  # noqa: F401
    except ImportError:
        return False
    return True


def settle(qtbot: QtBot, dialog: CaptureDialog, count: int) -> None:
    qtbot.waitUntil(lambda: len(dialog.pages) == count
                    and all(p.ready or p.error for p in dialog.pages)
                    and not dialog.jobs, timeout=30000)


def test_the_camera_captures_a_resting_page_once_and_an_unplug_keeps_it(
    qtbot: QtBot, ops: Operations, ws: Workstation, tmp_path: Path
) -> None:
    video = one_page_video(tmp_path / "camera.avi")
    ws.save_settings(dataclasses.replace(ws.settings, camera_device=str(video),
                                         camera_width=FRAME[0], camera_height=FRAME[1]))
    dialog = dialog_for(qtbot, ops, ws)
    with qtbot.waitSignal(dialog.camera_failed, timeout=20000) as stopped:
        dialog.show()
    assert stopped.args == ["camera.ended"]  # the video ran out: the camera is gone
    settle(qtbot, dialog, 1)
    assert "unplugged" in dialog.preview.message
    page = dialog.pages[0]
    assert page.source == "camera" and page.ready and not page.blank()
    encoded = page.processed.encoded if page.processed else None
    assert encoded is not None and encoded.media_type == "image/png"  # black and white
    # Cropped to the page and straightened to A4 at the capture resolution (200 dpi).
    assert (encoded.width, encoded.height) == (1654, 2339)
    assert dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    [stored] = dialog.result_pages()
    assert ws.page_bytes(stored.sha256) == encoded.data


def test_no_camera_says_so_and_files_still_work(
    qtbot: QtBot, ops: Operations, ws: Workstation, tmp_path: Path
) -> None:
    ws.save_settings(dataclasses.replace(ws.settings, camera_device="/dev/video97"))
    dialog = dialog_for(qtbot, ops, ws)
    with qtbot.waitSignal(dialog.camera_failed, timeout=10000) as failed:
        dialog.show()
    assert failed.args == ["camera.not_found"]
    assert "not connected" in dialog.preview.message
    good = tmp_path / "photo.png"
    Image.fromarray(demo.demo_document("table").image[:, :, ::-1]).save(good, dpi=(100, 100))
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    whole = io.BytesIO()
    Image.fromarray(demo.demo_document("application_form").image[:, :, ::-1]).save(
        whole, "JPEG")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    # Dropped on the dialog, as from the file manager.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, empty, cut)])
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    dialog.dropEvent(drop)
    assert drop.isAccepted()
    settle(qtbot, dialog, 1)
    assert dialog.pages[0].source == "file"
    text = dialog.message.text()
    assert "empty.jpg" in text and "empty (0 bytes)" in text
    assert "cut.jpg" in text and "incomplete" in text
    dialog.reject()


def test_pages_are_reordered_turned_and_deleted_from_the_keyboard(
    qtbot: QtBot, ops: Operations, ws: Workstation, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, ops, ws)
    dialog.show()
    pdf = tmp_path / "three.pdf"
    images = [Image.fromarray(demo.demo_document(k).image[:, :, ::-1]).convert("RGB")
              for k in ("application_form", "table", "blank")]
    images[0].save(pdf, "PDF", resolution=100, save_all=True, append_images=images[1:])
    dialog.import_files([pdf])
    settle(qtbot, dialog, 3)
    first, second, third = dialog.pages
    assert third.blank() and not first.blank()  # flagged, not dropped
    assert "looks blank" in dialog.list.item(2).text()
    dialog.list.setCurrentRow(1)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert dialog.pages == [second, first, third]
    before = second.stored
    assert before is not None
    qtbot.keyClick(dialog.list, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: second.ready, timeout=10000)
    assert second.stored is not None and second.stored.sha256 != before.sha256
    assert (second.stored.width, second.stored.height) == (before.height, before.width)
    # The look of one page changes without a retake: black and white to colour (JPEG).
    assert second.stored.media_type == "image/png"
    dialog.enhancement.setCurrentIndex(dialog.enhancement.findData("colour"))
    dialog.enhancement.activated.emit(dialog.enhancement.currentIndex())
    qtbot.waitUntil(lambda: second.ready, timeout=10000)
    assert second.stored is not None and second.stored.media_type == "image/jpeg"
    dialog.list.setCurrentRow(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.pages == [second, first]
    # Retake the first page: the next page taken goes in its place.
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog.list, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert "replaces page 1" in dialog.page_note.text()
    png = tmp_path / "again.png"
    Image.fromarray(demo.demo_document("business_licence").image[:, :, ::-1]).save(png)
    dialog.import_files([png])
    settle(qtbot, dialog, 2)
    retaken = dialog.pages[0]
    assert retaken is not second and retaken.source == "file" and dialog.pages[1] is first
    second = retaken
    dialog.save()
    assert [p.sha256 for p in dialog.result_pages()] == [
        p.stored.sha256 for p in (second, first) if p.stored]


def test_corners_are_moved_with_the_keyboard_and_the_page_is_cut_again(
    qtbot: QtBot, ops: Operations, ws: Workstation, tmp_path: Path
) -> None:
    photo = desk()
    demo.paste_page(photo, demo.demo_document("application_form").image, PAGE_CORNERS)
    path = tmp_path / "photo.jpg"
    Image.fromarray(photo[:, :, ::-1]).save(path, "JPEG", quality=92)
    dialog = dialog_for(qtbot, ops, ws)
    dialog.show()
    dialog.import_files([path])
    settle(qtbot, dialog, 1)
    page = dialog.pages[0]
    assert page.recipe is not None and page.recipe.quads[0] is not None  # found in the photo
    found = page.recipe.quads[0].as_array()
    assert np.abs(found - PAGE_CORNERS).max() < 12
    dialog.list.setCurrentRow(0)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = dialog.corner_editor
    assert editor is not None
    qtbot.waitExposed(editor)
    qtbot.keyClick(editor, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # whole frame
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # the top-right corner
    for _ in range(3):
        qtbot.keyClick(editor, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    expected = editor.quad().as_array()
    assert expected[1][0] < FRAME[0] - 1 - 25
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.ready and page.recipe is not None
                    and page.recipe.quads[0] is not None
                    and np.allclose(page.recipe.quads[0].as_array(), expected),
                    timeout=10000)
    dialog.save()


def test_an_id_card_front_and_back_make_one_true_size_a4_page(
    qtbot: QtBot, ops: Operations, ws: Workstation
) -> None:
    dialog = dialog_for(qtbot, ops, ws)
    dialog.tabs.setCurrentIndex(2)  # no camera: captures are given below
    dialog.show()
    dialog.card_mode.setChecked(True)
    # A camera framed for A4 (about 3 px/mm): the card covers some 3% of the picture,
    # too little for the page detector's default, so the card mode looks for it itself.
    sides = []
    for key in ("id_card_front", "id_card_back"):
        frame = desk()
        corners = np.array([[500, 380], [757, 384], [755, 546], [498, 542]], np.float32)
        document = demo.demo_document(key)
        demo.paste_page(frame, document.image, corners, document.alpha)
        sides.append(frame)
    from devices.capture.camera import Captured
    from devices.capture.pages import detect_page

    for frame in sides:
        assert detect_page(frame) is None
        dialog._captured(Captured(frame, None, auto=False))
    settle(qtbot, dialog, 1)
    recipe = dialog.pages[0].recipe
    assert recipe is not None and recipe.id_card
    for found in recipe.quads:
        assert found is not None and np.abs(found.as_array() - corners).max() < 6
    encoded = dialog.pages[0].processed.encoded  # type: ignore[union-attr]
    assert (encoded.width, encoded.height) == (1654, 2339)  # A4 at 200 dpi
    page = pipeline.decode(encoded.data)
    dark = page < 200 if page.ndim == 2 else page.min(axis=2) < 200
    rows = np.flatnonzero(dark.any(axis=1))
    assert rows.size and rows[0] < 2339 // 2 < rows[-1]  # front above, back below
    dialog.save()


def test_a_feeder_batch_comes_in_page_by_page_and_a_jam_keeps_what_was_scanned(
    qtbot: QtBot, ops: Operations, ws: Workstation
) -> None:
    from devices.capture import scanner

    require(scanner_available(), "python-sane is not installed")
    dialog = dialog_for(qtbot, ops, ws)
    dialog.tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.scanner_device.count() == 2, timeout=20000)
    assert dialog.scanner_device.currentData() == "test:0" and dialog.scan_button.isEnabled()
    feeder = scanner.ScanSettings("test:0", source=scanner.Source.ADF,
                                  mode=scanner.ColourMode.GREY, resolution=50,
                                  extra_options=BACKEND_DEFAULTS)
    dialog.scan_with(feeder)
    settle(qtbot, dialog, 10)  # the test backend's feeder holds ten sheets
    assert all(p.source == "scanner" and p.ready for p in dialog.pages)
    assert dialog.message.text() == ""
    assert {p.stored.dpi for p in dialog.pages if p.stored} == {50}
    jammed = dataclasses.replace(feeder, source=scanner.Source.FLATBED, extra_options={
        **BACKEND_DEFAULTS, "read-return-value": "SANE_STATUS_JAMMED"})
    dialog.scan_with(jammed)
    qtbot.waitUntil(lambda: not dialog.jobs, timeout=20000)
    assert "Paper jam" in dialog.message.text()
    assert len(dialog.pages) == 10  # nothing already scanned is lost
    dialog.save()
    assert len(dialog.result_pages()) == 10


def test_a_disk_nearly_full_is_said_before_scanning(
    qtbot: QtBot, ops: Operations, ws: Workstation
) -> None:
    ws.save_settings(dataclasses.replace(ws.settings, min_free_mb=1_000_000))  # a terabyte
    dialog = dialog_for(qtbot, ops, ws)
    dialog.tabs.setCurrentIndex(2)
    dialog.show()
    qtbot.waitUntil(dialog.disk_warning.isVisible, timeout=5000)
    shown = re.search(r"Only (\d+) MB of disk space is left", dialog.disk_warning.text())
    assert shown is not None and abs(int(shown.group(1)) - ws.free_space_mb()) <= 64
    dialog.reject()


def simulated_scanner_chosen(qtbot: QtBot, dialog: CaptureDialog, source: str) -> None:
    """The scanner tab showing the sandbox's scanners, the simulated one (first) chosen."""
    dialog.tabs.setCurrentIndex(1)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.scanner_device.findData(SIMULATED_DEVICE) >= 0,
                    timeout=20000)
    assert dialog.scanner_device.currentData() == SIMULATED_DEVICE
    assert dialog.scanner_device.currentText() == "Simulated scanner for training"
    dialog.scanner_source.setCurrentIndex(dialog.scanner_source.findData(source))
    assert dialog.scan_button.isEnabled()


def test_sandbox_mode_scans_the_demo_stack_on_the_simulated_scanner(
    qtbot: QtBot, ops: Operations, sandbox_ws: Workstation
) -> None:
    sandbox_ws.simulated_scanner = SimulatedScanner(seconds_per_page=0.0)
    dialog = dialog_for(qtbot, ops, sandbox_ws)
    simulated_scanner_chosen(qtbot, dialog, "adf")
    shown: list[tuple[str, int, int]] = []
    dialog.signals.progress.connect(lambda text, done, total: shown.append((text, done, total)))
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dialog, len(FEEDER_STACK))
    assert dialog.message.text() == ""
    assert ("Scanning page 3…", 100, 100) in shown  # each page's progress
    assert all(p.source == "scanner" and p.ready for p in dialog.pages)
    fronts = [sheet.front for sheet in FEEDER_STACK]
    # The real pipeline judged the pages: the blank sheet and the blurred one are flagged.
    captions = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert [("looks blank" in c, "blurred" in c) for c in captions] == [
        (key == "blank", key == "blurred") for key in fronts]
    assert {p.stored.dpi for p in dialog.pages if p.stored} == {
        sandbox_ws.settings.scan_resolution}
    dialog.list.setCurrentRow(fronts.index("blank"))
    assert "looks blank" in dialog.page_note.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    stored = dialog.result_pages()
    assert len(stored) == len(FEEDER_STACK)
    for page in stored:
        assert pipeline.decode(sandbox_ws.page_bytes(page.sha256)).size  # sealed, readable


def test_stopping_the_simulated_feeder_keeps_the_pages_scanned(
    qtbot: QtBot, ops: Operations, sandbox_ws: Workstation
) -> None:
    reading_third, resume = threading.Event(), threading.Event()
    bands = 4
    calls = [0]

    def sleep(_: float) -> None:  # the scanner's pace: held halfway through the third page
        calls[0] += 1
        if calls[0] == 2 * bands + 2:
            reading_third.set()
            resume.wait(20)

    sandbox_ws.simulated_scanner = SimulatedScanner(seconds_per_page=0.0, bands=bands,
                                                    sleep=sleep)
    dialog = dialog_for(qtbot, ops, sandbox_ws)
    simulated_scanner_chosen(qtbot, dialog, "adf_duplex")
    qtbot.mouseClick(dialog.scan_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(reading_third.is_set, timeout=20000)
        assert dialog.stop_button.isVisible()
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    finally:
        resume.set()
    qtbot.waitUntil(lambda: not dialog.jobs, timeout=20000)
    settle(qtbot, dialog, 2)
    assert dialog.message.text() == "2 pages scanned are kept. The scan was cancelled."
    # The application form's front, and its blank back (a one-sided paper).
    assert [p.blank() for p in dialog.pages] == [False, True]
    dialog.save()
    assert len(dialog.result_pages()) == 2
