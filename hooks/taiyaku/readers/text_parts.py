"""Cut a text dump's lines into its parts: header, key points, analysis box, the two bodies.

Each step is a small function over line indexes. The one rule that carries the design: when
there is an original, the Japanese body is the last N non-blank lines before `原文を表示`, N being
the number of English ones (or, when both have a table of contents, the Japanese introduction
has as many lines before `目次` as the English one before its table: the tables may differ). The
analysis labels, when present, say where the body begins a second way, and they win.

A dump may end before its structure does (a download cut short): that is said in `Parts.cut`,
and no line is moved to another part to make the structure look whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.errors import DumpError
from taiyaku.model import PartFound
from taiyaku.readers.labels import (
    ANALYSIS_TOGGLE,
    EDITORIAL,
    IMPACT,
    KEY_POINTS,
    ORIGINAL_TOGGLE,
    SITE_CHROME,
    TOC_EN,
    TOC_JA,
)


@dataclass
class Parts:
    title: str
    lede: str
    key_points: list[tuple[str, str]]
    impact: list[str] | None
    editorial: list[str] | None
    ja: list[str]
    en: list[str] | None
    cut: str | None = None
    """Where the dump ends before its structure does (a download cut short), or None."""
    found: list[PartFound] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Analysis:
    """Indexes of the analysis box's labels, and the first line after the box."""

    toggle: int | None
    impact: int | None
    editorial: int | None
    end: int


def cut(path: Path, lines: list[str], first_line: int = 1) -> Parts:
    """`first_line` is the file's line number of `lines[0]` (after any front matter), for `found`."""
    lines = _drop_site_chrome(lines)
    title, lede, header_end = _header(path, lines)

    def at(i: int) -> int:
        return i + first_line

    found = [
        PartFound("title", False, at(header_end - 2), "the first line"),
        PartFound("lede", False, at(header_end - 1), "the line after the title"),
    ]
    warnings: list[str] = []
    kp_label = _find(lines, KEY_POINTS, header_end, len(lines))
    if kp_label is None:
        warnings.append(f"no {KEY_POINTS} label: key points taken from the lines after the lede")
        found.append(PartFound("key points", False, at(header_end), "no label: the lines after the lede"))
    else:
        found.append(PartFound("key points", True, at(kp_label), f"'{KEY_POINTS}'"))
    kp_start = kp_label + 1 if kp_label is not None else header_end
    original = _original(lines, kp_start)
    if original.inferred:
        warnings.append(f"no '{ORIGINAL_TOGGLE}' label: the English original taken from line "
                        f"{at(original.ja_end)} on, where the lines without Japanese begin")
    analysis = _analysis(lines, kp_start, original.ja_end)
    found += _analysis_found(lines, analysis, at)
    body_start, how = _body_start(analysis, kp_start, lines, original.ja_end, original.en, warnings)
    body_empty = not any(line.strip() for line in lines[body_start : original.ja_end])
    if body_empty and original.en is not None:
        raise DumpError(path, f"no Japanese body text before '{ORIGINAL_TOGGLE}'")
    if not body_empty:
        found.append(PartFound("Japanese body", analysis.end > kp_start, at(body_start), how))
    if original.en is not None or original.label_lost:
        how = f"no '{ORIGINAL_TOGGLE}': the lines without Japanese" if original.inferred else f"'{ORIGINAL_TOGGLE}'"
        found.append(PartFound("original", not original.inferred, at(original.ja_end), how))
    kp_end = _first(analysis.toggle, analysis.impact, analysis.editorial, default=body_start)
    key_points = _pairs(lines[kp_start:kp_end], warnings)
    impact = _paragraphs(lines, analysis.impact, _first(analysis.editorial, default=body_start))
    editorial = _paragraphs(lines, analysis.editorial, body_start)
    return Parts(
        title=title,
        lede=lede,
        key_points=key_points,
        impact=impact,
        editorial=editorial,
        ja=lines[body_start : original.ja_end],
        en=original.en,
        cut=_where_cut(original.label_lost, body_empty, analysis, key_points, impact, editorial),
        found=found,
        warnings=warnings,
    )


def _header(path: Path, lines: list[str]) -> tuple[str, str, int]:
    """The title, the lede, and the index after the lede."""
    header = [i for i in range(len(lines)) if lines[i].strip()][:2]
    if len(header) < 2:
        raise DumpError(path, "the dump stops before its body: no title and lede")
    title, lede = (lines[i].strip() for i in header)
    if title in _LABELS or lede in _LABELS:
        raise DumpError(path, "the dump has no title and lede before its labels")
    return title, lede, header[1] + 1


@dataclass(frozen=True)
class _Original:
    ja_end: int
    """Where the Japanese side ends: the `原文を表示` line, or where the English lines begin."""
    en: list[str] | None
    inferred: bool = False
    """No label: the trailing lines without Japanese."""
    label_lost: bool = False
    """`原文を表示` with nothing after it (a cut download): `en` is None."""


