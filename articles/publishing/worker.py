"""The outbox worker: claim due deliveries, send each through its destination, record what
came of it. Safe to run in several processes at once.

A claim is one transaction: the due rows are locked with SELECT ... FOR UPDATE SKIP LOCKED
(PostgreSQL; two workers take different rows, neither waits) and taken with an UPDATE that
repeats the "due" condition, which on SQLite (no row locks; its writers queue, see the IMMEDIATE
transactions in settings) is what keeps a row from being taken twice. A taken row carries the
claim's token and a lease; only the token's holder records the outcome, and a row whose worker
died is due again when its lease runs out.
"""

import logging
import random
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .conf import conf
from .destinations import registry
from .http import Outcome
from .models import ERROR_MAX_LENGTH, Delivery
from .services import events_discover

logger = logging.getLogger(__name__)


@dataclass
class RoundReport:
    recorded: int = 0
    outcomes: dict = field(default_factory=dict)  # state → count

    def count(self, state):
        self.outcomes[state] = self.outcomes.get(state, 0) + 1

    def __str__(self):
        states = ", ".join(f"{count} {state}" for state, count in sorted(self.outcomes.items()))
        return f"{self.recorded} new event(s); deliveries: {states or 'none due'}"


def retry_delay(attempts, retry_after=None):
    """Seconds before the next attempt: what the receiver asked for, else exponential backoff
    (RETRY_BASE_SECONDS doubling per attempt, at most RETRY_MAX_SECONDS) with "equal jitter"
    (half fixed, half random), so deliveries that failed together do not retry together."""
    if retry_after is not None:
        return max(1.0, float(retry_after))
    delay = min(conf.RETRY_MAX_SECONDS, conf.RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def claim(*, worker, limit=None):
    """Take up to `limit` due deliveries for `worker`; the taken ones, with what sending
    them needs loaded."""
    now = timezone.now()
    token = uuid.uuid4()
    with transaction.atomic():
        due = Delivery.objects.due(now)
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[: limit or conf.BATCH_SIZE]
        )
        if not ids:
            return []
        due.filter(pk__in=ids).update(
            state=Delivery.State.SENDING,
            claim_token=token,
            claimed_by=worker[:100],
            lease_expires_at=now + timedelta(seconds=conf.LEASE_SECONDS),
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    return list(
        Delivery.objects.filter(claim_token=token)
        .select_related("event__article__section", "event__correction", "endpoint")
        .prefetch_related("event__article__authors")
        .order_by("next_attempt_at", "pk")
    )


def attempt(delivery):
    """Send one claimed delivery and record the outcome; returns its new state."""
    destination = registry.get(delivery.destination)
    if destination is None:
        outcome = Outcome.give_up(f"No destination {delivery.destination!r} is registered.")
    elif reason := delivery.event.why_not_public():
        return record(delivery, Outcome.give_up(reason), state=Delivery.State.CANCELLED)
    else:
        try:
            outcome = destination.send(delivery)
        except Exception as error:  # a bug must not stop the worker; the row says what
            logger.exception("Delivery %s: %s failed", delivery.pk, delivery.destination)
            outcome = Outcome.retry(f"Internal error: {type(error).__name__}")
    return record(delivery, outcome)


def record(delivery, outcome, *, state=None):
    now = timezone.now()
    fields = {"claim_token": None, "lease_expires_at": None}
    if outcome.delivered:
        state = Delivery.State.DELIVERED
        fields.update(delivered_at=now, response_summary=outcome.summary)
    else:
        fields["last_error"] = outcome.error[:ERROR_MAX_LENGTH]
        if state is None and not outcome.permanent and delivery.attempts < conf.MAX_ATTEMPTS:
            state = Delivery.State.PENDING
            delay = retry_delay(delivery.attempts, outcome.retry_after)
            fields["next_attempt_at"] = now + timedelta(seconds=delay)
        state = state or Delivery.State.FAILED
    mine = Delivery.objects.filter(
        pk=delivery.pk, claim_token=delivery.claim_token, state=Delivery.State.SENDING
    )
    if not mine.update(state=state, **fields):
        logger.warning("Delivery %s: lease lost before its outcome was recorded", delivery.pk)
        return None
    if outcome.retry_after is not None and state == Delivery.State.PENDING:
        # The receiver asked for a pause: its other waiting deliveries wait too.
        Delivery.objects.filter(
            destination=delivery.destination,
            endpoint=delivery.endpoint_id,
            state=Delivery.State.PENDING,
            next_attempt_at__lt=fields["next_attempt_at"],
        ).update(next_attempt_at=fields["next_attempt_at"])
    log = logger.info if state == Delivery.State.DELIVERED else logger.warning
    log("Delivery %s (%s): %s %s", delivery.pk, delivery.idempotency_key, state, outcome.error)
    return state


# Other outbox work done in each round, e.g. the newsletters' sends (articles/newsletter):
# functions(worker=, stop=) returning a mapping of outcome → count for the round's report.
ROUND_TASKS = []


def register_round_task(task):
    if task not in ROUND_TASKS:
        ROUND_TASKS.append(task)


def run_round(*, worker, stop=None):
    """Record what went public, then send every delivery due now, batch by batch, until
    none is due (or `stop` is set), then do the registered round tasks. Returns a
    RoundReport."""
    report = RoundReport(recorded=events_discover())
    while not (stop and stop.is_set()):
        batch = claim(worker=worker)
        if not batch:
            break
        for index, delivery in enumerate(batch):
            if stop and stop.is_set():
                release(batch[index:])
                break
            report.count(attempt(delivery) or "lost")
    for task in ROUND_TASKS:
        if stop and stop.is_set():
            break
        for outcome, number in task(worker=worker, stop=stop).items():
            report.outcomes[outcome] = report.outcomes.get(outcome, 0) + number
    return report


def release(deliveries):
    """Give back claimed deliveries not yet tried (the worker is stopping): due at once,
    their claim's attempt not counted."""
    for delivery in deliveries:
        Delivery.objects.filter(
            pk=delivery.pk, claim_token=delivery.claim_token, state=Delivery.State.SENDING
        ).update(
            state=Delivery.State.PENDING,
            claim_token=None,
            lease_expires_at=None,
            attempts=F("attempts") - 1,
        )
