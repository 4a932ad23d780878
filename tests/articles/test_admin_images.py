"""Featured images and author photos uploaded through the admin pass the same checks."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from articles.models import Article, Author
from tests.factories import (
    article_form,
    image_bytes,
    image_upload,
    make_section,
    make_user,
    png_claiming_size,
    stored_files,
)

ADD = reverse("admin:articles_article_add")

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eddie", group="Editor"))
    return client


def gps_jpeg():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    return image_bytes("JPEG", size=(80, 40), exif=exif)


def test_featured_image_is_cleaned_stored_and_shown(editor_client, media_root):
    data = article_form(
        make_section(),
        status="published",
        featured_image=image_upload("JPEG", name="IMG_0001.jpg", content=gps_jpeg()),
        featured_image_alt="Protesters outside parliament",
        featured_image_credit="Lina Odeh",
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 302

    article = Article.objects.get(slug="dam-talks-stall")
    (stored,) = [path for path in stored_files(media_root) if "renditions" not in path.parts]
    relative = stored.relative_to(media_root).as_posix()
    assert article.featured_image.name == relative
    assert re.fullmatch(rf"featured/{timezone.localdate():%Y/%m}/[0-9a-f]{{32}}\.jpg", relative)
    image = Image.open(stored)
    assert image.size == (40, 80)
    assert dict(image.getexif()) == {}

    content = editor_client.get(article.get_absolute_url()).content.decode()
    (rendition,) = article.featured_image_renditions["sets"]["full"]
    assert f'src="/media/{rendition["fallback"]}"' in content
    assert 'alt="Protesters outside parliament" width="40" height="80"' in content
    assert "Photo: Lina Odeh" in content


@pytest.mark.parametrize(
    "upload",
    [
        image_upload("PNG", name="logo.png", content=b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        image_upload("JPEG", name="notes.jpg", content=b"just some text " * 10),
        image_upload("JPEG", content=image_bytes("JPEG", size=(300, 200))[:500]),
        image_upload("PNG", content=png_claiming_size(90_000, 90_000)),
    ],
    ids=["svg", "text", "truncated", "bomb"],
)
def test_bad_featured_image_is_a_form_error_and_nothing_is_kept(editor_client, media_root, upload):
    data = article_form(make_section(), featured_image=upload, featured_image_alt="Alt text")
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "featured_image" in errors
    assert "Please correct the error below." in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_featured_image_limits_apply_in_the_admin(editor_client, media_root, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000
    data = article_form(
        make_section(), featured_image=image_upload("PNG", size=(50, 50)), featured_image_alt="A"
    )
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert "50 × 50 pixels" in " ".join(response.context["adminform"].form.errors["featured_image"])
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_featured_image_needs_alt_text(editor_client, media_root):
    data = article_form(make_section(), featured_image=image_upload("PNG"))
    response = editor_client.post(ADD, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["featured_image_alt"] == [
        "Describe the image for readers who cannot see it."
    ]
    assert not Article.objects.exists()
    assert stored_files(media_root) == []


def test_author_photo_is_checked_too(editor_client, media_root):
    url = reverse("admin:articles_author_add")
    bad = {"name": "Lina Odeh", "slug": "lina", "photo": image_upload("PNG", content=b"nope")}
    assert editor_client.post(url, bad).status_code == 200
    assert not Author.objects.exists()
    assert stored_files(media_root) == []

    good = {"name": "Lina Odeh", "slug": "lina", "photo": image_upload("JPEG", content=gps_jpeg())}
    assert editor_client.post(url, good).status_code == 302
    (stored,) = [path for path in stored_files(media_root) if "renditions" not in path.parts]
    assert stored.relative_to(media_root).as_posix().startswith("authors/")
    assert dict(Image.open(stored).getexif()) == {}


def test_editing_an_article_keeps_its_image_and_stores_nothing_new(editor_client, media_root):
    data = article_form(
        make_section(), featured_image=image_upload("PNG"), featured_image_alt="A dry riverbed"
    )
    editor_client.post(ADD, data)
    article = Article.objects.get()
    files_before = stored_files(media_root)

    change = reverse("admin:articles_article_change", args=[article.pk])
    data = article_form(
        article.section,
        headline="New headline",
        featured_image_alt="A river",
        based_on_version=article.edit_version,
    )
    assert editor_client.post(change, data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "New headline"
    assert article.featured_image.name == files_before[0].relative_to(media_root).as_posix()
    assert stored_files(media_root) == files_before
