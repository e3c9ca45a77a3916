"""taiyaku.focus: what a focused rebuild under `mkdocs serve` hands MkDocs, and what it keeps of the
last build (test_serve checks the served site against clean builds)."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from taiyaku import focus


def _tree(root: Path, pages: dict[str, str]) -> Path:
    for rel, text in pages.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_walk_key_is_the_order_of_mkdocs_file_list(tmp_path: Path) -> None:
    names = [
        "index.ja.md", "index.en.md", "README.md", "b.ja.md", "a.ja.md", "a-b.ja.md", "a/taiyaku.ja.md",
        "a/index.md", "a-b/taiyaku.ja.md", "page/2.ja.md", "page/10.ja.md", "tags/x/index.ja.md", "tags/x/page/2.ja.md",
    ]  # fmt: skip
    docs = _tree(tmp_path / "docs", dict.fromkeys(names, "# t\n"))
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"))
    listed = [f.src_uri for f in get_files(config)]
    assert listed == sorted(names, key=focus.walk_key)
    # A folder's files before its subfolders; a folder before a longer name it begins.
    assert listed.index("b.ja.md") < listed.index("a/taiyaku.ja.md") < listed.index("a-b/taiyaku.ja.md")


def test_plan_adds_other_languages_homes_and_link_targets(tmp_path: Path) -> None:
    docs = _tree(
        tmp_path,
        {
            "index.ja.md": "[new](<articles/new.ja.md>) [old](articles/old.ja.md)\n",
            "index.en.md": "[new](<articles/new.en.md>)\n",
            "articles/new.ja.md": "[対訳](<new/taiyaku.ja.md#top>)\n",
            "articles/new.en.md": "[side by side](<new/taiyaku.en.md>)\n",
            "articles/new/taiyaku.ja.md": "x\n",
            "articles/new/taiyaku.en.md": "x\n",
            "articles/old.ja.md": "[far](<far.ja.md>)\n",
            "articles/old.en.md": "x\n",
            "articles/far.ja.md": "x\n",
            "articles/untouched.ja.md": "x\n",
        },
    )
    plan = focus.plan(docs, ["articles/new.ja.md", "index.ja.md", "articles/gone.ja.md", "articles/gone.en.md"])
    assert plan.removed == {"articles/gone.ja.md", "articles/gone.en.md"}
    assert plan.pages == {
        "index.ja.md", "index.en.md",  # the homes, always
        "articles/new.ja.md", "articles/new.en.md",  # changed, and its other language
        "articles/new/taiyaku.ja.md", "articles/new/taiyaku.en.md",  # linked, with an #anchor
        "articles/old.ja.md", "articles/old.en.md",  # linked from a home, and its other language
    }  # fmt: skip
    # Not the pages that only linked pages link to (MkDocs renders none of those).
    assert "articles/far.ja.md" not in plan.pages


def test_shadow_links_the_pages_and_the_sites_own_files(tmp_path: Path) -> None:
    docs = _tree(tmp_path / "docs", {"articles/a.ja.md": "a", "articles/b.ja.md": "b", "stylesheets/s.css": "s", "extra.md": "e"})
    into = tmp_path / "shadow"
    _tree(into, {"articles/stale.ja.md": "from the last rebuild"})
    focus.shadow(docs, ["articles/a.ja.md"], into)
    found = sorted(Path(at, name).relative_to(into).as_posix() for at, _, names in os.walk(into, followlinks=True) for name in names)
    assert found == ["articles/a.ja.md", "extra.md", "stylesheets/s.css"]
    assert (into / "articles/a.ja.md").resolve() == (docs / "articles/a.ja.md").resolve()


def test_merge_sitemap_keeps_the_rest_of_the_last_one() -> None:
    def sitemap(*entries: tuple[str, str]) -> str:
        urls = "".join(f"\n    <url>\n        <loc>{loc}</loc>\n        <lastmod>{day}</lastmod>\n    </url>" for loc, day in entries)
        return f'<?xml version="1.0"?>\n<urlset xmlns="x">{urls}\n</urlset>'

    old = sitemap(("https://s/a/", "1"), ("https://s/b/", "1"), ("https://s/c/", "1"))
    new = sitemap(("https://s/b/", "2"), ("https://s/d/", "2"))
    merged = focus.merge_sitemap(old, new, {"https://s/c/"})
    assert merged == sitemap(("https://s/a/", "1"), ("https://s/b/", "2"), ("https://s/d/", "2"))
    assert focus.merge_sitemap(old, "not a sitemap", []) == "not a sitemap"
