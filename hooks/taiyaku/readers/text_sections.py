"""One language's body, from its lines: the table of contents, section headings, paragraphs.

The English side is read first: its headings are its TOC entries without the trailing `.`, and
its TOC ends on the line that repeats the first entry as a heading. The Japanese side is then
read through the English one, since its headings are worded differently from its TOC.
"""

from __future__ import annotations

from dataclasses import dataclass

from taiyaku.align import best_alignment
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
    first_heading = None
    for i in range(label + 1, len(lines)):
        text = lines[i].strip()
        if entries and text and _ends_toc(text, [lines[e] for e in entries]):
            first_heading = i
            break
        if text:
            entries.append(i)
            titles.add(_heading_form(lines[i]))
    start = (entries[-1] + 1) if entries else label + 1
    # When the entries end like sentences and their headings do not, a short line that does not
    # is a heading too, though its entry was dropped from the table (not the last line: a
    # heading has its section after it, and an excerpt's last line is often cut mid-word).
    marked = bool(entries) and all(lines[e].strip().endswith(SENTENCE_ENDS) for e in entries)
    last = max(_text_lines(lines), default=-1)
    headings = tuple(
        i
        for i in range(start, len(lines))
        if lines[i].strip() in titles or i == first_heading or (marked and i < last and _unmarked_title(lines[i]))
    )
    return Layout(label, tuple(entries), headings)


def _unmarked_title(line: str) -> bool:
    """Short, and ending without a sentence's mark (a closing parenthesis alone is a title's:
    `… (Section 7)`, where a sentence would end `….)`)."""
    text = line.strip()
    if text.endswith(")") and not text[:-1].endswith(SENTENCE_ENDS):
        text = text[:-1]
    return 0 < len(text) <= HEADING_MAX and not text.endswith(SENTENCE_ENDS)


def _ends_toc(text: str, entries: list[str]) -> bool:
    """The first section's heading: it repeats the first entry without its `.`, or, when the
    entries all end like sentences and this line does not, it is a heading whose entry the
    table lost (else the table would swallow that section)."""
    if text == _heading_form(entries[0]):
        return True
    return all(e.strip().endswith(SENTENCE_ENDS) for e in entries) and not text.endswith(SENTENCE_ENDS)


def japanese_layout_aligned(ja: list[str], en_lines: list[str], en: Layout) -> Layout | None:
    """Paragraph k of the introduction translates English paragraph k, and so from the first
    section to the end: the Japanese structure sits where the English one does, counted from
    either end (blank lines are layout, not paragraphs). The tables of contents between may
    differ in length (a translator dropped an entry): each ends where its body's first section
    begins. None when the two bodies do not line up so."""
    ja_at, en_at = _text_lines(ja), _text_lines(en_lines)
    label = _find_label(ja, TOC_JA)
    if (label is None) != (en.toc_label is None):
        return None
    if label is None or en.toc_label is None:
        return Layout(None, (), ()) if len(ja_at) == len(en_at) else None
    toc = ja_at.index(label)
    if toc != en_at.index(en.toc_label):
        return None
    en_first = toc + 1 + len(en.toc_entries)
    ja_first = len(ja_at) - (len(en_at) - en_first)
    if not toc < ja_first <= en_first + _TOC_SLACK:
        return None  # a table so much longer is the English original cut short, not a table
    headings = tuple(ja_at[en_at.index(h) - en_first + ja_first] for h in en.headings)
    if not all(_heading_like(ja[i]) for i in headings):
        return None  # the sections do not line up after all (e.g. the original was cut short)
    return Layout(label, tuple(ja_at[toc + 1 : ja_first]), headings)


_TOC_SLACK = 2
"""Entries one table may have beyond the other's: what a translator drops or adds."""


def _text_lines(lines: list[str]) -> list[int]:
    """Indexes of the lines that are not blank."""
    return [i for i, line in enumerate(lines) if line.strip()]


