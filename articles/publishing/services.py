"""Writes of the outbox: recording what went public (with its deliveries), starting
deliveries again, queueing a webhook test."""

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article, Correction

from .conf import conf
from .destinations import registry
from .models import Delivery, Event

DISCOVER_BATCH = 100


def events_discover(*, now=None):
    """Record an event, with its deliveries, for every article that has gone live and every
    note that readers can now see, within the last CATCH_UP_HOURS and not recorded yet.

    This is how both an editor's "publish" and a scheduled time coming reach the outbox: the
    worker asks the database what is public (`published()`, the site's one definition), so
    a story scheduled for 03:00 is announced at 03:00 with no request, and nothing is missed
    if a worker was down. Returns the number of events recorded."""
    now = now or timezone.now()
    since = now - timedelta(hours=conf.CATCH_UP_HOURS)
    articles = (
        Article.objects.published()
        .filter(publish_at__gte=since)
        .exclude(Exists(Event.objects.filter(article=OuterRef("pk"), correction=None)))
        .order_by("publish_at", "pk")[:DISCOVER_BATCH]
    )
    corrections = (
        Correction.objects.public()
        .filter(published_at__gte=since)
        .exclude(Exists(Event.objects.filter(correction=OuterRef("pk"))))
        .select_related("article")
        .order_by("published_at", "pk")[:DISCOVER_BATCH]
    )
    recorded = 0
    for article in articles:
        recorded += event_record(
            kind=Event.Kind.ARTICLE_PUBLISHED, key=Event.article_key(article), article=article
        )[1]
    for correction in corrections:
        recorded += event_record(
            kind=Event.Kind.CORRECTION_PUBLISHED,
            key=Event.correction_key(correction),
            article=correction.article,
            correction=correction,
        )[1]
    return recorded


def event_record(*, kind, key, article=None, correction=None):
    """Record the event `key` once, with a delivery for each target every registered
    destination names for it; (event, created). A second call, from this worker or another
    at the same moment, finds the first's event and adds nothing."""
    try:
        with transaction.atomic():
            event = Event.objects.create(kind=kind, key=key, article=article, correction=correction)
            Delivery.objects.bulk_create(
                Delivery(
                    event=event,
                    destination=destination.name,
                    idempotency_key=f"{key}:{suffix}",
                    **fields,
                )
                for destination in registry.values()
                for suffix, fields in destination.targets(event)
            )
    except IntegrityError:  # the key is taken: someone recorded it first
        return Event.objects.get(key=key), False
    return event, True


def events_mark_announced(*, articles=(), corrections=()):
    """Record `articles` and `corrections` as announced without sending anything, e.g. for
    an import of stories that were announced elsewhere long ago."""
    events = [
        Event(kind=Event.Kind.ARTICLE_PUBLISHED, key=Event.article_key(a), article=a)
        for a in articles
    ]
    events += [
        Event(
            kind=Event.Kind.CORRECTION_PUBLISHED,
            key=Event.correction_key(c),
            article_id=c.article_id,
            correction=c,
        )
        for c in corrections
    ]
    Event.objects.bulk_create(events, ignore_conflicts=True)


def deliveries_retry(*, deliveries):
    """Send `deliveries` again at once (the admin's "Retry now"), attempts counted afresh;
    delivered ones are never sent again and ones being sent are left to their worker.
    Returns how many will be retried."""
    return deliveries.retryable().update(
        state=Delivery.State.PENDING, next_attempt_at=timezone.now(), attempts=0
    )


def webhook_test(*, endpoint):
    """Queue a test event for `endpoint` alone; the worker sends it like any other (no send
    happens in a request). Returns the delivery."""
    key = f"test:{uuid.uuid4().hex}"
    with transaction.atomic():
        event = Event.objects.create(kind=Event.Kind.WEBHOOK_TEST, key=key)
        return Delivery.objects.create(
            event=event,
            destination="webhook",
            endpoint=endpoint,
            idempotency_key=f"{key}:webhook:{endpoint.pk}",
        )
