"""The scale-out proof on one machine (README "Deployment / scaling out"; run it with
`make scale-check` or deploy/scale_check.sh, which start PostgreSQL and Redis first).

Starts an S3-compatible server (moto in server mode) with a public-read bucket, two gunicorn
app servers (A and B) from this checkout on one PostgreSQL database (a scratch one, dropped
at the end), Redis and that bucket, the publishing worker, and nginx in front with
deploy/nginx/newsapp.conf (only its addresses and paths rewritten). Then, through nginx:

  1. an editor signs in and uploads an image through A, puts it in a story through A, and a
     reader gets the story from B, its pictures from the bucket through nginx's /media/;
  2. pages cached on A show at once a draft B publishes and an edit B saves (nginx's
     micro-cache within s-maxage), and the worker records the publication;
  3. a commenter's posts land on A and B, and the limit per address holds across both, on the
     address nginx saw: a made-up X-Forwarded-For changes nothing, another reader may post;
  4. requests/s through nginx with one and with two app servers (wrk);
  5. under load (readers and commenters), B is drained from nginx, stopped and restarted,
     then A is stopped without notice: no accepted comment is lost or doubled, and no client
     sees a 5xx or a broken connection once nginx has dropped A.

Prints each check and the figures; exits 1 if any check fails. Ports 8440-8443.
"""

import argparse
import contextlib
import html
import json
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from scale_machinery import (
    BIN,
    BUCKET,
    LOOPBACK,
    PORTS,
    SITE_URL,
    Browser,
    Forms,
    Run,
    drop_database,
    field,
    make_public_bucket,
    multipart,
    reload_nginx,
    s3_client,
    scratch_database,
    set_field,
    start_nginx,
    wait_for,
    wrk,
)

ADMIN_PASSWORD = "scale-check-" + secrets.token_urlsafe(12)
RATE_LIMIT = 5  # COMMENTS_RATE_LIMIT_IP's default number of posts per address
FORM_WAIT = 3.5  # COMMENTS_MIN_SECONDS (3) has to pass between serving a form and its post

failures = []


def check(ok, what, detail=""):
    print(f"  {'PASS' if ok else 'FAIL'}  {what}{f' ({detail})' if detail else ''}", flush=True)
    if not ok:
        failures.append(what)
    return ok


# The journeys


def sign_in(browser):
    page = browser.get("/admin/login/?next=/admin/")
    form = Forms(page.text).with_field("username")
    set_field(form, "username", "admin")
    set_field(form, "password", ADMIN_PASSWORD)
    answer = browser.post_form("/admin/login/?next=/admin/", form["fields"])
    return answer.status == 302 and "sessionid" in browser.cookies


def edit_article(browser, admin_url, *, publish_now=False, **changes):
    page = browser.get(admin_url)
    form = Forms(page.text).with_field("headline")
    if publish_now:
        changes.update(status="published", **now_fields(form))
    for name, change in changes.items():
        set_field(form, name, change(field(form, name)) if callable(change) else change)
    return browser.post_form(admin_url, form["fields"])


