"""The intake benchmark runs end to end in quick mode and reports every figure.

No timing thresholds: the benchmark measures, the issue holds the targets.
"""

from __future__ import annotations

from tests.benchmarks.quick import run_quick


def test_intake_quick_reports_every_metric() -> None:
    result = run_quick("intake", timeout=180)
    metrics, floor = result["metrics"], result["floor"]
    for key in ("accept_p95_ms", "receipt_p95_ms"):
        assert metrics[key] > 0 and floor[key] > 0, key
    assert metrics["accept_p50_ms"] <= metrics["accept_p95_ms"]
    assert metrics["receipt_p50_ms"] <= metrics["receipt_p95_ms"]
    assert metrics["materials"] == 10
    assert metrics["receipt_bytes"] > 10_000  # a real page with an embedded font
    assert result["ratio"] == max(metrics["ratios"].values())
