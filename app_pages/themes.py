"""主题: what each place stresses.  Widgets and layout only; the logic is lib/analysis/themes/ and the
charts lib/charts/themes.py.

The first view (主题画像) and 关键词语境 need no word segmentation; jieba's dictionary is loaded only
when 关键词 or 差异词 is opened, once per process (st.cache_resource).
"""
from __future__ import annotations

import html
from dataclasses import asdict

import pandas as pd
import streamlit as st

import app_state as dashdata

from lib.charts import style as chartstyle
from lib.charts import themes as ch
from lib.analysis import themes as th
from lib.present.escape import md
from app_pages.common import link_to_library

VIEWS = ("主题画像", "关键词语境", "关键词", "差异词")
THEME = st.context.theme.type or "light"  # the charts colour what they draw themselves to match
CONFIG = chartstyle.plotly_config(image_button=True)
MAX_KWIC_SHOWN = 60
ALL_PLACES = "全部地区"


# ---- caches: heavy objects by reference (cache_resource), small results by value (cache_data) ----

@st.cache_resource(max_entries=4, show_spinner=False)
def docs_for(key: str, _reports) -> list:
    return th.build_docs(_reports)


@st.cache_resource(show_spinner=False)
def tokenizer():
    return th.get_tokenizer()


@st.cache_resource(max_entries=4, show_spinner=False)
def word_counts_for(key: str, _docs) -> list:
    return th.doc_word_counts(_docs, tokenizer())


@st.cache_resource(max_entries=8, show_spinner=False)
def word_table_for(key: str, by: str, _docs, _counts) -> th.WordTable:
    return th.word_table(_docs, _counts, by)


@st.cache_data(max_entries=32, show_spinner=False)
def theme_matrix(key: str, by: str, _docs) -> dict:
    return th.theme_matrix(_docs, by)


@st.cache_data(max_entries=64, show_spinner=False)
def frequency_rows(key: str, term: str, by: str, _docs) -> list:
    return th.term_frequency(_docs, term, by)


@st.cache_data(max_entries=64, show_spinner=False)
def kwic_hits(key: str, term: str, place: str, _docs) -> tuple:
    docs = [d for d in _docs if place == ALL_PLACES or d.place == place]
    total, hits = th.kwic(docs, term, limit=MAX_KWIC_SHOWN)
    return total, [asdict(h) for h in hits]


@st.cache_data(max_entries=128, show_spinner=False)
def keyword_rows(key: str, by: str, unit: str, k: int, _table) -> list:
    return [asdict(kw) for kw in th.tfidf_keywords(_table, unit, k)]


@st.cache_data(max_entries=128, show_spinner=False)
def distinctive_rows(key: str, by: str, a: str, b: str, k: int, _table) -> tuple:
    top_a, top_b = th.distinctive_words(_table, a, b, k)
    return [asdict(w) for w in top_a], [asdict(w) for w in top_b]


# Figures are built once per input and shared (st.plotly_chart only reads them): building a plotly
# figure costs more than the rest of a rerun.  `key` stands for the reports, so for `source` too.

@st.cache_resource(max_entries=64, show_spinner=False)
def cached_figure(kind: str, key: str, *params, _build):
    return _build()


def word_table(key: str, by: str, docs) -> th.WordTable:
    with st.spinner(f"正在对 {len(docs)} 份报告分词(首次需要加载词典,之后直接使用缓存)…"):
        counts = word_counts_for(key, docs)
        return word_table_for(key, by, docs, counts)


def year_label(y) -> str:
    return f"{y}年" if y else "年份不详"


def sentence_list(items: list, label_of) -> None:
    """Sentences already HTML-escaped and highlighted by lib.analysis.themes.highlight."""
    body = "".join(
        f'<li style="margin-bottom:.45em"><span style="color:#888;font-size:.85em">'
        f"{html.escape(label_of(it))}</span><br>{it['html']}</li>" for it in items)
    st.markdown(f'<ol style="padding-left:1.4em">{body}</ol>', unsafe_allow_html=True)


# ---- page ----

