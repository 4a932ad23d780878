"""Reads are counted by the site itself, from a beacon request: readers only, no cookie, no
address kept, bounded per client, and whatever cache served the page."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from articles.readership.models import HourlyReads
from articles.services import article_withdraw
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def reader(address="198.51.100.7", user_agent=BROWSER):
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


def beacon_url(article):
    return reverse("readership:beacon", kwargs={"article_id": article.pk})


def reads_of(article):
    return sum(HourlyReads.objects.filter(article=article).values_list("reads", flat=True))


@pytest.fixture
def article():
    return make_article(headline="Flood waters recede", comments_open=False)


def test_the_article_page_carries_the_beacon_and_a_noscript_fallback(article):
    html = reader().get(article.get_absolute_url()).content.decode()
    assert re.search(
        rf'<script src="/static/readership/js/read-beacon\.js" data-read-url="'
        rf'{re.escape(beacon_url(article))}" defer></script>',
        html,
    )
    pixel = reverse("readership:pixel", kwargs={"article_id": article.pk})
    assert f'<noscript><img src="{pixel}"' in html
    assert "<script>" not in html  # nothing inline: the CSP allows only files from the site


def test_a_beacon_counts_one_read_and_sets_no_cookie(article):
    response = reader().post(beacon_url(article))
    assert response.status_code == 204
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "no-store" in response["Cache-Control"]
    assert reads_of(article) == 1


def test_readers_without_javascript_are_counted_by_the_pixel(article):
    response = reader().get(reverse("readership:pixel", kwargs={"article_id": article.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response.content.startswith(b"GIF89a")
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    assert reads_of(article) == 1


def test_no_address_and_no_user_agent_is_stored(article):
    reader(address="203.0.113.99", user_agent=PHONE).post(beacon_url(article))
    assert reads_of(article) == 1
    stored = io.StringIO()
    call_command("dumpdata", stdout=stored)
    assert "203.0.113.99" not in stored.getvalue()
    assert "iPhone" not in stored.getvalue()
    assert [field.name for field in HourlyReads._meta.get_fields()] == [
        "id", "article", "hour", "reads",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Twitterbot/1.0",
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
        "+https://openai.com/gptbot)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "HeadlessChrome/131.0.0.0 Safari/537.36",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "",
    ],
)
def test_bots_are_not_counted(article, user_agent):
    response = reader(user_agent=user_agent).post(beacon_url(article))
    assert response.status_code == 204  # the same answer: nothing to learn from it
    assert reads_of(article) == 0


@pytest.mark.parametrize(
    "header",
    [{"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"},
     {"HTTP_X_MOZ": "prefetch"}],
)  # fmt: skip
def test_prefetches_are_not_counted(article, header):
    reader().post(beacon_url(article), **header)
    assert reads_of(article) == 0


def test_only_a_post_or_the_pixel_get_counts(article):
    client = reader()
    assert client.get(beacon_url(article)).status_code == 405
    assert client.head(beacon_url(article)).status_code == 405
    pixel = reverse("readership:pixel", kwargs={"article_id": article.pk})
    assert client.head(pixel).status_code == 405
    assert client.post(pixel).status_code == 405
    assert reads_of(article) == 0


def test_junk_is_refused_cheaply(article, django_assert_max_num_queries):
    client = reader()
    scheduled = make_article(ago=-timedelta(days=1))
    draft = make_article(published=False)
    withdrawn = make_article()
    article_withdraw(article=withdrawn)
    # An empty 404, never the site's 404 page: the article lookup, and the redirect lookup
    # every 404 makes (plus the Site, once per process).
    for missing in (scheduled.pk, draft.pk, withdrawn.pk, 10**17):
        with django_assert_max_num_queries(3):
            response = client.post(f"/read/{missing}/")
        assert response.status_code == 404
        assert response.content == b""
    for junk in ("abc", "-1", "1" * 19, "1.5", "%00"):
        with django_assert_max_num_queries(2):
            response = client.post(f"/read/{junk}/")
        assert response.status_code == 404
        assert response.content == b""
    body = client.post(beacon_url(article), data=b"x" * 1000, content_type="text/plain")
    assert body.status_code == 400
    assert HourlyReads.objects.count() == 0


def test_a_flood_from_one_address_counts_only_a_few_reads_an_hour(article, settings):
    settings.READERSHIP_READS_PER_CLIENT_HOUR = 3
    flooder = reader(address="192.0.2.50")
    for _ in range(50):
        assert flooder.post(beacon_url(article)).status_code == 204
    assert reads_of(article) == 3
    other_article = make_article()
    flooder.post(beacon_url(other_article))
    reader(address="192.0.2.51").post(beacon_url(article))
    assert reads_of(article) == 4
    assert reads_of(other_article) == 1


def test_behind_a_proxy_each_reader_counts_under_their_own_address(article, settings):
    settings.READERSHIP_READS_PER_CLIENT_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        proxy = reader(address="127.0.0.1")
        proxy.post(beacon_url(article), HTTP_X_FORWARDED_FOR=address)
        proxy.post(beacon_url(article), HTTP_X_FORWARDED_FOR=f"10.9.9.9, {address}")
    assert reads_of(article) == 3


def test_reads_are_counted_when_the_page_comes_from_the_cache(
    article, settings, django_assert_num_queries
):
    settings.READER_PAGE_CACHE_SECONDS = 60
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 60
    cached_url = article.get_absolute_url()
    first = Client(HTTP_USER_AGENT=BROWSER).get(cached_url)
    with django_assert_num_queries(0):  # served whole from the cache: the view never ran
        second = Client(HTTP_USER_AGENT=BROWSER).get(cached_url)
    for number, page in enumerate([first, second, second], start=1):
        url = re.search(r'data-read-url="([^"]+)"', page.content.decode())[1]
        reader(address=f"198.51.100.{number}").post(url)
    assert reads_of(article) == 3


def test_a_staff_preview_carries_no_beacon(client, django_user_model):
    from tests.factories import make_user

    draft = make_article(published=False)
    client.force_login(make_user("editor", group="Editor"))
    html = client.get(reverse("articles:preview", kwargs={"pk": draft.pk})).content.decode()
    assert "data-read-url" not in html
