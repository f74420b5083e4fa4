"""Realistic synthetic government work reports for tests and benchmarks.

`synth_reports(n, seed)` gives `Report` objects whose `text` reads like a real
政府工作报告 (title, 大会 line, 各位代表, 工作回顾 and 目标 sections, page markers)
and whose `facts` point exactly into it (`text[start:end] == evidence`,
`text[fig_start:fig_end]` is the figure as written, e.g. "7.7万元", while
`value` is in the vocabulary's canonical unit, e.g. 77000 元).

Places are real divisions (province, prefecture, county-level); figures are
plausible for the place, level and year (place_gdp: a range per level times a size
factor; other totals follow GDP).  Deterministic for a given seed.

The noise layer on top (`Noise`, `make_report(i)`, `make_reports(n, start)`) gives the same
reports as raw files carry them, for the library's and the readers' tests and benches: hard line
breaks inside paragraphs, page numbers, full-width digits, boilerplate between the figures.  The
noisy text's facts are not offset-exact any more; its place and years are (the ReportMeta returned).
"""
from __future__ import annotations

import random
import re
import zlib
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Optional

from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PLAN, RANGE, RESULT, Fact, Report, ReportMeta, Section
from lib.lang.vocab import indicators

# (province, city, district, level) — real divisions
PROVINCES = ["北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
             "上海市", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省",
             "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省", "贵州省", "云南省",
             "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区"]
CITIES = [("河北省", "石家庄市"), ("河北省", "唐山市"), ("山西省", "太原市"), ("山西省", "大同市"),
          ("内蒙古自治区", "鄂尔多斯市"), ("辽宁省", "沈阳市"), ("辽宁省", "大连市"), ("吉林省", "长春市"),
          ("吉林省", "吉林市"), ("黑龙江省", "哈尔滨市"), ("江苏省", "南京市"), ("江苏省", "苏州市"),
          ("江苏省", "无锡市"), ("江苏省", "徐州市"), ("浙江省", "杭州市"), ("浙江省", "宁波市"),
          ("浙江省", "温州市"), ("浙江省", "嘉兴市"), ("安徽省", "合肥市"), ("安徽省", "芜湖市"),
          ("福建省", "福州市"), ("福建省", "厦门市"), ("福建省", "泉州市"), ("江西省", "南昌市"),
          ("江西省", "赣州市"), ("山东省", "济南市"), ("山东省", "青岛市"), ("山东省", "烟台市"),
          ("河南省", "郑州市"), ("河南省", "洛阳市"), ("湖北省", "武汉市"), ("湖北省", "宜昌市"),
          ("湖南省", "长沙市"), ("湖南省", "株洲市"), ("广东省", "广州市"), ("广东省", "深圳市"),
          ("广东省", "佛山市"), ("广东省", "东莞市"), ("广西壮族自治区", "南宁市"),
          ("广西壮族自治区", "柳州市"), ("海南省", "海口市"), ("海南省", "三亚市"), ("四川省", "成都市"),
          ("四川省", "绵阳市"), ("贵州省", "贵阳市"), ("贵州省", "遵义市"), ("云南省", "昆明市"),
          ("云南省", "楚雄彝族自治州"), ("陕西省", "西安市"), ("陕西省", "宝鸡市"), ("甘肃省", "兰州市"),
          ("青海省", "西宁市"), ("宁夏回族自治区", "银川市"), ("新疆维吾尔自治区", "乌鲁木齐市"),
          ("西藏自治区", "拉萨市")]
COUNTIES = [("吉林省", "长春市", "二道区", "区"), ("吉林省", "长春市", "朝阳区", "区"),
            ("福建省", "泉州市", "鲤城区", "区"), ("福建省", "宁德市", "福鼎市", "县"),
            ("浙江省", "宁波市", "鄞州区", "区"), ("浙江省", "杭州市", "余杭区", "区"),
            ("浙江省", "金华市", "义乌市", "县"), ("江苏省", "苏州市", "昆山市", "县"),
            ("江苏省", "无锡市", "江阴市", "县"), ("江苏省", "南京市", "江宁区", "区"),
            ("广东省", "深圳市", "南山区", "区"), ("广东省", "广州市", "天河区", "区"),
            ("四川省", "资阳市", "安岳县", "县"), ("四川省", "成都市", "双流区", "区"),
            ("山东省", "青岛市", "黄岛区", "区"), ("山东省", "潍坊市", "寿光市", "县"),
            ("湖南省", "长沙市", "浏阳市", "县"), ("河南省", "郑州市", "新郑市", "县"),
            ("湖北省", "武汉市", "江夏区", "区"), ("安徽省", "合肥市", "肥西县", "县"),
            ("云南省", "楚雄彝族自治州", "禄丰市", "县"), ("贵州省", "遵义市", "仁怀市", "县"),
            ("天津市", "", "武清区", "区"), ("上海市", "", "浦东新区", "区"),
            ("重庆市", "", "渝北区", "区"), ("北京市", "", "海淀区", "区")]


