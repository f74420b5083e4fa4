"""app_state's writes: one shape for every page (store, then forget the cached index; a refusal says
why in Chinese and leaves the cache as it was)."""
from __future__ import annotations

import app_state
from lib.store import service as appdata
from lib.store.corrections import CHECK, FactCorrection
from lib.store.anchors import anchor_of
from lib.store.records import LibraryError
from lib.model import Fact


def _refreshes(monkeypatch) -> list:
    cleared = []
    monkeypatch.setattr(app_state, "refresh", lambda: cleared.append(True))
    return cleared


def test_a_refused_write_says_why_and_keeps_the_cached_index(monkeypatch):
    cleared = _refreshes(monkeypatch)

    def refuse(*args):
        raise LibraryError("库中没有这条修正")

    monkeypatch.setattr(appdata, "delete_fact_corrections", refuse)
    monkeypatch.setattr(appdata, "save_fact_correction", refuse)
    assert app_state.undo_facts([7]) == (False, "未能撤销:库中没有这条修正")
    fact = Fact(indicator="gdp_growth", label="地区生产总值增速", section="result", year=2024, value=5.2,
                unit="%", evidence="全市地区生产总值增长5.2%。", start=0, end=14, fig_start=9, fig_end=13)
    assert app_state.save_fact("a.txt", FactCorrection(CHECK, anchor_of(fact))) == (False, "未保存:库中没有这条修正")
    assert cleared == []


def test_a_stored_write_is_shown_everywhere_at_once(monkeypatch):
    cleared = _refreshes(monkeypatch)
    monkeypatch.setattr(appdata, "delete_fact_corrections", lambda ids: len(list(ids)))
    ok, message = app_state.undo_facts([3, 4])
    assert ok and message == "已撤销 2 条修正,恢复为解析结果。" and cleared == [True]
    monkeypatch.setattr(appdata, "replace_lost_correction", lambda file, lost, new: new)
    assert app_state.reattach_fact("a.txt", None, None, "已重新对应") == (True, "已重新对应,所有页面已更新。")
    assert cleared == [True, True]
