"""One language's search index, written as static files the browser fetches a few at a time.

Why not Pagefind: every query term costs a download as long as the term's list of pages, and a
common term (or a common pair of kana) is on most pages, so the first search of a 10,000-article
archive moved twice the bytes of a 1,000-article one. Here each term keeps only its TOP_K best
sections, ranked by BM25 at build time, so a query downloads about the same at any archive size;
and the build is ours, with no Japanese segmenter to run (tokens.py).

Layout of `<out>/` (every `.jz` file is gzip-compressed JSON):

- `index.jz`: `{"v": version, "r": IMPACT_RANGE, "q": IMPACT_TOP, "chunks": [where each chunk
  starts], "sections": n, "articles": n}`.
- `c/<i>.jz`, the chunks: the term dictionary, sorted by key and cut into chunks of about
  CHUNK_BYTES, so the browser finds a key's chunk by binary search in `chunks` (each the
  shortest string that sorts after the last key before it and not after the chunk's first) and
  a prefix's keys lie together. A chunk is `{key: entry}`, where entry is
  - `"t"`: a term's `[df, floor, postings, rest?]`. `df` counts every section that has it; `postings`
    are its best sections, at most TOP_K, as flat triples `[article delta, section, impact]`
    in article order. An impact is the section's BM25 score as a byte (`_Builder._impacts`) plus 256
    times where the term stands: 2 in the article's title, 1 in the section's heading, 0 in the
    text only; a reader looking for a word expects the title that has it first. `floor` is 0
    when the list is complete, else the lowest impact kept: no missing section scores above
    it; then `rest` numbers the list's further pages (below). A Japanese pair's or triple's list
    ends with where in each section it stands (`tokens.scan`), one number per
    section: a mask of its offsets modulo 16, or -1 - its offset where it starts only once:
    `[df, floor, postings, rest or null, places]`.
  - `"e"`: for a word of the text whose stem other words share, the sections that have this very
    word (the stem's impacts there), in the same form: a reader who types "models" expects the
    sections that say "models" before those that only say "model" or "modeling".
  - `"f"`: for a word the text used, the term it stems to, when they differ;
  - `"w"`: for a stem, the words of the text that stem to it (the browser matches and marks
    those in the text, having no stemmer of its own).
- `r/<rest>-<page>.jz`, the rest of a list that was cut, the better sections on the earlier
  pages, in pages of TOP_K * 4, TOP_K * 16, ... postings: `[floor, postings, places?]`,
  `floor` as above (0 on the last page). The
  browser fetches a page only when what it has cannot prove its first results are the best, so
  a query of common terms is answered exactly, and pays for it only then.
- `f/<article>-<section>.jz`, the fragments: `{"u": url, "t": title, "h": heading, "x": text}`,
  one per section, so that a result's excerpt is cut from the very text that was indexed and a
  search downloads only the sections it shows. A section of a line-aligned article adds `"p"`,
  its paragraphs (sections.py) in `x`, each as three numbers: k less the k before it, where it
  starts less where the one before it ended, its length (none, `[]`, in a section without).
- `p/<slug>.jz`, for each line-aligned article (named by its URL's last segment, which both
  languages share): `{"a": article, "s": [section, first k, last k, ...]}`, the sections that
  hold its paragraphs. A search in the other language that matched its paragraph k finds here
  the fragment of this language's paragraph k, without knowing this index's article numbers.

`?v=version` on every file the browser fetches keeps a cached chunk from meeting a newer index.

An incremental build (`update`) writes the same files, byte for byte, as a clean one (`write`):
articles are counted once (`prepare`) and kept; every impact is computed again (BM25's statistics
move with every article), for every posting at once in arrays; then a key's JSON, a chunk or a rest
page is made again only when what it is made from changed, and a file written only then.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import math
import os
import shutil
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from taiyaku.memory import trim
from taiyaku.search.sections import Section
from taiyaku.search.tokens import ONCE, PLACE_BITS, gram, normalize, scan, stem, tally, terms

TOP_K = 200
"""Sections kept per term in its chunk: mostly enough to prove a page of results; the rest
is fetched when not."""
CHUNK_BYTES = 2_500
"""Compressed bytes per chunk (about: a chunk is cut when the last one's ratio says it is there).
Over the wire, not before compression: a larger archive's posting lists compress less well, and
a query's download must not grow with the archive."""
MAX_FORMS = 24
"""Words listed per stem."""
HEADING_WEIGHT = 2
"""A heading's (or the title's) terms count this many extra times in their section."""
IMPACT_RANGE = 1e4
IMPACT_TOP = 255
"""Impacts are on a log scale: IMPACT_TOP is the highest score possible, 1 is that over IMPACT_RANGE
or less. A byte's steps of 3.7 % cost the first 10 results of the bench corpus's queries 0.4 %
of their BM25 score, 12 bits nothing, for 70 % more bytes. The browser gets the range and the
top in `index.jz` ("r", "q") to add impacts as scores."""
_FIELD_SHIFT = 8
_LOG_RANGE = math.log(IMPACT_RANGE)
_K1, _B = 1.2, 0.75  # BM25
# A posting's bits (Prepared.bits) are place << 8 | field << 6 | min(tf, 63): 28 bits, its section apart.
_TF_BITS = 6
_TF_MAX = (1 << _TF_BITS) - 1
_PLACES_SHIFT = _TF_BITS + 2
TITLE, HEADING, TEXT = 2, 1, 0
"""Where a term stands in a section, best first: its article's title, its heading, its text."""
SECTION_KEY = 4096
"""The browser's key of a section: article * SECTION_KEY + its number in the article."""
PAGE_GROWTH = 4
"""Each further page of a cut list holds this many times the postings of the one before."""


@dataclass(frozen=True)
class Document:
    url: str
    """Relative to the site root: `articles/x/`, `en/articles/x/`."""
    title: str
    sections: list[Section]


@dataclass(frozen=True)
class Written:
    articles: int
    sections: int


class Vocabulary:
    """A number for each term, so that an article's postings are two arrays of numbers: kept
    with the articles prepared with it (bundle.py's cache), only ever growing."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.numbers: dict[str, int] = {}
        self.codes: dict[int, int] = {}
        """A gram's number by its code (tokens.tally), for the grams looked up so far: not kept."""

    def number(self, term: str) -> int:
        number = self.numbers.get(term)
        if number is None:
            number = self.numbers[term] = len(self.keys)
            self.keys.append(term)
        return number

    def numbered(self, codes: list[int]) -> list[int]:
        """The numbers of the grams `codes` stand for."""
        known = self.codes
        numbers: list[int | None] = list(map(known.get, codes))
        if None in numbers:
            for at, number in enumerate(numbers):
                if number is None:
                    numbers[at] = known[codes[at]] = self.number(gram(codes[at]))
        return numbers  # type: ignore[return-value]  # None no more

    def __getstate__(self) -> list[str]:
        return self.keys

    def __setstate__(self, keys: list[str]) -> None:
        self.keys, self.numbers = keys, {key: number for number, key in enumerate(keys)}
        self.codes = {}


@dataclass(frozen=True)
class Prepared:
    """An article as the index needs it, whatever the other articles are: what an incremental
    build keeps of an unchanged article, so that it is neither parsed nor counted again."""

    fragments: tuple[bytes, ...]
    """Its sections' fragment files (their names depend on the article's place: `write`)."""
    lengths: array[int]
    """Terms per section (BM25's section length)."""
    sizes: array[int]
    """Distinct terms per section: how many of `terms` are each section's."""
    terms: array[int]
    """The terms of each section in turn, by their number in the Vocabulary."""
    bits: array[int]
    """For each of `terms`: place << 8 | field << 6 | min(tf, 63)."""
    words: tuple[frozenset[str], ...]
    """The words of each section's text as written (lower case)."""
    paragraphs: tuple[str, tuple[int, ...]] | None = None
    """A line-aligned article's p/ file name and table ([section, first k, last k, ...]); its
    article number is added when written."""


def prepare(document: Document, vocabulary: Vocabulary) -> Prepared:
    title = normalize(document.title).strip()
    fragments: list[bytes] = []
    lengths, sizes, terms, bits = array("q"), array("q"), array("i"), array("I")
    words: list[frozenset[str]] = []
    held: list[int] = []  # the p/ table's [section, first k, last k, ...]
    aligned = any(section.paragraphs for section in document.sections)
    for index, section in enumerate(document.sections):
        url = document.url + (f"#{section.anchor}" if section.anchor else "")
        fragment: dict[str, object] = {"u": url, "t": title, "h": normalize(section.heading), "x": normalize(section.text)}
        if aligned:  # every section says so, even one without paragraphs: its title translates
            fragment["p"] = _paragraphs(section)
        if section.paragraphs:
            ks = [k for k, _, _ in section.paragraphs]
            held += (index, min(ks), max(ks))
        fragments.append(_pack(fragment))
        numbers, counts, bits_of, found_words = _numbered(document, index, vocabulary)
        lengths.append(int(counts.sum()))
        sizes.append(len(numbers))
        terms.frombytes(numbers.astype(np.int32).tobytes())
        bits.frombytes(bits_of.astype(np.uint32).tobytes())
        words.append(frozenset(found_words))
    slug = document.url.rstrip("/").rsplit("/", 1)[-1]
    table = (f"{slug}.jz", tuple(held)) if held else None
    return Prepared(tuple(fragments), lengths, sizes, terms, bits, tuple(words), table)


Stamps = dict[str, tuple[int, int, bytes]]
"""What `update` wrote at its `out`: a file's name -> its size, mtime and the digest of what it
was made from."""
Pairs = dict[str, tuple[bytes, bytes]]
"""The dictionary's keys as `update` last wrote them: key -> the digest of its entry, and its
`"key":entry` JSON."""


def write(documents: Iterable[Document], out: Path) -> Written:
    """The index of `documents` (one language) at `out`, replacing what was there."""
    vocabulary = Vocabulary()
    shutil.rmtree(out, ignore_errors=True)
    return update([prepare(document, vocabulary) for document in documents], vocabulary, out, {}, {})


def update(articles: list[Prepared], vocabulary: Vocabulary, out: Path, stamps: Stamps, pairs: Pairs) -> Written:
    """The index of `articles`, in their order, at `out`: the same files, byte for byte, as
    `write` of their documents, writing only those that differ from what `stamps` says was
    written there (and then it says what is there now; `pairs` likewise keeps the dictionary's
    JSON). `articles` is emptied as the index is made (see _Builder)."""
    if not stamps:  # nothing known of what is there
        shutil.rmtree(out, ignore_errors=True)
    files = _Files(out, stamps)
    for article, prepared in enumerate(articles):
        for index, data in enumerate(prepared.fragments):
            files.put(f"f/{article}-{index}.jz", data)
        if prepared.paragraphs:
            name, held = prepared.paragraphs
            files.put(f"p/{name}", _pack({"a": article, "s": list(held)}))
    count = len(articles)
    builder = _Builder(articles, vocabulary)
    chunks = builder.write_chunks(files, pairs)
    meta = {"v": files.version.hexdigest()[:12], "r": IMPACT_RANGE, "q": IMPACT_TOP, "chunks": chunks}
    meta |= {"sections": builder.sections, "articles": count}
    files.put("index.jz", _pack(meta))  # last: a browser that has it finds every file it names
    files.finish()
    return Written(count, builder.sections)


class _Files:
    """An index's files at `out`, each written only when its bytes differ from the file there;
    with their digest (the index's version)."""

    def __init__(self, out: Path, stamps: Stamps) -> None:
        self.out, self.stamps, self.version = out, stamps, hashlib.sha1()
        self.before = {name: stamp[2] for name, stamp in stamps.items() if _stat(out / name) == stamp[:2]}
        self.seen: set[str] = set()
        for folder in ("c", "f", "p", "r"):
            (out / folder).mkdir(parents=True, exist_ok=True)

    def put(self, name: str, data: bytes) -> None:
        self.make(name, hashlib.blake2b(data, digest_size=16).digest(), lambda: data)

    def make(self, name: str, digest: bytes, make: Callable[[], bytes], versioned: bool = True) -> int:
        """Write `make()` as `name` unless the file there was made from what `digest` digests
        (the same content, the same bytes: they are made the same way); returns its size.
        `versioned=False`: the caller adds the digest to the version later, in its place."""
        if name != "index.jz" and versioned:
            self.version.update(digest)
        self.seen.add(name)
        if self.before.get(name) == digest:
            return self.stamps[name][0]
        path = self.out / name
        data = make()
        # Whole or not at all: a browser (or `mkdocs serve`'s test) reading the index while it
        # is updated in place saw an empty index.jz now and then.
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        self.stamps[name] = (*_stat(path), digest)
        return len(data)

    def finish(self) -> None:
        """Remove what the index does not have (any more)."""
        for folder in ("c", "f", "p", "r"):
            for entry in os.scandir(self.out / folder):
                if f"{folder}/{entry.name}" not in self.seen:
                    os.unlink(entry.path)
        for name in self.stamps.keys() - self.seen:
            del self.stamps[name]


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Counted:
    """A section as the index counts it."""

    counts: Counter[str]
    """Its terms, with the heading's (or on the first section, the title's) HEADING_WEIGHT times more."""
    fields: dict[str, int]
    """TITLE or HEADING for the terms of its title or heading (others are TEXT)."""
    words: set[str]
    """The words of its text as written (lower case), to tell a word from its stem's relatives."""
    places: dict[str, int]
    """Where its Japanese pairs and triples start (tokens.scan)."""


def counted(document: Document, index: int, forms: dict[str, set[str]] | None = None) -> Counted:
    """Section `index` of `document`, counted: what the index (and tests/search_reference.py) score."""
    section = document.sections[index]
    found, words, places = scan(section.text, forms)
    counts = Counter(found)
    heading = normalize(section.heading)
    title = normalize(document.title).strip() if index == 0 and not heading else ""
    fields: dict[str, int] = {}
    for term in terms(heading or title):
        counts[term] += HEADING_WEIGHT
        fields[term] = HEADING if heading else TITLE
    return Counted(counts, fields, words, places)


def _numbered(document: Document, index: int, vocabulary: Vocabulary) -> tuple[_Ints, _Ints, _Ints, list[str]]:
    """`counted(document, index)` as `prepare` keeps it, in arrays: its terms' numbers, their
    counts and their bits (see Prepared), and its words."""
    section = document.sections[index]
    found = tally(section.text)
    stems = Counter(map(stem, found.words))  # never a gram: words have no kanji nor kana
    numbers = np.array(vocabulary.numbered(found.codes.tolist()) + [vocabulary.number(t) for t in stems], dtype=np.int64)
    counts = np.concatenate((found.counts, np.fromiter(stems.values(), np.int64, len(stems))))
    places = np.concatenate((found.places, np.zeros(len(stems), np.int64)))
    fields = np.full(len(numbers), TEXT, dtype=np.int64)
    heading = normalize(section.heading)
    title = normalize(document.title).strip() if index == 0 and not heading else ""
    extra = Counter(vocabulary.number(term) for term in terms(heading or title))
    if extra:
        named = np.fromiter(extra, np.int64, len(extra))
        added = np.fromiter(extra.values(), np.int64, len(extra)) * HEADING_WEIGHT
        sorter = np.argsort(numbers)
        at = sorter[np.minimum(np.searchsorted(numbers, named, sorter=sorter), max(len(numbers) - 1, 0))] if len(numbers) else named * 0
        known = numbers[at] == named if len(numbers) else np.zeros(len(named), dtype=bool)
        counts[at[known]] += added[known]
        fields[at[known]] = HEADING if heading else TITLE
        fresh = ~known
        numbers = np.concatenate((numbers, named[fresh]))
        counts = np.concatenate((counts, added[fresh]))
        places = np.concatenate((places, np.zeros(int(fresh.sum()), np.int64)))
        fields = np.concatenate((fields, np.full(int(fresh.sum()), HEADING if heading else TITLE, dtype=np.int64)))
    bits = places << _PLACES_SHIFT | fields << _TF_BITS | np.minimum(counts, _TF_MAX)
    return numbers, counts, bits, found.words


def bm25(tf: int, df: int, length: int, sections: int, average: float) -> float:
    """The BM25 score of a term used `tf` times in a section of `length` terms."""
    weight = math.log(1 + (sections - df + 0.5) / (df + 0.5)) * (_K1 + 1)
    return weight * tf / (tf + _K1 * (1 - _B + _B * length / average))


_Ints = npt.NDArray[np.integer[Any]]
_BLOCK = 1 << 20
"""Postings scored at a time."""
_ARTICLES = 256
"""Articles counted or placed at a time (_Builder): few enough that a batch's copies are small."""
_PASSES = 4
"""Term ranges placed in turn (_Builder._placed)."""
_Batch = tuple[_Ints, _Ints, _Ints]
"""Postings of a few articles: their terms, bits and sections."""


class _Builder:
    """The dictionary of prepared articles: every posting's impact at once, in arrays (an
    incremental build scores every section again, as BM25's statistics moved)."""

    def __init__(self, articles: list[Prepared], vocabulary: Vocabulary) -> None:
        """Empties `articles` as their postings are placed (_placed): if the caller keeps no
        other reference to them (bundle.py saves its cache of them first), their memory goes as
        the arrays that replace them fill."""
        self.keys = vocabulary.keys
        counts = np.array([len(prepared.fragments) for prepared in articles], dtype=np.int64)
        self.sections = int(counts.sum())
        # Each section's article, and its number in it.
        self.article: _Ints = np.repeat(np.arange(len(articles), dtype=np.int32), counts)
        self.index: _Ints = (np.arange(self.sections) - np.repeat(np.cumsum(counts) - counts, counts)).astype(np.int32)
        self.words: dict[str, list[int]] = defaultdict(list)  # word: section numbers
        number = 0
        for prepared in articles:
            for found in prepared.words:
                for word in found:
                    self.words[word].append(number)
                number += 1
        lengths = _joined([prepared.lengths for prepared in articles], np.int64)
        df = self._counted(articles, len(self.keys))
        ends = np.cumsum(df)
        used = np.flatnonzero(df)  # each group's term, in order
        self.starts: _Ints = (ends - df)[used]
        self.ends: _Ints = ends[used]
        self.group = {self.keys[term]: g for g, term in enumerate(used.tolist())}
        bits, self.section = self._placed(articles, df)
        places = np.empty(len(bits), dtype=np.int32)
        np.right_shift(bits, _PLACES_SHIFT, out=places.view(np.uint32))
        np.bitwise_and(places, (1 << PLACE_BITS) - 1, out=places)
        self.placed = np.maximum.reduceat(places, self.starts) > 0 if len(places) else np.zeros(0, bool)
        # As the browser reads a place: a mask, or -1 - the offset where a term starts only once.
        once = places >= ONCE  # a mask is below ONCE
        np.bitwise_xor(places, ONCE, out=places, where=once)
        np.subtract(-1, places, out=places, where=once)
        del once
        self.places: _Ints = places
        self.impacts = self._impacts(lengths, bits)  # in bits' place: no fourth array of postings
        self.forms: dict[str, set[str]] = defaultdict(set)
        for word in self.words:
            root = stem(word)
            if root != word:
                self.forms[root].add(word)
        self.rests = 0  # cut lists so far
        self.files: _Files | None = None  # where write_chunks writes
        self.rest_digests: list[bytes] = []  # of the rests' pages written, in order
        self._small_flats()

    @staticmethod
    def _counted(articles: list[Prepared], size: int) -> _Ints:
        """Each term's df (its number of sections): a batch of articles at a time, as a count
        is as long as the vocabulary."""
        df = np.zeros(size, dtype=np.int64)
        for first in range(0, len(articles), _ARTICLES):
            df += np.bincount(_joined([prepared.terms for prepared in articles[first : first + _ARTICLES]], np.int32), minlength=size)
        return df

    @staticmethod
    def _placed(articles: list[Prepared], df: _Ints) -> tuple[_Ints, _Ints]:
        """Every posting's bits and section, grouped by term, each group in section order, as a
        stable sort by term would leave them, without a sort's copies of every posting.

        A posting goes straight to the next free place of its term's group. Scattered like this,
        a batch of postings touches pages all over the arrays, so the terms are placed in
        _PASSES ranges, each filling its part of the arrays from what the last left: the first
        from the articles, letting go of each (the caller saves them first), and keeping the
        postings of later ranges, which the next passes shed in turn. The articles and the arrays
        they become are never all in memory together (at 10,000 articles, some 40 million
        postings: each 4 bytes a posting is 150 MB of the Japanese indexer's peak)."""
        ends = np.cumsum(df)
        total = int(ends[-1]) if len(ends) else 0
        cursor = ends - df  # where each term's next posting goes
        bits, section = np.empty(total, dtype=np.uint32), np.empty(total, dtype=np.int32)
        # Each pass's terms end where this many postings are placed: ranges of equal postings.
        bounds = np.searchsorted(ends, [total * (k + 1) // _PASSES for k in range(_PASSES)], side="right")
        batches: Iterator[_Batch] = _batches(articles)
        for bound in bounds.tolist():
            kept: deque[_Batch] = deque()
            for numbers, their_bits, sections in batches:
                now = numbers < bound
                if not now.all():
                    later = ~now
                    kept.append((numbers[later], their_bits[later], sections[later]))
                numbers, their_bits, sections = numbers[now], their_bits[now], sections[now]
                order = np.argsort(numbers, kind="stable")
                grouped = numbers[order]
                heads = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1]))) if len(grouped) else grouped
                lengths = np.diff(np.append(heads, len(grouped)))
                at = cursor[grouped] + np.arange(len(grouped)) - np.repeat(heads, lengths)
                bits[at], section[at] = their_bits[order], sections[order]
                cursor[grouped[heads]] += lengths
                trim()  # the batch it came from was on the heap: freed, it stays with the process until then
            batches = _drained(kept)
        return bits, section

    def _impacts(self, lengths: _Ints, bits: _Ints) -> _Ints:
        """Every posting's impact (see the module's docstring), as `bm25` makes it, on a log scale: IMPACT_TOP at the
        highest score possible, down to 1 at that over IMPACT_RANGE (a common term's scores are
        hundreds of times smaller than a rare one's, and still need telling apart). Written over
        `bits`, which are not needed after."""
        sections = self.sections
        if not len(bits):  # no section: no term (and no top score to scale by)
            return np.zeros(0, dtype=np.int32)
        average = int(lengths.sum()) / max(sections, 1)
        norms = _K1 * (1 - _B + _B * lengths / average)
        df = self.ends - self.starts
        weights = np.log(1 + (sections - df + 0.5) / (df + 0.5)) * (_K1 + 1)
        top = math.log(1 + (sections - 0.5) / 1.5) * (_K1 + 1) or 1.0
        per_log = (IMPACT_TOP - 1) / _LOG_RANGE
        offset = IMPACT_TOP + 0.5 - per_log * math.log(top)  # +0.5: truncating then rounds
        impacts: _Ints = bits.view(np.int32)  # each block's bits are read before its impacts replace them
        for start in range(0, len(bits), _BLOCK):  # a block at a time: floats of every posting would take gigabytes
            end = min(start + _BLOCK, len(bits))
            block = bits[start:end]
            group = np.searchsorted(self.starts, np.arange(start, end), side="right") - 1
            tf = (block & _TF_MAX).astype(np.float64)
            scores = weights[group] * tf / (tf + norms[self.section[start:end]])
            quantized = np.maximum(1, (per_log * np.log(scores) + offset).astype(np.int64))
            impacts[start:end] = quantized | (block >> _TF_BITS & 3) << _FIELD_SHIFT
        return impacts

    def write_chunks(self, files: _Files, pairs: Pairs) -> list[str]:
        """The dictionary in chunks, and the rests of cut lists; returns where each chunk starts.
        A key's `"key":entry` JSON is taken from `pairs` when its content is the same (and put
        there when not): most keys' lists do not change when one article does."""
        starts: list[str] = []
        chunk: list[bytes] = []  # the chunk's `"key":entry` pairs, as JSON
        size = 0
        ratio = 0.25  # compressed / uncompressed, as the last chunk had it
        previous = ""
        seen: set[str] = set()
        self.files = files
        for key, entry in self._entries():
            digest = _digest(entry)
            known = pairs.get(key)
            if known is None or known[0] != digest:
                known = pairs[key] = (digest, _json(key) + b":" + _json(_plain(entry)))
            pair = known[1]
            seen.add(key)
            if chunk and size * ratio >= CHUNK_BYTES:
                packed = self._flush(files, f"c/{len(starts) - 1}.jz", chunk)
                ratio, chunk, size = packed / size, [], 0
            if not chunk:
                starts.append(_separator(previous, key))
            chunk.append(pair)
            size += len(pair)
            previous = key
        if chunk:
            self._flush(files, f"c/{len(starts) - 1}.jz", chunk)
        for key in pairs.keys() - seen:
            del pairs[key]
        for digest in self.rest_digests:  # the rests' place in the version: after the chunks, as ever
            files.version.update(digest)
        return starts

    @staticmethod
    def _flush(files: _Files, name: str, chunk: list[bytes]) -> int:
        """Write a chunk; returns its compressed size."""
        joined = b"{" + b",".join(chunk) + b"}"
        digest = hashlib.blake2b(joined, digest_size=16).digest()
        return files.make(name, digest, lambda: gzip.compress(joined, compresslevel=6, mtime=0))

    def _entries(self) -> Iterator[tuple[str, dict[str, object]]]:
        """Each key's entry, in _js_order (the cut lists' rests numbered in that order too); posting
        lists as arrays (`_plain` makes them JSON's). Each is given as soon as it is whole: a
        word's "e" comes from its root, which seldom sorts after it, and only then do the
        entries wait (all of them, at 10,000 articles, held 140 MB of lists)."""
        keys = set(self.group) | set(self.forms) | {word for words in self.forms.values() for word in words}
        roots = {word: root for root, words in self.forms.items() for word in words}
        listed: dict[str, object] = {}  # "e": by word, from its root
        done: set[str] = set()  # the keys whose own lists are made
        waiting: deque[tuple[str, dict[str, object]]] = deque()
        for key in sorted(keys, key=_js_order):
            entry: dict[str, object] = {}
            g = self.group.get(key)
            if g is not None:
                start, end = int(self.starts[g]), int(self.ends[g])
                entry["t"] = self._posting_list(g)
                words = self.forms.get(key, set()) | ({key} if key in self.words and stem(key) == key else set())
                if len(words) > 1:  # relatives to tell apart
                    impact = dict(zip(self.section[start:end].tolist(), self.impacts[start:end].tolist()))
                    for word in sorted(words, key=_js_order):
                        sections = self.words[word]
                        listed[word] = self._cut(
                            np.array(sections, dtype=np.int64), np.array([impact[n] for n in sections], dtype=np.int64), None
                        )
            done.add(key)
            waiting.append((key, entry))
            # Every root is a key: once the last key is made, none waits.
            while waiting and roots.get(waiting[0][0], key) in done:
                yield self._whole(*waiting.popleft(), listed, roots)

    def _whole(self, key: str, entry: dict[str, object], listed: dict[str, object], roots: dict[str, str]) -> tuple[str, dict[str, object]]:
        """`entry` with its "e", "f" and "w", once its root's lists are made."""
        if key in listed:
            entry["e"] = listed.pop(key)
        if key in roots:
            entry["f"] = roots[key]
        if key in self.forms:
            # Ties by the word, not the set's order (which changes with each process's string hashing):
            # the same index, byte for byte, at every build.
            entry["w"] = sorted(self.forms[key], key=lambda word: (len(word), word))[:MAX_FORMS]
        return key, entry

    def _posting_list(self, g: int) -> list[object]:
        """`[df, floor, flat, rest?, places?]` (see the module's docstring) of term `g`'s postings."""
        start, end, placed = int(self.starts[g]), int(self.ends[g]), bool(self.placed[g])
        if end - start <= TOP_K:  # the whole list, its flat triples made for every term at once
            small = int(self.small[g])
            flat = self.flat[small : small + end - start]
            return [end - start, 0, flat, None, self.places[start:end]] if placed else [end - start, 0, flat]
        return self._cut(self.section[start:end], self.impacts[start:end], self.places[start:end] if placed else None)

    def _cut(self, numbers: _Ints, impacts: _Ints, places: _Ints | None) -> list[object]:
        """`[df, floor, flat, rest?, places?]` of a list of sections and their impacts."""

        def listed(chosen: _Ints, floor: int) -> list[object]:
            """[floor, flat, places?]"""
            flat = self._flat(numbers[chosen], impacts[chosen])
            return [floor, flat, places[chosen]] if places is not None else [floor, flat]

        df = len(numbers)
        if df <= TOP_K:
            head = listed(np.arange(df), 0)
            return [df, *head[:2], *([None, head[2]] if places is not None else [])]
        best = np.lexsort((numbers, -impacts))
        pages: list[list[object]] = []
        start, size = TOP_K, TOP_K * PAGE_GROWTH
        while start < df:
            end = min(start + size, df)
            pages.append(listed(np.sort(best[start:end]), int(impacts[best[end - 1]]) if end < df else 0))
            start, size = end, size * PAGE_GROWTH
        head = listed(np.sort(best[:TOP_K]), int(impacts[best[TOP_K - 1]]))
        return [df, *head[:2], self._rest(pages), *head[2:]]

    def _rest(self, pages: list[list[object]]) -> int:
        """Write the further pages of a cut list now, and number it: kept until the chunks were
        written, the rests of a 10,000-article Japanese index took most of its indexer's peak."""
        assert self.files is not None, "rests are written by write_chunks"
        number, self.rests = self.rests, self.rests + 1
        for page, content in enumerate(pages):
            digest = _digest(content)
            self.files.make(f"r/{number}-{page}.jz", digest, functools.partial(_packed, content), versioned=False)
            self.rest_digests.append(digest)
        return number

    def _flat(self, numbers: _Ints, impacts: _Ints, dtype: type = np.int64) -> _Ints:
        """Postings (in section order) as triples `[article delta, section, impact]`. Of 64 bits
        in a rest's pages: the index's version is made of their digests, which read the bytes."""
        flat: _Ints = np.empty((len(numbers), 3), dtype=dtype)
        articles = self.article[numbers]
        flat[:, 0] = articles
        flat[1:, 0] -= articles[:-1]
        flat[:, 1] = self.index[numbers]
        flat[:, 2] = impacts
        return flat

    def _small_flats(self) -> None:
        """The flat triples of every list short enough to be whole (most lists), in one go:
        `flat[small[p]]` is posting p's, for p in such a list."""
        df = self.ends - self.starts
        listed = np.where(df <= TOP_K, df, 0)
        self.small: _Ints = np.cumsum(listed) - listed  # by list: where its triples start
        short = np.flatnonzero(df <= TOP_K)
        # Where the short lists' postings are, by number, not by a mask of every posting (two
        # such masks were 80 MB of the indexer's peak at 10,000 articles).
        postings = np.arange(int(listed.sum())) + np.repeat(self.starts[short] - self.small[short], df[short])
        numbers = self.section[postings]
        # Of 32 bits while they wait (half the memory: the deltas, sections and impacts are small).
        self.flat: _Ints = self._flat(numbers, self.impacts[postings], np.int32)
        heads = self.small[short]  # each list's first triple: its article, not a delta
        self.flat[heads, 0] = self.article[numbers[heads]]


