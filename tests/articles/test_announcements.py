"""The site-wide banner: shown on every reader page while active, and only then."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    archive_urls,
    make_announcement,
    make_article,
    make_author,
    make_section,
    make_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_urls():
    section = make_section(slug="world")
    tag = make_tag(slug="water")
    author = make_author(slug="amal")
    article = make_article(section=section, tags=[tag], authors=[author])
    day = article.publication_date
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        section.get_absolute_url(),
        tag.get_absolute_url(),
        author.get_absolute_url(),
        reverse("articles:search") + "?q=headline",
        *archive_urls(day),
        "/no-such-page/",
    ]


def test_active_banner_is_on_every_page(client, page_urls):
    make_announcement(
        message="Join our Telegram channel for breaking news",
        link_url="https://t.me/example",
        link_text="Join the channel",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(days=1),
    )
    for url in page_urls:
        content = client.get(url).content.decode()
        assert 'aria-label="Announcement"' in content, url
        assert "Join our Telegram channel for breaking news" in content, url
        assert '<a href="https://t.me/example" rel="noopener">Join the channel</a>' in content


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": timezone.now() + timedelta(days=1)},
        {
            "starts_at": timezone.now() - timedelta(days=2),
            "ends_at": timezone.now() - timedelta(days=1),
        },
        {"is_enabled": False},
    ],
    ids=["future", "expired", "disabled"],
)
def test_inactive_banner_is_on_no_page(client, page_urls, fields):
    make_announcement(message="Not now, thank you", **fields)
    for url in page_urls:
        content = client.get(url).content.decode()
        assert "Not now, thank you" not in content, url
        assert 'aria-label="Announcement"' not in content, url


def test_banner_message_is_escaped(client):
    make_announcement(message="<script>alert(1)</script> Breaking")
    content = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def test_the_newest_banner_wins_on_every_database(client):
    """PostgreSQL sorts empty start times first in descending order, SQLite last; the banner
    shown must not depend on the database."""
    make_announcement(message="Dated banner", starts_at=timezone.now() - timedelta(hours=1))
    make_announcement(message="Undated banner")
    content = client.get("/").content.decode()
    assert "Dated banner" in content
    assert "Undated banner" not in content

    make_announcement(
        message="Newest dated banner", starts_at=timezone.now() - timedelta(minutes=1)
    )
    content = client.get("/").content.decode()
    assert "Newest dated banner" in content
    assert content.count('aria-label="Announcement"') == 1
