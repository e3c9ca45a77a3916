"""What makes the site a publication (issue 6), on the built site: the side-by-side view, the feeds,
sharing and search-engine tags, tag and month pages, the 404 pages, reading time and dates.

The site is conftest.built_site (every fixture, 3 articles per list page). Expectations come from
the dumps themselves (read here line by line) or their expected.json, not from the writers.
"""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES_DIR, HOME_PAGE_SIZE, Build, Fixture, fixtures
from taiyaku.model import Article, Body, Listing, Metadata, Paragraph, Span, listing
from taiyaku.readers import read
from taiyaku.writers import archives, feeds, seo, urls
from taiyaku.writers.reading import reading_minutes

SITE_URL = "https://taiyaku.example.org/"
FIXTURES = fixtures()
ARTICLES = {f.slug: read(f.path) for f in FIXTURES}
ALIGNED = [f for f in FIXTURES if ARTICLES[f.slug].aligned]
MISALIGNED = "2026-11-16-misaligned"
ROBOTICS = "2026-11-09-robotics-demo"
DATED = next(f for f in FIXTURES if f.published)  # 2026-11-12-agent-benchmarks: full front matter
LANGS = ("ja", "en")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_path(slug: str, lang: str, view: str = "") -> str:
    return f"{'' if lang == 'ja' else '/en'}/articles/{slug}/{view}"


def pages_of(fixture: Fixture) -> list[tuple[str, str]]:
    """(lang, URL path) of the article pages a fixture has."""
    return [(lang, page_path(fixture.slug, lang)) for lang in LANGS if lang == "ja" or fixture.has_original]


def resolve(base: str, href: str) -> str:
    """A link of the page at `base` (a URL path) as a URL path, without fragment."""
    return unquote(urlsplit(urljoin(f"http://site{base}", href)).path)


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


# --- side by side ----------------------------------------------------------------------------------


