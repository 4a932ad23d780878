"""Bad input gets a clear error or a 4xx, never a 500, and nothing wrong is stored."""

import pytest
from django.test import override_settings
from django.urls import reverse

from comments.models import Comment, Commenter
from tests.factories import form_data, make_article, make_comment, post_comment

pytestmark = pytest.mark.django_db


def post(client, article, *, article_id=None, **fields):
    url = reverse("comments:post", args=[article_id or article.pk])
    return client.post(url, form_data(article, **fields))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"text": ""}, "This field is required."),
        ({"text": "   \n\t  "}, "Write a comment before posting."),
        ({"text": "x" * 3001}, "at most 3,000 characters long; this one is 3,001"),
        ({"text": "nul \x00 byte"}, "Null characters are not allowed."),
        ({"text": "bell \x07 and escape \x1b[31m"}, "control characters"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"email": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"name": "n" * 81}, "at most 80 characters"),
        ({"parent": "abc"}, "not available"),
        ({"parent": "999999"}, "not available"),
    ],
)
def test_bad_fields_are_refused_with_named_error(client, fields, message):
    article = make_article()
    response = post(client, article, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Comment.objects.count() == 0
    assert Commenter.objects.count() == 0


def test_huge_body_is_refused(client, settings):
    article = make_article()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, article, text="x" * 20_000)
    assert response.status_code == 400
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("kind", ["other article", "pending", "removed"])
def test_parent_from_another_article_or_not_approved(client, kind):
    article = make_article()
    if kind == "other article":
        parent = make_comment(make_article())
    else:
        parent = make_comment(article, status=kind)
    response = post(client, article, parent=parent.pk)
    assert response.status_code == 400
    assert "not available" in response.content.decode()
    assert Comment.objects.count() == 1


def test_forged_or_unpublished_article_id_is_404(client):
    article = make_article()
    draft = make_article(published=False)
    assert post(client, article, article_id=999999).status_code == 404
    assert post(client, draft, article_id=draft.pk).status_code == 404
    assert client.get(reverse("comments:post", args=[article.pk])).status_code == 405
    assert Comment.objects.count() == 0


def test_html_is_escaped_and_links_get_rel(client):
    from comments.text import render_comment_text

    html = render_comment_text(
        "<script>alert(1)</script>\n\nSecond para\nnew line https://example.org/a_(b). "
        'And "www.example.com"'
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Second para<br>\nnew line " in html
    assert (
        '<a href="https://example.org/a_(b)" rel="nofollow ugc noopener">https://example.org/a_(b)</a>.'
        in html
    )
    assert '<a href="http://www.example.com" rel="nofollow ugc noopener">' in html
    assert render_comment_text('https://x.example/"onmouseover=alert(1)').count('"') == 4


@override_settings(COMMENTS_MODERATION="post")
def test_script_in_comment_is_escaped_on_the_page(client):
    article = make_article()
    post(client, article, text="<img src=x onerror=alert(1)>", name="<b>Bold</b>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_bad_reply_query_parameter_is_ignored(client):
    article = make_article()
    for value in ["abc", "-1", "999999", "1e9"]:
        response = client.get(f"{article.get_absolute_url()}?reply={value}&csort=x&cpage=-3")
        assert response.status_code == 200


def test_text_and_name_are_checked_once_by_the_form_and_the_service_guards_the_rest():
    from django.core.exceptions import ValidationError

    from comments.services import Submission, comment_create

    article = make_article()
    with pytest.raises(ValidationError) as error:
        post_comment(article, text=" \n ", name="\u200b")
    assert set(error.value.error_dict) == {"text", "name"}
    # A caller that skips the form still cannot store an invalid address (model validation).
    with pytest.raises(ValidationError) as error:
        comment_create(article=article, submission=Submission(text="Fine", name="N", email="nope"))
    assert "email" in error.value.message_dict
    assert Comment.objects.count() == 0
