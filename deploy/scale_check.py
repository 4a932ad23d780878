"""The scale-out proof on one machine (README "Deployment / scaling out"; run it with
`make scale-check` or deploy/scale_check.sh, which start PostgreSQL and Redis first).

Starts an S3-compatible server (moto in server mode) with a public-read bucket, two gunicorn
app servers (A and B) from this checkout on one PostgreSQL database (a scratch one, dropped
at the end), Redis and that bucket, the publishing worker, and nginx in front with
deploy/nginx/newsapp.conf (only its addresses and paths rewritten). Then, through nginx:

  1. an editor signs in and uploads an image through A, puts it in a story through A, and a
     reader gets the story from B, its pictures from the bucket through nginx's /media/;
  2. a page cached on A shows an edit made through B at once;
  3. a commenter's posts land on A and B, and the limit per address holds across both, on the
     address nginx saw: a made-up X-Forwarded-For changes nothing, another reader may post;
  4. requests/s through nginx with one and with two app servers (wrk);
  5. under load (readers and commenters), A is stopped: no accepted comment is lost or
     doubled, and no client sees a 5xx or a broken connection.

Prints each check and the figures; exits 1 if any check fails. Ports 8440-8443.
"""

import argparse
import contextlib
import html
import html.parser
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import boto3

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"
PORTS = {"nginx": 8440, "a": 8441, "b": 8442, "s3": 8443}
BUCKET = "newsapp-media"
SITE_URL = f"http://{LOOPBACK}:{PORTS['nginx']}"
ADMIN_PASSWORD = "scale-check-" + secrets.token_urlsafe(12)
RATE_LIMIT = 5  # COMMENTS_RATE_LIMIT_IP's default number of posts per address
FORM_WAIT = 3.5  # COMMENTS_MIN_SECONDS (3) has to pass between serving a form and its post
# What a fresh shell would not have: none of the settings this run chooses itself.
OWN_VARIABLES = {
    "SECRET_KEY", "DEBUG", "LOCAL_RUN", "ALLOWED_HOSTS", "SITE_URL", "VAR_DIR", "CACHE_DIR",
    "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE", "HOST", "PORT", "TRUSTED_PROXY_COUNT",
    "TRUSTED_PROXY_NETWORKS", "TRUSTED_PROXY_HEADER", "READER_PAGE_CACHE_SECONDS",
}  # fmt: skip

failures = []


def check(ok, what, detail=""):
    print(f"  {'PASS' if ok else 'FAIL'}  {what}{f' ({detail})' if detail else ''}", flush=True)
    if not ok:
        failures.append(what)
    return ok


# HTTP, as a browser would (cookies, forms), from a chosen loopback address


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = {key.lower(): value for key, value in raw.getheaders()}
        self.cookies = raw.msg.get_all("Set-Cookie") or []
        self.body = raw.read()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Browser:
    def __init__(self, port, *, address=LOOPBACK):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, *, body=None, headers=None, port=None):
        connection = http.client.HTTPConnection(
            LOOPBACK, port or self.port, timeout=30, source_address=(self.address, 0)
        )
        sent = {"Host": f"{LOOPBACK}:{port or self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = Response(connection.getresponse())
        finally:
            connection.close()
        for cookie in response.cookies:
            name, _, value = cookie.split(";")[0].partition("=")
            if "max-age=0" in cookie.lower() or not value:
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()
        return response

    def get(self, path, **options):
        return self.request("GET", path, **options)

    def post_form(self, path, fields, **options):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            **options.pop("headers", {}),
        }
        return self.request(
            "POST",
            path,
            body=urlencode([tuple(pair) for pair in fields]),
            headers=headers,
            **options,
        )


class Forms(html.parser.HTMLParser):
    """The fields a browser would submit with each form of a page, as it shows them."""

    IGNORED_TYPES = {"submit", "button", "image", "file", "reset"}

    def __init__(self, page):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else None
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in self.IGNORED_TYPES or (
                kind in {"checkbox", "radio"} and "checked" not in attrs
            ):
                return
            fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select":
            self._select = {"name": attrs.get("name"), "multiple": "multiple" in attrs,
                            "options": [], "chosen": []}  # fmt: skip
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select["chosen"].append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            select, self._select = self._select, None
            chosen = select["chosen"] or (select["options"][:1] if not select["multiple"] else [])
            if select["name"]:
                self.forms[-1]["fields"].extend([select["name"], value] for value in chosen)
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            self._textarea = None
            if name:
                self.forms[-1]["fields"].append([name, value.removeprefix("\n")])

    def with_field(self, name):
        return next(form for form in self.forms if any(f[0] == name for f in form["fields"]))


