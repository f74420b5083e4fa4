"""`python -m lib library ...`: the report library from the command line.

  add FILE... [--db PATH]          add files (txt/docx/pdf/html); one line per file; also tables
                                   (.csv/.tsv/.jsonl/.xlsx/.dta/.parquet, one report a row), folders
                                   and .zip files [--jobs N] [--text-column COL] (lib.store.importing)
  list [--db PATH] [--deleted]     CSV with a header, one row per report, to stdout
  remove ID_OR_FILE... [--db PATH] delete for good (no undo on the command line)
  export OUT [--what ...]          OUT.zip: whole library (merge it with `import`);
                                   OUT.csv / OUT.xlsx: facts or reports; OUT.sqlite: a backup
  import LIBRARY.zip...            merge exported libraries (content already present is skipped)
  correct ID_OR_FILE --city ..    save a metadata correction (--clear: back to inferred)
  reextract [ID_OR_FILE...]        parse again (default: reports from an older parser)
  facts export FILE.xlsx           every figure with id, provenance, doubts and evidence
  facts import FILE.xlsx [--dry-run]  the edits made in that workbook become fact corrections

Exit codes: 0 all done (content already present counts as done), 1 some files or reports
failed (each named on stderr in Chinese; the rest of the batch went on), 2 bad usage,
3 the library itself cannot be opened.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from lib.store.library import Library
from lib.store.records import ENTRY_COLUMNS, LibraryError, db_error_text
from lib.present.escape import terminal_text

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_DB = 0, 1, 2, 3

DESCRIPTION = """报告库:在命令行添加、列出、删除、导出和导入报告。

  add 文件...            加入报告(txt、docx、pdf、html),每个文件一行结果
  list                   列出报告库:CSV(带表头,每份报告一行)输出到 stdout
  remove 编号或文件名... 永久删除(命令行没有撤销)
  export 输出文件        .zip 整个库(可用 import 合并);.csv / .xlsx 指标或报告表;.sqlite 数据库备份
  import 库文件.zip...   合并导出的库,已有的内容不会重复添加
  correct 编号或文件名   修正地区、级别、年份(--clear 恢复自动识别的结果)
  reextract [编号...]    重新抽取(默认:由旧版解析器抽取的报告)
  facts export 文件.xlsx 导出全部指标(编号、核对状态、疑点、原文),供在 Excel 中核对修改
  facts import 文件.xlsx 把 Excel 中的修改(改值、删行、加行、标为已核对)存为人工修正

