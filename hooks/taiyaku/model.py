"""The article model: what every reader produces and every writer consumes.

It knows nothing of MkDocs or Markdown: the site engine may change, the understanding of a
dump must not have to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

Lang = Literal["ja", "en"]


@dataclass(frozen=True)
class Span:
    """A run of inline text. Text dumps only ever give plain spans; HTML dumps keep emphasis and links."""

    text: str
    style: Literal["", "em", "strong", "code"] = ""
    href: str | None = None
    """Only ever an http(s): or mailto: URL: readers drop every other link and keep its text."""


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True)
class Heading:
    text: str
    anchor: str
    """The id the heading gets on the page; TOC entries link to it."""


@dataclass(frozen=True)
class Quote:
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Paragraph, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Figure:
    """An image of the saved page. Only its text is kept: the image itself lives on the
    service's server, and fetching it would be network access the reader did not ask for."""

    caption: str


Block = Paragraph | Heading | Quote | ListBlock | Figure


@dataclass(frozen=True)
class TocEntry:
    text: str
    """Exactly as written, trailing `.`/`。` kept."""
    anchor: str | None
    """Anchor of the section in this excerpt, or None when the excerpt does not contain it."""


@dataclass(frozen=True)
class Body:
    """One language's text of the article."""

    blocks: tuple[Block, ...]
    toc: tuple[TocEntry, ...] | None = None
    toc_position: int = 0
    """Index in `blocks` before which the table of contents stood in the dump."""

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    @property
    def paragraph_count(self) -> int:
        """Paragraphs as the fixtures count them: a quote's paragraphs and a list's items each count once."""
        count = 0
        for block in self.blocks:
            if isinstance(block, Paragraph):
                count += 1
            elif isinstance(block, Quote):
                count += len(block.paragraphs)
            elif isinstance(block, ListBlock):
                count += len(block.items)
        return count


@dataclass(frozen=True)
class KeyPoint:
    title: str
    body: str


@dataclass(frozen=True)
class PartFound:
    """How the reader found one part of a dump, so that an editor can see why it was read so."""

    part: str
    """`title`, `lede`, `key points`, `analysis box`, `impact`, `editorial`, `Japanese body`,
    `Japanese TOC`, `original`, `English TOC`."""
    by_label: bool
    """Found by its label (or its element, in a saved page) rather than inferred."""
    line: int | None
    """The dump's line (from 1) where the part or its label is, when the reader knows it."""
    how: str
    """The label and its line, or what the inference rested on."""


@dataclass(frozen=True)
class Metadata:
    """What the editors' front matter says of the original article; the page itself does not carry it."""

    source: str | None = None
    author: str | None = None
    published: datetime.date | None = None
    tags: tuple[str, ...] = ()
    front_matter: dict[str, object] | None = None
    """The parsed front matter as written (dates as ISO strings), or None without one."""


@dataclass(frozen=True)
class Article:
    path: str
    """The dump it was read from, for messages."""
    slug: str
    """The article's URL segment: front matter `slug`, else the dump's file name without suffix."""
    title_ja: str
    title_en: str | None
    lede: str
    key_points: tuple[KeyPoint, ...]
    impact: str | None
    editorial: str | None
    ja: Body
    en: Body | None
    """The English original; None for an article written in Japanese."""
    aligned: bool
    """Japanese block k translates English block k. False without an original."""
    truncated: bool
    """The page is not the whole article: the service showed only an excerpt (cut mid-word, or TOC
    sections missing), or the dump itself was cut (see `problems`). The page says so."""
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    """Notes on how the dump was understood (e.g. not line-aligned): the article is as good as read."""
    problems: tuple[str, ...] = ()
    """What the editor must fix, though the article is still published: a download cut before
    its structure ends, front matter over its limits. Each is logged as a WARNING (so
    `mkdocs build --strict` fails) and makes `taiyaku inspect` exit non-zero."""
    found: tuple[PartFound, ...] = ()
    """How each part was found, in dump order (for `taiyaku inspect`)."""

    @property
    def has_original(self) -> bool:
        return self.en is not None


@dataclass(frozen=True)
class Listing:
    """What the home, tag and month pages and the feeds show of an article, and what a build
    reports of it: all a build keeps of each article once its pages are written. Not the whole
    Article, whose bodies are most of its size (10,000 of them held 1.3 GB through a build)."""

    path: str
    slug: str
    title_ja: str
    title_en: str | None
    lede: str
    opening_en: str | None
    """The first paragraph of the English original (the English lists' excerpt); None without one."""
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def has_original(self) -> bool:
        return self.opening_en is not None


def listing(article: Article) -> Listing:
    opening = None
    if article.en is not None:
        opening = next((b.text for b in article.en.blocks if isinstance(b, Paragraph) and b.text.strip()), "")
    return Listing(
        path=article.path,
        slug=article.slug,
        title_ja=article.title_ja,
        title_en=article.title_en,
        lede=article.lede,
        opening_en=opening,
        metadata=article.metadata,
        warnings=article.warnings,
        problems=article.problems,
    )
