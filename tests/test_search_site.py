"""The search bundles in the built site: Material's lunr index gone, one Pagefind bundle per
language, written once per build, with the count of pages indexed per language reported."""

from __future__ import annotations

import re

from conftest import Build, Fixture


def test_material_s_search_index_is_gone(built_site: Build) -> None:
    assert not list(built_site.site.rglob("search_index.json"))
    assert not (built_site.site / "search").exists()


def test_one_bundle_per_language(built_site: Build) -> None:
    for lang, code in (("ja", "zxx"), ("en", "en")):
        bundle = built_site.site / "pagefind" / lang
        assert (bundle / "pagefind.js").is_file()
        assert list(bundle.glob(f"pagefind.{code}_*.pf_meta")), lang
        assert list((bundle / "fragment").glob("*.pf_fragment"))
        assert not list(bundle.glob("pagefind-ui.*"))  # Pagefind's own UIs are not shipped


def test_the_build_indexes_once_and_reports_pages_per_language_and_seconds(built_site: Build, fixture_dumps: list[Fixture]) -> None:
    reports = [line for line in built_site.output.splitlines() if "search index:" in line]
    assert len(reports) == 1, reports
    english = sum(f.has_original for f in fixture_dumps)
    assert re.search(rf"en {english} pages \(\d+ sections\), ja {len(fixture_dumps)} pages \(\d+ sections\); \d+\.\d\d s", reports[0]), reports[0]


def test_the_header_search_is_on_every_page(built_site: Build) -> None:
    pages = list(built_site.site.rglob("index.html")) + [built_site.site / "404.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="md-search tk-search"') == 1, page
        assert 'data-md-component="search"' not in html, page  # Material's own search would start
