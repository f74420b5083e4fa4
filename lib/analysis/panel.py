"""Panel data: one value per place × year × indicator × kind, for Stata, R and pandas.

`build_panel(reports, ...)` turns reports into typed records:
  PanelRow          one chosen value (kind "result" or "target") with its qualifier, 预计 flag,
                    provenance, file and evidence; a target carries its status.
  PanelAlternative  a value that lost to the chosen one (reports disagree or repeat), and why.

When reports disagree the value is picked by plan vs result's own rule (lib.analysis.pairs, reused, not
rewritten): the target by `pairs.choose_targets` (the report of that plan year, then the later
report, then the first statement), the result by `pairs.choose_result` (same unit as the target
or the indicator, final over 预计, the later report, the first statement) and the status is the
one `pairs.pair_rows` gives that target.  So a panel never says something the 计划与实绩 page
contradicts.

Writers (`write_panel`, `panel_bytes`) by extension: .csv (UTF-8 with BOM), .xlsx, .dta (Stata
118: Unicode, Chinese variable labels, value labels for status and qualifier), .parquet.  Each
export comes with the dropped alternatives and a codebook: a second and third sheet in .xlsx,
`<stem>_alternatives.<ext>` and `<stem>_codebook.<ext>` beside the other formats.  pandas only
at this edge.
"""
from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterable, Optional

from lib.analysis import pairs as pr
from lib.lang.vocab import indicators
from lib.model import PLAN, RANGE, RESULT, Report, ReportMeta
from lib.present import export

RESULT_KIND, TARGET_KIND = "result", "target"
KINDS = (RESULT_KIND, TARGET_KIND)
KIND_ZH = {RESULT_KIND: "实绩", TARGET_KIND: "目标"}
QUAL_ZH = {"eq": "等于", "gt": "超过", "ge": "以上", "approx": "左右", "near": "接近", "le": "以内",
           "range": "区间"}
FORMATS = export.FORMATS
LEVEL_CHOICES = ("国家", "省", "市", "区", "县", "区县")
MEASURE_ZH = {"level": "总量", "growth": "增速", "rate": "比率", "count": "数量", "ratio": "比值"}


class PanelError(Exception):
    """A bad request (unknown format, indicator or year span); the message is Chinese."""


@dataclass(frozen=True)
class PanelRow:
    place: str
    adcode: str
    level: str
    province: str
    city: str
    district: str
    year: int
    indicator: str
    kind: str  # result | target
    value: float
    value_high: Optional[float]
    qualifier: str
    unit: str
    estimated: bool
    status: str  # a target's: exceeded | met | missed | unknown; "" for a result
    provenance: str
    file: str
    evidence: str


@dataclass(frozen=True)
class PanelAlternative:
    place: str
    year: int
    indicator: str
    kind: str
    value: float
    value_high: Optional[float]
    qualifier: str
    unit: str
    estimated: bool
    provenance: str
    file: str
    evidence: str
    chosen_value: float
    chosen_file: str
    same_value: bool
    reason: str  # Chinese: why the chosen value won


@dataclass
class Panel:
    rows: list  # list[PanelRow], sorted by place, year, indicator order, kind
    alternatives: list  # list[PanelAlternative]
    indicators: list  # indicator keys present, vocabulary order


LONG_COLUMNS = [f.name for f in fields(PanelRow)]
ALT_COLUMNS = [f.name for f in fields(PanelAlternative)]
LONG_LABELS = {"place": "地区", "adcode": "行政区划代码", "level": "级别", "province": "省",
               "city": "市", "district": "区县", "year": "年份", "indicator": "指标键",
               "kind": "类型(result 实绩 / target 目标)", "value": "数值", "value_high": "区间上限",
               "qualifier": "限定词", "unit": "单位", "estimated": "是否预计数(1 是)",
               "status": "目标完成情况", "provenance": "来源(解析器或用户更正)", "file": "来源文件",
               "evidence": "原文句子", "chosen_value": "采用的数值", "chosen_file": "采用的文件",
               "same_value": "与采用值相同(1 是)", "reason": "未被采用的原因"}


