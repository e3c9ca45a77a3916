"""Shared test set-up: where the fixture dumps are, and the site built from them once per session."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


FIXTURES_DIR = ROOT / "tests" / "fixtures" / "dumps"
"""The fixture dumps, each with its <name>.expected.json (tests/fixtures/README.md says what each covers)."""

BAD_DUMP = "2026-11-20-empty.txt"
"""Added to the fixtures in the built site: an empty dump, which must be skipped with one warning."""

HOME_PAGE_SIZE = 3
"""Articles per home page in the test site, small so that the fixtures fill several pages."""

# Generated pages in docs/: never copied into a test project (the hook writes its own).
_GENERATED = ("articles", "page", "index.*.md")


@dataclass(frozen=True)
class Fixture:
    """One fixture dump and what its expected.json says the site must show of it."""

    path: Path
    slug: str
    has_original: bool
    published: str | None
    expected: dict

    @property
    def name(self) -> str:
        return self.path.name


def fixtures() -> list[Fixture]:
    """Every fixture dump with an expected.json, in file-name order (the order the build reads them)."""
    found = []
    for expected_path in sorted(FIXTURES_DIR.glob("*.expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        dump = expected_path.with_name(expected_path.name.removesuffix(".expected.json"))
        metadata = expected.get("metadata") or {}
        found.append(
            Fixture(
                path=dump,
                slug=str(metadata.get("slug") or dump.stem),
                has_original=bool(expected["has_original"]),
                published=metadata.get("published"),
                expected=expected,
            )
        )
    return found


@dataclass(frozen=True)
class Build:
    """A `mkdocs build` of a throw-away copy of the project."""

    project: Path
    site: Path
    returncode: int
    output: str
    seconds: float

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.startswith("WARNING")]

    def html(self, url_path: str) -> Path:
        """The file serving `url_path` (`/articles/x/`, `/en/`)."""
        return self.site / url_path.strip("/") / "index.html"


def interruptible() -> None:
    """For a child process (Popen's preexec_fn): SIGINT, as Ctrl-C sends, stops it. A shell that
    starts a command in the background makes it ignore SIGINT, and children inherit that: then
    `mkdocs serve` would not stop, nor run the hooks' on_shutdown."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def make_project(tmp: Path, dumps: list[Path], *, home_page_size: int = HOME_PAGE_SIZE) -> Path:
    """A copy of the repo's site set-up (mkdocs.yml, hook, overrides, docs statics) with `dumps`."""
    project = tmp
    project.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config, count = re.subn(r"(?m)^(\s*home_page_size:\s*)\d+", rf"\g<1>{home_page_size}", config)
    assert count == 1, "mkdocs.yml: extra.home_page_size not found"
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "hooks").mkdir(exist_ok=True)
    for hook in (ROOT / "hooks").glob("taiyaku_*.py"):  # the MkDocs hooks; the package is installed
        shutil.copy2(hook, project / "hooks" / hook.name)
    shutil.copytree(ROOT / "overrides", project / "overrides", dirs_exist_ok=True)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns(*_GENERATED), dirs_exist_ok=True)
    (project / "dumps").mkdir(exist_ok=True)
    for dump in dumps:
        shutil.copy2(dump, project / "dumps" / dump.name)
    return project


def build(project: Path, *args: str, site_dir: str = "site", timeout: float = 600) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    env.pop("TAIYAKU_SITE_URL", None)  # the tests check URLs against mkdocs.yml's default
    for name in ("COLUMNS", "LINES"):  # MkDocs wraps log lines to a known terminal width
        env.pop(name, None)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", site_dir, *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Build(
        project=project,
        site=project / site_dir,
        returncode=done.returncode,
        output=done.stdout + done.stderr,
        seconds=time.perf_counter() - started,
    )


@pytest.fixture(scope="session")
def fixture_dumps() -> list[Fixture]:
    return fixtures()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, fixture_dumps: list[Fixture]) -> Build:
    """The site built from every fixture dump plus one bad dump, with small home pages."""
    project = make_project(tmp_path_factory.mktemp("site"), [f.path for f in fixture_dumps])
    (project / "dumps" / BAD_DUMP).write_bytes(b"")
    result = build(project)
    assert result.returncode == 0, result.output
    return result


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How each class of generated dump variant was reported (tests/test_reader_variants.py)."""
    variants = sys.modules.get("variants")
    tally = getattr(variants, "TALLY", None)
    if not tally:
        return
    terminalreporter.section("dump variants: how each class was reported")
    for kind in sorted({kind for kind, _ in tally}):
        counts = {how: n for (k, how), n in tally.items() if k == kind}
        terminalreporter.write_line(f"{kind}: {sum(counts.values())} variants")
        for how, n in sorted(counts.items(), key=lambda item: -item[1]):
            terminalreporter.write_line(f"  {n:5d}  {how}")
