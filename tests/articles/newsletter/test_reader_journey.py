"""The whole journey of the issue's "done when": a reader subscribes, confirms, receives the
digest and a breaking alert, changes lists and leaves with one click."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.newsletter import services
from articles.newsletter.models import NewsletterList, Subscriber
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HOST = "https://news.example.org"


def run_worker():
    call_command("publish_worker", "--once", verbosity=0)


def path_of(url):
    return url.removeprefix(HOST)


def test_subscribe_confirm_receive_change_and_leave(
    daily, breaking, django_capture_on_commit_callbacks
):
    reader = Client()
    with django_capture_on_commit_callbacks(execute=True):
        reader.post(
            "/newsletter/",
            {"email": "ada@example.net", "lists": [daily.pk, breaking.pk]},
            HTTP_SEC_FETCH_SITE="same-origin",
        )
    [confirmation] = mail.outbox
    confirm = re.search(rf"{HOST}(/newsletter/confirm/\S+/)", confirmation.body)[1]
    reader.post(confirm, HTTP_SEC_FETCH_SITE="same-origin")
    mail.outbox.clear()

    make_article(headline="Council passes the budget")
    NewsletterList.objects.filter(pk=daily.pk).update(
        next_digest_at=timezone.now() - timedelta(seconds=1)
    )
    run_worker()
    [digest] = mail.outbox
    assert "Council passes the budget" in digest.body

    services.alert_queue(article=make_article(headline="Bridge closed"), newsletter=breaking)
    run_worker()
    alert = mail.outbox[1]
    assert alert.subject == "Breaking: Bridge closed"

    preferences = re.search(rf"{HOST}(/newsletter/preferences/\S+/)", alert.body)[1]
    reader.post(preferences, {"lists": [breaking.pk]}, HTTP_SEC_FETCH_SITE="same-origin")
    subscriber = Subscriber.objects.get()
    assert list(subscriber.memberships.values_list("newsletter", flat=True)) == [breaking.pk]

    one_click = re.search(r"<(https://[^>]+)>", alert.extra_headers["List-Unsubscribe"])[1]
    Client().post(
        path_of(one_click),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.UNSUBSCRIBED

    services.alert_queue(article=make_article(headline="Another story"), newsletter=breaking)
    run_worker()
    assert len(mail.outbox) == 2  # nothing after leaving
