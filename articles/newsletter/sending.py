"""Sending newsletters in batches, from `manage.py publish_worker` (each of its rounds calls
`run_round`). Safe with several workers and across crashes:

1. A queued send is taken by one worker (a conditional UPDATE), which writes a delivery record
   (`Recipient`, unique per send and subscriber) for every confirmed member of its list. A
   worker that dies while writing leaves its lease to expire; the next one writes the rest.
2. Workers claim due records in batches (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL, and
   an UPDATE that repeats the "due" condition, which keeps SQLite safe too), each with a lease.
3. Each message is marked *handed over* just before it goes to the mail server and *sent* once
   the server accepts it. A record whose worker died after handing it over is *in doubt* and
   is never sent again (nobody gets a copy twice); one whose worker died before is sent by the
   next worker. So a crash costs at most the one message in flight, counted on the send.
4. A temporary failure (4xx, a lost connection) is retried with growing pauses; a permanent 5xx
   refusal of the address marks the subscriber stopped.

The rate limit (NEWSLETTER_SEND_RATE_PER_SECOND) paces each worker.
"""

import logging
import random
import smtplib
import time
import uuid
from collections import Counter
from datetime import timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import emails, services
from .conf import conf
from .models import ERROR_MAX_LENGTH, Membership, Recipient, Send, Subscriber

logger = logging.getLogger(__name__)

INSERT_CHUNK = 1000
# Refusals at DATA that are about the mailbox, not the message (RFC 5321, 3463).
MAILBOX_CODES = {550, 551, 553}


class Pacer:
    """Waits between messages so one worker sends at most `rate` a second."""

    def __init__(self, rate, *, clock=time.monotonic, sleep=time.sleep):
        self.interval = 1 / rate if rate else 0
        self.clock, self.sleep = clock, sleep
        self.next_at = None

    def wait(self):
        if not self.interval:
            return
        now = self.clock()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


def run_round(*, worker, stop=None):
    """One round of newsletter work; a Counter of what came of it (for the worker's log)."""
    report = Counter()
    report["newsletter unconfirmed deleted"] += services.pending_prune()
    report["newsletter digests queued"] += len(services.digests_schedule())
    report.update(recover_abandoned())
    prepare_recipients(worker=worker)
    pacer = Pacer(conf.SEND_RATE_PER_SECOND)
    while not (stop and stop.is_set()):
        batch = claim(worker=worker)
        if not batch:
            break
        report.update(deliver(batch, pacer=pacer, stop=stop))
    finish_sends()
    return +report


def recover_abandoned(now=None):
    """Records whose worker died: in doubt if it had handed the message over, due again if
    not."""
    abandoned = Recipient.objects.abandoned(now)
    cleared = {"claim_token": None, "lease_expires_at": None}
    in_doubt = abandoned.filter(handed_over_at__isnull=False).update(
        state=Recipient.State.IN_DOUBT, last_error="Its worker stopped while sending it.", **cleared
    )
    again = abandoned.filter(handed_over_at__isnull=True).update(
        state=Recipient.State.PENDING, **cleared
    )
    return Counter({"newsletter in doubt": in_doubt, "newsletter resumed": again})


def prepare_recipients(*, worker, now=None):
    """Take each send that needs its delivery records and write them."""
    now = now or timezone.now()
    for send in Send.objects.needing_recipients(now).order_by("pk"):
        token = uuid.uuid4()
        taken = (
            Send.objects.needing_recipients(now)
            .filter(pk=send.pk)
            .update(
                state=Send.State.SENDING,
                claim_token=token,
                lease_expires_at=now + timedelta(seconds=conf.LEASE_SECONDS),
                started_at=F("started_at") if send.started_at else now,
            )
        )
        if taken:
            recipients_write(send)
            Send.objects.filter(pk=send.pk, claim_token=token).update(
                recipients_ready=True, claim_token=None, lease_expires_at=None
            )
            services.send_state_counts(send)
            logger.info("Newsletter send %s: recipients written (%s)", send.pk, worker)