def places() -> list[tuple]:
    out = [("中国", "", "", "国家")]
    out += [(p, "", "", "省") for p in PROVINCES]
    out += [(p, c, "", "市") for p, c in CITIES]
    out += list(COUNTIES)
    return out


# indicator -> (low, high, decimals, text unit, factor to canonical unit).  Rates, shares and
# per-capita figures are drawn from these ranges at every level; totals (SIZED) are not: they
# follow the place's GDP (see place_gdp) through a ratio drawn from RATIO.
SPEC = {
    "gdp": (0, 0, 1, "亿元", 1), "gdp_growth": (3.0, 8.5, 1, "%", 1),
    "fiscal_revenue": (0, 0, 1, "亿元", 1), "fiscal_revenue_growth": (-3.0, 12.0, 1, "%", 1),
    "industrial_va_growth": (2.0, 11.0, 1, "%", 1), "fai_growth": (-5.0, 12.0, 1, "%", 1),
    "retail_sales": (0, 0, 1, "亿元", 1), "retail_sales_growth": (2.0, 11.0, 1, "%", 1),
    "trade": (0, 0, 1, "亿元", 1), "trade_growth": (-8.0, 15.0, 1, "%", 1),
    "exports_growth": (-6.0, 14.0, 1, "%", 1), "fdi": (0, 0, 1, "亿美元", 1),
    "urban_income": (3.8, 7.8, 2, "万元", 10000), "urban_income_growth": (3.5, 7.0, 1, "%", 1),
    "rural_income": (1.6, 4.2, 2, "万元", 10000), "rural_income_growth": (5.0, 8.5, 1, "%", 1),
    "cpi": (0.1, 2.9, 1, "%", 1), "new_jobs": (0, 0, 1, "万人", 1),
    "unemployment_rate": (4.5, 5.8, 1, "%", 1), "rd_intensity": (1.5, 4.2, 2, "%", 1),
    "high_tech_enterprises": (0, 0, 0, "家", 1), "grain_output": (0, 0, 1, "亿斤", 1),
    "energy_intensity_reduction": (2.0, 4.0, 1, "%", 1), "air_quality_rate": (75, 98, 1, "%", 1),
    "pm25": (18, 48, 0, "微克/立方米", 1), "new_school_places": (0, 0, 0, "个", 1),
    "old_community_renovation": (0, 0, 0, "个", 1), "specialized_smes": (0, 0, 0, "家", 1),
    "fiscal_revenue_total": (0, 0, 1, "亿元", 1), "fiscal_revenue_total_growth": (-2.0, 11.0, 1, "%", 1),
    "construction_va_growth": (-4.0, 10.0, 1, "%", 1), "high_tech_industry_va_growth": (3.0, 16.0, 1, "%", 1),
    "fai": (0, 0, 1, "亿元", 1), "key_project_investment": (0, 0, 1, "亿元", 1),
    "signed_projects": (0, 0, 0, "个", 1), "signed_investment": (0, 0, 1, "亿元", 1),
    "exports": (0, 0, 1, "亿元", 1), "fdi_growth": (-15.0, 20.0, 1, "%", 1),
    "high_tech_enterprises_growth": (5.0, 30.0, 1, "%", 1), "tax_relief": (0, 0, 1, "亿元", 1),
    "affordable_housing": (0, 0, 0, "套", 1), "listed_companies": (0, 0, 0, "家", 1),
    "market_entities": (0, 0, 1, "万户", 1), "water_quality_rate": (80, 100, 1, "%", 1),
    "green_coverage": (38, 46, 1, "%", 1), "new_road_length": (0, 0, 1, "公里", 1),
    "parking_spaces": (0, 0, 0, "个", 1), "pocket_parks": (0, 0, 0, "个", 1),
    "dead_end_roads": (0, 0, 0, "条", 1),
}
# shares and levels written with %, not growth rates
RATES = {"rd_intensity", "air_quality_rate", "unemployment_rate", "energy_intensity_reduction", "cpi",
         "water_quality_rate", "green_coverage"}
# GDP in 2023 (亿元) by level, before the place's size factor: a county's is tens to hundreds
# of 亿元, a prefecture city's thousands, a province's tens of thousands, the nation's 126万亿.
GDP_2023 = {"国家": (1_255_000, 1_265_000), "省": (22_000, 55_000), "市": (2_500, 8_000),
            "区": (250, 1_200), "县": (200, 900)}
