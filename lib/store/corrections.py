"""Review of figures by a person: check, correct, remove or add a fact, and keep the fix.

A `FactCorrection` is stored apart from the parser's output (lib.store.fact_store, table
`fact_corrections`), keyed by the report's content hash and an `Anchor` (lib.store.anchors): the
figure as written ("超7.7万元"), its sentence and their character offsets.  The anchor finds the figure again after
a new parser version or a change of cleaning moved the offsets or reworded nothing but white
space; a correction whose figure cannot be found is kept and reported as lost, never dropped.

Pure functions on lib.model records: no SQLite, no Streamlit.  `apply_corrections` is the one
place a correction changes facts (lib.store.fact_store calls it when the library loads reports), and every fact
carries its provenance: 解析, 已核对, 已修正 or 手工添加.

Why a parsed figure deserves a look, and the per-report review counts: lib.analysis.doubt.
"""
from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Iterable, Optional

from lib.store.anchors import (MAX_TEXT, Anchor, ReviewError, _clean_text, _match_score, anchor_for_span,
                               anchor_of, figure_index, locate)
from lib.model import ADDED, CHECKED, CORRECTED, PARSED, PLAN, QUALIFIERS, RANGE, RESULT, Fact

EDIT, REMOVE, CHECK, ADD = "edit", "remove", "check", "add"
ACTIONS = (EDIT, REMOVE, CHECK, ADD)
ACTION_LABELS = {EDIT: "修正", REMOVE: "删除", CHECK: "标为已核对", ADD: "手工添加"}
EDITABLE = ("indicator", "value", "value_high", "unit", "qualifier", "section", "year", "estimated")
SECTION_WORDS = {"实绩": RESULT, "目标": PLAN, "其他": "other", "result": RESULT, "plan": PLAN,
                 "other": "other"}
SECTION_NAMES = {RESULT: "实绩", PLAN: "目标", "other": "其他"}
QUALIFIER_WORDS = {"": "eq", "等于": "eq", "超过": "gt", "超": "gt", "以上": "ge", "左右": "approx",
                   "接近": "near", "近": "near", "以内": "le", "区间": "range"}
TRUE_WORDS = {"是", "1", "true", "yes", "y", "预计", "√", "✓"}
FALSE_WORDS = {"", "否", "0", "false", "no", "n", "none", "nan"}

# ---- records --------------------------------------------------------------------------------

@dataclass
class FactCorrection:
    """One person's decision about one figure of one report (content hash `sha256`)."""

    action: str  # ACTIONS
    anchor: Anchor
    changes: dict = field(default_factory=dict)  # EDITABLE field -> value (edit and add)
    sha256: str = ""
    id: Optional[int] = None
    created_at: str = ""
    lost: bool = False  # the figure was not found in the current extraction: to be reviewed
    note: str = ""

    def as_json(self) -> dict:
        return {"action": self.action, "anchor": asdict(self.anchor), "changes": dict(self.changes),
                "created_at": self.created_at, "note": self.note}

    @classmethod
    def from_json(cls, data, sha256: str = "") -> "FactCorrection":
        """From `as_json` output (e.g. a library zip).  Raises ReviewError on anything malformed."""
        if not isinstance(data, dict) or data.get("action") not in ACTIONS:
            raise ReviewError("修正记录损坏(缺少或未知的操作)")
        raw = data.get("anchor")
        if not isinstance(raw, dict):
            raise ReviewError("修正记录损坏(缺少位置)")
        try:
            anchor = Anchor(figure=_clean_text(raw.get("figure", ""), 200),
                            evidence=_clean_text(raw.get("evidence", ""), MAX_TEXT),
                            **{k: int(raw.get(k) or 0) for k in ("start", "end", "fig_start", "fig_end")},
                            indicator=_clean_text(raw.get("indicator", ""), 80), keep=raw.get("keep") is True,
                            **_reading(raw))
        except (TypeError, ValueError):
            raise ReviewError("修正记录损坏(位置不是数字)") from None
        changes = clean_changes(data.get("changes") or {}, adding=data["action"] == ADD)
        return cls(action=data["action"], anchor=anchor, changes=changes, sha256=sha256,
                   created_at=str(data.get("created_at") or "")[:40], note=_clean_text(data.get("note", ""), 500))


