"""What both readers need: the slug rule."""

from __future__ import annotations

import re
from pathlib import Path

from taiyaku.errors import DumpError

# A slug becomes a URL segment and a file name: keep it to characters that are safe in both.
_SLUG = re.compile(r"^[\w][\w.-]*$")


def slug_for(path: Path, front_matter_slug: object = None) -> str:
    """The front matter's `slug`, else the file name without its suffix."""
    slug = str(front_matter_slug).strip() if front_matter_slug is not None else path.stem
    if not _SLUG.match(slug) or slug.endswith("."):
        raise DumpError(path, f"slug {slug[:40]!r} is not usable in a URL (letters, digits, '_', '-', '.')")
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        raise DumpError(path, f"slug {slug[:40]!r}… is over {MAX_SLUG_BYTES} bytes: too long for a file name")
    return slug


MAX_SLUG_BYTES = 200
"""The slug names files (`<slug>.ja.md`, `<slug>/taiyaku.en.md`): a file name holds 255 bytes."""