st.title("主题")
st.caption("各地政府工作报告在讲什么、强调什么:主题画像、关键词、差异词与关键词语境。")

try:
    reports = list(dashdata.index().reports.values())  # the reports every page reads
except Exception as exc:  # the library's own errors are Chinese; anything else is shown as it is
    st.error(md(f"读取报告库失败:{exc}"))
    st.stop()
if not reports:
    st.info("库中还没有报告。请先在「库」页导入政府工作报告(或载入示例报告),再来比较主题。")
    link_to_library()
    st.stop()

key = th.fingerprint(reports)
docs = docs_for(key, reports)
source = th.source_note(len(reports))

c1, c2 = st.columns([3, 2])
view = c1.radio("视图", VIEWS, horizontal=True, key="th_view")
by = c2.radio("比较单位", th.GROUPINGS, horizontal=True, key="th_by",
              help="地区·年份:同一地区同一年的报告合并(分篇发布的报告算一份);地区:同一地区各年合并。")
unit_map = th.units(docs, by)
unit_names = list(unit_map)

if view == "主题画像":
    matrix = theme_matrix(key, by, docs)
    theme_names = matrix["themes"]
    chosen = st.multiselect("比较的单元", unit_names, default=th.default_units(unit_map), key=f"th_units_{by}",
                            help="默认:最近一年的报告(同一年份的报告放在一起比)", placeholder="输入以搜索,或从列表中选择")
    kind = st.radio("图形", ("分组柱状图", "雷达图"), horizontal=True, key="th_kind")
    shown = th.matrix_rows(matrix, chosen)
    st.plotly_chart(cached_figure(
        "theme", key, by, tuple(chosen), kind, THEME,
        _build=lambda: ch.theme_chart(shown, theme_names, source, "radar" if kind == "雷达图" else "bar",
                                      theme=THEME)), width="stretch", config=CONFIG)
    st.caption("主题占比 = 提到该主题任一关键词的句子合计字数 ÷ 全部句子字数。一句话可同时属于几个主题,"
               "所以各主题占比之和不等于 100%。句子按 。!?; 与换行切分。")
    if shown:
        table = (pd.DataFrame(shown).pivot(index="theme", columns="unit", values="share")
                 .reindex(index=theme_names, columns=[u for u in unit_names if u in chosen]) * 100).round(1)
        table.index.name = "主题(占比 %)"
        st.dataframe(table, width="stretch")
    with st.expander("各主题的关键词"):
        st.dataframe(pd.DataFrame([{"主题": t.name, "说明": t.description, "关键词": "、".join(t.keywords)}
                                   for t in th.load_themes()]), hide_index=True, width="stretch")
    st.subheader("例句")
    e1, e2, e3 = st.columns([2, 2, 1])
    ex_unit = e1.selectbox("单元", unit_names, key=f"th_ex_unit_{by}", placeholder="请选择")
    ex_theme = e2.selectbox("主题", theme_names, key="th_ex_theme", placeholder="请选择")
    if e3.toggle("显示例句", key="th_ex_show"):
        examples = th.theme_examples(unit_map.get(ex_unit, []), ex_theme, limit=8)
        if examples:
            sentence_list(examples, lambda it: f"{it['place']} · {year_label(it['year'])}")
        else:
            st.info(md(f"「{ex_unit}」没有提到「{ex_theme}」关键词的句子。"))