def recipients_write(send):
    """A delivery record for every confirmed member of the send's list (again: only the
    missing ones)."""
    subscriber_ids = list(
        Subscriber.objects.receiving()
        .filter(memberships__newsletter_id=send.newsletter_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(subscriber_ids), INSERT_CHUNK):
        Recipient.objects.bulk_create(
            [
                Recipient(send_id=send.pk, subscriber_id=pk)
                for pk in subscriber_ids[start : start + INSERT_CHUNK]
            ],
            ignore_conflicts=True,
        )


def claim(*, worker, limit=None, now=None):
    """Take up to `limit` due delivery records for this worker, with their send and
    subscriber loaded."""
    now = now or timezone.now()
    token = uuid.uuid4()
    size = limit or conf.BATCH_SIZE
    if conf.SEND_RATE_PER_SECOND:  # the batch must go out well within its lease
        size = max(1, min(size, int(conf.SEND_RATE_PER_SECOND * conf.LEASE_SECONDS / 2)))
    with transaction.atomic():
        due = Recipient.objects.due(now).filter(
            send__state=Send.State.SENDING, send__recipients_ready=True
        )
        ids = list(
            due.select_for_update(skip_locked=True, of=("self",))
            .order_by("send_id", "pk")
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return []
        due.filter(pk__in=ids).update(
            state=Recipient.State.SENDING,
            claim_token=token,
            lease_expires_at=now + timedelta(seconds=conf.LEASE_SECONDS),
            attempts=F("attempts") + 1,
        )
    return list(
        Recipient.objects.filter(claim_token=token)
        .select_related("send__newsletter", "subscriber")
        .order_by("pk")
    )


def _still_members(batch):
    """(subscriber id, list id) pairs of the batch that are still memberships."""
    pairs = {(r.subscriber_id, r.send.newsletter_id) for r in batch}
    members = Membership.objects.filter(
        subscriber_id__in={s for s, _ in pairs}, newsletter_id__in={n for _, n in pairs}
    ).values_list("subscriber_id", "newsletter_id")
    return set(members) & pairs


def deliver(batch, *, pacer, stop=None, connection=None):
    """Send each claimed record of `batch` through one mail connection; a Counter of
    outcomes."""
    outcomes = Counter()
    members = _still_members(batch)
    connection = connection or get_connection(fail_silently=False)
    try:
        _open(connection)
        for index, recipient in enumerate(batch):
            if stop and stop.is_set():
                release(batch[index:])
                break
            subscriber = recipient.subscriber
            if (
                subscriber.state != Subscriber.State.CONFIRMED
                or (subscriber.pk, recipient.send.newsletter_id) not in members
            ):
                _record(recipient, state=Recipient.State.SKIPPED)
                outcomes["newsletter skipped"] += 1
                continue
            pacer.wait()
            outcomes[f"newsletter {deliver_one(recipient, connection)}"] += 1
    finally:
        connection.close()
    for send_id in {recipient.send_id for recipient in batch}:
        services.send_state_counts(Send(pk=send_id))
    return outcomes


def _open(connection):
    """Keep one connection open for the batch (the backend would otherwise open and close one
    per message); a server that is down is found, and retried, message by message."""
    try:
        connection.open()
    except (smtplib.SMTPException, OSError):
        connection.close()


def deliver_one(recipient, connection):
    """Hand one message to the mail server and record the outcome; the new state."""
    mine = Recipient.objects.filter(
        pk=recipient.pk, claim_token=recipient.claim_token, state=Recipient.State.SENDING
    )
    if not mine.update(handed_over_at=timezone.now()):
        return "lost"  # the lease ran out and another worker has it
    try:
        message = emails.message_for(recipient.send, recipient.subscriber, connection=connection)
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()), (0, b""))
        return _failed(recipient, code, answer, stop=code >= 500)
    except smtplib.SMTPServerDisconnected as error:
        connection.close()
        return _retry(recipient, f"Disconnected: {error}")
    except smtplib.SMTPSenderRefused as error:
        # Our own From address was refused: not this reader's fault; try again later.
        connection.close()
        return _failed(recipient, error.smtp_code, error.smtp_error, stop=False, temporary=True)
    except smtplib.SMTPResponseException as error:
        connection.close()
        code = error.smtp_code
        return _failed(recipient, code, error.smtp_error, stop=code in MAILBOX_CODES)
    except (smtplib.SMTPException, OSError) as error:  # lost connection, timeout, refused
        connection.close()
        return _retry(recipient, f"{type(error).__name__}: {error}")
    except Exception as error:  # a bug: record it on the row, keep the worker going
        logger.exception("Newsletter recipient %s could not be sent", recipient.pk)
        return _record(recipient, state=Recipient.State.FAILED, error=f"{type(error).__name__}")
    return _record(recipient, state=Recipient.State.SENT, sent_at=timezone.now())


