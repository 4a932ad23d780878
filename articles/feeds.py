from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404

from .models import Article, Section

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    link = "/"

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
