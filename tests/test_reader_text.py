"""The text reader: decoding, errors, and the 'nothing lost' property over generated dumps."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taiyaku.errors import DumpError
from taiyaku.model import Article, Heading, Paragraph
from taiyaku.readers import frontmatter, labels
from taiyaku.readers import text as text_reader
from variants import LABELS, body_lines, model_lines

FIXTURES = FIXTURES_DIR
SEED = FIXTURES / "000_281aa099ef16cdce.txt"


def write(tmp_path: Path, data: bytes, name: str = "dump.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- decoding -------------------------------------------------------------------------------


def test_shift_jis_export_reads_like_utf8(tmp_path: Path) -> None:
    # The seed holds '⧉', which Shift_JIS cannot encode; this fixture is all cp932 characters.
    utf8 = FIXTURES / "2026-11-05-chip-export-rules.txt"
    sjis = write(tmp_path, utf8.read_text(encoding="utf-8").encode("cp932"), utf8.name)
    assert text_reader.read(sjis) == _with_path(text_reader.read(utf8), sjis)


def test_bom_crlf_and_trailing_space_are_invisible(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    noisy = "\ufeff" + "\r\n".join(line + " \t" for line in text.split("\n"))
    path = write(tmp_path, noisy.encode("utf-8"), SEED.name)
    assert text_reader.read(path) == _with_path(text_reader.read(SEED), path)


def _with_path(article: Article, path: Path) -> Article:
    import dataclasses

    return dataclasses.replace(article, path=str(path))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b" \n\r\n\t\n", "the file is empty"),
        (b"\xff\xfe\x00\x00garbage\x81", "cannot be decoded"),
        (b"\x00\x01\x02binary", "cannot be decoded"),
        ("タイトルだけ\n".encode(), "stops before its body"),
        ("タイトル\nリード\nキーポイント\n要点\n本文\n原文を表示\nThe original.\n".encode(), "no Japanese body"),
        ("---\ntitle_en: x\nタイトル\n".encode(), "never closed"),
        ("---\n: : [\n---\nタイトル\nリード\n本文\n".encode(), "not valid YAML"),
        ("---\n- a\n- b\n---\nタイトル\nリード\n本文\n".encode(), "must be a mapping"),
        ("---\npublished: soon\n---\nタイトル\nリード\n本文\n".encode(), "'published' is not a date"),
        ("---\nslug: ../etc\n---\nタイトル\nリード\n本文\n".encode(), "is not usable in a URL"),
        ("キーポイント\n要点\n本文\n".encode(), "no title and lede"),
        (f"---\nslug: {'a' * 300}\n---\nタイトル\nリード\n本文\n".encode(), "too long for a file name"),
    ],
)
def test_bad_dump_is_one_clear_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(DumpError) as caught:
        text_reader.read(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in str(caught.value)


def test_labels_inside_text_are_text(tmp_path: Path) -> None:
    dump = "\n".join(
        [
            "題",
            "リード",
            labels.KEY_POINTS,
            "要点の題",
            "この要点は影響分析と編集コメントに触れる。",
            labels.ANALYSIS_TOGGLE,
            labels.IMPACT,
            "影響分析は原文を表示する前に読む。",
            "本文一行目、キーポイントという語を含む。",
        ]
    )
    article = text_reader.read(write(tmp_path, dump.encode()))
    assert article.key_points[0].body == "この要点は影響分析と編集コメントに触れる。"
    assert article.impact == "影響分析は原文を表示する前に読む。"
    assert [b.text for b in article.ja.blocks if isinstance(b, Paragraph)] == ["本文一行目、キーポイントという語を含む。"]
    assert article.en is None


# --- nothing lost -----------------------------------------------------------------------------

# Text an editor might type on one line: any printable character, Markdown and HTML syntax
# included, but not a whole-line label (a label line is structure, by definition).
STRUCTURE_LINES = {*LABELS, "---", *labels.SITE_CHROME}
ALPHABET = st.sampled_from(
    list(string.ascii_letters + string.digits + string.punctuation + " ")
    + list("あいう日本語モデル福祉。、「」　😀")
)
LINE = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(lambda s: s and s not in STRUCTURE_LINES)
# Sentences end like sentences, so a generated body is never mistaken for a cut excerpt;
# that is a separate rule with its own fixtures.
SENTENCE = LINE.map(lambda s: s + "。")
# A Japanese body's paragraph holds some Japanese (a run of lines with none after the body is
# read as an English original whose label was lost).
JA_SENTENCE = LINE.map(lambda s: "文" + s + "。")


@st.composite
def dumps(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A dump and its content lines (everything but labels, blank lines and site chrome)."""
    content: list[str] = []
    out: list[str] = []

    def put(line: str, is_content: bool = True) -> None:
        out.append(line)
        if is_content:
            content.append(line)

    put(draw(LINE))
    put(draw(SENTENCE))
    put(labels.KEY_POINTS, False)
    for _ in range(draw(st.integers(0, 4))):
        put(draw(LINE).rstrip("。") + "題")  # a key-point title: short, no sentence end
        put(draw(SENTENCE))
    has_original = draw(st.booleans())
    shape = draw(st.sampled_from(["none", "toggle+impact", "toggle+impact+editorial", "impact+editorial"]))
    if shape == "none" and not has_original:
        shape = "toggle+impact"  # without box or original nothing says where key points end
    if "toggle" in shape:
        put(labels.ANALYSIS_TOGGLE, False)
    if "impact" in shape:
        put(labels.IMPACT, False)
        put(draw(SENTENCE))
    if "editorial" in shape:
        put(labels.EDITORIAL, False)
        put(draw(SENTENCE))
    n_intro = draw(st.integers(1, 4))
    n_sections = draw(st.integers(0, 3))
    ja_intro = [draw(JA_SENTENCE) for _ in range(n_intro)]
    en_intro = [draw(SENTENCE) for _ in range(n_intro)]
    titles = [f"Section {k} {draw(LINE)}" for k in range(n_sections)]
    ja_toc = [f"節{k}{draw(LINE)}。" for k in range(n_sections)]
    ja_headings = [f"見出し{k}{draw(LINE)}" for k in range(n_sections)]
    paragraphs = [[draw(JA_SENTENCE) for _ in range(draw(st.integers(1, 3)))] for _ in range(n_sections)]
    for line in ja_intro:
        put(line)
    if n_sections:
        put("", False)
        put(labels.TOC_JA, False)
        for line in ja_toc:
            put(line)
        for heading, paras in zip(ja_headings, paragraphs):
            put(heading)
            for p in paras:
                put(p)
    if has_original:
        put(labels.ORIGINAL_TOGGLE, False)
        for line in en_intro:
            put(line)
        if n_sections:
            put("", False)
            put(labels.TOC_EN, False)
            for title in titles:
                put(title + ".")
            for title, paras in zip(titles, paragraphs):
                put(title)
                for p in paras:
                    put(p + " (en)")
    if draw(st.booleans()):
        for line in sorted(labels.SITE_CHROME):
            put(line, False)
    return "\n".join(out), content


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps())
def test_every_content_line_lands_in_exactly_one_place(dump: tuple[str, list[str]]) -> None:
    text, content = dump
    article = text_reader.parse(Path("generated.txt"), text)
    assert sorted(model_lines(article)) == sorted(content)


