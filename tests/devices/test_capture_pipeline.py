"""The page pipeline on pages rendered here: quality checks, blank flagging, deskew,
enhancement, encoding (embedded by img2pdf at true size), ID-card composition, process()."""

from __future__ import annotations

import functools
import io

import cv2
import img2pdf
import numpy as np
import pikepdf
import pytest

from devices.capture.errors import CaptureError
from devices.capture.pages import Quad, warp
from devices.capture.pipeline import (
    EncodedPage,
    Enhancement,
    assess,
    compose_id_card,
    decode,
    deskew,
    encode,
    enhance,
    is_blank,
    process,
    process_id_card,
    rotate,
)
from tests.devices.capture_synth import make_scene, render_page

A4_200 = (1654, 2339)  # width, height in pixels at 200 dpi
PAPER = 235
WORDS = ("APPLICANT", "ADDRESS", "PERMIT", "CASE", "NO.", "2024", "DATE", "DISTRICT", "FEE")


# -- rendered pages ------------------------------------------------------------------------


def paper(
    rng: np.random.Generator, size: tuple[int, int] = A4_200, tint: int = PAPER
) -> np.ndarray:
    w, h = size
    page = np.full((h, w, 3), tint, np.uint8)
    page[:, :, 0] = tint - 6  # slightly warm paper
    return page


def text_page(
    seed: int = 0, *, lines: int = 36, size: tuple[int, int] = A4_200, first: int = 180
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = paper(rng, size)
    h = size[1]
    y = first
    for _ in range(lines):
        if y > h - 150:
            break
        words = " ".join(str(rng.choice(WORDS)) for _ in range(int(rng.integers(4, 9))))
        cv2.putText(
            page, words, (140, y), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (25, 25, 25), 2, cv2.LINE_AA
        )
        y += 58
    return page


def table_page(seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    page = paper(rng)
    w, h = A4_200
    xs = np.linspace(140, w - 140, 4).astype(int)
    ys = np.linspace(300, h - 300, 16).astype(int)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), (30, 30, 30), 3)
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), (30, 30, 30), 3)
    for r in range(len(ys) - 1):
        for c in range(len(xs) - 1):
            word = str(rng.choice(WORDS))
            org = (int(xs[c]) + 15, int(ys[r + 1]) - 25)
            cv2.putText(
                page, word, org, cv2.FONT_HERSHEY_SIMPLEX, 0.9, (30, 30, 30), 2, cv2.LINE_AA
            )
    return page


def photo_page(seed: int = 0) -> np.ndarray:
    """A photo-like page: smooth colour gradients and soft blobs, no lines of any kind."""
    rng = np.random.default_rng(seed)
    w, h = A4_200[0] // 4, A4_200[1] // 4  # smooth: drawn small, scaled up
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.empty((h, w, 3), np.float32)
    for c in range(3):
        a, b = rng.uniform(-1, 1, 2)
        img[:, :, c] = 128 + 80 * (a * xx / w + b * yy / h)
    for _ in range(12):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(20, 100)
        colour = rng.uniform(-90, 90, 3).astype(np.float32)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
        img += blob[:, :, None] * colour
    small = np.clip(img, 0, 255).astype(np.uint8)
    return cv2.resize(small, A4_200, interpolation=cv2.INTER_CUBIC)


def signature_page(seed: int = 0) -> np.ndarray:
    """Nothing but a handwritten-looking signature near the bottom right."""
    rng = np.random.default_rng(seed)
    page = paper(rng)
    t = np.linspace(0, 1, 400)
    x = 1000 + 420 * t + 25 * np.sin(t * 40)
    y = 1950 + 45 * np.sin(t * 23 + 1) + 20 * np.cos(t * 61)
    points = np.stack([x, y], axis=1).astype(np.int32).reshape(-1, 1, 2)
    cv2.polylines(page, [points], False, (140, 60, 30), 3, cv2.LINE_AA)  # blue ink
    return page


