"""Variants of the fixture text dumps as editors really save them: cut short, a label doubled or
lost, a table-of-contents entry dropped, re-encoded, blank lines added.

Each is derived from a fixture's lines, so what the whole dump holds is known; `TALLY` counts,
for each class of variant, how the reader reported them (printed after the test run, for the
closing note of issue 14).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conftest import FIXTURES_DIR
from taiyaku.model import Article, Body, Heading, Paragraph
from taiyaku.readers import labels

TEXT_FIXTURES = sorted(FIXTURES_DIR.glob("*.txt"))

LABELS = (
    labels.KEY_POINTS,
    labels.ANALYSIS_TOGGLE,
    labels.IMPACT,
    labels.EDITORIAL,
    labels.ORIGINAL_TOGGLE,
    labels.TOC_JA,
    labels.TOC_EN,
)
"""Whole-line labels: structure, not content."""

TALLY: Counter[tuple[str, str]] = Counter()
"""(class of variant, how it was reported) -> how many."""


@dataclass(frozen=True)
class Variant:
    kind: str
    """The class of variant: `cut`, `label doubled`, `label missing`, `TOC entry dropped`, ..."""
    fixture: Path
    lines: tuple[str, ...]
    """The variant's lines, before any re-encoding."""
    detail: str
    fixture_line: str = ""
    """The fixture's line the variant changed (the entry dropped), where there is one."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def model_lines(article: Article) -> list[str]:
    """Every line of text the article holds, each part in dump order."""
    lines = [article.title_ja, article.lede]
    for point in article.key_points:
        lines += [point.title, point.body]
    for commentary in (article.impact, article.editorial):
        lines += commentary.split("\n") if commentary else []
    for body in (article.ja, article.en):
        lines += body_lines(body)
    return lines


def body_lines(body: Body | None) -> list[str]:
    if body is None:
        return []
    lines = [entry.text for entry in body.toc or ()]
    for block in body.blocks:
        assert isinstance(block, (Paragraph, Heading)), "a text dump gives only paragraphs and headings"
        lines.append(block.text)
    return lines


def fixture_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")


def cuts(path: Path) -> Iterator[Variant]:
    """The dump as a download cut after each of its lines."""
    lines = fixture_lines(path)
    for k in range(1, len(lines) + 1):
        yield Variant("cut", path, tuple(lines[:k]), f"cut after line {k}")


def labels_doubled(path: Path) -> Iterator[Variant]:
    lines = fixture_lines(path)
    for i in _label_lines(lines):
        yield Variant("label doubled", path, (*lines[: i + 1], lines[i], *lines[i + 1 :]), f"line {i + 1} twice")


def labels_missing(path: Path) -> Iterator[Variant]:
    lines = fixture_lines(path)
    for i in _label_lines(lines):
        yield Variant("label missing", path, (*lines[:i], *lines[i + 1 :]), f"line {i + 1} ({lines[i].strip()}) left out")


def toc_entries_dropped(path: Path) -> Iterator[Variant]:
    """Each entry of each table of contents left out in turn (the other side keeps it)."""
    lines = fixture_lines(path)
    for label, key in ((labels.TOC_JA, "toc_ja"), (labels.TOC_EN, "toc_en")):
        for i in toc_entry_lines(lines, label, len(expected(path)[key] or ())):
            yield Variant(
                f"TOC entry dropped ({label})", path, (*lines[:i], *lines[i + 1 :]), f"line {i + 1} left out", lines[i]
            )


def toc_entry_lines(lines: list[str], label: str, count: int) -> list[int]:
    """Indexes of the `count` entries of the table under `label` (its expected.json length)."""
    start = next((i for i, line in enumerate(lines) if line.strip() == label), len(lines))
    return [i for i in range(start + 1, len(lines)) if lines[i].strip()][:count]


def expected(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    return loaded


def encoded(text: str, *, crlf: bool, bom: bool, cp932: bool) -> bytes | None:
    """`text` as an editor's tool may save it; None when cp932 cannot hold its characters."""
    if crlf:
        text = text.replace("\n", "\r\n")
    if cp932:
        try:
            return text.encode("cp932")
        except UnicodeEncodeError:
            return None
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def _label_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() in LABELS]
