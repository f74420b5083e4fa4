"""lib/analysis/themes/ on report excerpts written for these tests (tests/themes_corpus.py) and on the seeds."""
from __future__ import annotations

import math
import re
import subprocess
import sys
from collections import Counter

import pytest

from conftest import ROOT
from lib.analysis import themes as th
from lib.model import Report, ReportMeta

from tests.support import themes_corpus as tc


@pytest.fixture(scope="module")
def docs():
    return th.build_docs(tc.reports())


@pytest.fixture(scope="module")
def table(docs):
    return th.word_table(docs, th.doc_word_counts(docs), th.BY_PLACE_YEAR)


@pytest.fixture(scope="module")
def place_table(docs):
    return th.word_table(docs, th.doc_word_counts(docs), th.BY_PLACE)


def chars(s: str) -> int:
    return len(re.sub(r"\s", "", s))


# ---- data files -------------------------------------------------------------------------------

def test_word_lists_are_loaded_and_consistent():
    stop = th.stopwords()
    terms = [w for w, _, _ in th.user_terms()]
    assert len(terms) >= 300 and len(stop) >= 300
    for w in ("一般公共预算收入", "专精特新", "断头路", "营商环境", "新质生产力", "城市更新", "口袋公园",
              "放管服", "一网通办", "乡村振兴"):
        assert w in terms
    for w in ("加快", "推进", "建设", "全面", "坚持", "深入", "持续", "着力", "的", "和"):
        assert w in stop
    assert not set(terms) & stop, "a government term must not be a stop word"
    themes = th.load_themes()
    assert [t.name for t in themes] == ["科技创新", "产业发展", "营商环境与改革", "对外开放", "消费与投资",
                                        "乡村振兴", "生态环保", "民生保障", "城市建设与更新", "安全与治理"]
    assert all(len(t.keywords) >= 20 for t in themes)


# ---- import cost and the tokenizer ------------------------------------------------------------

def _run(code: str, env_extra: dict | None = None) -> str:
    import os

    env = dict(os.environ, **(env_extra or {}))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_importing_and_theme_work_do_not_load_jieba_until_keywords_are_asked_for():
    code = """
import sys
from lib.analysis import themes as th
from lib.charts import themes as charts_themes
from tests.support import themes_corpus as tc
docs = th.build_docs(tc.reports())
th.theme_table(docs); th.kwic(docs, '断头路'); th.term_frequency(docs, '断头路')
print('jieba' in sys.modules, th.tokenizer_loaded())
th.doc_word_counts(docs)
print('jieba' in sys.modules, th.tokenizer_loaded())
"""
    before, after = _run(code).splitlines()[-2:]
    assert before == "False False"
    assert after == "True True"


def test_tokenizer_is_our_own_instance_with_its_cache_in_the_app_folder(tmp_path):
    code = """
import jieba, os
from lib.analysis import themes as th
tok = th.get_tokenizer()
print(tok.tmp_dir)
print(os.path.exists(os.path.join(tok.tmp_dir, 'jieba.cache')))
print(tok is jieba.dt, jieba.dt.initialized)
"""
    tmp_dir, exists, shared = _run(code, {"GOVREPORT_CACHE": str(tmp_path)}).splitlines()[-3:]
    assert tmp_dir == str(tmp_path / "jieba")
    assert exists == "True"
    assert shared == "False False"  # jieba's global tokenizer stays untouched


