from django.contrib.sitemaps import Sitemap

from .models import Article, Section, Tag


class ArticleSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .order_by("-first_published_at")
            .only("slug", "publication_date", "updated_at")
        )

    def lastmod(self, article):
        return article.updated_at


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.6

    def items(self):
        return Section.objects.all()


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.4

    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()


sitemaps = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap}
