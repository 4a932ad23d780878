from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Announcement, Section


def site(request):
    """Site name, navigation sections and the active banner, queried only if a page uses them."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "nav_sections": SimpleLazyObject(lambda: list(Section.objects.all())),
        "announcement": SimpleLazyObject(lambda: Announcement.objects.active().first()),
    }
