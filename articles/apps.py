from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from .caching import invalidate_pages_on_change, invalidate_pages_on_m2m_change
        from .models import Announcement, Article, Author, Section, Tag
        from .search import connect_signals

        connect_signals()
        # Whatever readers see of these is on cached pages (see articles/caching.py).
        for model in (Article, Section, Tag, Author, Announcement):
            invalidate_pages_on_change(model)
        invalidate_pages_on_m2m_change(Article.tags.through)
        invalidate_pages_on_m2m_change(Article.authors.through)
