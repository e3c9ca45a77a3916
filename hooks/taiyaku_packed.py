"""MkDocs glue: each page's HTML is held compressed between its Markdown render and its template.

MkDocs renders the Markdown of every page of a build before it renders the first template
(`_populate_page`, then `_build_page`), so the HTML of all of them is in memory at once: in a
full build at 10,000 articles, a few hundred MB in each of the two rendering processes, at the
moment the Japanese search indexer makes its index (the build's peak, all processes together).
zlib's fastest level keeps 40 % of it (bench pages: Japanese compresses less than English), for
0.4 ms a page, compressing and decompressing.
"""

from __future__ import annotations

import zlib
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

_PACKED = "taiyaku_packed"
"""The Page attribute that holds its HTML, compressed, until its template is rendered."""


@event_priority(-1000)  # the last: every other hook (search, side-by-side rows) saw the HTML as it is
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: object) -> str:
    setattr(page, _PACKED, zlib.compress(html.encode("utf-8"), 1))
    return ""  # MkDocs keeps what a hook returns, unless it is None


@event_priority(1000)  # the first: every other hook and the template see the HTML
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: object) -> dict[str, Any]:
    packed = getattr(page, _PACKED, None)
    if packed is not None:
        page.content = zlib.decompress(packed).decode("utf-8")
        delattr(page, _PACKED)
    return context
