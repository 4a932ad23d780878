from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedItem(models.Model):
    """What a WordPress id of an imported site became here, so a second import of the same
    export changes nothing and a newer export updates what changed (`fingerprint`).

    The local row is a generic relation (author, section, tag, article, comment), so this app
    knows nothing of the apps that import into it (the comments app imports its own)."""

    class Kind(models.TextChoices):
        # WordPress's own id spaces: users, terms (categories and tags), posts (posts, pages
        # and attachments), comments.
        USER = "user", "Author"
        TERM = "term", "Category or tag"
        POST = "post", "Post"
        ATTACHMENT = "attachment", "Image"
        COMMENT = "comment", "Comment"

    source = models.CharField(
        max_length=200, help_text="The WordPress site's address, as its export gives it."
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    wp_id = models.CharField(
        "WordPress id", max_length=120, help_text="The id, or the login for authors."
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    local = GenericForeignKey("content_type", "object_id")
    fingerprint = models.CharField(
        max_length=64, help_text="A hash of what the export said, to see what changed."
    )
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text="What WordPress had that newsapp does not show (a login, an email, a "
        "commenter's web address, an image's stored name).",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported WordPress item"
        ordering = ["source", "kind", "wp_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="importeditem_unique_wordpress_id"
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="importeditem_local_idx")
        ]

    def __str__(self):
        return f"WordPress {self.get_kind_display().lower()} {self.wp_id} ({self.source})"