# ---- choosing -----------------------------------------------------------------------------

def provenance(fact) -> str:
    """Where a fact comes from: the parser, or a user's correction (Fact.provenance when set)."""
    return getattr(fact, "provenance", "") or "parser"


def parse_years(text: Optional[str]) -> Optional[tuple]:
    """'2015-2025' / '2015–2025' / '2020' -> (first, last); None or '' -> None."""
    if not text or not str(text).strip():
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-–—~至到]\s*(\d{4}))?\s*", str(text))
    if not m:
        raise PanelError(f"年份范围「{text}」无法识别:请写成 2015-2025 或 2020")
    a, b = int(m.group(1)), int(m.group(2) or m.group(1))
    return (a, b) if a <= b else (b, a)


def _level_ok(meta: ReportMeta, level: Optional[str]) -> bool:
    if not level:
        return True
    if level == "区县":
        return meta.level in ("区", "县")
    return meta.level == level


def _trimmed(reports, keys: Optional[set], years: Optional[tuple], level: Optional[str]) -> list:
    """Reports with only the facts the panel can use (no text is read): filtering by indicator
    and year never changes a choice, which is made within one (place, indicator, year)."""
    out = []
    for r in reports:
        if not _level_ok(r.meta, level):
            continue
        facts = [f for f in r.facts
                 if f.section in (RESULT, PLAN) and f.year is not None
                 and (keys is None or f.indicator in keys)
                 and (years is None or years[0] <= f.year <= years[1])]
        if facts:
            out.append(Report(meta=r.meta, text="", facts=facts))
    return out


def _candidates(reports, section: str) -> dict:
    out = defaultdict(list)
    for r in reports:
        key = pr.place_key(r.meta)
        for f in r.facts:
            if f.section == section and f.year is not None and pr._finite(f.value) and f.indicator:
                out[(key, f.indicator, f.year)].append((f, r.meta))
    return out


def _reason(alt, won, kind: str, year: int) -> str:
    """Why `won` (Fact, meta) beat `alt` — described, the ranking itself is lib.analysis.pairs'."""
    (a, am), (w, wm) = alt, won
    if provenance(w) != provenance(a) and provenance(w) != "parser":
        return "用户更正优先于解析结果"
    if kind == TARGET_KIND and wm.plan_year == year and am.plan_year != year:
        return f"采用 {year} 年报告本身的目标"
    if kind == RESULT_KIND and a.unit != w.unit:
        return f"单位不同({a.unit or '无'}),采用单位为{w.unit or '无'}的数"
    if kind == RESULT_KIND and a.estimated and not w.estimated:
        return "预计数,已有正式数"
    if am.file == wm.file:
        return "同一报告中较后的重复表述"
    return "来自较早的报告,采用较晚报告的数"


def place_label(m: ReportMeta) -> str:
    """The place's full name; a report whose place is unknown is its own place, named by file."""
    hit = _LABELS.get(id(m))
    if hit is None or hit[0] is not m:  # one lookup per report, not per figure
        hit = _LABELS[id(m)] = (m, m.place if len(pr.place_key(m)) == 3 else f"未知地区({m.file})")
    return hit[1]


_LABELS: dict = {}


def _row(f, m: ReportMeta, kind: str, year: int, status: str) -> PanelRow:
    return PanelRow(place=place_label(m), adcode=m.adcode or "", level=m.level or "",
                    province=m.province, city=m.city, district=m.district, year=int(year),
                    indicator=f.indicator, kind=kind, value=float(f.value),
                    value_high=float(f.value_high) if f.qualifier == RANGE and pr._finite(f.value_high) else None,
                    qualifier=f.qualifier, unit=f.unit, estimated=bool(f.estimated), status=status,
                    provenance=provenance(f), file=m.file, evidence=f.evidence)