def shaded(page: np.ndarray, low: float = 0.55) -> np.ndarray:
    """Light falling off from the left edge (1.0) to the right edge (`low`)."""
    w = page.shape[1]
    ramp = np.linspace(1.0, low, w, dtype=np.float32)[None, :]
    if page.ndim == 3:
        ramp = ramp[:, :, None]
    return np.asarray(np.clip(page.astype(np.float32) * ramp, 0, 255), np.uint8)


@functools.lru_cache(maxsize=8)
def unit_noise(shape: tuple[int, ...], seed: int) -> np.ndarray:
    """Gaussian noise of sigma 1, made once per shape and seed (it is slow to draw)."""
    return np.random.default_rng(seed).standard_normal(shape, dtype=np.float32)


def noisy(page: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    noise = unit_noise(page.shape, seed) * np.float32(sigma)
    return np.asarray(np.clip(page.astype(np.float32) + noise, 0, 255), np.uint8)


def turned(page: np.ndarray, degrees: float) -> np.ndarray:
    """Counter-clockwise by `degrees` (OpenCV's convention), paper-coloured corners."""
    h, w = page.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    fill = tuple(int(v) for v in page[5, 5])
    return cv2.warpAffine(page, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def preview_frame(
    page: np.ndarray,
    size: tuple[int, int] = (1280, 720),
    blur: float = 0.0,
    noise: float = 3.0,
    seed: int = 0,
) -> np.ndarray:
    """A camera preview: the page upright on a dark desk, filling most of the height."""
    fw, fh = size
    frame = np.full((fh, fw, 3), (50, 60, 75), np.uint8)
    ph, pw = page.shape[:2]
    scale = 0.92 * fh / ph
    small = cv2.resize(page, (round(pw * scale), round(ph * scale)), interpolation=cv2.INTER_AREA)
    y0, x0 = (fh - small.shape[0]) // 2, (fw - small.shape[1]) // 2
    frame[y0 : y0 + small.shape[0], x0 : x0 + small.shape[1]] = small
    if blur > 0:
        frame = np.asarray(cv2.GaussianBlur(frame, (0, 0), blur), np.uint8)
    return noisy(frame, noise, seed)


def camera_frame(page: np.ndarray, *, seed: int = 0) -> tuple[np.ndarray, Quad]:
    """A full-resolution (4208×3120) document-camera frame of an A4 page: perspective, light
    falling off across the page, lens blur and sensor noise; and the page's true corners."""
    rng = np.random.default_rng(seed)
    fw, fh = 4208, 3120
    ph, pw = page.shape[:2]
    corners = np.array([[1100, 150], [3080, 210], [3130, 2990], [1040, 2940]], np.float32)
    source = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    matrix = cv2.getPerspectiveTransform(source, corners)
    frame = cv2.warpPerspective(
        page, matrix, (fw, fh), flags=cv2.INTER_LINEAR, borderValue=(55, 75, 105)
    )
    ramp = np.linspace(255, 200, fw, dtype=np.float32).astype(np.uint8)[None, :]
    light = cv2.merge([np.repeat(ramp, fh, axis=0)] * 3)
    frame = cv2.multiply(frame, light, scale=1 / 255)
    frame = cv2.GaussianBlur(frame, (0, 0), 1.2)
    noise = rng.normal(0, 3.0, (fh, fw, 3)).astype(np.int16)
    frame = cv2.add(frame, noise, dtype=cv2.CV_8U)
    return frame, Quad.from_array(corners)


def ink_mask(page: np.ndarray) -> np.ndarray:
    grey = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return grey < 100


# -- quality: blur and glare -------------------------------------------------------------


@pytest.mark.parametrize("maker", [text_page, table_page])
def test_sharp_preview_is_not_blurred(maker: object) -> None:
    page = maker(3)  # type: ignore[operator]
    for blur in (0.0, 1.0, 1.8):
        quality = assess(preview_frame(page, blur=blur))
        assert not quality.blurred, (blur, quality)


@pytest.mark.parametrize("maker", [text_page, table_page])
def test_out_of_focus_preview_is_blurred(maker: object) -> None:
    page = maker(4)  # type: ignore[operator]
    for blur in (3.0, 4.0, 6.0):
        for noise in (2.0, 8.0):  # sensor noise must not pass for sharpness
            quality = assess(preview_frame(page, blur=blur, noise=noise))
            assert quality.blurred, (blur, noise, quality)


def test_blur_is_judged_relative_to_the_frame_size() -> None:
    page = text_page(5)
    for size, blur, expect in (
        ((1920, 1080), 2.0, False),
        ((1920, 1080), 4.5, True),
        ((640, 360), 0.0, False),
        ((640, 360), 1.5, True),
    ):
        quality = assess(preview_frame(page, size, blur=blur))
        assert quality.blurred is expect, (size, blur, quality)
    sharp = [assess(preview_frame(page, size)).sharpness for size in ((1280, 720), (2560, 1440))]
    assert sharp[1] == pytest.approx(sharp[0], rel=0.3)


def test_flat_frame_is_neither_blurred_nor_glaring() -> None:
    for value in (0, 128, 255):
        quality = assess(np.full((720, 1280, 3), value, np.uint8))
        assert not quality.blurred and not quality.glare_warning and quality.glare == 0.0


def add_highlight(page: np.ndarray, centre: tuple[int, int], radius: float) -> np.ndarray:
    """A specular reflection: a blown-out core fading into the paper."""
    h, w = page.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    glow = 300.0 * np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * radius**2))
    lifted = page.astype(np.float32) + glow[:, :, None]
    return np.asarray(np.clip(lifted, 0, 255), np.uint8)


