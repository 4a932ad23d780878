import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from .conf import conf


class Moderation(models.TextChoices):
    PRE = "pre", "Pre-moderation: hold commenters without a good history"
    POST = "post", "Post-moderation: publish at once, review afterwards"
    AUTO = "auto", "Automatic: the spam classifier publishes, holds or marks new commenters"


class CommentQuerySet(models.QuerySet):
    @staticmethod
    def public_condition():
        """What a comment readers may see meets (approved by the policy or a moderator), for
        queries that combine it with other conditions. `Comment.is_public()` is the same rule
        for one loaded comment."""
        return Q(status=Comment.Status.APPROVED)

    def visible_to_public(self):
        """The comments readers may see: what counts, threads and replies go by."""
        return self.filter(self.public_condition())

    def awaiting_review(self):
        return self.filter(status=Comment.Status.PENDING)

    @staticmethod
    def removed_by_moderator_condition():
        """Removed or marked as spam by a moderator, or marked as spam by the classifier (whose
        verdicts count like a moderator's): what counts against a commenter. The other
        automatic spam marks (honeypot) do not, since their address may be forged."""
        return Q(
            status__in=[Comment.Status.REMOVED, Comment.Status.SPAM], moderated_by__isnull=False
        ) | Q(status=Comment.Status.SPAM, decided_by_classifier=True)

    def removed_by_moderator(self):
        return self.filter(self.removed_by_moderator_condition())

    def top_level_for_thread(self, article):
        """The top-level comments a reader sees on `article`: approved ones, and removed or
        held ones that still have approved replies (shown as a placeholder)."""
        public_reply = (
            Comment.objects.visible_to_public()
            .filter(thread=OuterRef("pk"))
            .exclude(pk=OuterRef("pk"))
        )
        return self.filter(article=article, level=0).filter(
            self.public_condition() | Q(Exists(public_reply))
        )

    def with_editors_pick(self):
        """Annotate top-level comments with whether their thread holds a featured comment."""
        pick = Comment.objects.visible_to_public().filter(thread=OuterRef("pk"), is_featured=True)
        return self.annotate(has_pick=Exists(pick))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REMOVED = "removed", "Removed"
        SPAM = "spam", "Spam"

    class RemovalReason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse or harassment"
        HATE = "hate", "Hate speech"
        OFF_TOPIC = "off_topic", "Off-topic"
        PERSONAL_INFORMATION = "personal_information", "Personal information"
        OTHER = "other", "Other"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
    )
    # Thread position, written once at creation (threads.place_in_thread): a thread is one
    # ordered query on (thread, order).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    thread = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The top-level comment this one belongs under (itself when top-level).",
    )
    level = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(default=1, help_text="Position within the thread.")
    nested_count = models.PositiveIntegerField(default=0, help_text="Number of replies below.")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(blank=True, help_text="Never shown publicly.")
    text = models.TextField()
    text_html = models.TextField(editable=False, default="")
    text_digest = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    held_reason = models.TextField(
        blank=True, help_text="Why the comment was held or marked as spam automatically."
    )
    removal_reason = models.CharField(max_length=24, choices=RemovalReason.choices, blank=True)
    removal_note = models.CharField(max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    decided_by_classifier = models.BooleanField(
        default=False,
        help_text="Published or marked as spam by the spam classifier under the “auto” policy.",
    )
    is_featured = models.BooleanField(
        "editors' pick", default=False, help_text="Marked in the thread and can be listed first."
    )
    flag_count = models.PositiveIntegerField(default=0)

    notify_replies = models.BooleanField(default=False)
    reply_notice_sent = models.BooleanField(
        default=False, help_text="The parent's author was told about this reply."
    )
    ip_address = models.GenericIPAddressField(
        null=True, blank=True, help_text="Erased after a few days by `purge_comment_ips`."
    )
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["thread_id", "order"]
        permissions = [
            ("moderate_comment", "Can approve, remove, mark as spam and ban"),
            ("feature_comment", "Can feature comments as editors' picks"),
        ]
        indexes = [
            models.Index(
                fields=["article", "level", "status", "created_at"],
                name="comment_article_top_idx",
            ),
            models.Index(fields=["thread", "order"], name="comment_thread_order_idx"),
            models.Index(fields=["status", "created_at"], name="comment_status_created_idx"),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["removed", "spam"]) | Q(removal_reason=""),
                name="comment_removal_reason_only_if_removed",
            ),
            models.CheckConstraint(
                condition=Q(level=0, parent__isnull=True) | Q(level__gt=0, parent__isnull=False),
                name="comment_level_matches_parent",
            ),
        ]

    def __str__(self):
        excerpt = " ".join(self.text.split())
        return f"{self.name}: {excerpt[:60]}{'…' if len(excerpt) > 60 else ''}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    def is_public(self):
        """The same rule as `Comment.objects.visible_to_public()`, for one loaded comment."""
        return self.status == self.Status.APPROVED


