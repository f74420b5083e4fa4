"""Command line: `python -m lib extract FILE... --out DIR [--xlsx]`, `explain FILE`, `library …`."""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from lib.cli.library import register as register_library
from lib.cli.panel import register as register_panel
from .model import ReadError
from lib.analysis.pairs import PAIR_COLUMNS, pair_rows
from lib.present.escape import terminal_text
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
        from lib.present.export import write_workbook

        write_workbook(out / "extract.xlsx", {"facts": (FACT_COLUMNS, facts),
                                              "reports": (REPORT_COLUMNS, metas),
                                              "pairs": (PAIR_COLUMNS, pairs)})
    for err in errors:  # a path may hold terminal escapes: never printed raw
        print(terminal_text(str(err)), file=sys.stderr)
    print(f"{len(reports)} 份报告, {len(facts)} 条指标, {len(errors)} 个文件失败 -> {out}")
    return 1 if errors else 0


def cmd_explain(args) -> int:
    from .lang.vocab import indicators
    from .parse.explain import explain, format_report, silent_sentences
    from .parse.pipeline import parse_doc
    from .parse.readers import read_path

    if args.indicator and args.indicator not in indicators():
        print(f"没有这个指标:{args.indicator}(指标见 lib/data/indicators.csv 的 key 列)", file=sys.stderr)
        return 2
    try:
        doc = parse_doc(read_path(args.file), args.file)
    except ReadError as err:
        print(str(err), file=sys.stderr)
        return 1
    whys = explain(doc, args.indicator, args.near)
    print(format_report(doc, whys, silent_sentences(doc, args.indicator, args.near)))
    return 0


def cmd_check_data(args) -> int:
    from .lang.validate import problems

    found = problems()
    print("\n".join(found) if found else "lib/data 中的数据文件全部有效。")
    return 1 if found else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib", description="政报对比:政府工作报告指标抽取")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="抽取指标,写出 facts.csv / reports.csv / pairs.csv")
    ex.add_argument("files", nargs="+")
    ex.add_argument("--out", required=True)
    ex.add_argument("--xlsx", action="store_true", help="同时写出 Excel 工作簿")
    ex.set_defaults(func=cmd_extract)
    why = sub.add_parser("explain", help="说明每个候选数字为何被保留或舍弃")
    why.add_argument("file")
    why.add_argument("--indicator", help="只看这个指标(key,如 gdp_growth)所在的句子")
    why.add_argument("--near", help="只看含有这段文字的句子")
    why.set_defaults(func=cmd_explain)
    chk = sub.add_parser("check-data", help="检查 lib/data 中的数据文件(列、指标、正则)")
    chk.set_defaults(func=cmd_check_data)
    register_library(sub)
    register_panel(sub)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
