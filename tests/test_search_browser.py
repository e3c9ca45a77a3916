"""The header search box on the built fixture site, in headless Chromium, as a reader uses it.

Every query of tests/fixtures/search-queries.json must find its articles in its language;
Japanese as it is typed (compounds, katakana, full- and half-width forms), English inflections and
phrases; the scope control; the keyboard; nothing requested beyond 127.0.0.1. Screenshots of the
open search at 1280 and 390 px go to test-artifacts/.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from conftest import FIXTURES_DIR, Build
from taiyaku.search.tokens import grams, pieces, run_keys
from test_browser import ARTIFACTS, DESKTOP, PHONE, REAL, Tab, _tab, browser, server  # noqa: F401 (fixtures)

QUERIES = json.loads((FIXTURES_DIR.parent / "search-queries.json").read_text(encoding="utf-8"))
HOME = {"ja": "/", "en": "/en/"}
RESULT_LINKS = ".tk-search .md-search-result__link"


@pytest.fixture
def tab(browser, server: str) -> Iterator[Tab]:  # noqa: F811
    yield from _tab(browser, server, DESKTOP)


def search(tab: Tab, query: str, *, both: bool = False) -> list[str]:
    """Open the search with its shortcut, type `query`, wait for its results: their paths (with #section)."""
    page = tab.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('.tk-search .md-search__input')")
    if both != page.is_checked(".tk-search__scope input"):
        page.click(".tk-search__scope")
    page.fill(".tk-search .md-search__input", "")
    page.keyboard.type(query)
    lang = page.get_attribute(".tk-search", "data-lang")
    scope = f"{lang}+{'en' if lang == 'ja' else 'ja'}" if both else lang
    try:
        page.wait_for_function(
            "shown => document.querySelector('.tk-search').dataset.shown === shown", arg=f"{scope}:{query}", timeout=30000
        )
    except Exception as timeout:  # say what the box showed instead
        state = page.evaluate(
            "[document.querySelector('.tk-search').dataset.shown, document.querySelector('.tk-search__meta').textContent]"
        )
        raise AssertionError(f"{query!r}: results not shown; box: {state}; errors: {tab.errors}") from timeout
    return [href.removeprefix(tab.origin) for href in page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")]


def articles(paths: list[str]) -> set[str]:
    return {p.split("#")[0] for p in paths}


@pytest.mark.parametrize("case", QUERIES, ids=[f"{q['lang']}-{q['query']}" for q in QUERIES])
def test_each_query_finds_its_articles_in_its_language(tab: Tab, case: dict) -> None:
    tab.open(HOME[case["lang"]])
    found = articles(search(tab, case["query"]))
    prefix = "/articles/" if case["lang"] == "ja" else "/en/articles/"
    assert {f"{prefix}{slug}/" for slug in case["must_find"]} <= found
    assert all(path.startswith(prefix) for path in found), found  # the page's language only
    tab.assert_clean()


@pytest.mark.parametrize(
    ("typed", "as_written"),
    [("Ｏｐｕｓ　４．７", "Opus 4.7"), ("ﾃﾞｰﾀｾﾝﾀｰ", "データセンター"), ("ﾌｪｱﾕｰｽ", "フェアユース")],
)
def test_full_and_half_width_forms_find_the_same(tab: Tab, typed: str, as_written: str) -> None:
    tab.open("/")
    expected = articles(search(tab, as_written))
    assert expected
    assert articles(search(tab, typed)) == expected
    tab.assert_clean()


def test_a_word_inside_a_compound_is_found_and_highlighted_whole(tab: Tab) -> None:
    tab.open("/")
    assert f"/articles/{REAL}/" in articles(search(tab, "福祉"))  # the title says モデル福祉
    marks = tab.page.eval_on_selector_all(".tk-search mark", "ms => ms.map(m => m.textContent)")
    assert marks and set(marks) == {"福祉"}, marks


def test_a_compound_does_not_find_its_characters_apart(tab: Tab) -> None:
    tab.open("/")
    both = articles(search(tab, "福祉"))
    assert articles(search(tab, "福祉省")) <= both  # 福祉省 is in one article only
    assert len(articles(search(tab, "福祉省"))) == 1


@pytest.mark.parametrize(
    ("query", "slug"),
    [("exports", "2026-11-05-chip-export-rules"), ("exported", "2026-11-05-chip-export-rules"), ('"fair use"', "2026-11-14-court-ruling")],
)
def test_english_finds_inflected_forms_and_phrases(tab: Tab, query: str, slug: str) -> None:
    tab.open("/en/")
    assert f"/en/articles/{slug}/" in articles(search(tab, query))
    tab.assert_clean()


def test_results_show_title_section_and_highlighted_excerpt_and_open_at_the_section(tab: Tab) -> None:
    tab.open("/en/")
    paths = search(tab, "welfare")
    first = tab.page.locator(f"{RESULT_LINKS} >> nth=0")
    assert first.locator("h1").inner_text()
    assert first.locator("mark").first.inner_text().lower().startswith("welfare")
    with_section = next(p for p in paths if "#" in p)
    link = tab.page.locator(f'{RESULT_LINKS}[href$="{with_section.split("#")[1]}"]').first
    section = link.locator("h2, .tk-search__section").first.inner_text()
    link.click()
    tab.page.wait_for_url(f"**{with_section.split('#')[0]}**")
    assert tab.page.evaluate("decodeURIComponent(location.hash)") == "#" + with_section.split("#")[1]
    assert tab.page.locator("article h2, article h3").filter(has_text=section).first.is_visible()
    assert not tab.page.is_checked("#__search")
    tab.assert_clean()


def test_the_scope_control_adds_the_other_language_and_marks_each_result(tab: Tab) -> None:
    tab.open("/")
    assert not any(p.startswith("/en/") for p in search(tab, "laundry"))
    paths = search(tab, "laundry", both=True)
    assert "/en/articles/2026-11-09-robotics-demo/" in articles(paths)
    items = tab.page.locator(".tk-search .md-search-result__item")
    badges = tab.page.locator(".tk-search .md-search-result__item .tk-search__lang").all_inner_texts()
    assert len(badges) == items.count() and "英語" in badges
    tab.assert_clean()


@pytest.mark.parametrize(("home", "query"), [("/en/", "the"), ("/", "AI")])
def test_more_results_come_a_page_at_a_time(tab: Tab, home: str, query: str) -> None:
    tab.open(home)
    page = tab.page
    first = search(tab, query)
    assert 0 < len(first) <= 10  # ten sections at most, three an article
    more = page.locator(".tk-search__more button")
    assert more.count() == 1, "a common word has more than one page of sections"
    more.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"search-more-{'en' if home == '/en/' else 'ja'}.png"))
    page.keyboard.press("Escape")
    page.keyboard.press("/")
    for _ in range(len(first) + 1):  # the keyboard reaches it after the last result
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('.tk-search__more button')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.shown")
    second = [href.removeprefix(tab.origin) for href in page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")]
    assert set(first) < set(second)  # a new section may join its article's group: sets, not order
    new = page.evaluate("document.activeElement.href").removeprefix(tab.origin)
    assert new in set(second) - set(first)  # the focus is on the first result not shown before
    tab.assert_clean()


def test_the_first_results_show_while_the_rest_of_the_page_arrives(tab: Tab) -> None:
    """Each section shown is a request: the first five are shown as soon as their fragments are
    there, under "Searching…", and the page completes below them."""
    tab.open("/en/")
    page = tab.page
    held: list[object] = []
    page.route("**/search/en/f/*", lambda route: held.append(route))
    page.keyboard.press("/")
    page.keyboard.insert_text("the")  # at once (an IME's word, a paste): no wait for the next key
    deadline = time.monotonic() + 10
    while len(held) < 10:  # a common word: a page of ten sections is asked for at once
        assert time.monotonic() < deadline, f"{len(held)} fragments asked for"
        page.wait_for_timeout(20)
    for route in held[:5]:
        route.continue_()
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.first === 'en:the'")
    assert page.get_attribute(".tk-search", "data-shown") is None
    assert page.inner_text(".tk-search__meta") == "Searching…"
    first = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert 0 < len(first) <= 5
    for route in held[5:]:
        route.continue_()
    page.unroute("**/search/en/f/*")
    page.wait_for_function("() => document.querySelector('.tk-search').dataset.shown === 'en:the'")
    final = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert set(first) < set(final) and final[0] == first[0]
    assert "matching sections" in page.inner_text(".tk-search__meta")
    tab.assert_clean()


def test_keyboard_opens_moves_follows_and_closes(tab: Tab) -> None:
    tab.open(f"/articles/{REAL}/")
    paths = search(tab, "福祉")
    assert len(paths) >= 2
    keys, page = tab.page.keyboard, tab.page
    focused = "document.activeElement.getAttribute('href')"
    keys.press("ArrowDown")
    first = page.evaluate(focused)
    keys.press("ArrowDown")
    assert page.evaluate(focused) not in (None, first)
    keys.press("ArrowUp")
    assert page.evaluate(focused) == first
    keys.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('.md-search__input')")
    keys.press("Escape")
    assert not page.is_checked("#__search")
    assert not page.evaluate("document.activeElement.matches('.md-search__input')")
    search(tab, "福祉")
    keys.press("ArrowDown")
    target = page.evaluate("document.activeElement.href")
    keys.press("Enter")
    page.wait_for_function("url => location.href === url", arg=target)
    tab.assert_clean()


STRINGS = [
    "40分間のデモで洗濯物",
    "確定していないということだ",
    "Ｏｐｕｓ４．７とClaude_Code・ﾊｰﾈｽ",
    "モデル福祉の問題",
    "Ｏｐｕｓ　４．７において、福祉",
    "ﾃﾞｰﾀｾﾝﾀｰ・ハーネス",
    "𠮷野家の々と〆",
    "Fair use exports",
    "東京 京都",
    "AIとＡＩ",
    "zero\u200bwidth",
    "",
]


def test_the_browser_cuts_text_as_the_build_does(tab: Tab) -> None:
    tab.open("/")
    script = tab.page.get_attribute('script[src$="taiyaku-search.js"]', "src")
    got = tab.page.evaluate(
        """async ([src, strings]) => {
             const m = await import(new URL("taiyaku-search-index.js", new URL(src, location.href)).href);
             return strings.map(s => m.pieces(s).map(([p, run]) => [p, run, run ? m.grams(p) : [], run ? m.runKeys(p) : []]));
           }""",
        [script, STRINGS],
    )
    assert got == [[[p, run, grams(p) if run else [], run_keys(p) if run else []] for p, run in pieces(s)] for s in STRINGS]
    tab.assert_clean()


def test_a_search_downloads_only_the_chunks_of_its_terms(tab: Tab, built_site: Build) -> None:
    chunks = len(list((built_site.site / "search" / "ja" / "c").iterdir()))
    tab.open("/")
    fetched: list[str] = []
    tab.page.on("request", lambda request: fetched.append(request.url))
    search(tab, "福祉")
    loaded = [url for url in fetched if "/search/ja/c/" in url]
    assert 1 <= len(loaded) < chunks, (loaded, chunks)
    assert not any("/search/en/" in url for url in fetched)  # nor the other language, for a Japanese query
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize(("lang", "query"), [("ja", "福祉"), ("en", "export")])
def test_screenshots_of_the_open_search(browser, server: str, viewport: dict, lang: str, query: str) -> None:  # noqa: F811
    """Not a check: pictures to look at (test-artifacts/search-*.png)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for tab in _tab(browser, server, viewport):
        tab.open(f"/articles/{REAL}/" if lang == "ja" else f"/en/articles/{REAL}/")
        search(tab, query, both=lang == "en")
        tab.page.screenshot(path=ARTIFACTS / f"search-{lang}-{viewport['width']}.png")
        tab.assert_clean()
