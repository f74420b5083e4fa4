"""Every Chinese-headed table of the pages: the 对比 table (wide, its numbers, sorting, the
long export), the 库 table's search and pages, and the 报告 page's metadata and facts."""
from __future__ import annotations

from typing import Optional

import pandas as pd

from lib.lang.vocab import indicators
from lib.model import PARSED, PLAN, RANGE, RESULT, Report
from lib.present.format import MISSING, format_figure
from lib.present.highlight import numbered_facts
from lib.present.labels import LEVEL_LABELS, QUALIFIER_LABELS, SECTION_LABELS


def wide_table(view: pd.DataFrame) -> pd.DataFrame:
    """Place × indicator, cells as stated ('超7.7万元'), '未提及' where a place is silent;
    the column header names the indicator and its unit."""
    if view.empty:
        return pd.DataFrame(columns=["地区", "级别"])
    meta = indicators()
    cols = {}
    for k in dict.fromkeys(view["indicator"]):
        ind = meta.get(k)
        cols[k] = f"{ind.label}({ind.unit})" if ind and ind.unit else (ind.label if ind else k)
    w = view.pivot(index="group", columns="indicator", values="shown")
    order = list(dict.fromkeys(view["group"]))
    w = w.reindex(index=order, columns=list(cols))
    w.columns = [cols[k] for k in w.columns]
    head = view.drop_duplicates("group").set_index("group").loc[order]
    w.insert(0, "级别", head["level"].map(lambda x: LEVEL_LABELS.get(x, x)).to_numpy())
    w.insert(0, "地区", head["place"].to_numpy())
    return w.reset_index(drop=True).fillna(MISSING)


