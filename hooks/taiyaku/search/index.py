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
    in article order. An impact is the section's BM25 score as a byte (`_quantized`) plus 256
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
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import shutil
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from taiyaku.search.sections import Section
from taiyaku.search.tokens import ONCE, PLACE_BITS, normalize, scan, stem, terms

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
# A posting is section number << 28 | place << 8 | field << 6 | min(tf, 63): one machine word, not a tuple.
_TF_BITS = 6
_TF_MAX = (1 << _TF_BITS) - 1
_PLACES_SHIFT = _TF_BITS + 2
_SECTION_SHIFT = _PLACES_SHIFT + PLACE_BITS
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


def write(documents: Iterable[Document], out: Path) -> Written:
    """The index of `documents` (one language) at `out`, replacing what was there."""
    builder = _Builder()
    for document in documents:
        builder.add(document)
    shutil.rmtree(out, ignore_errors=True)
    (out / "c").mkdir(parents=True)
    (out / "f").mkdir()
    (out / "r").mkdir()
    (out / "p").mkdir()
    builder.write_fragments(out / "f")
    builder.write_paragraphs(out / "p")
    chunks, version = builder.write_chunks(out / "c", out / "r")
    meta = {"v": version, "r": IMPACT_RANGE, "q": IMPACT_TOP, "chunks": chunks}
    meta |= {"sections": len(builder.lengths), "articles": builder.articles}
    (out / "index.jz").write_bytes(_pack(meta))
    return Written(builder.articles, len(builder.lengths))


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


def bm25(tf: int, df: int, length: int, sections: int, average: float) -> float:
    """The BM25 score of a term used `tf` times in a section of `length` terms."""
    weight = math.log(1 + (sections - df + 0.5) / (df + 0.5)) * (_K1 + 1)
    return weight * tf / (tf + _K1 * (1 - _B + _B * length / average))


