"""Pages show featured images, author photos and body images as responsive renditions,
from what the rows already hold: no storage call, no extra query, no 500 for a lost file."""

import re
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.factories import image_bytes, make_article, make_author, make_section

pytestmark = pytest.mark.django_db


def with_image(article, size=(2400, 1350)):
    picture = ContentFile(image_bytes("JPEG", size=size))
    article.featured_image.save(f"{article.slug}.jpg", picture, save=False)
    article.featured_image_alt = f"The picture of {article.headline}"
    article.save()
    return article


def tags(content, name):
    return re.findall(rf"<{name}\b[^>]*>", content)


def img_for(content, alt):
    (tag,) = [tag for tag in tags(content, "img") if f'alt="{alt}"' in tag]
    return tag


def no_storage_calls():
    """Every storage call that reads, lists or writes fails the test."""
    refuse = mock.Mock(side_effect=AssertionError("a page touched storage"))
    return mock.patch.multiple(
        FileSystemStorage, open=refuse, exists=refuse, size=refuse, listdir=refuse,
        save=refuse, delete=refuse, path=refuse,
    )  # fmt: skip


def test_article_page_hero_is_a_picture_fetched_first(client):
    article = with_image(make_article(headline="Floods"))
    with no_storage_calls():
        content = client.get(article.get_absolute_url()).content.decode()

    hero = img_for(content, "The picture of Floods")
    stem = "/media/renditions/" + article.featured_image.name.removesuffix(".jpg")
    assert f'src="{stem}/1600w.jpg"' in hero
    assert f'srcset="{stem}/480w.jpg 480w, {stem}/960w.jpg 960w, {stem}/1600w.jpg 1600w"' in hero
    assert 'sizes="(min-width: 50rem) 48rem, 100vw"' in hero
    assert 'width="1600" height="900"' in hero
    assert 'fetchpriority="high"' in hero and "loading=" not in hero
    assert (
        f'<picture><source type="image/webp" srcset="{stem}/480w.webp 480w, {stem}/960w.webp '
        f'960w, {stem}/1600w.webp 1600w" sizes="(min-width: 50rem) 48rem, 100vw">{hero}'
        "</picture>" in content
    )


def test_home_lead_is_eager_and_other_cards_are_lazy_16x9_crops(client):
    section = make_section()
    lead = with_image(make_article(headline="Lead", section=section, is_lead=True))
    other = with_image(make_article(headline="Other", section=section), size=(1000, 1000))
    with no_storage_calls():
        content = client.get(reverse("articles:home")).content.decode()

    (lead_tag,) = [tag for tag in tags(content, "img") if lead.featured_image.name[:-4] in tag]
    (other_tag,) = [tag for tag in tags(content, "img") if other.featured_image.name[:-4] in tag]
    assert "/card-50-50-" in other_tag
    assert 'fetchpriority="high"' in lead_tag and "loading=" not in lead_tag
    assert 'loading="lazy"' in other_tag and 'decoding="async"' in other_tag
    assert "fetchpriority" not in other_tag
    # A square original is cut to 16:9 for its card.
    assert 'width="1000" height="562"' in other_tag
    assert content.count('fetchpriority="high"') == 1


def test_author_photo_uses_its_renditions(client):
    author = make_author(name="Lina Odeh")
    author.photo.save("lina.png", ContentFile(image_bytes("PNG", size=(400, 400))), save=True)
    make_article(authors=[author])
    with no_storage_calls():
        content = client.get(author.get_absolute_url()).content.decode()
    (photo,) = [tag for tag in tags(content, "img") if "author-photo" in tag]
    assert "120w.png 120w, " in photo and "400w.png 400w" in photo
    assert 'sizes="120px"' in photo and 'width="400" height="400"' in photo


def test_an_image_without_renditions_is_shown_as_it_is(client):
    article = with_image(make_article(headline="Old"))
    Article.objects.filter(pk=article.pk).update(featured_image_renditions={})
    content = client.get(article.get_absolute_url()).content.decode()
    hero = img_for(content, "The picture of Old")
    assert f'src="{article.featured_image.url}"' in hero and "srcset" not in hero


def test_a_lost_original_file_does_not_break_pages(client, media_root):
    article = make_article(headline="Lost")
    article.featured_image.name = "featured/2020/01/lost.jpg"
    article.featured_image_alt = "Lost picture"
    article.save()
    author = make_author()
    author.photo.name = "authors/2020/01/lost.jpg"
    author.save()
    article.authors.set([author])
    for url in (article.get_absolute_url(), reverse("articles:home"), author.get_absolute_url()):
        assert client.get(url).status_code == 200, url
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'src="/media/featured/2020/01/lost.jpg" alt="Lost picture"' in content


def count_queries(client, urls):
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[url] = len(queries)
    return counts


def test_images_add_no_queries(client):
    section = make_section()
    author = make_author()
    articles = [make_article(section=section, authors=[author]) for _ in range(4)]
    urls = [
        reverse("articles:home"),
        articles[0].get_absolute_url(),
        section.get_absolute_url(),
        author.get_absolute_url(),
    ]
    without = count_queries(client, urls)
    for article in articles:
        with_image(article, size=(800, 450))
    author.photo.save("me.jpg", ContentFile(image_bytes("JPEG", size=(300, 300))), save=True)
    with no_storage_calls():
        assert count_queries(client, urls) == without


def test_article_page_query_count_is_fixed_with_images(client, django_assert_num_queries):
    article = with_image(make_article())
    with_image(make_article(section=article.section))
    url = article.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    with django_assert_num_queries(len(baseline)):
        client.get(url)