def picture_bytes():
    """A real photograph-sized JPEG (1600 × 900), made here."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1600, 900), (40, 90, 140))
    draw = ImageDraw.Draw(image)
    for n in range(0, 1600, 80):
        draw.rectangle((n, 450 + (n % 240), n + 60, 900), fill=(200, 120 + n % 100, 60))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=88)
    return output.getvalue()


def editor_journey(run, story):
    print("\n1. An image uploaded through A is served through B, from the bucket")
    editor_a = Browser(PORTS["a"])
    check(sign_in(editor_a), "the editor signs in on A")
    data = picture_bytes()
    body, content_type = multipart("image", "harbour.jpg", data, "image/jpeg")
    headers = {"Content-Type": content_type, "X-CSRFToken": editor_a.cookies.get("csrftoken", "")}
    upload = editor_a.request("POST", "/editor/upload/", body=body, headers=headers)
    code = json.loads(upload.text).get("image_code", "") if upload.status == 200 else ""
    url = code.partition("(")[2].rstrip(")")
    check(url.startswith("/media/editor/"), "A stores the upload and gives its address", url)
    name = url.removeprefix("/media/")
    stored = {
        item["Key"] for item in s3_client().list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }
    renditions = sorted(
        key for key in stored if key.startswith(f"renditions/{name.rsplit('.', 1)[0]}/")
    )
    check(name in stored and len(renditions) >= 2, "the file and its renditions are in the bucket",
          f"{len(renditions)} renditions")  # fmt: skip
    saved = edit_article(editor_a, story["admin_url"], body=lambda text: f"{text}\n\n{code}\n")
    check(saved.status == 302, "the editor puts it in the story through A")

    page_b = Browser(PORTS["b"]).get(story["url"])
    addresses = sorted(set(re.findall(r"/media/renditions/editor/[^\s\"',]+", page_b.text)))
    check(page_b.status == 200 and addresses, "B's page of the story shows the picture",
          f"{len(addresses)} rendition addresses")  # fmt: skip
    reader = Browser(PORTS["nginx"])
    same = 0
    for address in addresses:
        got = reader.get(address)
        key = address.removeprefix("/media/")
        if (
            got.status == 200
            and got.body == s3_client().get_object(Bucket=BUCKET, Key=key)["Body"].read()
        ):
            same += 1
    check(addresses and same == len(addresses), "nginx serves each from the bucket, byte for byte",
          f"{same}/{len(addresses)}")  # fmt: skip
    check(Browser(PORTS["b"]).get(url).status == 404, "no app server serves /media/ itself")
    media_dir = run.scratch / "var" / "media"
    check(not media_dir.exists() or not any(media_dir.rglob("*.*")), "nothing was written to disk")
    return editor_a


def publish_journey(run, story, editor_a):
    print("\n2. Pages cached on A change at once when B publishes")
    reader_a, reader = Browser(PORTS["a"]), Browser(PORTS["nginx"])
    for _ in range(2):  # the second comes from the shared page cache (and nginx's micro-cache)
        home, article, nginx_home = reader_a.get("/"), reader.get(story["url"]), reader.get("/")
    check(shows(home, story["headline"]) and shows(article, story["headline"])
          and not shows(home, story["draft_headline"]),
          "A's cached home page has the story and not the draft")  # fmt: skip
    check(nginx_home.headers.get("x-micro-cache") == "HIT", "nginx holds the home page",
          nginx_home.headers.get("x-micro-cache", "?"))  # fmt: skip
    editor_b = Browser(PORTS["b"])
    editor_b.cookies = dict(editor_a.cookies)  # one session, shared through the database
    published = edit_article(editor_b, story["draft_admin_url"], publish_now=True)
    check(published.status == 302, "the session signed in on A works on B; B publishes a draft")
    started = time.monotonic()
    check(shows(reader_a.get("/"), story["draft_headline"]),
          "A's home page shows it on the next request")  # fmt: skip
    new_headline = f"{story['headline'][:150]} (updated {secrets.token_hex(3)})"
    saved = edit_article(editor_b, story["admin_url"], headline=new_headline)
    check(saved.status == 302 and shows(reader.get(story["url"]), new_headline),
          "B edits a story; its page through nginx shows the edit on the next request")  # fmt: skip
    story["headline"] = new_headline
    # Lists may be held by nginx's micro-cache for s-maxage (READER_PAGE_SHARED_MAX_AGE).
    while not shows(reader.get("/"), story["draft_headline"]) and time.monotonic() - started < 45:
        time.sleep(0.5)
    waited = time.monotonic() - started
    check(waited < 15, "the home page through nginx's micro-cache follows within s-maxage (10 s)",
          f"{waited:.1f} s")  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not run.query(RECORDED % story["draft_id"]):
        time.sleep(1)
    check(run.query(RECORDED % story["draft_id"]), "the worker records the publication once",
          f"{time.monotonic() - started:.0f} s after it")  # fmt: skip


def shows(response, text):
    return html.escape(text) in response.text


def now_fields(form):
    """The publication time fields of the admin form, set to now (the site's time is UTC)."""
    now = time.gmtime()
    names = {name for name, _ in form["fields"]}
    if "publish_at_0" in names:
        return {"publish_at_0": time.strftime("%Y-%m-%d", now),
                "publish_at_1": time.strftime("%H:%M:%S", now)}  # fmt: skip
    return {"publish_at": time.strftime("%Y-%m-%d %H:%M:%S", now)}


RECORDED = (
    "from articles.publishing.models import Event;"
    "print(Event.objects.filter(article_id=%d, correction=None).count() == 1 and 'true' or 'false')"
)


def comment_fields(browser, story, text, email):
    page = browser.get(story["url"])
    form = next(form for form in Forms(page.text).forms if "/comments/post/" in form["action"])
    set_field(form, "name", "Scale Check")
    set_field(form, "email", email)
    set_field(form, "text", text)
    return form


def commenter_journey(run, story):
    print("\n3. Comment limits hold across A and B, on the address nginx saw")
    before = {name: run.access_log(name).count("POST /comments/post/") for name in ("a", "b")}
    commenter, neighbour = (
        Browser(PORTS["nginx"], address="127.0.0.50"),
        Browser(PORTS["nginx"], address="127.0.0.51"),
    )
    form = comment_fields(commenter, story, "", "")
    other = comment_fields(neighbour, story, f"Neighbour {secrets.token_hex(4)}", "n@example.net")
    time.sleep(FORM_WAIT)
    answers = []
    for number in range(RATE_LIMIT + 2):
        set_field(form, "text", f"Point number {number} {secrets.token_hex(4)}")
        set_field(form, "email", f"reader{number}@example.net")
        answers.append(commenter.post_form(form["action"], form["fields"]).status)
    check(answers == [302] * RATE_LIMIT + [429, 429], f"{RATE_LIMIT} posts accepted, then refused",
          " ".join(map(str, answers)))  # fmt: skip
    set_field(form, "text", f"Spoofed {secrets.token_hex(4)}")
    set_field(form, "email", "spoof@example.net")
    spoofed = commenter.post_form(
        form["action"], form["fields"], headers={"X-Forwarded-For": "198.51.100.7"}
    )
    check(spoofed.status == 429, "a made-up X-Forwarded-For changes nothing", str(spoofed.status))
    other_answer = neighbour.post_form(other["action"], other["fields"]).status
    check(other_answer == 302, "another reader (another address) may still post", str(other_answer))
    after = {name: run.access_log(name).count("POST /comments/post/") for name in ("a", "b")}
    served = {name: after[name] - before[name] for name in after}
    check(served["a"] > 0 and served["b"] > 0, "the posts were answered by both A and B",
          f"A {served['a']}, B {served['b']}")  # fmt: skip
    addresses = run.query(
        "import json; from comments.models import Comment;"
        "print(json.dumps(sorted(set(Comment.objects.filter(name='Scale Check')"
        ".values_list('ip_address', flat=True)))))"
    )
    check(addresses == ["127.0.0.50", "127.0.0.51"], "stored addresses are the readers' own",
          ", ".join(map(str, addresses)))  # fmt: skip


def throughput(run, story, seconds):
    print("\n4. Requests/s through nginx, one app server and two (wrk -t2 -c16)")
    if not shutil.which("wrk"):
        check(False, "wrk is installed (apt-get install wrk)")
        return
    # The article page: never in nginx's micro-cache (it carries the reader's CSRF token), so
    # each request reaches an app server, which answers from the shared page cache.
    url = f"{SITE_URL}{story['url']}"
    figures = {}
    for label, down in (("one app server (B down)", ("b",)), ("two app servers", ())):
        reload_nginx(run, down=down)
        figures[label] = wrk(url, seconds)
    reload_nginx(run)
    home = wrk(f"{SITE_URL}/", seconds)
    for label, figure in [*figures.items(), ("home page from nginx's micro-cache", home)]:
        print(f"     {label:<36} {figure['rate']:>7.0f} req/s  p50 {figure['p50']:>8}  "
              f"p99 {figure['p99']:>8}  non-2xx {figure['bad']}  errors {figure['errors']}  "
              f"over 2 s {figure['slow']}")  # fmt: skip
    print(f"     (this machine has {os.cpu_count()} CPU cores, load average "
          f"{os.getloadavg()[0]:.1f}: both app servers share them here, so a second one on the "
          "same machine adds\n     no capacity; on its own machine it adds its cores)")  # fmt: skip
    check(all(figure["ran"] and figure["bad"] == 0 and figure["errors"] == 0
              for figure in [*figures.values(), home]),
          "every answer under load was a 2xx, with no connection error")  # fmt: skip


def failover_journey(run, story, seconds):
    print("\n5. Servers stop under load: no accepted write lost, no 5xx once nginx drops them")
    addresses = [f"127.0.3.{n}" for n in range(1, 61)]
    forms = {}
    for address in addresses:
        browser = Browser(PORTS["nginx"], address=address)
        forms[address] = (browser, comment_fields(browser, story, "", ""))
    time.sleep(FORM_WAIT)
    events, accepted, lock = [], [], threading.Lock()
    stop = threading.Event()

    def note(kind, path, status, text=None):
        with lock:
            events.append((time.monotonic(), kind, path, status))
            if text is not None:
                accepted.append(text)

    def reader():
        browser = Browser(PORTS["nginx"])
        paths = ["/", story["url"], story["section_url"], "/feed/"]
        number = 0
        while not stop.is_set():
            number += 1
            path = paths[number % len(paths)]
            try:
                note("read", path, browser.get(path).status)
            except OSError as error:
                note("read", path, error.__class__.__name__)

    def commenter(mine):
        for address in mine:
            browser, form = forms[address]
            for number in range(RATE_LIMIT - 1):
                if stop.is_set():
                    return
                text = f"Under load {address} {number} {secrets.token_hex(4)}"
                set_field(form, "text", text)
                set_field(form, "email", f"load-{address}-{number}@example.net")
                try:
                    status = browser.post_form(form["action"], form["fields"]).status
                except OSError as error:
                    note("post", form["action"], error.__class__.__name__)
                    continue
                note("post", form["action"], status, text if status == 302 else None)
                time.sleep(0.05)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads += [threading.Thread(target=commenter, args=(addresses[n::2],)) for n in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 4)
    # The operator's way: take B out of nginx, then stop it; then bring it back.
    drain_started = time.monotonic()
    reload_nginx(run, down=("b",))
    run.stop("b")
    drained = time.monotonic()
    run.start_app_server("b")
    reload_nginx(run)
    print(f"     B drained, stopped and back in {time.monotonic() - drain_started:.1f} s")
    time.sleep(seconds / 4)
    # Unannounced: A is stopped (SIGTERM) while nginx still sends it requests.
    stop_started = time.monotonic()
    run.stop("a")
    stopped = time.monotonic()
    print(
        f"     A stopped without notice; it finished its requests in {stopped - stop_started:.1f} s"
    )
    time.sleep(seconds / 2)
    stop.set()
    for thread in threads:
        thread.join(60)

    def failed(event):
        return not isinstance(event[3], int) or event[3] >= 500

    def phase(moment):
        if drain_started <= moment <= drained:
            return "while B was drained and stopped"
        if stop_started <= moment <= stopped + 1:
            return "while A was stopping"
        return "otherwise"

    outcomes = Counter(f"{kind} {status}" for _, kind, _, status in events)
    print("     " + ", ".join(f"{key}: {value}" for key, value in sorted(outcomes.items())))
    failures_by_phase = Counter(phase(event[0]) for event in events if failed(event))
    for event in events:
        if failed(event):
            print(f"     failed {phase(event[0])}: {event[1]} {event[2]} -> {event[3]}")
    stored = run.query(
        "import json; from collections import Counter; from comments.models import Comment;"
        "print(json.dumps(Counter(Comment.objects.filter(text__startswith='Under load')"
        ".values_list('text', flat=True))))"
    )
    lost = [text for text in accepted if text not in stored]
    doubled = [text for text, count in stored.items() if count > 1]
    check(len(accepted) > 20, "comments were accepted throughout", f"{len(accepted)} accepted")
    check(not lost and not doubled, "every accepted comment is stored, once",
          f"{len(stored)} stored, {len(lost)} lost, {len(doubled)} doubled")  # fmt: skip
    check(failures_by_phase["while B was drained and stopped"] == 0,
          "a drained server stops with no client seeing a 5xx or a broken connection")  # fmt: skip
    check(failures_by_phase["otherwise"] == 0,
          "once nginx dropped A, no client saw a 5xx or a broken connection")  # fmt: skip
    print(f"     (requests that failed in the second A stopped: "
          f"{failures_by_phase['while A was stopping']})")  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="each wrk run (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and logs")
    options = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database_url and database_url.startswith("postgres") and redis_url):
        sys.exit(
            'Needs PostgreSQL and Redis: eval "$(.ci/services.sh)" first '
            "(deploy/scale_check.sh does)."
        )
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        sys.exit("Needs nginx: apt-get install nginx (deploy/scale_check.sh does).")
    scratch = Path(tempfile.mkdtemp(prefix="newsapp-scale-"))
    database = f"newsapp_scale_check_{os.getpid()}"
    run = Run(
        scratch, scratch_database(database_url, database), redis_url, admin_password=ADMIN_PASSWORD
    )
    started = time.monotonic()
    try:
        print(f"Scratch folder {scratch}; database {database}; Redis prefix {run.cache_prefix}")
        run.start("s3", [BIN / "moto_server", "-H", LOOPBACK, "-p", PORTS["s3"]])
        wait_for(PORTS["s3"], "/moto-api/", "moto")
        make_public_bucket()
        print(
            "Preparing the site (migrate, demo content into the bucket, renditions)...", flush=True
        )
        for command in ("migrate --noinput", "demo_content", "demo_comments", "ensure_admin",
                        "collectstatic --noinput --verbosity 0"):  # fmt: skip
            run.manage(*command.split())
        story = run.query(STORY)
        run.start_app_server("a")
        run.start_app_server("b")
        run.start("worker", [sys.executable, "manage.py", "publish_worker"])
        start_nginx(run)
        print(f"Ready in {time.monotonic() - started:.0f} s: nginx :{PORTS['nginx']} -> "
              f"A :{PORTS['a']}, B :{PORTS['b']}; moto :{PORTS['s3']}; worker")  # fmt: skip
        editor = editor_journey(run, story)
        publish_journey(run, story, editor)
        commenter_journey(run, story)
        throughput(run, story, options.seconds)
        failover_journey(run, story, seconds=12)
        check(run.processes["worker"].poll() is None, "the publishing worker ran throughout")
    finally:
        run.stop_all()
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(f"{run.cache_prefix}:*", count=1000):
                client.delete(key)
        drop_database(database_url, database)
        if options.keep:
            print(f"Logs kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print(f"\n{'All checks passed' if not failures else f'{len(failures)} check(s) FAILED'} "
          f"in {time.monotonic() - started:.0f} s.")  # fmt: skip
    print(NEXT_STEPS)
    return 1 if failures else 0


# A published story with comments open, on the home page.
STORY = """
import json
from django.urls import reverse
from articles.models import Article
from comments.moderation import article_comment_settings, comments_are_open
for article in Article.objects.published().select_related("section").order_by("-publish_at"):
    if comments_are_open(article, article_comment_settings(article)):
        break
draft = Article.objects.filter(status=Article.Status.DRAFT).order_by("pk").first()
print(json.dumps({
    "draft_id": draft.pk,
    "draft_headline": draft.headline,
    "draft_admin_url": reverse("admin:articles_article_change", args=[draft.pk]),
    "url": article.get_absolute_url(),
    "headline": article.headline,
    "section_url": article.section.get_absolute_url(),
    "admin_url": reverse("admin:articles_article_change", args=[article.pk]),
}))
"""

NEXT_STEPS = """
Beyond one machine: more app servers are more `server` lines in nginx's upstream (each with
the same .env); a PostgreSQL read replica behind a DATABASE_REPLICA_URL database router for
reader pages; a CDN in front of nginx's micro-cache (it honours the same s-maxage) and of
/media/; Redis and the bucket as the provider's managed services."""


if __name__ == "__main__":
    sys.exit(main())
