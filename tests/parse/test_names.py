"""Names in the text: the longest name at the leftmost place, none overlapping."""
from __future__ import annotations

from lib.parse.names import find_names


def surfaces(text: str) -> list[tuple[str, str]]:
    return [(text[h.start:h.end], h.name.surface) for h in find_names(text)]


def test_the_longest_name_at_a_place_wins_and_overlapping_ones_are_dropped():
    # 地区生产总值 also holds 生产总值, and 生产总值增长 overlaps it: one name
    got = surfaces("全市地区生产总值增长5.2%,规上工业增加值增长6%")
    assert got == [("地区生产总值", "地区生产总值"), ("规上工业增加值增长", "规上工业增加值增长")]


def test_a_name_repeated_in_a_never_ending_sentence_is_found_each_time():
    text = "全市" + "地区生产总值增长5.2%," * 50
    hits = find_names(text)
    assert len(hits) == 50
    assert all(text[h.start:h.end] == "地区生产总值" for h in hits)
    assert [h.start for h in hits] == [2 + 13 * i for i in range(50)]


def test_a_list_sharing_a_head_is_one_name_from_its_first_item():
    # "高新技术产业、…增加值": the head 增加值 shared by a list is the first item's name
    got = surfaces("高新技术产业、战略性新兴产业增加值增速均超9%。")
    assert got[0][0] == "高新技术产业、战略性新兴产业增加值"
    assert got[0][1] == "高新技术产业增加值"
