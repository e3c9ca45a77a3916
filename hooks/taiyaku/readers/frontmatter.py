"""Our own convention: a YAML block between `---` lines at the very top of a text dump.

What one article may cost is bounded: every tag is a page that lists the article's other tags,
so an article's cost grows with the square of its tags (a pasted list of 500 tags took the
site build 73 s), and a title or value goes into every page that shows it. Past the limits
below, the rest is dropped or cut and named in a problem (a WARNING).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from taiyaku.errors import DumpError
from taiyaku.model import Metadata

FENCE = "---"

# libyaml's loader when PyYAML was built with it: the pure-Python one takes 2 s over a 2 MB value.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_TAGS = 20
"""Tags per article; a list of more keeps its first MAX_TAGS (as does any list in front matter)."""
MAX_TAG_CHARS = 60
"""Characters per tag: a tag is a folder name (60 four-byte characters stay under the 255-byte limit)."""
MAX_VALUE_CHARS = 500
"""Characters of a front-matter value or a title; a longer one is cut."""


def split_front_matter(path: Path, lines: list[str]) -> tuple[dict[str, object] | None, int]:
    """The parsed block (or None) and the index of the first line after it."""
    if not lines or lines[0].strip() != FENCE:
        return None, 0
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise DumpError(path, "front matter opened with '---' on line 1 is never closed") from None
    try:
        data = yaml.load("\n".join(lines[1:end]), Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise DumpError(path, f"front matter is not valid YAML: {_first_line(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DumpError(path, "front matter must be a mapping of keys to values")
    return {str(k): _plain(v) for k, v in data.items()}, end + 1


def metadata_from(path: Path, data: dict[str, object] | None) -> tuple[Metadata, list[str]]:
    """The metadata, within the limits above, and a problem for each limit the front matter passed."""
    if data is None:
        return Metadata(), []
    problems: list[str] = []
    data = {key: _limited(key, value, problems) for key, value in data.items()}
    return Metadata(
        source=optional_str(data.get("source")),
        author=optional_str(data.get("author")),
        published=_date(path, data.get("published")),
        tags=_tags(data.get("tags"), problems),
        front_matter=data,
    ), problems


def bounded(text: str, problems: list[str], what: str) -> str:
    """`text` cut to MAX_VALUE_CHARS, with a problem saying so."""
    if len(text) <= MAX_VALUE_CHARS:
        return text
    problems.append(f"{what} is {len(text):,} characters long: cut to its first {MAX_VALUE_CHARS}")
    return text[:MAX_VALUE_CHARS]


def _limited(key: str, value: object, problems: list[str]) -> object:
    if isinstance(value, str):
        return bounded(value, problems, f"front matter {key!r}")
    if isinstance(value, list):
        if len(value) > MAX_TAGS:
            problems.append(f"front matter {key!r} lists {len(value):,} items: only the first {MAX_TAGS} are kept")
        return [_limited(key, v, problems) for v in value[:MAX_TAGS]]
    return value


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


def _tags(value: object, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    tags = [str(v) for v in value] if isinstance(value, list) else [t.strip() for t in str(value).split(",") if t.strip()]
    if len(tags) > MAX_TAGS:  # a comma-separated string is one value, under MAX_VALUE_CHARS
        problems.append(f"front matter 'tags' lists {len(tags):,} tags: only the first {MAX_TAGS} are kept")
    long = [tag for tag in tags[:MAX_TAGS] if len(tag) > MAX_TAG_CHARS]
    if long:
        problems.append(f"{len(long)} tag(s) longer than {MAX_TAG_CHARS} characters: cut, such as {long[0][:20]!r}…")
    return tuple(tag[:MAX_TAG_CHARS] for tag in tags[:MAX_TAGS])


def optional_str(value: object) -> str | None:
    return None if value is None else str(value).strip() or None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0]