def _digest(value: dict[str, object] | list[object]) -> bytes:
    """A digest of an entry (its fields' lists, strings and lists of strings) or of a rest page,
    its arrays by their bytes: what the JSON would say, without making it."""
    digest = hashlib.blake2b(digest_size=16)
    for name, field in value.items() if isinstance(value, dict) else (("", value),):
        digest.update(name.encode())
        for item in field if isinstance(field, list) else (field,):
            if isinstance(item, np.ndarray):
                digest.update(b"%d:" % item.size)
                digest.update(np.ascontiguousarray(item).data)
            else:
                digest.update(repr(item).encode())
            digest.update(b",")
    return digest.digest()


def _packed(value: object) -> bytes:
    return _pack(_plain(value))


def _plain(value: object) -> object:
    """`value` with its arrays as lists (flat), for JSON."""
    if isinstance(value, np.ndarray):
        return value.ravel().tolist()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {name: _plain(item) for name, item in value.items()}
    return value


def _batches(articles: list[Prepared]) -> Iterator[_Batch]:
    """The articles' postings, _ARTICLES articles at a time in their order, each article let go
    (emptied from `articles`) once its batch is made."""
    first = 0  # the batch's first section
    articles.reverse()  # popped from the end: the first article first
    while articles:
        batch = [articles.pop() for _ in range(min(_ARTICLES, len(articles)))]
        sizes = _joined([prepared.sizes for prepared in batch], np.int64)
        sections = np.repeat(np.arange(first, first + len(sizes), dtype=np.int32), sizes)
        first += len(sizes)
        yield _joined([prepared.terms for prepared in batch], np.int32), _joined([prepared.bits for prepared in batch], np.uint32), sections
        del batch


