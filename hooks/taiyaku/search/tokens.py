"""Text as search terms, the same way at build time (here) and in the browser (the mirror in
overrides/assets/javascripts/taiyaku-search.js, checked by tests/test_search_browser.py).

NFKC first, on both sides: full-width Latin and digits become ASCII (Ｏｐｕｓ　４．７ is Opus 4.7),
half-width katakana become full-width; then lower case. The text then splits into runs of kanji
and kana, and words (letters and digits) of any other script.

Japanese has no spaces and a dictionary segmenter disagrees with whatever the browser has
(pagefind#1237 is that bug), so a run of kanji and kana is indexed as its overlapping character
pairs and triples, which need no dictionary and agree by construction: a query's triples (a
pair, for a query of two characters) must all be in a section, and the browser then checks the
query's run is really there (福祉 inside モデル福祉, not 福 and 祉 apart). Triples because pairs
of kana are everywhere: ていないと is four pairs that most sections have apart, and three
triples that few have. Each run also gives its last character alone, so that a one-character
query finds a character that ends a run.

Words are indexed as their Snowball English stems (exports, exported → export). Only the build
stems: the index maps each word it saw to its stem (index.py), so the browser needs no stemmer
that would have to agree with this one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# Kanji (with 々〆), hiragana, katakana with the prolonged sound mark ー, not the middle dot ・
# (U+30FB), which separates words. Half-width katakana are folded into these by NFKC.
_CJK = (
    "\u3005\u3006\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_PIECE = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
"""A run of kanji and kana, or a word: other letters and digits (\\w without the underscore)."""

_STEMMER = Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """NFKC, without zero-width spaces (which would split a word in two)."""
    return unicodedata.normalize("NFKC", text).replace("\u200b", "")


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """`text`'s runs of kanji and kana and its words, lower case, in order: (piece, is_run)."""
    for match in _PIECE.finditer(normalize(text).lower()):
        run, word = match.groups()
        yield (run, True) if run else (word, False)


def grams(run: str) -> list[str]:
    """A run's index terms: its overlapping character pairs and triples, and its last character;
    a run of one is itself."""
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[i:i + 3] for i in range(len(run) - 2)] + [run[-1]]


def run_keys(run: str) -> list[str]:
    """The terms a query's run of two characters or more looks up: its triples, or itself."""
    return [run[i:i + 3] for i in range(len(run) - 2)] or [run]


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def terms(text: str, forms: dict[str, set[str]] | None = None) -> list[str]:
    """The index terms of `text`, in order. Into `forms` go the words that stem to another
    term, under that term (the index maps them for the browser)."""
    found: list[str] = []
    for piece, is_run in pieces(text):
        if is_run:
            found += grams(piece)
        else:
            root = stem(piece)
            found.append(root)
            if forms is not None and root != piece:
                forms.setdefault(root, set()).add(piece)
    return found
