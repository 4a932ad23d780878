from django.apps import AppConfig

# Saving only these changes nothing readers see.
UNSEEN_FIELDS = {"notify_replies", "ip_address", "held_reason", "flag_count"}


def _seen_by_readers(comment, update_fields):
    """Whether saving `comment` can change a public page: it is (or stops being) public."""
    if "status" in update_fields:
        return True
    return comment.is_public() and not (update_fields and set(update_fields) <= UNSEEN_FIELDS)


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from articles.caching import invalidate_pages_on_change

        from . import (
            checks,  # noqa: F401 - registers the settings checks
            forms,  # noqa: F401 - registers the comment form's timestamp hole
        )
        from .models import ArticleCommentSettings, Comment

        # Threads, counts and the form are on cached pages (see articles/caching.py).
        invalidate_pages_on_change(Comment, saved_when=_seen_by_readers)
        invalidate_pages_on_change(ArticleCommentSettings)
