"""Fixed-window counters in the database, as comments/ratelimit.py keeps them (articles may
not import comments, so the newsletter has its own small table): limits hold across gunicorn
workers and machines and cannot be evicted by page traffic filling the cache.

Each hit is one UPDATE ... SET count = count + 1, or an INSERT for a window's first event;
expired windows are deleted as new ones start. Identities are stored only as a hash.
"""

import datetime
import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateCounter

KEY_PREFIX = "newsletter:rate"


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
