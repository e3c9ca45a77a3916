"""Cut a text dump's lines into its parts: header, key points, analysis box, the two bodies.

Each step is a small function over line indexes. The one rule that carries the design: when
there is an original, the Japanese body is the last N lines before `原文を表示`, N being the
number of English lines. The analysis labels, when present, say the same thing a second way;
when the two disagree, the translation is not line-aligned and the labels win.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from taiyaku.errors import DumpError
from taiyaku.readers.labels import (
    ANALYSIS_TOGGLE,
    EDITORIAL,
    IMPACT,
    KEY_POINTS,
    ORIGINAL_TOGGLE,
    SITE_CHROME,
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
    counts_agree: bool
    """The Japanese body found by counting English lines is the one the labels delimit."""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Analysis:
    """Indexes of the analysis box's labels, and the first line after the box."""

    toggle: int | None
    impact: int | None
    editorial: int | None
    end: int


def cut(path: Path, lines: list[str]) -> Parts:
    lines = _drop_site_chrome(lines)
    header = [i for i in range(len(lines)) if lines[i].strip()][:2]
    if len(header) < 2:
        raise DumpError(path, "the dump stops before its body: no title and lede")
    title, lede = (lines[i].strip() for i in header)
    if title in _LABELS or lede in _LABELS:
        raise DumpError(path, "the dump has no title and lede before its labels")
    warnings: list[str] = []
    kp_label = _find(lines, KEY_POINTS, header[1] + 1, len(lines))
    if kp_label is None:
        warnings.append(f"no {KEY_POINTS} label: key points taken from the lines after the lede")
    kp_start = (kp_label if kp_label is not None else header[1]) + 1
    original = _find(lines, ORIGINAL_TOGGLE, kp_start, len(lines))
    ja_end = original if original is not None else len(lines)
    en = lines[original + 1 :] if original is not None else None
    analysis = _analysis(lines, kp_start, ja_end)
    by_count = ja_end - len(en) if en is not None else None
    body_start, agree = _body_start(analysis, by_count, kp_start, lines, ja_end, warnings)
    if not any(line.strip() for line in lines[body_start:ja_end]):
        raise DumpError(path, "the dump stops before its body: no Japanese body text")
    if en is not None and not any(line.strip() for line in en):
        raise DumpError(path, f"'{ORIGINAL_TOGGLE}' is followed by no English text")
    kp_end = _first(analysis.toggle, analysis.impact, analysis.editorial, default=body_start)
    return Parts(
        title=title,
        lede=lede,
        key_points=_pairs(lines[kp_start:kp_end], warnings),
        impact=_paragraphs(lines, analysis.impact, _first(analysis.editorial, default=body_start)),
        editorial=_paragraphs(lines, analysis.editorial, body_start),
        ja=lines[body_start:ja_end],
        en=en,
        counts_agree=agree,
        warnings=warnings,
    )


_LABELS = frozenset({KEY_POINTS, ANALYSIS_TOGGLE, IMPACT, EDITORIAL, ORIGINAL_TOGGLE})


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


def _body_start(
    analysis: _Analysis, by_count: int | None, kp_start: int, lines: list[str], ja_end: int, warnings: list[str]
) -> tuple[int, bool]:
    has_labels = analysis.end > kp_start
    if by_count is None:
        return (analysis.end if has_labels else _guess_key_points_end(lines, kp_start, ja_end, warnings)), False
    if has_labels:
        if by_count != analysis.end:
            warnings.append(
                f"not line-aligned: the Japanese body has {ja_end - analysis.end} lines, "
                f"the English original {ja_end - by_count}; paragraphs are not paired line by line"
            )
        return analysis.end, by_count == analysis.end
    if by_count >= kp_start and _nonblank(lines, kp_start, by_count) % 2 == 0:
        return by_count, True
    warnings.append(
        "not line-aligned: counting back the English lines does not land after the key points; "
        "paragraphs are not paired line by line"
    )
    return _guess_key_points_end(lines, kp_start, ja_end, warnings), False


def _guess_key_points_end(lines: list[str], kp_start: int, ja_end: int, warnings: list[str]) -> int:
    """No label and no original says where the key points end: take title/body pairs while the
    title is short and does not read like a sentence."""
    i = kp_start
    while True:
        title = _skip_blank(lines, i, ja_end)
        body = _skip_blank(lines, title + 1, ja_end)
        text = lines[title].strip() if title < ja_end else ""
        if body >= ja_end or not (0 < len(text) <= 40 and not text.endswith("。")):
            break
        i = body + 1
    if i != kp_start:
        warnings.append("where the key points end was guessed from line lengths (no analysis box, no original)")
    return i


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