# The size factor: 1 unless named here (a few places far from their level's middle).
SIZE = {"西藏自治区": 0.06, "青海省": 0.14, "宁夏回族自治区": 0.18, "海南省": 0.25, "甘肃省": 0.4,
        "天津市": 0.55, "吉林省": 0.45, "黑龙江省": 0.55, "新疆维吾尔自治区": 0.6, "内蒙古自治区": 0.8,
        "广东省": 2.6, "江苏省": 2.4, "山东省": 1.8, "浙江省": 1.6, "河南省": 1.2, "四川省": 1.2,
        "北京市": 1.1, "上海市": 1.4,
        "深圳市": 4.5, "广州市": 4.2, "苏州市": 3.4, "成都市": 3.0, "杭州市": 2.7, "武汉市": 2.6,
        "南京市": 2.4, "宁波市": 2.2, "青岛市": 2.2, "无锡市": 2.1, "长沙市": 2.0, "郑州市": 1.9,
        "楚雄彝族自治州": 0.45, "拉萨市": 0.2, "三亚市": 0.25, "西宁市": 0.35, "银川市": 0.5,
        "浦东新区": 10.0, "海淀区": 12.0, "南山区": 6.0, "天河区": 5.0, "昆山市": 4.0, "江阴市": 3.6, "余杭区": 2.0}
# Totals as a ratio to GDP (per 亿元 of GDP); the nation's are its own.
RATIO = {"fiscal_revenue": (0.06, 0.11), "retail_sales": (0.3, 0.48), "trade": (0.06, 0.7),
         "fdi": (0.0003, 0.0015), "new_jobs": (0.0012, 0.004), "high_tech_enterprises": (0.15, 0.6),
         "specialized_smes": (0.03, 0.2), "new_school_places": (1.0, 8.0),
         "old_community_renovation": (0.02, 0.1), "fiscal_revenue_total": (0.1, 0.18),
         "fai": (0.45, 0.9), "key_project_investment": (0.1, 0.3), "signed_projects": (0.02, 0.1),
         "signed_investment": (0.1, 0.4), "exports": (0.04, 0.45), "tax_relief": (0.005, 0.02),
         "affordable_housing": (0.3, 2.0), "listed_companies": (0.001, 0.01), "market_entities": (0.01, 0.03),
         "new_road_length": (0.005, 0.05), "parking_spaces": (0.5, 4.0), "pocket_parks": (0.002, 0.02),
         "dead_end_roads": (0.001, 0.01)}
NATIONAL_RATIO = {"fiscal_revenue": (0.17, 0.175), "trade": (0.32, 0.34), "fdi": (0.0012, 0.0013),
                  "new_jobs": (0.00096, 0.001), "high_tech_enterprises": (0.36, 0.37),
                  "specialized_smes": (0.08, 0.1), "new_school_places": (0.5, 0.8),
                  "old_community_renovation": (0.04, 0.045)}
GRAIN = {"国家": (13_700, 13_950), "省": (150, 1_500), "市": (20, 150), "区": (0.5, 5), "县": (5, 30)}
SIZED = set(RATIO) | {"gdp", "grain_output"}
GROWTH = 1.055  # nominal growth a year: earlier years' totals and incomes are smaller


@lru_cache(maxsize=None)
def _place_u(place: tuple) -> float:
    """A number in [0, 1) that is the same for a place (and key) in every year and every
    process (crc32, not hash())."""
    return random.Random(zlib.crc32("|".join(place).encode("utf-8"))).random()


def _size(place: tuple) -> float:
    province, city, district, _ = place
    return SIZE.get(district or city or province, 1.0)


def place_gdp(place: tuple, year: int) -> float:
    """A plausible GDP (亿元) for a place and year: its level's range times its size factor,
    the same position in the range every year, smaller in earlier years."""
    lo, hi = GDP_2023[place[3]]
    u = _place_u(place)
    return lo * (hi / lo) ** u * _size(place) * GROWTH ** (year - 2023)


def place_total(place: tuple, key: str, year: int) -> float:
    """A total (亿元, 亿美元, 万人, 家, 个, 亿斤) in the report's text unit, for the place and year."""
    u = _place_u(place + (key,))
    level = place[3]
    if key == "gdp":
        return place_gdp(place, year)
    if key == "grain_output":
        lo, hi = GRAIN[level]  # big economies are not big farms: only a small place grows less
        return lo * (hi / lo) ** u * min(1.0, _size(place)) * (0.98 + 0.04 * _place_u(place + (key, str(year))))
    lo, hi = (NATIONAL_RATIO if level == "国家" else {}).get(key, RATIO[key])
    share = lo + (hi - lo) * u  # the place's own share of GDP, moving a little a year
    return place_gdp(place, year) * share * (0.97 + 0.06 * _place_u(place + (key, str(year))))


def _income(place: tuple, key: str, year: int) -> float:
    lo, hi, *_ = SPEC[key]
    u = _place_u(place + (key,)) * 0.7 + 0.3 * min(1.0, _size(place) / 3)
    return (lo + (hi - lo) * u) * (1.05 ** (year - 2023))


RESULT_VERBS = {EQ: ["达到", "实现", "完成", ""], GT: ["突破", "超过"], GE: ["达到"],
                NEAR: ["接近", "近"], APPROX: ["约"]}
