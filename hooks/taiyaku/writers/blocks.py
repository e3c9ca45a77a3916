"""The parts both article pages are made of, as Markdown chunks.

A part that is absent comes back as None or "", and `page` leaves it out: a class line or a box
title with nothing under it would otherwise render as literal text.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import yaml
from pymdownx.slugs import slugify

from taiyaku.anchors import make_anchor
from taiyaku.model import (
    Article,
    Block,
    Body,
    Figure,
    Heading,
    KeyPoint,
    Lang,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    TocEntry,
)
from taiyaku.writers import urls
from taiyaku.writers.escape import escape_inline, is_web_url, link, spans_to_markdown
from taiyaku.writers.labels import Labels
from taiyaku.writers.reading import reading_minutes

DESCRIPTION_CHARS = 160
INDENT = "    "
# An empty comment shows nothing but is something to Python-Markdown. It goes between two lists
# or two quotes, which it would merge into one even across a blank line, and where a line must
# have text: `- `, `1. ` or `# ` with nothing after them is no list item or heading.
_EMPTY = "<!-- -->"
_MERGING = (ListBlock, Quote)
_ANCHOR = re.compile(r"[\w.-]+")
# What toc would call a heading that has no id of its own (mkdocs.yml's slugify).
_toc_slug = slugify(case="lower")


def page(*chunks: str | None) -> str:
    return "\n\n".join(c for c in chunks if c) + "\n"


def classed(markdown: str, css_class: str) -> str:
    """A paragraph with a class (attr_list), or "" for an empty one."""
    return f"{markdown}\n{{: .{css_class} }}" if markdown else ""


def indent(markdown: str) -> str:
    return "\n".join(INDENT + line if line else line for line in markdown.split("\n"))


def box(marker: str, classes: str, title_markdown: str, content: str) -> str:
    """An admonition (`!!!`) or a pymdownx.details block (`???` is closed until opened)."""
    return f'{marker} {classes} "{title_markdown}"\n\n{indent(content)}'


def strong(text: str) -> str:
    return spans_to_markdown((Span(text, "strong"),))


# -- front matter -------------------------------------------------------------------------


# libyaml's safe dumper when PyYAML has it (the same text as the pure-Python one, a fifth of the
# time: the pure-Python one took a sixth of converting a dump).
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(article: Article, lang: Lang, title: str, description: str) -> str:
    """The page.meta the site glue reads. yaml.safe_dump quotes whatever needs quoting."""
    meta = article.metadata
    data = {
        "kind": "article",
        "title": title,
        "description": shorten(description),
        "slug": article.slug,
        "lang": lang,
        "published": meta.published.isoformat() if meta.published else None,
        "tags": list(meta.tags),
        "has_original": article.has_original,
        "aligned": article.aligned,
        "truncated": article.truncated,
        "source": meta.source if is_web_url(meta.source) else None,
        "author": meta.author,
    }
    return front_matter_of(data)


def front_matter_of(data: dict[str, Any]) -> str:
    """A front matter block. The YAML dumper quotes whatever needs quoting."""
    dumped: str = yaml.dump(data, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---"


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """One line of at most `limit` characters, cut with `…` where it is longer, never between a
    character and the combining mark, variation selector or joiner that belongs to it."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = limit - 1
    while cut > 0 and (_extends(text[cut]) or text[cut - 1] == "\u200d"):
        cut -= 1
    return text[:cut].rstrip() + "…"


def _extends(ch: str) -> bool:
    """Combining marks and variation selectors, the zero-width joiner, emoji skin tones."""
    return unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch == "\u200d" or "\U0001f3fb" <= ch <= "\U0001f3ff"


def first_paragraph(body: Body) -> str:
    return next((b.text for b in body.blocks if isinstance(b, Paragraph)), "")


# -- head of the page -----------------------------------------------------------------------


def title(text: str, body: Body, *, lang: Lang | None = None) -> str:
    """`# text`. An explicit id only where toc would choose differently from make_anchor: a title
    without letters, or one that slugs like a heading of the body (toc would add `_1`)."""
    attrs = []
    anchor = make_anchor(text, {h.anchor for h in body.headings})
    if anchor != _toc_slug(text, "-"):
        attrs.append(_id_attr(anchor))
    if lang is not None:
        attrs.append(f"lang={lang}")
    return f"# {escape_inline(text) or _EMPTY}" + (f" {{{' '.join(attrs)}}}" if attrs else "")


def meta_line(article: Article, lang: Lang, labels: Labels) -> str:
    """Date (linked to its month's archive), author, source link and the reading time."""
    metadata, here = article.metadata, urls.article(article.slug, lang)
    parts = []
    if metadata.published is not None:
        shown = escape_inline(labels.date(metadata.published))
        when = f'<time datetime="{metadata.published.isoformat()}">{shown}</time>'
        parts.append(link(when, urls.relative(here, urls.paged(urls.month_folder(metadata.published), 1, lang))))
    if metadata.author:
        parts.append(escape_inline(labels.author.format(metadata.author)))
    if is_web_url(metadata.source):
        parts.append(link(escape_inline(labels.source), metadata.source))
    parts.append(escape_inline(labels.reading_time.format(reading_minutes(article, lang))))
    return classed(labels.separator.join(parts), "tk-meta")


def tag_line(article: Article, lang: Lang, labels: Labels) -> str:
    """The article's tags, each linked to its tag page; "" without tags."""
    if not article.metadata.tags:
        return ""
    here = urls.article(article.slug, lang)
    links = [
        link(escape_inline(tag), urls.relative(here, urls.paged(urls.tag_folder(tag), 1, lang)), ".tk-tag")
        for tag in article.metadata.tags
    ]
    return classed(f"{escape_inline(labels.tags)}: " + " ".join(links), "tk-tags")


