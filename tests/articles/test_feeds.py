"""RSS and Atom feeds, read as a feed reader reads them (feedparser): published articles only,
newest first, with their authors, categories, dates and image; conditional GET for pollers."""

import calendar
from datetime import timedelta
from unittest import mock

import feedparser
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_withdraw
from tests.factories import image_upload, make_article, make_author, make_section, make_tag

pytestmark = [
    pytest.mark.django_db,
    # feedparser warns when an RSS entry's missing `updated` is looked up; RSS has none.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser"),
]

RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


@pytest.fixture
def newsroom():
    """A section, tag and author with one article in each state, and one story elsewhere."""
    section = make_section(name="World", slug="world", description="News from everywhere.")
    tag = make_tag(name="Elections", slug="elections")
    author = make_author(name="Amal Haddad", slug="amal-haddad")
    filing = {"section": section, "tags": [tag], "authors": [author]}
    older = make_article(headline="Older story", ago=timedelta(days=2), **filing)
    newer = make_article(headline="Newer story", ago=timedelta(hours=1), **filing)
    make_article(headline="Draft story", published=False, **filing)
    make_article(headline="Scheduled story", ago=-timedelta(hours=1), **filing)
    article_withdraw(article=make_article(headline="Withdrawn story", **filing))
    elsewhere = make_article(headline="Story elsewhere", ago=timedelta(hours=3))
    return {"older": older, "newer": newer, "elsewhere": elsewhere}


FEEDS = {
    # name: (RSS address, Atom address, its title, the headlines it lists)
    "site": (
        "/feed/",
        "/feed/atom/",
        settings.SITE_NAME,
        ["Newer story", "Story elsewhere", "Older story"],
    ),
    "section": (
        "/section/world/feed/",
        "/section/world/feed/atom/",
        f"World · {settings.SITE_NAME}",
        ["Newer story", "Older story"],
    ),
    "tag": (
        "/tag/elections/feed/",
        "/tag/elections/feed/atom/",
        f"Elections · {settings.SITE_NAME}",
        ["Newer story", "Older story"],
    ),
    "author": (
        "/author/amal-haddad/feed/",
        "/author/amal-haddad/feed/atom/",
        f"Amal Haddad · {settings.SITE_NAME}",
        ["Newer story", "Older story"],
    ),
}
EVERY_FEED = [url for rss, atom, *_ in FEEDS.values() for url in (rss, atom)]


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return parsed


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def headlines(parsed):
    return [entry.title for entry in parsed.entries]


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_every_feed_parses_and_lists_its_published_articles_newest_first(
    client, newsroom, name, kind
):
    rss, atom, title, expected = FEEDS[name]
    url = rss if kind == "rss" else atom
    response = client.get(url)
    assert response["Content-Type"] == (RSS if kind == "rss" else ATOM)
    parsed = parse(client, url)
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert parsed.feed.title == title
    assert parsed.feed.link == absolute(url.removesuffix("atom/").removesuffix("feed/"))
    assert {link.rel: link.href for link in parsed.feed.links}["self"] == absolute(url)
    assert headlines(parsed) == expected
    assert parsed.entries[0].link == absolute(newsroom["newer"].get_absolute_url())


def test_feed_descriptions_of_sections_tags_and_authors(client, newsroom):
    assert parse(client, "/section/world/feed/").feed.description == "News from everywhere."
    assert parse(client, "/section/world/feed/atom/").feed.subtitle == "News from everywhere."
    assert parse(client, "/tag/elections/feed/").feed.description == (
        "The latest reporting on Elections."
    )
    assert parse(client, "/author/amal-haddad/feed/atom/").feed.subtitle == (
        "The latest articles by Amal Haddad."
    )


@pytest.mark.parametrize(
    "url", ["/section/nope/feed/", "/tag/nope/feed/atom/", "/author/nope/feed/"]
)
def test_feeds_of_unknown_sections_tags_and_authors_are_404(client, url):
    assert client.get(url).status_code == 404