def set_field(form, name, value):
    for field in form["fields"]:
        if field[0] == name:
            field[1] = value
            return
    form["fields"].append([name, value])


def field(form, name):
    return next(value for key, value in form["fields"] if key == name)


def multipart(name, filename, data, content_type):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


# The machinery: servers started, watched and stopped


class Run:
    def __init__(self, scratch, database_url, redis_url):
        self.scratch = scratch
        self.processes = {}
        self.cache_prefix = f"scale-check-{uuid.uuid4().hex[:8]}"
        self.env = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
        self.env.update(
            DJANGO_SETTINGS_MODULE="newsapp.settings",
            DEBUG="0",
            SECRET_KEY="scale-check-" + secrets.token_urlsafe(40),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL=SITE_URL,
            VAR_DIR=str(scratch / "var"),
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            TRUSTED_PROXY_COUNT="1",
            MEDIA_S3_BUCKET=BUCKET,
            MEDIA_S3_ENDPOINT_URL=f"http://{LOOPBACK}:{PORTS['s3']}",
            MEDIA_S3_REGION="us-east-1",
            MEDIA_S3_PUBLIC_URL="/media/",
            AWS_ACCESS_KEY_ID="scale-check",
            AWS_SECRET_ACCESS_KEY="scale-check-secret",  # noqa: S106 (moto's, for this run)
            ADMIN_PASSWORD=ADMIN_PASSWORD,
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="4",
            LOG_LEVEL="WARNING",
        )

    def start(self, name, command, **env):
        log = (self.scratch / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(  # noqa: S603 (our own programs)
            [str(part) for part in command],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self.processes[name]

    def start_app_server(self, name):
        port = PORTS[name]
        self.start(
            name,
            [BIN / "gunicorn", "--config", "newsapp/gunicorn.conf.py", "newsapp.wsgi"],
            PORT=str(port),
            GUNICORN_ACCESS_LOG=str(self.scratch / f"{name}-access.log"),
        )
        wait_for(port, "/readyz", name)

    def stop(self, name, *, wait=30):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self):
        for name in list(self.processes)[::-1]:
            self.stop(name, wait=10)

    def manage(self, *args):
        result = subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip
        if result.returncode:
            sys.exit(f"manage.py {args[0]} failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        return result.stdout

    def query(self, code):
        """Run `code` in the site (it prints one JSON value) and return the value."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def access_log(self, name):
        path = self.scratch / f"{name}-access.log"
        return path.read_text() if path.exists() else ""


def wait_for(port, path, name, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if Browser(port).get(path).status == 200:
                return
        time.sleep(0.3)
    sys.exit(f"{name} did not answer {path} on port {port} within {timeout} s")


def scratch_database(database_url, name):
    """A database of this run's own on the server of `database_url`; its URL."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def drop_database(database_url, name):
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def s3_client():
    return boto3.client(
        "s3",
        endpoint_url=f"http://{LOOPBACK}:{PORTS['s3']}",
        region_name="us-east-1",
        aws_access_key_id="scale-check",
        aws_secret_access_key="scale-check-secret",  # noqa: S106
    )


def make_public_bucket():
    client = s3_client()
    client.create_bucket(Bucket=BUCKET)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                       "Resource": f"arn:aws:s3:::{BUCKET}/*"}],
    }  # fmt: skip
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(policy))
    return client


