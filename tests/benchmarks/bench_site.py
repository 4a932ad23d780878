"""`make bench`: newsapp's reader pages under load, at the size of a ten-year-old newsroom.

Builds (once, then reuses) two sites in their own databases under `var/bench/`, never the
user's: `big` with 20,000 articles over 10 years in 20 sections, 2,000 tags, 100 authors, a
story with 2,000 comments (one of its comments has 600 replies), 200 stories with 50 comments
each, an 830-word article with a 200-comment thread (67 top-level) and one with 10 comments;
and `demo`, the demo content `make run` serves. Rows go in with bulk inserts.

Each site is served by gunicorn (newsapp/gunicorn.conf.py, production settings) and loaded
with wrk (`-t2 -c32`, gzip accepted), page by page: `cached` is a reader without cookies (the
reader page cache), `fresh` a reader with a cookie (rendered for every request). The ceiling,
in the same run: the 200-comment article's own bytes as a static file from the same gunicorn
and WhiteNoise. Prints per page requests/s, p50, p99, non-2xx, one request alone, bytes raw
and gzipped, SQL queries of a fresh request, and the ratio to the ceiling; the RSS of a worker;
`EXPLAIN` of the list pages' article queries (a full scan of the articles table is flagged);
then the targets. Writes JSON and a bar chart under `var/bench/results/` (git-ignored).

With `PEER_SCRIPT` pointing at the WordPress peer's script (`wordpress.sh`, set up), its
classic-theme post, page-cache post and static ceiling are measured in the same run and the
fresh article is compared with WordPress.

    make bench                    # or: .venv/bin/python tests/benchmarks/bench_site.py
    BENCH_ARGS="--seconds 5 --only article" make bench
    PEER_SCRIPT=/path/to/wordpress.sh make bench
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
SITE_VERSION = "4"  # bump when the generated content changes
PORT = os.environ.get("BENCH_PORT", "8337")
BASE = f"http://127.0.0.1:{PORT}"
SENTENCE = (
    "the talks resumed in the capital on monday as negotiators from both sides met again "
    "after weeks of silence while observers warned that the ceasefire remained fragile and "
    "that any agreement would need the backing of parliament before the winter"
)
WORDS = SENTENCE.split(" ")


def site_env(site):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        VAR_DIR=str(BENCH_DIR / site),
        LOCAL_RUN="1",
        DEBUG="0",
        HOST="127.0.0.1",
        PORT=PORT,
        DJANGO_SETTINGS_MODULE="newsapp.settings",
        READERSHIP_MOST_READ_CACHE_SECONDS="60",
    )
    return env


# Building the sites (in a child process per site: Django is set up for one VAR_DIR)


def paragraph(seed, words=83):
    return " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(words)).capitalize() + "."


def article_body(seed, paragraphs=10):
    parts = [paragraph(seed + p) for p in range(paragraphs)]
    parts.insert(3, "## What was agreed")
    parts.insert(6, "> " + paragraph(seed + 40, 30))
    return "\n\n".join(parts)


def thread_comments(article, count, tops, *, start, big_reply_count=0):
    """`count` approved comments on `article`, `tops` of them top-level, the rest replies
    spread over them (a third two levels deep); the first top-level comment also gets
    `big_reply_count` replies. Positions are set as `place_in_thread` would."""
    from django.db.models import F

    from comments.models import Comment
    from comments.text import render_comment_text, text_digest

    def comment(n, **fields):
        text = f"Comment {n}: " + " ".join(WORDS[n % 12 : n % 12 + 28])
        return Comment(
            article=article,
            name=f"Reader {n % 900}",
            email=f"reader{n % 900}@example.net",
            text=text,
            text_html=render_comment_text(text),
            text_digest=text_digest(f"{article.pk}-{n}"),
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(minutes=n),
            **fields,
        )

    roots = Comment.objects.bulk_create([comment(n, level=0, order=1) for n in range(tops)])
    Comment.objects.filter(pk__in=[root.pk for root in roots]).update(thread_id=F("pk"))
    children = {root.pk: [] for root in roots}
    for n in range(tops, count):
        children[roots[n % tops].pk].append(n)
    children[roots[0].pk] += list(range(count, count + big_reply_count))
    replies, nested = [], {}
    for root in roots:
        order = 2
        for index, n in enumerate(children[root.pk]):
            reply = comment(n, parent=root, thread=root, level=1, order=order)
            replies.append(reply)
            order += 1
            if index % 3 == 2:
                nested[len(replies) - 1] = (root, order)
                order += 1
        root.nested_count = len(children[root.pk]) + sum(1 for r, _ in nested.values() if r == root)
    Comment.objects.bulk_create(replies)
    deep = [
        comment(100_000 + index, parent=replies[index], thread=root, level=2, order=order)
        for index, (root, order) in nested.items()
    ]
    Comment.objects.bulk_create(deep)
    for index in nested:
        replies[index].nested_count = 1
    Comment.objects.bulk_update(roots, ["nested_count"])
    Comment.objects.bulk_update([replies[index] for index in nested], ["nested_count"])


def build_big():
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from articles.markdown import render_markdown
    from articles.models import Article, Author, Section, Tag
    from articles.search import rebuild_index

    call_command("migrate", verbosity=0)
    User.objects.create_user("bench-editor")
    now = timezone.now()
    with transaction.atomic():
        sections = Section.objects.bulk_create(
            Section(name=f"Section {n}", slug=f"section-{n}", order=n) for n in range(20)
        )
        kinds = [choice for choice, _ in Tag.Kind.choices]
        tags = Tag.objects.bulk_create(
            Tag(name=f"Tag {n}", slug=f"tag-{n}", kind=kinds[n % len(kinds)]) for n in range(2000)
        )
        authors = Author.objects.bulk_create(
            Author(name=f"Author {n}", slug=f"author-{n}") for n in range(100)
        )
        bodies = [article_body(seed) for seed in range(8)]
        rendered = [render_markdown(body) for body in bodies]
        span = timedelta(days=3650)
        articles = []
        for n in range(20_000):
            # Spread over ten years, the newest an hour old.
            published = now - timedelta(hours=1) - span * (n / 20_000)
            headline = f"Story {n}: " + " ".join(WORDS[n % 20 : n % 20 + 6])
            articles.append(
                Article(
                    headline=headline,
                    slug=slugify(headline)[:190],
                    standfirst=paragraph(n, 30),
                    body=bodies[n % 8],
                    body_html=rendered[n % 8],
                    status=Article.Status.PUBLISHED,
                    publish_at=published,
                    first_published_at=published,
                    publication_date=timezone.localdate(published),
                    section=sections[n % 20],
                    reading_time=4,
                    is_lead=n % 500 == 0,
                )
            )
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        Article.tags.through.objects.bulk_create(
            (
                Article.tags.through(article_id=article.pk, tag_id=tags[(n * 7 + k * 13) % 2000].pk)
                for n, article in enumerate(articles)
                for k in range(4)
            ),
            batch_size=5000,
            ignore_conflicts=True,
        )
        Article.authors.through.objects.bulk_create(
            (
                Article.authors.through(article_id=article.pk, author_id=authors[n % 100].pk)
                for n, article in enumerate(articles)
            ),
            batch_size=5000,
        )
        start = now - timedelta(days=2)
        thread_comments(articles[0], 200, 67, start=start)  # the newest: 200 comments
        thread_comments(articles[1], 10, 6, start=start)
        thread_comments(articles[2], 2000, 400, start=start, big_reply_count=600)
        for article in articles[3:203]:
            thread_comments(article, 50, 20, start=start)
    rebuild_index()
    call_command("collectstatic", interactive=False, verbosity=0)
    return {
        "article_200": articles[0].get_absolute_url(),
        "article_10": articles[1].get_absolute_url(),
        "story_2000": articles[2].get_absolute_url(),
        "section": sections[3].get_absolute_url(),
        "tag": tags[7].get_absolute_url(),
        "author": authors[5].get_absolute_url(),
        "month": f"/{articles[5000].publication_date:%Y/%m}/",
        "search": "/search/?q=ceasefire",
    }


def build_demo():
    from django.core.management import call_command
    from django.db.models import Count

    from articles.models import Article, Author, Section, Tag

    call_command("migrate", verbosity=0)
    call_command("demo_content", verbosity=0)
    call_command("demo_comments", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    article = Article.objects.published().latest_first().first()

    def busiest(model):
        # The fullest list of the demo, so both sites' pages show about as many cards.
        return model.objects.annotate(n=Count("articles")).order_by("-n", "pk").first()

    months = Counter(
        f"{day:%Y/%m}"
        for day in Article.objects.published().values_list("publication_date", flat=True)
    )
    return {
        "article_demo": article.get_absolute_url(),
        "section": busiest(Section).get_absolute_url(),
        "tag": busiest(Tag).get_absolute_url(),
        "author": busiest(Author).get_absolute_url(),
        "month": f"/{months.most_common(1)[0][0]}/",
        "search": "/search/?q=ceasefire",
    }


LIST_PAGES = {"home": "/", "feed": "/feed/", "sitemap": "/sitemap.xml"}


def ensure_site(site, rebuild=False):
    """The site's pages (name → path), building it first if needed."""
    folder = BENCH_DIR / site
    manifest = folder / "pages.json"
    if not rebuild and manifest.exists():
        saved = json.loads(manifest.read_text())
        if saved.get("version") == SITE_VERSION:
            # The code may have moved on since the site was built: bring its schema along.
            manage(site, "migrate")
            manage(site, "optimize_database")
            return saved["pages"]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"building the {site} site in {folder} …", flush=True)
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (this script, as a child with the site's settings)
        [sys.executable, __file__, "--build", site], env=site_env(site), check=True
    )
    # As the daily job does on a real site (README: "Daily jobs"): planner statistics.
    manage(site, "optimize_database")
    print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
    return json.loads(manifest.read_text())["pages"]


