from django import template

from ..services import most_read

register = template.Library()


@register.inclusion_tag("readership/most_read.html")
def most_read_lists(heading_level=2):
    """The "Most read" block: the last 24 hours and the last 7 days."""
    lists = most_read()
    return {
        "most_read_day": lists["day"],
        "most_read_week": lists["week"],
        "heading_level": heading_level,
    }


@register.inclusion_tag("readership/read_beacon.html")
def read_beacon(article):
    """What makes the reader's browser count a read of `article`; see readership/views.py."""
    return {"article": article}
