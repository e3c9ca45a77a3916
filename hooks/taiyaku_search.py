"""MkDocs glue for site search: collect each article's rendered content as the language builds
render it, and write each language's index once (taiyaku.search.bundle): a language as soon as
its build is over, in another process, while the next language renders.

mkdocs-static-i18n runs one build per language, the others from inside its on_post_build of the
first (priority -100), so this hook's on_post_build, at a lower priority, sees each inner build
first and then the outer one, once every language's pages were rendered: it indexes then.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page as MkDocsPage
from taiyaku.search.bundle import LANGUAGES, Page, Report, merged, start

log = logging.getLogger("mkdocs.plugins.taiyaku")

ARTICLES = "articles/"
"""Only articles are searched: not the home pages, their pagination or the 404 page."""

INDEXES = "search"
"""The indexes' folder in the site: `search/ja/`, `search/en/`."""

_pages: list[Page] = []
_indexing: dict[str, Future[Report]] = {}
"""Indexes being written, by language."""
_pool: ProcessPoolExecutor | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _pool
    if not _inner_build(config):  # a new build (`mkdocs serve` rebuilds in the same process)
        _pages.clear()
        _indexing.clear()
        _pool = ProcessPoolExecutor(len(LANGUAGES))
    else:  # the languages built so far are fully rendered: index them while this one builds
        _start({page.lang for page in _pages} - {config.theme["language"]}, config)
    return config


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    if page.file.src_uri.startswith(ARTICLES) and not _excluded(page):
        _pages.append(Page(lang=str(config.theme["language"]), url=page.url, title=page.title or "", html=html))
    return html


@event_priority(-200)  # after the i18n plugin's on_post_build, which runs the other languages' builds
def on_post_build(config: MkDocsConfig) -> None:
    global _pool
    if _inner_build(config) or _pool is None:
        return
    started = time.perf_counter()
    _start(LANGUAGES, config)
    reports = [future.result() for future in _indexing.values()]
    _pool.shutdown()
    _pool = None
    # The seconds the build waited for the index after its last page: the index's share of it.
    log.info(merged(reports, time.perf_counter() - started).summary())  # not "taiyaku: ", the conversion's line


def _start(langs: Iterable[str], config: MkDocsConfig) -> None:
    """Start writing the bundle of each of `langs` not started yet."""
    assert _pool is not None
    out = Path(config.site_dir) / INDEXES
    for lang in langs:
        if lang not in _indexing:
            _indexing[lang] = start(_pool, lang, _pages, out / lang)
            _pages[:] = [page for page in _pages if page.lang != lang]  # the process has its own copy


def _excluded(page: MkDocsPage) -> bool:
    """Pages that say `search: {exclude: true}` (the side-by-side views: their text is the two
    article pages', which are indexed already)."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _inner_build(config: MkDocsConfig) -> bool:
    """True inside the builds the i18n plugin runs for its further languages."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))
