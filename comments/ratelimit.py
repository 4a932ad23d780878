"""Fixed-window counters in the default cache, so limits hold across gunicorn workers (file
cache) and across machines (Redis).

`cache.add` creates the window's counter only if it is missing and `cache.incr` bumps it; on
Redis both are atomic. The file cache's `incr` reads then writes, so two workers posting in the
same instant can lose one count: the limit can be overshot by a request or two there, never
bypassed wholesale. (django-ratelimit does the same with the same caveat and refuses the file
cache in its system check; this is the few lines we need.)
"""

import hashlib
import time

from django.core.cache import cache

KEY_PREFIX = "comments:rate"


def _key(scope, identity, window, now):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{window}:{int(now // window)}:{digest}"


def hit(scope, identity, *, limit, window, now=None):
    """Count one event for (`scope`, `identity`); True while the count stays within `limit`
    events per `window` seconds."""
    now = time.time() if now is None else now
    key = _key(scope, identity, window, now)
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def count(scope, identity, *, window, now=None):
    """The events counted so far in the current window."""
    now = time.time() if now is None else now
    return cache.get(_key(scope, identity, window, now), 0)
