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
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from taiyaku.convert import convert_dir
from taiyaku.writers.listing import PER_PAGE, listing_pages

# Under "mkdocs." so that `mkdocs build --strict` counts our warnings; not a prefixed plugin
# logger, so a bad dump prints as `WARNING -  path: reason` and nothing else.
log = logging.getLogger("mkdocs.plugins.taiyaku")

_converted: dict[str, tuple[tuple[str, int, int], ...]] = {}
"""docs_dir -> the dumps/ listing (name, mtime, size) it was last converted from, in this process."""


@event_priority(100)  # before every plugin; the i18n plugin reads docs/ at on_files
def on_config(config: MkDocsConfig) -> MkDocsConfig:
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
    return config


# Hack: Material's bundle fetches `sitemap.xml` next to every <link rel="alternate"> of a page,
# taking each for a language root (mkdocs-material#6582; zensical#908 for its successor). Our
# alternates are the page's own translations, absolute, so a reader's browser would request
# <site_url>/articles/<slug>/sitemap.xml: a 404 per page, and a request to the published host
# from a local preview. What that code adds (keeping the page when the language changes) the
# i18n plugin already does in the selector's links, so the selector is made to match nothing.
_ALTERNATE_ROOTS = '"link[rel=alternate]"'
_NO_ALTERNATE_ROOTS = '"link[rel=alternate][data-md-language-root]"'


def on_post_build(config: MkDocsConfig) -> None:
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
        target = docs / rel
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written += 1
    keep = {(docs / rel).resolve() for rel in pages}
    for stale in stale_in.glob("*.md") if stale_in.is_dir() else ():
        if stale.resolve() not in keep:
            stale.unlink()
            removed += 1
    return written, removed
