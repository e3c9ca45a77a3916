"""Written Markdown, rendered by the site's own extension set, gives back the model's text.

The extension list is read from mkdocs.yml, so a change there is tested here. Pages are checked
part by part (title, lede, key points, boxes, TOC, body line by line) and, as a whole, for
having no element the writers did not mean to write: text that turned into markup shows up
as an unexpected tag, or as a text mismatch.
"""

from __future__ import annotations

import datetime
import string
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import HTMLParserTreeBuilder
from conftest import FIXTURES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from taiyaku.anchors import make_anchor
from taiyaku.model import (
    Article,
    Block,
    Body,
    Figure,
    Heading,
    KeyPoint,
    ListBlock,
    Metadata,
    Paragraph,
    Quote,
    Span,
    TocEntry,
)
from taiyaku.writers import en_page, ja_page
from taiyaku.writers.blocks import first_paragraph, shorten
from taiyaku.writers.escape import escape_inline, spans_to_markdown

ROOT = Path(__file__).resolve().parents[1]
DUMPS = FIXTURES_DIR

# Every tag the writers mean to produce; anything else in the HTML is text that became markup.
WRITTEN_TAGS = {
    "h1", "h2", "p", "div", "nav", "details", "summary", "ul", "ol", "li", "blockquote",
    "strong", "em", "code", "a", "time", "span",
}  # fmt: skip

# The strings the brief and the fixtures name as traps, each a Markdown, HTML or template construct.
TRAPS = [
    "*71.4*", "__init__.py", "snake_case_name", "`max_tokens`", "# heading", "1. item", "- item",
    "+ item", "> quote", "<think>", "</think>", "</div>", "<div markdown>", "pass | fail | timeout",
    "{{ task_description }}", "{% block x %}", '--8<-- "file"', "!!! note", '??? tip "t"', "???+ x",
    "[brackets](not a link)", "![img](x.png)", "C:\\Users\\test\\output.txt", "&amp;", "&lt;", "&#32;",
    "https://example.org/path?q=1&x=2", "🚀", "\u3000", "---", "===", "***", "    code", "\tcode",
    "<!-- x -->", "<!--", "{: .cls }", "{#id}", "{lang=ja}", ":smile:", "~~x~~", "==x==", "^^x^^",
    "line  ", "\\", "\\\n", "```", "~~~", "<https://x.org>", "<a@b.c>", "[x]: http://y", "\x02", "\x03",
    "\x02wzxhzdk:0\x03", "\n", "\r\n", "\n\n", " ", "\u2028", "\xa0", "*", "_", "<", "&", "\"", "'",
]  # fmt: skip


# -- rendering ------------------------------------------------------------------------------------


class _TrustedConfigLoader(yaml.UnsafeLoader):
    """For our own mkdocs.yml only: builds its `!!python/object/apply:` slugify; MkDocs' own tags
    (`!ENV`, `!relative`) do not matter to Markdown and load as None."""


_TrustedConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _site_extensions() -> tuple[list[str], dict[str, dict]]:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TrustedConfigLoader)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        configs[name] = options or {}
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _site_extensions()


def render_markdown(source: str) -> BeautifulSoup:
    html = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(source)
    # bs4 turns a text node of only ASCII whitespace into one " " or "\n" outside "whitespace
    # tags"; a browser keeps it, and so must the comparison of exact text.
    builder = HTMLParserTreeBuilder(preserve_whitespace_tags=WRITTEN_TAGS)
    return BeautifulSoup(html, builder=builder)


def render_page(page: str) -> tuple[BeautifulSoup, dict]:
    """The page as MkDocs sees it: front matter split off by MkDocs' own function."""
    source, meta = get_data(page)
    return render_markdown(source), meta


def text(element: Tag) -> str:
    """Visible text, without the toc extension's permalink sign and without comments."""
    parts = []
    for node in element.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            if not any("headerlink" in (p.get("class") or []) for p in node.parents if isinstance(p, Tag)):
                parts.append(str(node))
    return "".join(parts)


def rendered_lines(container: Tag) -> list[str]:
    """A body container's text, one entry per heading, paragraph, quote paragraph or list item."""
    lines = []
    for child in container.find_all(recursive=False):
        if child.name == "nav":
            continue
        if child.name in ("blockquote",):
            lines += [text(p) for p in child.find_all("p", recursive=False)]
        elif child.name in ("ul", "ol"):
            lines += [text(li) for li in child.find_all("li", recursive=False)]
        else:
            lines.append(text(child))
    return [line for line in lines if line]


