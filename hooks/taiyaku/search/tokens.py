"""Japanese text as search tokens: overlapping character bigrams.

Pagefind 1.5.2 segments Japanese twice, differently: Lindera at index time, the browser's
Intl.Segmenter at query time (pagefind#1237), so a word inside a compound (福祉 in モデル福祉) is
often not found. Bigrams need no dictionary and agree by construction: the index holds every pair
of adjacent characters of each run of kanji and kana, and a query is turned into its own pairs,
which Pagefind requires all of (its terms are ANDed). Each run also ends with its last character
alone, so that a one-character query finds a character ending a run (Pagefind matches the last
query term as a prefix, so 祉 finds the pairs 祉X too).

The bundle files these under a language Pagefind does not segment (bundle.INDEX_LANGUAGE), and
the browser hands Pagefind the query already in pairs, under that language.

NFKC first, on both sides: full-width Latin and digits become ASCII (Ｏｐｕｓ　４．７ is Opus 4.7),
half-width katakana become full-width.

overrides/assets/javascripts/taiyaku-search.js mirrors `index_text`, `query_terms` and `decode`;
tests/test_search_browser.py checks that both give the same answers.
"""

from __future__ import annotations

import re
import unicodedata

# Kanji (with 々〆), hiragana, katakana with the prolonged sound mark ー, not the middle dot ・
# (U+30FB), which separates words. Half-width katakana are folded into these by NFKC.
_CJK = (
    "\u3005\u3006\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_RUN = re.compile(f"[{_CJK}]+")
_TOKEN = re.compile(f"[{_CJK}]{{1,2}}")


def normalize(text: str) -> str:
    """NFKC, without zero-width spaces (which Pagefind would take for word separators)."""
    return unicodedata.normalize("NFKC", text).replace("\u200b", "")


def _pairs(run: str, *, with_last: bool) -> list[str]:
    """`run`'s bigrams; a run of one character is its own token. `with_last` adds the last
    character alone, so that a one-character query finds a character that ends a run."""
    if len(run) == 1:
        return [run]
    tokens = [a + b for a, b in zip(run, run[1:])]
    if with_last:
        tokens.append(run[-1])
    return tokens


def _encode(text: str, *, with_last: bool) -> str:
    text = normalize(text)
    return _RUN.sub(lambda m: " " + " ".join(_pairs(m.group(), with_last=with_last)) + " ", text)


def index_text(text: str) -> str:
    """The text Pagefind indexes for a Japanese page: its runs of kanji and kana as tokens, the
    rest (Latin words, digits, punctuation) as it is, for Pagefind to handle as it does English."""
    return _encode(text, with_last=True)


def query_terms(query: str) -> str:
    """A reader's query in the index's terms (the mirror of index_text, without the extra last
    characters, which the pairs already require)."""
    return " ".join(_encode(query, with_last=False).split())


def decode(text: str) -> str:
    """Readable text from index_text's output (or an excerpt of it): tokens that overlap by a
    character chain back into their run. Spaces next to a run are dropped, as Japanese writes
    it; two runs that only a space separated, the second starting where the first ends, join."""
    out, last = "", None  # last: the last character of the previous word if it was a token
    for word in text.split():
        if not _TOKEN.fullmatch(word):
            out += (" " if out and last is None else "") + word
            last = None
            continue
        chars = word
        out += chars[1:] if last == chars[0] else chars
        last = chars[-1]
    return out
