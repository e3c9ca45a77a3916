"""MkDocs glue: a full build renders its side-by-side views and list pages (home, tag, month) in a
second process, the render worker, while this one renders the article pages, so that both cores
render (MkDocs renders on one). Each page is rendered by one of the two: the site is the same.

Why these pages: they are about half of the pages, the search index wants none of them (the
indexers are fed by this process, hooks/taiyaku_search.py), and nothing else this process does
after rendering (feeds, sitemap, 404 pages, the incremental state) needs their HTML.

How: when this process has filed its pages in a full build (no page of the site has HTML yet:
`mkdocs build`, or `--dirty` starting from an empty site) and at least `extra.render_worker_from`
pages go to the worker, it starts `python hooks/taiyaku_worker.py <config> <site> <urls>` (`main` below):
a `mkdocs build --dirty` of the same configuration with only this hook, taiyaku_site and taiyaku_packed (no search,
no incremental state, no build summary), in which MkDocs renders only the worker's pages (a dirty
build renders the files whose `is_modified()` is true: this hook says true for the worker's pages
and false for everything else, static files included) and writes no sitemap or 404 page. Here
those pages go through MkDocs as usual but with no Markdown and an empty template
(overrides/taiyaku-elsewhere.html), and MkDocs writes no file for an empty page. Once the last
language is built, this process waits for the worker; its warnings are logged here (so `--strict`
counts them), and if it fails, the build fails.

`mkdocs serve` never starts one: its builds after the first are incremental, and the server holds
every request until a build ends.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from taiyaku import buildstate

log = logging.getLogger("mkdocs.plugins.taiyaku")

ELSEWHERE = "taiyaku-elsewhere.html"
"""The empty template of the pages the other process renders."""
FROM = "render_worker_from"
"""mkdocs.yml `extra`: the fewest worker pages worth a second process (starting one costs ~2 s)."""
DEFAULT_FROM = 400
_SKIPPED = "Page skipped: '"


def rendered_aside(src_uri: str) -> bool:
    """The pages the worker renders: the side-by-side views (`articles/<slug>/taiyaku.<lang>.md`)
    and every page outside articles/ (home, tag, month and archive pages; their pages n)."""
    if not src_uri.startswith("articles/"):
        return True
    return src_uri.count("/") == 2 and src_uri.rsplit("/", 1)[1].startswith("taiyaku.")


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    output: IO[bytes]
    pages: int
    """The first language's pages it renders."""
    started: float = field(default_factory=time.perf_counter)


_worker: _Worker | None = None


# --- in the worker ----------------------------------------------------------------------------


def _worker_files(files: Files) -> Files:
    """Only the worker's pages are "modified": the dirty build renders them and copies nothing else."""
    for file in files:
        _mark(file, file.is_documentation_page() and rendered_aside(file.src_uri))
    return files


def _mark(file: File, modified: bool) -> None:
    file.is_modified = (lambda: True) if modified else (lambda: False)  # type: ignore[method-assign]


