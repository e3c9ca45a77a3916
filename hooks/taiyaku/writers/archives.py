"""Tag and month pages, and the index that lists them all, per language.

Each tag and each month is a list of articles, latest first, in pages of the home pages' size
(listing.list_pages), so no page grows with the archive. The index (`archive/index.<lang>.md`)
names every month and tag once, with its article count. As on the home pages, the English side
counts only articles with an English original, and has no page for a tag or month without one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from taiyaku.model import Lang, Listing
from taiyaku.writers import urls
from taiyaku.writers.blocks import front_matter_of
from taiyaku.writers.escape import escape_inline as escape
from taiyaku.writers.labels import LABELS
from taiyaku.writers.listing import PER_PAGE, Made, list_pages, listed

_WORDS: dict[Lang, dict[str, str]] = {
    "ja": {
        "tag": "タグ「{}」の記事",
        "tag_description": "タグ「{}」のついたAIニュース",
        "month": "{}の記事",
        "month_description": "{}に公開されたAIニュース",
        "index": "月別・タグ別の記事一覧",
        "index_description": "AIニュースの月別・タグ別の一覧",
        "months": "月別",
        "tags": "タグ別",
        "count": "{}件",
        "empty": "まだ記事がありません。",
    },
    "en": {
        "tag": "Articles tagged “{}”",
        "tag_description": "AI news tagged “{}”",
        "month": "Articles from {}",
        "month_description": "AI news published in {}",
        "index": "Articles by month and by tag",
        "index_description": "AI news by month and by tag",
        "months": "By month",
        "tags": "By tag",
        "count": "{}",
        "empty": "No articles yet.",
    },
}


def archive_pages(articles: Sequence[Listing], lang: Lang, *, per_page: int = PER_PAGE, made: Made | None = None) -> dict[str, str]:
    """`{path under docs/: Markdown}` of every tag page, month page and the index, for `lang`."""
    words, label = _WORDS[lang], LABELS[lang]
    entries = listed(articles, lang)
    months, tags = by_month(entries), by_tag(entries)
    pages: dict[str, str] = {}
    for month, items in months.items():
        shown = label.month(month)
        pages |= list_pages(items, lang, folder=urls.month_folder(month), title=words["month"].format(shown),
                            description=words["month_description"].format(shown), per_page=per_page, made=made)
    for (tag, items) in tags.values():
        pages |= list_pages(items, lang, folder=urls.tag_folder(tag), title=words["tag"].format(tag),
                            description=words["tag_description"].format(tag), per_page=per_page, made=made)
    pages[urls.archive_index(lang)] = _index(months, tags, lang)
    return pages


def by_month(entries: Sequence[Listing]) -> dict[datetime.date, list[Listing]]:
    """First day of each month -> its articles, newest month first (`entries` is latest first)."""
    months: dict[datetime.date, list[Listing]] = {}
    for article in entries:
        if article.metadata.published is not None:
            months.setdefault(article.metadata.published.replace(day=1), []).append(article)
    return months


def by_tag(entries: Sequence[Listing]) -> dict[str, tuple[str, list[Listing]]]:
    """Tag slug -> (the tag as first written, its articles), in tag order. Tags that slug alike
    (`AI`, `ai`) are one tag: they would share a URL."""
    tags: dict[str, tuple[str, list[Listing]]] = {}
    for article in entries:
        for tag in dict.fromkeys(article.metadata.tags):
            slug = urls.tag_slug(tag)
            tags.setdefault(slug, (tag, []))[1].append(article)
    return dict(sorted(tags.items(), key=lambda item: item[1][0].casefold()))


def _index(months: dict[datetime.date, list[Listing]], tags: dict[str, tuple[str, list[Listing]]], lang: Lang) -> str:
    words, label = _WORDS[lang], LABELS[lang]
    here = urls.archive_index(lang)

    def item(text: str, folder: str, count: int) -> str:
        target = urls.relative(here, urls.paged(folder, 1, lang))
        return f"- [{escape(text)}](<{target}>) <span class=\"ty-count\">{escape(words['count'].format(count))}</span>"

    meta = {"title": words["index"], "description": words["index_description"], "hide": ["toc"], "search": {"exclude": True}}
    lines = [front_matter_of(meta), "", f"# {escape(words['index'])}", ""]
    if not months and not tags:
        lines += [escape(words["empty"]), ""]
    if months:
        lines += [f"## {escape(words['months'])}", "", '<div class="ty-archive" markdown>', ""]
        lines += [item(label.month(m), urls.month_folder(m), len(items)) for m, items in months.items()]
        lines += ["", "</div>", ""]
    if tags:
        lines += [f"## {escape(words['tags'])}", "", '<div class="ty-archive" markdown>', ""]
        lines += [item(tag, urls.tag_folder(tag), len(items)) for tag, items in tags.values()]
        lines += ["", "</div>", ""]
    return "\n".join(lines)
