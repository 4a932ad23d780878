"""Counting reads and reading the counts back."""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .conf import conf
from .models import HourlyReads

MOST_READ_WINDOWS = {"day": datetime.timedelta(hours=24), "week": datetime.timedelta(days=7)}
MOST_READ_CACHE_KEY = "readership:most-read"


def start_of_hour(moment):
    return moment.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def article_read_record(*, article_id, at=None):
    """Count one read of the article `article_id` in the hour of `at` (default now).

    One UPDATE ... SET reads = reads + 1, whose row lock serializes concurrent workers, or the
    hour's first INSERT; a worker that loses the race to insert updates the winner's row."""
    hour = start_of_hour(at or timezone.now())
    counts = HourlyReads.objects.filter(article_id=article_id, hour=hour)
    with transaction.atomic():
        if counts.update(reads=F("reads") + 1):
            return
        try:
            with transaction.atomic():
                HourlyReads.objects.create(article_id=article_id, hour=hour, reads=1)
        except IntegrityError:  # another worker counted the hour's first read
            counts.update(reads=F("reads") + 1)


def most_read():
    """{"day": [...], "week": [...]}: the most read published articles of the last 24 hours
    and 7 days, as plain dicts (headline, url, section, reads), computed at most once every
    READERSHIP_MOST_READ_CACHE_SECONDS. The counts themselves are never cached."""
    lists = cache.get(MOST_READ_CACHE_KEY)
    if lists is None:
        lists = _most_read_now()
        cache.set(MOST_READ_CACHE_KEY, lists, conf.MOST_READ_CACHE_SECONDS)
    return lists


def _most_read_now():
    # Whole hours: "24 hours" sums the 24 hourly rows up to and including the current one.
    this_hour = start_of_hour(timezone.now())
    lists = {}
    for name, window in MOST_READ_WINDOWS.items():
        since = this_hour - window + datetime.timedelta(hours=1)
        articles = HourlyReads.objects.most_read_since(since, limit=conf.MOST_READ_COUNT)
        lists[name] = [
            {
                "headline": article.headline,
                "url": article.get_absolute_url(),
                "section": article.section.name,
                "reads": article.reads,
            }
            for article in articles
        ]
    return lists


def read_counts_prune(*, keep_days=None, dry_run=False):
    """Delete hourly counts older than `keep_days` (READERSHIP_KEEP_DAYS); the number of rows."""
    keep_days = conf.KEEP_DAYS if keep_days is None else keep_days
    old = HourlyReads.objects.filter(
        hour__lt=start_of_hour(timezone.now()) - datetime.timedelta(days=keep_days)
    )
    if dry_run:
        return old.count()
    return old.delete()[0]