@pytest.fixture
def story():
    """A published story with two authors, a section, two tags and a featured image."""
    story = make_article(
        headline="Talks resume in Geneva",
        standfirst="Negotiators return after a week; <both> sides & the UN attend.",
        body="Some **bold** reporting.\n\n![A map](/media/editor/2026/11/map.png)",
        section=make_section(name="World", slug="world"),
        authors=[make_author(name="Amal Haddad"), make_author(name="Tom Reyes")],
        tags=[make_tag(name="Diplomacy"), make_tag(name="Geneva")],
        featured_image_alt="Delegates at the table",
        featured_image_credit="Ana Ruiz",
        ago=timedelta(hours=2),
    )
    story.featured_image = image_upload("JPEG", size=(64, 48))
    story.save()
    return story


@pytest.mark.parametrize("url", EVERY_FEED[:2])
def test_entries_carry_authors_categories_dates_and_the_featured_image(client, story, url):
    (entry,) = parse(client, url).entries
    assert [author.name for author in entry.authors] == ["Amal Haddad", "Tom Reyes"]
    assert [tag.term for tag in entry.tags] == ["World", "Diplomacy", "Geneva"]
    published = calendar.timegm(entry.published_parsed)
    assert published == int(story.first_published_at.timestamp())

    (enclosure,) = entry.enclosures
    assert enclosure.href == absolute(story.featured_image.url)
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == story.featured_image.size > 0
    (media,) = entry.media_content
    assert media["url"] == absolute(story.featured_image.url)
    assert (media["type"], media["medium"]) == ("image/jpeg", "image")
    assert int(media["filesize"]) == story.featured_image.size


def test_atom_entries_link_each_author_and_say_when_the_story_last_changed(client, story):
    (entry,) = parse(client, "/feed/atom/").entries
    assert [author.href for author in entry.authors] == [
        absolute(author.get_absolute_url()) for author in story.authors.order_by("name")
    ]
    # Not edited for readers since: its publication.
    assert calendar.timegm(entry.updated_parsed) == int(story.first_published_at.timestamp())
    assert entry.media_credit == [{"content": "Ana Ruiz"}]
    assert "content" not in entry  # not even the image's alt text


def test_a_scheduled_story_is_updated_no_earlier_than_it_appeared(client):
    # Saved (updated_at) an hour before its publication time came.
    story = make_article(ago=-timedelta(hours=1))
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        (entry,) = parse(client, "/feed/atom/").entries
    assert calendar.timegm(entry.updated_parsed) == int(story.first_published_at.timestamp())


@pytest.mark.parametrize("url", EVERY_FEED[:2])
def test_entries_summarise_with_the_standfirst_and_leave_the_full_text_on_the_site(
    client, story, url
):
    (entry,) = parse(client, url).entries
    assert entry.summary == (
        "Negotiators return after a week; &lt;both&gt; sides &amp; the UN attend."
    )
    assert "content" not in entry
    assert "bold" not in client.get(url).content.decode()


def test_without_a_standfirst_the_summary_is_the_start_of_the_body(client):
    words = " ".join(f"word{n}" for n in range(5000))
    make_article(standfirst="", body=f"**Opening** words & more. {words}")
    make_article(standfirst="", body=f"A [link]({'/x' * 4000}) cut.", ago=timedelta(days=1))
    entry, cut_link = parse(client, "/feed/").entries
    assert entry.summary.startswith("Opening words &amp; more. word0 word1")
    assert entry.summary.endswith("word45…")
    assert "<strong>" not in entry.summary
    assert cut_link.summary == "A"


@pytest.mark.parametrize("url", EVERY_FEED[:2])
def test_full_text_feeds_carry_the_body_with_absolute_addresses(client, settings, story, url):
    settings.FEED_FULL_TEXT = True
    story.body = "Some **bold** reporting.\n\n![A map](/media/editor/map.png) See [more](/2026/)."
    story.save()
    (entry,) = parse(client, url).entries
    (content,) = entry.content
    assert content.type == "text/html"
    assert "<strong>bold</strong>" in content.value
    assert f'src="{settings.SITE_URL}/media/editor/map.png"' in content.value
    assert f'href="{settings.SITE_URL}/2026/"' in content.value
    assert entry.summary.startswith("Negotiators return")


