"""One language's search index, written as static files the browser fetches a few at a time.

Why not Pagefind: every query term costs a download as long as the term's list of pages, and a
common term (or a common pair of kana) is on most pages, so the first search of a 10,000-article
archive moved twice the bytes of a 1,000-article one. Here each term keeps only its TOP_K best
sections, ranked by BM25 at build time, so a query downloads about the same at any archive size;
and the build is ours, with no Japanese segmenter to run (tokens.py).

Layout of `<out>/` (every `.jz` file is gzip-compressed JSON):

- `index.jz`: `{"v": version, "r": IMPACT_RANGE, "chunks": [where each chunk starts], "sections": n,
  "articles": n}`.
- `c/<i>.jz`, the chunks: the term dictionary, sorted by key and cut into chunks of about
  CHUNK_BYTES, so the browser finds a key's chunk by binary search in `chunks` (each the
  shortest string that sorts after the last key before it and not after the chunk's first) and
  a prefix's keys lie together. A chunk is `{key: entry}`, where entry is
  - `"t"`: a term's `[df, floor, postings]`. `df` counts every section that has it; `postings`
    are its best sections, at most TOP_K, as flat triples `[article delta, section, impact]`
    in article order (impact: the section's BM25 score as a byte, `_quantize`). `floor` is 0 when the list is complete, else
    the lowest impact kept: no missing section scores above it.
  - `"f"`: for a word the text used, the term it stems to, when they differ;
  - `"w"`: for a stem, the words of the text that stem to it (the browser matches and marks
    those in the text, having no stemmer of its own).
- `f/<article>-<section>.jz`, the fragments: `{"u": url, "t": title, "h": heading, "x": text}`,
  one per section, so that a result's excerpt is cut from the very text that was indexed and a
  search downloads only the sections it shows.

`?v=version` on every file the browser fetches keeps a cached chunk from meeting a newer index.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
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
from taiyaku.search.tokens import normalize, terms

TOP_K = 200
"""Sections kept per term: enough for a page of 20 results after the browser's checks."""
CHUNK_BYTES = 2_500
"""Compressed bytes per chunk (about: a chunk is cut when the last one's ratio says it is there).
Over the wire, not before compression: a larger archive's posting lists compress less well, and
a query's download must not grow with the archive."""
MAX_FORMS = 24
"""Words listed per stem."""
HEADING_WEIGHT = 2
"""A heading's (or the title's) terms count this many extra times in their section."""
IMPACT_RANGE = 1e4
"""Impacts are bytes on a log scale: 255 is the highest score possible, 1 is that over IMPACT_RANGE
or less. The browser gets the range in `index.jz` ("r") to add impacts as scores."""
_LOG_RANGE = math.log(IMPACT_RANGE)
_K1, _B = 1.2, 0.75  # BM25
_TF_BITS = 6  # a posting is (section number << 6) | min(tf, 63): one machine word, not a tuple
_TF_MAX = (1 << _TF_BITS) - 1


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
    builder.write_fragments(out / "f")
    chunks, version = builder.write_chunks(out / "c")
    meta = {"v": version, "r": IMPACT_RANGE, "chunks": chunks, "sections": len(builder.lengths), "articles": builder.articles}
    (out / "index.jz").write_bytes(_pack(meta))
    return Written(builder.articles, len(builder.lengths))


class _Builder:
    def __init__(self) -> None:
        self.postings: defaultdict[str, array[int]] = defaultdict(lambda: array("q"))
        self.lengths = array("I")  # terms per section, by section number
        self.owner: list[tuple[int, int]] = []  # (article, section within it), by section number
        self.fragments: list[tuple[str, bytes]] = []  # (file name, content)
        self.articles = 0
        self.forms: dict[str, set[str]] = {}

    def add(self, document: Document) -> None:
        article = self.articles
        self.articles += 1
        title = normalize(document.title).strip()
        for index, section in enumerate(document.sections):
            text = normalize(section.text)
            heading = normalize(section.heading)
            url = document.url + (f"#{section.anchor}" if section.anchor else "")
            self.fragments.append((f"{article}-{index}.jz", _pack({"u": url, "t": title, "h": heading, "x": text})))
            counts = Counter(terms(text, self.forms))
            for term in terms(heading or (title if index == 0 else "")) * HEADING_WEIGHT:
                counts[term] += 1
            number = len(self.lengths)
            self.lengths.append(sum(counts.values()))
            self.owner.append((article, index))
            postings = self.postings
            for term, tf in counts.items():
                postings[term].append(number << _TF_BITS | (tf if tf < _TF_MAX else _TF_MAX))

    def write_fragments(self, folder: Path) -> None:
        for name, data in self.fragments:
            (folder / name).write_bytes(data)

    def write_chunks(self, folder: Path) -> tuple[list[str], str]:
        """The dictionary in chunks; returns where each chunk starts, and the version."""
        entries = self._entries()
        version = hashlib.sha1()
        for _, data in self.fragments:
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
            entries[term]["t"] = self._posting_list(postings)
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

    def _posting_list(self, postings: array[int]) -> list[object]:
        """`[df, floor, flat]` (see the module's docstring) of a term's postings."""
        df, sections, norms = len(postings), len(self.lengths), self._norms
        weight = math.log(1 + (sections - df + 0.5) / (df + 0.5)) * (_K1 + 1)
        numbers = [posting >> _TF_BITS for posting in postings]
        tfs = [posting & _TF_MAX for posting in postings]
        scores = [weight * tf / (tf + norms[n]) for n, tf in zip(numbers, tfs)]
        floor = 0
        if df > TOP_K:
            best = sorted(heapq.nlargest(TOP_K, range(df), key=scores.__getitem__))  # section order
            numbers, scores = [numbers[i] for i in best], [scores[i] for i in best]
        impacts = _quantized(scores, self._top)
        if df > TOP_K:
            floor = min(impacts)
        flat: list[int] = []
        previous = 0
        for number, impact in zip(numbers, impacts):
            article, section = self.owner[number]
            flat += (article - previous, section, impact)
            previous = article
        return [df, floor, flat]


def _quantized(scores: list[float], top: float) -> list[int]:
    """Scores as bytes on a log scale, 255 at `top` down to 1 at top / IMPACT_RANGE: a common
    term's scores are hundreds of times smaller than a rare one's, and still need telling apart."""
    per_log = 254 / _LOG_RANGE
    offset = 255.5 - per_log * math.log(top)  # +0.5: int() then rounds
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
