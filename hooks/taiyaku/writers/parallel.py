"""The side-by-side (対訳) view of a line-aligned article: Japanese block k beside English block k,
one row each, headings and table-of-contents entries on the same rows as their translations.

One page per language at `articles/<slug>/taiyaku.<lang>.md` (see urls.py): the same rows, with
the site around them in the reader's language. Japanese is always the first column, so that on a
narrow screen, where each row stacks, the Japanese comes first and the English under it.

The rows are one raw HTML block (escape.py's HTML half): the view repeats both bodies, and as
Markdown inside `<div markdown>` it would cost as much to build as both article pages together.
Even raw, Python-Markdown reads every tag of it (md_in_html's HTML parser): +9 s on 1,000
articles. So the block follows ROWS_MARKER, and a site may cut it off before Markdown and put it
back in place of the marker after (`split_rows`; hooks/taiyaku_site.py does). Markdown renders
the page the same either way: the marker is an HTML comment, which it passes through as is.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from taiyaku.model import (
    Article,
    Block,
    Body,
    Figure,
    Heading,
    Lang,
    ListBlock,
    Paragraph,
    Quote,
    TocEntry,
)
from taiyaku.writers import urls
from taiyaku.writers.blocks import front_matter_of, page
from taiyaku.writers.escape import escape_html, escape_inline, link, spans_to_html
from taiyaku.writers.labels import LABELS

ROWS_MARKER = "<!-- taiyaku:rows -->"

_WORDS: dict[Lang, dict[str, str]] = {
    "ja": {
        "title": "対訳: {}",
        "description": "日本語訳と英語の原文を段落ごとに並べて読む: {}",
        "back": "← 記事に戻る",
        "ja": "日本語訳",
        "en": "英語の原文",
    },
    "en": {
        "title": "Side by side: {}",
        "description": "The original and its Japanese translation, paragraph by paragraph: {}",
        "back": "← Back to the article",
        "ja": "Japanese translation",
        "en": "English original",
    },
}


def parallel_pages(article: Article) -> dict[str, str]:
    """`{path under docs/: Markdown}` of the view in both languages; {} when the article has none:
    without line alignment, block k of one side is not the translation of block k of the other."""
    if not article.aligned or article.en is None:
        return {}
    return {urls.parallel(article.slug, lang): parallel_page(article, lang) for lang in ("ja", "en")}


def parallel_page(article: Article, lang: Lang) -> str:
    assert article.en is not None
    words = _WORDS[lang]
    shown_title = article.title_ja if lang == "ja" else (article.title_en or article.title_ja)
    here = urls.parallel(article.slug, lang)
    back = link(escape_inline(words["back"]), urls.relative(here, urls.article(article.slug, lang)))
    meta = {
        "kind": "parallel",
        "title": words["title"].format(shown_title),
        "description": words["description"].format(shown_title),
        "slug": article.slug,
        "lang": lang,
        "hide": ["navigation", "toc"],  # the whole width for two columns
        "search": {"exclude": True},  # both article pages are indexed already
    }
    shown = escape_inline(shown_title)
    if lang == "en" and not article.title_en:
        shown = f'<span lang="ja">{shown}</span>'  # the reader found no English title
    prefix, suffix = (escape_inline(part) for part in words["title"].split("{}"))
    heading = f"# {prefix}{shown}{suffix}"
    return page(front_matter_of(meta), heading, back + "\n{: .tk-back }", ROWS_MARKER, grid(article, lang))


def split_rows(markdown: str) -> tuple[str, str]:
    """A page's Markdown up to and including ROWS_MARKER, and the raw HTML after it ("" on any
    other page). The HTML is to replace the marker in the page's HTML."""
    head, marker, rows = markdown.partition(ROWS_MARKER)
    return head + marker, rows.strip()


def grid(article: Article, lang: Lang) -> str:
    """The rows as one raw HTML block, one line per row."""
    assert article.en is not None
    words = _WORDS[lang]
    head = (f"<p>{escape_html(words['ja'])}</p>", f"<p>{escape_html(words['en'])}</p>")
    rows = ['<div class="tk-parallel">', _row(head, "tk-pair tk-pair--head")]
    if article.title_en:
        titles = (f"<p>{escape_html(article.title_ja)}</p>", f"<p>{escape_html(article.title_en)}</p>")
        rows.append(_row(titles, "tk-pair tk-pair--title"))
    rows += body_rows(article.ja, article.en, lang)
    rows.append("</div>")
    return "\n".join(rows)


