"""The search index updated in place (`index.update`, what an incremental build runs) against the
index written from nothing (`index.write`): after each change to the articles (one added in the
middle and one at the end, one's text changed, one removed, a file of the index damaged, all removed), the
folder must hold the clean index's files, byte for byte, and nothing else.

Lists are cut short (TOP_K of a few sections), so that their rest pages change too.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import Build
from search_reference import documents
from taiyaku.search import index
from taiyaku.search.index import Document, Pairs, Prepared, Stamps, Vocabulary, prepare, update, write


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


class _Incremental:
    """An index kept up to date as a build's indexer keeps it: articles prepared once, by URL."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.vocabulary = folder, Vocabulary()
        self.prepared: dict[str, Prepared] = {}
        self.stamps: Stamps = {}
        self.pairs: Pairs = {}

    def update(self, docs: list[Document], changed: set[str]) -> int:
        """Index `docs`, preparing only those new or in `changed`; returns how many files were written."""
        self.prepared = {
            doc.url: self.prepared[doc.url] if doc.url in self.prepared and doc.url not in changed else prepare(doc, self.vocabulary)
            for doc in docs
        }
        before = dict(self.stamps)
        update(list(self.prepared.values()), self.vocabulary, self.folder, self.stamps, self.pairs)
        return sum(1 for name, stamp in self.stamps.items() if before.get(name) != stamp)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_updated_index_is_the_clean_one(built_site: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setattr(index, "TOP_K", 4)  # every list of more than 4 sections is cut
    monkeypatch.setattr(index, "PAGE_GROWTH", 2)  # and its rest comes in several pages
    docs = documents(built_site.site / "search" / lang)
    assert len(docs) >= 6
    incremental = _Incremental(tmp_path / "incremental")

    def check(step: str, now: list[Document], changed: set[str] | None = None) -> int:
        written = incremental.update(now, changed or set())
        write(now, tmp_path / step)
        assert _files(incremental.folder) == _files(tmp_path / step), step
        return written

    middle, last = docs[len(docs) // 2], docs[-1]
    check("all", docs)
    total = len(_files(incremental.folder))
    check("two fewer", [doc for doc in docs if doc not in (middle, last)])
    assert check("both back", docs) < total  # the articles before the middle one kept their files
    assert check("the same", docs) == 0
    end = middle.sections[-1]
    edited = dataclasses.replace(middle, sections=[*middle.sections[:-1], dataclasses.replace(end, text=end.text + " 追記 addendum")])
    check("one changed", [edited if doc is middle else doc for doc in docs], {middle.url})
    check("one removed", [doc for doc in docs if doc is not middle])
    (incremental.folder / "f" / "0-0.jz").unlink()  # damaged meanwhile: made again
    (incremental.folder / "c" / "0.jz").write_bytes(b"x")
    (incremental.folder / "r" / "stray.jz").write_bytes(b"x")
    check("repaired", [doc for doc in docs if doc is not middle])
    check("none", [])
