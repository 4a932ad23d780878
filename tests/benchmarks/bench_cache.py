"""Benchmark: the reader page cache against a static file, under gunicorn, with wrk.

Builds a throwaway SQLite site (its own VAR_DIR) holding one ~830-word article with a
200-comment thread (67 top-level), serves it with gunicorn (newsapp/gunicorn.conf.py,
production settings) and loads it with `wrk -t2 -c32` for each gunicorn set-up given, in ONE
run:
  - static: the article page's own bytes as a static file from the same gunicorn (WhiteNoise,
    gzipped), the ceiling;
  - cached: the article for a reader without cookies (from the reader page cache, gzipped,
    holes filled);
  - fresh: the same article for a reader with a cookie (rendered on every request);
  - home: the home page from the reader page cache.
Prints requests/s, p50 and p99 per page and the cached/static ratio. Figures, not tests: the
machine's other load shows in them.

    .venv/bin/python tests/benchmarks/bench_cache.py [--seconds 10] [--setups sync:4:1,gthread:2:4]
"""

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
VAR_DIR = tempfile.mkdtemp(prefix="newsapp-bench-cache-")
PORT = os.environ.get("BENCH_PORT", "8334")
ENV = {
    **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
    "VAR_DIR": VAR_DIR,
    "LOCAL_RUN": "1",
    "DEBUG": "0",
    "PORT": PORT,
    "HOST": "127.0.0.1",
    "DJANGO_SETTINGS_MODULE": "newsapp.settings",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

SENTENCE = (
    "the talks resumed in the capital on monday as negotiators from both sides met again "
    "after weeks of silence while observers warned that the ceasefire remained fragile"
)
WORDS = SENTENCE.split(" ")


def build():
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, Section
    from articles.services import article_publish
    from comments.models import Comment
    from comments.services import comment_import

    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="World", slug="world")
    body = "\n\n".join(
        " ".join(WORDS[(p * 7 + i) % len(WORDS)] for i in range(83)).capitalize() + "."
        for p in range(10)
    )
    for n in range(20):
        other = Article.objects.create(
            headline=f"Story {n}", slug=f"story-{n}", body=body[:2000], section=section
        )
        article_publish(article=other, publish_at=timezone.now() - timedelta(hours=n + 2))
    article = Article.objects.create(
        headline="The vote, explained", slug="the-vote", body=body, section=section
    )
    article_publish(article=article, publish_at=timezone.now() - timedelta(hours=1))
    tops = []
    for n in range(200):
        parent = tops[n % len(tops)] if n >= 67 else None
        comment = comment_import(
            article=article,
            text=f"Comment {n}: " + " ".join(WORDS[n % 10 : n % 10 + 30]),
            name=f"Reader {n}",
            email=f"reader{n}@example.net",
            parent=parent,
            status=Comment.Status.APPROVED,
        )
        if parent is None:
            tops.append(comment)
    call_command("collectstatic", interactive=False, verbosity=0)
    return article.get_absolute_url()


def write_static_copy(url):
    """The article page's bytes as a static file (and its .gz), as WhiteNoise serves them."""
    from django.conf import settings
    from django.test import Client

    html = Client().get(url, HTTP_HOST="127.0.0.1").content
    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.html").write_bytes(html)
    (folder / "article.html.gz").write_bytes(gzip.compress(html, 6))
    return len(html), len(gzip.compress(html, 6))


def wrk(url, seconds, *headers):
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip"]
    for header in headers:
        command += ["-H", header]
    finished = subprocess.run(  # noqa: S603 (wrk, with our own addresses)
        [*command, url], capture_output=True, text=True, check=True
    )
    output = finished.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)[1]
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)[1]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, p50, p99, int(errors[1]) if errors else 0


def serve(worker_class, workers, threads):
    env = {
        **ENV,
        "GUNICORN_WORKER_CLASS": worker_class,
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_ACCESS_LOG": "",
    }
    server = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, our config)
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "newsapp/gunicorn.conf.py", "newsapp.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--setups", default="sync:4:1,gthread:2:4,gthread:4:2")
    options = parser.parse_args()
    url = build()
    raw, compressed = write_static_copy(url)
    print(f"article page: {raw:,} bytes, {compressed:,} gzipped; site in {VAR_DIR}")
    base = f"http://127.0.0.1:{PORT}"
    pages = {
        "static": (f"{base}/static/bench/article.html", ()),
        "cached": (f"{base}{url}", ()),
        "fresh": (f"{base}{url}", ("Cookie: bench=1",)),
        "home": (f"{base}/", ()),
    }
    for setup in options.setups.split(","):
        worker_class, workers, threads = setup.split(":")
        server = serve(worker_class, int(workers), int(threads))
        try:
            results = {}
            for name, (page_url, headers) in pages.items():
                wrk(page_url, 2, *headers)  # warm up
                results[name] = wrk(page_url, options.seconds, *headers)
                rps, p50, p99, errors = results[name]
                print(
                    f"{setup:14} {name:7} {rps:9.1f} req/s  p50 {p50:>8}  p99 {p99:>8}  "
                    f"non-2xx {errors}"
                )
            ratio = results["cached"][0] / results["static"][0]
            print(f"{setup:14} cached/static {ratio:.2f}")
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