def body_rows(ja: Body, en: Body, lang: Lang) -> Iterator[str]:
    """Block k of both sides on row k; the tables of contents, which stand at the same place in
    both, as a title row and one row per entry. A heading's row carries the anchor the heading
    has on the article page of `lang`, so `#anchor` means the same section on both pages."""
    row_ids = _row_ids(ja, en, lang)
    toc_at = min(max(ja.toc_position, 0), len(ja.blocks)) if ja.toc is not None and en.toc is not None else None
    for k, (j, e) in enumerate(itertools.zip_longest(ja.blocks, en.blocks)):
        if k == toc_at:
            yield from _toc_rows(ja, en, row_ids)
        row_id = row_ids.get(j.anchor) if isinstance(j, Heading) else None
        kind = "tk-pair tk-row" + (" tk-row--heading" if isinstance(j, Heading) else "")
        yield _row((_html_block(j), _html_block(e)), kind, row_id)
    if toc_at == len(ja.blocks):
        yield from _toc_rows(ja, en, row_ids)


def _row(cells: tuple[str, str], css: str, row_id: str | None = None) -> str:
    ident = f' id="{escape_html(row_id)}"' if row_id else ""
    ja, en = cells
    return (
        f'<div{ident} class="{css}">'
        f'<div class="tk-cell" lang="ja">{ja}</div>'
        f'<div class="tk-cell" lang="en">{en}</div></div>'
    )


def _row_ids(ja: Body, en: Body, lang: Lang) -> dict[str, str]:
    """Each heading's anchor (Japanese and English) -> the id of its row."""
    ids: dict[str, str] = {}
    for j, e in zip(ja.blocks, en.blocks):
        if isinstance(j, Heading) and isinstance(e, Heading):
            ids[j.anchor] = ids[e.anchor] = j.anchor if lang == "ja" else e.anchor
    return ids


def _toc_rows(ja: Body, en: Body, row_ids: dict[str, str]) -> Iterator[str]:
    assert ja.toc is not None and en.toc is not None
    labels = (f'<p class="tk-toc-title"><strong>{escape_html(LABELS["ja"].toc)}</strong></p>',
              f'<p class="tk-toc-title"><strong>{escape_html(LABELS["en"].toc)}</strong></p>')
    yield _row(labels, "tk-pair tk-pair--toc-title")
    for j, e in itertools.zip_longest(ja.toc, en.toc):
        yield _row((_toc_entry(j, row_ids), _toc_entry(e, row_ids)), "tk-pair tk-row tk-row--toc")


def _toc_entry(entry: TocEntry | None, row_ids: dict[str, str]) -> str:
    if entry is None:
        return ""
    text = escape_html(entry.text)
    target = row_ids.get(entry.anchor) if entry.anchor is not None else None
    return '<p class="tk-toc-entry">' + (f'<a href="#{escape_html(target)}">{text}</a>' if target else text) + "</p>"


def _html_block(block: Block | None) -> str:
    return "" if block is None else _HTML_WRITERS[type(block)](block)


def _paragraphs(tag: str, items: tuple[Paragraph, ...]) -> str:
    return "".join(f"<{tag}>{spans_to_html(p.spans)}</{tag}>" for p in items)


# One writer per block type, as in blocks.py.
_HTML_WRITERS: dict[type, Callable[[Any], str]] = {
    Paragraph: lambda b: f"<p>{spans_to_html(b.spans)}</p>",
    Heading: lambda b: f"<h2>{escape_html(b.text)}</h2>",
    Quote: lambda b: f"<blockquote>{_paragraphs('p', b.paragraphs)}</blockquote>",
    ListBlock: lambda b: f"<{'ol' if b.ordered else 'ul'}>{_paragraphs('li', b.items)}</{'ol' if b.ordered else 'ul'}>",
    Figure: lambda b: f'<p class="tk-figure"><em>{escape_html(b.caption)}</em></p>',
}
