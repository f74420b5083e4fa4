"""`python -m lib extract FILE... --out DIR [--xlsx]`: facts.csv, reports.csv and pairs.csv from report files.

Exit codes: 0 every file parsed, 1 some files failed (each named on stderr; the rest are written).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from lib.analysis.pairs import PAIR_COLUMNS, pair_rows
from lib.parse.pipeline import FACT_COLUMNS, REPORT_COLUMNS, fact_rows, parse_files
from lib.present.escape import terminal_text


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
    """UTF-8 CSV with a header; a missing or None value is an empty cell."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for row in rows:
            w.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})


def cmd_extract(args) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reports, errors = parse_files(args.files)
    facts = fact_rows(reports)
    metas = [r.meta.as_row() for r in reports]
    pairs = [p.as_row() for p in pair_rows(reports)]
    write_csv(out / "facts.csv", FACT_COLUMNS, facts)
    write_csv(out / "reports.csv", REPORT_COLUMNS, metas)
    write_csv(out / "pairs.csv", PAIR_COLUMNS, pairs)
    if args.xlsx:
        from lib.present.export import write_workbook

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