退出码:0 全部完成(已在库中的内容也算完成);1 有文件或报告失败(失败的文件逐个以中文
写在 stderr,其余照常处理);2 用法错误;3 报告库本身无法打开。"""


def _open(args) -> Library:
    return Library(getattr(args, "db", None))


def _report(results, quiet: bool = False) -> int:
    failed = 0
    for r in results:
        if r.status == "error":
            failed += 1
            print(terminal_text(r.message), file=sys.stderr)
        elif not quiet:
            print(terminal_text(r.message), file=sys.stderr if r.status == "duplicate" else sys.stdout)
    added = sum(r.status == "added" for r in results)
    dup = sum(r.status == "duplicate" for r in results)
    print(f"新增 {added} 份,已存在 {dup} 份,失败 {failed} 份", file=sys.stderr)
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_add(args) -> int:
    from lib.store import importing as ci

    lib = _open(args)
    if not (args.jobs or args.text_column or any(ci.is_corpus_source(f) for f in args.files)):
        return _report(lib.add_paths(args.files, source="cli"), args.quiet)
    # tables, folders and zips (lib.store.importing): parsed on every core, resumable
    bar = None if args.quiet or not sys.stderr.isatty() and not args.progress else ci.text_bar(sys.stderr)
    results, notes = ci.import_paths(lib, args.files, jobs=args.jobs, text_column=args.text_column,
                                     progress=bar)
    for note in notes:
        print(note, file=sys.stderr)
    return _report(results, args.quiet or len(results) > 200)


def cmd_list(args) -> int:
    lib = _open(args)
    w = csv.DictWriter(sys.stdout, fieldnames=ENTRY_COLUMNS + ["deleted"], extrasaction="ignore",
                       lineterminator="\n")
    w.writeheader()
    for e in lib.entries(include_deleted=args.deleted):
        row = e.as_row()
        row["deleted"] = "1" if e.deleted else ""
        # a name or title may hold terminal escapes or a right-to-left override: never printed raw
        w.writerow({k: ("" if row.get(k) is None else terminal_text(row[k])) for k in w.fieldnames})
    return EXIT_OK


def cmd_remove(args) -> int:
    lib = _open(args)
    failed = 0
    for x in args.reports:
        try:
            for name in lib.remove([x], permanent=True):
                print(f"已删除「{name}」")
        except LibraryError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
    return EXIT_PARTIAL if failed else EXIT_OK


def cmd_export(args) -> int:
    lib = _open(args)
    out = Path(args.out)
    ext = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    if ext == ".zip":
        lib.export_library(out)
        print(f"已导出整个库({lib.count()} 份报告)-> {out}")
        return EXIT_OK
    if ext in (".sqlite", ".db", ".sqlite3"):
        lib.backup(out)
        print(f"已备份数据库 -> {out}")
        return EXIT_OK
    if ext not in (".csv", ".xlsx"):
        print(f"无法导出到「{out.name}」:请用 .zip(整个库)、.csv、.xlsx 或 .sqlite 作扩展名", file=sys.stderr)
        return EXIT_USAGE
    what = args.what or ("all" if ext == ".xlsx" else "facts")
    if ext == ".csv" and what == "all":
        print("CSV 只能导出一张表:请用 --what facts 或 --what reports", file=sys.stderr)
        return EXIT_USAGE
    out.write_bytes(lib.export_table(what, ext[1:]))
    label = {"facts": "指标", "reports": "报告", "all": "指标和报告"}[what]
    print(f"已导出{label} -> {out}")
    return EXIT_OK


def cmd_import(args) -> int:
    lib = _open(args)
    results = []
    for f in args.files:
        p = Path(f)
        if not p.is_file():
            from lib.store.intake import safe_name
            from lib.store.records import AddResult

            results.append(AddResult(safe_name(f), "error", f"无法导入「{safe_name(f)}」:文件不存在"))
            continue
        results.extend(lib.import_library(p, name=p.name))
    return _report(results, args.quiet)


def cmd_correct(args) -> int:
    lib = _open(args)
    fields = {k: getattr(args, k) for k in ("province", "city", "district", "level", "review_year",
                                            "plan_year", "title") if getattr(args, k) is not None}
    try:
        if args.clear:
            e = lib.clear_corrections(args.report)
        elif not fields:
            print("没有要修改的字段:请给出 --province、--city、--level、--review-year 等", file=sys.stderr)
            return EXIT_USAGE
        else:
            e = lib.save_correction(args.report, **fields)
    except LibraryError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PARTIAL
    m = e.meta
    print(f"「{e.file}」:{m.place} {m.level} 回顾 {m.review_year or '?'} 年,计划 {m.plan_year or '?'} 年")
    return EXIT_OK


def cmd_reextract(args) -> int:
    lib = _open(args)
    try:
        results = lib.reextract(args.reports or None)
    except LibraryError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PARTIAL
    if not results:
        print("没有需要重新抽取的报告", file=sys.stderr)
    return _report(results, args.quiet)


def cmd_facts_export(args) -> int:
    from lib.store.workbook import export_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"无法导出到「{out.name}」:请用 .xlsx 作扩展名", file=sys.stderr)
        return EXIT_USAGE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(export_workbook(_open(args)))
    print(f"已导出全部指标 -> {out}")
    return EXIT_OK


def cmd_facts_import(args) -> int:
    from lib.store.workbook import import_workbook

    p = Path(args.file)
    if not p.is_file():
        print(f"无法导入「{p.name}」:文件不存在", file=sys.stderr)
        return EXIT_PARTIAL
    rep = import_workbook(_open(args), p.read_bytes(), dry_run=args.dry_run)
    lines = rep.lines()
    if args.dry_run:
        lines[0] = "(试运行,未保存)" + lines[0]
    for line in lines:
        print(line, file=sys.stderr if line.startswith(("拒绝", "未导入")) else sys.stdout)
    return EXIT_OK if rep.ok else EXIT_PARTIAL


def _guard(func):
    def run(args) -> int:
        try:
            return func(args)
        except LibraryError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_DB
        except BrokenPipeError:  # `library list | head`
            return EXIT_OK
        except __import__("sqlite3").DatabaseError as exc:
            print(f"报告库无法使用:{db_error_text(exc)}", file=sys.stderr)
            return EXIT_DB
    return run


def _db_option(default):
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", default=default, metavar="PATH",
                        help="报告库文件(默认:环境变量 GOVREPORT_DB,或 data/library.sqlite)")
    return parent


def register(subparsers) -> None:
    """Add `library` and its subcommands to the `python -m lib` parser."""
    # --db before or after the subcommand; the subcommands' own copy must not reset it
    db = _db_option(argparse.SUPPRESS)
    quiet = argparse.ArgumentParser(add_help=False)
    quiet.add_argument("-q", "--quiet", action="store_true", help="只输出失败的文件和汇总")

    lp = subparsers.add_parser("library", parents=[_db_option(None)], help="报告库:添加、列出、删除、导出、导入报告",
                               description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = lp.add_subparsers(dest="library_command", required=True)
    _register_files(sub, db, quiet)
    _register_reports(sub, db, quiet)


def _register_files(sub, db, quiet) -> None:
    """add, list, remove, export, import: files in and out of the library."""
    p = sub.add_parser("add", parents=[db, quiet], help="把文件加入报告库(也可是表格、文件夹或 zip)")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="报告文件;或每行一份报告的表格(.csv/.tsv/.jsonl/.xlsx/.dta/.parquet)、文件夹、.zip")
    p.add_argument("--jobs", type=int, metavar="N", help="并行解析的进程数(默认:CPU 核数)")
    p.add_argument("--text-column", dest="text_column", metavar="COL", help="表格中正文所在的列名")
    p.add_argument("--progress", action="store_true", help="即使不在终端也显示进度条")
    p.set_defaults(func=_guard(cmd_add))

    p = sub.add_parser("list", parents=[db], help="列出报告库(CSV,输出到 stdout)")
    p.add_argument("--deleted", action="store_true", help="同时列出已删除(可撤销)的报告")
    p.set_defaults(func=_guard(cmd_list))

    p = sub.add_parser("remove", parents=[db], help="从报告库删除报告(按编号、文件名或哈希前缀)")
    p.add_argument("reports", nargs="+", metavar="ID_OR_FILE")
    p.set_defaults(func=_guard(cmd_remove))

    p = sub.add_parser("export", parents=[db], help="导出:.zip 整个库,.csv/.xlsx 表格,.sqlite 备份")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--what", choices=["facts", "reports", "all"], help="表格导出的内容(默认 facts;xlsx 默认 all)")
    p.set_defaults(func=_guard(cmd_export))

    p = sub.add_parser("import", parents=[db, quiet], help="导入:合并导出的库文件(.zip),不重复添加")
    p.add_argument("files", nargs="+", metavar="LIBRARY_ZIP")
    p.set_defaults(func=_guard(cmd_import))


def _register_reports(sub, db, quiet) -> None:
    """correct, reextract, facts export/import: work on reports already in the library."""
    p = sub.add_parser("correct", parents=[db], help="修正报告的地区、级别或年份")
    p.add_argument("report", metavar="ID_OR_FILE")
    for flag in ("province", "city", "district", "level", "title"):
        p.add_argument(f"--{flag}")
    p.add_argument("--review-year", dest="review_year")
    p.add_argument("--plan-year", dest="plan_year")
    p.add_argument("--clear", action="store_true", help="清除全部修正,恢复自动识别的结果")
    p.set_defaults(func=_guard(cmd_correct))

    p = sub.add_parser("reextract", parents=[db, quiet], help="重新抽取(默认:旧版解析器抽取的报告)")
    p.add_argument("reports", nargs="*", metavar="ID_OR_FILE")
    p.set_defaults(func=_guard(cmd_reextract))

    fp = sub.add_parser("facts", parents=[db], help="在 Excel 中核对指标:导出,修改后导入")
    fsub = fp.add_subparsers(dest="facts_command", required=True)
    p = fsub.add_parser("export", parents=[db], help="导出全部指标(.xlsx)")
    p.add_argument("out", metavar="FILE.xlsx")
    p.set_defaults(func=_guard(cmd_facts_export))
    p = fsub.add_parser("import", parents=[db], help="把修改过的指标表(.xlsx)存为人工修正")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="只列出会做的修改,不保存")
    p.set_defaults(func=_guard(cmd_facts_import))