def manage(site, command):
    subprocess.run(  # noqa: S603 (the venv's Python, our manage.py)
        [sys.executable, str(ROOT / "manage.py"), command, "--verbosity", "0"],
        env=site_env(site),
        check=True,
    )


def build_in_child(site):
    import django

    django.setup()
    pages = {**LIST_PAGES, **(build_big() if site == "big" else build_demo())}
    manifest = BENCH_DIR / site / "pages.json"
    manifest.write_text(json.dumps({"version": SITE_VERSION, "pages": pages}))


# Measuring in-process: queries, bytes and query plans (a child process per site)


def inspect_in_child(site, pages):
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_COOKIE="bench=1")
    gzip_client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_ENCODING="gzip")
    result = {}
    for name, path in pages.items():
        client.get(path)  # warm per-process caches (templates, URL resolver)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Read now: the next request's request_started signal empties the query log.
        captured = list(queries.captured_queries)
        raw = b"".join(response) if response.streaming else response.content
        compressed = gzip_client.get(path)
        zipped = b"".join(compressed) if compressed.streaming else compressed.content
        if compressed.get("Content-Encoding") != "gzip":
            zipped = gzip.compress(raw, 6)
        plans = []
        if name in ("home", "section", "month", "tag", "author"):
            plans = query_plans(connection, captured)
        result[name] = {
            "status": response.status_code,
            "queries": len(captured),
            "bytes": len(raw),
            "gzip_bytes": len(zipped),
            "plans": plans,
        }
    if "article_200" in pages:
        # The ceiling: the article page's own bytes as a static file.
        html = Client(HTTP_HOST="127.0.0.1").get(pages["article_200"]).content
        folder = Path(settings.STATIC_ROOT) / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "article.html").write_bytes(html)
        (folder / "article.html.gz").write_bytes(gzip.compress(html, 6))
    print(json.dumps(result))


