"""Writes that change an article's life cycle; the admin actions and commands call these."""

from django.db import transaction
from django.utils import timezone

from .models import Article


def article_publish(*, article, publish_at=None):
    """Publish `article` now, or at `publish_at` (a future time schedules it).

    Raises ValidationError (e.g. a slug already used that day) and stores nothing then.
    """
    article.status = Article.Status.PUBLISHED
    article.publish_at = publish_at or article.publish_at or timezone.now()
    with transaction.atomic():
        article.full_clean()
        article.save()
    return article


def article_withdraw(*, article):
    """Take `article` off the public site; its address and history are kept."""
    article.status = Article.Status.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])
    return article
