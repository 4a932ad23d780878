"""Privacy (IP retention, hashes) and the optional email notices with their signed links."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, Commenter
from comments.moderation import comment_approve
from comments.privacy import client_ip, ip_hash
from comments.tokens import confirm_token
from tests.factories import form_data, make_article, make_comment, make_user, post_comment

pytestmark = pytest.mark.django_db


def link_in(message, name):
    return re.search(rf"https?://\S+/comments/{name}/\S+/", message.body).group(0)


def test_purge_command_erases_old_ips_and_keeps_hash():
    article = make_article()
    old = make_comment(article, ip_address="198.51.100.4", ip_hash=ip_hash("198.51.100.4"))
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    new = make_comment(article, ip_address="198.51.100.5")
    out = StringIO()
    call_command("purge_comment_ips", "--dry-run", stdout=out)
    assert "Would erase the IP addresses of 1 comment(s)." in out.getvalue()
    assert Comment.objects.get(pk=old.pk).ip_address == "198.51.100.4"
    call_command("purge_comment_ips", stdout=out)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.ip_address is None and old.ip_hash == ip_hash("198.51.100.4")
    assert new.ip_address == "198.51.100.5"
    quiet = StringIO()
    call_command("purge_comment_ips", verbosity=0, stdout=quiet)
    assert quiet.getvalue() == ""


def test_ip_hash_is_keyed_and_x_forwarded_for_is_ignored(rf):
    assert ip_hash("198.51.100.4") != ip_hash("198.51.100.5")
    assert "198.51.100.4" not in ip_hash("198.51.100.4")
    keyed = ip_hash("198.51.100.4")
    with override_settings(SECRET_KEY="another-key-entirely"):
        assert ip_hash("198.51.100.4") != keyed
    request = rf.post("/", REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert client_ip(request) == "203.0.113.1"
    assert client_ip(rf.post("/", REMOTE_ADDR="garbage")) is None


def signing_payload(link):
    """The readable part of a signed link's token."""
    import base64

    token = link.rstrip("/").rsplit("/", 1)[1].split(":")[0]
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode(errors="replace")


def test_guest_gets_confirmation_link_once_and_confirming_needs_post(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    url = reverse("comments:post", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form_data(article, text="first"))
        client.post(url, form_data(article, text="second"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.net"]
    link = link_in(message, "confirm")
    assert "ada" not in signing_payload(link)  # the link names the commenter by id, not email
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert Commenter.objects.get().confirmed_at is None  # a GET (link scanner) does not confirm
    assert client.post("/" + path).status_code == 200
    assert Commenter.objects.get().confirmed_at is not None


def test_bad_confirmation_link_is_400(client):
    response = client.get(reverse("comments:confirm-email", args=["forged:token"]))
    assert response.status_code == 400


@override_settings(COMMENTS_MODERATION="post")
def test_reply_notice_with_unsubscribe(client, django_capture_on_commit_callbacks):
    article = make_article()
    parent = make_comment(article, email="first@example.net", notify_replies=True, name="First")
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_comment(
            article, text="An answer", name="Second", email="second@example.net", parent=parent
        )
    notices = [m for m in mail.outbox if m.to == ["first@example.net"]]
    assert len(notices) == 1
    assert "Second replied" in notices[0].subject
    assert f"/comments/{reply.pk}/" in notices[0].body
    assert "second@example.net" not in notices[0].body
    unsubscribe = link_in(notices[0], "unsubscribe")
    path = "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1]
    client.post(path)
    parent.refresh_from_db()
    assert parent.notify_replies is False
    # The permalink in the email leads to the reply in its thread.
    response = client.get(reverse("comments:permalink", args=[reply.pk]))
    assert response["Location"].endswith(f"#comment-{reply.pk}")


@override_settings(COMMENTS_MODERATION="post")
def test_reply_notice_offers_one_click_unsubscribe_to_mail_apps(
    django_capture_on_commit_callbacks,
):
    """RFC 8058: the headers point at the signed link in the body, and a mail app's POST
    (no cookie, no CSRF token) turns the notices off."""
    article = make_article()
    parent = make_comment(article, email="first@example.net", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, text="An answer", email="second@example.net", parent=parent)
    (notice,) = [m for m in mail.outbox if m.to == ["first@example.net"]]
    link = link_in(notice, "unsubscribe")
    assert notice.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    sent = notice.message()  # as the mail server gets it (long headers folded)
    assert "".join(str(sent["List-Unsubscribe"]).split()) == f"<{link}>"

    mail_app = Client(enforce_csrf_checks=True)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = mail_app.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.notify_replies is False


@pytest.mark.parametrize(
    ("approved", "removed", "message"),
    [
        (0, 0, "Once a moderator has approved one of your comments"),
        (1, 0, "A moderator has already approved one of your comments"),
        (1, 2, "a moderator still reviews each of your comments"),
    ],
)
def test_confirming_says_what_is_true_for_the_commenter(client, approved, removed, message):
    commenter = Commenter.objects.create(
        email="ada@example.net", approved_count=approved, removed_count=removed
    )
    response = client.post(reverse("comments:confirm-email", args=[confirm_token(commenter.pk)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    others = {"Once a moderator", "already approved", "still reviews"} - {
        phrase
        for phrase in ("Once a moderator", "already approved", "still reviews")
        if phrase in message
    }
    assert not any(phrase in html for phrase in others)


def test_held_reply_notifies_only_when_approved(django_capture_on_commit_callbacks):
    article = make_article()
    parent = make_comment(article, email="first@example.net", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_comment(
            article, text="Held answer", name="New", email="new@example.net", parent=parent
        )
    assert reply.status == Comment.Status.PENDING
    assert not [m for m in mail.outbox if m.to == ["first@example.net"]]
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=reply, moderator=make_user("m", group="Moderator"))
    assert len([m for m in mail.outbox if m.to == ["first@example.net"]]) == 1


@override_settings(COMMENTS_MODERATION_NOTICE_EMAILS=["desk@example.org"])
def test_editors_told_about_held_comments(django_capture_on_commit_callbacks):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(article, text="Please review", name="N", email="n@example.net")
    notice = [m for m in mail.outbox if m.to == ["desk@example.org"]]
    assert len(notice) == 1
    assert "First comment" in notice[0].body
    assert "status__exact=pending" in notice[0].body


def test_expired_confirmation_and_bad_unsubscribe_links_are_400(client):
    from comments.tokens import confirm_token, unsubscribe_token

    token = confirm_token(Commenter.objects.create(email="late@example.net").pk)
    with override_settings(COMMENTS_CONFIRM_MAX_AGE=-1):
        assert client.get(reverse("comments:confirm-email", args=[token])).status_code == 400
    assert client.post(reverse("comments:unsubscribe", args=["junk"])).status_code == 400
    missing = unsubscribe_token(987654)
    assert client.post(reverse("comments:unsubscribe", args=[missing])).status_code == 400
    assert Commenter.objects.get().confirmed_at is None