def test_specular_highlight_warns() -> None:
    frame = preview_frame(text_page(6))
    clean = assess(frame)
    assert clean.glare == 0.0 and not clean.glare_warning
    quality = assess(add_highlight(frame, (700, 300), 45))
    assert quality.glare_warning, quality
    assert 0.002 < quality.glare < 0.05


def test_small_sparkle_does_not_warn() -> None:
    quality = assess(add_highlight(preview_frame(text_page(6)), (700, 300), 4))
    assert not quality.glare_warning, quality


def test_plain_white_page_does_not_warn() -> None:
    rng = np.random.default_rng(7)
    pure = np.full((720, 1280, 3), 255, np.uint8)
    bright = noisy(np.full((720, 1280, 3), 248, np.uint8), 4.0)
    on_desk = preview_frame(np.full((2339, 1654, 3), 255, np.uint8))  # clipped white sheet
    for frame in (pure, bright, on_desk, noisy(paper(rng, (1280, 720), 252), 3.0)):
        quality = assess(frame)
        assert not quality.glare_warning, quality
    page = np.full((2339, 1654, 3), 255, np.uint8)
    assert not assess(page).glare_warning


def test_glare_on_a_card() -> None:
    card = cv2.resize(render_card(8), (856, 540))
    assert not assess(card).glare_warning
    assert assess(add_highlight(card, (600, 200), 30)).glare_warning