def _alt(alt, won, kind: str, year: int) -> PanelAlternative:
    (a, am), (w, wm) = alt, won
    return PanelAlternative(place=place_label(am), year=int(year), indicator=a.indicator, kind=kind,
                            value=float(a.value),
                            value_high=float(a.value_high) if a.qualifier == RANGE and pr._finite(a.value_high) else None,
                            qualifier=a.qualifier, unit=a.unit, estimated=bool(a.estimated),
                            provenance=provenance(a), file=am.file, evidence=a.evidence,
                            chosen_value=float(w.value), chosen_file=wm.file,
                            same_value=abs(float(a.value) - float(w.value)) < 1e-9 and a.unit == w.unit,
                            reason=_reason(alt, won, kind, year))


def build_panel(reports: Iterable[Report], keys: Optional[Iterable[str]] = None,
                level: Optional[str] = None, years: Optional[tuple] = None) -> Panel:
    """The panel of `reports` (see the module doc).  keys: indicator keys (None = all);
    level: 国家/省/市/区/县/区县; years: (first, last) inclusive."""
    vocab = indicators()
    keys = set(keys) if keys else None
    if keys:
        unknown = sorted(k for k in keys if k not in vocab)
        if unknown:
            raise PanelError("没有这些指标:" + "、".join(unknown) + "(指标见 lib/data/indicators.csv 的 key 列)")
    if level and level not in LEVEL_CHOICES:
        raise PanelError(f"级别「{level}」无法识别:可用 " + "、".join(LEVEL_CHOICES))
    reps = _trimmed(reports, keys, years, level)
    status = {(p.target_file, p.indicator, p.year): p.status.value for p in pr.pair_rows(reps)}
    targets = pr.choose_targets(reps)
    rows, alts = [], []
    for k, cands in _candidates(reps, PLAN).items():
        won = targets[k]
        rows.append(_row(*won, TARGET_KIND, k[2], status.get((won[1].file, k[1], k[2]), pr.UNKNOWN.value)))
        alts += [_alt(c, won, TARGET_KIND, k[2]) for c in cands if c[0] is not won[0]]
    for k, cands in _candidates(reps, RESULT).items():
        ind = vocab.get(k[1])
        unit = targets[k][0].unit if k in targets else (ind.unit if ind else cands[0][0].unit)
        won = pr.choose_result(cands, unit)
        rows.append(_row(*won, RESULT_KIND, k[2], ""))
        alts += [_alt(c, won, RESULT_KIND, k[2]) for c in cands if c[0] is not won[0]]
    order = {k: i for i, k in enumerate(vocab)}

    def sort_key(r):
        return (r.place, r.year, order.get(r.indicator, len(order)), r.indicator, r.kind)

    rows.sort(key=sort_key)
    alts.sort(key=sort_key)
    _LABELS.clear()
    present = sorted({r.indicator for r in rows}, key=lambda k: (order.get(k, len(order)), k))
    return Panel(rows, alts, present)


# ---- tables -------------------------------------------------------------------------------

WIDE_ID = ["place", "adcode", "level", "province", "city", "district", "year"]
WIDE_SUFFIXES = ("result", "result_qual", "result_est", "target", "target_high", "target_qual",
                 "status")
SUFFIX_ZH = {"result": "实绩", "result_qual": "实绩限定词", "result_est": "实绩为预计数",
             "target": "目标", "target_high": "目标区间上限", "target_qual": "目标限定词",
             "status": "目标完成情况"}


def wide_records(panel: Panel) -> tuple[list[str], list[dict]]:
    """One dict per place × year: the id columns, then per indicator WIDE_SUFFIXES columns."""
    columns = WIDE_ID + [f"{k}_{s}" for k in panel.indicators for s in WIDE_SUFFIXES]
    by: dict = {}
    for r in panel.rows:
        rec = by.get((r.place, r.year))
        if rec is None:
            rec = by[(r.place, r.year)] = {c: getattr(r, c) for c in WIDE_ID}
        k = r.indicator
        if r.kind == RESULT_KIND:
            rec.update({f"{k}_result": r.value, f"{k}_result_qual": r.qualifier,
                        f"{k}_result_est": int(r.estimated)})
        else:
            rec.update({f"{k}_target": r.value, f"{k}_target_high": r.value_high,
                        f"{k}_target_qual": r.qualifier, f"{k}_status": r.status})
    return columns, list(by.values())


