"""Old addresses keep working: a published article's old address redirects for good when its
slug or date changes, editors add their own 301 or 302 redirects, and only a 404 looks."""

from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import SiteRedirect
from articles.services import article_publish, article_save, article_withdraw, redirect_create
from newsapp.apps import site_follows_site_url
from tests.factories import article_form, make_article, make_section, make_user

pytestmark = pytest.mark.django_db

REDIRECT_ADD = reverse("admin:articles_siteredirect_add")


def redirects():
    return dict(Redirect.objects.values_list("old_path", "new_path"))


def lands_on(url):
    """The status of `url` and where it sends a reader."""
    response = Client().get(url)
    return response.status_code, response.get("Location")


def rename(article, slug):
    article.slug = slug
    return article_save(article=article)


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eddie", group="Editor"))
    return client


def test_a_new_slug_in_the_admin_keeps_the_old_address_alive(editor_client):
    article = make_article(headline="Dam talks stall", slug="dam-talks-stall")
    old_url = article.get_absolute_url()
    data = article_form(
        article.section,
        slug="dam-talks-collapse",
        status="published",
        based_on_version=article.edit_version,
    )
    response = editor_client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {**data, "publish_at_0": f"{article.publish_at:%Y-%m-%d}",
         "publish_at_1": f"{article.publish_at:%H:%M:%S}"},
    )  # fmt: skip
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "dam-talks-collapse"
    assert lands_on(old_url) == (301, article.get_absolute_url())
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_a_new_date_redirects_the_old_address():
    article = make_article()
    old_url = article.get_absolute_url()
    article.publication_date = date(2020, 2, 29)
    article_save(article=article)
    assert lands_on(old_url) == (301, "/2020/02/29/" + article.slug + "/")


def test_chains_stay_one_hop_and_going_back_makes_no_loop():
    article = make_article(slug="a")
    day = article.get_absolute_url().removesuffix("a/")
    rename(article, "b")
    assert redirects() == {f"{day}a/": f"{day}b/"}
    rename(article, "c")
    assert redirects() == {f"{day}a/": f"{day}c/", f"{day}b/": f"{day}c/"}
    assert lands_on(f"{day}a/") == (301, f"{day}c/")

    rename(article, "a")
    assert redirects() == {f"{day}b/": f"{day}a/", f"{day}c/": f"{day}a/"}
    assert lands_on(f"{day}a/") == (200, None)
    assert lands_on(f"{day}b/") == (301, f"{day}a/")
    assert lands_on(f"{day}c/") == (301, f"{day}a/")


def test_addresses_readers_never_saw_get_no_redirect():
    draft = make_article(published=False)
    rename(draft, "draft-renamed")
    scheduled = make_article(ago=-timedelta(days=2))
    rename(scheduled, "scheduled-renamed")
    live = make_article()
    live.headline = "A new headline, same address"
    article_save(article=live)
    assert Redirect.objects.count() == 0


def test_withdrawn_articles_keep_their_redirect_and_it_leads_on_once_republished():
    article = make_article(slug="first-name")
    old_url = article.get_absolute_url()
    rename(article, "second-name")
    article_withdraw(article=article)
    assert lands_on(old_url) == (301, article.get_absolute_url())
    assert lands_on(article.get_absolute_url())[0] == 404
    article_publish(article=article)
    assert lands_on(old_url) == (301, article.get_absolute_url())
    assert lands_on(article.get_absolute_url())[0] == 200


def test_the_importer_adds_old_addresses():
    article = make_article()
    redirect_create(old_path="/archives/123?amp=1", new_path=article.get_absolute_url())
    redirect_create(old_path="/2014/03/old-wordpress-post/", new_path=article.get_absolute_url())
    assert lands_on("/archives/123?amp=1") == (301, article.get_absolute_url())
    assert lands_on("/2014/03/old-wordpress-post/") == (301, article.get_absolute_url())
    assert lands_on("/2014/03/old-wordpress-post") == (301, article.get_absolute_url())


