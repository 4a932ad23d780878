"""What readers see: only published articles, on every page that lists them."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_withdraw
from tests.factories import archive_urls, make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """One article in each state, all in the same section, with the same tag and author."""
    section = make_section(name="World", slug="world")
    tag = make_tag(name="Elections", slug="elections")
    author = make_author(name="Amal Haddad", slug="amal-haddad")
    filing = {"section": section, "tags": [tag], "authors": [author]}
    live = make_article(headline="Zebra count published", ago=timedelta(hours=2), **filing)
    draft = make_article(headline="Zebra count draft", published=False, **filing)
    scheduled = make_article(headline="Zebra count scheduled", ago=-timedelta(hours=2), **filing)
    withdrawn = article_withdraw(
        article=make_article(headline="Zebra count withdrawn", ago=timedelta(hours=3), **filing)
    )
    # Published once, then put back to draft by an editor: it keeps a dated address.
    unpublished = make_article(headline="Zebra count unpublished", **filing)
    Article.objects.filter(pk=unpublished.pk).update(status=Article.Status.DRAFT)
    return {
        "live": live,
        "hidden": [draft, scheduled, withdrawn, unpublished],
        "section": section,
        "tag": tag,
        "author": author,
    }


def listing_urls(newsroom):
    day = newsroom["live"].publication_date
    return [
        reverse("articles:home"),
        reverse("articles:section", kwargs={"slug": "world"}),
        reverse("articles:tag", kwargs={"slug": "elections"}),
        reverse("articles:author", kwargs={"slug": "amal-haddad"}),
        *archive_urls(day),
        reverse("articles:search") + "?q=zebra",
        reverse("articles:feed"),
        reverse("articles:section-feed", kwargs={"slug": "world"}),
    ]


def test_every_listing_shows_published_and_hides_the_rest(client, newsroom):
    live_url = newsroom["live"].get_absolute_url()
    for url in listing_urls(newsroom):
        response = client.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "Zebra count published" in content, url
        assert live_url in content, url
        for hidden in newsroom["hidden"]:
            assert hidden.headline not in content, (url, hidden.headline)


def test_sitemap_lists_only_the_published_article(client, newsroom):
    parts = ["articles", "sections", "tags", "authors"]
    content = "".join(client.get(f"/sitemap-{part}.xml").content.decode() for part in parts)
    content += client.get("/news-sitemap.xml").content.decode()
    assert newsroom["live"].get_absolute_url() in content
    for hidden in newsroom["hidden"]:
        if hidden.publication_date:
            assert hidden.get_absolute_url() not in content, hidden.headline
    assert "/section/world/" in content
    assert "/tag/elections/" in content


def test_hidden_articles_are_404_at_their_address(client, newsroom):
    assert client.get(newsroom["live"].get_absolute_url()).status_code == 200
    for hidden in newsroom["hidden"]:
        url = hidden.get_absolute_url()
        response = client.get(url)
        if hidden.publication_date:
            assert response.status_code == 404, hidden.headline
        else:
            # A draft that never went live only has a preview address, which is staff-only.
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("admin:login"))


def test_search_matches_tags_and_body_but_not_hidden_articles(client, newsroom):
    make_article(headline="Unrelated", body="Talk of giraffes and elections.")
    content = client.get(reverse("articles:search"), {"q": "  ZEBRA   count "}).content.decode()
    assert "Zebra count published" in content
    assert "1 article found" in content

    by_tag = client.get(reverse("articles:search"), {"q": "elections"}).content.decode()
    assert "Zebra count published" in by_tag
    assert "Unrelated" in by_tag
    assert "2 articles found" in by_tag


def test_empty_search_lists_nothing(client, newsroom):
    response = client.get(reverse("articles:search"), {"q": "   "})
    assert response.status_code == 200
    assert "Zebra" not in response.content.decode()


def test_home_leads_with_the_newest_lead_story(client):
    make_article(headline="Older lead", is_lead=True, ago=timedelta(days=2))
    make_article(headline="Newest lead", is_lead=True, ago=timedelta(days=1))
    make_article(headline="Latest plain story", ago=timedelta(hours=1))
    make_article(headline="Unpublished lead", is_lead=True, published=False)
    response = client.get("/")
    assert response.context["lead"].headline == "Newest lead"
    content = response.content.decode()
    assert content.count("Newest lead") == 1  # not repeated in the list below
    assert "Unpublished lead" not in content


def test_pagination_links_and_pages(client, settings):
    section = make_section(slug="busy")
    for hours in range(settings.ARTICLES_PER_PAGE + 3):
        make_article(
            headline=f"Busy story {hours:02d}", section=section, ago=timedelta(hours=1 + hours)
        )
    first = client.get("/section/busy/")
    assert 'aria-label="Section pages"' in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/section/busy/?page=2")
    assert second.status_code == 200
    assert len(second.context["article_list"]) == 3
    assert "Busy story 14" in second.content.decode()


NOT_FOUND_URLS = [
    "/2026/13/45/x/",
    "/2026/02/30/x/",
    "/2026/00/10/x/",
    "/99999999999999999999/01/01/x/",
    "/2026/13/",
    "/2026/02/30/",
    "/2026/00/",
    "/0/",
    "/99999/",
    "/9999/",
    "/9999/12/31/",  # the last day a date can hold: no next day to bound the archive
    "/99999999999999999999/",
    "/99999999999999999999/01/",
    "/2026/99999999999999999999/",
    "/2026/01/99999999999999999999/",
    "/section/nope/",
    "/section/nope/feed/",
    "/tag/nope/",
    "/author/nope/",
    "/?page=abc",
    "/?page=99999",
    "/?page=0",
    "/?page=-1",
    "/section/world/?page=abc",
    "/search/?q=zebra&page=99999",
    "/no/such/page/",
]


@pytest.mark.parametrize("url", NOT_FOUND_URLS)
def test_bad_addresses_are_the_designed_404(client, newsroom, url):
    response = client.get(url)
    assert response.status_code == 404, url
    content = response.content.decode()
    assert "We can’t find that page" in content
    assert 'role="search"' in content


def test_an_empty_archive_day_says_so(client):
    response = client.get("/2020/01/01/")
    assert response.status_code == 200
    assert "Nothing was published that day." in response.content.decode()


def test_last_page_is_reachable_by_name(client, newsroom):
    response = client.get("/?page=last")
    assert response.status_code == 200


def test_server_error_shows_the_designed_500_page(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    broken = mock.patch(
        "articles.views.HomeView.get_queryset", side_effect=RuntimeError("database on fire")
    )
    with broken:
        response = client.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "database on fire" not in content


def test_home_section_blocks_skip_stories_already_shown(client):
    section = make_section(name="Climate", slug="climate")
    stories = [
        make_article(headline=f"Climate story {n}", section=section, ago=timedelta(hours=1 + n))
        for n in range(10)
    ]
    response = client.get("/")
    (block,) = [block for block in response.context["section_blocks"] if block.latest_articles]
    # Story 0 leads; stories 1-6 are the first six of the latest list.
    assert block.latest_articles == stories[7:10]
    assert list(response.context["article_list"]) == stories[1:10]


def test_search_pages_keep_the_query(client, settings):
    for n in range(settings.ARTICLES_PER_PAGE + 1):
        make_article(headline=f"Drought report {n}")
    content = client.get("/search/", {"q": "drought"}).content.decode()
    assert 'href="?q=drought&amp;page=2"' in content
    assert "13 articles found" in content


def test_scheduled_article_goes_live_on_the_site_without_a_job(client):
    article = make_article(headline="Embargoed report", ago=-timedelta(hours=1))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Embargoed report" not in client.get("/").content.decode()

    later = timezone.now() + timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert client.get(url).status_code == 200
        assert "Embargoed report" in client.get("/").content.decode()
        assert "Embargoed report" in client.get("/feed/").content.decode()


def test_home_section_blocks_hold_each_sections_newest_with_queries_not_growing(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sections = [make_section(name=f"Desk {n}", slug=f"desk-{n}") for n in range(3)]
    for hours in range(30):
        make_article(section=sections[hours % 3], ago=timedelta(hours=2 + hours))
    with CaptureQueriesContext(connection) as few_sections:
        context = client.get("/").context
    shown = {context["lead"].pk} | {a.pk for a in list(context["article_list"])[:6]}
    blocks = {block.slug: block.latest_articles for block in context["section_blocks"]}
    for section in sections:
        newest = Article.objects.published().filter(section=section).latest_first()
        assert blocks[section.slug] == [a for a in newest if a.pk not in shown][:4]
    for n in range(5):
        make_article(section=make_section(name=f"Extra {n}", slug=f"extra-{n}"))
    with CaptureQueriesContext(connection) as many_sections:
        client.get("/")
    assert len(many_sections) == len(few_sections)


def test_home_shows_the_blocks_of_the_first_sections_with_news_whatever_their_number(
    client, settings
):
    settings.HOME_SECTION_BLOCKS = 3
    make_section(name="Empty desk", slug="empty-desk", order=0)
    desks = [make_section(name=f"Desk {n}", slug=f"desk-{n}", order=n + 1) for n in range(6)]
    for desk in desks:
        for hours in range(8):  # more than the latest list and the lead can take
            make_article(section=desk, ago=timedelta(hours=1 + hours))
    content = client.get("/").content.decode()
    shown = re.findall(r'<h2 id="section-([a-z0-9-]+)"', content)
    assert shown == ["desk-0", "desk-1", "desk-2"]
