"""Material files as pages (devices.capture.files): every file is written by the test."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pikepdf
import pytest
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.pdfgen import canvas

from devices.capture.errors import CaptureError
from devices.capture.files import (
    MAX_PAGES,
    MAX_PIXELS,
    SUPPORTED_SUFFIXES,
    FileInfo,
    LoadedPage,
    inspect,
    load_pages,
)

RED_BGR = (0, 0, 255)


def marked_rgb(width: int = 60, height: int = 40) -> np.ndarray:
    """White, with a red top-left quarter: shows colour order and orientation at once."""
    rgb = np.full((height, width, 3), 255, np.uint8)
    rgb[: height // 2, : width // 2] = (255, 0, 0)
    return rgb


def near(pixel: np.ndarray, expected: tuple[int, ...], tol: int = 12) -> bool:
    return bool(np.all(np.abs(pixel.astype(int) - np.array(expected)) <= tol))


def load_all(path: Path, dpi: int = 200) -> list[LoadedPage]:
    return list(load_pages(path, dpi=dpi))


def write_pdf(path: Path, sizes: list[tuple[float, float]]) -> None:
    """One page per size, each with a black 100 pt square 100 pt from the bottom left."""
    c = canvas.Canvas(str(path))
    for size in sizes:
        c.setPageSize(size)
        c.rect(100, 100, 100, 100, stroke=0, fill=1)
        c.showPage()
    c.save()


def write_big_png(path: Path, width: int, height: int) -> None:
    """A valid grey PNG streamed row by row: 100 MP without 100 MB in memory."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data)
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    comp = zlib.compressobj(1)
    row = bytes(width + 1)  # filter byte 0 and black pixels
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    path.write_bytes(png)


def write_tiff3(path: Path) -> None:
    first = Image.fromarray(marked_rgb(60, 40))
    grey = Image.fromarray(np.tile(np.arange(50, dtype=np.uint8) * 5, (30, 1)))
    bilevel = Image.fromarray((np.indices((32, 64)).sum(axis=0) % 2 * 255).astype(np.uint8))
    first.save(
        path,
        save_all=True,
        append_images=[grey, bilevel.convert("1")],
        dpi=(300, 300),
        compression="tiff_lzw",
    )


