"""What the last build of a site was made from, so that the next one re-renders only what changed.

A page's HTML depends on its Markdown (MkDocs' `--dirty` re-renders a page whose Markdown is newer
than its HTML), on the pages it has in other languages (the language selector), and on everything
else at once: the theme and its overrides, mkdocs.yml, the hooks, this package, the installed
versions of MkDocs and its plugins, the site's static files. That last part is the fingerprint:
when it differs from the last build's, the next build starts from an empty site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from taiyaku.cache import converter_version
from taiyaku.files import GENERATED, PAGE_SUFFIXES

STATE = "state.json"
"""The last build's state, in the site's folder (`folder`)."""

ENGINE = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "markdown", "pymdown-extensions", "jinja2")
"""The distributions whose version changes every page."""


@dataclass(frozen=True)
class BuildState:
    fingerprint: str
    pages: Mapping[str, str] = field(default_factory=dict)
    """Each page's HTML file (relative to the site) -> its pages in other languages, as text."""


def dirty_build() -> bool:
    """Whether MkDocs runs with `--dirty` (mkdocs-static-i18n's own test, for the builds it runs)."""
    return "--dirty" in sys.argv or "--dirtyreload" in sys.argv


def serving() -> bool:
    """Whether this is `mkdocs serve`."""
    return sys.argv[1:2] == ["serve"]


RENDER_WORKER = "TAIYAKU_RENDER_WORKER"
"""Set in the environment of the process that renders a full build's views and list pages
(hooks/taiyaku_worker.py): the build that started it does everything else."""


def render_worker() -> bool:
    """Whether this process is that render worker."""
    return os.environ.get(RENDER_WORKER) == "1"


def folder(project: Path, site: Path) -> Path:
    """Where what is known of the site at `site` is kept (its state, its search caches): a folder
    for each site folder, as `mkdocs serve` builds into a new temporary one each time."""
    return project / ".cache" / "taiyaku-site" / hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]


def fingerprint(settings: Iterable[str], sources: Iterable[Path], statics: Path) -> str:
    """A digest of `settings` (text), the bytes of every file below `sources`, the names, sizes and
    times of the files below `statics` that are not pages (GENERATED, at its top, is only pages:
    at 10,000 articles, walking it took a second), this package's source and ENGINE's versions."""
    digest = hashlib.sha256()
    for text in [*settings, converter_version(), *(_version(name) for name in ENGINE)]:
        digest.update(text.encode() + b"\0")
    for root in sources:
        for path in _files(root):
            digest.update(f"{path}\0".encode() + path.read_bytes())
    for path in _files(statics, pages=False):
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def load(path: Path) -> BuildState | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return BuildState(str(data["fingerprint"]), {str(k): str(v) for k, v in data["pages"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no build to start from: the next one is a full build


def save(path: Path, state: BuildState, site: Path) -> None:
    """Keep `state` of the site at `site`; forget the sites that are gone (`mkdocs serve`'s)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / _SITE).write_text(str(site.resolve()), encoding="utf-8")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fingerprint": state.fingerprint, "pages": dict(state.pages)}), encoding="utf-8")
    tmp.replace(path)
    for other in path.parent.parent.iterdir():
        try:
            gone = not Path((other / _SITE).read_text(encoding="utf-8")).is_dir()
        except OSError:
            gone = False  # being written by another build
        if gone:
            shutil.rmtree(other, ignore_errors=True)


def forget(path: Path) -> None:
    """No state while a build runs: one that stops half-way leaves a site no later build can trust."""
    path.unlink(missing_ok=True)


_SITE = "site.txt"
"""In a site's folder (`folder`): the site folder it is about."""


def _files(root: Path, *, pages: bool = True) -> list[Path]:
    """`root` if it is a file, else every file below it but Python's byte code (written as
    modules are first imported); with `pages` False, but the pages (GENERATED, at its top, and
    every file named as a page)."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = []
    for at, dirs, names in os.walk(root):
        if not pages and at == str(root):
            dirs[:] = [name for name in dirs if name not in GENERATED]
        skipped = () if pages else PAGE_SUFFIXES
        found += [Path(at, name) for name in names if "__pycache__" not in at and not name.endswith(skipped)]
    return sorted(found)


def _version(name: str) -> str:
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}: not installed"