def render_card(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return render_page(rng, "card").astype(np.uint8)


# -- blank pages ---------------------------------------------------------------------------


def dusty(page: np.ndarray, seed: int = 0, specks: int = 40) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = page.copy()
    h, w = out.shape[:2]
    for _ in range(specks):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        cv2.circle(out, (x, y), int(rng.integers(1, 4)), (40, 40, 40), -1)
    return out


def test_blank_pages_are_blank() -> None:
    rng = np.random.default_rng(9)
    plain = paper(rng)
    grey_paper = paper(rng, tint=190)
    assert is_blank(plain)
    assert is_blank(grey_paper)
    assert is_blank(noisy(plain, 8.0))
    assert is_blank(noisy(shaded(plain, 0.6), 5.0))  # a faint to moderate shadow
    assert is_blank(dusty(noisy(plain, 4.0)))  # scanner dust
    assert is_blank(cv2.cvtColor(noisy(plain, 4.0), cv2.COLOR_BGR2GRAY))
    edge_shadow = plain.copy()
    edge_shadow[:, :30] = 90  # a sliver of desk along the crop edge
    assert is_blank(edge_shadow)


def test_pages_with_content_are_not_blank() -> None:
    assert not is_blank(text_page(10))
    assert not is_blank(text_page(11, lines=3))  # a few lines
    assert not is_blank(noisy(shaded(text_page(12, lines=2), 0.6), 5.0))
    assert not is_blank(signature_page(13))  # a signature and nothing else
    assert not is_blank(noisy(signature_page(14), 5.0))
    assert not is_blank(table_page(15))
    assert not is_blank(photo_page(16))


# -- deskew and rotation -------------------------------------------------------------------


@pytest.mark.parametrize("degrees", [2.0, -2.0, 7.0, -7.0, 12.0, -12.0])
def test_deskew_recovers_the_slant_of_a_text_page(degrees: float) -> None:
    page = turned(text_page(20), degrees)
    straight, angle = deskew(page)
    assert angle == pytest.approx(-degrees, abs=0.5)
    assert straight.shape == page.shape
    assert deskew(straight)[1] == pytest.approx(0.0, abs=0.5)
    # The corners brought in by turning are paper, not black.
    corner = straight[:20, :20].reshape(-1, 3).mean(axis=0)
    assert np.abs(corner - page[h_mid(page), 60]).max() < 12


def h_mid(page: np.ndarray) -> int:
    return int(page.shape[0]) // 2


@pytest.mark.parametrize("degrees", [-7.0, 4.0])
def test_deskew_of_a_table_and_a_grey_page(degrees: float) -> None:
    _, angle = deskew(turned(table_page(21), degrees))
    assert angle == pytest.approx(-degrees, abs=0.5)
    grey = cv2.cvtColor(turned(text_page(22), degrees), cv2.COLOR_BGR2GRAY)
    straight, angle = deskew(grey)
    assert angle == pytest.approx(-degrees, abs=0.5)
    assert straight.ndim == 2


def test_deskew_on_camera_pages() -> None:
    """Pages cut from synthetic camera scenes (blur, noise, shading): straight ones stay
    straight, cards included; a turned one is found."""
    angles = {}
    for seed in range(1000, 1012):
        scene = make_scene(seed)
        assert scene.corners is not None
        page = warp(scene.image, Quad.from_array(scene.corners), dpi=150)
        assert deskew(page)[1] == 0.0, (seed, scene.kind)
        if scene.kind != "card":
            angles[seed] = (deskew(turned(page, 5.0))[1], deskew(turned(page, -9.0))[1])
    assert angles, "no text or table scene among the seeds"
    for seed, (plus, minus) in angles.items():
        assert plus == pytest.approx(-5.0, abs=0.5), seed
        assert minus == pytest.approx(9.0, abs=0.5), seed


def test_deskew_leaves_straight_photo_and_blank_pages_alone() -> None:
    rng = np.random.default_rng(23)
    for page in (
        text_page(23),
        photo_page(24),
        turned(photo_page(25), 6.0),
        noisy(shaded(paper(rng), 0.7), 5.0),
        dusty(paper(rng)),
    ):
        out, angle = deskew(page)
        assert angle == 0.0
        assert out is page or np.array_equal(out, page)


def test_rotate_quarter_turns_clockwise() -> None:
    page = np.zeros((4, 6, 3), np.uint8)
    page[0, 0] = (255, 0, 0)  # top-left marker
    once = rotate(page, 1)
    assert once.shape == (6, 4, 3)
    assert tuple(once[0, -1]) == (255, 0, 0)  # clockwise: top-left goes to top-right
    assert np.array_equal(rotate(page, -1), rotate(page, 3))
    assert tuple(rotate(page, -1)[-1, 0]) == (255, 0, 0)
    assert tuple(rotate(page, 2)[-1, -1]) == (255, 0, 0)
    assert np.array_equal(rotate(page, 4), page)
    assert np.array_equal(rotate(page, 5), once)
    assert np.array_equal(rotate(page, 0), page)
    grey = page[:, :, 0]
    assert rotate(grey, 1).shape == (6, 4)


# -- enhancement ---------------------------------------------------------------------------


def test_enhancement_output_types() -> None:
    page = noisy(text_page(30), 3.0)
    colour = enhance(page, Enhancement.COLOUR)
    assert colour.shape == page.shape and colour.dtype == np.uint8
    grey = enhance(page, Enhancement.GREY)
    assert grey.shape == page.shape[:2] and grey.dtype == np.uint8
    document = enhance(page, Enhancement.DOCUMENT)
    assert document.shape == page.shape[:2] and document.dtype == np.uint8
    assert set(np.unique(document).tolist()) == {0, 255}
    # Grey input works for every mode; COLOUR keeps it grey.
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    assert enhance(g, Enhancement.COLOUR).ndim == 2
    assert enhance(g, Enhancement.DOCUMENT).ndim == 2


def test_colour_enhancement_whitens_and_neutralises_the_paper() -> None:
    page = noisy(text_page(31), 3.0)  # warm, slightly grey paper
    out = enhance(page, Enhancement.COLOUR)
    ink = ink_mask(text_page(31))
    bare = ~cv2.dilate(ink.astype(np.uint8), np.ones((9, 9), np.uint8)).astype(bool)
    paper_colour = out[bare].mean(axis=0)
    assert paper_colour.min() > 245
    assert paper_colour.max() - paper_colour.min() < 4  # neutral
    assert out[ink].mean() < 60  # text still dark


def test_colour_and_grey_enhancement_are_mild_on_a_photo() -> None:
    page = photo_page(32)
    for mode, before in (
        (Enhancement.COLOUR, page),
        (Enhancement.GREY, cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)),
    ):
        out = enhance(page, mode).astype(np.float64)
        # Global levels only: out ≈ gain · in + offset, a mild gain, nothing local.
        x = before.astype(np.float64).ravel()[::7]
        y = out.ravel()[::7]
        gain, offset = np.polyfit(x, y, 1)
        assert 0.9 < gain < 1.4, (mode, gain)
        assert np.abs(y - (gain * x + offset)).mean() < 4, mode


