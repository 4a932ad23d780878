"""Where events go, as a registry the worker looks deliveries up in.

A destination says which deliveries an event needs (`targets`) and sends one (`send`),
answering with an `Outcome`; the worker does the rest (claiming, retries, backoff, records).
Another sender, such as a newsletter, registers its own destination (and event kinds) with
`register` and reuses the worker as it is.
"""

import hashlib
import hmac
import html
import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from articles import seo

from . import http
from .conf import conf
from .http import Outcome
from .models import Event, WebhookEndpoint

TELEGRAM_CAPTION_MAX = 1024
TELEGRAM_TEXT_MAX = 4096
SIGNATURE_HEADER = "X-Newsapp-Signature"
TIMESTAMP_HEADER = "X-Newsapp-Timestamp"


class Destination:
    """Extension point: one kind of receiver."""

    name = ""  # stored in Delivery.destination; never change it once deliveries exist
    label = ""

    def targets(self, event):
        """[(key suffix, extra Delivery fields)] for the deliveries `event` needs here: none
        when the destination is off or does not take this kind of event."""
        raise NotImplementedError

    def send(self, delivery):
        """Send `delivery` once and say how it went (an Outcome); never raise for what the
        receiver answers."""
        raise NotImplementedError


registry = {}


def register(destination):
    """Add `destination` (an instance) to the registry under its name; returns it."""
    registry[destination.name] = destination
    return destination


def register_builtin():
    for destination in (TelegramChannel(), SignedWebhook(), IndexNow()):
        register(destination)


ANNOUNCED = {Event.Kind.ARTICLE_PUBLISHED, Event.Kind.CORRECTION_PUBLISHED}


# What is announced


def article_url(article):
    return seo.absolute_url(article.get_absolute_url())


def event_payload(event, *, delivery_key=""):
    """The event as JSON-ready data (the webhook body)."""
    data = {
        "id": event.key,
        "delivery": delivery_key,
        "event": event.kind,
        "created_at": seo.iso_datetime(event.created_at),
        "site": settings.SITE_URL,
    }
    if event.article_id:
        article = event.article
        image = seo.share_image(article)
        data["article"] = {
            "id": article.pk,
            "url": article_url(article),
            "headline": article.headline,
            "standfirst": article.standfirst,
            "section": article.section.name,
            "authors": [author.name for author in article.authors.all()],
            "published_at": seo.iso_datetime(article.first_published_at),
            "updated_at": seo.iso_datetime(article.modified_at),
            "image": seo.absolute_url(image.url) if image else None,
        }
    if event.correction_id:
        correction = event.correction
        data["correction"] = {
            "id": correction.pk,
            "kind": correction.kind,
            "text": correction.text,
            "published_at": seo.iso_datetime(correction.published_at),
            "url": seo.absolute_url(correction.get_absolute_url()),
        }
    if event.kind == Event.Kind.WEBHOOK_TEST:
        data["test"] = True
    return data


def _cut(text, limit):
    return seo.cut_on_word(" ".join(text.split()), limit)


def telegram_message(event, *, limit):
    """The post's HTML text (Telegram's HTML mode), headline first, within `limit`
    characters of text."""
    article = event.article
    if event.kind == Event.Kind.CORRECTION_PUBLISHED:
        correction = event.correction
        url = seo.absolute_url(correction.get_absolute_url())
        parts = [
            f"<b>{html.escape(correction.get_kind_display())}</b>: {html.escape(article.headline)}",
            html.escape(_cut(correction.text, limit - len(article.headline) - len(url) - 40)),
        ]
    else:
        url = article_url(article)
        parts = [f"<b>{html.escape(article.headline)}</b>"]
        if article.standfirst:
            room = limit - len(article.headline) - len(url) - 10
            parts.append(html.escape(_cut(article.standfirst, room)))
    parts.append(html.escape(url))
    return "\n\n".join(parts)


# Destinations


def _secret_free(text, secret):
    return text.replace(secret, "<token>") if secret else text


