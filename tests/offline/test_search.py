"""The search index: normalisation, query safety, ranking bands, maintenance."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from offline import db, replica, search
from offline.store import Store, open_store
from server.contract import ServiceItem
from server.contract.cases import ApplicantKind
from server.seed.demo import demo_items
from workstation.secrets import FileVault
from workstation.sync import catalogue_row


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "w.db", FileVault(tmp_path / "v.json"))
    rows = [catalogue_row(ServiceItem.model_validate(i)) for i in demo_items()]
    replica.apply_page(s.conn, replica.CATALOGUE, rows, [], "c1")
    yield s
    s.close()


def names(store: Store, query: str, limit: int = 5) -> list[str]:
    return [h.name for h in search.search(store.conn, query, limit=limit)]


def test_normalisation_folds_width_case_and_traditional() -> None:
    assert search.normalise("ＡＢＣ１２３") == "abc123"
    assert search.normalise("護照簽發") == "护照签发"
    assert search.runs("  营业执照（副本）, No.5 ") == ("营业执照", "副本", "no", "5")


def test_pinyin_follows_phrases_for_polyphones() -> None:
    assert search.syllables("银行") == ["yin", "hang"]
    assert search.syllables("重新办理") == ["chong", "xin", "ban", "li"]
    assert search.pinyin_runs("普通护照签发") == (("putonghuzhaoqianfa",), ("pthzqf",))
    assert search.syllables("B1驾照") == ["B", "1", "jia", "zhao"]


@pytest.mark.parametrize("query", [
    '"', '"护照', "*", "护照*", "AND", "OR", "NEAR", "护照 AND 签发", "NOT 护照", "(", ")",
    "{name_bi}:护照", "😀", "😀护照", "'; DROP TABLE search_items; --", "\\", "^护照", "",
    "   ", "护" * 2000, "a" * 2000, "护照" + "😀" * 500, "\x00", "１２３４５",
])
def test_no_query_text_is_an_error(store: Store, query: str) -> None:
    hits = search.search(store.conn, query)
    assert isinstance(hits, list) and len(hits) <= 20


def test_exact_name_comes_first_then_prefix_then_substring(store: Store) -> None:
    hits = search.search(store.conn, "出生登记")
    assert hits[0].name == "出生登记" and hits[0].tier == "exact"
    tiers = [h.score for h in hits]
    assert tiers == sorted(tiers)


def test_single_characters_and_initials(store: Store) -> None:
    assert all("证" in n for n in names(store, "证", limit=10))
    assert names(store, "hzqf")[0] == "普通护照签发"
    assert names(store, "huzhao")[0] == "普通护照签发"


def test_traditional_and_full_width_queries(store: Store) -> None:
    assert names(store, "護照")[0] == names(store, "护照")[0]
    code = demo_items()[0]["code"]
    full_width = code[:8].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFZ"})
    assert search.search(store.conn, full_width)[0].code.startswith(code[:8])


def test_code_prefix_and_exact_code(store: Store) -> None:
    item = demo_items()[3]
    exact = search.search(store.conn, item["code"])
    assert exact[0].code == item["code"] and exact[0].tier == "code"
    assert item["code"] in [h.code for h in search.search(store.conn, item["code"][:10], limit=50)]


def test_materials_and_synonyms(store: Store) -> None:
    needing = {i["name"] for i in demo_items()
               if any("户口簿" in m["name"] for m in i["materials"])}
    found = set(names(store, "户口簿", limit=50))
    assert needing and needing <= found
    # 户口本 is the colloquial word for 户口簿 (resources/search/synonyms.txt).
    assert needing & set(names(store, "户口本", limit=50))


def test_one_character_typo_still_finds_the_item(store: Store) -> None:
    sounds_alike = search.search(store.conn, "护照签法")  # 法 fa for 发 fa: an IME slip
    assert sounds_alike[0].name == "普通护照签发" and sounds_alike[0].tier == "sound"
    wrong_character = search.search(store.conn, "护照鉴发")
    assert wrong_character[0].name == "普通护照签发" and wrong_character[0].tier == "fuzzy"
    assert search.search(store.conn, "护罩")[0].name == "普通护照签发"  # two characters


def test_question_endings_are_dropped(store: Store) -> None:
    assert names(store, "补领结婚证要什么材料")[:1] == names(store, "补领结婚证")[:1]


def test_highlight_spans_point_into_the_original_name() -> None:
    assert search.highlight("普通护照签发", "护照", "name") == ((2, 4),)
    assert search.highlight("普通护照签发", "hzqf", "initials") == ((2, 6),)
    assert search.highlight("普通護照簽發", "护照", "name") == ((2, 4),)
    assert search.highlight("居民身份证（换领）", "换领", "name") == ((6, 8),)
    assert search.highlight("普通护照签发", "户口", "material") == ()


def test_favourites_and_usage_float_up_within_their_band(store: Store) -> None:
    before = search.search(store.conn, "登记", limit=20)
    last = [h for h in before if h.tier == "name"][-1]  # the last of a crowded band
    with db.write(store.conn):
        search.set_favourite(store.conn, "demo", last.code, True)
        for _ in range(10):
            search.record_opened(store.conn, "demo", last.code)
    mine = search.search(store.conn, "登记", limit=20, username="demo")
    codes = [h.code for h in mine]
    assert codes.index(last.code) < [h.code for h in before].index(last.code)
    same_band = [h.code for h in mine if h.tier == last.tier]
    assert same_band[0] == last.code  # top of its band, not above better kinds of match
    other_clerk = search.search(store.conn, "登记", limit=20, username="other")
    assert other_clerk[0].code == before[0].code
    # An exact match still beats a favourite substring match.
    exact = search.search(store.conn, "出生登记", username="demo")
    assert exact[0].name == "出生登记"


def index_size(store: Store) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM search_items").fetchone()[0])


def test_pages_update_the_index_in_the_same_transaction(store: Store) -> None:
    items = demo_items()
    changed = {**items[0], "name": "全新的测试事项名称", "version": 2}
    replica.apply_page(store.conn, replica.CATALOGUE,
                       [catalogue_row(ServiceItem.model_validate(changed))],
                       [items[1]["code"]], "c2")
    assert names(store, "全新的测试")[0] == "全新的测试事项名称"
    assert items[0]["name"] not in names(store, items[0]["name"], limit=50)
    assert items[1]["code"] not in [h.code for h in search.search(store.conn, items[1]["name"])]
    assert index_size(store) == len(items) - 1
    # A failing page leaves the index as it was, like the catalogue.
    bad = [catalogue_row(ServiceItem.model_validate({**items[2], "name": "不会出现的名称"})),
           ("broken",)]
    with pytest.raises(Exception):  # noqa: B017,PT011 - any failure must roll back everything
        replica.apply_page(store.conn, replica.CATALOGUE, bad, [], "c3")
    assert names(store, "不会出现的名称") == []
    assert index_size(store) == len(items) - 1


def test_replaced_catalogue_rebuilds_the_index_in_the_swap(store: Store) -> None:
    items = demo_items()
    replica.start_rebuild(store.conn, replica.CATALOGUE)
    new = [catalogue_row(ServiceItem.model_validate(i)) for i in items[:5]]
    replica.apply_page(store.conn, replica.CATALOGUE, new, [], "s1", shadow=True)
    assert index_size(store) == len(items)  # the live index is untouched until the swap
    replica.finish_rebuild(store.conn, replica.CATALOGUE)
    assert index_size(store) == 5
    ids = [r[0] for r in store.conn.execute("SELECT id FROM search_items ORDER BY id")]
    assert ids == [1, 2, 3, 4, 5]
    lengths = [r[0] for r in store.conn.execute("SELECT name_len FROM search_items ORDER BY id")]
    assert lengths == sorted(lengths)  # shortest names first: better 1-character results


def test_index_holds_no_personal_data(store: Store, tmp_path: Path) -> None:
    from offline import outbox

    applicant = {"kind": ApplicantKind.PERSON.value, "name": "诸葛孔明",
                 "id_number": "110101199003078523"}
    outbox.create_case(store.conn, store.cipher, outbox.NewCase(
        uuid.uuid4(), demo_items()[0]["code"], 1, "accepted", "person", applicant, {},
        "demo", "3号窗口", dt.datetime.now(dt.UTC), None), "SF0001", {})
    assert search.search(store.conn, "诸葛孔明") == []
    for table in ("search_items", "search_aliases", "search_fts"):
        dump = json.dumps(store.conn.execute(f"SELECT * FROM {table}").fetchall(),
                          ensure_ascii=False)
        assert "诸葛" not in dump and "110101199003078523" not in dump


def test_index_version_change_triggers_a_rebuild(store: Store,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert not search.ensure_current(store.conn)
    monkeypatch.setattr(search, "INDEX_VERSION", "next")
    store.conn.execute("DELETE FROM search_items WHERE id = 1")
    assert search.ensure_current(store.conn)
    assert index_size(store) == len(demo_items())


def test_index_out_of_step_with_the_catalogue_is_rebuilt_in_the_page(store: Store) -> None:
    items = demo_items()
    # An indexed item whose catalogue row vanished behind the index's back: its grams
    # cannot be recomputed to delete them, so the page rebuilds the index instead.
    store.conn.execute("DELETE FROM catalogue_items WHERE code = ?", (items[0]["code"],))
    renamed = {**items[0], "name": "重新命名后的事项", "version": 2}
    replica.apply_page(store.conn, replica.CATALOGUE,
                       [catalogue_row(ServiceItem.model_validate(renamed))], [], "c9")
    assert search.is_current(store.conn)
    assert names(store, "重新命名后的事项")[0] == "重新命名后的事项"
    assert index_size(store) == len(items)
    assert items[0]["code"] not in [h.code for h in search.search(store.conn, items[0]["name"])
                                    if h.name == items[0]["name"]]
