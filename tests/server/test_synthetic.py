"""The deterministic synthetic item generator (server.seed.synthetic)."""

import ast
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from server.contract.catalogue import ServiceItem
from server.seed import synthetic
from server.seed.synthetic import CODE_PREFIX, generate_items

REPO = Path(__file__).resolve().parents[2]


def _digest(items: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(items, ensure_ascii=False).encode()).hexdigest()


def test_same_seed_same_items() -> None:
    assert list(generate_items(300, seed=7)) == list(generate_items(300, seed=7))


def test_different_seeds_differ() -> None:
    a = list(generate_items(50, seed=1))
    b = list(generate_items(50, seed=2))
    assert [x["name"] for x in a] != [x["name"] for x in b]


def test_shorter_run_is_a_prefix_of_a_longer_one() -> None:
    assert list(generate_items(40, seed=3)) == list(generate_items(120, seed=3))[:40]


def test_output_does_not_depend_on_the_hash_seed() -> None:
    # String hashing is randomised per process; the generator must not depend on it.
    script = (
        "import hashlib, json; from server.seed.synthetic import generate_items; "
        "print(hashlib.sha256(json.dumps(list(generate_items(200, seed=5)), "
        "ensure_ascii=False).encode()).hexdigest())"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    assert digests == {_digest(list(generate_items(200, seed=5)))}


def test_count_is_honoured() -> None:
    assert list(generate_items(0)) == []
    assert len(list(generate_items(17))) == 17
    with pytest.raises(ValueError, match="negative"):
        list(generate_items(-1))


def test_codes_are_unique_and_prefixed() -> None:
    codes = [item["code"] for item in generate_items(20_000, seed=11)]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(rf"{CODE_PREFIX}\d{{8}}", code) for code in codes)


def test_a_sample_validates_against_the_contract() -> None:
    items = list(generate_items(5_000, seed=42))
    for raw in items[::10]:  # 500 items spread over the run
        item = ServiceItem.model_validate(raw)
        assert 8 <= len(item.name) <= 40, item.name
        assert 3 <= len(item.materials) <= 10
        assert len(item.situations) <= 3
        assert item.statutory_days >= item.promised_days
        assert item.conditions
        assert item.legal_basis
        assert item.process
        assert item.faq
        options = {o.code for s in item.situations for o in s.options}
        assert len(options) == sum(len(s.options) for s in item.situations)
        material_codes = [m.code for m in item.materials]
        assert len(material_codes) == len(set(material_codes))
        for material in item.materials:
            assert set(material.when) <= options


def test_items_are_varied() -> None:
    items = list(generate_items(2_000, seed=0))
    assert len({item["department"] for item in items}) >= 12
    assert len({item["item_type"] for item in items}) == 5
    assert len({item["name"] for item in items}) >= 400
    assert any(item["situations"] for item in items)
    assert any(not item["situations"] for item in items)
    assert any(m["when"] for item in items for m in item["materials"])
    assert any(m["licence_type"] for item in items for m in item["materials"])
    assert any(m["tolerance_allowed"] for item in items for m in item["materials"])


def test_average_size_is_that_of_a_real_guide() -> None:
    sizes = [
        len(json.dumps(item, ensure_ascii=False).encode("utf-8"))
        for item in generate_items(1_000, seed=9)
    ]
    assert 1_500 <= statistics.mean(sizes) <= 6_000


def test_generation_is_fast() -> None:
    # 100,000 items must take well under 20 s; 10,000 is a cheap, generous proxy here.
    start = time.perf_counter()
    for _ in generate_items(10_000, seed=1):
        pass
    assert time.perf_counter() - start < 5.0


def test_imports_only_the_standard_library_and_the_contract() -> None:
    tree = ast.parse(Path(synthetic.__file__).read_text(encoding="utf-8"))
    modules: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.module is not None
            assert node.level == 0
            modules.append(node.module)
    assert modules
    for module in modules:
        top = module.split(".")[0]
        assert top in sys.stdlib_module_names or module.startswith("server.contract"), module
