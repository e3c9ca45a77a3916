"""Exactness benchmark, run by hand (not a test): the browser's results against an exhaustive
search (tests/search_reference.py) on a built site's sections.

    PYTHONPATH=hooks python tests/bench_search_exact.py SITE [--queries 150] [--out DIR]

SITE is a built site (`tests/bench_search.py N --keep DIR` leaves one in DIR/project/site). Its
indexed sections are read back from its fragments and indexed again with the code as it is now
into DIR (a temporary folder by default: no site build needed), then for each language the
shared search queries and `--queries` drawn from the text are searched in Chromium, cold, and
compared with the reference. Prints per language: the seconds the index took to write, its bytes
(dictionary, rests of cut lists, fragments), queries missed (no result where the reference has
some), the mean and lowest ratio of the first 10 results' BM25 to the reference's, queries whose
first 10 rank otherwise than the reference's, counts neither true nor marked as a lower bound,
and the bytes a query received (median, max); and every query that falls short.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import FIXTURES_DIR  # noqa: E402
from search_reference import BrowserSearch, Reference, compare, documents, queries, summary  # noqa: E402
from taiyaku.search.index import write  # noqa: E402

SHARED = json.loads((FIXTURES_DIR.parent / "search-queries.json").read_text(encoding="utf-8"))


def folder_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="taiyaku-exact-"))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        for lang in ("ja", "en"):
            docs = documents(args.site / "search" / lang)
            started = time.perf_counter()
            write(docs, out / lang)
            seconds = time.perf_counter() - started
            sizes = {part: folder_bytes(out / lang / part) for part in ("c", "r", "f")}
            print(f"{lang}: {len(docs)} articles, index written in {seconds:.1f} s; bytes {sizes}", flush=True)
            reference = Reference(docs)
            asked = [case["query"] for case in SHARED if case["lang"] == lang] + queries(docs, lang, args.queries)
            search = BrowserSearch(browser, out)
            results = []
            for query in asked:
                keys, more, received = search.search(lang, query)
                result = compare(reference, query, keys, more, received)
                results.append(result)
                if result.missed or result.ratio < 0.99 or not result.same_order or not result.count_true:
                    print("  short:", json.dumps(result.__dict__, ensure_ascii=False), flush=True)
            search.close()
            print(f"{lang}: {json.dumps(summary(results))}", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
