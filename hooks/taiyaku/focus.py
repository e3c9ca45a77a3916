"""Focused rebuilds under `mkdocs serve`: once a build of the whole site has ended in this process,
each rebuild hands MkDocs only the pages an edit touched, not the whole archive.

Why: at 10,000 articles a rebuild of `mkdocs serve --dirty` rendered a handful of pages but spent
a minute walking, filing and paging the 37,000 others (MkDocs' file list, mkdocs-static-i18n's
files, a Page each), once per language. A page's HTML depends on its Markdown, on its pages in the
other languages (the language selector) and on what taiyaku.buildstate's fingerprint covers (a
change there makes a full build). So after an edit the pages to render are those whose Markdown was
written or removed, with their other-language pages. MkDocs must also know the pages they link to
(it turns `x.md` links into URLs) and the navigation's home pages; it renders none of those whose
HTML is newer than their Markdown (`--dirty`).

How: MkDocs reads a shadow docs folder (`shadow`) of links to those pages and to docs/'s own files
(stylesheets). The hooks keep what MkDocs no longer sees whole: the site's page list
(hooks/taiyaku_incremental.py), the search's article list (hooks/taiyaku_search.py) and the sitemap
(`merge_sitemap`).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.files import GENERATED, PAGE_SUFFIXES

HOMES = tuple(name for name in GENERATED if name.endswith(PAGE_SUFFIXES))
"""The navigation's pages (mkdocs.yml's nav: index.md): MkDocs wants them in every build."""

_LINK = re.compile(r"\]\((?:<([^<>#]+\.md)(?:#[^<>]*)?>|([^\s()<>#]+\.md)(?:#[^\s()]*)?)\)")
"""A link of the writers' Markdown to another page (taiyaku.writers.urls): `](<../x y.ja.md#id>)`
or `](../x.ja.md)`."""


@dataclass(frozen=True)
class Focus:
    pages: frozenset[str]
    """The pages (paths below docs/) MkDocs is given."""
    removed: frozenset[str]
    """The pages removed from docs/ since the last build."""


@dataclass
class Edits:
    """What this process knows of a docs folder between two of its builds."""

    built: bool = False
    """A build of it ended in this process: its site holds every page but those in `changed`."""
    changed: set[str] = field(default_factory=set)
    """Pages (paths below docs/) written or removed since that build."""


_edits: dict[str, Edits] = {}
_active: dict[str, Focus] = {}


def edits(docs: Path) -> Edits:
    return _edits.setdefault(str(docs.resolve()), Edits())


def activate(shadow: Path, focus: Focus) -> None:
    """This build reads `shadow` in place of docs/ (MkDocs' docs_dir)."""
    _active[str(shadow)] = focus


def deactivate(shadow: Path) -> None:
    _active.pop(str(shadow), None)


def active(docs_dir: str) -> Focus | None:
    """The focus of the build whose docs_dir this is; None for a build of the whole docs folder."""
    return _active.get(docs_dir)


def plan(docs: Path, changed: Iterable[str]) -> Focus:
    """The pages MkDocs must see after `changed` (written or removed): those still there, the
    home pages, the pages these link to, and the other-language pages of all of them."""
    changed = set(changed)
    wanted = {other for rel in changed for other in _languages(rel)} | changed | set(HOMES)
    pages = {rel for rel in wanted if (docs / rel).is_file()}
    linked = set()
    for rel in pages:
        text = (docs / rel).read_text(encoding="utf-8")
        for bracketed, bare in _LINK.findall(text):
            linked.update(_languages(posixpath.normpath(posixpath.join(posixpath.dirname(rel), bracketed or bare))))
    # A page's other-language pages too: else its language selector would change.
    pages |= {rel for rel in linked - pages if (docs / rel).is_file()}
    return Focus(frozenset(pages), frozenset(rel for rel in changed if not (docs / rel).exists()))


def _languages(rel: str) -> list[str]:
    """`rel` in every language: `x.ja.md` -> `x.ja.md`, `x.en.md`."""
    for suffix in PAGE_SUFFIXES:
        if rel.endswith(suffix):
            return [rel.removesuffix(suffix) + other for other in PAGE_SUFFIXES]
    return [rel]


def shadow(docs: Path, pages: Iterable[str], into: Path) -> None:
    """Make `into` a docs folder of symbolic links: to `pages` (paths below `docs`) and to every
    entry at the top of `docs` that the site's build hook does not write (GENERATED)."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    for entry in docs.iterdir():
        if entry.name not in GENERATED:
            (into / entry.name).symlink_to(entry.resolve(), target_is_directory=entry.is_dir())
    for rel in pages:
        link = into / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((docs / rel).resolve())


def walk_key(src_uri: str) -> tuple[tuple[int, bool, str], ...]:
    """The place of a page in MkDocs' file list (mkdocs.structure.files.get_files): a folder's
    files first, `index` first among them and the rest by name, then its subfolders by name."""
    *folders, name = src_uri.split("/")
    stem = os.path.splitext(name)[0]
    return (*((1, False, folder) for folder in folders), (0, stem not in ("index", "README"), name))


_URL = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>([^<]*)</loc>")
_END = re.compile(r"\s*</urlset>\s*$")


def merge_sitemap(old: str, new: str, gone: Iterable[str]) -> str:
    """The sitemap of the whole site from the last one (`old`) and the one a focused rebuild
    rendered of its pages (`new`): `new`'s entries in place of `old`'s of the same address, the
    entries of the addresses `gone` left out, `new`'s other entries at the end (a sitemap's order
    means nothing). The text around the entries is `new`'s."""
    fresh = {_loc(block): block for block in _URL.findall(new)}
    left_out = set(gone)
    blocks = [fresh.pop(_loc(block), block) for block in _URL.findall(old) if _loc(block) not in left_out]
    blocks += fresh.values()
    first, end = _URL.search(new), _END.search(new)
    if end is None:
        return new  # not a sitemap this code knows: the rebuild's own
    head = new[: first.start() if first else end.start()]
    return head + "".join(blocks) + new[end.start() :]


def _loc(block: str) -> str:
    found = _LOC.search(block)
    return found[1] if found else block


def page_url(name: str) -> str:
    """The URL (below the site's) of the HTML file `name` (relative to the site)."""
    return name.removesuffix("index.html")
