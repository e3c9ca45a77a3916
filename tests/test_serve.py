"""`mkdocs serve --dirty` (what `make serve` runs) on the fixtures: each dump added, changed or
removed is served with its new text, a dump that can no longer be read is named in one warning and
keeps its pages, and an update that fails (here a broken mkdocs.yml) leaves the server publishing
the next ones. Its rebuilds are focused (taiyaku.focus): after each of test_incremental's steps the
served site must be a clean build's, file for file. Waits are bounded, not timed: how fast this
goes is for tests/bench.py to say."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR, interruptible, make_project
from test_incremental import HELD_BACK, STEPS, UNREADABLE, UNTOUCHED, _assert_same_site, _clean_build

WAIT = 180.0
"""Seconds to wait for one update before the test fails (a shared machine can be slow)."""
SOURCE = "2026-11-12-agent-benchmarks.txt"
"""Has front matter: copied with a later date and its own slug, it heads the home pages."""
BROKEN = "2026-11-14-court-ruling.txt"


class Server:
    def __init__(self, project: Path, port: int = 0) -> None:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as MkDocs' server: a port just left
            probe.bind(("127.0.0.1", port))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env,
            preexec_fn=interruptible,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def get(self, path: str) -> tuple[int, str]:
        status, body = self.get_bytes(path)
        return status, body.decode("utf-8")

    def get_bytes(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""
        except OSError:
            return 0, b""

    def indexed(self, lang: str) -> int:
        """Articles in the served search index of `lang` (-1 while there is none)."""
        status, body = self.get_bytes(f"/search/{lang}/index.jz")
        return int(json.loads(gzip.decompress(body))["articles"]) if status == 200 else -1

    def wait(self, what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT
        while not ready():
            assert self.process.poll() is None, "the server stopped:\n" + "\n".join(self.lines)
            assert time.monotonic() < deadline, f"not served: {what}\n" + "\n".join(self.lines[-30:])
            time.sleep(0.2)

    def stop(self) -> None:
        """As Ctrl-C does (MkDocs then runs the hooks' on_shutdown)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def builds(self) -> int:
        return sum("taiyaku: built" in line for line in self.lines)

    def indexes(self) -> int:
        """Search indexes written (one per build, a moment after it)."""
        return sum("taiyaku search index:" in line for line in self.lines)

    def site(self) -> Path:
        """The folder it serves (a new temporary one: `mkdocs serve` names it only this way)."""
        for line in self.lines:
            if found := re.search(r"Building 'ja' documentation to directory: (\S+)$", line):
                return Path(found[1])
        raise AssertionError("no site folder in the log:\n" + "\n".join(self.lines))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from _serve(tmp_path / "project", [p for p in sorted(FIXTURES_DIR.iterdir()) if p.suffix in (".txt", ".html")])


def _serve(project: Path, dumps: list[Path]) -> Iterator[Server]:
    running = Server(make_project(project, dumps))
    try:
        running.wait("the first build", lambda: running.get("/")[0] == 200)
        yield running
    finally:
        running.stop()


def _article(dumps: Path, title: str) -> None:
    text = (FIXTURES_DIR / SOURCE).read_text(encoding="utf-8-sig")
    text = text.replace("published: 2026-11-12", "published: 2027-01-05\nslug: served-live", 1)
    text = text.replace("title_en: Agent Benchmarks Are Measuring the Harness, Not the Model", f"title_en: {title}", 1)
    (dumps / "served-live.txt").write_text(text, encoding="utf-8")


def test_serve_publishes_each_change(server: Server, tmp_path: Path) -> None:
    project = tmp_path / "project"
    dumps = project / "dumps"

    server.wait("the first search index", lambda: server.indexed("en") > 0)
    indexed = server.indexed("en")
    _article(dumps, "First Words Of A Live Article")
    server.wait("the added article", lambda: "First Words Of A Live Article" in server.get("/en/articles/served-live/")[1])
    server.wait("the added article on the home page", lambda: "First Words Of A Live Article" in server.get("/en/")[1])
    assert server.get("/articles/served-live/")[0] == 200
    server.wait("the added article in the search index", lambda: server.indexed("en") == indexed + 1)

    _article(dumps, "Second Words Of A Live Article")
    server.wait("the changed article", lambda: "Second Words Of A Live Article" in server.get("/en/articles/served-live/")[1])
    server.wait("the changed home page", lambda: "Second Words Of A Live Article" in server.get("/en/")[1])

    (dumps / "served-live.txt").unlink()
    server.wait("the removal", lambda: server.get("/en/articles/served-live/")[0] == 404)
    server.wait("the home page without it", lambda: "Second Words" not in server.get("/en/")[1])
    server.wait("the search index without it", lambda: server.indexed("en") == indexed)

    builds = server.builds()
    (dumps / BROKEN).write_bytes(b"")
    server.wait("the build after the bad save", lambda: server.builds() > builds)
    # Not the server's lines for the 404s the waits above met.
    warnings = [line for line in server.lines if line.startswith("WARNING") and '"GET /' not in line]
    assert warnings == [f"WARNING -  dumps/{BROKEN}: the file is empty; its pages stay as they were last read"]
    assert server.get("/articles/2026-11-14-court-ruling/")[0] == 200
    assert server.get("/en/articles/2026-11-14-court-ruling/")[0] == 200

    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + "\nnot: [valid yaml\n", encoding="utf-8")
    server.wait("the failed update", lambda: any("error happened during the rebuild" in line for line in server.lines))
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    _article(dumps, "Third Words After An Error")
    server.wait("the article after the error", lambda: "Third Words After An Error" in server.get("/en/")[1])