def wide_values(view: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind `wide_table`, cell for cell (same rows and columns): the stated value
    (a range's midpoint), NaN where a place is silent.  '10%以上' sorts as 10, not as text."""
    text = wide_table(view)
    if view.empty:
        return text
    v = view.assign(num=view["value"].where(view["qualifier"] != RANGE,
                                            (view["value"] + view["value_high"].fillna(view["value"])) / 2))
    w = v.pivot(index="group", columns="indicator", values="num")
    w = w.reindex(index=list(dict.fromkeys(view["group"])), columns=list(dict.fromkeys(view["indicator"])))
    w.columns = list(text.columns[2:])
    w.insert(0, "级别", text["级别"].to_numpy())
    w.insert(0, "地区", text["地区"].to_numpy())
    return w.reset_index(drop=True)


ORDER_AS_CHOSEN = "按所选顺序"


def sort_wide(text: pd.DataFrame, values: pd.DataFrame, column: str = ORDER_AS_CHOSEN,
              descending: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both tables with the rows ordered by `column`'s value; places that do not state it
    (未提及) always last, whichever the direction; ties keep the chosen order."""
    if column not in values.columns or column in ("地区", "级别"):
        return text, values
    nums = pd.to_numeric(values[column], errors="coerce")
    stated = nums.dropna().sort_values(ascending=not descending, kind="stable")
    order = list(stated.index) + [i for i in values.index if pd.isna(nums.at[i])]
    return text.loc[order].reset_index(drop=True), values.loc[order].reset_index(drop=True)


def styled_wide(text: pd.DataFrame, values: pd.DataFrame, missing_css: str = ""):
    """A Styler over the numbers (so a click on a column header sorts by value) that shows each
    cell as the report states it ('超7.7万元', '未提及')."""
    st = values.style
    # Styler.format(subset=one cell) per cell costs ~1 ms each; this is what it stores
    for ci, c in enumerate(values.columns):
        if ci < 2:
            continue
        for ri, s in enumerate(text[c].tolist()):
            st._display_funcs[(ri, ci)] = lambda v, s=s: s
    if missing_css:
        st = st.apply(lambda col: [missing_css if t == MISSING else "" for t in text[col.name]],
                      subset=list(values.columns[2:]))
    return st


def export_table(view: pd.DataFrame, section: str, year: Optional[int]) -> pd.DataFrame:
    """The long table for CSV/Excel: every place × indicator with value, unit, qualifier,
    the evidence sentence and the source file."""
    out = pd.DataFrame({
        "地区": view["place"], "级别": view["level"], "类型": SECTION_LABELS.get(section, section),
        "年份": year if year is not None else view["year"], "指标": view["ind_label"],
        "类别": view["category"], "表述": view["shown"], "数值": view["value"],
        "上限": view["value_high"], "单位": view["unit"],
        "限定": view["qualifier"].map(lambda q: QUALIFIER_LABELS.get(q, q) or ("等于" if q else "")),
        "预计数": view["estimated"].map({True: "是", False: ""}), "原文": view["evidence"],
        "来源文件": view["file"].map(lambda p: p.rsplit("/", 1)[-1] if p else ""),
        "核对": view["provenance"].fillna(""),
        "指标键": view["indicator"],
    })
    return out.reset_index(drop=True)


# ---- long tables: search and pages (the 库 table) --------------------------------------

def search_rows(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows where any cell contains every word of `query` (spaces separate words; case ignored)."""
    words = [w.lower() for w in (query or "").split()]
    if not words or table.empty:
        return table
    text = table.astype(str).apply(lambda col: col.str.lower()).agg(" ".join, axis=1)
    keep = text.map(lambda t: all(w in t for w in words))
    return table[keep]


def page_of(table: pd.DataFrame, page: int, per_page: int) -> tuple[pd.DataFrame, int, int]:
    """(the rows of 1-based `page`, clamped; that page; the number of pages, at least 1)."""
    pages = max(1, -(-len(table) // per_page))
    page = min(max(1, page), pages)
    return table.iloc[(page - 1) * per_page: page * per_page], page, pages


def meta_rows(r: Report) -> pd.DataFrame:
    m = r.meta
    rows = [("文件", m.file), ("标题", m.title), ("地区", m.place),
            ("级别", LEVEL_LABELS.get(m.level, m.level or "不详")),
            ("省", m.province), ("市", m.city), ("区县", m.district), ("行政区划代码", m.adcode),
            ("回顾年度", m.review_year), ("计划年度", m.plan_year), ("报告日期", m.delivered),
            ("字数", m.chars), ("指标数", len(r.facts)),
            ("地区判断依据", m.place_evidence or "(无)"),
            ("地区判断置信度", f"{m.place_confidence:.0%}"),
            ("年份判断依据", m.year_evidence or "(无)")]
    return pd.DataFrame([(k, "" if v is None else str(v)) for k, v in rows], columns=["项目", "内容"])


REPORT_FACT_COLUMNS = ["#", "指标", "类别", "类型", "年份", "表述", "数值", "单位", "限定", "核对", "疑点",
                       "原文", "位置"]


def report_facts(r: Report, by_doubt: bool = False) -> pd.DataFrame:
    """The report's facts in text order, numbered as in the highlighted text, with who vouched
    for each (核对: 解析 / 已核对 / 已修正 / 手工添加) and why a parsed one is doubtful (疑点).
    by_doubt: the doubtful figures first (most reasons first), then text order.  The doubts are
    lib.analysis.doubt.doubt_reasons, the parser's recorded rules included (as the 库 counts)."""
    from lib.analysis.doubt import doubt_reasons

    meta = indicators()
    rows = []
    for n, f in numbered_facts(r):
        ind = meta.get(f.indicator)
        rows.append({"#": n, "指标": ind.label if ind else (f.label or f.indicator),
                     "类别": f.category or (ind.category if ind else ""),
                     "类型": {RESULT: "实绩", PLAN: "目标"}.get(f.section, "其他"),
                     "年份": f.year, "表述": format_figure(f.value, f.unit, f.qualifier,
                                                      f.value_high, f.estimated),
                     "数值": f.value, "单位": f.unit,
                     "限定": QUALIFIER_LABELS.get(f.qualifier, f.qualifier),
                     "核对": f.provenance or PARSED,
                     "疑点": ";".join(doubt_reasons(f, r.facts, r.meta.level)),
                     "原文": f.evidence, "位置": f"{f.start}-{f.end}"})
    if by_doubt:
        rows.sort(key=lambda row: -(row["疑点"].count(";") + 1 if row["疑点"] else 0))
    return pd.DataFrame(rows, columns=REPORT_FACT_COLUMNS)
