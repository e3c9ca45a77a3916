"""The HTML reader: saved pages give their expected.json; hostile pages give a safe model."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import nh3
import pytest

from conftest import FIXTURES_DIR
from taiyaku.errors import DumpError
from taiyaku.model import Article, Body, Figure, Heading, ListBlock, Paragraph, Quote, Span
from taiyaku.readers import html as html_reader

# The repository is checked out with shared/ beside it, here and in CI.
DUMPS = FIXTURES_DIR  # ../shared/fixtures/dumps, or $TAIYAKU_FIXTURES (conftest)
HTML_DUMPS = sorted(DUMPS.glob("*.html"))


# --- helpers -------------------------------------------------------------------------------------


def summary(article: Article) -> dict[str, object]:
    """The article in the terms of a fixture's expected.json."""
    return {
        "title_ja": article.title_ja,
        "title_en": article.title_en,
        "lede": article.lede,
        "key_points": [[p.title, p.body] for p in article.key_points],
        "impact": article.impact,
        "editorial": article.editorial,
        "ja_body_paragraphs": article.ja.paragraph_count,
        "en_body_paragraphs": article.en.paragraph_count if article.en else None,
        "toc_ja": toc(article.ja),
        "toc_en": toc(article.en),
        "headings_ja": [h.text for h in article.ja.headings],
        "headings_en": [h.text for h in article.en.headings] if article.en else [],
        "truncated": article.truncated,
        "has_original": article.has_original,
        "metadata": article.metadata.front_matter,
    }


def toc(body: Body | None) -> list[str] | None:
    return None if body is None or body.toc is None else [entry.text for entry in body.toc]


def paragraphs(body: Body) -> Iterator[Paragraph]:
    for block in body.blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Quote):
            yield from block.paragraphs
        elif isinstance(block, ListBlock):
            yield from block.items


def spans(article: Article) -> list[Span]:
    bodies = [article.ja] + ([article.en] if article.en else [])
    return [span for body in bodies for p in paragraphs(body) for span in p.spans]


def everything(article: Article) -> str:
    """Every string in the model, path excepted, for "X is nowhere" checks."""
    return repr(article).replace(repr(article.path), "")


def page(body: str, *, original: str | None = None, article_extra: str = "", head: str = "") -> str:
    """A minimal saved page in the fixture's structure around the given Japanese body."""
    details = (
        f'<details class="original"><summary>原文を表示</summary>'
        f'<div class="original-body" lang="en">{original}</div></details>'
        if original is not None
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">{head}</head><body>'
        f"<main><article><h1>見出し</h1><p class=\"lede\">リード文。</p>{article_extra}"
        f'<div class="translation" lang="ja">{body}</div>{details}</article></main></body></html>'
    )


Writer = Callable[[str | bytes], Path]


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """Writes a page (str as UTF-8) to a file and returns its path."""

    def write(content: str | bytes) -> Path:
        path = tmp_path / "page.html"
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


# --- the fixtures --------------------------------------------------------------------------------


@pytest.mark.parametrize("dump", HTML_DUMPS, ids=lambda p: p.name)
def test_fixture_gives_expected_json(dump: Path) -> None:
    expected_file = dump.with_name(dump.name + ".expected.json")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    got = summary(html_reader.read(dump))
    assert got == {key: expected[key] for key in got}


def test_fixture_html_exists() -> None:
    # Guards the parametrized test above against silently collecting nothing.
    assert DUMPS / "2026-11-18-coding-tools.html" in HTML_DUMPS


@pytest.fixture(scope="module")
def coding_tools() -> Article:
    return html_reader.read(DUMPS / "2026-11-18-coding-tools.html")


def test_fixture_keeps_inline_emphasis_and_links(coding_tools: Article) -> None:
    survey = "https://stackline-research.example/reports/2026-developer-ai-survey"
    assert coding_tools.en is not None
    ja = [s for p in paragraphs(coding_tools.ja) for s in p.spans]
    en = [s for p in paragraphs(coding_tools.en) for s in p.spans]
    assert Span("78%", "strong") in ja
    assert Span("間違っている", "em") in ja
    assert Span("ずっと", "em") in ja
    assert Span("同社の研究サイト", href=survey) in ja
    assert Span("78 percent", "strong") in en
    assert Span("wrong", "em") in en
    assert Span("research site", href=survey) in en


