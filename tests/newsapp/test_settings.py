"""Settings from the environment: production fails loudly, local runs work with nothing set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

BASE_DIR = Path(settings.BASE_DIR)
# What a fresh shell would have: none of the variables the test settings or CI set.
CONFIG_VARIABLES = {
    "SECRET_KEY", "DEBUG", "LOCAL_RUN", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL",
    "SITE_URL", "VAR_DIR", "CACHE_DIR", "MEDIA_ROOT", "STATIC_ROOT", "DJANGO_SETTINGS_MODULE",
    "HOST", "PORT", "COMMENTS_MODERATION", "COMMENTS_CLOSE_AFTER_DAYS",
    "COMMENTS_IP_RETENTION_DAYS", "COMMENTS_MODERATION_NOTICE_EMAILS",
}  # fmt: skip

PRINT_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "database": settings.DATABASES["default"]["ENGINE"],
    "options": settings.DATABASES["default"].get("OPTIONS", {}),
    "debug": settings.DEBUG,
    "secret_key_length": len(settings.SECRET_KEY),
}))
"""


def run_python(code, tmp_path, **environment):
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="newsapp.settings", VAR_DIR=str(tmp_path / "var"))
    env.update(environment)
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_python(
        "import django; django.setup()", tmp_path, DEBUG="0", ALLOWED_HOSTS="news.example.org"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_manage_py_check_fails_without_a_secret_key(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES}
    env.update(DEBUG="0", VAR_DIR=str(tmp_path / "var"))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = run_python("import django; django.setup()", tmp_path, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_local_run_generates_a_private_key_and_uses_a_shared_cache(tmp_path):
    result = run_python(
        "import django; django.setup()\n" + PRINT_SETTINGS, tmp_path, LOCAL_RUN="1", DEBUG="0"
    )
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert printed["secret_key_length"] >= 50
    assert printed["debug"] is False
    # Rate limits and cached pages must hold across gunicorn workers: never per-process memory.
    assert printed["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert printed["database"] == "django.db.backends.sqlite3"
    assert printed["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in printed["options"]["init_command"]


def test_redis_url_selects_redis(tmp_path):
    result = run_python(
        "import django; django.setup()\n" + PRINT_SETTINGS,
        tmp_path,
        LOCAL_RUN="1",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["cache"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="SQLite settings only")
def test_sqlite_is_set_up_for_several_writers():
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    options = database["OPTIONS"]
    assert "PRAGMA journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_default_cache_is_shared_between_processes():
    assert not isinstance(caches["default"], LocMemCache)
    expected = "RedisCache" if os.environ.get("REDIS_URL") else "FileBasedCache"
    assert settings.CACHES["default"]["BACKEND"].endswith(expected)


GUNICORN_SETTINGS = (
    "import json, runpy; c = runpy.run_path('newsapp/gunicorn.conf.py'); "
    "print(json.dumps({k: c[k] for k in "
    "['worker_class', 'workers', 'threads', 'max_requests', 'max_requests_jitter']}))"
)


def test_gunicorn_sizes_itself_from_the_cpus_and_never_restarts_its_workers_together(tmp_path):
    # gthread with a few threads: a worker waiting on the cache or a slow client still serves
    # others, and fresh renders queue in fewer processes (bench_cache.py: p99 of a fresh
    # 200-comment article 0.68 s with 2 x 4 threads, over wrk's 2 s timeout with 4 sync).
    result = run_python(GUNICORN_SETTINGS, tmp_path)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    assert config["worker_class"] == "gthread"
    assert config["workers"] == max(2, os.cpu_count())
    assert config["threads"] == 4
    # Restart points spread over half the limit: evenly loaded workers reach theirs apart.
    assert config["max_requests_jitter"] >= config["max_requests"] // 2


PRINT_ADDRESSES = """
import json
import django
from django.conf import settings
from django.http.request import validate_host
from newsapp.settings import outward_address
django.setup()
outward = outward_address()
print(json.dumps({
    "site_url": settings.SITE_URL,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "outward": outward,
    "outward_allowed": validate_host(outward, settings.ALLOWED_HOSTS),
    "example_allowed": validate_host("attacker.example", settings.ALLOWED_HOSTS),
    "secure_cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def addresses(tmp_path, **environment):
    result = run_python(PRINT_ADDRESSES, tmp_path, LOCAL_RUN="1", DEBUG="0", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_local_run_on_every_address_answers_other_machines_and_links_to_itself(tmp_path):
    """`HOST=0.0.0.0 PORT=9000 make run`: other machines reach the site by this machine's
    address, and feeds, emails and canonical links point there, not at 0.0.0.0."""
    seen = addresses(tmp_path, HOST="0.0.0.0", PORT="9000")  # noqa: S104
    assert "0.0.0.0" not in seen["site_url"]  # noqa: S104
    assert seen["site_url"] == f"http://{seen['outward']}:9000"
    assert seen["outward_allowed"]
    assert {"localhost", "127.0.0.1"} <= set(seen["allowed_hosts"])
    assert not seen["example_allowed"]
    # Over plain http to another machine, a Secure cookie would never come back.
    assert seen["secure_cookies"] == [False, False]


def test_local_run_on_loopback_stays_local(tmp_path):
    seen = addresses(tmp_path)
    assert seen["site_url"] == "http://127.0.0.1:8000"
    assert set(seen["allowed_hosts"]) == {"127.0.0.1", "localhost", "[::1]"}
    # Browsers keep Secure cookies on loopback http, so the local site marks them Secure.
    assert seen["secure_cookies"] == [True, True]


def test_local_run_answers_to_the_host_of_its_site_url(tmp_path):
    seen = addresses(tmp_path, HOST="0.0.0.0", SITE_URL="http://news.lan:9000/")  # noqa: S104
    assert seen["site_url"] == "http://news.lan:9000"
    assert "news.lan" in seen["allowed_hosts"]


def test_production_still_needs_its_allowed_hosts_on_every_address(tmp_path):
    result = run_python(
        "import django; django.setup()",
        tmp_path,
        DEBUG="0",
        HOST="0.0.0.0",  # noqa: S104
        SECRET_KEY="x" * 50,
        SITE_URL="https://news.example.org",
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


PRINT_COMMENT_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
from comments.conf import conf
print(json.dumps({
    "in_settings": sorted(name for name in dir(settings) if name.startswith("COMMENTS_")),
    "moderation": conf.MODERATION,
    "close_after_days": conf.CLOSE_AFTER_DAYS,
    "ip_retention_days": conf.IP_RETENTION_DAYS,
    "notice_emails": conf.MODERATION_NOTICE_EMAILS,
    "max_depth": conf.MAX_DEPTH,
}))
"""


def test_comment_defaults_come_from_the_comments_app(tmp_path):
    result = run_python(PRINT_COMMENT_SETTINGS, tmp_path, LOCAL_RUN="1")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["in_settings"] == []
    assert seen["moderation"] == "pre"
    assert seen["close_after_days"] == 30
    assert seen["ip_retention_days"] == 30
    assert seen["notice_emails"] == []
    assert seen["max_depth"] == 3


def test_comment_settings_from_the_environment(tmp_path):
    result = run_python(
        PRINT_COMMENT_SETTINGS,
        tmp_path,
        LOCAL_RUN="1",
        COMMENTS_MODERATION="post",
        COMMENTS_CLOSE_AFTER_DAYS="0",
        COMMENTS_IP_RETENTION_DAYS="7",
        COMMENTS_MODERATION_NOTICE_EMAILS="desk@news.example, night@news.example",
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["moderation"] == "post"
    assert seen["close_after_days"] == 0
    assert seen["ip_retention_days"] == 7
    assert seen["notice_emails"] == ["desk@news.example", "night@news.example"]


def test_a_number_setting_that_is_not_a_number_says_so(tmp_path):
    result = run_python(
        "import django; django.setup()", tmp_path, LOCAL_RUN="1", COMMENTS_CLOSE_AFTER_DAYS="ten"
    )
    assert result.returncode != 0
    assert "COMMENTS_CLOSE_AFTER_DAYS must be a whole number, not 'ten'" in result.stderr
