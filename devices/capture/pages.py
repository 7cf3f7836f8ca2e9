"""Page detection and perspective correction for document-camera frames.

`detect_page` finds the largest plausible quadrilateral page in a BGR or grey frame (a
document on a desk, seen from above) or returns None; `warp` straightens it. No Qt here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

__all__ = ["A4_MM", "ID1_MM", "Quad", "detect_page", "warp"]

Point = tuple[float, float]
FloatArray = npt.NDArray[np.float64]

A4_MM = (210.0, 297.0)  # portrait width, height
ID1_MM = (85.6, 54.0)  # ISO/IEC 7810 ID-1 card, landscape

_WORK_LONG_SIDE = 800
_MIN_AREA_FRACTION = 0.15
_MIN_ANGLE, _MAX_ANGLE = 45.0, 135.0
_MAX_ASPECT = 3.0
_MIN_EDGE_SUPPORT = 0.6
_MIN_SIDE_CONTRAST = 12.0


@dataclass(frozen=True, slots=True)
class Quad:
    """Four corners in pixels: top-left, top-right, bottom-right, bottom-left."""

    top_left: Point
    top_right: Point
    bottom_right: Point
    bottom_left: Point

    def points(self) -> tuple[Point, Point, Point, Point]:
        return (self.top_left, self.top_right, self.bottom_right, self.bottom_left)

    def as_array(self) -> FloatArray:
        return np.array(self.points(), dtype=np.float64)

    def diagonal(self) -> float:
        """The longer of the two diagonals, in pixels."""
        a = self.as_array()
        return float(max(np.linalg.norm(a[2] - a[0]), np.linalg.norm(a[3] - a[1])))

    def side_lengths(self) -> tuple[float, float, float, float]:
        """Lengths of the top, right, bottom and left sides."""
        a = self.as_array()
        top, right, bottom, left = (float(np.linalg.norm(a[(i + 1) % 4] - a[i])) for i in range(4))
        return top, right, bottom, left

    def area(self) -> float:
        return float(abs(cv2.contourArea(self.as_array().astype(np.float32))))

    def scaled(self, factor: float) -> Quad:
        return Quad.from_array(self.as_array() * factor)

    @staticmethod
    def from_array(points: npt.ArrayLike) -> Quad:
        """Build from four points in any order; they are put in TL, TR, BR, BL order."""
        p = _order_corners(np.asarray(points, dtype=np.float64).reshape(4, 2))
        tl, tr, br, bl = ((float(x), float(y)) for x, y in p)
        return Quad(tl, tr, br, bl)


def _order_corners(p: FloatArray) -> FloatArray:
    """Clockwise (on screen) from the corner nearest the image's top-left."""
    centre = p.mean(axis=0)
    angles = np.arctan2(p[:, 1] - centre[1], p[:, 0] - centre[0])
    p = p[np.argsort(angles)]  # increasing angle with y down = clockwise on screen
    start = int(np.argmin(p[:, 0] + p[:, 1]))
    return np.roll(p, -start, axis=0)


def _to_grey(image: Any) -> npt.NDArray[np.uint8] | None:
    """Validate a frame and return it as 8-bit grey; None when it is too small to hold a page."""
    if not isinstance(image, np.ndarray):
        raise ValueError("image must be a numpy array")
    if image.dtype != np.uint8:
        raise ValueError(f"image must be 8-bit (uint8), not {image.dtype}")
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    if image.ndim in (2, 3) and (image.size == 0 or min(image.shape[:2]) < 32):
        return None
    if image.ndim == 2:
        grey = image
    elif image.ndim == 3 and image.shape[2] in (3, 4):
        code = cv2.COLOR_BGR2GRAY if image.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
        grey = cv2.cvtColor(np.ascontiguousarray(image), code)
    else:
        raise ValueError(f"expected a grey or BGR image, got shape {image.shape}")
    if min(grey.shape[:2]) < 32:
        return None
    return np.ascontiguousarray(grey)


def detect_page(image: np.ndarray, *, min_area: float = _MIN_AREA_FRACTION) -> Quad | None:
    """The largest plausible page in a camera frame, or None when there is none.

    `min_area` is the smallest page, as a fraction of the frame: the default suits papers
    on a desk seen whole; an ID card on a camera framed for A4 covers only a few percent.
    Raises ValueError for input that is not an 8-bit grey/BGR(A) image.
    """
    grey_full = _to_grey(image)
    if grey_full is None:
        return None
    h, w = grey_full.shape
    scale = min(1.0, _WORK_LONG_SIDE / max(h, w))
    small = (
        grey_full
        if scale == 1.0
        else cv2.resize(
            grey_full, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA
        )
    )
    if float(small.std()) < 2.0:  # flat frame: nothing to find
        return None
    blurred = np.asarray(cv2.GaussianBlur(small, (5, 5), 0), dtype=np.uint8)
    grad = _gradient_magnitude(blurred)
    best: FloatArray | None = None
    best_area = 0.0
    for candidate in _candidates(blurred, min_area):
        area = float(cv2.contourArea(candidate.astype(np.float32)))
        if area <= best_area or not _plausible(candidate, small.shape, blurred, grad,
                                               min_area):
            continue
        best, best_area = candidate, area
    if best is None:
        return None
    corners = best / scale
    refined = _refine(grey_full, corners)
    return Quad.from_array(refined if refined is not None else corners)