def long_records(panel: Panel) -> tuple[list[str], list[dict]]:
    return LONG_COLUMNS, [asdict(r) for r in panel.rows]


def alternative_records(panel: Panel) -> tuple[list[str], list[dict]]:
    return ALT_COLUMNS, [asdict(a) for a in panel.alternatives]


def definition(key: str) -> str:
    ind = indicators().get(key)
    if ind is None:
        return ""
    better = "数值越低越好" if ind.better == "down" else "数值越高越好"
    unit = "百分比;增速为同比增长率" if ind.unit == "%" else ind.unit
    return f"{ind.category}·{MEASURE_ZH.get(ind.measure, ind.measure)}({unit}),{better}"


def codebook_records(panel: Panel, wide: bool) -> tuple[list[str], list[dict]]:
    """One row per indicator (indicator, label, unit, definition) and, for a wide panel, the
    columns it spans; then the fixed columns' meanings and the status and qualifier codes."""
    vocab = indicators()
    rows = []
    for k in panel.indicators:
        ind = vocab.get(k)
        rows.append({"indicator": k, "label": ind.label if ind else k, "unit": ind.unit if ind else "",
                     "definition": definition(k),
                     "columns": ", ".join(f"{k}_{s}" for s in WIDE_SUFFIXES) if wide else ""})
    cols = WIDE_ID if wide else LONG_COLUMNS
    rows += [{"indicator": f"[列] {c}", "label": LONG_LABELS.get(c, c), "unit": "", "definition": "",
              "columns": ""} for c in cols]
    rows += [{"indicator": f"[完成情况] {s}", "label": pr.STATUS_ZH[s], "unit": "",
              "definition": "按 lib/analysis/pairs.py 的规则判断(见 README)", "columns": ""} for s in pr.STATUSES]
    rows += [{"indicator": f"[限定词] {q}", "label": z, "unit": "", "definition": "", "columns": ""}
             for q, z in QUAL_ZH.items()]
    return ["indicator", "label", "unit", "definition", "columns"], rows


# ---- writing ------------------------------------------------------------------------------

def _frame(columns: list, rows: list):
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _stata_names(columns: list) -> dict:
    """Valid Stata names (≤ 32 ASCII characters, unique): the indicator part is shortened."""
    out, used = {}, set()
    for c in columns:
        name = re.sub(r"[^A-Za-z0-9_]", "_", c)
        if len(name) > 32:
            suffix = next((f"_{s}" for s in sorted(WIDE_SUFFIXES, key=len, reverse=True)
                           if name.endswith(f"_{s}")), "")
            name = name[:32 - len(suffix)] + suffix
        base, n = name, 1
        while name in used:
            n += 1
            name = f"{base[:32 - len(str(n)) - 1]}_{n}"
        used.add(name)
        out[c] = name
    return out


def _variable_label(col: str) -> str:
    vocab = indicators()
    for s in sorted(WIDE_SUFFIXES, key=len, reverse=True):
        k = col[:-len(s) - 1]
        if col.endswith("_" + s) and k in vocab:
            ind = vocab[k]
            unit = f"({ind.unit})" if ind.unit and s in ("result", "target", "target_high") else ""
            return f"{ind.label}{unit}·{SUFFIX_ZH[s]}"[:80]
    return LONG_LABELS.get(col, col)[:80]


def _texty(col) -> bool:
    import pandas as pd

    return not isinstance(col.dtype, pd.CategoricalDtype) and (
        col.dtype == object or pd.api.types.is_string_dtype(col.dtype))


