"""The machinery of the scale-out proof (deploy/scale_check.py): a browser-like HTTP client
from a chosen loopback address, and the servers (moto, gunicorn, nginx) started, watched and
stopped."""

import contextlib
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
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import boto3

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOOPBACK = "127.0.0.1"
PORTS = {"nginx": 8440, "a": 8441, "b": 8442, "s3": 8443}
BUCKET = "newsapp-media"
SITE_URL = f"http://{LOOPBACK}:{PORTS['nginx']}"
# What a fresh shell would not have: none of the settings this run chooses itself.
OWN_VARIABLES = {
    "SECRET_KEY", "DEBUG", "LOCAL_RUN", "ALLOWED_HOSTS", "SITE_URL", "VAR_DIR", "CACHE_DIR",
    "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE", "HOST", "PORT", "TRUSTED_PROXY_COUNT",
    "TRUSTED_PROXY_NETWORKS", "TRUSTED_PROXY_HEADER", "READER_PAGE_CACHE_SECONDS",
}  # fmt: skip


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
    def __init__(self, scratch, database_url, redis_url, *, admin_password):
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
            ADMIN_PASSWORD=admin_password,
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