def test_fixture_block_structure(coding_tools: Article) -> None:
    kinds = [type(b).__name__ for b in coding_tools.ja.blocks]
    assert kinds == [
        "Paragraph", "Paragraph", "Heading", "Paragraph", "Quote", "Paragraph", "Heading",
        "Paragraph", "ListBlock", "Figure", "Paragraph", "Heading", "Paragraph", "Paragraph",
    ]
    assert coding_tools.aligned
    assert coding_tools.warnings == ()
    assert coding_tools.slug == "2026-11-18-coding-tools"
    assert coding_tools.en is not None
    figure = coding_tools.en.blocks[9]
    assert figure == Figure(
        "Chart: share of developers using AI coding tools at least weekly, 2024-2026"
    )
    assert [h.anchor for h in coding_tools.en.headings] == [
        "adoption-is-nearly-universal", "trust-has-not-kept-up", "review-is-the-new-bottleneck",
    ]


@pytest.mark.parametrize(
    "chrome",
    [
        "スポンサー", "DevHarbor", "広告",  # the ads, one of them inside the body
        "関連記事", "今日のまとめ", "エージェント評価",  # the aside
        "AI日報について", "お問い合わせ", "2026 AI日報",  # the footer
        "Cookie", "同意する", "記事を検索", "トップ",  # banner, form, nav
        "dataLayer", "analytics", "/images/", ".png", "/privacy",  # scripts, image and site URLs
    ],
)
def test_fixture_chrome_is_nowhere_in_the_model(coding_tools: Article, chrome: str) -> None:
    assert chrome not in everything(coding_tools)


# --- a hostile page ------------------------------------------------------------------------------

HOSTILE_BODY = """
<script>alert('SCRIPT_TEXT')</script>
<style>p { background: url(STYLE_TEXT) }</style>
<p onclick="alert('ONCLICK_TEXT')">本文<img src="x" onerror="alert('ONERROR_TEXT')">です。</p>
<p>
  <a href="javascript:alert(1)">l1</a>
  <a href="JaVaScRiPt:alert(1)">l2</a>
  <a href="jav&#x61;script:alert(1)">l3</a>
  <a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">l4</a>
  <a href="  javascript:alert(1)">l5</a>
  <a href="&#x01;javascript:alert(1)">l6</a>
  <a href="java&#x09;script:alert(1)">l7</a>
  <a href="java
script:alert(1)">l8</a>
  <a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">l9</a>
  <a href="DATA:text/html,x">l10</a>
  <a href="vbscript:msgbox(1)">l11</a>
  <a href="javascript&colon;alert(1)">l12</a>
  <a href="/privacy">l13</a>
  <a href="//evil.example/">l14</a>
  <a href="https://ok.example/?a=1&b=2" onmouseover="alert('HOVER_TEXT')">安全なリンク</a>
  <a href="mailto:desk@ok.example">l15</a>
</p>
<iframe src="https://evil.example/">IFRAME_TEXT</iframe>
<object data="x.swf">OBJECT_TEXT</object>
<embed src="x.swf">
<form action="https://evil.example/"><p>FORM_TEXT</p>
  <input value="INPUT_TEXT"><button>BUTTON_TEXT</button></form>
<noscript>NOSCRIPT_TEXT</noscript>
<template><p>TEMPLATE_TEXT</p></template>
<svg><script>SVG_SCRIPT_TEXT</script><text>SVG_TEXT</text></svg>
<div class="ad-inline">AD_TEXT</div>
<p class="sponsored ad">AD_P_TEXT</p>
<aside>ASIDE_TEXT</aside>
<footer>FOOTER_TEXT</footer>
<!-- COMMENT_TEXT -->
<figure><img src="javascript:alert(1)" alt="図の説明"></figure>
<p>終わり。</p>
"""

DROPPED_MARKERS = [
    "SCRIPT_TEXT", "STYLE_TEXT", "ONCLICK_TEXT", "ONERROR_TEXT", "HOVER_TEXT", "IFRAME_TEXT",
    "OBJECT_TEXT", "FORM_TEXT", "INPUT_TEXT", "BUTTON_TEXT", "NOSCRIPT_TEXT", "TEMPLATE_TEXT",
    "SVG_SCRIPT_TEXT", "SVG_TEXT", "AD_TEXT", "AD_P_TEXT", "ASIDE_TEXT", "FOOTER_TEXT",
    "COMMENT_TEXT", "alert", "javascript", "evil.example", "base64",
]


@pytest.fixture
def hostile(write: Writer) -> Article:
    lede_attack = '<script>alert("LEDE_SCRIPT")</script>'
    html = page(HOSTILE_BODY, original=HOSTILE_BODY, article_extra=lede_attack)
    return html_reader.read(write(html))


@pytest.mark.parametrize("marker", DROPPED_MARKERS + ["LEDE_SCRIPT"])
def test_hostile_page_leaks_nothing(hostile: Article, marker: str) -> None:
    assert marker.lower() not in everything(hostile).lower()