class _Builder:
    def __init__(self) -> None:
        self.postings: defaultdict[str, array[int]] = defaultdict(lambda: array("q"))
        self.lengths = array("I")  # terms per section, by section number
        self.owner: list[tuple[int, int]] = []  # (article, section within it), by section number
        self.fragments: list[tuple[str, bytes]] = []  # (file name, content)
        self.paragraphs: list[tuple[str, bytes]] = []  # (file name, content): the p/ tables
        self.articles = 0
        self.forms: dict[str, set[str]] = {}
        self.words: defaultdict[str, array[int]] = defaultdict(lambda: array("q"))  # word: section numbers
        self.rests: list[list[list[object]]] = []  # the further pages of cut lists
        self.placed: set[str] = set()  # the pairs and triples, whose lists say where they stand

    def add(self, document: Document) -> None:
        article = self.articles
        self.articles += 1
        title = normalize(document.title).strip()
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
            self.fragments.append((f"{article}-{index}.jz", _pack(fragment)))
            found = counted(document, index, self.forms)
            number = len(self.lengths)
            self.lengths.append(sum(found.counts.values()))
            self.owner.append((article, index))
            postings, base = self.postings, number << _SECTION_SHIFT
            for term, tf in found.counts.items():
                postings[term].append(base | (tf if tf < _TF_MAX else _TF_MAX))
            # The few terms that say more, on the posting just added (a lookup per term costs).
            for term, field in found.fields.items():
                postings[term][-1] |= field << _TF_BITS
            for term, place in found.places.items():
                postings[term][-1] |= place << _PLACES_SHIFT
            self.placed.update(found.places)
            for word in found.words:
                self.words[word].append(number)
        if held:
            slug = document.url.rstrip("/").rsplit("/", 1)[-1]
            self.paragraphs.append((f"{slug}.jz", _pack({"a": article, "s": held})))

    def write_fragments(self, folder: Path) -> None:
        for name, data in self.fragments:
            (folder / name).write_bytes(data)

    def write_paragraphs(self, folder: Path) -> None:
        for name, data in self.paragraphs:
            (folder / name).write_bytes(data)

    def write_chunks(self, folder: Path, rests: Path) -> tuple[list[str], str]:
        """The dictionary in chunks, and the rests of cut lists; returns where each chunk
        starts, and the version."""
        entries = self._entries()
        version = hashlib.sha1()
        for number, pages in enumerate(self.rests):
            for page, content in enumerate(pages):
                data = _pack(content)
                version.update(data)
                (rests / f"{number}-{page}.jz").write_bytes(data)
        for _, data in self.fragments + self.paragraphs:
            version.update(data)
        starts: list[str] = []
        chunk: list[bytes] = []  # the chunk's `"key":entry` pairs, as JSON
        size = 0
        ratio = 0.25  # compressed / uncompressed, as the last chunk had it
        previous = ""
        for key in sorted(entries, key=_js_order):
            pair = _json(key) + b":" + _json(entries[key])
            if chunk and size * ratio >= CHUNK_BYTES:
                packed = self._flush(folder / f"{len(starts) - 1}.jz", chunk, version)
                ratio, chunk, size = packed / size, [], 0
            if not chunk:
                starts.append(_separator(previous, key))
            chunk.append(pair)
            size += len(pair)
            previous = key
        if chunk:
            self._flush(folder / f"{len(starts) - 1}.jz", chunk, version)
        return starts, version.hexdigest()[:12]

    @staticmethod
    def _flush(path: Path, chunk: list[bytes], version: hashlib._Hash) -> int:
        """Write a chunk; returns its compressed size."""
        data = gzip.compress(b"{" + b",".join(chunk) + b"}", compresslevel=6, mtime=0)
        version.update(data)
        path.write_bytes(data)
        return len(data)

    def _entries(self) -> dict[str, dict[str, object]]:
        entries: defaultdict[str, dict[str, object]] = defaultdict(dict)
        for term, postings in self.postings.items():
            numbers, impacts = self._impacts(postings)
            places = [_place(posting >> _PLACES_SHIFT & (1 << PLACE_BITS) - 1) for posting in postings] if term in self.placed else None
            entries[term]["t"] = self._posting_list(len(postings), numbers, impacts, places)
            words = self.forms.get(term, set()) | ({term} if term in self.words and stem(term) == term else set())
            if len(words) > 1:  # relatives to tell apart
                impact = dict(zip(numbers, impacts))
                for word in words:
                    sections = self.words[word]
                    entries[word]["e"] = self._posting_list(len(sections), list(sections), [impact[n] for n in sections])
        for root, words in self.forms.items():
            for word in words:
                entries[word]["f"] = root
            # Ties by the word, not the set's order (which changes with each process's string hashing):
            # the same index, byte for byte, at every build.
            entries[root]["w"] = sorted(words, key=lambda word: (len(word), word))[:MAX_FORMS]
        return entries

    @cached_property
    def _norms(self) -> list[float]:
        """BM25's length normalization of each section, by section number."""
        average = sum(self.lengths) / max(len(self.lengths), 1)
        return [_K1 * (1 - _B + _B * length / average) for length in self.lengths]

    @cached_property
    def _top(self) -> float:
        """The highest impact BM25 can give in this index: the rarest term, used without end."""
        return math.log(1 + (len(self.lengths) - 0.5) / 1.5) * (_K1 + 1) or 1.0

    def _impacts(self, postings: array[int]) -> tuple[list[int], list[int]]:
        """A term's section numbers and impacts (see the module's docstring), in section order."""
        df, sections, norms = len(postings), len(self.lengths), self._norms
        weight = math.log(1 + (sections - df + 0.5) / (df + 0.5)) * (_K1 + 1)
        numbers = [posting >> _SECTION_SHIFT for posting in postings]
        tfs = [posting & _TF_MAX for posting in postings]
        impacts = _quantized([weight * tf / (tf + norms[n]) for n, tf in zip(numbers, tfs)], self._top)
        return numbers, [impact | (posting >> _TF_BITS & 3) << _FIELD_SHIFT for impact, posting in zip(impacts, postings)]

    def _posting_list(self, df: int, numbers: list[int], impacts: list[int], places: list[int] | None = None) -> list[object]:
        """`[df, floor, flat, rest?, places?]` (see the module's docstring) of a list of sections."""

        def listed(chosen: list[int], floor: int) -> tuple[list[object], list[object]]:
            """[floor, flat] and [places] or []."""
            return [floor, self._flat(chosen, numbers, impacts)], [[places[i] for i in chosen]] if places else []

        if df <= TOP_K:
            head, tail = listed(list(range(df)), 0)
            return [df, *head, *([None, *tail] if tail else [])]
        best = sorted(range(df), key=lambda i: (-impacts[i], numbers[i]))
        pages: list[list[object]] = []
        start, size = TOP_K, TOP_K * PAGE_GROWTH
        while start < df:
            end = min(start + size, df)
            head, tail = listed(sorted(best[start:end]), impacts[best[end - 1]] if end < df else 0)
            pages.append(head + tail)
            start, size = end, size * PAGE_GROWTH
        self.rests.append(pages)
        head, tail = listed(sorted(best[:TOP_K]), impacts[best[TOP_K - 1]])
        return [df, *head, len(self.rests) - 1, *tail]

    def _flat(self, chosen: list[int], numbers: list[int], impacts: list[int]) -> list[int]:
        """Postings `chosen` (indexes into numbers and impacts, in section order) as flat triples."""
        flat: list[int] = []
        previous = 0
        for i in chosen:
            article, section = self.owner[numbers[i]]
            flat += (article - previous, section, impacts[i])
            previous = article
        return flat


def _place(place: int) -> int:
    """A place as the browser reads it: a mask, or -1 - the offset where a term starts only once."""
    return -1 - (place ^ ONCE) if place & ONCE else place


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


def _quantized(scores: list[float], top: float) -> list[int]:
    """Scores on a log scale, IMPACT_TOP at `top` down to 1 at top / IMPACT_RANGE: a common
    term's scores are hundreds of times smaller than a rare one's, and still need telling apart."""
    per_log = (IMPACT_TOP - 1) / _LOG_RANGE
    offset = IMPACT_TOP + 0.5 - per_log * math.log(top)  # +0.5: int() then rounds
    log = math.log
    return [max(1, int(per_log * log(score) + offset)) if score > 0 else 1 for score in scores]


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
