"""Saved HTML pages (`.html`) to an Article.

A saved page is untrusted input, so the article is read in three passes:

1. bs4 (html.parser) finds the `<article>` and removes what is never content: scripts and other
   active or form elements, ad containers, and the page chrome (nav, aside, footer) inside it.
2. Each body container is passed through nh3 with an allowlist of tags, two attributes
   (`a[href]`, `img[alt]`) and the http/https/mailto URL schemes.
3. bs4 reads the cleaned HTML into model blocks. Tags the model has no block for are reduced to
   their text: nothing is ever passed on as HTML, and image URLs are never kept.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from bs4.element import NavigableString, PreformattedString, Tag

from taiyaku.anchors import make_anchor
from taiyaku.errors import DumpError
from taiyaku.model import (
    Article,
    Block,
    Body,
    Figure,
    Heading,
    KeyPoint,
    ListBlock,
    Metadata,
    Paragraph,
    PartFound,
    Quote,
    Span,
)
from taiyaku.readers.common import slug_for
from taiyaku.readers.labels import SENTENCE_ENDS

Style = Literal["", "em", "strong", "code"]

# Elements whose content is code, widgets or fallback text, never article prose. `rt`/`rp` are
# ruby readings: the plain-text model keeps the base text, as a reader of the paragraph would.
_DROPPED = frozenset({
    "script", "style", "iframe", "object", "embed", "applet", "form", "noscript", "template",
    "svg", "math", "canvas", "audio", "video", "button", "input", "textarea", "select",
    "noembed", "noframes", "xmp", "plaintext", "rt", "rp",
})
# The service's page chrome, which FORMAT.md says is not article content even inside <article>.
_CHROME = frozenset({"nav", "aside", "footer"})
_REMOVED = _DROPPED | _CHROME

# What nh3 lets through; everything else loses its tag and keeps its text.
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "a", "em", "i", "strong", "b",
    "code", "figure", "figcaption", "img", "br", "span", "div",
}
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"alt"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_C0_AND_SPACE = "".join(map(chr, range(0x21)))

_HEADINGS = frozenset({"h2", "h3", "h4"})
_STYLES: dict[str, Style] = {
    "em": "em", "i": "em", "strong": "strong", "b": "strong", "code": "code",
}
# Tags that start a new block when met in running text; between them inline runs form paragraphs.
_BLOCK_TAGS = frozenset({"p", "blockquote", "ul", "ol", "li", "figure", "img", "div", *_HEADINGS})

# HTML collapses only ASCII whitespace: U+3000 and no-break spaces are part of the text.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A class token naming an ad slot: `ad`, `ads`, `ad-inline`, `top_ad`; not `lead` or `shadow`.
_AD_CLASS = re.compile(r"(?:^|[-_])ads?(?:$|[-_])|^adsbygoogle$", re.IGNORECASE)

# WHATWG encoding labels that Python's codecs name differently: pages labelled Shift_JIS are
# written in Microsoft's superset, Latin-1 labels mean windows-1252, and a <meta> that could be
# read as ASCII cannot really be UTF-16.
_CODEC_FOR_LABEL = {
    "windows-31j": "cp932",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

_IMPACT_LABEL = "影響分析"
_EDITORIAL_LABEL = "編集コメント"


def read(path: Path) -> Article:
    """Read a saved page; DumpError (`path: reason`) for anything that is not a usable article."""
    try:
        return _read(path)
    except DumpError:
        raise
    except RecursionError as exc:
        raise DumpError(path, "cannot be parsed as HTML: elements are nested too deeply") from exc
    except Exception as exc:
        # The page is untrusted and html.parser and nh3 can fail in ways no list would cover;
        # the build needs a named bad file, not a traceback.
        raise DumpError(path, f"cannot be parsed as HTML ({type(exc).__name__}: {exc})") from exc


def _read(path: Path) -> Article:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DumpError(path, f"cannot be read ({exc.strerror or exc})") from exc
    article = _find_article(path, BeautifulSoup(_decode(path, raw), "html.parser"))
    _strip_non_content(article)

    title = _plain(article.find("h1"))
    if not title:
        raise DumpError(path, "no title: the <article> has no non-empty <h1>")
    ja_container = article.select_one("div.translation")
    if ja_container is None:
        raise DumpError(path, "no Japanese body: the <article> has no <div class=\"translation\">")
    ja = _body(ja_container)
    if not ja.blocks:
        raise DumpError(path, "the Japanese body (div.translation) has no text")

    en, warnings = _original(article)
    aligned, mismatch = _alignment(ja, en)
    if mismatch:
        warnings.append(f"the Japanese and English bodies are not block-aligned ({mismatch})")
    impact, editorial = _analysis(article)
    lede = _plain(article.select_one("p.lede"))
    if not lede:
        warnings.append("no lede: the <article> has no <p class=\"lede\">")
    return Article(
        path=str(path),
        slug=slug_for(path),
        title_ja=title,
        title_en=None,
        lede=lede,
        key_points=_key_points(article),
        impact=impact,
        editorial=editorial,
        ja=ja,
        en=en,
        aligned=aligned,
        # An article written in Japanese is its own original.
        truncated=_truncated(en if en is not None else ja),
        # The <head> meta describes the aggregator's page, not the original article.
        metadata=Metadata(),
        warnings=tuple(warnings),
        found=_found(article),
    )


# Each part of a saved page is an element; its source line is where the element starts.
_PART_ELEMENTS = (
    ("title", "h1"),
    ("lede", "p.lede"),
    ("key points", "section.key-points"),
    ("analysis box", "details.analysis"),
    ("Japanese body", "div.translation"),
    ("original", "details.original"),
)


def _found(article: Tag) -> tuple[PartFound, ...]:
    found = []
    for part, selector in _PART_ELEMENTS:
        element = article.select_one(selector)
        if element is not None:
            found.append(PartFound(part, True, element.sourceline, f"<{selector}>"))
    return tuple(found)


# --- bytes to a tree -----------------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> str:
    """The page's text in its BOM's or declared encoding (UTF-8 without either), decoded strictly.

    Strict because a lenient decoder (bs4's UnicodeDammit ends with windows-1252) would turn a
    mislabelled Shift_JIS page into mojibake and publish it without a word.
    """
    if not raw.strip():
        raise DumpError(path, "the file is empty")
    data, bom_encoding = EncodingDetector.strip_byte_order_mark(raw)
    label = bom_encoding or EncodingDetector.find_declared_encoding(data, is_html=True) or "utf-8"
    codec = _codec(label)
    if codec is None:
        raise DumpError(path, f"cannot be decoded: unknown encoding {label!r} declared")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        reason = f"cannot be decoded as {label} (bad byte at offset {exc.start})"
        raise DumpError(path, reason) from None


def _codec(label: str) -> str | None:
    """Python's codec for an encoding label, None for a label neither knows."""
    label = label.strip().lower()
    try:
        name = _CODEC_FOR_LABEL.get(label) or codecs.lookup(label).name
    except LookupError:
        return None
    return _CODEC_FOR_LABEL.get(name, name)


def _find_article(path: Path, soup: BeautifulSoup) -> Tag:
    article = soup.select_one("main article") or soup.select_one("article")
    if article is None:
        raise DumpError(path, "no <article> element: not a saved article page")
    return article


def _strip_non_content(article: Tag) -> None:
    """Remove, in place, every element whose content must not reach the model."""
    doomed = article.find_all(lambda tag: tag.name in _REMOVED or _is_ad(tag))
    for tag in doomed:
        # A tag inside an already removed container was destroyed with it.
        if not tag.decomposed:
            tag.decompose()


def _is_ad(tag: Tag) -> bool:
    classes = tag.get("class")
    tokens: list[str] = classes.split() if isinstance(classes, str) else list(classes or [])
    return any(_AD_CLASS.search(token) for token in tokens)


# --- the summary parts: plain strings ------------------------------------------------------------


def _plain(node: Tag | NavigableString | None) -> str:
    """An element's text, entities decoded and whitespace collapsed; '' for no element."""
    if not isinstance(node, Tag):
        return ""
    return "".join(span.text for span in _normalize(_spans(node)))


def _labelled(container: Tag | None) -> list[tuple[str, str]]:
    """(`<h3>` text, text of the `<p>`s up to the next `<h3>`) pairs, in order."""
    pairs: list[tuple[str, list[str]]] = []
    for tag in container.find_all(["h3", "p"]) if container else []:
        if tag.name == "h3":
            pairs.append((_plain(tag), []))
        elif pairs and (text := _plain(tag)):
            pairs[-1][1].append(text)
    return [(label, "\n".join(texts)) for label, texts in pairs]


def _key_points(article: Tag) -> tuple[KeyPoint, ...]:
    pairs = _labelled(article.select_one("section.key-points"))
    return tuple(KeyPoint(title, body) for title, body in pairs if title)


def _analysis(article: Tag) -> tuple[str | None, str | None]:
    """The impact analysis and editorial comment; None for a part the page does not have."""
    parts = dict(_labelled(article.select_one("details.analysis")))
    return parts.get(_IMPACT_LABEL) or None, parts.get(_EDITORIAL_LABEL) or None


def _original(article: Tag) -> tuple[Body | None, list[str]]:
    """The English original and any warning about it; None for an article written in Japanese."""
    details = article.select_one("details.original")
    if details is None:
        return None, []
    container = details.select_one("div.original-body")
    body = _body(container) if container is not None else None
    if body is None or not body.blocks:
        return None, ["details.original has no text in a div.original-body: no original is shown"]
    return body, []


# --- a body container to blocks ------------------------------------------------------------------


def _body(container: Tag) -> Body:
    """The model of one language's text. HTML dumps carry no table of contents."""
    return Body(blocks=tuple(_blocks(_sanitize(container), taken=set())))


def _sanitize(container: Tag) -> BeautifulSoup:
    """The container's content through nh3's allowlist, parsed again for reading.

    `url_relative="deny"` drops relative links too: they point into the aggregator's site.
    """
    cleaned = nh3.clean(
        container.decode_contents(),
        tags=_ALLOWED_TAGS,
        clean_content_tags=set(_DROPPED),
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        url_relative="deny",
        link_rel=None,
        strip_comments=True,
    )
    return BeautifulSoup(cleaned, "html.parser")


def _blocks(node: Tag, taken: set[str]) -> Iterator[Block]:
    """Blocks of `node`'s children; runs of loose inline content become paragraphs."""
    run: list[Span] = []
    for child in node.children:
        if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
            yield from _paragraph(run)
            run = []
            yield from _block(child, taken)
        else:
            run.extend(_node_spans(child))
    yield from _paragraph(run)


def _block(tag: Tag, taken: set[str]) -> Iterator[Block]:
    if tag.name == "div":  # a wrapper: its children are the blocks
        yield from _blocks(tag, taken)
    elif tag.name in _HEADINGS:
        if text := _plain(tag):
            yield Heading(text, make_anchor(text, taken))
    elif tag.name == "blockquote":
        if paragraphs := tuple(_as_paragraphs(_blocks(tag, taken=set()))):
            yield Quote(paragraphs)
    elif tag.name in ("ul", "ol"):
        yield from _list(tag)
    elif tag.name in ("figure", "img"):
        if caption := _plain(tag.find("figcaption")) or _alt(tag):
            yield Figure(caption)
    else:  # p, and an li outside any list
        yield from _paragraph(_spans(tag))


def _paragraph(spans: Iterable[Span]) -> Iterator[Paragraph]:
    if normalized := _normalize(spans):
        yield Paragraph(normalized)


def _list(tag: Tag) -> Iterator[ListBlock]:
    """One item per `<li>`, nested lists flattened in document order, as the fixtures count them."""
    items: list[Paragraph] = []
    for li in tag.find_all("li"):
        items.extend(_paragraph(_spans(li, skip=frozenset({"ul", "ol"}))))
    if items:
        yield ListBlock(tuple(items), ordered=tag.name == "ol")


def _as_paragraphs(blocks: Iterable[Block]) -> Iterator[Paragraph]:
    """A quote holds only paragraphs: headings and list items inside it become paragraphs."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Heading):
            yield Paragraph((Span(block.text),))
        elif isinstance(block, Quote):
            yield from block.paragraphs
        elif isinstance(block, ListBlock):
            yield from block.items


def _alt(tag: Tag) -> str:
    img = tag if tag.name == "img" else tag.find("img")
    alt = img.get("alt") if isinstance(img, Tag) else None
    return _HTML_SPACE.sub(" ", alt).strip(" ") if isinstance(alt, str) else ""


# --- inline content to spans ---------------------------------------------------------------------


def _spans(
    node: Tag, style: Style = "", href: str | None = None, skip: frozenset[str] = frozenset()
) -> Iterator[Span]:
    """The text under `node` as raw spans (whitespace not yet collapsed), styles nesting inward."""
    for child in node.children:
        yield from _node_spans(child, style, href, skip)


def _node_spans(
    node: object, style: Style = "", href: str | None = None, skip: frozenset[str] = frozenset()
) -> Iterator[Span]:
    if _is_text(node):
        yield Span(str(node), style, href)
    elif not isinstance(node, Tag) or node.name in skip:
        return
    elif node.name == "img":
        # An image inside running text is an icon or emoji sprite: its alt would break the sentence.
        return
    elif node.name == "br":
        yield Span(" ", style, href)
    else:
        # A block inside running text (a <p> in an <li>) must not glue its words to the next.
        edge = [Span(" ", style, href)] if node.name in _BLOCK_TAGS else []
        yield from edge
        yield from _spans(node, _STYLES.get(node.name, style), _link(node, href), skip)
        yield from edge


def _is_text(node: object) -> bool:
    # Comments, doctypes and CDATA are PreformattedStrings: not visible text.
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _link(tag: Tag, inherited: str | None) -> str | None:
    return _safe_href(tag.get("href")) if tag.name == "a" else inherited


def _safe_href(href: object) -> str | None:
    """`href` when it is an absolute http, https or mailto URL, else None.

    nh3 already enforces this; checking again here keeps the model's promise even if the
    sanitizer's configuration changes. Browsers ignore tabs and newlines in URLs and
    surrounding control characters, so they are removed before the scheme is read.
    """
    if not isinstance(href, str):
        return None
    url = re.sub(r"[\t\n\r]", "", href).strip(_C0_AND_SPACE)
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _URL_SCHEMES else None


def _normalize(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Collapse whitespace across span borders, strip the ends, merge equal neighbours."""
    out: list[Span] = []
    for span in spans:
        text = _HTML_SPACE.sub(" ", span.text)
        if not out or out[-1].text.endswith(" "):
            text = text.lstrip(" ")
        if not text:
            continue
        if out and (out[-1].style, out[-1].href) == (span.style, span.href):
            out[-1] = replace(out[-1], text=out[-1].text + text)
        else:
            out.append(replace(span, text=text))
    # Only the last span can end in a space; a styled span of nothing but a space may go entirely.
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(replace(last, text=last.text.rstrip(" ")))
    return tuple(out)


# --- whole-article judgements -------------------------------------------------------------------


def _truncated(original: Body) -> bool:
    """True when the original body's last block is a paragraph cut mid-word.

    Only a final paragraph is judged: list items and captions routinely end without punctuation.
    """
    last = original.blocks[-1] if original.blocks else None
    return isinstance(last, Paragraph) and not last.text.rstrip().endswith(SENTENCE_ENDS)


def _alignment(ja: Body, en: Body | None) -> tuple[bool, str | None]:
    """(aligned, why not): block k of one body translates block k of the other when both have
    the same shape, that is the same kinds at the same places and as many quote/list paragraphs."""
    if en is None:
        return False, None
    ja_shape, en_shape = _shape(ja), _shape(en)
    if ja_shape == en_shape:
        return True, None
    counts = f"ja: {len(ja_shape)} blocks, en: {len(en_shape)} blocks"
    for k, (ja_kind, en_kind) in enumerate(zip(ja_shape, en_shape)):
        if ja_kind != en_kind:
            return False, f"{counts}; first difference at block {k}: {ja_kind} vs {en_kind}"
    return False, counts


def _shape(body: Body) -> list[str]:
    shape = []
    for block in body.blocks:
        kind = type(block).__name__
        if isinstance(block, Quote):
            kind += f"[{len(block.paragraphs)}]"
        elif isinstance(block, ListBlock):
            kind += f"[{len(block.items)}]"
        shape.append(kind)
    return shape
