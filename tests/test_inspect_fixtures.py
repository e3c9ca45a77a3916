"""Every fixture dump gives its expected.json through `python -m taiyaku inspect --json`.

Fixtures are read from tests/fixtures/dumps: a new dump with its expected.json is a new
test case with no code change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
DUMPS = sorted(p for p in FIXTURES.glob("*") if p.suffix in (".txt", ".html"))
# Keys of expected.json that describe the file rather than what the reader must give.
NOT_COMPARED = {"expect_error", "notes"}


def inspect_json(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taiyaku", "inspect", str(path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_fixtures_are_there() -> None:
    assert len(DUMPS) >= 9, f"fixture dumps not found in {FIXTURES}"


@pytest.mark.parametrize("path", DUMPS, ids=lambda p: p.name)
def test_inspect_json_gives_expected(path: Path) -> None:
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    run = inspect_json(path)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    want_keys = {k for k in expected if k not in NOT_COMPARED}
    assert set(got) == want_keys | {"aligned", "warnings", "problems", "found"}
    assert got["problems"] == []
    for key in sorted(want_keys):
        assert got[key] == expected[key], key


def test_misaligned_fixture_says_so() -> None:
    got = json.loads(inspect_json(FIXTURES / "2026-11-16-misaligned.txt").stdout)
    assert got["aligned"] is False
    assert any("not line-aligned" in w for w in got["warnings"])


@pytest.mark.parametrize("name", ["000_281aa099ef16cdce.txt", "2026-11-09-robotics-demo.txt"])
def test_aligned_fixtures_say_so(name: str) -> None:
    got = json.loads(inspect_json(FIXTURES / name).stdout)
    assert got["aligned"] is True
    assert not any("line-aligned" in w for w in got["warnings"])


def test_bad_dump_prints_path_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    run = inspect_json(bad)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.strip() == f"{bad}: the file is empty"
    assert "Traceback" not in run.stderr


def test_a_cut_dump_is_read_but_inspect_exits_2_and_says_why(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_text("題\nリード文。\nキーポイント\n要点一\n要点一の本文。\n要点二\n", encoding="utf-8")
    run = inspect_json(cut)
    assert run.returncode == 2
    got = json.loads(run.stdout)
    assert got["key_points"] == [["要点一", "要点一の本文。"], ["要点二", ""]]
    assert got["truncated"] is True
    why = f"{cut}: the dump ends inside the key points (key point '要点二' has no body line)"
    assert run.stderr.startswith(why)
    assert got["problems"] == [run.stderr.strip().removeprefix(f"{cut}: ")]


def test_inspect_says_how_each_part_was_found() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "taiyaku", "inspect", str(FIXTURES / "2026-11-09-robotics-demo.txt")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    found = run.stdout[run.stdout.index("found:\n") :].splitlines()[1:]
    assert found[:3] == [
        "  - title on line 1: inferred: the first line",
        "  - lede on line 2: inferred: the line after the title",
        "  - key points on line 3: found by 'キーポイント'",
    ]
    # No analysis box: where the body begins is inferred from the original's structure.
    assert found[3] == (
        "  - Japanese body on line 12: inferred: the introduction lines up with the English one before '目次'"
    )
    assert found[4] == "  - original on line 40: found by '原文を表示'"


def test_convert_names_a_cut_dump_in_a_warning_and_fails(tmp_path: Path) -> None:
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "cut.txt").write_text("題\nリード文。\nキーポイント\n要点一\n要点一の本文。\n影響分析\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "taiyaku", "convert", str(dumps), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert run.returncode == 1
    warnings = [line for line in run.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        f"WARNING - {dumps / 'cut.txt'}: the dump ends inside the analysis box ('影響分析' has no paragraph), "
        "before the Japanese body (a cut download?)"
    ]
    assert (tmp_path / "out" / "cut.ja.md").is_file()  # published all the same