def noisy_jpeg_bytes(width: int = 320, height: int = 240) -> bytes:
    rng = np.random.default_rng(7)
    ok, buf = cv2.imencode(".jpg", rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
    assert ok
    return buf.tobytes()


# -- formats ---------------------------------------------------------------------------


def test_supported_suffixes_cover_every_format() -> None:
    assert {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".pdf"} <= set(SUPPORTED_SUFFIXES)
    assert all(s.startswith(".") and s == s.lower() for s in SUPPORTED_SUFFIXES)


def test_jpeg_comes_out_bgr_with_its_jfif_dpi(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    Image.fromarray(marked_rgb()).save(path, quality=95, dpi=(300, 300))

    assert inspect(path) == FileInfo("jpeg", 1, 60, 40)
    (page,) = load_all(path)
    assert page.image.shape == (40, 60, 3) and page.image.dtype == np.uint8
    assert (page.dpi, page.index, page.reduced) == (300, 0, False)
    assert near(page.image[5, 5], RED_BGR) and near(page.image[35, 55], (255, 255, 255))


def test_png_is_exact_and_keeps_its_phys_dpi(tmp_path: Path) -> None:
    path = tmp_path / "a.png"
    Image.fromarray(marked_rgb()).save(path, dpi=(150, 150))

    (page,) = load_all(path, dpi=300)
    assert page.dpi == 150
    np.testing.assert_array_equal(page.image, cv2.cvtColor(marked_rgb(), cv2.COLOR_RGB2BGR))


def test_file_without_resolution_gets_the_default_dpi(tmp_path: Path) -> None:
    png, tif = tmp_path / "a.png", tmp_path / "a.tif"
    Image.fromarray(marked_rgb()).save(png)
    cv2.imwrite(str(tif), marked_rgb())  # OpenCV writes no resolution tags

    assert [p.dpi for p in load_all(png, dpi=123)] == [123]
    assert [p.dpi for p in load_all(tif, dpi=123)] == [123]


def test_grey_sources_stay_grey(tmp_path: Path) -> None:
    grey = np.tile(np.arange(0, 250, 5, dtype=np.uint8), (20, 1))
    png, jpg = tmp_path / "g.png", tmp_path / "g.jpg"
    Image.fromarray(grey).save(png)
    Image.fromarray(grey).save(jpg, quality=95)

    (from_png,) = load_all(png)
    np.testing.assert_array_equal(from_png.image, grey)
    (from_jpg,) = load_all(jpg)
    assert from_jpg.image.shape == grey.shape
    assert np.abs(from_jpg.image.astype(int) - grey).max() <= 8


def test_three_page_tiff_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "scan.tiff"
    write_tiff3(path)

    assert inspect(path) == FileInfo("tiff", 3, 60, 40)
    progress: list[tuple[int, int]] = []
    pages = list(load_pages(path, on_progress=lambda done, total: progress.append((done, total))))
    assert [p.index for p in pages] == [0, 1, 2]
    assert [p.dpi for p in pages] == [300, 300, 300]
    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    np.testing.assert_array_equal(pages[0].image, cv2.cvtColor(marked_rgb(), cv2.COLOR_RGB2BGR))
    assert pages[1].image.shape == (30, 50) and pages[1].image[0, 49] == 245
    bilevel = pages[2].image
    assert bilevel.shape == (32, 64) and bilevel.dtype == np.uint8
    assert set(np.unique(bilevel).tolist()) == {0, 255}


def test_three_page_pdf_of_mixed_sizes_renders_on_white(tmp_path: Path) -> None:
    path = tmp_path / "form.pdf"
    sizes = [A4, landscape(A4), A5]
    write_pdf(path, sizes)

    assert inspect(path, dpi=100) == FileInfo("pdf", 3, 827, 1170)
    pages = load_all(path, dpi=100)
    assert [p.index for p in pages] == [0, 1, 2]
    assert all(p.dpi == 100 and not p.reduced for p in pages)
    expected = [(-(-h * 100 // 72), -(-w * 100 // 72), 3) for w, h in sizes]
    assert [p.image.shape for p in pages] == [tuple(int(v) for v in e) for e in expected]
    for page in pages:
        img, height = page.image, page.image.shape[0]
        assert near(img[5, 5], (255, 255, 255), 0)  # white paper, not transparent black
        # 150 pt from the left and the bottom is inside the square.
        assert near(img[height - 208, 208], (0, 0, 0), 0)


def test_pdf_page_rotation_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "turned.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].Rotate = 90
    pdf.save(path)

    assert inspect(path, dpi=72) == FileInfo("pdf", 1, 842, 595)
    (page,) = load_all(path, dpi=72)
    assert page.image.shape == (595, 842, 3)


@pytest.mark.parametrize(
    ("orientation", "red_corner"),
    [(3, "bottom_right"), (6, "top_right"), (8, "bottom_left")],
)
def test_exif_orientation_is_applied(tmp_path: Path, orientation: int, red_corner: str) -> None:
    path = tmp_path / "phone.jpg"
    exif = Image.Exif()
    exif[0x0112] = orientation
    Image.fromarray(marked_rgb(60, 40)).save(path, quality=95, exif=exif.tobytes())

    turned = orientation in (6, 8)
    size = (40, 60) if turned else (60, 40)
    assert inspect(path) == FileInfo("jpeg", 1, *size)
    (page,) = load_all(path)
    img = page.image
    assert img.shape == (size[1], size[0], 3)
    corners = {
        "top_left": img[3, 3],
        "top_right": img[3, -4],
        "bottom_left": img[-4, 3],
        "bottom_right": img[-4, -4],
    }
    for name, pixel in corners.items():
        assert near(pixel, RED_BGR if name == red_corner else (255, 255, 255)), name


def test_16_bit_png_becomes_8_bit(tmp_path: Path) -> None:
    grey16 = (np.arange(64 * 32, dtype=np.uint32).reshape(32, 64) * 31).astype(np.uint16)
    colour16 = np.dstack([grey16, grey16[::-1], 65535 - grey16])
    grey_path, colour_path = tmp_path / "g16.png", tmp_path / "c16.png"
    cv2.imwrite(str(grey_path), grey16)
    cv2.imwrite(str(colour_path), colour16)  # written as BGR

    (grey,) = load_all(grey_path)
    assert grey.image.dtype == np.uint8
    np.testing.assert_array_equal(grey.image, grey16 >> 8)
    (colour,) = load_all(colour_path)
    assert colour.image.dtype == np.uint8 and colour.image.shape == (32, 64, 3)
    np.testing.assert_array_equal(colour.image, (colour16 >> 8).astype(np.uint8))


def test_paletted_and_1_bit_png(tmp_path: Path) -> None:
    indices = np.array([[0, 1, 2, 3]] * 4, dtype=np.uint8)
    paletted = Image.fromarray(indices, mode="P")
    paletted.putpalette([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
    bits = Image.fromarray((np.eye(8) * 255).astype(np.uint8)).convert("1")
    p_path, b_path = tmp_path / "p.png", tmp_path / "b.png"
    paletted.save(p_path)
    bits.save(b_path)

    (p,) = load_all(p_path)
    assert p.image.dtype == np.uint8
    assert [tuple(int(v) for v in p.image[0, i]) for i in range(4)] == [
        (0, 0, 255),
        (0, 255, 0),
        (255, 0, 0),
        (30, 20, 10),
    ]
    (b,) = load_all(b_path)
    np.testing.assert_array_equal(b.image, (np.eye(8) * 255).astype(np.uint8))


def test_alpha_is_flattened_onto_white(tmp_path: Path) -> None:
    rgba = np.zeros((10, 30, 4), np.uint8)  # transparent black
    rgba[:, 10:20] = (255, 0, 0, 255)  # opaque red
    rgba[:, 20:] = (0, 0, 0, 128)  # half-transparent black
    path = tmp_path / "a.png"
    Image.fromarray(rgba).save(path)
    la = np.dstack([np.zeros((4, 4), np.uint8), np.zeros((4, 4), np.uint8)])  # clear black
    la_path = tmp_path / "la.png"
    Image.fromarray(la, mode="LA").save(la_path)
    keyed = Image.fromarray(np.array([[0, 1]], np.uint8), mode="P")
    keyed.putpalette([0, 0, 0, 255, 0, 0])
    keyed_path = tmp_path / "keyed.png"
    keyed.save(keyed_path, transparency=0)

    (page,) = load_all(path)
    assert page.image.shape == (10, 30, 3)
    assert near(page.image[5, 5], (255, 255, 255), 0)
    assert near(page.image[5, 15], RED_BGR, 0)
    assert near(page.image[5, 25], (127, 127, 127), 1)
    (grey,) = load_all(la_path)
    np.testing.assert_array_equal(grey.image, np.full((4, 4), 255, np.uint8))
    (pal,) = load_all(keyed_path)
    assert pal.image[0].tolist() == [[255, 255, 255], [0, 0, 255]]


def test_format_is_read_from_content_not_suffix(tmp_path: Path) -> None:
    path = tmp_path / "really_a_png.jpg"
    Image.fromarray(marked_rgb()).save(path, format="PNG")

    assert inspect(path).kind == "png"
    (page,) = load_all(path)
    np.testing.assert_array_equal(page.image, cv2.cvtColor(marked_rgb(), cv2.COLOR_RGB2BGR))


def test_jpeg_with_data_after_its_end_marker_loads(tmp_path: Path) -> None:
    """Phones append a video (motion photo) after the picture: not a damaged file."""
    path = tmp_path / "motion.jpg"
    path.write_bytes(noisy_jpeg_bytes() + b"\x00\x00\x00\x18ftypmp42" + bytes(4096))

    (page,) = load_all(path)
    assert page.image.shape == (240, 320, 3)


# -- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.5, -2], ids=["half", "all_but_eoi"])
def test_truncated_jpeg_is_reported_not_grey_filled(tmp_path: Path, keep: float) -> None:
    data = noisy_jpeg_bytes()
    cut = int(len(data) * keep) if keep > 0 else len(data) + int(keep)
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[:cut])

    assert inspect(path).kind == "jpeg"  # the header is intact
    produced: list[LoadedPage] = []
    with pytest.raises(CaptureError) as caught:
        produced.extend(load_pages(path))
    assert caught.value.code == "file.truncated"
    assert produced == []


def test_100_megapixel_png_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    write_big_png(path, 10_000, 10_000)

    with pytest.raises(CaptureError) as caught:
        inspect(path)
    assert caught.value.code == "file.too_large"
    assert "10000x10000" in caught.value.detail


def test_100_megapixel_jpeg_loads_reduced(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    big = Image.new("L", (10_000, 10_000), 200)
    ImageDraw.Draw(big).rectangle((0, 0, 1999, 1999), fill=0)
    big.save(path, quality=50, dpi=(400, 400))
    del big

    info = inspect(path)
    assert info == FileInfo("jpeg", 1, 5000, 5000)
    (page,) = load_all(path)
    assert page.reduced
    assert page.image.shape == (5000, 5000)
    assert page.image.size <= MAX_PIXELS
    assert page.dpi == 200  # still true to size: half the pixels per inch
    assert page.image[500, 500] < 30 and page.image[3000, 3000] > 170


def test_huge_pdf_page_is_rendered_at_a_lower_dpi(tmp_path: Path) -> None:
    """A PDF page has no pixels of its own: a poster is rendered smaller, not refused."""
    path = tmp_path / "site_plan.pdf"
    write_pdf(path, [(72 * 100, 72 * 100)])  # 100 × 100 inches

    info = inspect(path, dpi=100)
    assert info.width * info.height <= MAX_PIXELS
    assert info.width == info.height == 7000
    (page,) = load_all(path, dpi=100)
    assert page.reduced and page.dpi == 70
    assert page.image.shape == (7000, 7000, 3)


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.touch()
    with pytest.raises(CaptureError) as caught:
        inspect(path)
    assert caught.value.code == "file.empty"


def test_500_page_pdf_is_refused_before_rendering(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    pdf = pikepdf.new()
    for _ in range(500):
        pdf.add_blank_page()
    pdf.save(path)

    progress: list[tuple[int, int]] = []
    with pytest.raises(CaptureError) as caught:
        load_pages(path, on_progress=lambda done, total: progress.append((done, total)))
    assert caught.value.code == "file.too_many_pages"
    assert "500" in caught.value.detail and str(MAX_PAGES) in caught.value.detail
    assert progress == []


def test_password_protected_pdf_is_encrypted_but_owner_only_protection_opens(
    tmp_path: Path,
) -> None:
    locked, restricted = tmp_path / "locked.pdf", tmp_path / "restricted.pdf"
    for path, user in ((locked, "secret"), (restricted, "")):
        pdf = pikepdf.new()
        pdf.add_blank_page(page_size=(72, 72))
        pdf.save(path, encryption=pikepdf.Encryption(owner="owner", user=user))

    with pytest.raises(CaptureError) as caught:
        inspect(locked)
    assert caught.value.code == "file.encrypted"
    (page,) = load_all(restricted, dpi=72)
    assert page.image.shape == (72, 72, 3)


def _text_as_jpg(tmp: Path) -> Path:
    path = tmp / "letter.jpg"
    path.write_text("这不是图片 / not a picture\n", encoding="utf-8")
    return path


def _gif_as_png(tmp: Path) -> Path:
    path = tmp / "anim.png"
    Image.new("P", (4, 4)).save(path, format="GIF")
    return path


def _missing(tmp: Path) -> Path:
    return tmp / "张三_身份证.jpg"


def _directory(tmp: Path) -> Path:
    path = tmp / "folder.pdf"
    path.mkdir()
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.png"
    path.touch()
    return path


def _corrupt(magic: bytes, name: str) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(magic + bytes(range(256)) * 4)
        return path

    return build


def _huge_png(tmp: Path) -> Path:
    path = tmp / "huge.png"
    write_big_png(path, 8000, 8000)  # 64 MP
    return path


def _many_pages(tmp: Path) -> Path:
    path = tmp / "many.pdf"
    pdf = pikepdf.new()
    for _ in range(MAX_PAGES + 1):
        pdf.add_blank_page()
    pdf.save(path)
    return path


def _encrypted(tmp: Path) -> Path:
    path = tmp / "locked.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(path, encryption=pikepdf.Encryption(owner="o", user="u"))
    return path


BAD_FILES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "text_renamed_jpg": (_text_as_jpg, "file.unsupported"),
    "gif_renamed_png": (_gif_as_png, "file.unsupported"),
    "missing": (_missing, "file.missing"),
    "directory": (_directory, "file.missing"),
    "empty": (_empty, "file.empty"),
    "corrupt_png": (_corrupt(b"\x89PNG\r\n\x1a\n", "c.png"), "file.unreadable"),
    "corrupt_jpeg": (_corrupt(b"\xff\xd8\xff\xe0", "c.jpg"), "file.unreadable"),
    "corrupt_tiff": (_corrupt(b"II*\x00", "c.tif"), "file.unreadable"),
    "corrupt_pdf": (_corrupt(b"%PDF-1.7\n", "c.pdf"), "file.unreadable"),
    "too_large": (_huge_png, "file.too_large"),
    "too_many_pages": (_many_pages, "file.too_many_pages"),
    "encrypted": (_encrypted, "file.encrypted"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_fails_before_any_page(tmp_path: Path, case: str) -> None:
    build, code = BAD_FILES[case]
    path = build(tmp_path)

    with pytest.raises(CaptureError) as from_inspect:
        inspect(path)
    assert from_inspect.value.code == code
    progress: list[tuple[int, int]] = []
    with pytest.raises(CaptureError) as from_load:
        load_pages(path, on_progress=lambda done, total: progress.append((done, total)))
    assert from_load.value.code == code
    assert progress == []
    assert path.name not in str(from_load.value)  # file names may hold personal data


# -- cancellation, laziness, threads ---------------------------------------------------


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("kind", ["tiff", "pdf"])
def test_cancel_mid_file_stops_and_releases_the_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"three.{kind}"
    if kind == "tiff":
        write_tiff3(path)
    else:
        write_pdf(path, [A5, A5, A5])
    baseline = open_fds()
    cancel = threading.Event()
    progress: list[tuple[int, int]] = []

    pages = load_pages(
        path, dpi=50, cancel=cancel, on_progress=lambda d, t: progress.append((d, t))
    )
    got: list[LoadedPage] = []
    for page in pages:
        got.append(page)
        assert progress[-1] == (page.index + 1, 3)  # decoded one at a time, on demand
        cancel.set()

    assert [p.index for p in got] == [0]
    assert progress == [(0, 3), (1, 3)]
    assert open_fds() == baseline


def test_abandoned_iterator_releases_the_file(tmp_path: Path) -> None:
    path = tmp_path / "three.tiff"
    write_tiff3(path)
    baseline = open_fds()

    pages = load_pages(path)
    first = next(pages)
    assert open_fds() > baseline  # the file stays open between pages
    pages.close()
    assert first.index == 0 and open_fds() == baseline


_THREADED_IMPORTS = """
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from devices.capture.files import load_pages

path = Path(sys.argv[1])
expected = [p.image for p in load_pages(path, dpi=50)]

def work(_):
    return [p.image for p in load_pages(path, dpi=50)]

with ThreadPoolExecutor(max_workers=4) as pool:
    runs = list(pool.map(work, range(12)))
same = all(
    all(np.array_equal(a, b) for a, b in zip(run, expected, strict=True)) for run in runs
)
print("same" if same and len(runs) == 12 else "different")
"""


def test_pdfs_load_from_several_threads_at_once(tmp_path: Path) -> None:
    """PDFium is not thread-safe: unserialised, this workload segfaults every time (text
    pages share PDFium's font caches). A child process keeps a crash a test failure."""
    path = tmp_path / "text.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(3):
        for font in ("Helvetica", "Times-Roman", "Courier"):
            c.setFont(font, 9)
            for y in range(40, 800, 12):
                c.drawString(30, y, f"{font} {y} the quick brown fox jumps over the lazy dog")
        c.showPage()
    c.save()

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _THREADED_IMPORTS, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=root,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same"
