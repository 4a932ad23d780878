import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404

from .models import Article, Section

FEED_SIZE = 20
# C0 control characters XML 1.0 cannot hold. Word processors paste a vertical tab for a line
# break, and Django refuses to write any of them into a feed (a 500 for every subscriber).
XML_UNSAFE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value):
    """`value` (a feed's or an item's field: text, a list of them, a date...) with the
    characters XML cannot hold turned into spaces."""
    if isinstance(value, str):
        return XML_UNSAFE_RE.sub(" ", value)
    if isinstance(value, list | tuple):
        return [xml_safe(part) for part in value]
    return value


class LatestArticlesFeed(Feed):
    link = "/"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: xml_safe(value) for key, value in feed.feed.items()}
        feed.items = [{key: xml_safe(value) for key, value in item.items()} for item in feed.items]
        return feed

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return settings.SITE_TAGLINE

    def items(self):
        return self.articles()[:FEED_SIZE]

    def articles(self):
        return (
            Article.objects.published()
            .select_related("section")
            .prefetch_related("authors")
            .latest_first()
        )

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feed readers cannot resolve the site-relative image and link addresses of the body.
        return item.body_html.replace('src="/', f'src="{settings.SITE_URL}/').replace(
            'href="/', f'href="{settings.SITE_URL}/'
        )

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.authors.all()) or None

    def item_categories(self, item):
        return [item.section.name]


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{section.name} · {settings.SITE_NAME}"

    def link(self, section):
        return section.get_absolute_url()

    def description(self, section):
        return section.description or f"The latest {section.name} reporting."

    def items(self, section):
        return self.articles().filter(section=section)[:FEED_SIZE]
