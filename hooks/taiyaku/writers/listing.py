"""The home pages: the latest articles first, one list per language, split into pages of a fixed
size so that no page grows with the archive.

Pure functions from Listings (what a list shows of each article) to Markdown files (`{path under docs/: text}`); the site hook writes
them. Page 1 is `index.<lang>.md` (the site's `/` and `/en/`), page n is `page/<n>.<lang>.md`
(`/page/<n>/`, `/en/page/<n>/`), numbered from the oldest article (list_pages). Links are written
to the `.md` sources so that MkDocs checks them.

The English home lists only articles with an English original: an article written in Japanese has
no English page to link to, and its Japanese title and lede would mean little to that reader.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Sequence

from taiyaku.model import Lang, Listing
from taiyaku.writers import urls
from taiyaku.writers.blocks import front_matter_of
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
        "archive": "月別・タグ別の記事一覧",
    },
    "en": {
        "title": "Latest articles",
        "description": "AI news in English, with its Japanese edition",
        "empty": "No articles yet.",
        "newer": "← Newer articles",
        "older": "Older articles →",
        "page": "Page",
        "archive": "Articles by month and by tag",
    },
}

_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def latest_first(articles: Sequence[Listing]) -> list[Listing]:
    """Newest published date first; undated articles after the dated ones. Within a date, and among
    the undated, the order of the dumps (the order `articles` comes in) is kept."""
    order = {id(a): i for i, a in enumerate(articles)}

    def key(article: Listing) -> tuple[int, int, int]:
        published = article.metadata.published
        return (published is None, -published.toordinal() if published else 0, order[id(article)])

    return sorted(articles, key=key)


def listed(articles: Sequence[Listing], lang: Lang) -> list[Listing]:
    """The articles the home page of `lang` lists, latest first."""
    return [a for a in latest_first(articles) if lang == "ja" or a.has_original]


class Made:
    """The list pages made for the last build and this one, by what their text is made from, for
    a caller that makes them again and again (`mkdocs serve`: every list page at each rebuild; at
    10,000 articles, their 76,000 entries took seconds). A page whose articles are the very same
    Listing objects as last time is not made again: an unchanged dump's Listing is the same object
    from one rebuild to the next (taiyaku.convert.Seen), a changed one's is new."""

    def __init__(self) -> None:
        self._last: dict[tuple[object, ...], tuple[list[Listing], str]] = {}
        self._now: dict[tuple[object, ...], tuple[list[Listing], str]] = {}

    def next_build(self) -> None:
        """Forget what the last build made but this one did not (its pages are gone)."""
        self._last, self._now = self._now, {}

    def page(self, inputs: tuple[object, ...], items: list[Listing], make: Callable[[], str]) -> str:
        # The entries' ids are a safe key: the items kept with the text keep them from being reused.
        key = (*inputs, *map(id, items))
        known = self._now.get(key) or self._last.get(key) or (items, make())
        self._now[key] = known
        return known[1]


def listing_pages(articles: Sequence[Listing], lang: Lang, *, per_page: int = PER_PAGE, made: Made | None = None) -> dict[str, str]:
    """All home pages of one language: `{path under docs/: Markdown}`. There is always a page 1."""
    words = _WORDS[lang]
    return list_pages(
        listed(articles, lang), lang, folder="", title=words["title"], description=words["description"], per_page=per_page, made=made
    )


def list_pages(
    entries: Sequence[Listing],
    lang: Lang,
    *,
    folder: str,
    title: str,
    description: str,
    per_page: int = PER_PAGE,
    made: Made | None = None,
) -> dict[str, str]:
    """A list of articles (latest first) in pages under `folder` (urls.paged): the home pages, and
    the tag and month pages (archives.py). There is always a page 1.

    Page 1 shows the newest `per_page` articles. The older pages are chunks of `per_page` counted
    from the oldest article: page n (n >= 2) holds the (n-1)-th chunk from the oldest end, so a page
    keeps its URL and its articles when a newer article is added or the newest removed (only page 1
    and, once per `per_page` articles, the newest chunk's page change). The newest chunk (1 to
    `per_page` articles) is wholly on page 1 and has no page of its own; the chunk before it holds
    the articles page 1 has no room for, and may repeat some that page 1 shows. The pager goes from page 1 to
    the highest page number, down to page 2 (the oldest articles), which is never empty."""
    chunks = chunked(entries, per_page)
    last = len(chunks)  # pages 1 (the newest) and 2..last (the chunks before the newest)
    shown = {1: list(entries[:per_page]), **{n: chunks[n - 2] for n in range(2, last + 1)}}
    made = made or Made()
    return {
        urls.paged(folder, n, lang): made.page(
            (lang, folder, n, last, title, description), items, functools.partial(_page, items, lang, folder, n, last, title, description)
        )
        for n, items in shown.items()
    }


