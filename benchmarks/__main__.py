"""Run one benchmark by name and print its JSON result last."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys

import benchmarks
from benchmarks.common import machine


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                  if m.name not in ("common", "__main__"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("name", choices=available())
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for smoke tests")
    args = parser.parse_args(argv)
    module = importlib.import_module(f"benchmarks.{args.name}")
    result = module.run(quick=args.quick)
    result["machine"] = machine()
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
