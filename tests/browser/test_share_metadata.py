"""In a real browser, under the site's Content-Security-Policy: structured data is data. The
JSON-LD parses, markup in a headline runs nothing, and no CSP violation is reported (the
`new_context` fixture fails the test on any)."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.factories import make_article

HOSTILE = 'Leak </script><script>window.injected = 1</script> <!-- <img src=x onerror="x()">'


def test_structured_data_parses_and_a_hostile_headline_stays_text(page, newsroom):
    article = make_article(headline=HOSTILE, standfirst="</script><!--", section=newsroom.world)
    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE)
    items = page.evaluate(
        """() => [...document.querySelectorAll('script[type="application/ld+json"]')]
            .map(script => JSON.parse(script.textContent))"""
    )
    assert [item["@type"] for item in items] == ["NewsArticle", "BreadcrumbList"]
    assert items[0]["headline"] == HOSTILE
    assert page.evaluate("() => window.injected") is None
    assert page.locator("head script:not([src]):not([type='application/ld+json'])").count() == 0
    assert page.title().startswith(HOSTILE)


def test_share_images_are_served(page, newsroom):
    """The share card's image and the publisher's logo are there to fetch (on SITE_URL; the
    live server runs on another port, so their paths are fetched from it)."""
    page.goto(newsroom.story.get_absolute_url())
    card = page.locator('meta[property="og:image"]').get_attribute("content")
    logo = page.evaluate(
        """() => JSON.parse(document.querySelector('script[type="application/ld+json"]')
            .textContent).publisher.logo.url"""
    )
    for url in (card, logo):
        response = page.request.get(urlsplit(url).path)
        assert response.status == 200, url
        assert response.headers["content-type"] == "image/png"
