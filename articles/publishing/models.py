"""The publishing outbox: what happened (an Event: an article went live, a note was added) and
one Delivery of it per destination (the Telegram channel, each webhook, IndexNow), which
`manage.py publish_worker` sends until the receiver acknowledges it, once."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction

ERROR_MAX_LENGTH = 1000
SUMMARY_MAX_LENGTH = 500


def new_webhook_secret():
    return secrets.token_urlsafe(32)


class Event(models.Model):
    """Something readers can now see that destinations are told about, recorded once (its
    `key` is unique), with a delivery for each destination that was on at the time."""

    class Kind(models.TextChoices):
        ARTICLE_PUBLISHED = "article.published", "Article published"
        CORRECTION_PUBLISHED = "correction.published", "Correction or update published"
        WEBHOOK_TEST = "webhook.test", "Webhook test"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    key = models.CharField(
        max_length=100, help_text="Names what happened once: article:12, correction:7, test:…"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="publishing_events"
    )
    correction = models.ForeignKey(
        Correction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="publishing_events",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key"], name="publishing_event_unique_key")]

    def __str__(self):
        subject = self.correction or self.article
        return f"{self.get_kind_display()}: {subject}" if subject else self.get_kind_display()

    @staticmethod
    def article_key(article):
        return f"article:{article.pk}"

    @staticmethod
    def correction_key(correction):
        return f"correction:{correction.pk}"

    def why_not_public(self):
        """Why this event should no longer be announced (its article was withdrawn, or
        unpublished, since), or "" when it still should."""
        if self.article_id is None:
            return ""
        if not Article.objects.published().filter(pk=self.article_id).exists():
            return "The article is no longer public."
        return ""


class WebhookEndpoint(models.Model):
    """An address that receives every article published (and, if chosen, every note) as a
    signed JSON POST."""

    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “Partner site”.")
    url = models.URLField(
        "address", max_length=500, help_text="Where to POST, e.g. https://partner.example/hooks."
    )
    secret = models.CharField(
        max_length=200,
        default=new_webhook_secret,
        help_text="Shared with the receiver, which checks each request's X-Newsapp-Signature "
        "with it (see the README). Generated for you; change it to rotate.",
    )
    is_active = models.BooleanField("active", default=True)
    send_corrections = models.BooleanField(
        default=True, help_text="Also send correction and update notes as they are added."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "webhook"

    def __str__(self):
        return self.name


class DeliveryQuerySet(models.QuerySet):
    def due(self, now=None):
        """Deliveries a worker may take now: waiting ones whose time has come, and claimed ones
        whose worker let the lease run out (it died)."""
        now = now or timezone.now()
        return self.filter(
            Q(state=Delivery.State.PENDING, next_attempt_at__lte=now)
            | Q(state=Delivery.State.SENDING, lease_expires_at__lt=now)
        )

    def retryable(self):
        """Those "Retry now" may start again: all but the delivered (never sent twice) and
        the ones being sent."""
        return self.exclude(state__in=[Delivery.State.DELIVERED, Delivery.State.SENDING])


class Delivery(models.Model):
    """One event sent to one destination, with its idempotency key, attempts and outcome."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Sending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    destination = models.CharField(
        max_length=40, help_text="The registered destination that sends it (destinations.py)."
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    idempotency_key = models.CharField(max_length=150)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, max_length=ERROR_MAX_LENGTH)
    response_summary = models.CharField(blank=True, max_length=SUMMARY_MAX_LENGTH)
    # Who holds it while it is being sent, and until when.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_by = models.CharField(max_length=100, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"], name="publishing_delivery_unique_key"
            ),
            models.CheckConstraint(
                condition=~Q(state="delivered") | Q(delivered_at__isnull=False),
                name="publishing_delivered_has_time",
            ),
        ]
        indexes = [
            # The worker's question: what is due?
            models.Index(fields=["state", "next_attempt_at"], name="publishing_delivery_due_idx"),
        ]

    def __str__(self):
        return f"{self.event} → {self.destination_label}"

    @property
    def destination_label(self):
        from .destinations import registry

        destination = registry.get(self.destination)
        label = destination.label if destination else self.destination
        return f"{label}: {self.endpoint}" if self.endpoint_id else label

    def get_admin_url(self):
        return reverse("admin:publishing_delivery_change", args=[self.pk])
