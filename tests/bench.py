"""Build-speed benchmark: `make bench N="250 1000"` (or `python tests/bench.py 250 1000`).

For each N it writes a corpus with tests/make_corpus.py, builds the site from it in a
throw-away copy of the project (cold: no cache, no pages), builds it again with no dump changed
(`--dirty`, as `make build` does), adds, changes and removes one dump under `mkdocs serve --dirty`
(as `make serve` does) timing each until the page and the home page are served with the new text,
and builds the same articles with stock MkDocs + Material + static-i18n (search on) as the
yardstick every time is divided by. One table; the figures go to a JSON file and a PNG plot.

Each build runs in its own process (`bench.py _build`), which times every plugin and hook event,
Markdown rendering and template rendering *exclusively* (a nested call's time counts for the
nested owner only: the i18n plugin runs the whole English build inside its on_post_build), so
the table can say where the time went:
- ours: the hooks under hooks/ (dump conversion, home pages, post-processing, feeds, and the
  wait for the search indexes after the last page);
- index: from the build's own line, the seconds it waited for the search indexes after its last
  page (part of ours);
- conversion: from the build's own line, the seconds of the dump conversion step;
- markdown: MkDocs' Page.render (Python-Markdown); templates: Jinja rendering.

Wall-clock seconds on a shared machine are noisy; CPU seconds (user + system, the process and its
conversion workers) are reported beside them, and --repeat keeps the fastest of several builds.
Not a test: nothing here runs under pytest.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from bench_search import MemorySampler  # noqa: E402
from conftest import interruptible  # noqa: E402

OURS = "ours"
MARKDOWN = "markdown"
TEMPLATES = "templates"
OTHER = "mkdocs, i18n, material (rest)"


MAKE_CORPUS = ROOT / "tests" / "make_corpus.py"
"""The corpus generator: N dumps made from the fixtures in tests/fixtures/dumps."""


# --- the build process ----------------------------------------------------------------------


def cpu_now() -> float:
    """CPU seconds of this process and of its children reaped so far (the conversion workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Clock:
    """Exclusive wall and CPU time per owner: while a timed call runs inside another, the outer
    owner's clocks stop."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._stack: list[list[float]] = []  # [wall start, cpu start, nested wall, nested cpu]

    def wrap(self, owner: str, func):
        def timed(*args, **kwargs):
            frame = [time.perf_counter(), cpu_now(), 0.0, 0.0]
            self._stack.append(frame)
            try:
                return func(*args, **kwargs)
            finally:
                self._stack.pop()
                wall, cpu = time.perf_counter() - frame[0], cpu_now() - frame[1]
                self.seconds[owner] = self.seconds.get(owner, 0.0) + wall - frame[2]
                self.cpu[owner] = self.cpu.get(owner, 0.0) + cpu - frame[3]
                if self._stack:
                    self._stack[-1][2] += wall
                    self._stack[-1][3] += cpu

        for attr in ("mkdocs_priority", "__name__", "__qualname__"):  # MkDocs orders events by priority
            if hasattr(func, attr):
                setattr(timed, attr, getattr(func, attr))
        return timed


def owner_of(plugin_name: str | None) -> str:
    name = plugin_name or "?"
    if name.startswith("hooks/") or name.endswith(".py"):
        return OURS
    return name


def run_build(project: Path, result_path: Path, extra: list[str]) -> None:
    """`mkdocs build` in this process, with the clocks in place; the figures go to `result_path`.
    `extra`: more arguments (`--dirty`), in sys.argv too, where mkdocs-static-i18n and our hooks look."""
    import jinja2
    import mkdocs.plugins
    import mkdocs.structure.pages
    from mkdocs.__main__ import cli

    clock = Clock()
    register = mkdocs.plugins.PluginCollection._register_event

    def timed_register(self, event_name, method, plugin_name=None):
        if callable(method) and not isinstance(method, mkdocs.plugins.CombinedEvent):
            method = clock.wrap(owner_of(plugin_name), method)
        return register(self, event_name, method, plugin_name=plugin_name)

    mkdocs.plugins.PluginCollection._register_event = timed_register
    mkdocs.structure.pages.Page.render = clock.wrap(MARKDOWN, mkdocs.structure.pages.Page.render)
    jinja2.Template.render = clock.wrap(TEMPLATES, jinja2.Template.render)

    collecting = [0.0, 0.0]  # seconds in the cyclic garbage collector; when the current pass began

    def gc_clock(phase: str, info: dict) -> None:
        if phase == "start":
            collecting[1] = time.perf_counter()
        else:
            collecting[0] += time.perf_counter() - collecting[1]

    gc.callbacks.append(gc_clock)
    os.chdir(project)
    started, cpu = time.perf_counter(), cpu_now()
    status = 0
    args = ["build", "-f", "mkdocs.yml", "-d", "site", *extra]
    sys.argv = ["mkdocs", *args]
    try:
        cli(args, standalone_mode=False)
    except SystemExit as stop:  # --strict and config errors
        status = int(stop.code or 0)
    wall, cpu = time.perf_counter() - started, cpu_now() - cpu
    seconds, cpu_seconds = dict(clock.seconds), dict(clock.cpu)
    seconds[OTHER] = max(0.0, wall - sum(seconds.values()))
    cpu_seconds[OTHER] = max(0.0, cpu - sum(cpu_seconds.values()))
    result = {
        "status": status,
        "wall": wall,
        "cpu": cpu,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "gc_seconds": collecting[0],
    }
    result_path.write_text(json.dumps(result), encoding="utf-8")


# --- the driver -----------------------------------------------------------------------------


def build_once(project: Path, log_path: Path, *extra: str) -> dict:
    """One build of `project` in a process of its own (`extra`: `--dirty` for an incremental build)."""
    result_path = project.parent / f"{project.name}.result.json"
    result_path.unlink(missing_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    with log_path.open("a", encoding="utf-8") as log, sampled() as memory:
        done = subprocess.run(
            [sys.executable, __file__, "_build", str(project), str(result_path), *extra],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if done.returncode != 0 or not result_path.is_file():
        raise SystemExit(f"build failed in {project}: see {log_path}")
    result = json.loads(result_path.read_text(encoding="utf-8"))
    result["tree_peak_mb"] = memory.total
    result["log"] = str(log_path)
    result["summary"] = _summary_line(log_path)
    result["index_wait"], result["index_cpu"] = _index_line(log_path)
    result["conversion"] = _conversion_seconds(log_path)
    return result


def _conversion_seconds(log_path: Path) -> float:
    found = re.findall(r"taiyaku: \d+ articles \(\d+ from cache\).*?; (\d+\.\d+) s;", log_path.read_text(encoding="utf-8"))
    return float(found[-1]) if found else 0.0


def _index_line(log_path: Path) -> tuple[float, float]:
    """(seconds waited, CPU seconds of the indexers) from the build's search index line."""
    lines = [line for line in log_path.read_text(encoding="utf-8").splitlines() if "taiyaku search index:" in line]
    if not lines:
        return 0.0, 0.0
    busy = sum(float(s) for s in re.findall(r"sections, (\d+\.\d+) s\)", lines[-1]))
    return float(re.search(r"; (\d+\.\d+) s$", lines[-1]).group(1)), busy


def _summary_line(log_path: Path) -> str:
    lines = [line for line in log_path.read_text(encoding="utf-8").splitlines() if "taiyaku: built" in line]
    return lines[-1].split("-  ", 1)[-1] if lines else ""


def site_figures(site: Path) -> dict:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    pages = [p.stat().st_size for pattern in ("articles/*/index.html", "en/articles/*/index.html") for p in site.glob(pattern)]
    return {
        "site_mb": total / 1e6,
        "article_pages": len(pages),
        "median_page_kb": statistics.median(pages) / 1e3 if pages else 0.0,
        "max_page_kb": max(pages) / 1e3 if pages else 0.0,
    }


@contextmanager
def sampled() -> Iterator[MemorySampler]:
    """The memory of every process this one starts meanwhile (the build, its conversion workers
    and search indexers), the largest sum at one moment in `.total` (MB)."""
    sampler = MemorySampler()
    sampler.start()
    try:
        yield sampler
    finally:
        sampler.done.set()
        sampler.join()


# --- incremental publishing under `mkdocs serve --dirty` (what `make serve` runs) --------------

PROBE = "bench-live-probe"
"""The slug of the dump the serve measurement adds, changes and removes."""


class Served:
    """`mkdocs serve --dirty` on a project, its output appended to a log."""

    def __init__(self, project: Path, log_path: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        self.log = log_path.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"],
            cwd=project, env=env, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=interruptible,
        )

    def text(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def until(self, ready: Callable[[], bool], timeout: float = 900.0) -> float:
        """Seconds until `ready()`, polled every 50 ms."""
        started = time.perf_counter()
        while not ready():
            if self.process.poll() is not None or time.perf_counter() - started > timeout:
                raise SystemExit(f"serve: gave up waiting; see {self.log.name}")
            time.sleep(0.05)
        return time.perf_counter() - started

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs runs the hooks' on_shutdown
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=60)
        self.log.close()


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _gone(served: Served, article: str, title: str) -> bool:
    return served.text(article)[0] == 404 and title not in served.text("/")[1]


def _probe_dump(template: str, title: str) -> str:
    """A corpus dump made the probe: its own slug, the newest date (first on the home pages) and
    `title` as its Japanese title (the first line after the front matter)."""
    front, body = template.split("\n---\n", 1)
    front = re.sub(r"(?m)^slug: .*$", f"slug: {PROBE}", front)
    front = re.sub(r"(?m)^published: .*$", "published: 2099-12-31", front)
    rest = body.split("\n", 1)[1]
    return f"{front}\n---\n{title}\n{rest}"


def serve_edits(project: Path, log_path: Path, edits: int) -> dict[str, list[float]]:
    """Seconds from a dump written (added, changed) or deleted to its article page and home page
    served with the new text, `edits` times each, under `mkdocs serve --dirty`."""
    template = sorted((project / "dumps").iterdir())[0].read_text(encoding="utf-8")
    served = Served(project, log_path)
    seconds: dict[str, list[float]] = {"add": [], "change": [], "remove": []}
    article, dump = f"/articles/{PROBE}/", project / "dumps" / f"{PROBE}.txt"

    def showing(title: str) -> Callable[[], bool]:
        return lambda: title in served.text(article)[1] and title in served.text("/")[1]

    def finished() -> tuple[int, int]:
        """Builds ended, and search indexes written (under serve, after their build)."""
        text = log_path.read_text(encoding="utf-8")
        return text.count("taiyaku: built"), text.count("taiyaku search index:")

    def timed(edit: Callable[[], None], ready: Callable[[], bool]) -> float:
        """Seconds from `edit` to `ready()`; then waits for that rebuild and its search index to
        end, so that the next edit meets an idle server."""
        builds, indexes = finished()
        edit()
        seconds = served.until(ready)
        served.until(lambda: finished()[0] > builds and finished()[1] > indexes)
        return seconds

    try:
        served.until(lambda: served.text("/")[0] == 200)
        served.until(lambda: finished()[1] > 0)  # the start's search index: else the first edit's wait counts it
        for edit in range(edits):
            added, changed = f"速報 probe{edit}a", f"速報 probe{edit}c"
            seconds["add"].append(timed(functools.partial(_write, dump, _probe_dump(template, added)), showing(added)))
            seconds["change"].append(timed(functools.partial(_write, dump, _probe_dump(template, changed)), showing(changed)))
            seconds["remove"].append(timed(dump.unlink, functools.partial(_gone, served, article, changed)))
    finally:
        served.stop()
    return seconds


# --- stock MkDocs + Material + mkdocs-static-i18n on the same articles ----------------------

STOCK_CONFIG = """site_name: stock
site_url: https://stock.example.org/
docs_dir: docs
theme:
  name: material
  language: ja
nav:
  - Home: index.md
not_in_nav: |
  /articles/
validation:
  links:
    unrecognized_links: ignore
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: false
      reconfigure_material: true
      languages:
        - locale: ja
          name: 日本語
          default: true
          build: true
        - locale: en
          name: English
          build: true
"""


def stock_project(work: Path, project: Path) -> Path:
    """The articles our build converted (docs/articles/*.md, the side-by-side views left out) as
    a stock project: Material, static-i18n, Material's search, a nav of one home page, and our
    Markdown extensions (the pages are written for them)."""
    stock = work / f"{project.name}-stock"
    shutil.rmtree(stock, ignore_errors=True)
    (stock / "docs" / "articles").mkdir(parents=True)
    for page in (project / "docs" / "articles").glob("*.md"):
        shutil.copy2(page, stock / "docs" / "articles" / page.name)
    for lang in ("ja", "en"):
        (stock / "docs" / f"index.{lang}.md").write_text("# Home\n", encoding="utf-8")
    ours = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    extensions = ours[ours.index("\nmarkdown_extensions:") :]
    (stock / "mkdocs.yml").write_text(STOCK_CONFIG + extensions, encoding="utf-8")
    return stock


def stock_build(stock: Path, log_path: Path) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    with log_path.open("a", encoding="utf-8") as log, sampled() as memory:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=stock, env=env, stdout=log, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"stock build failed in {stock}: see {log_path}")
    pages = sum(1 for _ in (stock / "site").rglob("index.html"))
    return {"wall": wall, "tree_peak_mb": memory.total, "pages": pages}


