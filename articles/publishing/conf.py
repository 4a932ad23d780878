"""The publishing app's settings, each read from `settings.PUBLISHING_<NAME>` with a default
here, at call time (so ``override_settings`` in tests takes effect). The destinations' own
settings (TELEGRAM_BOT_TOKEN, TELEGRAM_CHANNEL, INDEXNOW_KEY) come from the environment through
newsapp/settings.py."""

from django.conf import settings

DEFAULTS = {
    # The worker looks for new work this often (seconds) when it has none.
    "POLL_SECONDS": 5,
    # Articles that went live, and notes added, at most this long ago are announced when the
    # worker finds them; older ones (imports, backdated stories, a worker down for days) are
    # not, so a late start never floods the channel with old news.
    "CATCH_UP_HOURS": 24,
    # Seconds allowed for every outgoing request (connect, send, answer).
    "HTTP_TIMEOUT": 10,
    # A claimed delivery whose worker has not reported back by then is taken by another (its
    # worker died); far above HTTP_TIMEOUT, so a slow send is never taken over.
    "LEASE_SECONDS": 300,
    # Retries wait BASE × 2^(attempt − 1) seconds, at most MAX, with jitter; a receiver's
    # Retry-After (or Telegram's retry_after) is waited out instead.
    "RETRY_BASE_SECONDS": 30,
    "RETRY_MAX_SECONDS": 3600,
    # After this many attempts a delivery is marked failed (about a day with the defaults);
    # "Retry now" in the admin starts it again.
    "MAX_ATTEMPTS": 30,
    # Deliveries a worker claims at once.
    "BATCH_SIZE": 20,
    # Where the destinations send to (tests point them at a local server).
    "TELEGRAM_API_URL": "https://api.telegram.org",
    "INDEXNOW_ENDPOINT": "https://api.indexnow.org/indexnow",
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"PUBLISHING_{name}", DEFAULTS[name])


conf = _Conf()
