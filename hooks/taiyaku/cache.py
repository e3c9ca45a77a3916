"""A disk cache of converted dumps, keyed by the dump's bytes, its file name and the converter's
own source, so an unchanged dump is never read twice and a new taiyaku invalidates everything.
It also remembers, for each dump file name, the key of the last version that was read: a save
that cannot be read does not take down what was published from the one before."""

from __future__ import annotations

import gc
import hashlib
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def converter_version() -> str:
    """A digest of every source file of the package: any code change is a new version."""
    digest = hashlib.sha256()
    for source in sorted(_PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(_PACKAGE).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


LAST_READ = "last-read.pickle"
"""In a version's folder: dump file name -> key of its last version that became an article."""


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder / converter_version() if folder else None
        if folder is not None and folder.is_dir():
            for old in folder.iterdir():  # entries of earlier versions will never be read again
                if old.is_dir() and old != self.folder:
                    shutil.rmtree(old, ignore_errors=True)
        self._last_read: dict[str, str] | None = None

    def last_read(self) -> dict[str, str]:
        """Dump file name -> the key of its last version that was read (see `keep_last_read`)."""
        if self._last_read is None:
            found = self.get(LAST_READ)
            self._last_read = dict(found) if isinstance(found, dict) else {}
        return self._last_read

    def keep_last_read(self, last_read: dict[str, str]) -> None:
        if last_read != self.last_read():
            self.put(LAST_READ, last_read)
            self._last_read = dict(last_read)

    def key(self, path: Path, raw: bytes) -> str:
        return hashlib.sha256(path.name.encode() + b"\0" + raw).hexdigest()

    def get(self, key: str, part: int = 0) -> Any | None:
        """The `part`-th object `put` under `key` (the ones before it are read, not the ones after)."""
        if self.folder is None:
            return None
        try:
            with (self.folder / key).open("rb") as entry:
                for _ in range(part):
                    pickle.load(entry)
                return pickle.load(entry)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # a missing or unreadable entry is simply converted again

    def get_many(self, keys: list[str]) -> list[Any | None]:
        """`get` for each key. Unpickling thousands of articles makes as many small objects, which
        set off the garbage collector over and over (measured: 3/4 of a no-change rebuild's
        conversion step at 1,000 dumps); none of them is garbage, so it is paused meanwhile."""
        with paused_gc():
            return [self.get(key) for key in keys]

    def put(self, key: str, *parts: Any) -> None:
        """Keep `parts` under `key`, one after the other: `get` reads one without those after it."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{key}.tmp"
        with tmp.open("wb") as entry:
            for part in parts:
                pickle.dump(part, entry, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(self.folder / key)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside (reference counting still frees memory)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
