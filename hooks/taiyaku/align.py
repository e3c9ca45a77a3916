"""Length-based alignment of two paragraph sequences, after Gale and Church (1993).

Used where a translator merged or split paragraphs, so that line k of one language is no
longer the translation of line k of the other. Each bead pairs 1-1, 2-1 or 1-2 paragraphs;
its cost grows with how far the translation's length strays from the length the original
predicts. Beads that hold a section heading must be 1-1: a heading is never merged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Prior probabilities of each bead shape, from Gale and Church's hand-aligned corpus.
# (0-1 and 1-0 beads are left out: the dumps never drop a paragraph.)
_SHAPES = {(1, 1): 0.89, (2, 1): 0.0445, (1, 2): 0.0445}
# Variance of the length ratio per character, as Gale and Church measured it.
_VARIANCE = 6.8


@dataclass(frozen=True)
class Bead:
    """Source lines [src_start, src_end) translate target lines [tgt_start, tgt_end)."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int


def align(src: list[int], tgt: list[int], *, keep_single: frozenset[int] = frozenset()) -> list[Bead] | None:
    """Best bead sequence for paragraph lengths `src` and `tgt`, or None when none exists.

    `keep_single` holds source indexes that must sit in a 1-1 bead (headings).
    """
    best = best_alignment(src, tgt, keep_single=keep_single)
    return None if best is None else best[1]


def best_alignment(
    src: list[int], tgt: list[int], *, keep_single: frozenset[int] = frozenset()
) -> tuple[float, list[Bead]] | None:
    """`align`, with the cost of its beads (lower is likelier), to compare ways of cutting `tgt`."""
    ratio = (sum(tgt) or 1) / (sum(src) or 1)
    inf = math.inf
    cost = [[inf] * (len(tgt) + 1) for _ in range(len(src) + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (len(tgt) + 1) for _ in range(len(src) + 1)]
    cost[0][0] = 0.0
    for i in range(len(src) + 1):
        for j in range(len(tgt) + 1):
            if cost[i][j] == inf:
                continue
            for (di, dj), prior in _SHAPES.items():
                if i + di > len(src) or j + dj > len(tgt):
                    continue
                if (di, dj) != (1, 1) and any(k in keep_single for k in range(i, i + di)):
                    continue
                c = cost[i][j] + _bead_cost(sum(src[i : i + di]), sum(tgt[j : j + dj]), ratio, prior)
                if c < cost[i + di][j + dj]:
                    cost[i + di][j + dj] = c
                    back[i + di][j + dj] = (di, dj)
    if cost[len(src)][len(tgt)] == inf:
        return None
    return cost[len(src)][len(tgt)], _trace(back, len(src), len(tgt))


def _bead_cost(src_len: int, tgt_len: int, ratio: float, prior: float) -> float:
    delta = (tgt_len - src_len * ratio) / math.sqrt(max(src_len, 1) * _VARIANCE * ratio)
    # -log of the prior and of a normal density: cheaper than the exact two-tailed probability
    # and it orders the beads the same way.
    return -math.log(prior) + delta * delta / 2


def _trace(back: list[list[tuple[int, int] | None]], i: int, j: int) -> list[Bead]:
    beads = []
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        beads.append(Bead(i - di, i, j - dj, j))
        i, j = i - di, j - dj
    return beads[::-1]
