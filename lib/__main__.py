"""Command line: `python -m lib extract FILE... --out DIR [--xlsx]`, `explain FILE`, `check-data`,
`library …`, `panel …`. Each command lives in lib/cli/; this module only dispatches."""
from __future__ import annotations

import argparse
import sys

from lib.cli import explain, extract, library, panel


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib", description="政报对比:政府工作报告指标抽取")
    sub = ap.add_subparsers(dest="command", required=True)
    for command in (extract, explain, library, panel):
        command.register(sub)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
