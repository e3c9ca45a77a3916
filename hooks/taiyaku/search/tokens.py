"""Text as search terms, the same way at build time (here) and in the browser (the mirror in
overrides/assets/javascripts/taiyaku-search.js, checked by tests/test_search_browser.py).

NFKC first, on both sides: full-width Latin and digits become ASCII (Ｏｐｕｓ　４．７ is Opus 4.7),
half-width katakana become full-width; then lower case. The text then splits into runs of kanji
and kana, and words (letters and digits) of any other script.

Japanese has no spaces and a dictionary segmenter disagrees with whatever the browser has
(pagefind#1237 is that bug), so a run of kanji and kana is indexed as its overlapping character
pairs, and triples where they have a hiragana, which need no dictionary and agree by construction:
a query's pairs and triples must all be in a section, and the browser then checks the query's
run is really there (福祉 inside モデル福祉, not 福 and 祉 apart). Triples with hiragana because
such pairs are everywhere: ていないと is four pairs that most sections have apart, and three
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
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
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
PLACES = 16
"""Places of a pair or triple told apart (modulo 8, one query in 150 of the bench corpus still had
250 sections whose triples only seemed to follow one another)."""
ONCE = 1 << 19
"""A pair or triple that starts only once in a section says exactly where: ONCE | its offset
(masks are below 1 << PLACES). Modulo 16, a 10,000-article bench corpus still had one query
whose last triple stood 128 characters after the rest of the run in 294 sections, which all
came before the 1,250 sections that have the run; the exact place tells them apart."""
PLACE_BITS = 20
"""Bits of a place: ONCE and an offset below it, or a mask."""


def normalize(text: str) -> str:
    """NFKC, without zero-width spaces (which would split a word in two)."""
    return unicodedata.normalize("NFKC", text).replace("\u200b", "")


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """`text`'s runs of kanji and kana and its words, lower case, in order: (piece, is_run)."""
    for match in _PIECE.finditer(normalize(text).lower()):
        run, word = match.groups()
        yield (run, True) if run else (word, False)


_HIRAGANA = re.compile("[\u3041-\u309f]")
"""Only triples with a hiragana are indexed. Pairs of kanji and katakana are rare enough to find
a word by; pairs with a hiragana (てい, ない, 超え) are on every page."""


def _triple_starts(run: str) -> list[int]:
    """Where a run's triples that have a hiragana start."""
    last = len(run) - 3
    starts: set[int] = set()
    for match in _HIRAGANA.finditer(run):
        at = match.start()
        starts.update(range(max(0, at - 2), min(at, last) + 1))
    return sorted(starts)


def _grams(run: str, starts: list[int]) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[i:i + 3] for i in starts] + [run[-1]]


def grams(run: str) -> list[str]:
    """A run's index terms: its overlapping character pairs, its triples with a hiragana, and
    its last character; a run of one is itself."""
    return _grams(run, _triple_starts(run))


def run_keys(run: str) -> list[str]:
    """The terms a query's run of two characters or more looks up, once each, in order: each
    stretch of three as its triple where that has a hiragana, else as its two pairs."""
    if len(run) < 3:
        return [run]
    keys: list[str] = []
    starts = set(_triple_starts(run))
    for i in range(len(run) - 2):
        keys += [run[i:i + 3]] if i in starts else [run[i:i + 2], run[i + 1:i + 3]]
    return list(dict.fromkeys(keys))


def _mask(place: int) -> int:
    """A place as a mask of offsets modulo PLACES."""
    return 1 << (place ^ ONCE) % PLACES if place & ONCE else place


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def terms(text: str, forms: dict[str, set[str]] | None = None) -> list[str]:
    """The index terms of `text`, in order. Into `forms` go the words that stem to another
    term, under that term (the index maps them for the browser)."""
    return scan(text, forms)[0]


