"""Text to Markdown that renders back to exactly that text.

Written for the extension set of mkdocs.yml's `markdown_extensions`, and for no other: it is
pymdownx.escapeall that makes `\\X` a literal X for every X, so one rule makes every construct of
every enabled extension (`*`, `#`, `{: }`, `!!!`, `???`, fences, lists...) plain text.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from itertools import groupby
from typing import TypeGuard
from urllib.parse import quote

from taiyaku.model import Span

# The three characters HTML itself parses become entities, not `\<`: md_in_html reads the raw
# source for tags before any escape is resolved, so inside a `<div markdown>` an escaped
# `\</div>` would still close the div. Entities also keep a literal `&amp;` as 5 characters.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = frozenset(string.punctuation) - _ENTITIES.keys()

# Python-Markdown turns CR and LF into line ends (a blank line would end the block), expands
# tabs, and strips STX/ETX, its own placeholder marks. A character reference is none of these
# to the parser and is the same character to the browser. NUL cannot be carried by HTML at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_WEB_URL = re.compile(r"(?i)(?:https?://|mailto:)")

# Span styles as raw inline tags rather than `*`, `**` and backticks: a span may begin or end
# with a space or touch another span, where Markdown's delimiter rules would leave the markers
# as text, and backtick code takes neither escapes nor character references.
_STYLE_TAGS = frozenset({"em", "strong", "code"})


def char_ref(text: str) -> str:
    """Numeric character references, except for U+0080-U+009F, which HTML reads as Windows-1252
    (`&#133;` is `…`): those stay literal, and NEL, the one that is whitespace, is lost at a line's end."""
    return "".join(ch if "\x80" <= ch <= "\x9f" else f"&#{ord(ch)};" for ch in text)


def _escape_char(ch: str) -> str:
    if ch in _ENTITIES:
        return _ENTITIES[ch]
    if ch in _BACKSLASHED:
        return "\\" + ch
    if _CONTROL.fullmatch(ch):
        return char_ref(ch)
    return ch


# Every character _escape_char changes is ASCII: one table for str.translate does the same as
# calling it per character, at a twentieth of the cost (it was half of converting a dump).
_ESCAPES = {ord(ch): _escape_char(ch) for ch in map(chr, range(128)) if _escape_char(ch) != ch}


def _escape_chars(text: str) -> str:
    return text.translate(_ESCAPES)


def protect_edges(markdown: str) -> str:
    """Whitespace at the ends of a line as character references: leading spaces would open an
    indented code block, two trailing spaces a line break, and Python-Markdown strips the rest
    (U+3000 included) from paragraph, heading and list item text."""
    start = len(markdown) - len(markdown.lstrip())
    end = len(markdown.rstrip())
    if start >= end:
        return char_ref(markdown)
    return char_ref(markdown[:start]) + markdown[start:end] + char_ref(markdown[end:])


def escape_inline(text: str) -> str:
    """`text` as inline Markdown that renders as exactly `text`, and that is safe as a whole line."""
    return protect_edges(_escape_chars(text))


def is_web_url(url: str | None) -> TypeGuard[str]:
    """An http(s) or mailto URL: the only links we write from dump data."""
    return url is not None and _WEB_URL.match(url) is not None


def link_target(url: str) -> str:
    """`url` as the `<...>` destination of a Markdown link, so that spaces and `)` need nothing.

    `<`, `>`, whitespace and controls are percent-encoded (the form a browser sends anyway);
    `&` becomes `&amp;` so that an entity-like `&lt;` in a URL stays 4 characters; `\\` and the
    backtick are backslash-escaped, since escapes and code spans are parsed before links.
    """
    out = []
    for ch in url:
        if ch == "&":
            out.append("&amp;")
        elif ch in "\\`":
            out.append("\\" + ch)
        elif ch in "<>" or ch.isspace() or _CONTROL.fullmatch(ch):
            out.append(quote(ch, safe=""))
        else:
            out.append(ch)
    return "<" + "".join(out) + ">"


def link(label_markdown: str, url: str, attrs: str = "") -> str:
    """A Markdown link around already-escaped `label_markdown`; `attrs` is an attr_list body."""
    return f"[{label_markdown}]({link_target(url)})" + (f"{{: {attrs} }}" if attrs else "")


def _styled(span: Span) -> str:
    text = _escape_chars(span.text)
    tag = span.style
    return f"<{tag}>{text}</{tag}>" if tag in _STYLE_TAGS and text else text


def spans_to_markdown(spans: Iterable[Span]) -> str:
    """A run of spans as one line of Markdown. Consecutive spans with the same href make one link,
    as they came from one `<a>`. A non-web href (the reader drops those) keeps only its text, and
    a link with no text is left out: nobody could see or click it."""
    parts = []
    for href, run in groupby(spans, key=lambda s: s.href):
        inner = "".join(_styled(s) for s in run)
        parts.append(link(inner, href) if is_web_url(href) and inner else inner)
    return protect_edges("".join(parts))


# -- raw HTML ----------------------------------------------------------------------------------
# For the side-by-side view, written as one raw HTML block: Python-Markdown passes such a block
# through untouched (no inline parsing, so no Markdown escaping), and it costs far less to build
# than the same blocks as Markdown inside `<div markdown>`. Every line of it must start with a
# tag: superfences reads a line starting with three backticks as a fence even there.

_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_html(text: str) -> str:
    """`text` as HTML text or attribute value that a browser reads back as exactly `text`:
    the characters HTML parses as entities, and controls (including line ends) as references."""
    return "".join(_HTML_ENTITIES.get(ch) or (char_ref(ch) if _CONTROL.fullmatch(ch) else ch) for ch in text)


def html_href(url: str) -> str:
    """A web URL as an `href` value: whitespace and controls percent-encoded, as in `link_target`."""
    return escape_html("".join(quote(ch, safe="") if ch.isspace() or _CONTROL.fullmatch(ch) else ch for ch in url))


def spans_to_html(spans: Iterable[Span]) -> str:
    """`spans_to_markdown` for raw HTML: the same links, styles and dropped hrefs."""
    parts = []
    for href, run in groupby(spans, key=lambda s: s.href):
        inner = "".join(_styled_html(s) for s in run)
        parts.append(f'<a href="{html_href(href)}">{inner}</a>' if is_web_url(href) and inner else inner)
    return "".join(parts)


def _styled_html(span: Span) -> str:
    text = escape_html(span.text)
    tag = span.style
    return f"<{tag}>{text}</{tag}>" if tag in _STYLE_TAGS and text else text
