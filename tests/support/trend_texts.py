"""Consecutive government work reports of two cities, written for the 趋势 and panel tests.

芜湖市: the reports of 2016, 2017, 2018, 2020, 2021 and 2022 (the 2019 report is not loaded, so the
2018 result and the 2019 target are gaps); the 2021 report gives the 2020 growth as 预计.
蚌埠市: the reports of 2020, 2021 and 2022.  The figures and the prose are written for these tests
in the style of real reports; none is copied from one.

Each entry: (file name, text).  The place and years are in the title and the headings.
"""
from __future__ import annotations


def _report(city: str, plan_year: int, review: str, plan: str, session: str = "第二次") -> str:
    return (f"{city}政府工作报告\n"
            f"——{plan_year}年1月10日在{city}第十五届人民代表大会{session}会议上\n"
            f"{city}人民政府市长\n\n各位代表:\n"
            "现在,我代表市人民政府向大会报告工作,请予审议,并请市政协委员和其他列席人员提出意见。\n\n"
            f"一、{plan_year - 1}年工作回顾\n{review}\n"
            "我们坚持项目为王,新开工亿元以上项目一批,营商环境持续改善。\n\n"
            f"二、{plan_year}年工作安排\n{plan}\n"
            "我们将聚焦产业升级和民生改善,扎实做好各项工作。\n")


WUHU = "安徽省芜湖市"
BENGBU = "安徽省蚌埠市"

WUHU_REPORTS = [
    ("wuhu_2016.txt", _report(WUHU, 2016,
        "过去一年,全市地区生产总值增长8.9%,一般公共预算收入增长9.6%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长8.5%左右,一般公共预算收入增长8%。")),
    ("wuhu_2017.txt", _report(WUHU, 2017,
        "一年来,全市地区生产总值增长9%,一般公共预算收入增长7.2%。",
        "今年全市发展的主要预期目标是:地区生产总值增长8.5%以上,一般公共预算收入增长8%左右。",
        "第三次")),
    ("wuhu_2018.txt", _report(WUHU, 2018,
        "过去一年,全市地区生产总值增长9.1%,一般公共预算收入增长10.3%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长8%-8.5%,一般公共预算收入增长8%。",
        "第四次")),
    ("wuhu_2020.txt", _report(WUHU, 2020,
        "过去一年,全市地区生产总值增长7%,一般公共预算收入增长3.1%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长6.5%左右,一般公共预算收入增长5%。",
        "第六次")),
    ("wuhu_2021.txt", _report(WUHU, 2021,
        "过去一年,面对疫情冲击,全市地区生产总值预计增长3.8%,一般公共预算收入增长1.2%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长7%以上,一般公共预算收入增长6%。",
        "第七次")),
    ("wuhu_2022.txt", _report(WUHU, 2022,
        "过去一年,全市地区生产总值增长11.1%,一般公共预算收入增长9.8%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长7.5%左右,一般公共预算收入增长6%以上。",
        "第一次")),
]

BENGBU_REPORTS = [
    ("bengbu_2020.txt", _report(BENGBU, 2020,
        "过去一年,全市地区生产总值增长8.1%,一般公共预算收入增长4.5%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长7.5%左右,一般公共预算收入增长5%左右。",
        "第五次")),
    ("bengbu_2021.txt", _report(BENGBU, 2021,
        "过去一年,全市地区生产总值增长3.9%,一般公共预算收入增长0.6%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长8%以上,一般公共预算收入增长6%。",
        "第六次")),
    ("bengbu_2022.txt", _report(BENGBU, 2022,
        "过去一年,全市地区生产总值增长6.5%,一般公共预算收入增长8.9%。",
        "今年经济社会发展的主要预期目标是:地区生产总值增长7%左右,一般公共预算收入增长6%。",
        "第一次")),
]

ALL = WUHU_REPORTS + BENGBU_REPORTS
