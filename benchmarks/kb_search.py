"""kb_search: knowledge-base search over a province-sized catalogue replica.

Figure: latency of `offline.search.search(conn, q, limit=20)` for a deterministic mix of
realistic clerk input (see `QUERY_MIX`) over N synthetic items in a fresh offline store,
after one warm-up pass; plus the time to build the whole index (`offline.search.rebuild`
in one write transaction), its size on disk and the process's memory.
Floor, same run: the same queries as `SELECT code FROM like_scan WHERE text LIKE '%q%'`
over one table in the same database holding, per item, the text the index covers.
ratio = floor p95 / figure p95 (how many times faster than a LIKE scan at p95).
"""

from __future__ import annotations

import json
import math
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

from benchmarks.common import Timer
from offline import db, search
from offline.replica import CATALOGUE
from offline.store import open_store
from server.seed.synthetic import generate_items
from workstation.secrets import FileVault

SEED = 20_240
BATCH = 1_000
LIMIT = 20
# Query kinds and how many of each per 1,000 queries (quick runs take a fifth of each).
QUERY_MIX: dict[str, int] = {
    "char1": 80,  # one Chinese character of a name
    "char2": 120,  # two adjacent characters of a name
    "phrase": 140,  # 3-8 adjacent characters of a name
    "full_name": 40,  # a whole name as displayed, full-width brackets included
    "typo": 40,  # 4-8 characters of a name with one character replaced
    "pinyin": 90,  # full pinyin of part of a name (sometimes spaced by syllable)
    "initials": 90,  # pinyin initials of part of a name
    "code": 40,  # a whole item code, upper or lower case
    "code_prefix": 50,  # the first 4-10 characters of a code
    "material": 90,  # a material name
    "department": 50,  # a department name, whole or without its district prefix
    "keyword": 50,  # a colloquial keyword of an item
    "multi_word": 50,  # two parts of a name separated by a space
    "garbage": 70,  # misses, FTS syntax, emoji, quotes, a 2,000-character paste
}
PASTE = "\0paste"  # placeholder in GARBAGE, replaced by a 2,000-character paste of guide text
GARBAGE: tuple[str, ...] = (
    "😀", '"', "AND OR NEAR", "*", PASTE, "量子纠缠实验室", "'\"'", "户口*", "NEAR(户口 注销)",
    '"户口" OR "注销"', "🏛️📄", "-注销", "name_bi : 户口", "%", "_", "\\", "()[]{}^:",
    "zzqqxj", "火星移民签证", "   ", "SELECT * FROM search_fts", "户口注销😀", "０１２３",
    "ｈｕｋｏｕ", "AND", "NOT 许可", PASTE, "？？？", "!!!", "a",
)


