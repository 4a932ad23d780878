"""Failure modes found in review: mail outages, expiring counters, lost confirmation links,
dodges around the blocklist, bans over hold entries, depth limits, invisible text."""

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse

from comments import ratelimit
from comments.models import BlocklistEntry, Comment
from comments.moderation import comment_ban
from comments.services import comment_import
from comments.spam import contains_term
from comments.text import clean_comment_text
from tests.factories import form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **fields))


@override_settings(EMAIL_BACKEND="tests.comments.test_robustness.BrokenMailBackend")
def test_a_mail_outage_does_not_turn_a_stored_comment_into_an_error(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article)
    assert response.status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING


class BrokenMailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")


def test_rate_limit_counter_lives_as_long_as_its_window():
    window, now = 600, 1_800_000_000.0  # the start of a window
    for _ in range(5):
        assert ratelimit.hit("test", "ip", limit=5, window=window, now=now)
    assert not ratelimit.hit("test", "ip", limit=5, window=window, now=now + 599)
    assert ratelimit.hit("test", "ip", limit=5, window=window, now=now + 600)


def test_an_unconfirmed_guest_gets_the_link_again_but_once_a_day(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, text="A spam bot's first try", website="https://spam.example")
    assert mail.outbox == []  # the spam comment sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, text="My real first comment.")
        post(client, article, text="And a second thought.")
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()


@pytest.mark.parametrize(
    ("text", "term", "hit"),
    [
        ("रामायण की कथा", "राम", False),  # vowel signs are part of the word
        ("राम ने कहा", "राम", True),
        ("buy vi\u200bagra now", "viagra", True),  # zero-width space
        ("buy vi\u00adagra now", "viagra", True),  # soft hyphen
        ("كتاب جميل", "كتاب", True),
        ("الكتاب جميل", "كتاب", False),
        ("Built on WordPress", "press", False),
    ],
)
def test_blocklist_words_match_whole_words_in_any_script(text, term, hit):
    assert contains_term(text, term) is hit


def test_a_ban_turns_an_existing_hold_entry_into_a_rejection():
    moderator = make_user("mod", group="Moderator")
    BlocklistEntry.objects.create(
        kind=BlocklistEntry.Kind.EMAIL, value="troll@example.net", action=BlocklistEntry.Action.HOLD
    )
    comment = make_comment(make_article(), email="troll@example.net", ip_hash="abc123")
    comment_ban(comment=comment, moderator=moderator)
    entry = BlocklistEntry.objects.get(kind=BlocklistEntry.Kind.EMAIL, value="troll@example.net")
    assert entry.action == BlocklistEntry.Action.REJECT
    assert BlocklistEntry.objects.get(kind=BlocklistEntry.Kind.IP_HASH).created_by == moderator


@override_settings(COMMENTS_MAX_DEPTH=0)
def test_a_depth_of_zero_fails_the_system_check():
    assert "comments.E003" in [message.id for message in run_checks()]


def test_replies_under_a_lowered_depth_still_attach_at_the_deepest_level():
    article = make_article()
    top = make_comment(article)
    child = make_comment(article, parent=top)
    grandchild = make_comment(article, parent=child)
    with override_settings(COMMENTS_MAX_DEPTH=1):
        reply = comment_import(article=article, text="Late reply.", name="Late", parent=grandchild)
    assert reply.level == 1
    assert reply.parent == top


@pytest.mark.parametrize("text", ["\u200b\u2060\u200b", " \u00ad \n\u200d "])
def test_invisible_only_text_is_an_empty_comment(text):
    with pytest.raises(ValidationError) as refused:
        clean_comment_text(text)
    assert refused.value.code == "required"


def test_a_blank_name_is_reported_on_the_name_field(client):
    # The form's own check strips the name; a name of only invisible separators reaches the
    # service, whose error must still be shown against the name field, not the comment.
    article = make_article()
    response = post(client, article, name="\u3000")
    assert response.status_code == 400
    form = response.context["form"]
    assert "name" in form.errors
    assert "text" not in form.errors
    assert not Comment.objects.exists()
