"""Every article's sections written as Pagefind bundles, one per language (`<out>/ja/`, `<out>/en/`).

One bundle per language, not one bundle with two language indexes, because the browser searches
each with its own Pagefind instance: the page's language by default, both when the reader widens
the search, and each instance with its own settings (English stems, Japanese is tokens).

Records, not HTML files: one per section, so a result opens at its section and the fragment the
browser loads for it is that section, not the whole article. Japanese records hold
`tokens.index_text` (character pairs) and are filed under the language code `zxx` ("no
linguistic content"), so Pagefind neither runs its Japanese segmenter on them (Lindera: most of
its indexing time, and the cause of pagefind#1237) nor stems them. Titles and headings travel as meta, as written.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import shutil
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taiyaku.search.sections import sections
from taiyaku.search.tokens import index_text, normalize

INDEX_LANGUAGE = {"ja": "zxx", "en": "en"}
"""The language code each bundle's records are filed under in Pagefind."""

# Pagefind's prebuilt UIs: the site has its own (overrides/partials/taiyaku-search.html).
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


@dataclass(frozen=True)
class Page:
    lang: str
    """The language of the page (a key of INDEX_LANGUAGE)."""
    url: str
    """Relative to the site root, as MkDocs gives it: `articles/x/`, `en/articles/x/`."""
    title: str
    html: str
    """The rendered article content, without the theme's navigation, header and footer."""


@dataclass
class Report:
    pages: Counter[str] = field(default_factory=Counter)
    sections: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{lang} {self.pages[lang]} pages ({self.sections[lang]} sections)" for lang in sorted(self.pages))
        return f"taiyaku search index: {counts or 'no pages'}; {self.seconds:.2f} s"


def write(pages: Iterable[Page], out: Path) -> Report:
    """Write `<out>/<lang>/` for each language of INDEX_LANGUAGE (an empty bundle if no page has it)."""
    indexer = Indexer(out)
    for page in pages:
        indexer.add(page)
    return indexer.finish()


class Indexer:
    """Bundles written while the site is still being rendered.

    Each added page's records go at once to a Pagefind process of its language, driven from a
    thread of its own: Pagefind indexes on the second core while MkDocs renders on the first, and
    `finish` has only the bundles' files left to write. Used by the site hook; `write` is the
    same in one call.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.report = Report()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._indexes: dict[str, asyncio.Future[Any]] = {}
        self._services: list[Any] = []
        self._pending: list[concurrent.futures.Future[None]] = []

    def add(self, page: Page) -> None:
        if page.lang not in INDEX_LANGUAGE:
            raise ValueError(f"{page.url}: no search index for language {page.lang!r}")
        self._pending.append(asyncio.run_coroutine_threadsafe(self._add(page), self._loop))

    def finish(self) -> Report:
        """Write every language's bundle (an empty one for a language with no page); wait for it.
        The report's seconds are this wait: what indexing adds to the build."""
        waited_from = time.perf_counter()
        try:
            for pending in self._pending:
                pending.result()
            asyncio.run_coroutine_threadsafe(self._write_all(), self._loop).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
        self.report.seconds = time.perf_counter() - waited_from
        return self.report

    async def _add(self, page: Page) -> None:
        records = _records(page)
        self.report.pages[page.lang] += 1
        self.report.sections[page.lang] += len(records)
        index = await self._index(page.lang)
        await asyncio.gather(*(index.add_custom_record(**record) for record in records))

    async def _index(self, lang: str) -> Any:
        if lang not in self._indexes:  # no await before this: one index per language
            self._indexes[lang] = asyncio.ensure_future(self._open(lang))
        return await self._indexes[lang]

    async def _open(self, lang: str) -> Any:
        service = await _service().launch()
        self._services.append(service)
        return await service.create_index({"force_language": INDEX_LANGUAGE[lang]})

    async def _write_all(self) -> None:
        async def write_one(lang: str) -> None:
            index = await self._index(lang)
            target = self.out / lang
            shutil.rmtree(target, ignore_errors=True)
            await index.write_files(output_path=str(target))
            for pattern in _UNUSED:
                for unused in target.glob(pattern):
                    unused.unlink()

        try:
            await asyncio.gather(*(write_one(lang) for lang in INDEX_LANGUAGE))
        finally:
            await asyncio.gather(*(service.close() for service in self._services))


def _records(page: Page) -> list[dict]:
    title = normalize(page.title).strip()
    found = []
    for section in sections(page.html):
        text = normalize(section.text)
        found.append(
            {
                "url": page.url + (f"#{section.anchor}" if section.anchor else ""),
                "content": index_text(text) if page.lang == "ja" else text,
                "language": INDEX_LANGUAGE[page.lang],
                "meta": {"title": title, "section": normalize(section.heading), "lang": page.lang},
            }
        )
    return found


def _service():  # -> PagefindService; the binary starts only when a build indexes
    from pagefind.service import PagefindService

    class Service(PagefindService):
        # Hack: pagefind 1.5.2's Python service sleeps 0.1 s before reading each response
        # (PagefindService._wait_for_responses), so 10,000 records took 1,000 s. The same loop
        # without the sleep: readuntil() already waits for the next response.
        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            while True:
                response = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
                if not response:
                    continue
                payload = response["payload"]
                message_id = response.get("message_id")
                if message_id is None and payload.get("original_message"):  # a message it could not parse
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(f"pagefind: {payload.get('message')}"))
                else:
                    future.set_result(payload)

    return Service()
