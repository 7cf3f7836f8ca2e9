"""From a captured frame or scanned page to a clean, straight, compact stored page.

The steps are plain functions so the capture dialog can run the cheap ones (`assess`) on
every preview frame and `process` on a worker thread for the full-resolution capture.
Everything expensive looks at a downscale and applies only the result at full size.
No Qt here.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image

from devices.capture.errors import CaptureError
from devices.capture.pages import A4_MM, ID1_MM, Quad, warp

__all__ = [
    "EncodedPage",
    "Enhancement",
    "ProcessedPage",
    "Quality",
    "assess",
    "compose_id_card",
    "decode",
    "deskew",
    "encode",
    "enhance",
    "is_blank",
    "process",
    "process_id_card",
    "rotate",
]

U8 = npt.NDArray[np.uint8]
F32 = npt.NDArray[np.float32]

# Quality: measured on a downscale of fixed size so the figures do not depend on resolution.
_ASSESS_LONG_SIDE = 640
_BLUR_SIGMA = 0.95  # edge blur (Gaussian sigma, downscale pixels) above which a frame is blurred
_SHARPNESS_CAP = 10.0
_SATURATED = 250  # grey level of a blown-out pixel
_GLARE_MIN_BLOB = 0.0004  # of the image area: smaller bright specks are noise or dust
_GLARE_MAX_BLOB = 0.25  # larger saturated areas are an over-exposed page, not a highlight
_GLARE_SURROUND = 242  # a highlight stands out: its surroundings are clearly darker
_GLARE_WARNING = 0.002  # of the image area

# Page analysis (blank check, deskew, document flattening).
_ANALYSIS_LONG_SIDE = 1000
_BACKGROUND_LONG_SIDE = 256
_MARGIN = 0.04  # of each side: page edges and crop slivers are not content
_BLANK_INK = 0.00015  # of the analysed area
_MIN_MARK = 0.005  # of the long side: smaller marks are dust
_DOC_THRESHOLD = 0.65  # darker than this fraction of the local paper level is ink
_MAX_SKEW = 15.0
_SKEW_MIN_POINTS = 300
_SKEW_MIN_PEAK = 1.6  # peak / median of the projection score over the angles searched
_SKEW_MIN_SHARPNESS = 1.2  # peak / score 2° either side of it
_SKEW_MIN_ANGLE = 0.2  # smaller slants are invisible (0.7 mm across A4)

# Encoding.
_JPEG_QUALITY = 75


class Enhancement(StrEnum):
    COLOUR = "colour"
    GREY = "grey"
    DOCUMENT = "document"  # black-and-white text: paper flattened to white, bitonal


@dataclass(frozen=True)
class Quality:
    """`sharpness` is the inverse of the estimated edge blur (a Gaussian sigma, in pixels of
    a 640-pixel-long downscale); `glare` the fraction of the image in specular highlights."""

    sharpness: float
    blurred: bool
    glare: float
    glare_warning: bool


@dataclass(frozen=True)
class EncodedPage:
    data: bytes
    media_type: str
    width: int
    height: int
    dpi: int


@dataclass(frozen=True)
class ProcessedPage:
    encoded: EncodedPage
    quality: Quality
    blank: bool
    skew: float  # degrees the page was turned to straighten it, counter-clockwise positive
    quad: Quad | None


# -- input helpers ---------------------------------------------------------------------------


def _image(page: Any) -> U8:
    """Validate an 8-bit grey or BGR(A) image; BGRA loses its alpha, (h, w, 1) its axis."""
    if not isinstance(page, np.ndarray):
        raise ValueError("image must be a numpy array")
    if page.dtype != np.uint8:
        raise ValueError(f"image must be 8-bit (uint8), not {page.dtype}")
    if page.ndim == 3 and page.shape[2] == 1:
        page = page[:, :, 0]
    elif page.ndim == 3 and page.shape[2] == 4:
        page = cv2.cvtColor(np.ascontiguousarray(page), cv2.COLOR_BGRA2BGR)
    if not (page.ndim == 2 or (page.ndim == 3 and page.shape[2] == 3)):
        raise ValueError(f"expected a grey or BGR image, got shape {page.shape}")
    if page.size == 0:
        raise ValueError("image is empty")
    return np.ascontiguousarray(page)


def _grey(image: U8) -> U8:
    if image.ndim == 2:
        return image
    return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _downscale(image: U8, long_side: int) -> U8:
    """Shrink by a whole factor so the long side is at most `long_side`.

    Whole factors take OpenCV's fast area-averaging path (several times faster than an
    arbitrary factor); the few edge pixels cropped to get there do not matter for analysis.
    """
    h, w = image.shape[:2]
    k = -(-max(h, w) // long_side)
    if k <= 1:
        return image
    view = image[: h // k * k, : w // k * k]
    return np.asarray(
        cv2.resize(view, (w // k, h // k), interpolation=cv2.INTER_AREA), dtype=np.uint8
    )


def _small_grey(image: U8, long_side: int) -> U8:
    return _downscale(_grey(image), long_side)


# -- quality ---------------------------------------------------------------------------------


def assess(image: np.ndarray) -> Quality:
    """Blur and glare of a preview frame or page; a few milliseconds on a 1280×720 frame."""
    small = _small_grey(_image(image), _ASSESS_LONG_SIDE)
    sigma = _edge_blur(small)
    if sigma is not None:
        sigma *= _ASSESS_LONG_SIDE / max(small.shape)  # in pixels of a 640-pixel-long image
    sharpness = _SHARPNESS_CAP if sigma is None else min(_SHARPNESS_CAP, 1.0 / max(sigma, 1e-6))
    glare = _glare_fraction(small)
    return Quality(
        sharpness=sharpness,
        blurred=sharpness < 1.0 / _BLUR_SIGMA,
        glare=glare,
        glare_warning=glare >= _GLARE_WARNING,
    )


def _edge_blur(grey: U8) -> float | None:
    """Estimated Gaussian sigma of the strongest edges, or None for a flat image.

    For a blurred step edge, sum(gradient²) / sum(Laplacian²) grows as 2·sigma², whatever the
    edge's contrast; sensor noise inflates the Laplacian, so its share (estimated from the
    flat majority of the image) is taken off first.
    """
    if min(grey.shape) < 8:
        return None
    gx = cv2.Sobel(grey, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
    gy = cv2.Sobel(grey, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    lap = np.asarray(cv2.Laplacian(grey, cv2.CV_32F, ksize=1), dtype=np.float32)
    magnitude = np.asarray(cv2.magnitude(gx, gy), dtype=np.float32)
    sample = magnitude[::3, ::3].ravel()
    k = int(sample.size * 0.95)
    threshold = max(float(np.partition(sample, k)[k]), 5.0)
    edges = (magnitude >= threshold).astype(np.uint8)
    if cv2.countNonZero(edges) < 50:
        # No edge worth the name: flat (blank page, empty desk) or blurred beyond recognition.
        low, high = np.percentile(grey[::4, ::4], (2, 98))
        return None if float(high - low) < 40.0 else math.inf
    near_edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    grad2 = float(cv2.mean(cv2.multiply(magnitude, magnitude), mask=near_edges)[0])
    lap2 = float(cv2.mean(cv2.multiply(lap, lap), mask=near_edges)[0])
    noise = 1.4826 * float(np.median(np.abs(lap[::3, ::3])))
    lap2 = max(lap2 - noise * noise, 0.5 * lap2)
    if lap2 <= 0.0:
        return math.inf
    return math.sqrt(grad2 / (2.0 * lap2))


def _glare_fraction(grey: U8) -> float:
    """Share of the image in saturated blobs that stand out from darker surroundings.

    A white page, even one exposed to pure white, has no darker surroundings to stand out
    from (or is too large a blob to be a highlight), so it does not count.
    """
    h, w = grey.shape
    total = float(h * w)
    min_blob = max(4, int(_GLARE_MIN_BLOB * total))
    smooth = cv2.blur(grey, (3, 3))  # sensor noise on bright paper is not a highlight
    mask = (smooth >= _SATURATED).astype(np.uint8)
    if cv2.countNonZero(mask) < min_blob:
        return 0.0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    reach = max(3, round(0.03 * max(h, w)))
    ring_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))
    inner_kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (reach + 1, reach + 1))
    glare = 0
    for label in range(1, count):
        x, y, bw, bh, area = (int(v) for v in stats[label])
        if area < min_blob or area > _GLARE_MAX_BLOB * total:
            continue
        x0, y0 = max(0, x - reach), max(0, y - reach)
        x1, y1 = min(w, x + bw + reach), min(h, y + bh + reach)
        blob = (labels[y0:y1, x0:x1] == label).astype(np.uint8)
        ring = cv2.subtract(cv2.dilate(blob, ring_kernel), cv2.dilate(blob, inner_kernel))
        around = grey[y0:y1, x0:x1][ring > 0]
        if around.size and float(np.median(around)) <= _GLARE_SURROUND:
            glare += area
    return glare / total


# -- page analysis ---------------------------------------------------------------------------


def _paper(grey: U8) -> F32:
    """The paper's brightness everywhere (shadows included, ink removed), at `grey`'s size.

    Ink is thin, so a maximum filter on a coarse downscale removes it; what is left is the
    paper under the light as it falls.
    """
    h, w = grey.shape
    tiny = _downscale(grey, _BACKGROUND_LONG_SIDE)
    size = max(3, round(7 * max(tiny.shape) / _BACKGROUND_LONG_SIDE)) | 1
    paper = cv2.dilate(tiny, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))
    paper = cv2.medianBlur(paper, 5)
    paper = cv2.GaussianBlur(paper.astype(np.float32), (0, 0), 2.0)
    return np.asarray(cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)


def _inner(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    h, w = a.shape[:2]
    dy, dx = round(h * _MARGIN), round(w * _MARGIN)
    return a[dy : h - dy, dx : w - dx]


def _ink(grey: U8, paper: F32) -> U8:
    """Marks clearly darker than the local paper (shadows and noise are not)."""
    ratio = cv2.divide(grey.astype(np.float32), np.maximum(paper, 1.0))
    deviation = np.abs(ratio[::2, ::2] - 1.0)
    noise = 1.4826 * float(np.median(deviation))
    threshold = min(1.0 - 0.2, 1.0 - 5.0 * noise)
    return (ratio < threshold).astype(np.uint8)


def is_blank(page: np.ndarray) -> bool:
    """True for a page with nothing on it: paper, noise, a faint shadow, scanner dust.

    Only for flagging a page to the clerk; a page is never dropped on this alone.
    """
    grey = _inner(_small_grey(_image(page), _ANALYSIS_LONG_SIDE))
    if min(grey.shape) < 16:
        return True
    paper = _paper(grey)
    top = float(np.percentile(paper, 95))
    if float(paper.min()) < 0.5 * top:
        return False  # large dark areas: a photo, a dark form, not paper
    ink = _ink(grey, paper)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    min_mark = max(3, round(_MIN_MARK * max(grey.shape)))
    marks = 0
    for label in range(1, count):
        _, _, bw, bh, area = (int(v) for v in stats[label])
        if max(bw, bh) >= min_mark:
            marks += area
    return marks < _BLANK_INK * grey.size


def deskew(page: np.ndarray) -> tuple[np.ndarray, float]:
    """Straighten a cropped page by the slant of its text lines or rules (|angle| ≤ 15°).

    Returns the page and the angle it was turned by (counter-clockwise positive); the page
    unchanged and 0.0 when the slant is not clear (a photo, a blank page).
    """
    image = _image(page)
    angle = _skew_angle(_small_grey(image, _ANALYSIS_LONG_SIDE))
    if angle == 0.0:
        return image, 0.0
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    fill = _background_colour(image)
    turned = cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=fill,
    )
    return np.asarray(turned, dtype=np.uint8), angle


def _background_colour(image: U8) -> tuple[float, float, float]:
    """The paper's colour: the median of the brighter half of a sample of pixels."""
    step = max(1, max(image.shape[:2]) // 128)
    small = image[::step, ::step]
    pixels = small.reshape(-1, 1 if small.ndim == 2 else 3).astype(np.float64)
    luma = pixels.mean(axis=1)
    bright = pixels[luma >= np.median(luma)]
    colour = np.median(bright, axis=0)
    if colour.size == 1:
        v = float(colour[0])
        return (v, v, v)
    return (float(colour[0]), float(colour[1]), float(colour[2]))


def _skew_angle(grey: U8) -> float:
    """Projection-profile search: the angle at which ink rows are most sharply peaked.

    Coarse to fine: every quarter degree over ±15° with coarse rows on a sample of the ink,
    then around the best with finer steps and rows.
    """
    inner = _inner(grey)
    if min(inner.shape) < 32:
        return 0.0
    ink = _ink(inner, _paper(inner))
    ys, xs = np.nonzero(ink)
    if ys.size < _SKEW_MIN_POINTS:
        return 0.0
    rng = np.random.default_rng(0)  # fixed: the same page always gives the same angle
    # Spread each pixel over its square: on the bare pixel grid, rows at exactly 0° would
    # score higher than at any other angle.
    x = (xs - inner.shape[1] / 2.0 + rng.uniform(-0.5, 0.5, xs.size)).astype(np.float32)
    y = (ys - inner.shape[0] / 2.0 + rng.uniform(-0.5, 0.5, ys.size)).astype(np.float32)
    cx, cy = _sample(rng, x, y, 12_000)
    coarse = np.arange(-_MAX_SKEW, _MAX_SKEW + 1e-9, 0.25)
    scores = _profile_scores(cx, cy, coarse, 2.0)
    best = int(np.argmax(scores))
    if scores[best] < _SKEW_MIN_PEAK * float(np.median(scores)):
        return 0.0  # no angle stands out: no lines to go by
    side = round(2.0 / 0.25)
    shoulder = max(scores[max(0, best - side)], scores[min(len(scores) - 1, best + side)])
    if scores[best] < _SKEW_MIN_SHARPNESS * float(shoulder):
        return 0.0  # a broad hump (a few short lines, a picture): the angle is a guess
    angle = float(coarse[best])
    fx, fy = _sample(rng, x, y, 30_000)
    for span, step in ((0.25, 0.05), (0.05, 0.01)):
        fine = np.arange(angle - span, angle + span + 1e-9, step)
        angle = float(fine[int(np.argmax(_profile_scores(fx, fy, fine, 1.0)))])
    if abs(angle) < _SKEW_MIN_ANGLE or abs(angle) > _MAX_SKEW:
        return 0.0
    return round(angle, 2)


def _sample(rng: np.random.Generator, x: F32, y: F32, n: int) -> tuple[F32, F32]:
    if x.size <= n:
        return x, y
    pick = rng.choice(x.size, n, replace=False)
    return x[pick], y[pick]


def _profile_scores(x: F32, y: F32, angles: npt.NDArray[Any], row_px: float) -> F32:
    """Sum of squared row counts of the ink projected along each candidate direction.

    A text line slanted by `a` (y down: clockwise on screen) keeps y·cos a − x·sin a
    constant, so that profile is sharpest at the true slant, and turning the page by +a
    (OpenCV's counter-clockwise) levels it.
    """
    radians = np.radians(angles).astype(np.float32)[:, None]
    rows = (y[None, :] * np.cos(radians) - x[None, :] * np.sin(radians)) * np.float32(1 / row_px)
    index = np.rint(rows).astype(np.int32)
    index -= index.min()
    span = int(index.max()) + 1
    index += (np.arange(len(angles), dtype=np.int32) * span)[:, None]
    counts = np.bincount(index.ravel(), minlength=span * len(angles)).reshape(len(angles), span)
    counts = counts.astype(np.float32)
    return np.asarray(np.einsum("ij,ij->i", counts, counts), dtype=np.float32)


def rotate(page: np.ndarray, quarter_turns: int) -> np.ndarray:
    """Turn by quarter turns clockwise (negative: counter-clockwise)."""
    image = _image(page)
    turns = quarter_turns % 4
    if turns == 0:
        return image
    code = (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)[turns - 1]
    return np.asarray(cv2.rotate(image, code), dtype=np.uint8)


# -- enhancement -----------------------------------------------------------------------------


def enhance(page: np.ndarray, mode: Enhancement) -> np.ndarray:
    """COLOUR: BGR with mild white balance and levels; GREY: one channel, levels;
    DOCUMENT: one channel of 0 and 255 with the paper flattened to white."""
    image = _image(page)
    if mode is Enhancement.DOCUMENT:
        return _document(_grey(image))
    if mode is Enhancement.GREY:
        image = _grey(image)
    return _levels(image)


def _levels(image: U8) -> U8:
    """Levels from a gentle black point to the paper's white; in colour, the paper balanced
    to neutral; bare paper smoothed.

    Bare paper (pixels within the sensor noise of the local paper level, and of the paper's
    colour) takes that smooth level: the paper's noise is most of what a JPEG of a text
    page would otherwise spend its bytes on, and no pixel moves by more than the noise.
    Shading is kept (DOCUMENT flattens it); ink and pictures are untouched. Without a
    clear paper (a photo, heavy shadow) only the levels apply, up to the true highlights.
    """
    small = _downscale(image, 512)
    grey_small = _grey(small)
    black = min(float(np.percentile(grey_small, 0.5)), 30.0)
    found = _find_paper(small, grey_small)
    if found is None:  # a picture: stretch a little at most
        white = max(204.0, float(np.percentile(grey_small, 99.5)))
        return _apply_levels(image, min(black, 16.0), white, np.ones(3))
    local, noise, paper_colour, tinted = found
    white = max(128.0, float(np.percentile(local[::4, ::4], 90)) * (1.0 - noise))
    gains = np.ones(3)
    if paper_colour is not None:
        gains = np.clip(paper_colour.mean() / np.maximum(paper_colour, 1.0), 0.85, 1.2)
    out = _apply_levels(image, black, white, gains)
    # The smooth paper and the tolerance, made at the small size and scaled up as 8-bit.
    h, w = image.shape[:2]
    scale = np.float32(255.0 / (white - black))
    smooth_small = np.clip((local - black) * scale, 0, 255).astype(np.uint8)
    band_small = np.clip(local * np.float32(max(0.03, 3.0 * noise)), 1, 255).astype(np.uint8)
    level_small = np.clip(local, 0, 255).astype(np.uint8)
    smooth, band, level = (
        cv2.resize(m, (w, h), interpolation=cv2.INTER_LINEAR)
        for m in (smooth_small, band_small, level_small)
    )
    bare = cv2.compare(cv2.absdiff(_grey(image), level), band, cv2.CMP_LE)
    if tinted is not None:
        # Colour is never flattened to grey. Coloured areas light enough to pass for paper
        # are areas (forms, highlighter), so the small size finds them.
        tint = cv2.resize(tinted, (w, h), interpolation=cv2.INTER_NEAREST)
        bare = cv2.bitwise_and(bare, cv2.bitwise_not(tint))
    if out.ndim == 3:
        smooth = cv2.cvtColor(smooth, cv2.COLOR_GRAY2BGR)
    cv2.copyTo(smooth, bare, out)
    return out


def _find_paper(
    small: U8, grey: U8
) -> tuple[F32, float, npt.NDArray[np.float64] | None, U8 | None] | None:
    """The local paper level, the paper's relative noise, its colour (BGR) and where the
    image is tinted unlike it (the last two None for grey); None when bare paper of one
    colour and even light is under a third of the image (a photo, a heavy shadow)."""
    if min(grey.shape) < 16:
        return None
    local = _paper(grey)
    ratio = grey.astype(np.float32) / np.maximum(local, 1.0)
    paper = np.abs(ratio - 1.0) <= 0.05
    if int(paper.sum()) < grey.size // 3:
        return None
    low, middle, high = np.percentile(local[paper][::5], (5, 50, 95))
    if low < 0.6 * high or middle < 0.85 * float(np.percentile(grey[::3, ::3], 99)):
        return None  # uneven, or not the brightest thing on the page: not paper
    colour: npt.NDArray[np.float64] | None = None
    tinted: U8 | None = None
    if small.ndim == 3:
        colour = np.array([float(np.median(small[:, :, c][paper])) for c in range(3)])
        # Each channel in the paper's proportion to the grey, or tinted.
        share = small.astype(np.float32) / np.maximum(grey, 1.0)[:, :, None].astype(np.float32)
        expected = (colour / max(float(np.median(grey[paper])), 1.0)).astype(np.float32)
        off = (np.abs(share - expected) > 0.06).any(axis=2)
        paper &= ~off
        if int(paper.sum()) < grey.size // 3:
            return None
        off_mask = np.where(off, np.uint8(255), np.uint8(0)).astype(np.uint8)
        tinted = np.asarray(cv2.dilate(off_mask, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    noise = 1.4826 * float(np.median(np.abs(ratio[paper] - 1.0)))
    return local, noise, colour, tinted


def _apply_levels(image: U8, black: float, white: float, gains: npt.NDArray[Any]) -> U8:
    values = np.arange(256, dtype=np.float64)
    scale = 255.0 / (white - black)
    if image.ndim == 2:
        lut = np.clip((values - black) * scale, 0, 255).astype(np.uint8)
        return np.asarray(cv2.LUT(image, lut), dtype=np.uint8)
    luts = [np.clip((values * gains[c] - black) * scale, 0, 255) for c in range(3)]
    lut3 = np.stack(luts, axis=1).astype(np.uint8).reshape(1, 256, 3)
    return np.asarray(cv2.LUT(image, lut3), dtype=np.uint8)


def _document(grey: U8) -> U8:
    """Divide by the paper's own brightness (evens out light and shadow), then threshold."""
    h, w = grey.shape
    small = _downscale(grey, _BACKGROUND_LONG_SIDE)
    paper_small = _paper(small)
    top = float(np.percentile(paper_small, 95))
    # Large dark areas are not paper: do not lift them to white.
    paper_small = np.maximum(paper_small, 0.5 * top)
    threshold_small = np.clip(paper_small * _DOC_THRESHOLD, 1, 255).astype(np.uint8)
    threshold = cv2.resize(threshold_small, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(cv2.compare(grey, threshold, cv2.CMP_GE), dtype=np.uint8)


# -- encoding --------------------------------------------------------------------------------


def encode(page: np.ndarray, mode: Enhancement, dpi: int) -> EncodedPage:
    """JPEG (4:2:0, baseline) for colour and grey, 1-bit PNG for documents; dpi in the
    header so img2pdf embeds the bytes unchanged at the page's true size."""
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    image = _image(page)
    h, w = image.shape[:2]
    buffer = io.BytesIO()
    if mode is Enhancement.DOCUMENT:
        bits = np.packbits(_grey(image) >= 128, axis=1)
        Image.frombytes("1", (w, h), bits.tobytes()).save(
            buffer, "PNG", dpi=(dpi, dpi), compress_level=6
        )
        media_type = "image/png"
    else:
        if mode is Enhancement.GREY:
            image = _grey(image)
        picture = (
            Image.fromarray(image, "L")
            if image.ndim == 2
            else Image.fromarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB), "RGB")
        )
        picture.save(
            buffer,
            "JPEG",
            quality=_JPEG_QUALITY,
            subsampling=2,  # 4:2:0
            optimize=False,
            progressive=False,
            dpi=(dpi, dpi),
        )
        media_type = "image/jpeg"
    return EncodedPage(buffer.getvalue(), media_type, w, h, dpi)


def decode(data: bytes) -> np.ndarray:
    """A stored page (JPEG or PNG) back to grey or BGR pixels; 1-bit pages come back as 0/255.

    Raises CaptureError("page.undecodable") for anything that is not a whole such image.
    """
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG", "PNG")) as picture:
            picture.load()
            mode = picture.mode
            if mode == "1":
                return np.asarray(picture, dtype=np.uint8) * np.uint8(255)
            if mode == "L":
                return np.asarray(picture, dtype=np.uint8).copy()
            rgb = np.asarray(picture.convert("RGB"), dtype=np.uint8)
    except Image.DecompressionBombError as exc:
        raise CaptureError("page.too_large", type(exc).__name__) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise CaptureError("page.undecodable", type(exc).__name__) from exc
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dtype=np.uint8)


# -- the whole pipeline ----------------------------------------------------------------------


def process(
    frame: np.ndarray,
    quad: Quad | None,
    *,
    enhancement: Enhancement,
    rotation: int = 0,
    dpi: int = 200,
    size_mm: tuple[float, float] | None = None,
    straighten: bool = True,
) -> ProcessedPage:
    """Crop, straighten, turn, enhance, check and encode one page.

    Without a quad the whole frame is the page (a scanner page, or the fallback when no
    page was found), scaled to `size_mm` at `dpi` when that is given. Quality and the blank
    check look at the page before enhancement; `rotation` is in clockwise quarter turns.
    """
    image = _image(frame)
    if enhancement is not Enhancement.COLOUR:
        image = _grey(image)  # one channel from here on: a third of the work
    page = _crop(image, quad, dpi=dpi, size_mm=size_mm)
    skew = 0.0
    if straighten:
        page, skew = deskew(page)
    page = rotate(page, rotation)
    quality = assess(page)
    blank = is_blank(page)
    encoded = encode(enhance(page, enhancement), enhancement, dpi)
    return ProcessedPage(encoded, quality, blank, skew, quad)


def _crop(image: U8, quad: Quad | None, *, dpi: int, size_mm: tuple[float, float] | None) -> U8:
    if quad is not None:
        return np.asarray(warp(image, quad, dpi=dpi, size_mm=size_mm), dtype=np.uint8)
    if size_mm is None:
        return image
    size = _px(size_mm, dpi)
    interpolation = cv2.INTER_AREA if size[0] < image.shape[1] else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(image, size, interpolation=interpolation), dtype=np.uint8)