def query_plans(connection, captured):
    """The plan of each article query a page ran, marking full scans of the articles table."""
    plans = []
    vendor = connection.vendor
    for query in captured:
        sql = query["sql"]
        if not sql.startswith("SELECT") or "articles_article" not in sql:
            continue
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                lines = [row[-1] for row in cursor.fetchall()]
                full_scan = any(re.fullmatch(r"SCAN articles_article", line) for line in lines)
            else:
                cursor.execute(f"EXPLAIN {sql}")
                lines = [row[0] for row in cursor.fetchall()]
                full_scan = any("Seq Scan on articles_article " in line for line in lines)
        plans.append({"sql": sql[:300], "plan": lines, "full_scan": full_scan})
    return plans


def inspect(site, pages):
    finished = subprocess.run(  # noqa: S603 (this script, as a child with the site's settings)
        [sys.executable, __file__, "--inspect", site, json.dumps(pages)],
        env=site_env(site),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


# Load


def wrk(url, seconds, headers=()):
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "30s", "--latency"]
    for header in ("Accept-Encoding: gzip", *headers):
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 (wrk, with our own addresses)
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": to_ms(re.search(r"50%\s+([\d.]+\w+)", output)[1]),
        "p99_ms": to_ms(re.search(r"99%\s+([\d.]+\w+)", output)[1]),
        "non2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", output) or [0, 0])[1]),
    }