def test_document_mode_evens_out_a_shadow() -> None:
    clean = text_page(33)
    page = noisy(shaded(clean, 0.5), 4.0)  # the right edge gets half the light
    out = enhance(page, Enhancement.DOCUMENT)
    ink = ink_mask(clean)
    bare = ~cv2.dilate(ink.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    w = page.shape[1]
    for side in (slice(0, w // 3), slice(2 * w // 3, w)):  # lit and shaded
        region_bare = bare[:, side]
        region_core = ink[:, side]
        assert (out[:, side][region_bare] == 255).mean() > 0.999
        assert (out[:, side][region_core] == 0).mean() > 0.97
    # The plain grey levels would not do it: the shaded paper is darker than lit text edges.
    grey = enhance(page, Enhancement.GREY)
    assert grey[:, -w // 4 :][bare[:, -w // 4 :]].mean() < 200


# -- encoding ------------------------------------------------------------------------------


def png_idat(data: bytes) -> bytes:
    """The concatenated IDAT payloads of a PNG: what a PDF embeds when it does not re-encode."""
    pos, out = 8, b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            out += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return out


def test_encode_decode_round_trip() -> None:
    page = noisy(text_page(40), 3.0)
    colour = enhance(page, Enhancement.COLOUR)
    encoded = encode(colour, Enhancement.COLOUR, 200)
    assert encoded.media_type == "image/jpeg" and encoded.data[:2] == b"\xff\xd8"
    assert (encoded.width, encoded.height, encoded.dpi) == (1654, 2339, 200)
    back = decode(encoded.data)
    assert back.shape == colour.shape
    assert float(np.abs(back.astype(np.int16) - colour).mean()) < 4
    grey = enhance(page, Enhancement.GREY)
    back = decode(encode(grey, Enhancement.GREY, 200).data)
    assert back.shape == grey.shape
    document = enhance(page, Enhancement.DOCUMENT)
    encoded = encode(document, Enhancement.DOCUMENT, 300)
    assert encoded.media_type == "image/png" and encoded.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert np.array_equal(decode(encoded.data), document)  # lossless


def test_jpeg_is_baseline_420_with_dpi() -> None:
    from PIL import Image, JpegImagePlugin

    encoded = encode(text_page(41), Enhancement.COLOUR, 200)
    with Image.open(io.BytesIO(encoded.data)) as picture:
        assert picture.info["dpi"] == (200, 200)
        assert not picture.info.get("progressive") and not picture.info.get("progression")
        assert JpegImagePlugin.get_sampling(picture) == 2  # 4:2:0
    with Image.open(io.BytesIO(encode(text_page(41), Enhancement.DOCUMENT, 200).data)) as png:
        assert png.mode == "1"
        assert png.info["dpi"] == pytest.approx((200, 200), abs=0.01)


@pytest.mark.parametrize("mode", list(Enhancement))
@pytest.mark.parametrize("dpi", [200, 300])
def test_pages_embed_in_a_pdf_unchanged_at_true_size(mode: Enhancement, dpi: int) -> None:
    size = (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    page = cv2.resize(text_page(42), size, interpolation=cv2.INTER_LINEAR)
    encoded = encode(enhance(page, mode), mode, dpi)
    pdf = pikepdf.open(io.BytesIO(img2pdf.convert(encoded.data)))
    (pdf_page,) = pdf.pages
    box = [float(v) for v in pdf_page.mediabox]
    assert box[2] - box[0] == pytest.approx(encoded.width / dpi * 72, abs=0.05)
    assert box[3] - box[1] == pytest.approx(encoded.height / dpi * 72, abs=0.05)
    assert box[2] - box[0] == pytest.approx(210 / 25.4 * 72, abs=0.5)  # A4 width in points
    (image,) = pdf_page.get_images().values()
    assert (int(image.Width), int(image.Height)) == (encoded.width, encoded.height)
    raw = image.read_raw_bytes()
    if mode is Enhancement.DOCUMENT:
        assert image.Filter == "/FlateDecode"
        assert int(image.BitsPerComponent) == 1
        assert raw == png_idat(encoded.data)  # the PNG's own compressed data
    else:
        assert image.Filter == "/DCTDecode"
        assert raw == encoded.data  # the JPEG itself


@pytest.mark.parametrize(
    "data",
    [b"", b"garbage", b"\xff\xd8\xff\xe0 not really a jpeg", b"\x89PNG\r\n\x1a\n broken"],
)
def test_decode_of_garbage_raises(data: bytes) -> None:
    with pytest.raises(CaptureError) as caught:
        decode(data)
    assert caught.value.code == "page.undecodable"


def test_decode_of_a_truncated_page_raises() -> None:
    for mode in (Enhancement.COLOUR, Enhancement.DOCUMENT):
        data = encode(text_page(43), mode, 200).data
        with pytest.raises(CaptureError) as caught:
            decode(data[: len(data) // 2])
        assert caught.value.code == "page.undecodable"


# -- ID-card copies ------------------------------------------------------------------------


def card_box(sheet: np.ndarray, rows: slice) -> tuple[int, int, int, int]:
    """x, y, width, height of the non-white area within `rows`."""
    grey = sheet if sheet.ndim == 2 else sheet.min(axis=2)
    ys, xs = np.nonzero(grey[rows] < 250)
    top = rows.start or 0
    return int(xs.min()), int(ys.min()) + top, int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1


@pytest.mark.parametrize("dpi", [200, 300])
def test_id_card_sides_at_true_size(dpi: int) -> None:
    front = np.full((300, 480, 3), (200, 150, 90), np.uint8)  # any size in, true size out
    back = np.full((700, 1100), 120, np.uint8)
    sheet = compose_id_card(front, back, dpi=dpi)
    page_w, page_h = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)
    assert sheet.shape == (page_h, page_w, 3)
    assert sheet[:20].min() == 255  # white paper
    for rows, upper in ((slice(0, page_h // 2), True), (slice(page_h // 2, page_h), False)):
        x, y, w, h = card_box(sheet, rows)
        assert abs(w / dpi * 25.4 - 85.6) <= 25.4 / dpi  # ±1 px
        assert abs(h / dpi * 25.4 - 54.0) <= 25.4 / dpi
        assert abs(x - (page_w - x - w)) <= 1  # centred horizontally
        if upper:
            assert y + h <= page_h // 2
        else:
            assert y >= page_h // 2
    assert tuple(sheet[page_h // 4, page_w // 2]) == (200, 150, 90)
    assert tuple(sheet[3 * page_h // 4, page_w // 2]) == (120, 120, 120)


def card_frame(seed: int, size: tuple[int, int] = (1600, 1200)) -> tuple[np.ndarray, Quad]:
    """A card lying on a desk, seen from above at a slight angle."""
    card = render_card(seed)
    ch, cw = card.shape[:2]
    fw, fh = size
    frame = np.full((fh, fw, 3), (60, 50, 40), np.uint8)
    corners = np.array([[400, 300], [1180, 340], [1160, 830], [380, 800]], np.float32)
    matrix = cv2.getPerspectiveTransform(
        np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32), corners
    )
    cv2.warpPerspective(card, matrix, (fw, fh), frame, borderMode=cv2.BORDER_TRANSPARENT)
    return noisy(frame, 3.0, seed), Quad.from_array(corners)


def test_process_id_card() -> None:
    front, front_quad = card_frame(50)
    back, back_quad = card_frame(51)
    result = process_id_card(
        front, front_quad, back, back_quad, enhancement=Enhancement.GREY, dpi=200
    )
    assert result.encoded.media_type == "image/jpeg"
    assert (result.encoded.width, result.encoded.height) == (1654, 2339)
    assert not result.blank and result.quad == front_quad and result.skew == 0.0
    assert not result.quality.blurred and not result.quality.glare_warning
    sheet = decode(result.encoded.data)
    card_w, card_h = round(85.6 / 25.4 * 200), round(54 / 25.4 * 200)
    top = (2339 // 2 - card_h) // 2
    left = (1654 - card_w) // 2
    inside = sheet[top + 10 : top + card_h - 10, left + 10 : left + card_w - 10]
    assert inside.mean() < 235  # the card, not paper
    assert sheet[: top - 10].min() > 245 and sheet[:, : left - 10].min() > 245
    document = process_id_card(front, None, back, None, enhancement=Enhancement.DOCUMENT)
    assert document.encoded.media_type == "image/png"
    assert decode(document.encoded.data).shape == (2339, 1654)


# -- the whole pipeline --------------------------------------------------------------------


def test_process_full_frame_fallback() -> None:
    scan = noisy(turned(text_page(60), -3.0), 3.0)  # a scanner page put in slightly askew
    result = process(scan, None, enhancement=Enhancement.DOCUMENT, dpi=200)
    assert result.quad is None
    assert result.skew == pytest.approx(3.0, abs=0.5)
    assert (result.encoded.width, result.encoded.height) == (1654, 2339)
    assert result.encoded.media_type == "image/png" and not result.blank
    out = decode(result.encoded.data)
    assert deskew(out)[1] == pytest.approx(0.0, abs=0.5)
    turned_result = process(scan, None, enhancement=Enhancement.GREY, rotation=1, dpi=200)
    assert (turned_result.encoded.width, turned_result.encoded.height) == (2339, 1654)
    as_is = process(scan, None, enhancement=Enhancement.COLOUR, straighten=False)
    assert as_is.skew == 0.0 and decode(as_is.encoded.data).ndim == 3
    resized = process(scan, None, enhancement=Enhancement.GREY, dpi=100, size_mm=(210.0, 297.0))
    assert (resized.encoded.width, resized.encoded.height, resized.encoded.dpi) == (827, 1169, 100)
    blank = process(
        noisy(paper(np.random.default_rng(61)), 4.0), None, enhancement=Enhancement.DOCUMENT
    )
    assert blank.blank and blank.skew == 0.0


def test_process_with_a_quad_from_a_synthetic_scene() -> None:
    seed = next(s for s in range(300, 400) if make_scene(s).kind == "text")
    scene = make_scene(seed)
    assert scene.corners is not None
    quad = Quad.from_array(scene.corners)
    result = process(scene.image, quad, enhancement=Enhancement.DOCUMENT, dpi=150)
    short, long = round(210 / 25.4 * 150), round(297 / 25.4 * 150)
    a4 = {(short, long), (long, short)}
    assert (result.encoded.width, result.encoded.height) in a4
    assert result.quad == quad and not result.blank
    page = decode(result.encoded.data)
    assert set(np.unique(page).tolist()) == {0, 255}
    assert 0.01 < (page == 0).mean() < 0.3  # text, not a black or empty page
    # The desk is gone: the border of the page is paper.
    assert (page[5:40, 40:-40] == 255).mean() > 0.95


def test_full_resolution_frame_to_a_compact_a4_page() -> None:
    page = text_page(70, lines=40)
    frame, quad = camera_frame(page)
    sizes = {}
    for mode in (Enhancement.DOCUMENT, Enhancement.COLOUR):
        result = process(frame, quad, enhancement=mode, dpi=200, size_mm=(210.0, 297.0))
        assert (result.encoded.width, result.encoded.height) == (1654, 2339)
        assert abs(result.skew) < 0.5 and not result.blank and not result.quality.blurred
        sizes[mode] = len(result.encoded.data)
    assert sizes[Enhancement.DOCUMENT] <= 350 * 1024
    assert sizes[Enhancement.COLOUR] <= 350 * 1024
    assert sizes[Enhancement.DOCUMENT] < sizes[Enhancement.COLOUR] / 3


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="8-bit"):
        assess(np.zeros((100, 100), np.float32))
    with pytest.raises(ValueError, match="grey or BGR"):
        enhance(np.zeros((10, 10, 2), np.uint8), Enhancement.GREY)
    with pytest.raises(ValueError, match="dpi"):
        encode(np.zeros((10, 10), np.uint8), Enhancement.GREY, 0)
    assert isinstance(EncodedPage(b"", "image/png", 1, 1, 1), EncodedPage)


@pytest.mark.parametrize(
    "shape", [(1, 1), (7, 5), (20, 33, 3), (64, 64, 4), (100, 3000, 3), (300, 200, 1)]
)
def test_odd_sizes_and_channels_go_through(shape: tuple[int, ...]) -> None:
    image = (np.indices(shape).sum(axis=0) * 37 % 256).astype(np.uint8)
    for mode in Enhancement:
        result = process(image, None, enhancement=mode)
        out = decode(result.encoded.data)
        assert out.shape[:2] == shape[:2]
        assert (result.encoded.width, result.encoded.height) == (shape[1], shape[0])
