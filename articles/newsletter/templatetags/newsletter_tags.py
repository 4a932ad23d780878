from django import template
from django.template.loader import render_to_string

from articles.caching import cached_fragment

from ..forms import SubscribeForm
from ..models import NewsletterList

register = template.Library()


@register.simple_tag
def subscribe_form(form_id, heading_level="2", heading="", intro=""):
    """The subscribe form (nothing when no list is offered). `form_id` keeps its element ids
    unique on the page. It carries no token and is never bound here, so it reads the same for
    every reader: a cached fragment (articles/caching.py)."""

    def render():
        lists = list(NewsletterList.objects.offered())
        context = {
            "form": SubscribeForm(lists=lists) if lists else None,
            "form_id": form_id,
            "heading_level": heading_level,
            "heading": heading,
            "intro": intro,
        }
        return render_to_string("newsletter/subscribe_form.html", context)

    return cached_fragment("subscribe-form", [form_id, heading_level, heading, intro], render)
