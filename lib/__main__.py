"""Command line: `python -m lib extract FILE... --out DIR [--xlsx]`."""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .cli_library import register as register_library
from .pairs import PAIR_COLUMNS, pair_rows
from .safe_text import terminal_text
from .parse.pipeline import FACT_COLUMNS, REPORT_COLUMNS, fact_rows, parse_files


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> None:
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
    pairs = pair_rows(reports)
    write_csv(out / "facts.csv", FACT_COLUMNS, facts)
    write_csv(out / "reports.csv", REPORT_COLUMNS, metas)
    write_csv(out / "pairs.csv", PAIR_COLUMNS, pairs)
    if args.xlsx:
        from .export import write_workbook

        write_workbook(out / "extract.xlsx", {"facts": (FACT_COLUMNS, facts),
                                              "reports": (REPORT_COLUMNS, metas),
                                              "pairs": (PAIR_COLUMNS, pairs)})
    for err in errors:  # a path may hold terminal escapes: never printed raw
        print(terminal_text(str(err)), file=sys.stderr)
    print(f"{len(reports)} 份报告, {len(facts)} 条指标, {len(errors)} 个文件失败 -> {out}")
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib", description="政报对比:政府工作报告指标抽取")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="抽取指标,写出 facts.csv / reports.csv / pairs.csv")
    ex.add_argument("files", nargs="+")
    ex.add_argument("--out", required=True)
    ex.add_argument("--xlsx", action="store_true", help="同时写出 Excel 工作簿")
    ex.set_defaults(func=cmd_extract)
    register_library(sub)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
