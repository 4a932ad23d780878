"""Fixed-window counters in the default cache, so limits hold across gunicorn workers (file
cache) and across machines (Redis).

On Redis, `cache.add` creates the window's counter and `cache.incr` bumps it atomically, keeping
its expiry. The file cache's `incr` reads, then writes with the default timeout (which would end
a window early), so there the count is read and written with the window's own expiry under an
exclusive file lock in the cache folder, which every worker on the machine shares.
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
    expires_in = window - int(now % window) + 1
    backend = caches["default"]
    if isinstance(backend, FileBasedCache):
        with _file_lock(backend):
            count = cache.get(key, 0) + 1
            cache.set(key, count, timeout=expires_in)
    else:
        cache.add(key, 0, timeout=expires_in)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=expires_in)
            count = 1
    return count <= limit


@contextmanager
def _file_lock(backend):
    """Serialize counter updates across the processes sharing a file cache."""
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
