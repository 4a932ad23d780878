"""Moderation in the admin: the queue, its actions, the Moderator group's boundaries."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from comments.models import BlocklistEntry, Comment, Commenter
from comments.privacy import ip_hash
from comments.services import commenter_confirm_email
from tests.factories import form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


@pytest.fixture
def moderator_client(client):
    client.force_login(make_user("moderator", group="Moderator"))
    return client


def act(client, action, comments, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in comments], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_first_time_commenter_held_then_approved_from_queue(client, moderator_client):
    from django.test import Client

    reader = Client()
    article = make_article()
    url = reverse("comments:post", args=[article.pk])
    reader.post(url, form_data(article, text="My first ever comment."))
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING

    queue = moderator_client.get(reverse(CHANGELIST) + "?status__exact=pending")
    html = queue.content.decode()
    assert "My first ever comment." in html
    assert "First comment from this commenter" in html  # why it was held
    assert "0 approved, 0 removed (unconfirmed)" in html

    response = act(moderator_client, "approve_selected", [held])
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert held.moderated_by.username == "moderator"
    assert Commenter.objects.get(email="ada@example.net").approved_count == 1
    assert "My first ever comment." in reader.get(article.get_absolute_url()).content.decode()

    commenter_confirm_email(commenter=Commenter.objects.get(email="ada@example.net"))
    reader.post(url, form_data(article, text="Now I am trusted."))
    assert Comment.objects.get(text="Now I am trusted.").status == Comment.Status.APPROVED


def test_queue_filters_and_search(moderator_client):
    article = make_article()
    make_comment(article, text="flagged one", flag_count=2, status=Comment.Status.PENDING)
    make_comment(article, text="plain approved")
    flagged = moderator_client.get(reverse(CHANGELIST) + "?flagged=yes").content.decode()
    assert "flagged one" in flagged and "plain approved" not in flagged
    found = moderator_client.get(reverse(CHANGELIST) + "?q=plain").content.decode()
    assert "plain approved" in found and "flagged one" not in found
    for query in [
        "?status__exact=spam",
        f"?article__id__exact={article.pk}",
        "?is_featured__exact=1",
    ]:
        assert moderator_client.get(reverse(CHANGELIST) + query).status_code == 200


def test_remove_asks_for_a_reason_and_records_it(moderator_client):
    article = make_article()
    comment = make_comment(article, email="rude@example.net")
    page = act(moderator_client, "remove_selected", [comment])
    assert page.status_code == 200
    assert "Personal information" in page.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED  # nothing until a reason is given

    missing_note = act(moderator_client, "remove_selected", [comment], apply="1", reason="other")
    assert missing_note.status_code == 200
    assert "Say why" in missing_note.content.decode()

    done = act(moderator_client, "remove_selected", [comment], apply="1", reason="hate")
    assert done.status_code == 302
    comment.refresh_from_db()
    assert (comment.status, comment.removal_reason) == ("removed", "hate")
    assert Commenter.objects.get(email="rude@example.net").removed_count == 1


def test_mark_spam_and_ban(moderator_client):
    article = make_article()
    spam = make_comment(article)
    bad = make_comment(article, email="troll@example.net", ip_hash=ip_hash("203.0.113.9"))
    act(moderator_client, "mark_spam_selected", [spam])
    spam.refresh_from_db()
    assert (spam.status, spam.removal_reason) == ("spam", "spam")
    act(moderator_client, "ban_selected", [bad])
    bad.refresh_from_db()
    assert bad.status == Comment.Status.REMOVED
    assert set(BlocklistEntry.objects.values_list("kind", "value", "action")) == {
        ("email", "troll@example.net", "reject"),
        ("ip_hash", ip_hash("203.0.113.9"), "reject"),
    }


def test_removal_history_sends_commenter_back_to_premoderation(client, settings):
    settings.COMMENTS_MODERATION = "post"
    moderator = make_user("mod2", group="Moderator")
    article = make_article()
    from comments.moderation import comment_remove

    for n in range(2):
        comment = make_comment(article, email="ada@example.net", text=f"bad {n}")
        comment_remove(comment=comment, moderator=moderator, reason="abuse")
    client.post(reverse("comments:post", args=[article.pk]), form_data(article))
    held = Comment.objects.latest("pk")
    assert held.status == Comment.Status.PENDING
    assert "2 removed comments" in held.held_reason


def test_editors_pick_by_moderator_and_editor(client):
    article = make_article()
    comment = make_comment(article)
    pending = make_comment(article, status=Comment.Status.PENDING)
    for group in ["Moderator", "Editor"]:
        client.force_login(make_user(f"picker-{group}", group=group))
        act(client, "feature_selected", [comment])
        comment.refresh_from_db()
        assert comment.is_featured
        act(client, "unfeature_selected", [comment])
        comment.refresh_from_db()
        assert not comment.is_featured
    act(client, "feature_selected", [pending])
    pending.refresh_from_db()
    assert not pending.is_featured


def test_moderator_cannot_touch_articles(moderator_client):
    article = make_article()
    assert moderator_client.get(reverse("admin:articles_article_changelist")).status_code == 403
    change = reverse("admin:articles_article_change", args=[article.pk])
    assert moderator_client.get(change).status_code == 403
    assert moderator_client.get(reverse("admin:articles_section_changelist")).status_code == 403
    user = moderator_client.get(reverse("admin:index")).wsgi_request.user
    assert not any(perm.startswith("articles.") for perm in user.get_all_permissions())
    assert user.has_perm("comments.moderate_comment")
    assert moderator_client.get(reverse("admin:comments_blocklistentry_add")).status_code == 200


def test_writer_cannot_moderate(client):
    client.force_login(make_user("writer", group="Writer"))
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_admin_index_shows_waiting_count(moderator_client):
    article = make_article()
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.PENDING, flag_count=3)
    make_comment(article)
    html = moderator_client.get(reverse("admin:index")).content.decode()
    assert "Comments awaiting moderation" in html
    assert "<strong>2</strong>" in html
    assert "?status__exact=pending&amp;flagged=yes" in html


def test_changelist_query_count_is_constant(moderator_client, django_assert_max_num_queries):
    article = make_article()
    for _ in range(3):
        make_comment(article)
    with django_assert_max_num_queries(12) as few:
        moderator_client.get(reverse(CHANGELIST))
    for _ in range(40):
        make_comment(article)
    with django_assert_max_num_queries(len(few.captured_queries)):
        moderator_client.get(reverse(CHANGELIST))


def test_blocklist_admin_validates_entries(moderator_client):
    url = reverse("admin:comments_blocklistentry_add")
    bad = moderator_client.post(url, {"kind": "ip", "value": "not-an-ip", "action": "hold"})
    assert bad.status_code == 200
    assert "Enter an IP address" in bad.content.decode()
    good = moderator_client.post(
        url, {"kind": "ip", "value": "198.51.100.7/24", "action": "reject"}
    )
    assert good.status_code == 302
    assert BlocklistEntry.objects.get().value == "198.51.100.0/24"


def test_commenter_history_lists_removal_reasons(moderator_client):
    from comments.moderation import comment_remove

    moderator = make_user("historian", group="Moderator")
    article = make_article()
    comment = make_comment(article, email="hist@example.net")
    comment_remove(comment=comment, moderator=moderator, reason="other", note="Doxxing attempt")
    commenter = Commenter.objects.get(email="hist@example.net")
    html = moderator_client.get(
        reverse("admin:comments_commenter_change", args=[commenter.pk])
    ).content.decode()
    assert "Other (Doxxing attempt)" in html
    assert "?q=hist%40example.net" in html


def test_editor_can_moderate_and_set_article_comment_settings(client):
    editor = make_user("editor", group="Editor")
    for perm in ["moderate_comment", "feature_comment", "change_articlecommentsettings"]:
        assert editor.has_perm(f"comments.{perm}")
    moderator = make_user("justmod", group="Moderator")
    assert not moderator.has_perm("comments.change_articlecommentsettings")
    client.force_login(editor)
    assert client.get(reverse("admin:comments_articlecommentsettings_add")).status_code == 200