def main(config_file: str, site_dir: str, use_directory_urls: bool) -> None:
    """The worker: `mkdocs build --dirty` of `config_file` into `site_dir`, with this hook,
    taiyaku_site and taiyaku_packed only. Warnings and errors go to stderr as MkDocs prints them.
    Of the command line that started the build, only the site folder and --[no-]directory-urls
    are passed on."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("mkdocs.commands.build").addFilter(
        lambda record: not record.getMessage().startswith("A 'dirty' build is being performed")
    )
    sys.argv = ["mkdocs", "build", "--dirty"]  # mkdocs-static-i18n reads it for its further languages
    hooks = Path(__file__).resolve().parent
    config = load_config(
        config_file,
        site_dir=site_dir,
        use_directory_urls=use_directory_urls,
        hooks=[str(hooks / "taiyaku_site.py"), __file__, str(hooks / "taiyaku_packed.py")],
    )
    config.theme.static_templates.clear()  # sitemap.xml, 404.html: this process's
    build(config, dirty=True)


# --- in the build that starts it ----------------------------------------------------------------


@event_priority(-400)  # after the i18n plugin's (-100), which gives this build its language's pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if buildstate.render_worker():
        return _worker_files(files)
    if _worker is None and not _inner_build(config) and not buildstate.serving():
        _start(files, config)
    if _worker is not None:
        # Here they are rendered as nothing, always: in a `--dirty` build (from an empty site)
        # MkDocs skips a page whose HTML is newer than its Markdown, and the worker may have
        # written it already; the search would then take the page for one it has from the last
        # build, and fail (seen under load, in test_worker's build from an empty site).
        for file in files.documentation_pages():
            if rendered_aside(file.src_uri):
                _mark(file, True)
    return files


def _start(files: Files, config: MkDocsConfig) -> None:
    """Start the worker, in a full build with enough pages for it."""
    global _worker
    pages = files.documentation_pages()
    aside = sum(rendered_aside(f.src_uri) for f in pages)
    if aside == 0 or aside < int(config.extra.get(FROM, DEFAULT_FROM)):
        return
    if any(os.path.exists(f.abs_dest_path) for f in pages):
        return  # an incremental build
    output = tempfile.TemporaryFile()
    urls = "directory-urls" if config.use_directory_urls else "file-urls"
    command = [sys.executable, __file__, str(config.config_file_path), str(config.site_dir), urls]
    process = subprocess.Popen(command, env={**os.environ, buildstate.RENDER_WORKER: "1"}, stdout=output, stderr=subprocess.STDOUT)
    _worker = _Worker(process, output, aside)
    logging.getLogger("mkdocs.commands.build").addFilter(_no_skipped_line)


@event_priority(-100)  # the last to see the Markdown: the other hooks saw the page as it is
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _worker is None or not rendered_aside(page.file.src_uri):
        return markdown
    page.meta["template"] = ELSEWHERE
    page.render = _render_nothing(page)  # type: ignore[method-assign, assignment]
    return ""


def _render_nothing(page: Page) -> Callable[[MkDocsConfig, Files], None]:
    """Page.render for a page the worker renders: what Python-Markdown gives for no text, without
    setting up Python-Markdown (~1 ms a page)."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.present_anchor_ids = set()

    return render


@event_priority(-150)  # after the i18n plugin's (-100), in which the other languages are built
def on_post_build(config: MkDocsConfig) -> None:
    global _worker
    if _worker is None or _inner_build(config):
        return
    worker, _worker = _worker, None
    _stop_filtering()
    waited = time.perf_counter()
    status = worker.process.wait()
    ended = time.perf_counter()
    worker.output.seek(0)
    lines = worker.output.read().decode("utf-8", "replace").splitlines()
    worker.output.close()
    for line in lines:
        if line.startswith("WARNING"):
            log.warning(line.split(" - ", 1)[-1].strip())
    if status != 0:
        raise Abort("the render worker failed:\n" + "\n".join(lines[-30:]))
    log.info(
        f"taiyaku: views and list pages ({worker.pages} in the first language) rendered aside "
        f"in {ended - worker.started:.1f} s, {ended - waited:.1f} s of it waited for"
    )


def on_build_error(error: Exception) -> None:
    global _worker
    if _worker is not None:
        _worker.process.kill()
        _worker.process.wait()
        _worker.output.close()
        _worker = None
        _stop_filtering()


def _no_skipped_line(record: logging.LogRecord) -> bool:
    """MkDocs says it wrote no file for a page whose output is empty: the worker writes those."""
    return not record.getMessage().startswith(_SKIPPED)


def _stop_filtering() -> None:
    logging.getLogger("mkdocs.commands.build").removeFilter(_no_skipped_line)


def _inner_build(config: MkDocsConfig) -> bool:
    """True inside the builds mkdocs-static-i18n runs for its further languages."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3] == "directory-urls")
