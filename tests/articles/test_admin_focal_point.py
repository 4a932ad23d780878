"""Editors set a featured image's focal point in the admin; crops follow it."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from articles import renditions
from articles.models import Article
from tests.factories import (
    article_form,
    image_bytes,
    image_upload,
    make_article,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("eddie", group="Editor"))
    return client


def test_focal_point_fields_are_number_inputs_with_a_picker(editor_client):
    article = make_article()
    article.featured_image.save("a.jpg", ContentFile(image_bytes("JPEG", size=(800, 450))))
    content = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    for axis in ("x", "y"):
        (tag,) = re.findall(rf'<input [^>]*name="featured_image_focus_{axis}"[^>]*>', content)
        for attribute in ('type="number"', 'value="50"', 'min="0"', 'max="100"'):
            assert attribute in tag, tag
    assert '<div class="focal-point" data-focus-x="id_featured_image_focus_x"' in content
    assert "articles/js/focal-point.js" in content


def test_saving_a_focal_point_recuts_the_crops(editor_client):
    data = article_form(
        make_section(),
        featured_image=image_upload("JPEG", size=(1600, 900)),
        featured_image_alt="A square",
        featured_image_focus_x="90",
        featured_image_focus_y="20",
    )
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert (article.featured_image_focus_x, article.featured_image_focus_y) == (90, 20)
    assert "/1x1-90-20.jpg" in renditions.crop_url(article, "1x1").url


@pytest.mark.parametrize("value", ["101", "-1", "half"])
def test_a_focal_point_outside_the_picture_is_a_form_error(editor_client, value):
    data = article_form(make_section(), featured_image_focus_x=value)
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "featured_image_focus_x" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_empty_focal_point_means_the_middle(editor_client):
    data = article_form(make_section(), featured_image_focus_x="", featured_image_focus_y="")
    assert editor_client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert (article.featured_image_focus_x, article.featured_image_focus_y) == (50, 50)


def test_bulk_delete_removes_renditions(editor_client, django_capture_on_commit_callbacks):
    editor_client.force_login(make_user("boss", superuser=True))
    articles = [make_article() for _ in range(2)]
    names = set()
    for article in articles:
        article.featured_image.save("a.png", ContentFile(image_bytes("PNG", size=(300, 200))))
        names |= renditions.names_in(article.featured_image_renditions)
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "delete_selected", "_selected_action": [a.pk for a in articles],
             "post": "yes"},
        )  # fmt: skip
    assert response.status_code == 302
    assert not Article.objects.exists()
    assert not any(default_storage.exists(name) for name in names)
