"""The sync_push benchmark runs end to end in quick mode and reports every figure.

No timing thresholds: the benchmark measures, the issue holds the targets. The benchmark
itself fails unless the sync worker sent every operation and the server holds every case
(ours and the floor's) exactly once.
"""

from __future__ import annotations

from benchmarks.sync_push import PAGE_BYTES, PAGES_PER_CASE, QUICK_CASES
from tests.benchmarks.quick import run_quick


def test_sync_push_quick_reports_every_metric() -> None:
    result = run_quick("sync_push", timeout=180)
    metrics, floor = result["metrics"], result["floor"]
    for key in ("ops_per_s", "mb_per_s", "max_stall_ms", "rss_mb", "seconds"):
        assert metrics[key] > 0, key
    for key in ("ops_per_s", "mb_per_s", "seconds"):
        assert floor[key] > 0, key
    # The whole backlog went up: every page and every case, each one operation.
    n = metrics["cases"]
    assert n == QUICK_CASES
    assert metrics["pages"] == n * PAGES_PER_CASE
    assert metrics["operations"] == n * (PAGES_PER_CASE + 1)
    assert abs(metrics["page_mb"] - metrics["pages"] * PAGE_BYTES / 2**20) < 0.05
    # The figures are what they say (rounded).
    seconds = metrics["seconds"]
    assert abs(metrics["ops_per_s"] - metrics["operations"] / seconds) < 0.06 + 0.01 * metrics[
        "ops_per_s"]
    assert abs(metrics["mb_per_s"] - metrics["page_mb"] / seconds) < 0.01 * metrics["mb_per_s"]
    # The floor did the same work: as many operations per MiB.
    per_mib = metrics["ops_per_s"] / metrics["mb_per_s"]
    assert abs(floor["ops_per_s"] / floor["mb_per_s"] / per_mib - 1) < 0.05
    assert abs(result["ratio"] - metrics["mb_per_s"] / floor["mb_per_s"]) < 0.01
    # The event loop ran throughout: the longest gap between ticks is at least their mean,
    # and the progress of every operation and chunk came through as queued signals.
    assert metrics["ticks"] >= 2
    assert metrics["max_stall_ms"] >= 1000 * seconds / metrics["ticks"] - 0.2
    assert metrics["progress_signals"] >= metrics["operations"] + metrics["pages"]
    assert metrics["rss_scope"] in ("drain", "whole process")
    assert metrics["rss_mb"] > 40  # Python, Qt and the app's modules were resident
