"""The figures of the library as an Excel workbook a researcher edits, and back.

`export_workbook(lib)` writes one row per fact (sheet 指标): an id (编号 = report id - row # of
the 报告 page), where it comes from (核对: 解析 / 已核对 / 已修正 / 手工添加), its doubts and its
evidence.  The researcher changes values, deletes rows, adds rows (no 编号; 文件, 指标, 数值 and
原文数字 or 原文 to find it in the report) or writes 已核对 in 核对.  `import_workbook(lib, data)`
turns the differences into fact corrections (lib.store.corrections) and says in Chinese what changed,
what was refused and why.  A file that cannot be read, or lacks the needed columns, changes
nothing; a bad row is refused on its own.  A row deleted from a report none of whose rows are
left in the file is not a deletion (the report was simply not part of the file).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from lib.analysis import doubt as fd
from lib.store import anchors
from lib.store import corrections as fr
from lib.model import ADDED, CHECKED, PARSED

SHEET = "指标"
# (key, header): the columns of the 指标 sheet
COLUMNS = [("id", "编号"), ("file", "文件"), ("place", "地区"), ("indicator", "指标键"), ("label", "指标"),
           ("section", "类型"), ("year", "年份"), ("value", "数值"), ("value_high", "上限"), ("unit", "单位"),
           ("qualifier", "限定"), ("estimated", "预计数"), ("provenance", "核对"), ("doubt", "疑点"),
           ("figure", "原文数字"), ("evidence", "原文"), ("fig_start", "位置")]
HEADERS = {k: h for k, h in COLUMNS}
REQUIRED = ("id", "file", "indicator", "section", "year", "value", "unit", "qualifier", "provenance")
QUALIFIER_ZH = {"eq": "等于", "gt": "超过", "ge": "以上", "approx": "左右", "near": "接近", "le": "以内",
                "range": "区间"}
MAX_ROWS = 200_000
HELP = [
    ("如何使用", "改数值、单位、限定、类型、年份或指标键,删除整行,或在末尾加行;然后在「库」页面上传,"
                 "或运行 python -m lib library facts import 文件.xlsx。"),
    ("编号", "报告编号-报告页上的行号 #。不要改;新加的行留空。"),
    ("核对", "解析 / 已核对 / 已修正 / 手工添加。把「解析」改成「已核对」即标为已核对。"),
    ("新加的行", "填写 文件、指标键(或指标名称)、类型(实绩/目标/其他)、年份、数值、单位,"
                 "以及 原文数字(如“增长6.5%”)或 原文(所在句子),用来在报告中找到它。"),
    ("删除", "删除一行即删除这个数字;整份报告的行都不在文件中时,不作删除。"),
    ("限定", "等于、超过、以上、左右、接近、以内、区间(区间需填上限)。"),
]


class FileProblem(Exception):
    """The workbook as a whole cannot be used (Chinese); nothing is changed."""


@dataclass
class ImportReport:
    """What an import did (or would do, with dry_run), in Chinese lines."""

    changed: list = field(default_factory=list)
    checked: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    added: list = field(default_factory=list)
    refused: list = field(default_factory=list)
    error: str = ""  # the file itself could not be used: nothing changed
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.error and not self.refused

    def summary(self) -> str:
        if self.error:
            return f"未导入:{self.error}。库中内容没有任何改动。"
        return (f"修正 {len(self.changed)} 项,标为已核对 {len(self.checked)} 项,删除 {len(self.removed)} 项,"
                f"添加 {len(self.added)} 项,拒绝 {len(self.refused)} 行,未改动 {self.unchanged} 行")

    def lines(self) -> list[str]:
        out = [self.summary()]
        for title, items in (("修正", self.changed), ("已核对", self.checked), ("删除", self.removed),
                             ("添加", self.added), ("拒绝", self.refused)):
            out += [f"{title}:{x}" for x in items]
        return out


# ---- export -------------------------------------------------------------------------------------

@dataclass
class _Known:
    rid: int
    file: str
    num: int
    fact: object  # lib.model.Fact as shown (corrections applied)


def _current(lib) -> tuple[dict, dict, dict]:
    """(id -> _Known, file -> report id, file -> Report) for the live library."""
    from lib.present.highlight import numbered_facts

    ids = {e.file: e.id for e in lib.entries()}
    known, reports = {}, {}
    for r in lib.load_reports():
        rid = ids.get(r.meta.file)
        if rid is None:
            continue
        reports[r.meta.file] = r
        for num, f in numbered_facts(r):
            known[f"{rid}-{num}"] = _Known(rid, r.meta.file, num, f)
    return known, ids, reports


def fact_rows(lib) -> list[dict]:
    """One row per fact of the live library (keys: COLUMNS), as the workbook holds it."""
    known, _, reports = _current(lib)
    rows = []
    for fid, k in known.items():
        f, r = k.fact, reports[k.file]
        rows.append({"id": fid, "file": k.file, "place": r.meta.place, "indicator": f.indicator,
                     "label": f.label, "section": fr.SECTION_NAMES.get(f.section, f.section), "year": f.year,
                     "value": f.value, "value_high": f.value_high, "unit": f.unit,
                     "qualifier": QUALIFIER_ZH.get(f.qualifier, f.qualifier),
                     "estimated": "是" if f.estimated else "", "provenance": f.provenance or PARSED,
                     "doubt": ";".join(fd.doubt_reasons(f, r.facts, r.meta.level)),
                     "figure": anchors.figure_text(f), "evidence": f.evidence, "fig_start": f.fig_start})
    return rows


def export_workbook(lib) -> bytes:
    """The xlsx bytes: sheet 指标 (every fact) and sheet 说明 (how to edit it), written by the one
    table writer (lib.present.export) with this workbook's styles on top."""
    from lib.present.export import xlsx_bytes

    rows = [[row[k] for k, _ in COLUMNS] for row in fact_rows(lib)]
    return xlsx_bytes({SHEET: ([h for _, h in COLUMNS], rows), HELP_SHEET: (["项目", "说明"], HELP)},
                      style=_style)


