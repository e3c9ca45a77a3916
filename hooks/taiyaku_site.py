"""MkDocs glue: before the i18n plugin looks at docs/, turn dumps/ into article pages
(docs/articles/) and home pages (docs/index.<lang>.md, docs/page/), all git-ignored.

Named taiyaku_site, not taiyaku: MkDocs puts hooks/ first on sys.path while it imports this file,
and a module called taiyaku would shadow the package it calls.

Two facts about mkdocs-static-i18n 1.3.1 shape this module (both measured):
- it runs the whole build again for each further language, hooks included, so on_config fires
  once per language: the conversion runs once, and again only if a dump changed since;
- pages added in memory (File.generated) crash it or get dropped, so the pages are real files,
  written only when their text changed (`mkdocs serve` watches docs/ and would rebuild again).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

from taiyaku.convert import convert_dir, write_if_changed
from taiyaku.writers.listing import PER_PAGE, listing_pages

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings; not a prefixed plugin
# logger, so a bad dump prints as `WARNING -  path: reason` and nothing else.
log = logging.getLogger("mkdocs.plugins.taiyaku")

_converted: dict[str, tuple[tuple[str, int, int], ...]] = {}
"""docs_dir -> the dumps/ listing (name, mtime, size) it was last converted from, in this process."""
_articles: dict[str, int] = {}
"""docs_dir -> how many articles that conversion produced."""


class _BuildSummary(logging.Handler):
    """Counts, over one `mkdocs build` and every language build the i18n plugin nests in it, the
    pages each language renders and the warnings logged, for the closing line."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.started = time.perf_counter()
        self.depth = 0
        self.warnings = 0
        self.pages: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings += 1


_summary: _BuildSummary | None = None


@event_priority(100)  # before every plugin; the i18n plugin reads docs/ at on_files
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _summary
    if _summary is None or _summary.depth == 0:  # a new build (not a nested language build)
        _summary = _BuildSummary()
        logging.getLogger("mkdocs").addHandler(_summary)
    _summary.depth += 1
    _linear_search_dedup(config)
    project = Path(config.config_file_path).parent
    dumps, docs = project / "dumps", Path(config.docs_dir)
    state = _listing(dumps)
    if _converted.get(str(docs)) == state:
        return config  # the second language's build, or nothing changed
    # The cache makes a restart of `mkdocs serve` cheap: unchanged dumps are not parsed again.
    report = convert_dir(_shown(dumps), docs / "articles", log=log.info, cache_dir=project / ".cache" / "taiyaku")
    for failure in report.failures:
        log.warning(str(failure))
    for article in report.articles:  # understood, with reservations (e.g. not line-aligned)
        for note in article.warnings:
            log.info(f"{article.path}: {note}")
    size = int(config.extra.get("home_page_size", PER_PAGE))
    pages = {**listing_pages(report.articles, "ja", per_page=size), **listing_pages(report.articles, "en", per_page=size)}
    written, removed = _sync(docs, pages, stale_in=docs / "page")
    log.info(f"taiyaku: {report.summary()}; home pages: {written} written, {removed} removed")
    _converted[str(docs)] = state
    _articles[str(docs)] = len(report.articles)
    return config


@event_priority(-200)  # after the i18n plugin's, which files this language's pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _summary is not None:
        lang = str(config.theme.get("language") or "?")
        _summary.pages[lang] = _summary.pages.get(lang, 0) + len(files.documentation_pages())
    return files


@event_priority(-200)  # after the i18n plugin's, inside which the other languages are built
def on_post_build(config: MkDocsConfig) -> None:
    _patch_material_bundle(config)
    _close_summary(config)


def _close_summary(config: MkDocsConfig) -> None:
    """The closing line, once the outermost build (the default language's) is done."""
    global _summary
    if _summary is None:
        return
    _summary.depth -= 1
    if _summary.depth > 0:
        return
    logging.getLogger("mkdocs").removeHandler(_summary)
    pages = ", ".join(f"{lang} {count}" for lang, count in _summary.pages.items())
    warnings = f"{_summary.warnings} warning" + ("" if _summary.warnings == 1 else "s")
    articles = _articles.get(str(Path(config.docs_dir)), 0)
    log.info(
        f"taiyaku: built {articles} articles; pages: {pages}; {warnings}; "
        f"{time.perf_counter() - _summary.started:.1f} s"
    )
    _summary = None


