"""The Japanese page of an article: the service's edition, in the order the service shows it."""

from __future__ import annotations

from taiyaku.model import Article, KeyPoint
from taiyaku.writers.blocks import (
    body,
    box,
    classed,
    commentary,
    excerpt_notice,
    front_matter,
    key_point_list,
    meta_line,
    other_page,
    page,
    parallel_link,
    tag_line,
    title,
)
from taiyaku.writers.escape import escape_inline
from taiyaku.writers.labels import LABELS, Labels

_LABELS = LABELS["ja"]


def ja_page(article: Article, *, en_url: str | None = None) -> str:
    """Markdown with front matter; `en_url` (the English page of the same article) is linked when given."""
    return page(
        front_matter(article, "ja", article.title_ja, article.lede),
        title(article.title_ja, article.ja),
        meta_line(article, "ja", _LABELS),
        tag_line(article, "ja", _LABELS),
        parallel_link(article, "ja", _LABELS),
        classed(escape_inline(article.lede), "tk-lede"),
        _key_points(article.key_points, _LABELS),
        _analysis(article, _LABELS),
        excerpt_notice(article.metadata.source, _LABELS) if article.truncated else None,
        body(article.ja, _LABELS, aligned=article.aligned and article.en is not None),
        other_page(en_url, _LABELS, "en"),
    )


def _key_points(points: tuple[KeyPoint, ...], labels: Labels) -> str | None:
    if not points:
        return None
    # A real h2: the key points are a section of this page and belong in its table of contents.
    heading = f"## {escape_inline(labels.key_points)}"
    return f'<div class="tk-keypoints" markdown>\n\n{heading}\n\n{key_point_list(points)}\n\n</div>'


def _analysis(article: Article, labels: Labels) -> str | None:
    """The service's collapsed box, closed as it was there; absent when it holds nothing."""
    content = commentary(article, labels)
    return box("???", "note tk-analysis", escape_inline(labels.analysis_box), content) if content else None
