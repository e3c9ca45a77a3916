"""An article's rendered content (the HTML of its Markdown, before the theme wraps it) as the
sections a search result opens at: the text before the first subheading, then one section per
h2/h3 that has an id. Only the article's own words count: heading permalinks, the dump's table
of contents, the excerpt notice, the meta line, the link to the other edition and, on an English
page, the Japanese edition's box are left out (they are navigation, boilerplate, or another
language's content, indexed with that language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SKIPPED_CLASSES = frozenset(
    {"headerlink", "tk-toc", "tk-excerpt", "tk-meta", "tk-other-lang", "tk-parallel-link", "tk-ja-edition"}
)
SECTION_HEADINGS = frozenset({"h2", "h3"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_BLOCK = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th",
     "blockquote", "details", "summary", "pre", "figure", "figcaption", "br", "hr", "dt", "dd"}
)


@dataclass(frozen=True)
class Section:
    anchor: str | None
    """The heading's id (the URL fragment a result opens at); None for the text before it."""
    heading: str
    """The heading's text; empty for the text before the first heading."""
    text: str
    """Everything the section says, heading included, whitespace collapsed."""


def sections(html: str) -> list[Section]:
    """`html`'s sections in document order, the empty ones left out."""
    parser = _Splitter()
    parser.feed(html)
    parser.close()
    return [s for s in parser.finish() if s.text]


class _Splitter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._done: list[Section] = []
        self._anchor: str | None = None
        self._heading: list[str] | None = None  # collecting a section heading's text
        self._heading_text = ""
        self._text: list[str] = []
        self._open: list[str] = []  # open non-void tags
        self._skip_depth: int | None = None  # len(_open) when a skipped element opened
        self._heading_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._text.append(" ")
        if tag in _VOID:
            return
        self._open.append(tag)
        if self._skip_depth is not None:
            return
        attributes = dict(attrs)
        if SKIPPED_CLASSES.intersection((attributes.get("class") or "").split()):
            self._skip_depth = len(self._open)
        elif tag in SECTION_HEADINGS and attributes.get("id"):
            self._close_section()
            self._anchor, self._heading, self._heading_depth = attributes["id"], [], len(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._open:
            return
        while self._open:  # close what the end tag closes, as a browser would
            depth = len(self._open)
            if self._skip_depth == depth:
                self._skip_depth = None
            if self._heading_depth == depth and self._heading is not None:
                self._heading_text = _collapse("".join(self._heading))
                self._heading, self._heading_depth = None, None
            if self._open.pop() == tag:
                break
        if tag in _BLOCK:
            self._text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip_depth is not None:
            return
        self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)

    def _close_section(self) -> None:
        self._done.append(Section(self._anchor, self._heading_text, _collapse("".join(self._text))))
        self._text, self._heading_text = [], ""

    def finish(self) -> list[Section]:
        self._close_section()
        return self._done


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