def test_an_entry_keeps_its_id_when_its_address_is_corrected(client, story):
    (before,) = parse(client, "/feed/atom/").entries
    story.slug = "talks-resume-in-geneva-corrected"
    story.save()
    (after,) = parse(client, "/feed/atom/").entries
    assert after.link.endswith("/talks-resume-in-geneva-corrected/")
    assert after.id == before.id
    assert before.id.startswith("tag:")


def test_a_missing_image_file_leaves_the_entry_without_a_picture(client, story):
    # Feeds read the image's size from its renditions record; without one, from storage.
    Article.objects.filter(pk=story.pk).update(featured_image_renditions={})
    story.featured_image.storage.delete(story.featured_image.name)
    (entry,) = parse(client, "/feed/").entries
    assert entry.enclosures == []
    assert "media_content" not in entry


def test_feeds_are_limited_to_twenty_items(client):
    section = make_section()
    for n in range(22):
        make_article(section=section, ago=timedelta(minutes=n + 1))
    assert len(parse(client, "/feed/").entries) == 20
    assert len(parse(client, f"/section/{section.slug}/feed/atom/").entries) == 20


def test_scheduled_stories_appear_when_due_and_withdrawn_ones_go(client, newsroom):
    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for url in EVERY_FEED:
            assert headlines(parse(client, url))[0] == "Scheduled story", url
    article_withdraw(article=newsroom["newer"])
    for url in EVERY_FEED:
        assert "Newer story" not in headlines(parse(client, url)), url


@pytest.mark.parametrize("url", EVERY_FEED)
def test_control_characters_pasted_into_an_article_do_not_break_the_feeds(client, url):
    # Word processors paste a vertical tab for a line break; XML 1.0 cannot hold it, and
    # Django refuses to write it, which took the whole feed down with a 500.
    make_article(
        headline="Pasted\x0bheadline",
        standfirst="A standfirst pasted\x0bfrom a word processor\x08.",
        section=make_section(name="World", slug="world"),
        tags=[make_tag(name="Elec\x0btions", slug="elections")],
        authors=[make_author(name="Amal\x0bHaddad", slug="amal-haddad")],
    )
    (entry,) = parse(client, url).entries
    assert entry.title == "Pasted headline"
    assert entry.summary == "A standfirst pasted from a word processor ."
    assert entry.authors[0].name == "Amal Haddad"


def test_feeds_answer_head_and_refuse_posts(client, newsroom):
    for url in EVERY_FEED:
        assert client.head(url).status_code == 200, url
        assert client.post(url).status_code == 405, url


# Page heads


@pytest.mark.parametrize(
    ("page", "feeds"),
    [
        ("/", {"/feed/": ""}),
        ("/section/world/", {"/section/world/feed/": "World · ", "/feed/": ""}),
        ("/tag/elections/", {"/tag/elections/feed/": "Elections · ", "/feed/": ""}),
        ("/author/amal-haddad/", {"/author/amal-haddad/feed/": "Amal Haddad · ", "/feed/": ""}),
    ],
)
def test_pages_advertise_their_feeds_in_the_head(client, newsroom, page, feeds):
    head = client.get(page).content.decode().split("</head>")[0]
    # The page's own feeds come first: feed readers offer the first they find.
    assert head.index(f'href="{next(iter(feeds))}"') < head.index('href="/feed/atom/"')
    for feed, name in feeds.items():
        assert (
            f'<link rel="alternate" type="application/rss+xml" '
            f'title="{name}{settings.SITE_NAME} (RSS)" href="{feed}">'
        ) in head
        assert (
            f'<link rel="alternate" type="application/atom+xml" '
            f'title="{name}{settings.SITE_NAME} (Atom)" href="{feed}atom/">'
        ) in head
        parse(client, feed)
        parse(client, f"{feed}atom/")


