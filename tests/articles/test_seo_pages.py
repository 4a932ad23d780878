"""Every public page's title, description, canonical address and robots rules, the site's and
authors' structured data, and authors' profile links."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.views import ArticleListMixin
from tests.factories import (
    archive_urls,
    image_bytes,
    make_announcement,
    make_article,
    make_author,
    make_section,
    make_tag,
)

from .page_metadata import (
    canonical,
    is_absolute,
    meta_named,
    og_value,
    structured_data,
    title,
)

pytestmark = pytest.mark.django_db

INDEXABLE = "index, follow, max-image-preview:large"


@pytest.fixture
def site():
    """Two pages of everything: one article a page."""
    section = make_section(name="World", slug="world", description="News from abroad.")
    tag = make_tag(name="Elections", slug="elections")
    author = make_author(
        name="Ana Lima", slug="ana-lima", job_title="Reporter", bio="Ana covers votes."
    )
    noon = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=1)
    articles = [
        make_article(
            headline=f"Count {n} is in",
            section=section,
            tags=[tag],
            authors=[author],
            ago=timezone.now() - (noon - timedelta(minutes=n)),
        )
        for n in range(3)
    ]
    return {"section": section, "tag": tag, "author": author, "articles": articles}


def public_pages(site):
    day = site["articles"][0].publication_date
    year, month, archive_day = archive_urls(day)
    return {
        "home": "/",
        "home page 2": "/?page=2",
        "section": "/section/world/",
        "section page 2": "/section/world/?page=2",
        "tag": "/tag/elections/",
        "author": "/author/ana-lima/",
        "archive year": year,
        "archive month": month,
        "archive day": archive_day,
        "search": "/search/?q=count",
        "search page 2": "/search/?q=count&page=2",
        "article": site["articles"][0].get_absolute_url(),
        "other article": site["articles"][1].get_absolute_url(),
    }


@pytest.fixture
def one_a_page(monkeypatch):
    monkeypatch.setattr(ArticleListMixin, "paginate_by", 1)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_every_page_has_its_own_title_and_description(client, site, one_a_page):
    pages = {name: get(client, url) for name, url in public_pages(site).items()}
    titles = {name: title(content) for name, content in pages.items()}
    descriptions = {name: meta_named(content, "description") for name, content in pages.items()}
    assert all(len(found) == 1 and found[0].strip() for found in descriptions.values())
    assert len(set(titles.values())) == len(titles), titles
    assert len({found[0] for found in descriptions.values()}) == len(descriptions), descriptions
    assert titles["section page 2"] == f"World, page 2 · {settings.SITE_NAME}"
    assert descriptions["section page 2"] == ["News from abroad. (page 2)"]
    assert descriptions["author"] == ["Ana covers votes."]


def test_canonical_is_absolute_and_each_page_of_a_list_is_its_own(client, site, one_a_page):
    base = settings.SITE_URL
    assert canonical(get(client, "/")) == f"{base}/"
    assert canonical(get(client, "/?page=2")) == f"{base}/?page=2"
    # The lead story tops page 1, the other two follow one a page.
    assert canonical(get(client, "/?page=last")) == f"{base}/?page=2"
    assert canonical(get(client, "/section/world/?page=1")) == f"{base}/section/world/"
    # Tracking and other parameters are not part of the address.
    assert canonical(get(client, "/tag/elections/?utm_source=x&page=2")) == (
        f"{base}/tag/elections/?page=2"
    )
    assert canonical(get(client, "/search/?q=count&page=2&x=1")) == (
        f"{base}/search/?q=count&page=2"
    )
    article = site["articles"][0]
    assert canonical(get(client, f"{article.get_absolute_url()}?cpage=2")) == (
        f"{base}{article.get_absolute_url()}"
    )
    for url in public_pages(site).values():
        content = get(client, url)
        assert og_value(content, "og:url").startswith(base)
        assert is_absolute(canonical(content))


def test_robots_let_pages_be_indexed_with_large_images_but_not_search(client, site, one_a_page):
    for name, url in public_pages(site).items():
        robots = meta_named(get(client, url), "robots")
        assert robots == (["noindex, follow"] if name.startswith("search") else [INDEXABLE]), name
    assert meta_named(get(client, "/search/"), "robots") == ["noindex, follow"]
    not_found = get(client, "/no-such-page/", status=404)
    assert meta_named(not_found, "robots") == ["noindex"]
    assert canonical(not_found) is None


def test_home_page_describes_the_site_and_its_search(client, site):
    website = structured_data(get(client, "/"))["WebSite"]
    assert website["name"] == settings.SITE_NAME
    assert website["url"] == f"{settings.SITE_URL}/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        f"{settings.SITE_URL}/search/?q={{search_term_string}}"
    )
    assert action["query-input"] == "required name=search_term_string"
    assert website["publisher"]["@type"] == "NewsMediaOrganization"
    # The search the action names finds articles.
    search = action["target"]["urlTemplate"].removeprefix(settings.SITE_URL)
    assert "Count 0 is in" in get(client, search.replace("{search_term_string}", "count"))


def test_author_page_describes_the_person_and_their_profiles(client):
    author = make_author(
        name="Ana Lima",
        slug="ana-lima",
        job_title="Elections reporter",
        bio="Ana covers votes and counts.",
        website="https://analima.example",
        mastodon="https://mastodon.example/@ana",
        other_profiles="https://bsky.app/profile/ana.example\n\n https://www.linkedin.com/in/ana\n",
    )
    author.photo.save("ana.png", ContentFile(image_bytes("PNG")), save=True)
    content = get(client, author.get_absolute_url())
    person = structured_data(content)["Person"]
    assert person["name"] == "Ana Lima"
    assert person["jobTitle"] == "Elections reporter"
    assert person["url"] == f"{settings.SITE_URL}/author/ana-lima/"
    assert person["image"] == f"{settings.SITE_URL}{author.photo.url}"
    assert person["description"] == "Ana covers votes and counts."
    assert person["sameAs"] == [
        "https://analima.example",
        "https://mastodon.example/@ana",
        "https://bsky.app/profile/ana.example",
        "https://www.linkedin.com/in/ana",
    ]
    assert person["worksFor"]["name"] == settings.PUBLISHER_NAME
    # Readers see the same links.
    assert (
        '<a href="https://bsky.app/profile/ana.example" rel="me noopener">bsky.app</a>' in content
    )
    assert 'rel="me noopener">linkedin.com</a>' in content
    assert og_value(content, "og:title") == "Ana Lima"


@pytest.mark.parametrize(
    "other_profiles",
    [
        "javascript:alert(1)",
        "not a url",
        "ftp://files.example/ana",
        "\n".join(f"https://site{n}.example/ana" for n in range(11)),
        "https://example.org/" + "a" * 300,
    ],
)
def test_other_profiles_must_be_a_few_web_addresses(other_profiles):
    author = make_author()
    author.other_profiles = other_profiles
    with pytest.raises(ValidationError) as error:
        author.full_clean()
    assert "other_profiles" in error.value.message_dict


def test_author_admin_refuses_a_bad_profile_address(admin_client):
    author = make_author(name="Ana Lima", slug="ana-lima")
    response = admin_client.post(
        reverse("admin:articles_author_change", args=[author.pk]),
        {"name": "Ana Lima", "slug": "ana-lima", "other_profiles": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "is not a web address" in response.content.decode()
    author.refresh_from_db()
    assert author.other_profiles == ""


def test_metadata_costs_no_queries(client, django_assert_num_queries):
    """The counts these pages had before they carried share tags and structured data (plus
    the most-read lists, whose cache tests turn off)."""
    make_announcement()
    author = make_author(bio="Covers the courts.", other_profiles="https://bsky.app/profile/a")
    article = make_article(authors=[author, make_author()], tags=[make_tag(), make_tag()])
    article.featured_image.save("pic.png", ContentFile(image_bytes("PNG")), save=True)
    make_article(authors=[author])
    for url, queries in [
        # main's 9, its notes, the two most-read lists, the newsletter form's lists
        (article.get_absolute_url(), 13),
        ("/", 13),  # main's 10, the two most-read lists, the newsletter form's lists
        (author.get_absolute_url(), 6),
    ]:
        with django_assert_num_queries(queries):
            content = get(client, url)
        assert structured_data(content)
