"""The text reader: decoding, errors, and the 'nothing lost' property over generated dumps."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from conftest import FIXTURES_DIR
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from taiyaku.errors import DumpError
from taiyaku.model import Article, Body, Heading, Paragraph
from taiyaku.readers import labels
from taiyaku.readers import text as text_reader

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
STRUCTURE_LINES = {
    labels.KEY_POINTS,
    labels.ANALYSIS_TOGGLE,
    labels.IMPACT,
    labels.EDITORIAL,
    labels.ORIGINAL_TOGGLE,
    labels.TOC_JA,
    labels.TOC_EN,
    "---",
    *labels.SITE_CHROME,
}
ALPHABET = st.sampled_from(
    list(string.ascii_letters + string.digits + string.punctuation + " ")
    + list("あいう日本語モデル福祉。、「」　😀")
)
LINE = st.text(ALPHABET, min_size=1, max_size=40).map(str.strip).filter(lambda s: s and s not in STRUCTURE_LINES)
# Sentences end like sentences, so a generated body is never mistaken for a cut excerpt;
# that is a separate rule with its own fixtures.
SENTENCE = LINE.map(lambda s: s + "。")


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
    ja_intro = [draw(SENTENCE) for _ in range(n_intro)]
    en_intro = [draw(SENTENCE) for _ in range(n_intro)]
    titles = [f"Section {k} {draw(LINE)}" for k in range(n_sections)]
    ja_toc = [f"節{k}{draw(LINE)}。" for k in range(n_sections)]
    ja_headings = [f"見出し{k}{draw(LINE)}" for k in range(n_sections)]
    paragraphs = [[draw(SENTENCE) for _ in range(draw(st.integers(1, 3)))] for _ in range(n_sections)]
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


def model_lines(article: Article) -> list[str]:
    lines = [article.title_ja, article.lede]
    for point in article.key_points:
        lines += [point.title, point.body]
    for commentary in (article.impact, article.editorial):
        lines += commentary.split("\n") if commentary else []
    for body in (article.ja, article.en):
        lines += body_lines(body)
    return lines


def body_lines(body: Body | None) -> list[str]:
    if body is None:
        return []
    lines = [entry.text for entry in body.toc or ()]
    for block in body.blocks:
        assert isinstance(block, (Paragraph, Heading))
        lines.append(block.text)
    return lines


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
