"""Article pages come from the reader page cache with a working comment form: each reader gets
their own CSRF token and form timestamp, nobody else's name, email or messages, and every
comment event shows at once (see articles/caching.py)."""

import re
import time
import types
from datetime import timedelta

import pytest
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import tokens
from comments.models import ArticleCommentSettings, Comment
from comments.moderation import (
    comment_approve,
    comment_delete,
    comment_remove,
    comment_set_featured,
)
from tests.factories import form_data, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.READER_PAGE_CACHE_SECONDS = 600
    settings.READERSHIP_MOST_READ_CACHE_SECONDS = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Changes inside `with committed():` commit, as a request's or the admin's do."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def article():
    return make_article(headline="The vote, explained")


@pytest.fixture
def signed_in():
    """A reader with a session: their page is rendered fresh around the cached comment
    listing (articles/caching.py `cached_fragment`)."""
    client = Client()
    client.force_login(make_user("regular-reader", staff=False))
    return client


@pytest.fixture(params=["cookie-less", "signed-in"])
def reader(request, signed_in):
    """Who reads: a new cookie-less reader each time (the cached page) or the signed-in one."""
    return (lambda: None) if request.param == "cookie-less" else (lambda: signed_in)


def get(url, client=None):
    with CaptureQueriesContext(connection) as queries:
        response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def form_fields(html):
    return dict(re.findall(r'name="(csrfmiddlewaretoken|timestamp)" value="([^"]*)"', html))


def test_two_readers_of_one_cached_page_each_get_their_own_token_and_timestamp(article):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_html, _ = get(article.get_absolute_url(), first)
    second_html, queries = get(article.get_absolute_url(), second)
    assert queries == 0  # the second came from the cache
    first_form, second_form = form_fields(first_html), form_fields(second_html)
    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert first_secret != second_secret
    assert _unmask_cipher_token(first_form["csrfmiddlewaretoken"]) == first_secret
    assert _unmask_cipher_token(second_form["csrfmiddlewaretoken"]) == second_secret
    assert first_secret not in second_html
    assert first_form["csrfmiddlewaretoken"] not in second_html
    assert tokens.form_token_age(second_form["timestamp"], article.pk) < 5


def test_the_timestamp_is_the_time_each_reader_was_served(article, monkeypatch):
    get(article.get_absolute_url())  # rendered and cached now
    ten_minutes_on = types.SimpleNamespace(time=lambda: time.time() + 600)
    monkeypatch.setattr(tokens, "time", ten_minutes_on)
    html, queries = get(article.get_absolute_url())
    assert queries == 0
    assert abs(tokens.form_token_age(form_fields(html)["timestamp"], article.pk)) < 5


def test_a_commenters_name_email_and_messages_never_reach_another_reader(
    article, settings, committed
):
    settings.COMMENTS_MODERATION = "post"
    get(article.get_absolute_url())  # cached
    commenter = Client()
    data = form_data(article, name="Ada Lovelace", email="ada.private@example.net")
    with committed():
        response = commenter.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 302
    own_page, _ = get(response["Location"], commenter)
    assert "Your comment is published." in own_page
    other, _ = get(article.get_absolute_url())
    again, queries = get(article.get_absolute_url())
    assert queries == 0
    for page in (other, again):
        assert "A thoughtful point about the story." in page  # the published comment
        assert "Your comment is published." not in page
        assert "ada.private@example.net" not in page
        assert 'value="Ada Lovelace"' not in page
        assert commenter.cookies["csrftoken"].value not in page
    assert "ada.private@example.net" not in own_page  # emails are never shown


