"""taiyaku.search: Japanese as bigram tokens, an article's sections, the bundles' records."""

from __future__ import annotations

import pytest

from taiyaku.search.bundle import Page, _records
from taiyaku.search.sections import sections
from taiyaku.search.tokens import decode, index_text, query_terms


def _terms(text: str) -> set[str]:
    return set(index_text(text).split())


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("福祉", "モデル福祉の問題"),  # a word inside a compound
        ("モデル", "モデル福祉の問題"),
        ("データセンター", "米国のデータセンター建設"),  # a katakana loanword
        ("ハーネス", "評価ハーネスを公開した"),
        ("ﾃﾞｰﾀｾﾝﾀｰ", "データセンター"),  # half-width katakana
        ("Ｏｐｕｓ　４．７", "Claude Opus 4.7において"),  # full-width Latin and digits
        ("Opus 4.7", "Ｃｌａｕｄｅ　Ｏｐｕｓ　４．７において"),
        ("自治体", "地方自治体の調達"),
        ("洗濯物", "洗濯物をたたむロボット"),
    ],
)
def test_every_term_of_a_query_is_in_the_text_that_contains_it(query: str, text: str) -> None:
    assert set(query_terms(query).lower().split()) <= {t.lower() for t in _terms(text)}


@pytest.mark.parametrize(("query", "text"), [("新幹線", "新しい幹部の線引き"), ("福祉", "祉福"), ("京都", "東京")])
def test_a_compound_needs_its_characters_adjacent(query: str, text: str) -> None:
    assert not set(query_terms(query).split()) <= _terms(text)


def test_a_single_character_is_a_prefix_of_the_pairs_it_starts_and_a_token_where_a_run_ends() -> None:
    (term,) = query_terms("祉").split()
    tokens = _terms("福祉。社会福祉士")
    assert term in tokens  # 福祉 ends a run
    assert any(t.startswith(term) and t != term for t in tokens)  # 祉士


def test_a_run_becomes_its_pairs_and_its_last_character() -> None:
    assert index_text("モデル福祉、𠮷野家とｶﾀｶﾅ々").split() == [
        "モデ", "デル", "ル福", "福祉", "祉", "、", "𠮷野", "野家", "家と", "とカ", "カタ", "タカ", "カナ", "ナ々", "々",
    ]
    assert query_terms("モデル福祉") == "モデ デル ル福 福祉"


@pytest.mark.parametrize(
    "text",
    ["モデル福祉の問題", "Claude Opus 4.7において、福祉を論じる。", "データ・センター", "𠮷野家", "AI", "私"],
)
def test_decode_gives_the_text_back(text: str) -> None:
    assert decode(index_text(text)) == text.replace(" において", "において")


def test_the_latin_parts_are_left_to_pagefind() -> None:
    assert query_terms("Fair use exports") == "Fair use exports"


ARTICLE = """
<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>
<p class="tk-lede">Lede text.</p>
<div class="tk-meta">By someone</div>
<p class="tk-parallel-link"><a href="taiyaku/">Read side by side</a></p>
<div class="admonition info tk-excerpt"><p>This is an excerpt.</p></div>
<nav class="tk-toc"><ul><li><a href="#one">One</a></li></ul></nav>
<h2 id="one">One<a class="headerlink" href="#one">¶</a></h2>
<p>First<br>section.</p><img src="x.png" alt="">
<details class="note tk-ja-edition"><summary>日本語版</summary><p>日本語の本文</p></details>
<h3 id="two">Two</h3><p>Second section.</p>
<h4>Not a section</h4><p>still two</p>
"""


def test_sections_split_at_headings_and_keep_only_the_article_s_words() -> None:
    found = sections(ARTICLE)
    assert [(s.anchor, s.heading) for s in found] == [(None, ""), ("one", "One"), ("two", "Two")]
    assert found[0].text == "Title Lede text."
    assert found[1].text == "One First section."
    assert found[2].text == "Two Second section. Not a section still two"


def test_records_open_at_their_section_and_carry_title_and_heading() -> None:
    ja = _records(Page(lang="ja", url="articles/x/", title="福祉の話", html="<h1>福祉の話</h1><h2 id='a'>節</h2><p>本文</p>"))
    assert [r["url"] for r in ja] == ["articles/x/", "articles/x/#a"]
    assert ja[1]["meta"] == {"title": "福祉の話", "section": "節", "lang": "ja"}
    assert ja[1]["language"] == "zxx" and decode(ja[1]["content"]) == "節本文"
    en = _records(Page(lang="en", url="en/articles/x/", title="Ｔitle", html="<h2 id='a'>Exports</h2><p>rules</p>"))
    assert en == [
        {"url": "en/articles/x/#a", "content": "Exports rules", "language": "en", "meta": {"title": "Title", "section": "Exports", "lang": "en"}}
    ]
