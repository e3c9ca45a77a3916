"""Rendered article pages as the site's search indexes: one per language (`<out>/ja/`, `<out>/en/`).

One index per language, because the browser searches the page's language by default and adds
the other only when the reader widens the search. Each language is written by an `Indexer`, a
process of its own that is sent the pages as they are rendered: MkDocs renders on one core, so
the other cuts the pages into sections and terms meanwhile, and when the last page is rendered
only the scoring and the files are left to do.

With a `cache` file, an indexer also keeps there every article as `index.prepare` left it (its
fragments, its counted terms), what it wrote and the dictionary's JSON, so that the next build,
which renders only the pages that changed, sends the others by URL alone (`reuse`): their HTML is
not parsed nor their text counted again, and of the index only the files whose content changed
are made and written again (`index.update`), in place.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from taiyaku.search.index import Document, Pairs, Prepared, Stamps, Vocabulary, Written, prepare, update
from taiyaku.search.sections import sections

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Page:
    url: str
    """Relative to the site root, as MkDocs gives it: `articles/x/`, `en/articles/x/`."""
    title: str
    html: str
    """The rendered article content, without the theme's navigation, header and footer."""


@dataclass(frozen=True)
class Skipped:
    url: str
    """An article page the index leaves out (a side-by-side view), so that the next build, which
    sends it by URL, knows it was not forgotten."""


@dataclass
class Report:
    pages: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    busy: dict[str, float] = field(default_factory=dict)
    """CPU seconds each language's indexer used (on the core MkDocs leaves idle, mostly)."""
    seconds: float = 0.0
    """Seconds the build waited for the indexes after its last page."""

    def summary(self) -> str:
        counts = ", ".join(
            f"{lang} {self.pages[lang]} pages ({self.sections[lang]} sections, {self.busy.get(lang, 0.0):.1f} s)"
            for lang in sorted(self.pages)
        )
        return f"taiyaku search index: {counts or 'no pages'}; {self.seconds:.2f} s"


class Indexer:
    """Writes one language's index at `target` in a process of its own, from the pages `add`ed."""

    def __init__(self, lang: str, target: Path, cache: Path | None = None) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"no search index for language {lang!r}")
        # A fresh interpreter, not a fork: a fork would start with the building process's
        # memory (gigabytes at 10,000 articles), and copy it as the collector touches it.
        context = multiprocessing.get_context("spawn")
        # Pipes, not queues: a queue's feeder thread would take the GIL from the rendering
        # thread at every write (a 1,000-article build took 5 s longer). The rendering thread
        # writes itself, into a pipe made large enough that it seldom waits for the indexer.
        pages_in, self._pages = context.Pipe(duplex=False)
        self._result, result_out = context.Pipe(duplex=False)
        _enlarge(self._pages)
        self._process = context.Process(target=_serve, args=(lang, target, pages_in, result_out, cache), daemon=True)
        self._process.start()
        pages_in.close()
        result_out.close()
        self.pages = 0

    def add(self, page: Page) -> None:
        self._pages.send(page)
        self.pages += 1

    def reuse(self, url: str) -> None:
        """The page at `url` is as it was in the build that wrote the cache: index what it had then
        (nothing, if it was skipped then; an error if the cache does not know it)."""
        self._pages.send(url)
        self.pages += 1

    def skip(self, url: str) -> None:
        """The page at `url` is not indexed."""
        self._pages.send(Skipped(url))

    def keep(self, urls: tuple[str, ...]) -> None:
        """The articles at `urls` are all as they were in the build that wrote the cache, and no
        other is sent: if they are the ones it had, the index it wrote stays."""
        self._pages.send(urls)
        self.pages += len(urls)

    def close(self) -> None:
        """No more pages: the indexer scores and writes."""
        if not self._pages.closed:
            self._pages.send(None)
            self._pages.close()

    def finish(self) -> Report:
        """Wait for the index; raise what went wrong in the indexer."""
        self.close()
        try:
            result = self._result.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"search indexer exited with code {self._process.exitcode}") from None
        self._process.join()
        if isinstance(result, str):
            raise RuntimeError(f"search indexer failed: {result}")
        assert isinstance(result, Report)
        return result

    def cancel(self) -> None:
        self._pages.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def write(pages: Iterable[tuple[str, Page]], out: Path) -> Report:
    """Write `<out>/<lang>/` for each of LANGUAGES from `(lang, page)` pairs (an empty index
    for a language with no page)."""
    started = time.perf_counter()
    indexers = {lang: Indexer(lang, out / lang) for lang in LANGUAGES}
    for lang, page in pages:
        indexers[lang].add(page)
    return merged([indexer.finish() for indexer in indexers.values()], time.perf_counter() - started)


