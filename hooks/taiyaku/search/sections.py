"""An article's rendered content (the HTML of its Markdown, before the theme wraps it) as the
sections a search result opens at: the text before the first subheading, then one section per
h2/h3 that has an id. Only the article's own words count: heading permalinks, the dump's table
of contents, the excerpt notice, the meta line, the link to the other edition and, on an English
page, the Japanese edition's box are left out (they are navigation, boilerplate, or another
language's content, indexed with that language).

A line-aligned article's body paragraphs have an id `tk-p<k>` (writers/blocks.py's PARAGRAPH_ID),
the same on both pages: a section says where in its text each of them is, so that a search in
the other language can tell which paragraph it matched and open this page at its counterpart.
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
_PARAGRAPH_ID = re.compile(r"tk-p(\d+)")
_START, _END = "\x00", "\x01"  # where a paragraph with an id starts and ends, in the collected text
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
    paragraphs: tuple[tuple[int, int, int], ...] = ()
    """Its paragraphs that have an id `tk-p<k>`: (k, start, end) in `text`."""


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
        self._paragraph_depth: int | None = None  # len(_open) when a paragraph with an id opened

    def updatepos(self, i: int, j: int) -> int:
        """Skip counting lines (for error positions, which this parser never reports): a tenth of its time."""
        return j

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
        elif (found := _PARAGRAPH_ID.fullmatch(attributes.get("id") or "")) and self._paragraph_depth is None:
            self._text.append(f"{_START}{found[1]}{_START}")
            self._paragraph_depth = len(self._open)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self._open:
            return
        while self._open:  # close what the end tag closes, as a browser would
            depth = len(self._open)
            if self._skip_depth == depth:
                self._skip_depth = None
            if self._paragraph_depth == depth:
                self._text.append(_END)
                self._paragraph_depth = None
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
        self._text.append(data.replace(_START, "").replace(_END, ""))
        if self._heading is not None:
            self._heading.append(data)

    def _close_section(self) -> None:
        if self._paragraph_depth is not None:  # a section heading inside a paragraph: it ends there
            self._text.append(_END)
            self._paragraph_depth = None
        text, paragraphs = _collapse_marked("".join(self._text))
        self._done.append(Section(self._anchor, self._heading_text, text, paragraphs))
        self._text, self._heading_text = [], ""

    def finish(self) -> list[Section]:
        self._close_section()
        return self._done


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _collapse_marked(raw: str) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    """_collapse(raw without its marks), and where the marked paragraphs are in it."""
    if _START not in raw:
        return _collapse(raw), ()
    out = ""
    opened: list[tuple[int, int]] = []  # (k, start)
    paragraphs: list[tuple[int, int, int]] = []
    for piece in re.split(rf"({_START}\d+{_START}|{_END})", raw):
        if piece == _END:
            if opened:
                k, start = opened.pop()
                paragraphs.append((k, start, len(out)))
        elif piece.startswith(_START):
            opened.append((int(piece[1:-1]), len(out)))
        else:
            piece = re.sub(r"\s+", " ", piece)
            if piece.startswith(" ") and (not out or out.endswith(" ")):
                piece = piece[1:]
            out += piece
    text = out.rstrip()
    placed = []
    for k, start, end in paragraphs:
        start, end = min(start, len(text)), min(end, len(text))
        if start < end and text[start] == " ":  # the space before the paragraph, where none was before it
            start += 1
        if end > start and text[end - 1] == " ":
            end -= 1
        if end > start:
            placed.append((k, start, end))
    return text, tuple(sorted(placed, key=lambda p: p[1]))
