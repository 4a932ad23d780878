"""Readers without a session get every public page from the shared cache, and every change
shows at once: the cache is invalidated by events, not by time. Comment events are in
tests/comments/test_page_cache.py."""

import gzip
import re
from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import caching
from articles.services import article_publish, article_withdraw
from tests.factories import (
    archive_urls,
    make_announcement,
    make_article,
    make_author,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.READER_PAGE_CACHE_SECONDS = 600
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes made inside `with committed():` are committed, as a request's or the admin's
    are (the test's own transaction would otherwise hold back on-commit work)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def later(monkeypatch):
    """later(minutes=5): the clock moves on, as if that much time had passed."""
    real_now = timezone.now

    def move(**delta):
        moved = real_now() + timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moved)

    return move


def get(url, client=None, **headers):
    """(response, SQL query count) for a new cookie-less reader, or `client`."""
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url, **headers)
    return response, len(queries)


def text(response):
    return response.content.decode()


@pytest.fixture
def story():
    return make_article(headline="Ceasefire holds overnight", tags=[make_tag()])


def public_pages(article):
    """Every page an article of `article`'s kind appears on."""
    day = timezone.localdate(article.first_published_at)
    return [
        "/",
        article.section.get_absolute_url(),
        article.tags.get().get_absolute_url(),
        *archive_urls(day),
        "/feed/",
        "/feed/atom/",
        "/news-sitemap.xml",
    ]


def test_a_second_reader_gets_every_page_from_the_cache_with_no_query(story):
    for url in [story.get_absolute_url(), *public_pages(story), "/sitemap.xml"]:
        first, first_queries = get(url)
        second, second_queries = get(url)
        assert first.status_code == second.status_code == 200, url
        assert first_queries > 0, url
        assert second_queries == 0, url
    assert "Ceasefire holds overnight" in text(get(story.get_absolute_url())[0])


def test_publishing_shows_at_once_on_every_page(story, committed):
    for url in public_pages(story):
        get(url)  # cached
    with committed():
        fresh = make_article(headline="Talks resume in Geneva", section=story.section)
        fresh.tags.set(story.tags.all())
    for url in public_pages(story):
        assert "Talks resume in Geneva" in text(get(url)[0]), url
    assert get(fresh.get_absolute_url())[0].status_code == 200


def test_editing_shows_at_once_on_the_article_and_its_lists(story, committed):
    get(story.get_absolute_url())
    get("/")
    with committed():
        story.headline = "Ceasefire holds for a second night"
        story.save()
    assert "Ceasefire holds for a second night" in text(get(story.get_absolute_url())[0])
    assert "Ceasefire holds for a second night" in text(get("/")[0])


def test_withdrawing_takes_the_story_off_every_page_at_once(story, committed):
    pages = public_pages(story)
    for url in [story.get_absolute_url(), *pages]:
        get(url)
    with committed():
        article_withdraw(article=story)
    assert get(story.get_absolute_url())[0].status_code == 404
    for url in pages:
        assert "Ceasefire holds overnight" not in text(get(url)[0]), url


def test_a_new_tag_or_byline_shows_at_once(story, committed):
    get(story.get_absolute_url())
    with committed():
        story.authors.add(make_author(name="Nadia Haddad"))
    assert "Nadia Haddad" in text(get(story.get_absolute_url())[0])


def test_a_scheduled_story_appears_at_its_time_with_no_one_saving(story, later):
    scheduled = make_article(headline="Embargoed: the report", published=False)
    article_publish(article=scheduled, publish_at=timezone.now() + timedelta(minutes=5))
    # Scheduled outside any request: no event marks pages changed when the time comes.
    for url in ["/", "/feed/"]:
        assert "Embargoed: the report" not in text(get(url)[0])
        assert get(url)[1] == 0  # cached
    later(minutes=5, seconds=1)
    for url in ["/", "/feed/", scheduled.section.get_absolute_url()]:
        assert "Embargoed: the report" in text(get(url)[0]), url