def model_lines(body: Body) -> list[str]:
    lines: list[str] = []
    for block in body.blocks:
        if isinstance(block, Heading):
            lines.append(block.text)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Quote):
            lines += [p.text for p in block.paragraphs]
        elif isinstance(block, ListBlock):
            lines += [p.text for p in block.items]
        elif isinstance(block, Figure):
            lines.append(block.caption)
    return [line for line in lines if line]


# -- what a page must show ----------------------------------------------------------------------


def check_common(soup: BeautifulSoup) -> None:
    unexpected = {t.name for t in soup.find_all(True)} - WRITTEN_TAGS
    assert not unexpected, f"text became markup: {unexpected}"
    ids = {t["id"] for t in soup.find_all(id=True)}
    assert len(ids) == len(soup.find_all(id=True)), "duplicate ids"
    for a in soup.select('a[href^="#"]'):
        assert unquote(a["href"][1:]) in ids, f"TOC link {a['href']} goes nowhere"
    for box in soup.find_all("details"):
        assert not box.has_attr("open"), "boxes are closed until opened"


def check_toc(soup: BeautifulSoup, body: Body) -> None:
    nav = soup.select_one("div.tk-body nav.tk-toc")
    if body.toc is None:
        assert nav is None
        return
    assert nav is not None
    items = nav.find_all("li")
    assert [text(li) for li in items] == [e.text for e in body.toc]
    present = {h.anchor for h in body.headings}
    for entry, li in zip(body.toc, items):
        a = li.find("a")
        assert (a is not None) == (entry.anchor in present)
        if a is not None:
            assert unquote(a["href"]) == f"#{entry.anchor}"


def model_tags(body: Body) -> list[str]:
    """The element each block must become; blocks with no text at all show nothing."""
    tags = []
    for block in body.blocks:
        if isinstance(block, Heading):
            tags.append("h2")
        elif isinstance(block, ListBlock) and block.items:
            tags.append("ol" if block.ordered else "ul")
        elif isinstance(block, Quote) and block.paragraphs:
            tags.append("blockquote")
        elif isinstance(block, (Paragraph, Figure)) and (block.text if isinstance(block, Paragraph) else block.caption):
            tags.append("p")
    return tags


def check_body(soup: BeautifulSoup, body: Body, aligned: bool) -> None:
    container = soup.select_one("div.tk-body")
    assert container is not None
    # A line-aligned article's paragraph k has the same id on both pages; nothing else has one.
    expected = [
        f"tk-p{k}" if aligned and isinstance(block, Paragraph) else None
        for k, block in enumerate(body.blocks)
        if isinstance(block, (Paragraph, Figure)) and (block.text if isinstance(block, Paragraph) else block.caption)
    ]
    assert [p.get("id") for p in container.find_all("p", recursive=False)] == expected
    assert rendered_lines(container) == model_lines(body)
    # Lines alone would not see two lists or two quotes run together into one.
    assert [c.name for c in container.find_all(recursive=False) if c.name != "nav"] == model_tags(body)
    headings = container.find_all("h2", recursive=False)
    assert [h["id"] for h in headings] == [h.anchor for h in body.headings]
    check_toc(soup, body)


def check_key_points(container: Tag, points: tuple[KeyPoint, ...]) -> None:
    items = container.find("ol").find_all("li", recursive=False) if points else []
    assert len(items) == len(points)
    for point, li in zip(points, items):
        title = li.find("strong")
        assert (text(title) if title else "") == point.title
        bodies = [text(p) for p in li.find_all("p", recursive=False) if p.find("strong") is None]
        assert bodies == ([point.body] if point.body else [])


def check_commentary(box: Tag, article: Article) -> None:
    paragraphs = [text(p) for p in box.find_all("p", recursive=False)]
    expected = []
    for label, value in (("影響分析", article.impact), ("編集コメント", article.editorial)):
        if value is not None:
            expected += [label] + ([value] if value else [])
    assert paragraphs[len(paragraphs) - len(expected) :] == expected