class TelegramChannel(Destination):
    """A post in the outlet's channel through the Bot API: the share picture with the
    headline, standfirst and link as its caption, or a text message without a picture.
    On with TELEGRAM_BOT_TOKEN and TELEGRAM_CHANNEL. The bot token is never written to a
    log, the database or the admin."""

    name = "telegram"
    label = "Telegram channel"

    def is_on(self):
        return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL)

    def targets(self, event):
        return [("telegram", {})] if self.is_on() and event.kind in ANNOUNCED else []

    def send(self, delivery):
        if not self.is_on():
            return Outcome.give_up(
                "Telegram is not configured (TELEGRAM_BOT_TOKEN, TELEGRAM_CHANNEL)."
            )
        event = delivery.event
        image = (
            seo.share_image(event.article) if event.kind == Event.Kind.ARTICLE_PUBLISHED else None
        )
        if image is not None:
            outcome = self.call(
                "sendPhoto",
                {
                    "photo": seo.absolute_url(image.url),
                    "caption": telegram_message(event, limit=TELEGRAM_CAPTION_MAX),
                },
            )
            # Telegram fetches the picture itself; one it cannot (a private address) fails
            # with a 400, and the text alone is still worth posting.
            if outcome.delivered or not outcome.permanent:
                return outcome
        return self.call(
            "sendMessage",
            {
                "text": telegram_message(event, limit=TELEGRAM_TEXT_MAX),
                "link_preview_options": {"is_disabled": False},
            },
        )

    def call(self, method, fields):
        token = settings.TELEGRAM_BOT_TOKEN
        body = json.dumps(
            {"chat_id": settings.TELEGRAM_CHANNEL, "parse_mode": "HTML", **fields}
        ).encode()
        url = f"{conf.TELEGRAM_API_URL.rstrip('/')}/bot{token}/{method}"
        try:
            reply = http.post(url, body=body)
        except http.Unreachable as error:
            return Outcome.retry(str(error))
        answer = reply.json() if isinstance(reply.json(), dict) else {}
        if reply.status == 200 and answer.get("ok"):
            message_id = (answer.get("result") or {}).get("message_id")
            return Outcome.ok(f"{method}: message {message_id}")
        description = _secret_free(str(answer.get("description") or reply.snippet()), token)
        error = f"{method}: HTTP {reply.status}: {description}"[:1000]
        retry_after = (answer.get("parameters") or {}).get("retry_after")
        if reply.status == 429 or reply.status >= 500:
            if not isinstance(retry_after, int | float):
                retry_after = http.retry_after_seconds(http.header(reply, "Retry-After"))
            return Outcome.retry(error, retry_after=retry_after)
        # 400 (a bad channel name, an unreadable picture), 401 (a wrong token), 403 (the bot
        # is not an admin of the channel): fixing the settings and retrying is up to people.
        return Outcome.give_up(error)


def webhook_signature(secret, timestamp, body):
    """The X-Newsapp-Signature of a request: HMAC-SHA256 of "<timestamp>.<body>" under the
    endpoint's secret, in hex, prefixed "sha256="."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


class SignedWebhook(Destination):
    """A JSON POST to each active webhook endpoint, signed with its secret (see
    `webhook_signature`), with the delivery's idempotency key for the receiver to ignore a
    repeat."""

    name = "webhook"
    label = "Webhook"

    def targets(self, event):
        if event.kind not in ANNOUNCED:
            return []  # a test goes to its one endpoint (services.webhook_test)
        endpoints = WebhookEndpoint.objects.filter(is_active=True)
        if event.kind == Event.Kind.CORRECTION_PUBLISHED:
            endpoints = endpoints.filter(send_corrections=True)
        return [(f"webhook:{endpoint.pk}", {"endpoint": endpoint}) for endpoint in endpoints]

    def send(self, delivery):
        endpoint = delivery.endpoint
        if endpoint is None:
            return Outcome.give_up("The webhook was deleted.")
        if not endpoint.is_active and delivery.event.kind != Event.Kind.WEBHOOK_TEST:
            return Outcome.give_up("The webhook is switched off.")
        payload = event_payload(delivery.event, delivery_key=delivery.idempotency_key)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Idempotency-Key": delivery.idempotency_key,
            "X-Newsapp-Event": delivery.event.kind,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: webhook_signature(endpoint.secret, timestamp, body),
        }
        try:
            reply = http.post(endpoint.url, body=body, headers=headers)
        except http.Unreachable as error:
            return Outcome.retry(str(error))
        return http.outcome_of(reply, summary=f"HTTP {reply.status} {reply.snippet()}".strip())


class IndexNow(Destination):
    """Asks search engines that take IndexNow (Bing, Yandex, Seznam, Naver...) to fetch a new
    or corrected article. On with INDEXNOW_KEY; the site serves the key at /<key>.txt."""

    name = "indexnow"
    label = "IndexNow"

    def targets(self, event):
        return [("indexnow", {})] if settings.INDEXNOW_KEY and event.kind in ANNOUNCED else []

    def send(self, delivery):
        key = settings.INDEXNOW_KEY
        if not key:
            return Outcome.give_up("IndexNow is off (INDEXNOW_KEY).")
        body = json.dumps(
            {
                "host": urlsplit(settings.SITE_URL).hostname,
                "key": key,
                "keyLocation": f"{settings.SITE_URL}/{key}.txt",
                "urlList": [article_url(delivery.event.article)],
            }
        ).encode()
        try:
            reply = http.post(
                conf.INDEXNOW_ENDPOINT, body=body, content_type="application/json; charset=utf-8"
            )
        except http.Unreachable as error:
            return Outcome.retry(str(error))
        return http.outcome_of(reply, summary=f"HTTP {reply.status} at {timezone.now():%H:%M}")
