"""Material files a clerk drops or chooses (JPEG, PNG, multi-page TIFF, PDF) as pages.

`inspect` reads headers only, so the UI can refuse a bad file at once; `load_pages` checks
the same way before producing anything, then decodes one page at a time so that memory
stays bounded by the largest page, never by the file. The format comes from the content:
a suffix says nothing about what a citizen's phone or scanner really wrote. Errors carry
no file name (names of materials often hold a person's name).
"""

from __future__ import annotations

import math
import stat
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, Literal

import cv2
import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageFile, JpegImagePlugin, PngImagePlugin, TiffImagePlugin

from devices.capture.errors import CaptureError

__all__ = [
    "MAX_PAGES",
    "MAX_PIXELS",
    "SUPPORTED_SUFFIXES",
    "FileInfo",
    "Kind",
    "LoadedPage",
    "inspect",
    "load_pages",
]

Kind = Literal["jpeg", "png", "tiff", "pdf"]
U8Image = npt.NDArray[np.uint8]

# Lower-case, with the dot, in the order a file dialog shows them.
SUPPORTED_SUFFIXES: Final = (".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".tif", ".tiff", ".pdf")
MAX_PIXELS: Final = 50_000_000  # per page: 150 MB as BGR, an A3 scan at 600 dpi is 70 MP
MAX_PAGES: Final = 200  # per file

_HEAD_BYTES = 1024  # PDF readers accept "%PDF-" anywhere in the first kilobyte
_JPEG_SCALES = (1, 2, 4, 8)  # what libjpeg can decode reduced, straight from the DCT
_ORIENTATION_TAG = 0x0112
_MIN_DPI, _MAX_DPI = 10, 100_000  # outside: a placeholder or broken header, not a fact
_PDF_POINTS_PER_INCH = 72.0
_FPDF_ERR_PASSWORD = 4  # PDFium: a user password is required
_FPDF_ERR_SECURITY = 6  # PDFium: a security handler it does not support
_WHITE_RGBA = (255, 255, 255, 255)

# EXIF orientation → the transpose that shows the picture upright (as viewers do).
_ORIENTATION_FIX: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

# Pillow's plugin classes, not Image.open: Image.open applies Pillow's global decompression
# bomb limit (a warning from 89 MP, an error from 179 MP), which would pre-empt our own
# limit and the reduced JPEG decode. Opening JPEG with its own class also reads a phone's
# multi-picture (MPO) file as the one main picture, not as extra "pages".
_PIL_CLASSES: Final[dict[str, Callable[[Path], ImageFile.ImageFile]]] = {
    "jpeg": JpegImagePlugin.JpegImageFile,
    "png": PngImagePlugin.PngImageFile,
    "tiff": TiffImagePlugin.TiffImageFile,
}

# PDFium is not thread-safe, not even across documents: every call into it holds this.
# Re-entrant because a generator abandoned mid-file may be collected (and close its
# document) while the same thread is already inside a PDFium section.
_PDFIUM_LOCK = threading.RLock()


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a file holds, read from its headers.

    `width`/`height` are the first page's size as `load_pages` will produce it: upright
    (EXIF orientation applied), reduced if the file must be, and for PDF at the render dpi.
    """

    kind: Kind
    pages: int
    width: int
    height: int


@dataclass(frozen=True, slots=True, eq=False)
class LoadedPage:
    """One decoded page.

    `image` is uint8 BGR, or 2-D grey when the source is grey or bilevel. `dpi` is the
    file's own resolution when it states one (divided by the reduction factor if the page
    was decoded reduced), otherwise the default given to `load_pages`; for PDF it is the
    render dpi. `reduced` says the page was decoded or rendered smaller than asked to fit
    `MAX_PIXELS`.
    """

    image: U8Image
    dpi: int
    index: int
    reduced: bool


@dataclass(frozen=True, slots=True)
class _Plan:
    info: FileInfo
    jpeg_scale: int  # 1 unless a JPEG must be decoded reduced


def inspect(path: Path, *, dpi: int = 200) -> FileInfo:
    """Identify `path` and check it against the limits without decoding any page.

    Raises CaptureError: ``file.missing``, ``file.empty``, ``file.unsupported``,
    ``file.unreadable``, ``file.too_large``, ``file.too_many_pages``, ``file.encrypted``.
    """
    return _plan(path, dpi).info


def load_pages(
    path: Path,
    *,
    dpi: int = 200,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Generator[LoadedPage, None, None]:
    """Check `path` now, then return an iterator that decodes its pages one at a time.

    Every error `inspect` knows is raised by this call itself, before any page exists.
    Decoding errors (``file.truncated``, ``file.unreadable``) come from the iterator; a
    multi-page file may already have produced pages by then, and the caller should discard
    them with the file. When `cancel` is set the iterator stops quietly before the next
    page. `on_progress(done, total)` is called with 0 first and after each decoded page,
    on the iterating thread. Close the iterator (or exhaust it) to release the file.
    """
    plan = _plan(path, dpi)
    kind = plan.info.kind
    pages = _pdf_pages(path, dpi) if kind == "pdf" else _raster_pages(path, plan, dpi)
    return _paced(pages, plan.info.pages, cancel, on_progress)


def _paced(
    pages: Generator[LoadedPage, None, None],
    total: int,
    cancel: threading.Event | None,
    on_progress: Callable[[int, int], None] | None,
) -> Generator[LoadedPage, None, None]:
    try:
        if on_progress is not None:
            on_progress(0, total)
        while cancel is None or not cancel.is_set():
            page = next(pages, None)
            if page is None:
                return
            if on_progress is not None:
                on_progress(page.index + 1, total)
            yield page
    finally:
        pages.close()  # releases the file now, not whenever the generator is collected


# -- identification and limits ---------------------------------------------------------


def _plan(path: Path, dpi: int) -> _Plan:
    if dpi <= 0:
        raise ValueError("dpi must be positive")
    kind = _identify(path)
    if kind == "pdf":
        return _plan_pdf(path, dpi)
    return _plan_raster(path, kind)


def _identify(path: Path) -> Kind:
    try:
        st = path.stat()
    except OSError as exc:
        raise CaptureError("file.missing", type(exc).__name__) from exc
    if not stat.S_ISREG(st.st_mode):
        raise CaptureError("file.missing", "not a regular file")
    if st.st_size == 0:
        raise CaptureError("file.empty")
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise CaptureError("file.missing", type(exc).__name__) from exc
    if not head:
        raise CaptureError("file.empty")
    kind = _kind_of(head)
    if kind is None:
        raise CaptureError("file.unsupported", f"magic={head[:8].hex()}")
    return kind


def _kind_of(head: bytes) -> Kind | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):  # classic and BigTIFF
        return "tiff"
    if b"%PDF-" in head:
        return "pdf"
    return None


def _too_many_pages(count: int) -> CaptureError:
    return CaptureError("file.too_many_pages", f"pages={count} limit={MAX_PAGES}")


def _too_large(index: int, width: int, height: int) -> CaptureError:
    return CaptureError(
        "file.too_large", f"page={index} size={width}x{height} limit={MAX_PIXELS} pixels"
    )


def _plan_raster(path: Path, kind: Kind) -> _Plan:
    try:
        with _PIL_CLASSES[kind](path) as im:
            pages = int(getattr(im, "n_frames", 1)) if kind == "tiff" else 1
            if pages > MAX_PAGES:
                raise _too_many_pages(pages)
            first: tuple[int, int] | None = None
            scale = 1
            for index in range(pages):
                if index:
                    im.seek(index)
                width, height = im.size
                if kind == "jpeg":
                    scale = _jpeg_scale(width, height)
                    width, height = -(-width // scale), -(-height // scale)
                elif width * height > MAX_PIXELS:
                    raise _too_large(index, width, height)
                if first is None:
                    if _orientation(im, kind) in (5, 6, 7, 8):
                        width, height = height, width
                    first = (width, height)
    except CaptureError:
        raise
    except Exception as exc:  # a corrupt header may fail anywhere inside Pillow
        raise CaptureError("file.unreadable", f"{kind}: {type(exc).__name__}") from exc
    assert first is not None
    return _Plan(FileInfo(kind, pages, first[0], first[1]), scale)


def _jpeg_scale(width: int, height: int) -> int:
    for scale in _JPEG_SCALES:
        if -(-width // scale) * -(-height // scale) <= MAX_PIXELS:
            return scale
    raise _too_large(0, width, height)


def _plan_pdf(path: Path, dpi: int) -> _Plan:
    with _PDFIUM_LOCK:
        pdf = _open_pdf(path)
        try:
            count = len(pdf)
            if count > MAX_PAGES:
                raise _too_many_pages(count)
            first: tuple[int, int] | None = None
            for index in range(count):
                width_pt, height_pt = _pdf_page_size(pdf, index)
                page_dpi, _ = _pdf_render_dpi(index, width_pt, height_pt, dpi)
                if first is None:
                    first = _pdf_pixels(width_pt, height_pt, page_dpi)
        finally:
            pdf.close()
    assert first is not None
    return _Plan(FileInfo("pdf", count, first[0], first[1]), 1)


def _open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open through a Python file object: PDFium's own path API mangles non-ASCII paths on
    some platforms, and Chinese file names are the norm here. Call with the lock held."""
    try:
        fh: IO[bytes] = path.open("rb")
    except OSError as exc:
        raise CaptureError("file.missing", type(exc).__name__) from exc
    try:
        return pdfium.PdfDocument(fh, autoclose=True)
    except pdfium.PdfiumError as exc:
        fh.close()
        if exc.err_code in (_FPDF_ERR_PASSWORD, _FPDF_ERR_SECURITY):
            raise CaptureError("file.encrypted", f"pdfium error {exc.err_code}") from exc
        raise CaptureError("file.unreadable", f"pdf: pdfium error {exc.err_code}") from exc
    except BaseException:
        fh.close()
        raise


