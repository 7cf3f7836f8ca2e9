"""Knowledge-base search over the local catalogue replica: index and queries.

The index lives in the store (migration 0002) and holds catalogue text only, never
personal data. It is maintained inside the same transaction as each catalogue page
(`index_items`, `unindex`) and rebuilt inside the transaction that swaps in a replaced
catalogue (`rebuild`).

How text is indexed. Everything is normalised the same way for the index and for the
query: NFKC (full-width → half-width), lower case, traditional → simplified (OpenCC),
then cut into runs of letters and digits (punctuation and spaces separate runs). Each
`*_bi` column of the FTS5 tables holds the bigrams of its runs in order, so a phrase of
the query's bigrams is an exact substring match of any length ≥ 2; the `*_uni` columns
hold single characters for one-character queries. Pinyin (full and initials) is indexed
the same way. FTS5 only ever sees phrases we build from the query's own grams, quoted:
no query text can be FTS syntax, so nothing a clerk types or pastes is an error.

The FTS tables are contentless (the text is never read back): an entry is deleted by
recomputing its grams from the item's previous body, which is why a page is indexed
before it overwrites the catalogue rows, and why the index version includes the versions
of OpenCC, pypinyin and SQLite (a change of any rebuilds the index instead of risking
grams that no longer match).

How results are ranked (lower score first, ties by shorter name): exact name or code 0;
exact short name or colloquial keyword 0.5; name prefix 1; keyword prefix 1.5; name
substring 2; pinyin initials of the name 3, its full pinyin 3.2, pinyin of a keyword 3.6;
keyword substring 4; dictionary
synonyms 3.8–4.3; materials 5, department 5.2, other guide text 5.5; a Chinese query that
sounds like a name (护罩 for 护照, the usual input-method slip) 5.8; a one-character typo
6+ (one character only: two would drown the list in near misses). Question endings
such as 要什么证 are dropped first (resources/search/question_tails.txt).
A favourite moves up by 0.4 and frequent use by up to 0.3, so they float to the top of
their band without jumping over a better kind of match. Equal scores: the item whose own
name shows the match first, then the shorter name.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

INDEX_VERSION = "3"
MAX_QUERY_CHARS = 32  # a pasted page searches by its beginning
FUZZY_MAX_CHARS = 12  # longer queries do not get typo matching
SPECIFIC_CHARS = 6  # a query this long with an exact name match skips the guide-text tiers
WINDOW = 200  # candidates read per FTS query, in rowid (shortest-name-first) order
_BREAK = "brk"  # a 3-letter token between runs: never equal to a 2-character query gram
_WORD = re.compile(r"[^\W_]+")
_CODE = re.compile(r"[0-9a-z][0-9a-z\-]*")

TIER_SCORES = {
    "exact": 0.0, "code": 0.0, "alias_exact": 0.5, "prefix": 1.0, "code_prefix": 1.0,
    "alias_prefix": 1.5, "name": 2.0, "initials": 3.0, "pinyin": 3.2, "alias_pinyin": 3.6,
    "synonym_name": 3.8, "alias": 4.0, "synonym": 4.2, "material": 5.0,
    "synonym_material": 5.1, "department": 5.2, "text": 5.5, "sound": 5.8, "fuzzy": 6.0,
}
FAVOURITE_BOOST = 0.4
USAGE_BOOST = 0.3


# -- normalisation ------------------------------------------------------------------------


@cache
def _t2s() -> Any:
    import opencc  # C++ converter; loaded on first use

    return opencc.OpenCC("t2s")


def normalise(text: str) -> str:
    """NFKC, lower case, traditional → simplified."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if folded.isascii():
        return folded
    return str(_t2s().convert(folded))


@lru_cache(maxsize=100_000)
def runs(text: str) -> tuple[str, ...]:
    """Runs of letters and digits of the normalised text (cached: catalogues repeat
    material names and phrases thousands of times)."""
    return tuple(_WORD.findall(normalise(text)))


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _bigram_text(parts: Iterable[str]) -> str:
    tokens: list[str] = []
    for run in parts:
        grams = _bigrams(run)
        if grams:
            if tokens:
                tokens.append(_BREAK)
            tokens.extend(grams)
    return " ".join(tokens)


