"""What each destination sends and how it reads the answer: Telegram posts (picture or text,
corrections, a secret token), signed webhooks, IndexNow (off by default)."""

import hashlib
import hmac
import json
import logging

import pytest
from django.core.files.base import ContentFile

from articles.models import Correction
from articles.publishing.destinations import webhook_signature
from articles.publishing.models import Delivery, Event
from articles.publishing.worker import run_round
from articles.services import correction_save
from tests.factories import image_bytes, make_article

from .conftest import BOT_TOKEN
from .helpers import run_until_quiet

pytestmark = pytest.mark.django_db


def add_correction(article, text="An earlier version misnamed the minister."):
    return correction_save(correction=Correction(article=article, text=text))


class TestTelegram:
    def test_off_without_token_and_channel(self, receiver):
        make_article()
        run_until_quiet()
        assert Event.objects.count() == 1
        assert not Delivery.objects.exists()

    def test_text_post_has_headline_standfirst_and_link_escaped(self, telegram):
        article = make_article(headline="Tariffs <up> & away", standfirst="Markets & more.")
        run_until_quiet()
        (post,) = telegram.acknowledged("/sendMessage")
        sent = post.json()
        assert sent["parse_mode"] == "HTML"
        assert sent["text"] == (
            "<b>Tariffs &lt;up&gt; &amp; away</b>\n\nMarkets &amp; more.\n\n"
            f"http://testserver{article.get_absolute_url()}"
        )
        delivery = Delivery.objects.get()
        assert delivery.response_summary == "sendMessage: message 1"

    def test_an_article_with_a_picture_is_a_photo_post(self, telegram):
        article = make_article(featured_image_alt="A dam")
        article.featured_image.save(
            "dam.png", ContentFile(image_bytes("PNG", size=(1600, 900))), save=True
        )
        run_until_quiet()
        (post,) = telegram.acknowledged()
        assert post.path.endswith("/sendPhoto")
        assert post.json()["photo"].startswith("http://testserver/media/")
        assert article.headline in post.json()["caption"]

    def test_a_picture_telegram_cannot_fetch_falls_back_to_text(self, telegram):
        article = make_article(featured_image_alt="A dam")
        article.featured_image.save(
            "dam.png", ContentFile(image_bytes("PNG", size=(1600, 900))), save=True
        )
        telegram.plan("/sendPhoto", 400)
        run_until_quiet()
        (post,) = telegram.acknowledged()
        assert post.path.endswith("/sendMessage")
        assert Delivery.objects.get().state == "delivered"

    def test_a_correction_is_posted_as_one(self, telegram):
        article = make_article(headline="Dam talks stall")
        run_until_quiet()
        correction = add_correction(article)
        run_until_quiet()
        posts = telegram.acknowledged("/sendMessage")
        assert len(posts) == 2
        assert posts[1].json()["text"].startswith("<b>Correction</b>: Dam talks stall")
        assert "misnamed the minister" in posts[1].json()["text"]
        assert f"#correction-{correction.pk}" in posts[1].json()["text"]

    def test_a_refusal_fails_with_its_reason_and_never_shows_the_token(self, telegram, caplog):
        telegram.plan(
            "/sendMessage",
            (403, {"ok": False, "description": f"Forbidden: bot {BOT_TOKEN} is not a member"}, {}),
        )
        caplog.set_level(logging.DEBUG)
        make_article()
        run_until_quiet()
        delivery = Delivery.objects.get()
        assert delivery.state == "failed"
        assert "HTTP 403" in delivery.last_error
        assert "not a member" in delivery.last_error
        stored = json.dumps(list(Delivery.objects.values()), default=str)
        assert BOT_TOKEN not in stored
        assert BOT_TOKEN not in caplog.text

    def test_a_timeout_never_names_the_address(self, telegram, caplog):
        telegram.plan("/sendMessage", "timeout")
        caplog.set_level(logging.DEBUG)
        make_article()
        run_round(worker="w1")
        delivery = Delivery.objects.get()
        assert delivery.last_error == "No answer in time (timed out)."
        assert BOT_TOKEN not in caplog.text


