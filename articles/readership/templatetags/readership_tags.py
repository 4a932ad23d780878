import datetime

from django import template
from django.utils import timezone

from ...caching import page_changes_at
from ..conf import conf
from ..services import most_read

register = template.Library()


@register.inclusion_tag("readership/most_read.html", takes_context=True)
def most_read_lists(context, heading_level=2):
    """The "Most read" block: the last 24 hours and the last 7 days. A cached page holding it
    lives no longer than the lists do."""
    lists = most_read()
    refresh = datetime.timedelta(seconds=conf.MOST_READ_CACHE_SECONDS)
    page_changes_at(context.get("request"), timezone.now() + refresh)
    return {
        "most_read_day": lists["day"],
        "most_read_week": lists["week"],
        "heading_level": heading_level,
    }


@register.inclusion_tag("readership/read_beacon.html")
def read_beacon(article):
    """What makes the reader's browser count a read of `article`; see readership/views.py."""
    return {"article": article}
