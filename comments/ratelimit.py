"""The comments app's rate limits (posting, flags, confirmation emails): fixed-window
counters in its own table, by the mechanism in articles/ratelimit.py."""

from articles.ratelimit import FixedWindowCounters

from .models import RateCounter

counters = FixedWindowCounters(RateCounter, "comments:rate")
hit = counters.hit
count = counters.count
