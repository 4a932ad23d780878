"""Benchmark: do page costs stay flat as content grows?

Builds a throwaway SQLite site, then measures in ONE run, with Django's test client:
  - an article page whose thread has 10 comments vs one with 1,000 (200 top-level, nested);
  - the home page with 20 vs 200 published articles;
  - the home page rendered vs served from the reader page cache (articles/caching.py).
Prints the mean time per request, the SQL query count and the ratio big/small for each.
Equal query counts are the guarantee; the time ratio shows what remains: a full page of a big
thread renders more comments (a page of top-level comments with their replies) than a
10-comment thread, so it costs more template work, but not more queries.

    .venv/bin/python tests/benchmarks/bench_pages.py [--requests 30]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="newsapp-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def build(article_count, comment_count):
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Section
    from articles.services import article_publish
    from comments.models import Comment
    from comments.services import comment_import

    section, _ = Section.objects.get_or_create(name="Bench", slug="bench")
    articles = []
    for n in range(article_count):
        article = Article.objects.create(
            headline=f"Bench article {Article.objects.count()}",
            slug=f"bench-{Article.objects.count()}",
            body="Text.\n\n> A quote.\n",
            section=section,
        )
        article_publish(article=article, publish_at=timezone.now() - timedelta(minutes=n + 1))
        articles.append(article)
    article = articles[0]
    top_level = []
    for n in range(comment_count):
        parent = None
        if top_level and n % 5:
            parent = top_level[n % len(top_level)]
        comment = comment_import(
            article=article, text=f"Comment {n} on the story.", name=f"Reader {n}",
            email=f"r{n}@example.net", parent=parent, status=Comment.Status.APPROVED,
        )  # fmt: skip
        if parent is None:
            top_level.append(comment)
    return article


def measure(client, url, requests):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # read now: every request clears the connection's query log
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.mean(times), query_count


def report(label, small, big):
    (small_ms, small_q), (big_ms, big_q) = small, big
    print(
        f"{label:<34} small {small_ms:7.1f} ms {small_q:3d} queries | "
        f"big {big_ms:7.1f} ms {big_q:3d} queries | time ratio {big_ms / small_ms:4.2f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    # As Django's own test cases do: keep one connection, so queries can be counted on it.
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    client = Client()

    small_thread = build(1, 10)
    big_thread = build(1, 1000)
    report(
        "article page: 10 vs 1,000 comments",
        measure(client, small_thread.get_absolute_url(), args.requests),
        measure(client, big_thread.get_absolute_url(), args.requests),
    )
    from articles.models import Article

    Article.objects.all().delete()
    build(20, 0)
    small_home = measure(client, "/", args.requests)
    build(180, 0)
    big_home = measure(client, "/", args.requests)
    report("home page: 20 vs 200 articles", small_home, big_home)

    from django.conf import settings

    settings.READER_PAGE_CACHE_SECONDS = 60  # as served (tests switch it off)
    Client().get("/")  # a cookie-less reader fills the cache
    cached_home = measure(Client(), "/", args.requests)
    report("home page: rendered vs cached", big_home, cached_home)


if __name__ == "__main__":
    main()
