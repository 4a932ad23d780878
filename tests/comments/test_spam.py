"""Every automatic spam rule fires and records (or shows) its reason."""

import json
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from comments import ratelimit
from comments.conf import conf
from comments.models import BlocklistEntry, Comment
from comments.privacy import ip_hash
from comments.spam import contains_term
from comments.tokens import form_token_age
from tests.factories import form_data, make_article, make_comment, make_trusted

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = make_article()
    make_trusted("ada@example.net")  # trusted, so only the spam rules can hold a comment
    return article


def post(client, article, **fields):
    return client.post(reverse("comments:post", args=[article.pk]), form_data(article, **fields))


def test_trusted_baseline_is_published(client, article):
    post(client, article)
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_honeypot_marks_spam_with_reason(client, article):
    response = post(client, article, website="http://cheap.example")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert "hidden field" in comment.held_reason
    # The bot is told the same as a held reader.
    assert response["Location"].endswith("#comments")


def test_posted_too_fast_is_held(client, article):
    post(client, article, seconds_ago=0)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "after the form was served" in comment.held_reason


@pytest.mark.parametrize(
    "token", ["", "forged:value", "eyJhIjoxfQ:1sZ:bad-signature"], ids=["missing", "junk", "forged"]
)
def test_forged_or_missing_timestamp_is_refused(client, article, token):
    response = post(client, article, timestamp=token)
    assert response.status_code == 400
    assert Comment.objects.count() == 0
    if token:
        assert "expired or was changed" in response.content.decode()


def test_stale_form_is_refused_and_comes_back_fresh(client, article):
    response = post(client, article, seconds_ago=conf.FORM_MAX_AGE + 10)
    assert response.status_code == 400
    assert "expired or was changed" in response.content.decode()
    assert Comment.objects.count() == 0
    fresh = response.context["form"].data["timestamp"]
    assert 0 <= form_token_age(fresh, article.pk) < 5


def test_timestamp_for_another_article_is_refused(client, article):
    other = make_article()
    data = form_data(other)
    response = client.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 400
    assert Comment.objects.count() == 0


@override_settings(COMMENTS_MAX_LINKS=2)
def test_too_many_links_is_held(client, article):
    text = "See https://a.example/1 and https://b.example/2 and www.c.example now."
    post(client, article, text=text)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "Contains 3 links (limit 2)" in comment.held_reason


def test_duplicate_comment_is_refused(client, article):
    post(client, article, text="Same words.")
    response = post(client, article, text="  same   WORDS. ")
    assert response.status_code == 400
    assert "already posted this comment" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "value", "fields"),
    [
        ("word", "casino", {"text": "Best Casino bonus!"}),
        ("email", "ada@example.net", {}),
        ("domain", "example.net", {}),
        ("ip", "127.0.0.0/8", {}),
    ],
)
def test_blocklist_hold_and_reject(client, article, kind, value, fields):
    entry = BlocklistEntry.objects.create(kind=kind, value=value, action="hold")
    post(client, article, **fields)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith("Blocklist:")
    comment.delete()
    entry.action = "reject"
    entry.save()
    response = post(client, article, **fields)
    assert response.status_code == 400
    assert "Blocklist:" in response.content.decode()
    assert Comment.objects.count() == 0


def test_banned_ip_hash_is_refused(client, article):
    BlocklistEntry.objects.create(kind="ip_hash", value=ip_hash("127.0.0.1"), action="reject")
    response = post(client, article)
    assert response.status_code == 400
    assert "IP address was banned" in response.content.decode()


@pytest.mark.parametrize(
    ("term", "text", "hit"),
    [
        ("press", "Built on WordPress.", False),
        ("press", "Stop the PRESS!", True),
        ("press", "press-release", True),
        ("café", "Meet at the CAFE tonight", True),
        ("cafe", "Meet at the Café", True),
        ("cafe", "cafeteria", False),
        ("ёлка", "Новогодняя ЕЛКА стоит", True),
        ("елка", "ёлками", False),
        ("καφές", "ΚΑΦΕΣ για όλους", True),
        ("καφές", "καφεστιατόριο", False),
        ("free money", "Get FREE   money now", True),
        ("free money", "freemoney", False),
        ("赌场", "欢迎来到赌场玩", True),
    ],
)
def test_blocklist_words_match_whole_words_in_any_script(term, text, hit):
    assert contains_term(text, term) is hit


