"""The server log (newsapp settings): refused requests in one line, server errors in full."""

import io
import logging
from contextlib import contextmanager
from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


@contextmanager
def server_log():
    """What the configured console handler writes while the block runs."""
    (handler,) = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.parametrize(
    ("path", "headers", "message"),
    [
        ("/", {"HTTP_HOST": "evil.example"}, "Invalid HTTP_HOST header: 'evil.example'"),
        ("/editor/markdownify/", {}, "Forbidden (Permission denied): /editor/markdownify/"),
        ("/media/..%2f", {}, "is located outside of the base path component"),
    ],
)
def test_a_refused_request_is_one_line_without_a_traceback(client, path, headers, message):
    with server_log() as log:
        response = client.get(path, **headers)
    assert 400 <= response.status_code < 500
    assert message in log.getvalue()
    assert "Traceback" not in log.getvalue()


def test_a_server_error_keeps_its_traceback(client):
    client.raise_request_exception = False
    broken = mock.patch(
        "articles.views.HomeView.get_queryset", side_effect=RuntimeError("database on fire")
    )
    with server_log() as log, broken:
        assert client.get("/").status_code == 500
    assert "Traceback" in log.getvalue()
    assert "RuntimeError: database on fire" in log.getvalue()
