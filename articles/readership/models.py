from django.db import models
from django.db.models import Sum

from articles.models import Article


class HourlyReadsQuerySet(models.QuerySet):
    def most_read_since(self, since, *, limit):
        """The published articles read most since `since`, each with its `reads` in that
        time, most read first (the newer story first on a tie): one query, grouped over the
        hourly rows of the window."""
        return (
            Article.objects.published()
            .filter(hourly_reads__hour__gte=since)
            .annotate(reads=Sum("hourly_reads__reads"))
            .select_related("section")
            .order_by("-reads", "-first_published_at", "-pk")[:limit]
        )


class HourlyReads(models.Model):
    """How many times readers opened one article in one clock hour (UTC).

    Kept in the database, never in the cache, so counts survive cache flushes and culling.
    Nothing about the reader is stored: no address, no cookie, no user."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="hourly_reads")
    hour = models.DateTimeField(help_text="The start of the hour, UTC.")
    reads = models.PositiveIntegerField(default=0)

    objects = HourlyReadsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "hourly reads"
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="hourly_reads_one_per_hour")
        ]
        indexes = [
            # The "Most read" windows and pruning filter on the hour.
            models.Index(fields=["hour", "article"], name="hourly_reads_hour_idx"),
        ]

    def __str__(self):
        return f"{self.article_id} at {self.hour:%Y-%m-%d %H:00}: {self.reads}"