def finish_later(indexers: list[Indexer], done: Callable[[Report], None], failed: Callable[[str], None]) -> None:
    """Let `indexers` finish in a thread while the build returns: `mkdocs serve` serves no page
    until its build has ended, and the pages need not wait for the search. `done` gets the report,
    `failed` what went wrong. The next build need not wait for them: its indexers wait, each in
    its process, for the last one's cache (`_serve`), while the build renders."""
    started = time.perf_counter()

    def finish() -> None:
        try:
            done(merged([indexer.finish() for indexer in indexers], time.perf_counter() - started))
        except Exception as error:  # noqa: BLE001 (no build to fail any more: reported)
            failed(str(error))

    threading.Thread(target=finish, daemon=True).start()


def merged(reports: Iterable[Report], seconds: float) -> Report:
    total = Report(seconds=seconds)
    for report in reports:
        total.pages.update(report.pages)
        total.sections.update(report.sections)
        total.busy.update(report.busy)
    return total


def _serve(lang: str, target: Path, pages: Any, result: Any, cache: Path | None) -> None:
    """The indexer process: index the pages until None comes, then send back a Report (or the
    error, as text: an exception may not survive the trip)."""
    try:
        if cache is not None:  # an index an earlier build left writing is finished first
            _lock(cache)
        state = _load(cache)
        before = state.articles
        first = pages.recv()
        if isinstance(first, tuple) and [url for url in first if url in before] == list(before) and target.is_dir():
            written = Written(len(before), sum(len(prepared.fragments) for prepared in before.values()))
            if pages.recv() is not None:  # the build waits to send None: exiting before would break its pipe
                raise RuntimeError("a page was sent after keep()")
        else:
            kept: dict[str, Prepared] = {}
            skipped: set[str] = set()
            item = first
            while item is not None:
                for page in item if isinstance(item, tuple) else (item,):
                    if isinstance(page, Page):
                        kept[page.url] = prepare(Document(page.url, page.title, sections(page.html)), state.vocabulary)
                    elif isinstance(page, Skipped):
                        skipped.add(page.url)
                    elif page in before:
                        kept[page] = before[page]
                    elif page in state.skipped:
                        skipped.add(page)
                    else:
                        # The build rendered it last time, but the index it had then failed:
                        # fail this one too, and the next build is a full one (taiyaku_search).
                        raise LookupError(f"{page}: not in the search index's cache")
                item = pages.recv()
            if target.exists() and not target.is_dir():  # not ours to replace
                raise NotADirectoryError(f"{target}: a file is where the index goes")
            # In place, only the files that changed: a served site's index is whole again a moment later.
            written = _index(kept, state, target, cache, frozenset(skipped))
        report = Report()
        report.busy[lang] = time.process_time()
        report.pages[lang] = written.articles
        report.sections[lang] = written.sections
    except BaseException as error:  # noqa: BLE001 (reported to the build, which fails with it)
        if _reply(result, f"{type(error).__name__}: {error}"):
            raise
        return
    _reply(result, report)


def _reply(result: Any, message: Report | str) -> bool:
    """Send the build its answer; False if no build listens any more (`mkdocs serve` was stopped
    while the index was written: nothing to report to, and no traceback to print for it)."""
    try:
        result.send(message)
    except (BrokenPipeError, EOFError):
        return False
    return True


