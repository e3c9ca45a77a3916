"""taiyaku.search: text as terms, an article's sections, and the index files the browser reads."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from taiyaku.search import bundle, index
from taiyaku.search.bundle import Page
from taiyaku.search.index import Document, write
from taiyaku.search.sections import Section, sections
from taiyaku.search.tokens import _CJK, _RANGES, ONCE, gram, grams, pieces, run_keys, scan, stem, tally, terms


def query_terms(query: str) -> set[str]:
    """The terms the browser looks up for a query: a run's triples (or the pair it is)."""
    found: set[str] = set()
    for piece, is_run in pieces(query):
        found.update(run_keys(piece) if is_run else terms(piece))
    return found


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
        ("洗濯物", "40分間のデモで洗濯物をたたむ"),  # a run right after digits
        ("exports", "export rules"),
        ("exported", "Exporting chips"),
    ],
)
def test_every_term_of_a_query_is_in_the_text_that_contains_it(query: str, text: str) -> None:
    assert query_terms(query) <= set(terms(text))


@pytest.mark.parametrize(("query", "text"), [("新幹線", "新しい幹部の線引き"), ("福祉", "祉福"), ("京都", "東京")])
def test_a_compound_needs_its_characters_adjacent(query: str, text: str) -> None:
    assert not query_terms(query) <= set(terms(text))


def test_a_run_becomes_its_pairs_its_triples_with_hiragana_and_its_last_character() -> None:
    assert terms("モデル福祉、𠮷野家とｶﾀｶﾅ々") == [
        "モデ", "デル", "ル福", "福祉", "祉",
        "𠮷野", "野家", "家と", "とカ", "カタ", "タカ", "カナ", "ナ々", "野家と", "家とカ", "とカタ", "々",
    ]  # fmt: skip
    assert terms("確定していない") == [
        "確定", "定し", "して", "てい", "いな", "ない", "確定し", "定して", "してい", "ていな", "いない", "い",
    ]  # fmt: skip
    assert grams("あ") == ["あ"] and grams("あい") == ["あい", "い"]
    # A query's run: triples where they have a hiragana, pairs elsewhere, each once.
    assert run_keys("ていないと") == ["ていな", "いない", "ないと"] and run_keys("福祉") == ["福祉"]
    assert run_keys("利用はない") == ["利用は", "用はな", "はない"] and run_keys("洗濯物") == ["洗濯", "濯物"]


def test_text_splits_into_runs_and_words_in_lower_case() -> None:
    assert list(pieces("40分間のＡＩモデル Opus 4.7・foo_bar")) == [
        ("40", False), ("分間の", True), ("ai", False), ("モデル", True), ("opus", False), ("4", False),
        ("7", False), ("foo", False), ("bar", False),
    ]
    assert terms("Exports exported exporting") == ["export"] * 3


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


def _read(path: Path) -> object:
    return json.loads(gzip.decompress(path.read_bytes()))


def _dictionary(out: Path) -> dict[str, dict]:
    meta = _read(out / "index.jz")
    assert isinstance(meta, dict)
    merged: dict[str, dict] = {}
    for number, start in enumerate(meta["chunks"]):
        chunk = _read(out / "c" / f"{number}.jz")
        assert isinstance(chunk, dict) and next(iter(chunk)).startswith(start)
        assert not merged or _order(list(merged)[-1]) < _order(start)  # the binary search's bounds
        merged.update(chunk)
    return merged


def _order(key: str) -> bytes:
    return key.encode("utf-16-be")


def _sections(entry: dict) -> list[tuple[int, int]]:
    """A term's postings as (article, section)."""
    flat, found, article = entry["t"][2], [], 0
    for i in range(0, len(flat), 3):
        article += flat[i]
        found.append((article, flat[i + 1]))
    return found


