"""Writers: an Article to the Markdown of its pages, one pure function per page language.

No MkDocs and no I/O here: the site glue decides where pages go and what links to what.
"""

from __future__ import annotations

from taiyaku.writers.en import en_page
from taiyaku.writers.ja import ja_page

__all__ = ["en_page", "ja_page"]