def _original(lines: list[str], kp_start: int) -> _Original:
    label = _find(lines, ORIGINAL_TOGGLE, kp_start, len(lines))
    if label is not None:
        en = lines[label + 1 :]
        has_text = any(line.strip() for line in en)
        return _Original(label, en if has_text else None, label_lost=not has_text)
    english = _english_tail(lines, kp_start)
    if english is not None:
        return _Original(english, lines[english:], inferred=True)
    return _Original(len(lines), None)


_LABELS = frozenset({KEY_POINTS, ANALYSIS_TOGGLE, IMPACT, EDITORIAL, ORIGINAL_TOGGLE})


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")
ENGLISH_TAIL_MIN = 3
"""Lines without Japanese that make an English original whose `原文を表示` label was lost: fewer
could be an English quotation ending a Japanese-written article."""


def _english_tail(lines: list[str], kp_start: int) -> int | None:
    """Where a trailing run of lines with no Japanese begins, if at least ENGLISH_TAIL_MIN of them
    hold Latin letters and the run comes after the analysis box's paragraphs and some Japanese."""
    labelled = [i for i in range(kp_start, len(lines)) if lines[i].strip() in _LABELS]
    floor = _next_nonblank(lines, labelled[-1], len(lines)) + 1 if labelled else kp_start
    start = len(lines)
    while start > floor and not _JAPANESE.search(lines[start - 1]):
        start -= 1
    start = _skip_blank(lines, start, len(lines))
    english = sum(1 for line in lines[start:] if _LATIN.search(line))
    japanese = any(_JAPANESE.search(line) for line in lines[floor:start])
    if english < ENGLISH_TAIL_MIN or not japanese:
        return None
    return start


def _where_cut(
    no_original_after_toggle: bool,
    body_empty: bool,
    analysis: _Analysis,
    key_points: list[tuple[str, str]],
    impact: list[str] | None,
    editorial: list[str] | None,
) -> str | None:
    """The part a cut download ends in, said as a whole sentence; None when the structure is whole."""
    if no_original_after_toggle:
        return f"the dump ends at '{ORIGINAL_TOGGLE}': the English original after it is missing (a cut download?)"
    if not body_empty:
        return None
    if analysis.toggle is not None or analysis.impact is not None or analysis.editorial is not None:
        empty = [label for label, text in ((IMPACT, impact), (EDITORIAL, editorial)) if text == []]
        if empty or (impact is None and editorial is None):
            what = f"'{empty[0]}' has no paragraph" if empty else f"'{ANALYSIS_TOGGLE}' has nothing after it"
            return f"the dump ends inside the analysis box ({what}), before the Japanese body (a cut download?)"
        return "the dump ends after the analysis box, before the Japanese body (a cut download?)"
    if key_points and not key_points[-1][1]:
        return (
            f"the dump ends inside the key points (key point {key_points[-1][0]!r} has no body line), "
            "before the Japanese body (a cut download?)"
        )
    return "the dump ends after the key points, before the Japanese body (a cut download?)"


