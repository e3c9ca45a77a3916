"""Every fixed word the article pages show, per page language, in one table.

Not the service's labels that readers look for in a dump (those are taiyaku.readers.labels): these are
the site's own. The Japanese edition's parts keep their Japanese names on the English page too,
since that box is in Japanese.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from taiyaku.model import Lang

_MONTHS = (
    "January February March April May June July August September October November December".split()
)


@dataclass(frozen=True)
class Labels:
    date: Callable[[datetime.date], str]
    author: str
    """Format string for the author in the meta line, `{}` being the name."""
    source: str
    """The link to the original article in the meta line."""
    separator: str
    """Between the parts of the meta line."""
    toc: str
    excerpt_title: str
    excerpt_text: str
    excerpt_link: str
    other_page: str
    """The link to the same article in the other language."""
    month: Callable[[datetime.date], str]
    """A month as a heading says it (the month archive pages)."""
    reading_time: str
    """Format string for the reading-time estimate, `{}` being whole minutes."""
    tags: str
    """Before the article's tags (screen readers; the list is labelled with it)."""
    parallel: str
    """The link from an article to its side-by-side (対訳) view."""
    key_points: str = "キーポイント"
    impact: str = "影響分析"
    editorial: str = "編集コメント"
    analysis_box: str = "影響分析・編集コメントを表示"
    japanese_box: str = "Japanese edition: key points and commentary"


LABELS: dict[Lang, Labels] = {
    "ja": Labels(
        date=lambda d: f"{d.year}年{d.month}月{d.day}日",
        author="著者: {}",
        source="元記事",
        separator=" · ",
        toc="目次",
        excerpt_title="抜粋",
        excerpt_text="この記事は元記事の抜粋で、全文ではありません。",
        excerpt_link="元記事で全文を読む",
        other_page="原文(英語)を読む",
        month=lambda d: f"{d.year}年{d.month}月",
        reading_time="約{}分で読めます",
        tags="タグ",
        parallel="対訳で読む(日本語と英語を並べて表示)",
    ),
    "en": Labels(
        date=lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
        author="By {}",
        source="Original article",
        separator=" · ",
        toc="Contents",
        excerpt_title="Excerpt",
        excerpt_text="This is an excerpt of the original article, not the full text.",
        excerpt_link="Read the full article",
        other_page="Read the Japanese edition",
        month=lambda d: f"{_MONTHS[d.month - 1]} {d.year}",
        reading_time="{} min read",
        tags="Tags",
        parallel="Read side by side with the Japanese translation",
    ),
}
