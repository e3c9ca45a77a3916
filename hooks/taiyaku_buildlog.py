"""MkDocs glue: the one line that closes a build (articles, pages per language, warnings, seconds).

Its own module because it must act after mkdocs-static-i18n has run the other languages' builds
inside the default language's on_post_build, while taiyaku_site must act before that.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

log = logging.getLogger("mkdocs.plugins.taiyaku")


class _BuildSummary(logging.Handler):
    """Counts, over one `mkdocs build` and every language build the i18n plugin nests in it, the
    pages each language renders and the warnings logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.started = time.perf_counter()
        self.depth = 0
        self.warnings = 0
        self.pages: dict[str, int] = {}
        self.docs = Path()

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings += 1


_summary: _BuildSummary | None = None


@event_priority(110)  # before taiyaku_site's on_config (100), whose warnings it counts
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _summary
    if _summary is None or _summary.depth == 0:  # a new build, not a nested language build
        _summary = _BuildSummary()
        _summary.docs = Path(config.docs_dir)  # a focused rebuild then reads another (taiyaku.focus)
        logging.getLogger("mkdocs").addHandler(_summary)
    _summary.depth += 1
    return config


@event_priority(-200)  # after the i18n plugin's, which files this language's pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _summary is not None:
        lang = str(config.theme.get("language") or "?")
        _summary.pages[lang] = _summary.pages.get(lang, 0) + len(files.documentation_pages())
    return files


@event_priority(-200)  # after the i18n plugin's, inside which the other languages are built
def on_post_build(config: MkDocsConfig) -> None:
    global _summary
    if _summary is None:
        return
    _summary.depth -= 1
    if _summary.depth > 0:
        return
    logging.getLogger("mkdocs").removeHandler(_summary)
    pages = ", ".join(f"{lang} {count}" for lang, count in _summary.pages.items())
    warnings = f"{_summary.warnings} warning" + ("" if _summary.warnings == 1 else "s")
    articles = len(list((_summary.docs / "articles").glob("*.ja.md")))
    seconds = time.perf_counter() - _summary.started
    log.info(f"taiyaku: built {articles} articles; pages: {pages}; {warnings}; {seconds:.1f} s")
    _summary = None


def on_build_error(error: Exception) -> None:
    global _summary
    if _summary is not None:
        logging.getLogger("mkdocs").removeHandler(_summary)
        _summary = None