def _drop_site_chrome(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and (not lines[end - 1].strip() or lines[end - 1].strip() in SITE_CHROME):
        end -= 1
    return lines[:end]


def _analysis(lines: list[str], kp_start: int, ja_end: int) -> _Analysis:
    """The box's labels follow the key-point pairs in a fixed order, each optional.

    Only a label an even number of non-blank lines after `キーポイント` can open the box: an odd
    offset would split a key point from its body, so such a line is text.
    """
    start = next(
        (
            i
            for i in range(kp_start, ja_end)
            if lines[i].strip() in (ANALYSIS_TOGGLE, IMPACT, EDITORIAL) and _nonblank(lines, kp_start, i) % 2 == 0
        ),
        None,
    )
    if start is None:
        return _Analysis(None, None, None, kp_start)
    i = start
    toggle = i if lines[i].strip() == ANALYSIS_TOGGLE else None
    if toggle is not None:
        i = _next_nonblank(lines, i, ja_end)
    impact = i if i < ja_end and lines[i].strip() == IMPACT else None
    if impact is not None:
        i = _next_nonblank(lines, _next_nonblank(lines, i, ja_end), ja_end)
        # The impact analysis may run over several paragraphs up to the editorial label.
        editorial_at = _find(lines, EDITORIAL, i, ja_end)
        if editorial_at is not None:
            i = editorial_at
    editorial = i if i < ja_end and lines[i].strip() == EDITORIAL else None
    if editorial is not None:
        i = _next_nonblank(lines, _next_nonblank(lines, i, ja_end), ja_end)
    return _Analysis(toggle, impact, editorial, min(i, ja_end))


def _analysis_found(lines: list[str], analysis: _Analysis, at: Callable[[int], int]) -> list[PartFound]:
    named = (("analysis box", analysis.toggle), ("impact", analysis.impact), ("editorial", analysis.editorial))
    return [PartFound(part, True, at(i), f"'{lines[i].strip()}'") for part, i in named if i is not None]


def _body_start(
    analysis: _Analysis, kp_start: int, lines: list[str], ja_end: int, en: list[str] | None, warnings: list[str]
) -> tuple[int, str]:
    """Where the Japanese body begins, and what that rests on."""
    if analysis.end > kp_start:
        return analysis.end, "the end of the analysis box"
    if en is None:
        return _guess_key_points_end(lines, kp_start, ja_end, warnings)
    for start, how in _starts_from_original(lines, kp_start, ja_end, en):
        if kp_start <= start <= ja_end and _could_be_key_points(lines[kp_start:start]):
            return start, how
    warnings.append(
        "counting back the English lines does not land after the key points: "
        "where the key points end was guessed from line lengths"
    )
    return _guess_key_points_end(lines, kp_start, ja_end, [])


def _starts_from_original(lines: list[str], kp_start: int, ja_end: int, en: list[str]) -> list[tuple[int, str]]:
    """Where the Japanese body would begin if it lined up with the original: from the two tables
    of contents' labels when both have one (the introductions line up even when the tables do not),
    else by counting back the English lines from `原文を表示`."""
    starts = []
    ja_toc, en_toc = _find(lines, TOC_JA, kp_start, ja_end), _find(en, TOC_EN, 0, len(en))
    if ja_toc is not None and en_toc is not None:
        intro = _counted_back(lines, ja_toc, _nonblank(en, 0, en_toc), kp_start)
        starts.append((intro, f"the introduction lines up with the English one before '{TOC_JA}'"))
    count = _nonblank(en, 0, len(en))
    starts.append((_counted_back(lines, ja_end, count, kp_start), f"as many lines as the English original ({count})"))
    return [(start, how) for start, how in starts if start is not None]


def _counted_back(lines: list[str], end: int, count: int, floor: int) -> int | None:
    """The first of the last `count` non-blank lines before `end` (blank lines are layout: an
    editor's extra one must not shift the count), or None when there are not that many."""
    i = end
    while count and i > floor:
        i -= 1
        count -= bool(lines[i].strip())
    return i if count == 0 else None


def _guess_key_points_end(lines: list[str], kp_start: int, ja_end: int, warnings: list[str]) -> tuple[int, str]:
    """No label and no original says where the key points end: take title/body pairs while the
    title is short and does not read like a sentence. A last such title with no line after it
    is a key point all the same (a cut download), not the body."""
    i = kp_start
    while True:
        title = _skip_blank(lines, i, ja_end)
        body = _skip_blank(lines, title + 1, ja_end)
        if title >= ja_end or not _looks_like_key_point_title(lines[title]):
            break
        if body >= ja_end:
            i = ja_end
            break
        i = body + 1
    if i != kp_start:
        warnings.append("where the key points end was guessed from line lengths (no analysis box, no original)")
    return i, "guessed: the key points are the short title lines (with their body lines) before it"


def _could_be_key_points(lines: list[str]) -> bool:
    """Title/body pairs: an even number of lines (an odd one would split a point from its body),
    each title short and not a sentence (else the count landed inside the body, e.g. because
    the original was cut short)."""
    content = [line for line in lines if line.strip()]
    return len(content) % 2 == 0 and all(_looks_like_key_point_title(t) for t in content[::2])


def _looks_like_key_point_title(line: str) -> bool:
    text = line.strip()
    return 0 < len(text) <= 40 and not text.endswith("。") and text != TOC_JA


def _pairs(lines: list[str], warnings: list[str]) -> list[tuple[str, str]]:
    content = [line.strip() for line in lines if line.strip()]
    if len(content) % 2:
        warnings.append(f"key point {content[-1]!r} has no body line")
        content.append("")
    return list(zip(content[::2], content[1::2]))


def _paragraphs(lines: list[str], label: int | None, end: int) -> list[str] | None:
    if label is None:
        return None
    return [line.strip() for line in lines[label + 1 : end] if line.strip()]


def _find(lines: list[str], label: str, start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if lines[i].strip() == label), None)


def _first(*indexes: int | None, default: int) -> int:
    return next((i for i in indexes if i is not None), default)


def _nonblank(lines: list[str], start: int, end: int) -> int:
    return sum(1 for line in lines[start:end] if line.strip())


def _next_nonblank(lines: list[str], i: int, end: int) -> int:
    return _skip_blank(lines, i + 1, end)


def _skip_blank(lines: list[str], i: int, end: int) -> int:
    while i < end and not lines[i].strip():
        i += 1
    return i
