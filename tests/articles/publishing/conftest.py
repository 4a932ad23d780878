import pytest

from articles.publishing.models import WebhookEndpoint

from .fake_receiver import FakeReceiver

BOT_TOKEN = "123456789:TEST-bot-token-never-shown"
CHANNEL = "@meridian_test"
TIMEOUT = 0.3


@pytest.fixture
def receiver(settings):
    """The fake server, with the worker's requests timing out quickly and retries soon."""
    settings.PUBLISHING_HTTP_TIMEOUT = TIMEOUT
    with FakeReceiver(slow_seconds=TIMEOUT * 3) as server:
        yield server


@pytest.fixture
def telegram(settings, receiver):
    settings.TELEGRAM_BOT_TOKEN = BOT_TOKEN
    settings.TELEGRAM_CHANNEL = CHANNEL
    settings.PUBLISHING_TELEGRAM_API_URL = receiver.url
    return receiver


@pytest.fixture
def webhook(receiver):
    return WebhookEndpoint.objects.create(
        name="Partner", url=f"{receiver.url}/hook", secret="partner-shared-secret"
    )
