"""Fixed-window counters in the database, so limits hold across gunicorn workers and machines
and cannot be evicted by page traffic filling the cache.

Each hit is one UPDATE ... SET count = count + 1 (the row lock serializes concurrent hits), or an
INSERT for a window's first event; expired windows are deleted as new ones start.
"""

import datetime
import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateCounter

KEY_PREFIX = "comments:rate"


def _key(scope, identity, window, now):
    digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{window}:{int(now // window)}:{digest}"


def _moment(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def hit(scope, identity, *, limit, window, now=None):
    """Count one event for (`scope`, `identity`); True while the count stays within `limit`
    events per `window` seconds."""
    now = time.time() if now is None else now
    key = _key(scope, identity, window, now)
    counters = RateCounter.objects.filter(key=key)
    with transaction.atomic():
        if not counters.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        key=key, count=1, expires_at=_moment((now // window + 1) * window)
                    )
            except IntegrityError:  # another worker started the window first
                counters.update(count=F("count") + 1)
            else:
                RateCounter.objects.filter(expires_at__lt=_moment(now)).delete()
        count = counters.values_list("count", flat=True).get()
    return count <= limit


def count(scope, identity, *, window, now=None):
    """The events counted so far in the current window."""
    now = time.time() if now is None else now
    counted = RateCounter.objects.filter(key=_key(scope, identity, window, now))
    return counted.values_list("count", flat=True).first() or 0
