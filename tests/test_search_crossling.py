"""Search through the translation, on the built fixture site: a line-aligned article's paragraph k
has the id `tk-p<k>` on both pages, the index knows where each is in its sections, and the
search box finds this page's paragraphs whose counterpart in the other language has the query.
Articles that are not line-aligned, and Japanese-only ones, are never found that way.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import Build
from taiyaku.search.index import Document, write
from taiyaku.search.sections import sections
from taiyaku.search.tokens import normalize
from test_browser import ARTIFACTS, DESKTOP, JA_ONLY, PHONE, Tab, _tab, browser, server  # noqa: F401 (fixtures)
from test_search_browser import RESULT_LINKS, articles, search

ALIGNED = "2026-11-09-robotics-demo"
MISALIGNED = "2026-11-16-misaligned"
ITEMS = ".tk-search .md-search-result__item"


def _load(path: Path) -> dict:
    return json.loads(gzip.decompress(path.read_bytes()))


def _places(flat: list[int]) -> list[tuple[int, int, int]]:
    """A fragment's "p" (differences) as (k, start, end)."""
    out, k, end = [], 0, 0
    for dk, gap, length in zip(flat[0::3], flat[1::3], flat[2::3]):
        k, start = k + dk, end + gap
        end = start + length
        out.append((k, start, end))
    return out


def _html(site: Path, lang: str, slug: str) -> BeautifulSoup:
    folder = site / ("articles" if lang == "ja" else "en/articles") / slug
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def _page_paragraphs(site: Path, lang: str, slug: str) -> dict[int, str]:
    """The page's paragraphs with an id tk-p<k>, by k, their text as the index collapses it."""
    body = _html(site, lang, slug).select_one("div.tk-body")
    assert body is not None
    return {int(p["id"][4:]): " ".join(p.get_text().split()) for p in body.select('[id^="tk-p"]')}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_aligned_paragraphs_have_the_same_ids_on_both_pages_and_the_index_finds_each(built_site: Build, lang: str) -> None:
    site = built_site.site
    ja, en = _page_paragraphs(site, "ja", ALIGNED), _page_paragraphs(site, "en", ALIGNED)
    assert len(ja) >= 5 and ja.keys() == en.keys()
    index = site / "search" / lang
    table = _load(index / "p" / f"{ALIGNED}.jz")
    held = table["s"]
    found = {}
    for at in range(0, len(held), 3):
        section, first, last = held[at : at + 3]
        fragment = _load(index / "f" / f"{table['a']}-{section}.jz")
        places = _places(fragment["p"])
        assert (min(k for k, _, _ in places), max(k for k, _, _ in places)) == (first, last)
        found |= {k: fragment["x"][start:end] for k, start, end in places}
    page = ja if lang == "ja" else en
    assert found == {k: normalize(text) for k, text in page.items()}


@pytest.mark.parametrize("slug", [MISALIGNED, JA_ONLY])
def test_unaligned_and_japanese_only_articles_have_no_paragraph_ids(built_site: Build, slug: str) -> None:
    site = built_site.site
    assert not _html(site, "ja", slug).select('[id^="tk-p"]')
    for lang in ("ja", "en"):
        assert not (site / "search" / lang / "p" / f"{slug}.jz").exists()
        for path in (site / "search" / lang / "f").iterdir():
            fragment = _load(path)
            assert slug not in fragment["u"] or "p" not in fragment


def test_sections_say_where_their_paragraphs_are() -> None:
    html = (
        '<h1>T</h1><p>lede</p><div class="tk-body"><p id="tk-p0">One  <em>two</em>.</p>\n'
        '<ul><li>a list</li></ul><p id="tk-p2">\nThree.</p><h2 id="h">Head</h2><p id="tk-p4">Four</p></div>'
    )
    first, second = sections(html)
    assert first.text == "T lede One two. a list Three."
    assert [(k, first.text[start:end]) for k, start, end in first.paragraphs] == [(0, "One two."), (2, "Three.")]
    assert second.anchor == "h"
    assert [(k, second.text[start:end]) for k, start, end in second.paragraphs] == [(4, "Four")]


