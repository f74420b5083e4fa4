"""Whole reports written in the style of real ones (other places, levels, years and
formats than the seeds, with their noise), through the whole pipeline, against a
hand-made expected table for each."""
from __future__ import annotations

import csv

import pytest

from conftest import ROOT
from lib.parse.pipeline import parse_bytes

FIX = ROOT / "tests" / "fixtures"


def expected(name):
    with open(FIX / f"{name}.expected.csv", encoding="utf-8") as fh:
        return {(r["indicator"], r["section"], int(r["year"]), float(r["value"]), r["unit"], r["qualifier"])
                for r in csv.DictReader(fh)}


def got(report):
    return {(f.indicator, f.section, f.year, round(f.value, 6), f.unit, f.qualifier) for f in report.facts}


def big5_traditional(name):
    import opencc

    text = (FIX / f"{name}_simplified.txt").read_text(encoding="utf-8")
    return opencc.OpenCC("s2t").convert(text).encode("big5")


CASES = {
    # name: (bytes, file name, province, city, district, level, review_year, plan_year)
    "anyue_2024": (lambda: (FIX / "anyue_2024.txt").read_bytes(), "anyue_2024.txt",
                   "四川省", "资阳市", "安岳县", "县", 2023, 2024),
    "fuding_2023": (lambda: big5_traditional("fuding_2023"), "fuding_2023.txt",
                    "福建省", "宁德市", "福鼎市", "县", 2022, 2023),
    "wuqing_2024": (lambda: (FIX / "wuqing_2024.html").read_bytes(), "wuqing_2024.html",
                    "天津市", "", "武清区", "区", 2023, 2024),
    "guangdong_2024": (lambda: (FIX / "guangdong_2024.txt").read_bytes(), "guangdong_2024.txt",
                       "广东省", "", "", "省", 2023, 2024),
    "national_2024": (lambda: (FIX / "national_2024.txt").read_text(encoding="utf-8").encode("gb18030"),
                      "national_2024.txt", "中国", "", "", "国家", 2023, 2024),
    "guangxi_2021": (lambda: (FIX / "guangxi_2021.txt").read_bytes(), "guangxi_2021.txt",
                     "广西壮族自治区", "", "", "省", 2020, 2021),
    "neimenggu_2023": (lambda: (FIX / "neimenggu_2023.txt").read_bytes(), "neimenggu_2023.txt",
                       "内蒙古自治区", "", "", "省", 2022, 2023),
    "luoyang_2018": (lambda: (FIX / "luoyang_2018.txt").read_bytes(), "luoyang_2018.txt",
                     "河南省", "洛阳市", "", "市", 2017, 2018),
    "pudong_2022": (lambda: (FIX / "pudong_2022.txt").read_bytes(), "pudong_2022.txt",
                    "上海市", "", "浦东新区", "区", 2021, 2022),
    "yubei_2019": (lambda: (FIX / "yubei_2019.txt").read_text(encoding="utf-8").encode("gbk"), "yubei_2019.txt",
                   "重庆市", "", "渝北区", "区", 2018, 2019),
    "kunshan_2020": (lambda: (FIX / "kunshan_2020.txt").read_bytes(), "kunshan_2020.txt",
                     "江苏省", "苏州市", "昆山市", "县", 2019, 2020),
    "chuxiong_2024": (lambda: (FIX / "chuxiong_2024.txt").read_bytes(), "chuxiong_2024.txt",
                      "云南省", "楚雄彝族自治州", "", "市", 2023, 2024),
    "yuelu_2025": (lambda: (FIX / "yuelu_2025.txt").read_bytes(), "yuelu_2025.txt",
                   "湖南省", "长沙市", "岳麓区", "区", 2024, 2025),
    "hubei_2022": (lambda: (FIX / "hubei_2022.txt").read_bytes(), "hubei_2022.txt",
                   "湖北省", "", "", "省", 2021, 2022),
    "national_2019": (lambda: (FIX / "national_2019.txt").read_bytes(), "national_2019.txt",
                      "中国", "", "", "国家", 2018, 2019),
    "dongguan_2022": (lambda: (FIX / "dongguan_2022.html").read_text(encoding="utf-8").encode("gbk"),
                      "dongguan_2022.html", "广东省", "东莞市", "", "市", 2021, 2022),
    "deqing_2023": (lambda: b"\xef\xbb\xbf" + (FIX / "deqing_2023.txt").read_bytes(), "deqing_2023.txt",
                    "浙江省", "湖州市", "德清县", "县", 2022, 2023),
    # blind set (qa2): written and annotated before the parser was run on them
    "blind_jiangsu_2017": (lambda: (FIX / "blind_jiangsu_2017.txt").read_bytes(), "blind_jiangsu_2017.txt",
                   "江苏省", "", "", "省", 2016, 2017),
    "blind_sichuan_2021": (lambda: (FIX / "blind_sichuan_2021.txt").read_bytes(), "blind_sichuan_2021.txt",
                   "四川省", "", "", "省", 2020, 2021),
    "blind_xian_2022": (lambda: (FIX / "blind_xian_2022.txt").read_bytes(), "blind_xian_2022.txt",
                   "陕西省", "西安市", "", "市", 2021, 2022),
    "blind_tianshui_2021": (lambda: (FIX / "blind_tianshui_2021.txt").read_bytes(), "blind_tianshui_2021.txt",
                   "甘肃省", "天水市", "", "市", 2020, 2021),
    "blind_lankao_2020": (lambda: (FIX / "blind_lankao_2020.txt").read_bytes(), "blind_lankao_2020.txt",
                   "河南省", "开封市", "兰考县", "县", 2019, 2020),
    "blind_yiwu_2019": (lambda: (FIX / "blind_yiwu_2019.txt").read_bytes(), "blind_yiwu_2019.txt",
                   "浙江省", "金华市", "义乌市", "县", 2018, 2019),
    "blind_nanshan_2023": (lambda: (FIX / "blind_nanshan_2023.html").read_bytes(), "blind_nanshan_2023.html",
                   "广东省", "深圳市", "南山区", "区", 2022, 2023),
    "blind_changyang_2023": (lambda: (FIX / "blind_changyang_2023.txt").read_bytes(), "blind_changyang_2023.txt",
                   "湖北省", "宜昌市", "长阳土家族自治县", "县", 2022, 2023),
    "blind_national_2017": (lambda: (FIX / "blind_national_2017.txt").read_bytes(), "blind_national_2017.txt",
                   "中国", "", "", "国家", 2016, 2017),
    "blind_national_2022": (lambda: (FIX / "blind_national_2022.txt").read_bytes(), "blind_national_2022.txt",
                   "中国", "", "", "国家", 2021, 2022),
    # blind set 3 (qa3): national reports of five years and three provinces, annotated before
    # the parser was run on them
}
_B3 = {"national_2016": ("中国", "", "", "国家", 2015, 2016),
       "national_2018": ("中国", "", "", "国家", 2017, 2018),
       "national_2020": ("中国", "", "", "国家", 2019, 2020),
       "national_2023": ("中国", "", "", "国家", 2022, 2023),
       "national_2025": ("中国", "", "", "国家", 2024, 2025),
       "zhejiang_2018": ("浙江省", "", "", "省", 2017, 2018),
       "shandong_2020": ("山东省", "", "", "省", 2019, 2020),
       "henan_2024": ("河南省", "", "", "省", 2023, 2024)}
for _n, _m in _B3.items():
    CASES[f"blind3_{_n}"] = ((lambda n=_n: (FIX / f"blind3_{n}.txt").read_bytes()), f"blind3_{_n}.txt", *_m)


@pytest.mark.parametrize("name", sorted(CASES))
def test_facts_match_the_hand_made_table(name):
    data, fname, *_ = CASES[name]
    report = parse_bytes(data(), fname)
    want, have = expected(name), got(report)
    assert have == want, f"missing {sorted(want - have)}\nextra {sorted(have - want)}"
    for f in report.facts:
        assert report.text[f.start:f.end] == f.evidence


@pytest.mark.parametrize("name", sorted(CASES))
def test_metadata(name):
    data, fname, province, city, district, level, ry, py = CASES[name]
    m = parse_bytes(data(), fname).meta
    assert (m.province, m.city, m.district, m.level, m.review_year, m.plan_year) == \
        (province, city, district, level, ry, py)


def test_traditional_text_keeps_its_characters_in_the_evidence():
    report = parse_bytes(big5_traditional("fuding_2023"), "fuding_2023.txt")
    gdp = next(f for f in report.facts if f.indicator == "gdp")
    assert "總值" in gdp.evidence  # matched on a simplified copy, shown as written
