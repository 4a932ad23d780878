"""Every public page runs the same number of queries with 3 articles as with 30."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.views import HomeView

from .factories import make_announcement, make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

# Noon yesterday: every article lands on one day, whatever the time the tests run.
NOON_YESTERDAY = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(
    days=1
)


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
        "archive year": reverse("articles:archive-year", kwargs={"year": day.year}),
        "archive month": reverse(
            "articles:archive-month", kwargs={"year": day.year, "month": day.month}
        ),
        "archive day": reverse(
            "articles:archive-day", kwargs={"year": day.year, "month": day.month, "day": day.day}
        ),
        "article": first.get_absolute_url(),
        "feed": reverse("articles:feed"),
        "section feed": reverse(
            "articles:section-feed", kwargs={"slug": newsroom.sections[0].slug}
        ),
        "sitemap": "/sitemap.xml",
    }


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "home page 2",
        "section",
        "tag",
        "author",
        "search",
        "archive year",
        "archive month",
        "archive day",
        "article",
        "feed",
        "section feed",
        "sitemap",
    ],
)
def test_query_count_does_not_grow_with_articles(client, settings, monkeypatch, page):
    if page.startswith("home"):
        # The home page's section blocks leave out the lead and the first six latest stories,
        # so with three articles and twelve a page they are empty and their bylines are never
        # fetched. One story a page fills every part of the page in both runs.
        monkeypatch.setattr(HomeView, "paginate_by", 1)
    newsroom = Newsroom()
    newsroom.add(3)
    few, few_sql = count_queries(client, urls(newsroom)[page])

    newsroom.add(27)
    # A fresh sitemap, not the one cached by the first request.
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": "second-run"}}
    many, many_sql = count_queries(client, urls(newsroom)[page])

    assert few == many, "\n".join(many_sql)
