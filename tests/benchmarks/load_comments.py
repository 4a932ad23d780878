"""Load test: do concurrent comment posts through gunicorn all land, once each, with no errors?

Serves a throwaway site the way `make run` does (gunicorn with several workers, DEBUG=0,
LOCAL_RUN=1, a scratch VAR_DIR migrated and filled with demo content), then in ONE run:
  - every simulated client first GETs the article page, as a browser would, for its CSRF
    cookie and the signed form timestamp; each has its own source address in 127.0.0.0/8 (all
    of it is loopback on Linux), so gunicorn sees distinct REMOTE_ADDRs with no proxy;
  - once COMMENTS_MIN_SECONDS have passed, all posts go at once from many threads, a third of
    them replies into one thread, while reader threads load the article page; every fourth
    address sends a burst of more posts than the per-address limit (COMMENTS_RATE_LIMIT_IP);
  - the stored comments are read back from the database and matched to the answers.
Prints, per database: sent / accepted (published, held) / rate-limited / refused / stored /
lost / duplicated / 5xx / "database is locked" in the server log, and reader latency. Exits 1
if any post was lost, duplicated, stored though refused, let past the limit, answered with a
5xx or not at all, if the thread's positions broke, or if the log has a lock error or traceback.

SQLite lives in the scratch folder. PostgreSQL is the server of DATABASE_URL, in a database of
the run's own (--pg-database, created and dropped again; the role needs CREATEDB):

    .venv/bin/python tests/benchmarks/load_comments.py [--database sqlite|postgres|both]
    eval "$(.ci/services.sh)"  # PostgreSQL on this machine, exports DATABASE_URL
    .venv/bin/python tests/benchmarks/load_comments.py --database both [--posts 300]
"""

import argparse
import contextlib
import functools
import html.parser
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
JSON_PREFIX = "LOAD-JSON:"
# gunicorn's access log as this script reads it: client, method, path, status, and the
# milliseconds a worker spent on the request (the answer time less the wait in the queue).
ACCESS_FORMAT = "LOAD-ACCESS %(h)s %(m)s %(U)s %(s)s %(M)s"
ACCESS_RE = re.compile(r"^LOAD-ACCESS (\S+) (\S+) (\S+) \d{3} (\d+)$", re.MULTILINE)
READER_NETWORK = "127.20.0."

# Run inside the site (`manage.py shell -c`): the article to post on, two comments to reply
# to (a top-level one with two or more replies, and its first reply, so replies both append
# to a thread and push later comments down), the limits, and the thread before the load.
FACTS = """
import json
from django.db.models import Count, Q
from articles.models import Article
from comments.conf import conf
from comments.models import Comment
from comments.moderation import article_comment_settings, comments_are_open

approved = Q(status=Comment.Status.APPROVED)
chosen, parents = None, []
for article in Article.objects.published().order_by("-publish_at"):
    if not comments_are_open(article, article_comment_settings(article)):
        continue
    chosen = chosen or article
    top = (
        Comment.objects.filter(approved, article=article, level=0)
        .annotate(replies=Count("children", filter=Q(children__status=Comment.Status.APPROVED)))
        .filter(replies__gte=2)
        .order_by("pk")
        .first()
    )
    if top is not None:
        first_reply = Comment.objects.filter(approved, parent=top).order_by("order").first()
        chosen, parents = article, [top.pk, first_reply.pk]
        break
thread = []
if parents:
    thread = list(
        Comment.objects.filter(thread_id=parents[0])
        .order_by("order")
        .values_list("pk", "parent_id", "order", "nested_count")
    )
facts = {
    "article": chosen.pk if chosen else None,
    "url": chosen.get_absolute_url() if chosen else None,
    "parents": parents,
    "thread": thread,
    "rate_limit_ip": list(conf.RATE_LIMIT_IP),
    "min_seconds": conf.MIN_SECONDS,
    "moderation": conf.MODERATION,
}
print("LOAD-JSON:" + json.dumps(facts))
"""

# The comments carrying the run's marker, and the replied-to thread after the load.
STORED = """
import json
from comments.models import Comment

stored = list(
    Comment.objects.filter(article_id=ARTICLE, text__contains=MARKER).values_list(
        "text", "status", "ip_address"
    )
)
thread = list(
    Comment.objects.filter(thread_id=THREAD)
    .order_by("order")
    .values_list("pk", "parent_id", "order", "nested_count")
)
print("LOAD-JSON:" + json.dumps({"stored": stored, "thread": thread}))
"""


