"""Bytes of a text dump to clean lines: UTF-8 (BOM or not) or the Shift_JIS of older exports."""

from __future__ import annotations

import re
from pathlib import Path

from taiyaku.errors import DumpError

# Tried in order. UTF-8 first: valid UTF-8 Japanese is almost never valid cp932 of the same
# meaning, while the reverse guess would turn UTF-8 into mojibake.
ENCODINGS = ("utf-8-sig", "cp932")

# Control characters other than tab and line breaks never occur in an editor's text: they mean
# a binary file or a wrong guess at the encoding, so such a decoding is rejected.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(path: Path, raw: bytes) -> str:
    """The dump's text with `\\n` line ends; DumpError when no encoding reads it cleanly."""
    if not raw.strip():
        raise DumpError(path, "the file is empty")
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text.replace("\r\n", "\n").replace("\r", "\n")
    raise DumpError(path, "cannot be decoded: neither UTF-8 nor Shift_JIS (cp932) text")