def on_build_error(error: Exception) -> None:
    global _summary
    if _summary is not None:
        logging.getLogger("mkdocs").removeHandler(_summary)
        _summary = None


# Hack: Material's bundle fetches `sitemap.xml` next to every <link rel="alternate"> of a page,
# taking each for a language root (mkdocs-material#6582; zensical#908 for its successor). Our
# alternates are the page's own translations, absolute, so a reader's browser would request
# <site_url>/articles/<slug>/sitemap.xml: a 404 per page, and a request to the published host
# from a local preview. What that code adds (keeping the page when the language changes) the
# i18n plugin already does in the selector's links, so the selector is made to match nothing.
_ALTERNATE_ROOTS = '"link[rel=alternate]"'
_NO_ALTERNATE_ROOTS = '"link[rel=alternate][data-md-language-root]"'


def _patch_material_bundle(config: MkDocsConfig) -> None:
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        if _NO_ALTERNATE_ROOTS in text:
            continue
        if text.count(_ALTERNATE_ROOTS) != 1:
            log.warning(f"{bundle}: Material's bundle changed; see the hack in hooks/taiyaku_site.py")
            continue
        bundle.write_text(text.replace(_ALTERNATE_ROOTS, _NO_ALTERNATE_ROOTS), encoding="utf-8")
    if not bundles:
        log.warning("Material's bundle not found; see the hack in hooks/taiyaku_site.py")


# Hack: mkdocs-static-i18n 1.3.1 drops, from the merged search index, the entries of other
# languages that repeat one of the default language's, by comparing every entry with every
# other: 3-4 s at 1,000 articles (~7 entries each), and 100 times that at 10,000. This does the
# same in one pass: same title and text, and a location that ends with the default entry's.
# It goes with Material's search plugin (issue 5; see tests/bench.py for the figures).
def _linear_search_dedup(config: MkDocsConfig) -> None:
    i18n = config.plugins.get("i18n")
    if i18n is not None and callable(getattr(i18n, "reconfigure_search_duplicates", None)):
        i18n.reconfigure_search_duplicates = lambda entries: _drop_repeated_entries(entries, i18n.build_languages)


def _drop_repeated_entries(entries: list[dict], languages: list[str]) -> None:
    prefixes = tuple(f"{lang}/" for lang in languages)
    others: dict[tuple[str, str], list[dict]] = {}
    for entry in entries:
        if entry["location"].startswith(prefixes):
            others.setdefault((entry["title"], entry["text"]), []).append(entry)
    dropped: set[int] = set()
    for entry in entries:
        if entry["location"].startswith(prefixes):
            continue
        for other in others.get((entry["title"], entry["text"]), ()):
            if id(other) not in dropped and other["location"].endswith(entry["location"]):
                dropped.add(id(other))
    entries[:] = [entry for entry in entries if id(entry) not in dropped]


def _listing(dumps: Path) -> tuple[tuple[str, int, int], ...]:
    if not dumps.is_dir():
        return ()
    return tuple(sorted((p.name, (s := p.stat()).st_mtime_ns, s.st_size) for p in dumps.iterdir()))


def _shown(path: Path) -> Path:
    """`path` relative to the working directory when it is below it: warnings name `dumps/x.txt`."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _sync(docs: Path, pages: dict[str, str], *, stale_in: Path) -> tuple[int, int]:
    """Write the pages whose text changed; delete the .md files under `stale_in` no longer produced."""
    written = removed = 0
    for rel, text in pages.items():
        written += write_if_changed(docs / rel, text)
    keep = {(docs / rel).resolve() for rel in pages}
    for stale in stale_in.glob("*.md") if stale_in.is_dir() else ():
        if stale.resolve() not in keep:
            stale.unlink()
            removed += 1
    return written, removed
