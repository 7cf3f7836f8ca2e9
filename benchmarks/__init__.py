"""Benchmarks: `python -m benchmarks NAME [--quick]`, one module per benchmark.

Each prints one JSON object as its last line: the figure, the same work done by the
nearest floor in the same run, and their ratio (figure time / floor time). Targets live
in the issues; benchmarks only measure.
"""