def check_ja(article: Article, en_url: str | None = "../en/x/") -> None:
    soup, meta = render_page(ja_page(article, en_url=en_url))
    check_common(soup)
    assert meta["lang"] == "ja" and meta["title"] == article.title_ja
    assert meta["description"] == shorten(article.lede)
    assert text(soup.h1) == article.title_ja
    lede = soup.select_one("p.tk-lede")
    assert (text(lede) if lede else "") == article.lede
    points = soup.select_one("div.tk-keypoints")
    assert (points is not None) == bool(article.key_points)
    if points is not None:
        check_key_points(points, article.key_points)
    box = soup.select_one("details.tk-analysis")
    assert (box is not None) == (article.impact is not None or article.editorial is not None)
    if box is not None:
        assert text(box.summary) == "影響分析・編集コメントを表示"
        check_commentary(box, article)
    assert (soup.select_one(".tk-excerpt") is not None) == article.truncated
    check_body(soup, article.ja, article.aligned and article.en is not None)
    other = soup.select('a[hreflang="en"]')
    assert [a["href"] for a in other] == ([en_url] if en_url else [])


def check_en(article: Article, ja_url: str | None = "../../x/") -> None:
    page = en_page(article, ja_url=ja_url)
    if article.en is None:
        assert page is None
        return
    assert page is not None
    soup, meta = render_page(page)
    check_common(soup)
    assert meta["lang"] == "en" and meta["title"] == (article.title_en or article.title_ja)
    assert meta["description"] == shorten(first_paragraph(article.en))
    if article.title_en:
        assert text(soup.h1) == article.title_en and not soup.h1.has_attr("lang")
    else:
        assert text(soup.h1) == article.title_ja and soup.h1["lang"] == "ja"
    assert (soup.select_one(".tk-excerpt") is not None) == article.truncated
    check_body(soup, article.en, article.aligned)
    edition = soup.select_one("div.tk-ja-edition")
    has_edition = bool(article.key_points) or article.impact is not None or article.editorial is not None
    assert (edition is not None) == has_edition
    if edition is not None:
        assert edition["lang"] == "ja"
        box = edition.find("details")
        assert box.summary.span["lang"] == "en"
        check_key_points(box, article.key_points)
        check_commentary(box, article)
    other = soup.select('a[hreflang="ja"]')
    assert [a["href"] for a in other] == ([ja_url] if ja_url else [])


# -- hand-made articles ---------------------------------------------------------------------------


def body_of(*lines: str | Block, toc: tuple[str, ...] | None = None, toc_position: int = 0) -> Body:
    """A body from plain lines (`## x` lines become headings) or ready blocks."""
    taken: set[str] = set()
    blocks: list[Block] = []
    for line in lines:
        if isinstance(line, str) and line.startswith("## "):
            blocks.append(Heading(line[3:], make_anchor(line[3:], taken)))
        elif isinstance(line, str):
            blocks.append(Paragraph((Span(line),)))
        else:
            blocks.append(line)
    anchors = {h.text.rstrip("."): h.anchor for h in blocks if isinstance(h, Heading)}
    entries = tuple(TocEntry(t, anchors.get(t.rstrip("."))) for t in toc) if toc is not None else None
    return Body(tuple(blocks), entries, toc_position)


def article(**changes: object) -> Article:
    fields: dict[str, object] = dict(
        path="hand.txt",
        slug="hand",
        title_ja="見出し *71.4* <think>",
        title_en="Title with __init__.py & <b>",
        lede="リード &amp; {{ x }}",
        key_points=(KeyPoint("<think> ブロック", "[brackets](not a link) と `max_tokens`"),),
        impact="影響 *71.4*",
        editorial="コメント </div>",
        ja=body_of("段落です。", "## 節 *一*", "1. 一つ目", toc=("節 *一*。", "ない節。"), toc_position=1),
        en=body_of("A paragraph.", "## Section *one*", "- a dash", toc=("Section *one*.", "Missing."), toc_position=1),
        aligned=True,
        truncated=True,
        metadata=Metadata(
            source="https://example.com/a(b)?q=1&x=2",
            author="Dana Okafor",
            published=datetime.date(2026, 11, 12),
            tags=("benchmarks",),
        ),
    )
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


TRAP_BODY = body_of(*TRAPS, Quote(tuple(Paragraph((Span(t),)) for t in TRAPS[:12])), ListBlock(tuple(Paragraph((Span(t),)) for t in TRAPS)))

