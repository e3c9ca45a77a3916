"""Text dumps (`.txt`): the visible text of the service's article page, one line a paragraph."""

from __future__ import annotations

from pathlib import Path

from taiyaku.errors import DumpError
from taiyaku.model import Article, Body, KeyPoint, PartFound
from taiyaku.readers import text_parts as dump_parts
from taiyaku.readers import text_sections as sections
from taiyaku.readers.common import slug_for
from taiyaku.readers.decoding import decode
from taiyaku.readers.frontmatter import bounded, metadata_from, optional_str, split_front_matter
from taiyaku.readers.labels import TOC_EN, TOC_JA


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
    parts = dump_parts.cut(path, lines[start:], first_line=start + 1)
    metadata, problems = metadata_from(path, front)
    ja, en, aligned, original_cut = _bodies(parts)
    warnings = [*parts.warnings, *_alignment_notes(parts, ja, en, aligned)]
    cut = parts.cut or original_cut
    if cut is not None:
        problems = [cut, *problems]
    return Article(
        path=str(path),
        slug=slug_for(path, (front or {}).get("slug")),
        title_ja=bounded(parts.title, problems, "the title"),
        title_en=optional_str((metadata.front_matter or {}).get("title_en")),
        lede=parts.lede,
        key_points=tuple(KeyPoint(t, b) for t, b in parts.key_points),
        impact="\n".join(parts.impact) if parts.impact else None,
        editorial="\n".join(parts.editorial) if parts.editorial else None,
        ja=ja,
        en=en,
        aligned=aligned,
        truncated=cut is not None or _truncated(parts, ja, en),
        metadata=metadata,
        warnings=tuple(warnings),
        problems=tuple(problems),
        found=(*parts.found, *_tocs_found(ja, en, aligned)),
    )


def _bodies(parts: dump_parts.Parts) -> tuple[Body, Body | None, bool, str | None]:
    """The two bodies, whether they are line-aligned, and where the original was cut if it was."""
    if parts.en is None:
        layout = sections.japanese_layout_alone(parts.ja)
        return sections.build_body(parts.ja, layout), None, False, None
    en_layout = sections.english_layout(parts.en)
    en = sections.build_body(parts.en, en_layout)
    ja_layout = sections.japanese_layout_aligned(parts.ja, parts.en, en_layout)
    if ja_layout is not None:
        return sections.build_body(parts.ja, ja_layout), en, True, None
    ja_layout = sections.japanese_layout_before_cut(parts.ja, parts.en, en_layout)
    if ja_layout is not None:
        cut = (
            f"the dump ends inside the English original: it has {len(parts.en)} lines, the Japanese body "
            f"{len(parts.ja)}, and they line up as far as the English goes (a cut download?)"
        )
        return sections.build_body(parts.ja, ja_layout), en, False, cut
    ja_layout = sections.japanese_layout_unaligned(parts.ja, parts.en, en_layout)
    ja = sections.build_body(parts.ja, ja_layout)
    return ja, en, False, _too_short(len(_content(parts.en)), len(_content(parts.ja)))


def _too_short(en_lines: int, ja_lines: int) -> str | None:
    """A translator merges at most two paragraphs into one (or splits one in two): an original
    with fewer than half the Japanese body's lines is not all there."""
    if 2 * en_lines >= ja_lines:
        return None
    return (
        f"the dump ends inside the English original: it has {en_lines} lines, too few for the "
        f"Japanese body's {ja_lines} (a cut download?)"
    )


def _content(lines: list[str]) -> list[str]:
    return [line for line in lines if line.strip()]


def _alignment_notes(parts: dump_parts.Parts, ja: Body, en: Body | None, aligned: bool) -> list[str]:
    if en is None or parts.en is None:
        return []
    notes = []
    if not aligned:
        notes.append(
            f"not line-aligned: the Japanese body has {len(parts.ja)} lines, the English original "
            f"{len(parts.en)}, and their sections do not line up; paragraphs are not paired line by line"
        )
    if ja.toc is not None and en.toc is not None and len(ja.toc) != len(en.toc):
        notes.append(
            f"the tables of contents disagree: the Japanese one has {len(ja.toc)} entries, "
            f"the English one {len(en.toc)}; each is kept as written"
        )
    return notes


def _tocs_found(ja: Body, en: Body | None, aligned: bool) -> tuple[PartFound, ...]:
    found = []
    if ja.toc is not None:
        how = (
            "it ends where the first section begins, the line that lines up with the English one"
            if aligned
            else "the English original has no table to compare: its entries are read as text"
            if en is not None and en.toc is None
            else "the length that lines the sections up best, the English one's first (the bodies do not line up)"
            if en is not None
            else "the run of short lines after it, the last of which is the first heading"
        )
        found.append(PartFound("Japanese TOC", True, None, f"'{TOC_JA}', {len(ja.toc)} entries: {how}"))
    if en is not None and en.toc is not None:
        how = "it ends on the line that repeats its first entry as a heading"
        found.append(PartFound("English TOC", True, None, f"'{TOC_EN}', {len(en.toc)} entries: {how}"))
    return tuple(found)


def _truncated(parts: dump_parts.Parts, ja: Body, en: Body | None) -> bool:
    """Cut mid-word, or sections the TOC lists are missing."""
    body = en if en is not None else ja
    lines = parts.en if parts.en is not None else parts.ja
    missing = body.toc is not None and any(entry.anchor is None for entry in body.toc)
    return missing or sections.is_cut(lines)
