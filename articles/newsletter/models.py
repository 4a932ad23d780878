"""Reader newsletters: the lists readers join, the subscribers (private: an address is never
shown to the public), each send (a digest or a breaking alert) and a delivery record per
recipient of it, which is what lets a crashed send resume without sending anyone a copy twice.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Section

ERROR_MAX_LENGTH = 500
EMAIL_MAX_LENGTH = 254  # RFC 5321's limit on a forward path


def new_link_key():
    return secrets.token_urlsafe(16)


class NewsletterListQuerySet(models.QuerySet):
    def offered(self):
        """The lists readers may join, in the order the forms show them."""
        return self.filter(is_active=True).order_by("position", "name")

    def digests_due(self, now=None):
        return self.filter(
            is_active=True,
            kind=NewsletterList.Kind.DIGEST,
            next_digest_at__lte=now or timezone.now(),
        )


class NewsletterList(models.Model):
    """Something readers can subscribe to: a daily or weekly digest (of the whole site or of
    one section), or breaking news alerts that editors send one article at a time."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Digest"
        ALERTS = "alerts", "Breaking news alerts"

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    name = models.CharField(max_length=100, help_text="What readers see, e.g. “Daily briefing”.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(
        max_length=300, blank=True, help_text="One line under the name on the subscribe form."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DIGEST)
    section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="newsletter_lists",
        help_text="A digest of this section only. Empty: the whole site.",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.DAILY, blank=True
    )
    send_time = models.TimeField(
        default=datetime.time(7, 0),
        help_text="When the digest goes out, in the newsroom's time zone.",
    )
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text="The day of a weekly digest."
    )
    next_digest_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the worker sends the next digest (set from the schedule on save).",
    )
    last_digest_until = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="The next digest covers the stories published since this moment.",
    )
    is_active = models.BooleanField("offered", default=True)
    is_default = models.BooleanField(
        "ticked by default", default=False, help_text="Ticked on the subscribe forms."
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NewsletterListQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "list"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="alerts") | ~Q(frequency=""),
                name="newsletter_digest_has_frequency",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.is_digest:
            self.next_digest_at = self.next_slot(timezone.now())
        else:
            self.next_digest_at = None
            self.frequency = ""
        super().save(*args, **kwargs)

    @property
    def is_digest(self):
        return self.kind == self.Kind.DIGEST

    def period(self):
        days = 7 if self.frequency == self.Frequency.WEEKLY else 1
        return datetime.timedelta(days=days)

    def next_slot(self, after):
        """The first scheduled time of this digest strictly after `after`, in TIME_ZONE."""
        local = timezone.localtime(after)
        day = local.date()
        while True:
            moment = timezone.make_aware(datetime.datetime.combine(day, self.send_time))
            weekly = self.frequency == self.Frequency.WEEKLY
            if moment > after and (not weekly or day.weekday() == self.weekday):
                return moment
            day += datetime.timedelta(days=1)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Subscribers who get email: confirmed, not unsubscribed, not stopped by bounces."""
        return self.filter(state=Subscriber.State.CONFIRMED)

    def unconfirmed_since(self, moment):
        """Never confirmed, and no confirmation link asked for since `moment`."""
        return self.filter(state=Subscriber.State.PENDING, confirmation_requested_at__lt=moment)


class Subscriber(models.Model):
    """One email address and its state. Private: shown only to editors."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        STOPPED = "stopped", "Stopped (the address bounced)"

    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, help_text="Stored in lower case.")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    lists = models.ManyToManyField(NewsletterList, through="Membership", related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_requested_at = models.DateTimeField(
        null=True, blank=True, help_text="The last time a confirmation link was asked for."
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    stopped_reason = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)
    # Signed links carry these, so a used confirmation link, or any link of an erased and
    # re-created address, is refused.
    confirm_nonce = models.CharField(max_length=32, blank=True, editable=False)
    link_key = models.CharField(max_length=32, default=new_link_key, editable=False)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_unique_email"),
        ]
        indexes = [
            models.Index(
                fields=["state", "confirmation_requested_at"], name="newsletter_sub_state_idx"
            ),
        ]

    def __str__(self):
        return self.email

    def get_admin_url(self):
        return reverse("admin:newsletter_subscriber_change", args=[self.pk])


