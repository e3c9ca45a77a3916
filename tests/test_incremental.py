"""Incremental builds (`mkdocs build --dirty`, what `make build` runs) against clean builds: after
each change to dumps/ (one added, its text changed, its tags changed, its date moved to another
month, one that can no longer be read, one removed), the site the incremental build leaves must be
the clean build's of the same dumps, file for file and byte for byte, with no exception.

The clean build runs in a copy of the project with the converted-dump cache (a dump that can no
longer be read keeps the pages of its last version read, which only the cache knows) and neither
the site nor the state of the last build.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR, Build, build, make_project

HELD_BACK = "2026-11-09-robotics-demo.txt"
"""Left out of the first build, added by the first step."""
CHANGED = "2026-11-03-open-weights-release.txt"
RETAGGED = "2026-11-12-agent-benchmarks.txt"
"""Has front matter with tags and a date: its tags change, then its month."""
UNREADABLE = "2026-11-14-court-ruling.txt"
REMOVED = "2026-11-05-chip-export-rules.txt"
UNTOUCHED = "articles/2026-11-16-misaligned/index.html"
"""An article no step touches: an incremental build must not render it again."""


def _replace(dump: Path, old: str, new: str) -> None:
    text = dump.read_text(encoding="utf-8-sig")
    assert old in text, f"{dump.name}: {old!r} not found"
    dump.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add(dumps: Path) -> None:
    shutil.copy2(FIXTURES_DIR / HELD_BACK, dumps / HELD_BACK)


def _change_text(dumps: Path) -> None:
    _replace(dumps / CHANGED, "Halden-3", "Halden-4")


def _change_tags(dumps: Path) -> None:
    _replace(dumps / RETAGGED, "tags: [benchmarks, agents]", "tags: [agents, evaluation]")


def _change_month(dumps: Path) -> None:
    _replace(dumps / RETAGGED, "published: 2026-11-12", "published: 2026-10-30")


def _break(dumps: Path) -> None:
    (dumps / UNREADABLE).write_bytes(b"")


def _remove(dumps: Path) -> None:
    (dumps / REMOVED).unlink()


STEPS: list[tuple[str, Callable[[Path], None]]] = [
    ("add", _add),
    ("change text", _change_text),
    ("change tags", _change_tags),
    ("change month", _change_month),
    ("unreadable", _break),
    ("remove", _remove),
]


def _clean_build(project: Path, tmp: Path, site_url: str | None = None) -> Build:
    """A clean build of `project`'s dumps, in a copy with its conversion cache only (and with
    `site_url` for mkdocs.yml's, as `mkdocs serve` sets its own)."""
    copy = make_project(tmp, [])
    if site_url is not None:
        config = (copy / "mkdocs.yml").read_text(encoding="utf-8")
        config, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {site_url}", config)
        assert count == 1, "mkdocs.yml: site_url not found"
        (copy / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.rmtree(copy / "dumps")
    shutil.copytree(project / "dumps", copy / "dumps")  # copy2: undated articles' feed entries date from the file
    shutil.copytree(project / ".cache" / "taiyaku", copy / ".cache" / "taiyaku")
    result = build(copy)
    assert result.returncode == 0, result.output
    return result


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _assert_same_site(incremental: Path, clean: Path, *, same: Callable[[str, bytes, bytes], bool] | None = None) -> None:
    """`same(name, ours, theirs)`, when given, says whether two different texts of a file are the same."""
    ours, theirs = _files(incremental), _files(clean)
    assert sorted(ours.keys() - theirs.keys()) == [], "only in the incremental build"
    assert sorted(theirs.keys() - ours.keys()) == [], "only in the clean build"
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert [name for name in differ if same is None or not same(name, ours[name], theirs[name])] == [], "files that differ"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dumps = [p for p in sorted(FIXTURES_DIR.iterdir()) if p.suffix in (".txt", ".html") and p.name != HELD_BACK]
    project = make_project(tmp_path_factory.mktemp("incremental"), dumps)
    first = build(project, "--dirty")
    assert first.returncode == 0, first.output
    assert "taiyaku: full build (no finished build to start from)" in first.output
    return project


@pytest.mark.parametrize(("step", "change"), STEPS, ids=[name for name, _ in STEPS])
def test_incremental_build_equals_clean_build(
    project: Path, tmp_path: Path, step: str, change: Callable[[Path], None]
) -> None:
    untouched = (project / "site" / UNTOUCHED).stat().st_mtime_ns
    change(project / "dumps")
    result = build(project, "--dirty")
    assert result.returncode == 0, result.output
    assert "full build" not in result.output
    assert (project / "site" / UNTOUCHED).stat().st_mtime_ns == untouched, "an unchanged article was rendered again"
    _assert_same_site(project / "site", _clean_build(project, tmp_path / "clean").site)


def test_steps_show_in_the_site(project: Path) -> None:
    """What the steps above did is what the site shows (they ran first, in this module's order)."""
    site = project / "site"
    assert (site / "articles/2026-11-09-robotics-demo/index.html").is_file()
    assert "Halden-4" in (site / "articles/2026-11-03-open-weights-release/index.html").read_text(encoding="utf-8")
    assert not (site / "articles/2026-11-05-chip-export-rules").exists()
    assert not (site / "en/articles/2026-11-05-chip-export-rules").exists()
    assert (site / "tags/evaluation/index.html").is_file() and not (site / "tags/benchmarks").exists()
    assert "2026-11-12-agent-benchmarks" in (site / "archive/2026/10/index.html").read_text(encoding="utf-8")
    # The unreadable dump: named in one warning, its pages still published.
    result = build(project, "--dirty")
    assert [w for w in result.warnings if UNREADABLE in w] == [
        f"WARNING -  dumps/{UNREADABLE}: the file is empty; its pages stay as they were last read"
    ]
    assert len(result.warnings) == 1, result.warnings
    for page in ("articles/2026-11-14-court-ruling/index.html", "en/articles/2026-11-14-court-ruling/index.html"):
        assert (site / page).is_file(), page
    assert re.search(r"court-ruling", (site / "sitemap.xml").read_text(encoding="utf-8"))


def _lists(docs: Path) -> dict[str, str]:
    """The generated home, tag and month pages in docs/ (path under docs/ -> text)."""
    found = [*docs.glob("index.*.md"), *(p for folder in ("page", "tags", "archive") for p in (docs / folder).rglob("*.md"))]
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in found}


