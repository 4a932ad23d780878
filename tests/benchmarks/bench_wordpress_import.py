"""Benchmark: import a large generated WordPress export in bounded memory, fast.

Writes a WXR 1.2 file of --posts posts (default 20,000) with --comments comments (default
200,000) spread over them, threaded (replies to replies, some listed before their parent,
file order not time order), with categories, tags, pingbacks and block markup; then runs
`manage.py import_wordpress` on it in a throwaway SQLite site (or PostgreSQL with
--database postgres and DATABASE_URL set) and prints the file size, the time, the peak
memory (RSS) of the process and comments per second, by the clock and by the process's CPU
time (on a shared machine the clock counts other people's work too), and how long storing
the articles and the comments took; then runs it again (nothing to do).
--scale 0.1 makes a tenth of the default.

    .venv/bin/python tests/benchmarks/bench_wordpress_import.py --scale 0.1
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Gazette</title><link>https://bench.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
"""
BODY = """<!-- wp:paragraph --><p>Paragraph {n} of a long report with
<a href="https://bench.example.org/{y}/01/02/story-{m}/">a link</a> and <strong>words</strong>.
</p><!-- /wp:paragraph -->
<!-- wp:quote --><blockquote class="wp-block-quote"><p>A source said something quotable
about item {n}.</p></blockquote><!-- /wp:quote -->
<h2>Background</h2><ul><li>One</li><li>Two</li></ul>
The council met again.

It will meet next week."""


def write_export(path, *, posts, comments, seed=11):
    rng = random.Random(seed)
    per_post = [comments // posts] * posts
    for n in range(comments % posts):
        per_post[n] += 1
    comment_id = 1
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for n in range(20):
            out.write(
                f"<wp:author><wp:author_login>writer{n}</wp:author_login>"
                f"<wp:author_display_name>Writer {n}</wp:author_display_name></wp:author>\n"
            )
        for n in range(12):
            out.write(
                f"<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>desk-{n}"
                f"</wp:category_nicename><wp:category_parent>{'desk-0' if n > 8 else ''}"
                f"</wp:category_parent><wp:cat_name>Desk {n}</wp:cat_name></wp:category>\n"
            )
        for post in range(posts):
            year = 2010 + post % 14
            day = f"{year}-{1 + post % 12:02d}-{1 + post % 28:02d}"
            out.write(
                f"<item><title>Story number {post}</title>"
                f"<link>https://bench.example.org/{day.replace('-', '/')}/story-{post}/</link>"
                f"<dc:creator>writer{post % 20}</dc:creator>"
                f"<content:encoded><![CDATA[{BODY.format(n=post, y=year, m=post + 1)}]]>"
                f"</content:encoded><excerpt:encoded><![CDATA[Summary {post}.]]></excerpt:encoded>"
                f"<wp:post_id>{post + 1}</wp:post_id><wp:post_date>{day} 10:00:00</wp:post_date>"
                f"<wp:post_date_gmt>{day} 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>story-{post}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="desk-{post % 12}">Desk</category>'
                f'<category domain="post_tag" nicename="topic-{post % 300}">Topic</category>\n'
            )
            ids = []
            block = []
            for k in range(per_post[post]):
                parent = rng.choice(ids) if ids and rng.random() < 0.6 else 0
                kind = "pingback" if rng.random() < 0.01 else ""
                minute = k * 7 + rng.randint(0, 5)
                block.append(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 5000}</wp:comment_author>"
                    f"<wp:comment_author_email>reader{comment_id % 5000}@example.net"
                    f"</wp:comment_author_email>"
                    f"<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{day} {10 + minute // 60 % 12:02d}:{minute % 60:02d}:00"
                    f"</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment {comment_id} "
                    f"with <em>some</em> text.]]></wp:comment_content>"
                    f"<wp:comment_approved>{'1' if rng.random() < 0.9 else '0'}"
                    f"</wp:comment_approved><wp:comment_type>{kind}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
                ids.append(comment_id)
                comment_id += 1
            rng.shuffle(block)  # an export's order is not the comments' time order
            out.write("".join(block))
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    options = parser.parse_args()
    posts = max(1, int(options.posts * options.scale))
    comments = int(options.comments * options.scale)

    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="newsapp-bench-wp-")
    os.environ.pop("REDIS_URL", None)
    if options.database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    elif not os.environ.get("DATABASE_URL"):
        sys.exit("--database postgres needs DATABASE_URL")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsapp.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    export = Path(os.environ["VAR_DIR"]) / "export.xml"
    started = time.perf_counter()
    write_export(export, posts=posts, comments=comments)
    size_mb = export.stat().st_size / 1e6
    print(f"Export: {posts:,} posts, {comments:,} comments, {size_mb:.1f} MB "
          f"(written in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    from articles.wordpress.posts import PostImporter
    from comments.wordpress import CommentImporter

    spent = dict.fromkeys(["articles", "comments", "articles CPU", "comments CPU"], 0.0)

    def timed(cls, name, kind):
        method = getattr(cls, name)

        def timed_method(self, *args, **kwargs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                return method(self, *args, **kwargs)
            finally:
                spent[kind] += time.perf_counter() - started
                spent[f"{kind} CPU"] += time.process_time() - cpu_started

        setattr(cls, name, timed_method)

    timed(PostImporter, "flush", "articles")
    timed(CommentImporter, "flush", "comments")

    def rate(count, kind):
        wall, cpu = spent[kind], spent[f"{kind} CPU"]
        return (
            f"{wall:.1f} s ({count / max(wall, 1e-9):,.0f}/s; CPU {cpu:.1f} s, "
            f"{count / max(cpu, 1e-9):,.0f}/s)"
        )

    databases = setup_databases(verbosity=0, interactive=False)
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for run in ("first run", "second run (nothing to do)"):
            spent.update(dict.fromkeys(spent, 0.0))
            started, cpu_started = time.perf_counter(), time.process_time()
            call_command("import_wordpress", str(export), verbosity=0)
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"{options.database}, {run}: {seconds:.1f} s ({cpu:.1f} s of this process's "
                f"CPU time), {comments / seconds:,.0f} comments/s over the whole import "
                f"({comments / max(cpu, 1e-9):,.0f}/s of CPU time), peak RSS {peak:.0f} MB "
                f"(before the import {rss_before:.0f} MB); storing the articles took "
                f"{rate(posts, 'articles')}, the comments {rate(comments, 'comments')}, "
                "reading and checking the file the rest"
            )
        from comments.models import Comment

        print(f"Comments stored: {Comment.objects.count():,}")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
