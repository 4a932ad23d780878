"""What every response promises browsers (Permissions-Policy, a working CSP in the newsroom too)
and what public URLs refuse: methods they do not serve, and bodies no reader's form sends."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.factories import form_data, make_article, make_comment, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(section=make_section(name="World"))


def public_urls(article, media_root):
    comment = make_comment(article)
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    return [
        "/",
        article.get_absolute_url(),
        reverse("articles:section", args=[article.section.slug]),
        reverse("articles:search") + "?q=talks",
        reverse("articles:feed"),
        reverse("articles:section-feed", args=[article.section.slug]),
        reverse("articles:archive-year", args=[article.publish_at.year]),
        "/sitemap.xml",
        reverse("comments:permalink", args=[comment.pk]),
        reverse("comments:flag", args=[comment.pk]),
        reverse("comments:post", args=[article.pk]),
        "/media/photo.jpg",
    ]


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_public_urls_refuse_methods_they_do_not_serve(client, article, media_root, method):
    for url in public_urls(article, media_root):
        response = client.generic(method, url)
        assert response.status_code == 405, (method, url)
        assert "TRACE" not in response.headers.get("Allow", "")


def test_every_page_refuses_browser_features_it_does_not_use(client, article):
    for url in ["/", article.get_absolute_url(), reverse("admin:login")]:
        policy = client.get(url).headers["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy
        assert "microphone=()" in policy and "payment=()" in policy


def test_the_newsroom_is_under_the_same_strict_policy_as_the_site(client):
    policy = client.get(reverse("admin:login")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_a_comment_with_a_big_file_attached_is_refused_and_nothing_is_stored(article):
    data = form_data(article, text="Look at this attachment")
    data["attachment"] = SimpleUploadedFile("big.bin", b"\0" * (20 * 1024 * 1024))
    response = Client().post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 413
    assert "too much to send" in response.content.decode()
    assert not Comment.objects.exists()


def test_an_oversized_form_body_is_refused_before_it_is_read(article):
    data = form_data(article, text="x" * 300_000)
    response = Client().post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 413
    assert not Comment.objects.exists()


def test_a_long_paste_still_gets_the_forms_own_message_with_the_text_kept(article):
    text = "Much too long. " * 1000  # 15,000 characters, over the comment limit
    response = Client().post(
        reverse("comments:post", args=[article.pk]), form_data(article, text=text)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "3000 characters" in page or "3,000 characters" in page
    assert "Much too long. Much too long." in page
