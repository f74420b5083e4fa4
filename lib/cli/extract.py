"""`python -m lib extract FILE... --out DIR [--xlsx]`: facts.csv, reports.csv and pairs.csv from report files.

Exit codes: 0 every file parsed, 1 some files failed (each named on stderr; the rest are written).
"""
from __future__ import annotations

import sys
from pathlib import Path

from lib.analysis.pairs import PAIR_COLUMNS, pair_rows
from lib.parse.pipeline import FACT_COLUMNS, REPORT_COLUMNS, fact_rows, parse_files
from lib.present.escape import terminal_text
from lib.present.export import write_csv, write_workbook


def write_tables(out: Path, reports: list) -> tuple[list, list, list]:
    """facts.csv, reports.csv and pairs.csv of parsed reports in `out` (files for programs such as
    score_facts.py and pandas: no BOM); returns their rows."""
    facts = fact_rows(reports)
    metas = [r.meta.as_row() for r in reports]
    pairs = [p.as_row() for p in pair_rows(reports)]
    write_csv(out / "facts.csv", (FACT_COLUMNS, facts), bom=False)
    write_csv(out / "reports.csv", (REPORT_COLUMNS, metas), bom=False)
    write_csv(out / "pairs.csv", (PAIR_COLUMNS, pairs), bom=False)
    return facts, metas, pairs


def cmd_extract(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reports, errors = parse_files(args.files)
    facts, metas, pairs = write_tables(out, reports)
    if args.xlsx:
        write_workbook(out / "extract.xlsx", {"facts": (FACT_COLUMNS, facts),
                                              "reports": (REPORT_COLUMNS, metas),
                                              "pairs": (PAIR_COLUMNS, pairs)})
    for err in errors:  # a path may hold terminal escapes: never printed raw
        print(terminal_text(str(err)), file=sys.stderr)
    print(f"{len(reports)} 份报告, {len(facts)} 条指标, {len(errors)} 个文件失败 -> {out}")
    return 1 if errors else 0


def register(subparsers) -> None:
    ex = subparsers.add_parser("extract", help="抽取指标,写出 facts.csv / reports.csv / pairs.csv")
    ex.add_argument("files", nargs="+")
    ex.add_argument("--out", required=True)
    ex.add_argument("--xlsx", action="store_true", help="同时写出 Excel 工作簿")
    ex.set_defaults(func=cmd_extract)