PLAN_ORDER = ["gdp_growth", "fiscal_revenue_growth", "industrial_va_growth", "high_tech_industry_va_growth",
              "fai_growth", "retail_sales_growth", "trade_growth", "exports_growth", "urban_income_growth", "rural_income_growth",
              "cpi", "new_jobs", "unemployment_rate", "rd_intensity", "energy_intensity_reduction",
              "grain_output", "air_quality_rate"]
# how reports state these results: the action with the figure, not the indicator's label
RESULT_ACTIONS = {"pocket_parks": ["新建口袋公园", "建成口袋公园"], "new_road_length": ["新增道路里程", "新建城市道路"],
                  "parking_spaces": ["新增停车位"], "dead_end_roads": ["打通断头路"],
                  "affordable_housing": ["筹集保障性租赁住房", "新开工保障性租赁住房"],
                  "signed_projects": ["新增签约项目"], "old_community_renovation": ["改造老旧小区"],
                  "new_school_places": ["新增学位"]}
RESULT_NAMES = {"market_entities": ["经营主体总数", "市场主体"], "water_quality_rate": ["地表水水质优良率"],
                "green_coverage": ["建成区绿化覆盖率"]}
NOISE = ["\n\n— {page} —\n\n", "\n", "\n\n"]


class _Writer:
    """Builds the text and records offsets as it goes."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0

    def add(self, s: str) -> tuple[int, int]:
        a = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return a, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _fmt(v: float, d: int) -> str:
    s = f"{v:.{d}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _canon(ind, text_value: float, factor: float) -> float:
    return round(text_value * factor, 6)


def _area(province: str, city: str, district: str, level: str) -> str:
    return {"国家": "全国", "省": "全省" if province.endswith("省") else "全区" if "自治区" in province
            else "全市", "市": "全市" if city.endswith("市") else "全州", "区": "全区",
            "县": "全县" if district.endswith("县") else "全市"}[level]


def _figure_result(rng, key, place, year):
    """A result figure as written: (text value, text unit, decimals, qualifier)."""
    lo, hi, d, unit, factor = SPEC[key]
    if key in SIZED:
        v = place_total(place, key, year)
    elif key in ("urban_income", "rural_income"):
        v = _income(place, key, year)
    else:
        v = rng.uniform(lo, hi)
    if unit == "亿元" and v >= 10000:
        text_unit, tv, d2 = "万亿元", v / 10000, 2
    else:
        text_unit, tv, d2 = unit, v, d
    if unit == "亿斤" and v < 10:
        d2 = 2
    if d == 0:  # counts stay whole numbers at every level
        d2 = 0
        tv = max(1.0, float(round(tv)))
    tv = round(tv, d2)
    q = rng.choices([EQ, GT, NEAR, APPROX], weights=[80, 12, 4, 4])[0] if key in SIZED else \
        rng.choices([EQ, APPROX], weights=[95, 5])[0]
    return tv, text_unit, d2, q


def _growth_phrase(v: float, num: str, unit: str) -> str:
    return f"增长{num}{unit}" if v >= 0 else f"下降{num}{unit}"


def synth_report(rng: random.Random, i: int, place: tuple, review_year: int,
                 file: Optional[str] = None) -> Report:
    province, city, district, level = place
    plan_year = review_year + 1
    short = district or city or province
    gov = "国务院" if level == "国家" else f"{short}人民政府"
    area = _area(province, city, district, level)
    w = _Writer()
    facts: list[Fact] = []
    meta_ind = indicators()

    def fact(key, section, year, value, unit, qual, clause_span, fig_span, high=None, est=False):
        """A fact for the clause just written (its evidence)."""
        a, b = clause_span
        ind = meta_ind.get(key)
        facts.append(Fact(indicator=key, label=ind.label if ind else key, section=section, year=year,
                          value=value, unit=unit, qualifier=qual, value_high=high, estimated=est,
                          evidence=w.parts[-1], start=a, end=b, fig_start=fig_span[0], fig_end=fig_span[1],
                          category=ind.category if ind else ""))

    title = f"{plan_year}年{'国务院' if level == '国家' else short}政府工作报告"
    w.add(f"{title}\n")
    month, day = rng.choice([(1, rng.randint(5, 28)), (2, rng.randint(1, 20)), (3, 5)])
    session = "第十四届全国人民代表大会" if level == "国家" else f"{short}第{rng.choice(['十五', '十六', '十七', '十八'])}届人民代表大会"
    delivered = f"{plan_year}-{month:02d}-{day:02d}"
    w.add(f"——{plan_year}年{month}月{day}日在{session}第{rng.choice(['一', '二', '三', '四', '五'])}次会议上\n")
    w.add(f"{'总理' if level == '国家' else '市长' if level == '市' else '省长' if level == '省' else '区长' if level == '区' else '县长'}  {rng.choice('张王李赵刘陈杨黄周吴')}{rng.choice(['建国', '海峰', '志强', '晓明', '卫东', '丽华'])}\n\n")
    w.add("各位代表:\n")
    w.add(f"  现在,我代表{gov},向大会报告工作,请予审议,并请政协委员和其他列席人员提出意见。\n\n")
    rs = w.pos
    w.add(f"一、{review_year}年工作回顾\n")
    w.add("  过去的一年,我们坚持稳中求进工作总基调,完整、准确、全面贯彻新发展理念,经济社会发展取得新的成效。")

    keys = [k for k in SPEC if k in meta_ind]
    n_res = rng.randint(len(keys) * 2 // 3, len(keys) * 5 // 6)  # ≈60 facts a report, like real ones
    res_keys = rng.sample(keys, n_res)
    res_keys += [k for k in ("gdp", "gdp_growth") if k not in res_keys]  # every report states them
    res_keys.sort(key=lambda k: keys.index(k))
    clauses = []
    for key in res_keys:
        lo, hi, d, unit, factor = SPEC[key]
        if unit == "%" and key not in RATES:
            v = round(rng.uniform(lo, hi), 1)
            clauses.append((key, "growth", v, "%", EQ, 1, 1))
        else:
            tv, tu, d2, q = _figure_result(rng, key, place, review_year)
            clauses.append((key, "level", tv, tu, q, factor if tu == unit else 1, d2))
    # sentences of 2-4 clauses
    j = 0
    page = 2
    while j < len(clauses):
        k = rng.randint(2, 4)
        chunk = clauses[j:j + k]
        j += k
        w.add(area if rng.random() < 0.5 else "")
        for ci, (key, kind, v, unit, q, factor, dec) in enumerate(chunk):
            ind = meta_ind[key]
            name = rng.choice((ind.label,) + tuple(a for a in ind.aliases[:2] if "增长" not in a)) \
                if kind == "level" else ind.label.replace("增速", "").replace("涨幅", "")
            est = rng.random() < 0.06
            pre = "预计" if est else ""
            num = _fmt(abs(v), dec)
            v = float(num) if v >= 0 else -float(num)
            if kind == "growth" or key == "cpi":
                name = "居民消费价格" if key == "cpi" else name
                body = f"{pre}{name}" + (f"上涨{num}%" if key == "cpi" else _growth_phrase(v, num, "%"))
                fig_text = f"{num}%"
                value, cunit, canon_q = v, "%", EQ
            else:
                verb = rng.choice(RESULT_VERBS[q]) if ind.measure == "count" or unit in ("亿元", "万亿元", "亿美元", "万元", "亿斤") else rng.choice(["为", "达到", ""])
                fig_text = f"{num}{unit}"
                if q == GT:
                    verb = rng.choice(["突破", "超过"])
                elif q == NEAR:
                    verb = "近"
                elif q == APPROX:
                    verb = "约"
                if key in RESULT_NAMES:
                    name = rng.choice(RESULT_NAMES[key])
                elif key in RESULT_ACTIONS:  # "新建口袋公园13个", not "口袋公园13个"
                    name, verb = rng.choice(RESULT_ACTIONS[key]), {GT: "超过", NEAR: "近", APPROX: "约"}.get(q, "")
                body = f"{pre}{name}{verb}{fig_text}"
                cunit = ind.unit
                value = round(v * (1e4 if unit == "万亿元" else factor), 6)
                canon_q = q
            sep = "," if ci < len(chunk) - 1 else "。"
            a = w.pos
            fig_at = a + body.rindex(fig_text)
            w.add(body)
            fact(key, RESULT, review_year, value, cunit, canon_q, (a, a + len(body)),
                 (fig_at, fig_at + len(fig_text)), est=est)
            w.add(sep)
        if rng.random() < 0.25:
            w.add(NOISE[0].format(page=page))
            page += 1
    w.add("\n  一年来,我们着力扩大有效需求,推动产业转型升级,持续保障和改善民生。\n")
    if rng.random() < 0.3:
        w.add("  这些成绩的取得,是全体干部群众团结奋斗的结果。在此,我代表" + gov + ",表示衷心感谢!\n")
    re_ = w.pos
    ps = w.pos
    w.add(f"\n二、{plan_year}年主要目标任务\n")
    w.add(f"  {plan_year}年经济社会发展的主要预期目标是:")
    plan_keys = [k for k in PLAN_ORDER if k in meta_ind and rng.random() < 0.85]
    for pi, key in enumerate(plan_keys):
        ind = meta_ind[key]
        lo, hi, d, unit, factor = SPEC[key]
        name = ind.label.replace("增速", "增长").replace("涨幅", "涨幅")
        if key == "cpi":
            v, q, high = 3.0, APPROX, None
            body, fig_text = "居民消费价格涨幅3%左右", "3%左右"
        elif key == "unemployment_rate":
            v, q, high = 5.5, LE, None
            body, fig_text = "城镇调查失业率控制在5.5%以内", "5.5%以内"
        elif key == "new_jobs":  # a round target a little under last year's result
            v = max(0.1, round(place_total(place, key, review_year) * rng.uniform(0.85, 0.98), 1))
            q, high = GE, None
            fig_text = f"{_fmt(v, 1)}万人以上"
            body = f"城镇新增就业{fig_text}"
        elif key == "grain_output":
            v = max(0.1, round(place_total(place, key, review_year) * 0.99, 1))
            q, high = GE, None
            fig_text = f"{_fmt(v, 1)}亿斤以上"
            body = f"粮食产量稳定在{fig_text}"
        elif key in ("energy_intensity_reduction",):
            v, q, high = round(rng.uniform(2, 3), 1), EQ, None
            fig_text = f"{_fmt(v, 1)}%"
            body = f"单位地区生产总值能耗降低{fig_text}"
        elif key in ("rd_intensity", "air_quality_rate"):
            v = round(rng.uniform(lo, hi), 1)
            q, high = rng.choice([EQ, GE]), None
            fig_text = f"{_fmt(v, 1)}%" + ("以上" if q == GE else "")
            body = f"{ind.label}{'达到' if q == EQ else ''}{fig_text}"
        else:
            base = round(rng.uniform(max(lo, 3.0), max(hi, 4.0)) * 2) / 2
            q = rng.choices([APPROX, RANGE, GE, EQ], weights=[55, 15, 20, 10])[0]
            high = None
            if q == RANGE:
                high = base + 0.5
                fig_text = f"{_fmt(base, 1)}%-{_fmt(high, 1)}%"
            elif q == APPROX:
                fig_text = f"{_fmt(base, 1)}%左右"
            elif q == GE:
                fig_text = f"{_fmt(base, 1)}%以上"
            else:
                fig_text = f"{_fmt(base, 1)}%"
            v = base
            body = f"{name}{fig_text}"
        a = w.pos
        fig_at = a + body.rindex(fig_text)
        w.add(body)
        fact(key, PLAN, plan_year, v, ind.unit, q, (a, a + len(body)), (fig_at, fig_at + len(fig_text)),
             high=high)
        w.add(";" if pi < len(plan_keys) - 1 else "。")
    w.add("\n  实现上述目标,要坚持稳中求进、以进促稳、先立后破,重点抓好以下工作。\n")
    _task_targets(rng, w, fact, place, review_year, plan_year)
    pe = w.pos
    w.add("\n各位代表!新征程上,我们将在党的坚强领导下,团结奋斗,为全面建设社会主义现代化国家作出新的更大贡献!\n")
    text = w.text
    place_ev = title if level == "国家" else f"标题「{title}」中的“{short}”"
    meta = ReportMeta(file=file or f"synth_{i:04d}.txt", title=title, province=province, city=city,
                      district=district, level=level, review_year=review_year, plan_year=plan_year,
                      delivered=delivered, chars=len(text), facts=len(facts),
                      place_confidence=round(rng.uniform(0.7, 1.0), 2), place_evidence=place_ev,
                      year_evidence=f"“一、{review_year}年工作回顾”;“{plan_year}年主要目标任务”")
    sections = [Section("other", 0, rs), Section(RESULT, rs, re_, f"一、{review_year}年工作回顾", review_year),
                Section(PLAN, ps, pe, f"二、{plan_year}年主要目标任务", plan_year),
                Section("other", pe, len(text))]
    return Report(meta=meta, text=text, facts=facts, sections=sections)


# the 重点工作 paragraphs: (heading, sentence before, [(indicator, action)]) — each a count or
# amount the year's plan commits to, as real reports list them ("新开工保障性租赁住房1200套")
TASKS = [("着力扩大有效需求", "实施重大项目攻坚行动,促进消费持续恢复",
          [("key_project_investment", "重点项目完成投资"), ("signed_projects", "新增签约项目")]),
         ("加快建设现代化产业体系", "推动传统产业改造提升,培育壮大新兴产业",
          [("high_tech_enterprises", "新增高新技术企业"), ("specialized_smes", "新增专精特新企业")]),
         ("持续改善城市功能品质", "推进城市更新行动,提升城市管理精细化水平",
          [("old_community_renovation", "改造老旧小区"), ("dead_end_roads", "打通断头路"),
           ("new_road_length", "新建城市道路"), ("pocket_parks", "建设口袋公园"), ("parking_spaces", "新增停车位")]),
         ("用心用情保障和改善民生", "办好民生实事,兜牢民生底线",
          [("affordable_housing", "筹集保障性租赁住房"), ("new_school_places", "新增学位")])]


def _task_targets(rng: random.Random, w: "_Writer", fact, place: tuple, review_year: int, plan_year: int) -> None:
    """The 重点工作 list, each paragraph with its committed figures (PLAN facts)."""
    meta_ind = indicators()
    for n, (head, lead, items) in enumerate(TASKS):
        w.add(f"({'一二三四五'[n]}){head}。{lead}")
        for key, action in items:
            if key not in meta_ind or rng.random() < 0.2:
                continue
            _, _, d, unit, _ = SPEC[key]
            v = place_total(place, key, review_year) * rng.uniform(0.9, 1.3)
            v = float(max(1, round(v))) if d == 0 else max(0.1, round(v, 1))
            q = rng.choices([EQ, GE], weights=[75, 25])[0]
            fig_text = f"{_fmt(v, d)}{unit}" + ("以上" if q == GE else "")
            w.add(",")
            a = w.pos
            body = f"{action}{fig_text}"
            w.add(body)
            fig_at = a + len(action)
            fact(key, PLAN, plan_year, v, meta_ind[key].unit, q, (a, a + len(body)), (fig_at, fig_at + len(fig_text)))
        w.add("。\n")


@lru_cache(maxsize=1)
def more_places() -> tuple:
    """Every other prefecture and county-level division (divisions.csv) that existed from 2014 to
    2023, in adcode order: what lets the generator go past the hand-picked places (10,000
    reports and more)."""
    from lib.parse.places import gazetteer

    known = set(places())
    out = []
    for p in sorted(gazetteer().places, key=lambda p: p.row_for(2023)[0]):
        t = (*p.key, p.level)
        if p.level in ("市", "区", "县") and p.existed(2014) and p.existed(2023) and t not in known:
            out.append(t)
    return tuple(out)


YEARS_A_PLACE = 3  # after the newest year


def synth_reports(n: int, seed: int = 0, years: Optional[range] = None) -> list[Report]:
    """n distinct (place, year) reports over real divisions: every place's newest year, then
    runs of 3 earlier years a place.
    Up to 1,130 reports come from the hand-picked places; more draw on every division."""
    rng = random.Random(seed)
    ps = places()
    years = list(years or range(2023, 2013, -1))
    if n > len(ps) * len(years):
        ps = ps + list(more_places())
    combos = [(p, y) for y in years for p in ps]
    if n > len(combos):
        raise ValueError(f"最多可生成 {len(combos)} 份不同的报告")
    # every place in the newest year first (places shuffled, so small n still spans levels and
    # n ≤ the places gives n places), then each place with a run of 3 earlier years: a place's
    # reports across years, like a researcher's panel
    out = []
    runs = [years[:1]] + [years[k:k + YEARS_A_PLACE] for k in range(1, len(years), YEARS_A_PLACE)]
    order = [(p, y) for run in runs for p in rng.sample(ps, len(ps)) for y in run]
    for i, (p, y) in enumerate(order[:n]):
        out.append(synth_report(rng, i, p, y))
    return out


def build_report(file: str, province: str, city: str = "", district: str = "", level: str = "市",
                 review_year: Optional[int] = 2023, figures: tuple = (), head: str = "",
                 tail: str = "") -> Report:
    """A hand-written report for tests: `figures` are (indicator, section, sentence, figure text,
    value, qualifier, value_high) with value in the vocabulary's canonical unit; the sentence
    must contain the figure text.  Offsets are computed, so they are exact."""
    meta_ind = indicators()
    short = district or city or province
    plan_year = review_year + 1 if review_year else None
    w = _Writer()
    w.add(head or f"{plan_year or ''}年{short}政府工作报告\n各位代表:\n")
    facts = []
    for key, section, sentence, fig_text, value, qual, high in figures:
        a, b = w.add(sentence)
        at = a + sentence.index(fig_text)
        ind = meta_ind.get(key)
        facts.append(Fact(indicator=key, label=ind.label if ind else key, section=section,
                          year=review_year if section == RESULT else plan_year, value=value,
                          unit=ind.unit if ind else "", qualifier=qual, value_high=high,
                          evidence=sentence, start=a, end=b, fig_start=at, fig_end=at + len(fig_text),
                          category=ind.category if ind else ""))
        w.add("\n")
    w.add(tail)
    text = w.text
    meta = ReportMeta(file=file, title=text.split("\n", 1)[0][:60], province=province, city=city,
                      district=district, level=level, review_year=review_year, plan_year=plan_year,
                      chars=len(text), facts=len(facts), place_confidence=0.9,
                      place_evidence=f"标题中的“{short}”", year_evidence=f"“{review_year}年工作回顾”")
    return Report(meta=meta, text=text, facts=facts)


# ---- the noise layer: the same reports as raw files carry them ---------------------------------

# sentences without figures that real reports put between the figures (the text of a raw file is
# several times its figures' sentences)
BOILER = [
    "我们坚持稳中求进工作总基调,完整、准确、全面贯彻新发展理念,着力推动高质量发展",
    "面对复杂严峻的外部环境和艰巨繁重的改革发展稳定任务,{area}上下团结一心、攻坚克难",
    "深入实施创新驱动发展战略,科技创新能力持续增强",
    "坚持以人民为中心的发展思想,民生福祉持续改善",
    "持续深化“放管服”改革,营商环境不断优化",
    "统筹发展和安全,守牢安全生产底线",
    "坚决打好污染防治攻坚战,生态环境质量持续改善",
    "大力推进乡村全面振兴,农业农村现代化步伐加快",
    "扎实推进共同富裕,城乡区域发展更加协调",
    "加快建设现代化产业体系,先进制造业和现代服务业深度融合",
    "同时我们也清醒看到,发展中还存在不少困难和问题",
]
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
HEAD_LINES = 5  # title, 大会 line, speaker, 各位代表: the head stays as written
HEADING_MAX = 30  # a line this short is a heading ("一、2023年工作回顾"): its digits stay
PAGE_MARK = re.compile(r"— \d+ —")


@dataclass(frozen=True)
class Noise:
    """What a raw file adds to a clean report; each a chance per line (or per sentence)."""

    filler: float = 0.87  # another boilerplate sentence after a sentence (6.7 on average: ~6,000
    #                      characters a report, 4 times the clean text, as the texts bench_library timed)
    full_width: float = 0.15  # a paragraph (not a heading) with full-width digits (０-９, ．, ％)
    line_breaks: float = 0.5  # a long line cut (and cut again) at 30-60 characters
    page_numbers: float = 0.2  # a page number ("— 3 —") after a cut


CLEAN = Noise(0, 0, 0, 0)


def _with_filler(line: str, rng: random.Random, chance: float, area: str) -> str:
    parts = line.split("。")
    out = []
    for part in parts[:-1]:
        out.append(part + "。")
        while rng.random() < chance:
            out.append(rng.choice(BOILER).format(area=area) + "。")
    return "".join(out) + parts[-1]


def _cut(line: str, rng: random.Random, noise: Noise, page: list) -> list[str]:
    """A long line broken where a PDF's page width broke it, with page numbers now and then."""
    out = []
    while len(line) > 60 and rng.random() < noise.line_breaks:
        at = rng.randint(30, 60)
        out.append(line[:at])
        line = line[at:]
        if rng.random() < noise.page_numbers:
            page[0] += 1
            out.append(f"— {page[0]} —")
    return out + [line]