def test_hostile_page_links_are_http_https_or_mailto_only(hostile: Article) -> None:
    hrefs = {s.href for s in spans(hostile) if s.href is not None}
    assert hrefs == {"https://ok.example/?a=1&b=2", "mailto:desk@ok.example"}


def test_hostile_page_keeps_the_safe_link_and_the_text_of_dropped_ones(hostile: Article) -> None:
    assert Span("安全なリンク", href="https://ok.example/?a=1&b=2") in spans(hostile)
    texts = " ".join(p.text for p in paragraphs(hostile.ja))
    for n in range(1, 16):
        assert f"l{n}" in texts
    assert "本文です。" in texts


def test_hostile_page_keeps_image_alt_not_url(hostile: Article) -> None:
    assert Figure("図の説明") in hostile.ja.blocks


def test_links_and_chrome_stay_out_even_without_nh3(
    write: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each layer holds on its own: with the sanitizer a no-op, bs4's removal and the reader's
    # own scheme check still keep the model clean.
    monkeypatch.setattr(nh3, "clean", lambda html, **options: html)
    article = html_reader.read(write(page(HOSTILE_BODY, original=HOSTILE_BODY)))
    hrefs = {s.href for s in spans(article) if s.href is not None}
    assert hrefs == {"https://ok.example/?a=1&b=2", "mailto:desk@ok.example"}
    for marker in DROPPED_MARKERS:
        assert marker.lower() not in everything(article).lower()


# --- body mapping details ------------------------------------------------------------------------


def test_blocks_are_mapped_and_unknown_tags_reduced_to_text(write: Writer) -> None:
    body = """
    <h2>節</h2><h3>節</h3>
    <p>a <b>bold</b> <i>it</i> <code>x = 1</code> <mark>marked</mark> <u>under</u></p>
    <ol><li>one<ul><li>nested</li></ul></li><li>two</li></ol>
    <blockquote>quoted text<p>second</p></blockquote>
    <table><tr><td>cell</td></tr></table>
    <section><p>inside a section</p></section>
    """
    article = html_reader.read(write(page(body)))
    blocks = article.ja.blocks
    assert blocks[0] == Heading("節", "節")
    assert blocks[1] == Heading("節", "節-2")
    assert blocks[2] == Paragraph((
        Span("a "), Span("bold", "strong"), Span(" "), Span("it", "em"), Span(" "),
        Span("x = 1", "code"), Span(" marked under"),
    ))
    items = tuple(Paragraph((Span(text),)) for text in ("one", "nested", "two"))
    assert blocks[3] == ListBlock(items, ordered=True)
    assert blocks[4] == Quote((Paragraph((Span("quoted text"),)), Paragraph((Span("second"),))))
    assert [b.text for b in blocks[5:] if isinstance(b, Paragraph)] == ["cell", "inside a section"]


@pytest.mark.parametrize(
    ("classes", "kept"),
    [
        ("ad", False), ("ad-inline", False), ("box top_ad", False), ("ads", False),
        ("lead", True), ("shadow", True), ("header-download", True), ("read-more", True),
    ],
)
def test_ad_containers_are_found_by_class_token(write: Writer, classes: str, kept: bool) -> None:
    html = page(f'<p>本文。</p><div class="{classes}"><p>MARKER</p></div>')
    article = html_reader.read(write(html))
    assert ("MARKER" in everything(article)) is kept


def test_whitespace_is_collapsed_but_ideographic_space_kept(write: Writer) -> None:
    article = html_reader.read(write(page("<p>\n  \u3000字下げ  の<em> 段落 </em>です。\n</p>")))
    expected = (Span("\u3000字下げ の"), Span(" 段落 ", "em"), Span("です。"))
    assert article.ja.blocks[0] == Paragraph(expected)


def test_strings_decode_entities_and_drop_inline_tags(write: Writer) -> None:
    extra = (
        '<section class="key-points"><h2>キーポイント</h2><h3>R&amp;D <em>要点</em></h3>'
        '<p>本文&nbsp;A<br>B</p></section>'
        '<details class="analysis"><summary>表示</summary>'
        "<h3>影響分析</h3><p>影響&lt;大&gt;</p></details>"
    )
    article = html_reader.read(write(page("<p>本文。</p>", article_extra=extra)))
    assert [(k.title, k.body) for k in article.key_points] == [("R&D 要点", "本文\u00a0A B")]
    assert article.impact == "影響<大>"
    assert article.editorial is None


# --- alignment, truncation, original -------------------------------------------------------------


def test_no_original(write: Writer) -> None:
    article = html_reader.read(write(page("<p>日本語で書かれた記事。</p>")))
    assert article.en is None and not article.has_original
    assert (article.aligned, article.warnings) == (False, ())


def test_misaligned_bodies_warn(write: Writer) -> None:
    html = page("<p>一。</p><h2>節</h2><p>二。</p>", original="<p>One.</p><p>Two.</p>")
    article = html_reader.read(write(html))
    assert not article.aligned
    assert len(article.warnings) == 1
    assert article.warnings[0].startswith("the Japanese and English bodies are not block-aligned (")


def test_list_of_different_length_is_not_aligned(write: Writer) -> None:
    article = html_reader.read(
        write(page("<ul><li>一</li><li>二</li></ul>", original="<ul><li>One</li></ul>"))
    )
    assert not article.aligned


@pytest.mark.parametrize(
    ("last", "truncated"),
    [
        ("<p>ends well.</p>", False),
        ("<p>“quoted.”</p>", False),
        ("<p>the picture would look bette</p>", True),
        ("<ul><li>a list item</li></ul>", False),
        ("<p>cut</p><figure><img alt='chart'></figure>", False),
    ],
)
def test_truncated_when_the_original_stops_mid_word(
    write: Writer, last: str, truncated: bool
) -> None:
    article = html_reader.read(write(page("<p>本文。</p>", original=f"<p>Start.</p>{last}")))
    assert article.truncated is truncated


# --- errors --------------------------------------------------------------------------------------


def test_no_article_is_an_error_naming_the_path(write: Writer) -> None:
    path = write("<html><body><main><p>no article here</p></main></body></html>")
    with pytest.raises(DumpError, match="no <article> element") as info:
        html_reader.read(path)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        ("<article><p>no title</p><div class='translation'><p>x</p></div></article>", "no title"),
        ("<article><h1>題</h1><p>no body</p></article>", "no Japanese body"),
        (
            "<article><h1>題</h1><div class='translation'><script>x</script></div></article>",
            "Japanese body",
        ),
    ],
)
def test_unusable_pages_are_errors(write: Writer, content: str | bytes, reason: str) -> None:
    with pytest.raises(DumpError, match=reason):
        html_reader.read(write(content))