@lru_cache(maxsize=200_000)
def _text_bigrams(text: str) -> str:
    """The bigram text of one text (cached: catalogues repeat material names and standard
    conditions thousands of times)."""
    return _bigram_text(runs(text))


def _texts_bigrams(texts: Iterable[str]) -> str:
    return f" {_BREAK} ".join(g for g in map(_text_bigrams, texts) if g)


def _trigram_text(parts: Iterable[str]) -> str:
    tokens: list[str] = []
    for run in parts:
        grams = [run[i : i + 3] for i in range(len(run) - 2)]
        if grams:
            if tokens:
                tokens.append(_BREAK + "x")  # 4 letters: never a 3-letter query gram
            tokens.extend(grams)
    return " ".join(tokens)


def _unigram_text(parts: Iterable[str]) -> str:
    return " ".join(sorted({ch for run in parts for ch in run}))


# -- pinyin -------------------------------------------------------------------------------


@cache
def _phrases() -> Mapping[str, Any]:
    from pypinyin.constants import PHRASES_DICT

    return dict(PHRASES_DICT)


@lru_cache(maxsize=200_000)
def _pinyin_of(segment: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(segment))


def syllables(text: str) -> list[str]:
    """One entry per character of `text`: its pinyin (toneless, lower case) for Chinese
    characters, the character itself for letters and digits, "" for anything else.

    Same readings as pypinyin (longest known phrase first, so 银行 is yin hang), but
    cached per phrase and character: building the index of 100,000 items stays fast.
    """
    phrases = _phrases()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not _is_cjk(ch):
            out.append(ch if ch.isalnum() else "")
            i += 1
            continue
        for length in (5, 4, 3, 2):
            segment = text[i : i + length]
            if len(segment) == length and segment in phrases:
                readings = _pinyin_of(segment)
                if len(readings) == length:
                    out.extend(readings)
                    i += length
                    break
        else:
            out.append(_pinyin_of(ch)[0])
            i += 1
    return out


