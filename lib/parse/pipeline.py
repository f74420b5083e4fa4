"""The parser's one entry point: a file, bytes or pasted text in, a `Report` out.

Pure functions from text to records; pandas appears only in the table helpers
at the bottom (the edges).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ..model import ReadError, Report
from .bind import bind_all, shown_spans
from .clean import clean
from .doc import Doc
from .layout import paragraphs
from .meta import infer_meta
from .readers import check_length, read_bytes, read_path
from .sections import split_sections

PASTED = "(粘贴文本)"


# ---- the stages, each filling its layer of the Doc ------------------------------------------

def _clean(doc: Doc) -> None:
    doc.cleaned = clean(doc.raw)


def _layout(doc: Doc) -> None:
    doc.paragraphs = paragraphs(doc.cleaned.match)


def _meta(doc: Doc) -> None:
    doc.meta = infer_meta(doc.cleaned.match, doc.file)


def _sections(doc: Doc) -> None:
    doc.sections = split_sections(doc.cleaned.match, doc.meta.review_year, doc.meta.plan_year,
                                  doc.paragraphs)


def _facts(doc: Doc) -> None:
    run = bind_all(doc.cleaned, doc.sections, doc.meta,
                   decisions=doc.decisions if doc.layers else None)
    doc.facts = _with_parser_rules(run, doc)
    if doc.layers:  # every name and figure mapped back: a quarter of the binding's time
        doc.names, doc.quantities = shown_spans(run, run.names), shown_spans(run, run.quants)
    doc.meta = replace(doc.meta, chars=len(doc.cleaned.text), facts=len(doc.facts))


REPAIRED = "clean.repaired"  # cleaning repaired the figure's characters (lib/data/doubt_rules.csv)


def _with_parser_rules(run, doc: Doc) -> list:
    """Each fact with the codes of the rules that made it (Fact.parser_rules): the one that kept
    its figure, and REPAIRED when cleaning repaired it ("l2.5亿元" read by OCR is 12.5亿元)."""
    facts, kept = run.facts, run.rule_at
    repaired = doc.repaired_figures(facts)
    out = []
    for f in facts:
        codes = [c for c in (kept.get(f.fig_start, ""), REPAIRED if f.fig_start in repaired else "") if c]
        out.append(replace(f, parser_rules=";".join(codes)))
    return out


STAGES = (_clean, _layout, _meta, _sections, _facts)


def parse_doc(raw: str, file: str = PASTED, layers: bool = True) -> Doc:
    """Run every stage over one Doc and keep every layer (for `explain` and the 报告 page);
    without `layers`, the names, figures and decisions are not kept (a `Report` has none)."""
    doc = Doc(file=file, raw=check_length(raw, file), layers=layers)
    for stage in STAGES:
        stage(doc)
    return doc


def to_report(doc: Doc) -> Report:
    return Report(meta=doc.meta, text=doc.text, facts=doc.facts, sections=doc.sections,
                  warnings=doc.warnings)


def parse_text(raw: str, file: str = PASTED) -> Report:
    """Raises ReadError when the text is longer than readers.MAX_CHARS."""
    return to_report(parse_doc(raw, file, layers=False))


def parse_bytes(data: bytes, file: str) -> Report:
    """Raises ReadError (Chinese message) when the bytes are not a readable report."""
    return parse_text(read_bytes(data, file), file)


def parse_file(path: str | Path) -> Report:
    return parse_text(read_path(path), str(path))


def parse_files(paths: Iterable[str | Path]) -> tuple[list[Report], list[ReadError]]:
    """Parse a batch; a file that cannot be read is reported, and the rest go on."""
    reports, errors = [], []
    for p in paths:
        try:
            reports.append(parse_file(p))
        except ReadError as exc:
            errors.append(exc)
    return reports, errors


# ---- tables (pandas at the edges) -------------------------------------------------

FACT_COLUMNS = ["file", "province", "city", "district", "level", "place", "indicator", "label",
                "category", "section", "year", "value", "value_high", "unit", "qualifier",
                "estimated", "evidence", "start", "end", "provenance"]
REPORT_COLUMNS = ["file", "title", "province", "city", "district", "level", "adcode", "review_year",
                  "plan_year", "delivered", "chars", "facts"]


def fact_rows(reports: Iterable[Report]) -> list[dict]:
    rows = []
    for r in reports:
        m = r.meta
        for f in r.facts:
            row = f.as_row()
            row.update(file=m.file, province=m.province, city=m.city, district=m.district,
                       level=m.level, place=m.place)
            rows.append(row)
    return rows


def facts_frame(reports: Iterable[Report]):
    import pandas as pd

    return pd.DataFrame(fact_rows(reports), columns=FACT_COLUMNS + ["fig_start", "fig_end"])


def reports_frame(reports: Iterable[Report]):
    import pandas as pd

    return pd.DataFrame([r.meta.as_row() for r in reports],
                        columns=REPORT_COLUMNS + ["place", "place_confidence", "place_evidence",
                                                  "year_evidence"])