def scan(text: str, forms: dict[str, set[str]] | None = None) -> tuple[list[str], set[str], dict[str, int]]:
    """`terms(text, forms)`, the words as written, and where each pair and triple of a run
    starts: ONCE | its offset where it starts once, else a mask of its offsets modulo PLACES. A
    query's run can only be where its pairs and triples, each moved back by its offset in the
    run, meet (the browser skips the sections where they do not, without downloading their text).
    One pass: the index scans every section."""
    found: list[str] = []
    words: set[str] = set()
    places: dict[str, int] = {}
    for match in _PIECE.finditer(normalize(text).lower()):
        run, word = match.groups()
        if run:
            starts = _triple_starts(run)
            found += _grams(run, starts)
            at = match.start()
            for size, where in ((2, range(len(run) - 1)), (3, starts)):
                for i in where:
                    gram, start = run[i:i + size], at + i
                    place = places.get(gram)
                    if place is None:
                        places[gram] = ONCE | start if start < ONCE else 1 << start % PLACES
                    else:
                        places[gram] = _mask(place) | 1 << start % PLACES
        else:
            root = stem(word)
            found.append(root)
            words.add(word)
            if forms is not None and root != word:
                forms.setdefault(root, set()).add(word)
    return found, words, places


_WORD = re.compile(f"[^\\W_{_CJK}]+")
"""A word, as `_PIECE`'s second group: its matches are the same words, whatever the runs between them."""
_RANGES = (
    (0x3005, 0x3006), (0x3041, 0x309F), (0x30A1, 0x30FA), (0x30FC, 0x30FF), (0x31F0, 0x31FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)
"""_CJK's ranges of code points (checked against it by tests/test_search_tokens.py)."""
_ANY_CJK = re.compile(f"[{_CJK}]")
_NO_CODES = np.zeros(0, dtype=np.int64)
_CODE_BITS = 18
"""Bits of a kanji or kana's code point (all below 0x3134F), three to a gram's code."""
_NONE = (1 << _CODE_BITS) - 1
"""The code of no character: where a pair or a single character has no third or second."""


@dataclass(frozen=True)
class Tally:
    """A text's terms counted (what `scan` finds, counted in arrays rather than one by one in
    Python: a Japanese section has thousands of pairs and triples, and the index scans all of them).
    """

    codes: npt.NDArray[np.int64]
    """The distinct pairs, triples and single characters of its runs, each as three code points (`gram`), sorted."""
    counts: npt.NDArray[np.int64]
    """How often each of `codes` occurs."""
    places: npt.NDArray[np.int64]
    """Where each of `codes` starts, as `scan` says (0 for a single character)."""
    words: list[str]
    """Its words as written (lower case), in order: their stems are terms too."""


def tally(text: str) -> Tally:
    """`scan(text)`, counted: its runs' grams as codes, and its words."""
    text = normalize(text).lower()
    if not _ANY_CJK.search(text):  # an English section: words only
        return Tally(_NO_CODES, _NO_CODES, _NO_CODES, _WORD.findall(text))
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    cjk = np.zeros(len(points), dtype=bool)
    for low, high in _RANGES:
        cjk |= (points >= low) & (points <= high)
    hiragana = (points >= 0x3041) & (points <= 0x309F)
    edges = np.diff(cjk.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    ends = np.flatnonzero(edges == -1)  # where each run ends (after its last character)
    pairs = np.flatnonzero(cjk[:-1] & cjk[1:])  # where each pair of a run starts
    three = cjk[:-2] & cjk[1:-1] & cjk[2:] & (hiragana[:-2] | hiragana[1:-1] | hiragana[2:])
    triples = np.flatnonzero(three)
    shift = _CODE_BITS
    first, second = points << 2 * shift, points << shift
    codes = np.concatenate((
        first[pairs] | second[pairs + 1] | _NONE,
        first[triples] | second[triples + 1] | points[triples + 2],
        first[ends - 1] | _NONE << shift | _NONE,
    ))
    starts = np.concatenate((pairs, triples, np.full(len(ends), -1)))  # -1: a single character, not placed
    order = np.argsort(codes, kind="stable")  # a gram's starts in order: its first is where it starts first
    codes, starts = codes[order], starts[order]
    group = np.flatnonzero(np.diff(codes, prepend=np.int64(-1)))
    counts = np.diff(group, append=len(codes))
    masks = np.where(starts >= 0, 1 << starts % PLACES, 0)
    masks = np.bitwise_or.reduceat(masks, group) if len(group) else masks
    first_start = starts[group]
    places = np.where((counts == 1) & (first_start >= 0) & (first_start < ONCE), ONCE | first_start, masks)
    return Tally(codes[group], counts, places, _WORD.findall(text))


def gram(code: int) -> str:
    """The gram a code stands for."""
    points = (code >> 2 * _CODE_BITS, code >> _CODE_BITS & _NONE, code & _NONE)
    return "".join(chr(point) for point in points if point != _NONE)
