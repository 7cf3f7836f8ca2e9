"""The capture benchmark runs end to end in quick mode and reports every figure.

No timing thresholds: the benchmark measures, the issue holds the targets.
"""

from __future__ import annotations

from tests.benchmarks.quick import run_quick


def test_capture_quick_reports_every_metric() -> None:
    result = run_quick("capture", timeout=180)
    metrics, floor = result["metrics"], result["floor"]
    for key in ("preview_fps", "preview_ms", "jpeg_ms", "img2pdf_ms"):
        assert floor[key] > 0, key
    for key in ("preview_fps", "preview_ms", "fullres_page_ms", "fullres_detect_ms",
                "fullres_colour_page_ms", "pdf_ms", "pdf_ratio_to_img2pdf"):
        assert metrics[key] > 0, key
    # The detector's share is part of the page's time, not on top of it.
    assert metrics["fullres_detect_ms"] < metrics["fullres_page_ms"]
    assert abs(metrics["preview_ms"] * metrics["preview_fps"] - 1000) < 50  # rounded
    assert abs(result["ratio"] - metrics["fullres_page_ms"] / floor["jpeg_ms"]) < 0.05
    assert abs(metrics["pdf_ratio_to_img2pdf"] - metrics["pdf_ms"] / floor["img2pdf_ms"]) < 0.05
    # A4 at 200 dpi, a bitonal text page far smaller than the same page in colour, and a
    # PDF holding every page once with one bookmark per material.
    assert metrics["page_size_px"] == [1654, 2339]
    assert 0 < metrics["page_kb"] < metrics["page_colour_kb"]
    assert metrics["pdf_pages"] == 6 and metrics["pdf_bookmarks"] == 3
    assert metrics["pdf_kb"] > metrics["page_kb"]
    assert floor["jpeg_kb"] > 100  # a real 13-megapixel frame was encoded
    assert metrics["rss_mb"] > 40  # at least the 4208×3120 frame itself was resident
