"""`python -m lib explain FILE [--indicator KEY] [--near TEXT]`: why each candidate figure was kept or
dropped; `python -m lib check-data`: are the data files in lib/data valid.

Exit codes: explain 0 shown, 1 the file cannot be read, 2 unknown indicator; check-data 0 valid, 1 problems.
"""
from __future__ import annotations

import sys

from lib.model import ReadError


def cmd_explain(args) -> int:
    from lib.lang.vocab import indicators
    from lib.parse.explain import explain, format_report, silent_sentences
    from lib.parse.pipeline import parse_doc
    from lib.parse.readers import read_path

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
    from lib.lang.validate import problems

    found = problems()
    print("\n".join(found) if found else "lib/data 中的数据文件全部有效。")
    return 1 if found else 0


def register(subparsers) -> None:
    why = subparsers.add_parser("explain", help="说明每个候选数字为何被保留或舍弃")
    why.add_argument("file")
    why.add_argument("--indicator", help="只看这个指标(key,如 gdp_growth)所在的句子")
    why.add_argument("--near", help="只看含有这段文字的句子")
    why.set_defaults(func=cmd_explain)
    chk = subparsers.add_parser("check-data", help="检查 lib/data 中的数据文件(列、指标、正则)")
    chk.set_defaults(func=cmd_check_data)
