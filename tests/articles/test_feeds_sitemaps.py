"""RSS feeds and the sitemap: published articles only, with working absolute links."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from articles.services import article_withdraw
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse_xml(response):
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own response)


def feed_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response).find("channel")
    return channel, channel.findall("item")


def test_site_feed_lists_published_articles_newest_first(client):
    world = make_section(name="World")
    older = make_article(
        headline="Older story",
        section=world,
        authors=[make_author(name="Amal Haddad"), make_author(name="Tom Reyes")],
        body="Some **bold** reporting.",
        ago=timedelta(days=2),
    )
    newer = make_article(headline="Newer story", ago=timedelta(hours=1))
    make_article(headline="Draft story", published=False)
    make_article(headline="Scheduled story", ago=-timedelta(hours=1))
    article_withdraw(article=make_article(headline="Withdrawn story"))

    channel, items = feed_items(client, "/feed/")
    assert channel.findtext("title") == settings.SITE_NAME
    assert channel.findtext("link") == "http://testserver/"
    assert [item.findtext("title") for item in items] == ["Newer story", "Older story"]
    assert items[0].findtext("link") == f"http://testserver{newer.get_absolute_url()}"
    assert items[0].findtext("guid") == f"http://testserver{newer.get_absolute_url()}"
    assert "<strong>bold</strong>" in items[1].findtext("description")
    assert items[1].findtext("category") == "World"
    creator = items[1].findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert creator == "Amal Haddad, Tom Reyes"
    assert items[1].findtext("pubDate")
    assert older.first_published_at.strftime("%d %b %Y") in items[1].findtext("pubDate")


def test_feed_is_limited_to_twenty_items(client):
    section = make_section()
    for n in range(22):
        make_article(section=section, ago=timedelta(minutes=n + 1))
    _, items = feed_items(client, "/feed/")
    assert len(items) == 20


def test_section_feed_lists_only_that_section(client):
    world = make_section(name="World", slug="world", description="News from everywhere.")
    make_article(headline="In the world", section=world)
    make_article(headline="Elsewhere")
    make_article(headline="World draft", section=world, published=False)

    channel, items = feed_items(client, "/section/world/feed/")
    assert channel.findtext("title") == f"World · {settings.SITE_NAME}"
    assert channel.findtext("link") == "http://testserver/section/world/"
    assert channel.findtext("description") == "News from everywhere."
    assert [item.findtext("title") for item in items] == ["In the world"]


def test_feeds_are_advertised_in_page_heads(client):
    make_section(name="World", slug="world")
    home = client.get("/").content.decode()
    section = client.get("/section/world/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/"' in home
    assert 'href="/section/world/feed/"' in section


def test_sitemap_lists_published_articles_sections_and_used_tags(client):
    used = make_tag(slug="used-tag")
    draft_only = make_tag(slug="draft-only-tag")
    section = make_section(slug="world")
    live = make_article(section=section, tags=[used])
    scheduled = make_article(section=section, tags=[draft_only], ago=-timedelta(days=1))
    withdrawn = article_withdraw(article=make_article(section=section))
    make_article(published=False, section=section, tags=[draft_only])

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response)
    locations = [url.findtext("sm:loc", namespaces=SITEMAP_NS) for url in root]
    assert f"http://testserver{live.get_absolute_url()}" in locations
    assert f"http://testserver{scheduled.get_absolute_url()}" not in locations
    assert f"http://testserver{withdrawn.get_absolute_url()}" not in locations
    assert "http://testserver/section/world/" in locations
    assert "http://testserver/tag/used-tag/" in locations
    assert "http://testserver/tag/draft-only-tag/" not in locations
    assert len(locations) == 3  # the article, the section and the used tag
    (article_entry,) = [
        url
        for url in root
        if url.findtext("sm:loc", namespaces=SITEMAP_NS)
        == f"http://testserver{live.get_absolute_url()}"
    ]
    assert article_entry.findtext("sm:lastmod", namespaces=SITEMAP_NS) == (
        timezone.localdate(live.updated_at).isoformat()
    )


def test_sitemap_is_cached_for_a_while(client):
    response = client.get("/sitemap.xml")
    assert "max-age=900" in response["Cache-Control"]


def test_feed_bodies_use_absolute_image_and_link_addresses(client):
    make_article(body="![A map](/media/editor/2026/11/map.png)\n\nSee [our archive](/2026/).")
    _, items = feed_items(client, "/feed/")
    description = items[0].find("description").text
    assert f'src="{settings.SITE_URL}/media/editor/2026/11/map.png"' in description
    assert f'href="{settings.SITE_URL}/2026/"' in description


def test_control_characters_pasted_into_an_article_do_not_break_the_feeds(client):
    # Word processors paste a vertical tab for a line break; XML 1.0 cannot hold it, and
    # Django refuses to write it, which took the whole feed down with a 500.
    section = make_section(name="Pasted", slug="pasted")
    make_article(
        headline="Pasted\x0bheadline",
        body="A body pasted\x0bfrom a word processor\x08.",
        section=section,
        authors=[make_author(name="Ada\x0bReader")],
    )
    for url in ["/feed/", "/section/pasted/feed/"]:
        _, (item,) = feed_items(client, url)
        assert item.findtext("title") == "Pasted headline"
        assert "A body pasted from a word processor" in item.findtext("description")
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ada Reader"