class CommenterQuerySet(models.QuerySet):
    def for_email(self, email):
        return self.filter(email=Commenter.normalize(email)).first() if email else None


class Commenter(models.Model):
    """A commenter's history, keyed by email address: what moderators see and trust rests on."""

    email = models.EmailField(unique=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the commenter confirmed the address by email."
    )
    approved_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(
        default=0, help_text="Removed or marked as spam by a moderator."
    )
    first_seen_at = models.DateTimeField(default=timezone.now)

    objects = CommenterQuerySet.as_manager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @staticmethod
    def normalize(email):
        return email.strip().lower()

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def has_removal_history(self):
        return self.removed_count >= conf.REMOVALS_TO_PREMODERATE


class CommentFlag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or harassing"
        HATE = "hate", "Hate speech"
        PERSONAL_INFORMATION = "personal_information", "Shares personal information"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=24, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_hash"], name="commentflag_one_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} on comment {self.comment_id}"


class BlocklistEntry(models.Model):
    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        EMAIL = "email", "Email address"
        DOMAIN = "domain", "Email domain"
        IP = "ip", "IP address or network"
        IP_HASH = "ip_hash", "Hashed IP (from a ban)"

    class Action(models.TextChoices):
        HOLD = "hold", "Hold for review"
        REJECT = "reject", "Reject"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(
        max_length=200,
        help_text="Words match whole words, ignoring case and accents (“press” does not match "
        "“WordPress”); a * at the start or end lets the word run on (“scam*” matches "
        "“scammers”). Domains also match their subdomains. IPs may be networks (203.0.113.0/24).",
    )
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.HOLD)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = "blocklist entry"
        verbose_name_plural = "blocklist"
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="blocklist_unique_kind_value")
        ]

    def __str__(self):
        if self.kind == self.Kind.IP_HASH:
            return f"{self.get_kind_display()} {self.value[:12]}…"
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = " ".join(self.value.split())
        if self.kind in (self.Kind.EMAIL, self.Kind.DOMAIN):
            self.value = self.value.lower().lstrip("@")
        if self.kind == self.Kind.EMAIL:
            try:
                validate_email(self.value)
            except ValidationError:
                raise ValidationError(
                    {"value": "Enter a full email address."}, code="invalid_email"
                ) from None
        elif self.kind == self.Kind.DOMAIN:
            if "." not in self.value or "@" in self.value or " " in self.value:
                raise ValidationError(
                    {"value": "Enter a domain such as example.com."}, code="invalid_domain"
                )
        elif self.kind == self.Kind.IP:
            try:
                self.value = str(ipaddress.ip_network(self.value, strict=False))
            except ValueError:
                raise ValidationError(
                    {"value": "Enter an IP address or a network such as 203.0.113.0/24."},
                    code="invalid_ip",
                ) from None
        elif not self.value.strip("* "):
            raise ValidationError({"value": "Enter a word or phrase."}, code="required")
        elif "*" in self.value.strip("*"):
            raise ValidationError(
                {"value": "Use * only at the start or end, as in “scam*”."},
                code="invalid_wildcard",
            )


class ArticleCommentSettings(models.Model):
    """Per-article overrides of the site's comment settings."""

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="comment_settings",
    )
    moderation = models.CharField(
        max_length=4,
        choices=Moderation.choices,
        blank=True,
        help_text="Empty: the site's default policy.",
    )
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When commenting closes. Empty: the site's default number of days after "
        "publication. (Close at once with “Comments open” on the article.)",
    )

    class Meta:
        verbose_name = "article comment settings"
        verbose_name_plural = "article comment settings"

    def __str__(self):
        return f"Comment settings for “{self.article}”"


class RateCounter(models.Model):
    """Events counted in one fixed window for one (scope, identity), see `ratelimit.hit`.

    Kept in the database, not the cache: page traffic fills and culls the cache, and a limit
    that resets when that happens does not hold."""

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.count}"