def _reading(raw: dict) -> dict:
    """The figure's former reading in a stored anchor; a damaged field is left out, not fatal."""
    out = {}
    for key in ("value", "value_high", "unit", "qualifier", "section", "year", "estimated"):
        if raw.get(key) in (None, ""):
            continue
        try:
            out[key] = _clean_one(key, raw[key])
        except ReviewError:
            continue
    return out


@dataclass
class Applied:
    """What `apply_corrections` made of one report: its facts and the corrections it could not place."""

    facts: list
    lost: list = field(default_factory=list)  # list[FactCorrection]


# ---- validating a change ----------------------------------------------------------------------


def _number(value, what: str) -> Optional[float]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        raise ReviewError(f"{what}「{value}」不是数字")
    text = str(value).strip().replace(",", "").replace(",", "").rstrip("%%")
    if not text or text.lower() == "nan":
        return None
    try:
        x = float(text)
    except ValueError:
        raise ReviewError(f"{what}「{value}」不是数字") from None
    if not math.isfinite(x) or abs(x) > 1e13:
        raise ReviewError(f"{what}「{value}」超出范围")
    return x


def _year(value) -> Optional[int]:
    x = _number(str(value).rstrip("年") if isinstance(value, str) else value, "年份")
    if x is None:
        return None
    if x != int(x) or not 1949 <= x <= 2100:
        raise ReviewError(f"年份「{value}」无效(1949–2100)")
    return int(x)


def _flag(value) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ReviewError(f"“预计数”只能填 是 或 否,不能是「{value}」")


def _clean_one(key: str, value):
    from lib.lang.vocab import indicators

    if key == "indicator":
        text = _clean_text(value, 80)
        if not text:
            raise ReviewError("请选择指标")
        if text not in indicators():
            by_label = {ind.label: k for k, ind in indicators().items()}
            if text not in by_label:
                raise ReviewError(f"未知指标「{text}」:请用指标表中的指标键或名称")
            text = by_label[text]
        return text
    if key in ("value", "value_high"):
        return _number(value, "数值" if key == "value" else "上限")
    if key == "unit":
        return _clean_text(value, 20)
    if key == "qualifier":
        text = _clean_text(value, 10)
        text = QUALIFIER_WORDS.get(text, text)
        if text not in QUALIFIERS:
            raise ReviewError(f"限定「{value}」无效;可选:{'、'.join(k for k in QUALIFIER_WORDS if k)}")
        return text
    if key == "section":
        text = SECTION_WORDS.get(_clean_text(value, 10))
        if text is None:
            raise ReviewError(f"类型「{value}」无效;可选:实绩、目标、其他")
        return text
    if key == "year":
        return _year(value)
    return _flag(value)  # estimated


def clean_changes(changes: dict, adding: bool = False) -> dict:
    """Validate the fields of an edit (or of an added figure: indicator and value required).
    Raises ReviewError (Chinese) on an unknown field or a bad value."""
    out = {}
    for key, value in dict(changes or {}).items():
        if key not in EDITABLE:
            raise ReviewError(f"不能修改「{key}」;可修改:{'、'.join(EDITABLE)}")
        out[key] = _clean_one(key, value)
    if (adding or "value" in out) and out.get("value") is None:
        raise ReviewError("数值不能为空")
    if adding and not out.get("indicator"):
        raise ReviewError("请选择指标")
    if adding and out.get("qualifier") == RANGE and out.get("value_high") is None:
        raise ReviewError("区间需要填写上限")
    return out


# ---- applying ---------------------------------------------------------------------------------

