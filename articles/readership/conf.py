"""The readership app's settings, each read from `settings.READERSHIP_<NAME>` with a default
here, at call time (so ``override_settings`` in tests takes effect)."""

from django.conf import settings

DEFAULTS = {
    # Articles in each "Most read" list.
    "MOST_READ_COUNT": 5,
    # The lists are computed at most this often (they are one query each, but every page
    # shows them).
    "MOST_READ_CACHE_SECONDS": 60,
    # Hourly counts older than this are deleted by `manage.py prune_read_counts`; the longest
    # list needs 7 days.
    "KEEP_DAYS": 8,
    # One client address counts at most this many reads of one article per clock hour; more
    # are accepted and ignored, so a flood cannot inflate a count without limit. Above one, so
    # readers sharing an address (an office, a mobile carrier's NAT) still count.
    "READS_PER_CLIENT_HOUR": 3,
    # The function that gives a request's client address (behind proxies it is not
    # REMOTE_ADDR); the project points it at the same one comments and logins use.
    "CLIENT_IP_CALLABLE": None,
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"READERSHIP_{name}", DEFAULTS[name])


conf = _Conf()
