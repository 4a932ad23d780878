"""Benchmark: how fast does a newsletter go out, and does a second worker help or duplicate?

Builds a throwaway SQLite site (or uses DATABASE_URL) with N confirmed subscribers, starts a
local SMTP server (aiosmtpd, loopback), and sends one breaking alert to everyone, in ONE run:
first with one worker, then with two worker threads at once. Prints for each the time,
messages per second, SQL queries per message, and what the server received (copies, distinct
recipients, duplicates). No rate limit (NEWSLETTER_SEND_RATE_PER_SECOND=0). The SMTP server
runs in the same process (it shares the GIL with the workers), so the figures are a floor.

    .venv/bin/python tests/benchmarks/bench_newsletter_send.py [--subscribers 5000]
"""

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="newsapp-bench-")
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(count):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Section
    from articles.newsletter.models import Membership, NewsletterList, Subscriber
    from articles.services import article_publish

    section, _ = Section.objects.get_or_create(name="Bench", slug="bench")
    breaking = NewsletterList.objects.get(slug="breaking-news")
    subscribers = Subscriber.objects.bulk_create(
        [Subscriber(email=f"reader{n}@example.org", state="confirmed") for n in range(count)],
        batch_size=1000,
    )
    Membership.objects.bulk_create(
        [Membership(subscriber=s, newsletter=breaking) for s in subscribers], batch_size=1000
    )

    def article():
        n = Article.objects.count()
        story = Article.objects.create(
            headline=f"Bench story {n}", slug=f"bench-{n}", body="Text.", section=section
        )
        article_publish(article=story, publish_at=timezone.now() - timedelta(minutes=1))
        return story

    return breaking, article


def send_with(workers, breaking, article, server):
    from articles.newsletter import sending, services

    server.handler.received.clear()
    send = services.alert_queue(article=article(), newsletter=breaking)
    errors = []

    def work(name):
        try:
            sending.run_round(worker=name)
        except Exception as error:  # report, do not hang the benchmark
            errors.append(error)
        finally:
            connections.close_all()

    start = time.perf_counter()
    if workers == 1:
        counted = []

        def count(execute, sql, params, many, context):
            counted.append(1)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            sending.run_round(worker="bench-1")
        query_count = len(counted)
    else:
        threads = [threading.Thread(target=work, args=(f"bench-{n}",)) for n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sending.run_round(worker="bench-finish")  # marks the send done
        query_count = None
    elapsed = time.perf_counter() - start
    send.refresh_from_db()
    received = Counter(server.handler.recipients())
    return elapsed, query_count, received, send, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=5000)
    args = parser.parse_args()

    from tests.articles.newsletter.smtp_server import SMTPServer

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    logging.getLogger("articles.newsletter").setLevel(logging.WARNING)
    setup_test_environment()
    old_config = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with SMTPServer() as server:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
            settings.NEWSLETTER_SEND_RATE_PER_SECOND = 0
            settings.SITE_URL = "https://news.example.org"
            breaking, article = build(args.subscribers)
            print(f"{args.subscribers} confirmed subscribers, {connection.vendor}")
            for workers in (1, 2):
                elapsed, queries, received, send, errors = send_with(
                    workers, breaking, article, server
                )
                duplicates = sum(copies - 1 for copies in received.values())
                per_message = f"{queries / args.subscribers:.2f}" if queries else "n/a"
                print(
                    f"{workers} worker(s): {elapsed:6.1f} s, "
                    f"{args.subscribers / elapsed:6.0f} messages/s, "
                    f"{per_message} queries/message | received {sum(received.values())} "
                    f"copies for {len(received)} recipients, {duplicates} duplicate(s) | "
                    f"send: {send.state}, sent {send.sent_count}, failed {send.failed_count}, "
                    f"in doubt {send.in_doubt_count}" + (f" | errors: {errors}" if errors else "")
                )
    finally:
        connection.creation.destroy_test_db(old_config, verbosity=0)


if __name__ == "__main__":
    main()