def prepare(work: Path, n: int, corpus: Path, run: int) -> Path:
    from conftest import make_project

    size = int(re.search(r"(?m)^\s*home_page_size:\s*(\d+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")).group(1))
    return make_project(work / f"n{n}-{run}", sorted(corpus.iterdir()), home_page_size=size)


def measure(work: Path, n: int, corpus: Path, repeat: int, edits: int) -> dict:
    best: dict | None = None
    for run in range(repeat):
        project = prepare(work, n, corpus, run)
        log_path = work / f"n{n}-{run}.log"
        cold = build_once(project, log_path)
        figures = {"n": n, "cold": cold, **site_figures(project / "site")}
        walls = [cold["wall"]] + ([] if best is None else best["all_walls"])
        if best is None or cold["wall"] < best["cold"]["wall"]:
            if best is not None:
                shutil.rmtree(best["project"])
            best = figures | {"project": str(project)}
        else:
            shutil.rmtree(project)
        best["all_walls"] = sorted(walls)
    assert best is not None
    project, log_path = Path(best["project"]), work / f"n{n}.log"
    # `make build` with nothing changed, a few times: the first writes the incremental state.
    rebuilds = [build_once(project, log_path, "--dirty") for _ in range(3)]
    best["rebuild"] = min(rebuilds[1:], key=lambda r: r["wall"]) | {"all_walls": [r["wall"] for r in rebuilds[1:]]}
    best["serve"] = serve_edits(project, log_path, edits)
    stock = stock_project(work, project)
    stocks = [stock_build(stock, log_path) for _ in range(repeat)]
    best["stock"] = min(stocks, key=lambda r: r["wall"]) | {"all_walls": sorted(r["wall"] for r in stocks)}
    conversion = best["cold"]["conversion"]
    best["dumps_per_s"] = n / conversion if conversion else None
    best["pages"] = _pages(best["cold"]["summary"])
    return best