def test_redirect_create_follows_an_onward_redirect_and_refuses_loops():
    redirect_create(old_path="/b/", new_path="/c/")
    redirect_create(old_path="/a/", new_path="/b/")
    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}
    with pytest.raises(ValidationError):
        redirect_create(old_path="/c/", new_path="/a/")
    with pytest.raises(ValidationError):
        redirect_create(old_path="/same/", new_path="/same/")
    with pytest.raises(ValidationError):
        redirect_create(old_path="no-slash", new_path="/c/")
    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}


def test_editors_add_permanent_temporary_and_gone_redirects(editor_client):
    section = make_section(slug="elections")
    for old_path, new_path, permanent in [
        ("/vote/", "/section/elections/", ""),
        ("/live/", "/section/elections/", "on"),
        ("/old-campaign/", "", "on"),
    ]:
        response = editor_client.post(
            REDIRECT_ADD, {"old_path": old_path, "new_path": new_path, "permanent": permanent}
        )
        assert response.status_code == 302, response.content.decode()
    assert lands_on("/vote/") == (302, section.get_absolute_url())
    assert lands_on("/live/") == (301, section.get_absolute_url())
    assert lands_on("/old-campaign/")[0] == 410
    assert SiteRedirect.objects.get(old_path="/vote/").site == Site.objects.get_current()
    changelist = editor_client.get(reverse("admin:articles_siteredirect_changelist"))
    content = changelist.content.decode()
    assert "302 temporary" in content and "301 permanent" in content and "410 gone" in content


def test_the_admin_shortens_chains_it_makes(editor_client):
    redirect_create(old_path="/a/", new_path="/b/")
    editor_client.post(REDIRECT_ADD, {"old_path": "/b/", "new_path": "/c/", "permanent": "on"})
    assert redirects() == {"/a/": "/c/", "/b/": "/c/"}


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("old-page/", "/new/", "Start with “/”"),
        ("/old/", "javascript:alert(1)", "Start with “/” for this site"),
        ("/loop/", "/loop/", "cannot redirect to itself"),
        ("/taken/", "/elsewhere/", "already redirects"),
        ("/c/", "/taken/", "that would be a loop"),
    ],
)
def test_the_admin_refuses_bad_redirects_with_a_message(editor_client, old_path, new_path, message):
    redirect_create(old_path="/taken/", new_path="/c/")
    response = editor_client.post(
        REDIRECT_ADD, {"old_path": old_path, "new_path": new_path, "permanent": "on"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert redirects() == {"/taken/": "/c/"}


@pytest.mark.parametrize(
    "path", ["/no/such/page/", "/2026/01/01/never-published/", "/x%00y/", "/" + "a" * 300 + "/"]
)
def test_unknown_addresses_are_still_404(path):
    redirect_create(old_path="/somewhere/", new_path="/")
    assert Client().get(path).status_code == 404


def test_found_pages_never_look_up_redirects(settings):
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 0  # both rounds compute the lists
    article = make_article()
    redirect_create(old_path="/somewhere/", new_path="/")
    pages = ["/", article.get_absolute_url(), article.section.get_absolute_url(), "/feed/"]

    def queries(page):
        Site.objects.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(page).status_code == 200
        return [query["sql"] for query in captured.captured_queries]

    with_redirects = {page: queries(page) for page in pages}
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("FallbackMiddleware")]
    without = {page: queries(page) for page in pages}
    assert {p: len(q) for p, q in with_redirects.items()} == {p: len(q) for p, q in without.items()}
    assert not any("django_redirect" in sql for sqls in with_redirects.values() for sql in sqls)


def test_the_site_follows_site_url(settings):
    settings.SITE_URL = "https://news.example.org"
    settings.SITE_NAME = "The Example Dispatch"
    site_follows_site_url(using="default", apps=django_apps)
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("news.example.org", "The Example Dispatch")