@override_settings(COMMENTS_RATE_LIMIT_IP=(3, 600), COMMENTS_RATE_LIMIT_EMAIL=(100, 600))
def test_rate_limit_per_ip(client, article):
    for n in range(3):
        assert post(client, article, text=f"Point {n}").status_code == 302
    response = post(client, article, text="One too many")
    assert response.status_code == 429
    assert "Too many comments" in response.content.decode()
    assert Comment.objects.count() == 3


@override_settings(COMMENTS_RATE_LIMIT_IP=(100, 600), COMMENTS_RATE_LIMIT_EMAIL=(2, 600))
def test_rate_limit_per_email(client, article):
    for n in range(2):
        post(client, article, text=f"Point {n}", email="ADA@example.net")
    response = post(client, article, text="Third", email="ada@example.net")
    assert response.status_code == 429
    assert "from this email" in response.content.decode()


CHILD = textwrap.dedent(
    """
    import json, os, sys
    import django
    from django.conf import settings
    settings.configure(
        CACHES=json.loads(os.environ["TEST_CACHES"]), SECRET_KEY="child", INSTALLED_APPS=[]
    )
    django.setup()
    from comments import ratelimit
    for _ in range(int(sys.argv[2])):
        ratelimit.hit("post-ip", sys.argv[1], limit=1000, window=600)
    """
)


def start_child(identity, times):
    return subprocess.Popen(  # noqa: S603 - fixed interpreter and script
        [sys.executable, "-c", CHILD, identity, str(times)],
        env={"TEST_CACHES": json.dumps(settings.CACHES), "PYTHONPATH": str(settings.BASE_DIR)},
    )


def increment_in_another_process(identity, times):
    """Count hits from a separate Python process through the configured cache."""
    assert start_child(identity, times).wait(timeout=60) == 0


def test_no_count_is_lost_when_processes_post_at_once():
    children = [start_child("busy-identity", 40) for _ in range(4)]
    assert all(child.wait(timeout=120) == 0 for child in children)
    assert ratelimit.count("post-ip", "busy-identity", window=600) == 160


def test_rate_limit_counter_is_shared_across_processes():
    increment_in_another_process("shared-identity", 4)
    assert ratelimit.count("post-ip", "shared-identity", window=600) == 4
    assert ratelimit.hit("post-ip", "shared-identity", limit=5, window=600)
    assert not ratelimit.hit("post-ip", "shared-identity", limit=5, window=600)


@override_settings(COMMENTS_RATE_LIMIT_IP=(3, 600))
def test_rate_limit_holds_for_posts_counted_by_another_process(client, article):
    increment_in_another_process(ip_hash("127.0.0.1"), 3)
    response = post(client, article)
    assert response.status_code == 429
    assert Comment.objects.count() == 0


def test_reply_cannot_dodge_checks_on_foreign_parent(client, article):
    foreign = make_comment(make_article())
    response = post(client, article, parent=foreign.pk)
    assert response.status_code == 400
    assert "not available" in response.content.decode()
    assert Comment.objects.count() == 1


@override_settings(COMMENTS_RATE_LIMIT_IP=(2, 600), COMMENTS_RATE_LIMIT_EMAIL=(100, 600))
def test_ipv6_rate_limit_counts_the_whole_slash_64(article):
    from django.test import Client

    url = reverse("comments:post", args=[article.pk])
    for n, address in enumerate(["2001:db8:1:2::1", "2001:db8:1:2::ffff"]):
        response = Client(REMOTE_ADDR=address).post(url, form_data(article, text=f"Point {n}"))
        assert response.status_code == 302
    rotated = Client(REMOTE_ADDR="2001:db8:1:2:abcd::9").post(url, form_data(article, text="x"))
    assert rotated.status_code == 429
    elsewhere = Client(REMOTE_ADDR="2001:db8:1:3::1").post(url, form_data(article, text="y"))
    assert elsewhere.status_code == 302


def test_settings_checks_catch_typos(settings):
    from comments.checks import comment_settings_check

    assert comment_settings_check(None) == []
    settings.COMMENTS_MODERATION = "premoderation"
    settings.COMMENTS_RATE_LIMIT_IP = (5,)
    settings.COMMENTS_PER_PAGE = 0
    ids = sorted(error.id for error in comment_settings_check(None))
    assert ids == ["comments.E001", "comments.E003", "comments.E004"]