elif view == "关键词语境":
    term = th.clean_term(st.text_input("检索词", value="营商环境", key="th_term", max_chars=30,
                                       help="按原文字面检索(不分词),例如:营商环境、新质生产力、断头路。"))
    if not term:
        st.info("请输入要检索的词。")
        st.stop()
    freq = frequency_rows(key, term, by, docs)
    st.plotly_chart(cached_figure("kwic", key, term, by, THEME,
                                  _build=lambda: ch.kwic_chart(freq, term, source, pooled=by == th.BY_PLACE,
                                                               theme=THEME)),
                    width="stretch", config=CONFIG)
    st.dataframe(pd.DataFrame([{"地区": r["place"], "年份": year_label(r["year"]) if by == th.BY_PLACE_YEAR else "各年合计",
                                "报告数": r["reports"], "出现次数": r["count"], "字数": r["chars"],
                                "每万字次数": round(r["per_10k"], 2)} for r in freq]),
                 hide_index=True, width="stretch")
    places = [ALL_PLACES] + list(dict.fromkeys(r["place"] for r in freq if r["count"]))
    where = st.selectbox("只看", places, key="th_kwic_place", placeholder="请选择")
    total, hits = kwic_hits(key, term, where, docs)
    st.markdown(f"**用到「{md(term)}」的句子:共 {total} 句**"
                + (f"(下面显示前 {len(hits)} 句)" if total > len(hits) else ""))
    if hits:
        sentence_list(hits, lambda it: f"{it['place']} · {year_label(it['year'])}")
    else:
        st.info(f"已载入的报告中没有出现「{md(term)}」。")

elif view == "关键词":
    table = word_table(key, by, docs)
    chosen = st.multiselect("比较的单元(最多 4 个)", unit_names, default=th.default_units(unit_map, 2), max_selections=4,
                            key=f"th_kw_units_{by}", placeholder="输入以搜索,或从列表中选择")
    k = st.slider("每个单元显示的关键词数", 5, 30, 15, key="th_kw_k")
    panels = [(u, keyword_rows(key, by, u, k, table)) for u in chosen]
    st.plotly_chart(cached_figure("keywords", key, by, tuple(chosen), k, THEME,
                                  _build=lambda: ch.keywords_chart(panels, source + ";TF-IDF 以已载入报告为语料",
                                                                   theme=THEME)),
                    width="stretch", config=CONFIG)
    st.caption("关键词 = 词频(占该单元实词的比例)× 逆文档频率 ln((单元数+1)/(用到该词的单元数+0.5)),"
               "只计在该单元出现至少 2 次的词;已去掉“坚持”“推进”一类套话与虚词。")
    for u, rows in panels:
        if rows:
            with st.expander(f"{md(u)} 的关键词明细"):
                st.dataframe(pd.DataFrame([{"关键词": r["word"], "出现次数": r["count"],
                                            "每千词": round(r["per_1000"], 2), "用到该词的单元数": r["df"],
                                            "TF-IDF×1000": round(r["score"] * 1000, 3)} for r in rows]),
                             hide_index=True, width="stretch")

else:  # 差异词
    table = word_table(key, by, docs)
    if len(unit_names) < 2:
        st.info("至少需要两个单元(不同地区或年份)才能比较差异词。")
        st.stop()
    d1, d2, d3 = st.columns([2, 2, 1])
    a = d1.selectbox("单元 A", unit_names, key=f"th_lo_a_{by}", placeholder="请选择")
    b = d2.selectbox("对照 B", [th.REST] + [u for u in unit_names if u != a], key=f"th_lo_b_{by}", placeholder="请选择")
    k = d3.number_input("显示词数", 5, 30, 15, key="th_lo_k")
    top_a, top_b = distinctive_rows(key, by, a, b, int(k), table)
    st.plotly_chart(cached_figure("distinctive", key, by, a, b, int(k), THEME,
                                  _build=lambda: ch.distinctive_chart(a, top_a, b, top_b,
                                                                      source + ";先验取自全部已载入报告",
                                                                      theme=THEME)),
                    width="stretch", config=CONFIG)
    st.caption("加权对数几率(Monroe、Colaresi、Quinn 2008):以全部已载入报告的词频作信息性狄利克雷先验,"
               "z 值为两组对数几率之差除以其标准误。z 越大,该词越是这一组的特色。")
    rows = ([{"单元": a, "词": r["word"], "z 值": round(r["z"], 2), "A 次数": r["count_a"], "B 次数": r["count_b"]}
             for r in top_a]
            + [{"单元": b, "词": r["word"], "z 值": round(-r["z"], 2), "A 次数": r["count_a"], "B 次数": r["count_b"]}
               for r in top_b])
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