def _drained(batches: deque[_Batch]) -> Iterator[_Batch]:
    """`batches` in turn, each let go as it is taken."""
    while batches:
        yield batches.popleft()


def _joined(arrays: list[array[int]], dtype: type) -> npt.NDArray[Any]:
    return np.concatenate([np.frombuffer(a, dtype=dtype) for a in arrays]) if arrays else np.zeros(0, dtype=dtype)


def _paragraphs(section: Section) -> list[int]:
    """A fragment's "p": where its paragraphs are in its normalized text (NFKC may change lengths;
    the text is normalized piece by piece, between the places, which are next to spaces), as
    differences (mostly `1, 1, length`: they compress to half)."""
    text, moved, before, length = section.text, {0: 0}, 0, 0
    for place in sorted({n for _, start, end in section.paragraphs for n in (start, end)}):
        length += len(normalize(text[before:place]))
        moved[place], before = length, place
    flat: list[int] = []
    k_before = end_before = 0
    for k, start, end in section.paragraphs:
        flat += (k - k_before, moved[start] - end_before, moved[end] - moved[start])
        k_before, end_before = k, moved[end]
    return flat


def _separator(before: str, key: str) -> str:
    """The shortest prefix of `key` that sorts after `before` (keys sort as _js_order)."""
    for end in range(1, len(key)):
        if _js_order(key[:end]) > _js_order(before):
            return key[:end]
    return key


def _js_order(key: str) -> bytes:
    """Sort as JavaScript compares strings (UTF-16 code units), for the browser's binary search."""
    return key.encode("utf-16-be")


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _pack(value: object) -> bytes:
    return gzip.compress(_json(value), compresslevel=6, mtime=0)