def to_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def solo_ms(url, headers=(), *, warm=3, count=7):
    """The median of `count` sequential requests with no other load (after `warm` more): the
    page's own cost."""
    request = urllib.request.Request(url, headers=dict(h.split(": ", 1) for h in headers))  # noqa: S310
    times = []
    for _ in range(warm + count):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[warm:])


def drain(url, headers, alone_ms, *, limit_seconds=60):
    """Wait until a request takes about as long as it did alone: wrk's last requests done."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        if solo_ms(url, headers, warm=0, count=1) < 2 * alone_ms + 5:
            return
        time.sleep(0.5)


def serve(site):
    env = {**site_env(site), "GUNICORN_ACCESS_LOG": ""}
    shutil.rmtree(BENCH_DIR / site / "cache", ignore_errors=True)
    server = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, our config)
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "newsapp/gunicorn.conf.py", "newsapp.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{BASE}/", timeout=2)  # noqa: S310 (loopback)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def worker_rss_mb(server):
    rss = []
    for child in Path("/proc").glob("[0-9]*"):
        try:
            status = (child / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.pid}$", status, re.M):
            rss.append(int(re.search(r"^VmRSS:\s+(\d+)", status, re.M)[1]) / 1024)
    return max(rss) if rss else None


def load_site(site, runs, seconds):
    """Serve `site` and run wrk on each (name, path, cookie?) of `runs`."""
    server = serve(site)
    results = {}
    try:
        for name, path, with_cookie in runs:
            headers = ("Cookie: bench=1",) if with_cookie else ()
            url = f"{BASE}{path}"
            # Alone first (warm, nothing queued), then under load, then let the queue drain:
            # requests wrk leaves in flight would otherwise slow the next page's figures.
            alone = solo_ms(url, headers)
            figures = wrk(url, seconds, headers)
            figures["solo_ms"] = alone
            drain(url, headers, alone)
            results[name] = figures
            print(
                f"  {site:4} {name:20} {figures['rps']:9.1f} req/s  p50 {figures['p50_ms']:8.1f} ms"
                f"  p99 {figures['p99_ms']:8.1f} ms  alone {figures['solo_ms']:7.1f} ms"
                f"  non-2xx {figures['non2xx']}",
                flush=True,
            )
        results["_worker_rss_mb"] = worker_rss_mb(server)
    finally:
        server.terminate()
        server.wait()
    return results


def peer(script, seconds):
    """The WordPress peer's figures in this run (its own script, same wrk settings)."""
    env = {
        **os.environ,
        "BENCH_ONLY": "wp_classic_post|wp_post_pagecache|static_post",
        "BENCH_DURATION": f"{seconds}s",
    }
    print("  peer: WordPress (classic theme post, page-cache post, static ceiling) …", flush=True)
    output = subprocess.run(  # noqa: S603 (the peer's own script, given by the user)
        ["bash", script, "bench"],  # noqa: S607
        capture_output=True,
        text=True,
        env=env,
        check=False,
    ).stdout
    figures = {}
    for line in output.splitlines():
        if line.startswith("#") or "rps=" not in line:
            continue
        name, *fields = line.split()
        values = dict(field.split("=", 1) for field in fields if "=" in field)
        figures[name] = {key: float(value) for key, value in values.items() if is_number(value)}
        print(f"  peer {name:22} {figures[name].get('rps', 0):9.1f} req/s  "
              f"alone {figures[name].get('solo_ms', 0):7.1f} ms")  # fmt: skip
    return figures


