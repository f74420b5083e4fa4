"""`python -m lib panel --out FILE [--db PATH] [--indicators K,...] [--level 市] [--years 2015-2025]
[--wide|--long]`: the library as a place × year panel (lib.analysis.panel) for Stata, R and pandas.

Exit codes: 0 written, 2 bad usage (format, indicator, level, years), 3 the library cannot be opened.
"""
from __future__ import annotations

import sys

from lib.analysis.panel import FORMATS, LEVEL_CHOICES, PanelError, build_panel, parse_years, write_panel


def cmd_panel(args) -> int:
    from lib.store.library import Library
    from lib.store.records import LibraryError

    try:
        years = parse_years(args.years)
        keys = [k.strip() for k in (args.indicators or "").split(",") if k.strip()] or None
        try:
            library = Library(args.db)
            stale = library.stale_ids()
            if stale:  # a newer parser: the panel is of today's extraction (reads never re-extract)
                print(f"解析器已更新,先重新抽取 {len(stale)} 份报告…", file=sys.stderr)
                library.refresh_stale()
            reports = library.load_reports()
        except LibraryError as exc:
            print(str(exc), file=sys.stderr)
            return 3
        panel = build_panel(reports, keys, args.level, years)
        written = write_panel(panel, args.out, wide=not args.long)
    except PanelError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    places = len({(r.place, r.year) for r in panel.rows})
    print(f"{places} 个地区×年份,{len(panel.rows)} 个数值,{len(panel.alternatives)} 个未采用的重复或不一致数值"
          f" -> " + "、".join(str(p) for p in written))
    return 0


def register(subparsers) -> None:
    p = subparsers.add_parser("panel", help="导出面板数据(地区×年份;.csv/.xlsx/.dta/.parquet)",
                              description="把报告库导出为面板数据:每个地区×年份一行(--wide,默认)或每个数值一行"
                                          "(--long)。报告之间不一致时按“计划与实绩”的同一规则取一个值,"
                                          "未采用的值另存一表,并附指标说明。")
    p.add_argument("--db", metavar="PATH", help="报告库文件(默认:环境变量 GOVREPORT_DB,或 data/library.sqlite)")
    p.add_argument("--out", required=True, metavar="FILE", help="输出文件,格式按扩展名:" + "、".join(FORMATS))
    p.add_argument("--indicators", metavar="K,...", help="只导出这些指标(key,逗号分隔,如 gdp_growth,cpi)")
    p.add_argument("--level", choices=LEVEL_CHOICES, help="只导出这一级别的地区")
    p.add_argument("--years", metavar="2015-2025", help="只导出这些年份")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--wide", action="store_true", help="每个地区×年份一行,每个指标和类型一列(默认)")
    shape.add_argument("--long", action="store_true", help="每个数值一行")
    p.set_defaults(func=cmd_panel)
