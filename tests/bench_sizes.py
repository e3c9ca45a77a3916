"""What one oversized dump costs the site build: `python tests/bench_sizes.py [tags|value|none]...`.

Builds the fixture dumps plus one dump whose front matter is wrong in size (`tags`: 3,000 tags;
`value`: a 2 MB `title_en`; `none`: the fixtures alone), in a throw-away copy of the project, and
prints the wall-clock and CPU seconds of `mkdocs build` and its WARNING lines. The taiyaku
package is the one Python imports: put another checkout's `hooks/` first on PYTHONPATH to time
that one. `--timeout` stops a build that does not finish. Not a test: nothing here runs under pytest.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import taiyaku  # noqa: E402
from conftest import FIXTURES_DIR, make_project  # noqa: E402

HOOKS = Path(taiyaku.__file__).resolve().parents[1]

BASE = FIXTURES_DIR / "2026-11-12-agent-benchmarks.txt"
"""The fixture with front matter; the oversized dumps are it with one line changed."""


def oversized(kind: str) -> tuple[str, str] | None:
    """(file name, text) of the oversized dump, or None for the fixtures alone."""
    text = BASE.read_text(encoding="utf-8")
    if kind == "tags":
        tags = ", ".join(f"tag{k}" for k in range(3000))
        return "2026-11-30-many-tags.txt", text.replace("tags: [benchmarks, agents]", f"tags: [{tags}]")
    if kind == "value":
        title = "A title pasted twice over " * (2_000_000 // 26)
        return "2026-11-30-huge-title.txt", text.replace("title_en: ", f"title_en: {title}", 1)
    return None


def run(kind: str, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = sorted(FIXTURES_DIR.glob("*.txt")) + sorted(FIXTURES_DIR.glob("*.html"))
        project = make_project(Path(tmp) / "project", fixtures)
        # The MkDocs hooks that go with the package timed (another checkout's, on PYTHONPATH).
        for hook in HOOKS.glob("taiyaku_*.py"):
            shutil.copy2(hook, project / "hooks" / hook.name)
        dump = oversized(kind)
        print(f"{kind}: hooks from {HOOKS}", flush=True)
        if dump is not None:
            (project / "dumps" / dump[0]).write_text(dump[1], encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-d", "site"],
                cwd=project, capture_output=True, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            print(f"{kind}: did not finish in {timeout:.0f} s")
            return
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        warnings = [line[:160] for line in done.stderr.splitlines() if line.startswith("WARNING")]
        built = [line for line in done.stderr.splitlines() if "taiyaku: built" in line]
        print(f"{kind}: exit {done.returncode}, {seconds:.1f} s wall, {cpu:.1f} s cpu; {built}; warnings: {warnings}")
        if done.returncode:
            print(done.stderr[-2000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", default=["none", "tags", "value"], choices=["none", "tags", "value"])
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    for kind in args.kinds:
        run(kind, args.timeout)


if __name__ == "__main__":
    main()