def _to_stata(df, title: str) -> bytes:
    """Stata 118 (Unicode): Chinese variable labels; status and qualifier as labelled integers."""
    import pandas as pd

    df = df.copy()
    for c in df.columns:
        if not len(df):  # pandas cannot label an empty column; an empty table keeps plain text
            df[c] = df[c].astype(object) if df[c].dtype != bool else df[c].astype("int8")
        elif c == "status" or c.endswith("_status"):
            df[c] = pd.Categorical(df[c].map(lambda s: pr.STATUS_ZH.get(s) if isinstance(s, str) else None),
                                   categories=[pr.STATUS_ZH[s] for s in pr.STATUSES])
        elif c == "qualifier" or c.endswith("_qual"):
            df[c] = pd.Categorical(df[c].map(lambda q: QUAL_ZH.get(q) if isinstance(q, str) else None),
                                   categories=list(QUAL_ZH.values()))
        elif df[c].dtype == bool or c in ("estimated", "same_value") or c.endswith("_est"):
            df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64") if df[c].isna().any() \
                else df[c].astype("int8")
        if _texty(df[c]):
            df[c] = df[c].map(lambda v: "" if v is None or v != v else str(v)).astype(object)
    names = _stata_names(list(df.columns))
    labels = {names[c]: _variable_label(c) for c in df.columns}
    df = df.rename(columns=names)
    return export.dta_bytes(df, labels, title)


def _frame_bytes(df, fmt: str, title: str) -> bytes:
    """One panel table in .csv / .dta / .parquet (the .xlsx workbook holds all three)."""
    if fmt == ".dta":
        return _to_stata(df, title)
    if fmt in (".csv", ".parquet"):
        return export.table_bytes(df, fmt)
    raise PanelError(f"不支持的格式「{fmt}」:可用 " + "、".join(FORMATS))


def _tables(panel: Panel, wide: bool) -> dict:
    return {"panel": _frame(*(wide_records(panel) if wide else long_records(panel))),
            "alternatives": _frame(*alternative_records(panel)),
            "codebook": _frame(*codebook_records(panel, wide))}


def _check_format(fmt: str) -> str:
    fmt = fmt.lower() if fmt.startswith(".") else "." + fmt.lower()
    if fmt not in FORMATS:
        raise PanelError(f"不支持的格式「{fmt}」:请用 " + "、".join(FORMATS) + " 作扩展名")
    return fmt


def write_panel(panel: Panel, out, wide: bool = True) -> list[Path]:
    """Write the panel to `out` (format by extension) and its alternatives and codebook:
    sheets of the same workbook for .xlsx, `<stem>_alternatives` / `<stem>_codebook` files
    beside it otherwise.  Returns the written paths."""
    out = Path(out)
    fmt = _check_format(out.suffix)
    out.parent.mkdir(parents=True, exist_ok=True)
    tables = _tables(panel, wide)
    if fmt == ".xlsx":
        out.write_bytes(export.xlsx_bytes(tables))
        return [out]
    written = []
    for name, df in tables.items():
        path = out if name == "panel" else out.with_name(f"{out.stem}_{name}{fmt}")
        path.write_bytes(_frame_bytes(df, fmt, f"政报对比 {name}"))
        written.append(path)
    return written


def panel_bytes(panel: Panel, fmt: str, wide: bool = True, stem: str = "panel") -> tuple[str, bytes]:
    """(file name, bytes) for a download: the workbook for .xlsx, else a zip of the three files."""
    fmt = _check_format(fmt)
    tables = _tables(panel, wide)
    if fmt == ".xlsx":
        return f"{stem}.xlsx", export.xlsx_bytes(tables)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            zf.writestr(stem + ("" if name == "panel" else f"_{name}") + fmt,
                        _frame_bytes(df, fmt, f"政报对比 {name}"))
    return f"{stem}_{fmt[1:]}.zip", buf.getvalue()
