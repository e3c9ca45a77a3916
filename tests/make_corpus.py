#!/usr/bin/env python3
"""Write N raw article dumps for benchmarks, made from the text fixtures.

usage: make_corpus.py N OUT_DIR [--seed S]

Each dump is one of the text fixtures (chosen in turn, so the size mix stays that of the
fixtures: about one long essay in nine), given front matter with its own slug, date and
English title, and made distinct: every article gets its own invented company, product and
person names spliced into its title, lede and a share of its longer paragraphs (never labels, headings or key-point titles, so the
structure and the line alignment of each dump stay as they were), so that the word
vocabulary keeps growing with N as it does in a real archive. Deterministic for a given seed.
"""
import argparse
import datetime
import random
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dumps"
KANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン"
LATIN = "bcdfghjklmnprstvz"
VOWELS = "aeiou"


def latin_name(rng: random.Random) -> str:
    syllables = rng.randint(2, 4)
    return "".join(rng.choice(LATIN) + rng.choice(VOWELS) for _ in range(syllables)).capitalize()


def kana_name(rng: random.Random) -> str:
    return "".join(rng.choice(KANA) for _ in range(rng.randint(3, 6)))


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5:]
    return text


def make_one(source: str, index: int, rng: random.Random, day: datetime.date) -> str:
    text = strip_front_matter(source.replace("\r\n", "\n").lstrip("\ufeff"))
    lines = text.split("\n")
    en_name, ja_name, product = latin_name(rng), kana_name(rng), latin_name(rng) + "-" + str(rng.randint(2, 9))
    out = []
    for i, line in enumerate(lines):
        if i == 0:
            line = f"{ja_name}社の{product}: {line}"
        elif len(line) > 80 and rng.random() < 0.3:
            if re.search(r"[ぁ-んァ-ヶ一-龠]", line):
                line = f"{line} {ja_name}社の{product}についても同様だ。"
            else:
                line = f"{line} The same holds for {en_name}'s {product}."
        out.append(line)
    front = [
        "---",
        f"slug: bench-{index:06d}",
        f"title_en: {en_name} {product} and the state of things, part {index}",
        f"source: https://example.com/bench/{index}",
        f"published: {day.isoformat()}",
        f"tags: [bench, t{index % 17}]",
        "---",
    ]
    return "\n".join(front + out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sources = [p.read_text(encoding="utf-8-sig") for p in sorted(FIXTURES.glob("*.txt"))]
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2020, 1, 1)
    for i in range(args.n):
        day = start + datetime.timedelta(days=i // 5)
        dump = make_one(sources[i % len(sources)], i, rng, day)
        (args.out / f"bench-{i:06d}.txt").write_text(dump, encoding="utf-8")
    print(f"wrote {args.n} dumps to {args.out}")


if __name__ == "__main__":
    main()
