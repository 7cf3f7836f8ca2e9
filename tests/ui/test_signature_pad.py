"""The customer-facing signature screen: strokes become a cropped PNG; a tap is no
signature; Clear starts over; Esc cancels."""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.signature_pad import MARGIN_PX, SignaturePad, SignatureWindow


def stroke(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    """Press, drag through the points with the button held, release (real mouse events)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    kinds = ([QMouseEvent.Type.MouseButtonPress]
             + [QMouseEvent.Type.MouseMove] * (len(points) - 2)
             + [QMouseEvent.Type.MouseButtonRelease])
    for kind, (x, y) in zip(kinds, points, strict=True):
        at = QPointF(x, y)
        button = none if kind == QMouseEvent.Type.MouseMove else left
        held = none if kind == QMouseEvent.Type.MouseButtonRelease else left
        event = QMouseEvent(kind, at, pad.mapToGlobal(at), button, held,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(pad, event)


def decoded(png: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None and image.ndim == 2  # grey
    return np.asarray(image)


def test_a_signature_is_cropped_to_its_ink(qtbot: QtBot) -> None:
    window = SignatureWindow("营业执照（正本）")
    qtbot.addWidget(window)
    window.open()
    assert not window.done_button.isEnabled() and window.hint.text()
    stroke(window.pad, [(100, 100), (140, 60), (180, 120), (260, 70), (300, 110)])
    stroke(window.pad, [(120, 140), (280, 140)])
    assert window.done_button.isEnabled() and not window.hint.text()
    with qtbot.waitSignal(window.signed, timeout=2000) as signed:
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    image = decoded(signed.args[0])
    # Ink from x 100..300 and y 60..140 (plus the pen), and the margin around it.
    assert abs(image.shape[1] - (200 + 2 * MARGIN_PX)) <= 4
    assert abs(image.shape[0] - (80 + 2 * MARGIN_PX)) <= 4
    assert image.min() < 100 and np.median(image) == 255  # dark strokes on white
    assert not window.isVisible()


def test_a_tap_is_no_signature_and_clear_starts_over(qtbot: QtBot) -> None:
    window = SignatureWindow("许可证")
    qtbot.addWidget(window)
    window.open()
    stroke(window.pad, [(50, 50), (52, 51)])
    assert not window.pad.is_signed() and not window.done_button.isEnabled()
    with qtbot.assertNotEmitted(window.signed):
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    stroke(window.pad, [(50, 50), (150, 90), (250, 60)])
    assert window.done_button.isEnabled()
    qtbot.mouseClick(window.clear_button, Qt.MouseButton.LeftButton)
    assert not window.pad.is_signed() and not window.done_button.isEnabled()


def test_escape_cancels_once(qtbot: QtBot) -> None:
    window = SignatureWindow("登记证")
    qtbot.addWidget(window)
    window.open()
    with qtbot.waitSignal(window.cancelled, timeout=2000), \
            qtbot.assertNotEmitted(window.signed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)  # nothing signed: nothing to lose
    assert not window.isVisible()


def test_escape_on_a_signature_asks_before_discarding_it(qtbot: QtBot) -> None:
    window = SignatureWindow("登记证")
    qtbot.addWidget(window)
    window.open()
    stroke(window.pad, [(50, 50), (150, 90), (250, 60)])
    with qtbot.assertNotEmitted(window.cancelled):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and window.pad.is_signed()
    assert "Esc again discards it" in window.hint.text()
    # Signing on cancels the question; Esc asks again.
    stroke(window.pad, [(60, 120), (200, 130)])
    assert window.hint.text() == ""
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible()
    with qtbot.waitSignal(window.cancelled, timeout=2000), \
            qtbot.assertNotEmitted(window.signed):
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_the_pad_has_the_focus_and_space_never_wipes_a_signature(qtbot: QtBot) -> None:
    window = SignatureWindow("营业执照（正本）")
    qtbot.addWidget(window)
    window.open()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.pad.hasFocus()
    stroke(window.pad, [(50, 50), (150, 90), (250, 60)])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert window.pad.is_signed()


def test_it_opens_on_the_customer_screen_when_there_is_one(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication

    index = SignatureWindow.customer_screen_index()
    # The offscreen and Xvfb test displays have one screen: the dialog opens beside the
    # clerk's window, not full screen.
    assert len(QGuiApplication.screens()) == 1 and index is None
    window = SignatureWindow("营业执照")
    qtbot.addWidget(window)
    window.open()
    assert window.isVisible() and not window.isFullScreen()