HELP_SHEET = "说明"
GREY_COLUMNS = ("id", "place", "doubt", "fig_start")  # the columns not to edit
WIDTHS = {"evidence": 60, "doubt": 30, "file": 24, "label": 18}


def _style(sheet: str, ws) -> None:
    """Fixed widths, the columns not to edit greyed, the header frozen; 说明 wide enough to read."""
    from openpyxl.styles import PatternFill

    if sheet == HELP_SHEET:
        ws.column_dimensions["A"].width = 12
        ws.column_dimensions["B"].width = 100
        return
    grey = PatternFill("solid", fgColor="EEEEEE")
    for i, (k, _) in enumerate(COLUMNS, 1):
        letter = ws.cell(1, i).column_letter
        ws.column_dimensions[letter].width = WIDTHS.get(k, 10)
        if k in GREY_COLUMNS:
            for cell in ws[letter][1:]:
                cell.fill = grey
    ws.freeze_panes = "B2"


# ---- import -------------------------------------------------------------------------------------

def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(Excel row number, {key: value}) of the 指标 sheet.  Raises FileProblem (Chinese)."""
    from openpyxl import load_workbook

    if not data:
        raise FileProblem("文件为空")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileProblem(f"不是有效的 Excel(.xlsx)文件({type(exc).__name__})") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if not header:
            raise FileProblem(f"工作表「{ws.title}」是空的")
        by_header = {h: k for k, h in COLUMNS} | {k: k for k, _ in COLUMNS}
        cols = [by_header.get(str(h).strip()) if h is not None else None for h in header]
        missing = [HEADERS[k] for k in REQUIRED if k not in cols]
        if missing:
            raise FileProblem(f"工作表「{ws.title}」缺少列:{'、'.join(missing)}(请使用导出的文件修改)")
        out = []
        for n, values in enumerate(it, 2):
            if n > MAX_ROWS:
                raise FileProblem(f"行数超过 {MAX_ROWS}")
            row = {k: v for k, v in zip(cols, values) if k}
            if any(v not in (None, "") for v in row.values()):
                out.append((n, row))
        return out
    except FileProblem:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise FileProblem(f"工作表无法读取({type(exc).__name__}),文件可能已损坏") from None
    finally:
        wb.close()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = str(v).strip()
    return s[1:] if s.startswith("'") else s


def _values(row: dict) -> dict:
    """The editable fields of a row, as clean_changes takes them."""
    out = {}
    ind = _text(row.get("indicator")) or _text(row.get("label"))
    if ind:
        out["indicator"] = ind
    for k in ("section", "year", "value", "value_high", "unit", "qualifier", "estimated"):
        if k in row:
            v = row.get(k)
            out[k] = _text(v) if k in ("section", "unit", "qualifier", "estimated") else v
    return out


@dataclass
class _Plan:
    """The corrections an import would store: (file, FactCorrection) and undo ids."""

    saves: list = field(default_factory=list)
    undo: list = field(default_factory=list)


def import_workbook(lib, data: bytes, dry_run: bool = False) -> ImportReport:
    """Turn an edited workbook into fact corrections (see the module doc)."""
    rep = ImportReport()
    try:
        rows = read_rows(data)
    except FileProblem as exc:
        rep.error = str(exc)
        return rep
    known, ids, reports = _current(lib)
    plan = _Plan()
    seen: set = set()
    for n, row in rows:
        fid = _text(row.get("id"))
        if fid:
            _plan_existing(lib, n, fid, row, known, seen, plan, rep)
        else:
            _plan_addition(n, row, ids, reports, plan, rep)
    files_in = {known[i].file for i in seen}
    for fid, k in known.items():
        if k.file in files_in and fid not in seen:
            _plan_removal(lib, fid, k, plan, rep)
    if not dry_run:
        _carry_out(lib, plan, rep)
    return rep


def _where(n: int, fid: str = "") -> str:
    return f"第 {n} 行" + (f"(编号 {fid})" if fid else "")


def _plan_existing(lib, n, fid, row, known, seen, plan, rep) -> None:
    k = known.get(fid)
    if k is None:
        rep.refused.append(f"{_where(n, fid)}:库中没有这个编号(报告可能已删除或重新抽取),请重新导出")
        return
    if fid in seen:
        rep.refused.append(f"{_where(n, fid)}:编号重复,只采用第一行")
        return
    seen.add(fid)
    f = k.fact
    figure = _text(row.get("figure"))
    if "figure" in row and figure and re.sub(r"\s+", "", figure) != re.sub(r"\s+", "", anchors.figure_text(f)):
        rep.refused.append(f"{_where(n, fid)}:原文数字「{figure}」与库中「{anchors.figure_text(f)}」不符"
                           "(库在导出后有改动?),请重新导出")
        return
    try:
        changes = fr.changed_fields(f, _values(row))
    except anchors.ReviewError as exc:
        rep.refused.append(f"{_where(n, fid)}:{exc}")
        return
    what = f"「{k.file}」#{k.num} {f.label}「{anchors.figure_text(f) or f.value}」"
    if changes:
        if f.provenance == ADDED:
            add = next((c for c in fr.correction_for(f, lib.fact_corrections(k.rid)) if c.action == fr.ADD), None)
            if add is None:
                rep.refused.append(f"{_where(n, fid)}:找不到这条手工添加的记录")
                return
            plan.saves.append((k.rid, fr.FactCorrection(fr.ADD, add.anchor, {**add.changes, **changes}, id=add.id)))
        else:
            plan.saves.append((k.rid, fr.FactCorrection(fr.EDIT, anchors.anchor_of(f), changes)))
        rep.changed.append(f"{what}:" + ",".join(f"{HEADERS.get(c, c)} → {_shown(c, v)}" for c, v in changes.items()))
    elif _text(row.get("provenance")) == CHECKED and f.provenance == PARSED:
        plan.saves.append((k.rid, fr.FactCorrection(fr.CHECK, anchors.anchor_of(f))))
        rep.checked.append(what)
    else:
        rep.unchanged += 1


def _shown(key: str, value) -> str:
    if key == "section":
        return fr.SECTION_NAMES.get(value, value)
    if key == "qualifier":
        return QUALIFIER_ZH.get(value, value)
    if key == "estimated":
        return "是" if value else "否"
    return "空" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _plan_addition(n, row, ids, reports, plan, rep) -> None:
    file = _text(row.get("file"))
    r = reports.get(file)
    if r is None:
        rep.refused.append(f"{_where(n)}:新加的行需要库中已有的文件名(「{file or '空'}」不在库中)")
        return
    figure, evidence = _text(row.get("figure")), _text(row.get("evidence"))
    anchor = None
    if evidence:
        span = anchors.find_span(r.text, evidence)
        if span:
            inner = anchors.find_span(r.text[span[0]:span[1]], figure) if figure else None
            s, e = (span[0] + inner[0], span[0] + inner[1]) if inner else span
            anchor = anchors.anchor_for_span(r.text, s, e) if inner else anchors.Anchor(
                figure="", evidence=r.text[s:e], start=s, end=e, fig_start=s, fig_end=s)
    if anchor is None and figure:
        span = anchors.find_span(r.text, figure)
        if span:
            anchor = anchors.anchor_for_span(r.text, *span)
    if anchor is None:
        if not evidence:
            rep.refused.append(f"{_where(n)}:在「{file}」中找不到「{figure or '(空)'}」;请填写原文数字或原文句子")
            return
        anchor = anchors.Anchor(figure=figure, evidence=evidence[:anchors.MAX_TEXT])  # kept, flagged: not in the text
    try:
        values = fr.clean_changes(_values(row), adding=True)
    except anchors.ReviewError as exc:
        rep.refused.append(f"{_where(n)}:{exc}")
        return
    plan.saves.append((ids[file], fr.FactCorrection(fr.ADD, anchor, values)))
    rep.added.append(f"「{file}」{values.get('indicator')} = {values.get('value'):g}{values.get('unit', '')}"
                     + ("" if anchor.end else "(原文中未找到这句话,已保存并标为待复核)"))


def _plan_removal(lib, fid, k, plan, rep) -> None:
    f = k.fact
    what = f"「{k.file}」#{k.num} {f.label}「{anchors.figure_text(f) or f.value}」"
    if f.provenance == ADDED:
        plan.undo += [c.id for c in fr.correction_for(f, lib.fact_corrections(k.rid)) if c.action == fr.ADD]
    else:
        plan.saves.append((k.rid, fr.FactCorrection(fr.REMOVE, anchors.anchor_of(f))))
    rep.removed.append(what)


def _carry_out(lib, plan: _Plan, rep: ImportReport) -> None:
    from lib.store.records import LibraryError

    for rid, c in plan.saves:
        try:
            lib.save_fact_correction(rid, c)
        except LibraryError as exc:
            rep.refused.append(f"报告 {rid}:{exc}")
    if plan.undo:
        lib.delete_fact_corrections(plan.undo)
