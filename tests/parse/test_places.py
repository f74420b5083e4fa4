"""Place, level, years and title of a report, inferred from its text (lib/parse/meta.py, places.py, years.py)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.parse.clean import clean
from lib.model import LEVELS
from lib.parse.meta import infer_meta, infer_title
from lib.parse.places import gazetteer
from lib.parse.years import infer_years

from tests.support import report_texts as R

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds_reports.csv"


def meta_of(text: str, file: str = "t.txt"):
    return infer_meta(clean(text).match, file)


def place(m):
    return (m.province, m.city, m.district, m.level)


# ---- realistic openings at every level ----------------------------------------------------------

CASES = [
    # text, (province, city, district, level), adcode, review, plan, delivered
    (R.GUANGDONG_2024, ("广东省", "", "", "省"), "440000", 2023, 2024, "2024-01-23"),
    (R.NATIONAL_2024, ("中国", "", "", "国家"), "100000", 2023, 2024, "2024-03-05"),
    (R.NATIONAL_2023, ("中国", "", "", "国家"), "100000", 2022, 2023, "2023-03-05"),
    (R.SHANGHAI_2024, ("上海市", "", "", "省"), "310000", 2023, 2024, "2024-01-23"),
    (R.WUQING_2024, ("天津市", "", "武清区", "区"), "120114", 2023, 2024, "2024-01-10"),
    (R.ANYUE_2024, ("四川省", "资阳市", "安岳县", "县"), "512021", 2023, 2024, "2024-01-08"),
    (R.FUDING_2024, ("福建省", "宁德市", "福鼎市", "县"), "350982", 2023, 2024, "2024-01-09"),
    (R.CHUXIONG_2024, ("云南省", "楚雄彝族自治州", "", "市"), "532300", 2023, 2024, "2024-01-18"),
    (R.SUZHOU_BY_DISTRICTS, ("江苏省", "苏州市", "", "市"), "320500", 2023, 2024, ""),
    (R.ANON_YEARS, ("福建省", "福州市", "", "市"), "350100", 2021, 2022, ""),
    (R.FENGHUA_2016, ("浙江省", "宁波市", "奉化市", "县"), "330283", 2015, 2016, "2016-01-12"),
    (R.FENGHUA_2021, ("浙江省", "宁波市", "奉化区", "区"), "330213", 2020, 2021, "2021-01-07"),
    (R.GONGZHULING_2018, ("吉林省", "四平市", "公主岭市", "县"), "220381", 2017, 2018, "2018-01-10"),
    (R.GONGZHULING_2021, ("吉林省", "长春市", "公主岭市", "县"), "220184", 2020, 2021, "2021-01-14"),
    (R.CITY_2022, ("浙江省", "杭州市", "", "市"), "330100", 2021, 2022, "2022-01-06"),
    (R.GULOU_FUZHOU, ("福建省", "福州市", "鼓楼区", "区"), "350102", 2023, 2024, "2024-01-05"),
    (R.GULOU_NOPARENT, ("福建省", "福州市", "鼓楼区", "区"), "350102", 2023, 2024, "2024-01-05"),
    (R.LONGHUA_HAIKOU, ("海南省", "海口市", "龙华区", "区"), "460106", 2023, 2024, ""),
    (R.LONGHUA_SHENZHEN, ("广东省", "深圳市", "龙华区", "区"), "440309", 2023, 2024, ""),
]


@pytest.mark.parametrize("text,where,adcode,review,plan,delivered", CASES,
                         ids=[c[1][2] or c[1][1] or c[1][0] for c in CASES])
def test_place_level_and_years(text, where, adcode, review, plan, delivered):
    m = meta_of(text)
    assert place(m) == where, m.place_evidence
    assert m.adcode == adcode
    assert (m.review_year, m.plan_year) == (review, plan), m.year_evidence
    assert m.delivered == delivered
    assert m.level in LEVELS
    assert m.place_evidence and m.year_evidence  # users see why
    assert 0 < m.place_confidence <= 1


def test_session_line_is_strong_evidence_and_named():
    m = meta_of(R.WUQING_2024)
    assert m.place_confidence >= 0.9
    assert "天津市武清区" in m.place_evidence and "人民代表大会" in m.place_evidence


def test_city_named_only_by_its_districts_explains_the_vote():
    m = meta_of(R.SUZHOU_BY_DISTRICTS)
    assert m.place_evidence.startswith("按文中提到的下辖地区投票")
    assert "苏州市" in m.place_evidence
    assert sum(name in m.place_evidence for name in ("张家港", "常熟", "太仓", "昆山", "吴江")) >= 3


def test_informal_copies_name_the_place_in_the_title_or_the_greeting():
    m = meta_of("2024年汉川工作报告\n尊敬的各位领导、各位代表:\n随着2023年的落幕,我代表汉川市政府,"
                "向大家汇报过去一年的工作成果。\n2023年工作回顾\n经济发展稳中向好。")
    assert place(m) == ("湖北省", "孝感市", "汉川市", "县") and m.review_year == 2023
    m = meta_of("工作总结\n各位代表:\n我代表镇原县政府,向大会报告工作。\n一、2023年工作回顾\n全县经济向好。")
    assert place(m) == ("甘肃省", "庆阳市", "镇原县", "县")


def test_premier_mentioned_in_a_provincial_report_is_not_the_nation():
    m = meta_of(R.GUANGDONG_2024.replace("全省上下团结奋斗", "国务院总理李强来粤考察,全省上下团结奋斗"))
    assert place(m) == ("广东省", "", "", "省")


def test_session_line_without_dash():
    m = meta_of("政府工作报告\n2019年3月2日在浮山县第十六届人民代表大会第四次会议上\n栗 俊 昌\n各位代表:\n"
                "现在,我代表县人民政府向大会报告工作。\n一、2018年工作回顾\n全县经济运行保持总体平稳。")
    assert place(m) == ("山西省", "临汾市", "浮山县", "县")
    assert (m.review_year, m.plan_year, m.delivered) == (2018, 2019, "2019-03-02")


def test_site_chrome_naming_another_government_is_not_the_place():
    text = ("福建省人民政府门户网站\n首页 > 政务公开\n各位代表:\n现在,我代表市人民政府向大会报告工作。\n"
            "一、2023年工作回顾\n全市地区生产总值增长5.6%,鼓楼、台江、仓山、晋安协同发展,福清、长乐获评全省县域经济十强。")
    m = meta_of(text)
    assert place(m) == ("福建省", "福州市", "", "市")


def test_short_session_line_without_di():
    m = meta_of("在泉州市十届人大三次会议上\n各位代表:\n现在,我代表市人民政府向大会报告工作。")
    assert place(m) == ("福建省", "泉州市", "", "市") and m.adcode == "350500"


def test_neighbours_named_once_are_not_the_place():
    # the session line is gone: only "台江、仓山、晋安" (siblings) and 福州 once remain
    text = R.GULOU_NOPARENT[R.GULOU_NOPARENT.index("各位代表"):]
    m = meta_of(text)
    assert m.district == "" and m.level == "区"


def test_same_name_resolved_by_year_then_by_other_places():
    assert "按2017年区划" in meta_of(R.GONGZHULING_2018).place_evidence
    m = meta_of(R.GULOU_NOPARENT)  # 鼓楼区 of 南京, 福州, 徐州, 开封: 台江、仓山、晋安 and 福州 decide
    assert m.city == "福州市" and "同名" in m.place_evidence and m.place_confidence < 0.9


def test_ambiguous_short_name_in_title_follows_the_textual_level():
    text = "楚雄2024年政府工作报告\n各位代表:\n现在,我代表州人民政府向大会报告工作。\n一、2023年工作回顾\n全州经济平稳。"
    m = meta_of(text)
    assert place(m) == ("云南省", "楚雄彝族自治州", "", "市")
    m = meta_of(text.replace("州人民政府", "市人民政府").replace("全州", "全市"))
    assert place(m) == ("云南省", "楚雄彝族自治州", "楚雄市", "县")


def test_same_name_with_no_other_clue_has_low_confidence():
    m = meta_of("政府工作报告\n——2024年1月5日在鼓楼区第十八届人民代表大会第四次会议上\n各位代表:\n全区经济平稳。")
    assert m.district == "鼓楼区" and m.place_confidence <= 0.5 and "难以区分" in m.place_evidence


def test_false_friends_name_no_place():
    """中山南路, 新华医疗, 长安制药, 老城区, 矿区, 江东新区, 合作共赢, 沿海城市, 新增城市, 朝阳产业,
    白云机场, 鼓楼夜市: none is a place of this report, so the place stays unknown."""
    m = meta_of(R.FALSE_FRIENDS)
    assert (m.province, m.city, m.district) == ("", "", "")
    assert m.level == "区"  # "我代表区人民政府" still says the level
    assert m.place_confidence == 0
    assert "未能确定" in m.place_evidence


def test_false_friends_do_not_outvote_a_real_city():
    text = R.SUZHOU_BY_DISTRICTS.replace("二、", "中山南路改造、新华医疗落户、长安制药投产、江东新区招商,朝阳产业集聚。\n二、")
    assert meta_of(text).city == "苏州市"


def test_two_char_full_names_are_not_matched_in_prose():
    # 和县 (马鞍山) and 新县 (信阳) hide in "市和县两级" and "新县城"
    text = ("XX市政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。\n一、2023年工作回顾\n"
            "市和县两级财政收入增长6%,新县城建设加快,和县人民一道奋斗。")
    m = meta_of(text)
    assert m.district == "" and m.city == ""


def test_place_words_are_exact_division_shorts():
    gaz = gazetteer()
    shorts = {p.short for p in gaz.places} | {p.name for p in gaz.places}
    assert gaz.common <= shorts and gaz.generic <= shorts


# ---- the seeds against the hand-checked table ------------------------------------------------

SEED_GOLD = {  # file: province, city, district, level, review_year, plan_year (gold/seeds_reports.csv)
    "000_622d8e829dbabc01.txt": ("海南省", "海口市", "", "市", 2023, 2024),
    "001_dd1d7b1c01e911b9.txt": ("海南省", "海口市", "", "市", 2023, 2024),
    "002_b11b1295186a95dd.txt": ("吉林省", "长春市", "二道区", "区", 2023, 2024),
    "003_887212d0c28f9641.txt": ("浙江省", "宁波市", "", "市", 2022, 2023),
    "004_b6a59942d2d7b029.txt": ("福建省", "泉州市", "鲤城区", "区", 2023, 2024),
}


def test_seed_table_matches_shared_gold():
    if not GOLD.exists():
        pytest.skip("shared gold table not on this machine")
    with open(GOLD, newline="", encoding="utf-8") as fh:
        rows = {r["file"]: (r["province"], r["city"], r["district"], r["level"],
                            int(r["review_year"]), int(r["plan_year"])) for r in csv.DictReader(fh)}
    assert rows == SEED_GOLD


@pytest.mark.parametrize("file", sorted(SEED_GOLD))
def test_seeds(file):
    m = meta_of((SEEDS / file).read_text(encoding="utf-8"), file)
    assert place(m) + (m.review_year, m.plan_year) == SEED_GOLD[file], (m.place_evidence, m.year_evidence)
    assert len(m.adcode) == 6 and m.adcode.isdigit()


def test_seed_evidence_reads_well():
    def ev(n):
        f = next(SEEDS.glob(f"{n}_*.txt"))
        return meta_of(f.read_text(encoding="utf-8"), f.name)

    m3 = ev("003")
    assert "镇海" in m3.place_evidence and "北仑" in m3.place_evidence and "宁波市" in m3.place_evidence
    assert "2022年工作回顾" in m3.year_evidence
    m2 = ev("002")
    assert "二道" in m2.place_evidence and "区人民政府" in m2.place_evidence
    m4 = ev("004")
    assert "泉州市鲤城区" in m4.place_evidence and m4.delivered == "2023-12-28"
    assert m4.place_confidence > ev("000").place_confidence  # a session line beats one mention


def test_seed_titles():
    titles = {f.name[:3]: infer_title(clean(f.read_text(encoding="utf-8")).match)
              for f in sorted(SEEDS.glob("*.txt"))}
    assert titles["000"] == "政府工作报告摘要(一)"
    assert titles["002"] == "2023年区政府工作报告"  # ".docx" dropped
    assert titles["003"] == "XX市2023年政府工作报告"


# ---- years --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,review,plan,delivered", [
    ("——二〇二四年一月十五日在XX县第十八届人民代表大会第三次会议上\n", 2023, 2024, "2024-01-15"),
    ("——2023年12月28日在泉州市鲤城区第十届\n\n  人民代表大会第三次会议上", 2023, 2024, "2023-12-28"),
    ("在杭州市第十四届人民代表大会第三次会议上\n(2024年1月15日)\n", 2023, 2024, "2024-01-15"),
    # a date in the text is not the session's
    ("各位代表:\n2023年9月18日,全市召开招商引资大会,市人大代表参加会议。\n一、2023年工作回顾", 2023, 2024, ""),
    ("XX市2023年政府工作报告\n各位代表:\n一、2022年工作回顾\n", 2022, 2023, ""),
    ("2023年区政府工作报告\n一、2023年工作回顾2023年,是…", 2023, 2024, ""),  # the heading beats the title
    ("XX市2019年政府工作报告\n各位代表:\n现在,我代表市人民政府向大会报告工作。", 2018, 2019, ""),
    ("今年工作总体要求\n2024年是中华人民共和国成立75周年。", 2023, 2024, ""),
    ("2022年是本届政府的起始之年。一年来,全市经济平稳运行。", 2022, 2023, ""),
    ("二、2024年经济社会发展总体要求和政策取向\n今年发展主要预期目标是", 2023, 2024, ""),
    # a target year in prose is not the plan heading
    ("各位代表:\n过去一年,我们为到2025年主要目标任务全面完成打下基础。\n二、2024年工作安排\n今年", 2023, 2024, ""),
    ("一、20XX年工作回顾\n20XX年,全市经济稳中有进,2021年以来累计完成投资,2021年全市", 2021, 2022, ""),
])
def test_years(text, review, plan, delivered):
    y = infer_years(text)
    assert (y.review, y.plan, y.delivered) == (review, plan, delivered), y.evidence


def test_no_year_clue_leaves_years_empty_and_says_so():
    y = infer_years("各位代表:现在,我代表区人民政府向大会报告工作,请予审议。")
    assert y.review is None and y.plan is None and "没有" in y.evidence


def test_title_of_a_text_without_one_is_empty_not_a_heading():
    assert infer_title(R.UNKNOWN_HEADING) == ""
    assert infer_title("区十届人大三次\n会议文件(十四)\n各位代表:\n一、2023年工作回顾") == "区十届人大三次"


def test_title_is_cleaned_and_short():
    t = infer_title("\n\n  福州市鼓楼区2024年政府工作报告.docx  \n正文")
    assert t == "福州市鼓楼区2024年政府工作报告"
    long = "政府工作报告" + "(在第十八届人民代表大会第四次会议上的讲话,全文共计三万五千字,请各位代表审议)" * 2
    assert len(infer_title(long)) <= 60


# ---- the division table --------------------------------------------------------------------------


def test_division_table_is_sound():
    with open(ROOT / "lib" / "data" / "divisions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 3500
    for r in rows:
        assert r["level"] in ("省", "市", "区", "县")
        assert len(r["adcode"]) == 6 and r["adcode"].isdigit()
        assert 2000 <= int(r["first_year"]) <= int(r["last_year"]) <= 2024
    by = {(r["province"], r["city"], r["district"]): r for r in rows}
    assert by[("浙江省", "宁波市", "奉化市")]["last_year"] == "2015"
    assert by[("浙江省", "宁波市", "奉化区")]["first_year"] == "2016"
    assert by[("吉林省", "长春市", "公主岭市")]["first_year"] == "2020"
    assert by[("上海市", "", "")]["level"] == "省"
    assert by[("天津市", "", "武清区")]["level"] == "区"
    assert by[("云南省", "楚雄彝族自治州", "")]["level"] == "市"
    assert by[("湖北省", "", "仙桃市")]["level"] == "县"  # county-level, directly under the province
    assert by[("上海市", "", "浦东新区")]["short"] == "浦东"


# ---- never raise ---------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "政府工作报告", "——2024年1月8日在", "第十九届人民代表大会", "人民政府区长", "我代表区人民政府",
    "一、", "2023年工作回顾", "二、2024年工作安排", "今年", "全区", "全市", "XX市", "20XX年",
    "镇海、北仑、奉化", "二道", "鲤城区", "泉州市", "中山南路", "城区", "、", "。", "\n", " ", "(", ")",
    "二〇二四年一月", "十三月四十日", "9999年", "第零届", "省长", "市长", "\ud800", "",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=40))
def test_infer_meta_never_raises(parts):
    text = "".join(parts)
    m = infer_meta(text, "x.txt")
    assert m.chars == len(text)
    assert m.level in LEVELS + ("",)
    assert len(m.title) <= 60
    assert m.review_year is None or m.plan_year == m.review_year + 1
    assert 0 <= m.place_confidence <= 1


# ---- short county names and names inside longer words ----------------------------------------


def test_two_character_county_is_found_where_it_opens_a_clause():
    # no title, no session line: only 我代表县人民政府 and the county's own mentions
    text = ("各位代表:\n现在,我代表县人民政府向大会作工作报告,请予审议。\n"
            "一、2023年工作回顾\n过去一年,蠡县经济稳中有进,全县生产总值增长6%。"
            "蠡县皮毛产业集群入选省级特色产业集群。保定市蠡县获评全省营商环境优秀县。"
            "我们积极对接雄安新区,借势雄安新区建设,主动承接雄安新区产业外溢。\n")
    m = meta_of(text)
    assert (m.city, m.district, m.level) == ("保定市", "蠡县", "县")


def test_a_name_glued_into_a_longer_word_is_no_mention():
    from lib.parse.places import BARE, FULL, SUFFIX, scan

    gaz = gazetteer()
    strength = {h.word: h.strength for h in scan("全面对接雄安新区,服务安新县发展。现代县域经济。", gaz)}
    assert strength["安新县"] == FULL
    hits = [h for h in scan("借势雄安新区建设", gaz) if h.word == "安新"]
    assert hits and hits[0].strength == BARE  # 安新 is a 县: "安新区" is not its own suffix
    hits = [h for h in scan("服务昆山市发展,昆山区域", gaz) if h.word == "昆山"]
    assert all(h.strength < SUFFIX for h in hits)
    assert [h.strength for h in scan("推进现代县域经济", gaz) if h.word == "代县"] in ([], [BARE])


# ---- years of news stories, blog posts and e-paper pages ------------------------------------

NEWS_TARGETS = (
    "标题:市长谈2025年全市发展目标\n发布时间:2025-01-20 来源:晨报\n"
    "本报讯 1月18日,市十七届人大四次会议开幕。市长在政府工作报告中提出,2025年全市经济社会发展的"
    "主要预期目标是:地区生产总值增长6%左右,一般公共预算收入增长5%以上。\n"
    "报告指出,过去一年,全市地区生产总值增长5.8%。2025年,全市将聚焦产业升级,"
    "2025年力争新增规上企业100家。")
EPAPER = (
    "晨报 2024年1月12日 第01版\n2024年是实现“十四五”规划目标任务的关键一年。市长在报告中说,"
    "2023年全市地区生产总值增长5.2%,完成投资1200亿元。\n今年,全市地区生产总值预期增长5.5%左右。")
BLOG = (
    "【转载】政府工作报告全文(附解读)\n作者:老张 2024年3月8日\n"
    "2023年,全市上下团结奋斗,地区生产总值增长5.6%,一般公共预算收入完成120亿元。"
    "2023年全年新增就业3.2万人。\n2024年全市经济社会发展的主要预期目标:地区生产总值增长6%左右。")


@pytest.mark.parametrize("text", [NEWS_TARGETS, EPAPER, BLOG], ids=["news", "epaper", "blog"])
def test_a_story_about_a_report_takes_the_reports_years(text):
    y = infer_years(clean(text).match)
    plan = 2025 if text is NEWS_TARGETS else 2024
    assert (y.review, y.plan) == (plan - 1, plan), y.evidence


def test_a_story_without_years_falls_back_on_its_date():
    text = ("发布时间:2024-02-03 10:21 来源:县融媒体中心\n1月30日,县十八届人大三次会议开幕,县长作"
            "政府工作报告。报告回顾了过去一年的工作:全县地区生产总值增长6.1%。\n报告提出,今年全县"
            "地区生产总值预期增长6.5%左右。")
    y = infer_years(clean(text).match)
    assert (y.review, y.plan) == (2023, 2024)
    december = text.replace("2024-02-03", "2023-12-29")  # a session held at the year's end
    assert (infer_years(clean(december).match).review) == 2023


def test_mixed_year_cues_do_not_decide():
    from lib.parse.years import _voted_years

    # one vote each way: no clear reading, the older fallbacks decide
    assert _voted_years("2023年完成投资100亿元。2025年目标是…") is None
    assert _voted_years("没有年份的文字。") is None


def test_year_in_brackets_after_the_title():
    text = ("转载:县政府工作报告(2024)\n各位代表:现在,我代表县人民政府向大会报告工作。过去一年,"
            "全县地区生产总值增长6.5%。")
    y = infer_years(clean(text).match, infer_title(clean(text).match))
    assert (y.review, y.plan) == (2023, 2024)


def test_a_single_clear_year_cue_decides_a_short_story():
    # a headline naming the plan's year, a story from another paper: the report's years
    text = ("标题:自治区谈2025年发展目标\n来源:邻省日报\n本报讯 1月19日,自治区人大会议开幕。"
            "今年全区地区生产总值预期增长5.5%左右。")
    y = infer_years(clean(text).match)
    assert (y.review, y.plan) == (2024, 2025)
    lead = "本报讯 1月10日,县人大会议开幕。县长在报告中说,2024年,全县地区生产总值增长6.4%。"
    y = infer_years(clean(lead).match)
    assert (y.review, y.plan) == (2024, 2025)


def test_title_skips_a_category_label_and_a_header_field_name():
    text = "工作报告\n标题:某某县2024年政府工作报告\n各位代表:\n现在,我代表县人民政府向大会作工作报告。\n"
    assert infer_title(clean(text).match) == "某某县2024年政府工作报告"
    assert infer_title(clean("工作报告\n各位代表:\n我代表县人民政府向大会作工作报告。").match) == "工作报告"


def test_a_report_title_in_links_below_the_speech_names_nothing():
    text = ("各位代表:\n现在,我代表县人民政府向大会报告工作。过去一年,全县地区生产总值增长6.4%。\n"
            "相关阅读:\n某邻县2024年政府工作报告\n")
    assert "邻县" not in infer_title(clean(text).match)
    from lib.parse.places import declarations, gazetteer, scan

    t = clean(text.replace("某邻县", "涞源县")).match
    gaz = gazetteer()
    assert not [d for d in declarations(t, scan(t, gaz), gaz) if d[0] == "标题"]


def test_years_from_headings_in_chinese_numerals():
    text = ("各位代表:\n现在,我代表县人民政府向大会报告工作。\n二〇二三年工作回顾\n过去一年,全县经济稳中向好。\n"
            "二〇二四年主要目标任务\n今年全县地区生产总值增长6%左右。\n")
    y = infer_years(clean(text).match)
    assert (y.review, y.plan) == (2023, 2024)


def test_a_session_date_without_its_day():
    # a session at the year's end reviews that same year
    y = infer_years("政府工作报告\n——2023年12月在某区第三届人民代表大会第四次会议上\n各位代表:")
    assert (y.review, y.plan, y.delivered) == (2023, 2024, "")
    y = infer_years("政府工作报告\n——二〇二四年一月在某县第十八届人民代表大会第三次会议上\n")
    assert (y.review, y.plan) == (2023, 2024)