def test_a_reader_posts_with_the_form_of_a_cached_page(article, settings, committed):
    settings.COMMENTS_MODERATION = "post"
    get(article.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    html, queries = get(article.get_absolute_url(), reader)
    assert queries == 0
    fields = form_fields(html)
    data = {**form_data(article), **fields}
    with committed():
        response = reader.post(reverse("comments:post", args=[article.pk]), data)
    assert response.status_code == 302  # CSRF passed
    comment = Comment.objects.get()
    # Posted at once after being served: the timing check holds it, as without the cache.
    assert comment.status == Comment.Status.PENDING
    assert re.match(r"Posted [0-2] s after the form was served", comment.held_reason)


def test_a_published_comment_shows_at_once_there_and_in_the_lists_counts(
    article, settings, committed
):
    settings.COMMENTS_MODERATION = "post"
    get(article.get_absolute_url())
    get("/")
    reader = Client()
    with committed():
        reader.post(reverse("comments:post", args=[article.pk]), form_data(article))
    html, _ = get(article.get_absolute_url())
    assert "A thoughtful point about the story." in html
    assert f'href="{article.get_absolute_url()}#comments">1 comment</a>' in get("/")[0]


def test_a_held_comment_does_not_empty_the_cache(article, committed):
    get(article.get_absolute_url())
    with committed():
        Client().post(reverse("comments:post", args=[article.pk]), form_data(article))
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert get(article.get_absolute_url())[1] == 0


def test_moderator_decisions_show_at_once(article, committed, reader):
    moderator = make_user("moderator", group="Moderator")
    held = make_comment(article, status=Comment.Status.PENDING, text="Held for review.")
    shown = make_comment(article, text="Shown until removed.")
    html, _ = get(article.get_absolute_url(), reader())
    assert "Held for review." not in html
    with committed():
        comment_approve(comment=held, moderator=moderator)
    assert "Held for review." in get(article.get_absolute_url(), reader())[0]
    with committed():
        comment_set_featured(comment=held, featured=True)
    assert "Editors’ pick" in get(article.get_absolute_url(), reader())[0]
    with committed():
        comment_remove(comment=shown, moderator=moderator, reason="off_topic")
    assert "Shown until removed." not in get(article.get_absolute_url(), reader())[0]
    with committed():
        comment_delete(comment=held)
    assert "Held for review." not in get(article.get_absolute_url(), reader())[0]


def test_closing_the_thread_takes_the_form_off_at_once(article, committed, reader):
    assert 'id="comment-form"' in get(article.get_absolute_url(), reader())[0]
    with committed():
        article.comments_open = False
        article.save()
    assert 'id="comment-form"' not in get(article.get_absolute_url(), reader())[0]


def test_a_closing_date_set_in_the_newsroom_shows_at_once(article, committed, reader):
    get(article.get_absolute_url(), reader())
    with committed():
        ArticleCommentSettings.objects.create(
            article=article, closes_at=timezone.now() - timedelta(minutes=1)
        )
    assert 'id="comment-form"' not in get(article.get_absolute_url(), reader())[0]


def test_a_thread_closing_by_date_closes_the_cached_page_then(article, monkeypatch):
    closes_at = timezone.now() + timedelta(seconds=30)
    ArticleCommentSettings.objects.create(article=article, closes_at=closes_at)
    assert 'id="comment-form"' in get(article.get_absolute_url())[0]
    assert get(article.get_absolute_url())[1] == 0  # cached, until the thread closes
    moved = closes_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moved)
    assert 'id="comment-form"' not in get(article.get_absolute_url())[0]


def test_a_readers_reply_link_page_is_cached_too(article):
    parent = make_comment(article, name="Grace")
    url = f"{article.get_absolute_url()}?reply={parent.pk}"
    assert "Reply to Grace" in get(url)[0]
    html, queries = get(url)
    assert queries == 0
    assert "Reply to Grace" in html


def test_a_signed_in_readers_page_reuses_the_comment_listing_not_the_form(article, signed_in):
    parent = make_comment(article, name="Grace", text="The count was fair.")
    first_html, first_queries = get(article.get_absolute_url(), signed_in)
    html, queries = get(article.get_absolute_url(), signed_in)
    # The thread's page, its replies and its count come from the fragment.
    assert queries <= first_queries - 4
    assert "The count was fair." in html
    assert "Posting as <strong>regular-reader</strong>" in html
    replying, _ = get(f"{article.get_absolute_url()}?reply={parent.pk}", signed_in)
    assert "Reply to Grace" in replying
    assert "The count was fair." in replying
    assert "Reply to Grace" not in get(article.get_absolute_url())[0]


def test_the_cached_listing_keeps_each_pages_own_links(article, signed_in, settings):
    settings.COMMENTS_PER_PAGE = 2
    for n in range(5):
        make_comment(article, text=f"Comment number {n}.")
    newest, _ = get(f"{article.get_absolute_url()}?csort=newest&ref=aggregator", signed_in)
    oldest, _ = get(f"{article.get_absolute_url()}?ref=aggregator", signed_in)
    assert "Comment number 4." in newest and "Comment number 4." not in oldest
    assert "Comment number 0." in oldest and "Comment number 0." not in newest
    assert "?csort=newest&amp;ref=aggregator&amp;cpage=2#comments" in newest
    assert "?ref=aggregator&amp;cpage=2#comments" in oldest


def test_a_signed_in_readers_thread_closes_by_date(article, signed_in, monkeypatch):
    closes_at = timezone.now() + timedelta(seconds=30)
    ArticleCommentSettings.objects.create(article=article, closes_at=closes_at)
    make_comment(article, name="Grace")
    assert "Reply<span" in get(article.get_absolute_url(), signed_in)[0]
    moved = closes_at + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moved)
    html, _ = get(article.get_absolute_url(), signed_in)
    assert "Commenting is closed" in html
    assert "Reply<span" not in html


def test_readers_rendered_fresh_share_the_form_fragment_each_with_their_own_token(
    article, settings, committed
):
    settings.COMMENTS_MODERATION = "post"
    readers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for reader in readers:
        reader.cookies["consent"] = "yes"  # any other cookie: a page of their own, not cached
    pages = [get(article.get_absolute_url(), reader)[0] for reader in readers]
    fields = [form_fields(html) for html in pages]
    assert fields[0]["csrfmiddlewaretoken"] != fields[1]["csrfmiddlewaretoken"]
    assert all("fragmenthole" not in html for html in pages)
    for reader, own in zip(readers, fields, strict=True):
        assert _unmask_cipher_token(own["csrfmiddlewaretoken"]) == reader.cookies["csrftoken"].value
        assert tokens.form_token_age(own["timestamp"], article.pk) is not None
    with committed():
        response = readers[1].post(
            reverse("comments:post", args=[article.pk]), {**form_data(article), **fields[1]}
        )
    assert response.status_code == 302  # CSRF passed with the token filled into the fragment
    assert Comment.objects.count() == 1
