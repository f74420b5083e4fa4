"""Review / plan / other sections of a report (lib/parse/sections.py)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.parse.clean import clean
from lib.model import OTHER, PLAN, RESULT, Section
from lib.parse.meta import infer_meta
from lib.parse.sections import section_at, split_sections

from tests.support import report_texts as R

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD_FACTS = ROOT.parent / "shared" / "gold" / "seeds_facts.csv"


def parse(text: str):
    t = clean(text).match
    m = infer_meta(t, "t.txt")
    return t, split_sections(t, m.review_year, m.plan_year)


def kind_at(text: str, secs, phrase: str) -> str:
    pos = text.index(phrase)
    return section_at(secs, pos).kind


def assert_covering(secs, n):
    assert secs[0].start == 0 and secs[-1].end == n
    for a, b in zip(secs, secs[1:]):
        assert a.end == b.start and a.start < a.end
    assert all(s.kind in (RESULT, PLAN, OTHER) for s in secs)


def kinds(secs):
    return [s.kind for s in secs]


# ---- structures ------------------------------------------------------------------------------


def test_provincial_report_review_plan_conduct_closing():
    t, secs = parse(R.GUANGDONG_2024)
    assert_covering(secs, len(t))
    assert kinds(secs) == [OTHER, RESULT, PLAN, OTHER]
    assert kind_at(t, secs, "全年地区生产总值突破13万亿元") == RESULT
    # the year's work on the government itself is part of the review
    assert kind_at(t, secs, "严格落实中央八项规定精神") == RESULT
    assert kind_at(t, secs, "地区生产总值增长5%左右") == PLAN
    assert kind_at(t, secs, "建设人民满意的服务型政府") == OTHER
    assert kind_at(t, secs, "奋进新征程") == OTHER
    assert [s.year for s in secs] == [None, 2023, 2024, None]
    assert secs[1].heading == "一、2023年工作回顾"


def test_national_report():
    t, secs = parse(R.NATIONAL_2024)
    assert kind_at(t, secs, "国内生产总值超过126万亿元") == RESULT
    assert kind_at(t, secs, "城镇新增就业1200万人以上") == PLAN
    assert kind_at(t, secs, "加快发展新质生产力") == PLAN  # 三、2024年政府工作任务
    assert kind_at(t, secs, "中华民族伟大复兴展现出") == OTHER  # closing
    assert kind_at(t, secs, "我代表国务院") == OTHER  # preamble


def test_national_report_of_a_new_term_separates_five_years():
    t, secs = parse(R.NATIONAL_2023)
    assert kind_at(t, secs, "国内生产总值增长3%") == RESULT
    assert kind_at(t, secs, "五年年均增长5.2%") == OTHER
    assert kind_at(t, secs, "城镇新增就业1200万人左右") == PLAN  # 二、对今年政府工作的建议


def test_city_report_of_a_new_term():
    t, secs = parse(R.CITY_2022)
    assert_covering(secs, len(t))
    assert kind_at(t, secs, "跨上1.8万亿元台阶") == OTHER  # 过去五年工作回顾
    assert section_at(secs, t.index("跨上1.8万亿元台阶")).heading == "一、过去五年工作回顾"
    assert kind_at(t, secs, "全市地区生产总值增长8.5%") == RESULT  # 2021年是…
    assert kind_at(t, secs, "今后五年,全市地区生产总值年均增长6%") == OTHER
    assert kind_at(t, secs, "地区生产总值增长6.5%左右") == PLAN
    assert kind_at(t, secs, "坚持依法行政") == OTHER  # (十)全面加强政府自身建设
    assert kind_at(t, secs, "征途漫漫") == OTHER


def test_thirteenth_five_year_goals_are_other():
    t, secs = parse(R.FENGHUA_2016)
    assert kind_at(t, secs, "全市实现地区生产总值350亿元") == RESULT
    assert kind_at(t, secs, "“十三五”时期的主要目标") == OTHER
    assert kind_at(t, secs, "地区生产总值增长7%") == PLAN


def test_numbered_heading_without_keywords_is_judged_by_its_content():
    t, secs = parse(R.UNKNOWN_HEADING)
    assert kind_at(t, secs, "规上工业增加值增长9.1%") == RESULT
    assert kind_at(t, secs, "规上工业增加值增长8%") == PLAN


def test_heading_glued_into_a_line_of_a_web_copy():
    text = ("1、2023年区政府工作报告各位代表,同志们:现在,我代表区人民政府,向大会报告工作,请予审议。"
            "一、2023年工作回顾2023年,全区地区生产总值增长6%。"
            "二、2024年工作安排今年全区地区生产总值预期增长6.5%。三、全面加强政府自身建设坚持依法行政。")
    secs = split_sections(text, 2023, 2024)
    assert_covering(secs, len(text))
    assert kind_at(text, secs, "请予审议") == OTHER
    assert kind_at(text, secs, "全区地区生产总值增长6%") == RESULT
    assert kind_at(text, secs, "预期增长6.5%") == PLAN
    assert kind_at(text, secs, "坚持依法行政") == OTHER
    assert secs[1].heading.startswith("一、2023年工作回顾")


def test_short_text_with_outlook_heading():
    text = ("2024年汉川工作报告\n我代表汉川市政府,向大家汇报过去一年的工作成果。\n2023年工作回顾\n"
            "经济发展稳中向好,地区生产总值增长6%。\n2024年工作展望\n提高经济发展质量,力争增长7%。")
    secs = split_sections(text, 2023, 2024)
    assert kinds(secs) == [OTHER, RESULT, PLAN]
    assert kind_at(text, secs, "力争增长7%") == PLAN


def test_full_width_punctuation_is_understood_too():
    """The pipeline passes NFKC text (ASCII punctuation), but raw text must not confuse us."""
    raw = ("各位代表：\n现在，我代表区人民政府向大会报告工作。一、2023年工作回顾2023年，全区生产总值增长6%。"
           "二、2024年工作安排今年全区生产总值预期增长6.5%。\n（十）加强政府自身建设。坚持依法行政。\n"
           "各位代表！让我们团结奋斗！")
    secs = split_sections(raw, 2023, 2024)
    assert kind_at(raw, secs, "全区生产总值增长6%") == RESULT
    assert kind_at(raw, secs, "预期增长6.5%") == PLAN
    assert kind_at(raw, secs, "坚持依法行政") == OTHER
    assert kind_at(raw, secs, "让我们团结奋斗") == OTHER


def test_markdown_headings():
    text = ("### 一、2023年工作回顾\n国内生产总值超过126万亿元,增长5.2%。\n"
            "**二、2024年经济社会发展总体要求和政策取向**\n国内生产总值增长5%左右。\n")
    secs = split_sections(text, 2023, 2024)
    assert kinds(secs) == [RESULT, PLAN]
    assert kind_at(text, secs, "增长5%左右") == PLAN


def test_review_only_report_truncated():
    t, secs = parse(R.GONGZHULING_2021)
    assert kinds(secs) == [OTHER, RESULT]
    assert secs[-1].end == len(t) and secs[-1].year == 2020


def test_plain_text_without_headings_is_one_section():
    text = "2023年,全县地区生产总值增长6.1%,一般公共预算收入增长8%。"
    secs = split_sections(text, 2023, 2024)
    assert len(secs) == 1 and secs[0].kind == RESULT and secs[0].year == 2023
    plan = "今年全县经济社会发展的主要预期目标是:地区生产总值增长7%左右,力争更好结果。"
    assert split_sections(plan, 2023, 2024)[0].kind == PLAN


def test_a_review_heading_inside_prose_is_not_a_heading():
    text = ("一、2023年工作回顾\n2023年,全市地区生产总值增长5%。"
            "我们在2024年工作安排中将继续加大投入,确保今年目标任务全面完成,这是全市上下的共同心愿和期盼。\n")
    secs = split_sections(text, 2023, 2024)
    assert kinds(secs) == [RESULT]


# ---- seeds --------------------------------------------------------------------------------------


def seed(n: str):
    f = next(SEEDS.glob(f"{n}_*.txt"))
    return parse(f.read_text(encoding="utf-8"))


def test_seed_summary_part_one_is_all_review():
    t, secs = seed("000")
    assert [s.kind for s in secs if len(t[s.start:s.end].strip()) > 40] == [RESULT]
    assert kind_at(t, secs, "建成24个便民生活圈") == RESULT  # after "六 着力加强自身建设"


def test_seed_summary_part_two_plan_then_conduct():
    t, secs = seed("001")
    assert kind_at(t, secs, "经费投入强度实现2.3%") == PLAN
    assert kind_at(t, secs, "新增学位1万个") == PLAN
    assert kind_at(t, secs, "优化政府目标管理绩效考核") == OTHER  # 强化效率为要…抓落实


def test_seed_with_glued_heading():
    t, secs = seed("002")
    assert kind_at(t, secs, "我代表区人民政府") == OTHER
    assert kind_at(t, secs, "5000万元以上项目开复工率达112%") == RESULT


def test_seed_gold_facts_fall_in_their_sections():
    if not GOLD_FACTS.exists():
        pytest.skip("shared gold table not on this machine")
    with open(GOLD_FACTS, newline="", encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    parsed = {f.name: parse(f.read_text(encoding="utf-8")) for f in SEEDS.glob("*.txt")}
    checked = 0
    for g in gold:
        t, secs = parsed[g["file"]]
        pos = t.find(g["evidence"])
        if pos < 0:  # the gold quotes the raw copy (IL9万户); the text is cleaned (11.9万户)
            pos = t.find(clean(g["evidence"]).text)
        if pos < 0:  # an evidence broken by a page marker of the web copy
            continue
        s = section_at(secs, pos)
        assert (s.kind, s.year) == (g["section"], int(g["year"])), g["evidence"]
        checked += 1
    assert checked >= len(gold) - 1


# ---- section_at ---------------------------------------------------------------------------------


def test_section_at():
    secs = [Section(OTHER, 0, 5), Section(RESULT, 5, 9), Section(PLAN, 9, 12)]
    assert section_at(secs, 0).kind == OTHER
    assert section_at(secs, 5).kind == RESULT
    assert section_at(secs, 11).kind == PLAN
    assert section_at(secs, 99).kind == PLAN  # past the end: the last one
    assert section_at([], 3).kind == OTHER


# ---- always a contiguous cover -------------------------------------------------------------------

PIECES = st.sampled_from([
    "一、", "二、", "(一)", "1 ", "2023年工作回顾", "2024年工作安排", "过去五年", "今后五年", "今年",
    "政府自身建设", "抓落实", "各位代表!", "2023 ", "2024 ", "。", "\n", "\n\n", "  ", "工作报告",
    "主要预期目标", "全市地区生产总值增长5%", "十四五", "", "\ud800",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=10)), max_size=50),
       st.one_of(st.none(), st.integers(1990, 2100)))
def test_sections_always_cover_the_text(parts, review):
    text = "".join(parts)
    plan = review + 1 if review else None
    secs = split_sections(text, review, plan)
    if not text:
        assert len(secs) == 1 and (secs[0].start, secs[0].end) == (0, 0)
        return
    assert_covering(secs, len(text))
    for s in secs:
        assert s.year == {RESULT: review, PLAN: plan}.get(s.kind)


def test_anonymised_years_in_headings():
    # an anonymised copy (20XX年) keeps its review and plan, with or without the years known
    for opening in ("XX市人民政府工作报告\n",
                    "政府工作报告\n——2022年1月6日在XX市第十六届人民代表大会第一次会议上\n"):
        text = (opening + "一、20XX年工作回顾\n过去一年,全市地区生产总值增长6%。\n"
                "二、20XX年工作安排\n地区生产总值增长5.5%左右。\n")
        t, secs = parse(text)
        assert kind_at(t, secs, "全市地区生产总值增长6%") == RESULT
        assert kind_at(t, secs, "地区生产总值增长5.5%左右") == PLAN


def test_review_heading_naming_the_year_and_this_year_so_far_is_a_review():
    # 2020's national report: "2019年和今年以来工作回顾" reviews 2019, its "今年" is no plan
    t, secs = parse("政府工作报告\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\n各位代表:\n"
                    "一、2019年和今年以来工作回顾\n国内生产总值增长6.1%。城镇新增就业1352万人。\n"
                    "二、2020年发展主要目标和下一阶段工作总体部署\n城镇新增就业900万人以上。\n")
    assert kind_at(t, secs, "增长6.1%") == RESULT
    assert kind_at(t, secs, "900万人以上") == PLAN
    # a plan heading that only looks back in passing is still the plan
    t, secs = parse("政府工作报告\n——2024年1月20日在第十四届人民代表大会第二次会议上\n各位代表:\n"
                    "一、2023年工作回顾\n全市生产总值增长6%。\n"
                    "二、2024年工作安排\n全市生产总值增长5.5%左右。\n")
    assert kind_at(t, secs, "增长5.5%左右") == PLAN


# ---- headings in Chinese numerals, a review reopened, parts ---------------------------------


def test_years_in_chinese_numerals_in_headings():
    text = ("各位代表:\n现在,我代表县人民政府向大会报告工作,请予审议。\n二〇二三年工作回顾\n"
            "过去的一年,全县地区生产总值增长5.8%,固定资产投资增长9%。\n二〇二四年主要目标任务\n"
            "今年全县地区生产总值预期增长6%左右。\n")
    secs = split_sections(text, 2023, 2024)
    assert kind_at(text, secs, "增长5.8%") == RESULT
    assert kind_at(text, secs, "增长6%左右") == PLAN
    assert section_at(secs, text.index("增长5.8%")).heading == "二〇二三年工作回顾"
    # another year in Chinese numerals is not this report's review
    other = text.replace("二〇二三年工作回顾", "二〇一九年工作回顾")
    assert kind_at(other, split_sections(other, 2023, 2024), "增长5.8%") != RESULT


def test_greeting_before_the_year_reopens_the_review_after_five_years():
    text = ("一、过去五年工作回顾\n五年来,全市地区生产总值年均增长6.1%,跨上5000亿元台阶。\n"
            "各位代表,刚刚过去的2022年,是本届政府的收官之年。全市地区生产总值增长4.2%。\n"
            "二、2023年工作安排\n今年全市地区生产总值增长6%左右。\n"
            "各位代表!让我们团结一心,奋勇前进!\n")
    secs = split_sections(text, 2022, 2023)
    assert kind_at(text, secs, "年均增长6.1%") == OTHER
    assert section_at(secs, text.index("年均增长6.1%")).part == "five"
    assert kind_at(text, secs, "增长4.2%") == RESULT
    assert kind_at(text, secs, "增长6%左右") == PLAN
    assert kind_at(text, secs, "奋勇前进") == OTHER  # the closing greeting still closes


def test_parts_tell_five_year_review_from_five_year_goals():
    text = ("一、过去五年工作回顾\n五年来,全区地区生产总值由300亿元增加到420亿元。\n"
            "二、今后五年的目标任务\n到2027年,全区地区生产总值达到560亿元。\n"
            "三、2023年工作安排\n今年全区地区生产总值增长6%左右。\n")
    secs = split_sections(text, 2022, 2023)
    at = {p: section_at(secs, text.index(p)) for p in ("420亿元", "560亿元", "6%左右")}
    assert [at[p].kind for p in at] == [OTHER, OTHER, PLAN]
    assert [at[p].part for p in at] == ["five", "five_plan", "plan"]
    assert_covering(secs, len(text))


# ---- a target list found by its content ------------------------------------------------------

TARGETS = ("今年全县经济社会发展的主要预期目标是:地区生产总值增长6.5%左右,一般公共预算收入增长7%以上,"
           "城镇调查失业率控制在5.5%以内。")


def test_target_list_under_a_review_heading_is_the_plan():
    # a flattened copy lost the plan's heading: the list sits in the review
    text = ("一、2023年工作回顾\n2023年,全县地区生产总值增长5.9%,一般公共预算收入增长8.2%。\n"
            + TARGETS + "\n我们将重点抓好以下工作:加快项目建设。\n")
    secs = split_sections(text, 2023, 2024)
    assert kind_at(text, secs, "增长5.9%") == RESULT
    assert kind_at(text, secs, "增长6.5%左右") == PLAN
    assert kind_at(text, secs, "控制在5.5%以内") == PLAN
    assert section_at(secs, text.index("增长6.5%左右")).part == "targets"
    assert section_at(secs, text.index("增长6.5%左右")).year == 2024
    assert kind_at(text, secs, "加快项目建设") == RESULT  # the list ends at its sentence
    assert_covering(secs, len(text))


def test_target_list_quoted_in_a_news_lead():
    text = ("本报讯 1月15日,县十八届人大五次会议开幕。县长代表县政府作工作报告。报告提出," + TARGETS
            + "报告回顾了过去一年的工作,全县地区生产总值增长5.9%。\n")
    secs = split_sections(text, 2023, 2024)
    assert kind_at(text, secs, "增长6.5%左右") == PLAN
    assert kind_at(text, secs, "增长5.9%") != PLAN


def test_recalled_or_five_year_targets_are_not_this_years_plan():
    recalled = ("一、2023年工作回顾\n年初确定的主要预期目标是:地区生产总值增长6%左右,"
                "财政收入增长7%以上,均已完成。\n")
    secs = split_sections(recalled, 2023, 2024)
    assert kind_at(recalled, secs, "增长6%左右") == RESULT
    five = ("一、2023年工作回顾\n全县地区生产总值增长5.9%。\n今后五年的主要目标是:地区生产总值年均增长6%左右,"
            "居民收入年均增长7%以上。\n")
    secs = split_sections(five, 2023, 2024)
    assert kind_at(five, secs, "年均增长6%左右") != PLAN
    no_rates = "一、2023年工作回顾\n主要预期目标为:经济平稳增长。全县地区生产总值增长5.9%。\n"
    assert kind_at(no_rates, split_sections(no_rates, 2023, 2024), "增长5.9%") == RESULT


THEMATIC = ("各位代表:\n现在,我代表市人民政府向大会报告工作,请予审议。\n"
            "一、砥砺奋进,经济社会发展取得新成效\n过去一年,面对复杂严峻的形势,全市上下团结奋斗。"
            "2023年全市地区生产总值增长5.5%,一般公共预算收入增长7.2%。一年来,我们主要做了以下工作。\n"
            "二、乘势而上,奋力开创高质量发展新局面\n今年是实现“十四五”规划目标任务的关键一年。"
            "今年经济社会发展的主要预期目标是:地区生产总值增长6%左右。\n"
            "三、着力扩大有效需求\n2023年全市固定资产投资增长8.1%,一年来项目建设成效明显,"
            "过去一年新开工项目320个;今年全市固定资产投资增长9%左右。\n"
            "四、持之以恒加强政府自身建设\n坚持依法行政。\n")


def test_thematic_review_heading_is_judged_by_the_text_under_it():
    secs = split_sections(THEMATIC, 2023, 2024)
    assert kind_at(THEMATIC, secs, "增长5.5%") == RESULT
    assert section_at(secs, THEMATIC.index("增长5.5%")).heading.startswith("一、砥砺奋进")
    assert kind_at(THEMATIC, secs, "增长6%左右") == PLAN
    # a task heading of the plan whose text looks back stays in the plan
    assert kind_at(THEMATIC, secs, "增长9%左右") == PLAN
    assert kind_at(THEMATIC, secs, "坚持依法行政") == OTHER


def test_thirteenth_five_year_review_is_a_five_year_review_not_goals():
    text = ("一、“十三五”时期经济社会发展回顾\n五年来,全区生产总值由120亿元增加到150亿元。\n"
            "二、“十四五”时期的主要目标任务\n到2025年,全区生产总值达到200亿元。\n"
            "三、2021年工作安排\n今年全区生产总值增长6%左右。\n")
    secs = split_sections(text, 2020, 2021)
    assert section_at(secs, text.index("150亿元")).part == "five"
    assert section_at(secs, text.index("200亿元")).part == "five_plan"
    assert kind_at(text, secs, "6%左右") == PLAN


def test_headings_run_into_the_text_of_a_copy_without_any_line_break():
    review = "过去的一年,全县经济稳中有进,地区生产总值增长5.8%,固定资产投资增长9%。" * 30
    plan = "今年全县地区生产总值增长6%左右。全县将重点抓好项目建设。" * 30
    text = ("各位代表:现在,我代表县人民政府向大会报告工作,请予审议。二〇二三年工作回顾" + review
            + "二〇二四年主要目标任务" + plan)
    assert "\n" not in text and len(text) > 1000
    secs = split_sections(text, 2023, 2024)
    assert kind_at(text, secs, "请予审议") == OTHER
    assert kind_at(text, secs, "增长5.8%") == RESULT
    assert kind_at(text, secs, "增长6%左右") == PLAN
    assert section_at(secs, text.index("增长6%左右")).heading.startswith("二〇二四年主要目标")
    # a sentence that merely starts with the year is no heading
    assert len([s for s in secs if s.kind == RESULT]) == 1


def test_greeting_cue_at_a_sentence_start_of_a_flattened_copy():
    five = "五年来,全市地区生产总值年均增长6.1%,城乡面貌焕然一新。" * 40
    text = ("一、过去五年工作回顾" + five + "各位代表,刚刚过去的2022年,全市地区生产总值增长4.2%。"
            "二、2023年工作安排今年全市地区生产总值增长6%左右。")
    secs = split_sections(text, 2022, 2023)
    assert kind_at(text, secs, "年均增长6.1%") == OTHER
    assert kind_at(text, secs, "增长4.2%") == RESULT
    assert kind_at(text, secs, "增长6%左右") == PLAN


# ---- news stories: a headline, no headings ----------------------------------------------------

NEWS = ("市长谈2025年全市发展目标\n本报讯(记者 王明)1月18日,市十七届人大四次会议开幕。报告指出,"
        "2024年,全市地区生产总值增长5.8%,固定资产投资增长6.1%。这一年,全市新增就业3.1万人。\n"
        "报告提出,今年全市经济社会发展的主要预期目标是:地区生产总值增长6%左右。全市将扩大有效投资,"
        "固定资产投资增长7%左右。")


def test_a_headline_opens_no_section():
    secs = split_sections(NEWS, 2024, 2025)
    assert all(not s.heading.startswith("市长谈") for s in secs)
    figures = "宁夏:2025年地区生产总值预期增长5.5%左右\n本报讯 自治区人大会议开幕。"
    assert all(s.heading == "" for s in split_sections(figures, 2024, 2025))
    # a real heading still opens its section
    assert split_sections("2025年工作安排\n今年增长6%左右。", 2024, 2025)[0].heading == "2025年工作安排"


def test_a_story_without_headings_is_read_sentence_by_sentence():
    secs = split_sections(NEWS, 2024, 2025)
    assert_covering(secs, len(NEWS))
    assert kind_at(NEWS, secs, "增长5.8%") == RESULT
    assert kind_at(NEWS, secs, "新增就业3.1万人") == RESULT  # no cue: goes with the sentence before
    assert kind_at(NEWS, secs, "增长6%左右") == PLAN
    assert kind_at(NEWS, secs, "增长7%左右") == PLAN
    assert section_at(secs, NEWS.index("增长5.8%")).year == 2024
    assert section_at(secs, NEWS.index("增长7%左右")).year == 2025


def test_top_level_headings_numbered_in_arabic_digits():
    text = ("各位代表:\n现在,我代表区人民政府向大会报告工作。\n1. 过去一年工作回顾\n全区地区生产总值增长5%。\n"
            "2. 2024年工作安排\n今年全区地区生产总值增长6%左右。\n")
    secs = split_sections(text, 2023, 2024)
    assert kinds(secs) == [OTHER, RESULT, PLAN]
    assert secs[1].heading == "1. 过去一年工作回顾"


def test_the_years_own_sub_heading_inside_a_five_year_review():
    text = ("一、过去五年工作回顾\n五年来,全市地区生产总值年均增长6%。\n(一)2022年主要工作\n"
            "全市地区生产总值增长4.2%。\n二、今后五年目标\n到2027年全市地区生产总值达到6000亿元。\n"
            "三、2023年工作安排\n今年全市地区生产总值增长6%左右。\n")
    secs = split_sections(text, 2022, 2023)
    assert kind_at(text, secs, "年均增长6%") == OTHER
    assert kind_at(text, secs, "增长4.2%") == RESULT
    assert section_at(secs, text.index("6000亿元")).part == "five_plan"
    assert kind_at(text, secs, "增长6%左右") == PLAN


def test_a_news_story_quoting_the_targets_the_report_set():
    text = ("一、2024年工作回顾\n2024年,全区地区生产总值增长5.2%。\n据介绍,政府工作报告提出的主要预期目标是:"
            "地区生产总值增长6%左右,一般公共预算收入增长5%以上。\n")
    secs = split_sections(text, 2024, 2025)
    assert kind_at(text, secs, "增长5.2%") == RESULT
    assert kind_at(text, secs, "增长6%左右") == PLAN


def test_a_target_list_of_plain_growth_rates():
    text = ("一、2023年工作回顾\n2023年,全县地区生产总值增长5.9%。\n经济社会发展的主要预期目标是:"
            "生产总值增长7%;一般公共预算收入增长6%;固定资产投资增长10%。\n")
    secs = split_sections(text, 2023, 2024)
    assert kind_at(text, secs, "增长5.9%") == RESULT
    assert kind_at(text, secs, "增长10%") == PLAN


def test_a_story_without_headings_finds_a_cue_after_many_sentences_without_one():
    # the cue of each sentence is looked up from the next cue in the whole text
    quiet = "全区新建改造农村公路12公里。" * 300
    text = ("去年全区地区生产总值增长5.1%。" + quiet + "今年全区地区生产总值预期增长6%左右。"
            + quiet + "过去一年新增城镇就业2100人。")
    secs = split_sections(text, 2024, 2025)
    assert_covering(secs, len(text))
    assert kinds(secs) == [RESULT, PLAN, RESULT]
    assert kind_at(text, secs, "预期增长6%") == PLAN
    assert kind_at(text, secs, "新增城镇就业") == RESULT


def test_a_year_broken_off_its_character_by_a_line_end_is_no_cue():
    # "2025\n年" ends one sentence and opens the next: neither says 2025年 (a search over the
    # whole text finds the cue across the line end; the sentence must not take it)
    text = "过去一年全区粮食产量达到52万吨。\n城乡居民收入稳步增长2025\n年底前完成改造任务。\n新增城镇就业2100人。"
    secs = split_sections(text, 2024, 2025)
    assert_covering(secs, len(text))
    assert kinds(secs) == [RESULT]