def test_the_banner_starts_and_ends_on_time_and_shows_when_saved(story, later, committed):
    now = timezone.now()
    make_announcement(
        message="Live coverage tonight",
        starts_at=now + timedelta(minutes=10),
        ends_at=now + timedelta(minutes=70),
    )
    assert "Live coverage tonight" not in text(get(story.get_absolute_url())[0])
    later(minutes=10, seconds=1)
    assert "Live coverage tonight" in text(get(story.get_absolute_url())[0])
    assert "Live coverage tonight" in text(get("/")[0])
    later(minutes=70, seconds=1)
    assert "Live coverage tonight" not in text(get(story.get_absolute_url())[0])
    with committed():
        make_announcement(message="Join our channel")
    assert "Join our channel" in text(get("/")[0])


def test_a_lost_version_is_a_new_one_never_an_old_page(story, committed):
    get("/")
    with committed():
        make_article(headline="While the cache was away")
    cache.delete(caching.VERSION_KEY)  # evicted, or the cache restarted
    assert "While the cache was away" in text(get("/")[0])


def test_the_newsroom_always_sees_pages_fresh_and_never_fills_the_cache(story, client):
    client.force_login(make_user("editor", group="Editor"))
    staff_page, _ = get(story.get_absolute_url(), client)
    assert staff_page["Cache-Control"] == "private, no-cache"
    assert get(story.get_absolute_url(), client)[1] > 0
    _, reader_queries = get(story.get_absolute_url())
    assert reader_queries > 0  # the editor's renders were not stored for readers


def test_tracking_parameters_share_the_readers_page(story):
    get(story.get_absolute_url())
    page, queries = get(story.get_absolute_url() + "?utm_source=aggregator&fbclid=x")
    assert queries == 0
    assert "utm_source" not in text(page)


