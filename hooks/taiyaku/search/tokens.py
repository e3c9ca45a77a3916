"""Japanese text as search tokens: overlapping character bigrams, spelled in ASCII.

Pagefind 1.5.2 segments Japanese twice, differently: Lindera at index time, the browser's
Intl.Segmenter at query time (pagefind#1237), so a word inside a compound (福祉 in モデル福祉) is
often not found. Bigrams need no dictionary and agree by construction: the index holds every pair
of adjacent characters of each run of kanji and kana, and a query is turned into its own pairs,
which Pagefind requires all of (its terms are ANDed).

Each token is spelled in ASCII ("_" then four base-36 digits per character) so that nothing on
either side of Pagefind re-segments, stems or strips it: Intl.Segmenter keeps `_a1b2c3d4` as one
word, and `_` is one of Pagefind's default word characters. Prefixes carry over: the token of one
character is a prefix of the tokens of every pair starting with it, and Pagefind matches the last
query term as a prefix.

NFKC first, on both sides: full-width Latin and digits become ASCII (Ｏｐｕｓ　４．７ is Opus 4.7),
half-width katakana become full-width.

overrides/assets/javascripts/taiyaku-search.js mirrors `query_terms` and `decode`; tests/test_search_browser.py checks that
both give the same answers.
"""

from __future__ import annotations

import re
import unicodedata

MARK = "_"
"""Starts every encoded token: a Pagefind word character that no reader types before a word."""

_WIDTH = 4
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"

# Kanji (with 々〆), hiragana, katakana with the prolonged sound mark ー, not the middle dot ・
# (U+30FB), which separates words. Half-width katakana are folded into these by NFKC.
_CJK = (
    "\u3005\u3006\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_RUN = re.compile(f"[{_CJK}]+")
_TOKEN = re.compile(rf"{MARK}((?:[0-9a-z]{{{_WIDTH}}})+)")


def normalize(text: str) -> str:
    """NFKC, without zero-width spaces (which Pagefind would take for word separators)."""
    return unicodedata.normalize("NFKC", text).replace("\u200b", "")


def _code(char: str) -> str:
    n, out = ord(char), ""
    for _ in range(_WIDTH):
        n, digit = divmod(n, 36)
        out = _DIGITS[digit] + out
    return out


def _pairs(run: str, *, with_last: bool) -> list[str]:
    """`run`'s bigrams; a run of one character is its own token. `with_last` adds the last
    character alone, so that a one-character query finds a character that ends a run."""
    if len(run) == 1:
        return [MARK + _code(run)]
    tokens = [MARK + _code(a) + _code(b) for a, b in zip(run, run[1:])]
    if with_last:
        tokens.append(MARK + _code(run[-1]))
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
        match = _TOKEN.fullmatch(word)
        if match is None:
            out += (" " if out and last is None else "") + word
            last = None
            continue
        codes = match.group(1)
        chars = "".join(chr(int(codes[i : i + _WIDTH], 36)) for i in range(0, len(codes), _WIDTH))
        out += chars[1:] if last == chars[0] else chars
        last = chars[-1]
    return out