# Conditional GET


def test_every_feed_sends_an_etag_and_last_modified(client, newsroom):
    for url in EVERY_FEED:
        response = client.get(url)
        assert response["ETag"].startswith('W/"'), url
        assert response["Last-Modified"].endswith(" GMT"), url


@pytest.mark.parametrize("url", EVERY_FEED)
def test_a_poll_that_changed_nothing_gets_304_for_one_query(client, newsroom, url):
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    assert len(queries) == 1
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304


def poll(client, url, previous):
    return client.get(
        url,
        HTTP_IF_NONE_MATCH=previous["ETag"],
        HTTP_IF_MODIFIED_SINCE=previous["Last-Modified"],
    )


def test_polls_get_the_feed_again_after_each_kind_of_change(client, newsroom):
    # Last-Modified has a one-second resolution: each change comes a second after the last.
    url = "/section/world/feed/"
    seen = client.get(url)
    clock = timezone.now()

    def changed(change):
        nonlocal seen, clock
        clock += timedelta(seconds=2)
        with mock.patch("django.utils.timezone.now", return_value=clock):
            change()
            response = poll(client, url, seen)
            by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=seen["Last-Modified"])
        seen = response
        return response.status_code, by_date.status_code

    section = newsroom["newer"].section
    assert changed(lambda: make_article(headline="Fresh", section=section, ago=timedelta())) == (
        200,
        200,
    )
    newer = Article.objects.get(pk=newsroom["newer"].pk)
    assert changed(lambda: article_withdraw(article=newer)) == (200, 200)
    older = Article.objects.get(pk=newsroom["older"].pk)
    older.headline = "Older story, corrected"
    assert changed(older.save) == (200, 200)
    clock += timedelta(hours=1)  # the scheduled story's time comes
    assert changed(lambda: None) == (200, 200)
    assert changed(lambda: Article.objects.filter(headline="Fresh").delete()) == (200, 304)
    assert changed(lambda: None) == (304, 304)


def test_polls_of_the_cached_feed_get_304_without_a_query(client, settings, newsroom):
    settings.READER_PAGE_CACHE_SECONDS = 60
    first = Client().get("/feed/")
    with CaptureQueriesContext(connection) as queries:
        cached = Client().get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.status_code == 304
    assert len(queries) == 0
    assert "s-maxage=10" in cached["Cache-Control"]


def test_the_cached_feed_changes_with_its_etag_as_soon_as_a_story_is_published(
    settings, newsroom, django_capture_on_commit_callbacks
):
    settings.READER_PAGE_CACHE_SECONDS = 60
    first = Client().get("/feed/")
    assert Client().get("/feed/")["ETag"] == first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        make_article(headline="Breaking")
    fresh = poll(Client(), "/feed/", first)
    assert fresh.status_code == 200
    assert "Breaking" in fresh.content.decode()
    assert fresh["ETag"] != first["ETag"]


# Query counts


def add_stories(count, section, tag, author):
    for _ in range(count):
        story = make_article(section=section, tags=[tag, make_tag()], authors=[author])
        story.authors.add(make_author())


@pytest.mark.parametrize("url", EVERY_FEED)
def test_a_feed_costs_the_same_queries_with_2_and_20_items(client, django_assert_num_queries, url):
    section = make_section(slug="world")
    tag = make_tag(slug="elections")
    author = make_author(slug="amal-haddad")
    add_stories(2, section, tag, author)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_stories(18, section, tag, author)
    # The owner, the items, their authors, tags and corrections; the site feed has no owner.
    with django_assert_num_queries(len(few)):
        assert len(parse(client, url).entries) == 20
    assert len(few) == (5 if url.startswith("/feed/") else 6)


def test_feed_addresses_are_named(client):
    assert reverse("articles:feed-atom") == "/feed/atom/"
    assert reverse("articles:tag-feed", kwargs={"slug": "x"}) == "/tag/x/feed/"
    assert reverse("articles:author-feed-atom", kwargs={"slug": "x"}) == "/author/x/feed/atom/"
