from django.conf import settings
from django.db.models import F
from django.utils.functional import SimpleLazyObject

from .models import Announcement, Section


def site(request):
    """Site name, navigation sections and the active banner, queried only if a page uses them."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
        "announcement": SimpleLazyObject(current_announcement),
    }


def current_announcement():
    """The active banner that started last. Empty start times sort last on every database
    (PostgreSQL would put them first in a descending sort, SQLite last)."""
    newest_first = (F("starts_at").desc(nulls_last=True), "-pk")
    return Announcement.objects.active().order_by(*newest_first).first()
