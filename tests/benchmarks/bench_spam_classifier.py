"""Benchmark: how the moderation policies treat spam and legitimate comments, with the spam
classifier learning from a simulated moderator.

The corpus is SYNTHETIC (tests/comments/spam_corpus.py: templates written for this project,
seeded), not real public comments: the figures show the machinery works and how the
thresholds trade spam held against legitimate comments held; they are not the issue's
real-corpus targets, and a real newsroom's spam is harder.

1. Cross-validation: the classifier is trained on the first half of the corpus (as
   moderators' decisions) and scores the second half; for each pair of `auto` thresholds it
   prints spam held or marked %, legitimate held %, legitimate published %, plus the scoring
   time per comment.
2. Replay: in a throwaway SQLite database, the corpus is posted in order through the real
   posting path (`comment_create`: rate limits, duplicates, links, timing, the policy) under
   each policy. A simulated moderator approves or marks as spam (by the true label) the
   first --decisions comments that reach the queue, through the real moderation services,
   which the classifier learns from; legitimate readers confirm their email. For the
   comments posted after the last decision it prints the outcome by policy and the
   confusion matrix. The replay packs weeks into seconds, so the rate limits are raised.

    .venv/bin/python tests/benchmarks/bench_spam_classifier.py [--size 2000] [--decisions 300]
    .venv/bin/python tests/benchmarks/bench_spam_classifier.py --corpus Youtube0*.csv

With --corpus, the comments come from labelled files instead (e.g. the UCI YouTube or SMS
Spam Collections, which the project does not ship): each is posted by a reader of its own, a
human's time after the form was served, in the files' time order when they date comments.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

THRESHOLDS = [
    (0.1, 0.9),
    (0.2, 0.9),
    (0.3, 0.9),
    (0.4, 0.9),
    (0.5, 0.9),
    (0.6, 0.9),
    (0.5, 0.8),
    (0.5, 0.95),
]


def percent(part, whole):
    return f"{100 * part / whole:5.1f}%" if whole else "   n/a"


def cross_validate(samples):
    from comments.classifier import estimator as nb
    from comments.classifier.features import signal_tokens, vectorize

    def signals(sample):
        return signal_tokens(
            text=sample.text, name=sample.name, seconds_to_post=sample.seconds_to_post
        )

    half = len(samples) // 2
    train, test = samples[:half], samples[half:]
    model = nb.empty_estimator()
    features = vectorize([s.text for s in train], [signals(s) for s in train])
    labels = [nb.SPAM if s.is_spam else nb.LEGITIMATE for s in train]
    nb.learn(model, features, labels, [1] * len(train))
    timings, scores = [], []
    for sample in test:
        started = time.perf_counter()
        row = vectorize([sample.text], [signals(sample)])
        scores.append(float(nb.spam_probability(model, row)[0]))
        timings.append(time.perf_counter() - started)
    spam = [p for p, s in zip(scores, test, strict=True) if s.is_spam]
    legit = [p for p, s in zip(scores, test, strict=True) if not s.is_spam]
    print(f"\n1. Cross-validation: trained on {half} decisions, tested on {len(test)} "
          f"({len(spam)} spam, {len(legit)} legitimate)")  # fmt: skip
    timings.sort()
    print(f"   scoring: median {1000 * statistics.median(timings):.2f} ms, 99th percentile "
          f"{1000 * timings[int(len(timings) * 0.99)]:.2f} ms per comment")  # fmt: skip
    print(
        "   publish ≤  spam ≥ | spam held or marked | spam marked | legit held or marked "
        "| legit marked spam"
    )
    for publish, spam_at in THRESHOLDS:
        caught = percent(sum(p > publish for p in spam), len(spam))
        marked = percent(sum(p >= spam_at for p in spam), len(spam))
        held = percent(sum(p > publish for p in legit), len(legit))
        lost = percent(sum(p >= spam_at for p in legit), len(legit))
        print(f"   {publish:8.2f} {spam_at:6.2f} | {caught:>19} | {marked:>11} | {held:>20} "
              f"| {lost:>17}")  # fmt: skip


def replay(samples, policy, decisions_wanted):
    from django.core.management import call_command
    from django.test import override_settings

    from comments.classifier import store
    from comments.models import Comment, Commenter
    from comments.moderation import comment_approve, comment_mark_spam
    from comments.services import (
        Client,
        CommentRefused,
        Submission,
        comment_create,
        commenter_confirm_email,
    )
    from tests.factories import make_article, make_user

    call_command("flush", verbosity=0, interactive=False)
    store.forget()
    moderator = make_user("bench-moderator", superuser=True)
    articles = [make_article() for _ in range(10)]
    outcomes = Counter()
    reasons = Counter()
    decisions = 0
    with override_settings(
        COMMENTS_MODERATION=policy,
        COMMENTS_RATE_LIMIT_IP=(10**6, 600),
        COMMENTS_RATE_LIMIT_EMAIL=(10**6, 600),
    ):
        for n, sample in enumerate(samples):
            # The moderator works through the queue of the first half (up to the wanted
            # number of decisions); what comes after is measured.
            measured = decisions >= decisions_wanted or n >= len(samples) // 2
            try:
                comment = comment_create(
                    article=articles[n % len(articles)],
                    submission=Submission(text=sample.text, name=sample.name, email=sample.email),
                    client=Client(
                        ip_address=sample.ip_address, seconds_to_post=sample.seconds_to_post
                    ),
                )
                status = comment.status
            except CommentRefused:
                comment, status = None, "refused"
            if not sample.is_spam and comment is not None:
                commenter = Commenter.objects.for_email(sample.email)
                if commenter and not commenter.is_confirmed:
                    commenter_confirm_email(commenter=commenter)
            if measured:
                outcomes[(sample.is_spam, status)] += 1
                if not sample.is_spam and status == Comment.Status.PENDING:
                    # What held it: the reason's first words ("Unsure (spam score …", "2 links").
                    reasons[comment.held_reason.split("(")[0].split(":")[0].strip()[:40]] += 1
            elif status == Comment.Status.PENDING:
                decide = comment_mark_spam if sample.is_spam else comment_approve
                decide(comment=comment, moderator=moderator)
                decisions += 1
    model = store.current_model()
    return outcomes, decisions, model, reasons


def print_replay(policy, outcomes, decisions, model):
    spam = sum(v for (is_spam, _), v in outcomes.items() if is_spam)
    legit = sum(v for (is_spam, _), v in outcomes.items() if not is_spam)
    stopped = {"pending", "spam", "refused"}
    spam_stopped = sum(v for (s, status), v in outcomes.items() if s and status in stopped)
    legit_held = sum(v for (s, status), v in outcomes.items() if not s and status in stopped)
    legit_published = outcomes[(False, "approved")]
    learned = (
        f"model v{model.version}: {model.spam_examples} spam, {model.legitimate_examples} "
        "legitimate"
        if model
        else "no model"
    )
    published = percent(legit_published, legit)
    print(f"   {policy:5} | {decisions:9} | {percent(spam_stopped, spam):>19} | "
          f"{percent(legit_held, legit):>10} | {published:>15} | {learned}")  # fmt: skip
    return {
        status: (outcomes[(True, status)], outcomes[(False, status)])
        for status in ["approved", "pending", "spam", "refused"]
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument(
        "--corpus",
        nargs="+",
        metavar="FILE",
        help="labelled comment files (CSV with text and label columns, or label<TAB>text "
        "lines) to replay instead of the synthetic corpus",
    )
    parser.add_argument("--policies", default="pre,post,auto", help="which policies to replay")
    parser.add_argument("--publish-below", type=float, help="COMMENTS_AUTO_PUBLISH_BELOW")
    parser.add_argument("--spam-above", type=float, help="COMMENTS_AUTO_SPAM_ABOVE")
    options = parser.parse_args()

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="newsapp-bench-spam-")
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings_test")
    import django

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    from comments.conf import conf
    from tests.comments.spam_corpus import corpus, read_labelled

    if options.corpus:
        samples = read_labelled(options.corpus, seed=options.seed)
        kind = f"Corpus {', '.join(Path(path).name for path in options.corpus)}"
    else:
        samples = corpus(options.size, seed=options.seed)
        kind = f"Synthetic corpus (seed {options.seed})"
    spam = sum(s.is_spam for s in samples)
    print(f"{kind}: {len(samples)} comments ({spam} spam, {len(samples) - spam} legitimate)")
    cross_validate(samples)

    from django.test import override_settings

    thresholds = {
        name: value
        for name, value in [
            ("COMMENTS_AUTO_PUBLISH_BELOW", options.publish_below),
            ("COMMENTS_AUTO_SPAM_ABOVE", options.spam_above),
        ]
        if value is not None
    }
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        with override_settings(**thresholds):
            print(f"\n2. Replay through the posting path; moderator decides the first "
                  f"{options.decisions} queued comments; auto thresholds: publish ≤ "
                  f"{conf.AUTO_PUBLISH_BELOW}, spam ≥ {conf.AUTO_SPAM_ABOVE}; classifier needs "
                  f"{conf.CLASSIFIER_MIN_DECISIONS} decisions of each kind")  # fmt: skip
            print(
                "   policy | decisions | spam held or marked | legit held | legit published | model"
            )
            matrices = {}
            for policy in options.policies.split(","):
                started = time.perf_counter()
                outcomes, decisions, model, reasons = replay(samples, policy, options.decisions)
                matrices[policy] = (print_replay(policy, outcomes, decisions, model),
                                    time.perf_counter() - started, reasons)  # fmt: skip
            print(
                "\n   confusion (after the decisions): status → spam comments / legitimate comments"
            )
            for policy, (matrix, seconds, _) in matrices.items():
                cells = ", ".join(f"{status} {s}/{legit}" for status, (s, legit) in matrix.items())
                print(f"   {policy:5} {cells}  ({seconds:.0f} s)")
            print("\n   why legitimate comments were held (the reason's first words):")
            for policy, (_, _, reasons) in matrices.items():
                common = ", ".join(f"{reason} ×{n}" for reason, n in reasons.most_common(4))
                print(f"   {policy:5} {common or 'none held'}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
