"""`python -m taiyaku inspect PATH [--json]` and `python -m taiyaku convert DUMPS_DIR OUT_DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from taiyaku.convert import convert_dir
from taiyaku.errors import DumpError
from taiyaku.readers import read
from taiyaku.summary import summarize


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return int(args.run(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="taiyaku", description="Bilingual article dumps to Markdown.")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    inspect = commands.add_parser(
        "inspect",
        help="show what was understood of one dump",
        description="Exit status: 0 read whole; 1 cannot be read; 2 read, with problems (e.g. cut short).",
    )
    inspect.add_argument("path", type=Path)
    inspect.add_argument("--json", action="store_true", help="print one JSON object (the fixtures' keys)")
    inspect.set_defaults(run=_inspect)
    convert = commands.add_parser("convert", help="write the Markdown pages of every dump in a folder")
    convert.add_argument("dumps_dir", type=Path)
    convert.add_argument("out_dir", type=Path)
    convert.set_defaults(run=_convert)
    return parser


def _inspect(args: argparse.Namespace) -> int:
    try:
        article = read(args.path)
    except DumpError as err:
        print(err, file=sys.stderr)
        return 1
    summary = summarize(article)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    if article.problems:
        print(f"{article.path}: {'; '.join(article.problems)}", file=sys.stderr)
    return INCOMPLETE if article.problems else 0


INCOMPLETE = 2
"""`inspect`'s exit status for a dump that was read but has problems (cut short, over a limit);
1 is a dump that cannot be read at all."""


def _print_summary(summary: dict[str, object]) -> None:
    for key, value in summary.items():
        if isinstance(value, list) and value and key in _LISTED:
            print(f"{key}:")
            for item in value:
                print(f"  - {_item(key, item)}")
        else:
            print(f"{key}: {value}")


_LISTED = ("key_points", "warnings", "problems", "toc_ja", "toc_en", "found")


def _item(key: str, item: object) -> str:
    if key == "found" and isinstance(item, dict):
        where = f" on line {item['line']}" if item["line"] is not None else ""
        by = "found by" if item["by"] == "label" else "inferred:"
        return f"{item['part']}{where}: {by} {item['how']}"
    return " / ".join(item) if isinstance(item, list) else str(item)


def _convert(args: argparse.Namespace) -> int:
    if not args.dumps_dir.is_dir():
        print(f"{args.dumps_dir}: not a folder", file=sys.stderr)
        return 1
    report = convert_dir(args.dumps_dir, args.out_dir, log=lambda line: print(line, file=sys.stderr))
    for err in report.failures:
        print(f"WARNING - {err}", file=sys.stderr)
    for article in report.articles:
        if article.problems:
            print(f"WARNING - {article.path}: {'; '.join(article.problems)}", file=sys.stderr)
        for warning in article.warnings:
            print(f"note - {article.path}: {warning}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failures or any(a.problems for a in report.articles) else 0
