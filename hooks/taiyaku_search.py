"""MkDocs glue for site search: send each article's rendered content, as the language builds
render it, to that language's indexer (taiyaku.search.bundle), and wait for the indexes once,
after the last language.

mkdocs-static-i18n runs one build per language, the others from inside its on_post_build of the
first (priority -100), so this hook's on_post_build, at a lower priority, sees each inner build
first and then the outer one, once every language's pages were rendered: it waits then.

In an incremental build (hooks/taiyaku_incremental.py) MkDocs renders only the pages that changed:
the others are sent by URL, in their place in the build's order, and their indexer takes what it
had of them from its cache (one per language, in taiyaku.buildstate's folder of the site). When
none of a language's articles is rendered, its indexer keeps the index as it is, if it has the
same articles. A focused rebuild under `mkdocs serve` (taiyaku.focus) files only the articles an
edit touched: the others are sent by the URLs the last build filed them under.

Under `mkdocs serve`, which serves no page until its build has ended, the build does not wait for
the indexes: they are written a moment later. Nor does the next build: its indexers wait for them,
each in its process, while it renders (an edit is served that much sooner).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from taiyaku import buildstate, focus
from taiyaku.focus import Focus, walk_key
from taiyaku.search import bundle
from taiyaku.search.bundle import LANGUAGES, Indexer, Page, Report, merged

log = logging.getLogger("mkdocs.plugins.taiyaku")

ARTICLES = "articles/"
"""Only articles are searched: not the home pages, their pagination or the 404 page."""

INDEXES = "search"
"""The indexes' folder in the site: `search/ja/`, `search/en/`."""

_indexers: dict[str, Indexer] = {}
"""The indexers of this build, by language."""
_unsent: dict[str, deque[str]] = {}
"""By language, the URLs of the articles not sent to the indexer yet, in the build's order."""
_articles: dict[str, dict[str, str]] = {}
"""By language, the last build's articles: source (below docs/) -> URL, in the build's order."""


# First of all: an index the last build left writing may fail, and then taiyaku_incremental (120)
# must find no state to start from.
@event_priority(130)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _inner_build(config):  # a new build (`mkdocs serve` rebuilds in the same process)
        for indexer in _indexers.values():  # left over from a build that failed
            indexer.cancel()
        site = Path(config.site_dir)
        cache = buildstate.folder(Path(config.config_file_path).parent, site)
        _indexers.clear()
        _unsent.clear()
        _indexers.update(
            (lang, Indexer(lang, site / INDEXES / lang, cache / f"search-{lang}.pickle")) for lang in LANGUAGES
        )
    else:  # the languages built so far are fully rendered: their indexers can finish meanwhile
        for indexer in _indexers.values():
            if indexer.pages:
                indexer.close()
    return config


@event_priority(-300)  # after the i18n plugin's (-100), which picks this language's pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang = str(config.theme["language"])
    if lang in _indexers:
        articles = [f for f in files.documentation_pages() if f.src_uri.startswith(ARTICLES)]
        urls = _all_articles(lang, articles, focus.active(config.docs_dir))
        # What MkDocs' --dirty renders: the pages whose HTML is older than their Markdown, or missing.
        if buildstate.dirty_build() and not any(f.is_modified() for f in articles):
            _indexers[lang].keep(tuple(urls))
            urls = []
        _unsent[lang] = deque(urls)
    return files


def _all_articles(lang: str, files: list[File], focused: Focus | None) -> list[str]:
    """The URLs of the language's articles in the build's order. A focused rebuild files only the
    articles an edit touched (taiyaku.focus): the others are those the last build filed."""
    known = _articles.setdefault(lang, {})
    if focused is None:
        known.clear()
        if buildstate.serving():  # only a rebuild under `mkdocs serve` is focused
            known.update((f.src_uri, f.url) for f in files)
        return [f.url for f in files]
    for rel in focused.pages | focused.removed:
        known.pop(rel, None)
    known.update((f.src_uri, f.url) for f in files)
    return [known[rel] for rel in sorted(known, key=walk_key)]


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    lang = str(config.theme["language"])
    indexer = _indexers.get(lang)
    if indexer and page.file.src_uri.startswith(ARTICLES):
        _reuse_until(indexer, _unsent.get(lang), page.url)
        if _excluded(page):
            indexer.skip(page.url)
        else:
            indexer.add(Page(url=page.url, title=page.title or "", html=html))
    return html


def on_env(env: object, config: MkDocsConfig, files: Files) -> None:
    """Every page this build renders has its HTML now: the rest is reused."""
    lang = str(config.theme["language"])
    indexer = _indexers.get(lang)
    if indexer:
        _reuse_until(indexer, _unsent.get(lang), None)


def _reuse_until(indexer: Indexer, unsent: deque[str] | None, url: str | None) -> None:
    """Send by URL the articles before `url` that MkDocs did not render (all of them, for None)."""
    while unsent and unsent[0] != url:
        indexer.reuse(unsent.popleft())
    if unsent:
        unsent.popleft()


@event_priority(-200)  # after the i18n plugin's on_post_build, which runs the other languages' builds
def on_post_build(config: MkDocsConfig) -> None:
    if _inner_build(config) or not _indexers:
        return
    if buildstate.serving():
        state = buildstate.folder(Path(config.config_file_path).parent, Path(config.site_dir)) / buildstate.STATE
        bundle.finish_later(list(_indexers.values()), _written, lambda error: _failed(error, state))
        _indexers.clear()
        return
    started = time.perf_counter()
    reports = [indexer.finish() for indexer in _indexers.values()]
    _indexers.clear()
    # The seconds the build waited for the index after its last page: the index's share of it.
    log.info(merged(reports, time.perf_counter() - started).summary())  # not "taiyaku: ", the conversion's line


def _written(report: Report) -> None:
    log.info(report.summary())


def _failed(error: str, state: Path) -> None:
    log.error(f"search index: {error}")
    buildstate.forget(state)  # its cache may not match the site: the next build is a full one


def _excluded(page: MkDocsPage) -> bool:
    """Pages that say `search: {exclude: true}` (the side-by-side views: their text is the two
    article pages', which are indexed already)."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _inner_build(config: MkDocsConfig) -> bool:
    """True inside the builds the i18n plugin runs for its further languages."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))
