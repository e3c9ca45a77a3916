"""The indexer processes as `mkdocs serve` runs them (taiyaku.search.bundle): a build starts
rendering while the last build's indexer may still be writing. Its own indexer waits for that
one's cache, and fails, rather than leave pages out, when the cache does not know a page it is
told to reuse (the last index failed: the next build is then a full one).
"""

from __future__ import annotations

import fcntl
import pickle
import time
import weakref
from array import array
from pathlib import Path

import numpy as np
import pytest
from taiyaku.search import index
from taiyaku.search.bundle import Indexer, Page, _load
from taiyaku.search.index import Document, Vocabulary, prepare, update
from taiyaku.search.sections import sections

HTML = "<p>Grid operators said the queue is long.</p>"


def _locked(lock: Path) -> bool:
    with lock.open("a") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(file, fcntl.LOCK_UN)
        return False


def test_an_indexer_waits_for_the_last_one_s_cache(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache" / "search-en.pickle", tmp_path / "site"
    first = Indexer("en", site, cache)
    first.add(Page("en/articles/a/", "A", HTML))
    first.skip("en/articles/a/taiyaku/")
    deadline = time.monotonic() + 60
    while not (cache.with_suffix(".lock").exists() and _locked(cache.with_suffix(".lock"))):
        assert time.monotonic() < deadline, "the first indexer never held its cache"
        time.sleep(0.05)
    second = Indexer("en", site, cache)  # started before the first has written anything
    second.reuse("en/articles/a/")  # only the first's cache knows it
    second.reuse("en/articles/a/taiyaku/")
    second.add(Page("en/articles/b/", "B", HTML))
    assert first.finish().pages["en"] == 1
    assert second.finish().pages["en"] == 2
    assert sorted(path.name for path in (site / "f").iterdir()) == ["0-0.jz", "1-0.jz"]


def test_a_page_the_cache_does_not_know_fails_the_index(tmp_path: Path) -> None:
    cache, site = tmp_path / "cache" / "search-en.pickle", tmp_path / "site"
    first = Indexer("en", site, cache)
    first.add(Page("en/articles/a/", "A", HTML))
    first.finish()
    second = Indexer("en", site, cache)
    second.reuse("en/articles/a/")
    second.reuse("en/articles/gone/")  # rendered by a build whose index failed
    with pytest.raises(RuntimeError, match="en/articles/gone/: not in the search index's cache"):
        second.finish()


def test_a_cut_cache_is_no_cache(tmp_path: Path) -> None:
    """The cache is the articles (a pickle of what they share, then one each) and what was
    written: one without the last part (a file cut short) is not half used."""
    cache, site = tmp_path / "cache" / "search-en.pickle", tmp_path / "site"
    first = Indexer("en", site, cache)
    first.add(Page("en/articles/a/", "A", HTML))
    first.finish()
    with cache.open("rb") as file:
        *_, count = pickle.load(file)
        assert count == 1
        pickle.load(file)
        articles_only = file.tell()
    assert articles_only < cache.stat().st_size
    second = Indexer("en", site, cache)
    second.reuse("en/articles/a/")
    assert second.finish().pages["en"] == 1  # the whole cache: the page is reused
    with cache.open("r+b") as file:
        file.truncate(articles_only)
    third = Indexer("en", site, cache)
    third.reuse("en/articles/a/")
    with pytest.raises(RuntimeError, match="en/articles/a/: not in the search index's cache"):
        third.finish()


def test_a_cache_of_the_last_layout_is_no_cache(tmp_path: Path) -> None:
    """A cache written by the code before (one pickle of all the articles, then what was
    written) is read as none, not misread: the build that finds none renders every page."""
    cache, site = tmp_path / "cache" / "search-en.pickle", tmp_path / "site"
    first = Indexer("en", site, cache)
    first.add(Page("en/articles/a/", "A", HTML))
    first.finish()
    state = _load(cache)
    assert list(state.articles) == ["en/articles/a/"]
    with cache.open("wb") as file:
        pickle.dump((state.vocabulary, state.articles, state.skipped), file)
        pickle.dump((state.stamps, state.pairs), file)
    assert _load(cache).articles == {}


def test_the_index_lets_go_of_the_articles_it_is_made_of(tmp_path: Path) -> None:
    """What bundle.py's memory relies on: once their postings are placed, the builder holds no
    article (the indexer's cache of them is written before)."""
    vocabulary = Vocabulary()
    articles = [prepare(Document(f"en/articles/{n}/", f"T{n}", sections(HTML)), vocabulary) for n in range(3)]
    freed = [weakref.ref(prepared.terms) for prepared in articles]
    written = update(articles, vocabulary, tmp_path / "index", {}, {})
    assert written.articles == 3 and articles == []
    assert all(ref() is None for ref in freed)


def test_postings_are_placed_as_a_stable_sort_by_term_would_order_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """_Builder places postings by counting, in passes over ranges of terms and batches of
    articles: the result must be every posting grouped by term, in section order within a group."""
    monkeypatch.setattr(index, "_ARTICLES", 3)  # several batches, each with several passes' terms
    rng = np.random.default_rng(7)
    articles, terms, bits, sections = [], [], [], []
    section = 0
    for _ in range(10):
        sizes = rng.integers(0, 30, size=rng.integers(1, 5))  # a section may have no term
        numbers = [rng.choice(50, size=size, replace=False) for size in sizes]
        marks = [rng.integers(0, 1 << 28, size=size) for size in sizes]
        joined, marked = np.concatenate(numbers).tolist(), np.concatenate(marks).tolist()
        lengths, counts = array("q", [0] * len(sizes)), array("q", sizes.tolist())
        articles.append(index.Prepared((), lengths, counts, array("i", joined), array("I", marked), ()))
        for size, these, those in zip(sizes.tolist(), numbers, marks):
            terms += these.tolist()
            bits += those.tolist()
            sections += [section] * size
            section += 1
    df = np.bincount(np.array(terms), minlength=60)  # ten terms no section has
    placed_bits, placed_sections = index._Builder._placed(articles, df)
    order = np.argsort(np.array(terms), kind="stable")
    assert articles == []
    assert placed_bits.tolist() == np.array(bits)[order].tolist()
    assert placed_sections.tolist() == np.array(sections)[order].tolist()


def test_an_indexer_whose_build_is_gone_ends_quietly(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """`mkdocs serve` stopped while an index is written: the indexer finds no one to answer, and
    says nothing (it printed a BrokenPipeError traceback twice)."""
    indexer = Indexer("en", tmp_path / "site")
    indexer.add(Page("en/articles/a/", "A", HTML))
    indexer._result.close()  # the build that waited is gone
    indexer.close()
    indexer._process.join(timeout=60)
    assert indexer._process.exitcode == 0
    assert "Traceback" not in capfd.readouterr().err
