import re
import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from articles.newsletter import tokens
from articles.newsletter.models import Membership, NewsletterList, RateCounter, Subscriber
from tests.factories import make_article

from .conftest import make_subscriber, outbox_to

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/newsletter/"


def subscribe(client, email, *lists, **headers):
    data = {"email": email, "lists": [n.pk for n in lists], "nickname": ""}
    return client.post(SUBSCRIBE, data, **headers)


def confirm_url_in(message):
    return re.search(r"https://news\.example\.org(/newsletter/confirm/[^/\s]+/)", message.body)[1]


def link_in(message, name):
    return re.search(rf"https://news\.example\.org(/newsletter/{name}/[^/\s]+/)", message.body)[1]


class TestForms:
    def test_newsletter_page_lists_what_is_offered(self, client, daily, breaking):
        page = client.get(SUBSCRIBE).content.decode()
        assert "Daily briefing" in page and "Breaking news" in page
        assert 'action="/newsletter/"' in page
        assert "csrfmiddlewaretoken" not in page  # no per-reader token: cached pages stay shared

    def test_form_on_home_and_article_page_before_comments(self, client, daily):
        article = make_article()
        home = client.get("/").content.decode()
        assert 'id="home-newsletter-heading"' in home
        page = client.get(article.get_absolute_url()).content.decode()
        assert page.index('class="newsletter-form"') < page.index('id="comments"')
        assert page.index("article__body") < page.index('class="newsletter-form"')

    def test_daily_briefing_is_ticked_by_default(self, client, daily, breaking):
        page = client.get(SUBSCRIBE).content.decode()
        boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
        assert [("checked" in box) for box in boxes] == [True, False]

    def test_no_form_when_no_list_is_offered(self, client):
        NewsletterList.objects.update(is_active=False)
        assert 'class="newsletter-form"' not in client.get("/").content.decode()

    def test_cached_home_page_stays_public_with_the_form(self, client, daily, settings):
        settings.READER_PAGE_CACHE_SECONDS = 600
        client.get("/")
        response = client.get("/")
        assert "public" in response["Cache-Control"]
        assert not response.cookies

    def test_changing_a_list_changes_cached_pages(
        self, client, daily, django_capture_on_commit_callbacks, settings
    ):
        settings.READER_PAGE_CACHE_SECONDS = 600
        client.get(SUBSCRIBE)
        with django_capture_on_commit_callbacks(execute=True):
            daily.name = "Morning edition"
            daily.save()
        assert "Morning edition" in client.get(SUBSCRIBE).content.decode()


