"""Labels of the 对比 vocabulary: sections, qualifiers, levels, indicator names and their order,
and the headline indicators a default pick starts from."""
from __future__ import annotations

from lib.lang.vocab import indicators
from lib.model import APPROX, EQ, GE, GT, LE, NEAR, PLAN, RANGE, RESULT


SECTION_LABELS = {RESULT: "实绩(回顾年度)", PLAN: "目标(计划年度)"}
QUALIFIER_LABELS = {EQ: "", GT: "超过", GE: "以上", APPROX: "左右", NEAR: "接近", LE: "以内",
                    RANGE: "区间"}
# The 实绩/目标 switch of 对比 and 地图.  Each label leads with an icon: a label that starts with
# Chinese makes Streamlit look for a leading emoji and load its emoji catalogue (a regex of every
# emoji: ~0.5 s of CPU, once per server process, on the first visitor's render; app.py's tab icon is
# a PNG for the same reason).  tests/app/test_app_compare.py checks 对比 renders without it.
SECTION_CHOICES = {RESULT: ":material/task_alt: 实绩", PLAN: ":material/flag: 目标"}
LEVEL_LABELS = {"国家": "国家级", "省": "省级", "市": "市级", "区": "区级", "县": "县级"}

# The figures a reader of a 政府工作报告 looks for first; the default indicator pick is the
# headline ones that at least two of the chosen places state.
HEADLINE = (
    "gdp_growth", "gdp", "fiscal_revenue_growth", "fiscal_revenue", "industrial_va_growth",
    "fai_growth", "retail_sales_growth", "trade_growth", "exports_growth", "fdi",
    "urban_income_growth", "rural_income_growth", "urban_income", "rural_income", "cpi",
    "new_jobs", "unemployment_rate", "rd_intensity", "grain_output", "energy_intensity_reduction",
    "air_quality_rate", "pm25",
)
MAX_DEFAULT_INDICATORS = 8


def indicator_label(key: str, with_category: bool = True) -> str:
    ind = indicators().get(key)
    if ind is None:
        return key
    unit = f"({ind.unit})" if ind.unit else ""
    return f"{ind.category} › {ind.label}{unit}" if with_category else f"{ind.label}{unit}"


def category_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for ind in indicators().values():
        order.setdefault(ind.category, len(order))
    return order


def indicator_sort_key(key: str):
    inds = indicators()
    keys = list(inds)
    ind = inds.get(key)
    if ind is None:
        return (999, 999, key)
    return (category_order().get(ind.category, 999), keys.index(key), key)
