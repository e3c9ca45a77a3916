"""An exhaustive search over the same sections, tokens and BM25 as the shipped index, to prove
what the browser finds in the index (tests/test_search_exact.py, tests/bench_search_exact.py).

It may be slow: every section that has a query's terms is scored, none is left out. Its ranking
is the one the index's docstring describes: sections with more of the query's words as typed
first (a word shares its stem with relatives), then those with more query terms in the title or
a heading, then by the sum of BM25 scores. A query is complete words (the browser gets it with
a trailing space: no prefix matching) and its Japanese runs are of 2 characters or more.

Also here: the documents back from an index's fragments (the text it indexed), query sets drawn
from them, and the browser's side of the comparison (`BrowserSearch`).
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import shutil
import threading
from collections import Counter
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from conftest import ROOT
from taiyaku.search.index import SECTION_KEY, Counted, Document, bm25, counted
from taiyaku.search.sections import Section
from taiyaku.search.tokens import pieces, run_keys, stem

JS = ROOT / "overrides" / "assets" / "javascripts" / "taiyaku-search-index.js"
PAGE = 10
"""Sections the browser is asked for, as the search box asks (taiyaku-search.js's RESULTS)."""


@dataclass(frozen=True)
class Hit:
    key: int
    """article * SECTION_KEY + section, as the browser's keys."""
    exact: int
    """Query words this section has as typed."""
    field: int
    """Sum over the query's terms of where each stands: TITLE 2, HEADING 1, TEXT 0."""
    score: float
    """The sum of the query terms' BM25 scores."""

    @property
    def rank(self) -> tuple[int, int, float]:
        return (self.exact, self.field, self.score)


class Reference:
    def __init__(self, documents: list[Document]) -> None:
        self.sections: list[tuple[int, str, Counted]] = []
        df: Counter[str] = Counter()
        for article, document in enumerate(documents):
            for number, section in enumerate(document.sections):
                found = counted(document, number)
                self.sections.append((article * SECTION_KEY + number, section.text, found))
                df.update(found.counts.keys())
        self.df = df
        self.lengths = [sum(c.counts.values()) for _, _, c in self.sections]
        self.average = sum(self.lengths) / max(len(self.lengths), 1)

    def search(self, query: str) -> list[Hit]:
        """Every section that has the query, best first."""
        parts = list(pieces(query))
        needed = [term for piece, run in parts for term in (run_keys(piece) if run else [stem(piece)])]
        hits = []
        for (key, text, found), length in zip(self.sections, self.lengths):
            counts, fields, words = found.counts, found.fields, found.words
            if not all(term in counts for term in needed):
                continue
            if not all(piece in text if run else any(stem(w) == stem(piece) for w in words) for piece, run in parts):
                continue
            exact = sum(not run and piece in words for piece, run in parts)
            field = sum(fields.get(term, 0) for term in needed)
            score = sum(bm25(counts[t], self.df[t], length, len(self.sections), self.average) for t in needed)
            hits.append(Hit(key, exact, field, score))
        return sorted(hits, key=lambda h: (-h.exact, -h.field, -h.score, h.key))

    def hit(self, query: str, key: int) -> Hit | None:
        return next((h for h in self.search(query) if h.key == key), None)


@dataclass(frozen=True)
class Comparison:
    query: str
    expected: int
    """Sections the reference finds."""
    shown: int
    more: bool
    ratio: float
    """BM25 of the browser's first 10 / the reference's first 10 (1.0 when both find none)."""
    same_order: bool
    """The browser's first 10 rank as the reference's: exact words, then title and headings."""
    received: int
    """Bytes the browser fetched for the query, cold."""

    @property
    def missed(self) -> bool:
        return self.expected > 0 and self.shown == 0

    @property
    def count_true(self) -> bool:
        """The count shown is the true one, or marked as a lower bound ("20+")."""
        return self.shown <= self.expected if self.more else self.shown == min(self.expected, PAGE)


def compare(reference: Reference, query: str, keys: list[int], more: bool, received: int = 0) -> Comparison:
    expected = reference.search(query)
    by_key = {h.key: h for h in expected}
    shown = [by_key.get(k) for k in keys]
    assert all(shown), f"{query!r}: the browser shows sections the reference does not find: {keys}"
    best, got = expected[:10], [h for h in shown[:10] if h]
    total = sum(h.score for h in best)
    ratio = sum(h.score for h in got) / total if total else 1.0
    same = [h.rank[:2] for h in got] == [h.rank[:2] for h in best]
    return Comparison(query, len(expected), len(keys), more, ratio, same, received)


def documents(index: Path) -> list[Document]:
    """The documents an index was written from, back from its fragments (the text it indexed)."""
    found: dict[int, dict[int, dict[str, str]]] = {}
    for path in (index / "f").iterdir():
        article, section = map(int, path.name.removesuffix(".jz").split("-"))
        found.setdefault(article, {})[section] = json.loads(gzip.decompress(path.read_bytes()))
    out = []
    for article in sorted(found):
        fragments = [found[article][n] for n in sorted(found[article])]
        sections = [Section(f["u"].split("#", 1)[1] if "#" in f["u"] else None, f["h"], f["x"]) for f in fragments]
        out.append(Document(fragments[0]["u"].split("#")[0], fragments[0]["t"], sections))
    return out


def queries(docs: list[Document], lang: str, count: int, seed: int = 1) -> list[str]:
    """`count` queries drawn from the documents' own text: for Japanese, runs of 2 to 8
    characters; for English, single words and two- and three-word queries, adjacent in the text
    or apart; rare words and very common ones alike."""
    rng = random.Random(seed)
    texts = [s.text for d in docs for s in d.sections]
    out: list[str] = []
    words = Counter(p for t in texts for p, run in pieces(t) if not run and not p.isdigit())
    common = [w for w, _ in words.most_common(300)]
    rare = [w for w, n in words.items() if n <= 3]
    while len(out) < count:
        text = rng.choice(texts)
        found = list(pieces(text))
        runs = [p for p, run in found if run and len(p) >= 2]
        plain = [p for p, run in found if not run and not p.isdigit()]
        kind = len(out) % 5
        if lang == "ja" and runs and kind < 4:
            run = rng.choice(runs)
            size = rng.randint(2, min(8, len(run)))
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start:start + size])
        elif kind in (0, 4) and plain:
            out.append(rng.choice(plain if kind == 0 else common + rare))
        elif kind == 1 and len(plain) >= 2:
            at = rng.randrange(len(plain) - 1)
            out.append(" ".join(plain[at:at + 2]))
        elif kind == 2 and len(plain) >= 3:
            at = rng.randrange(len(plain) - 2)
            out.append(" ".join(plain[at:at + 3]))
        elif kind == 3 and common:
            out.append(f"{rng.choice(common)} {rng.choice(common)}")
    return list(dict.fromkeys(out))


