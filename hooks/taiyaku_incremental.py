"""MkDocs glue for incremental builds: `mkdocs build --dirty` and `mkdocs serve --dirty`, which
`make build` and `make serve` run. MkDocs then renders only the pages whose Markdown is newer than
their HTML (and the conversion rewrites only the Markdown whose text changed); this hook makes the
result the same as a clean build's (tests/test_incremental.py compares them):

- the build starts from an empty site when anything besides the pages changed since the last one
  (taiyaku.buildstate's fingerprint: theme, configuration, hooks, package, versions), or when no
  finished build left its state;
- a page whose pages in other languages changed (its language selector) is rendered again;
- the HTML of the pages that are gone is deleted;
- MkDocs' warning that a dirty build may be inaccurate is dropped: with the above, it is not.

Under `mkdocs serve`, once a build has ended in the process, a rebuild is focused
(taiyaku.focus): MkDocs reads a shadow docs folder of the pages the edit touched, and this hook
keeps the rest of the site's page list and sitemap from the last build.

mkdocs-static-i18n reads `--dirty` from sys.argv for the builds of its further languages; so does
this hook (taiyaku.buildstate.dirty_build), for the same build.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from taiyaku import buildstate, focus
from taiyaku.buildstate import BuildState
from taiyaku.files import remove_files
from taiyaku.focus import Edits, Focus

log = logging.getLogger("mkdocs.plugins.taiyaku")

def _no_dirty_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")


@dataclass
class _Build:
    site: Path
    state: Path
    fingerprint: str
    before: BuildState | None
    """The last build's state, when this build starts from its site."""
    edits: Edits
    pages: dict[str, str] = field(default_factory=dict)
    focus: Focus | None = None
    """Set when MkDocs sees only the pages an edit touched (taiyaku.focus)."""
    shadow: Path | None = None
    """The docs folder MkDocs reads then."""
    gone: set[str] = field(default_factory=set)
    """Then: the addresses of the pages of the Markdown removed (for the sitemap)."""


_sources: dict[str, dict[str, set[str]]] = {}
"""Site folder -> each page's source (below docs/) -> its HTML files (one per language that shows
it), as this process last built them: what a focused rebuild removes with a source."""


_build: _Build | None = None


@event_priority(120)  # first: before taiyaku_buildlog (110) starts counting warnings
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    if _inner_build(config):
        return config
    project, site = Path(config.config_file_path).parent, Path(config.site_dir)
    custom_dir = config.theme.custom_dir
    state = buildstate.folder(project, site) / buildstate.STATE
    fingerprint = buildstate.fingerprint(
        [str(config.site_url), str(site.resolve())],
        [Path(config.config_file_path), project / "hooks", *([Path(custom_dir)] if custom_dir else [])],
        Path(config.docs_dir),
    )
    before = buildstate.load(state)
    buildstate.forget(state)
    if not buildstate.dirty_build():
        before = None  # MkDocs empties the site itself
    elif before is None or before.fingerprint != fingerprint:
        why = "no finished build to start from" if before is None else "theme, configuration or code changed"
        log.info(f"taiyaku: full build ({why})")
        _empty(site)
        before = None
    logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)
    _build = _Build(site, state, fingerprint, before, focus.edits(Path(config.docs_dir)))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Under `mkdocs serve`, after a build that ended, MkDocs reads only what the edit touched
    (known now: the site's build hook converted the dumps in its on_config)."""
    if _build is None or _inner_build(config):
        return
    sources = _sources.setdefault(str(_build.site), {})
    edits, before = _build.edits, _build.before
    if not (buildstate.serving() and edits.built and before is not None):
        sources.clear()  # every page is filed again
        return
    docs = Path(config.docs_dir)
    plan = focus.plan(docs, edits.changed)
    # Their pages are filed again (on_files) but for those of the removed Markdown.
    removed = {name for rel in plan.removed for name in sources.pop(rel, set())}
    refiled = removed | {name for rel in plan.pages for name in sources.pop(rel, set())}
    _build.pages = {name: others for name, others in before.pages.items() if name not in refiled}
    _build.gone = {(config.site_url or "") + focus.page_url(name) for name in removed}
    _build.focus, _build.shadow = plan, buildstate.folder(Path(config.config_file_path).parent, _build.site) / "focus"
    focus.shadow(docs, plan.pages, _build.shadow)
    focus.activate(_build.shadow, plan)
    config.docs_dir = str(_build.shadow)
    # The 404 pages show no article: the last build's stand (Material's template took 0.7 s a language).
    config.theme.static_templates.discard("404.html")
    log.info(f"taiyaku: focused rebuild: {len(plan.pages)} pages of docs/ looked at, {len(plan.removed)} removed")


@event_priority(-300)  # after the i18n plugin's (-100), which gives each page its other languages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _build is None:
        return files
    sources = _sources.setdefault(str(_build.site), {})
    for file in files.documentation_pages():
        html = Path(file.abs_dest_path)
        name = html.relative_to(_build.site).as_posix()
        others = " ".join(sorted(f"{lang}:{other.url}" for lang, other in getattr(file, "alternates", {}).items()))
        _build.pages[name] = others
        if buildstate.serving():  # only a rebuild under `mkdocs serve` is focused
            sources.setdefault(file.src_uri, set()).add(name)
        if _build.before is not None and _build.before.pages.get(name) != others:
            html.unlink(missing_ok=True)  # MkDocs renders a page that has no HTML
    return files


@event_priority(-300)  # after the search indexes are written (taiyaku_search, -200)
def on_post_build(config: MkDocsConfig) -> None:
    global _build
    if _build is None or _inner_build(config):
        return
    if _build.before is not None:
        gone = len(remove_files(_build.site, _build.before.pages.keys() - _build.pages.keys()))
        if gone:
            log.info(f"taiyaku: {gone} pages removed from the site")
    buildstate.save(_build.state, BuildState(_build.fingerprint, _build.pages), _build.site)
    _build.edits.built = True
    _build.edits.changed.clear()
    _finish()


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """A focused rebuild's sitemap lists its pages only: merged into the last one, it lists all."""
    if _build is None or _build.focus is None or template_name != "sitemap.xml":
        return output
    try:
        old = (Path(config.site_dir) / template_name).read_text(encoding="utf-8")
    except OSError:
        return output
    return focus.merge_sitemap(old, output, _build.gone)


def on_build_error(error: Exception) -> None:
    if _build is not None:
        _build.edits.built = False  # its pages are not all built: the next build files them all
        _sources.pop(str(_build.site), None)
    _finish()


def _finish() -> None:
    global _build
    logging.getLogger("mkdocs.commands.build").removeFilter(_no_dirty_warning)
    if _build is not None and _build.shadow is not None:
        focus.deactivate(_build.shadow)
    _build = None


def _empty(site: Path) -> None:
    if site.is_dir():
        for entry in site.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _inner_build(config: MkDocsConfig) -> bool:
    """True inside the builds mkdocs-static-i18n runs for its further languages."""
    return bool(getattr(config.plugins.get("i18n"), "building", False))
