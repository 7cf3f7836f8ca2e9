"""The kb_search benchmark runs end to end in quick mode and reports every figure.

No timing thresholds: the benchmark measures, the issue holds the targets.
"""

from __future__ import annotations

from tests.benchmarks.quick import run_quick

METRICS = ("p50_ms", "p95_ms", "max_ms", "build_s", "index_mb", "rss_mb", "rss_peak_mb",
           "queries", "items")
FLOOR = ("p50_ms", "p95_ms", "max_ms")


def test_kb_search_quick_reports_every_metric() -> None:
    result = run_quick("kb_search", timeout=120)

    metrics = result["metrics"]
    for key in METRICS:
        assert metrics[key] > 0, key
    assert metrics["p50_ms"] <= metrics["p95_ms"] <= metrics["max_ms"]
    assert metrics["queries"] >= 200
    assert metrics["items"] == 5_000
    assert sum(metrics["mix"].values()) == metrics["queries"]
    assert metrics["index_measured_by"]
    assert set(metrics["per_kind_p95_ms"]) == set(metrics["mix"])

    floor = result["floor"]
    for key in FLOOR:
        assert floor[key] > 0, key
    assert floor["p50_ms"] <= floor["p95_ms"] <= floor["max_ms"]
    assert floor["what"]
    assert result["ratio"] > 0
    assert "machine" in result
