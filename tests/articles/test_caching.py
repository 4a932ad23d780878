"""Cookie-less readers get list pages and feeds from the shared cache; anyone with a cookie
(the newsroom, commenters) always sees the page as it is now."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.READER_PAGE_CACHE_SECONDS = 60


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("where", ["home", "section", "feed"])
def test_a_second_reader_gets_the_page_from_the_cache(where):
    article = make_article(headline="Ceasefire holds overnight")
    url = {"home": "/", "section": article.section.get_absolute_url(), "feed": "/feed/"}[where]
    first, first_queries = queries_for(Client(), url)
    second, second_queries = queries_for(Client(), url)
    assert first_queries > 0
    assert second_queries == 0
    assert "Ceasefire holds overnight" in second.content.decode()
    assert "max-age=60" in second["Cache-Control"]


def test_readers_see_a_new_story_when_the_cached_page_expires(settings):
    Client().get("/")
    make_article(headline="Breaking: talks resume")
    assert "Breaking: talks resume" not in Client().get("/").content.decode()
    settings.READER_PAGE_CACHE_SECONDS = 0  # as once the minute has passed
    assert "Breaking: talks resume" in Client().get("/").content.decode()


def test_the_newsroom_and_anyone_with_a_cookie_always_see_the_page_fresh(client):
    Client().get("/")  # cached for readers
    make_article(headline="A story from the editor")
    client.force_login(make_user("editor", group="Editor"))
    assert "A story from the editor" in client.get("/").content.decode()
    reader_with_cookie = Client()
    reader_with_cookie.cookies["csrftoken"] = "x" * 32
    assert "A story from the editor" in reader_with_cookie.get("/").content.decode()


def test_article_pages_with_their_comment_form_are_never_cached(settings):
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 0  # its own short cache would save queries
    article = make_article()
    _, first_queries = queries_for(Client(), article.get_absolute_url())
    _, second_queries = queries_for(Client(), article.get_absolute_url())
    assert second_queries == first_queries


def test_not_found_pages_are_not_cached():
    assert Client().get("/section/not-yet/").status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert Client().get("/section/not-yet/").status_code == 404
    assert len(queries) > 0