def parallel_link(article: Article, lang: Lang, labels: Labels) -> str:
    """The link to the side-by-side view, which only a line-aligned article has."""
    if not article.aligned or article.en is None:
        return ""
    target = urls.relative(urls.article(article.slug, lang), urls.parallel(article.slug, lang))
    return classed(link(escape_inline(labels.parallel), target), "tk-parallel-link")


def excerpt_notice(source: str | None, labels: Labels) -> str:
    text = escape_inline(labels.excerpt_text)
    if is_web_url(source):
        text += " " + link(escape_inline(labels.excerpt_link), source)
    return box("!!!", "info tk-excerpt", escape_inline(labels.excerpt_title), text)


def other_page(url: str | None, labels: Labels, hreflang: Lang) -> str:
    """The link to the same article in the other language, where the caller has one."""
    if url is None:
        return ""
    return classed(link(escape_inline(labels.other_page), url, f"hreflang={hreflang}"), "tk-other-lang")


# -- the Japanese edition's own parts ----------------------------------------------------------


def key_point_list(points: Sequence[KeyPoint]) -> str:
    """A numbered list: the point's title in bold, its body as a paragraph under it."""
    items = []
    for n, point in enumerate(points, 1):
        body = escape_inline(point.body)
        items.append(f"{n}.  {strong(point.title) or _EMPTY}" + (f"\n\n{indent(body)}" if body else ""))
    return "\n\n".join(items)


def commentary(article: Article, labels: Labels) -> str:
    """影響分析 and 編集コメント, each under its label, as far as the article has them."""
    parts = ((labels.impact, article.impact), (labels.editorial, article.editorial))
    return "\n\n".join(f"{strong(label)}\n\n{escape_inline(text)}" for label, text in parts if text is not None)


# -- body ---------------------------------------------------------------------------------------


PARAGRAPH_ID = "tk-p{}"
"""The id of a line-aligned article's paragraph k (its k-th block), the same on both pages: a
search that matched the other language's paragraph k opens this page there (taiyaku.search)."""


def body(text: Body, labels: Labels, *, aligned: bool = False) -> str:
    """The body's blocks, the table of contents where the dump had it, in a div for styling.
    `aligned`: block k translates the other page's block k, and its paragraphs say so by their id."""
    chunks: list[tuple[type, str]] = [(type(b), _write_block(b)) for b in text.blocks]
    if aligned:
        chunks = [
            (kind, f"{markdown}\n{{: #{PARAGRAPH_ID.format(k)} }}" if kind is Paragraph and markdown else markdown)
            for k, (kind, markdown) in enumerate(chunks)
        ]
    if text.toc is not None:
        at = min(max(text.toc_position, 0), len(chunks))
        chunks.insert(at, (TocEntry, toc(text.toc, {h.anchor for h in text.headings}, labels)))
    return f'<div class="tk-body" markdown>\n\n{_join(chunks)}\n\n</div>'


def toc(entries: Iterable[TocEntry], present: set[str], labels: Labels) -> str:
    """Entries whose section is on the page link to it; the others are plain text."""
    items = "\n".join(f"- {_toc_entry(e, present) or _EMPTY}" for e in entries)
    head = classed(strong(labels.toc), "tk-toc-title")
    return f'<nav class="tk-toc" aria-label="{html.escape(labels.toc)}" markdown>\n\n{head}\n\n{items}\n\n</nav>'


def _toc_entry(entry: TocEntry, present: set[str]) -> str:
    text = escape_inline(entry.text)
    return link(text, "#" + entry.anchor) if entry.anchor is not None and entry.anchor in present else text


def _join(chunks: Iterable[tuple[type, str]]) -> str:
    out: list[str] = []
    previous: type | None = None
    for kind, markdown in chunks:
        if not markdown:
            continue
        if kind is previous and kind in _MERGING:
            out.append(_EMPTY)
        out.append(markdown)
        previous = kind
    return "\n\n".join(out)


def _heading(block: Heading) -> str:
    return f"## {escape_inline(block.text) or _EMPTY} {{{_id_attr(block.anchor)}}}"


def _id_attr(anchor: str) -> str:
    """`#anchor` for attr_list. The braces are inline-parsed before attr_list reads them, so a
    `_` pair would become emphasis: it is escaped (attr_list's value is unescaped after)."""
    if not _ANCHOR.fullmatch(anchor):
        raise ValueError(f"anchor {anchor!r} is not one make_anchor makes: letters, digits, '_', '-', '.'")
    return "#" + anchor.replace("_", "\\_")


def _paragraph(block: Paragraph) -> str:
    return spans_to_markdown(block.spans)


def _quote(block: Quote) -> str:
    return "\n>\n".join("> " + _paragraph(p) for p in block.paragraphs)


def _list(block: ListBlock) -> str:
    markers = (f"{n}." for n in itertools.count(1)) if block.ordered else itertools.repeat("-")
    return "\n".join(f"{m} {_paragraph(item) or _EMPTY}" for m, item in zip(markers, block.items))


def _figure(block: Figure) -> str:
    """Only the caption: the image itself stays on the service's server (see Figure)."""
    return classed(spans_to_markdown((Span(block.caption, "em"),)), "tk-figure")


# One writer per block type, the way markdown-it lists its rules.
_BLOCK_WRITERS: dict[type, Callable[[Any], str]] = {
    Paragraph: _paragraph,
    Heading: _heading,
    Quote: _quote,
    ListBlock: _list,
    Figure: _figure,
}


def _write_block(block: Block) -> str:
    return _BLOCK_WRITERS[type(block)](block)
