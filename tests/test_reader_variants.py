"""Nothing lost, nothing misplaced, over dumps as editors really save them (issue 14).

Every fixture text dump is cut after each of its lines, has each label doubled and left out,
each table-of-contents entry dropped on one side, is saved with CRLF, a BOM or in cp932, and gets
blank lines; hypothesis combines these at random. For every variant:

- the reader gives an article or our DumpError, never another exception;
- every line of the dump that is not structure (a label, a blank line, front matter, the
  page's trailing chrome) is in exactly one part of the model, and in the Markdown pages;
- headings are only lines that were headings in the fixture;
- a dump cut before its structure ends is reported: not read, or read with a problem (a WARNING).

How each variant was reported is counted in `variants.TALLY` and printed after the run.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taiyaku.convert import article_pages
from taiyaku.errors import DumpError
from taiyaku.model import Article, Paragraph
from taiyaku.readers import html as html_reader
from taiyaku.readers import labels
from taiyaku.readers import text as text_reader
from taiyaku.readers.decoding import decode
from taiyaku.writers.escape import escape_inline
from variants import (
    LABELS,
    TALLY,
    TEXT_FIXTURES,
    Variant,
    cuts,
    encoded,
    expected,
    fixture_lines,
    labels_doubled,
    labels_missing,
    model_lines,
    toc_entries_dropped,
)


def read(variant: Variant, data: bytes | None = None) -> Article | DumpError:
    """The variant read as the text reader reads a file (`data`: its bytes, UTF-8 by default)."""
    path = Path(variant.fixture.name)
    try:
        return text_reader.parse(path, decode(path, variant.text.encode() if data is None else data))
    except DumpError as err:
        assert err.path == str(path)
        return err


def check(variant: Variant, data: bytes | None = None) -> Article | DumpError:
    """Read the variant, assert the properties that hold for every variant, count how it was reported."""
    got = read(variant, data)
    TALLY[variant.kind, reported(got)] += 1
    if isinstance(got, Article):
        assert_nothing_lost(variant, got)
        assert_headings_were_headings(variant, got)
    return got


def reported(got: Article | DumpError) -> str:
    """How the editor learns about the variant, in a few words."""
    if isinstance(got, DumpError):
        return "not read: one WARNING (DumpError)"
    how = [f"WARNING: {_short(p)}" for p in got.problems]
    if got.truncated and not got.problems:
        how.append("excerpt notice")
    how += [f"note: {_short(w)}" for w in got.warnings]
    return "; ".join(how) or "read as a whole dump, no note"


def _short(message: str) -> str:
    return re.sub(r"key point '.*' has", "key point '…' has", message.split(":")[0].split(" (")[0])


def content(lines: tuple[str, ...]) -> Counter[str]:
    """The dump's lines that are article text or labels: not blank, not front matter, not the
    page's trailing chrome."""
    stripped = [line.strip() for line in lines]
    if stripped and stripped[0] == "---" and "---" in stripped[1:]:
        stripped = stripped[stripped.index("---", 1) + 1 :]
    while stripped and (not stripped[-1] or stripped[-1] in labels.SITE_CHROME):
        stripped.pop()
    return Counter(line for line in stripped if line)


def assert_nothing_lost(variant: Variant, article: Article) -> None:
    dump = content(variant.lines)
    model = Counter(line.strip() for line in model_lines(article) if line.strip())
    # A label the reader took as text is in the model; the others are structure.
    assert model - dump == Counter(), f"{variant.detail}: lines the dump does not hold"
    lost = {line: n for line, n in (dump - model).items() if line not in LABELS}
    assert not lost, f"{variant.detail}: lines lost"
    markdown = "\n".join(article_pages(article).values())
    missing = [line for line in model if not _in_markdown(line, markdown)]
    assert not missing, f"{variant.detail}: not in the Markdown"


def _in_markdown(line: str, markdown: str) -> bool:
    # The edges of a line may be written as character references; its middle is verbatim.
    escaped = escape_inline(line)
    core = escaped[escaped.find(";") + 1 :] if escaped.startswith("&#") else escaped
    core = core[: core.find("&#")] if "&#" in core else core
    return core in markdown


def assert_headings_were_headings(variant: Variant, article: Article) -> None:
    want = expected(variant.fixture)
    headings = {*want["headings_ja"], *want["headings_en"]}
    found = [h.text for body in (article.ja, article.en) if body is not None for h in body.headings]
    assert set(found) <= headings, f"{variant.detail}: headings that were not headings"


# --- the whole fixture, and where its parts begin ------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Landmarks:
    article: Article
    body: int
    """Line where the Japanese body begins."""
    original: int | None
    """Line of 原文を表示."""
    last: int
    """Last line that is not blank or site chrome."""


@cache
def landmarks(path: Path) -> Landmarks:
    article = read(Variant("whole", path, tuple(fixture_lines(path)), "whole"))
    assert isinstance(article, Article)
    lines = {f.part: f.line for f in article.found}
    stripped = [line.strip() for line in fixture_lines(path)]
    last = max(i + 1 for i, line in enumerate(stripped) if line and line not in labels.SITE_CHROME)
    body = lines["Japanese body"]
    assert body is not None
    return Landmarks(article, body, lines.get("original"), last)


