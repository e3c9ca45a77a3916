"""A folder of dumps to a folder of Markdown pages: what the site's build hook and
`taiyaku convert` call. A bad dump is reported and skipped; the others go on. With a cache, a dump
that was read before and can no longer be read is reported and keeps the pages of its last version
that was read: a bad save does not unpublish an article."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.cache import Cache
from taiyaku.errors import DumpError
from taiyaku.files import sync
from taiyaku.model import Article
from taiyaku.readers import is_dump, read
from taiyaku.writers import en_page, ja_page, urls
from taiyaku.writers.parallel import parallel_pages

PROGRESS_EVERY = 3.0  # seconds between progress lines on long runs
# Below this many dumps to convert, starting worker processes costs more than it saves.
PARALLEL_FROM = 64

Pages = dict[str, str]
Converted = tuple[Article, Pages]
# A failure crosses process and cache boundaries as (path, reason): DumpError does not pickle.
Outcome = Converted | tuple[str, str]


@dataclass
class ConvertReport:
    articles: list[Article] = field(default_factory=list)
    """The articles read, in dump file-name order."""
    failures: list[DumpError] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    cached: int = 0
    """Dumps whose conversion came from the cache."""
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.articles)} articles ({self.cached} from cache), {len(self.failures)} failed; "
            f"pages: {self.written} written, {self.unchanged} unchanged, {self.removed} removed; "
            f"{self.seconds:.2f} s"
        )


def convert_dir(
    dumps_dir: Path,
    out_dir: Path,
    *,
    log: Callable[[str], None] = print,
    cache_dir: Path | None = None,
) -> ConvertReport:
    started = time.perf_counter()
    report = ConvertReport()
    dumps = sorted(p for p in dumps_dir.iterdir() if is_dump(p)) if dumps_dir.is_dir() else []
    pages: Pages = {}
    owners: dict[str, Path] = {}
    cache = Cache(cache_dir)
    keys = [_key(cache, p) for p in dumps]
    last_read = {name: key for name, key in cache.last_read().items() if (dumps_dir / name).is_file()}
    for path, key, outcome in zip(dumps, keys, _outcomes(dumps, keys, cache, report, log)):
        if isinstance(outcome[0], str):
            kept = cache.get(last_read[path.name]) if path.name in last_read else None
            if kept is None:
                report.failures.append(DumpError(*outcome))
                continue
            report.failures.append(DumpError(outcome[0], f"{outcome[1]}; its pages stay as they were last read"))
            outcome = kept
        else:
            last_read[path.name] = key
        article, article_pages = outcome
        if article.slug in owners:
            report.failures.append(DumpError(path, f"slug {article.slug!r} is already used by {owners[article.slug].name}"))
            continue
        owners[article.slug] = path
        report.articles.append(article)
        pages.update(article_pages)
    cache.keep_last_read(last_read)
    out_dir.mkdir(parents=True, exist_ok=True)
    count = sync(out_dir, pages, [out_dir])
    report.written, report.unchanged, report.removed = count.written, count.unchanged, count.removed
    report.seconds = time.perf_counter() - started
    return report


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
        return article, article_pages(article)
    except DumpError as err:
        return err.path, err.reason


def _key(cache: Cache, path: Path) -> str:
    try:
        return cache.key(path, path.read_bytes())
    except OSError as error:  # the reader reports it; cached under this key, never a dump's bytes
        return cache.key(path, f"\0{error}".encode())


def _outcomes(
    dumps: list[Path], keys: list[str], cache: Cache, report: ConvertReport, log: Callable[[str], None]
) -> list[Outcome]:
    """Each dump's outcome, in order: from the cache where the dump is unchanged (`keys`, its
    cache keys), else converted (on every core when there are many) and cached."""
    outcomes: list[Outcome | None] = cache.get_many(keys)
    report.cached = sum(o is not None for o in outcomes)
    todo = [i for i, o in enumerate(outcomes) if o is None]
    started = last = time.perf_counter()
    for done, (i, outcome) in enumerate(zip(todo, _convert_all([dumps[i] for i in todo])), 1):
        outcomes[i] = outcome
        cache.put(keys[i], outcome)
        if time.perf_counter() - last >= PROGRESS_EVERY:
            last = time.perf_counter()
            log(f"taiyaku: converted {done}/{len(todo)} dumps ({done / (last - started):.0f}/s)")
    return [o for o in outcomes if o is not None]


def _convert_all(paths: list[Path]) -> Iterator[Outcome]:
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from map(convert_one, paths)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(convert_one, paths, chunksize=16)
