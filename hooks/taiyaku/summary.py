"""What `taiyaku inspect --json` prints: the fixtures' expected.json keys, plus alignment, notes,
problems and how each part was found."""

from __future__ import annotations

from taiyaku.model import Article, Body


def summarize(article: Article) -> dict[str, object]:
    return {
        "title_ja": article.title_ja,
        "title_en": article.title_en,
        "lede": article.lede,
        "key_points": [[k.title, k.body] for k in article.key_points],
        "impact": article.impact,
        "editorial": article.editorial,
        "ja_body_paragraphs": article.ja.paragraph_count,
        "en_body_paragraphs": article.en.paragraph_count if article.en else None,
        "toc_ja": _toc(article.ja),
        "toc_en": _toc(article.en),
        "headings_ja": [h.text for h in article.ja.headings],
        "headings_en": [h.text for h in article.en.headings] if article.en else [],
        "truncated": article.truncated,
        "has_original": article.has_original,
        "metadata": article.metadata.front_matter,
        "aligned": article.aligned,
        "warnings": list(article.warnings),
        "problems": list(article.problems),
        "found": [
            {"part": f.part, "by": "label" if f.by_label else "inferred", "line": f.line, "how": f.how}
            for f in article.found
        ],
    }


def _toc(body: Body | None) -> list[str] | None:
    if body is None or body.toc is None:
        return None
    return [entry.text for entry in body.toc]
