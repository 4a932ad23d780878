from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


class Label(models.TextChoices):
    SPAM = "spam", "Spam"
    LEGITIMATE = "legitimate", "Legitimate"


class SpamModel(models.Model):
    """The trained classifier every web worker scores with: one row, its state serialized
    (`estimator.dump`) and a version that goes up with each update, which workers compare to
    know when to reload."""

    key = models.CharField(max_length=20, unique=True, default="default")
    version = models.PositiveIntegerField(default=0)
    state = models.BinaryField(editable=False)
    spam_examples = models.PositiveIntegerField(default=0)
    legitimate_examples = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "spam model"

    def __str__(self):
        return (
            f"Spam model v{self.version} ({self.spam_examples} spam, "
            f"{self.legitimate_examples} legitimate decisions)"
        )


class AssessmentQuerySet(models.QuerySet):
    def similar_senders(self, *, similar_digest, since, email="", ip_hash=""):
        """How many different senders posted text with this digest since `since`, counting
        this one (`email`, `ip_hash`): different email addresses, or different IP hashes if
        those are more (one query)."""
        counts = self.filter(similar_digest=similar_digest, created_at__gte=since).aggregate(
            emails=Count(
                "comment__email",
                distinct=True,
                filter=~Q(comment__email="") & ~Q(comment__email=email),
            ),
            addresses=Count(
                "comment__ip_hash",
                distinct=True,
                filter=~Q(comment__ip_hash="") & ~Q(comment__ip_hash=ip_hash),
            ),
        )
        return 1 + max(counts["emails"], counts["addresses"])


class Assessment(models.Model):
    """What the classifier and the site's signals made of a comment when it was posted."""

    comment = models.OneToOneField(
        "comments.Comment", on_delete=models.CASCADE, primary_key=True, related_name="assessment"
    )
    spam_probability = models.FloatField(
        null=True, blank=True, help_text="Empty: the classifier abstained (not trained yet)."
    )
    doubt = models.FloatField(
        null=True, blank=True, help_text="1 when the classifier cannot tell, 0 when it is sure."
    )
    reason = models.CharField(max_length=500, blank=True)
    signals = models.CharField(
        max_length=500, blank=True, help_text="The site's signals, as the model saw them."
    )
    similar_digest = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the text without links or digits."
    )
    model_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["similar_digest", "created_at"], name="assessment_similar_idx"),
            models.Index(fields=["doubt"], name="assessment_doubt_idx"),
        ]

    def __str__(self):
        return self.reason or f"Assessment of comment {self.comment_id}"

    def save(self, *args, **kwargs):
        p = self.spam_probability
        self.doubt = None if p is None else 1 - abs(2 * p - 1)
        super().save(*args, **kwargs)


class TrainingExample(models.Model):
    """A moderator's decision on a comment, as the classifier learns it: approved is
    legitimate; spam, removed as spam and banned are spam. `learned_label` is what the stored
    model has counted for it, so a changed decision is learned again (and taken off the
    counts under its old label)."""

    comment = models.OneToOneField(
        "comments.Comment",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="training_example",
    )
    label = models.CharField(max_length=10, choices=Label.choices, blank=True)
    learned_label = models.CharField(max_length=10, choices=Label.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["label", "learned_label"], name="example_pending_idx")]

    def __str__(self):
        return f"{self.get_label_display() or 'Withdrawn'}: comment {self.comment_id}"


class LinkDomain(models.Model):
    """Link domains seen in moderated comments: a domain no approved comment linked to is new."""

    domain = models.CharField(max_length=253, unique=True)
    legitimate_count = models.IntegerField(default=0)
    spam_count = models.IntegerField(default=0)

    def __str__(self):
        return self.domain