def _gradient_magnitude(grey: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3)
    return np.asarray(cv2.magnitude(gx, gy), dtype=np.float32)


def _candidates(blurred: npt.NDArray[np.uint8], min_fraction: float) -> list[FloatArray]:
    """Quadrilaterals from an edge map and from a brightness split."""
    h, w = blurred.shape
    min_area = min_fraction * h * w
    kernel3 = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    masks: list[tuple[Any, int]] = [
        (cv2.dilate(cv2.Canny(blurred, low, 3 * low), kernel3), cv2.RETR_LIST) for low in (15, 40)
    ]
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (7, 7))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    masks.append((bright, cv2.RETR_EXTERNAL))
    contours: list[Any] = []
    for mask, mode in masks:
        found, _ = cv2.findContours(mask, mode, cv2.CHAIN_APPROX_SIMPLE)
        contours.extend(c for c in found if cv2.contourArea(c) >= min_area * 0.9)
    quads: list[FloatArray] = []
    for contour in contours:
        hull = cv2.convexHull(contour)
        perimeter = cv2.arcLength(hull, True)
        for eps in (0.01, 0.02, 0.03, 0.05):
            approx = cv2.approxPolyDP(hull, eps * perimeter, True)
            if len(approx) == 4:
                quads.append(_order_corners(approx.reshape(4, 2).astype(np.float64)))
                break
    return quads


def _angles(p: FloatArray) -> list[float]:
    result = []
    for i in range(4):
        a, b, c = p[i - 1], p[i], p[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v) + 1e-9))
        result.append(math.degrees(math.acos(max(-1.0, min(1.0, cos)))))
    return result


def _plausible(
    p: FloatArray,
    shape: tuple[int, ...],
    blurred: npt.NDArray[np.uint8],
    grad: npt.NDArray[np.float32],
    min_fraction: float,
) -> bool:
    h, w = shape[:2]
    area = float(cv2.contourArea(p.astype(np.float32)))
    if area < min_fraction * h * w:
        return False
    if not cv2.isContourConvex(p.astype(np.float32).reshape(-1, 1, 2)):
        return False
    margin = 2.0
    if (p[:, 0] < margin).any() or (p[:, 1] < margin).any():
        return False
    if (p[:, 0] > w - 1 - margin).any() or (p[:, 1] > h - 1 - margin).any():
        return False
    if not all(_MIN_ANGLE <= a <= _MAX_ANGLE for a in _angles(p)):
        return False
    sides = [float(np.linalg.norm(p[(i + 1) % 4] - p[i])) for i in range(4)]
    across, down = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    if min(across, down) < 1 or max(across, down) / min(across, down) > _MAX_ASPECT:
        return False
    # Opposite sides of a page seen from above are about the same length.
    if min(sides[0], sides[2]) / max(sides[0], sides[2]) < 0.6:
        return False
    if min(sides[1], sides[3]) / max(sides[1], sides[3]) < 0.6:
        return False
    return _edges_supported(p, blurred, grad)


def _edges_supported(
    p: FloatArray, blurred: npt.NDArray[np.uint8], grad: npt.NDArray[np.float32]
) -> bool:
    """Every side must lie on a real edge with a consistent step across it."""
    centre = p.mean(axis=0)
    for i in range(4):
        a, b = p[i], p[(i + 1) % 4]
        length = float(np.linalg.norm(b - a))
        direction = (b - a) / length
        normal = np.array([-direction[1], direction[0]])
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal  # point inwards
        t = np.linspace(0.1, 0.9, 40)[:, None]
        base = a + t * (b - a)
        offsets = np.arange(-3, 4)
        pts = base[:, None, :] + offsets[None, :, None] * normal  # (40, 7, 2)
        g = _sample(grad, pts).max(axis=1)
        inside = _sample(blurred.astype(np.float32), base + 6 * normal)
        outside = _sample(blurred.astype(np.float32), base - 6 * normal)
        supported = float(np.mean(g > 20.0))
        contrast = float(np.median(np.abs(inside - outside)))
        if supported < _MIN_EDGE_SUPPORT or contrast < _MIN_SIDE_CONTRAST:
            return False
    return True


