"""The one exception type taiyaku raises for bad input."""

from __future__ import annotations

from pathlib import Path


class DumpError(Exception):
    """A dump that cannot become an article. Its message is `path: what is wrong`."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
