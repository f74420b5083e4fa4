"""Government work report texts written for the plan-vs-result tests.

Nested places over consecutive years: 国务院 2023 and 2024, 吉林省 2024, 长春市 2023 and 2024,
长春市二道区 2024.  The figures are written for these tests (in the style of real reports, with
their noise: five-year totals, average rates, sub-areas, other years, page marks), not copied.

Each entry: the text, and what a reader knows about it (place, level, review and plan year), and
the two headings where the review and the plan sections begin.
"""
from __future__ import annotations

CHANGCHUN_2023 = """长春市政府工作报告
——2023年1月12日在长春市第十六届人民代表大会第二次会议上
长春市市长

各位代表:
现在,我代表市人民政府向大会报告工作,请予审议,并请市政协委员和其他列席人员提出意见。

一、2022年工作回顾
2022年是极不平凡的一年。面对多轮疫情冲击,全市上下坚持稳字当头、稳中求进,全年地区生产总值6744.6亿元,下降5.9%;一般公共预算收入415.7亿元。过去五年,全市地区生产总值年均增长3.5%,累计新增城镇就业100万人。长春新区地区生产总值增长9.3%。
- 3 -
二、2023年主要目标和重点工作
今年全市经济社会发展的主要预期目标是:地区生产总值增长6%-6.5%;规模以上工业增加值增长7%左右;固定资产投资增长10%以上;社会消费品零售总额增长8%左右;一般公共预算收入增长7%以上;城镇新增就业22万人以上,城镇调查失业率控制在5.5%以内;居民消费价格涨幅控制在3%以内;研发投入强度达到2.6%;城乡居民收入增长与经济增长基本同步;单位地区生产总值能耗降低完成省下达任务。
到2025年,全市地区生产总值力争突破9000亿元。
"""

CHANGCHUN_2024 = """长春市政府工作报告
——2024年1月9日在长春市第十六届人民代表大会第三次会议上

各位代表:
现在,我代表市人民政府向大会报告工作,请予审议。

一、2023年工作回顾
过去一年,全市经济回升向好。全市地区生产总值预计增长6.8%,规模以上工业增加值增长7.3%,固定资产投资增长10%以上,社会消费品零售总额增长6.1%,一般公共预算收入增长5%;城镇新增就业23.5万人,城镇调查失业率为5.1%,居民消费价格上涨0.4%。新开通地铁线路2条……
- 5 -
二、2024年工作安排
2024年全市经济社会发展的主要预期目标是:地区生产总值增长6%左右;规模以上工业增加值增长7%;固定资产投资增长8%以上;社会消费品零售总额增长7%以上;一般公共预算收入增长5%左右;城镇新增就业20万人以上;城镇调查失业率控制在5.5%以内;居民消费价格涨幅3%左右。
"""

ERDAO_2024 = """长春市二道区政府工作报告
——2024年1月5日在长春市二道区第十八届人民代表大会第四次会议上

一、2023年工作回顾
2023年,全区地区生产总值增长7.5%,固定资产投资增长15.2%,社会消费品零售总额增长8.9%。
二、2024年工作安排
2024年全区经济社会发展的主要预期目标是:地区生产总值增长7%以上,固定资产投资增长12%,社会消费品零售总额增长8%左右,城镇新增就业1.2万人。
"""

JILIN_2024 = """吉林省政府工作报告
——2024年1月25日在吉林省第十四届人民代表大会第二次会议上

一、2023年工作回顾
过去一年,全省地区生产总值增长6.3%,规模以上工业增加值增长6.8%,社会消费品零售总额增长9.5%。
二、2024年工作安排
今年全省经济社会发展的主要预期目标是:地区生产总值增长5.5%左右,规模以上工业增加值增长6.5%,固定资产投资增长6%,社会消费品零售总额增长7%,城镇新增就业24万人以上,城镇调查失业率5.5%左右,居民消费价格涨幅3%左右。
"""

NATION_2023 = """政府工作报告
——2023年3月5日在第十四届全国人民代表大会第一次会议上
国务院总理

一、过去一年和五年工作回顾
2022年,国内生产总值增长3%,城镇新增就业1206万人,年末城镇调查失业率降到5.5%,居民消费价格上涨2%。过去五年,国内生产总值年均增长5.2%。
二、对今年政府工作的建议
今年发展主要预期目标是:国内生产总值增长5%左右;城镇新增就业1200万人左右,城镇调查失业率5.5%左右;居民消费价格涨幅3%左右;粮食产量保持在1.3万亿斤以上。
"""

NATION_2024 = """政府工作报告
——2024年3月5日在第十四届全国人民代表大会第二次会议上
国务院总理

一、2023年工作回顾
过去一年,国内生产总值超过126万亿元,增长5.2%。城镇新增就业1244万人,城镇调查失业率平均为5.2%。居民消费价格上涨0.2%。粮食产量13908亿斤。
二、2024年经济社会发展总体要求和政策取向
今年发展主要预期目标是:国内生产总值增长5%左右;城镇新增就业1200万人以上,城镇调查失业率5.5%左右;居民消费价格涨幅3%左右;粮食产量1.3万亿斤以上。
"""

# name: (text, province, city, district, level, review_year, plan_year, review heading, plan heading)
REPORTS = {
    "长春市2023.txt": (CHANGCHUN_2023, "吉林省", "长春市", "", "市", 2022, 2023, "一、2022年工作回顾", "二、2023年"),
    "长春市2024.txt": (CHANGCHUN_2024, "吉林省", "长春市", "", "市", 2023, 2024, "一、2023年工作回顾", "二、2024年"),
    "二道区2024.txt": (ERDAO_2024, "吉林省", "长春市", "二道区", "区", 2023, 2024, "一、2023年工作回顾", "二、2024年"),
    "吉林省2024.txt": (JILIN_2024, "吉林省", "", "", "省", 2023, 2024, "一、2023年工作回顾", "二、2024年"),
    "国务院2023.txt": (NATION_2023, "中国", "", "", "国家", 2022, 2023, "一、过去一年", "二、对今年"),
    "国务院2024.txt": (NATION_2024, "中国", "", "", "国家", 2023, 2024, "一、2023年工作回顾", "二、2024年"),
}


def parse_known(name: str):
    """The real extractor on one text, given the place, years and sections a reader knows
    (independent of the place/section inference, which has its own tests)."""
    from lib.parse.clean import clean
    from lib.parse.bind import extract_facts
    from lib.model import Report, ReportMeta, Section

    text, province, city, district, level, review, plan, h_review, h_plan = REPORTS[name]
    cleaned = clean(text)
    a, b = cleaned.text.index(h_review), cleaned.text.index(h_plan)
    sections = [Section("other", 0, a), Section("result", a, b, year=review),
                Section("plan", b, len(cleaned.text), year=plan)]
    meta = ReportMeta(file=name, province=province, city=city, district=district, level=level,
                      review_year=review, plan_year=plan)
    facts = extract_facts(cleaned, sections, meta)
    return Report(meta=meta, text=cleaned.text, facts=facts, sections=sections)


def parse_pipeline(name: str):
    """The whole pipeline: lib.parse.pipeline.parse_text infers place, years and sections itself."""
    from lib.parse.pipeline import parse_text

    return parse_text(REPORTS[name][0], name)