def _last_page(lists: dict[str, str], folder: str, lang: str) -> str:
    """The page of a list's newest chunk: the highest page number (listing.list_pages)."""
    numbers = [int(m[1]) for p in lists if (m := re.fullmatch(rf"{re.escape(folder)}page/(\d+)\.{lang}\.md", p))]
    return f"{folder}page/{max(numbers)}.{lang}.md" if numbers else f"{folder}index.{lang}.md"


def test_a_newest_article_leaves_the_older_list_pages_as_they_were(project: Path, tmp_path: Path) -> None:
    """Lists are paged from the oldest article: a new newest article rewrites the first page of the
    home, of its tag and of its month (new), the archive index (its counts), and at most the page
    of each list's newest chunk; nothing else of docs/ that the lists hold."""
    docs = project / "docs"
    before = _lists(docs)
    newest = (FIXTURES_DIR / RETAGGED).read_text(encoding="utf-8-sig")
    newest = newest.replace("published: 2026-11-12", "published: 2026-12-01").replace("tags: [benchmarks, agents]", "tags: [agents]")
    (project / "dumps" / "2026-12-01-newest.txt").write_text(newest, encoding="utf-8")
    result = build(project, "--dirty")
    assert result.returncode == 0, result.output
    after = _lists(docs)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    firsts = {f"{folder}index.{lang}.md" for folder in ("", "tags/agents/", "archive/2026/12/", "archive/") for lang in ("ja", "en")}
    newest_chunks = {
        _last_page(lists, folder, lang) for lists in (before, after) for folder in ("", "tags/agents/") for lang in ("ja", "en")
    }
    assert firsts <= changed
    assert changed - firsts <= newest_chunks, sorted(changed)
    assert len(before) >= 10 and any(p.startswith("page/") for p in before), "too few list pages for this test to tell"
    (written,) = re.findall(r"home, tag and month pages: (\d+) written", result.output)
    assert int(written) == len(changed & after.keys())
    _assert_same_site(project / "site", _clean_build(project, tmp_path / "clean").site)