@dataclass
class _Cache:
    """What an indexer keeps for the next build of the same site: each article as prepared (by
    URL), with the vocabulary their terms are numbered in, and what it wrote at its target."""

    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    articles: dict[str, Prepared] = field(default_factory=dict)
    stamps: Stamps = field(default_factory=dict)
    pairs: Pairs = field(default_factory=dict)
    skipped: frozenset[str] = frozenset()
    """The article pages it was told to leave out (`Skipped`)."""


def _index(kept: dict[str, Prepared], state: _Cache, target: Path, cache: Path | None, skipped: frozenset[str]) -> Written:
    """Write the index of the articles `kept` (by URL) at `target`, and the cache of them and of
    what was written. `kept` and `state.articles` are emptied: the articles are pickled first,
    then the index's builder holds the only reference to them and lets them go once their
    postings are in its arrays (index._Builder)."""
    articles = list(kept.values())
    if cache is None:
        kept.clear()
        return update(articles, state.vocabulary, target, state.stamps, state.pairs)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    # Written as it is pickled: its bytes at once (71 MB for the Japanese index of 1,000 articles)
    # would be the indexer's peak, on top of the state they are made from.
    with tmp.open("wb") as file:
        pickle.dump((_CACHE_FORMAT, state.vocabulary, skipped, len(kept)), file, protocol=pickle.HIGHEST_PROTOCOL)
        for item in kept.items():
            # A pickle an article: a pickler keeps every object it wrote until it is done, and
            # an array is written as a copy of its bytes (at 10,000 articles, 210 MB of copies).
            pickle.dump(item, file, protocol=pickle.HIGHEST_PROTOCOL)
        kept.clear()
        state.articles.clear()
        written = update(articles, state.vocabulary, target, state.stamps, state.pairs)
        pickle.dump((state.stamps, state.pairs), file, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return written


_CACHE_FORMAT = 2
"""The cache's first pickle starts with it: a cache of another layout is no cache."""


def _load(cache: Path | None) -> _Cache:
    """What `_index` saved at `cache`: a pickle of what the articles share, one per article, and
    one of what was written."""
    if not cache:
        return _Cache()
    try:
        with cache.open("rb") as file:  # read as it is unpickled: not all its bytes at once
            layout, vocabulary, skipped, count = pickle.load(file)
            if layout != _CACHE_FORMAT or not isinstance(count, int):
                return _Cache()
            articles = dict(pickle.load(file) for _ in range(count))
            stamps, pairs = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return _Cache()  # the build that finds no cache renders every page (taiyaku.buildstate)
    if not isinstance(vocabulary, Vocabulary) or not isinstance(skipped, frozenset):
        return _Cache()
    if not all(isinstance(part, dict) for part in (articles, stamps, pairs)):
        return _Cache()
    return _Cache(vocabulary, articles, stamps, pairs, skipped)


def _lock(cache: Path) -> None:
    """Hold the cache until this process ends: a build under `mkdocs serve` starts rendering while
    the last build's indexer may still be writing, and its own indexer must start from what that
    one leaves."""
    import fcntl

    cache.parent.mkdir(parents=True, exist_ok=True)
    lock = cache.with_suffix(".lock").open("a")
    fcntl.flock(lock, fcntl.LOCK_EX)
    _held.append(lock)  # closing the file would let go of the lock


_held: list[IO[str]] = []
"""The lock files this process holds (an indexer process: one)."""


def _enlarge(connection: Any) -> None:
    """Give a pipe Linux's largest buffer (1 MB by default, against 64 KB): room for dozens of pages."""
    try:
        import fcntl

        size = int(Path("/proc/sys/fs/pipe-max-size").read_text())
        fcntl.fcntl(connection.fileno(), 1031, size)  # F_SETPIPE_SZ
    except (ImportError, OSError, ValueError):  # not Linux: the default buffer will do
        pass
