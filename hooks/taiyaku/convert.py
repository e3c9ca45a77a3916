"""A folder of dumps to a folder of Markdown pages: what the site's build hook and
`taiyaku convert` call. A bad dump is reported and skipped; the others go on."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from taiyaku.errors import DumpError
from taiyaku.model import Article
from taiyaku.readers import is_dump, read
from taiyaku.writers import en_page, ja_page

# Page files are `<slug>.<lang>.md`: mkdocs-static-i18n's suffix layout puts the Japanese page
# at /articles/<slug>/ and the English one at /en/articles/<slug>/.
PAGE_SUFFIXES = (".ja.md", ".en.md")
PROGRESS_EVERY = 3.0  # seconds between progress lines on long runs


@dataclass
class ConvertReport:
    articles: list[Article] = field(default_factory=list)
    """The articles read, in dump file-name order."""
    failures: list[DumpError] = field(default_factory=list)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{len(self.articles)} articles, {len(self.failures)} failed; pages: {self.written} written, "
            f"{self.unchanged} unchanged, {self.removed} removed; {self.seconds:.2f} s"
        )


def convert_dir(dumps_dir: Path, out_dir: Path, *, log: Callable[[str], None] = print) -> ConvertReport:
    started = time.perf_counter()
    report = ConvertReport()
    dumps = sorted(p for p in dumps_dir.iterdir() if is_dump(p)) if dumps_dir.is_dir() else []
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, str] = {}
    owners: dict[str, Path] = {}
    last_progress = started
    for done, path in enumerate(dumps, 1):
        try:
            article = read(path)
            if article.slug in owners:
                raise DumpError(path, f"slug {article.slug!r} is already used by {owners[article.slug].name}")
        except DumpError as err:
            report.failures.append(err)
            continue
        owners[article.slug] = path
        report.articles.append(article)
        pages.update(article_pages(article))
        if time.perf_counter() - last_progress >= PROGRESS_EVERY:
            last_progress = time.perf_counter()
            rate = done / (last_progress - started)
            log(f"taiyaku: converted {done}/{len(dumps)} dumps ({rate:.0f}/s)")
    _sync(out_dir, pages, report)
    report.seconds = time.perf_counter() - started
    return report


def article_pages(article: Article) -> dict[str, str]:
    """File name -> Markdown of the article's page in each language it exists in."""
    slug = article.slug
    english = en_page(article, ja_url=f"../../../articles/{slug}/")
    pages = {f"{slug}.ja.md": ja_page(article, en_url=f"../../en/articles/{slug}/" if english else None)}
    if english is not None:
        pages[f"{slug}.en.md"] = english
    return pages


def _sync(out_dir: Path, pages: dict[str, str], report: ConvertReport) -> None:
    """Write only what changed (the site server watches these files) and remove pages whose dump is gone."""
    for name, text in pages.items():
        target = out_dir / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            report.unchanged += 1
            continue
        target.write_text(text, encoding="utf-8")
        report.written += 1
    for stale in out_dir.iterdir():
        if stale.name.endswith(PAGE_SUFFIXES) and stale.name not in pages:
            stale.unlink()
            report.removed += 1
