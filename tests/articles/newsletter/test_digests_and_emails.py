import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.newsletter import services
from articles.newsletter.models import NewsletterList, Send, Subscriber
from tests.factories import image_bytes, make_article, make_section, make_user

from .conftest import make_subscriber, outbox_to

pytestmark = pytest.mark.django_db


def run_worker():
    call_command("publish_worker", "--once", verbosity=0)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("editor", group="Editor"))
    return client


@pytest.fixture
def stories():
    world = make_section(name="World", slug="world", order=1)
    sport = make_section(name="Sport", slug="sport", order=2)
    return {
        "sport": make_article(section=sport, headline="Cup final tonight", ago=timedelta(hours=1)),
        "world_old": make_article(section=world, headline="Talks resume", ago=timedelta(hours=5)),
        "world_new": make_article(section=world, headline="Summit ends", ago=timedelta(hours=2)),
        "lead": make_article(
            section=sport, headline="Lead: the big story", is_lead=True, ago=timedelta(hours=3)
        ),
        "yesterday": make_article(section=world, headline="Old news", ago=timedelta(days=2)),
    }


class TestDigestComposition:
    def test_lead_first_then_by_section_newest_first(self, daily, stories):
        send = services.digest_queue(newsletter=daily)
        headlines = re.findall(
            r"^(Lead: the big story|Cup final tonight|Talks resume|Summit ends|Old news)$",
            send.text_body,
            re.M,
        )
        assert headlines == [
            "Lead: the big story",
            "Summit ends",
            "Talks resume",
            "Cup final tonight",
        ]
        assert "Old news" not in send.text_body  # before the period

    def test_next_digest_covers_only_what_is_new(self, daily, stories):
        first = services.digest_queue(newsletter=daily)
        assert services.digest_queue(newsletter=daily) is None  # nothing new since
        make_article(headline="Fresh story", ago=timedelta(0))
        second = services.digest_queue(newsletter=daily, until=timezone.now())
        assert "Fresh story" in second.text_body and "Summit ends" not in second.text_body
        assert second.covers_from > first.covers_until  # the empty round moved the cut-off too

    def test_section_digest_has_only_its_section(self, stories):
        world = stories["world_new"].section
        section_list = NewsletterList.objects.create(name="World", slug="world", section=world)
        send = services.digest_queue(newsletter=section_list)
        assert "Summit ends" in send.text_body and "Cup final" not in send.text_body

    def test_drafts_and_scheduled_stories_are_left_out(self, daily):
        make_article(published=False, headline="A draft")
        make_article(headline="Scheduled", ago=-timedelta(hours=1))
        make_article(headline="Out now")
        send = services.digest_queue(newsletter=daily)
        assert "Out now" in send.text_body
        assert "A draft" not in send.text_body and "Scheduled" not in send.text_body


class TestEmailContentAndHeaders:
    def test_digest_email(self, daily, stories):
        subscriber = make_subscriber("reader@example.org", daily)
        services.digest_queue(newsletter=daily)
        run_worker()
        [message] = outbox_to("reader@example.org")
        assert message.subject.startswith("Daily briefing: ")
        html = message.alternatives[0][0]
        # Absolute addresses only; the links are the stories' own (no tracking redirects).
        assert 'href="https://news.example.org' + stories["lead"].get_absolute_url() + '"' in html
        assert not re.search(r'(href|src)="/', html)
        assert "utm_" not in html and "<img" not in html  # no tracking pixel (no picture here)
        assert 'style="' in html and "prefers-color-scheme: dark" in html
        assert stories["lead"].get_absolute_url() in message.body
        unsubscribe = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(
            r"<mailto:[^>]+\?subject=unsubscribe>, <https://news\.example\.org/newsletter/unsubscribe/[^>]+/>",
            unsubscribe,
        )
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["Message-ID"].endswith("@news.example.org>")
        # The reader's own links work.
        url = re.search(
            r"<https://news\.example\.org(/newsletter/unsubscribe/[^>]+/)>", unsubscribe
        )[1]
        from django.test import Client

        Client().post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.UNSUBSCRIBED

    def test_lead_image_has_alt_text_and_absolute_address(self, breaking):
        article = make_article(headline="With a picture")
        article.featured_image.save(
            "photo.jpg", ContentFile(image_bytes("JPEG", size=(1200, 675))), save=False
        )
        article.featured_image_alt = "Firefighters at the harbour"
        article.save()
        make_subscriber("reader@example.org", breaking)
        services.alert_queue(article=article, newsletter=breaking)
        run_worker()
        html = mail.outbox[0].alternatives[0][0]
        [image] = re.findall(r"<img [^>]+>", html)
        assert 'alt="Firefighters at the harbour"' in image
        assert re.search(r'src="https://news\.example\.org/[^"]+\.jpg"', image)

    def test_headline_with_newlines_cannot_inject_headers(self, breaking):
        article = make_article(headline="Evil\r\nBcc: victim@example.org")
        make_subscriber("reader@example.org", breaking)
        services.alert_queue(article=article, newsletter=breaking)
        run_worker()
        [message] = mail.outbox
        assert "\n" not in message.subject and "\r" not in message.subject
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert not re.search(r"^Bcc:", headers, re.M)
        assert message.message()["Bcc"] is None
        assert message.recipients() == ["reader@example.org"]

    def test_html_escapes_headlines(self, breaking):
        article = make_article(headline='<script>alert("x")</script> & more')
        make_subscriber("reader@example.org", breaking)
        services.alert_queue(article=article, newsletter=breaking)
        run_worker()
        html = mail.outbox[0].alternatives[0][0]
        assert "<script>" not in html and "&lt;script&gt;" in html