def is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


# Report


def chart(results, path):
    """A horizontal bar chart of requests/s per page (log scale), with Pillow."""
    import math

    from PIL import Image, ImageDraw

    rows = [
        (f"{site} {name}", figures["rps"])
        for site, pages in results["load"].items()
        for name, figures in pages.items()
        if not name.startswith("_")
    ]
    width, row_height, label_width = 900, 22, 260
    image = Image.new("RGB", (width, 40 + row_height * len(rows)), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), f"newsapp make bench, {results['when']} (requests/s, log scale)", "black")
    top = max(rps for _, rps in rows) or 1
    scale = (width - label_width - 90) / math.log10(max(top, 10) * 1.2)
    for index, (label, rps) in enumerate(rows):
        y = 35 + index * row_height
        draw.text((10, y + 4), label, "black")
        length = max(2, scale * math.log10(max(rps, 1)))
        colour = "#999999" if "static" in label else "#1f5fa8"
        draw.rectangle((label_width, y + 2, label_width + length, y + row_height - 4), colour)
        draw.text((label_width + length + 6, y + 4), f"{rps:,.0f}", "black")
    image.save(path)


def targets(results, peer_figures):
    big, demo = results["load"]["big"], results["load"].get("demo", {})
    inspected = results["inspect"]["big"]
    lines = []

    def check(name, ok, detail):
        lines.append(f"  {'PASS' if ok else 'MISS'}  {name}: {detail}")

    if "article_200 cached" in big and "static" in big:
        ratio = big["article_200 cached"]["rps"] / big["static"]["rps"]
        check("cached article ≥ 0.5× static", ratio >= 0.5, f"{ratio:.2f}×")
    if "article_200 fresh" in big and "wp_classic_post" in peer_figures:
        wp = peer_figures["wp_classic_post"]
        ours = big["article_200 fresh"]
        ratio = ours["solo_ms"] / wp["solo_ms"]
        check(
            "fresh 200-comment article ≤ ⅕ of WordPress's time",
            ratio <= 0.2,
            f"{ours['solo_ms']:.1f} ms vs WordPress {wp['solo_ms']:.1f} ms ({ratio:.2f}×); "
            f"{ours['rps'] / wp['rps']:.1f}× its requests/s",
        )
    elif "article_200 fresh" in big:
        lines.append("  (no PEER_SCRIPT: the WordPress comparison was not run)")
    if "story_2000 fresh" in big and "article_10 fresh" in big:
        ratio = big["story_2000 fresh"]["solo_ms"] / big["article_10 fresh"]["solo_ms"]
        check("2,000-comment story ≤ 1.5× a 10-comment article", ratio <= 1.5, f"{ratio:.2f}×")
    for name in ("home", "section", "tag", "author", "month", "feed", "sitemap"):
        if f"{name} fresh" in big and f"{name} fresh" in demo:
            ratio = big[f"{name} fresh"]["solo_ms"] / demo[f"{name} fresh"]["solo_ms"]
            check(f"{name} at 20,000 articles ≤ 1.5× the demo's", ratio <= 1.5, f"{ratio:.2f}×")
    demo_inspected = results["inspect"].get("demo", {})
    for name in ("home", "section", "tag", "author", "month", "feed", "sitemap", "search"):
        if name in demo_inspected:
            a, b = inspected[name]["queries"], demo_inspected[name]["queries"]
            check(f"{name} queries constant in content size", a == b, f"{a} vs demo {b}")
    for name in ("article_200", "home"):
        size = inspected[name]["gzip_bytes"]
        check(f"{name} ≤ 15 KB compressed", size <= 15 * 1024, f"{size / 1024:.1f} KB")
    scans = [name for name, page in inspected.items() if any(p["full_scan"] for p in page["plans"])]
    check("no full scans in list pages' article queries", not scans, ", ".join(scans) or "none")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--only", default="", help="regex: load only pages whose name matches")
    parser.add_argument("--rebuild", action="store_true", help="generate the sites again")
    parser.add_argument("--build", help=argparse.SUPPRESS)
    parser.add_argument("--inspect", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        return build_in_child(options.build)
    if options.inspect:
        return inspect_in_child(options.inspect[0], json.loads(options.inspect[1]))
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    sites = {site: ensure_site(site, options.rebuild) for site in ("big", "demo")}
    results = {"when": datetime.now().isoformat(timespec="seconds"), "load": {}, "inspect": {}}
    results["machine"] = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    for site, pages in sites.items():
        results["inspect"][site] = inspect(site, pages)

    wanted = re.compile(options.only or ".")
    big = sites["big"]
    big_runs = [
        ("static", "/static/bench/article.html", False),
        ("article_200 cached", big["article_200"], False),
        ("article_200 fresh", big["article_200"], True),
        ("article_10 fresh", big["article_10"], True),
        ("story_2000 cached", big["story_2000"], False),
        ("story_2000 fresh", big["story_2000"], True),
    ]
    list_names = ("home", "section", "tag", "author", "month", "feed", "sitemap")
    for name in list_names:
        big_runs += [(f"{name} cached", big[name], False), (f"{name} fresh", big[name], True)]
    big_runs.append(("search fresh", big["search"], True))
    demo_runs = [(f"{name} fresh", sites["demo"][name], True) for name in (*list_names, "search")]

    peer_figures = {}
    if os.environ.get("PEER_SCRIPT"):
        peer_figures = peer(os.environ["PEER_SCRIPT"], options.seconds)
        results["peer"] = peer_figures
    print(f"load: wrk -t2 -c32 -d{options.seconds}s, gzip accepted ({results['machine']})")
    for site, runs in (("big", big_runs), ("demo", demo_runs)):
        runs = [run for run in runs if wanted.search(run[0]) or run[0] == "static"]
        if runs:
            results["load"][site] = load_site(site, runs, options.seconds)

    print("\nper page (big site): queries of a fresh request, bytes raw → gzip, ratio to static")
    static = results["load"].get("big", {}).get("static", {}).get("rps")
    for name, page in results["inspect"]["big"].items():
        load = {k: v for k, v in results["load"].get("big", {}).items() if k.startswith(name)}
        ratios = "  ".join(
            f"{k.split(' ')[-1]} {v['rps'] / static:.3f}×" for k, v in load.items() if static
        )
        print(
            f"  {name:12} {page['queries']:3} queries  {page['bytes'] / 1024:7.1f} KB → "
            f"{page['gzip_bytes'] / 1024:5.1f} KB  {ratios}"
        )
    for site in results["load"]:
        print(f"  worker RSS ({site}): {results['load'][site].get('_worker_rss_mb') or 0:.0f} MB")
    print("\nquery plans of the list pages' article queries (big site):")
    for name, page in results["inspect"]["big"].items():
        for plan in page["plans"]:
            mark = "FULL SCAN" if plan["full_scan"] else "ok"
            print(f"  {name:8} {mark:9} " + " | ".join(plan["plan"])[:200])
    print("\ntargets:")
    lines = targets(results, peer_figures)
    print("\n".join(lines))
    results["targets"] = lines

    out = BENCH_DIR / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = results["when"].replace(":", "")
    (out / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2))
    chart(results, out / f"bench-{stamp}.png")
    print(f"\nwrote {out / f'bench-{stamp}.json'} and .png")


if __name__ == "__main__":
    main()
