"""The comment pages are valid HTML (Nu HTML Checker) in every state a reader can meet:
a thread with replies, picks and placeholders, reply mode, a closed thread, form errors, the
report, confirmation and unsubscribe pages."""

import pytest
from django.urls import reverse

from comments.models import Comment, Commenter
from comments.tokens import confirm_token, unsubscribe_token
from tests.browser.support import describe_vnu, in_ci, save_html, standards_missing, vnu_errors
from tests.factories import form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def checker():
    missing = standards_missing()
    if missing:
        if in_ci():
            pytest.fail(missing)
        pytest.skip(missing)


def test_comment_pages_are_valid_html(client, checker):
    article = make_article()
    top = make_comment(article, text="First line\nsecond line\n\nhttps://example.org/x")
    reply = make_comment(article, parent=top, is_featured=True)
    make_comment(article, parent=reply)
    gone = make_comment(article)
    make_comment(article, parent=gone)
    Comment.objects.filter(pk=gone.pk).update(status="removed")
    closed = make_article(comments_open=False)
    make_comment(closed)
    url = article.get_absolute_url()
    pages = {
        "comments-thread": client.get(url),
        "comments-reply": client.get(f"{url}?reply={top.pk}"),
        "comments-closed": client.get(closed.get_absolute_url()),
        "comments-errors": client.post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, email="bad", text="", timestamp="forged"),
        ),
        "comments-flag": client.get(reverse("comments:flag", args=[top.pk])),
        "comments-flag-errors": client.post(reverse("comments:flag", args=[top.pk]), {}),
        "comments-confirm": client.get(
            reverse(
                "comments:confirm-email",
                args=[confirm_token(Commenter.objects.create(email="a@example.net").pk)],
            )
        ),
        "comments-unsubscribe": client.get(
            reverse("comments:unsubscribe", args=[unsubscribe_token(top.pk)])
        ),
        "comments-bad-link": client.get(reverse("comments:confirm-email", args=["x"])),
    }
    client.force_login(make_user("signed-in", staff=False))
    pages["comments-signed-in"] = client.get(url)
    saved = [save_html(name, response.content) for name, response in pages.items()]
    errors = vnu_errors(saved)
    assert not errors, f"Nu HTML Checker:\n{describe_vnu(errors)}"
