"""The built site, read as HTML: which pages exist, how languages point at each other, the home pages.

The site is built once per session from tests/fixtures/dumps plus one empty dump
(conftest.built_site), with 3 articles per home page so the fixtures fill several pages.
"""

from __future__ import annotations

import datetime
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import BAD_DUMP, HOME_PAGE_SIZE, ROOT, Build, Fixture, build, fixtures, make_project
from mkdocs.utils.meta import get_data
from taiyaku import model
from taiyaku.model import Article, Body, Listing, Metadata, Paragraph, Span
from taiyaku.writers import listing

SITE_URL = re.search(r'site_url: !ENV \[TAIYAKU_SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text()).group(1)
JA_ONLY = "2026-11-07-ja-original-column"
FIXTURES = fixtures()
WITH_ORIGINAL = [f for f in FIXTURES if f.has_original]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_of(site: Build, page: Path) -> str:
    """The absolute URL a built page is published at."""
    rel = page.parent.relative_to(site.site).as_posix()
    return SITE_URL if rel == "." else f"{SITE_URL}{rel}/"


def page_at(site: Build, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site.html("/" + url[len(SITE_URL):])


def html_pages(site: Build) -> list[Path]:
    return sorted(site.site.rglob("index.html"))


def alternates(page: BeautifulSoup) -> dict[str, str]:
    found: dict[str, str] = {}
    for link in page.select('head link[rel="alternate"][hreflang]'):
        assert link["hreflang"] not in found, f"hreflang {link['hreflang']} twice"
        found[link["hreflang"]] = link["href"]
    return found


def content(page: BeautifulSoup):
    return page.select_one("article.md-content__inner")


# --- which pages exist --------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_article_pages_exist_in_the_languages_of_the_dump(built_site: Build, fixture: Fixture) -> None:
    assert built_site.html(f"/articles/{fixture.slug}/").is_file()
    assert built_site.html(f"/en/articles/{fixture.slug}/").is_file() == fixture.has_original


def test_the_japanese_only_fixture_has_one_page(built_site: Build) -> None:
    assert not any(f.has_original for f in FIXTURES if f.slug == JA_ONLY)
    assert built_site.html(f"/articles/{JA_ONLY}/").is_file()
    assert not (built_site.site / "en" / "articles" / JA_ONLY).exists()


def test_a_bad_dump_gets_no_page_and_one_warning_naming_it(built_site: Build) -> None:
    slug = Path(BAD_DUMP).stem
    assert not (built_site.site / "articles" / slug).exists()
    assert not (built_site.site / "en" / "articles" / slug).exists()
    assert len(built_site.warnings) == 1, built_site.output
    assert re.match(rf"WARNING\s+-\s+dumps/{re.escape(BAD_DUMP)}: \S", built_site.warnings[0])


def test_the_conversion_runs_once_per_build_though_the_build_runs_once_per_language(built_site: Build) -> None:
    assert built_site.output.count(" from cache), ") == 1, built_site.output
    assert "Building 'en' documentation" in built_site.output


def test_the_build_ends_with_one_summary_line(built_site: Build) -> None:
    ours = [line for line in built_site.output.splitlines() if "taiyaku: built" in line]
    assert len(ours) == 1, built_site.output
    found = re.fullmatch(r"INFO\s+-\s+taiyaku: built (\d+) articles; pages: ja (\d+), en (\d+); 1 warning; \d+\.\d s", ours[0])
    assert found, ours[0]
    articles, ja, en = map(int, found.groups())
    assert articles == len(FIXTURES)
    # The pages each language's build rendered: its HTML pages on the site, and no other language's.
    en_pages = len(list((built_site.site / "en").rglob("index.html")))
    ja_pages = len(list(built_site.site.rglob("index.html"))) - en_pages
    assert (ja, en) == (ja_pages, en_pages)
    assert ja > len(FIXTURES) and en > len(WITH_ORIGINAL)
    # It is the last thing taiyaku says, after the English build.
    assert built_site.output.index("taiyaku: built") > built_site.output.index("Building 'en' documentation")


def test_strict_build_fails_on_the_bad_dump(built_site: Build) -> None:
    strict = build(built_site.project, "--strict", site_dir="site-strict")
    assert strict.returncode != 0
    assert "Aborted with 1 warnings in strict mode" in strict.output, strict.output
    # The pages were written by the first build and nothing changed since: none is rewritten.
    assert re.search(r"pages: 0 written, \d+ unchanged, 0 removed", strict.output), strict.output


def test_strict_build_passes_on_the_fixtures(tmp_path: Path) -> None:
    good = build(make_project(tmp_path, [f.path for f in FIXTURES]), "--strict")
    assert good.returncode == 0, good.output
    assert good.warnings == []


def test_a_removed_dump_takes_its_pages_with_it(tmp_path: Path) -> None:
    kept, dropped = WITH_ORIGINAL[0], WITH_ORIGINAL[1]
    project = make_project(tmp_path, [kept.path, dropped.path])
    assert build(project).returncode == 0
    (project / "dumps" / dropped.name).unlink()
    again = build(project)
    assert again.returncode == 0, again.output
    articles = project / "docs" / "articles"
    assert sorted(p.relative_to(articles).as_posix() for p in articles.rglob("*")) == [
        kept.slug,  # the aligned article's side-by-side view
        f"{kept.slug}.en.md",
        f"{kept.slug}.ja.md",
        f"{kept.slug}/taiyaku.en.md",
        f"{kept.slug}/taiyaku.ja.md",
    ]
    assert again.html(f"/articles/{kept.slug}/").is_file()
    assert not (again.site / "articles" / dropped.slug).exists()
    assert not (again.site / "en" / "articles" / dropped.slug).exists()
    assert dropped.slug not in again.html("/").read_text(encoding="utf-8")


# --- languages ------------------------------------------------------------------------------------


def test_html_lang_is_the_language_of_every_page(built_site: Build) -> None:
    for path in html_pages(built_site):
        expected = "en" if path.relative_to(built_site.site).parts[0] == "en" else "ja"
        assert soup(path).html["lang"] == expected, path


def test_hreflang_alternates_are_absolute_reciprocal_and_real(built_site: Build) -> None:
    checked = 0
    for path in html_pages(built_site):
        here = url_of(built_site, path)
        lang = soup(path).html["lang"]
        alts = alternates(soup(path))
        assert alts.get(lang) == here, f"{path}: no hreflang={lang} to itself"
        assert "x-default" in alts, path
        for code, href in alts.items():
            assert href.startswith(SITE_URL), f"{path}: {code} -> {href} is not absolute"
            target = page_at(built_site, href)
            assert target.is_file(), f"{path}: {code} -> {href} does not exist"
            if code != "x-default":
                assert soup(target).html["lang"] == code
                assert alternates(soup(target)) == alts, f"{path} and {target} disagree"
        checked += 1
    assert checked >= 2 * len(FIXTURES)


def test_hreflang_pairs_each_article_with_its_original(built_site: Build) -> None:
    for fixture in WITH_ORIGINAL:
        alts = alternates(soup(built_site.html(f"/articles/{fixture.slug}/")))
        assert alts == {
            "ja": f"{SITE_URL}articles/{fixture.slug}/",
            "en": f"{SITE_URL}en/articles/{fixture.slug}/",
            "x-default": f"{SITE_URL}articles/{fixture.slug}/",
        }


def test_the_japanese_only_article_claims_no_english_page(built_site: Build) -> None:
    page = soup(built_site.html(f"/articles/{JA_ONLY}/"))
    assert set(alternates(page)) == {"ja", "x-default"}


def selector(built_site: Build, url_path: str) -> dict[str, str]:
    """Where the language selector of a page leads, per language, as site paths."""
    page = soup(built_site.html(url_path))
    links = page.select("a.md-select__link[hreflang]")
    return {a["hreflang"]: urlsplit(urljoin(f"http://site{url_path}", a["href"])).path for a in links}


@pytest.mark.parametrize("fixture", WITH_ORIGINAL, ids=lambda f: f.name)
def test_the_language_selector_keeps_the_article(built_site: Build, fixture: Fixture) -> None:
    ja, en = f"/articles/{fixture.slug}/", f"/en/articles/{fixture.slug}/"
    assert selector(built_site, ja) == {"ja": ja, "en": en}
    assert selector(built_site, en) == {"ja": ja, "en": en}


def test_the_language_selector_of_a_japanese_only_article_leads_to_the_english_home(built_site: Build) -> None:
    assert selector(built_site, f"/articles/{JA_ONLY}/")["en"] == "/en/"


def test_the_404_page_speaks_both_languages_and_its_selector_leads_home(built_site: Build) -> None:
    page = soup(built_site.site / "404.html")
    assert {a["hreflang"]: a["href"] for a in page.select("a.md-select__link")} == {"ja": "/", "en": "/en/"}
    assert {s["lang"] for s in content(page).select("section[lang]")} == {"ja", "en"}


def sitemap(site: Build) -> dict[str, dict[str, str]]:
    """Each <loc> of sitemap.xml -> its alternates by hreflang."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site.site / "sitemap.xml").getroot()
    return {
        url.findtext("s:loc", namespaces=ns): {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        for url in root.findall("s:url", ns)
    }


def test_sitemap_lists_every_page_with_its_alternates(built_site: Build) -> None:
    pages = {url_of(built_site, p): alternates(soup(p)) for p in html_pages(built_site)}
    assert sitemap(built_site) == pages


@pytest.mark.parametrize("path", ["404.html", "en/404.html"])
def test_404_pages_claim_no_address_and_are_not_in_the_sitemap(built_site: Build, path: str) -> None:
    head = soup(built_site.site / path).head
    assert head.select('link[rel="canonical"], link[rel="alternate"][hreflang], meta[property="og:url"]') == []
    assert not [loc for loc in sitemap(built_site) if "404" in loc]


JA_TAG = "ベンチマーク"


@pytest.fixture(scope="module")
def ja_tag_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One article in both languages whose tags are `ベンチマーク` and `agents`."""
    fixture = next(f for f in WITH_ORIGINAL if "tags: [benchmarks, agents]" in f.path.read_text(encoding="utf-8"))
    tmp = tmp_path_factory.mktemp("ja-tag")
    dump = tmp / "dumps" / fixture.name
    dump.parent.mkdir()
    dump.write_text(fixture.path.read_text(encoding="utf-8").replace("[benchmarks, agents]", f"[{JA_TAG}, agents]"), encoding="utf-8")
    site = build(make_project(tmp / "project", [dump]))
    assert site.returncode == 0, site.output
    return site


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_japanese_tag_page_has_one_address_byte_for_byte(ja_tag_site: Build, lang: str) -> None:
    """Percent-encoded UTF-8 everywhere (what a browser sends): canonical, hreflang, og:url, sitemap,
    and every link to the page once resolved."""
    prefix = "" if lang == "ja" else "en/"
    address = {code: f"{SITE_URL}{p}tags/{quote(JA_TAG)}/" for code, p in (("ja", ""), ("en", "en/"))}
    here = address[lang]
    page = soup(ja_tag_site.site / prefix / "tags" / JA_TAG / "index.html")
    assert page.head.select_one('link[rel="canonical"]')["href"] == here
    assert page.head.select_one('meta[property="og:url"]')["content"] == here
    assert alternates(page) == {**address, "x-default": address["ja"]}
    assert sitemap(ja_tag_site)[here] == alternates(page)
    linking = [ja_tag_site.site / prefix / "index.html", ja_tag_site.site / prefix / "archive" / "index.html",
               *(ja_tag_site.site / prefix / "articles").glob("*/index.html")]
    links = {urljoin(f"{SITE_URL}{p.parent.relative_to(ja_tag_site.site).as_posix()}/", a["href"])
             for p in linking for a in soup(p).select(f'a[href*="{quote(JA_TAG)}"], a[href*="{JA_TAG}"]')}
    assert links == {here}


def test_material_no_longer_takes_page_alternates_for_language_roots(built_site: Build) -> None:
    # See the hack in hooks/taiyaku_site.py: unpatched, every page would fetch <alternate>/sitemap.xml.
    (bundle,) = (built_site.site / "assets" / "javascripts").glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert '"link[rel=alternate]"' not in text
    assert '"link[rel=alternate][data-md-language-root]"' in text


# --- article pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_analysis_box_is_closed(built_site: Build, lang: str) -> None:
    boxes = 0
    for fixture in FIXTURES:
        if lang == "en" and not fixture.has_original:
            continue
        path = built_site.html(f"/articles/{fixture.slug}/" if lang == "ja" else f"/en/articles/{fixture.slug}/")
        for box in content(soup(path)).select("details"):
            assert not box.has_attr("open"), f"{path}: {box.summary}"
            boxes += 1
    with_analysis = [f for f in FIXTURES if f.expected["impact"] or f.expected["editorial"]]
    assert boxes >= len([f for f in with_analysis if lang == "ja" or f.has_original])


def test_the_japanese_analysis_box_is_labelled_as_on_the_original_page(built_site: Build) -> None:
    for fixture in FIXTURES:
        if not (fixture.expected["impact"] or fixture.expected["editorial"]):
            continue
        page = content(soup(built_site.html(f"/articles/{fixture.slug}/")))
        summaries = [s.get_text(strip=True) for s in page.select("details > summary")]
        assert "影響分析・編集コメントを表示" in summaries, fixture.name


def test_every_in_page_link_has_its_target(built_site: Build) -> None:
    links = 0
    for path in html_pages(built_site):
        page = soup(path)
        ids = {tag["id"] for tag in page.select("[id]")}
        for link in content(page).select('a[href^="#"]'):
            assert link["href"][1:] in ids, f"{path}: {link}"
            links += 1
        for link in page.select("nav.md-nav--secondary a[href]"):  # Material's TOC sidebar
            assert link["href"].split("#", 1)[1] in ids, f"{path}: {link}"
    assert links > 0


def test_the_dump_toc_links_to_the_sections_the_excerpt_contains(built_site: Build) -> None:
    with_toc = [f for f in FIXTURES if f.expected["toc_ja"] and f.expected["headings_ja"]]
    assert with_toc
    for fixture in with_toc:
        page = content(soup(built_site.html(f"/articles/{fixture.slug}/")))
        headings = {h["id"] for h in page.select("h2[id], h3[id]")}
        targets = {a["href"][1:] for a in page.select('a[href^="#"]') if not a.get("class") == ["headerlink"]}
        assert targets & headings, fixture.name


def test_japanese_heading_anchors_are_readable(built_site: Build) -> None:
    ids = [h["id"] for h in content(soup(built_site.html("/articles/000_281aa099ef16cdce/"))).select("h2[id]")]
    assert ids and not any(re.fullmatch(r"_\d*", i) for i in ids), ids
    assert any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", i) for i in ids), ids


def test_articles_are_not_in_the_navigation(built_site: Build) -> None:
    for path in [built_site.html(f"/articles/{FIXTURES[0].slug}/"), built_site.html("/"), built_site.html("/en/")]:
        items = soup(path).select("nav.md-nav--primary > ul > li")
        assert len(items) == 1, path


def test_no_page_loads_anything_from_another_host(built_site: Build) -> None:
    for path in [*html_pages(built_site), built_site.site / "404.html"]:
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                if {"alternate", "canonical"} & set(element.get("rel", [])):
                    continue  # addresses of pages, not resources the browser loads
                ref = element.get(attr) or ""
                assert not re.match(r"(https?:)?//", ref), f"{path}: <{tag} {attr}={ref}>"


# --- home pages -----------------------------------------------------------------------------------


def home_entries(built_site: Build, lang: str) -> list[list[str]]:
    """Slugs listed on each home page of `lang`, page by page, following the pager."""
    pages, url = [], "/" if lang == "ja" else "/en/"
    seen = set()
    while url and url not in seen:
        seen.add(url)
        page = soup(built_site.html(url))
        hrefs = [urljoin(f"http://site{url}", a["href"]) for a in page.select("article.ty-entry h2 a:not(.headerlink)")]
        pages.append([urlsplit(h).path.rstrip("/").rsplit("/", 1)[1] for h in hrefs])
        older = page.select_one("a.ty-pager__older")
        url = urlsplit(urljoin(f"http://site{url}", older["href"])).path if older else None
    return pages


def expected_order(lang: str) -> list[str]:
    listed = [f for f in FIXTURES if lang == "ja" or f.has_original]
    dated = sorted((f for f in listed if f.published), key=lambda f: f.published, reverse=True)
    return [f.slug for f in dated] + [f.slug for f in listed if not f.published]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_home_pages_list_the_latest_first_in_pages_of_fixed_size(built_site: Build, lang: str) -> None:
    """Page 1: the newest; then the pages of fixed chunks counted from the oldest (listing.list_pages),
    the newest chunk first: page len(pages) down to page 2."""
    pages, expected = home_entries(built_site, lang), expected_order(lang)
    assert len(pages) > 2
    assert pages[0] == expected[:HOME_PAGE_SIZE]
    older = [slug for page in pages[1:] for slug in page]
    assert older == expected[len(expected) - len(older) :] and len(older) >= len(expected) - HOME_PAGE_SIZE
    assert all(len(page) == HOME_PAGE_SIZE for page in pages[1:])
    prefix = "" if lang == "ja" else "en/"
    numbers = sorted(int(p.parent.name) for p in (built_site.site / prefix / "page").glob("*/index.html"))
    assert numbers == list(range(2, len(pages) + 1))


def test_home_entries_show_date_tags_and_the_first_lines(built_site: Build) -> None:
    dated = next(f for f in FIXTURES if f.published)
    for url, first_lines in (("/", dated.expected["lede"][:20]), ("/en/", None)):
        entry = soup(built_site.html(url)).select("article.ty-entry")[0]
        assert dated.slug in entry.select_one("h2 a")["href"]
        assert entry.select_one("time")["datetime"] == dated.published
        assert [t.get_text() for t in entry.select(".ty-tag")] == dated.expected["metadata"]["tags"]
        summary = entry.select("p")[-1].get_text()
        assert len(summary) > 40
        if first_lines:
            assert summary.startswith(first_lines)


def test_the_english_home_does_not_list_japanese_only_articles(built_site: Build) -> None:
    listed = [slug for page in home_entries(built_site, "en") for slug in page]
    assert JA_ONLY not in listed
    assert JA_ONLY in [slug for page in home_entries(built_site, "ja") for slug in page]


# --- the listing writer alone ---------------------------------------------------------------------


def article(slug: str, published: datetime.date | None = None, *, original: bool = True, title: str = "題") -> Listing:
    """What the lists know of an article (taiyaku.model.listing) whose original has one paragraph."""
    en = Body(blocks=(Paragraph((Span(f"First paragraph of {slug}."),)),)) if original else None
    return model.listing(Article(
        path=f"dumps/{slug}.txt",
        slug=slug,
        title_ja=title,
        title_en=None,
        lede=f"{slug}のリード。",
        key_points=(),
        impact=None,
        editorial=None,
        ja=Body(blocks=()),
        en=en,
        aligned=original,
        truncated=False,
        metadata=Metadata(published=published),
    ))


def test_latest_first_puts_dated_articles_newest_first_then_the_rest_in_dump_order() -> None:
    day = datetime.date(2026, 11, 1)
    items = [article("a"), article("b", day), article("c"), article("d", day + datetime.timedelta(1)), article("e", day)]
    assert [a.slug for a in listing.latest_first(items)] == ["d", "b", "e", "a", "c"]


def test_listing_pages_are_paginated_and_linked_both_ways() -> None:
    # s0 is the newest; chunks of 2 from the oldest: [s3, s4] at page 2, [s1, s2] at page 3, [s0]
    # on page 1 with s1, the newest of the chunk before.
    pages = listing.listing_pages([article(f"s{i}") for i in range(5)], "ja", per_page=2)
    assert sorted(pages) == ["index.ja.md", "page/2.ja.md", "page/3.ja.md"]
    assert entry_links(pages["index.ja.md"]) == ["articles/s0.ja.md", "articles/s1.ja.md"]
    assert entry_links(pages["page/3.ja.md"]) == ["../articles/s1.ja.md", "../articles/s2.ja.md"]
    assert entry_links(pages["page/2.ja.md"]) == ["../articles/s3.ja.md", "../articles/s4.ja.md"]
    assert pager(pages["index.ja.md"]) == (None, "page/3.ja.md")
    assert pager(pages["page/3.ja.md"]) == ("../index.ja.md", "2.ja.md")
    assert pager(pages["page/2.ja.md"]) == ("3.ja.md", None)


def entry_links(markdown_text: str) -> list[str]:
    return re.findall(r"(?m)^## \[[^]]*\]\(([^)]*)\)", markdown_text)


def pager(markdown_text: str) -> tuple[str | None, str | None]:
    """The (newer, older) links of a list page's pager."""
    newer = re.search(r"\]\(([^)]*)\)\{: \.ty-pager__newer \}", markdown_text)
    older = re.search(r"\]\(([^)]*)\)\{: \.ty-pager__older \}", markdown_text)
    return (newer[1] if newer else None, older[1] if older else None)


def walk(pages: dict[str, str]) -> list[list[str]]:
    """Slugs on each home page, from page 1 following the older links."""
    seen, path, found = set(), "index.ja.md", []
    while path is not None and path not in seen:
        seen.add(path)
        found.append([link.rsplit("/", 1)[1].removesuffix(".ja.md") for link in entry_links(pages[path])])
        older = pager(pages[path])[1]
        path = None if older is None else posixpath.normpath(posixpath.join(posixpath.dirname(path), older))
    assert seen == set(pages), "a page the pager does not reach"
    return found


@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_listing_pages_show_every_article_once_in_order_but_the_first_pages_overlap(per_page: int) -> None:
    for count in range(1, 3 * per_page + 2):
        slugs = [f"s{i}" for i in range(count)]
        found = walk(listing.listing_pages([article(s) for s in slugs], "ja", per_page=per_page))
        assert found[0] == slugs[:per_page]
        older = [slug for page in found[1:] for slug in page]
        assert older == slugs[len(slugs) - len(older) :], "the older pages, in order, down to the oldest"
        assert len(older) >= len(slugs) - per_page, "an article no page shows"
        assert all(len(page) == per_page for page in found[1:]), count


@pytest.mark.parametrize("per_page", [1, 2, 3])
def test_a_newer_article_leaves_every_older_page_as_it_was(per_page: int) -> None:
    day = datetime.date(2026, 11, 1)
    for count in range(0, 3 * per_page + 2):
        items = [article(f"s{i}", day - datetime.timedelta(days=i)) for i in range(count)]
        before = listing.listing_pages(items, "ja", per_page=per_page)
        after = listing.listing_pages([article("new", day + datetime.timedelta(days=1)), *items], "ja", per_page=per_page)
        changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
        # Page 1; and when the newest chunk was full, its new page and the link to it.
        newest = {listing.page_path(len(before), "ja"), listing.page_path(len(after), "ja")} - {"index.ja.md"}
        allowed = {"index.ja.md"} | (newest if count % per_page == 0 else set())
        assert "index.ja.md" in changed and changed <= allowed, (count, sorted(changed))


def test_an_empty_archive_still_has_both_home_pages() -> None:
    assert list(listing.listing_pages([], "ja")) == ["index.ja.md"]
    assert "No articles yet" in listing.listing_pages([], "en")["index.en.md"]


def test_the_english_home_leaves_out_articles_without_an_original() -> None:
    pages = listing.listing_pages([article("ja-only", original=False), article("both")], "en")
    assert "ja-only" not in pages["index.en.md"] and "both.en.md" in pages["index.en.md"]


class _SiteConfigLoader(yaml.UnsafeLoader):
    """Our own mkdocs.yml only: builds its slugify object; MkDocs' `!ENV` tags load as None."""


_SiteConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def render(page: str) -> BeautifulSoup:
    """A written page through the site's own Markdown extensions, front matter split off as MkDocs does."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_SiteConfigLoader)
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, option = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        options[name] = option or {}
    source, _ = get_data(page)
    return BeautifulSoup(markdown.Markdown(extensions=names, extension_configs=options).convert(source), "html.parser")


@pytest.mark.parametrize(
    "text",
    ["<think>", "</article> x", "*71.4*", "{{ x }} {% y %}", "[a](b)", "# 1.", "- x", "---", "a &amp; b &lt;",
     "max_tokens __init__", "C:\\Users\\x", "{: .x }", "!!! note", "`x`", "<!-- c -->", "a\x02b", "🚀"],
)
def test_home_entries_show_titles_tags_and_excerpts_exactly_as_written(text: str) -> None:
    item = replace(article("s", datetime.date(2026, 11, 1), title=text), lede=text,
                   metadata=Metadata(published=datetime.date(2026, 11, 1), tags=(text,)))
    for lang in ("ja", "en"):
        entries = render(listing.listing_pages([item], lang)[f"index.{lang}.md"]).select("article.ty-entry")
        assert len(entries) == 1
        assert entries[0].select_one("h2 a:not(.headerlink)").get_text() == text
        assert [tag.get_text() for tag in entries[0].select(".ty-tag")] == [text]
        if lang == "ja":
            assert entries[0].select("p")[-1].get_text() == text


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("短い。", 10, "短い。"),
        ("一文目。二文目。三文目。", 9, "一文目。二文目。"),
        ("One. Two three. Four", 16, "One. Two three."),
        ("区切りのない長い文章です", 6, "区切りのな…"),
        ("  a \n b  ", 10, "a b"),
    ],
)
def test_excerpt_keeps_whole_sentences_when_it_can(text: str, limit: int, expected: str) -> None:
    assert listing.excerpt(text, limit) == expected


def test_list_pages_made_again_only_where_an_article_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve` keeps a Made between rebuilds: a page whose articles are the same Listing
    objects is not made again, and every page is what it would be without it."""
    day = datetime.date(2026, 11, 1)
    items = [article(f"s{i}", day - datetime.timedelta(days=i)) for i in range(9)]
    made = listing.Made()
    listing.listing_pages(items, "ja", per_page=2, made=made)
    items[6] = article("s6", day - datetime.timedelta(days=6), title="改題")  # a changed dump: a new Listing
    calls: list[int] = []
    real = listing._page
    monkeypatch.setattr(listing, "_page", lambda entries, *rest: calls.append(len(entries)) or real(entries, *rest))
    made.next_build()
    again = listing.listing_pages(items, "ja", per_page=2, made=made)
    assert calls == [2]  # the one page that lists s6
    monkeypatch.undo()
    assert again == listing.listing_pages(items, "ja", per_page=2)
    assert "改題" in again["page/3.ja.md"]
