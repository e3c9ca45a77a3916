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

from conftest import ROOT, Build, fixtures

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


def _tab(browser, server: str, viewport: dict) -> Iterator[Tab]:
    context = browser.new_context(viewport=viewport)
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
