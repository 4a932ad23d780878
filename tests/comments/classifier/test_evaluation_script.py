"""`make moderation-eval` runs on a fresh checkout: the evaluation script, on a small corpus,
replays it through each policy in its own throwaway database and prints the figures."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_evaluation_script_prints_figures_for_every_policy():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    finished = subprocess.run(  # noqa: S603 (this checkout's own script)
        [
            sys.executable,
            str(ROOT / "tests/benchmarks/bench_spam_classifier.py"),
            "--size",
            "300",
            "--decisions",
            "60",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-2000:]
    output = finished.stdout
    assert "1. Cross-validation" in output and "2. Replay" in output
    rows = dict(
        re.findall(r"^\s+(pre|post|auto)\s+\|\s+\d+\s+\|\s+([\d.]+)%", output, re.MULTILINE)
    )
    assert set(rows) == {"pre", "post", "auto"}
    # Pre-moderation publishes no newcomer's spam; every figure is a percentage.
    assert float(rows["pre"]) == 100.0
    assert all(0 <= float(value) <= 100 for value in rows.values())
