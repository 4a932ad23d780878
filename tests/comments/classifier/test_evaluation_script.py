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


def test_labelled_corpora_are_read_in_both_common_formats_in_time_order(tmp_path):
    from tests.comments.spam_corpus import read_labelled

    videos = tmp_path / "video.csv"
    videos.write_text(
        "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n"
        'a1,Mia,2014-01-02T10:00:00,"Great song, takes me back",0\n'
        'a2,Promo Bot,2013-12-30T08:00:00,"Check out my channel, subscribe!",1\n'
        'a3,,2014-01-01T09:00:00,"",1\n'  # empty text: left out
        'a4,Leo,,"No date on this one",0\n',
        encoding="utf-8",
    )
    messages = tmp_path / "SMSSpamCollection"
    messages.write_text(
        "ham\tSee you at the station at six\nspam\tWINNER!! Claim your prize now\n",
        encoding="utf-8",
    )
    samples = read_labelled([videos, messages])
    assert [(s.text[:12], s.is_spam) for s in samples] == [
        ("Check out my", True),
        ("Great song, ", False),
        ("No date on t", False),
        ("See you at t", False),
        ("WINNER!! Cla", True),
    ]
    assert samples[1].name == "Mia"
    assert len({s.email for s in samples}) == len({s.ip_address for s in samples}) == 5
    assert all(20 <= s.seconds_to_post <= 600 for s in samples)
