import csv
import datetime
import io
import json

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from articles.newsletter import services
from articles.newsletter.models import Membership, NewsletterList, Recipient, Send, Subscriber
from tests.factories import make_user

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor", group="Editor"))
    return client


class TestModels:
    def test_migration_offers_a_daily_briefing_and_breaking_news(self):
        lists = list(NewsletterList.objects.offered())
        assert [n.slug for n in lists] == ["daily-briefing", "breaking-news"]
        assert lists[0].is_digest and lists[0].is_default
        assert not lists[1].is_digest

    def test_one_address_once_whatever_its_case(self):
        Subscriber.objects.create(email="reader@example.org")
        with pytest.raises(IntegrityError):
            Subscriber.objects.create(email="Reader@Example.org")

    def test_one_delivery_record_per_send_and_subscriber(self, daily):
        subscriber = make_subscriber("a@example.org", daily)
        send = Send.objects.create(
            kind="digest", newsletter=daily, subject="s", html_body="", text_body=""
        )
        Recipient.objects.create(send=send, subscriber=subscriber)
        with pytest.raises(IntegrityError):
            Recipient.objects.create(send=send, subscriber=subscriber)

    def test_next_slot_daily_and_weekly(self, settings, daily):
        settings.TIME_ZONE = "Europe/Berlin"
        timezone.activate("Europe/Berlin")
        try:
            daily.send_time = datetime.time(7, 0)
            before = timezone.make_aware(datetime.datetime(2026, 3, 4, 6, 59))  # a Wednesday
            assert daily.next_slot(before) == timezone.make_aware(datetime.datetime(2026, 3, 4, 7))
            assert daily.next_slot(daily.next_slot(before)) == timezone.make_aware(
                datetime.datetime(2026, 3, 5, 7)
            )
            daily.frequency = NewsletterList.Frequency.WEEKLY
            daily.weekday = NewsletterList.Weekday.MONDAY
            assert daily.next_slot(before) == timezone.make_aware(datetime.datetime(2026, 3, 9, 7))
        finally:
            timezone.deactivate()

    def test_saving_a_digest_schedules_it(self, daily):
        daily.save()
        assert daily.next_digest_at > timezone.now()
        assert daily.next_digest_at - timezone.now() <= datetime.timedelta(days=1)


class TestSubscriberAdmin:
    def test_search_and_filters(self, editor_client, daily, breaking):
        make_subscriber("alice@example.org", daily)
        make_subscriber("bob@example.org", breaking)
        make_subscriber("carol@example.org", daily, state=Subscriber.State.UNSUBSCRIBED)
        url = reverse("admin:newsletter_subscriber_changelist")
        found = editor_client.get(url, {"q": "alice"}).content.decode()
        assert "alice@example.org" in found and "bob@example.org" not in found
        by_list = editor_client.get(url, {"list": breaking.pk}).content.decode()
        assert "bob@example.org" in by_list and "alice@example.org" not in by_list
        by_state = editor_client.get(url, {"state__exact": "unsubscribed"}).content.decode()
        assert "carol@example.org" in by_state and "alice@example.org" not in by_state
        assert editor_client.get(url, {"list": "x'; drop"}).status_code == 200

    def test_csv_export(self, editor_client, daily):
        make_subscriber("alice@example.org", daily)
        make_subscriber("=cmd@example.org", daily)
        response = editor_client.post(
            reverse("admin:newsletter_subscriber_changelist"),
            {
                "action": "export_csv",
                "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
            },
        )
        assert response["Content-Type"] == "text/csv"
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert rows[0] == ["email", "state", "lists", "created_at", "confirmed_at"]
        emails = {row[0] for row in rows[1:]}
        assert emails == {"alice@example.org", "'=cmd@example.org"}  # no spreadsheet formula
        assert all(row[2] == "Daily briefing" for row in rows[1:])

    def test_export_one_subscriber(self, editor_client, daily):
        subscriber = make_subscriber("alice@example.org", daily)
        response = editor_client.get(
            reverse("admin:newsletter_subscriber_export", args=[subscriber.pk])
        )
        data = json.loads(response.content)
        assert data["email"] == "alice@example.org"
        assert [entry["name"] for entry in data["lists"]] == ["Daily briefing"]
        assert "attachment" in response["Content-Disposition"]

    def test_erase_really_deletes(self, editor_client, daily):
        subscriber = make_subscriber("alice@example.org", daily)
        send = Send.objects.create(
            kind="digest", newsletter=daily, subject="s", html_body="", text_body="", sent_count=1
        )
        Recipient.objects.create(send=send, subscriber=subscriber, state="sent")
        url = reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk])
        assert "alice@example.org" in editor_client.get(url).content.decode()
        assert Subscriber.objects.filter(pk=subscriber.pk).exists()  # GET only asks
        response = editor_client.post(url)
        assert response.status_code == 302
        assert not Subscriber.objects.filter(email="alice@example.org").exists()
        assert not Membership.objects.exists() and not Recipient.objects.exists()
        send.refresh_from_db()
        assert send.sent_count == 1  # totals stay

    def test_writers_cannot_see_subscribers(self, client, daily):
        make_subscriber("alice@example.org", daily)
        client.force_login(make_user("writer", group="Writer"))
        assert client.get(reverse("admin:newsletter_subscriber_changelist")).status_code == 403
        subscriber = Subscriber.objects.get()
        assert (
            client.get(
                reverse("admin:newsletter_subscriber_export", args=[subscriber.pk])
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk])
            ).status_code
            == 403
        )
        assert Subscriber.objects.exists()

    def test_admin_pages_render(self, editor_client, daily):
        subscriber = make_subscriber("alice@example.org", daily)
        services.subscriber_unsubscribe(subscriber=subscriber)
        for url in [
            reverse("admin:newsletter_newsletterlist_changelist"),
            reverse("admin:newsletter_newsletterlist_change", args=[daily.pk]),
            reverse("admin:newsletter_subscriber_change", args=[subscriber.pk]),
            reverse("admin:newsletter_send_changelist"),
        ]:
            assert editor_client.get(url).status_code == 200, url