class Membership(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="memberships")
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "subscriber"], name="newsletter_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.subscriber} → {self.newsletter}"


class SendQuerySet(models.QuerySet):
    def needing_recipients(self, now=None):
        """Sends whose recipient list a worker may write: queued ones, and those whose worker
        died while writing it (its lease ran out)."""
        now = now or timezone.now()
        return self.filter(
            Q(state=Send.State.QUEUED)
            | Q(state=Send.State.SENDING, recipients_ready=False, lease_expires_at__lt=now)
        )

    def in_progress(self):
        return self.filter(state=Send.State.SENDING, recipients_ready=True)


class Send(models.Model):
    """One email to one list: a digest or a breaking alert. Its content is rendered when it
    is queued, so every recipient gets the same text; only their own links differ."""

    class Kind(models.TextChoices):
        DIGEST = "digest", "Digest"
        ALERT = "alert", "Breaking alert"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    newsletter = models.ForeignKey(NewsletterList, on_delete=models.PROTECT, related_name="sends")
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newsletter_sends",
        help_text="The story of a breaking alert.",
    )
    subject = models.CharField(max_length=200)
    html_body = models.TextField(editable=False)
    text_body = models.TextField(editable=False)
    covers_from = models.DateTimeField(null=True, blank=True)
    covers_until = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients_ready = models.BooleanField(default=False, editable=False)
    recipient_count = models.PositiveIntegerField("recipients", default=0)
    sent_count = models.PositiveIntegerField("sent", default=0)
    failed_count = models.PositiveIntegerField("failed", default=0)
    in_doubt_count = models.PositiveIntegerField(
        "in doubt",
        default=0,
        help_text="Handed to the mail server when a worker died, so not sent again: they "
        "may or may not have arrived.",
    )
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SendQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["newsletter", "article"],
                condition=Q(kind="alert"),
                name="newsletter_one_alert_per_article",
            ),
            models.CheckConstraint(
                condition=Q(kind="digest") | Q(article__isnull=False),
                name="newsletter_alert_has_article",
            ),
        ]
        indexes = [models.Index(fields=["state"], name="newsletter_send_state_idx")]

    def __str__(self):
        return self.subject

    def get_admin_url(self):
        return reverse("admin:newsletter_send_change", args=[self.pk])


class RecipientQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            state=Recipient.State.PENDING, next_attempt_at__lte=now or timezone.now()
        )

    def abandoned(self, now=None):
        """Claimed by a worker whose lease ran out: it died (or hangs)."""
        return self.filter(
            state=Recipient.State.SENDING, lease_expires_at__lt=now or timezone.now()
        )

    def unfinished(self):
        return self.filter(state__in=[Recipient.State.PENDING, Recipient.State.SENDING])


class Recipient(models.Model):
    """One subscriber's copy of one send: at most one per (send, subscriber), and marked
    when it is handed to the mail server, so a resumed send never sends it again."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped (left the list before its turn)"
        IN_DOUBT = "in_doubt", "In doubt (its worker died while sending it)"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="recipients")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(
        null=True, blank=True, help_text="When the message went to the mail server."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=ERROR_MAX_LENGTH, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="newsletter_one_copy_per_subscriber"
            ),
        ]
        indexes = [
            models.Index(
                fields=["send", "state", "next_attempt_at"], name="newsletter_recipient_due_idx"
            ),
        ]

    def __str__(self):
        return f"{self.send} → {self.subscriber_id}"


class RateCounter(models.Model):
    """Events counted in one fixed window for one (scope, identity), see `ratelimit.hit`. In
    the database, not the cache, so page traffic filling the cache cannot reset a limit."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