# --- the classes of variant ------------------------------------------------------------------------


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_cut_after_every_line(path: Path) -> None:
    marks = landmarks(path)
    for cut in cuts(path):
        k = len(cut.lines)
        variant = dataclasses.replace(cut, kind=f"cut {region(marks, k)}")
        got = check(variant)
        if k >= marks.last:
            assert got == marks.article, variant.detail
        elif k < marks.body:
            assert isinstance(got, DumpError) or got.problems, variant.detail
        elif marks.original is not None and k == marks.original:
            assert isinstance(got, Article) and "原文を表示" in " ".join(got.problems), variant.detail
        elif marks.original is not None and k > marks.original:
            assert isinstance(got, Article), variant.detail
            if marks.article.aligned:
                assert got.problems or got.truncated or not got.aligned, variant.detail
            elif 2 * (k - marks.original) < marks.original - marks.body:
                # Not aligned anyway: only an original too short to be a translation says it is cut.
                assert got.problems or got.truncated, variant.detail


def region(marks: Landmarks, k: int) -> str:
    """Where a dump cut after line k ends, in the whole dump's terms."""
    if k >= marks.last:
        return "(after the last line: only chrome or blank lines lost)"
    if k < marks.body:
        return "(before the Japanese body: header, key points or analysis box)"
    if marks.original is None:
        return "(inside the body of an article written in Japanese)"
    if k < marks.original:
        return "(inside the Japanese body, before 原文を表示)"
    return "(at 原文を表示)" if k == marks.original else "(inside the English original)"


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_label_doubled_or_missing(path: Path) -> None:
    for variant in itertools.chain(labels_doubled(path), labels_missing(path)):
        check(variant)


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
def test_toc_entry_dropped_keeps_every_heading_and_paragraph(path: Path) -> None:
    whole = landmarks(path).article
    for variant in toc_entries_dropped(path):
        got = check(variant)
        assert isinstance(got, Article), variant.detail
        assert got.key_points == whole.key_points and got.impact == whole.impact, variant.detail
        assert len([w for w in got.warnings if "tables of contents disagree" in w]) == 1, variant.detail
        dropped = variant.fixture_line.strip()
        if labels.TOC_JA in variant.kind:  # the English table still names every heading
            assert got.ja.blocks == whole.ja.blocks and got.en == whole.en, variant.detail
            assert got.aligned == whole.aligned, variant.detail
        elif not dropped.endswith("?"):  # its heading, unlike the entries, does not end with a mark
            assert got.en is not None and whole.en is not None
            assert got.ja.blocks == whole.ja.blocks and got.en.blocks == whole.en.blocks, variant.detail
        else:  # a question is a heading only by its entry: without it, a paragraph on both sides alike
            assert [b.text for b in got.ja.blocks] == [b.text for b in whole.ja.blocks], variant.detail


@pytest.mark.parametrize("path", TEXT_FIXTURES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    ("crlf", "bom", "cp932"),
    [c for c in itertools.product((False, True), repeat=3) if not (c[1] and c[2])],  # a BOM is UTF-8's
)
def test_saved_with_crlf_bom_or_cp932_reads_the_same(path: Path, crlf: bool, bom: bool, cp932: bool) -> None:
    variant = Variant("CRLF/BOM/cp932", path, tuple(fixture_lines(path)), f"crlf={crlf} bom={bom} cp932={cp932}")
    data = encoded(variant.text, crlf=crlf, bom=bom, cp932=cp932)
    if data is None:
        pytest.skip("the fixture holds characters cp932 cannot encode")
    assert check(variant, data) == landmarks(path).article


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEXT_FIXTURES), st.data())
def test_blank_lines_inserted(path: Path, data: st.DataObject) -> None:
    lines = fixture_lines(path)
    at = sorted(data.draw(st.lists(st.integers(1, len(lines)), min_size=1, max_size=6)))
    for offset, i in enumerate(at):
        lines.insert(i + offset, "")
    check(Variant("blank lines inserted", path, tuple(lines), f"blank lines at {at}"))


def _derived(path: Path) -> list[Variant]:
    return [*cuts(path), *labels_doubled(path), *labels_missing(path), *toc_entries_dropped(path)]


ALL_DERIVED = [v for path in TEXT_FIXTURES for v in _derived(path)]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(ALL_DERIVED),
    st.lists(st.integers(0, 400), max_size=3),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_combined(base: Variant, blanks: list[int], crlf: bool, bom: bool, cp932: bool) -> None:
    """A derived variant with blank lines and a re-encoding on top."""
    lines = list(base.lines)
    for i in sorted(blanks, reverse=True):
        lines.insert(min(max(i, 1), len(lines)), "")
    variant = Variant(f"combined ({base.kind.split(' (')[0]} + blanks/encoding)", base.fixture, tuple(lines), base.detail)
    check(variant, encoded(variant.text, crlf=crlf, bom=bom and not cp932, cp932=cp932))


HTML_FIXTURES = sorted(FIXTURES_DIR.glob("*.html"))


@pytest.mark.parametrize("path", HTML_FIXTURES, ids=lambda p: p.name)
def test_a_saved_page_cut_after_any_line_is_read_or_named(tmp_path: Path, path: Path) -> None:
    """Saved pages are not cut-checked like text dumps (the parser closes what the cut left open):
    they are read or refused by name, and what is read holds only the page's own text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    whole = html_reader.read(path)
    whole_text = {b.text for body in (whole.ja, whole.en) if body for b in body.blocks if isinstance(b, Paragraph)}
    dump = tmp_path / path.name
    for k in range(1, len(lines) + 1):
        dump.write_text("\n".join(lines[:k]), encoding="utf-8")
        try:
            got = html_reader.read(dump)
        except DumpError as err:
            assert err.path == str(dump)
            TALLY["saved page (.html) cut", "not read: one WARNING (DumpError)"] += 1
            continue
        TALLY["saved page (.html) cut", reported(got)] += 1
        for body in (got.ja, got.en):
            for block in body.blocks if body else ():
                if isinstance(block, Paragraph):
                    # A paragraph is whole or the start of one of the page's paragraphs.
                    assert any(text.startswith(block.text) for text in whole_text), (k, block.text)