def _with_changes(f: Fact, changes: dict) -> Fact:
    from lib.lang.vocab import indicators

    out = replace(f, **{k: v for k, v in changes.items() if k in EDITABLE})
    if "indicator" in changes:
        ind = indicators().get(out.indicator)
        if ind is not None:
            out = replace(out, label=ind.label, category=ind.category,
                          unit=changes.get("unit") or (f.unit if f.indicator == out.indicator else ind.unit))
    if out.qualifier != RANGE and "qualifier" in changes and "value_high" not in changes:
        out = replace(out, value_high=None)
    return out


def added_fact(c: FactCorrection) -> Fact:
    """The figure a person added, as a Fact (provenance 手工添加; no offsets when its place is lost)."""
    from lib.lang.vocab import indicators

    ch = c.changes
    ind = indicators().get(ch.get("indicator", ""))
    a = c.anchor
    base = Fact(indicator=ch.get("indicator", ""), label=ind.label if ind else ch.get("indicator", ""),
                section=ch.get("section") or RESULT, year=ch.get("year"), value=ch.get("value"),
                unit=ch.get("unit") or (ind.unit if ind else ""), qualifier=ch.get("qualifier") or "eq",
                value_high=ch.get("value_high"), estimated=bool(ch.get("estimated", False)),
                evidence=a.evidence, category=ind.category if ind else "", provenance=ADDED)
    if c.lost:
        return base
    return replace(base, start=a.start, end=a.end, fig_start=a.fig_start, fig_end=a.fig_end)


def _insert_in_text_order(facts: list, fact: Fact) -> None:
    at = next((i for i, f in enumerate(facts) if f.start > fact.start), len(facts))
    facts.insert(at, fact)


def apply_corrections(facts: Iterable[Fact], corrections: Iterable[FactCorrection]) -> Applied:
    """The parser's facts of one report with a person's corrections laid over them, in the
    order they were made: edits (已修正), checks (已核对), removals and added figures (手工添加;
    an added figure the parser now finds too replaces the parser's).  Corrections whose figure
    is not among the facts are returned in `lost`, unapplied (an added figure is still shown)."""
    base = list(facts)
    out = list(base)
    removed: set = set()
    lost = []
    ordered = sorted(corrections, key=lambda c: (c.id is None, c.id or 0))
    index = figure_index(base)
    for c in ordered:
        if c.action == ADD:
            continue
        i = locate(c.anchor, base, index)
        if i is None:
            lost.append(c)
        elif c.action == REMOVE:
            removed.add(i)
        elif c.action == CHECK:
            if out[i].provenance == PARSED:
                out[i] = replace(out[i], provenance=CHECKED)
        else:
            out[i] = replace(_with_changes(out[i], c.changes), provenance=CORRECTED)
    adds = []
    for c in ordered:
        if c.action != ADD:
            continue
        i = None if c.lost else locate(c.anchor, base, index)
        if i is not None:
            removed.add(i)
        adds.append(added_fact(c))
        if c.lost:
            lost.append(c)
    kept = [f for i, f in enumerate(out) if i not in removed]
    for f in adds:
        _insert_in_text_order(kept, f)
    return Applied(kept, lost)


def correction_for(fact: Fact, corrections: Iterable[FactCorrection]) -> list:
    """The corrections that made this (shown) fact what it is, oldest first."""
    out = []
    for c in corrections:
        if c.action == ADD:
            if fact.provenance == ADDED and c.anchor.fig_start == fact.fig_start and \
                    c.changes.get("indicator") == fact.indicator:
                out.append(c)
        elif _match_score(c.anchor, fact) is not None:
            out.append(c)
    return out


# ---- a lost correction: what it was, and how a person re-attaches it ------------------------

@dataclass(frozen=True)
class LostView:
    """What a correction whose figure is gone was, for a person to decide what becomes of it."""

    action: str  # ACTION_LABELS: 修正, 删除, ...
    indicator: str  # the indicator's label
    former: Optional[Fact]  # the figure as it read with the correction (None: value unknown)
    figure: str  # the figure as written ("增长6.5%")
    evidence: str  # the sentence it was in


