"""Benchmark: does the revision diff (articles/revisions/diffs.py) stay linear on bad inputs?

Diffs each case's old and new body at a quarter of the body's maximum length and at the full
length, in ONE run, and prints the time of each and the ratio full/quarter: about 4 means
linear, 16 would mean quadratic. Cases: a realistic edit, a full rewrite, lines from a small
vocabulary (difflib's worst), one huge paragraph edited throughout, and one-character lines.

    .venv/bin/python tests/benchmarks/bench_revision_diff.py [--repeat 3]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings_test")

import django  # noqa: E402

django.setup()

from articles.markdown import BODY_MAX_LENGTH  # noqa: E402
from articles.revisions.diffs import diff_lines  # noqa: E402


def fill(length, make_line):
    lines, size, n = [], 0, 0
    while size < length:
        line = make_line(n)
        lines.append(line)
        size += len(line) + 1
        n += 1
    return "\n".join(lines)[:length]


def cases(length):
    rng = random.Random(12)
    words = [f"word{n}" for n in range(400)]

    def paragraph(n):
        return " ".join(rng.choice(words) for _ in range(90))

    article = fill(length, paragraph)
    edited = "\n".join(
        line.replace("word1", "WORD1", 1) if n % 3 == 0 else line
        for n, line in enumerate(article.split("\n"))
    )
    vocabulary = [f"line {n}" for n in range(60)]
    return {
        "edit every third paragraph": (article, edited),
        "full rewrite": (
            fill(length, lambda n: f"old line {n} {rng.random()}"),
            fill(length, lambda n: f"new line {n} {rng.random()}"),
        ),
        "lines from a small vocabulary": (
            fill(length, lambda n: rng.choice(vocabulary)),
            fill(length, lambda n: rng.choice(vocabulary)),
        ),
        "one huge paragraph, words changed": (
            article.replace("\n", " "),
            edited.replace("\n", " "),
        ),
        "one-character lines": (
            fill(length, lambda n: rng.choice("ab")),
            fill(length, lambda n: rng.choice("ab")),
        ),
    }


def best_time(old, new, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        diff_lines(old, new)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    args = parser.parse_args()
    quarter, full = cases(BODY_MAX_LENGTH // 4), cases(BODY_MAX_LENGTH)
    print(f"{'case':36} {'1/4 ms':>8} {'full ms':>8} {'ratio':>6}")
    worst = (0, "")
    for name, (old, new) in full.items():
        small = best_time(*quarter[name], args.repeat)
        large = best_time(old, new, args.repeat)
        worst = max(worst, (large, name))
        print(f"{name:36} {small * 1000:8.1f} {large * 1000:8.1f} {large / small:6.1f}")
    print(f"Slowest at {BODY_MAX_LENGTH:,} characters: {worst[1]}, {worst[0] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
