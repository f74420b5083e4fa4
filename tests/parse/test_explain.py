"""Why a figure is or is not in the table: `python -m lib explain` and lib.parse.explain."""
from __future__ import annotations

import re
import subprocess
import sys

from conftest import ROOT
from lib.parse.explain import explain, explain_at, rule_texts, silent_sentences, table_rows
from lib.parse.pipeline import parse_doc

REPORT = """XX市2024年政府工作报告
各位代表:
一、2023年工作回顾
全市地区生产总值完成2310亿元,同比增长6.2%,增速高于全省1.3个百分点。
高新区地区生产总值增长12.5%,经开区规模以上工业增加值增长15%。
全市规模以上工业增加值增长7.1%,社会消费品零售总额增长8.4%。
我们坚持把生态环境保护放在突出位置,空气质量持续改善。
二、2024年工作安排
主要预期目标是:地区生产总值增长6%左右,城镇调查失业率控制在5.5%以内。
"""
CJK = re.compile(r"[\u4e00-\u9fff]")


def _doc():
    return parse_doc(REPORT, "xx.txt")


def test_every_fact_has_a_kept_decision_at_its_figure():
    doc = _doc()
    kept = {(d.start, d.indicator) for d in doc.decisions if d.kept}
    assert doc.facts
    for f in doc.facts:
        assert (f.fig_start, f.indicator) in kept


def test_decision_offsets_point_at_the_figure_in_the_shown_text():
    doc = _doc()
    assert doc.decisions
    for d in doc.decisions:
        assert doc.text[d.start:d.end] == d.figure


def test_gdp_growth_lists_the_kept_figure_and_the_dropped_points_and_subarea():
    doc = _doc()
    whys = explain(doc, indicator="gdp_growth")
    by_figure = {w.decision.figure: w for w in whys}
    assert by_figure["6.2%"].decision.kept and by_figure["6.2%"].decision.indicator == "gdp_growth"
    points = next(w for f, w in by_figure.items() if f.startswith("1.3"))
    assert not points.decision.kept
    sub = by_figure["12.5%"]
    assert not sub.decision.kept
    # the reasons are told in Chinese, from lib/data/rules.csv, not as bare codes
    for w in (points, sub):
        assert CJK.search(w.explanation) and w.explanation != w.decision.rule
    assert points.decision.rule != sub.decision.rule
    # the plan's 6%左右 is in a sentence naming GDP too, kept as the plan
    assert by_figure["6%左右"].decision.section == "plan" or by_figure["6%"].decision.section == "plan"


def test_every_rule_the_engine_uses_is_explained():
    doc = _doc()
    rules = rule_texts()
    assert {d.rule for d in doc.decisions} <= set(rules)


def test_near_text_picks_the_sentences_holding_it():
    doc = _doc()
    whys = explain(doc, near="社会消费品零售总额")
    assert {w.sentence.text for w in whys} == {"全市规模以上工业增加值增长7.1%,社会消费品零售总额增长8.4%。"}
    silent = silent_sentences(doc, near="生态环境")
    assert [s.text for s in silent] == ["我们坚持把生态环境保护放在突出位置,空气质量持续改善。"]


def test_explain_at_a_clicked_fact_gives_its_sentence_only():
    doc = _doc()
    fact = next(f for f in doc.facts if f.indicator == "retail_sales_growth")
    whys = explain_at(doc, fact.fig_start)
    assert {w.decision.figure for w in whys} == {"7.1%", "8.4%"}
    rows = table_rows(whys)
    assert {r["结果"] for r in rows} == {"保留为指标"} and all(r["原因"] for r in rows)


def _run(*args):
    return subprocess.run([sys.executable, "-m", "lib", "explain", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_prints_each_candidate_with_its_decision(tmp_path):
    src = tmp_path / "xx.txt"
    src.write_text(REPORT, encoding="gb18030")
    out = _run(str(src), "--indicator", "gdp_growth")
    assert out.returncode == 0, out.stderr
    assert "保留为指标 → 地区生产总值增速" in out.stdout
    assert "舍弃" in out.stdout and "12.5%" in out.stdout
    assert "社会消费品零售总额增长8.4%" not in out.stdout  # another indicator's sentence


def test_cli_refuses_unknown_indicator_and_unreadable_file_in_chinese(tmp_path):
    out = _run(str(tmp_path / "missing.txt"))
    assert out.returncode == 1 and "无法读取文件" in out.stderr
    src = tmp_path / "xx.txt"
    src.write_text(REPORT, encoding="utf-8")
    out = _run(str(src), "--indicator", "no_such_key")
    assert out.returncode == 2 and "没有这个指标" in out.stderr


def test_the_doc_keeps_every_layer_in_shown_text_offsets():
    doc = parse_doc("全市“十四五”规划目标:" + REPORT, "xx.txt")  # quote marks shift the matching copy
    assert doc.paragraphs and doc.sections and doc.meta.review_year == 2023
    figures = {doc.text[q.start:q.end] for q in doc.quantities}
    assert {"2310亿元", "6.2%", "1.3个百分点", "12.5%", "6%左右"} <= figures
    names = {doc.text[h.start:h.end] for h in doc.names}
    assert {"社会消费品零售总额增长", "城镇调查失业率"} <= names
    sub = next(h for h in doc.names if doc.text[h.start:h.end] == "地区生产总值" and "高新区" in
               doc.text[h.start - 3:h.start])
    assert sub.suppressed  # the sub-area's GDP is taken out of binding, and says by which rule


def test_a_figure_repaired_by_cleaning_is_doubtful_on_the_report_page():
    from lib.present import tables
    from lib.present.format import format_figure
    from lib.parse.pipeline import to_report

    raw = REPORT.replace("2310亿元", "23l0亿元").replace("增长8.4%", "增长８.４%")  # OCR l; full width
    doc = parse_doc(raw, "ocr.txt")
    gdp = next(f for f in doc.facts if f.indicator == "gdp")
    retail = next(f for f in doc.facts if f.indicator == "retail_sales_growth")
    assert gdp.value == 2310
    assert doc.repaired_figures() == {gdp.fig_start}  # width alone is no repair
    assert "clean.repaired" in gdp.parser_rules and "clean.repaired" not in retail.parser_rules
    table = tables.report_facts(to_report(doc)).set_index("表述")  # the doubt the parser recorded
    assert "识别修复" in table.loc["2310亿元", "疑点"]
    assert "识别修复" not in table.loc[format_figure(retail.value, retail.unit, retail.qualifier), "疑点"]