def test_list_pages_are_public_for_a_cdn_with_an_etag(story):
    page, _ = get("/")
    assert page["Cache-Control"] == "public, max-age=0, s-maxage=10, stale-while-revalidate=30"
    assert "Cookie" in page["Vary"]
    assert not page.cookies
    not_modified, queries = get("/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert not_modified.status_code == 304
    assert queries == 0


def test_an_unchanged_page_keeps_its_etag_when_something_else_changes(story, committed):
    elsewhere = make_section()
    page, _ = get(story.section.get_absolute_url())
    with committed():
        make_article(section=elsewhere)
    again, _ = get(story.section.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304


def test_article_pages_are_private_and_revalidate_with_the_readers_own_token(story):
    reader = Client()
    page, _ = get(story.get_absolute_url(), reader)
    assert page["Cache-Control"] == "private, no-cache"
    assert page.cookies["csrftoken"].value
    not_modified, _ = get(story.get_absolute_url(), reader, HTTP_IF_NONE_MATCH=page["ETag"])
    assert not_modified.status_code == 304
    # Another reader holding that ETag has another token: they get the page, their own.
    other, _ = get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=page["ETag"])
    assert other.status_code == 200


def test_pages_go_out_gzipped_and_read_the_same(story):
    plain, _ = get(story.get_absolute_url())
    for url in [story.get_absolute_url(), "/", "/feed/"]:
        for _ in range(2):  # rendered, then from the cache
            page, _ = get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
            assert page["Content-Encoding"] == "gzip"
            assert "Accept-Encoding" in page["Vary"]
            assert "Ceasefire holds overnight" in gzip.decompress(page.content).decode()
    assert len(plain.content) > 2 * len(page.content)


def test_not_found_pages_are_not_cached():
    assert get("/section/not-yet/")[0].status_code == 404
    missing, queries = get("/section/not-yet/")
    assert missing.status_code == 404
    assert queries > 0


def test_the_cache_can_be_switched_off(story, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0
    get("/")
    assert get("/")[1] > 0


def test_a_signed_in_readers_related_reporting_is_cached_and_shows_new_articles(
    story, committed, monkeypatch
):
    from articles.models import Article

    built = []
    related_to = Article.objects.related_to
    monkeypatch.setattr(
        Article.objects, "related_to", lambda *args: built.append(args) or related_to(*args)
    )
    reader = Client()
    reader.force_login(make_user("regular-reader", staff=False))
    make_article(headline="Aid convoy crosses", section=story.section)
    get(story.get_absolute_url(), reader)
    response, _ = get(story.get_absolute_url(), reader)
    assert len(built) == 1  # the second page's related cards come from the fragment
    assert "Aid convoy crosses" in text(response).split('id="related-heading"')[1]
    with committed():
        make_article(headline="Talks resume in Geneva", section=story.section)
    response, _ = get(story.get_absolute_url(), reader)
    related = text(response).split('id="related-heading"')[1].split("</section>")[0]
    assert "Talks resume in Geneva" in related
    assert len(built) == 2


def test_a_workers_own_copies_of_pages_stay_within_their_byte_budget():
    recent = caching.RecentPages(max_bytes=1000)

    def page(size):
        return caching.CachedPage(
            status=200, headers={}, parts=[b"x" * size], packed=[b""], holes=[], digest=""
        )

    recent.put("a", page(400))
    recent.put("b", page(400))
    assert recent.get("a") is not None  # "a" is now the most recently served
    recent.put("c", page(400))
    assert recent.get("b") is None  # the least recently served went first
    assert recent.get("a") is not None and recent.get("c") is not None
    recent.put("huge", page(5000))  # bigger than the whole budget: never kept
    assert recent.get("huge") is None
    assert recent.size <= 1000


def test_a_hit_from_a_workers_memory_reads_no_page_from_the_shared_cache(story, monkeypatch):
    get(story.get_absolute_url())
    read = []
    backend = type(caches["default"])
    real_get = backend.get

    def counted_get(self, key, *args, **kwargs):
        read.append(key)
        return real_get(self, key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", counted_get)
    response, queries = get(story.get_absolute_url())
    assert queries == 0
    assert "Ceasefire holds overnight" in text(response)
    assert read == [caching.VERSION_KEY]


def test_the_cached_section_navigation_marks_the_page_it_is_on_and_shows_new_sections(
    story, committed
):
    reader = Client()  # signed in: fresh pages, the navigation from its fragment
    reader.force_login(make_user("regular-reader", staff=False))

    def current(url):
        nav = text(get(url, reader)[0]).split('class="site-nav"')[1].split("</nav>")[0]
        return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)

    other = make_section(name="Opinion", slug="opinion")
    section_url = story.section.get_absolute_url()
    for _ in range(2):  # built, then from the fragment
        assert current("/") == ["/"]
        assert current(section_url) == [section_url]
        assert current(other.get_absolute_url()) == ["/section/opinion/"]
        assert current(story.get_absolute_url()) == []
    with committed():
        make_section(name="Obituaries", slug="obituaries")
    assert "/section/obituaries/" in text(get(story.get_absolute_url(), reader)[0])


def test_the_subscribe_form_is_a_shared_fragment_and_shows_a_new_list_at_once(story, committed):
    from articles.newsletter.models import NewsletterList

    NewsletterList.objects.create(name="Morning briefing", slug="morning")
    reader = Client()
    reader.force_login(make_user("regular-reader", staff=False))

    def lists_read(url):
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(url)
        sql = [query["sql"] for query in queries.captured_queries]
        return text(response), sum("newsletter_newsletterlist" in q for q in sql)

    html, reads = lists_read(story.get_absolute_url())
    assert "Morning briefing" in html and reads == 1
    html, reads = lists_read(story.get_absolute_url())
    assert "Morning briefing" in html and reads == 0  # from the fragment
    with committed():
        NewsletterList.objects.create(name="Evening edition", slug="evening")
    html, _ = lists_read(story.get_absolute_url())
    assert "Evening edition" in html
