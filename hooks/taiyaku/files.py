"""Writing generated pages: only what changed (`mkdocs serve` watches them and would rebuild
again), and removing the pages nothing produces any more."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

LIST_FOLDERS = ("page", "tags", "archive")
"""Folders of docs/ holding only generated lists (home pages after the first, tags, months)."""
GENERATED = ("articles", *LIST_FOLDERS, "index.ja.md", "index.en.md")
"""What the site's build hook writes into docs/ (the rest of docs/ is the site's own static files)."""
PAGE_SUFFIXES = (".ja.md", ".en.md")
"""Every generated page is `<name>.<lang>.md`; other files below a synced folder are left alone."""


@dataclass
class SyncCount:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    changed: list[str] = field(default_factory=list)
    """The pages written or removed, relative to the root (what a focused rebuild looks at)."""


def sync(root: Path, pages: Mapping[str, str], stale_in: Iterable[Path]) -> SyncCount:
    """Write `pages` (paths relative to `root` -> text) whose text changed; delete the pages below
    the `stale_in` folders that are not among them, and the folders that leaves empty."""
    count = write_all(root, pages)
    removed = remove_stale(root, pages.keys(), stale_in)
    count.removed = len(removed)
    count.changed += removed
    return count


def write_all(root: Path, pages: Mapping[str, str]) -> SyncCount:
    """Write `pages` (paths relative to `root` -> text) whose text changed, and count them."""
    count = SyncCount()
    for rel, text in pages.items():
        if write_if_changed(root / rel, text):
            count.written += 1
            count.changed.append(rel)
        else:
            count.unchanged += 1
    return count


def remove_stale(root: Path, keep: Iterable[str], stale_in: Iterable[Path]) -> list[str]:
    """Delete the pages below the `stale_in` folders that are not in `keep` (paths relative to
    `root`), and the folders that leaves empty; returns the pages deleted, relative to `root`."""
    kept = {os.path.normpath(os.path.join(root, rel)) for rel in keep}  # not pathlib: 40,000 of them
    removed: list[str] = []
    for folder in stale_in:
        # One walk, bottom up, from the directory entries alone: at 10,000 articles a stat (or
        # a realpath) per page made a rebuild with nothing changed take seconds.
        for at, _dirs, files in os.walk(folder, topdown=False):
            for name in files:
                path = os.path.normpath(os.path.join(at, name))
                if name.endswith(PAGE_SUFFIXES) and path not in kept:
                    os.unlink(path)
                    removed.append(Path(os.path.relpath(path, root)).as_posix())
            if at != str(folder) and not os.listdir(at):
                os.rmdir(at)
    return removed


def remove_files(site: Path, names: Iterable[str]) -> list[str]:
    """Delete `names` (relative to `site`) and the folders that leaves empty; returns those that were there."""
    removed: list[str] = []
    for name in names:
        target = site / name
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        removed.append(name)
        folder = target.parent
        while folder != site and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def write_if_changed(target: Path, text: str) -> bool:
    """Write `text` (UTF-8) to `target` unless the file holds exactly that; True if written.
    The size is compared first, so a changed page is mostly told without reading it."""
    data = text.encode("utf-8")
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True