def _is_cjk_run(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" for ch in text)


def _item_bodies(conn: sqlite3.Connection, rng: random.Random, n: int) -> Iterator[dict[str, Any]]:
    """Items of the stored catalogue drawn at random (with replacement), forever."""
    while True:
        code = f"SYN{rng.randrange(1, n + 1):08d}"
        row = conn.execute("SELECT body FROM catalogue_items WHERE code = ?", (code,)).fetchone()
        yield dict(json.loads(row[0]))


def _name_run(rng: random.Random, item: Mapping[str, Any], shortest: int = 1) -> str | None:
    """A random run of Chinese characters of the item's name at least `shortest` long."""
    candidates = [r for r in search.runs(item["name"]) if _is_cjk_run(r) and len(r) >= shortest]
    return rng.choice(candidates) if candidates else None


def _substring(rng: random.Random, run: str, low: int, high: int, prefix_bias: float = 0.0
               ) -> str:
    length = rng.randint(low, min(high, len(run)))
    start = 0 if rng.random() < prefix_bias else rng.randrange(len(run) - length + 1)
    return run[start : start + length]


def _paste(rng: random.Random, items: Iterator[dict[str, Any]]) -> str:
    """2,000 characters of guide text as a clerk might paste it from another window."""
    parts: list[str] = []
    size = 0
    while size < 2_000:
        item = next(items)
        texts = [*item["conditions"], *(f["answer"] for f in item["faq"]), item["location"]]
        text = rng.choice(texts)
        parts.append(text)
        size += len(text) + 1
    return "\n".join(parts)[:2_000]


def _query(kind: str, rng: random.Random, items: Iterator[dict[str, Any]], index: int
           ) -> str | None:
    """One query of the given kind, or None to draw another item."""
    item = next(items)
    if kind in ("char1", "char2", "phrase", "typo", "pinyin", "initials", "multi_word"):
        shortest = {"char1": 1, "char2": 2, "phrase": 3, "typo": 4, "multi_word": 4}.get(kind, 2)
        run = _name_run(rng, item, shortest)
        if run is None:
            return None
        if kind == "char1":
            return rng.choice(run)
        if kind == "char2":
            return _substring(rng, run, 2, 2)
        if kind == "phrase":
            return _substring(rng, run, 3, 8, prefix_bias=0.5)
        if kind == "typo":
            chars = list(_substring(rng, run, 4, 8, prefix_bias=0.5))
            other = _name_run(rng, next(items)) or "错"
            chars[rng.randrange(len(chars))] = rng.choice(other)
            return "".join(chars)
        if kind == "multi_word":
            cut = rng.randint(2, len(run) - 2)
            return f"{run[:cut]} {run[cut:]}"
        part = _substring(rng, run, 2, 6, prefix_bias=0.5)
        if kind == "initials":
            return "".join(search.pinyin_runs(part)[1])
        syllables = [s for s in search.syllables(part) if s]
        return (" " if rng.random() < 0.2 else "").join(syllables)
    if kind == "full_name":
        return str(item["name"])
    if kind == "code":
        code = str(item["code"])
        return code.lower() if rng.random() < 0.5 else code
    if kind == "code_prefix":
        prefix = str(item["code"])[: rng.randint(4, 10)]
        return prefix.lower() if rng.random() < 0.5 else prefix
    if kind == "material":
        return str(rng.choice(item["materials"])["name"])
    if kind == "department":
        department = str(item["department"])
        return department.removeprefix("示范区") if rng.random() < 0.5 else department
    if kind == "keyword":
        return str(rng.choice(item["keywords"]))
    if kind == "garbage":
        text = GARBAGE[index % len(GARBAGE)]
        return _paste(rng, items) if text == PASTE else text
    raise ValueError(kind)


def make_queries(conn: sqlite3.Connection, n_items: int, quick: bool) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn deterministically from the stored catalogue, shuffled."""
    rng = random.Random(SEED)
    items = _item_bodies(conn, rng, n_items)
    queries: list[tuple[str, str]] = []
    for kind, per_thousand in QUERY_MIX.items():
        wanted = per_thousand // 5 if quick else per_thousand
        made = 0
        while made < wanted:
            query = _query(kind, rng, items, made)
            if query:
                queries.append((kind, query))
                made += 1
    rng.shuffle(queries)
    return queries


def _like_text(item: Mapping[str, Any]) -> str:
    """Everything the index covers (see `offline.search.doc_from_item`), code included."""
    doc = search.doc_from_item(item)
    return "\n".join((doc.code, doc.name, *doc.aliases, doc.department, *doc.materials,
                      *doc.text))


def load_catalogue(conn: sqlite3.Connection, items: Iterable[dict[str, Any]]) -> int:
    """Write the items into catalogue_items (no index) and the LIKE floor's table."""
    columns = CATALOGUE.columns
    insert = (f"INSERT INTO {CATALOGUE.table} ({', '.join(columns)}) "
              f"VALUES ({', '.join('?' * len(columns))})")
    count = 0
    iterator = iter(items)
    with db.write(conn):
        conn.execute("CREATE TABLE like_scan (code TEXT NOT NULL, text TEXT NOT NULL)")
        while batch := list(islice(iterator, BATCH)):
            conn.executemany(insert, [
                tuple(json.dumps(item, ensure_ascii=False) if column == "body" else item[column]
                      for column in columns)
                for item in batch])
            conn.executemany("INSERT INTO like_scan (code, text) VALUES (?, ?)",
                             [(item["code"], _like_text(item)) for item in batch])
            count += len(batch)
    return count


def _file_bytes(path: Path, conn: sqlite3.Connection) -> int:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def index_bytes(conn: sqlite3.Connection) -> dict[str, int] | None:
    """Bytes of each b-tree of the index (tables, FTS5 shadow tables, their indexes), by
    the dbstat virtual table; None when this SQLite was built without it."""
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') "
        "AND tbl_name LIKE 'search\\_%' ESCAPE '\\'")]
    sizes: dict[str, int] = {}
    try:
        for name in names:
            row = conn.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = ? AND aggregate = TRUE", (name,)
            ).fetchone()
            sizes[name] = int(row[0] or 0)
    except sqlite3.OperationalError:  # no such table: dbstat
        return None
    return sizes


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _time_each(run_one: Callable[[str], object], queries: Sequence[str]) -> list[float]:
    """Milliseconds per query."""
    times: list[float] = []
    for query in queries:
        start = time.perf_counter()
        run_one(query)
        times.append((time.perf_counter() - start) * 1_000)
    return times


