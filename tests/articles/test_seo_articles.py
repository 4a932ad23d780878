"""An article's share tags (OpenGraph, Twitter) and structured data (NewsArticle,
BreadcrumbList), read as search engines and social sites read them, and the editors'
overrides in the admin."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from articles import renditions
from articles.models import Article
from articles.seo import HEADLINE_MAX_LENGTH, cut_on_word
from tests.factories import (
    article_form,
    image_bytes,
    image_upload,
    make_article,
    make_author,
    make_section,
    make_tag,
    make_user,
)

from .page_metadata import (
    canonical,
    document,
    is_absolute,
    meta_named,
    og_value,
    open_graph,
    structured_data,
    title,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = make_section(name="Middle East", slug="middle-east")
    tags = [make_tag(name="Water", slug="water"), make_tag(name="Jordan", slug="jordan")]
    authors = [
        make_author(name="Amal Haddad", slug="amal-haddad", job_title="Water correspondent"),
        make_author(name="Tom Reyes", slug="tom-reyes"),
    ]
    article = make_article(
        headline="The river that ran dry",
        standfirst="Farmers along the valley count the cost of a third dry summer.",
        section=section,
        tags=tags,
        authors=authors,
        featured_image_alt="A cracked riverbed at dusk",
        ago=timedelta(days=1),
    )
    article.featured_image.save("river.png", ContentFile(image_bytes("PNG", size=(1600, 900))))
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def test_article_share_tags_are_complete_and_absolute(client, story):
    content = page(client, story)
    url = absolute(story.get_absolute_url())
    assert canonical(content) == url
    assert og_value(content, "og:type") == "article"
    assert og_value(content, "og:title") == "The river that ran dry"
    assert og_value(content, "og:description").startswith("Farmers along the valley")
    assert og_value(content, "og:url") == url
    assert og_value(content, "og:site_name") == settings.SITE_NAME
    assert og_value(content, "article:section") == "Middle East"
    tags = [value for key, value in open_graph(content) if key == "article:tag"]
    assert sorted(tags) == ["Jordan", "Water"]
    authors = [value for key, value in open_graph(content) if key == "article:author"]
    assert sorted(authors) == [absolute("/author/amal-haddad/"), absolute("/author/tom-reyes/")]

    published = datetime.fromisoformat(og_value(content, "article:published_time"))
    modified = datetime.fromisoformat(og_value(content, "article:modified_time"))
    assert published.tzinfo is not None
    assert published == story.first_published_at.replace(microsecond=0)
    assert modified >= published

    image_url = og_value(content, "og:image")
    # The share card is the 1200 × 630 crop around the focal point.
    assert image_url == absolute(renditions.crop_url(story, "share").url)
    assert og_value(content, "og:image:width") == "1200"
    assert og_value(content, "og:image:height") == "630"
    assert og_value(content, "og:image:type") == "image/png"
    assert og_value(content, "og:image:alt") == "A cracked riverbed at dusk"

    assert meta_named(content, "twitter:card") == ["summary_large_image"]
    assert meta_named(content, "twitter:title") == ["The river that ran dry"]
    assert meta_named(content, "twitter:image") == [image_url]
    assert meta_named(content, "twitter:image:alt") == ["A cracked riverbed at dusk"]
    for key, value in open_graph(content):
        if key in {"og:url", "og:image", "article:author"}:
            assert is_absolute(value), (key, value)


def test_news_article_has_what_google_requires(client, story):
    data = structured_data(page(client, story))
    assert set(data) == {"NewsArticle", "BreadcrumbList"}
    article = data["NewsArticle"]
    url = absolute(story.get_absolute_url())
    assert article["@context"] == "https://schema.org"
    assert article["headline"] == "The river that ran dry"
    assert article["description"].startswith("Farmers along the valley")
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["url"] == url
    published = story.first_published_at.replace(microsecond=0)
    assert datetime.fromisoformat(article["datePublished"]) == published
    assert datetime.fromisoformat(article["dateModified"]) >= published
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Amal Haddad",
            "url": absolute("/author/amal-haddad/"),
            "jobTitle": "Water correspondent",
        },
        {"@type": "Person", "name": "Tom Reyes", "url": absolute("/author/tom-reyes/")},
    ]
    # Three aspect ratios, each crop as wide as the 1600 × 900 original allows (up to 1200).
    images = article["image"]
    assert [image["@type"] for image in images] == ["ImageObject"] * 3
    assert [image["url"] for image in images] == [
        absolute(renditions.crop_url(story, kind).url) for kind in ("16x9", "4x3", "1x1")
    ]
    assert [(image["width"], image["height"]) for image in images] == [
        (1200, 675),
        (1200, 900),
        (900, 900),
    ]
    assert article["articleSection"] == "Middle East"
    assert sorted(article["keywords"]) == ["Jordan", "Water"]
    assert article["isAccessibleForFree"] is True
    assert article["inLanguage"] == "en-US"

    publisher = article["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == settings.PUBLISHER_NAME
    assert publisher["url"] == absolute("/")
    logo = publisher["logo"]
    assert logo["@type"] == "ImageObject" and is_absolute(logo["url"])
    assert logo["width"] >= 112 and logo["height"] >= 112


def test_publisher_logo_is_a_png_of_the_size_settings_say():
    logo = settings.PUBLISHER_LOGO
    with Image.open(finders.find(logo["path"])) as image:
        assert image.format == "PNG"
        assert image.size == (logo["width"], logo["height"])
    assert min(image.size) >= 112


def test_breadcrumbs_run_home_section_article(client, story):
    trail = structured_data(page(client, story))["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in trail] == [
        (1, settings.SITE_NAME, absolute("/")),
        (2, "Middle East", absolute("/section/middle-east/")),
        (3, "The river that ran dry", absolute(story.get_absolute_url())),
    ]


def test_unsigned_story_is_by_the_publisher_and_without_an_image_shows_the_logo(client):
    article = make_article(headline="Council meets", standfirst="")
    content = page(client, article)
    news = structured_data(content)["NewsArticle"]
    assert news["author"][0]["@type"] == "NewsMediaOrganization"
    assert "image" not in news
    assert news["description"] == "Council meets"
    assert og_value(content, "og:image").endswith(".png")
    assert is_absolute(og_value(content, "og:image"))
    assert og_value(content, "og:image:width") == str(settings.PUBLISHER_LOGO["width"])
    assert meta_named(content, "twitter:card") == ["summary"]


def test_long_headline_is_cut_on_a_word_in_structured_data(client):
    headline = "Negotiators " + "meet again over the disputed water rights of the valley " * 3
    article = make_article(headline=headline.strip())
    news = structured_data(page(client, article))["NewsArticle"]
    assert len(news["headline"]) <= HEADLINE_MAX_LENGTH
    assert news["headline"].endswith("…")
    assert headline.startswith(news["headline"][:-1])
    assert headline[len(news["headline"]) - 1] == " "  # the cut falls between words


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("Short", 9, "Short"),
        ("one two three", 10, "one two…"),
        ("onetwothree", 9, "onetwoth…"),
        ("one, two three", 9, "one…"),
    ],
)
def test_cut_on_word(text, limit, expected):
    assert cut_on_word(text, limit) == expected


def test_headline_with_script_and_comment_markup_stays_inert(client):
    headline = 'Leak </script><script src="/x.js"></script> <!-- says "a&b"'
    article = make_article(headline=headline, standfirst="</script><!--")
    content = page(client, article)
    scripts = document(content).xpath("//script")
    # Only the page's own: two JSON-LD items and the comment form's script file.
    assert [script.get("type") for script in scripts if not script.get("src")] == [
        "application/ld+json",
        "application/ld+json",
    ]
    assert "/x.js" not in [script.get("src") for script in scripts]
    data = structured_data(content)
    assert data["NewsArticle"]["headline"] == headline
    assert data["NewsArticle"]["description"] == "</script><!--"
    json_text = scripts[0].text
    assert "<" not in json_text and ">" not in json_text and "&" not in json_text
    assert "\\u003C/script\\u003E" in json_text
    # And in the title and share tags it is text, escaped.
    assert title(content) == f"{headline} · {settings.SITE_NAME}"
    assert og_value(content, "og:title") == headline


def test_preview_is_noindex_without_canonical_but_keeps_its_share_tags(client):
    client.force_login(make_user("eddie", group="Editor"))
    draft = make_article(headline="Secret draft", published=False)
    content = client.get(reverse("articles:preview", kwargs={"pk": draft.pk})).content.decode()
    assert meta_named(content, "robots") == ["noindex"]
    assert canonical(content) is None
    assert og_value(content, "og:title") == "Secret draft"
    assert "datePublished" not in structured_data(content)["NewsArticle"]


def test_article_page_queries_do_not_grow_with_tags_and_authors(client):
    counts = []
    for size in (1, 6):
        article = make_article(
            authors=[make_author() for _ in range(size)], tags=[make_tag() for _ in range(size)]
        )
        article.featured_image.save("pic.png", ContentFile(image_bytes("PNG")), save=True)
        before = len(structured_data(page(client, article))["NewsArticle"]["keywords"])
        assert before == size
        with CaptureQueriesContext(connection) as queries:
            page(client, article)
        counts.append(len(queries))
    assert counts[0] == counts[1]


class TestEditorOverrides:
    @pytest.fixture
    def editor_client(self, client):
        client.force_login(make_user("eddie", group="Editor"))
        return client

    def post(self, client, **fields):
        data = article_form(make_section(), status="published", **fields)
        response = client.post(reverse("admin:articles_article_add"), data)
        return response

    def test_overrides_replace_title_description_and_image(self, editor_client, client):
        response = self.post(
            editor_client,
            seo_title="River dries up: what farmers lose",
            meta_description="A third dry summer in a row costs the valley its harvest.",
            share_image=image_upload("JPEG", size=(1200, 630)),
            share_image_alt="Farmers by an empty canal",
            featured_image=image_upload("PNG", size=(800, 600)),
            featured_image_alt="A dry riverbed",
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get()
        assert article.share_image.name.startswith("share/")
        assert (article.share_image_width, article.share_image_height) == (1200, 630)

        client.logout()
        content = page(client, article)
        assert title(content) == f"River dries up: what farmers lose · {settings.SITE_NAME}"
        assert meta_named(content, "description") == [
            "A third dry summer in a row costs the valley its harvest."
        ]
        assert og_value(content, "og:title") == "River dries up: what farmers lose"
        assert og_value(content, "og:image") == absolute(article.share_image.url)
        assert og_value(content, "og:image:width") == "1200"
        assert og_value(content, "og:image:type") == "image/jpeg"
        assert og_value(content, "og:image:alt") == "Farmers by an empty canal"
        # Search results keep the article's real headline and its featured image.
        news = structured_data(content)["NewsArticle"]
        assert news["headline"] == "Dam talks stall"
        assert news["image"][0]["url"] == absolute(renditions.crop_url(article, "16x9").url)
        assert news["description"] == "A third dry summer in a row costs the valley its harvest."
        assert document(content).findtext(".//h1") == "Dam talks stall"

    def test_share_image_needs_alt_text_and_is_checked_like_any_upload(self, editor_client):
        response = self.post(editor_client, share_image=image_upload("PNG"))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "share_image_alt" in errors
        response = self.post(
            editor_client,
            share_image=image_upload("PNG", content=b"not an image"),
            share_image_alt="Something",
        )
        assert "share_image" in response.context["adminform"].form.errors
        assert not Article.objects.exists()

    def test_fieldset_is_collapsed_with_length_hints(self, editor_client):
        content = editor_client.get(reverse("admin:articles_article_add")).content.decode()
        assert "Search and sharing" in content
        assert "About 60" in content and "About 160" in content
        fieldset = content.split("Search and sharing")[0].rsplit("<fieldset", 1)[1]
        assert "collapse" in fieldset
