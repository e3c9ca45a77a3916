"""The built site in headless Chromium (Playwright), served from 127.0.0.1 with no network beyond it.

Needs Debian's chromium at /usr/bin/chromium (never `playwright install`: it downloads a browser).
Without it these tests skip with the reason, except under CI=true, where they fail.
Screenshots of an article in both languages, desktop and phone widths, go to test-artifacts/.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR, ROOT, Build, fixtures

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
JA_ONLY = "2026-11-07-ja-original-column"
# The real dump: analysis box, a 29-entry TOC of which 4 sections are present, an excerpt notice.
REAL = "000_281aa099ef16cdce"
# Front matter: English title, author, source, date and tags, so the meta line is full.
WITH_METADATA = next(f.slug for f in fixtures() if f.published)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright (Python) is not installed: pip install -e '.[test]'"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run under CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Build) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as a static host would serve it."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built_site.site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join()


@dataclass
class Tab:
    """A browser page that records every request and every console error on the way."""

    page: object
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.origin + path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"

    def path(self) -> str:
        return self.page.url.removeprefix(self.origin).split("#", 1)[0]

    def switch_language(self, lang: str) -> None:
        """Use Material's language selector in the header, as a reader would."""
        self.page.hover(".md-header .md-select")
        with self.page.expect_navigation():
            self.page.click(f".md-header a.md-select__link[hreflang={lang}]")

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        outside = [url for url in self.requests if not url.startswith(self.origin + "/")]
        assert outside == [], f"requests leaving 127.0.0.1: {outside}"


def _tab(browser, server: str, viewport: dict, color_scheme: str = "light") -> Iterator[Tab]:
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    page = context.new_page()
    tab = Tab(page, server)
    page.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda msg: tab.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda err: tab.errors.append(f"page error: {err}"))
    # Whatever tried to leave 127.0.0.1 is recorded above and never reaches the network.
    context.route(lambda url: not url.startswith(server + "/"), lambda route: route.abort())
    yield tab
    context.close()


@pytest.fixture
def tab(browser, server: str) -> Iterator[Tab]:
    yield from _tab(browser, server, DESKTOP)


@pytest.mark.parametrize("slug", [REAL, WITH_METADATA])
def test_the_language_selector_keeps_the_article_both_ways(tab: Tab, slug: str) -> None:
    tab.open(f"/articles/{slug}/")
    tab.switch_language("en")
    assert tab.path() == f"/en/articles/{slug}/"
    assert tab.page.get_attribute("html", "lang") == "en"
    tab.switch_language("ja")
    assert tab.path() == f"/articles/{slug}/"
    assert tab.page.get_attribute("html", "lang") == "ja"
    tab.assert_clean()


def test_the_language_selector_of_a_japanese_only_article_leads_to_the_english_home(tab: Tab) -> None:
    tab.open(f"/articles/{JA_ONLY}/")
    tab.switch_language("en")
    assert tab.path() == "/en/"
    tab.assert_clean()


@pytest.mark.parametrize("path", [f"/articles/{REAL}/", f"/en/articles/{REAL}/"])
def test_the_analysis_box_opens_on_click(tab: Tab, path: str) -> None:
    tab.open(path)
    box = tab.page.locator("article.md-content__inner details").first
    assert box.evaluate("d => d.open") is False
    content = box.locator(":scope > :not(summary)").first
    assert not content.is_visible()
    box.locator("summary").click()
    assert box.evaluate("d => d.open") is True
    assert content.is_visible()
    tab.assert_clean()


@pytest.mark.parametrize("path", [f"/articles/{REAL}/", f"/en/articles/{REAL}/"])
def test_a_toc_link_scrolls_to_its_section(tab: Tab, path: str) -> None:
    tab.open(path)
    # The dump's own table of contents: in-page links in the article that are not heading permalinks.
    links = tab.page.locator('article.md-content__inner a[href^="#"]:not(.headerlink)')
    assert links.count() > 0
    link = links.last  # the furthest section, well below the fold
    target = link.get_attribute("href")[1:]
    heading = tab.page.locator(f"[id='{target}']")
    assert heading.evaluate("h => h.getBoundingClientRect().top") > DESKTOP["height"]
    link.click()
    tab.page.wait_for_function("id => decodeURIComponent(location.hash) === '#' + id", arg=target)
    tab.page.wait_for_timeout(300)  # let a smooth scroll finish
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < DESKTOP["height"] / 3, top
    tab.assert_clean()


def test_no_console_errors_and_no_request_leaves_localhost(tab: Tab) -> None:
    paths = ["/", "/en/", "/page/2/", "/en/page/2/", f"/articles/{JA_ONLY}/"]
    for fixture in fixtures():
        paths.append(f"/articles/{fixture.slug}/")
        if fixture.has_original:
            paths.append(f"/en/articles/{fixture.slug}/")
    for path in paths:
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    assert len(tab.requests) > len(paths)
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("slug", [REAL, WITH_METADATA])
def test_screenshots(browser, server: str, slug: str, lang: str, viewport: dict) -> None:
    """Not a check: pictures to look at (test-artifacts/). The page top, then with the analysis box open."""
    ARTIFACTS.mkdir(exist_ok=True)
    for tab in _tab(browser, server, viewport):
        tab.open(f"/articles/{slug}/" if lang == "ja" else f"/en/articles/{slug}/")
        name = f"{slug}-{lang}-{viewport['width']}"
        tab.page.screenshot(path=ARTIFACTS / f"{name}-top.png")
        box = tab.page.locator("article.md-content__inner details").first
        if box.count():
            box.locator("summary").click()
            box.scroll_into_view_if_needed()
            tab.page.screenshot(path=ARTIFACTS / f"{name}-box.png")
        tab.assert_clean()