class TestAlerts:
    def test_editor_sends_a_breaking_alert_from_the_article(self, editor_client, daily, breaking):
        article = make_article(headline="Earthquake hits the coast")
        make_subscriber("alerts@example.org", breaking)
        make_subscriber("digest-only@example.org", daily)
        make_subscriber("left@example.org", breaking, state=Subscriber.State.UNSUBSCRIBED)
        make_subscriber("pending@example.org", breaking, state=Subscriber.State.PENDING)
        change = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
        alert_url = reverse("admin:newsletter_article_alert", args=[article.pk])
        assert alert_url in change.content.decode()
        assert "Earthquake" in editor_client.get(alert_url).content.decode()
        response = editor_client.post(alert_url, {"newsletter": breaking.pk})
        send = Send.objects.get()
        assert response["Location"] == send.get_admin_url()
        assert (send.kind, send.state, send.article) == ("alert", "queued", article)
        assert not mail.outbox  # the worker sends, not the request
        run_worker()
        assert [m.to for m in mail.outbox] == [["alerts@example.org"]]
        assert mail.outbox[0].subject == "Breaking: Earthquake hits the coast"
        send.refresh_from_db()
        assert (send.state, send.recipient_count, send.sent_count) == ("sent", 1, 1)
        # A second alert for the same story to the same list is refused.
        again = editor_client.post(alert_url, {"newsletter": breaking.pk})
        assert again.status_code == 200 and Send.objects.count() == 1
        run_worker()
        assert len(mail.outbox) == 1

    def test_drafts_cannot_be_alerted(self, editor_client, breaking):
        article = make_article(published=False)
        editor_client.post(
            reverse("admin:newsletter_article_alert", args=[article.pk]),
            {"newsletter": breaking.pk},
        )
        assert not Send.objects.exists()

    def test_writers_cannot_send_alerts(self, client, breaking):
        client.force_login(make_user("writer", group="Writer"))
        article = make_article()
        response = client.post(
            reverse("admin:newsletter_article_alert", args=[article.pk]),
            {"newsletter": breaking.pk},
        )
        assert response.status_code == 403
        assert not Send.objects.exists()


class TestPreviewAndTestSend:
    def test_preview_in_the_browser(self, editor_client, daily, stories):
        page = editor_client.get(
            reverse("admin:newsletter_newsletterlist_preview", args=[daily.pk])
        )
        assert page.status_code == 200
        assert "Summit ends" in page.content.decode()
        html = editor_client.get(
            reverse("admin:newsletter_newsletterlist_preview_email", args=[daily.pk])
        )
        assert "Lead: the big story" in html.content.decode()
        assert not Send.objects.exists()  # a preview changes nothing
        daily.refresh_from_db()
        assert daily.last_digest_until is None

    def test_test_send_to_one_address(self, editor_client, daily, stories):
        make_subscriber("reader@example.org", daily)
        url = reverse("admin:newsletter_newsletterlist_preview", args=[daily.pk])
        editor_client.post(url, {"test": "1", "email": "editor@example.org"})
        [message] = mail.outbox
        assert message.to == ["editor@example.org"]
        assert message.subject.startswith("[Test] Daily briefing")
        assert "Summit ends" in message.body
        assert not Send.objects.exists()
        bad = editor_client.post(url, {"test": "1", "email": "x@example.org\nBcc: y@example.org"})
        assert bad.status_code == 200 and len(mail.outbox) == 1

    def test_send_now(self, editor_client, daily, stories):
        make_subscriber("reader@example.org", daily)
        url = reverse("admin:newsletter_newsletterlist_preview", args=[daily.pk])
        editor_client.post(url, {"send_now": "1"})
        run_worker()
        assert [m.to for m in mail.outbox] == [["reader@example.org"]]


class TestScheduledDigests:
    def test_worker_sends_the_digest_at_its_time_once(self, daily, stories):
        make_subscriber("reader@example.org", daily)
        run_worker()
        assert not mail.outbox  # not yet time
        NewsletterList.objects.filter(pk=daily.pk).update(
            next_digest_at=timezone.now() - timedelta(seconds=1)
        )
        run_worker()
        run_worker()
        assert len(mail.outbox) == 1
        daily.refresh_from_db()
        assert daily.next_digest_at > timezone.now()
        assert Send.objects.get().state == "sent"

    def test_no_digest_when_nothing_new(self, daily):
        make_subscriber("reader@example.org", daily)
        NewsletterList.objects.filter(pk=daily.pk).update(
            next_digest_at=timezone.now() - timedelta(seconds=1)
        )
        run_worker()
        assert not mail.outbox and not Send.objects.exists()


def test_worker_reports_what_it_sent(breaking):
    from io import StringIO

    make_subscriber("reader@example.org", breaking)
    services.alert_queue(article=make_article(), newsletter=breaking)
    out = StringIO()
    call_command("publish_worker", "--once", stdout=out)
    assert "1 newsletter sent" in out.getvalue()
    out = StringIO()
    call_command("publish_worker", "--once", stdout=out)  # again: nothing more is sent
    assert "newsletter" not in out.getvalue()
    assert len(mail.outbox) == 1
