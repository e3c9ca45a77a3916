"""Text dumps (`.txt`): the visible text of the service's article page, one line a paragraph."""

from __future__ import annotations

from pathlib import Path

from taiyaku.errors import DumpError
from taiyaku.model import Article, Body, KeyPoint
from taiyaku.readers import text_parts as dump_parts
from taiyaku.readers import text_sections as sections
from taiyaku.readers.common import slug_for
from taiyaku.readers.decoding import decode
from taiyaku.readers.frontmatter import metadata_from, optional_str, split_front_matter
from taiyaku.readers.labels import TOC_JA


def read(path: Path) -> Article:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DumpError(path, f"cannot be read: {exc.strerror or exc}") from None
    return parse(path, decode(path, raw))


def parse(path: Path, text: str) -> Article:
    """The article in `text`, a decoded dump with `\\n` line ends."""
    lines = [line.rstrip() for line in text.split("\n")]
    front, start = split_front_matter(path, lines)
    parts = dump_parts.cut(path, lines[start:])
    metadata = metadata_from(path, front)
    ja, en, aligned = _bodies(parts)
    warnings = list(parts.warnings)
    if en is not None and not aligned and parts.counts_agree:
        warnings.append("not line-aligned: the two bodies' structure (TOC, headings, blank lines) differs")
    return Article(
        path=str(path),
        slug=slug_for(path, (front or {}).get("slug")),
        title_ja=parts.title,
        title_en=optional_str((front or {}).get("title_en")),
        lede=parts.lede,
        key_points=tuple(KeyPoint(t, b) for t, b in parts.key_points),
        impact="\n".join(parts.impact) if parts.impact else None,
        editorial="\n".join(parts.editorial) if parts.editorial else None,
        ja=ja,
        en=en,
        aligned=aligned,
        truncated=_truncated(parts, ja, en),
        metadata=metadata,
        warnings=tuple(warnings),
    )


def _bodies(parts: dump_parts.Parts) -> tuple[Body, Body | None, bool]:
    if parts.en is None:
        layout = sections.japanese_layout_alone(parts.ja)
        return sections.build_body(parts.ja, layout), None, False
    en_layout = sections.english_layout(parts.en)
    aligned = parts.counts_agree and _same_structure(parts.ja, parts.en, en_layout)
    if aligned:
        ja_layout = sections.japanese_layout_aligned(parts.ja, en_layout)
    else:
        ja_layout = sections.japanese_layout_unaligned(parts.ja, parts.en, en_layout)
    return sections.build_body(parts.ja, ja_layout), sections.build_body(parts.en, en_layout), aligned


def _same_structure(ja: list[str], en: list[str], en_layout: sections.Layout) -> bool:
    """Line k of each side is the same kind of line: blank with blank, TOC label with TOC label."""
    if len(ja) != len(en):
        return False
    if any(bool(j.strip()) != bool(e.strip()) for j, e in zip(ja, en)):
        return False
    if en_layout.toc_label is not None and ja[en_layout.toc_label].strip() != TOC_JA:
        return False
    return True


def _truncated(parts: dump_parts.Parts, ja: Body, en: Body | None) -> bool:
    """Cut mid-word, or sections the TOC lists are missing."""
    body = en if en is not None else ja
    lines = parts.en if parts.en is not None else parts.ja
    missing = body.toc is not None and any(entry.anchor is None for entry in body.toc)
    return missing or sections.is_cut(lines)
