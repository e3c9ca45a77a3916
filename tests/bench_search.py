"""Search benchmark, run by hand (not a test): build an N-article corpus and measure the search.

    PYTHONPATH=hooks python tests/bench_search.py 1000 [--keep DIR]

Builds a throw-away copy of the project from `tests/make_corpus.py N`, then in Chromium,
for each query of tests/fixtures/search-queries.json on its language's home page, and again on the
other language's home (where it is found through the translation, if at all): bytes over
the network from opening the search to the first results (fresh browser context: cold cache),
and the time from the last keystroke to the results shown (cold, then again warm): the whole
first page, and its first results (the box shows the first few while the rest arrive: each
section is a request). English is typed a key at a time (every intermediate search counts), and
the time includes the box's 20 ms wait for the next keystroke; Japanese arrives at once, as an IME
commits it, and is searched at once. Prints the seconds the build
waited for the indexes after its last page as a share of the whole build, the memory of the
build's processes, and the indexes' sizes. Targets (issue 4): <= 400 KB, <= 300 ms, <= 25 % of
the build.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import FIXTURES_DIR, build, make_project  # noqa: E402

MAKE_CORPUS = Path(__file__).resolve().parent / "make_corpus.py"
QUERIES = json.loads((FIXTURES_DIR.parent / "search-queries.json").read_text(encoding="utf-8"))
HOME = {"ja": "/", "en": "/en/"}


class MemorySampler(threading.Thread):
    """The resident memory of this process's descendants (the build and its workers), sampled
    twice a second: the largest single process and the largest sum at one moment."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.largest = self.total = 0
        self.done = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.done.wait(0.5):
            parents, rss = {}, {}
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                except OSError:
                    continue
                pid = int(status.parent.name)
                parents[pid] = int(fields["PPid"])
                rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) // 1024
            mine = [pid for pid in parents if self._descends(pid, me, parents) and pid != me]
            self.largest = max([self.largest, *(rss[pid] for pid in mine)])
            self.total = max(self.total, sum(rss[pid] for pid in mine))

    @staticmethod
    def _descends(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
        while pid > 1:
            if pid == ancestor:
                return True
            pid = parents.get(pid, 0)
        return False


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        crossed = [{**case, "site": "en" if case["lang"] == "ja" else "ja"} for case in QUERIES]
        for case in [{**case, "site": case["lang"]} for case in QUERIES] + crossed:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            received: list[int] = []
            cdp.on("Network.loadingFinished", lambda event, received=received: received.append(event["encodedDataLength"]))
            page.goto(origin + HOME[case["site"]])
            page.wait_for_load_state("networkidle")
            row = {"lang": case["lang"], "site": case["site"], "query": case["query"]}
            page.evaluate(
                """() => {
                     const root = document.querySelector('.tk-search');
                     root.querySelector('input.md-search__input').addEventListener('input', () => { window.__last = performance.now(); });
                     new MutationObserver(() => { window.__shown = performance.now(); }).observe(root, {attributeFilter: ['data-shown']});
                     new MutationObserver(() => {
                       if (!window.__first && (root.dataset.first || '').endsWith(':' + window.__query)) window.__first = performance.now();
                     }).observe(root, {attributeFilter: ['data-first']});
                   }"""
            )
            for run in ("cold", "warm"):
                received.clear()  # from opening the search: what loads then counts too
                page.keyboard.press("/")
                page.fill(".tk-search .md-search__input", "")
                page.wait_for_function("() => !document.querySelector('.tk-search').dataset.shown")
                page.evaluate("q => { window.__query = q; window.__first = 0; }", case["query"])
                if case["lang"] == "ja":
                    page.keyboard.insert_text(case["query"])  # an IME commits the word at once
                else:
                    page.keyboard.type(case["query"], delay=120)
                page.wait_for_function(
                    "q => (document.querySelector('.tk-search').dataset.shown || '').endsWith(':' + q)", arg=case["query"], timeout=60000
                )
                ms = page.evaluate("() => window.__shown - window.__last")  # last keystroke to results
                # ... to the first results: the first few, shown while the rest of the page arrives
                row[f"{run}_first_ms"] = round(page.evaluate("() => (window.__first || window.__shown) - window.__last"))
                page.wait_for_timeout(200)  # let the fragments of the shown results finish arriving
                row[f"{run}_ms"] = round(ms)
                row[f"{run}_bytes"] = sum(received)
                row["results"] = page.locator(".tk-search .md-search-result__item").count()
                row["crossed"] = page.locator(".tk-search .tk-search__via").count()  # found through the translation
            rows.append(row)
            context.close()
        browser.close()
    httpd.shutdown()
    return rows


def index_sizes(site: Path) -> dict[str, str]:
    sizes = {}
    for index in sorted((site / "search").iterdir()):
        chunks = [f.stat().st_size for f in (index / "c").iterdir()]
        fragments = [f.stat().st_size for f in (index / "f").iterdir()]
        meta = (index / "index.jz").stat().st_size
        sizes[index.name] = (
            f"{(sum(chunks) + sum(fragments) + meta) / 1e6:.1f} MB; index.jz {meta / 1e3:.1f} KB; "
            f"{len(chunks)} chunks, median {statistics.median(chunks) / 1e3:.1f} KB, largest {max(chunks) / 1e3:.1f} KB; "
            f"{len(fragments)} fragments, median {statistics.median(fragments) / 1e3:.1f} KB"
        )
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temporary folder)")
    parser.add_argument("--site", type=Path, help="measure this built site (of n articles) instead of building one")
    args = parser.parse_args()
    if args.site:
        print_rows(measure(args.site))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix=f"taiyaku-bench-{args.n}-"))
    dumps = work / "corpus"
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(args.n), str(dumps)], check=True)
    project = make_project(work / "project", sorted(dumps.iterdir()), home_page_size=20)
    sampler = MemorySampler()
    sampler.start()
    result = build(project, timeout=7200)
    sampler.done.set()
    assert result.returncode == 0, result.output[-3000:]
    report = re.search(r"search index: .*; (\d+\.\d+) s", result.output)
    assert report, result.output[-3000:]
    index_seconds = float(report.group(1))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.n} articles: build {result.seconds:.1f} s, {report.group(0)}")
    print(f"index share of the build: {100 * index_seconds / result.seconds:.1f} %; largest process's peak RSS {peak:.0f} MB")
    print(f"sampled RSS: largest process {sampler.largest} MB, all build processes together {sampler.total} MB")
    print("\n".join(line for line in result.output.splitlines() if "taiyaku:" in line and "dumps/" not in line))
    for lang, size in index_sizes(result.site).items():
        print(f"index {lang}: {size}")
    print_rows(measure(result.site))
    print(f"site kept in {work}" if args.keep else f"work folder: {work}")


def print_rows(rows: list[dict]) -> None:
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    for kind, chosen in (("own language", [r for r in rows if r["lang"] == r["site"]]),
                         ("other language's site", [r for r in rows if r["lang"] != r["site"]])):
        for run in ("cold", "warm"):
            ms = [r[f"{run}_ms"] for r in chosen]
            first = [r[f"{run}_first_ms"] for r in chosen]
            kb = [r[f"{run}_bytes"] / 1000 for r in chosen]
            print(f"{kind}, {run}: median {statistics.median(ms)} ms (max {max(ms)}), first results {statistics.median(first)} ms "
                  f"(max {max(first)}); bytes median {statistics.median(kb):.0f} KB (max {max(kb):.0f} KB)")


if __name__ == "__main__":
    main()
