"""Handing freed memory back to the system.

glibc keeps the heap a process has grown, even once the objects in it are freed: a build that let
go of every article's text, or an indexer of every article's postings, still holds the memory in
the eyes of the system (and of the machine's other processes) until the heap is trimmed.
"""

from __future__ import annotations

import ctypes


def trim() -> None:
    """Return the C heap's free pages to the system (nothing where the C library has no malloc_trim)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