def _pages(summary: str) -> int:
    """Pages rendered, from the build's closing line (`pages: ja 1955, en 1811`)."""
    return sum(int(count) for count in re.findall(r"(?:ja|en) (\d+)", summary.split("pages:", 1)[-1]))


def _x(seconds: float, stock: float) -> str:
    return f"{seconds:.1f} ({seconds / stock:.2f}x)"


def row(f: dict) -> list[str]:
    cold, rebuild, stock, serve = f["cold"], f["rebuild"], f["stock"], f["serve"]
    s = cold["seconds"]
    ours = s.get(OURS, 0.0)
    base = stock["wall"]
    return [
        str(f["n"]),
        f"{f['dumps_per_s']:.0f}" if f["dumps_per_s"] else "-",
        _x(cold["wall"], base),
        f"{cold['cpu']:.1f}",
        f"{f['pages']}",
        f"{f['pages'] / cold['wall']:.0f}",
        f"{cold['tree_peak_mb']:.0f} ({cold['tree_peak_mb'] / stock['tree_peak_mb']:.1f}x)",
        f"{f['site_mb']:.1f}",
        f"{s.get(MARKDOWN, 0):.1f}",
        f"{s.get(TEMPLATES, 0):.1f}",
        f"{cold['index_wait']:.1f}",
        f"{ours:.1f} ({100 * ours / cold['wall']:.0f}%)",
        _x(rebuild["wall"], base),
        *(_x(statistics.median(serve[edit]), base) for edit in ("add", "change", "remove")),
        f"{base:.1f}",
        f"{stock['pages']}",
        f"{stock['pages'] / base:.0f}",
        f"{stock['tree_peak_mb']:.0f}",
    ]