HAND_MADE = {
    "full": article(),
    "traps everywhere": article(
        title_ja=" ".join(TRAPS[:20]),
        title_en=" ".join(TRAPS[20:40]),
        lede="".join(TRAPS),
        key_points=tuple(KeyPoint(t, t) for t in TRAPS),
        impact="".join(TRAPS),
        editorial="\n".join(TRAPS),
        ja=TRAP_BODY,
        en=TRAP_BODY,
    ),
    "no English title": article(title_en=None),
    "written in Japanese": article(en=None, title_en=None, aligned=False),
    "no commentary, complete": article(impact=None, editorial=None, truncated=False),
    "no key points, no box": article(key_points=(), impact=None, editorial=None),
    "impact only": article(editorial=None),
    "no metadata": article(metadata=Metadata()),
    "title like a heading": article(title_ja="節 *一*", title_en="Section *one*"),
    "lists and quotes side by side": article(
        ja=body_of(
            ListBlock((Paragraph((Span("a"),)),)),
            ListBlock((Paragraph((Span("b"),)),), ordered=True),
            ListBlock((Paragraph((Span("c"),)),)),
            Quote((Paragraph((Span("q1"),)),)),
            Quote((Paragraph((Span("q2"),)), Paragraph((Span("q3"),)))),
            Figure("図 1: *caption*"),
            Figure(""),
            ListBlock((Paragraph(()), Paragraph((Span("   "),)))),
        ),
    ),
    "spans": article(
        ja=body_of(
            Paragraph(
                (
                    Span("plain "),
                    Span(" em ", "em"),
                    Span("strong", "strong"),
                    Span("`code` <b>", "code"),
                    Span("link ", href="https://example.com/a b(c)?q=1&x=2&amp;"),
                    Span("*in*", "em", href="https://example.com/a b(c)?q=1&x=2&amp;"),
                    Span(" mail", href="mailto:a@b.c"),
                    Span(" js", href="javascript:alert(1)"),
                )
            ),
        ),
    ),
}


@pytest.mark.parametrize("name", HAND_MADE)
def test_hand_made_japanese_page(name: str) -> None:
    check_ja(HAND_MADE[name])


@pytest.mark.parametrize("name", HAND_MADE)
def test_hand_made_english_page(name: str) -> None:
    check_en(HAND_MADE[name])


@pytest.mark.parametrize("name", ["full", "no English title"])
def test_pages_without_links_to_the_other_language(name: str) -> None:
    check_ja(HAND_MADE[name], en_url=None)
    check_en(HAND_MADE[name], ja_url=None)


def test_spans_keep_style_and_links() -> None:
    paragraph = HAND_MADE["spans"].ja.blocks[0]
    assert isinstance(paragraph, Paragraph)
    soup = render_markdown(spans_to_markdown(paragraph.spans))
    assert text(soup.p) == paragraph.text
    assert [text(e) for e in soup.find_all("em")] == [" em ", "*in*"]
    assert text(soup.strong) == "strong" and text(soup.code) == "`code` <b>"
    links = soup.find_all("a")
    assert [text(a) for a in links] == ["link *in*", " mail"]
    assert unquote(links[0]["href"]) == "https://example.com/a b(c)?q=1&x=2&amp;"
    assert links[1]["href"] == "mailto:a@b.c"


def test_english_page_with_japanese_title_marks_it_japanese() -> None:
    soup, meta = render_page(en_page(HAND_MADE["no English title"]) or "")
    assert soup.h1["lang"] == "ja" and text(soup.h1) == HAND_MADE["no English title"].title_ja
    assert meta["title"] == HAND_MADE["no English title"].title_ja


def test_no_think_element_anywhere() -> None:
    for page in (ja_page(HAND_MADE["traps everywhere"]), en_page(HAND_MADE["traps everywhere"]) or ""):
        soup, _ = render_page(page)
        assert soup.find("think") is None and soup.find("b") is None
        assert "<think>" in soup.get_text()


# -- every fixture dump, through the real readers -------------------------------------------------


def _fixture_dumps() -> list[Path]:
    return sorted(p for p in DUMPS.iterdir() if p.suffix in (".txt", ".html")) if DUMPS.is_dir() else []


def _read(path: Path) -> Article:
    try:
        from taiyaku.readers import read
    except ModuleNotFoundError as err:
        # Only a reader module that is not written yet is a reason to skip, and -ra says so.
        if not (err.name or "").startswith("taiyaku.readers"):
            raise
        pytest.skip(f"reader not available yet: {err}")
    return read(path)


