"""Seeded synthetic document-camera scenes with known page corners.

A rendered page (text page, table, ID-card-sized card) is placed with a random perspective
on a desk background (wood, dark desk, light grey desk, patterned cloth), then blurred,
shaded and given sensor noise. Empty desks carry clutter but no page. The desks and their
clutter are the simulated camera's (devices.capture.demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from devices.capture.demo import DESK_KINDS, desk_clutter
from devices.capture.demo import desk_background as background

FRAME_SIZES = ((1280, 960), (1440, 1080), (1600, 1200), (1920, 1080))
BACKGROUNDS = DESK_KINDS
KINDS = ("text", "table", "card")
_WORDS = ("CASE", "NUMBER", "APPLICANT", "ADDRESS", "PERMIT", "2024", "NO.", "DATE", "SIGNATURE")


@dataclass(frozen=True)
class Scene:
    image: np.ndarray
    corners: np.ndarray | None  # (4, 2) TL, TR, BR, BL in frame pixels; None: empty desk
    kind: str
    background: str
    seed: int


def _text_line(rng: np.random.Generator, n: int) -> str:
    return " ".join(str(rng.choice(_WORDS)) for _ in range(n))


def render_page(rng: np.random.Generator, kind: str) -> np.ndarray:
    if kind == "card":
        w, h = 856, 540
        tint = rng.uniform(200, 250, 3)
        page = np.full((h, w, 3), tint, np.uint8)
        cv2.rectangle(page, (40, 120), (280, 440), (150, 150, 160), -1)
        cv2.circle(page, (160, 240), 60, (90, 90, 100), -1)
        for i in range(6):
            cv2.putText(
                page,
                _text_line(rng, 3),
                (320, 150 + 50 * i),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.9,
                (40, 40, 40),
                2,
                cv2.LINE_AA,
            )
        return page.astype(np.float32)
    w, h = 840, 1188
    if rng.random() < 0.3:
        w, h = h, w
    paper = rng.uniform(225, 252)
    page = np.full((h, w, 3), paper, np.uint8)
    margin = 70
    if kind == "text":
        y = margin + 30
        while y < h - margin:
            cv2.putText(
                page,
                _text_line(rng, int(rng.integers(3, 8))),
                (margin, y),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.8,
                (30, 30, 30),
                2,
                cv2.LINE_AA,
            )
            y += int(rng.integers(34, 48))
    else:
        cv2.putText(
            page,
            _text_line(rng, 4),
            (margin, margin + 20),
            cv2.FONT_HERSHEY_SIMPLEX,
            1.1,
            (20, 20, 20),
            2,
            cv2.LINE_AA,
        )
        rows, cols = int(rng.integers(6, 14)), int(rng.integers(2, 5))
        top, bottom = margin + 70, h - margin
        xs = np.linspace(margin, w - margin, cols + 1).astype(int)
        ys = np.linspace(top, bottom, rows + 1).astype(int)
        for x in xs:
            cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), (40, 40, 40), 2)
        for y in ys:
            cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), (40, 40, 40), 2)
        for r in range(rows):
            for c in range(cols):
                cv2.putText(
                    page,
                    str(rng.choice(_WORDS)),
                    (int(xs[c]) + 8, int(ys[r + 1]) - 10),
                    cv2.FONT_HERSHEY_SIMPLEX,
                    0.6,
                    (30, 30, 30),
                    1,
                    cv2.LINE_AA,
                )
    return page.astype(np.float32)


def _placement(
    rng: np.random.Generator, pw: int, ph: int, fw: int, fh: int, card: bool
) -> np.ndarray:
    area_frac = rng.uniform(0.2, 0.35) if card else rng.uniform(0.25, 0.6)
    for _ in range(200):
        s = np.sqrt(area_frac * fw * fh / (pw * ph))
        angle = np.radians(rng.uniform(-25, 25))
        rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
        half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) * s / 2
        pts = half @ rot.T
        pts += rng.normal(0, 0.03 * s * max(pw, ph), (4, 2))  # perspective
        centre = np.array([rng.uniform(0, fw), rng.uniform(0, fh)])
        pts += centre
        m = 0.03 * min(fw, fh)
        if (
            (pts[:, 0] > m).all()
            and (pts[:, 0] < fw - m).all()
            and ((pts[:, 1] > m).all() and (pts[:, 1] < fh - m).all())
        ):
            return pts
        area_frac = max(0.2, area_frac * 0.97)
    raise RuntimeError("could not place the page")


def _with_clutter(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    canvas = np.clip(img, 0, 255).astype(np.uint8)
    desk_clutter(rng, canvas)
    return canvas.astype(np.float32)


@lru_cache(maxsize=8)
def _noise_field(sigma: int) -> np.ndarray:
    """Gaussian sensor noise, made once per sigma; scenes take a random window of it."""
    rng = np.random.default_rng(sigma)
    return (rng.standard_normal((1400, 2200, 3), dtype=np.float32) * sigma).astype(np.int16)


def _finish(rng: np.random.Generator, img: np.ndarray) -> np.ndarray:
    """Shadow gradient, lens blur and sensor noise; float32 in, uint8 out."""
    h, w = img.shape[:2]
    yy = np.arange(h, dtype=np.float32)[:, None]
    xx = np.arange(w, dtype=np.float32)[None, :]
    a = rng.uniform(0, 2 * np.pi)
    ramp = (xx * np.cos(a) + yy * np.sin(a)) / np.hypot(w, h)
    ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
    shade = (1.0 - np.float32(rng.uniform(0.0, 0.35)) * ramp).astype(np.float32)
    img8 = cv2.convertScaleAbs(cv2.multiply(img, cv2.merge([shade, shade, shade])))
    img8 = cv2.GaussianBlur(img8, (0, 0), rng.uniform(0.5, 2.0))
    field = _noise_field(int(rng.integers(2, 8)))
    oy, ox = (
        int(rng.integers(0, field.shape[0] - h + 1)),
        int(rng.integers(0, field.shape[1] - w + 1)),
    )
    noise = field[oy : oy + h, ox : ox + w]
    out: np.ndarray = cv2.add(img8, noise, dtype=cv2.CV_8U)
    return out


def make_scene(seed: int, *, empty: bool = False) -> Scene:
    rng = np.random.default_rng(seed)
    fw, fh = FRAME_SIZES[int(rng.integers(len(FRAME_SIZES)))]
    bg_kind = BACKGROUNDS[int(rng.integers(len(BACKGROUNDS)))]
    img = background(rng, bg_kind, fw, fh)
    if empty:
        img = _with_clutter(rng, img)
        return Scene(_finish(rng, img), None, "empty", bg_kind, seed)
    if rng.random() < 0.5:
        img = _with_clutter(rng, img)  # clutter under or beside the page
    kind = KINDS[int(rng.integers(len(KINDS)))]
    page = render_page(rng, kind)
    ph, pw = page.shape[:2]
    dst = _placement(rng, pw, ph, fw, fh, kind == "card")
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    warped = cv2.warpPerspective(page, m, (fw, fh), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (fw, fh), flags=cv2.INTER_LINEAR)
    x, y, bw, bh = cv2.boundingRect(dst.astype(np.float32))
    x0, y0, x1, y1 = max(0, x - 2), max(0, y - 2), min(fw, x + bw + 2), min(fh, y + bh + 2)
    mk = mask[y0:y1, x0:x1, None]
    img[y0:y1, x0:x1] = img[y0:y1, x0:x1] * (1 - mk) + warped[y0:y1, x0:x1] * mk
    return Scene(_finish(rng, img), dst, kind, bg_kind, seed)