def chunked(entries: Sequence[Listing], per_page: int) -> list[list[Listing]]:
    """`entries` (latest first) in chunks of `per_page` counted from the oldest end, oldest chunk
    first, each latest first; only the newest chunk may be short. At least one chunk."""
    cuts = range(len(entries), 0, -per_page)
    return [list(entries[max(end - per_page, 0) : end]) for end in cuts] or [[]]


def page_path(n: int, lang: Lang) -> str:
    return urls.paged("", n, lang)


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


def _page(entries: list[Listing], lang: Lang, folder: str, n: int, last: int, title: str, description: str) -> str:
    words = _WORDS[lang]
    here = urls.paged(folder, n, lang)
    if n > 1:
        # No page count: it would change every page each time a page is added.
        title = f"{title} ({words['page']} {n})"
    meta = {"title": title, "description": description, "hide": ["toc"], "search": {"exclude": True}}
    lines = [front_matter_of(meta), "", f"# {escape(title)}", ""]
    if not entries:
        lines += [escape(words["empty"]), ""]
    for article in entries:
        lines += _entry(article, lang, here)
    if last > 1:
        lines += _pager(lang, folder, n, last)
    archive = urls.archive_index(lang)
    if here != archive:
        lines += [f"[{escape(words['archive'])}]({urls.relative(here, archive)})", "{: .ty-archive-link }", ""]
    return "\n".join(lines)


def _entry(article: Listing, lang: Lang, here: str) -> list[str]:
    link = urls.relative(here, urls.article(article.slug, lang))
    if lang == "en" and article.title_en is None:
        # The reader found no English title: show the Japanese one, marked as Japanese.
        heading = f"## [{escape(article.title_ja)}]({link}){{: lang=ja }}"
    else:
        heading = f"## [{escape(_title(article, lang))}]({link})"
    lines = ['<article class="ty-entry" markdown>', "", heading, ""]
    meta = _meta(article, lang, here)
    if meta:
        lines += [meta, '{: .ty-entry__meta }', ""]
    text = summary_source(article, lang)
    if text:
        lines += [escape(excerpt(text, EXCERPT_CHARS[lang])), ""]
    lines += ["</article>", ""]
    return lines


def _title(article: Listing, lang: Lang) -> str:
    return article.title_ja if lang == "ja" else (article.title_en or article.title_ja)


def summary_source(article: Listing, lang: Lang) -> str:
    """Japanese: the lede. English: the first paragraph of the original."""
    if lang == "ja":
        return article.lede
    assert article.opening_en is not None
    return article.opening_en


def _meta(article: Listing, lang: Lang, here: str) -> str:
    """The date, linked to its month's page, and the tags, each linked to its tag page."""
    parts = []
    published = article.metadata.published
    if published is not None:
        month = urls.relative(here, urls.paged(urls.month_folder(published), 1, lang))
        parts.append(f'[<time datetime="{published.isoformat()}">{_date(published, lang)}</time>]({month})')
    for tag in article.metadata.tags:
        target = urls.relative(here, urls.paged(urls.tag_folder(tag), 1, lang))
        parts.append(f"[{escape(tag)}](<{target}>){{: .ty-tag }}")
    return " ".join(parts)


def _date(day: datetime.date, lang: Lang) -> str:
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _pager(lang: Lang, folder: str, n: int, last: int) -> list[str]:
    """Links to the next newer and the next older page (see list_pages for their order)."""
    words = _WORDS[lang]
    here = urls.paged(folder, n, lang)
    newer = None if n == 1 else (n + 1 if n < last else 1)
    older = last if n == 1 else (n - 1 if n > 2 else None)
    parts = []
    if newer is not None:
        parts.append(f"[{escape(words['newer'])}]({urls.relative(here, urls.paged(folder, newer, lang))}){{: .ty-pager__newer }}")
    if older is not None:
        parts.append(f"[{escape(words['older'])}]({urls.relative(here, urls.paged(folder, older, lang))}){{: .ty-pager__older }}")
    return [" ".join(parts), "{: .ty-pager }", ""]
