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
import json
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
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
    """Write `<out>/<lang>/` for each language of INDEX_LANGUAGE (an empty bundle if no page has
    it), the languages side by side: one Pagefind process each, each on its own core."""
    started = time.perf_counter()
    pages = list(pages)
    with ThreadPoolExecutor(len(INDEX_LANGUAGE)) as pool:
        reports = list(pool.map(lambda lang: write_language(lang, pages, out / lang), INDEX_LANGUAGE))
    return merged(reports, time.perf_counter() - started)


def write_language(lang: str, pages: Iterable[Page], target: Path) -> Report:
    """The bundle of one language's pages (the others in `pages` are skipped) at `target`."""
    if lang not in INDEX_LANGUAGE:
        raise ValueError(f"no search index for language {lang!r}")
    started = time.perf_counter()
    report = Report()
    found: list[dict[str, Any]] = []
    for page in pages:
        if page.lang != lang:
            continue
        records = _records(page)
        found.extend(records)
        report.pages[lang] += 1
        report.sections[lang] += len(records)
    asyncio.run(_write_one(lang, found, target))
    report.seconds = time.perf_counter() - started
    return report


def merged(reports: Iterable[Report], seconds: float) -> Report:
    total = Report(seconds=seconds)
    for report in reports:
        total.pages.update(report.pages)
        total.sections.update(report.sections)
    return total


def _records(page: Page) -> list[dict[str, Any]]:
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


async def _write_one(lang: str, found: list[dict[str, Any]], target: Path) -> None:
    async with _service() as service:
        index = await service.create_index({"force_language": INDEX_LANGUAGE[lang]})
        # Sent all at once: the service answers in turn, and a round trip per record would
        # make the Python side the bottleneck.
        await asyncio.gather(*(index.add_custom_record(**record) for record in found))
        shutil.rmtree(target, ignore_errors=True)
        await index.write_files(output_path=str(target))
    for pattern in _UNUSED:
        for unused in target.glob(pattern):
            unused.unlink()


def _service() -> Any:  # a PagefindService; the binary starts only when a build indexes
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
