"""Our own convention: a YAML block between `---` lines at the very top of a text dump."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from taiyaku.errors import DumpError
from taiyaku.model import Metadata

FENCE = "---"


def split_front_matter(path: Path, lines: list[str]) -> tuple[dict[str, object] | None, int]:
    """The parsed block (or None) and the index of the first line after it."""
    if not lines or lines[0].strip() != FENCE:
        return None, 0
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise DumpError(path, "front matter opened with '---' on line 1 is never closed") from None
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise DumpError(path, f"front matter is not valid YAML: {_first_line(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DumpError(path, "front matter must be a mapping of keys to values")
    return {str(k): _plain(v) for k, v in data.items()}, end + 1


def metadata_from(path: Path, data: dict[str, object] | None) -> Metadata:
    if data is None:
        return Metadata()
    return Metadata(
        source=optional_str(data.get("source")),
        author=optional_str(data.get("author")),
        published=_date(path, data.get("published")),
        tags=_tags(data.get("tags")),
        front_matter=data,
    )


def _plain(value: object) -> object:
    """YAML loads `2026-11-12` as a date; the model keeps front matter JSON-ready (ISO strings)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _date(path: Path, value: object) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise DumpError(path, f"front matter 'published' is not a date (YYYY-MM-DD): {value!r}") from None


def _tags(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return tuple(t.strip() for t in str(value).split(",") if t.strip())


def optional_str(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