def former_fact(c: FactCorrection) -> Optional[Fact]:
    """The figure as it read with the correction laid over it: an added one's values, or the
    parser's last reading (kept in the anchor) with the edit; None when the value is unknown."""
    from lib.lang.vocab import indicators

    if c.action == ADD:
        return replace(added_fact(c), start=0, end=0, fig_start=0, fig_end=0)
    a = c.anchor
    if a.value is None:
        return None
    ind = indicators().get(a.indicator)
    base = Fact(indicator=a.indicator, label=ind.label if ind else a.indicator, section=a.section or RESULT,
                year=a.year, value=a.value, unit=a.unit, qualifier=a.qualifier or "eq", value_high=a.value_high,
                estimated=a.estimated, evidence=a.evidence, category=ind.category if ind else "")
    return _with_changes(base, c.changes) if c.action == EDIT else base


def describe_lost(c: FactCorrection) -> LostView:
    from lib.lang.vocab import label

    key = c.changes.get("indicator") or c.anchor.indicator
    return LostView(action=ACTION_LABELS[c.action], indicator=label(key) if key else "(未知指标)",
                    former=former_fact(c), figure=c.anchor.figure, evidence=c.anchor.evidence)


def reanchored(c: FactCorrection, text: str, facts: list, start: int, end: int) -> FactCorrection:
    """The correction pointed at text[start:end], the span a person picked: an added figure
    moves there; an edit, check or removal goes to the parser's figure in that span (the one
    of the same indicator first).  An added figure keeps its id (it replaces the old one); any
    other is a new correction (the caller drops the lost one).  ReviewError when the span holds
    no figure of the parser's."""
    if c.action == ADD:
        return replace(c, anchor=anchor_for_span(text, start, end), lost=False)
    if not (0 <= start < end <= len(text)):
        raise ReviewError("所选位置不在原文中")
    hits = [f for f in facts if f.fig_start < end and start < f.fig_end]
    if not hits:
        raise ReviewError("所选文字中没有解析出的数字,无法重新对应;可以改为「保留为手工添加」")
    f = min(hits, key=lambda g: (g.indicator != c.anchor.indicator, abs(g.fig_start - start)))
    return FactCorrection(c.action, anchor_of(f), dict(c.changes), note=c.note, created_at=c.created_at)


def kept_as_added(c: FactCorrection, values: Optional[dict] = None) -> FactCorrection:
    """The lost correction kept as a figure a person added (手工添加) with its old sentence as
    evidence: what it read (former_fact) with `values` (a form's fields) over it.  Found again
    if its sentence comes back, and no longer reported lost.  ReviewError for a removal (there
    is nothing to keep) or when the value is missing."""
    if c.action == REMOVE:
        raise ReviewError("删除的数字无需保留;请选择「放弃」")
    was = former_fact(c)
    if was is not None:
        base = {k: getattr(was, k) for k in EDITABLE}
    else:  # what the anchor and the edit still say
        base = {"indicator": c.anchor.indicator, **(c.changes if c.action == EDIT else {})}
    changes = clean_changes({**base, **(values or {})}, adding=True)
    return FactCorrection(ADD, replace(c.anchor, keep=True), changes, id=c.id if c.action == ADD else None,
                          note=c.note)


# ---- forms ------------------------------------------------------------------------------------

def changed_fields(f: Fact, values: dict) -> dict:
    """An edit form's values (EDITABLE keys) minus what the figure already says: the changes
    to store.  Values are validated first (ReviewError on a bad one)."""
    clean = clean_changes({k: v for k, v in values.items() if k in EDITABLE})
    out = {}
    for k, v in clean.items():
        was = getattr(f, k)
        if isinstance(v, float) and isinstance(was, (int, float)) and was is not None and math.isclose(v, was):
            continue
        if v != was:
            out[k] = v
    return out


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def first_number(snippet: str) -> Optional[float]:
    """The first number written in a snippet ('增长6.5%' -> 6.5), for the add form's default value."""
    m = _NUMBER.search((snippet or "").replace(",", ""))
    return float(m.group()) if m else None