def nginx_config(run, *, down=()):
    """deploy/nginx/newsapp.conf with this run's addresses, in a main nginx.conf."""
    site = (ROOT / "deploy" / "nginx" / "newsapp.conf").read_text()

    def server(name):
        return f"server {LOOPBACK}:{PORTS[name]}" + (" down" if name in down else "")

    replacements = {
        "server 10.0.0.11:8000": server("a"),
        "server 10.0.0.12:8000": server("b"),
        "listen 80;": f"listen {LOOPBACK}:{PORTS['nginx']};",
        "127.0.0.1:9000": f"{LOOPBACK}:{PORTS['s3']}",
        "/var/cache/nginx/": f"{run.scratch}/nginx-cache/",
    }  # fmt: skip
    for old, new in replacements.items():
        if old not in site:
            sys.exit(f"deploy/nginx/newsapp.conf no longer has {old!r}; update scale_check.py")
        site = site.replace(old, new)
    (run.scratch / "nginx-cache").mkdir(exist_ok=True)
    (run.scratch / "newsapp.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    main = run.scratch / "nginx.conf"
    main.write_text(
        f"{user}\nworker_processes 2;\npid {run.scratch}/nginx.pid;\n"
        f"error_log {run.scratch}/nginx-error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  access_log {run.scratch}/nginx-access.log;\n"
        f"  include {run.scratch}/newsapp.conf;\n}}\n"
    )
    return main


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(run):
    config = nginx_config(run)
    tested = subprocess.run(  # noqa: S603 (nginx with our configuration)
        [nginx_binary(), "-t", "-p", str(run.scratch), "-c", str(config)],
        capture_output=True, text=True,
    )  # fmt: skip
    if tested.returncode:
        sys.exit(f"nginx refused the configuration:\n{tested.stderr}")
    run.start("nginx", [nginx_binary(), "-p", run.scratch, "-c", config, "-g", "daemon off;"])
    wait_for(PORTS["nginx"], "/healthz", "nginx")


def reload_nginx(run, *, down=()):
    config = nginx_config(run, down=down)
    subprocess.run(  # noqa: S603
        [nginx_binary(), "-p", str(run.scratch), "-c", str(config), "-s", "reload"],
        check=True,
        capture_output=True,
    )
    time.sleep(1.5)  # the old workers finish, the new ones take over


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


def wrk(url, seconds):
    result = subprocess.run(  # noqa: S603 (wrk on our own address)
        [shutil.which("wrk") or "wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, timeout=seconds + 30,
    )  # fmt: skip
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    p50 = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", result.stdout, re.MULTILINE)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    # "connect 0, read 0, write 0, timeout 3": timeouts are answers slower than wrk's 2 s.
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       result.stdout)  # fmt: skip
    return {
        "rate": float(rate[1]) if rate else 0.0,
        "p50": p50[1] if p50 else "?",
        "p99": p99[1] if p99 else "?",
        "bad": int(bad[1]) if bad else 0,
        "errors": sum(map(int, errors.groups()[:3])) if errors else 0,
        "slow": int(errors[4]) if errors else 0,
        "ran": result.returncode == 0 and rate is not None,
    }


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
    print("\n5. A stops under load: no accepted write lost, no 5xx")
    addresses = [f"127.0.3.{n}" for n in range(1, 41)]
    forms = {}
    for address in addresses:
        browser = Browser(PORTS["nginx"], address=address)
        forms[address] = (browser, comment_fields(browser, story, "", ""))
    time.sleep(FORM_WAIT)
    outcomes, accepted, lock = Counter(), [], threading.Lock()
    stop = threading.Event()

    def note(outcome, text=None):
        with lock:
            outcomes[outcome] += 1
            if text is not None:
                accepted.append(text)

    def reader():
        browser = Browser(PORTS["nginx"])
        paths = ["/", story["url"], story["section_url"], "/feed/"]
        number = 0
        while not stop.is_set():
            number += 1
            try:
                status = browser.get(paths[number % len(paths)]).status
                note("5xx" if status >= 500 else f"read {status}")
            except OSError as error:
                note(f"read error {error.__class__.__name__}")

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
                    note(f"post error {error.__class__.__name__}")
                    continue
                note("5xx" if status >= 500 else f"post {status}", text if status == 302 else None)
                time.sleep(0.05)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads += [threading.Thread(target=commenter, args=(addresses[n::2],)) for n in range(2)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    stopping_at = time.monotonic()
    run.stop("a")
    print(f"     A stopped gracefully in {time.monotonic() - stopping_at:.1f} s, under load")
    time.sleep(seconds * 2 / 3)
    stop.set()
    for thread in threads:
        thread.join(60)
    print("     " + ", ".join(f"{key}: {value}" for key, value in sorted(outcomes.items())))
    stored = run.query(
        "import json; from collections import Counter; from comments.models import Comment;"
        "print(json.dumps(Counter(Comment.objects.filter(text__startswith='Under load')"
        ".values_list('text', flat=True))))"
    )
    lost = [text for text in accepted if text not in stored]
    doubled = [text for text, count in stored.items() if count > 1]
    check(len(accepted) > 20, "comments were accepted while A stopped", f"{len(accepted)} accepted")
    check(not lost and not doubled, "every accepted comment is stored, once",
          f"{len(stored)} stored, {len(lost)} lost, {len(doubled)} doubled")  # fmt: skip
    errors = sum(count for key, count in outcomes.items() if "error" in key or key == "5xx")
    check(errors == 0, "no client saw a 5xx or a broken connection", f"{errors}")


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
    run = Run(scratch, scratch_database(database_url, database), redis_url)
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
        failover_journey(run, story, seconds=9)
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
