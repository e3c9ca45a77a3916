"""What a page's <head> tells search engines and social networks: Open Graph and Twitter card tags
for every page, and for an article, a schema.org NewsArticle as JSON-LD.

Made from the page's front matter (blocks.front_matter) and what only the site knows (its URL,
name, and which languages the page exists in); overrides/partials/seo.html prints the result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taiyaku.writers.escape import is_web_url

OG_LOCALES = {"ja": "ja_JP", "en": "en_US"}


@dataclass(frozen=True)
class Head:
    meta: tuple[tuple[str, str, str], ...]
    """(attribute, its value, content): `("property", "og:title", "...")` is
    `<meta property="og:title" content="...">`. Not escaped: the template escapes."""
    json_ld: str | None
    """A NewsArticle for article pages, ready for a <script type="application/ld+json">."""


def head(
    meta: Mapping[str, Any],
    *,
    lang: str,
    url: str,
    site_name: str,
    home_url: str,
    other_langs: Iterable[str] = (),
) -> Head:
    """`meta` is the page's front matter; `url` its canonical URL; `other_langs` the languages the
    same page also exists in (og:locale:alternate)."""
    title = str(meta.get("title") or site_name)
    description = str(meta.get("description") or "")
    article = meta.get("kind") == "article"
    tags: list[tuple[str, str, str]] = [
        ("property", "og:type", "article" if article else "website"),
        ("property", "og:site_name", site_name),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:locale", OG_LOCALES.get(lang, lang)),
    ]
    tags += [("property", "og:locale:alternate", OG_LOCALES.get(o, o)) for o in sorted(set(other_langs) - {lang})]
    if description:
        tags.append(("property", "og:description", description))
    if article:
        if meta.get("published"):
            tags.append(("property", "article:published_time", str(meta["published"])))
        tags += [("property", "article:tag", str(tag)) for tag in meta.get("tags") or ()]
    tags += [("name", "twitter:card", "summary"), ("name", "twitter:title", title)]
    if description:
        tags.append(("name", "twitter:description", description))
    json_ld = script_json(news_article(meta, lang=lang, url=url, site_name=site_name, home_url=home_url)) if article else None
    return Head(tuple(tags), json_ld)


def news_article(meta: Mapping[str, Any], *, lang: str, url: str, site_name: str, home_url: str) -> dict[str, Any]:
    """schema.org NewsArticle. Only what is known: no date, author or source is made up when the
    dump's front matter did not give one."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": str(meta.get("title") or ""),
        "inLanguage": lang,
        "url": url,
        "mainEntityOfPage": url,
        "publisher": {"@type": "Organization", "name": site_name, "url": home_url},
    }
    if meta.get("description"):
        data["description"] = str(meta["description"])
    if meta.get("published"):
        data["datePublished"] = str(meta["published"])
    if meta.get("author"):
        data["author"] = {"@type": "Person", "name": str(meta["author"])}
    source = meta.get("source")
    if is_web_url(source):
        data["isBasedOn"] = source
        if lang != "en" and meta.get("has_original"):
            # The Japanese edition translates the original (English) article.
            data["translationOfWork"] = {"@type": "NewsArticle", "url": source, "inLanguage": "en"}
    if meta.get("tags"):
        data["keywords"] = [str(tag) for tag in meta["tags"]]
    return data


def script_json(data: Mapping[str, Any]) -> str:
    """JSON that cannot end its <script> element or open a comment in it: `<`, `>` and `&` as
    \\u escapes, which JSON reads back as the same characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
