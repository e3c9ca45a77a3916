"""MkDocs glue: before the i18n plugin looks at docs/, turn dumps/ into article pages and their
side-by-side views (docs/articles/), home pages (docs/index.<lang>.md, docs/page/), tag and month
pages (docs/tags/, docs/archive/), all git-ignored; after each language's build, write its Atom
feed; each 404 page goes to its language's folder. What is written comes from taiyaku.writers.

Named taiyaku_site, not taiyaku: MkDocs puts hooks/ first on sys.path while it imports this file,
and a module called taiyaku would shadow the package it calls.

Two facts about mkdocs-static-i18n 1.3.1 shape this module (both measured):
- it runs the whole build again for each further language, hooks included, so on_config fires
  once per language: the conversion runs once, and again only if a dump changed since;
- pages added in memory (File.generated) crash it or get dropped, so the pages are real files,
  written only when their text changed (`mkdocs serve` watches docs/ and would rebuild again).
"""

from __future__ import annotations

import datetime
import gc
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from taiyaku import buildstate, focus
from taiyaku.convert import Seen, convert_dir
from taiyaku.files import LIST_FOLDERS, sync
from taiyaku.memory import trim
from taiyaku.model import Lang, Listing
from taiyaku.writers import seo, urls
from taiyaku.writers.archives import archive_pages
from taiyaku.writers.feeds import FEED_SIZE, atom_feed, feed_path
from taiyaku.writers.listing import PER_PAGE, Made, listed, listing_pages
from taiyaku.writers.parallel import ROWS_MARKER, split_rows

LANGS: tuple[Lang, ...] = ("ja", "en")

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings; not a prefixed plugin
# logger, so a bad dump prints as `WARNING -  path: reason` and nothing else.
log = logging.getLogger("mkdocs.plugins.taiyaku")

RELEASE_FROM = 64
"""Dumps read (not from the cache) from which a rebuild under `mkdocs serve` hands the conversion's
memory back (`_release_memory`): a few leave little to free, and a collection walks every object
(at 10,000 articles, 2.2 s of a 6 s rebuild). The first build of a process always does."""

_converted: dict[str, tuple[tuple[str, int, int], ...]] = {}
"""docs_dir -> the dumps/ listing (name, mtime, size) it was last converted from, in this process."""
_seen: dict[str, Seen] = {}
"""docs_dir -> what this process knows of the dumps it converted there (`mkdocs serve`'s rebuilds)."""
_made: dict[str, Made] = {}
"""docs_dir -> the list pages this process made there, to make only those whose articles changed."""
_articles: dict[str, tuple[list[Listing], Path]] = {}
"""mkdocs.yml -> the articles of its feeds (the newest of each language) and their dumps/ folder.
Only those: at 10,000 articles, keeping them all held over a gigabyte through the build."""


@event_priority(100)  # before every plugin; the i18n plugin reads docs/ at on_files
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if buildstate.render_worker():
        return config  # docs/ is written: the build that started the worker converted the dumps
    if focus.active(config.docs_dir):
        return config  # a focused rebuild's further language: docs_dir is its shadow (taiyaku.focus)
    project = Path(config.config_file_path).parent
    dumps, docs = project / "dumps", Path(config.docs_dir)
    state = _listing(dumps)
    if _converted.get(str(docs)) == state:
        return config  # the second language's build, or nothing changed
    # The cache makes a restart of `mkdocs serve` cheap: unchanged dumps are not parsed again.
    report = convert_dir(
        _shown(dumps),
        docs / urls.ARTICLES,
        log=log.info,
        cache_dir=project / ".cache" / "taiyaku",
        seen=_seen.setdefault(str(docs), Seen()),
    )
    for failure in report.failures:
        log.warning(str(failure))
    for article in report.articles:
        if article.problems:  # published, but the editor must fix it (e.g. a cut download): every build
            log.warning(f"{article.path}: {'; '.join(article.problems)}")
    for article in report.read:
        for note in article.warnings:  # understood, with reservations (e.g. not line-aligned): once
            log.info(f"{article.path}: {note}")
    size = int(config.extra.get("home_page_size", PER_PAGE))
    pages: dict[str, str] = {}
    made = _made.setdefault(str(docs), Made())
    made.next_build()
    for lang in LANGS:
        pages |= listing_pages(report.articles, lang, per_page=size, made=made)
        pages |= archive_pages(report.articles, lang, per_page=size, made=made)
    count = sync(docs, pages, [docs / folder for folder in LIST_FOLDERS])
    if buildstate.serving():  # only a rebuild under `mkdocs serve` is focused
        focus.edits(docs).changed.update([f"{urls.ARTICLES}/{name}" for name in report.changed] + count.changed)
    log.info(f"taiyaku: {report.summary()}; home, tag and month pages: {count.written} written, {count.removed} removed")
    rebuild = str(docs) in _converted
    _converted[str(docs)] = state
    newest = {id(a) for lang in LANGS for a in listed(report.articles, lang)[:FEED_SIZE]}
    _articles[str(config.config_file_path)] = ([a for a in report.articles if id(a) in newest], dumps)  # in dump order, as listed() wants
    release = not rebuild or len(report.articles) - report.cached >= RELEASE_FROM
    del report, pages
    if release:
        _release_memory()
    return config