def test_cache_dir_falls_back_when_the_folder_cannot_be_made(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GOVREPORT_CACHE", str(blocker))  # a file, so blocker/jieba cannot be made
    d = th.cache_dir()
    assert d != blocker / "jieba" and d.is_dir()


# ---- segmentation -----------------------------------------------------------------------------

def test_government_terms_stay_whole_and_boilerplate_goes():
    words = th.segment("加快培育新质生产力，打通断头路，新建口袋公园12个，深入推进一网通办和放管服改革，"
                       "一般公共预算收入增长5.2%，持续优化营商环境，着力推进乡村振兴。")
    for w in ("新质生产力", "断头路", "口袋公园", "一网通办", "一般公共预算收入", "营商环境", "乡村振兴"):
        assert w in words
    for w in ("加快", "推进", "深入", "持续", "着力", "12", "5.2", "%", "，"):
        assert w not in words
    assert all(len(w) >= 2 for w in words)


def test_set_phrases_are_dropped_whole():
    words = th.segment("这一成绩殊为不易、难能可贵，我们多措并举、久久为功。")
    assert not {"殊为", "不易", "难能", "可贵", "多措", "并举"} & set(words)


@pytest.mark.parametrize("tok,keep", [
    ("人工智能", True), ("5G", True), ("RCEP", True), ("PM2.5", True), ("高标准农田", True),
    ("2023", False), ("12.5%", False), ("4000P", False), ("AI", True), ("，", False), ("一", False), ("田", False), ("十四五", False),
    ("第一批", False), ("两年", False), ("docx", False), ("推进", False), ("的", False), ("XX", False),
])
def test_content_word_filter(tok, keep):
    assert th.is_content_word(tok) is keep


def test_own_place_names_are_not_counted(docs, table):
    words = set()
    for c in table.counts.values():
        words |= set(c)
    assert not words & {"郸城县", "郸城", "渝中区", "渝中", "重庆市", "深圳市", "深圳"}
    assert th.place_names(ReportMeta(file="x", province="云南省", city="楚雄彝族自治州", district="楚雄市")) \
        == ("云南省", "云南", "楚雄彝族自治州", "楚雄", "楚雄市")


# ---- units ------------------------------------------------------------------------------------

def test_units_pool_parts_and_years(docs):
    by_year = th.units(docs, th.BY_PLACE_YEAR)
    assert list(by_year) == [f"{tc.SHENZHEN} 2023年", f"{tc.SHENZHEN} 2024年", f"{tc.DANCHENG} 2024年",
                             f"{tc.ANJI} 2024年", f"{tc.YUZHONG} 2024年"]
    assert len(by_year[f"{tc.YUZHONG} 2024年"]) == 2  # part two has only a review year: 2023 + 1
    by_place = th.units(docs, th.BY_PLACE)
    assert len(by_place[tc.SHENZHEN]) == 2 and len(by_place) == 4


def test_unknown_place_and_year_are_labelled_from_the_file():
    meta = ReportMeta(file="/tmp/x/报告甲.txt")
    assert th.unit_of(meta) == "未知地区(报告甲)(年份不详)"
    assert th.report_year(ReportMeta(file="a", review_year=2023)) == 2024
    assert th.report_year(ReportMeta(file="a", review_year=2022, plan_year=2023)) == 2023


# ---- TF-IDF keywords --------------------------------------------------------------------------

def test_tfidf_prefers_words_one_unit_uses_over_words_every_unit_uses():
    t = th.WordTable.from_counts({
        "甲": Counter({"量子": 3, "产业": 3, "偶然": 1}),
        "乙": Counter({"产业": 3, "粮食": 5}),
        "丙": Counter({"产业": 2, "粮食": 2, "港口": 4}),
    })
    kws = th.tfidf_keywords(t, "甲", k=10)
    assert [k.word for k in kws] == ["量子", "产业"]  # 偶然 occurs once: not a keyword
    assert kws[0].score > kws[1].score and kws[0].df == 1 and kws[1].df == 3
    # 粮食 is in two units out of three, 港口 in one: in 丙 港口 leads
    assert [k.word for k in th.tfidf_keywords(t, "丙", k=2)] == ["港口", "粮食"]
    assert th.tfidf_keywords(t, "丁") == []


def test_keyword_rankings_on_written_reports(table, place_table):
    top = {u: [k.word for k in th.tfidf_keywords(table, u, 5)] for u in table.units}
    assert "人工智能" in top[f"{tc.SHENZHEN} 2024年"] and "低空经济" in top[f"{tc.SHENZHEN} 2024年"]
    assert top[f"{tc.DANCHENG} 2024年"][:2] == ["粮食", "高标准农田"] or \
        set(top[f"{tc.DANCHENG} 2024年"][:2]) == {"粮食", "高标准农田"}
    assert {"碳汇", "竹林"} <= set(top[f"{tc.ANJI} 2024年"])
    # the two parts of the Yuzhong report are pooled: 城市更新 3 times in all, first
    yz = th.tfidf_keywords(table, f"{tc.YUZHONG} 2024年", 5)
    assert yz[0].word == "城市更新" and yz[0].count == 3
    assert {"口袋公园", "断头路"} <= {k.word for k in yz}
    # by place, the two Shenzhen years are pooled
    sz = {k.word: k.count for k in th.tfidf_keywords(place_table, tc.SHENZHEN, 30)}
    assert sz["专精特新"] == 5  # three times in 2024, twice in 2023


# ---- weighted log-odds ------------------------------------------------------------------------

def test_log_odds_matches_the_formula_of_monroe_colaresi_quinn():
    a, b = Counter({"粮食": 8, "发展": 12}), Counter({"粮食": 1, "发展": 19})
    prior = a + b
    res = {r.word: r for r in th.log_odds(a, b, prior, alpha0=10)}
    aw = 10 * 9 / 40
    delta = math.log((8 + aw) / (20 + 10 - 8 - aw)) - math.log((1 + aw) / (20 + 10 - 1 - aw))
    z = delta / math.sqrt(1 / (8 + aw) + 1 / (1 + aw))
    assert res["粮食"].delta == pytest.approx(delta) and res["粮食"].z == pytest.approx(z)
    assert res["粮食"].count_a == 8 and res["粮食"].count_b == 1


def test_log_odds_direction_and_symmetry():
    a = Counter({"粮食": 30, "发展": 50, "农田": 12})
    b = Counter({"粮食": 1, "发展": 50, "芯片": 15})
    prior = a + b
    ab = {r.word: r.z for r in th.log_odds(a, b, prior)}
    ba = {r.word: r.z for r in th.log_odds(b, a, prior)}
    assert ab["粮食"] > 1.96 and ab["农田"] > 0 and ab["芯片"] < -1.96  # frequent in A, rare in B: z > 0 for A
    for w in ab:
        assert ba[w] == pytest.approx(-ab[w])
    assert abs(ab["发展"]) < ab["粮食"]  # used alike by both: less distinctive
    # more occurrences in A, more distinctive
    more = {r.word: r.z for r in th.log_odds(a + Counter({"粮食": 30}), b, prior + Counter({"粮食": 30}))}
    assert more["粮食"] > ab["粮食"]


def test_distinctive_words_agree_with_log_odds(table):
    a, b = f"{tc.ANJI} 2024年", f"{tc.YUZHONG} 2024年"
    ref = {r.word: r for r in th.log_odds(table.counts[a], table.counts[b], table.total)}
    top_a, top_b = th.distinctive_words(table, a, b, k=10)
    assert len(top_a) == 10 and len(top_b) == 10
    for r in top_a + top_b:
        assert r.z == pytest.approx(ref[r.word].z) and r.count_a == ref[r.word].count_a
    pos = sorted((r for r in ref.values() if r.z > 0), key=lambda r: (-r.z, r.word))[:10]
    assert [r.word for r in top_a] == [r.word for r in pos]
    assert th.distinctive_words(table, "不存在", b) == ([], [])


def test_distinctive_words_on_written_reports(table):
    sz, dc = f"{tc.SHENZHEN} 2024年", f"{tc.DANCHENG} 2024年"
    top_a, top_b = th.distinctive_words(table, sz, dc, k=8)
    assert all(r.z > 0 for r in top_a) and all(r.z < 0 for r in top_b)
    assert "人工智能" in [r.word for r in top_a] and "高标准农田" in [r.word for r in top_b]
    ai = next(r for r in top_a if r.word == "人工智能")
    assert ai.count_a == 4 and ai.count_b == 0
    assert [r.z for r in top_a] == sorted((r.z for r in top_a), reverse=True)
    # against everyone else, Anji's bamboo carbon sink stands out
    top_anji, _ = th.distinctive_words(table, f"{tc.ANJI} 2024年", th.REST, k=5)
    assert {"碳汇", "竹林"} & {r.word for r in top_anji}


# ---- theme shares -----------------------------------------------------------------------------

def test_theme_share_is_the_character_share_of_sentences_mentioning_the_theme():
    s1, s2, s3, s4 = ("今年全市研发投入增长12%。", "新建口袋公园20个，打通断头路5条。",
                      "全年接待游客1200万人次。", "各位代表，让我们团结奋斗！")
    text = f"{s1}\n{s2}　{s3}\n— 3 —\n{s4}"
    shares = th.text_theme_shares(text)
    total = sum(chars(s) for s in (s1, s2, s3, s4))  # the page marker has no Han character
    assert shares["科技创新"] == pytest.approx(chars(s1) / total)
    assert shares["城市建设与更新"] == pytest.approx(chars(s2) / total)
    assert shares["消费与投资"] == pytest.approx(chars(s3) / total)
    assert shares["乡村振兴"] == 0 and shares["安全与治理"] == 0


def test_a_sentence_counts_for_every_theme_it_mentions_and_false_friends_do_not():
    shares = th.text_theme_shares("统筹推进城市更新和乡村振兴。深入开展主题教育。优化产业生态。")
    assert shares["城市建设与更新"] == pytest.approx(shares["乡村振兴"]) and shares["乡村振兴"] > 0
    assert shares["民生保障"] == 0  # 主题教育 is not schooling
    assert shares["生态环保"] == 0  # 产业生态 is not the environment
    assert th.text_theme_shares("推进研\n发。")["科技创新"] == 0  # a keyword cut by a line break is not matched


def test_theme_profile_of_written_reports(docs):
    rows = {(r["unit"], r["theme"]): r for r in th.theme_table(docs, th.BY_PLACE_YEAR)}

    def lead(unit):
        return max((r for (u, _), r in rows.items() if u == unit), key=lambda r: r["share"])["theme"]

    assert lead(f"{tc.SHENZHEN} 2024年") == "科技创新"
    assert lead(f"{tc.DANCHENG} 2024年") == "乡村振兴"
    assert lead(f"{tc.ANJI} 2024年") == "生态环保"
    assert lead(f"{tc.YUZHONG} 2024年") == "城市建设与更新"
    yz = rows[(f"{tc.YUZHONG} 2024年", "安全与治理")]
    assert yz["sentences"] == 1 and 0 < yz["share"] < 0.2
    assert all(0 <= r["share"] <= 1 for r in rows.values())


def test_theme_examples_highlight_the_theme_keywords(docs):
    ex = th.theme_examples(th.units(docs)[f"{tc.DANCHENG} 2024年"], "乡村振兴", limit=3)
    assert len(ex) == 3
    assert all("<mark>" in e["html"] and e["place"] == tc.DANCHENG for e in ex)
    # the sentences naming the most distinct keywords come first
    kws = th.theme_by_name("乡村振兴").keywords
    d = th.units(docs)[f"{tc.DANCHENG} 2024年"][0]
    best = max(sum(k in d.sentence(i) for k in kws) for i in d.theme_sents["rural"])
    assert sum(k in ex[0]["sentence"] for k in kws) == best >= 4


# ---- keyword in context -----------------------------------------------------------------------

def test_term_frequency_per_10000_characters(docs):
    rows = {(r["place"], r["year"]): r for r in th.term_frequency(docs, "断头路", th.BY_PLACE_YEAR)}
    yz = rows[(tc.YUZHONG, 2024)]
    n_chars = chars(tc.YUZHONG_2024_PART1) + chars(tc.YUZHONG_2024_PART2)
    assert yz["reports"] == 2 and yz["count"] == 2 and yz["chars"] == n_chars
    assert yz["per_10k"] == pytest.approx(2 / n_chars * 10_000)
    assert rows[(tc.DANCHENG, 2024)]["count"] == 0 and rows[(tc.DANCHENG, 2024)]["per_10k"] == 0
    by_place = {r["place"]: r for r in th.term_frequency(docs, "专精特新", th.BY_PLACE)}
    assert by_place[tc.SHENZHEN]["count"] == 5 and by_place[tc.SHENZHEN]["reports"] == 2


def test_kwic_counts_sentences_and_escapes_html(docs):
    total, hits = th.kwic(docs, "口袋公园")
    assert total == 2 and len(hits) == 2 and {h.place for h in hits} == {tc.YUZHONG}
    total, hits = th.kwic(docs, "PM2.5")
    assert total == 1
    assert "<mark>PM2.5</mark>浓度&lt;30微克" in hits[0].html and "<30" not in hits[0].html
    total, hits = th.kwic(docs, "人工智能", limit=2)
    assert total == 4 and len(hits) == 2  # 深圳 2024: four sentences; 2023: 推进人工智能产业发展
    assert th.kwic(docs, "  ") == (0, [])
    doc = th.make_doc("优化营商环境，营商环境评价全省第一。")
    total, hits = th.kwic([doc], "营商环境")
    assert total == 1 and hits[0].count == 2 and hits[0].html.count("<mark>") == 2


def test_highlight_escapes_everything_but_the_marks():
    assert th.highlight("A&B<i>城市更新</i>", ["城市更新"]) == "A&amp;B&lt;i&gt;<mark>城市更新</mark>&lt;/i&gt;"
    assert th.highlight("新质生产力", ["生产力", "新质生产力"]) == "<mark>新质生产力</mark>"


# ---- the seeds: top keywords are not boilerplate ----------------------------------------------

def test_seed_top_keywords_are_not_boilerplate():
    from lib.store.service import load_reports

    reports = load_reports()
    assert len(reports) == 5
    docs = th.build_docs(reports)
    table = th.word_table(docs, th.doc_word_counts(docs))
    stop = th.stopwords()
    terms = {w for w, _, _ in th.user_terms()}
    seen_terms = set()
    for unit in table.units:
        kws = [k.word for k in th.tfidf_keywords(table, unit, 15)]
        assert len(kws) >= 10, unit
        for w in kws:
            assert w not in stop, (unit, w)
            assert len(w) >= 2, (unit, w)
            assert not re.fullmatch(r"[\d\W_]+", w), (unit, w)
            assert re.search(r"[\u4e00-\u9fff]", w) or re.fullmatch(r"[A-Z0-9.+&]+", w), (unit, w)
        generic = [w for w in kws[:10] if table.df[w] == len(table.units)]
        assert len(generic) <= 2, (unit, generic)
        seen_terms |= set(kws) & terms
    assert len(seen_terms) >= 3, seen_terms  # the user dictionary makes whole terms into keywords


def test_empty_and_odd_inputs_do_not_break():
    empty = th.build_docs([Report(meta=ReportMeta(file="空.txt"), text="")])
    assert math.isnan(th.theme_shares(empty)["tech"])
    assert th.kwic(empty, "城市更新") == (0, [])
    rows = th.term_frequency(empty, "城市更新")
    assert rows[0]["count"] == 0 and math.isnan(rows[0]["per_10k"])
    assert th.segment("") == [] and th.segment("2023 12.5% ——") == []


# ---- chart builders ---------------------------------------------------------------------------

def test_charts_name_their_source_and_show_missing_as_missing():
    from lib.charts import themes as ch

    src = th.source_note(3)
    empty = ch.theme_chart([], ["科技创新"], src)
    assert empty.layout.title.subtitle.text == src and "没有可显示的报告" in empty.layout.annotations[0].text
    fig = ch.theme_chart([{"unit": "甲", "theme": "科技创新", "share": float("nan"), "sentences": 0},
                          {"unit": "甲", "theme": "乡村振兴", "share": 0.25, "sentences": 3}],
                         ["科技创新", "乡村振兴"], src)
    assert list(fig.data[0].y) == [None, 25.0]
    kw = ch.kwic_chart([{"place": "甲", "year": 2024, "count": 0, "chars": 100, "per_10k": 0.0},
                        {"place": "乙", "year": 2023, "count": 2, "chars": 1000, "per_10k": 20.0}], "城市更新", src)
    by_year = {t.name: dict(zip(t.x, t.y)) for t in kw.data}
    # one bar per place and year, no empty slots: 甲 has no 2023 report, so no 2023 bar at all
    assert by_year == {"2023年报告": {"乙<br>2023年": 20.0}, "2024年报告": {"甲<br>2024年": 0.0}}
    assert kw.layout.barmode == "relative" and list(kw.layout.xaxis.categoryarray) == ["甲<br>2024年", "乙<br>2023年"]
    assert kw.layout.title.subtitle.text == src
    assert "没有可显示的关键词" in ch.keywords_chart([("甲", [])], src).layout.annotations[0].text
