from datetime import timedelta

import reversion
from django.conf import settings
from django.db import models
from django.utils import timezone
from reversion.models import Version

from articles.models import Article

from .conf import conf

# What a revision of an article keeps: what editors compare and restore. Images, addresses and
# search fields are left out: a restore never brings back an image whose files are gone, nor
# moves a live story.
REVISED_FIELDS = [
    "headline", "standfirst", "body", "status", "publish_at", "section", "tags", "authors",
]  # fmt: skip
reversion.register(Article, fields=REVISED_FIELDS)


class ArticleRevisionQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-version_id")

    def with_details(self):
        """With the reversion Version (its data), its revision and who saved it."""
        return self.select_related("version__revision__user")

    def drafts(self):
        return self.exclude(status=Article.Status.PUBLISHED)


class ArticleRevision(models.Model):
    """One saved state of an article, as django-reversion keeps it (`version`), with what the
    history, edit conflicts and pruning look up without reading the stored data: the
    article's edit version and status at that save. Written when the revision is committed
    (records.py)."""

    version = models.OneToOneField(
        Version, primary_key=True, on_delete=models.CASCADE, related_name="article_revision"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    edit_version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Article.Status.choices)

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-version_id"]
        indexes = [
            models.Index(fields=["article", "-version"], name="revision_article_newest_idx"),
            models.Index(fields=["article", "edit_version"], name="revision_article_edit_idx"),
        ]

    def __str__(self):
        return f"{self.version.object_repr} (edit {self.edit_version})"

    @property
    def revision(self):
        return self.version.revision


class EditSessionQuerySet(models.QuerySet):
    def active(self):
        """Sessions whose editor was seen within REVISIONS_EDIT_SESSION_MINUTES."""
        return self.filter(seen_at__gte=timezone.now() - edit_session_lifetime())

    def expired(self):
        return self.filter(seen_at__lt=timezone.now() - edit_session_lifetime())


def edit_session_lifetime():
    return timedelta(minutes=conf.EDIT_SESSION_MINUTES)


class EditSession(models.Model):
    """Someone has an article open in the newsroom: others opening it are told ("being edited
    by X since 14:05"). A soft lock: it warns and expires, and never stops anyone saving."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="edit_sessions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    objects = EditSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="edit_session_one_per_editor")
        ]
        indexes = [models.Index(fields=["article", "seen_at"], name="edit_session_seen_idx")]

    def __str__(self):
        return f"{self.user} editing “{self.article}” since {self.started_at:%H:%M}"
