"""The repository stands alone: a clone with nothing beside it finds its fixtures and collects every test.

Every check used to run in a checkout that sat beside the team's shared folder, so none of them saw
that a user's clone could not find its fixtures. This one clones HEAD into an empty folder.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout: nothing to clone")


def _collect(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("TAIYAKU_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _collected(output: str) -> int:
    found = re.search(r"^(\d+) tests? collected", output, re.MULTILINE)
    assert found, output
    return int(found.group(1))


def _tests_as_committed() -> bool:
    """Whether tests/ in the working tree is what HEAD holds (then both must collect the same)."""
    status = subprocess.run(["git", "status", "--porcelain", "--", "tests"], cwd=ROOT, capture_output=True, text=True, check=True)
    return status.stdout.strip() == ""


def test_a_clone_alone_collects_every_test_and_errs_on_none(tmp_path: Path) -> None:
    clone = tmp_path / "empty" / "taiyaku"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    assert sorted(p.name for p in clone.parent.parent.iterdir()) == ["empty"]
    assert sorted(p.name for p in clone.parent.iterdir()) == ["taiyaku"]

    done = _collect(clone)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower().splitlines()[-1], done.stdout
    in_clone = _collected(done.stdout)
    assert in_clone > 100, done.stdout
    if _tests_as_committed():
        assert in_clone == _collected(_collect(ROOT).stdout)


def test_nothing_in_the_repository_reaches_outside_it() -> None:
    # The team's handover folder beside the checkout is not part of the product: a clone does not
    # have it. The pattern is spelt in pieces so that this file does not match it.
    outside = "|".join([r"\.\./" + "shared", "TAIYAKU_" + "FIXTURES", "TAIYAKU_" + "MAKE_CORPUS"])
    found = subprocess.run(["git", "grep", "-n", "-I", "-E", outside, "--", ".", ":!*.md"], cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == "", found.stdout
