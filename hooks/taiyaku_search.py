"""MkDocs glue for site search: collect each article's rendered content as the language builds
render it, and write the Pagefind bundles once, after the last language (taiyaku.search.bundle).

mkdocs-static-i18n runs one build per language, the others from inside its on_post_build of the
first (priority -100), so this hook's on_post_build, at a lower priority, sees each inner build
first and then the outer one, once every language's pages were rendered: it indexes then.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page as MkDocsPage
from taiyaku.search.bundle import Indexer, Page

log = logging.getLogger("mkdocs.plugins.taiyaku")

ARTICLES = "articles/"
"""Only articles are searched: not the home pages, their pagination or the 404 page."""

BUNDLES = "pagefind"
"""The bundles' folder in the site: `pagefind/ja/`, `pagefind/en/`."""

_indexer: Indexer | None = None
"""The current build's, from the default language's on_config to the end of the last language."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _indexer
    if not _inner_build(config):  # a new build (`mkdocs serve` rebuilds in the same process)
        _indexer = Indexer(Path(config.site_dir) / BUNDLES)
    return config


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, **_: object) -> str:
    if _indexer is not None and page.file.src_uri.startswith(ARTICLES) and not _excluded(page):
        _indexer.add(Page(lang=str(config.theme["language"]), url=page.url, title=page.title or "", html=html))
    return html


@event_priority(-200)  # after the i18n plugin's on_post_build, which runs the other languages' builds
def on_post_build(config: MkDocsConfig) -> None:
    global _indexer
    if _inner_build(config) or _indexer is None:
        return
    indexer, _indexer = _indexer, None
    log.info(indexer.finish().summary())  # not "taiyaku: ", the conversion's line


def on_build_error(error: Exception) -> None:
    global _indexer
    if _indexer is not None:
        indexer, _indexer = _indexer, None
        indexer.finish()  # ends its Pagefind processes; the bundles of a failed build do not matter


def _excluded(page: MkDocsPage) -> bool:
    """Pages that say `search: {exclude: true}` (the side-by-side views: their text is the two
    article pages', which are indexed already)."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def _inner_build(config: MkDocsConfig) -> bool:
    """True inside the builds the i18n plugin runs for its further languages."""
    i18n = config.plugins.get("i18n")
    return bool(getattr(i18n, "building", False))