def test_fixture_dumps_are_there() -> None:
    assert _fixture_dumps(), f"no fixture dumps in {DUMPS}"


@pytest.mark.parametrize("path", _fixture_dumps(), ids=lambda p: p.name)
def test_fixture_pages_render_the_model(path: Path) -> None:
    read = _read(path)
    check_ja(read)
    check_en(read)


# -- any text ---------------------------------------------------------------------------------------

# Printable text, ASCII punctuation and the traps in generous measure. Surrogates cannot be
# written as UTF-8, and control characters are tested by the traps (\x02, \x03, \n, \r).
_CHARS = st.characters(exclude_categories=("Cs", "Cc"))
_PIECES = st.one_of(st.text(_CHARS, max_size=6), st.text(string.punctuation + " \u3000", max_size=6), st.sampled_from(TRAPS))
TEXTS = st.lists(_PIECES, max_size=6).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_any_text_as_a_paragraph_renders_as_itself(value: str) -> None:
    soup = render_markdown(escape_inline(value))
    assert text(soup) == value
    assert {t.name for t in soup.find_all(True)} <= {"p"}


HREFS = ["https://example.com/a b(c)?q=1&x=2&amp;", "mailto:a@b.c", "http://x.org/<y>`\\", "javascript:x()"]
SPANS = st.builds(Span, TEXTS, st.sampled_from(["", "em", "strong", "code"]), st.none() | st.sampled_from(HREFS))


@settings(max_examples=200, deadline=None)
@given(st.lists(SPANS, max_size=5))
def test_any_spans_render_as_their_text(spans: list[Span]) -> None:
    soup = render_markdown(spans_to_markdown(spans))
    assert text(soup) == "".join(s.text for s in spans)
    assert {t.name for t in soup.find_all(True)} <= {"p", "em", "strong", "code", "a"}
    linked = {s.href for s in spans if s.text and s.href and not s.href.startswith("javascript:")}
    assert {unquote(a["href"]) for a in soup.find_all("a")} == linked


def _bodies() -> st.SearchStrategy[Body]:
    paragraph = st.lists(SPANS, max_size=4).map(lambda spans: Paragraph(tuple(spans)))
    block = st.one_of(
        paragraph,
        TEXTS.map(lambda t: ("heading", t)),
        st.lists(paragraph, min_size=1, max_size=3).map(lambda ps: Quote(tuple(ps))),
        st.tuples(st.lists(paragraph, min_size=1, max_size=3), st.booleans()).map(lambda x: ListBlock(tuple(x[0]), x[1])),
        TEXTS.map(Figure),
    )

    def build(items: list, toc: list[str] | None, position: int) -> Body:
        taken: set[str] = set()
        blocks = [Heading(b[1], make_anchor(b[1], taken)) if isinstance(b, tuple) else b for b in items]
        headings = [b for b in blocks if isinstance(b, Heading)]
        entries = None
        if toc is not None:
            entries = tuple(TocEntry(t, headings[i].anchor if i < len(headings) else None) for i, t in enumerate(toc))
        return Body(tuple(blocks), entries, position)

    return st.builds(build, st.lists(block, max_size=6), st.none() | st.lists(TEXTS, max_size=4), st.integers(0, 7))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    title=TEXTS,
    title_en=st.none() | TEXTS,
    lede=TEXTS,
    points=st.lists(st.builds(KeyPoint, TEXTS, TEXTS), max_size=3),
    impact=st.none() | TEXTS,
    editorial=st.none() | TEXTS,
    ja=_bodies(),
    en=st.none() | _bodies(),
    truncated=st.booleans(),
    author=st.none() | TEXTS,
    aligned=st.booleans(),
)
def test_any_article_renders_as_its_model(
    title: str, title_en: str | None, lede: str, points: list[KeyPoint], impact: str | None,
    editorial: str | None, ja: Body, en: Body | None, truncated: bool, author: str | None, aligned: bool,
) -> None:  # fmt: skip
    generated = article(
        title_ja=title, title_en=title_en, lede=lede, key_points=tuple(points), impact=impact,
        editorial=editorial, ja=ja, en=en, truncated=truncated, aligned=aligned and en is not None,
        metadata=Metadata(source="https://example.com/?a=1&b=2", author=author),
    )  # fmt: skip
    check_ja(generated)
    check_en(generated)