def _pdf_page_size(pdf: pdfium.PdfDocument, index: int) -> tuple[float, float]:
    """Page size in points, already turned by the page's /Rotate."""
    try:
        width_pt, height_pt = pdf.get_page_size(index)
    except pdfium.PdfiumError as exc:
        raise CaptureError("file.unreadable", f"pdf: page {index} has no size") from exc
    if not (width_pt > 0 and height_pt > 0):
        raise CaptureError("file.unreadable", f"pdf: page {index} has no size")
    return float(width_pt), float(height_pt)


def _pdf_pixels(width_pt: float, height_pt: float, dpi: int) -> tuple[int, int]:
    scale = dpi / _PDF_POINTS_PER_INCH
    return math.ceil(width_pt * scale), math.ceil(height_pt * scale)  # as PdfPage.render


def _pdf_render_dpi(index: int, width_pt: float, height_pt: float, dpi: int) -> tuple[int, bool]:
    """The dpi to render a page at, lowered for an oversized page (a site plan, a poster).

    A PDF page has no pixel size of its own, so unlike a photo it is never too large:
    rendering it at a lower dpi is the PDF counterpart of a reduced JPEG decode.
    """
    width, height = _pdf_pixels(width_pt, height_pt, dpi)
    if width * height <= MAX_PIXELS:
        return dpi, False
    lowered = math.floor(dpi * math.sqrt(MAX_PIXELS / (width * height)))
    while lowered >= 1:
        width, height = _pdf_pixels(width_pt, height_pt, lowered)
        if width * height <= MAX_PIXELS:
            return lowered, True
        lowered -= 1
    raise _too_large(index, *_pdf_pixels(width_pt, height_pt, dpi))