@pytest.mark.parametrize(
    "raw",
    [
        # Declared UTF-8, written in Shift_JIS.
        page("<p>本文です。</p>").encode("cp932"),
        # Nothing declared, not UTF-8.
        page("<p>本文です。</p>").replace('<meta charset="utf-8">', "").encode("cp932"),
        # Declared Shift_JIS, bytes that are not.
        page("<p>本文です。</p>").replace("utf-8", "shift_jis").encode("utf-8") + b"\x81\xff",
    ],
)
def test_undecodable_bytes_are_an_error(write: Writer, raw: bytes) -> None:
    with pytest.raises(DumpError, match="cannot be decoded"):
        html_reader.read(write(raw))


def test_unknown_declared_encoding_is_an_error(write: Writer) -> None:
    with pytest.raises(DumpError, match="unknown encoding"):
        html_reader.read(write(page("<p>本文。</p>").replace("utf-8", "klingon-8")))


@pytest.mark.parametrize("label", ["shift_jis", "Shift_JIS", "windows-31j", "cp932"])
def test_declared_shift_jis_is_honoured(write: Writer, label: str) -> None:
    # ① is in cp932 but not in strict Shift_JIS: pages labelled Shift_JIS use Microsoft's superset.
    raw = page("<p>①本文です。</p>").replace("utf-8", label).encode("cp932")
    assert html_reader.read(write(raw)).ja.blocks[0] == Paragraph((Span("①本文です。"),))


def test_utf8_bom_is_honoured(write: Writer) -> None:
    undeclared = page("<p>本文です。</p>").replace('<meta charset="utf-8">', "")
    raw = b"\xef\xbb\xbf" + undeclared.encode("utf-8")
    assert html_reader.read(write(raw)).title_ja == "見出し"


@pytest.mark.parametrize(
    "content",
    [
        page("<span>" * 5000 + "深い" + "</span>" * 5000),
        page("<div>" * 3000 + "<p>深い</p>" + "</div>" * 3000),
        page("<p>閉じていない<em>強調<a href='https://ok.example/'>リンク"),
        "<article><h1>題<div class=translation><p>x",
        b"<article><h1>\x00\x00</h1>\xff\xfe\x00",
        page("<p>\x00NUL</p>"),
    ],
    ids=["deep-spans", "deep-divs", "unclosed", "truncated-page", "binary", "nul"],
)
def test_odd_input_gives_an_article_or_a_dump_error(write: Writer, content: str | bytes) -> None:
    try:
        article = html_reader.read(write(content))
    except DumpError:
        return
    assert isinstance(article, Article)
