"""Benchmark: is article Markdown rendering linear on the worst inputs we know?

Renders each pathological case (tests/articles/pathological_markdown.py: CommonMark's
pathological tests, an outside test's inputs, our own shapes) at a quarter of the body's
maximum length and at the full length, in ONE run, and prints the time of each, its cost per
KB, and the ratio full/quarter: about 4 means linear, 16 would mean quadratic. The last lines
give the worst time per KB and the worst full-length render.

    .venv/bin/python tests/benchmarks/bench_markdown.py [--repeat 3]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from articles.markdown import BODY_MAX_LENGTH, render_markdown  # noqa: E402
from tests.articles.pathological_markdown import pathological_cases  # noqa: E402


def best_time(text, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render_markdown(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (best is kept)")
    args = parser.parse_args()
    quarter, full = pathological_cases(BODY_MAX_LENGTH // 4), pathological_cases(BODY_MAX_LENGTH)
    print(f"{'case':38} {'1/4 ms':>8} {'full ms':>8} {'ms/KB':>6} {'ratio':>6}")
    worst_per_kb, worst_full = (0, ""), (0, "")
    for name, text in full.items():
        small = best_time(quarter[name], args.repeat)
        large = best_time(text, args.repeat)
        per_kb = large * 1000 / (len(text) / 1000)
        ratio = large / small if small > 0.0005 else float("nan")
        print(f"{name:38} {small * 1000:8.1f} {large * 1000:8.1f} {per_kb:6.2f} {ratio:6.1f}")
        worst_per_kb = max(worst_per_kb, (per_kb, name))
        worst_full = max(worst_full, (large, name))
    print(f"worst time per KB: {worst_per_kb[0]:.2f} ms ({worst_per_kb[1]})")
    print(
        f"worst full-length render ({BODY_MAX_LENGTH:,} characters): "
        f"{worst_full[0] * 1000:.0f} ms ({worst_full[1]})"
    )


if __name__ == "__main__":
    main()