def dump_body_lines(path: Path) -> tuple[list[str], list[str]]:
    """The Japanese and English body lines of a line-aligned text dump, read straight from the file
    (FORMAT.md): the English is every line after 原文を表示, the Japanese as many lines before it."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8-sig").splitlines()]
    split = lines.index("原文を表示")
    english = [line for line in lines[split + 1 :] if line]
    japanese = [line for line in lines[:split] if line][-len(english) :]
    return japanese, english


def test_the_misaligned_fixture_is_the_only_text_fixture_with_an_original_not_aligned() -> None:
    assert MISALIGNED in ARTICLES and not ARTICLES[MISALIGNED].aligned and ARTICLES[MISALIGNED].has_original
    assert ROBOTICS in {f.slug for f in ALIGNED}


@pytest.mark.parametrize("lang", LANGS)
def test_row_k_holds_japanese_line_k_and_english_line_k(built_site: Build, lang: str) -> None:
    japanese, english = dump_body_lines(FIXTURES_DIR / f"{ROBOTICS}.txt")
    assert len(japanese) == len(english) > 10
    # The table-of-contents labels are the site's own words on a title row, not a translated line.
    expected = [pair for pair in zip(japanese, english) if pair != ("目次", "Table of Contents")]
    view = soup(built_site.html(page_path(ROBOTICS, lang, "taiyaku/")))
    rows = content(view).select(".tk-parallel > .tk-row")
    got = []
    for row in rows:
        cells = row.find_all("div", class_="tk-cell", recursive=False)
        assert [c["lang"] for c in cells] == ["ja", "en"]
        got.append(tuple(c.get_text() for c in cells))
    assert got == expected


@pytest.mark.parametrize("fixture", ALIGNED, ids=lambda f: f.name)
def test_every_aligned_article_has_the_view_in_both_languages_linked_both_ways(built_site: Build, fixture: Fixture) -> None:
    for lang, article in pages_of(fixture):
        view = page_path(fixture.slug, lang, "taiyaku/")
        links = content(soup(built_site.html(article))).select(".tk-parallel-link a")
        assert [resolve(article, a["href"]) for a in links] == [view]
        page = soup(built_site.html(view))
        assert page.html["lang"] == lang
        assert [resolve(view, a["href"]) for a in content(page).select(".tk-back a")] == [article]
        body = ARTICLES[fixture.slug].ja
        rows = content(page).select(".tk-parallel > .tk-row:not(.tk-row--toc)")
        assert len(rows) == len(body.blocks)
        headings = [r for r in rows if "tk-row--heading" in r["class"]]
        assert [r.select_one('[lang="ja"] h2').get_text() for r in headings] == [h.text for h in body.headings]


def test_toc_entries_of_the_view_lead_to_rows_of_the_view(built_site: Build) -> None:
    view = content(soup(built_site.html(page_path(ROBOTICS, "ja", "taiyaku/"))))
    ids = {tag["id"] for tag in view.find_all(id=True)}
    targets = [a["href"] for a in view.select(".tk-row--toc a")]
    assert len(targets) == 10  # 5 entries, each side
    assert all(t.startswith("#") and t[1:] in ids for t in targets)


def test_the_misaligned_article_offers_no_side_by_side_view(built_site: Build) -> None:
    for lang in LANGS:
        assert not built_site.html(page_path(MISALIGNED, lang, "taiyaku/")).exists()
        page = content(soup(built_site.html(page_path(MISALIGNED, lang))))
        assert page.select(".tk-parallel-link") == []
        assert "taiyaku/" not in str(page)
        assert "対訳" not in page.get_text() and "side by side" not in page.get_text()


def test_the_japanese_only_article_offers_no_side_by_side_view(built_site: Build) -> None:
    slug = next(f.slug for f in FIXTURES if not f.has_original)
    assert not built_site.html(page_path(slug, "ja", "taiyaku/")).exists()
    assert content(soup(built_site.html(page_path(slug, "ja")))).select(".tk-parallel-link") == []


def test_the_views_are_not_in_the_nav(built_site: Build) -> None:
    # Nor in the search index: test_search_site counts exactly one indexed page per article.
    nav = soup(built_site.html(page_path(ROBOTICS, "ja", "taiyaku/"))).select(".md-nav a[href*='taiyaku']")
    assert nav == []


# --- feeds -----------------------------------------------------------------------------------------


def parsed_feed(built_site: Build, lang: str):
    path = built_site.site / ("feed.xml" if lang == "ja" else "en/feed.xml")
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_a_valid_atom_feed_of_its_articles(built_site: Build, lang: str) -> None:
    parsed = parsed_feed(built_site, lang)
    assert parsed.version == "atom10"
    assert parsed.feed.language == lang
    listed = [f for f in FIXTURES if lang == "ja" or f.has_original]
    assert len(parsed.entries) == len(listed)
    by_link = {entry.link: entry for entry in parsed.entries}
    for fixture in listed:
        url = SITE_URL + page_path(fixture.slug, lang).lstrip("/")
        entry = by_link[url]
        assert built_site.html(page_path(fixture.slug, lang)).is_file()
        article = ARTICLES[fixture.slug]
        title = article.title_ja if lang == "ja" else (article.title_en or article.title_ja)
        assert entry.title == title
        first = next(b.text for b in article.en.blocks if isinstance(b, Paragraph)) if lang == "en" else None
        assert entry.summary == (fixture.expected["lede"] if lang == "ja" else first)
        assert entry.updated_parsed is not None
    dated = by_link[SITE_URL + page_path(DATED.slug, lang).lstrip("/")]
    assert dated.published.startswith(DATED.published)
    assert dated.author == DATED.expected["metadata"]["author"]
    assert [t.term for t in dated.tags] == DATED.expected["metadata"]["tags"]
    # Latest first, as on the home page: the dated article leads.
    assert parsed.entries[0].link == dated.link


def test_every_page_advertises_the_feed_of_its_language(built_site: Build) -> None:
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        page = soup(path)
        feeds_ = page.select('head link[rel="alternate"][type="application/atom+xml"]')
        lang = page.html["lang"]
        assert [f["href"] for f in feeds_] == [SITE_URL + ("feed.xml" if lang == "ja" else "en/feed.xml")], path
        assert not feeds_[0].has_attr("hreflang")


def test_feed_entries_without_a_date_do_not_claim_the_build_time(tmp_path: Path) -> None:
    article = _listed("x", None)
    saved = datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC)
    xml = feeds.atom_feed([article], "ja", site_url=SITE_URL, title="t", subtitle="s", undated=lambda a: saved)
    parsed = feedparser.parse(xml)
    assert not parsed.bozo
    assert parsed.entries[0].updated.startswith("2026-01-02T03:04")
    assert "published" not in parsed.entries[0]


# --- sharing and search engines --------------------------------------------------------------------


def head_meta(page: BeautifulSoup) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in page.head.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.head.select('script[type="application/ld+json"]')]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_article_pages_carry_description_open_graph_twitter_canonical_and_json_ld(built_site: Build, fixture: Fixture) -> None:
    article = ARTICLES[fixture.slug]
    for lang, path in pages_of(fixture):
        page = soup(built_site.html(path))
        url = SITE_URL + path.lstrip("/")
        meta = head_meta(page)
        title = article.title_ja if lang == "ja" else (article.title_en or article.title_ja)
        assert page.head.select_one('link[rel="canonical"]')["href"] == url
        (description,) = meta["description"]
        assert len(description) > 20
        assert meta["og:type"] == ["article"] and meta["og:url"] == [url]
        assert meta["og:title"] == [title] and meta["twitter:title"] == [title]
        assert meta["og:description"] == [description] == meta["twitter:description"]
        assert meta["twitter:card"] == ["summary"]
        assert meta["og:locale"] == [{"ja": "ja_JP", "en": "en_US"}[lang]]
        other = {"ja": "en_US", "en": "ja_JP"}[lang]
        assert meta.get("og:locale:alternate", []) == ([other] if fixture.has_original else [])
        (data,) = json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
        assert data["headline"] == title and data["inLanguage"] == lang and data["url"] == url
        assert data["publisher"]["@type"] == "Organization"
        published = fixture.published
        assert data.get("datePublished") == published
        author = (fixture.expected.get("metadata") or {}).get("author")
        assert data.get("author") == ({"@type": "Person", "name": author} if author else None)
        source = (fixture.expected.get("metadata") or {}).get("source")
        assert data.get("isBasedOn") == source


def test_the_dated_article_has_every_json_ld_field(built_site: Build) -> None:
    (data,) = json_ld(soup(built_site.html(page_path(DATED.slug, "en"))))
    metadata = DATED.expected["metadata"]
    assert data["datePublished"] == "2026-11-12"
    assert data["author"] == {"@type": "Person", "name": metadata["author"]}
    assert data["isBasedOn"] == metadata["source"]
    assert data["keywords"] == metadata["tags"]


def test_other_pages_are_websites_with_open_graph_and_no_json_ld(built_site: Build) -> None:
    for path in ("/", "/en/", "/archive/", f"/tags/{DATED.expected['metadata']['tags'][0]}/", page_path(ROBOTICS, "ja", "taiyaku/")):
        page = soup(built_site.html(path))
        meta = head_meta(page)
        assert meta["og:type"] == ["website"] and meta["og:title"]
        assert meta["og:locale"] == [{"ja": "ja_JP", "en": "en_US"}[page.html["lang"]]]
        assert json_ld(page) == []


def test_json_ld_cannot_close_its_script() -> None:
    text = seo.script_json({"headline": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"headline": "</script><!-- & -->"}


# --- tags and months -------------------------------------------------------------------------------


def listed_slugs(built_site: Build, url: str) -> list[list[str]]:
    """Slugs on each page of a list, following its pager."""
    pages, seen = [], set()
    while url and url not in seen:
        seen.add(url)
        page = soup(built_site.html(url))
        hrefs = [resolve(url, a["href"]) for a in page.select("article.ty-entry h2 a:not(.headerlink)")]
        pages.append([h.rstrip("/").rsplit("/", 1)[1] for h in hrefs])
        older = page.select_one("a.ty-pager__older")
        url = resolve(url, older["href"]) if older else None
    return pages


@pytest.mark.parametrize("lang", LANGS)
def test_article_tags_and_date_lead_to_tag_and_month_pages_that_list_it(built_site: Build, lang: str) -> None:
    path = page_path(DATED.slug, lang)
    page = content(soup(built_site.html(path)))
    tags = page.select(".tk-tags a.tk-tag")
    assert [a.get_text() for a in tags] == DATED.expected["metadata"]["tags"]
    prefix = "" if lang == "ja" else "/en"
    for a in tags:
        target = resolve(path, a["href"])
        assert target == f"{prefix}/tags/{a.get_text()}/"
        assert DATED.slug in listed_slugs(built_site, target)[0]
    month = resolve(path, page.select_one(".tk-meta a time").parent["href"])
    assert month == f"{prefix}/archive/2026/11/"
    assert soup(built_site.html(month)).html["lang"] == lang
    assert DATED.slug in listed_slugs(built_site, month)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_home_pages_link_tags_and_the_archive_index(built_site: Build, lang: str) -> None:
    home = "/" if lang == "ja" else "/en/"
    page = soup(built_site.html(home))
    entry = next(e for e in page.select("article.ty-entry") if DATED.slug in e.select_one("h2 a")["href"])
    assert [resolve(home, a["href"]) for a in entry.select("a.ty-tag")] == [
        f"{home}tags/{tag}/" for tag in DATED.expected["metadata"]["tags"]
    ]
    index = resolve(home, page.select_one(".ty-archive-link a")["href"])
    assert index == f"{home}archive/"
    links = {resolve(index, a["href"]) for a in content(soup(built_site.html(index))).select(".ty-archive a")}
    assert links == {f"{home}archive/2026/11/"} | {f"{home}tags/{t}/" for t in DATED.expected["metadata"]["tags"]}


def test_tag_and_month_pages_are_bounded_like_the_home_pages(built_site: Build) -> None:
    lists = [p.parent for p in built_site.site.glob("**/index.html") if {"tags", "archive"} & set(p.relative_to(built_site.site).parts)]
    assert len(lists) >= 8
    for folder in lists:
        entries = soup(folder / "index.html").select("article.ty-entry")
        assert len(entries) <= HOME_PAGE_SIZE, folder


def _article(slug: str, published: datetime.date | None, tags: tuple[str, ...] = (), words: int = 1) -> Article:
    return Article(
        path=f"dumps/{slug}.txt", slug=slug, title_ja="題", title_en="Title", lede="リード。" * words,
        key_points=(), impact=None, editorial=None,
        ja=Body((Paragraph((Span("本文。"),)),)), en=Body((Paragraph((Span("word " * words),)),)),
        aligned=True, truncated=False, metadata=Metadata(published=published, tags=tags),
    )  # fmt: skip


def _listed(slug: str, published: datetime.date | None, tags: tuple[str, ...] = ()) -> Listing:
    """What the lists know of `_article(slug, published, tags)`."""
    return listing(_article(slug, published, tags))


def test_archive_pages_split_each_tag_and_month_into_pages_of_the_given_size() -> None:
    day = datetime.date(2026, 10, 1)
    items = [_listed(f"a{i}", day + datetime.timedelta(days=i), ("AI",) if i % 2 else ("ai", "x")) for i in range(7)]
    pages = archives.archive_pages(items, "ja", per_page=3)
    assert sorted(pages) == [
        "archive/2026/10/index.ja.md", "archive/2026/10/page/2.ja.md", "archive/2026/10/page/3.ja.md",
        "archive/index.ja.md",
        "tags/ai/index.ja.md", "tags/ai/page/2.ja.md", "tags/ai/page/3.ja.md",  # `AI` and `ai`: one page
        "tags/x/index.ja.md", "tags/x/page/2.ja.md",
    ]  # fmt: skip
    assert "(../../../articles/a6.ja.md)" in pages["archive/2026/10/index.ja.md"]
    assert "7件" in pages["archive/index.ja.md"]


def test_a_newer_article_changes_only_the_first_pages_of_its_lists_and_their_newest_chunk() -> None:
    """Tag and month pages are numbered from the oldest article (listing.list_pages): a newest
    article changes the first page of its tags and its month, at most the page of each one's newest
    chunk, and the index (its counts); every other page keeps its text."""
    day = datetime.date(2026, 10, 1)
    items = [_listed(f"a{i}", day + datetime.timedelta(days=i), ("ai", "x") if i % 3 else ("ai",)) for i in range(10)]
    for count in range(len(items) + 1):
        older = items[:count]
        newest = _listed("new", day + datetime.timedelta(days=40), ("x",))  # a new month: 2026-11
        before = archives.archive_pages(older, "ja", per_page=2)
        after = archives.archive_pages([*older, newest], "ja", per_page=2)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        firsts = {"archive/index.ja.md", "tags/x/index.ja.md", "archive/2026/11/index.ja.md"}
        assert firsts <= changed, count
        # The page of x's newest chunk before and after (once per page size the newest chunk fills
        # and gets its page; the one before it then links to it).
        last = {urls.paged("tags/x", sum(p.startswith("tags/x/") for p in pages), "ja") for pages in (before, after)}
        assert changed - firsts <= last - firsts, (count, sorted(changed))


# --- 404, reading time, dates -------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "lang"), [("404.html", "ja"), ("en/404.html", "en")])
def test_each_language_has_its_404_page_in_its_language_first(built_site: Build, path: str, lang: str) -> None:
    page = soup(built_site.site / path)
    assert page.html["lang"] == lang
    sections = content(page).select("section[lang]")
    assert [s["lang"] for s in sections] == [lang, "en" if lang == "ja" else "ja"]
    home = "/" if lang == "ja" else "/en/"
    assert sections[0].a["href"] == home


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_reading_time_counts_characters_in_japanese_and_words_in_english(built_site: Build, fixture: Fixture) -> None:
    for lang, path in pages_of(fixture):
        meta = content(soup(built_site.html(path))).select_one(".tk-meta").get_text()
        minutes = reading_minutes(ARTICLES[fixture.slug], lang)
        assert meta.endswith(f"約{minutes}分で読めます" if lang == "ja" else f"{minutes} min read"), meta


def test_reading_time_rates() -> None:
    article = _article("x", None, words=460)  # lede 460 × 4 characters, English 460 words
    assert reading_minutes(article, "en") == 2  # 460 / 230
    ja_chars = 460 * 4 + len("本文。")
    assert reading_minutes(article, "ja") == math.ceil(ja_chars / 500)
    empty = _article("y", None, words=0)
    assert reading_minutes(empty, "en") == 1


def test_dates_are_written_the_way_each_language_writes_them(built_site: Build) -> None:
    for lang, written in (("ja", "2026年11月12日"), ("en", "November 12, 2026")):
        time = content(soup(built_site.html(page_path(DATED.slug, lang)))).select_one(".tk-meta time")
        assert time["datetime"] == "2026-11-12" and time.get_text() == written
    month = soup(built_site.html("/archive/2026/11/")).h1.get_text()
    assert "2026年11月" in month
    assert "November 2026" in soup(built_site.html("/en/archive/2026/11/")).h1.get_text()


def test_no_page_has_duplicate_ids(built_site: Build) -> None:
    for path in built_site.site.rglob("taiyaku/index.html"):
        ids = [t["id"] for t in soup(path).find_all(id=True)]
        assert len(ids) == len(set(ids)), path