class TestWebhooks:
    def test_signed_json_that_a_receiver_can_check(self, receiver, webhook):
        article = make_article(headline="Dam talks stall", standfirst="No date set.")
        run_until_quiet()
        (request,) = receiver.acknowledged("/hook")
        headers = {name.lower(): value for name, value in request.headers.items()}
        assert headers["content-type"] == "application/json"
        assert headers["x-newsapp-event"] == "article.published"
        timestamp = headers["x-newsapp-timestamp"]
        expected = hmac.new(
            b"partner-shared-secret", timestamp.encode() + b"." + request.body, hashlib.sha256
        ).hexdigest()
        assert headers["x-newsapp-signature"] == f"sha256={expected}"
        assert (
            webhook_signature("partner-shared-secret", timestamp, request.body)
            == (headers["x-newsapp-signature"])
        )
        body = request.json()
        assert body["id"] == f"article:{article.pk}"
        assert body["delivery"] == headers["idempotency-key"]
        assert body["event"] == "article.published"
        assert body["article"]["url"] == f"http://testserver{article.get_absolute_url()}"
        assert (body["article"]["headline"], body["article"]["standfirst"]) == (
            "Dam talks stall",
            "No date set.",
        )

    def test_corrections_go_to_webhooks_that_want_them(self, receiver, webhook):
        quiet = type(webhook).objects.create(
            name="Articles only", url=f"{receiver.url}/quiet", send_corrections=False
        )
        article = make_article()
        correction = add_correction(article)
        run_until_quiet()
        events = [r.json()["event"] for r in receiver.acknowledged("/hook")]
        assert sorted(events) == ["article.published", "correction.published"]
        (note,) = [r.json() for r in receiver.acknowledged("/hook") if "correction" in r.json()]
        assert note["correction"]["text"] == correction.text
        assert [r.json()["event"] for r in receiver.acknowledged("/quiet")] == ["article.published"]
        assert quiet.deliveries.count() == 1

    def test_switched_off_webhooks_get_nothing(self, receiver, webhook):
        webhook.is_active = False
        webhook.save()
        make_article()
        run_until_quiet()
        assert receiver.received() == []

    @pytest.mark.parametrize("status", [301, 400, 404, 410])
    def test_answers_that_will_not_change_fail_at_once(self, receiver, webhook, status):
        receiver.plan("/hook", status)
        make_article()
        run_until_quiet()
        delivery = Delivery.objects.get()
        assert (delivery.state, delivery.attempts) == ("failed", 1)
        assert delivery.last_error.startswith(f"HTTP {status}")

    def test_an_unreachable_address_is_retried(self, webhook):
        webhook.url = "http://127.0.0.1:9/nothing-listens"
        webhook.save()
        make_article()
        run_round(worker="w1")
        delivery = Delivery.objects.get()
        assert delivery.state == "pending"
        assert delivery.last_error.startswith("Could not connect")


class TestIndexNow:
    KEY = "a1b2c3d4e5f6a7b8"

    def test_off_by_default(self, receiver):
        make_article()
        run_until_quiet()
        assert not Delivery.objects.filter(destination="indexnow").exists()

    def test_pings_new_and_corrected_articles(self, receiver, settings, client):
        settings.INDEXNOW_KEY = self.KEY
        settings.PUBLISHING_INDEXNOW_ENDPOINT = f"{receiver.url}/indexnow"
        article = make_article()
        add_correction(article)
        receiver.plan("/indexnow", (429, None, {"Retry-After": "2"}))
        run_until_quiet()
        pings = receiver.acknowledged("/indexnow")
        assert len(pings) == 2
        assert pings[0].json() == {
            "host": "testserver",
            "key": self.KEY,
            "keyLocation": f"http://testserver/{self.KEY}.txt",
            "urlList": [f"http://testserver{article.get_absolute_url()}"],
        }
        response = client.get(f"/{self.KEY}.txt")
        assert (response.status_code, response.content.decode()) == (200, self.KEY)
        assert client.get("/b1b2c3d4e5f6a7b8.txt").status_code == 404

    def test_no_key_file_when_off(self, client):
        assert client.get("/a1b2c3d4e5f6a7b8.txt").status_code == 404
