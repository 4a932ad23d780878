"""Reader flags, closed threads and per-article policy overrides."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from comments.models import ArticleCommentSettings, Comment, CommentFlag
from tests.factories import form_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def flag(comment, *, ip, reason="abuse"):
    return Client(REMOTE_ADDR=ip).post(
        reverse("comments:flag", args=[comment.pk]), {"reason": reason, "note": "nasty"}
    )


def test_flag_page_works_without_js(client):
    comment = make_comment(make_article(), text="Flag me")
    page = client.get(reverse("comments:flag", args=[comment.pk]))
    assert page.status_code == 200
    assert "Flag me" in page.content.decode()
    response = flag(comment, ip="198.51.100.1")
    assert response.status_code == 302
    assert CommentFlag.objects.get().reason == "abuse"


@override_settings(COMMENTS_FLAGS_TO_HIDE=3)
def test_flags_past_threshold_hide_pending_review():
    comment = make_comment(make_article())
    for n in range(2):
        flag(comment, ip=f"198.51.100.{n}")
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == ("approved", 2)
    again = flag(comment, ip="198.51.100.1")
    assert again.status_code == 400
    assert "already reported" in again.content.decode()
    flag(comment, ip="198.51.100.9")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "Hidden after 3 reader flags." in comment.held_reason


def test_flagging_a_hidden_comment_is_404(client):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    assert client.get(reverse("comments:flag", args=[comment.pk])).status_code == 404
    assert (
        client.post(reverse("comments:flag", args=[comment.pk]), {"reason": "spam"}).status_code
        == 404
    )


def test_flag_with_bogus_reason_is_400():
    comment = make_comment(make_article())
    assert flag(comment, ip="198.51.100.1", reason="nonsense").status_code == 400
    assert CommentFlag.objects.count() == 0


def test_closed_article_keeps_thread_visible_with_note(client):
    article = make_article(comments_open=False)
    make_comment(article, text="Said before closing")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Said before closing" in html
    assert "Commenting is closed on this article" in html
    assert 'id="comment-form"' not in html
    assert "?reply=" not in html
    response = client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert response.status_code == 403
    assert "closed" in response.content.decode()
    assert Comment.objects.count() == 1


@override_settings(COMMENTS_CLOSE_AFTER_DAYS=30)
def test_commenting_closes_automatically_after_days(client):
    old = make_article(ago=timedelta(days=31))
    fresh = make_article(ago=timedelta(days=29))
    assert "Commenting is closed" in client.get(old.get_absolute_url()).content.decode()
    html = client.get(fresh.get_absolute_url()).content.decode()
    assert 'id="comment-form"' in html
    assert "Comments close on" in html


def test_per_article_close_time_and_reply_to_closed_thread(client):
    article = make_article()
    parent = make_comment(article)
    ArticleCommentSettings.objects.create(
        article=article, closes_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.post(
        reverse("comments:post", args=[article.pk]), form_data(article, parent=parent.pk)
    )
    assert response.status_code == 403
    assert Comment.objects.count() == 1


def test_per_article_policy_overrides_site_default(client, settings):
    settings.COMMENTS_MODERATION = "pre"
    article = make_article()
    ArticleCommentSettings.objects.create(article=article, moderation="post")
    client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert Comment.objects.get().status == Comment.Status.APPROVED

    settings.COMMENTS_MODERATION = "post"
    strict = make_article()
    ArticleCommentSettings.objects.create(article=strict, moderation="pre")
    client.post(
        reverse("comments:post", args=[strict.pk]), form_data(strict, email="b@example.net")
    )
    assert Comment.objects.get(article=strict).status == Comment.Status.PENDING


@override_settings(COMMENTS_FLAGS_TO_HIDE=1)
def test_comment_a_moderator_approved_is_not_hidden_again_by_flags():
    from comments.moderation import comment_approve
    from tests.factories import make_user

    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    comment_approve(comment=comment, moderator=make_user("m", group="Moderator"))
    flag(comment, ip="198.51.100.1")
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == ("approved", 1)
