"""The home pages: the latest articles first, one list per language, split into pages of a fixed
size so that no page grows with the archive.

Pure functions from Articles to Markdown files (`{path under docs/: text}`); the site hook writes
them. Page 1 is `index.<lang>.md` (the site's `/` and `/en/`), page n is `page/<n>.<lang>.md`
(`/page/<n>/`, `/en/page/<n>/`). Links are written to the `.md` sources so that MkDocs checks them.

The English home lists only articles with an English original: an article written in Japanese has
no English page to link to, and its Japanese title and lede would mean little to that reader.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence

from taiyaku.model import Article, Lang, Paragraph
from taiyaku.writers.escape import escape_inline as escape

PER_PAGE = 20
EXCERPT_CHARS: dict[Lang, int] = {"ja": 160, "en": 320}
"""Longest excerpt under a title. Ledes are one paragraph of about 100-150 characters; English
first paragraphs run longer, and English takes about twice the characters for the same space."""

_WORDS: dict[Lang, dict[str, str]] = {
    "ja": {
        "title": "最新記事",
        "description": "AIニュースの日本語訳と英語の原文",
        "empty": "まだ記事がありません。",
        "newer": "← 新しい記事",
        "older": "古い記事 →",
        "page": "ページ",
    },
    "en": {
        "title": "Latest articles",
        "description": "AI news in English, with its Japanese edition",
        "empty": "No articles yet.",
        "newer": "← Newer articles",
        "older": "Older articles →",
        "page": "Page",
    },
}

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def latest_first(articles: Sequence[Article]) -> list[Article]:
    """Newest published date first; undated articles after the dated ones. Within a date, and among
    the undated, the order of the dumps (the order `articles` comes in) is kept."""
    order = {id(a): i for i, a in enumerate(articles)}

    def key(article: Article) -> tuple[int, int, int]:
        published = article.metadata.published
        return (published is None, -published.toordinal() if published else 0, order[id(article)])

    return sorted(articles, key=key)


def listed(articles: Sequence[Article], lang: Lang) -> list[Article]:
    """The articles the home page of `lang` lists, latest first."""
    return [a for a in latest_first(articles) if lang == "ja" or a.has_original]


def listing_pages(articles: Sequence[Article], lang: Lang, *, per_page: int = PER_PAGE) -> dict[str, str]:
    """All home pages of one language: `{path under docs/: Markdown}`. There is always a page 1."""
    entries = listed(articles, lang)
    chunks = [entries[i : i + per_page] for i in range(0, len(entries), per_page)] or [[]]
    return {
        page_path(n, lang): _page(chunk, lang, n, len(chunks))
        for n, chunk in enumerate(chunks, 1)
    }


def page_path(n: int, lang: Lang) -> str:
    return f"index.{lang}.md" if n == 1 else f"page/{n}.{lang}.md"


def excerpt(text: str, limit: int) -> str:
    """The first sentences of `text` that fit in `limit` characters, else its first `limit`
    characters and an ellipsis. Whitespace runs become one space."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > limit:
            break
        cut = match.start()
    if cut:
        return text[:cut].rstrip()
    return text[: limit - 1].rstrip() + "…"


def _page(entries: list[Article], lang: Lang, n: int, pages: int) -> str:
    words = _WORDS[lang]
    title = words["title"] if n == 1 else f"{words['title']} ({words['page']} {n}/{pages})"
    # Relative path from this page's source to the docs root: page n>1 lives one folder down.
    root = "" if n == 1 else "../"
    lines = [
        "---",
        f"title: {_yaml_str(title)}",
        f"description: {_yaml_str(words['description'])}",
        "hide:",
        "  - toc",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {escape(title)}",
        "",
    ]
    if not entries:
        lines += [escape(words["empty"]), ""]
    for article in entries:
        lines += _entry(article, lang, root)
    if pages > 1:
        lines += _pager(lang, n, pages)
    return "\n".join(lines)


def _entry(article: Article, lang: Lang, root: str) -> list[str]:
    link = f"{root}articles/{article.slug}.{lang}.md"
    if lang == "en" and article.title_en is None:
        # The reader found no English title: show the Japanese one, marked as Japanese.
        heading = f"## [{escape(article.title_ja)}]({link}){{: lang=ja }}"
    else:
        heading = f"## [{escape(_title(article, lang))}]({link})"
    lines = ['<article class="ty-entry" markdown>', "", heading, ""]
    meta = _meta(article, lang)
    if meta:
        lines += [meta, '{: .ty-entry__meta }', ""]
    text = _summary_source(article, lang)
    if text:
        lines += [escape(excerpt(text, EXCERPT_CHARS[lang])), ""]
    lines += ["</article>", ""]
    return lines


def _title(article: Article, lang: Lang) -> str:
    return article.title_ja if lang == "ja" else (article.title_en or article.title_ja)


def _summary_source(article: Article, lang: Lang) -> str:
    """Japanese: the lede. English: the first paragraph of the original."""
    if lang == "ja":
        return article.lede
    assert article.en is not None
    return next((b.text for b in article.en.blocks if isinstance(b, Paragraph) and b.text.strip()), "")


def _meta(article: Article, lang: Lang) -> str:
    parts = []
    published = article.metadata.published
    if published is not None:
        parts.append(f'<time datetime="{published.isoformat()}">{_date(published, lang)}</time>')
    parts += [f'<span class="ty-tag">{escape(tag)}</span>' for tag in article.metadata.tags]
    return " ".join(parts)


def _date(day: datetime.date, lang: Lang) -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _pager(lang: Lang, n: int, pages: int) -> list[str]:
    words = _WORDS[lang]
    here = page_path(n, lang)
    parts = []
    if n > 1:
        parts.append(f"[{escape(words['newer'])}]({_relative(here, page_path(n - 1, lang))}){{: .ty-pager__newer }}")
    parts.append(f'<span class="ty-pager__count">{n} / {pages}</span>')
    if n < pages:
        parts.append(f"[{escape(words['older'])}]({_relative(here, page_path(n + 1, lang))}){{: .ty-pager__older }}")
    return [" ".join(parts), "{: .ty-pager }", ""]


def _relative(source: str, target: str) -> str:
    """Link from one listing page's source to another's (both are at most one folder deep)."""
    if "/" not in source:
        return target
    return target.split("/", 1)[1] if "/" in target else f"../{target}"


def _yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (the words above hold no backslash or quote)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
