"""The search indexes in the built site: Material's lunr index gone, one index per language,
written once per build, with the count of pages indexed per language reported."""

from __future__ import annotations

import gzip
import json
import re

from conftest import Build, Fixture


def test_material_s_search_index_is_gone(built_site: Build) -> None:
    assert not list(built_site.site.rglob("search_index.json"))
    assert not (built_site.site / "en" / "search").exists()


def test_one_index_per_language_with_one_fragment_per_section(built_site: Build, fixture_dumps: list[Fixture]) -> None:
    for lang, prefix, count in (
        ("ja", "articles/", len(fixture_dumps)),
        ("en", "en/articles/", sum(f.has_original for f in fixture_dumps)),
    ):
        index = built_site.site / "search" / lang
        meta = json.loads(gzip.decompress((index / "index.jz").read_bytes()))
        assert meta["articles"] == count
        assert len(list((index / "c").iterdir())) == len(meta["chunks"]) >= 1
        fragments = [json.loads(gzip.decompress(f.read_bytes())) for f in (index / "f").iterdir()]
        assert len(fragments) == meta["sections"]
        urls = {fragment["u"].split("#")[0] for fragment in fragments}
        assert len(urls) == count
        assert all(url.startswith(prefix) and (built_site.site / url / "index.html").is_file() for url in urls), urls
        assert not any("/taiyaku/" in url for url in urls)  # the side-by-side views are not indexed


def test_the_build_indexes_once_and_reports_pages_per_language_and_seconds(built_site: Build, fixture_dumps: list[Fixture]) -> None:
    reports = [line for line in built_site.output.splitlines() if "search index:" in line]
    assert len(reports) == 1, reports
    english = sum(f.has_original for f in fixture_dumps)
    language = r"pages \(\d+ sections, \d+\.\d s\)"
    assert re.search(rf"en {english} {language}, ja {len(fixture_dumps)} {language}; \d+\.\d\d s", reports[0]), reports[0]


def test_the_header_search_is_on_every_page(built_site: Build) -> None:
    pages = list(built_site.site.rglob("index.html")) + [built_site.site / "404.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('class="md-search tk-search"') == 1, page
        assert 'data-md-component="search"' not in html, page  # Material's own search would start
