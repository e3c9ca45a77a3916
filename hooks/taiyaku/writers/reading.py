"""How long an article page takes to read, counted the way each language is read.

Japanese has no spaces between words, so it is measured in characters; English in words. The
rates are the usual ones for silent reading of news prose: 500 characters a minute in Japanese
(published estimates run 400-600), 230 words a minute in English.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator

from taiyaku.model import (
    Article,
    Block,
    Body,
    Figure,
    Heading,
    Lang,
    ListBlock,
    Paragraph,
    Quote,
)

CHARS_PER_MINUTE = 500
WORDS_PER_MINUTE = 230


def reading_minutes(article: Article, lang: Lang) -> int:
    """Whole minutes, rounded up, at least 1, for what the page of `lang` shows open: in Japanese
    the lede, key points, commentary and body; in English the original (the Japanese box is closed)."""
    if lang == "ja":
        texts = [article.lede, *(t for p in article.key_points for t in (p.title, p.body))]
        texts += [t for t in (article.impact, article.editorial) if t]
        texts += body_texts(article.ja)
        count = sum(len("".join(t.split())) for t in texts)
        rate = CHARS_PER_MINUTE
    else:
        count = sum(len(t.split()) for t in body_texts(article.en)) if article.en else 0
        rate = WORDS_PER_MINUTE
    return max(1, math.ceil(count / rate))


def body_texts(body: Body) -> list[str]:
    return [text for block in body.blocks for text in block_texts(block)]


def block_texts(block: Block) -> Iterator[str]:
    if isinstance(block, (Paragraph, Heading)):
        yield block.text
    elif isinstance(block, Quote):
        yield from _texts(block.paragraphs)
    elif isinstance(block, ListBlock):
        yield from _texts(block.items)
    elif isinstance(block, Figure):
        yield block.caption


def _texts(paragraphs: Iterable[Paragraph]) -> Iterator[str]:
    return (p.text for p in paragraphs)
