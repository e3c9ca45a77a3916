"""Readers turn one dump file into an Article. One reader per input format, chosen by suffix."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from taiyaku.errors import DumpError
from taiyaku.model import Article
from taiyaku.readers import html, text

Reader = Callable[[Path], Article]

READERS: dict[str, Reader] = {".txt": text.read, ".html": html.read, ".htm": html.read}


def read(path: Path) -> Article:
    """Read any dump; raises DumpError (`path: reason`) for anything that is not a usable article."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DumpError(path, f"not a dump: the suffix must be one of {', '.join(sorted(READERS))}")
    return _with_common_warnings(reader(path))


def _with_common_warnings(article: Article) -> Article:
    """Warnings that concern every format alike, so no reader has to repeat them."""
    if article.en is None or article.title_en:
        return article
    note = "no English title (front matter title_en): the English page shows the Japanese one"
    return dataclasses.replace(article, warnings=(*article.warnings, note))


def is_dump(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in READERS and not path.name.startswith(".")