@dataclass
class Post:
    number: int
    ip: str
    parent: int | None
    form: dict = field(default_factory=dict)
    cookie: str = ""
    outcome: str = ""  # published, held, rate_limited, refused, server_error, no_answer
    detail: str = ""
    ms: float = 0.0
    span: tuple = ()  # (sent, answered), epoch seconds


class FormFields(html.parser.HTMLParser):
    """The named inputs of the page's comment form (#comment-form)."""

    def __init__(self):
        super().__init__()
        self.fields, self.inside = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "comment-form"
        elif self.inside and tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port, path, *, ip="127.0.0.1", method="GET", body=None, headers=None):
    """One request on its own connection from source address `ip`:
    (status, response headers, body text, milliseconds)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(ip, 0))
    start = time.perf_counter()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return response.status, response.headers, text, (time.perf_counter() - start) * 1000


def manage(env, *args):
    """Run `manage.py` in the site's environment; its stdout."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args[:1])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def query(env, code, **values):
    """Run `code` in the site with `values` bound as globals; the JSON it prints."""
    bindings = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    output = manage(env, "shell", "--verbosity", "0", "--command", bindings + code)
    line = next(line for line in output.splitlines() if line.startswith(JSON_PREFIX))
    return json.loads(line.removeprefix(JSON_PREFIX))


