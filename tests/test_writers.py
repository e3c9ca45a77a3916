"""The Markdown the writers produce, as text: escaping rules, page order, front matter.

What that Markdown renders to is tests/test_writers_roundtrip.py's business.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from taiyaku.model import Article, Body, Heading, KeyPoint, ListBlock, Metadata, Paragraph, Quote, Span, TocEntry
from taiyaku.writers import en_page, ja_page
from taiyaku.writers.blocks import shorten, title
from taiyaku.writers.escape import escape_inline, link_target, spans_to_markdown

HOOKS = Path(__file__).resolve().parents[1] / "hooks"

FRONT_MATTER_KEYS = [
    "kind", "title", "description", "slug", "lang", "published", "tags", "has_original", "aligned",
    "truncated", "source", "author",
]  # fmt: skip


def para(text: str) -> Paragraph:
    return Paragraph((Span(text),))


def make(**changes: object) -> Article:
    fields: dict[str, object] = dict(
        path="t.txt",
        slug="t",
        title_ja="日本語の題",
        title_en="English title",
        lede="リードです。",
        key_points=(KeyPoint("要点", "本文"),),
        impact="影響",
        editorial="コメント",
        ja=Body((para("一段落目。"), Heading("節", "節"), para("二段落目。")), (TocEntry("節。", "節"), TocEntry("次。", None)), 1),
        en=Body((para("First."), Heading("Part", "part"), para("Second.")), (TocEntry("Part.", "part"),), 1),
        aligned=True,
        truncated=False,
        metadata=Metadata(
            source="https://example.com/post?a=1&b=2",
            author="Dana Okafor",
            published=datetime.date(2026, 11, 12),
            tags=("agents", "benchmarks"),
        ),
    )
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def front_matter(page: str) -> dict:
    assert page.startswith("---\n")
    return yaml.safe_load(page.split("\n---\n", 1)[0][4:])


def body_of(page: str) -> str:
    return page.split("\n---\n", 1)[1]


# -- escaping -------------------------------------------------------------------------------

# (text, Markdown): golden data, one line per rule.
ESCAPES = [
    ("plain 日本語", "plain 日本語"),
    ("*71.4*", r"\*71\.4\*"),
    ("__init__.py", r"\_\_init\_\_\.py"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("<think> &amp; &lt;", r"&lt;think&gt; &amp;amp\; &amp;lt\;"),
    ("</div>", r"&lt;\/div&gt;"),
    ("{{ x }} {% y %}", r"\{\{ x \}\} \{\% y \%\}"),
    ("C:\\Users", r"C\:\\Users"),
    ("    four spaces", "&#32;&#32;&#32;&#32;four spaces"),
    ("\u3000追記", "&#12288;追記"),
    ("trailing  ", "trailing&#32;&#32;"),
    ("tab\there", "tab&#9;here"),
    ("two\nlines", "two&#10;lines"),
    ("stx\x02etx\x03", "stx&#2;etx&#3;"),
    ("---", r"\-\-\-"),
    ("🚀", "🚀"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), ESCAPES)
def test_escape_inline(text: str, expected: str) -> None:
    assert escape_inline(text) == expected


def test_escaped_text_is_one_line_without_edge_whitespace() -> None:
    out = escape_inline(" a\n\n  b \r\n")
    assert "\n" not in out and out == out.strip()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", "<https://example.com/a>"),
        ("https://example.com/a b(c)", "<https://example.com/a%20b(c)>"),
        ("https://example.com/?q=1&x=2", "<https://example.com/?q=1&amp;x=2>"),
        ("https://example.com/<x>", "<https://example.com/%3Cx%3E>"),
        ("https://example.com/a\\b`c", "<https://example.com/a\\\\b\\`c>"),
    ],
)
def test_link_target(url: str, expected: str) -> None:
    assert link_target(url) == expected


def test_spans_with_one_href_make_one_link() -> None:
    spans = (Span("see "), Span("the ", href="https://x.org"), Span("docs", "em", href="https://x.org"), Span("."))
    assert spans_to_markdown(spans) == r"see [the <em>docs</em>](<https://x.org>)\."


def test_spans_keep_only_the_text_of_a_non_web_link() -> None:
    assert spans_to_markdown((Span("x", href="javascript:alert(1)"),)) == "x"


def test_styles_are_inline_tags_around_escaped_text() -> None:
    spans = (Span(" *a* ", "em"), Span("b", "strong"), Span("`c`", "code"), Span("", "em"))
    assert spans_to_markdown(spans) == r"<em> \*a\* </em><strong>b</strong><code>\`c\`</code>"


# -- front matter -----------------------------------------------------------------------------


def test_front_matter_keys_and_values() -> None:
    article = make()
    ja, en = front_matter(ja_page(article)), front_matter(en_page(article) or "")
    assert list(ja) == FRONT_MATTER_KEYS and list(en) == FRONT_MATTER_KEYS
    assert ja == {
        "kind": "article",
        "title": "日本語の題",
        "description": "リードです。",
        "slug": "t",
        "lang": "ja",
        "published": "2026-11-12",
        "tags": ["agents", "benchmarks"],
        "has_original": True,
        "aligned": True,
        "truncated": False,
        "source": "https://example.com/post?a=1&b=2",
        "author": "Dana Okafor",
    }
    assert en == {**ja, "title": "English title", "description": "First.", "lang": "en"}


def test_front_matter_of_a_bare_article() -> None:
    meta = front_matter(ja_page(make(en=None, title_en=None, aligned=False, metadata=Metadata())))
    assert meta["published"] is None and meta["source"] is None and meta["author"] is None
    assert meta["tags"] == [] and meta["has_original"] is False


@pytest.mark.parametrize("hostile", ["---", "a\n---\nb: 1", "'; \"", "null", "2026-11-12", "{x: 1}", "- a", "#c"])
def test_front_matter_values_stay_strings(hostile: str) -> None:
    page = ja_page(make(title_ja=hostile, lede=hostile))
    meta = front_matter(page)
    assert meta["title"] == hostile and meta["description"] == shorten(hostile)


def test_front_matter_source_only_when_a_web_url() -> None:
    assert front_matter(ja_page(make(metadata=Metadata(source="javascript:alert(1)"))))["source"] is None


def test_description_is_shortened_on_a_character_boundary() -> None:
    long = "あ" * 158 + "e\u0301" + "い" * 10
    cut = shorten(long)
    assert len(cut) <= 160 and cut.endswith("…") and not cut.endswith("e…")
    assert shorten("a\nb  c") == "a b c"
    family = "👨\u200d👩\u200d👧"
    assert "\u200d…" not in shorten("x" * 155 + family * 3)


# -- Japanese page --------------------------------------------------------------------------------


def test_japanese_page_order() -> None:
    page = body_of(ja_page(make(truncated=True), en_url="../../en/articles/t/"))
    marks = [
        "# 日本語の題",
        '[<time datetime="2026-11-12">2026年11月12日</time>](<../archive/2026/11/index.ja.md>) · 著者\\: Dana Okafor'
        ' · [元記事](<https://example.com/post?a=1&amp;b=2>) · 約1分で読めます',
        "{: .tk-meta }",
        "タグ: [agents](<../tags/agents/index.ja.md>){: .tk-tag } [benchmarks](<../tags/benchmarks/index.ja.md>){: .tk-tag }",
        "{: .tk-tags }",
        "[対訳で読む\\(日本語と英語を並べて表示\\)](<t/taiyaku.ja.md>)\n{: .tk-parallel-link }",
        "リードです。\n{: .tk-lede }",
        '<div class="tk-keypoints" markdown>',
        "## キーポイント",
        "1.  <strong>要点</strong>\n\n    本文",
        '??? note tk-analysis "影響分析・編集コメントを表示"',
        "    <strong>影響分析</strong>\n\n    影響\n\n    <strong>編集コメント</strong>\n\n    コメント",
        '!!! info tk-excerpt "抜粋"',
        '<div class="tk-body" markdown>',
        "一段落目。",
        '<nav class="tk-toc" aria-label="目次" markdown>',
        "- [節。](<#節>)\n- 次。",
        "## 節 {#節}",
        "二段落目。",
        "[原文\\(英語\\)を読む](<../../en/articles/t/>){: hreflang=en }\n{: .tk-other-lang }",
    ]
    positions = [page.find(m) for m in marks]
    assert -1 not in positions, [m for m, p in zip(marks, positions) if p == -1]
    assert positions == sorted(positions)


def test_japanese_page_leaves_out_what_is_absent() -> None:
    page = ja_page(make(key_points=(), impact=None, editorial=None, metadata=Metadata(), truncated=False))
    for absent in ("tk-keypoints", "???", "!!!", "tk-tags", "<time", "著者", "元記事", "tk-other-lang"):
        assert absent not in page
    # The reading time is always there: the meta line holds only it.
    assert "\n約1分で読めます\n{: .tk-meta }" in page


def test_analysis_box_is_closed_and_holds_what_there_is() -> None:
    page = ja_page(make(editorial=None))
    assert "??? note tk-analysis" in page and "???+" not in page
    assert "影響分析</strong>" in page and "編集コメント</strong>" not in page


def test_excerpt_notice_links_the_source_only_when_known() -> None:
    assert "[元記事で全文を読む](<https://example.com/post?a=1&amp;b=2>)" in ja_page(make(truncated=True))
    page = ja_page(make(truncated=True, metadata=Metadata()))
    assert "この記事は元記事の抜粋で、全文ではありません。" in page and "元記事で全文を読む" not in page


# -- English page -----------------------------------------------------------------------------------


def test_no_english_page_without_an_original() -> None:
    assert en_page(make(en=None, title_en=None)) is None


def test_english_page_order() -> None:
    page = body_of(en_page(make(truncated=True), ja_url="../../../articles/t/") or "")
    marks = [
        "# English title",
        '[<time datetime="2026-11-12">November 12\\, 2026</time>](<../archive/2026/11/index.en.md>) · By Dana Okafor · [Original article]',
        "1 min read\n{: .tk-meta }",
        "Tags: [agents](<../tags/agents/index.en.md>){: .tk-tag }",
        "[Read side by side with the Japanese translation](<t/taiyaku.en.md>)\n{: .tk-parallel-link }",
        '!!! info tk-excerpt "Excerpt"',
        "First\\.",
        '<nav class="tk-toc" aria-label="Contents" markdown>',
        "## Part {#part}",
        "Second\\.",
        '<div class="tk-ja-edition" lang="ja" markdown>',
        '??? note tk-ja-edition "<span lang="en">Japanese edition\\: key points and commentary</span>"',
        "    <strong>キーポイント</strong>",
        "    1.  <strong>要点</strong>",
        "    <strong>影響分析</strong>",
        "[Read the Japanese edition](<../../../articles/t/>){: hreflang=ja }",
    ]
    positions = [page.find(m) for m in marks]
    assert -1 not in positions, [m for m, p in zip(marks, positions) if p == -1]
    assert positions == sorted(positions)


def test_english_page_without_english_title_shows_the_japanese_one_marked() -> None:
    page = en_page(make(title_en=None)) or ""
    assert "\n# 日本語の題 {lang=ja}\n" in page
    assert front_matter(page)["title"] == "日本語の題"


def test_english_page_without_japanese_extras_has_no_box() -> None:
    page = en_page(make(key_points=(), impact=None, editorial=None)) or ""
    assert "tk-ja-edition" not in page and "???" not in page


# -- titles, anchors, blocks ----------------------------------------------------------------------------


def test_title_gets_an_id_only_when_toc_would_choose_another() -> None:
    body = Body((Heading("節", "節"),))
    assert title("日本語の題", body) == "# 日本語の題"
    assert title("節", body) == "# 節 {#節-2}"
    assert title("!!!", body) == r"# \!\!\! {#section}"


def test_heading_anchor_underscores_survive_inline_parsing() -> None:
    page = ja_page(make(ja=Body((Heading("__init__", "__init__"),))))
    assert r"## \_\_init\_\_ {#\_\_init\_\_}" in page


def test_anchor_attr_list_cannot_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="anchor"):
        ja_page(make(ja=Body((Heading("x", "a b}"),))))


def test_toc_stands_where_the_dump_had_it() -> None:
    ja = Body((para("one"), para("two"), Heading("h", "h")), (TocEntry("h", "h"),), toc_position=2)
    page = body_of(ja_page(make(ja=ja)))
    assert page.index("two") < page.index("tk-toc") < page.index("## h")


def test_adjacent_lists_and_quotes_stay_apart() -> None:
    ja = Body((ListBlock((para("a"),)), ListBlock((para("b"),), ordered=True), Quote((para("q"),)), Quote((para("r"),))))
    page = body_of(ja_page(make(ja=ja)))
    assert "- a\n\n<!-- -->\n\n1. b\n\n> q\n\n<!-- -->\n\n> r" in page


def test_package_imports_no_mkdocs() -> None:
    # The engine may change; the understanding of dumps must not have to: no module of the
    # package may pull MkDocs in.
    code = (
        "import importlib, pkgutil, sys, taiyaku\n"
        "for m in pkgutil.walk_packages(taiyaku.__path__, 'taiyaku.'):\n"
        "    if m.name != 'taiyaku.__main__': importlib.import_module(m.name)\n"
        "sys.exit(any(m.split('.')[0] == 'mkdocs' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(HOOKS)}).returncode == 0
