"""The build hook's workaround for mkdocs-static-i18n's search-index merge: the same entries
dropped as the plugin's own comparison of every entry with every other, in one pass."""

from __future__ import annotations

import importlib.util
import random
from types import SimpleNamespace

from conftest import ROOT
from mkdocs_static_i18n.reconfigure import ExtendedPlugin

_spec = importlib.util.spec_from_file_location("taiyaku_site_under_test", ROOT / "hooks" / "taiyaku_site.py")
assert _spec is not None and _spec.loader is not None
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

LANGUAGES = ["ja", "en"]


def entries(seed: int) -> list[dict]:
    """Default-language entries first, then the other language's (the order the builds run in),
    some of them repeating a default entry: same title and text, at en/<its location>."""
    rng = random.Random(seed)
    default = [
        {"location": f"articles/a{i}/" + rng.choice(["", "#s1", "#s2"]), "title": rng.choice("TUV"), "text": rng.choice("xyz")}
        for i in range(40)
    ]
    other = []
    for entry in default:
        if rng.random() < 0.5:
            other.append({**entry, "location": "en/" + entry["location"]})
        if rng.random() < 0.3:
            other.append({**entry, "location": "en/" + entry["location"], "text": entry["text"] + "!"})
    other += [{"location": f"en/articles/b{i}/", "title": rng.choice("TUV"), "text": rng.choice("xyz")} for i in range(10)]
    return default + other


def test_the_one_pass_dedup_drops_what_the_plugin_drops() -> None:
    for seed in range(20):
        theirs, ours = entries(seed), entries(seed)
        ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=LANGUAGES), theirs)
        hook._drop_repeated_entries(ours, LANGUAGES)
        assert ours == theirs
        assert len(ours) < len(entries(seed))