def test_the_index_finds_each_term_s_sections_and_maps_words_to_their_stems(tmp_path: Path) -> None:
    documents = [
        Document("articles/a/", "福祉の話", [Section(None, "", "福祉の話 序文"), Section("x", "輸出", "輸出 規制の 福祉")]),
        Document("en/articles/b/", "Exports", [Section(None, "", "Exports rules"), Section("y", "Ｆａｉｒ", "Fair use exported")]),
    ]
    written = write(documents, tmp_path)
    assert (written.articles, written.sections) == (2, 4)
    terms_ = _dictionary(tmp_path)
    keys = list(terms_)
    assert keys == sorted(keys, key=_order)  # as the browser compares strings
    assert _sections(terms_["福祉"]) == [(0, 0), (0, 1)]
    assert _sections(terms_["export"]) == [(1, 0), (1, 1)]
    assert terms_["exported"]["f"] == "export" and set(terms_["export"]["w"]) == {"exports", "exported"}
    # Each word of a stem with relatives lists the sections that have it as written.
    assert _sections({"t": terms_["exported"]["e"]}) == [(1, 1)] and _sections({"t": terms_["exports"]["e"]}) == [(1, 0)]
    assert "e" not in terms_["fair"]  # no relative to tell it from
    # Where a term stands, over the score: 2 in the title, 1 in a heading, 0 in the text only.
    assert [impact // (index.IMPACT_TOP + 1) for impact in terms_["export"]["t"][2][2::3]] == [2, 0]
    assert [impact // (index.IMPACT_TOP + 1) for impact in terms_["福祉"]["t"][2][2::3]] == [2, 0]
    assert [impact // (index.IMPACT_TOP + 1) for impact in terms_["fair"]["t"][2][2::3]] == [1]
    assert terms_["福祉"]["t"][:2] == [2, 0]  # every section that has it, the list complete
    assert _read(tmp_path / "f" / "1-1.jz") == {"u": "en/articles/b/#y", "t": "Exports", "h": "Fair", "x": "Fair use exported"}
    assert len(list((tmp_path / "f").iterdir())) == 4


def test_a_common_term_keeps_only_its_best_sections_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "TOP_K", 3)
    monkeypatch.setattr(index, "CHUNK_BYTES", 20)  # many chunks
    # As long as each other, with 1 to 6 uses: the three that use it most are kept.
    documents = [Document(f"articles/{n}/", "t", [Section(None, "", "common " * n + "other " * (8 - n) + f"word{n}")]) for n in range(1, 7)]
    write(documents, tmp_path)
    terms_ = _dictionary(tmp_path)
    df, floor, _, rest = terms_["common"]["t"]
    assert df == 6 and floor > 0
    assert [article for article, _ in _sections(terms_["common"])] == [3, 4, 5]
    impacts = terms_["common"]["t"][2][2::3]
    assert floor == impacts[0] < impacts[1] < impacts[2]
    # The rest of the list, on a page of its own: what it holds scores no more than the floor.
    last, flat = _read(tmp_path / "r" / f"{rest}-0.jz")  # type: ignore[misc]
    assert last == 0 and [article for article, _ in _sections({"t": [0, 0, flat]})] == [0, 1, 2]
    assert max(flat[2::3]) <= floor and not (tmp_path / "r" / f"{rest}-1.jz").exists()
    assert _sections(terms_["word3"]) == [(2, 0)] and terms_["word3"]["t"][1] == 0  # n = 3 is the third article
    assert len(_read(tmp_path / "index.jz")["chunks"]) > 1  # type: ignore[index]


def test_the_indexers_write_each_language_and_report_what_they_indexed(tmp_path: Path) -> None:
    report = bundle.write(
        [
            ("ja", Page("articles/a/", "福祉", "<h1>福祉</h1><h2 id='x'>節</h2><p>本文</p>")),
            ("en", Page("en/articles/a/", "W", "<p>welfare</p>")),
        ],
        tmp_path,
    )
    assert (report.pages["ja"], report.sections["ja"], report.pages["en"], report.sections["en"]) == (1, 2, 1, 1)
    assert _read(tmp_path / "ja" / "f" / "0-1.jz") == {"u": "articles/a/#x", "t": "福祉", "h": "節", "x": "節 本文"}
    assert "welfar" in _dictionary(tmp_path / "en")


def test_an_indexer_that_fails_says_why(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where the index should go")
    indexer = bundle.Indexer("en", tmp_path / "taken")
    indexer.add(Page("en/articles/a/", "T", "<p>text</p>"))
    with pytest.raises(RuntimeError, match="search indexer failed: .*taken"):
        indexer.finish()


TALLIED = [
    "",
    "あ",
    "日本語のテキストでいないと、いないといないと。",
    "Ｏｐｕｓ　４．７ ｶﾃﾞｺﾞﾘ モデル福祉 exports exported Exporting model_card ・ 々〆",
    "x" * 10 + "ていないと" * 40 + " 𠀋𪚲 ㇰㇱ 丽",  # an extension kanji, small katakana, a compatibility ideograph
    "あい" * (ONCE // 2) + "うえお、うえお、かきく",  # beyond ONCE: a mask even where a gram starts once
]


@pytest.mark.parametrize("text", TALLIED, ids=[f"text{n}" for n in range(len(TALLIED))])
def test_tally_counts_what_scan_finds(text: str) -> None:
    found, words, places = scan(text)
    counted = tally(text)
    grams = {gram(code): (tf, place) for code, tf, place in zip(counted.codes.tolist(), counted.counts.tolist(), counted.places.tolist())}
    stems = Counter(stem(word) for word in counted.words)
    assert not grams.keys() & stems.keys()
    assert Counter(found) == Counter({g: tf for g, (tf, _) in grams.items()}) + stems
    assert {g: place for g, (_, place) in grams.items() if place} == places
    assert set(counted.words) == words


def test_tally_s_code_point_ranges_are_the_runs_characters() -> None:
    run = re.compile(f"[{_CJK}]")
    wanted = [c for c in range(0x110000) if run.fullmatch(chr(c))]
    ranged = [c for low, high in _RANGES for c in range(low, high + 1)]
    assert ranged == wanted


def test_prepare_counts_each_section_as_counted_does() -> None:
    document = Document(
        "articles/x/",
        "題名のモデル Models",
        [
            Section(None, "", "モデルの題名が本文にもある。Models modeling モデル"),
            Section("a", "見出しのテキスト texts", "テキストの見出し text texts 見出し見出し"),
            Section("b", "見出しだけ", "本文"),
        ],
    )
    vocabulary = index.Vocabulary()
    prepared = index.prepare(document, vocabulary)
    got = list(zip([vocabulary.keys[t] for t in prepared.terms], prepared.bits))
    at = 0
    for number, size in enumerate(prepared.sizes):
        found = index.counted(document, number)
        wanted = {
            term: found.places.get(term, 0) << 8 | found.fields.get(term, index.TEXT) << 6 | min(tf, 63)
            for term, tf in found.counts.items()
        }
        assert dict(got[at : at + size]) == wanted and size == len(wanted)
        assert prepared.lengths[number] == sum(found.counts.values())
        assert prepared.words[number] == frozenset(found.words)
        at += size
    assert at == len(got)
