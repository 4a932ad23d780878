"""Deleting comments in the admin (for what must not be kept): the thread that stays keeps its
reply counts right, and commenters' histories follow."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from comments.models import Comment, Commenter
from comments.moderation import commenter_refresh_history
from comments.threads import thread_page
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("chief", superuser=True))
    return client


@pytest.fixture
def thread():
    """A top-level comment with two replies, the first of which has a reply of its own."""
    article = make_article()
    top = make_comment(article, text="The top comment.")
    first = make_comment(article, parent=top, text="First reply.", email="first@example.net")
    below_first = make_comment(article, parent=first, text="Reply to the first reply.")
    second = make_comment(article, parent=top, text="Second reply.")
    for comment in (top, first, below_first, second):
        commenter_refresh_history(email=comment.email)
    return article, top, first, below_first, second


def nested_count(comment):
    return Comment.objects.get(pk=comment.pk).nested_count


def shown_texts(article):
    _, roots = thread_page(article)
    texts, pending = [], list(roots)
    while pending:
        node = pending.pop(0)
        texts.append(node.comment.text_html)
        pending[:0] = node.replies
    return texts


def test_deleting_a_reply_takes_its_replies_and_keeps_the_counts(admin_client, thread):
    article, top, first, below_first, second = thread
    assert nested_count(top) == 3
    url = reverse("admin:comments_comment_delete", args=[first.pk])
    assert "Reply to the first reply." in admin_client.get(url).content.decode()

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert set(Comment.objects.values_list("pk", flat=True)) == {top.pk, second.pk}
    assert nested_count(top) == 1
    assert Commenter.objects.get(email="first@example.net").approved_count == 0
    assert len(shown_texts(article)) == 2
    assert "Second reply." in admin_client.get(article.get_absolute_url()).content.decode()


def test_bulk_delete_of_a_reply_and_its_own_reply_counts_each_once(admin_client, thread):
    article, top, first, below_first, second = thread
    data = {
        "action": "delete_selected",
        "post": "yes",
        ACTION_CHECKBOX_NAME: [below_first.pk, first.pk, second.pk],
    }

    response = admin_client.post(reverse("admin:comments_comment_changelist"), data)

    assert response.status_code == 302
    assert list(Comment.objects.values_list("pk", flat=True)) == [top.pk]
    assert nested_count(top) == 0
    assert Commenter.objects.get(email="first@example.net").approved_count == 0
    # A new reply goes in at the right place and is counted once.
    reply = make_comment(article, parent=top, text="A new reply.")
    assert nested_count(top) == 1
    assert Comment.objects.get(pk=reply.pk).level == 1


def test_bulk_delete_of_whole_threads(admin_client, thread):
    article, top, *_ = thread
    other = make_comment(article, text="Another thread.")
    stays = make_comment(article, text="This thread stays.")
    make_comment(article, parent=stays, text="Its reply stays too.")
    data = {"action": "delete_selected", "post": "yes", ACTION_CHECKBOX_NAME: [top.pk, other.pk]}

    admin_client.post(reverse("admin:comments_comment_changelist"), data)

    assert Comment.objects.count() == 2
    assert nested_count(stays) == 1
    assert shown_texts(article) == [stays.text_html, "<p>Its reply stays too.</p>"]
