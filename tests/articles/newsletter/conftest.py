import pytest
from django.core import mail

from articles.newsletter.models import Membership, NewsletterList, Subscriber


@pytest.fixture(autouse=True)
def newsletter_settings(settings):
    settings.NEWSLETTER_SEND_RATE_PER_SECOND = 0  # no pacing in tests
    settings.SITE_URL = "https://news.example.org"
    settings.DEFAULT_FROM_EMAIL = "The Dispatch <newsroom@news.example.org>"


@pytest.fixture
def daily(db):
    return NewsletterList.objects.get(slug="daily-briefing")


@pytest.fixture
def breaking(db):
    return NewsletterList.objects.get(slug="breaking-news")


def make_subscriber(email, *lists, state=Subscriber.State.CONFIRMED):
    subscriber = Subscriber.objects.create(email=email, state=state)
    Membership.objects.bulk_create(
        [Membership(subscriber=subscriber, newsletter=newsletter) for newsletter in lists]
    )
    return subscriber


def outbox_to(address):
    return [message for message in mail.outbox if address in message.to]