def _crossed(tab: Tab) -> list[dict]:
    """The results found through the translation: their link, this page's excerpt, the other
    language's paragraph and its marks."""
    return tab.page.eval_on_selector_all(
        RESULT_LINKS,
        """links => links.filter(a => a.querySelector('.tk-search__via')).map(a => ({
             href: a.getAttribute('href'),
             excerpt: a.querySelector('article > p:not(.tk-search__section)').innerText,
             label: a.querySelector('.tk-search__via-label').innerText,
             lang: a.querySelector('.tk-search__via p').lang,
             via: a.querySelector('.tk-search__via p').innerText,
             marks: Array.from(a.querySelectorAll('.tk-search__via mark'), m => m.innerText),
           }))""",
    )


def test_an_english_word_of_the_original_finds_the_japanese_paragraph_and_opens_it(tab: Tab, built_site: Build) -> None:
    tab.open("/")
    paths = search(tab, "laundry")
    assert all(p.startswith("/articles/") for p in paths), paths
    crossed = _crossed(tab)
    assert crossed and all(c["label"] == "英語の原文で一致" and c["lang"] == "en" for c in crossed)
    assert all(mark.lower() == "laundry" for c in crossed for mark in c["marks"])
    first = crossed[0]
    path, anchor = first["href"].split("#")
    assert path.endswith(f"/articles/{ALIGNED}/") and anchor.startswith("tk-p")
    # The excerpt is the Japanese paragraph the link opens at, as the page shows it.
    paragraph = _page_paragraphs(built_site.site, "ja", ALIGNED)[int(anchor[4:])]
    assert paragraph.startswith(first["excerpt"].rstrip("…")[:40])
    tab.page.locator(f'{RESULT_LINKS}[href$="#{anchor}"]').first.click()
    tab.page.wait_for_url(f"**#{anchor}")
    target, header = tab.page.locator(f"#{anchor}").bounding_box(), tab.page.locator(".md-header").bounding_box()
    assert target and header and header["y"] + header["height"] - 1 <= target["y"] < 900  # in view, under the header
    tab.assert_clean()


def test_a_japanese_word_of_the_translation_finds_the_english_paragraph(tab: Tab) -> None:
    tab.open("/en/")
    paths = search(tab, "ピッツバーグ")  # in the Japanese body only: the English says Pittsburgh
    crossed = _crossed(tab)
    assert crossed and all(p.startswith("/en/articles/") for p in paths), paths
    assert all(c["label"] == "Matched in the Japanese translation" and c["lang"] == "ja" for c in crossed)
    assert {c["href"].split("#")[0].split("/")[-2] for c in crossed} == {ALIGNED}
    assert all(c["marks"] == ["ピッツバーグ"] and "Pittsburgh" in c["excerpt"] for c in crossed), crossed
    tab.assert_clean()


def test_a_word_of_the_english_title_finds_the_japanese_article(tab: Tab) -> None:
    tab.open("/")
    search(tab, "measuring")  # the English title says "Measuring"; the Japanese says 測っている
    titled = [c for c in _crossed(tab) if "#" not in c["href"]]
    assert [c["href"].split("/")[-2] for c in titled] == ["2026-11-12-agent-benchmarks"]
    assert titled[0]["via"] == "Agent Benchmarks Are Measuring the Harness, Not the Model" and titled[0]["marks"] == ["Measuring"]
    tab.assert_clean()


def test_a_word_being_typed_crosses_after_a_pause_or_at_once_when_all_it_needs_has_arrived(tab: Tab) -> None:
    """An English word with no space after it may still grow: on the Japanese site it crosses only
    once the reader pauses (the box's CROSS_WAIT_MS), so that its prefixes do not each fetch
    fragments in both languages. Typed again, it has all it needs and crosses without the pause.
    The page's clock stands still here but for the box's debounce."""
    page = tab.page
    # Before the page loads: Material's bundle (RxJS) starts intervals as it loads, and one started
    # on the real clock but cleared on the installed one kept firing ("executing a cancelled action").
    page.clock.install(time=0)
    tab.open("/")
    page.clock.pause_at(1000)
    page.keyboard.press("/")
    page.keyboard.type("laundry")
    page.clock.run_for(50)  # the debounce, not the pause
    page.wait_for_function("() => document.querySelector('.tk-search__meta').textContent !== ''")
    page.wait_for_timeout(1500)  # real time: the fetches would have arrived
    assert page.get_attribute(".tk-search", "data-shown") is None, _crossed(tab)
    page.clock.run_for(200)
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.shown === 'ja:laundry'")
    first = _crossed(tab)
    assert first
    page.fill(".tk-search .md-search__input", "")
    page.clock.run_for(50)
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.shown === ''")
    requests = len(tab.requests)
    page.keyboard.type("laundry")
    page.clock.run_for(50)
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.shown === 'ja:laundry'")
    assert _crossed(tab) == first and len(tab.requests) == requests
    tab.assert_clean()


