"""Heading anchors: readable in both languages (`#モデル福祉は重要である`, not `#_1`) and unique per page."""

from __future__ import annotations

from pymdownx.slugs import slugify

# The same function the site's toc extension uses, so an anchor we write is the one it would make.
_slugify = slugify(case="lower")


def make_anchor(text: str, taken: set[str]) -> str:
    """A unique anchor for `text`; adds it to `taken`. Text with no letters falls back to `section`."""
    base = _slugify(text, "-").strip("-") or "section"
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor
