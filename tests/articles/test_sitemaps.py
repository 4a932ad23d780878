"""The sitemap index and its parts, the Google News sitemap and robots.txt, read as a crawler
reads them: published articles only, the right addresses, a constant cost at any size."""

import re
from datetime import datetime, timedelta
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_withdraw
from articles.sitemaps import news_language
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"sm": SITEMAP, "news": NEWS}
PARTS = ["articles", "sections", "tags", "authors"]


def absolute(path):
    """`path` on the host the sitemaps name (the requested one, or the Site's)."""
    return f"http://{get_current_site(RequestFactory().get('/')).domain}{path}"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def index_entries(client):
    root = fetch(client, "/sitemap.xml")
    assert root.tag == f"{{{SITEMAP}}}sitemapindex"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:sitemap", NS)
    }


def part_entries(client, url):
    root = fetch(client, url)
    assert root.tag == f"{{{SITEMAP}}}urlset"
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root.findall("sm:url", NS)
    }


def fresh_cache(settings):
    """A new cache namespace: the next sitemap request is built, not served from the cache."""
    prefix = f"{settings.CACHES['default']['KEY_PREFIX']}-{next(_rounds)}"
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}


_rounds = iter(range(1_000_000))


def parse_w3c(value):
    moment = datetime.fromisoformat(value)
    assert moment.tzinfo is not None, value
    return moment


@pytest.fixture
def newsroom():
    """A story in every state, sections, tags and authors with and without published work."""
    world = make_section(name="World", slug="world")
    empty_section = make_section(name="Empty", slug="empty")
    used, unused = make_tag(slug="used-tag"), make_tag(slug="draft-only-tag")
    writer, idle = make_author(slug="writer"), make_author(slug="idle-writer")
    live = make_article(section=world, tags=[used], authors=[writer], ago=timedelta(days=3))
    recent = make_article(section=world, ago=timedelta(hours=2))
    scheduled = make_article(section=world, tags=[unused], authors=[idle], ago=-timedelta(days=1))
    withdrawn = article_withdraw(
        article=make_article(section=world, tags=[unused], authors=[idle], ago=timedelta(hours=1))
    )
    make_article(published=False, section=world, tags=[unused], authors=[idle])
    return {
        "live": live,
        "recent": recent,
        "hidden": [scheduled, withdrawn],
        "world": world,
        "empty_section": empty_section,
    }


def test_the_index_lists_every_part_and_the_news_sitemap_with_lastmod(client, newsroom):
    entries = index_entries(client)
    assert list(entries) == [
        *(absolute(f"/sitemap-{part}.xml") for part in PARTS),
        absolute("/news-sitemap.xml"),
    ]
    newest = max(newsroom["recent"].last_edited_at, newsroom["live"].last_edited_at)
    assert parse_w3c(entries[absolute("/sitemap-articles.xml")]) == newest
    assert parse_w3c(entries[absolute("/news-sitemap.xml")]) == newsroom["recent"].last_edited_at


def test_the_articles_part_lists_published_articles_with_their_last_change(client, newsroom):
    entries = part_entries(client, "/sitemap-articles.xml")
    assert list(entries) == [
        absolute(newsroom["live"].get_absolute_url()),
        absolute(newsroom["recent"].get_absolute_url()),
    ]
    lastmod = parse_w3c(entries[absolute(newsroom["live"].get_absolute_url())])
    assert lastmod == newsroom["live"].updated_at


def test_sections_tags_and_authors_parts(client, newsroom):
    sections = part_entries(client, "/sitemap-sections.xml")
    assert set(sections) == {absolute("/section/world/"), absolute("/section/empty/")}
    # An empty section has no last change; the world section changed with its newest story.
    assert sections[absolute("/section/empty/")] is None
    world_lastmod = parse_w3c(sections[absolute("/section/world/")])
    assert world_lastmod == newsroom["recent"].last_edited_at
    # Only tags and authors with published articles: their pages would be empty otherwise.
    assert list(part_entries(client, "/sitemap-tags.xml")) == [absolute("/tag/used-tag/")]
    assert list(part_entries(client, "/sitemap-authors.xml")) == [absolute("/author/writer/")]


def test_scheduled_articles_appear_when_due_and_withdrawn_ones_go(client, settings, newsroom):
    scheduled, withdrawn = newsroom["hidden"]

    def everything():
        fresh_cache(settings)
        urls = [f"/sitemap-{part}.xml" for part in PARTS] + ["/news-sitemap.xml"]
        return {loc for url in urls for loc in part_entries(client, url)}

    listed = everything()
    assert absolute(scheduled.get_absolute_url()) not in listed
    assert absolute(withdrawn.get_absolute_url()) not in listed
    assert absolute("/tag/draft-only-tag/") not in listed
    assert absolute("/author/idle-writer/") not in listed

    later = timezone.now() + timedelta(days=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        listed = everything()
    assert absolute(scheduled.get_absolute_url()) in listed
    assert absolute("/tag/draft-only-tag/") in listed

    article_withdraw(article=newsroom["recent"])
    assert absolute(newsroom["recent"].get_absolute_url()) not in everything()


def test_sitemaps_are_reader_pages_a_cdn_may_hold_briefly(client, settings):
    settings.READER_PAGE_CACHE_SECONDS = 60
    for url in ["/sitemap.xml", *(f"/sitemap-{part}.xml" for part in PARTS), "/news-sitemap.xml"]:
        response = client.get(url)
        assert "public" in response["Cache-Control"], url
        assert "s-maxage=10" in response["Cache-Control"], url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        assert len(queries) == 0, url


def test_sitemaps_show_a_new_story_at_once(client, settings, django_capture_on_commit_callbacks):
    settings.READER_PAGE_CACHE_SECONDS = 60
    client.get("/sitemap-articles.xml")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(headline="Fresh")
    assert article.get_absolute_url() in client.get("/sitemap-articles.xml").content.decode()


@pytest.mark.parametrize(
    "url", ["/sitemap-news.xml", "/sitemap-nope.xml", "/sitemap-articles.xml?p=2"]
)
def test_sitemaps_that_do_not_exist_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


# Size


def bulk_articles(count, *, section, since=None):
    """`count` published articles stored at once (no save(): only what a sitemap reads)."""
    now = timezone.now()
    since = since or timedelta(days=30)
    articles = []
    for n in range(count):
        published = now - since + timedelta(seconds=n + 1)
        articles.append(
            Article(
                headline=f"Bulk story {n}",
                slug=f"bulk-story-{n}",
                body="Body.",
                body_html="<p>Body.</p>",
                section=section,
                status=Article.Status.PUBLISHED,
                publish_at=published,
                first_published_at=published,
                publication_date=timezone.localdate(published),
            )
        )
    Article.objects.bulk_create(articles, batch_size=500)


def queries_for(client, settings, url):
    fresh_cache(settings)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_articles_are_listed_1000_a_page_for_the_same_queries_at_any_size(client, settings):
    section = make_section()
    bulk_articles(10, section=section, since=timedelta(days=40))
    urls = ["/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"]
    few = {url: queries_for(client, settings, url) for url in urls}

    bulk_articles(2_005, section=section, since=timedelta(days=20))
    assert Article.objects.count() == 2_015
    urls += ["/sitemap-articles.xml?p=2", "/sitemap-articles.xml?p=3"]
    many = {url: queries_for(client, settings, url) for url in urls}
    assert many == {**few, **dict.fromkeys(urls[3:], few["/sitemap-articles.xml"])}
    # Index: the number of pages of each of the five sitemaps, and the last change of four
    # (two index walks each: newest edit, newest publication) and of the news sitemap.
    assert few["/sitemap.xml"] == 14
    # A part: its size, then one page of rows.
    assert few["/sitemap-articles.xml"] == 2

    fresh_cache(settings)
    index = index_entries(client)
    pages = [absolute("/sitemap-articles.xml")] + [
        absolute(f"/sitemap-articles.xml?p={page}") for page in (2, 3)
    ]
    assert [url for url in index if "articles" in url] == pages
    sizes = [len(part_entries(client, f"/sitemap-articles.xml?p={page}")) for page in (1, 2, 3)]
    assert sizes == [1000, 1000, 15]


# Google News


def news_entries(client):
    root = fetch(client, "/news-sitemap.xml")
    assert root.tag == f"{{{SITEMAP}}}urlset"
    return root.findall("sm:url", NS)


def test_the_news_sitemap_lists_stories_first_published_in_the_last_48_hours(client, settings):
    settings.LANGUAGE_CODE = "en-gb"
    section = make_section()
    just_in = make_article(headline="Q&A: <what> now?", section=section, ago=timedelta(minutes=5))
    inside = make_article(section=section, ago=timedelta(hours=47))
    make_article(section=section, ago=timedelta(hours=49))
    # Edited today, but first published three days ago: not news any more.
    old = make_article(section=section, ago=timedelta(days=3))
    old.headline = "Updated background piece"
    old.save()
    make_article(section=section, ago=-timedelta(minutes=5))  # scheduled
    article_withdraw(article=make_article(section=section, ago=timedelta(hours=1)))

    entries = news_entries(client)
    assert [entry.findtext("sm:loc", namespaces=NS) for entry in entries] == [
        absolute(just_in.get_absolute_url()),
        absolute(inside.get_absolute_url()),
    ]
    news = entries[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == settings.SITE_NAME
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Q&A: <what> now?"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", published)
    assert parse_w3c(published) == just_in.first_published_at.replace(microsecond=0)


def test_the_news_sitemap_gives_dates_in_the_newsrooms_time_zone(client, settings):
    settings.TIME_ZONE = "Asia/Kolkata"
    make_article(ago=timedelta(hours=1))
    (entry,) = news_entries(client)
    published = entry.findtext("news:news/news:publication_date", namespaces=NS)
    assert published.endswith("+05:30")


def test_the_news_sitemap_holds_at_most_1000_stories_newest_first(client):
    bulk_articles(1_005, section=make_section(), since=timedelta(hours=24))
    entries = news_entries(client)
    assert len(entries) == 1000
    titles = [entry.findtext("news:news/news:title", namespaces=NS) for entry in entries]
    assert titles[0] == "Bulk story 1004"
    assert titles[-1] == "Bulk story 5"


def test_an_empty_news_sitemap_is_still_a_valid_one(client):
    make_article(ago=timedelta(days=5))
    assert news_entries(client) == []


@pytest.mark.parametrize(
    ("django", "google"),
    [("en-us", "en"), ("en", "en"), ("pt-br", "pt"), ("zh-hans", "zh-cn"), ("zh-Hant", "zh-tw")],
)
def test_news_language_codes(django, google):
    assert news_language(django) == google


def test_control_characters_in_a_headline_do_not_break_the_news_sitemap(client):
    make_article(headline="Pasted\x0bheadline")
    (entry,) = news_entries(client)
    assert entry.findtext("news:news/news:title", namespaces=NS) == "Pasted headline"


# robots.txt


def robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    return response.content.decode().splitlines()


def test_robots_txt_lists_the_sitemaps_and_keeps_crawlers_out_of_private_pages(client):
    lines = robots(client)
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.SITE_URL}/news-sitemap.xml" in lines
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow")]
    assert disallowed == ["/admin/", "/search/", "/preview/", "/editor/", "/comments/", "/read/"]
    # Each is where those pages really are.
    kept_out = [
        reverse("admin:index"),
        reverse("articles:search"),
        reverse("articles:preview", kwargs={"pk": 1}),
        reverse("markdownx_upload"),
        reverse("comments:post", kwargs={"article_id": 1}),
        reverse("comments:flag", kwargs={"pk": 1}),
        reverse("comments:unsubscribe", kwargs={"token": "x"}),
    ]
    for path in kept_out:
        assert any(path.startswith(prefix) for prefix in disallowed), path
    for public in ["/", "/feed/", "/section/world/", "/2026/01/02/story/", "/sitemap.xml"]:
        assert not any(public.startswith(prefix) for prefix in disallowed), public


def test_robots_txt_does_not_reveal_a_moved_newsroom(client, settings):
    settings.ADMIN_URL = "desk-7f3a/"
    text = "\n".join(robots(client))
    assert "desk-7f3a" not in text
    assert "/admin/" not in text


def test_robots_txt_is_cacheable(client):
    response = client.get("/robots.txt")
    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_the_index_lastmod_is_a_scheduled_storys_going_live_when_nothing_changed_since(
    client, settings, newsroom
):
    scheduled = newsroom["hidden"][0]
    assert scheduled.first_published_at > scheduled.updated_at  # saved before it was due
    went_live = scheduled.publish_at + timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=went_live):
        fresh_cache(settings)
        entries = index_entries(client)
    for part in ("articles", "sections", "tags", "authors"):
        lastmod = parse_w3c(entries[absolute(f"/sitemap-{part}.xml")])
        assert lastmod == scheduled.first_published_at, part
