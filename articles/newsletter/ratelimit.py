"""The newsletter's rate limits (subscribe floods): fixed-window counters in its own table,
by the mechanism in articles/ratelimit.py."""

from articles.ratelimit import FixedWindowCounters

from .models import RateCounter

counters = FixedWindowCounters(RateCounter, "newsletter:rate")
hit = counters.hit
count = counters.count
