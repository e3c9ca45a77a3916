"""A full build that renders the views and list pages in a second process (hooks/taiyaku_worker.py)
writes the same site, file for file and byte for byte, as one that renders every page itself: as a
clean `mkdocs build` and as `mkdocs build --dirty` starting from an empty site (what `make build`
does the first time). The fixture site is below the worker's threshold, so each test sets it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR, Build, build, make_project
from test_incremental import _assert_same_site

RENDERED_ASIDE = ") rendered aside in "


def _project(tmp: Path, worker_from: int) -> Path:
    dumps = [p for p in sorted(FIXTURES_DIR.iterdir()) if p.suffix in (".txt", ".html")]
    project = make_project(tmp, dumps)
    config = project / "mkdocs.yml"
    text, count = re.subn(r"(?m)^(\s*render_worker_from:\s*)\d+", rf"\g<1>{worker_from}", config.read_text(encoding="utf-8"))
    assert count == 1, "mkdocs.yml: extra.render_worker_from not found"
    config.write_text(text, encoding="utf-8")
    return project


def _built(project: Path, *args: str) -> Build:
    result = build(project, *args)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def alone(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A clean build that renders every page in its own process."""
    result = _built(_project(tmp_path_factory.mktemp("alone"), 1_000_000))
    assert RENDERED_ASIDE not in result.output
    return result


@pytest.mark.parametrize("args", [(), ("--dirty",)], ids=["clean", "dirty from an empty site"])
def test_a_build_with_a_render_worker_writes_the_same_site(alone: Build, tmp_path: Path, args: tuple[str, ...]) -> None:
    project = _project(tmp_path / "worker", 1)
    for dump in (project / "dumps").iterdir():  # undated articles' feed entries date from the dump
        shutil.copystat(alone.project / "dumps" / dump.name, dump)
    result = _built(project, *args)
    assert RENDERED_ASIDE in result.output
    assert result.warnings == alone.warnings
    _assert_same_site(result.site, alone.site)


def test_an_incremental_build_renders_without_a_worker(tmp_path: Path) -> None:
    """A build that starts from the last one's site renders what changed in its own process."""
    project = _project(tmp_path, 1)
    assert RENDERED_ASIDE in _built(project, "--dirty").output
    (project / "dumps" / "2026-11-05-chip-export-rules.txt").unlink()
    again = _built(project, "--dirty")
    assert "taiyaku: full build" not in again.output
    assert RENDERED_ASIDE not in again.output