@lru_cache(maxsize=100_000)
def pinyin_runs(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(full pinyin runs, initials runs) of a text, one run per run of `runs(text)`."""
    full, initials = [], []
    for run in runs(text):
        syl = syllables(run)
        full.append("".join(syl))
        initials.append("".join(s[0] for s in syl if s))
    return tuple(full), tuple(initials)


# -- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchDoc:
    code: str
    name: str
    department: str
    item_type: str
    aliases: tuple[str, ...]  # short name and colloquial keywords
    materials: tuple[str, ...]
    text: tuple[str, ...]  # conditions, situations, result, FAQ questions


def doc_from_item(item: Mapping[str, Any]) -> SearchDoc:
    """The searchable part of a catalogue item (the ServiceItem JSON shape)."""
    text: list[str] = list(item.get("conditions", []))
    for situation in item.get("situations", []):
        text.append(situation["question"])
        text.extend(o["label"] for o in situation["options"])
    text.append(item.get("result", ""))
    text.extend(f["question"] for f in item.get("faq", []))
    aliases = [item.get("short_name", ""), *item.get("keywords", [])]
    return SearchDoc(
        code=item["code"],
        name=item["name"],
        department=item["department"],
        item_type=item["item_type"],
        aliases=tuple(a for a in aliases if a),
        materials=tuple(m["name"] for m in item.get("materials", [])),
        text=tuple(t for t in text if t),
    )


FTS_TABLES: dict[str, tuple[str, ...]] = {
    "search_fts": ("name_bi", "name_uni", "alias_bi", "alias_uni", "pinyin_tri", "initials_bi",
                   "alias_pinyin_tri", "alias_initials_bi"),
    "search_fts_material": ("material_bi",),
    "search_fts_text": ("text_bi",),
}


def _fts_rows(doc: SearchDoc) -> dict[str, tuple[str, ...]]:
    """The values of each FTS table for one item (deterministic: deletes recompute it)."""
    name_runs = runs(doc.name)
    alias_runs = [r for a in doc.aliases for r in runs(a)]
    full, initials = pinyin_runs(doc.name)
    alias_full: list[str] = []
    alias_initials: list[str] = []
    for alias in doc.aliases:
        pinyin, letters = pinyin_runs(alias)
        alias_full += pinyin
        alias_initials += letters
    return {
        "search_fts": (
            _bigram_text(name_runs),
            _unigram_text(name_runs),
            _bigram_text(alias_runs),
            _unigram_text(alias_runs),
            _trigram_text(full),
            _bigram_text(initials),
            _trigram_text(alias_full),
            _bigram_text(alias_initials),
        ),
        "search_fts_material": (_texts_bigrams(doc.materials),),
        "search_fts_text": (_texts_bigrams(doc.text),),
    }


# -- maintenance --------------------------------------------------------------------------


def _insert(conn: sqlite3.Connection, entries: Sequence[tuple[int, SearchDoc]]) -> None:
    """Index documents under the given ids, one statement per table for the lot."""
    items, departments, aliases = [], [], []
    fts: dict[str, list[tuple[Any, ...]]] = {table: [] for table in FTS_TABLES}
    for item_id, doc in entries:
        items.append((item_id, doc.code, normalise(doc.code), doc.name,
                      "".join(runs(doc.name)), len(doc.name),
                      "".join(pinyin_runs(doc.name)[1]), doc.department, doc.item_type))
        departments.append((doc.department, "".join(runs(doc.department))))
        aliases += [(a, item_id) for a in {"".join(runs(a)) for a in doc.aliases} - {""}]
        for table, values in _fts_rows(doc).items():
            fts[table].append((item_id, *values))
    conn.executemany(
        "INSERT INTO search_items (id, code, code_norm, name, name_norm, name_len, initials, "
        "department, item_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", items)
    conn.executemany("INSERT OR IGNORE INTO search_departments (name, name_norm) VALUES (?, ?)",
                     departments)
    conn.executemany("INSERT OR IGNORE INTO search_aliases (alias_norm, id) VALUES (?, ?)",
                     aliases)
    for table, rows in fts.items():
        columns = FTS_TABLES[table]
        conn.executemany(
            f"INSERT INTO {table} (rowid, {', '.join(columns)}) "
            f"VALUES (?, {', '.join('?' * len(columns))})", rows)


def _delete(conn: sqlite3.Connection, item_id: int, old: SearchDoc) -> None:
    """Remove an item's entries; `old` is the document it was indexed from."""
    for table, values in _fts_rows(old).items():
        columns = FTS_TABLES[table]
        conn.execute(
            f"INSERT INTO {table} ({table}, rowid, {', '.join(columns)}) "
            f"VALUES ('delete', ?, {', '.join('?' * len(columns))})",
            (item_id, *values),
        )
    conn.execute("DELETE FROM search_aliases WHERE id = ?", (item_id,))
    conn.execute("DELETE FROM search_items WHERE id = ?", (item_id,))


def _indexed(conn: sqlite3.Connection, codes: Sequence[str]) -> dict[str, tuple[int, SearchDoc]]:
    """The id and the document each already indexed item was indexed from (its current
    catalogue row), for the given codes."""
    found: dict[str, tuple[int, SearchDoc]] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        placeholders = ",".join("?" * len(chunk))
        for code, item_id, body in conn.execute(
                "SELECT s.code, s.id, c.body FROM search_items s "
                "LEFT JOIN catalogue_items c ON c.code = s.code "
                f"WHERE s.code IN ({placeholders})", chunk):
            if body is None:
                raise _OutOfStep(code)
            found[str(code)] = (int(item_id), doc_from_item(json.loads(body)))
    return found


class _OutOfStep(Exception):
    """An indexed item has no catalogue row to recompute its grams from."""


def index_page(
    conn: sqlite3.Connection, items: Iterable[Mapping[str, Any]], removed: Iterable[str]
) -> None:
    """Bring the index in line with one catalogue page. Call inside the page's
    transaction BEFORE its rows are written: the old bodies are needed to delete."""
    try:
        unindex(conn, removed)
        index_items(conn, items)
    except _OutOfStep:
        # Never expected (index and catalogue change together); recover by rebuilding
        # after the page is written, in the same transaction.
        conn.execute("INSERT INTO meta (key, value) VALUES ('search_index_version', 'stale') "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value")


def index_items(conn: sqlite3.Connection, items: Iterable[Mapping[str, Any]]) -> int:
    """Add or refresh items (see index_page). A refreshed item keeps its rowid order."""
    docs = list({d.code: d for d in map(doc_from_item, items)}.values())
    previous = _indexed(conn, [d.code for d in docs])
    top = conn.execute("SELECT MAX(id) FROM search_items").fetchone()[0]
    next_id = int(top or 0) + 1
    entries = []
    for doc in docs:
        if doc.code in previous:
            item_id, old = previous[doc.code]
            _delete(conn, item_id, old)
        else:
            item_id, next_id = next_id, next_id + 1
        entries.append((item_id, doc))
    _insert(conn, entries)
    return len(entries)


def unindex(conn: sqlite3.Connection, codes: Iterable[str]) -> int:
    """Remove withdrawn items (tombstones); see index_page."""
    previous = _indexed(conn, list(dict.fromkeys(codes)))
    for item_id, old in previous.values():
        _delete(conn, item_id, old)
    return len(previous)


def rebuild(conn: sqlite3.Connection) -> int:
    """Index the whole catalogue afresh, shortest names first; call inside a transaction."""
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    conn.execute("DELETE FROM search_aliases")
    conn.execute("DELETE FROM search_departments")
    conn.execute("DELETE FROM search_items")
    rows = conn.execute("SELECT body FROM catalogue_items ORDER BY length(name), name, code")
    count = 0
    batch: list[tuple[int, SearchDoc]] = []
    for count, (body,) in enumerate(rows, start=1):
        batch.append((count, doc_from_item(json.loads(body))))
        if len(batch) == 1000:
            _insert(conn, batch)
            batch = []
    _insert(conn, batch)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('search_index_version', ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (index_version(),),
    )
    return count


def index_version() -> str:
    """Our scheme plus everything that shapes the grams: a change of any means rebuild."""
    import opencc
    import pypinyin

    return (f"{INDEX_VERSION}/opencc-{opencc.__version__}/pypinyin-{pypinyin.__version__}"
            f"/sqlite-{sqlite3.sqlite_version}")


def ensure_current(conn: sqlite3.Connection) -> bool:
    """Rebuild the index when it is missing or from another INDEX_VERSION (after an
    upgrade). Returns True when it rebuilt. Opens its own write transaction."""
    if is_current(conn):
        return False
    from offline import db

    with db.write(conn):
        rebuild(conn)
    return True


def is_current(conn: sqlite3.Connection) -> bool:
    """False when the index was built by another INDEX_VERSION (or never): rebuild it."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'search_index_version'").fetchone()
    return row is not None and row[0] == index_version()


# -- synonyms -----------------------------------------------------------------------------


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of interchangeable terms from resources/search/synonyms.txt (one group per
    line, terms separated by spaces, # starts a comment). Extend the file, not the code."""
    text = resources.files("resources").joinpath("search", "synonyms.txt").read_text("utf-8")
    groups = []
    for line in text.splitlines():
        terms = tuple(dict.fromkeys("".join(runs(t)) for t in line.split("#")[0].split()))
        terms = tuple(t for t in terms if t)
        if len(terms) > 1:
            groups.append(terms)
    return tuple(groups)


@cache
def question_tails() -> tuple[str, ...]:
    """Endings like 要什么证 that carry no search meaning, longest first (data, not code)."""
    text = resources.files("resources").joinpath("search", "question_tails.txt").read_text(
        "utf-8")
    tails = {"".join(runs(line.split("#")[0])) for line in text.splitlines()}
    return tuple(sorted(tails - {""}, key=len, reverse=True))


def strip_question(query: str) -> str:
    for tail in question_tails():
        if query.endswith(tail) and len(query) > len(tail) + 1:
            return query[: -len(tail)]
    return query


def synonym_variants(query: str, limit: int = 12) -> list[str]:
    """The query with each dictionary term it contains replaced by its equivalents."""
    variants: list[str] = []
    for group in synonym_groups():
        for term in sorted(group, key=len, reverse=True):
            if term in query:
                for other in group:
                    if other != term:
                        variant = query.replace(term, other)
                        if variant not in variants and variant != query:
                            variants.append(variant)
                break
        if len(variants) >= limit:
            break
    return variants[:limit]


# -- queries ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    department: str
    item_type: str
    tier: str
    score: float
    spans: tuple[tuple[int, int], ...]  # (start, end) in `name` to highlight


def _tri_phrase(text: str, columns: str) -> str | None:
    """Like _phrase, for the trigram columns (full pinyin): needs three letters."""
    if len(text) < 3:
        return None
    grams = [text[i : i + 3] for i in range(len(text) - 2)]
    return f'{{{columns}}} : "{" ".join(grams)}"'


def _phrase(text: str, columns: str) -> str | None:
    """An FTS5 expression matching `text` as a substring in the given columns."""
    if len(text) == 1:
        return None
    # The grams are letters and digits only, so they need no escaping inside the quotes.
    return f'{{{columns}}} : "{" ".join(_bigrams(text))}"'


def _fts(conn: sqlite3.Connection, expression: str | None, limit: int = WINDOW,
         table: str = "search_fts") -> list[int]:
    if expression is None:
        return []
    rows = conn.execute(
        f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", (expression, limit)
    ).fetchall()
    return [int(r[0]) for r in rows]


def _range(conn: sqlite3.Connection, table: str, column: str, prefix: str, limit: int = 100
           ) -> list[int]:
    rows = conn.execute(
        f"SELECT id FROM {table} WHERE {column} >= ? AND {column} < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", limit),
    ).fetchall()
    return [int(r[0]) for r in rows]


def _within_one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by at most one substitution, insertion or deletion."""
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < la and i < lb and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


def _one_typo_in(query: str, text: str, anchors: Sequence[str]) -> bool:
    """Does `text` contain `query` with exactly one character wrong, missing or extra?
    Only the windows next to an intact part of the query (an anchor) are compared."""
    n = len(query)
    left, right = anchors
    for anchor, at_start in ((left, True), (right, False)):
        start = text.find(anchor)
        while start >= 0:
            for length in (n - 1, n, n + 1):
                if at_start:
                    window = text[start : start + length]
                else:
                    end = start + len(anchor)
                    window = text[max(0, end - length) : end]
                if len(window) == length and window != query and \
                        _within_one_edit(query, window):
                    return True
            start = text.find(anchor, start + 1)
    return False


class _Candidates:
    def __init__(self) -> None:
        self.best: dict[int, tuple[float, str, str]] = {}  # id → (score, tier, matched text)

    def add(self, ids: Iterable[int], tier: str, matched: str, extra: float = 0.0) -> None:
        score = TIER_SCORES[tier] + extra
        for item_id in ids:
            current = self.best.get(item_id)
            if current is None or score < current[0]:
                self.best[item_id] = (score, tier, matched)

    def cutoff(self, limit: int) -> float:
        """Tiers whose score is at or above this cannot reach the top `limit`."""
        if len(self.best) < limit:
            return math.inf
        kth = sorted(s for s, _, _ in self.best.values())[limit - 1]
        return kth + FAVOURITE_BOOST + USAGE_BOOST


def search(
    conn: sqlite3.Connection, query: str, *, limit: int = 20, username: str | None = None
) -> list[Hit]:
    """The best `limit` items for what a clerk typed. Never raises on any query text."""
    terms = list(runs(query[: MAX_QUERY_CHARS * 4]))
    if not terms:
        return []
    terms[-1] = strip_question(terms[-1])
    joined = "".join(terms)[:MAX_QUERY_CHARS]
    found = _Candidates()
    raw = normalise(query[: MAX_QUERY_CHARS * 4]).strip()
    if _CODE.fullmatch(raw) and any(c.isdigit() for c in raw):
        # Item codes keep their hyphens: look them up before the text is cut into words.
        exact = conn.execute("SELECT id FROM search_items WHERE code_norm = ?", (raw,))
        found.add((r[0] for r in exact), "code", "")
        found.add(_range(conn, "search_items", "code_norm", raw), "code_prefix", "")
    if len(terms) == 1:
        _single(conn, joined, found, limit)
    else:
        _multi(conn, terms, found)
        if not found.best:
            # Not every word matched anywhere: the words run together, then the longest
            # word alone (no typo matching on these second tries).
            _single(conn, joined, found, limit, fuzzy=False)
            if not found.best:
                _single(conn, max(terms, key=len), found, limit, fuzzy=False)
    boosts = _boosts(conn, username, joined, found) if username else {}
    return _rank(conn, found, boosts, limit)


def _single(conn: sqlite3.Connection, q: str, found: _Candidates, limit: int,
            fuzzy: bool = True) -> None:
    ascii_query = q.isascii()
    exact = conn.execute("SELECT id FROM search_items WHERE name_norm = ?", (q,)).fetchall()
    found.add((r[0] for r in exact), "exact", q)
    found.add((r[0] for r in conn.execute(
        "SELECT id FROM search_aliases WHERE alias_norm = ?", (q,))), "alias_exact", q)
    found.add(_range(conn, "search_items", "name_norm", q), "prefix", q)
    found.add(_range(conn, "search_aliases", "alias_norm", q), "alias_prefix", q)

    # (tier, table, FTS expression, the text that matched)
    steps: list[tuple[str, str, str | None, str]] = []
    if len(q) == 1:
        steps.append(("name", "search_fts", f'name_uni : "{q}"', q))
    else:
        steps.append(("name", "search_fts", _phrase(q, "name_bi"), q))
    if ascii_query and q.isalpha():
        found.add(_range(conn, "search_items", "initials", q), "initials", q)
        steps.append(("initials", "search_fts", _phrase(q, "initials_bi"), q))
        steps.append(("pinyin", "search_fts", _tri_phrase(q, "pinyin_tri"), q))
        steps.append(("alias_pinyin", "search_fts", _phrase(q, "alias_initials_bi"), q))
        steps.append(("alias_pinyin", "search_fts", _tri_phrase(q, "alias_pinyin_tri"), q))
    if len(q) == 1:
        steps.append(("alias", "search_fts", f'alias_uni : "{q}"', q))
    else:
        steps.append(("alias", "search_fts", _phrase(q, "alias_bi"), q))
    specific = len(q) >= SPECIFIC_CHARS and any(
        s == TIER_SCORES["exact"] for s, _, _ in found.best.values())
    if len(q) > 1 and not specific:  # a long exact name needs no guide-text matches
        variants = synonym_variants(q)
        for variant in variants:
            steps.append(("synonym_name", "search_fts", _phrase(variant, "name_bi"), variant))
            steps.append(("synonym", "search_fts", _phrase(variant, "alias_bi"), variant))
        steps.append(("material", "search_fts_material", _phrase(q, "material_bi"), q))
        for variant in variants:
            steps.append(("synonym_material", "search_fts_material",
                          _phrase(variant, "material_bi"), variant))
        steps.append(("department", "", None, q))
        steps.append(("text", "search_fts_text", _phrase(q, "text_bi"), q))
    for tier, table, expression, matched in steps:
        if TIER_SCORES[tier] >= found.cutoff(limit):
            return
        if tier == "department":
            found.add(_departments(conn, q), tier, matched)
        else:
            found.add(_fts(conn, expression, table=table), tier, matched)
    if len(found.best) < 3 and not ascii_query:
        sounds = "".join(syllables(q))
        found.add(_fts(conn, _tri_phrase(sounds, "pinyin_tri")), "sound", "")
    if fuzzy and len(found.best) < 3 and 3 <= len(q) <= FUZZY_MAX_CHARS:
        _fuzzy(conn, q, found)


def _departments(conn: sqlite3.Connection, q: str, limit: int = WINDOW) -> list[int]:
    """Items of the departments whose name contains the query (a few hundred names)."""
    names = [name for name, norm in conn.execute("SELECT name, name_norm FROM search_departments")
             if q in norm]
    ids: list[int] = []
    for name in names[:5]:
        ids += [int(r[0]) for r in conn.execute(
            "SELECT id FROM search_items WHERE department = ? LIMIT ?", (name, limit))]
    return ids[:limit]


def _multi(conn: sqlite3.Connection, terms: Sequence[str], found: _Candidates) -> None:
    """Several words: every word must match somewhere; scored by where they all match."""
    # Each word (or a dictionary synonym of it: 人社局 for 人力资源…) must match an item
    # somewhere: its names and pinyin, its materials, its department or its guide text.
    matched: set[int] | None = None
    for term in terms[:8]:
        options = [term, *synonym_variants(term, limit=6)] if len(term) > 1 else [term]
        ids: set[int] = set()
        for option in options:
            if len(option) == 1:
                ids.update(_fts(conn, f'{{name_uni alias_uni}} : "{option}"', WINDOW * 5))
                continue
            ids.update(_fts(conn, _phrase(option, "name_bi alias_bi initials_bi "
                                          "alias_initials_bi"), WINDOW * 2))
            if option.isascii():
                ids.update(_fts(conn, _tri_phrase(option, "pinyin_tri alias_pinyin_tri"),
                                WINDOW * 2))
            ids.update(_fts(conn, _phrase(option, "material_bi"), WINDOW * 2,
                            table="search_fts_material"))
            ids.update(_fts(conn, _phrase(option, "text_bi"), WINDOW * 2,
                            table="search_fts_text"))
            ids.update(_departments(conn, option, WINDOW * 2))
        matched = ids if matched is None else matched & ids
        if not matched:
            return
    if not matched:
        return
    ids_list = sorted(matched)[: WINDOW * 2]
    placeholders = ",".join("?" * len(ids_list))
    rows = conn.execute(
        f"SELECT id, name_norm, initials FROM search_items WHERE id IN ({placeholders})",
        ids_list,
    ).fetchall()
    for item_id, name_norm, initials in rows:
        in_name = [t for t in terms if t in name_norm]
        if len(in_name) == len(terms):
            found.add([item_id], "name", terms[0])
        elif all(t in name_norm or t in initials for t in terms):
            found.add([item_id], "initials", terms[0])
        elif in_name:  # some words in the name, the others in its guide
            found.add([item_id], "alias", in_name[0], extra=-0.5 * len(in_name) / len(terms))
        else:
            found.add([item_id], "material", "")


def _fuzzy(conn: sqlite3.Connection, q: str, found: _Candidates) -> None:
    """One wrong, missing or extra character. A typo leaves the first or the second half
    of the query intact: items containing either half are the candidates, and only the
    text next to that half is compared."""
    middle = len(q) // 2
    halves = [q[:middle], q[middle:]] if len(q) >= 4 else [q[:1], q[-1:]]
    ids: list[int] = []
    if len(q) >= 4:
        for half in halves:
            if len(half) >= 2:
                ids += _fts(conn, _phrase(half, "name_bi alias_bi"))
            else:
                ids += _fts(conn, f'{{name_uni alias_uni}} : "{half}"')
    else:  # three characters: the first and the last both survive a typo in the middle
        ids += _fts(conn, f'{{name_uni alias_uni}} : "{q[0]}" AND '
                          f'{{name_uni alias_uni}} : "{q[-1]}"')
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    placeholders = ",".join("?" * len(ids))
    texts: dict[int, list[str]] = {}
    for item_id, name_norm in conn.execute(
            f"SELECT id, name_norm FROM search_items WHERE id IN ({placeholders})", ids):
        texts.setdefault(item_id, []).append(name_norm)
    for alias, item_id in conn.execute(
            f"SELECT alias_norm, id FROM search_aliases WHERE id IN ({placeholders})", ids):
        texts.setdefault(item_id, []).append(alias)
    for item_id in ids:
        if any(_one_typo_in(q, t, halves) for t in texts.get(item_id, [])):
            found.add([item_id], "fuzzy", "", extra=1 / len(q))


def _boosts(conn: sqlite3.Connection, username: str, q: str, found: _Candidates
            ) -> dict[int, float]:
    """Favourites and frequently opened items of this clerk; those matching the query by
    name or pinyin join the candidates even when the FTS window did not reach them."""
    rows = conn.execute(
        "SELECT s.id, s.name_norm, s.initials, COALESCE(u.opened, 0), f.code IS NOT NULL "
        "FROM search_items s "
        "LEFT JOIN kb_usage u ON u.code = s.code AND u.username = ? "
        "LEFT JOIN kb_favourites f ON f.code = s.code AND f.username = ? "
        "WHERE u.code IS NOT NULL OR f.code IS NOT NULL",
        (username, username),
    ).fetchall()
    boosts: dict[int, float] = {}
    for item_id, name_norm, initials, opened, favourite in rows:
        boost = FAVOURITE_BOOST if favourite else 0.0
        boost += USAGE_BOOST * min(1.0, math.log1p(opened) / math.log(20))
        boosts[item_id] = boost
        if item_id in found.best:
            continue
        if name_norm == q:
            found.add([item_id], "exact", q)
        elif name_norm.startswith(q):
            found.add([item_id], "prefix", q)
        elif q in name_norm:
            found.add([item_id], "name", q)
        elif q.isascii() and q in initials:
            found.add([item_id], "initials", q)
    return boosts


def _rank(conn: sqlite3.Connection, found: _Candidates, boosts: Mapping[int, float],
          limit: int) -> list[Hit]:
    if not found.best:
        return []
    ids = list(found.best)
    rows: dict[int, tuple[Any, ...]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        placeholders = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT id, code, name, department, item_type, name_len FROM search_items "
            f"WHERE id IN ({placeholders})", chunk):
            rows[int(row[0])] = row

    def key(item_id: int) -> tuple[float, int, int, str]:
        score, _, matched = found.best[item_id]
        row = rows.get(item_id)
        name = str(row[2]) if row else ""
        # Equal scores: an item whose own name shows the match first, then shorter names.
        in_name = 0 if matched and matched in "".join(runs(name)) else 1
        return (score - boosts.get(item_id, 0.0), in_name, int(row[5]) if row else 0, name)

    ranked = sorted((i for i in ids if i in rows), key=key)[:limit]
    hits = []
    for item_id in ranked:
        _, code, name, department, item_type, _ = rows[item_id]
        score, tier, matched = found.best[item_id]
        hits.append(Hit(code, name, department, item_type, tier, score - boosts.get(item_id, 0),
                        highlight(name, matched, tier)))
    return hits


def highlight(name: str, matched: str, tier: str) -> tuple[tuple[int, int], ...]:
    """Where in `name` the match lies, in original characters (empty when it is not in
    the name, e.g. a material match)."""
    if not matched:
        return ()
    positions: list[int] = []  # index in `name` of each normalised character
    text: list[str] = []
    for index, ch in enumerate(name):
        for folded in "".join(runs(ch)):
            positions.append(index)
            text.append(folded)
    normalised = "".join(text)
    at = normalised.find(matched)
    if at >= 0:
        return ((positions[at], positions[at + len(matched) - 1] + 1),)
    if tier in ("initials", "pinyin") and matched.isascii():
        syl = syllables(normalised)
        for source in ([s[:1] for s in syl], syl):  # initials, then full pinyin
            joined, owner = "", []
            for i, s in enumerate(source):
                joined += s
                owner.extend([i] * len(s))
            at = joined.find(matched)
            if at >= 0:
                first, last = owner[at], owner[at + len(matched) - 1]
                return ((positions[first], positions[last] + 1),)
    return ()


# -- usage and favourites -----------------------------------------------------------------


def record_opened(conn: sqlite3.Connection, username: str, code: str) -> None:
    """Count an opened item for this clerk (call inside a write transaction)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    conn.execute(
        "INSERT INTO kb_usage (username, code, opened, last_opened_at) VALUES (?, ?, 1, ?) "
        "ON CONFLICT(username, code) DO UPDATE SET opened = opened + 1, "
        "last_opened_at = excluded.last_opened_at",
        (username, code, now),
    )


def set_favourite(conn: sqlite3.Connection, username: str, code: str, on: bool) -> None:
    if on:
        conn.execute(
            "INSERT OR IGNORE INTO kb_favourites (username, code, added_at) VALUES (?, ?, ?)",
            (username, code, dt.datetime.now(dt.UTC).isoformat()),
        )
    else:
        conn.execute("DELETE FROM kb_favourites WHERE username = ? AND code = ?",
                     (username, code))


def favourites(conn: sqlite3.Connection, username: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        "SELECT f.code FROM kb_favourites f JOIN catalogue_items c ON c.code = f.code "
        "WHERE f.username = ? ORDER BY f.added_at DESC", (username,))]


def recent(conn: sqlite3.Connection, username: str, limit: int = 30) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        "SELECT u.code FROM kb_usage u JOIN catalogue_items c ON c.code = u.code "
        "WHERE u.username = ? ORDER BY u.last_opened_at DESC LIMIT ?", (username, limit))]