class TestDoubleOptIn:
    def test_subscribe_confirm_and_receive_nothing_before(
        self, client, daily, breaking, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = subscribe(client, "Reader@Example.org", daily, breaking)
        assert response.status_code == 302
        assert response["Location"] == reverse("newsletter:check-email")
        subscriber = Subscriber.objects.get()
        assert subscriber.email == "reader@example.org"
        assert subscriber.state == Subscriber.State.PENDING
        assert not Membership.objects.exists()  # nothing joined before confirmation
        [message] = mail.outbox
        assert message.to == ["reader@example.org"]
        url = confirm_url_in(message)
        # Opening the link (as a mail scanner does) confirms nothing.
        page = client.get(url)
        assert page.status_code == 200 and "Confirm your subscription" in page.content.decode()
        assert page["Referrer-Policy"] == "no-referrer" and "no-store" in page["Cache-Control"]
        assert Subscriber.objects.get().state == Subscriber.State.PENDING
        done = client.post(url)
        assert "You are subscribed" in done.content.decode()
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.CONFIRMED
        assert set(subscriber.memberships.values_list("newsletter__slug", flat=True)) == {
            "daily-briefing",
            "breaking-news",
        }

    def test_same_answer_for_new_and_known_addresses(
        self, client, daily, django_capture_on_commit_callbacks
    ):
        make_subscriber("known@example.org", daily)
        with django_capture_on_commit_callbacks(execute=True):
            new = subscribe(client, "new@example.org", daily)
            known = subscribe(client, "known@example.org", daily)
        assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
        # A known address gets the same confirmation email, and stays as it was until then.
        assert len(outbox_to("known@example.org")) == 1
        assert Subscriber.objects.get(email="known@example.org").state == "confirmed"

    def test_replayed_confirmation_link_changes_nothing(
        self, client, daily, breaking, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, "reader@example.org", daily)
        url = confirm_url_in(mail.outbox[0])
        client.post(url)
        subscriber = Subscriber.objects.get()
        services_unsubscribe(client, subscriber)
        replay = client.post(url)
        assert replay.status_code == 200
        assert "already been used" in replay.content.decode()
        assert Subscriber.objects.get().state == Subscriber.State.UNSUBSCRIBED

    def test_forged_and_tampered_links_are_refused(
        self, client, daily, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, "reader@example.org", daily)
        url = confirm_url_in(mail.outbox[0])
        subscriber = Subscriber.objects.get()
        forged = signing.dumps(
            {"s": subscriber.pk, "n": subscriber.confirm_nonce, "l": []}, salt="other"
        )
        for bad in [
            url[:-3] + "x/",
            f"/newsletter/confirm/{forged}/",
            "/newsletter/confirm/" + "a" * 5000 + "/",
        ]:
            response = client.post(bad)
            assert response.status_code == 400, bad
            assert "not valid" in response.content.decode()
        assert Subscriber.objects.get().state == Subscriber.State.PENDING

    def test_expired_link(
        self, client, daily, settings, django_capture_on_commit_callbacks, monkeypatch
    ):
        with django_capture_on_commit_callbacks(execute=True):
            subscribe(client, "reader@example.org", daily)
        url = confirm_url_in(mail.outbox[0])
        later = time.time() + 8 * 86400
        monkeypatch.setattr(signing.time, "time", lambda: later)
        response = client.post(url)
        assert response.status_code == 400 and "expired" in response.content.decode()
        assert Subscriber.objects.get().state == Subscriber.State.PENDING

    def test_unconfirmed_addresses_are_deleted_after_the_link_expires(self, daily):
        from datetime import timedelta

        from django.utils import timezone

        from articles.newsletter.services import pending_prune

        old = make_subscriber("old@example.org", state=Subscriber.State.PENDING)
        Subscriber.objects.filter(pk=old.pk).update(
            confirmation_requested_at=timezone.now() - timedelta(days=8)
        )
        make_subscriber("new@example.org", state=Subscriber.State.PENDING)
        make_subscriber("left@example.org", state=Subscriber.State.UNSUBSCRIBED)
        assert pending_prune() == 1
        assert set(Subscriber.objects.values_list("email", flat=True)) == {
            "new@example.org",
            "left@example.org",
        }


def services_unsubscribe(client, subscriber):
    client.post(
        reverse("newsletter:unsubscribe", kwargs={"token": tokens.manage_token(subscriber)})
    )


class TestBadInput:
    @pytest.mark.parametrize(
        "email",
        [
            "",
            "not-an-address",
            "reader@example.org\r\nBcc: victim@example.org",
            "reader@example.org\nSubject: hi",
            "Reader <reader@example.org>",
            "a" * 250 + "@example.org",
            "reader@" + "a" * 300 + ".org",
            "reader@example.org, other@example.org",
            "\x00@example.org",
        ],
    )
    def test_bad_addresses_get_a_clear_answer_and_store_nothing(self, client, daily, email):
        response = subscribe(client, email, daily)
        assert response.status_code == 400
        assert "Error:" in response.content.decode()
        assert not Subscriber.objects.exists()
        assert not mail.outbox

    def test_no_list_chosen(self, client, daily):
        response = subscribe(client, "reader@example.org")
        assert response.status_code == 400
        assert "Choose at least one newsletter" in response.content.decode()
        assert not Subscriber.objects.exists()

    def test_unknown_and_absurd_list_values(self, client, daily):
        for lists in (["999999"], ["x"], [str(daily.pk)] * 500):
            response = client.post(SUBSCRIBE, {"email": "r@example.org", "lists": lists})
            assert response.status_code == 400
        assert not Subscriber.objects.exists()

    def test_inactive_list_cannot_be_joined(self, client, daily, breaking):
        breaking.is_active = False
        breaking.save()
        assert subscribe(client, "r@example.org", breaking).status_code == 400

    def test_honeypot_gets_the_same_answer_and_nothing_is_stored(self, client, daily):
        response = client.post(
            SUBSCRIBE, {"email": "bot@example.org", "lists": [daily.pk], "nickname": "x"}
        )
        assert response.status_code == 302
        assert not Subscriber.objects.exists() and not mail.outbox

    def test_cross_site_posts_are_refused(self, client, daily):
        for headers in (
            {"HTTP_SEC_FETCH_SITE": "cross-site"},
            {"HTTP_ORIGIN": "https://evil.example"},
        ):
            response = subscribe(client, "r@example.org", daily, **headers)
            assert response.status_code == 403
        assert not Subscriber.objects.exists()
        ok = subscribe(client, "r@example.org", daily, HTTP_SEC_FETCH_SITE="same-origin")
        assert ok.status_code == 302
        ok = subscribe(client, "r2@example.org", daily, HTTP_ORIGIN="http://testserver")
        assert ok.status_code == 302

    def test_subscribe_floods_from_one_address_are_limited(self, client, daily, settings):
        settings.NEWSLETTER_SUBSCRIBE_PER_CLIENT_HOUR = 3
        answers = [subscribe(client, f"r{n}@example.org", daily).status_code for n in range(5)]
        assert answers == [302, 302, 302, 429, 429]
        assert Subscriber.objects.count() == 3
        assert RateCounter.objects.exists()  # counted in the database, not the cache
        other = subscribe(client, "x@example.org", daily, REMOTE_ADDR="10.9.9.9")
        assert other.status_code == 302

    def test_one_mailbox_gets_few_confirmations(
        self, client, daily, settings, django_capture_on_commit_callbacks
    ):
        settings.NEWSLETTER_CONFIRMATIONS_PER_ADDRESS_DAY = 2
        with django_capture_on_commit_callbacks(execute=True):
            answers = [
                subscribe(
                    client, "victim@example.org", daily, REMOTE_ADDR=f"10.0.0.{n}"
                ).status_code
                for n in range(4)
            ]
        assert answers == [302] * 4  # the same answer
        assert len(mail.outbox) == 2


class TestPreferencesAndUnsubscribe:
    def test_change_lists_and_leave(self, client, daily, breaking):
        subscriber = make_subscriber("r@example.org", daily)
        url = reverse("newsletter:preferences", kwargs={"token": tokens.manage_token(subscriber)})
        page = client.get(url)
        assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
        assert "r@example.org" not in page.content.decode()  # the link may be forwarded
        response = client.post(url, {"lists": [breaking.pk]})
        assert response.status_code == 302
        assert "Your choices are saved" in client.get(response["Location"]).content.decode()
        assert list(subscriber.memberships.values_list("newsletter__slug", flat=True)) == [
            "breaking-news"
        ]
        client.post(url, {"leave": "1"})
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.UNSUBSCRIBED
        assert not subscriber.memberships.exists()
        # Choosing lists again from an email's link comes back.
        client.post(url, {"lists": [daily.pk]})
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.CONFIRMED

    def test_one_click_unsubscribe_rfc8058(self, client, daily):
        subscriber = make_subscriber("r@example.org", daily)
        url = reverse("newsletter:unsubscribe", kwargs={"token": tokens.manage_token(subscriber)})
        assert "Unsubscribe from every newsletter" in client.get(url).content.decode()
        assert Subscriber.objects.get().state == "confirmed"  # GET changes nothing
        # As a mail provider sends it: no cookie, no CSRF token, from another origin.
        response = client.post(
            url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
            HTTP_ORIGIN="https://mail.example.com",
        )
        assert response.status_code == 200
        subscriber.refresh_from_db()
        assert subscriber.state == Subscriber.State.UNSUBSCRIBED
        assert (
            client.post(
                url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
            ).status_code
            == 200
        )

    def test_links_of_an_erased_address_do_not_work(self, client, daily):
        subscriber = make_subscriber("r@example.org", daily)
        token = tokens.manage_token(subscriber)
        subscriber.delete()
        make_subscriber("r@example.org", daily)  # the same address again, later
        for name in ("preferences", "unsubscribe"):
            response = client.post(reverse(f"newsletter:{name}", kwargs={"token": token}))
            assert response.status_code == 400
        assert Subscriber.objects.get().state == "confirmed"

    def test_forged_manage_links(self, client, daily):
        subscriber = make_subscriber("r@example.org", daily)
        forged = signing.dumps({"s": subscriber.pk, "k": "guess"}, salt=tokens.MANAGE_SALT)
        wrong_salt = signing.dumps(
            {"s": subscriber.pk, "k": subscriber.link_key}, salt=tokens.CONFIRM_SALT
        )
        for token in (forged, wrong_salt, "nonsense", "a" * 400):
            assert (
                client.post(reverse("newsletter:unsubscribe", kwargs={"token": token})).status_code
                == 400
            )
        assert Subscriber.objects.get().state == "confirmed"


def test_a_stopped_address_can_start_again_from_its_preferences(client, daily):
    subscriber = make_subscriber("bounced@example.org", daily, state=Subscriber.State.STOPPED)
    url = reverse("newsletter:preferences", kwargs={"token": tokens.manage_token(subscriber)})
    assert "refused by its mail server" in client.get(url).content.decode()
    client.post(url, {"lists": [daily.pk]})
    subscriber.refresh_from_db()
    assert subscriber.state == Subscriber.State.CONFIRMED
