"""A folder of dumps to a folder of Markdown pages: what the site's build hook and
`taiyaku convert` call. A bad dump is reported and skipped; the others go on. With a cache, a dump
that was read before and can no longer be read is reported and keeps the pages of its last version
that was read: a bad save does not unpublish an article."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.cache import Cache
from taiyaku.errors import DumpError
from taiyaku.files import remove_files, remove_stale, write_all
from taiyaku.model import Article, Listing, listing
from taiyaku.readers import is_dump, read
from taiyaku.writers import en_page, ja_page, urls
from taiyaku.writers.parallel import parallel_pages

PROGRESS_EVERY = 3.0  # seconds between progress lines on long runs
# Below this many dumps to convert, starting worker processes costs more than it saves.
PARALLEL_FROM = 64

Pages = dict[str, str]


@dataclass
class Converted:
    """One dump, converted. Its pages are written as soon as it is, then let go: a build keeps
    only the `article` part (at 10,000 articles, keeping the pages and whole articles until the
    end took the build process to 2 GB)."""

    article: Listing
    sizes: dict[str, int]
    """Page name -> its length in UTF-8 bytes."""
    pages: Pages | None
    """Page name -> Markdown; None when it comes from the cache, which keeps the texts apart
    (`PAGES`) and reads them only for a page on disk that is not the size it should be."""


# A failure crosses process and cache boundaries as (path, reason): DumpError does not pickle.
Outcome = Converted | tuple[str, str]
PAGES = 1
"""The part of a cache entry that holds the pages' texts; part 0 is the Converted without them."""


@dataclass
class ConvertReport:
    articles: list[Listing] = field(default_factory=list)
    """The articles read, in dump file-name order (what the lists show of each)."""
    failures: list[DumpError] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)
    """The pages written or removed, relative to the output folder."""
    cached: int = 0
    """Dumps whose conversion came from the cache."""
    read: list[Listing] = field(default_factory=list)
    """The articles (of `articles`) read from their dumps by this conversion, not taken from a
    cache: whose notes are news (under `make serve`, the notes of 10,000 cached articles at every
    edit buried the edit's own)."""
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.articles)} articles ({self.cached} from cache), {len(self.failures)} failed; "
            f"pages: {self.written} written, {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.seconds:.2f} s"
        )


@dataclass
class Seen:
    """What one process knows of the dumps it converted into one folder, so that its next
    conversion (a `mkdocs serve` rebuild) reads, converts and checks only the dumps that changed:
    at 10,000 dumps, hashing every dump, loading every cache entry and checking every page's size
    took 6 s of each rebuild. A page someone else deletes meanwhile comes back at the next start."""

    keys: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    """Dump file name -> its (mtime_ns, size) and the cache key of those bytes."""
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    """Cache key -> its outcome, without the pages' texts."""
    on_disk: dict[str, str] = field(default_factory=dict)
    """Dump file name -> the cache key whose pages were written or found in the folder."""
    published: set[str] | None = None
    """The pages in the folder after the last conversion (None: not known, the folder is walked)."""


def convert_dir(
    dumps_dir: Path,
    out_dir: Path,
    *,
    log: Callable[[str], None] = print,
    cache_dir: Path | None = None,
    seen: Seen | None = None,
) -> ConvertReport:
    """`seen`: what this process knows from its last conversion of `dumps_dir` into `out_dir`
    (updated here); without it, every dump and page is looked at."""
    started = time.perf_counter()
    report = ConvertReport()
    seen = seen or Seen()
    # By name: the same order as by path here, and pathlib's comparisons took 0.3 s at 10,000 dumps.
    dumps = sorted((p for p in dumps_dir.iterdir() if is_dump(p)), key=lambda p: p.name) if dumps_dir.is_dir() else []
    owners: dict[str, Path] = {}
    published: set[str] = set()
    cache = Cache(cache_dir)
    keys = [_key(cache, p, seen) for p in dumps]
    last_read = {name: key for name, key in cache.last_read().items() if (dumps_dir / name).is_file()}
    read_before = dict(last_read)
    for path, key, outcome, now in _outcomes(dumps, keys, cache, report, log, seen):
        if not isinstance(outcome, Converted):
            kept = cache.get(last_read[path.name]) if path.name in last_read else None
            if not isinstance(kept, Converted):
                report.failures.append(DumpError(*outcome))
                continue
            report.failures.append(DumpError(outcome[0], f"{outcome[1]}; its pages stay as they were last read"))
            key, outcome = last_read[path.name], kept
        else:
            last_read[path.name] = key
        slug = outcome.article.slug
        if slug in owners:
            report.failures.append(DumpError(path, f"slug {slug!r} is already used by {owners[slug].name}"))
            continue
        owners[slug] = path
        report.articles.append(outcome.article)
        if now:
            report.read.append(outcome.article)
        if seen.on_disk.get(path.name) == key:
            report.unchanged += len(outcome.sizes)
        else:
            # Sizes tell a cached conversion's pages on disk only if they were written from it:
            # a dump changed back to a version read before may have pages of the same sizes.
            sizes_tell = read_before.get(path.name) == key
            _write(out_dir, outcome, functools.partial(_cached_pages, cache, key, path), report, sizes_tell=sizes_tell)
            seen.on_disk[path.name] = key
        published.update(outcome.sizes)
    cache.keep_last_read(last_read)
    out_dir.mkdir(parents=True, exist_ok=True)
    if seen.published is None:
        removed = remove_stale(out_dir, published, [out_dir])
    else:
        removed = remove_files(out_dir, sorted(seen.published - published))
    report.removed = len(removed)
    report.changed += removed
    seen.published = published
    names = {p.name for p in dumps}
    seen.keys = {name: known for name, known in seen.keys.items() if name in names}
    seen.on_disk = {name: key for name, key in seen.on_disk.items() if name in names}
    report.seconds = time.perf_counter() - started
    return report