def _release_memory() -> None:
    """Hand the conversion's freed memory back to the system before the pages are rendered: glibc
    keeps the heap it held through the whole build, beside the render worker and the search
    indexers (at 10,000 articles, when the conversion still held every article: 1.98 GB after it,
    1.65 GB once its reference cycles were collected, 0.21 GB after malloc_trim)."""
    gc.collect()
    trim()


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: object) -> dict[str, Any]:
    """Open Graph, Twitter card and JSON-LD for overrides/partials/seo.html (taiyaku.writers.seo)."""
    lang = _language(config)
    url = page.canonical_url or config.site_url or ""
    others = getattr(page.file, "alternates", None) or {}  # set by mkdocs-static-i18n
    context["taiyaku_head"] = seo.head(
        page.meta, lang=lang, url=url, site_name=config.site_name, home_url=_home(config, lang), other_langs=others
    )
    return context


# Hack: Material's bundle fetches `sitemap.xml` next to every <link rel="alternate"> of a page,
# taking each for a language root (mkdocs-material#6582; zensical#908 for its successor). Our
# alternates are the page's own translations, absolute, so a reader's browser would request
# <site_url>/articles/<slug>/sitemap.xml: a 404 per page, and a request to the published host
# from a local preview. What that code adds (keeping the page when the language changes) the
# i18n plugin already does in the selector's links, so the selector is made to match nothing.
_ALTERNATE_ROOTS = '"link[rel=alternate]"'
_NO_ALTERNATE_ROOTS = '"link[rel=alternate][data-md-language-root]"'


# The side-by-side rows skip Python-Markdown (see taiyaku.writers.parallel): cut off here, put back
# in place of their marker once the rest of the page is HTML.
_rows: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: object) -> str:
    markdown, rows = split_rows(markdown)
    if rows:
        _rows[page.file.src_uri] = rows
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: object) -> str:
    rows = _rows.pop(page.file.src_uri, None)
    return html if rows is None else html.replace(ROWS_MARKER, rows, 1)


@event_priority(-100)  # after every other plugin's on_post_page
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The page is rendered: let its Markdown and HTML go. MkDocs keeps every page's until the
    build ends, and the i18n plugin builds the other languages before the first build ends: at
    10,000 articles the Japanese pages' text alone took over a gigabyte through the English build."""
    global _rendered
    page.markdown = None
    page.content = None
    _rendered += 1
    if _rendered % TRIM_EVERY == 0:
        trim()
    return output


TRIM_EVERY = 500
"""Pages rendered between two malloc_trim calls. Each page's text is garbage once written, but the
heap it leaves stays with the process: at 1,000 articles, trimming every 200 pages left the build
process at 103 and 127 MB after each language's pages instead of 139 and 168 MB."""
_rendered = 0


# Before the i18n plugin's (-100), inside which the other languages are built with this config
# changed to theirs: this language's feed must be written while the config is still its own.
def on_post_build(config: MkDocsConfig) -> None:
    if buildstate.render_worker():
        return  # it copies no static file, and the feeds are the other build's
    _write_feed(config)
    _patch_material_bundle(config)


def _write_feed(config: MkDocsConfig) -> None:
    """This language's Atom feed (each language's build writes its own, with its site name)."""
    lang, default = _language(config), _default_language(config)
    # Not by docs_dir: a focused rebuild reads another (taiyaku.focus).
    articles, dumps = _articles.get(str(config.config_file_path), ([], Path()))
    feed = atom_feed(
        articles,
        lang,
        site_url=config.site_url or "/",
        title=config.site_name,
        subtitle=config.site_description or "",
        undated=lambda article: _saved_at(dumps / Path(article.path).name),
        default=default,
    )
    target = Path(config.site_dir) / feed_path(lang, default)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(feed)


# MkDocs writes 404.html at the site root in every language's build, each over the last. As each
# is rendered, the default language's is kept for the root and every other language's is written
# to its own folder (/en/404.html): this holds whatever order the language builds run in.
_not_found: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    if template_name != "404.html":
        return output
    lang, default = _language(config), _default_language(config)
    if lang == default:
        _not_found[config.site_dir] = output
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _not_found.get(config.site_dir, output)


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


def _language(config: MkDocsConfig) -> Lang:
    """This build's language (the i18n plugin sets the theme's for each language's build)."""
    return _as_lang(config.theme["language"])


def _default_language(config: MkDocsConfig) -> Lang:
    i18n = config.plugins.get("i18n")
    return _as_lang(getattr(i18n, "default_language", None) or config.theme["language"])


def _as_lang(value: object) -> Lang:
    # MkDocs' config holds the language as any string; the writers know only ours.
    if value not in LANGS:
        raise ValueError(f"mkdocs.yml: language {value!r} is not one of {', '.join(LANGS)}")
    return value


def _home(config: MkDocsConfig, lang: str) -> str:
    root = (config.site_url or "/").rstrip("/") + "/"
    return root if lang == _default_language(config) else f"{root}{lang}/"


def _saved_at(dump: Path) -> datetime.datetime:
    """When the editors last saved the dump: the date of an undated article's feed entry."""
    try:
        return datetime.datetime.fromtimestamp(dump.stat().st_mtime, datetime.UTC)
    except OSError:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


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
