"""capture: document-camera preview, a full-resolution page, and a case's PDF export.

Scenes are demo papers (devices.capture.demo) laid on demo desks under uneven light with
sensor noise, built once before anything is timed. Each figure is the median of repeated
runs interleaved with its floor's (alternating which goes first).

Figures:
- preview_fps: per 1280×720 frame, what the camera monitor does for every frame
  (`camera.analyse_preview`, `motion_thumbnail` + `frame_motion` against the previous
  frame) plus the dialog's `pipeline.assess` of the preview; over four different scenes.
- fullres_page_ms: a 4208×3120 frame of an A4 application form → page found on the
  preview-sized copy, its quad scaled to full resolution (as the monitor hands it over)
  → `pipeline.process(..., enhancement=DOCUMENT, dpi=200)` → encoded page. Detection is
  included (`fullres_detect_ms` is that part); `fullres_colour_page_ms` is the same with
  COLOUR enhancement.
- pdf_ms: `workstation.capture.export_pdf` of pages kept in a real offline store (20
  DOCUMENT text pages, 10 COLOUR pages, 3 bookmarked sections; `--quick`: 6 pages): read,
  unsealed and hash-checked from disk, embedded, outlined.
- page_kb: the stored DOCUMENT page of the application form at 200 dpi (a typical A4 text
  page); `page_colour_kb` is the same page in COLOUR, for information.
- rss_mb: the process's peak resident memory while measuring (`rss_scope`): the mark is
  reset after the scenes are built, which stay resident (Python, OpenCV and the frames
  count, building them does not); "whole process" where the mark can't be reset.

Floors, same run: a bare `cv2.resize` to the preview size + `cv2.Canny` of each preview
frame; a bare `cv2.imencode('.jpg', frame)` of the full 4208×3120 frame; `img2pdf.convert`
of the same encoded pages, already in memory.

ratio = fullres_page_ms / the floor's JPEG encode ms. `pdf_ratio_to_img2pdf` (pdf_ms /
img2pdf_ms) is in the metrics.

Targets (issue #6, measured here, not checked): preview ≥ 25 frames/s, full-resolution
page ≤ 400 ms, PDF export ≤ 2× img2pdf, stored A4 text page ≤ 350 KB.
"""

from __future__ import annotations

import io
import math
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import img2pdf
import numpy as np
import numpy.typing as npt
import pikepdf

from devices.capture import camera, demo, pipeline
from devices.capture.pages import Quad
from offline.store import Store, open_store
from workstation import capture
from workstation.secrets import FileVault

U8 = npt.NDArray[np.uint8]

PREVIEW_SIZE = (1280, 720)
FULL_SIZE = (4208, 3120)
DPI = 200
# (desk, paper, turn in degrees) of the preview scenes: three A4 papers and a close-up card.
PREVIEW_SCENES = (
    ("wood", "application_form", 3.0),
    ("dark", "table", -4.0),
    ("light", "business_licence", 2.0),
    ("wood", "id_card_front", -5.0),
)
CANNY = (50, 150)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


# -- scenes ----------------------------------------------------------------------------------


