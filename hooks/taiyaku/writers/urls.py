"""Where every generated page lives under docs/, and the links between them.

Links go to the `.md` sources, relative to the page that links (MkDocs checks them and turns them
into URLs); mkdocs-static-i18n's suffix layout serves `x.ja.md` at `/x/` and `x.en.md` at `/en/x/`.

| page                   | source                                   | Japanese URL             |
|------------------------|------------------------------------------|--------------------------|
| article                | articles/<slug>.ja.md                    | /articles/<slug>/        |
| side by side (対訳)    | articles/<slug>/taiyaku.ja.md            | /articles/<slug>/taiyaku/|
| home, page n           | index.ja.md, page/<n>.ja.md              | /, /page/<n>/            |
| tag, page n            | tags/<tag>/index.ja.md, .../page/<n>.ja.md | /tags/<tag>/           |
| month, page n          | archive/<yyyy>/<mm>/index.ja.md, ...     | /archive/2026/11/        |
| months and tags        | archive/index.ja.md                      | /archive/                |
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath

from pymdownx.slugs import slugify

from taiyaku.model import Lang

ARTICLES = "articles"
PARALLEL_NAME = "taiyaku"
_slug = slugify(case="lower")


def article(slug: str, lang: Lang) -> str:
    return f"{ARTICLES}/{slug}.{lang}.md"


def parallel(slug: str, lang: Lang) -> str:
    return f"{ARTICLES}/{slug}/{PARALLEL_NAME}.{lang}.md"


def paged(folder: str, n: int, lang: Lang) -> str:
    """Page n of a list kept in `folder` ("" for the home pages)."""
    prefix = f"{folder}/" if folder else ""
    return f"{prefix}index.{lang}.md" if n == 1 else f"{prefix}page/{n}.{lang}.md"


def tag_slug(tag: str) -> str:
    """The tag's URL segment: its slug (`Open Weights` -> `open-weights`, `法規制` as is), or a
    digest for a tag with no letter or digit. Tags that slug alike share a page."""
    return _slug(tag, "-").strip("-") or "tag-" + hashlib.sha1(tag.encode("utf-8")).hexdigest()[:8]


def tag_folder(tag: str) -> str:
    return f"tags/{tag_slug(tag)}"


def month_folder(day: datetime.date) -> str:
    return f"archive/{day.year:04d}/{day.month:02d}"


def archive_index(lang: Lang) -> str:
    return f"archive/index.{lang}.md"


def relative(source: str, target: str) -> str:
    """The link from the page at `source` to the page at `target` (both paths under docs/, with no
    `.` or `..`). posixpath.relpath's result, without its two calls to os.getcwd (the home, tag and
    month pages of 1,000 articles made 100,000 links: a second at each build)."""
    base = [part for part in posixpath.dirname(source).split("/") if part]
    parts = [part for part in target.split("/") if part]
    common = 0
    for here, there in zip(base, parts):
        if here != there:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
