"""Moderation from a single comment's admin page: the same decisions as the queue's actions."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from comments.models import BlocklistEntry, Comment, Commenter
from comments.privacy import ip_hash
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def change_url(comment):
    return reverse("admin:comments_comment_change", args=[comment.pk])


def moderate_url(comment_pk):
    return reverse("admin:comments_comment_moderate", args=[comment_pk])


@pytest.fixture
def moderator_client(client):
    client.force_login(make_user("moderator", group="Moderator"))
    return client


def decide(client, comment, decision, **extra):
    return client.post(moderate_url(comment.pk), {"decision": decision, **extra}, follow=True)


def test_moderator_approves_a_held_comment_from_its_page(
    moderator_client, django_capture_on_commit_callbacks
):
    article = make_article()
    held = make_comment(
        article,
        text="Held for review.",
        status=Comment.Status.PENDING,
        held_reason="First comment from this commenter.",
    )
    reader = Client()
    assert "Held for review." not in reader.get(article.get_absolute_url()).content.decode()
    queue_filters = "?_changelist_filters=status__exact%3Dpending"
    page = moderator_client.get(change_url(held) + queue_filters).content.decode()
    assert "Held for review." in page
    assert "First comment from this commenter." in page
    assert "New commenter" in page
    assert 'value="approve"' in page and 'value="remove"' in page
    assert 'value="feature"' not in page  # only approved comments can be picked
    assert f'action="{moderate_url(held.pk)}{queue_filters}"' in page

    # Committed, as the admin's request is: the reader's cached page changes with it.
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            moderate_url(held.pk) + queue_filters, {"decision": "approve"}
        )
    assert response.status_code == 302
    assert response.url == change_url(held) + queue_filters
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert held.moderated_by.username == "moderator"
    page = moderator_client.get(response.url).content.decode()
    assert "Approved: the comment is on the article." in page
    assert 'value="approve"' not in page
    assert "Held for review." in reader.get(article.get_absolute_url()).content.decode()


def test_removal_requires_a_reason_and_records_it(moderator_client):
    article = make_article()
    comment = make_comment(article, email="rude@example.net", text="Rude words.")

    for data, error in [
        ({}, "Choose a reason for the removal."),
        ({"reason": "not-a-reason"}, "Choose a reason from the list."),
        ({"reason": "other", "note": "  "}, "Say why the comment is removed."),
    ]:
        page = decide(moderator_client, comment, "remove", **data)
        assert page.status_code == 200
        assert error in page.content.decode()
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED

    page = decide(moderator_client, comment, "remove", reason="other", note="Doxxing attempt")
    assert "Removed (Other)." in page.content.decode()
    comment.refresh_from_db()
    assert (comment.status, comment.removal_reason) == ("removed", "other")
    assert comment.removal_note == "Doxxing attempt"
    commenter = Commenter.objects.get(email="rude@example.net")
    assert commenter.removed_count == 1
    history = moderator_client.get(reverse("admin:comments_commenter_change", args=[commenter.pk]))
    assert "Other (Doxxing attempt)" in history.content.decode()
    assert "Rude words." not in Client().get(article.get_absolute_url()).content.decode()


def test_mark_spam_and_ban(moderator_client):
    article = make_article()
    spam = make_comment(article, status=Comment.Status.PENDING)
    decide(moderator_client, spam, "spam")
    spam.refresh_from_db()
    assert (spam.status, spam.removal_reason) == ("spam", "spam")

    troll = make_comment(article, email="troll@example.net", ip_hash=ip_hash("203.0.113.9"))
    page = decide(moderator_client, troll, "ban")
    assert "Banned: the commenter is on the blocklist" in page.content.decode()
    troll.refresh_from_db()
    assert (troll.status, troll.removal_reason) == ("removed", "abuse")
    assert set(BlocklistEntry.objects.values_list("kind", "value", "action")) == {
        ("email", "troll@example.net", "reject"),
        ("ip_hash", ip_hash("203.0.113.9"), "reject"),
    }


def test_feature_toggles(moderator_client):
    comment = make_comment(make_article())
    assert 'value="feature"' in moderator_client.get(change_url(comment)).content.decode()
    page = decide(moderator_client, comment, "feature").content.decode()
    assert "Featured as an editors" in page
    assert 'value="unfeature"' in page and 'value="feature"' not in page
    comment.refresh_from_db()
    assert comment.is_featured
    decide(moderator_client, comment, "unfeature")
    comment.refresh_from_db()
    assert not comment.is_featured


def test_stale_decision_changes_nothing(moderator_client):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    decide(moderator_client, comment, "approve")
    comment.refresh_from_db()
    first_moderated_at = comment.moderated_at
    page = decide(moderator_client, comment, "approve")
    assert "Nothing done: the comment is approved." in page.content.decode()
    comment.refresh_from_db()
    assert comment.moderated_at == first_moderated_at
    pending = make_comment(make_article(), status=Comment.Status.PENDING)
    decide(moderator_client, pending, "feature")
    pending.refresh_from_db()
    assert not pending.is_featured


def test_user_without_moderation_rights_gets_403(client):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    page = client.get(change_url(comment))
    assert page.status_code == 200
    assert 'name="decision"' not in page.content.decode()
    for decision in ["approve", "remove", "spam", "ban", "feature", "unfeature"]:
        response = client.post(moderate_url(comment.pk), {"decision": decision, "reason": "hate"})
        assert response.status_code == 403
    client.force_login(make_user("writer", group="Writer"))
    assert client.post(moderate_url(comment.pk), {"decision": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not comment.is_featured
    assert not BlocklistEntry.objects.exists()


def test_bad_requests_are_refused_cleanly(moderator_client):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    assert moderator_client.get(moderate_url(comment.pk)).status_code == 405
    assert moderator_client.post(moderate_url(999999), {"decision": "approve"}).status_code == 404
    assert moderator_client.post(moderate_url("nope"), {"decision": "approve"}).status_code == 404
    assert moderator_client.post(moderate_url(comment.pk), {"decision": "x"}).status_code == 400
    assert moderator_client.post(moderate_url(comment.pk), {}).status_code == 400
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_post_needs_the_csrf_token():
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("strict", group="Moderator"))
    assert strict.post(moderate_url(comment.pk), {"decision": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
