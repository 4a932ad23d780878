"""Parts of public pages that read the same for every reader, kept as cached fragments for
the current version of the site's content (articles/caching.py `cached_fragment`)."""

from django import template
from django.template.loader import render_to_string

from ..caching import cached_fragment
from ..models import Article

register = template.Library()

RELATED_COUNT = 4


@register.simple_tag(takes_context=True)
def related_reporting(context, article):
    """The "Related reporting" cards under `article` (`ArticleQuerySet.related_to`)."""
    return cached_fragment(
        "related-reporting",
        [article.pk],
        lambda: render_to_string(
            "articles/related.html",
            {"related_articles": Article.objects.related_to(article, RELATED_COUNT)},
            request=context.get("request"),
        ),
    )


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The navigation by section, marking the home page or the section page it is on."""
    request = context.get("request")
    is_home = getattr(getattr(request, "resolver_match", None), "url_name", None) == "home"
    current_section = getattr(context.get("section"), "pk", None)
    return cached_fragment(
        "section-nav",
        [is_home, current_section],
        lambda: render_to_string(
            "includes/section_nav.html",
            {
                "nav_sections": context.get("nav_sections", ()),
                "is_home": is_home,
                "current_section": current_section,
            },
        ),
    )
