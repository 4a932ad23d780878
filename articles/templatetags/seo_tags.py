"""Page metadata in templates: canonical addresses, share tags and structured data, all built
by `articles/seo.py`."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .. import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context, **params):
    """This page's absolute address without its query string, except the `params` given
    (non-empty ones) and the page number past page 1: each page of a list is its own."""
    query = {name: value for name, value in params.items() if value}
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        query["page"] = page_obj.number
    url = seo.absolute_url(context["request"].path)
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag
def absolute_url(url):
    return seo.absolute_url(url)


@register.simple_tag
def article_share_tags(article):
    """{"open_graph": [(property, content)...], "twitter": [(name, content)...]}."""
    return seo.article_share_tags(article)


@register.simple_tag
def publisher_logo():
    return seo.publisher_logo()


def _scripts(*items):
    # json_ld() escapes <, > and &, so the JSON cannot end the element or open a comment.
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((mark_safe(seo.json_ld(item)),) for item in items),
    )


@register.simple_tag
def article_structured_data(article):
    """The article's NewsArticle and its breadcrumb trail, as JSON-LD."""
    return _scripts(seo.news_article(article), seo.breadcrumbs(article))


@register.simple_tag
def website_structured_data():
    return _scripts(seo.website())


@register.simple_tag
def author_structured_data(author):
    return _scripts(seo.person(author))
