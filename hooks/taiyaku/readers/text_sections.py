"""One language's body, from its lines: the table of contents, section headings, paragraphs.

The English side is read first: its headings are its TOC entries without the trailing `.`, and
its TOC ends on the line that repeats the first entry as a heading. The Japanese side is then
read through the English one, since its headings are worded differently from its TOC.
"""

from __future__ import annotations

from dataclasses import dataclass

from taiyaku.align import align
from taiyaku.anchors import make_anchor
from taiyaku.model import Block, Body, Heading, Paragraph, Span, TocEntry
from taiyaku.readers.labels import SENTENCE_ENDS, TOC_EN, TOC_JA


@dataclass(frozen=True)
class Layout:
    """Where things are in a body's lines (indexes into those lines)."""

    toc_label: int | None
    toc_entries: tuple[int, ...]
    headings: tuple[int, ...]


def english_layout(lines: list[str]) -> Layout:
    label = _find_label(lines, TOC_EN)
    if label is None:
        return Layout(None, (), ())
    entries: list[int] = []
    titles: set[str] = set()
    for i in range(label + 1, len(lines)):
        text = lines[i].strip()
        if entries and text and text == _heading_form(lines[entries[0]]):
            break
        if text:
            entries.append(i)
            titles.add(_heading_form(lines[i]))
    start = (entries[-1] + 1) if entries else label + 1
    headings = tuple(i for i in range(start, len(lines)) if lines[i].strip() in titles)
    return Layout(label, tuple(entries), headings)


def japanese_layout_aligned(ja: list[str], en_lines: list[str], en: Layout) -> Layout | None:
    """Line k of the introduction translates English line k, and so from the first section to the
    end: the Japanese structure sits where the English one does, counted from either end. The
    tables of contents between may differ in length (a translator dropped an entry): each ends
    where its body's first section begins. None when the two bodies do not line up so."""
    label = _find_label(ja, TOC_JA)
    if label != en.toc_label:
        return None
    if label is None:
        return Layout(None, (), ()) if _same_shape(ja, en_lines) else None
    en_first = (en.toc_entries[-1] + 1) if en.toc_entries else label + 1
    ja_first = len(ja) - (len(en_lines) - en_first)
    if ja_first <= label or not _same_shape(ja[:label], en_lines[:label]):
        return None
    if not _same_shape(ja[ja_first:], en_lines[en_first:]):
        return None
    entries = tuple(i for i in range(label + 1, ja_first) if ja[i].strip())
    return Layout(label, entries, tuple(h - en_first + ja_first for h in en.headings))


def _same_shape(ja: list[str], en: list[str]) -> bool:
    """As many lines, blank where the other is blank."""
    return len(ja) == len(en) and all(bool(j.strip()) == bool(e.strip()) for j, e in zip(ja, en))


def japanese_layout_unaligned(ja: list[str], en_lines: list[str], en: Layout) -> Layout:
    """Paragraphs were merged or split: find the TOC by its label and the headings by
    aligning the section paragraphs on their lengths, headings pinned to 1-1 beads. Nothing
    here says where the Japanese table ends, so the format's rule holds: as many entries as
    the English one."""
    label = _find_label(ja, TOC_JA)
    if label is None or en.toc_label is None:
        return Layout(label, (), ())
    entries = _nonblank_after(ja, label, len(en.toc_entries))
    ja_rest = _nonblank_after(ja, entries[-1] if entries else label, len(ja))
    en_start = (en.toc_entries[-1] + 1) if en.toc_entries else en.toc_label + 1
    en_rest = _nonblank_after(en_lines, en_start - 1, len(en_lines))
    pinned = frozenset(k for k, i in enumerate(en_rest) if i in set(en.headings))
    beads = align([len(en_lines[i]) for i in en_rest], [len(ja[i]) for i in ja_rest], keep_single=pinned)
    if beads is None:
        return Layout(label, tuple(entries), ())
    headings = tuple(ja_rest[b.tgt_start] for b in beads if b.src_start in pinned)
    return Layout(label, tuple(entries), headings)


def japanese_layout_alone(lines: list[str]) -> Layout:
    """No original to lean on: the TOC is the run of short lines after its label, and its last
    line, followed by a paragraph, is already the first heading; headings are short lines that
    do not end like a sentence."""
    label = _find_label(lines, TOC_JA)
    if label is None:
        return Layout(None, (), ())
    run = []
    for i in range(label + 1, len(lines)):
        if lines[i].strip() and not _is_short(lines[i]):
            break
        if lines[i].strip():
            run.append(i)
    entries = run[:-1] if len(run) > 1 else run
    start = entries[-1] + 1 if entries else label + 1
    headings = tuple(
        i for i in range(start, len(lines)) if _is_short(lines[i]) and not lines[i].strip().endswith("。")
    )
    return Layout(label, tuple(entries), headings)


def build_body(lines: list[str], layout: Layout) -> Body:
    """Blocks in line order; blank lines and the TOC label are structure, not content."""
    taken: set[str] = set()
    heading_set, toc_set = set(layout.headings), set(layout.toc_entries)
    blocks: list[Block] = []
    toc_position = 0
    for i, line in enumerate(lines):
        if i == layout.toc_label:
            toc_position = len(blocks)
        if i == layout.toc_label or i in toc_set or not line.strip():
            continue
        if i in heading_set:
            blocks.append(Heading(line.strip(), make_anchor(line.strip(), taken)))
        else:
            blocks.append(Paragraph((Span(line),)))
    toc = _toc(lines, layout, blocks) if layout.toc_label is not None else None
    return Body(tuple(blocks), toc, toc_position)


def is_cut(lines: list[str]) -> bool:
    """The last line stops mid-sentence (the service's excerpt was cut)."""
    last = next((line.strip() for line in reversed(lines) if line.strip()), "")
    return bool(last) and not last.endswith(SENTENCE_ENDS)


def _toc(lines: list[str], layout: Layout, blocks: list[Block]) -> tuple[TocEntry, ...]:
    # The excerpt holds the first sections in TOC order: entry k links to heading k if present.
    anchors = [b.anchor for b in blocks if isinstance(b, Heading)]
    return tuple(
        TocEntry(lines[i].strip(), anchors[k] if k < len(anchors) else None)
        for k, i in enumerate(layout.toc_entries)
    )


def _find_label(lines: list[str], label: str) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip() == label), None)


def _nonblank_after(lines: list[str], start: int, count: int) -> list[int]:
    found = [i for i in range(start + 1, len(lines)) if lines[i].strip()]
    return found[:count]


def _heading_form(entry: str) -> str:
    return entry.strip().rstrip(".。")


def _is_short(line: str) -> bool:
    return 0 < len(line.strip()) <= 40