def _desk(kind: str, size: tuple[int, int], seed: int) -> U8:
    """A desk under a document camera's light (brighter in the middle), as 8-bit BGR.

    Drawn at half size and scaled up (as `desk_background` does itself), so a 13-megapixel
    desk never exists as float32.
    """
    w, h = size
    rng = np.random.default_rng([seed, 0])
    small = np.clip(demo.desk_background(rng, kind, w // 2, h // 2), 0, 255).astype(np.uint8)
    return np.asarray(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.uint8)


def _light(frame: U8) -> U8:
    """Uneven light over everything, paper included: a lamp in the middle, the corners dimmer."""
    h, w = frame.shape[:2]
    yy = (np.arange(64, dtype=np.float32)[:, None] - 31.5) / 64
    xx = (np.arange(64, dtype=np.float32)[None, :] - 31.5) / 64
    gain = np.clip(255 * (1.0 - 0.45 * (xx * xx + yy * yy)), 0, 255).astype(np.uint8)
    gain3 = cv2.merge([cv2.resize(gain, (w, h), interpolation=cv2.INTER_LINEAR)] * 3)
    return np.asarray(cv2.multiply(frame, gain3, scale=1 / 255), dtype=np.uint8)


def _noisy(frame: U8, seed: int, sigma: float = 2.0) -> U8:
    """Sensor noise, added a band of rows at a time (no full-frame float copy)."""
    rng = np.random.default_rng([seed, 1])
    out = np.empty_like(frame)
    for y in range(0, frame.shape[0], 256):
        band = frame[y : y + 256]
        noise = (rng.standard_normal(band.shape, dtype=np.float32) * sigma).astype(np.int16)
        out[y : y + 256] = cv2.add(band, noise, dtype=cv2.CV_8U)
    return out


def _scene(kind: str, key: str, turn: float, size: tuple[int, int], seed: int) -> U8:
    """A paper lying turned by `turn` degrees near the middle of a desk, as a camera sees it.

    A4 papers fill about 85% of the frame's height, cards are shown close up (the
    simulated camera's card mode).
    """
    w, h = size
    frame = _desk(kind, size, seed)
    doc = demo.demo_document(key)
    ph, pw = doc.image.shape[:2]
    card = key.startswith("id_card")
    scale = 0.56 * w / pw if card else min(0.85 * h / ph, 0.8 * w / pw)
    a = math.radians(turn)
    half = np.array([[-pw, -ph], [pw, -ph], [pw, ph], [-pw, ph]], np.float64) * scale / 2
    rotation = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    centre = np.array([w * 0.51, h * 0.49])
    demo.paste_page(frame, np.asarray(doc.image), half @ rotation.T + centre, doc.alpha)
    return _noisy(_light(frame), seed)


def _preview_frames() -> list[U8]:
    return [_scene(kind, key, turn, PREVIEW_SIZE, seed)
            for seed, (kind, key, turn) in enumerate(PREVIEW_SCENES)]


def _full_quad(frame: U8) -> Quad:
    """The page in full-resolution coordinates, found the way the camera monitor finds it."""
    _, quad, scale = camera.analyse_preview(frame)
    if quad is None:
        raise RuntimeError("no page found in the full-resolution scene")
    return quad.scaled(1.0 / scale)


# -- timing ----------------------------------------------------------------------------------


def _interleaved(rounds: int, ours: Callable[[], object],
                 floor: Callable[[], object]) -> tuple[list[float], list[float]]:
    """Seconds per call of each, alternating which runs first in a round."""
    ours_s: list[float] = []
    floor_s: list[float] = []
    for r in range(rounds):
        pair = ((ours, ours_s), (floor, floor_s))
        for work, samples in (pair if r % 2 == 0 else pair[::-1]):
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
    return ours_s, floor_s


# -- 1. preview ------------------------------------------------------------------------------


def bench_preview(frames: list[U8], rounds: int, passes: int) -> dict[str, Any]:
    found = sum(camera.analyse_preview(f)[1] is not None for f in frames)
    if found != len(frames):
        raise RuntimeError(f"the detector found {found} of {len(frames)} preview pages")
    preview_size = camera.analyse_preview(frames[0])[0].shape[1::-1]
    sequence = frames * passes
    state: dict[str, U8 | None] = {"thumb": None}

    def ours() -> None:
        for frame in sequence:
            preview, _quad, _scale = camera.analyse_preview(frame)
            thumb = camera.motion_thumbnail(preview)
            previous = state["thumb"]
            if previous is not None:
                camera.frame_motion(previous, thumb)
            state["thumb"] = thumb
            pipeline.assess(preview)

    def floor() -> None:
        for frame in sequence:
            small = cv2.resize(frame, preview_size, interpolation=cv2.INTER_AREA)
            cv2.Canny(small, *CANNY)

    ours()  # warm up both
    floor()
    ours_s, floor_s = _interleaved(rounds, ours, floor)
    n = len(sequence)
    return {
        "preview_fps": round(statistics.median(n / s for s in ours_s), 1),
        "preview_ms": _ms(statistics.median(ours_s) / n),
        "preview_frames": n,
        "floor_fps": round(statistics.median(n / s for s in floor_s), 1),
        "floor_ms": _ms(statistics.median(floor_s) / n),
    }


# -- 2. full resolution ----------------------------------------------------------------------


def bench_fullres(frame: U8, rounds: int) -> dict[str, Any]:
    detect_s: list[float] = []
    pages: dict[pipeline.Enhancement, pipeline.ProcessedPage] = {}

    def page(mode: pipeline.Enhancement) -> float:
        start = time.perf_counter()
        quad = _full_quad(frame)
        found = time.perf_counter()
        pages[mode] = pipeline.process(frame, quad, enhancement=mode, dpi=DPI)
        end = time.perf_counter()
        if mode is pipeline.Enhancement.DOCUMENT:
            detect_s.append(found - start)
        return end - start

    jpeg: list[int] = []

    def floor() -> None:
        ok, data = cv2.imencode(".jpg", frame)
        if not ok:
            raise RuntimeError("cv2.imencode failed")
        jpeg.append(int(data.size))

    for mode in (pipeline.Enhancement.DOCUMENT, pipeline.Enhancement.COLOUR):
        page(mode)  # warm up
    floor()
    detect_s.clear()
    document_s: list[float] = []
    colour_s: list[float] = []
    floor_s: list[float] = []
    for r in range(rounds):
        steps: list[Callable[[], None]] = [
            lambda: document_s.append(page(pipeline.Enhancement.DOCUMENT)),
            lambda: colour_s.append(page(pipeline.Enhancement.COLOUR)),
            lambda: floor_s.append(_timed(floor)),
        ]
        for step in steps[r % 3:] + steps[: r % 3]:
            step()
    document = pages[pipeline.Enhancement.DOCUMENT]
    return {
        "document": document,
        "colour": pages[pipeline.Enhancement.COLOUR],
        "fullres_page_ms": _ms(statistics.median(document_s)),
        "fullres_detect_ms": _ms(statistics.median(detect_s)),
        "fullres_colour_page_ms": _ms(statistics.median(colour_s)),
        "jpeg_ms": _ms(statistics.median(floor_s)),
        "jpeg_kb": round(jpeg[-1] / 1024, 1),
    }


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


# -- 3. PDF export ---------------------------------------------------------------------------


def _pdf_pages(n: int, frames: dict[str, U8]) -> list[tuple[str, pipeline.ProcessedPage]]:
    """n distinct processed pages as (section, page): two thirds DOCUMENT text pages (half
    forms, half tables), a third COLOUR (licences and forms). Each is its own capture: the
    found corners are nudged by up to 2 px, as a clerk's next shot of the paper would be."""
    document = n * 2 // 3
    plan: list[tuple[str, str, pipeline.Enhancement]] = []
    for i in range(n):
        if i < document:
            key = "application_form" if i < document // 2 else "table"
            plan.append((key, key, pipeline.Enhancement.DOCUMENT))
        else:
            key = "business_licence" if i % 2 == 0 else "application_form"
            plan.append(("colour", key, pipeline.Enhancement.COLOUR))
    quads = {key: _full_quad(frame) for key, frame in frames.items()}
    rng = np.random.default_rng(5)
    pages = []
    for section, key, mode in plan:
        quad = Quad.from_array(quads[key].as_array() + rng.uniform(-2, 2, (4, 2)))
        pages.append((section, pipeline.process(frames[key], quad, enhancement=mode, dpi=DPI)))
    return pages


def _store(store: Store, page: pipeline.ProcessedPage) -> str:
    e = page.encoded
    kept = capture.store_page(store, e.data, e.media_type, width=e.width, height=e.height,
                              dpi=e.dpi, blank=page.blank)
    return kept.sha256


def bench_pdf(store: Store, n: int, frames: dict[str, U8], rounds: int) -> dict[str, Any]:
    titles = {"application_form": "申请表", "table": "家庭成员情况登记表",
              "colour": "营业执照及彩色件"}
    pages = _pdf_pages(n, frames)
    sections: dict[str, list[str]] = {}
    for section, page in pages:
        sections.setdefault(titles[section], []).append(_store(store, page))
    hashes = {h for hs in sections.values() for h in hs}
    if len(hashes) != n:
        raise RuntimeError(f"expected {n} distinct pages, got {len(hashes)}")
    encoded = [page.encoded.data for _, page in pages]
    listed = list(sections.items())
    out: dict[str, bytes] = {}

    def ours() -> None:
        out["pdf"] = capture.export_pdf(store, listed, title="受理材料")

    def floor() -> None:
        out["floor"] = img2pdf.convert(encoded)

    ours()  # warm up both
    floor()
    ours_s, floor_s = _interleaved(rounds, ours, floor)
    with pikepdf.open(io.BytesIO(out["pdf"])) as pdf, pdf.open_outline() as outline:
        page_count, bookmarks = len(pdf.pages), len(outline.root)
    if page_count != n or bookmarks != len(sections):
        raise RuntimeError(f"PDF has {page_count} pages and {bookmarks} bookmarks")
    pdf_ms, floor_ms = statistics.median(ours_s) * 1000, statistics.median(floor_s) * 1000
    return {
        "pdf_ms": round(pdf_ms, 1),
        "pdf_pages": page_count,
        "pdf_bookmarks": bookmarks,
        "pdf_kb": round(len(out["pdf"]) / 1024, 1),
        "pdf_ratio_to_img2pdf": round(pdf_ms / floor_ms, 2),
        "img2pdf_ms": round(floor_ms, 1),
    }


# -- the run ---------------------------------------------------------------------------------


def _reset_peak_rss() -> bool:
    """Start the peak-RSS mark afresh (Linux ≥ 4.0), so scene building does not count."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def run(quick: bool = False) -> dict[str, Any]:
    preview_rounds, passes = (3, 2) if quick else (15, 10)
    fullres_rounds = 3 if quick else 15
    pdf_pages, pdf_rounds = (6, 3) if quick else (30, 15)

    preview_frames = _preview_frames()
    frames = {key: _scene(kind, key, turn, FULL_SIZE, 10 + seed) for seed, (kind, key, turn)
              in enumerate((("wood", "application_form", 3.0), ("dark", "table", -2.0),
                            ("light", "business_licence", 1.5)))}
    rss_scope = "measuring" if _reset_peak_rss() else "whole process"
    preview = bench_preview(preview_frames, preview_rounds, passes)
    full = bench_fullres(frames["application_form"], fullres_rounds)
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as tmp:
        store = open_store(Path(tmp) / "workstation.db", FileVault(Path(tmp) / "vault.json"))
        try:
            page_bytes = store.attachments.info(_store(store, full["document"]))
            colour_bytes = store.attachments.info(_store(store, full["colour"]))
            if page_bytes is None or colour_bytes is None:
                raise RuntimeError("a stored page is missing from the store")
            pdf = bench_pdf(store, pdf_pages, frames, pdf_rounds)
        finally:
            store.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    document: pipeline.ProcessedPage = full["document"]
    return {
        "name": "capture",
        "metrics": {
            "preview_fps": preview["preview_fps"],
            "preview_ms": preview["preview_ms"],
            "preview_frames": preview["preview_frames"],
            "fullres_page_ms": full["fullres_page_ms"],
            "fullres_detect_ms": full["fullres_detect_ms"],
            "fullres_colour_page_ms": full["fullres_colour_page_ms"],
            "page_size_px": [document.encoded.width, document.encoded.height],
            "page_kb": round(page_bytes.size / 1024, 1),
            "page_colour_kb": round(colour_bytes.size / 1024, 1),
            "pdf_ratio_to_img2pdf": pdf["pdf_ratio_to_img2pdf"],
            "pdf_ms": pdf["pdf_ms"],
            "pdf_pages": pdf["pdf_pages"],
            "pdf_bookmarks": pdf["pdf_bookmarks"],
            "pdf_kb": pdf["pdf_kb"],
            "rss_mb": round(rss_mb, 1),
            "rss_scope": rss_scope,
        },
        "floor": {
            "preview_fps": preview["floor_fps"],
            "preview_ms": preview["floor_ms"],
            "jpeg_ms": full["jpeg_ms"],
            "jpeg_kb": full["jpeg_kb"],
            "img2pdf_ms": pdf["img2pdf_ms"],
            "what": {
                "preview": f"cv2.resize to the preview size + cv2.Canny{CANNY}, per frame",
                "fullres": "cv2.imencode('.jpg') of the 4208x3120 frame",
                "pdf": "img2pdf.convert of the same encoded pages, in memory",
            },
        },
        "ratio": round(full["fullres_page_ms"] / full["jpeg_ms"], 2),
    }