def _pct(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _summary(times: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(_pct(times, 0.95), 3),
            "max_ms": round(max(times), 3)}


def _per_kind(kinds: Sequence[str], times: Sequence[float], fraction: float | None
              ) -> dict[str, float]:
    by_kind: dict[str, list[float]] = {}
    for kind, ms in zip(kinds, times, strict=True):
        by_kind.setdefault(kind, []).append(ms)
    return {kind: round(max(v) if fraction is None else _pct(v, fraction), 3)
            for kind, v in sorted(by_kind.items())}


def _vm_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    return math.nan


def run(quick: bool = False) -> dict[str, Any]:
    n = 5_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="bench-kb-search-") as tmp:
        root = Path(tmp)
        path = root / "workstation.db"
        store = open_store(path, FileVault(root / "vault.json"))
        conn = store.conn
        try:
            loaded = load_catalogue(conn, generate_items(n, seed=0))
            if loaded != n:
                raise RuntimeError(f"expected {n} items, loaded {loaded}")
            before = _file_bytes(path, conn)
            with Timer() as build, db.write(conn):
                indexed = search.rebuild(conn)
            if indexed != n:
                raise RuntimeError(f"expected {n} items indexed, got {indexed}")
            file_growth = _file_bytes(path, conn) - before
            by_dbstat = index_bytes(conn)
            index_size = sum(by_dbstat.values()) if by_dbstat is not None else file_growth
            measured_by = ("dbstat: SUM(pgsize) of search_items, search_aliases, search_fts "
                           "shadow tables and their indexes" if by_dbstat is not None else
                           "database file growth across the build, after WAL checkpoints")

            pairs = make_queries(conn, n, quick)
            kinds = [k for k, _ in pairs]
            queries = [q for _, q in pairs]

            def ours(query: str) -> object:
                return search.search(conn, query, limit=LIMIT)

            _time_each(ours, queries)  # warm-up: page cache, OpenCC, synonym dictionary
            ours_ms = _time_each(ours, queries)
            rss_mb = _vm_rss_mb()
            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
            rss_peak_mb = max(peak_kib / 1024, rss_mb)  # the kernel updates ru_maxrss lazily

            def like(query: str) -> object:
                return conn.execute(
                    "SELECT code FROM like_scan WHERE text LIKE ? ESCAPE '\\' LIMIT ?",
                    (_like_pattern(query), LIMIT)).fetchall()

            like("从未出现的文本zzqq")  # warm-up: a full scan reads the table into the cache
            like_ms = _time_each(like, queries)
            db_mb = _file_bytes(path, conn) / 2**20
        finally:
            store.close()

    slowest = sorted(range(len(queries)), key=lambda i: ours_ms[i], reverse=True)[:8]
    ours_summary = _summary(ours_ms)
    floor_summary = _summary(like_ms)
    mix: dict[str, int] = {}
    for kind in kinds:
        mix[kind] = mix.get(kind, 0) + 1
    return {
        "name": "kb_search",
        "metrics": {
            **ours_summary,
            "build_s": round(build.seconds, 3),
            "index_mb": round(index_size / 2**20, 2),
            "rss_mb": round(rss_mb, 1),
            "rss_peak_mb": round(rss_peak_mb, 1),
            "rss_note": "rss_mb: VmRSS after the build and the queries; rss_peak_mb: "
                        "ru_maxrss, which includes generating the catalogue in-process",
            "items": n,
            "queries": len(queries),
            "limit": LIMIT,
            "mix": dict(sorted(mix.items())),
            "index_measured_by": measured_by,
            "index_parts_mb": {name: round(size / 2**20, 2) for name, size in sorted(
                (by_dbstat or {}).items(), key=lambda part: -part[1])},
            "index_file_growth_mb": round(file_growth / 2**20, 2),
            "db_mb": round(db_mb, 2),
            "per_kind_p50_ms": _per_kind(kinds, ours_ms, 0.5),
            "per_kind_p95_ms": _per_kind(kinds, ours_ms, 0.95),
            "per_kind_max_ms": _per_kind(kinds, ours_ms, None),
            "slowest": [{"kind": kinds[i], "query": queries[i][:24], "chars": len(queries[i]),
                         "ms": round(ours_ms[i], 3)} for i in slowest],
        },
        "floor": {
            **floor_summary,
            "queries": len(queries),
            "seconds": round(sum(like_ms) / 1_000, 1),
            "per_kind_p95_ms": _per_kind(kinds, like_ms, 0.95),
            "what": "SELECT code FROM like_scan WHERE text LIKE '%q%' ESCAPE '\\' LIMIT 20, "
                    "one row per item of code, name, short name, keywords, department, "
                    "material names, conditions, situations, result and FAQ questions, in "
                    "the same database; the same queries, after one full-scan warm-up",
        },
        "ratio": round(floor_summary["p95_ms"] / ours_summary["p95_ms"], 2),
    }
