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
