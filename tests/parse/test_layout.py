"""Paragraphs recovered from flattened copies (lib/parse/layout.py)."""
from __future__ import annotations

from lib.model import PLAN, RESULT
from lib.parse.clean import clean
from lib.parse.layout import LONG_LINE, Paragraph, paragraphs, unescape_breaks, unflatten
from lib.parse.meta import infer_meta
from lib.parse.pipeline import parse_text
from lib.parse.sections import section_at, split_sections

# a report of my own, as paragraphs
PARAS = [
    "各位代表:",
    "现在,我代表县人民政府向大会报告工作,请予审议,并请县政协委员和列席会议的同志提出意见。",
    "一、2023年工作回顾",
    "2023年,全县上下团结奋斗,经济运行稳中向好。全年地区生产总值完成215.6亿元,增长6.2%;"
    "一般公共预算收入完成12.4亿元,增长8.1%;固定资产投资增长9.3%。",
    "一年来,我们着力抓了以下工作:产业项目加快建设,全年实施重点项目86个,完成投资120亿元。"
    + "城乡面貌持续改善,新建改造道路46公里,新增绿地18万平方米。" * 12,
    "二、2024年工作安排",
    "今年经济社会发展的主要预期目标是:地区生产总值增长6.5%左右,一般公共预算收入增长7%以上,"
    "固定资产投资增长10%左右。",
    "为实现上述目标,重点抓好以下工作:" + "加快产业转型升级,推动重点项目建设提速提效。" * 20,
]


def test_escaped_line_breaks_become_real_ones():
    raw = "\\r\\n".join(PARAS)
    assert "\n" not in raw
    assert unescape_breaks(raw).split("\n") == PARAS


def test_a_few_backslashes_in_real_text_stay():
    raw = "报告\n路径C:\\new\\dir\n第三行\n第四行"
    assert unescape_breaks(raw) == raw


def test_space_entities_become_spaces():
    assert unescape_breaks("一、总体要求&nbsp;&nbsp;今年") == "一、总体要求  今年"


def test_paragraphs_joined_by_ideographic_indents_are_split_again():
    raw = "\u3000\u3000".join(PARAS)
    assert len(raw) >= LONG_LINE
    assert unflatten(raw).split("\n") == PARAS


def test_paragraphs_joined_by_single_spaces_are_split_again():
    raw = " ".join(PARAS)
    assert unflatten(raw).split("\n") == PARAS


def test_a_short_heading_before_a_blank_ends_its_line():
    body = "过去的一年,全县经济稳中有进。" * 80
    raw = "政府工作报告\u2003二〇二三年工作回顾\u2003" + body
    assert unflatten(raw).split("\n") == ["政府工作报告", "二〇二三年工作回顾", body]


def test_blanks_inside_a_sentence_and_short_lines_stay():
    mid = "全县生产总值 215.6亿元,增长6.2%," * 60 + "。"
    assert "\n" not in unflatten(mid)  # a name and its figure: no sentence end, no heading
    short = "一、工作回顾 2023年,全县经济稳中有进。 二、今年安排"
    assert unflatten(short) == short  # short lines are never touched


def test_paragraph_offsets_point_into_the_text():
    text = "标题\n\n  一、工作回顾\n正文。\n"
    paras = paragraphs(text)
    assert [p.text(text) for p in paras] == ["标题", "  一、工作回顾", "正文。"]
    assert paras[0] == Paragraph(0, 2)


def test_flattened_report_gets_the_same_sections_and_facts_as_the_original():
    plain = parse_text("\n".join(PARAS))
    for joiner in ("\u3000\u3000", " ", "\\r\\n"):
        flat = parse_text(joiner.join(PARAS))
        assert [(f.indicator, f.section, f.value) for f in flat.facts] == \
               [(f.indicator, f.section, f.value) for f in plain.facts], joiner
    kinds = {f.indicator: f.section for f in plain.facts}
    assert kinds["gdp_growth"] in (RESULT, PLAN)
    assert {f.section for f in plain.facts if f.indicator == "gdp_growth"} == {RESULT, PLAN}


def test_sections_read_the_paragraph_layer():
    t = clean("\n".join(PARAS)).match
    m = infer_meta(t, "t.txt")
    secs = split_sections(t, m.review_year, m.plan_year, paragraphs(t))
    assert section_at(secs, t.index("全年地区生产总值")).kind == RESULT
    assert section_at(secs, t.index("主要预期目标")).kind == PLAN
    # without the layer (a single paragraph holding everything) no heading is seen at a line start
    one = [Paragraph(0, len(t))]
    assert split_sections(t, m.review_year, m.plan_year, one) != secs


def test_runs_of_short_spaced_words_are_not_taken_for_headings():
    # a spaced-out table or word list on an overlong line: only a few heading breaks in a row
    raw = "全县经济 " * 400
    assert unflatten(raw).count("\n") <= 3
    # but after each sentence end a new paragraph may open with a heading again
    raw = ("一、总体要求 今年工作的总体要求是稳中求进。 " * 60).strip()
    assert unflatten(raw).count("\n") == 2 * 60 - 1


def test_phrases_a_web_page_broke_out_of_their_sentence_are_put_back():
    from lib.parse.layout import rejoin_inline_breaks

    raw = ("二、“\n十四五\n”时期发展的总体思路\n乳制品产量居\n全国前列\n,单位能耗持续下降。\n"
           "吉林\n黑龙江\n上海\n")
    assert rejoin_inline_breaks(raw) == ("二、“十四五”时期发展的总体思路\n乳制品产量居全国前列,单位能耗"
                                         "持续下降。\n吉林\n黑龙江\n上海\n")
    # the line before ends its sentence, or the line after opens a new one: lines stay apart
    kept = "全县经济稳中向好。\n过去一年\n,我们坚持稳中求进。\n今年\n工作安排\n各位代表:\n"
    assert rejoin_inline_breaks(kept) == kept


def test_a_broken_out_heading_word_still_heads_its_section():
    text = "一、2023年工作回顾\n全市经济增长5%。\n二、“\n十四五\n”时期的主要目标\n到2025年增长到600亿元。\n"
    secs = split_sections(clean(text).match, 2023, 2024)
    t = clean(text).match
    assert section_at(secs, t.index("600亿元")).part == "five_plan"
