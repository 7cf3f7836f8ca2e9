"""The customer-facing signature screen: the applicant signs for a certificate.

Counters have a second screen turned to the applicant (often a touch screen or a pen
tablet). The window opens there full-screen when it exists, else as a dialog beside the
clerk's window. The applicant signs with a finger, pen or mouse, and may clear and sign
again; the clerk (or the applicant) confirms. The signature leaves as a cropped grey PNG
for the hand-over receipt (printing.handover_receipt) and is never written to a log.

The keyboard focus is on the pad (Clear takes none: a Space must never wipe a signature);
Ctrl+Enter confirms; Esc cancels, and on a signature not yet confirmed asks first (a
second Esc discards it).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

INK = QColor(20, 20, 60)
PEN_WIDTH = 3.0
MIN_INK_PX = 40  # a tap or a dot is no signature: strokes must cover at least this far
MARGIN_PX = 12


class SignaturePad(QWidget):
    """Draws strokes as they are made; `png()` is the signature cropped to its ink."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(480, 200)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False

    # -- input: mouse, touch (delivered as mouse by Qt) and pen tablets ----------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and self._drawing:
            self._extend(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()

    def _begin(self, at: QPointF) -> None:
        self._drawing = True
        self._strokes.append([at])
        self.update()

    def _extend(self, at: QPointF) -> None:
        self._strokes[-1].append(at)
        self.update()

    def _end(self, at: QPointF) -> None:
        if self._drawing:  # where the pen lifted ends the stroke
            self._extend(at)
            self._drawing = False
            self.changed.emit()

    # -- state ----------------------------------------------------------------------------------

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def ink_rect(self) -> QRect:
        points = [p for stroke in self._strokes for p in stroke]
        if not points:
            return QRect()
        xs, ys = [p.x() for p in points], [p.y() for p in points]
        return QRect(int(min(xs)), int(min(ys)), int(max(xs) - min(xs)) + 1,
                     int(max(ys) - min(ys)) + 1)

    def is_signed(self) -> bool:
        """Enough ink for a signature (not a stray tap)."""
        rect = self.ink_rect()
        return rect.isValid() and max(rect.width(), rect.height()) >= MIN_INK_PX

    def png(self) -> bytes:
        """The signature on white, cropped to the ink with a margin, 8-bit grey PNG."""
        rect = self.ink_rect().adjusted(-MARGIN_PX, -MARGIN_PX, MARGIN_PX, MARGIN_PX)
        image = QImage(max(rect.width(), 1), max(rect.height(), 1),
                       QImage.Format.Format_Grayscale8)
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-rect.left(), -rect.top())
        self._paint_strokes(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # The stubs want bytes for the format, but PySide6 then crashes in save() (a
        # dangling char*); the str it also accepts works.
        image.save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())

    # -- drawing --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        painter.setPen(QPen(QColor(180, 180, 180), 1, Qt.PenStyle.DashLine))
        base = int(self.height() * 0.75)
        painter.drawLine(24, base, self.width() - 24, base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_strokes(painter)
        painter.end()

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setPen(QPen(INK, PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)


class SignatureWindow(QWidget):
    """The applicant's side: what they sign for, the pad, Clear and Done. Opens full
    screen on the customer-facing screen when there is one. `signed(png)` once accepted;
    `cancelled()` when the clerk closes it (Esc) without a signature."""

    signed = Signal(bytes)
    cancelled = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("signatureWindow")
        self.setWindowTitle(self.tr("Signature"))
        self._done = False
        self._discard_asked = False  # Esc once on a signature: a second one discards it
        heading = QLabel(self.tr("Please sign below to confirm you received: %1").replace(
            "%1", what), self)
        heading.setObjectName("signatureHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        heading.setFont(font)
        self.pad = SignaturePad(self)
        self.hint = QLabel(self)
        self.hint.setObjectName("signatureHint")
        self.clear_button = QPushButton(self.tr("Clear and sign again"), self)
        self.clear_button.setMinimumHeight(56)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Space wipes the pad
        self.clear_button.clicked.connect(self.pad.clear)
        self.done_button = QPushButton(self.tr("Done (Ctrl+Enter)"), self)
        self.done_button.setMinimumHeight(56)
        self.done_button.setEnabled(False)
        self.done_button.clicked.connect(self.accept)
        self.pad.changed.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        self._update()

    @staticmethod
    def customer_screen_index() -> int | None:
        """The screen turned to the applicant: any screen but the primary one."""
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        others = [i for i, s in enumerate(screens) if s is not primary]
        return others[0] if others else None

    def open(self) -> None:
        index = self.customer_screen_index()
        if index is None:
            self.resize(720, 420)
            self.show()
        else:
            screen = QGuiApplication.screens()[index]
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        self.activateWindow()
        self.pad.setFocus()

    def _update(self) -> None:
        signed = self.pad.is_signed()
        self._discard_asked = False
        self.done_button.setEnabled(signed)
        self.hint.setText("" if signed else self.tr("Sign with your finger, the pen or the "
                                                    "mouse."))

    def accept(self) -> None:
        if not self.pad.is_signed() or self._done:
            return
        self._done = True
        self.signed.emit(self.pad.png())
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.accept()
        elif event.key() == Qt.Key.Key_Escape:
            if self.pad.is_signed() and not self._discard_asked:
                self._discard_asked = True
                self.hint.setText(self.tr("Discard this signature? Esc again discards it; "
                                          "Ctrl+Enter keeps it."))
                return
            self.close()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._done:
            self._done = True
            self.cancelled.emit()
        super().closeEvent(event)
