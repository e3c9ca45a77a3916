"""An Atom feed per language: the latest articles, as the home page of that language lists them.

Written with feedgen (a maintained library), never by hand: it owns the XML escaping and Atom's
required elements. Each entry: title, link to the article page, the published date, the summary
(the lede in Japanese, the original's first paragraph in English), author and tags when known.

Atom requires an `updated` date on every entry. An article without a published date gets the
date its caller passes (the site uses the dump's modification time: when the editors last saved
it), so that no entry claims the build time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from feedgen.feed import FeedGenerator

from taiyaku.model import Lang, Listing
from taiyaku.writers import urls
from taiyaku.writers.listing import listed, summary_source

FEED_SIZE = 20
FEED_NAME = "feed.xml"
"""Beside each language's home page: /feed.xml, /en/feed.xml."""

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def feed_path(lang: Lang, default: Lang = "ja") -> str:
    """The feed's path under the site root, for mkdocs-static-i18n's layout."""
    return FEED_NAME if lang == default else f"{lang}/{FEED_NAME}"


def atom_feed(
    articles: Sequence[Listing],
    lang: Lang,
    *,
    site_url: str,
    title: str,
    subtitle: str,
    undated: Callable[[Listing], datetime.datetime],
    default: Lang = "ja",
    size: int = FEED_SIZE,
) -> bytes:
    """The Atom document for `lang`. `site_url` is the site's root URL; `undated(article)` dates
    an entry without a published date (timezone-aware)."""
    root = site_url.rstrip("/") + "/"
    home = root + ("" if lang == default else f"{lang}/")
    feed = FeedGenerator()
    feed.id(home)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.language(lang)
    feed.author(name=title)  # Atom wants an author on the feed when an entry has none
    feed.link(href=root + feed_path(lang, default), rel="self", type="application/atom+xml")
    feed.link(href=home, rel="alternate", type="text/html", hreflang=lang)
    newest = _EPOCH
    # feedgen lists entries newest first when each is added at the front (add_entry's default).
    for article in reversed(listed(articles, lang)[:size]):
        url = root + _url_path(article.slug, lang, default)
        updated = _date(article) or undated(article)
        newest = max(newest, updated)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(article.title_ja if lang == "ja" else (article.title_en or article.title_ja))
        entry.link(href=url, rel="alternate", type="text/html", hreflang=lang)
        entry.updated(updated)
        if article.metadata.published is not None:
            entry.published(updated)
        summary = summary_source(article, lang)
        if summary:
            entry.summary(summary)
        if article.metadata.author:
            entry.author(name=article.metadata.author)
        for tag in article.metadata.tags:
            entry.category(term=tag)
    feed.updated(newest)
    atom: bytes = feed.atom_str(pretty=True)
    return atom


def _date(article: Listing) -> datetime.datetime | None:
    day = article.metadata.published
    return None if day is None else datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)


def _url_path(slug: str, lang: Lang, default: Lang) -> str:
    """The article page's URL path under the root: urls.article without `.md`, in the language's folder."""
    path = urls.article(slug, lang).removesuffix(f".{lang}.md") + "/"
    return path if lang == default else f"{lang}/{path}"