@contextlib.contextmanager
def scratch_postgres(database_url, name):
    """A database `name` of its own on DATABASE_URL's server, dropped afterwards; its URL."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    if parts.path.lstrip("/") == name:
        sys.exit(f"--pg-database {name} is DATABASE_URL's own database; name another.")
    with psycopg.connect(database_url, autocommit=True) as admin:
        statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        admin.execute(statement)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(statement)


@contextlib.contextmanager
def gunicorn(env, port, log_path):
    """gunicorn with the project's config, serving until the block ends. Yields a dict whose
    "stopped_early" says, afterwards, whether gunicorn exited or got a signal before the block
    ended (from something else on the machine: the posts it missed are not the site's fault)."""
    command = [GUNICORN, "--config", "newsapp/gunicorn.conf.py"]
    command += ["--access-logformat", ACCESS_FORMAT, "newsapp.wsgi"]
    with open(log_path, "wb") as log:
        server = subprocess.Popen(  # noqa: S603 (the venv's gunicorn, our config)
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        state = {"stopped_early": False}
        try:
            deadline = time.monotonic() + 30
            while True:
                if server.poll() is not None:
                    sys.exit(f"gunicorn exited ({server.returncode}); see {log_path}")
                with contextlib.suppress(OSError, http.client.HTTPException):
                    if fetch(port, "/")[0] == 200:
                        break
                if time.monotonic() > deadline:
                    sys.exit(f"gunicorn did not answer within 30 s; see {log_path}")
                time.sleep(0.2)
            yield state
        finally:
            so_far = log_path.read_text(errors="replace")
            stop_signal = re.search(r"Handling signal: (term|int|quit)", so_far)
            state["stopped_early"] = server.poll() is not None or bool(stop_signal)
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def plan_posts(total, limit, parents, seed):
    """`total` posts from as many addresses as needed: three of every four addresses post
    just under the per-address limit, the fourth three over it. Every third post replies to
    one of `parents`. The others' posts are shuffled; an address over the limit sends all its
    posts in one burst, so they race each other through the limiter."""
    chunks, numbers, address = [], iter(range(total)), 0
    while (left := total - sum(len(chunk) for chunk in chunks)) > 0:
        heavy = address % 4 == 3
        count = min(limit + 3 if heavy else max(1, limit - 1), left)
        ip = f"127.10.{address // 250}.{address % 250 + 1}"
        mine = []
        for number in (next(numbers) for _ in range(count)):
            parent = parents[number // 3 % len(parents)] if parents and number % 3 == 2 else None
            mine.append(Post(number=number, ip=ip, parent=parent))
        chunks += [mine] if heavy else [[post] for post in mine]
        address += 1
    random.Random(seed).shuffle(chunks)
    return [post for chunk in chunks for post in chunk]


def get_form(port, url, ip):
    """Open the article page from `ip` as a browser would: (the form's inputs, Cookie header)."""
    status, headers, text, _ = fetch(port, url, ip=ip)
    if status != 200:
        sys.exit(f"GET {url} from {ip} answered {status}")
    cookies = http.cookies.SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    parser = FormFields()
    parser.feed(text)
    if "csrfmiddlewaretoken" not in parser.fields or "timestamp" not in parser.fields:
        sys.exit(f"No comment form with a CSRF token and timestamp on {url}")
    return parser.fields, "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())


def send(port, article, marker, post):
    fields = {
        **post.form,
        "name": f"Load reader {post.number}",
        "email": f"load-{marker}-{post.number}@example.org",
        "text": f"Load test comment {marker}-{post.number:04d} from {post.ip}.\n\nSecond line.",
        "parent": post.parent or "",
        "website": "",
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": post.cookie}
    sent = time.time()
    try:
        status, response_headers, text, post.ms = fetch(
            port, f"/comments/post/{article}/", ip=post.ip, method="POST",
            body=urlencode(fields), headers=headers,
        )  # fmt: skip
    except (OSError, http.client.HTTPException) as error:
        post.outcome, post.detail = "no_answer", f"{type(error).__name__}: {error}"[:80]
        return
    finally:
        post.span = (sent, time.time())
    location = response_headers.get("Location", "")
    if status == 302:
        post.outcome = "published" if "#comment-" in location else "held"
    elif status == 429:
        post.outcome = "rate_limited"
    elif status >= 500:
        post.outcome, post.detail = "server_error", str(status)
    else:
        errors = re.findall(r"<strong>Error:</strong>\s*([^<]{0,80})", text)
        post.outcome, post.detail = "refused", f"{status} {errors[0] if errors else ''}".strip()


def read_page(port, url, stop, index):
    """Load `url` until `stop` is set: (milliseconds of each answer, failures by kind)."""
    ip, times, failures = f"{READER_NETWORK}{index + 1}", [], Counter()
    while not stop.is_set():
        try:
            status, _, _, ms = fetch(port, url, ip=ip)
        except (OSError, http.client.HTTPException) as error:
            failures[type(error).__name__] += 1
            time.sleep(0.1)  # the server is gone or refusing; do not spin
            continue
        times.append(ms)
        if status != 200:
            failures[str(status)] += 1
    return times, failures


def thread_faults(rows):
    """Broken positions in a thread (rows of pk, parent, order, nested count, by order): two
    comments at one position, a reply not below its parent, or a wrong nested count."""
    parent_of = {pk: parent for pk, parent, _, _ in rows}
    below = Counter()
    for pk in parent_of:
        ancestor = parent_of[pk]
        while ancestor is not None:
            below[ancestor] += 1
            ancestor = parent_of.get(ancestor)
    faults = sum(count - 1 for count in Counter(order for _, _, order, _ in rows).values())
    faults += sum(1 for pk, _, _, nested in rows if nested != below[pk])
    path = []  # the chain of ancestors of the comment being read, in thread order
    for pk, parent, _, _ in rows:
        while path and path[-1] != parent:
            path.pop()
        faults += parent is not None and not path
        path.append(pk)
    return faults


def listed(counter):
    return ", ".join(f"{what} ×{count}" for what, count in counter.most_common())


def spread(milliseconds):
    """p50 and p95 of `milliseconds`."""
    if len(milliseconds) < 2:
        return f"p50 {milliseconds[0] if milliseconds else 0:.0f} ms"
    cuts = statistics.quantiles(milliseconds, n=20, method="inclusive")
    return f"p50 {cuts[9]:.0f} ms, p95 {cuts[18]:.0f} ms"


def site_env(var_dir, port, database_url, args):
    """The environment `make run` gives the site, on a scratch VAR_DIR and `database_url`
    (SQLite in VAR_DIR when None); nothing of the caller's site settings leaks in."""
    own = {"DATABASE_URL", "REDIS_URL", "CACHE_DIR", "STATIC_ROOT", "MEDIA_ROOT", "SECRET_KEY"}
    own |= {"ALLOWED_HOSTS", "SITE_URL", "DJANGO_SETTINGS_MODULE", "READER_PAGE_CACHE_SECONDS"}
    env = {key: value for key, value in os.environ.items() if key not in own}
    env.update(
        VAR_DIR=str(var_dir), DEBUG="0", LOCAL_RUN="1", HOST="127.0.0.1", PORT=str(port),
        WEB_CONCURRENCY=str(args.workers), COMMENTS_MODERATION=args.moderation,
        DJANGO_SETTINGS_MODULE="newsapp.settings", LOG_LEVEL="INFO",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
    )  # fmt: skip
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@dataclass
class Load:
    """What the clients saw."""

    seconds: float
    idle_ms: list
    reader_ms: list
    reader_failures: Counter


def load(port, facts, posts, marker, args):
    """Open every client's form, wait as a person would, then send all posts at once while
    readers load the page. Fills in each post's outcome."""
    url, article, stop = facts["url"], facts["article"], threading.Event()
    with ThreadPoolExecutor(args.threads) as pool:
        idle_ms = [fetch(port, url)[3] for _ in range(5)]  # one reader, nothing else
        addresses = sorted({post.ip for post in posts})
        opened = pool.map(functools.partial(get_form, port, url), addresses)
        forms = dict(zip(addresses, opened, strict=True))
        for post in posts:
            post.form, post.cookie = forms[post.ip]
        time.sleep(facts["min_seconds"] + 0.5)  # posted sooner, comments are held
        with ThreadPoolExecutor(args.readers) as readers:
            reading = [readers.submit(read_page, port, url, stop, n) for n in range(args.readers)]
            start = time.perf_counter()
            list(pool.map(lambda post: send(port, article, marker, post), posts))
            seconds = time.perf_counter() - start
            stop.set()
    result = Load(seconds, idle_ms, [], Counter())
    for future in reading:
        times, failures = future.result()
        result.reader_ms += times
        result.reader_failures += failures
    return result


def worker_ms(log, facts):
    """Milliseconds gunicorn's workers spent on the posts and on the readers' page loads."""
    spent = {"post": [], "reader": []}
    for client, method, path, ms in ACCESS_RE.findall(log):
        if method == "POST" and path == f"/comments/post/{facts['article']}/":
            spent["post"].append(float(ms))
        elif method == "GET" and path == facts["url"] and client.startswith(READER_NETWORK):
            spent["reader"].append(float(ms))
    return spent


def tally(posts, stored_rows, marker, limit, window):
    """Match the stored comments to the answers: (comments stored per post number, counts).

    The limiter's windows are fixed (every `window` seconds since the epoch), so an address
    whose posts span the start of a window may rightly pass more than `limit`; the limit is
    checked on the other addresses ("unchecked" counts those)."""
    stored, mismatched = Counter(), 0
    by_number = {post.number: post for post in posts}
    status_for = {"published": "approved", "held": "pending"}
    for text, status, ip_address in stored_rows:
        for number in map(int, re.findall(rf"{marker}-(\d{{4}})", text)):
            stored[number] += 1
            post = by_number[number]
            mismatched += ip_address != post.ip or status != status_for.get(post.outcome, status)
    accepted = {post.number for post in posts if post.outcome in status_for}
    spans = {}
    for post in posts:
        spans.setdefault(post.ip, []).extend(post.span)
    checked = {ip for ip, times in spans.items() if min(times) // window == max(times) // window}
    accepted_per_address = Counter(
        post.ip for post in posts if post.number in accepted and post.ip in checked
    )
    posts_per_address = Counter(post.ip for post in posts if post.ip in checked)
    limited = sum(1 for post in posts if post.outcome == "rate_limited" and post.ip in checked)
    expected_limited = sum(max(0, count - limit) for count in posts_per_address.values())
    return stored, {
        "lost": sum(1 for number in accepted if not stored[number]),
        "duplicated": sum(count - 1 for count in stored.values() if count > 1),
        "stored_refused": sum(1 for number in stored if number not in accepted),
        "mismatched": mismatched,
        "over_limit": sum(max(0, count - limit) for count in accepted_per_address.values()),
        "rate_limit_miscount": abs(limited - expected_limited),
        "expected_limited": expected_limited,
        "unchecked": len(spans) - len(checked),
    }


def run(label, database_url, args):
    """Serve a scratch site on `database_url` (SQLite when None), load it, report; ok?"""
    var_dir = Path(tempfile.mkdtemp(prefix="newsapp-load-"))
    port = free_port()
    env = site_env(var_dir, port, database_url, args)
    for command in ["migrate", "demo_content", "demo_comments"]:
        manage(env, command, "--verbosity", "0", *(["--noinput"] if command == "migrate" else []))
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    facts = query(env, FACTS)
    if facts["article"] is None:
        sys.exit("The demo content has no published article open for comments.")
    limit, window = facts["rate_limit_ip"]
    marker = secrets.token_hex(4)
    posts = plan_posts(args.posts, limit, facts["parents"], args.seed)
    log_path = var_dir / "gunicorn.log"
    with gunicorn(env, port, log_path) as server:
        seen = load(port, facts, posts, marker, args)

    thread_id = facts["parents"][0] if facts["parents"] else 0
    after = query(env, STORED, ARTICLE=facts["article"], MARKER=marker, THREAD=thread_id)
    stored, counts = tally(posts, after["stored"], marker, limit, window)
    expected_limited, unchecked = counts.pop("expected_limited"), counts.pop("unchecked")
    outcomes = Counter(post.outcome for post in posts)
    log = log_path.read_text(errors="replace")
    reader_5xx = sum(n for status, n in seen.reader_failures.items() if status.startswith("5"))
    counts |= {
        "thread": max(0, thread_faults(after["thread"]) - thread_faults(facts["thread"])),
        "5xx": outcomes["server_error"] + reader_5xx,
        "no_answer": outcomes["no_answer"],
        "locked": log.lower().count("database is locked"),
        "tracebacks": log.count("Traceback (most recent call last)"),
        "timeouts": log.count("WORKER TIMEOUT"),
        "stopped_early": int(server["stopped_early"]),
    }
    unanswered = Counter(post.detail for post in posts if post.outcome == "no_answer")
    refusals = Counter(post.detail for post in posts if post.outcome == "refused")
    accepted = outcomes["published"] + outcomes["held"]

    print(
        f"\n{label}: {args.workers} gunicorn workers, moderation {facts['moderation']!r}, "
        f"{len(posts)} posts ({sum(1 for post in posts if post.parent)} replies) from "
        f"{len({post.ip for post in posts})} addresses in {seen.seconds:.1f} s; "
        f"limit {limit} per address per {window} s"
    )
    rows = [
        ("sent", len(posts), ""),
        ("accepted", accepted, f"published {outcomes['published']}, held {outcomes['held']}"),
        ("rate-limited (429)", outcomes["rate_limited"], f"expected {expected_limited}"
         + (f"; {unchecked} addresses spanning a window start not checked" if unchecked else "")),
        ("refused, other", outcomes["refused"], listed(refusals)),
        ("stored", stored.total(), ""),
        ("lost (accepted, not stored)", counts["lost"], ""),
        ("duplicated (stored twice)", counts["duplicated"], ""),
        ("stored though not accepted", counts["stored_refused"], ""),
        ("stored status or address wrong", counts["mismatched"], "vs the answer, the client"),
        ("accepted past the limit", counts["over_limit"], ""),
        ("thread positions broken", counts["thread"], f"thread of comment {thread_id}"),
        ("5xx (posts and readers)", counts["5xx"], ""),
        ("no answer", counts["no_answer"], listed(unanswered)),
        ('"database is locked" in log', counts["locked"], ""),
        ("tracebacks in log", counts["tracebacks"], f"worker timeouts {counts['timeouts']}"),
        ("gunicorn stopped mid-run", counts["stopped_early"], "signalled from outside, or died"),
        ("reader page loads", len(seen.reader_ms), f"failed {seen.reader_failures.total()} "
         f"{dict(seen.reader_failures) if seen.reader_failures else ''}"),
    ]  # fmt: skip
    for name, value, note in rows:
        print(f"  {name:<30} {value:6d}   {note}".rstrip())
    spent = worker_ms(log, facts)
    for name, answered, worked in [
        ("post answered in", [post.ms for post in posts if post.ms], spent["post"]),
        ("reader page answered in", seen.reader_ms, spent["reader"]),
    ]:
        print(f"  {name:<30} {spread(answered)} (in a worker: {spread(worked)})")
    print(f"  {'article page, no load':<30} {statistics.median(seen.idle_ms):.0f} ms")
    failed = [name for name, value in counts.items() if value]
    if failed:
        print(f"  FAILED: {', '.join(failed)}; server log kept in {log_path}")
    else:
        print("  OK")
        shutil.rmtree(var_dir, ignore_errors=True)
    return not failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres", "both"],
        default="postgres" if os.environ.get("DATABASE_URL") else "sqlite",
        help="postgres and both need DATABASE_URL (default: postgres when it is set)",
    )
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--threads", type=int, default=48, help="concurrent posting clients")
    parser.add_argument("--readers", type=int, default=8, help="threads loading the page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--moderation", choices=["pre", "post"], default="post")
    parser.add_argument("--pg-database", default="newsapp_load")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if args.database != "sqlite" and not database_url.startswith(("postgres", "pgsql")):
        sys.exit("--database postgres needs DATABASE_URL=postgres://... (.ci/services.sh)")
    ok = True
    if args.database in ("sqlite", "both"):
        ok &= run("SQLite", None, args)
    if args.database in ("postgres", "both"):
        with scratch_postgres(database_url, args.pg_database) as url:
            ok &= run(f"PostgreSQL ({args.pg_database})", url, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