# --- the side-by-side view (対訳) -----------------------------------------------------------------

ALIGNED = "2026-11-09-robotics-demo"


def _dump_body_lines(name: str) -> list[tuple[str, str]]:
    """(Japanese line k, English line k) of a line-aligned text dump, read straight from the file:
    the English is every line after 原文を表示, the Japanese as many lines before it. The TOC
    labels are left out: the view shows the site's own words for them, on a title row."""
    lines = [line.strip() for line in (FIXTURES_DIR / name).read_text(encoding="utf-8-sig").splitlines()]
    split = lines.index("原文を表示")
    english = [line for line in lines[split + 1 :] if line]
    japanese = [line for line in lines[:split] if line][-len(english) :]
    return [pair for pair in zip(japanese, english) if pair != ("目次", "Table of Contents")]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_side_by_side_from_an_article_and_back(tab: Tab, lang: str) -> None:
    article = f"/articles/{ALIGNED}/" if lang == "ja" else f"/en/articles/{ALIGNED}/"
    tab.open(article)
    with tab.page.expect_navigation():
        tab.page.click(".tk-parallel-link a")
    assert tab.path() == article + "taiyaku/"
    assert tab.page.get_attribute("html", "lang") == lang
    rows = tab.page.locator(".tk-parallel > .tk-row")
    got = rows.evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll(':scope > .tk-cell')].map(c => [c.lang, c.innerText.trim()]))"
    )
    expected = _dump_body_lines(f"{ALIGNED}.txt")
    assert len(got) == len(expected) > 10
    for k, (cells, (ja, en)) in enumerate(zip(got, expected)):
        assert cells == [["ja", ja], ["en", en]], f"row {k}"
    # Side by side on a desktop: row k's two cells start level, the Japanese on the left.
    boxes = rows.nth(3).locator(".tk-cell").evaluate_all("cs => cs.map(c => c.getBoundingClientRect().toJSON())")
    assert boxes[0]["top"] == boxes[1]["top"] and boxes[0]["right"] <= boxes[1]["left"]
    with tab.page.expect_navigation():
        tab.page.click(".tk-back a")
    assert tab.path() == article
    tab.assert_clean()


def test_side_by_side_stacks_japanese_then_english_on_a_phone(browser, server: str) -> None:
    for tab in _tab(browser, server, PHONE):
        tab.open(f"/articles/{ALIGNED}/taiyaku/")
        boxes = tab.page.locator(".tk-parallel > .tk-row").nth(3).locator(".tk-cell").evaluate_all(
            "cs => cs.map(c => c.getBoundingClientRect().toJSON())"
        )
        assert boxes[0]["bottom"] <= boxes[1]["top"]  # the English under the Japanese
        assert boxes[1]["right"] <= PHONE["width"]  # nothing wider than the screen
        assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        tab.assert_clean()


def test_the_misaligned_article_has_no_side_by_side_link(tab: Tab) -> None:
    tab.open("/articles/2026-11-16-misaligned/")
    assert tab.page.locator(".tk-parallel-link").count() == 0
    tab.assert_clean()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_side_by_side_screenshots(browser, server: str, lang: str, viewport: dict) -> None:
    """Not a check: pictures to look at (test-artifacts/): the view's top, and a heading row with its TOC."""
    ARTIFACTS.mkdir(exist_ok=True)
    for tab in _tab(browser, server, viewport):
        tab.open(f"/articles/{ALIGNED}/taiyaku/" if lang == "ja" else f"/en/articles/{ALIGNED}/taiyaku/")
        name = f"{ALIGNED}-taiyaku-{lang}-{viewport['width']}"
        tab.page.screenshot(path=ARTIFACTS / f"{name}-top.png")
        tab.page.locator(".tk-row--toc a").first.click()
        tab.page.wait_for_timeout(300)
        tab.page.screenshot(path=ARTIFACTS / f"{name}-section.png")
        tab.assert_clean()


@pytest.mark.parametrize("path", ["/archive/", "/en/tags/benchmarks/", "/404.html", "/en/404.html"])
def test_archive_and_404_screenshots(browser, server: str, path: str) -> None:
    """Not a check: pictures of the archive index, a tag page and the 404 pages at phone width."""
    ARTIFACTS.mkdir(exist_ok=True)
    for tab in _tab(browser, server, PHONE):
        tab.page.goto(tab.origin + path)
        tab.page.screenshot(path=ARTIFACTS / f"list{path.replace('/', '_').replace('.html', '')}-390.png")
        tab.assert_clean()