def japanese_layout_unaligned(ja: list[str], en_lines: list[str], en: Layout) -> Layout:
    """Paragraphs were merged or split: find the TOC by its label and the headings by
    aligning the section paragraphs on their lengths, headings pinned to 1-1 beads. Where the
    Japanese table ends is what aligns best: as many entries as the English one (the format's
    rule) or up to two fewer or more (a translator dropped or added an entry)."""
    label = _find_label(ja, TOC_JA)
    if label is None or en.toc_label is None:
        return Layout(label, (), ())
    en_start = (en.toc_entries[-1] + 1) if en.toc_entries else en.toc_label + 1
    en_rest = _nonblank_after(en_lines, en_start - 1, len(en_lines))
    pinned = frozenset(k for k, i in enumerate(en_rest) if i in set(en.headings))
    after_label = _nonblank_after(ja, label, len(ja))
    en_lengths = [len(en_lines[i]) for i in en_rest]
    best: tuple[float, int, Layout] | None = None
    for rank, count in enumerate(_toc_sizes(len(en.toc_entries), len(after_label))):
        ja_rest = after_label[count:]
        found = best_alignment(en_lengths, [len(ja[i]) for i in ja_rest], keep_single=pinned)
        if found is None:
            continue
        # A paragraph the lengths happen to pair with a heading stays a paragraph: lengths are
        # weaker evidence than lines that line up, so the line must read as a heading.
        headings = tuple(
            ja_rest[b.tgt_start] for b in found[1] if b.src_start in pinned and _reads_as_heading(ja[ja_rest[b.tgt_start]])
        )
        if best is None or (found[0], rank) < best[:2]:
            best = (found[0], rank, Layout(label, tuple(after_label[:count]), headings))
    if best is None:
        return Layout(label, tuple(after_label[: len(en.toc_entries)]), ())
    return best[2]


def japanese_layout_before_cut(ja: list[str], en_lines: list[str], en: Layout) -> Layout | None:
    """The English original stops early (a cut download) while the Japanese body goes on:
    paragraph k still translates English paragraph k as far as the English goes, so the
    structure sits where the English one does. None unless they line up so and each English
    heading faces a Japanese line that reads like a heading (without headings the evidence is
    too thin to say so)."""
    ja_at, en_at = _text_lines(ja), _text_lines(en_lines)
    label = _find_label(ja, TOC_JA)
    if not en.headings or en.toc_label is None or label is None or len(ja_at) <= len(en_at):
        return None
    if ja_at.index(label) != en_at.index(en.toc_label):
        return None
    at = {e: j for e, j in zip(en_at, ja_at)}
    headings = tuple(at[h] for h in en.headings)
    if not all(_heading_like(ja[i]) for i in headings):
        return None
    return Layout(label, tuple(at[e] for e in en.toc_entries), headings)


HEADING_MAX = 80
"""Characters a heading may have: a line facing an English heading that is longer is a paragraph,
and means the two sides do not line up there."""


def _heading_like(line: str) -> bool:
    return 0 < len(line.strip()) <= HEADING_MAX


def _reads_as_heading(line: str) -> bool:
    return _is_short(line) and not line.strip().endswith("。")


def _toc_sizes(english: int, available: int) -> list[int]:
    """Japanese TOC sizes to try, the English one first (it wins a tie)."""
    sizes = sorted(range(english - _TOC_SLACK, english + _TOC_SLACK + 1), key=lambda n: abs(n - english))
    return [n for n in sizes if 0 <= n <= available] or [available]


def japanese_layout_alone(lines: list[str]) -> Layout:
    """No original to lean on: the TOC is the run of short lines after its label, and its last
    line, followed by a paragraph, is already the first heading; headings are short lines that
    do not end like a sentence (nor like a question: a short question is as often a paragraph)."""
    label = _find_label(lines, TOC_JA)
    if label is None:
        return Layout(None, (), ())
    run = []
    followed_by_paragraph = False
    for i in range(label + 1, len(lines)):
        if lines[i].strip() and not _is_short(lines[i]):
            followed_by_paragraph = True
            break
        if lines[i].strip():
            run.append(i)
    # A run that the dump's end stops (a cut download) is all entries.
    entries = run[:-1] if len(run) > 1 and followed_by_paragraph else run
    start = entries[-1] + 1 if entries else label + 1
    # The last line has no section after it: a short one there is a cut paragraph, not a heading.
    last = max((i for i in range(len(lines)) if lines[i].strip()), default=-1)
    headings = tuple(
        i
        for i in range(start, last)
        if _is_short(lines[i]) and not lines[i].strip().endswith(SENTENCE_ENDS) and lines[i].strip() != TOC_EN
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
