"""Rendered article pages as the site's search indexes: one per language (`<out>/ja/`, `<out>/en/`).

One index per language, because the browser searches the page's language by default and adds
the other only when the reader widens the search. Each language is written in a process of its
own (`start`), so that one language's index is written while MkDocs renders the next language on
the other core, and the two are written side by side at the end.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.search.index import Document
from taiyaku.search.index import write as write_index
from taiyaku.search.sections import sections

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Page:
    lang: str
    """The language of the page (one of LANGUAGES)."""
    url: str
    """Relative to the site root, as MkDocs gives it: `articles/x/`, `en/articles/x/`."""
    title: str
    html: str
    """The rendered article content, without the theme's navigation, header and footer."""


@dataclass
class Report:
    pages: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    busy: Counter[str] = field(default_factory=Counter)
    """Seconds spent writing each language's index (in its own process)."""
    seconds: float = 0.0
    """Seconds the build waited for the indexes."""

    def summary(self) -> str:
        counts = ", ".join(
            f"{lang} {self.pages[lang]} pages ({self.sections[lang]} sections, {self.busy[lang]:.1f} s)" for lang in sorted(self.pages)
        )
        return f"taiyaku search index: {counts or 'no pages'}; {self.seconds:.2f} s"


def write(pages: Iterable[Page], out: Path) -> Report:
    """Write `<out>/<lang>/` for each of LANGUAGES (an empty index if no page has it)."""
    started = time.perf_counter()
    pages = list(pages)
    with ProcessPoolExecutor(len(LANGUAGES)) as pool:
        futures = [start(pool, lang, pages, out / lang) for lang in LANGUAGES]
        reports = [future.result() for future in futures]
    return merged(reports, time.perf_counter() - started)


def start(pool: ProcessPoolExecutor, lang: str, pages: Iterable[Page], target: Path) -> Future[Report]:
    """Write `lang`'s index of `pages` (the other languages' are skipped) at `target`, in `pool`."""
    if lang not in LANGUAGES:
        raise ValueError(f"no search index for language {lang!r}")
    return pool.submit(write_language, lang, [page for page in pages if page.lang == lang], target)


def write_language(lang: str, pages: list[Page], target: Path) -> Report:
    started = time.perf_counter()
    written = write_index((Document(page.url, page.title, sections(page.html)) for page in pages), target)
    report = Report(seconds=time.perf_counter() - started)
    report.busy[lang] = report.seconds
    report.pages[lang] = written.articles
    report.sections[lang] = written.sections
    return report


def merged(reports: Iterable[Report], seconds: float) -> Report:
    total = Report(seconds=seconds)
    for report in reports:
        total.pages.update(report.pages)
        total.sections.update(report.sections)
        total.busy.update(report.busy)
    return total
