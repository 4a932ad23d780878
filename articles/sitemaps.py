"""The sitemap index (/sitemap.xml), its parts and the Google News sitemap.

Every part reads published articles only, so scheduled stories appear when they go live and
withdrawn ones drop out. Each costs the same few queries at any size: a count, a page of
1,000 rows with only the columns a URL needs, and two index walks for the index's `lastmod`.
Google ignores `changefreq` and `priority`, so the parts leave them out.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from .feeds import xml_safe
from .models import Article, Author, Section, Tag

SITEMAP_PAGE_SIZE = 1000
# Google News takes the stories of the last two days, at most 1,000 of them.
NEWS_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_SIZE = 1000
NEWS_SECTION = "news"
# Chinese is the one language Google News wants with its script; the rest take ISO 639 alone.
NEWS_CHINESE = {"zh-hans": "zh-cn", "zh-cn": "zh-cn", "zh-hant": "zh-tw", "zh-tw": "zh-tw"}


def last_change():
    """An article's `last_edited_at` in SQL: its last edit, or its publication if later.
    Typo fixes count here (crawlers should fetch the fixed page), unlike `modified_at`."""
    return Greatest("updated_at", "first_published_at")


def latest_change_of(**owner):
    """The last change of the published articles of a section, tag or author (OuterRef)."""
    newest = (
        Article.objects.published()
        .filter(**owner)
        .annotate(changed=last_change())
        .order_by("-changed")
        .values("changed")[:1]
    )
    return Subquery(newest)


def newest_change(articles):
    """The latest `last_change()` of `articles`: the newer of their newest edit and newest
    publication, each found by walking an index from its end (it stops at the first
    article), where an aggregate of the two would read every article."""
    newest = [
        articles.filter(**{f"{field}__isnull": False})
        .order_by(f"-{field}")
        .values_list(field, flat=True)
        .first()
        for field in ("updated_at", "first_published_at")
    ]
    return max(filter(None, newest), default=None)


class ModifiedSitemap(Sitemap):
    """A sitemap of objects annotated with `changed`, their last change."""

    limit = SITEMAP_PAGE_SIZE

    def lastmod(self, obj):
        return obj.changed

    def get_latest_lastmod(self):
        # Django's default builds every item in Python; one aggregate does for the index.
        return self.items().aggregate(latest=Max("changed"))["latest"]


class ArticleSitemap(ModifiedSitemap):
    def get_latest_lastmod(self):
        return newest_change(Article.objects.published())

    def items(self):
        # Oldest first, so a new story lands on the last page and the others stay as they are.
        return (
            Article.objects.published()
            .annotate(changed=last_change())
            .order_by("first_published_at", "pk")
            .only("pk", "slug", "publication_date")
        )


class SectionSitemap(ModifiedSitemap):
    def items(self):
        return Section.objects.annotate(changed=latest_change_of(section=OuterRef("pk")))

    def get_latest_lastmod(self):
        # Every article has a section: the newest change of any, in one pass.
        return ArticleSitemap().get_latest_lastmod()


class OwnersSitemap(ModifiedSitemap):
    """Tags or authors with published articles (a page with none would be empty)."""

    model = None  # Tag or Author
    article_field = None  # the Article field that points to them

    def items(self):
        owner = {self.article_field: OuterRef("pk")}
        # Exists stops at the first article: the page count never ranks every owner's.
        return (
            self.model.objects.filter(Exists(Article.objects.published().filter(**owner)))
            .annotate(changed=latest_change_of(**owner))
            .order_by("pk")
        )

    def get_latest_lastmod(self):
        # The newest change of any article with an owner: one pass, not one per owner.
        through = getattr(Article, self.article_field).through.objects
        owned = Exists(through.filter(article=OuterRef("pk")))
        return newest_change(Article.objects.published().filter(owned))


class TagSitemap(OwnersSitemap):
    model, article_field = Tag, "tags"


class AuthorSitemap(OwnersSitemap):
    model, article_field = Author, "authors"


class NewsSitemap(ModifiedSitemap):
    """Google News: the articles first published in the last 48 hours, newest first."""

    limit = NEWS_SITEMAP_SIZE

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            Article.objects.published()
            .filter(first_published_at__gte=since)
            .annotate(changed=last_change())
            .latest_first()
            .only("pk", "slug", "publication_date", "headline", "first_published_at")
        )[:NEWS_SITEMAP_SIZE]

    def get_urls(self, *args, **kwargs):
        urls = super().get_urls(*args, **kwargs)
        language = news_language(settings.LANGUAGE_CODE)
        for url in urls:
            article = url["item"]
            url["news"] = {
                "publication_name": xml_safe(settings.SITE_NAME),
                "language": language,
                "publication_date": w3c_datetime(article.first_published_at),
                "title": xml_safe(article.headline),
            }
        return urls


def news_language(language_code):
    """Google News' language code for a Django one: "en-us" → "en", "zh-hans" → "zh-cn"."""
    code = language_code.lower().replace("_", "-")
    return NEWS_CHINESE.get(code, code.split("-")[0])


def w3c_datetime(moment):
    """`moment` in the newsroom's time zone as a W3C datetime: 2026-03-14T09:30:00+01:00."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


# Part names are the {section} of /sitemap-{section}.xml; the news sitemap has its own address.
sitemaps = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    NEWS_SECTION: NewsSitemap,
}
