"""The side-by-side view's writer (taiyaku.writers.parallel), rendered through the site's own Markdown
extensions: its rows are raw HTML, and every character of the dump must still come out as text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taiyaku.model import (
    Body,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Span,
    TocEntry,
)
from taiyaku.writers.parallel import (
    ROWS_MARKER,
    parallel_page,
    parallel_pages,
    split_rows,
)
from test_writers_roundtrip import TEXTS, TRAPS, _bodies, article, render_page, text

ALLOWED_TAGS = {"h1", "p", "div", "h2", "a", "em", "strong", "code", "blockquote", "ul", "ol", "li", "span"}


def cell_text(cell) -> str:
    """A cell's text, a quote's or list's paragraphs joined by newlines (as block_texts gives them)."""
    inner = cell.find_all(["p", "li", "h2"])
    return "\n".join(text(e) for e in inner) if inner else text(cell)


def block_text(block) -> str:
    if isinstance(block, (Paragraph, Heading)):
        return block.text
    if isinstance(block, Quote):
        return "\n".join(p.text for p in block.paragraphs)
    if isinstance(block, ListBlock):
        return "\n".join(p.text for p in block.items)
    assert isinstance(block, Figure)
    return block.caption


def check_view(ja: Body, en: Body, title_ja: str, title_en: str | None) -> None:
    item = article(title_ja=title_ja, title_en=title_en, ja=ja, en=en, aligned=True)
    for lang in ("ja", "en"):
        soup, meta = render_page(parallel_page(item, lang))
        assert meta["kind"] == "parallel" and meta["lang"] == lang
        unexpected = {t.name for t in soup.find_all(True)} - ALLOWED_TAGS
        assert not unexpected, f"text became markup: {unexpected}"
        grid = soup.select_one("div.tk-parallel")
        rows = grid.find_all("div", class_="tk-row", recursive=False)
        blocks = [r for r in rows if "tk-row--toc" not in r["class"]]
        assert len(blocks) == len(ja.blocks)
        for row, j, e in zip(blocks, ja.blocks, en.blocks):
            cells = row.find_all("div", class_="tk-cell", recursive=False)
            assert [c["lang"] for c in cells] == ["ja", "en"]
            assert [cell_text(c) for c in cells] == [block_text(j), block_text(e)]
        toc_rows = [r for r in rows if "tk-row--toc" in r["class"]]
        assert len(toc_rows) == (len(ja.toc or ()) if ja.toc is not None and en.toc is not None else 0)
        titles = grid.select_one(".tk-pair--title")
        assert (titles is not None) == bool(title_en)
        if titles is not None:
            assert [text(c) for c in titles.select(".tk-cell")] == [title_ja, title_en]
        ids = [t["id"] for t in soup.find_all(id=True)]
        assert len(ids) == len(set(ids))
        for a in grid.select('a[href^="#"]'):
            assert a["href"][1:] in ids


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(body=_bodies(), title=TEXTS, title_en=st.none() | TEXTS)
def test_any_aligned_body_fills_the_rows_with_its_exact_text(body: Body, title: str, title_en: str | None) -> None:
    check_view(body, body, title, title_en)


@pytest.mark.parametrize("trap", TRAPS)
def test_every_trap_stays_text(trap: str) -> None:
    ja = Body((Paragraph((Span(trap), Span(trap, "em", "https://example.com/?a=<b>&c=\"d\""))), Heading(trap, "x")))
    en = Body((Paragraph((Span(trap, "code"),)), Heading(trap + "!", "y")), (TocEntry(trap, "y"),), 1)
    check_view(replace(ja, toc=(TocEntry(trap, "x"),), toc_position=1), en, trap, trap)


def test_links_keep_their_target() -> None:
    ja = Body((Paragraph((Span("a", href="https://example.com/a b?x=1&y=\"2\""), Span("b", href="javascript:alert(1)"))),))
    soup, _ = render_page(parallel_page(article(ja=ja, en=ja, aligned=True), "ja"))
    links = soup.select(".tk-row a")
    assert [a["href"] for a in links] == ['https://example.com/a%20b?x=1&y="2"'] * 2
    assert "javascript" not in str(soup)


def test_no_view_without_alignment() -> None:
    body = Body((Paragraph((Span("x"),)),))
    assert parallel_pages(article(ja=body, en=body, aligned=False)) == {}
    assert parallel_pages(article(ja=body, en=None, aligned=False)) == {}
    assert sorted(parallel_pages(article(ja=body, en=body, aligned=True))) == [
        "articles/hand/taiyaku.en.md",
        "articles/hand/taiyaku.ja.md",
    ]


def test_rows_cut_off_before_markdown_and_put_back_give_the_same_page() -> None:
    """What hooks/taiyaku_site.py does to skip Python-Markdown for the rows (split_rows)."""
    page = parallel_page(article(), "ja")
    head, rows = split_rows(page)
    assert rows.startswith('<div class="tk-parallel">') and ROWS_MARKER in head
    whole, _ = render_page(page)
    cut, _ = render_page(head)
    put_back = BeautifulSoup(str(cut).replace(ROWS_MARKER, rows, 1), "html.parser")
    assert put_back.select_one(".tk-parallel") == whole.select_one(".tk-parallel")
    assert split_rows("# any other page\n") == ("# any other page\n", "")
