"""The English page of an article: the original, then the Japanese edition's own parts in a box."""

from __future__ import annotations

from taiyaku.model import Article
from taiyaku.writers.blocks import (
    body,
    box,
    commentary,
    excerpt_notice,
    first_paragraph,
    front_matter,
    key_point_list,
    meta_line,
    other_page,
    page,
    parallel_link,
    strong,
    tag_line,
    title,
)
from taiyaku.writers.escape import escape_inline
from taiyaku.writers.labels import LABELS, Labels

_LABELS = LABELS["en"]


def en_page(article: Article, *, ja_url: str | None = None) -> str | None:
    """Markdown with front matter, or None for an article written in Japanese (no original).
    `ja_url` (the Japanese page of the same article) is linked when given."""
    if article.en is None:
        return None
    # Without an English title the page still needs one: the Japanese title, marked as Japanese.
    heading = title(article.title_en, article.en) if article.title_en else title(article.title_ja, article.en, lang="ja")
    return page(
        front_matter(article, "en", article.title_en or article.title_ja, first_paragraph(article.en)),
        heading,
        meta_line(article, "en", _LABELS),
        tag_line(article, "en", _LABELS),
        parallel_link(article, "en", _LABELS),
        excerpt_notice(article.metadata.source, _LABELS) if article.truncated else None,
        body(article.en, _LABELS, aligned=article.aligned),
        _japanese_edition(article, _LABELS),
        other_page(ja_url, _LABELS, "ja"),
    )


def _japanese_edition(article: Article, labels: Labels) -> str | None:
    """Key points, 影響分析 and 編集コメント in a closed box. A `???` block takes no attributes and
    md_in_html is not parsed inside its indented body, so lang="ja" goes on a div around it and
    the English summary line says it is English."""
    parts = [commentary(article, labels)]
    if article.key_points:
        parts.insert(0, f"{strong(labels.key_points)}\n\n{key_point_list(article.key_points)}")
    content = "\n\n".join(p for p in parts if p)
    if not content:
        return None
    summary = f'<span lang="en">{escape_inline(labels.japanese_box)}</span>'
    details = box("???", "note tk-ja-edition", summary, content)
    return f'<div class="tk-ja-edition" lang="ja" markdown>\n\n{details}\n\n</div>'
