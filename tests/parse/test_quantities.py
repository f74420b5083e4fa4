"""The quantity scanner, on its own and under hypothesis."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from lib.parse.quantities import cn_number, scan


def one(text):
    qs = scan(text)
    assert len(qs) == 1, qs
    return qs[0]


def test_multipliers_units_and_qualifiers():
    q = one("进出口总额超1.2万亿元")
    assert (q.value, q.unit, q.dim, q.base, q.qualifier) == (1.2, "万亿元", "money", 1.2e12, "gt")
    assert one("增长8%左右").qualifier == "approx"
    assert one("增长5%以上").qualifier == "ge"
    assert one("控制在5.5%以内").qualifier == "le"
    assert one("接近20亿元").qualifier == "near"
    assert one("约3万人").qualifier == "approx"
    assert one("600多亿元").qualifier == "gt" and one("600多亿元").base == 6e10


def test_ranges():
    for text in ("增长6%-6.5%", "增长6%—6.5%", "增长6-6.5%", "增长6%至6.5%"):
        q = one(text)
        assert (q.qualifier, q.value, q.value_high, q.dim) == ("range", 6, 6.5, "pct"), text


def test_percentage_points_and_per_unit_forms():
    assert one("提高0.5个百分点").dim == "pp"
    q = one("PM2.5平均浓度为每立方米22微克")
    assert (q.value, q.unit) == (22, "微克/立方米")


def test_not_quantities():
    assert scan("5G基站和2号线") == []
    assert scan("“1+4+43+N”体系") == []
    assert all(q.dim != "pct" for q in scan("PM2.5浓度"))
    assert scan("十大行动、一批项目、第一个") == []


def test_chinese_numerals_with_units():
    assert cn_number("一百零五") == 105 and cn_number("两千") == 2000 and cn_number("十二") == 12
    q = one("新增学位一万个。")
    assert q.base == 10000 and q.dim == "count"


def test_attributive_counts():
    assert one("73个老旧小区").attributive
    assert not one("老旧小区73个,").attributive


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_scan_never_raises_and_spans_are_inside(text):
    for q in scan(text):
        assert 0 <= q.start < q.end <= len(text)


digits = st.from_regex(r"[1-9]\d{0,4}(\.\d{1,2})?", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(digits, st.sampled_from(["亿元", "万元", "%", "万人", "个", "家"]))
def test_any_stated_number_is_read_back(num, unit):
    q = one(f"达到{num}{unit},")
    assert abs(q.value - float(num)) < 1e-9 and q.unit == unit


def test_a_repeated_wording_is_read_again_where_its_neighbours_differ():
    # scan reads one wording once and copies it: the words either side must still count
    text = "投资5亿元,投资超5亿元,5亿元项目,投资5亿元,引进7个。设立7个产业园"
    got = [(q.start, q.end, q.qualifier, q.attributive, q.base) for q in scan(text)]
    assert [(text[s:e], qual, attr) for s, e, qual, attr, _ in got] == [
        ("5亿元", "eq", False), ("超5亿元", "gt", False), ("5亿元", "eq", True),
        ("5亿元", "eq", False), ("7个", "eq", False), ("7个", "eq", True)]
    assert len({b for *_, b in got[:4]}) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["增长5.2%", "超5亿元", "5亿元", "7个", "项目", ",", "约", "以上",
                                 "2.6", "。", "达", "\n", "3个百分点"]), max_size=30))
def test_copied_figures_equal_figures_read_one_by_one(parts):
    from lib.parse import quantities as Q

    text = "".join(parts)
    alone = [Q._quantity(m, text) for m in Q._pattern().finditer(text)]
    assert Q._quantities(text) == [q for q in alone if q]