def add_noise(text: str, rng: random.Random, noise: Noise = Noise(), area: str = "全市") -> str:
    """The text as a raw file would hold it (see Noise); deterministic for the rng's state."""
    lines = text.split("\n")
    out, page = lines[:HEAD_LINES], [1]
    for line in lines[HEAD_LINES:]:
        if PAGE_MARK.fullmatch(line):  # the clean text's own page numbers, renumbered in order
            page[0] += 1
            out.append(f"— {page[0]} —")
            continue
        line = _with_filler(line, rng, noise.filler, area)
        if len(line) > HEADING_MAX and rng.random() < noise.full_width:
            line = line.translate(FULL_WIDTH)
        out += _cut(line, rng, noise, page)
    return "\n".join(out)


@lru_cache(maxsize=1)
def noisy_places() -> tuple:
    """The hand-picked places but the nation, a province, a city and a county-level place in turn
    (so the first few reports already span the levels)."""
    groups = [[p for p in places() if p[3] == "省"], [p for p in places() if p[3] == "市"],
              [p for p in places() if p[3] in ("区", "县")]]
    out = []
    for k in range(max(map(len, groups))):
        out += [g[k] for g in groups if k < len(g)]
    return tuple(out)


NOISY_YEARS = 10  # review years 2014-2023: report i + len(noisy_places()) is the place's next year


def make_report(i: int, noise: Noise = Noise()) -> tuple[str, ReportMeta]:
    """Report i as a raw file's text, and its true place and years.  Deterministic for i; report
    i + len(noisy_places()) is the same place a year later."""
    ps = noisy_places()
    place = ps[i % len(ps)]
    review_year = 2014 + (i // len(ps)) % NOISY_YEARS
    rng = random.Random(i * 7919 + 17)
    rep = synth_report(rng, i, place, review_year, file=_noisy_name(i, place, review_year + 1))
    text = add_noise(rep.text, rng, noise, _area(*place))
    return text, replace(rep.meta, chars=len(text), facts=0)


def _noisy_name(i: int, place: tuple, plan_year: int) -> str:
    return f"{i:04d}_{place[2] or place[1] or place[0]}{plan_year}年政府工作报告.txt"


def make_reports(n: int, start: int = 0, noise: Noise = Noise()) -> list[tuple[str, str, ReportMeta]]:
    """n distinct reports as (file name, raw text, true metadata)."""
    out = []
    for i in range(start, start + n):
        text, meta = make_report(i, noise)
        out.append((meta.file, text, meta))
    return out
