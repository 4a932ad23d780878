"""The newsroom's view of the outbox (per article, per webhook, "Retry now", "Send test") and
the `publish_worker` command."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from articles.publishing.models import Delivery, Event
from tests.factories import make_article, make_user

from .helpers import run_until_quiet

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(make_user("eddie", group="Editor"))


def test_the_article_page_shows_what_was_delivered_where_and_what_failed(
    client, editor, telegram, webhook
):
    telegram.plan("/hook", (403, None, {}))
    article = make_article()
    run_until_quiet()
    content = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    content = content.decode()
    assert "Telegram channel" in content
    assert "Webhook: Partner" in content
    assert "Delivered" in content and "Failed" in content
    assert "HTTP 403" in content
    assert "sendMessage: message 1" in content


def test_retry_now_from_the_article_list_sends_failed_ones_again(client, editor, receiver, webhook):
    receiver.plan("/hook", 400)
    article = make_article()
    run_until_quiet()
    assert Delivery.objects.get().state == "failed"
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "retry_deliveries", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302
    run_until_quiet()
    assert Delivery.objects.get().state == "delivered"
    assert len(receiver.acknowledged("/hook")) == 1


def test_retry_now_in_the_deliveries_list_never_resends_a_delivered_one(
    client, editor, receiver, webhook
):
    make_article()
    run_until_quiet()
    delivery = Delivery.objects.get()
    response = client.post(
        reverse("admin:publishing_delivery_changelist"),
        {"action": "retry_now", "_selected_action": [delivery.pk]},
        follow=True,
    )
    assert "already delivered: never sent twice" in response.content.decode()
    run_until_quiet()
    assert len(receiver.received("/hook")) == 1


def test_send_test_queues_a_signed_test_for_that_webhook(client, receiver, webhook):
    client.force_login(make_user("root", superuser=True))
    page = client.get(reverse("admin:publishing_webhookendpoint_change", args=[webhook.pk]))
    assert "Send test" in page.content.decode()
    url = reverse("admin:publishing_webhookendpoint_send_test", args=[webhook.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "Test queued" in response.content.decode()
    assert receiver.received() == []  # no send inside a request
    run_until_quiet()
    (request,) = receiver.acknowledged("/hook")
    assert request.json()["event"] == "webhook.test"
    assert request.json()["test"] is True
    page = client.get(reverse("admin:publishing_webhookendpoint_change", args=[webhook.pk]))
    assert "Webhook test" in page.content.decode()


def test_editors_cannot_configure_webhooks_or_send_tests(client, editor, webhook):
    url = reverse("admin:publishing_webhookendpoint_send_test", args=[webhook.pk])
    assert client.post(url).status_code == 403
    assert not Event.objects.exists()
    assert "publish_article" in Group.objects.get(name="Editor").permissions.values_list(
        "codename", flat=True
    )


def test_the_command_runs_once_and_is_idempotent(telegram):
    make_article()
    out = io.StringIO()
    call_command("publish_worker", "--once", stdout=out)
    assert out.getvalue().strip() == "1 new event(s); deliveries: 1 delivered"
    out = io.StringIO()
    call_command("publish_worker", "--once", stdout=out)
    assert out.getvalue().strip() == "0 new event(s); deliveries: none due"
    assert len(telegram.acknowledged()) == 1
    quiet = io.StringIO()
    call_command("publish_worker", "--once", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""
