"""Dumps the site still publishes but an editor must fix (issue 14): one WARNING each, naming
the file and what is wrong, so `mkdocs build --strict` fails; the page says it is incomplete."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES_DIR, build, make_project
from taiyaku.readers import frontmatter, labels

CUT = "2026-11-28-cut.txt"
TAGS = "2026-11-29-tags.txt"
MISALIGNED = "2026-11-16-misaligned.txt"


def test_a_cut_download_and_too_many_tags_fail_a_strict_build_by_name(tmp_path: Path) -> None:
    cut = "\n".join(["題", "リード文。", labels.KEY_POINTS, "要点一", "要点一の本文。", "要点二"])
    tags = "---\ntags: [" + ", ".join(f"t{k}" for k in range(300)) + "]\n---\n題\nリード文。\n本文。\n"
    (tmp_path / CUT).write_text(cut, encoding="utf-8")
    (tmp_path / TAGS).write_text(tags, encoding="utf-8")
    done = build(make_project(tmp_path / "project", [tmp_path / CUT, tmp_path / TAGS]), "--strict")
    assert done.returncode != 0
    assert "Aborted with 2 warnings in strict mode" in done.output, done.output
    assert len(done.warnings) == 2, done.output
    assert re.match(
        rf"WARNING\s+-\s+dumps/{CUT}: the dump ends inside the key points \(key point '要点二' has no body line\)",
        done.warnings[0],
    )
    assert re.match(rf"WARNING\s+-\s+dumps/{TAGS}: front matter 'tags' lists 300 items", done.warnings[1])
    # Published all the same: the cut one says it is incomplete and keeps its orphan a key point.
    page = (done.project / "docs" / "articles" / "2026-11-28-cut.ja.md").read_text(encoding="utf-8")
    assert "tk-excerpt" in page
    key_points = page[page.index('<div class="tk-keypoints"') : page.index("</div>")]
    assert "要点二" in key_points
    tagged = (done.project / "docs" / "articles" / "2026-11-29-tags.ja.md").read_text(encoding="utf-8")
    assert tagged.count("/tags/t") == frontmatter.MAX_TAGS


def test_a_problem_is_said_at_every_build_and_a_note_when_its_dump_is_read(tmp_path: Path) -> None:
    """Under `make serve` every edit is a build: a note (understood, with reservations, such as
    not line-aligned) of each of 10,000 articles at every edit buried the edit's own lines."""
    cut = "\n".join(["題", "リード文。", labels.KEY_POINTS, "要点一", "要点一の本文。", "要点二"])
    (tmp_path / CUT).write_text(cut, encoding="utf-8")
    project = make_project(tmp_path / "project", [tmp_path / CUT, FIXTURES_DIR / MISALIGNED])
    note = re.compile(rf"INFO\s+-\s+dumps/{re.escape(MISALIGNED)}: not line-aligned")
    problem = re.compile(rf"WARNING\s+-\s+dumps/{re.escape(CUT)}: ")
    first = build(project)
    assert note.search(first.output) and problem.search(first.output), first.output
    again = build(project, "--dirty")  # nothing changed: read from the cache
    assert problem.search(again.output) and not note.search(again.output), again.output
    dump = project / "dumps" / MISALIGNED
    dump.write_text(dump.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = build(project, "--dirty")
    assert note.search(changed.output), changed.output