def _px(size_mm: tuple[float, float], dpi: int) -> tuple[int, int]:
    return round(size_mm[0] / 25.4 * dpi), round(size_mm[1] / 25.4 * dpi)


def compose_id_card(front: np.ndarray, back: np.ndarray, *, dpi: int = 200) -> np.ndarray:
    """Both sides of an ID-1 card at true size on a white A4 portrait page, the way counters
    copy an ID card: front centred in the upper half, back centred in the lower half.

    Each side is scaled to exactly 85.6 × 54 mm at `dpi` (give them landscape, as
    `warp(..., size_mm=ID1_MM)` does).
    """
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    sides = [_image(front), _image(back)]
    colour = any(side.ndim == 3 for side in sides)
    page_w, page_h = _px(A4_MM, dpi)
    card_w, card_h = _px(ID1_MM, dpi)
    shape = (page_h, page_w, 3) if colour else (page_h, page_w)
    sheet = np.full(shape, 255, np.uint8)
    left = (page_w - card_w) // 2
    for index, side in enumerate(sides):
        if colour and side.ndim == 2:
            side = np.asarray(cv2.cvtColor(side, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
        shrink = side.shape[1] > card_w
        card = cv2.resize(
            side,
            (card_w, card_h),
            interpolation=cv2.INTER_AREA if shrink else cv2.INTER_CUBIC,
        )
        half_top = index * page_h // 2
        top = half_top + (page_h // 2 - card_h) // 2
        sheet[top : top + card_h, left : left + card_w] = card
    return sheet


def process_id_card(
    front_frame: np.ndarray,
    front_quad: Quad | None,
    back_frame: np.ndarray,
    back_quad: Quad | None,
    *,
    enhancement: Enhancement,
    dpi: int = 200,
) -> ProcessedPage:
    """Both sides of an ID card on one A4 page. Quality is the worse of the two sides;
    `quad` is the front's."""
    sides: list[U8] = []
    qualities: list[Quality] = []
    for frame, quad in ((front_frame, front_quad), (back_frame, back_quad)):
        image = _image(frame)
        if enhancement is not Enhancement.COLOUR:
            image = _grey(image)
        side = _crop(image, quad, dpi=dpi, size_mm=ID1_MM)
        sides.append(side)
        qualities.append(assess(side))
    sheet = compose_id_card(sides[0], sides[1], dpi=dpi)
    quality = Quality(
        sharpness=min(q.sharpness for q in qualities),
        blurred=any(q.blurred for q in qualities),
        glare=max(q.glare for q in qualities),
        glare_warning=any(q.glare_warning for q in qualities),
    )
    blank = all(is_blank(side) for side in sides)
    encoded = encode(enhance(sheet, enhancement), enhancement, dpi)
    return ProcessedPage(encoded, quality, blank, 0.0, front_quad)
