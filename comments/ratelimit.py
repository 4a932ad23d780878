"""Fixed-window counters in the default cache, so limits hold across gunicorn workers (file
cache) and across machines (Redis).

`cache.add` creates the window's counter only if it is missing and `cache.incr` bumps it; on
Redis both are atomic. The file cache's `incr` reads then writes, so with it the two steps run
under an exclusive file lock in the cache folder, which every worker on the machine shares.
(django-ratelimit's system check refuses the file cache for exactly this race; this is the few
lines we need.)
"""

import fcntl
import hashlib
import os
import time
from contextlib import contextmanager

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache

KEY_PREFIX = "comments:rate"


def _key(scope, identity, window, now):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{window}:{int(now // window)}:{digest}"


def hit(scope, identity, *, limit, window, now=None):
    """Count one event for (`scope`, `identity`); True while the count stays within `limit`
    events per `window` seconds."""
    now = time.time() if now is None else now
    key = _key(scope, identity, window, now)
    with _exclusive():
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
    return count <= limit


@contextmanager
def _exclusive():
    """Serialize counter updates across processes when the cache cannot do it atomically."""
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache):
        yield
        return
    os.makedirs(backend._dir, exist_ok=True)
    with open(os.path.join(backend._dir, "comments-ratelimit.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def count(scope, identity, *, window, now=None):
    """The events counted so far in the current window."""
    now = time.time() if now is None else now
    return cache.get(_key(scope, identity, window, now), 0)