@settings(max_examples=200, deadline=None)
@given(dumps())
def test_generated_aligned_dumps_are_aligned(dump: tuple[str, list[str]]) -> None:
    article = text_reader.parse(Path("generated.txt"), dump[0])
    if article.en is not None:
        assert article.aligned, article.warnings
        assert len(article.ja.blocks) == len(article.en.blocks)
        assert [isinstance(b, Heading) for b in article.ja.blocks] == [isinstance(b, Heading) for b in article.en.blocks]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_an_article_or_our_error(text: str) -> None:
    try:
        text_reader.parse(Path("any.txt"), text)
    except DumpError as err:
        assert str(err).startswith("any.txt: ")


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_any_bytes_are_an_article_or_our_error(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "any.txt"
    path.write_bytes(data)
    try:
        text_reader.read(path)
    except DumpError as err:
        assert str(err).startswith(f"{path}: ")


# --- cut downloads (issue 14) -----------------------------------------------------------------

HEADER = ["題", "リード文。", labels.KEY_POINTS, "要点一", "要点一の本文。"]


@pytest.mark.parametrize(
    ("tail", "where"),
    [
        (["要点二"], "ends inside the key points (key point '要点二' has no body line)"),
        ([], "ends after the key points, before the Japanese body"),
        ([labels.ANALYSIS_TOGGLE], f"ends inside the analysis box ('{labels.ANALYSIS_TOGGLE}' has nothing after it)"),
        ([labels.ANALYSIS_TOGGLE, labels.IMPACT], f"ends inside the analysis box ('{labels.IMPACT}' has no paragraph)"),
        ([labels.IMPACT, "影響。", labels.EDITORIAL], f"ends inside the analysis box ('{labels.EDITORIAL}' has no"),
        ([labels.IMPACT, "影響。"], "ends after the analysis box, before the Japanese body"),
        ([labels.IMPACT, "影響。", "本文。", labels.ORIGINAL_TOGGLE], f"ends at '{labels.ORIGINAL_TOGGLE}'"),
    ],
)
def test_a_cut_download_is_a_problem_naming_where_it_ends(tmp_path: Path, tail: list[str], where: str) -> None:
    article = text_reader.read(write(tmp_path, "\n".join([*HEADER, *tail]).encode()))
    assert len(article.problems) == 1
    assert where in article.problems[0]
    assert article.truncated  # the page shows the excerpt notice


def test_an_orphan_key_point_title_stays_a_key_point(tmp_path: Path) -> None:
    article = text_reader.read(write(tmp_path, "\n".join([*HEADER, "要点二"]).encode()))
    assert [(k.title, k.body) for k in article.key_points] == [("要点一", "要点一の本文。"), ("要点二", "")]
    assert article.ja.blocks == ()


def test_a_whole_dump_has_no_problem(tmp_path: Path) -> None:
    article = text_reader.read(write(tmp_path, "\n".join([*HEADER, "本文の一段落目。", "二段落目。"]).encode()))
    assert article.problems == ()
    assert [b.text for b in article.ja.blocks if isinstance(b, Paragraph)] == ["本文の一段落目。", "二段落目。"]


def test_an_original_lost_after_its_label_is_a_problem_and_the_japanese_stays(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8").split("\n")
    toggle = text.index(labels.ORIGINAL_TOGGLE)
    article = text_reader.read(write(tmp_path, "\n".join(text[: toggle + 1]).encode(), SEED.name))
    whole = text_reader.read(SEED)
    assert article.en is None and article.key_points == whole.key_points
    assert sorted(body_lines(article.ja)) == sorted(body_lines(whole.ja))  # read alone, nothing lost
    assert len(article.problems) == 1 and labels.ORIGINAL_TOGGLE in article.problems[0]


# --- tables of contents that disagree (issue 14) ------------------------------------------------


@pytest.mark.parametrize("name", ["000_281aa099ef16cdce.txt", "2026-11-09-robotics-demo.txt", "2026-11-16-misaligned.txt"])
def test_a_japanese_toc_one_entry_short_swallows_no_heading(tmp_path: Path, name: str) -> None:
    source = FIXTURES / name
    lines = source.read_text(encoding="utf-8").split("\n")
    del lines[lines.index(labels.TOC_JA) + 2]  # the table's second entry
    article = text_reader.read(write(tmp_path, "\n".join(lines).encode(), name))
    whole = text_reader.read(source)
    assert article.ja.blocks == whole.ja.blocks  # every heading and paragraph where it was
    assert article.ja.toc is not None and whole.ja.toc is not None
    assert [e.text for e in article.ja.toc] == [e.text for k, e in enumerate(whole.ja.toc) if k != 1]
    assert article.aligned == whole.aligned
    assert [w for w in article.warnings if "tables of contents disagree" in w] == [
        f"the tables of contents disagree: the Japanese one has {len(whole.ja.toc) - 1} entries, "
        f"the English one {len(whole.ja.toc)}; each is kept as written"
    ]


# --- front matter wrong in size (issue 14) ------------------------------------------------------


def _with_front_matter(tmp_path: Path, front: str) -> Article:
    return text_reader.read(write(tmp_path, f"---\n{front}\n---\n題\nリード。\n本文。\n".encode()))


def test_tags_past_the_limit_are_dropped_with_a_problem(tmp_path: Path) -> None:
    tags = [f"t{k}" for k in range(3000)]
    article = _with_front_matter(tmp_path, f"tags: [{', '.join(tags)}]")
    assert article.metadata.tags == tuple(tags[: frontmatter.MAX_TAGS])
    assert article.problems == (f"front matter 'tags' lists 3,000 items: only the first {frontmatter.MAX_TAGS} are kept",)


def test_comma_separated_tags_are_bounded_too(tmp_path: Path) -> None:
    article = _with_front_matter(tmp_path, "tags: " + ", ".join(f"t{k}" for k in range(100)))
    assert len(article.metadata.tags) == frontmatter.MAX_TAGS
    assert any("only the first" in p for p in article.problems)


def test_a_long_tag_is_cut_to_a_folder_name(tmp_path: Path) -> None:
    article = _with_front_matter(tmp_path, f"tags: [{'長' * 200}, short]")
    assert article.metadata.tags == ("長" * frontmatter.MAX_TAG_CHARS, "short")
    assert len(article.problems) == 1 and "longer than" in article.problems[0]


def test_a_huge_value_and_title_are_cut(tmp_path: Path) -> None:
    huge = "x" * 2_000_000
    article = text_reader.read(write(tmp_path, f"---\ntitle_en: {huge}\n---\n{'題' * 1000}\nリード。\n本文。\n".encode()))
    assert article.title_en == "x" * frontmatter.MAX_VALUE_CHARS
    assert article.title_ja == "題" * frontmatter.MAX_VALUE_CHARS
    assert article.problems == (
        "front matter 'title_en' is 2,000,000 characters long: cut to its first 500",
        "the title is 1,000 characters long: cut to its first 500",
    )