def _answer(code, answer):
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return emails.one_line(f"{code} {answer}", ERROR_MAX_LENGTH)


def _failed(recipient, code, answer, *, stop, temporary=None):
    reason = _answer(code, answer)
    if temporary or (temporary is None and 400 <= code < 500):
        return _retry(recipient, reason)
    if stop:
        services.subscriber_stop(subscriber_id=recipient.subscriber_id, reason=reason)
    return _record(recipient, state=Recipient.State.FAILED, error=reason, handed_over_at=None)


def retry_delay(attempts):
    delay = min(conf.RETRY_MAX_SECONDS, conf.RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return delay / 2 + random.uniform(0, delay / 2)


def _retry(recipient, reason):
    if recipient.attempts >= conf.MAX_ATTEMPTS:
        return _record(recipient, state=Recipient.State.FAILED, error=reason, handed_over_at=None)
    next_at = timezone.now() + timedelta(seconds=retry_delay(recipient.attempts))
    return _record(
        recipient,
        state=Recipient.State.PENDING,
        error=reason,
        next_attempt_at=next_at,
        handed_over_at=None,  # refused: not in doubt
    )


def _record(recipient, *, state, error="", **fields):
    mine = Recipient.objects.filter(
        pk=recipient.pk, claim_token=recipient.claim_token, state=Recipient.State.SENDING
    )
    updated = mine.update(
        state=state,
        claim_token=None,
        lease_expires_at=None,
        last_error=error[:ERROR_MAX_LENGTH],
        **fields,
    )
    if not updated:
        logger.warning("Newsletter recipient %s: lease lost before its outcome", recipient.pk)
        return "lost"
    return state


def release(batch):
    """Give back claimed records not yet tried (the worker is stopping)."""
    Recipient.objects.filter(
        pk__in=[recipient.pk for recipient in batch],
        state=Recipient.State.SENDING,
        handed_over_at__isnull=True,
    ).update(
        state=Recipient.State.PENDING,
        claim_token=None,
        lease_expires_at=None,
        attempts=F("attempts") - 1,
    )


def finish_sends():
    """Mark sends whose every record is done: sent (failed if no copy went out)."""
    for send in Send.objects.in_progress().exclude(
        recipients__state__in=[Recipient.State.PENDING, Recipient.State.SENDING]
    ):
        services.send_state_counts(send)
        send.refresh_from_db(fields=["recipient_count", "sent_count", "failed_count"])
        failed = send.recipient_count > 0 and send.sent_count == 0 and send.failed_count > 0
        Send.objects.filter(pk=send.pk, state=Send.State.SENDING).update(
            state=Send.State.FAILED if failed else Send.State.SENT, finished_at=timezone.now()
        )
        logger.info("Newsletter send %s finished", send.pk)
