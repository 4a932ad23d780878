"""Which requests count as a read, and how much one client may count."""

import datetime

from crawleruseragents import is_crawler
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string

from .conf import conf

# Real browsers send a few hundred characters; matching is linear in this.
USER_AGENT_MAX_LENGTH = 512
# Headers browsers send with speculative loads (prefetch, prerender) that no reader saw yet.
SPECULATIVE_HEADERS = {
    "HTTP_SEC_PURPOSE": "prefetch",
    "HTTP_PURPOSE": "prefetch",
    "HTTP_X_PURPOSE": "preview",
    "HTTP_X_MOZ": "prefetch",
}


def is_bot(request):
    """True for crawlers, scrapers, link previewers, monitors and headless browsers, by their
    user agent, matched against the crawler-user-agents list (github.com/monperrus/
    crawler-user-agents, about 1,500 patterns, pinned in requirements.txt); an empty user
    agent is a bot too."""
    user_agent = request.headers.get("User-Agent", "")[:USER_AGENT_MAX_LENGTH]
    return not user_agent.strip() or is_crawler(user_agent)


def is_speculative(request):
    return any(
        word in request.META.get(header, "").lower() for header, word in SPECULATIVE_HEADERS.items()
    )


def client_may_count(request, article_id):
    """True while the client's address has counted fewer than READERSHIP_READS_PER_CLIENT_HOUR
    reads of this article this clock hour.

    The tally lives in the cache for the rest of the hour under a keyed hash of the address
    (never the address itself, never in the database). If the cache loses it, the client can
    count again: the error is towards counting, and only for that hour."""
    address = _client_ip(request) or ""
    hour = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%d%H")
    digest = salted_hmac("readership.client", f"{address}|{article_id}|{hour}").hexdigest()
    key = f"readership:client:{digest[:32]}"
    seconds_left = 3600 - timezone.now().minute * 60 - timezone.now().second
    if cache.add(key, 1, timeout=seconds_left + 1):
        return True
    try:
        return cache.incr(key) <= conf.READS_PER_CLIENT_HOUR
    except ValueError:  # expired between add and incr: the hour is over
        return True


def _client_ip(request):
    if conf.CLIENT_IP_CALLABLE:
        return import_string(conf.CLIENT_IP_CALLABLE)(request)
    return request.META.get("REMOTE_ADDR")
