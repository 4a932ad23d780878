"""/healthz and /readyz: cheap, honest about the database and the cache, never cached, and
quiet in the access log."""

import threading
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import caches
from django.db import OperationalError
from django.test import Client
from gunicorn.config import Config

from articles.readership.models import HourlyReads
from newsapp import health
from newsapp.log import AccessLogWithoutHealthChecks


def test_healthz_answers_without_the_database_or_the_cache():
    # No django_db mark: any database access would raise.
    with mock.patch.object(type(caches["default"]), "get") as cache_get:
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "text/plain"
    assert not response.cookies
    cache_get.assert_not_called()


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
@pytest.mark.django_db
def test_probes_by_address_over_plain_http_are_answered(settings, path):
    # A balancer probes 10.0.0.5:8000 by address, over http, even when the site is https only.
    settings.SECURE_SSL_REDIRECT = True
    response = Client(HTTP_HOST="10.0.0.5:8000").get(path)
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_and_the_cache_answer():
    response = Client().get("/readyz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    head = Client().head("/readyz")
    assert head.status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_fails():
    with mock.patch.object(health, "CHECKS", {**health.CHECKS, "database": _raises}):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database: OperationalError\n"
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"


def _raises():
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_hangs_past_the_timeout(settings):
    settings.READINESS_TIMEOUT_SECONDS = 0.2
    released = threading.Event()
    with mock.patch.object(health, "CHECKS", {**health.CHECKS, "cache": released.wait}):
        response = Client().get("/readyz")
        released.set()
    assert response.status_code == 503
    assert response.content == b"cache: no answer within 0.2 s\n"


@pytest.mark.django_db
def test_readyz_really_checks_both():
    # The check runs in another thread, with its own cache connection: patch the class.
    with mock.patch.object(type(caches["default"]), "get", return_value=None):
        response = Client().get("/readyz")
    assert response.status_code == 503 and response.content == b"cache: LookupError\n"


@pytest.mark.django_db
def test_probes_are_not_reads_and_not_other_methods():
    client = Client()
    for _ in range(3):
        client.get("/healthz")
        client.get("/readyz")
    assert not HourlyReads.objects.exists()
    response = client.post("/readyz")
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"


def access_log_lines(path, status_code):
    logger = AccessLogWithoutHealthChecks(Config())
    with mock.patch("gunicorn.glogging.Logger.access") as logged:
        logger.access(
            SimpleNamespace(status_code=status_code),
            SimpleNamespace(),
            {"PATH_INFO": path},
            0.001,
        )
    return logged.call_count


def test_the_access_log_leaves_out_successful_probes_only():
    assert access_log_lines("/healthz", 200) == 0
    assert access_log_lines("/readyz", 200) == 0
    assert access_log_lines("/readyz", 503) == 1  # a server going bad is news
    assert access_log_lines("/", 200) == 1
    assert access_log_lines("/healthz/extra", 404) == 1