def _sample(img: npt.NDArray[np.float32], pts: FloatArray) -> FloatArray:
    flat = pts.reshape(-1, 2).astype(np.float32)
    values = cv2.remap(
        img,
        flat[:, 0].reshape(1, -1),
        flat[:, 1].reshape(1, -1),
        cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return np.asarray(values, dtype=np.float64).reshape(pts.shape[:-1])


def _refine(grey: npt.NDArray[np.uint8], corners: FloatArray) -> FloatArray | None:
    """Fit a line to the strongest edge near each side (full resolution), intersect them."""
    diag = float(np.linalg.norm(corners[2] - corners[0]))
    reach = max(4.0, 0.012 * diag)
    smooth = cv2.GaussianBlur(grey, (0, 0), 1.5).astype(np.float32)
    centre = corners.mean(axis=0)
    lines: list[tuple[FloatArray, FloatArray]] = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        direction = (b - a) / float(np.linalg.norm(b - a))
        normal = np.array([-direction[1], direction[0]])
        if np.dot(centre - (a + b) / 2, normal) < 0:
            normal = -normal
        t = np.linspace(0.08, 0.92, 60)[:, None]
        base = a + t * (b - a)
        offsets = np.arange(-reach, reach + 0.5, 0.5)
        pts = base[:, None, :] + offsets[None, :, None] * normal
        profile = _sample(smooth, pts)  # (60, n)
        step = np.diff(profile, axis=1)  # inside brighter or darker: use the magnitude
        centres = (offsets[:-1] + offsets[1:]) / 2
        prior = np.exp(-0.5 * (centres / (0.5 * reach)) ** 2)  # prefer edges near the guess
        j = np.argmax(np.abs(step) * prior[None, :], axis=1)
        strength = np.abs(step[np.arange(len(j)), j])
        keep = strength > 0.5 * float(np.median(strength))
        if keep.sum() < 10:
            return None
        found = base + ((offsets[j] + offsets[j + 1]) / 2)[:, None] * normal
        fitted = cv2.fitLine(found[keep].astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01)
        vx, vy, x0, y0 = (float(v) for v in fitted.reshape(-1))
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    refined = np.empty((4, 2))
    for i in range(4):
        point = _intersect(lines[i - 1], lines[i])  # side i-1 ends and side i starts at corner i
        if point is None:
            return None
        refined[i] = point
    if float(np.max(np.linalg.norm(refined - corners, axis=1))) > 0.015 * diag:
        return None
    return refined


def _intersect(
    l1: tuple[FloatArray, FloatArray], l2: tuple[FloatArray, FloatArray]
) -> FloatArray | None:
    (p1, d1), (p2, d2) = l1, l2
    m = np.array([d1, -d2]).T
    if abs(float(np.linalg.det(m))) < 1e-6:
        return None
    s = np.linalg.solve(m, p2 - p1)
    return np.asarray(p1 + s[0] * d1, dtype=np.float64)


def warp(
    image: np.ndarray,
    quad: Quad,
    *,
    dpi: int = 200,
    size_mm: tuple[float, float] | None = None,
) -> np.ndarray:
    """Perspective-correct the page inside `quad` to a straight image.

    `size_mm` (width, height) sets the output size at `dpi`. Without it, an A4 or ID-1 aspect
    gives that size (portrait or landscape as the quad is), anything else the quad's own
    side lengths in pixels.
    """
    if not isinstance(image, np.ndarray) or image.size == 0:
        raise ValueError("image must be a non-empty numpy array")
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    top, right, bottom, left = quad.side_lengths()
    width_px, height_px = (top + bottom) / 2, (left + right) / 2
    if width_px < 1 or height_px < 1:
        raise ValueError("degenerate quad")
    if size_mm is None:
        size_mm = _standard_size(width_px, height_px)
    if size_mm is not None:
        out_w = round(size_mm[0] / 25.4 * dpi)
        out_h = round(size_mm[1] / 25.4 * dpi)
    else:
        out_w, out_h = round(width_px), round(height_px)
    if out_w < 1 or out_h < 1:
        raise ValueError("output size is empty")
    src = quad.as_array().astype(np.float32)
    dst = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    return np.asarray(
        cv2.warpPerspective(
            image, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
    )


def _standard_size(width_px: float, height_px: float) -> tuple[float, float] | None:
    aspect = max(width_px, height_px) / min(width_px, height_px)
    portrait = height_px >= width_px
    for short, long in (sorted(A4_MM), sorted(ID1_MM)):
        if abs(aspect - long / short) / (long / short) < 0.04:
            return (short, long) if portrait else (long, short)
    return None