class _Counting(SimpleHTTPRequestHandler):
    sent = 0

    def log_message(self, format: str, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        type(self).sent += len(data)
        outputfile.write(data)


class BrowserSearch:
    """Indexes written to `folder`, searched by taiyaku-search-index.js in Chromium, each
    query cold (a fresh Index, nothing cached) and as complete words."""

    def __init__(self, browser: object, folder: Path) -> None:
        shutil.copy2(JS, folder / "search.js")
        (folder / "index.html").write_text("<!doctype html><title>search</title>", encoding="utf-8")
        handler = type("Handler", (_Counting,), {})
        self.handler = handler
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.context = browser.new_context()  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.page.goto(self.origin + "/index.html")
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def search(self, index: str, query: str) -> tuple[list[int], bool, int]:
        """The keys of the sections shown, whether there may be more, and the bytes received."""
        self.handler.sent = 0
        keys, more = self.page.evaluate(
            """async ([base, query, wanted]) => {
                 const { Index } = await import("/search.js");
                 const { sections, more } = await new Index(new URL(base, location.href).href).search(query + " ", wanted);
                 return [sections.map((s) => s.key), more];
               }""",
            [f"/{index}/", query, PAGE],
        )
        return keys, more, self.handler.sent

    def close(self) -> None:
        self.context.close()
        self.httpd.shutdown()


def summary(results: list[Comparison]) -> dict[str, float]:
    ratios = [r.ratio for r in results]
    received = sorted(r.received for r in results)
    return {
        "queries": len(results),
        "missed": sum(r.missed for r in results),
        "ratio_mean": sum(ratios) / len(ratios),
        "ratio_min": min(ratios),
        "order_differs": sum(not r.same_order for r in results),
        "count_false": sum(not r.count_true for r in results),
        "bytes_median": received[len(received) // 2],
        "bytes_max": received[-1],
    }

