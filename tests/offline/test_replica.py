import json
from pathlib import Path

import pytest

from offline import catalogue, replica
from offline.errors import StoreError
from offline.store import Store, open_store
from workstation.secrets import FileVault


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "w.db", FileVault(tmp_path / "vault.json"))
    yield s
    s.close()


def row(code: str, name: str, dept: str = "公安分局") -> tuple[object, ...]:
    body = {"code": code, "name": name, "department": dept, "item_type": "07",
            "materials": [{"name": "居民身份证"}]}
    return (code, name, "", dept, "GA", "07", 1, json.dumps(body, ensure_ascii=False))


def test_page_upserts_tombstones_and_cursor_in_one_step(store: Store) -> None:
    feed = replica.CATALOGUE
    replica.apply_page(store.conn, feed, [row("A1", "出生登记"), row("A2", "户口迁移")], [], "c1")
    replica.apply_page(store.conn, feed, [row("A1", "出生登记（新版）")], ["A2"], "c2")
    assert [s.name for s in catalogue.item_summaries(store.conn)] == ["出生登记（新版）"]
    state = replica.feed_state(store.conn, feed)
    assert (state.cursor, state.rows, state.rebuilding) == ("c2", 1, False)


def test_failed_page_changes_nothing(store: Store) -> None:
    feed = replica.CATALOGUE
    replica.apply_page(store.conn, feed, [row("A1", "出生登记")], [], "c1")
    wrong = row("A3", "身份证")
    bad = [row("A2", "户口迁移"), (*wrong[:-1], "surplus column", wrong[-1])]
    with pytest.raises(StoreError, match="supplied"):
        replica.apply_page(store.conn, feed, bad, ["A1"], "c2")
    assert [s.code for s in catalogue.item_summaries(store.conn)] == ["A1"]
    assert replica.feed_state(store.conn, feed).cursor == "c1"


def test_rebuild_fills_shadow_then_swaps_atomically(store: Store) -> None:
    feed = replica.CATALOGUE
    replica.apply_page(store.conn, feed, [row("OLD", "旧事项")], [], "old")
    replica.start_rebuild(store.conn, feed)
    replica.apply_page(store.conn, feed, [row("N1", "新事项一")], [], "s1", shadow=True)
    # Until the swap the clerk still sees the old catalogue.
    assert [s.code for s in catalogue.item_summaries(store.conn)] == ["OLD"]
    assert replica.feed_state(store.conn, feed).shadow_cursor == "s1"
    replica.apply_page(store.conn, feed, [row("N2", "新事项二")], [], "s2", shadow=True)
    replica.finish_rebuild(store.conn, feed)
    assert [s.code for s in catalogue.item_summaries(store.conn)] == ["N1", "N2"]
    state = replica.feed_state(store.conn, feed)
    assert (state.cursor, state.shadow_cursor, state.rows) == ("s2", None, 2)
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert "catalogue_items_shadow" not in names
    assert "catalogue_items_department" in names  # indexes survive the swap


def test_restarted_rebuild_starts_from_an_empty_shadow(store: Store) -> None:
    feed = replica.CATALOGUE
    replica.start_rebuild(store.conn, feed)
    replica.apply_page(store.conn, feed, [row("X", "半途")], [], "s1", shadow=True)
    replica.start_rebuild(store.conn, feed)
    replica.apply_page(store.conn, feed, [row("Y", "重来")], [], "s9", shadow=True)
    replica.finish_rebuild(store.conn, feed)
    assert [s.code for s in catalogue.item_summaries(store.conn)] == ["Y"]


def test_finish_without_rebuild_is_a_bug(store: Store) -> None:
    with pytest.raises(RuntimeError):
        replica.finish_rebuild(store.conn, replica.CATALOGUE)
