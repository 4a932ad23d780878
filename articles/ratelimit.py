"""Fixed-window counters in the database, so limits hold across gunicorn workers and machines
and cannot be evicted by page traffic filling the cache. One mechanism for every app that
limits readers: each keeps its counters in its own table (`counter_model`, with `key`,
`count` and `expires_at`), since the comments app depends on articles and never the reverse.

Each hit is one UPDATE ... SET count = count + 1 (the row lock serializes concurrent hits), or
an INSERT for a window's first event; expired windows are deleted as new ones start.
Identities are stored only as a hash.
"""

import datetime
import hashlib
import time

from django.db import IntegrityError, transaction
from django.db.models import F


def _moment(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


class FixedWindowCounters:
    def __init__(self, counter_model, key_prefix):
        self.counter_model = counter_model
        self.key_prefix = key_prefix

    def _key(self, scope, identity, window, now):
        digest = hashlib.sha256(str(identity).encode()).hexdigest()[:32]
        return f"{self.key_prefix}:{scope}:{window}:{int(now // window)}:{digest}"

    def hit(self, scope, identity, *, limit, window, now=None):
        """Count one event for (`scope`, `identity`); True while the count stays within
        `limit` events per `window` seconds."""
        now = time.time() if now is None else now
        key = self._key(scope, identity, window, now)
        counters = self.counter_model.objects.filter(key=key)
        with transaction.atomic():
            if not counters.update(count=F("count") + 1):
                try:
                    with transaction.atomic():
                        self.counter_model.objects.create(
                            key=key, count=1, expires_at=_moment((now // window + 1) * window)
                        )
                except IntegrityError:  # another worker started the window first
                    counters.update(count=F("count") + 1)
                else:
                    self.counter_model.objects.filter(expires_at__lt=_moment(now)).delete()
            count = counters.values_list("count", flat=True).get()
        return count <= limit

    def count(self, scope, identity, *, window, now=None):
        """The events counted so far in the current window."""
        now = time.time() if now is None else now
        counted = self.counter_model.objects.filter(key=self._key(scope, identity, window, now))
        return counted.values_list("count", flat=True).first() or 0
