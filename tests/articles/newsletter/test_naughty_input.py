"""The newsletter's forms and signed-link addresses fed the naughty strings
(tests/naughty_strings.py): never a 500, nothing reflected unescaped, nothing stored but a
valid address."""

from urllib.parse import quote

import pytest
from django.core.validators import validate_email
from django.urls import reverse

from articles.newsletter import tokens
from articles.newsletter.models import Subscriber
from tests.naughty_strings import naughty_strings, report, unsafe

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


def is_valid_email(value):
    try:
        validate_email(value.strip())
    except Exception:
        return False
    return len(value.strip()) <= 254


@pytest.fixture
def client(client):
    client.raise_request_exception = False  # a 500 is reported with the rest
    return client


def test_subscribe_form(client, daily, settings):
    settings.NEWSLETTER_SUBSCRIBE_PER_CLIENT_HOUR = 10_000
    failures = []
    for payload in naughty_strings():
        for data in (
            {"email": payload, "lists": [daily.pk]},
            {"email": "r@example.org", "lists": [payload]},
            {"email": payload, "lists": [daily.pk], "nickname": payload},
        ):
            response = client.post("/newsletter/", data)
            failures += unsafe(response, [payload], "subscribe")
    report(failures)
    stored = Subscriber.objects.values_list("email", flat=True)
    assert all(is_valid_email(email) for email in stored), list(stored)


def test_signed_link_addresses(client, daily):
    subscriber = make_subscriber("r@example.org", daily)
    failures = []
    for payload in naughty_strings():
        segment = quote(payload, safe="")
        if not segment:
            continue
        for name in ("confirm", "preferences", "unsubscribe"):
            path = reverse(f"newsletter:{name}", kwargs={"token": "x"}).replace(
                "/x/", f"/{segment}/"
            )
            for method in (client.get, client.post):
                response = method(path)
                failures += unsafe(response, [payload], f"{name} {method.__name__}")
    good = tokens.manage_token(subscriber)
    for payload in naughty_strings()[:40]:
        url = reverse("newsletter:preferences", kwargs={"token": good})
        response = client.post(url, {"lists": [payload]})
        failures += unsafe(response, [payload], "preferences lists")
    report(failures)
    subscriber.refresh_from_db()
    assert subscriber.state == "confirmed"
