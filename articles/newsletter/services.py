"""Writes: subscribing, confirming, changing lists, leaving, erasing, and queuing sends. Views,
the admin and the worker call these."""

import logging
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import digests, emails, ratelimit
from .conf import conf
from .models import Membership, NewsletterList, Send, Subscriber
from .tokens import InvalidLink, read_confirm_token, read_manage_token

logger = logging.getLogger(__name__)

DAY = 24 * 3600


def normalize_email(email):
    return email.strip().lower()


def _send_after_commit(message):
    def send():
        try:
            message.send(fail_silently=False)
        except Exception:  # a mail outage must not fail the reader's request
            logger.exception("Newsletter confirmation email could not be sent")

    transaction.on_commit(send)


def subscription_request(*, email, lists):
    """A reader asked to join `lists` with `email`: send a confirmation link, whatever the
    address's state. Nothing is joined before it is confirmed, nothing is sent to a list
    before that, and the caller answers the same whether or not the address was known."""
    email = normalize_email(email)
    lists = [newsletter for newsletter in lists if newsletter.is_active]
    if not lists:
        raise ValidationError("Choose at least one newsletter.", code="no_lists")
    with transaction.atomic():
        subscriber = Subscriber.objects.filter(email=email).select_for_update().first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email)
            except IntegrityError:  # another request created it first
                subscriber = Subscriber.objects.select_for_update().get(email=email)
        if not subscriber.confirm_nonce:
            subscriber.confirm_nonce = secrets.token_hex(16)
        subscriber.confirmation_requested_at = timezone.now()
        subscriber.save(update_fields=["confirm_nonce", "confirmation_requested_at"])
        if ratelimit.hit(
            "confirm-email", email, limit=conf.CONFIRMATIONS_PER_ADDRESS_DAY, window=DAY
        ):
            _send_after_commit(emails.confirmation_message(subscriber, lists))
    return subscriber


class ConfirmOutcome:
    CONFIRMED = "confirmed"
    USED = "used"