@pytest.fixture
def held_back(tmp_path: Path) -> Iterator[Server]:
    """A server of the fixtures but test_incremental's HELD_BACK, which its first step adds."""
    dumps = [p for p in sorted(FIXTURES_DIR.iterdir()) if p.suffix in (".txt", ".html") and p.name != HELD_BACK]
    yield from _serve(tmp_path / "project", dumps)


def _same_sitemap(name: str, ours: bytes, theirs: bytes) -> bool:
    """A focused rebuild's sitemap has the clean build's entries, some in another order."""
    if name.endswith("sitemap.xml.gz"):
        ours, theirs = gzip.decompress(ours), gzip.decompress(theirs)
    elif not name.endswith("sitemap.xml"):
        return False
    entries = [sorted(re.findall(rb"<url>.*?</url>", text, re.S)) for text in (ours, theirs)]
    return entries[0] == entries[1] and len(entries[0]) > 10


def test_each_focused_rebuild_serves_what_a_clean_build_publishes(held_back: Server, tmp_path: Path) -> None:
    server, project, site = held_back, tmp_path / "project", held_back.site()
    server.wait("the first search index", lambda: server.indexes() == 1)
    untouched = (site / UNTOUCHED).stat().st_mtime_ns
    for step, change in STEPS:
        builds = server.builds()
        change(project / "dumps")
        server.wait(f"{step}: the rebuild and its search index", lambda before=builds: server.builds() == server.indexes() == before + 1)
        assert sum("taiyaku: focused rebuild" in line for line in server.lines) == builds, step
        clean = _clean_build(project, tmp_path / step.replace(" ", "-"), site_url=f"http://127.0.0.1:{server.port}/")
        _assert_same_site(site, clean.site, same=_same_sitemap)
    assert (site / UNTOUCHED).stat().st_mtime_ns == untouched, "an unchanged article was rendered again"
    warnings = [line for line in server.lines if line.startswith("WARNING") and '"GET /' not in line]
    # The unreadable dump, in each build after it was saved empty.
    assert warnings == [f"WARNING -  dumps/{UNREADABLE}: the file is empty; its pages stay as they were last read"] * 2


def test_the_next_serve_starts_from_the_site_the_last_one_built(tmp_path: Path) -> None:
    """hooks/taiyaku_serve.py: a second `make serve` renders only what changed since the first."""
    project = make_project(tmp_path / "project", [p for p in sorted(FIXTURES_DIR.iterdir()) if p.suffix in (".txt", ".html")])
    first = next(_running(project))
    first.wait("the first search index", lambda: first.indexes() == 1)
    served, page = first.site(), first.site() / UNTOUCHED
    rendered = page.stat().st_mtime_ns
    first.stop()
    assert "taiyaku: full build (no finished build to start from)" in "\n".join(first.lines)
    assert not served.exists() and not served.is_symlink(), "MkDocs' temporary folder is left behind"
    _article(project / "dumps", "Words Added Between Two Sessions")

    second = next(_running(project, first.port))  # the same address: pages name it (canonical links)
    try:
        second.wait("the added article", lambda: "Words Added Between Two Sessions" in second.get("/en/articles/served-live/")[1])
        kept = project / ".cache" / "taiyaku-serve" / "site"
        assert second.site().resolve() == kept.resolve()
        assert (kept / UNTOUCHED).stat().st_mtime_ns == rendered, "an unchanged article was rendered again"
        assert not [line for line in second.lines if "full build" in line]
        # A third, while the second runs, builds all in a folder of its own.
        third = next(_running(project))
        try:
            assert third.site().resolve() != kept.resolve()
            assert any("another `mkdocs serve` of this project" in line for line in third.lines)
        finally:
            third.stop()
    finally:
        second.stop()


def _running(project: Path, port: int = 0) -> Iterator[Server]:
    running = Server(project, port)
    running.wait("the first build", lambda: running.get("/")[0] == 200)
    yield running
