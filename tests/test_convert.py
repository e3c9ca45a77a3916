"""convert_dir and its cache: an unchanged dump is neither converted nor written again, a changed
one is; long runs report progress. No timings: what is counted is work done, not seconds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import fixtures
from taiyaku import convert
from taiyaku.convert import convert_dir

DUMPS = [f.path for f in fixtures()[:4]]


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    folder = tmp_path / "dumps"
    folder.mkdir()
    for dump in DUMPS:
        shutil.copy2(dump, folder / dump.name)
    return folder


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    # Side-by-side views sit one folder down (`<slug>/taiyaku.ja.md`).
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.rglob("*.md"))}


def test_a_second_run_with_no_change_converts_nothing_and_writes_nothing(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "pages", tmp_path / "cache"
    first = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert (first.cached, first.written) == (0, len(snapshot(out)))
    before = snapshot(out)

    def must_not_convert(path: Path) -> convert.Outcome:
        raise AssertionError(f"{path} was converted again")

    monkeypatch.setattr(convert, "convert_one", must_not_convert)
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert (again.cached, again.written, again.removed) == (len(DUMPS), 0, 0)
    assert again.unchanged == first.written
    assert snapshot(out) == before  # not even touched: `mkdocs serve` would rebuild again
    assert [a.slug for a in again.articles] == [a.slug for a in first.articles]


def test_a_changed_dump_is_converted_again_and_only_its_pages_are_rewritten(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "pages", tmp_path / "cache"
    first = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    changed = next(p for p in sorted(dumps.iterdir()) if p.suffix == ".txt" and not p.read_text(encoding="utf-8").startswith("---"))
    title, rest = changed.read_text(encoding="utf-8").split("\n", 1)  # a text dump's first line is its title
    changed.write_text(f"{title}（改訂）\n{rest}", encoding="utf-8")
    converted: list[str] = []
    real = convert.convert_one

    def counting(path: Path) -> convert.Outcome:
        converted.append(path.name)
        return real(path)

    monkeypatch.setattr(convert, "convert_one", counting)
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert converted == [changed.name]
    assert again.cached == len(DUMPS) - 1
    slug = next(a.slug for a in again.articles if a.path.endswith(changed.name))
    assert again.written >= 1 and again.written + again.unchanged == first.written
    assert "（改訂）" in (out / f"{slug}.ja.md").read_text(encoding="utf-8")


def test_a_new_converter_version_converts_everything_again(dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, cache = tmp_path / "pages", tmp_path / "cache"
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    monkeypatch.setattr(convert.Cache, "key", lambda self, path, raw: "other-version-" + path.name)
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert again.cached == 0 and again.written == 0  # converted again, and the same pages


def test_long_runs_log_progress_lines(dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert, "PROGRESS_EVERY", 0.0)
    lines: list[str] = []
    report = convert_dir(dumps, tmp_path / "pages", log=lines.append)
    assert len(lines) == len(DUMPS), lines
    assert lines[-1].startswith(f"taiyaku: converted {len(DUMPS)}/{len(DUMPS)} dumps (")
    assert lines[-1].endswith("/s)")
    assert report.summary().startswith(f"{len(DUMPS)} articles (0 from cache), 0 failed; pages: ")


def test_short_runs_log_no_progress(dumps: Path, tmp_path: Path) -> None:
    lines: list[str] = []
    convert_dir(dumps, tmp_path / "pages", log=lines.append)
    assert lines == []


def test_a_cached_dump_rewrites_only_its_pages_missing_or_of_another_size_on_disk(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, cache = tmp_path / "pages", tmp_path / "cache"
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    before = {name: text for name, (_, text) in snapshot(out).items()}
    gone, cut = sorted(before)[:2]
    (out / gone).unlink()
    (out / cut).write_bytes(before[cut][:-10])

    def must_not_convert(path: Path) -> convert.Outcome:
        raise AssertionError(f"{path} was converted again")

    monkeypatch.setattr(convert, "convert_one", must_not_convert)
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert (again.written, again.cached) == (2, len(DUMPS))  # from the cached texts
    assert {name: text for name, (_, text) in snapshot(out).items()} == before


def test_a_damaged_cache_entry_reads_its_dump_again(dumps: Path, tmp_path: Path) -> None:
    out, cache = tmp_path / "pages", tmp_path / "cache"
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    before = {name: text for name, (_, text) in snapshot(out).items()}
    for entry in (cache).rglob("*"):
        if entry.is_file() and entry.name != "last-read.pickle":
            entry.write_bytes(entry.read_bytes()[:200])  # the pages' part is cut off
    for page in out.rglob("*.md"):
        page.unlink()
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache)
    assert again.failures == []
    assert {name: text for name, (_, text) in snapshot(out).items()} == before


def test_with_what_the_process_has_seen_a_rebuild_reads_only_the_dumps_that_changed(
    dumps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs serve` keeps a Seen between rebuilds: an unchanged dump is neither read nor looked
    up in the cache, its pages are not checked, and the result is a conversion's without it."""
    out, cache, seen = tmp_path / "pages", tmp_path / "cache", convert.Seen()
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache, seen=seen)
    removed, changed = sorted(dumps.iterdir())[:2]
    removed.unlink()
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "。 ", 1), encoding="utf-8")
    shutil.copy2(DUMPS[0], dumps / f"copy-{DUMPS[0].name}")  # a new dump (its slug taken: a failure)
    shutil.copy2(fixtures()[5].path, dumps / fixtures()[5].path.name)
    read: list[str] = []
    real_read, real_get = Path.read_bytes, convert.Cache.get

    def reading(path: Path) -> bytes:
        read.append(path.name)
        return real_read(path)

    def looking_up(cache: convert.Cache, key: str, part: int = 0) -> object:
        read.append(f"cache:{key[:8]}")
        return real_get(cache, key, part)

    monkeypatch.setattr(Path, "read_bytes", reading)
    monkeypatch.setattr(convert.Cache, "get", looking_up)
    again = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache, seen=seen)
    new = {changed.name, f"copy-{DUMPS[0].name}", fixtures()[5].path.name}
    assert {name for name in read if name.endswith((".txt", ".html"))} == new, read  # not the pages written
    assert len([name for name in read if name.startswith("cache:")]) <= len(new) + 1, read  # the new keys, and last-read
    monkeypatch.undo()
    fresh = convert_dir(dumps, tmp_path / "fresh", log=lambda line: None)
    assert [a.slug for a in again.articles] == [a.slug for a in fresh.articles]
    assert [str(f) for f in again.failures] == [str(f) for f in fresh.failures]
    assert {n: t for n, (_, t) in snapshot(out).items()} == {n: t for n, (_, t) in snapshot(tmp_path / "fresh").items()}