def _write(out_dir: Path, converted: Converted, cached_pages: Callable[[], Pages], report: ConvertReport, *, sizes_tell: bool) -> None:
    """Write the pages whose text changed. A cached conversion's pages are taken for unchanged
    when each is on disk with its size and `sizes_tell` (the dump's last conversion read was this
    one): docs/articles/ is ours, and reading every page back made a build with no dump changed
    read the whole archive (4 pages per article)."""
    pages = converted.pages
    if pages is None:
        if sizes_tell and all(_size(os.path.join(out_dir, name)) == size for name, size in converted.sizes.items()):
            report.unchanged += len(converted.sizes)
            return
        pages = cached_pages()
    count = write_all(out_dir, pages)
    report.written += count.written
    report.changed += count.changed
    report.unchanged += count.unchanged


def _cached_pages(cache: Cache, key: str, path: Path) -> Pages:
    pages = cache.get(key, PAGES)
    if isinstance(pages, dict):
        return pages
    again = convert_one(path)  # a damaged cache entry: the dump is read again
    return again.pages or {} if isinstance(again, Converted) else {}


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def article_pages(article: Article) -> Pages:
    """File name -> Markdown of the article's page in each language it exists in."""
    slug = article.slug
    english = en_page(article, ja_url=f"../../../articles/{slug}/")
    pages = {f"{slug}.ja.md": ja_page(article, en_url=f"../../en/articles/{slug}/" if english else None)}
    if english is not None:
        pages[f"{slug}.en.md"] = english
    # The side-by-side view, for line-aligned articles: `<slug>/taiyaku.<lang>.md`.
    pages.update({name.removeprefix(f"{urls.ARTICLES}/"): text for name, text in parallel_pages(article).items()})
    return pages


def convert_one(path: Path) -> Outcome:
    try:
        article = read(path)
    except DumpError as err:
        return err.path, err.reason
    pages = article_pages(article)
    return Converted(listing(article), {name: len(text.encode("utf-8")) for name, text in pages.items()}, pages)


def _key(cache: Cache, path: Path, seen: Seen) -> str:
    try:
        stat = path.stat()
        known = seen.keys.get(path.name)
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        key = cache.key(path, path.read_bytes())
    except OSError as error:  # the reader reports it; cached under this key, never a dump's bytes
        return cache.key(path, f"\0{error}".encode())
    seen.keys[path.name] = (stat.st_mtime_ns, stat.st_size, key)
    return key


def _outcomes(
    dumps: list[Path], keys: list[str], cache: Cache, report: ConvertReport, log: Callable[[str], None], seen: Seen
) -> Iterator[tuple[Path, str, Outcome, bool]]:
    """Each dump with its key and outcome, in order, and whether it was converted now: from the
    cache where the dump is unchanged (`keys`, its cache keys; without the pages' texts), else
    converted (on every core when there are many) and cached."""
    known: list[Outcome | None] = [seen.outcomes.get(key) for key in keys]
    unknown = [i for i, o in enumerate(known) if o is None]
    for i, outcome in zip(unknown, cache.get_many([keys[i] for i in unknown])):
        known[i] = outcome
    report.cached = sum(o is not None for o in known)
    todo = [i for i, o in enumerate(known) if o is None]
    fresh = _convert_all([dumps[i] for i in todo])
    started = last = time.perf_counter()
    done = 0
    for i, (path, key) in enumerate(zip(dumps, keys)):
        outcome = known[i]
        now = outcome is None
        if outcome is None:
            outcome = next(fresh)
            _remember(cache, key, outcome)
            known[i] = _light(outcome)
            done += 1
            if time.perf_counter() - last >= PROGRESS_EVERY:
                last = time.perf_counter()
                log(f"taiyaku: converted {done}/{len(todo)} dumps ({done / (last - started):.0f}/s)")
        yield path, key, outcome, now
    fresh.close()  # its worker processes end here, not when it is collected
    seen.outcomes = {key: outcome for key, outcome in zip(keys, known) if outcome is not None}


def _light(outcome: Outcome) -> Outcome:
    """The outcome without its pages' texts: what is kept of it."""
    return Converted(outcome.article, outcome.sizes, None) if isinstance(outcome, Converted) else outcome


def _remember(cache: Cache, key: str, outcome: Outcome) -> None:
    if isinstance(outcome, Converted):
        cache.put(key, _light(outcome), outcome.pages)
    else:
        cache.put(key, outcome)


def _convert_all(paths: list[Path]) -> Generator[Outcome]:
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from map(convert_one, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(convert_one, paths, chunksize=16)