# -- decoding --------------------------------------------------------------------------


def _raster_pages(path: Path, plan: _Plan, default_dpi: int) -> Generator[LoadedPage, None, None]:
    kind = plan.info.kind
    try:
        im = _PIL_CLASSES[kind](path)
    except Exception as exc:  # the file changed since it was checked
        raise CaptureError("file.unreadable", f"{kind}: {type(exc).__name__}") from exc
    with im:
        for index in range(plan.info.pages):
            yield _decode_raster(im, kind, index, plan.jpeg_scale, default_dpi)


def _decode_raster(
    im: Image.Image, kind: Kind, index: int, jpeg_scale: int, default_dpi: int
) -> LoadedPage:
    try:
        if index:
            im.seek(index)
        if jpeg_scale > 1:
            full = im.size
            im.draft(None, (full[0] // jpeg_scale, full[1] // jpeg_scale))
            if im.size[0] * im.size[1] > MAX_PIXELS:  # Pillow would not reduce it
                raise _too_large(index, *full)
        orientation = _orientation(im, kind)
        dpi = _file_dpi(im)
        im.load()
        upright = im.transpose(_ORIENTATION_FIX[orientation]) if orientation > 1 else im
        image = _to_u8(upright)
    except CaptureError:
        raise
    except Exception as exc:  # any failure inside a decoder means a damaged file
        raise _decode_error(kind, index, exc) from exc
    if dpi is not None:
        dpi = max(1, round(dpi / jpeg_scale))
    return LoadedPage(image, default_dpi if dpi is None else dpi, index, jpeg_scale > 1)


def _decode_error(kind: Kind, index: int, exc: Exception) -> CaptureError:
    # Pillow (with LOAD_TRUNCATED_IMAGES left off) says "truncated" when the data ends
    # before the picture does; libjpeg alone would fill the rest with grey and carry on.
    truncated = isinstance(exc, EOFError) or "truncated" in str(exc).lower()
    code = "file.truncated" if truncated else "file.unreadable"
    return CaptureError(code, f"{kind}: page {index}: {type(exc).__name__}")


def _orientation(im: Image.Image, kind: Kind) -> int:
    try:
        if kind == "tiff":  # the tag of the current frame, not of the first one
            tags = getattr(im, "tag_v2", {})
            value = tags.get(_ORIENTATION_TAG, 1)
        else:
            value = im.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not cost the picture
        return 1
    return value if isinstance(value, int) and value in _ORIENTATION_FIX else 1


def _file_dpi(im: Image.Image) -> float | None:
    """Horizontal resolution from JFIF/EXIF, pHYs or the TIFF tags, when it is plausible."""
    value = im.info.get("dpi")
    if not isinstance(value, tuple) or not value:
        return None
    try:
        x = float(value[0])
    except (TypeError, ValueError):
        return None
    return x if _MIN_DPI <= round(x) <= _MAX_DPI else None


def _to_u8(im: Image.Image) -> U8Image:
    """8-bit grey or BGR, alpha flattened onto white (a transparent scan is white paper)."""
    mode = im.mode
    if mode in ("P", "PA"):
        im = im.convert("RGBA" if im.has_transparency_data else "RGB")
    elif mode in ("1", "L", "RGB") and "transparency" in im.info:
        im = im.convert("RGBA" if mode == "RGB" else "LA")
    elif mode == "1":
        im = im.convert("L")
    elif mode == "La":
        im = im.convert("LA")
    elif mode == "RGBa":
        im = im.convert("RGBA")
    mode = im.mode
    if mode.startswith(("I", "F")):
        return _deep_to_u8(np.asarray(im))
    if mode == "L":
        return np.ascontiguousarray(np.asarray(im, dtype=np.uint8))
    if mode in ("LA", "RGBA"):
        grey = mode == "LA"
        flat = Image.new("L" if grey else "RGB", im.size, 255 if grey else (255, 255, 255))
        flat.paste(im.convert("L" if grey else "RGB"), mask=im.getchannel("A"))
        im = flat
        if grey:
            return np.ascontiguousarray(np.asarray(im, dtype=np.uint8))
    elif mode != "RGB":  # CMYK, YCbCr, LAB, HSV
        im = im.convert("RGB")
    rgb = np.asarray(im, dtype=np.uint8)
    return np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dtype=np.uint8)


def _deep_to_u8(values: npt.NDArray[np.generic]) -> U8Image:
    """16-bit (and 32-bit integer) samples keep their top byte; float samples are 0..1."""
    if values.dtype.kind == "f":
        scaled = np.clip(np.nan_to_num(values.astype(np.float32)), 0.0, 1.0) * 255.0
        return np.ascontiguousarray(np.rint(scaled).astype(np.uint8))
    if values.dtype.kind == "u" and values.dtype.itemsize == 2:
        return np.ascontiguousarray((values.astype(np.uint16) >> 8).astype(np.uint8))
    clipped = np.clip(values, 0, 65535).astype(np.uint16)
    return np.ascontiguousarray((clipped >> 8).astype(np.uint8))


def _pdf_pages(path: Path, dpi: int) -> Generator[LoadedPage, None, None]:
    with _PDFIUM_LOCK:
        pdf = _open_pdf(path)
        try:
            pdf.init_forms()  # filled-in form fields are part of the page the clerk sees
            count = len(pdf)
        except BaseException:
            pdf.close()
            raise
    try:
        for index in range(count):
            yield _render_pdf_page(pdf, index, dpi)
    finally:
        with _PDFIUM_LOCK:
            pdf.close()


def _render_pdf_page(pdf: pdfium.PdfDocument, index: int, dpi: int) -> LoadedPage:
    with _PDFIUM_LOCK:
        width_pt, height_pt = _pdf_page_size(pdf, index)
        page_dpi, reduced = _pdf_render_dpi(index, width_pt, height_pt, dpi)
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            raise CaptureError("file.unreadable", f"pdf: page {index} did not load") from exc
        try:
            bitmap = page.render(
                scale=page_dpi / _PDF_POINTS_PER_INCH,
                fill_color=_WHITE_RGBA,
                may_draw_forms=True,
            )
            try:
                # BGR as PDFium renders it; copied because the buffer dies with the bitmap.
                image = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
            finally:
                bitmap.close()
        except pdfium.PdfiumError as exc:
            raise CaptureError("file.unreadable", f"pdf: page {index} did not render") from exc
        finally:
            page.close()
    return LoadedPage(image, page_dpi, index, reduced)