@pytest.mark.parametrize("same_process", [True, False], ids=["serve", "new process"])
def test_a_dump_changed_back_to_a_version_read_before_gets_its_pages_back(dumps: Path, tmp_path: Path, same_process: bool) -> None:
    """Both versions are cached and their pages have the same sizes (a typo fixed, then put back):
    the pages on disk are the other version's, and sizes cannot tell (seen under `make serve`)."""
    out, cache = tmp_path / "pages", tmp_path / "cache"
    dump = sorted(p for p in dumps.iterdir() if p.suffix == ".txt")[0]
    text = dump.read_text(encoding="utf-8-sig")
    typo = text.replace("の", "を", 1)  # one character for another of the same length in UTF-8
    assert typo != text
    seen = convert.Seen() if same_process else None
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache, seen=seen)
    first = {name: text for name, (_, text) in snapshot(out).items()}
    dump.write_text(typo, encoding="utf-8")
    convert_dir(dumps, out, log=lambda line: None, cache_dir=cache, seen=seen)
    assert {name: text for name, (_, text) in snapshot(out).items()} != first
    dump.write_text(text, encoding="utf-8")
    back = convert_dir(dumps, out, log=lambda line: None, cache_dir=cache, seen=seen)
    assert back.cached == len(DUMPS) and back.written >= 1
    assert {name: text for name, (_, text) in snapshot(out).items()} == first