HEADER = ["N", "dumps/s", "build s (x stock)", "cpu s", "pages", "pages/s", "peak MB, all processes", "site MB",
          "markdown s", "templates s", "index wait s", "ours s", "no-change build s", "serve add s", "serve change s",
          "serve remove s", "stock s", "stock pages", "stock pages/s", "stock peak MB"]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in [HEADER, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def growth(results: list[dict]) -> list[str]:
    runs = sorted(results, key=lambda f: f["n"])
    if len(runs) < 2:
        return []
    lo, hi = runs[0], runs[-1]
    return [
        f"growth: N x{hi['n'] / lo['n']:.1f} ({lo['n']} -> {hi['n']}): "
        f"build time x{hi['cold']['wall'] / lo['cold']['wall']:.2f} (cpu x{hi['cold']['cpu'] / lo['cold']['cpu']:.2f}), "
        f"peak memory x{hi['cold']['tree_peak_mb'] / lo['cold']['tree_peak_mb']:.2f}, "
        f"median page x{hi['median_page_kb'] / lo['median_page_kb']:.2f}, "
        f"stock build x{hi['stock']['wall'] / lo['stock']['wall']:.2f}"
    ]


def plot(results: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (secs, ratios, mbs) = plt.subplots(1, 3, figsize=(15, 4.5))
    runs = sorted(results, key=lambda f: f["n"])
    ns = [f["n"] for f in runs]
    series = {
        "full build": [f["cold"]["wall"] for f in runs],
        "no-change build": [f["rebuild"]["wall"] for f in runs],
        **{f"serve: {edit} one dump": [statistics.median(f["serve"][edit]) for f in runs] for edit in ("add", "change", "remove")},
    }
    stock = [f["stock"]["wall"] for f in runs]
    for (label, values), style in zip(series.items(), ("o-", "^:", "s--", "d--", "v--")):
        secs.plot(ns, values, style, label=label)
        ratios.plot(ns, [v / b for v, b in zip(values, stock)], style, label=label)
    secs.plot(ns, stock, "k*-", label="stock MkDocs + Material + i18n")
    ratios.axhline(1.0, color="k", linewidth=0.8)
    mbs.plot(ns, [f["cold"]["tree_peak_mb"] for f in runs], "o-", label="peak, all processes")
    mbs.plot(ns, [f["stock"]["tree_peak_mb"] for f in runs], "k*-", label="stock peak")
    mbs.plot(ns, [f["site_mb"] for f in runs], "s--", label="site size")
    for ax, unit in ((secs, "seconds"), (ratios, "x the stock build"), (mbs, "megabytes")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("articles (N)")
        ax.set_ylabel(unit)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("taiyaku against N, and against stock MkDocs on the same articles")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main(argv: list[str]) -> None:
    if argv[:1] == ["_build"]:
        run_build(Path(argv[1]), Path(argv[2]), argv[3:])
        return
    parser = argparse.ArgumentParser(description="Build the site from N-article corpora and report speed and size.")
    parser.add_argument("n", type=int, nargs="+", help="article counts, e.g. 250 1000")
    parser.add_argument("--out", type=Path, default=Path("bench.json"), help="figures (JSON); the plot goes beside it as .png")
    parser.add_argument("--repeat", type=int, default=1, help="cold builds (ours and stock) per N; the fastest is kept")
    parser.add_argument("--edits", type=int, default=3, help="times each dump is added, changed, removed under serve (median)")
    parser.add_argument("--work", type=Path, help="keep corpora, projects and logs here (default: a temporary folder)")
    args = parser.parse_args(argv)

    script = MAKE_CORPUS
    work = args.work or Path(tempfile.mkdtemp(prefix="taiyaku-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    results = []
    for n in sorted(set(args.n)):
        corpus = work / f"corpus-{n}"
        if not corpus.is_dir():
            subprocess.run([sys.executable, str(script), str(n), str(corpus)], check=True, stdout=subprocess.DEVNULL)
        print(f"bench: N={n} ...", file=sys.stderr, flush=True)
        results.append(measure(work, n, corpus, args.repeat, args.edits))
        print(table([row(results[-1])]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table([row(f) for f in results]))
    for line in growth(results):
        print(line)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(started)),
        "cpus": os.cpu_count(),
        "load_average_at_end": os.getloadavg(),
        "results": results,
    }
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    plot(results, args.out.with_suffix(".png"))
    print(f"figures: {args.out}, plot: {args.out.with_suffix('.png')}, logs and projects: {work}")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
