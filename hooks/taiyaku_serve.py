"""MkDocs glue for `mkdocs serve` (what `make serve` runs): it serves the site it built last time.

MkDocs serves from a new temporary folder, so each `make serve` started with a full build (8 to 12
minutes at 10,000 articles). Here that folder becomes a link to `.cache/taiyaku-serve/site`, kept
from one `make serve` to the next: with `--dirty`, hooks/taiyaku_incremental.py then starts from it
when nothing but dumps changed, and renders only what did. Before MkDocs deletes its temporary
folder on the way out, the link is put back as an empty folder. A second `make serve` of the same
project while one runs keeps its temporary folder (the kept one is locked).

Also: `mkdocs serve` watches docs/, where each rebuild writes the pages of what changed in dumps/
(watched too); that would set off a second rebuild after each. Only docs/'s own folders are
watched (stylesheets/; a file added at its top needs a restart).
"""

from __future__ import annotations

import fcntl
import logging
import os
import tempfile
from pathlib import Path
from typing import IO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from taiyaku import buildstate
from taiyaku.files import GENERATED

log = logging.getLogger("mkdocs.plugins.taiyaku")

KEPT = Path(".cache") / "taiyaku-serve"
"""Below the project: the served site (`site/`) and its lock."""

_lock: IO[bytes] | None = None
_linked: Path | None = None
"""The temporary folder MkDocs serves, made a link to the kept site."""


@event_priority(150)  # first: every other hook finds its site (and its caches) through the link
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _linked
    site = Path(config.site_dir)
    if _linked is not None or not buildstate.serving() or not _temporary(site) or any(site.iterdir()):
        return config  # a rebuild (the link is there), or not the folder `mkdocs serve` made
    kept = Path(config.config_file_path).parent / KEPT
    if not _locked(kept):
        log.info(f"taiyaku: another `mkdocs serve` of this project serves {kept / 'site'}; this one builds all")
        return config
    (kept / "site").mkdir(parents=True, exist_ok=True)
    site.rmdir()
    site.symlink_to((kept / "site").resolve(), target_is_directory=True)
    _linked = site
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    docs = Path(config.docs_dir)
    server.unwatch(str(docs))
    for entry in sorted(docs.iterdir()):
        if entry.is_dir() and entry.name not in GENERATED:
            server.watch(str(entry))
    return server


def on_shutdown() -> None:
    """MkDocs deletes the folder it served (shutil.rmtree, which refuses a link): an empty one."""
    global _linked
    if _linked is not None and _linked.is_symlink():
        _linked.unlink()
        _linked.mkdir()
    _linked = None


def _temporary(site: Path) -> bool:
    """The folder `mkdocs serve` makes: `mkdocs_*` in the temporary folder."""
    return site.name.startswith("mkdocs_") and site.parent.resolve() == Path(tempfile.gettempdir()).resolve() and site.is_dir()


def _locked(kept: Path) -> bool:
    """Hold the kept site's lock for as long as this process runs; False if another holds it."""
    global _lock
    kept.mkdir(parents=True, exist_ok=True)
    handle = (kept / "lock").open("wb")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return False
    _lock = handle
    os.set_inheritable(handle.fileno(), False)  # not held on by the search indexers
    return True
