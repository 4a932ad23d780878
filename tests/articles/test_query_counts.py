"""Every public page runs the same number of queries with 3 articles as with 30."""

from datetime import timedelta

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.views import HomeView
from tests.factories import (
    archive_urls,
    make_announcement,
    make_article,
    make_author,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db

# Noon yesterday: every article lands on one day, whatever the time the tests run.
NOON_YESTERDAY = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=1)


class Newsroom:
    """Articles with several authors and tags each, spread over a few sections."""

    def __init__(self):
        self.sections = [make_section() for _ in range(3)]
        self.authors = [make_author() for _ in range(4)]
        self.tags = [make_tag() for _ in range(4)]
        self.articles = []
        make_announcement()

    def add(self, count):
        for _ in range(count):
            n = len(self.articles)
            self.articles.append(
                make_article(
                    section=self.sections[n % 3],
                    authors=self.authors[n % 2 : n % 2 + 3],
                    tags=self.tags[n % 2 : n % 2 + 3],
                    is_lead=n == 1,
                    ago=timezone.now() - (NOON_YESTERDAY - timedelta(minutes=n)),
                )
            )


ARCHIVES = ["archive year", "archive month", "archive day"]


def urls(newsroom):
    first = newsroom.articles[0]
    day = first.publication_date
    return {
        "home": reverse("articles:home"),
        "home page 2": reverse("articles:home") + "?page=2",
        "section": newsroom.sections[0].get_absolute_url(),
        "tag": newsroom.tags[1].get_absolute_url(),
        "author": newsroom.authors[1].get_absolute_url(),
        "search": reverse("articles:search") + "?q=headline",
        **dict(
            zip(["archive year", "archive month", "archive day"], archive_urls(day), strict=True)
        ),
        "article": first.get_absolute_url(),
        "feed": reverse("articles:feed"),
        "section feed": reverse(
            "articles:section-feed", kwargs={"slug": newsroom.sections[0].slug}
        ),
        "sitemap": "/sitemap.xml",
    }


def count_queries(client, newsroom):
    """{page: number of queries} for every page, and the SQL of each."""
    counts, sql = {}, {}
    # Feeds and sitemaps fetch the Site once per process: both rounds start without it.
    Site.objects.clear_cache()
    for page, url in urls(newsroom).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = len(queries)
        sql[page] = [query["sql"] for query in queries.captured_queries]
    return counts, sql


def test_query_counts_do_not_grow_with_articles(client, settings, monkeypatch):
    # The home page's section blocks leave out the lead and the first six latest stories, so
    # with three articles and twelve a page they are empty and their bylines never fetched.
    # One story a page fills every part of the home page in both runs.
    monkeypatch.setattr(HomeView, "paginate_by", 1)
    newsroom = Newsroom()
    newsroom.add(3)
    few, _ = count_queries(client, newsroom)

    newsroom.add(27)
    # A fresh sitemap, not the one cached by the first round.
    fresh_prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-second-round"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": fresh_prefix}}
    many, many_sql = count_queries(client, newsroom)

    grown = {page: "\n".join(many_sql[page]) for page in many if many[page] != few[page]}
    assert many == few, "\n\n".join(f"{page}:\n{sql}" for page, sql in grown.items())
