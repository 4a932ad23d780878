from django import template

from ..forms import SubscribeForm
from ..models import NewsletterList

register = template.Library()


@register.inclusion_tag("newsletter/subscribe_form.html")
def subscribe_form(form_id, heading_level="2", heading="", intro=""):
    """The subscribe form (nothing when no list is offered). `form_id` keeps its element ids
    unique on the page."""
    lists = list(NewsletterList.objects.offered())
    return {
        "form": SubscribeForm(lists=lists) if lists else None,
        "form_id": form_id,
        "heading_level": heading_level,
        "heading": heading,
        "intro": intro,
    }
