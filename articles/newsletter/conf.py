"""The newsletter app's settings, each read from `settings.NEWSLETTER_<NAME>` with a default
here, at call time (so ``override_settings`` in tests takes effect)."""

from django.conf import settings

DEFAULTS = {
    # Days a confirmation link stays valid; unconfirmed addresses are deleted after this.
    "CONFIRM_DAYS": 7,
    # Subscribe requests one client address may make per hour (more get a 429 page).
    "SUBSCRIBE_PER_CLIENT_HOUR": 10,
    # Confirmation emails one address is sent per day, whoever asks: more requests get the
    # same answer on the page and no email, so the form cannot be used to flood a mailbox.
    "CONFIRMATIONS_PER_ADDRESS_DAY": 3,
    # Messages a worker hands to the mail server per second (0: as fast as it takes them).
    "SEND_RATE_PER_SECOND": 10,
    # Recipients a worker claims at once; its claim lasts LEASE_SECONDS.
    "BATCH_SIZE": 100,
    "LEASE_SECONDS": 300,
    # A temporary failure (4xx, connection lost) is retried after BASE × 2^(attempt − 1)
    # seconds, at most MAX, up to MAX_ATTEMPTS times; then the recipient counts as failed.
    "RETRY_BASE_SECONDS": 60,
    "RETRY_MAX_SECONDS": 3600,
    "MAX_ATTEMPTS": 8,
    # Stories at most in one digest (the newest, lead first).
    "DIGEST_MAX_STORIES": 30,
    # Where the mailto: unsubscribe of List-Unsubscribe goes (a newsroom mailbox; editors act
    # on those by hand). Empty: DEFAULT_FROM_EMAIL.
    "UNSUBSCRIBE_MAILTO": "",
    # The function that gives a request's client address (behind proxies it is not
    # REMOTE_ADDR); the project points it at the one comments and logins use.
    "CLIENT_IP_CALLABLE": None,
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])


conf = _Conf()