def subscription_confirm(*, token):
    """Confirm the subscription a link names; (subscriber, outcome). A used link (its nonce
    is gone) changes nothing. Raises InvalidLink for a forged, damaged or expired one."""
    subscriber_id, nonce, list_ids = read_confirm_token(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            raise InvalidLink("unknown subscriber")
        if not nonce or not secrets.compare_digest(nonce, subscriber.confirm_nonce):
            return subscriber, ConfirmOutcome.USED
        now = timezone.now()
        lists = NewsletterList.objects.offered().filter(pk__in=list_ids)
        Membership.objects.bulk_create(
            [Membership(subscriber=subscriber, newsletter=newsletter) for newsletter in lists],
            ignore_conflicts=True,
        )
        if subscriber.state != Subscriber.State.CONFIRMED:
            subscriber.state = Subscriber.State.CONFIRMED
            subscriber.state_changed_at = now
            subscriber.stopped_reason = ""
        subscriber.confirmed_at = now
        subscriber.confirm_nonce = ""
        subscriber.save()
    return subscriber, ConfirmOutcome.CONFIRMED


def subscriber_from_link(token):
    """The subscriber a preferences or unsubscribe link belongs to; raises InvalidLink."""
    subscriber_id, key = read_manage_token(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or not secrets.compare_digest(key, subscriber.link_key):
        raise InvalidLink("unknown subscriber")
    return subscriber


def subscriber_set_lists(*, subscriber, lists):
    """Keep `subscriber` on exactly `lists` (of those offered); none at all means leaving."""
    if not lists:
        return subscriber_unsubscribe(subscriber=subscriber)
    with transaction.atomic():
        offered = NewsletterList.objects.offered()
        subscriber.memberships.filter(newsletter__in=offered).exclude(newsletter__in=lists).delete()
        Membership.objects.bulk_create(
            [Membership(subscriber=subscriber, newsletter=newsletter) for newsletter in lists],
            ignore_conflicts=True,
        )
        if subscriber.state in (Subscriber.State.UNSUBSCRIBED, Subscriber.State.STOPPED):
            # Choosing lists from a link in one of their emails shows the address is theirs
            # (and, after a bounce, that it works again).
            _set_state(subscriber, Subscriber.State.CONFIRMED)
    return subscriber


def subscriber_unsubscribe(*, subscriber):
    """Leave every list. Harmless to repeat (RFC 8058 clients may POST twice)."""
    with transaction.atomic():
        subscriber.memberships.all().delete()
        if subscriber.state in (Subscriber.State.CONFIRMED, Subscriber.State.PENDING):
            _set_state(subscriber, Subscriber.State.UNSUBSCRIBED)
    return subscriber


def subscriber_stop(*, subscriber_id, reason):
    """The mail server refused the address for good: send it nothing more."""
    Subscriber.objects.filter(pk=subscriber_id).exclude(state=Subscriber.State.UNSUBSCRIBED).update(
        state=Subscriber.State.STOPPED,
        state_changed_at=timezone.now(),
        stopped_reason=emails.one_line(reason, 500),
    )


def _set_state(subscriber, state):
    subscriber.state = state
    subscriber.state_changed_at = timezone.now()
    subscriber.save(update_fields=["state", "state_changed_at"])


def subscriber_export(subscriber):
    """Everything stored about `subscriber`, for a reader who asks (GDPR art. 15 and 20)."""
    copies = subscriber_copies(subscriber)
    return {
        "email": subscriber.email,
        "state": subscriber.state,
        "created_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "state_changed_at": subscriber.state_changed_at.isoformat(),
        "stopped_reason": subscriber.stopped_reason,
        "lists": [
            {"name": m.newsletter.name, "joined_at": m.created_at.isoformat()}
            for m in subscriber.memberships.select_related("newsletter").order_by("created_at")
        ],
        "emails": copies,
    }


def subscriber_copies(subscriber):
    from .models import Recipient

    return [
        {
            "subject": recipient.send.subject,
            "state": recipient.state,
            "sent_at": recipient.sent_at.isoformat() if recipient.sent_at else None,
        }
        for recipient in Recipient.objects.filter(subscriber=subscriber)
        .select_related("send")
        .order_by("pk")
    ]


def subscriber_erase(*, subscriber):
    """Delete the address and everything tied to it (memberships, delivery records). The
    sends keep only their totals."""
    subscriber.delete()


def pending_prune(now=None):
    """Delete addresses that never confirmed within CONFIRM_DAYS; how many."""
    since = (now or timezone.now()) - timedelta(days=conf.CONFIRM_DAYS)
    deleted, _ = Subscriber.objects.unconfirmed_since(since).delete()
    return deleted


def alert_queue(*, article, newsletter, user=None):
    """Queue a breaking alert about `article` to `newsletter`; the worker sends it. One per
    article and list: a second is refused with a ValidationError."""
    if not article.is_published():
        raise ValidationError("Only a published article can be sent as an alert.", code="draft")
    if newsletter.kind != NewsletterList.Kind.ALERTS:
        raise ValidationError("Alerts go to a breaking news list.", code="not_alerts")
    send = digests.alert_compose(article=article, newsletter=newsletter)
    send.created_by = user
    send.full_clean()
    send.save()
    return send


def digest_queue(*, newsletter, until=None):
    """Queue the digest of what `newsletter` has not covered yet, up to `until`; None when
    nothing new was published."""
    with transaction.atomic():  # the list's cut-off moves only with its send
        send = digests.digest_compose(newsletter=newsletter, until=until or timezone.now())
        if send is not None:
            send.save()
    return send


def digests_schedule(now=None):
    """Queue every digest whose time has come (called by the worker each round). A list's
    slot is taken with a conditional UPDATE, so two workers never queue one digest twice."""
    now = now or timezone.now()
    for newsletter in NewsletterList.objects.filter(
        kind=NewsletterList.Kind.DIGEST, next_digest_at__isnull=True
    ):
        newsletter.save(update_fields=["next_digest_at"])  # a list made outside the admin
    queued = []
    for newsletter in NewsletterList.objects.digests_due(now):
        taken = NewsletterList.objects.filter(
            pk=newsletter.pk, next_digest_at=newsletter.next_digest_at
        ).update(next_digest_at=newsletter.next_slot(now))
        if not taken:
            continue
        with transaction.atomic():
            # Up to now, not to the slot: a worker that was down sends what is new today.
            send = digest_queue(newsletter=newsletter, until=now)
            if send is not None:
                queued.append(send)
    return queued


def send_state_counts(send):
    """Recount `send`'s totals from its delivery records."""
    from django.db.models import Count, Q

    from .models import Recipient

    State = Recipient.State
    counts = send.recipients.aggregate(
        total=Count("pk", filter=~Q(state=State.SKIPPED)),
        sent=Count("pk", filter=Q(state=State.SENT)),
        failed=Count("pk", filter=Q(state=State.FAILED)),
        in_doubt=Count("pk", filter=Q(state=State.IN_DOUBT)),
    )
    Send.objects.filter(pk=send.pk).update(
        recipient_count=counts["total"],
        sent_count=counts["sent"],
        failed_count=counts["failed"],
        in_doubt_count=counts["in_doubt"],
    )