def test_direct_results_come_before_results_through_the_translation(tab: Tab) -> None:
    tab.open("/")
    # "license" is in the Japanese text of one article, and only in the English original of another.
    search(tab, "license")
    via = tab.page.locator(ITEMS).evaluate_all("items => items.map(i => !!i.querySelector('.tk-search__via'))")
    assert True in via and False in via
    assert via == sorted(via), via  # every direct result first
    tab.assert_clean()


def test_unaligned_articles_are_not_found_through_the_translation(tab: Tab) -> None:
    tab.open("/en/")
    assert f"/en/articles/{MISALIGNED}/" in articles(search(tab, "substations"))  # in its original only
    tab.open("/")
    assert not any(MISALIGNED in p for p in search(tab, "substations"))
    tab.assert_clean()


def test_japanese_only_articles_are_not_found_through_the_translation(tab: Tab) -> None:
    tab.open("/")
    assert f"/articles/{JA_ONLY}/" in articles(search(tab, "自治体"))
    tab.open("/en/")
    assert not any(JA_ONLY in p for p in search(tab, "自治体"))
    tab.assert_clean()


def test_with_both_languages_searched_the_other_language_shows_as_itself(tab: Tab) -> None:
    tab.open("/")
    paths = search(tab, "laundry", both=True)
    assert f"/en/articles/{ALIGNED}/" in articles(paths)
    assert not _crossed(tab)
    tab.assert_clean()


@pytest.fixture
def phone(browser, server: str) -> Iterator[Tab]:  # noqa: F811
    yield from _tab(browser, server, PHONE)


@pytest.fixture
def tab(browser, server: str) -> Iterator[Tab]:  # noqa: F811
    yield from _tab(browser, server, DESKTOP)


@pytest.mark.parametrize(("home", "query"), [("/", "laundry"), ("/en/", "ピッツバーグ")])
def test_screenshot_on_a_phone(phone: Tab, home: str, query: str) -> None:
    """The result must read on a phone: nothing wider than the screen (and a picture to look at,
    test-artifacts/search-crossed-*.png)."""
    phone.open(home)
    search(phone, query)
    assert _crossed(phone)
    # On a phone Material slides the open search in from 5 % to the right (150 ms, after 150 ms):
    # a fast result is measured only once the box is in place (failed once under a loaded suite).
    phone.page.wait_for_function(
        "() => document.querySelector('.tk-search .md-search__inner').getBoundingClientRect().right <= window.innerWidth + 1"
    )
    wider = phone.page.eval_on_selector_all(
        f"{ITEMS} *", "els => els.filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.outerHTML.slice(0, 80))"
    )
    assert wider == []
    ARTIFACTS.mkdir(exist_ok=True)
    phone.page.screenshot(path=ARTIFACTS / f"search-crossed-{home.strip('/') or 'ja'}-390.png")
    phone.assert_clean()


def test_paragraph_places_follow_the_normalized_text(tmp_path: Path) -> None:
    """NFKC makes ㍿ four characters and ｱ one: the places are in the text the fragment carries."""
    html = '<div class="tk-body"><p id="tk-p0">㍿の話</p><p id="tk-p1">ｱｲｳ ﾃﾞｰﾀ</p></div>'
    document = Document("articles/x/", "T", sections(html))
    write([document], tmp_path)
    fragment = _load(tmp_path / "f" / "0-0.jz")
    assert [(k, fragment["x"][start:end]) for k, start, end in _places(fragment["p"])] == [(0, "株式会社の話"), (1, "アイウ データ")]
    assert _load(tmp_path / "p" / "x.jz") == {"a": 0, "s": [0, 0, 1]}
