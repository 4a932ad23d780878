"""Long threads stay readable and every page stays bounded: the article page shows each
top-level comment's first replies and a "more replies" link; the rest read page by page in
thread order on the thread's own replies pages, found from permalinks and after posting."""

import zoneinfo
from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.display import time_attributes
from comments.models import Comment
from comments.text import render_comment_text, text_digest
from comments.threads import flatten, thread_page
from tests.factories import form_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def add_replies(root, count, *, status=Comment.Status.APPROVED):
    """`count` direct replies to `root`, stored in bulk at the end of its thread."""
    start = root.nested_count + 2
    base = timezone.now() - timedelta(days=1)
    replies = [
        Comment(
            article_id=root.article_id,
            parent=root,
            thread_id=root.pk,
            level=1,
            order=start + n,
            name=f"Replier {n}",
            email=f"replier{n}@example.net",
            text=f"Reply number {n} " + "with some words " * 10,
            text_html=render_comment_text(f"Reply number {n} " + "with some words " * 10),
            text_digest=text_digest(f"reply {n}"),
            status=status,
            created_at=base + timedelta(seconds=n),
        )
        for n in range(count)
    ]
    Comment.objects.bulk_create(replies)
    Comment.objects.filter(pk=root.pk).update(nested_count=root.nested_count + count)
    root.refresh_from_db()
    return replies


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@override_settings(COMMENTS_REPLIES_SHOWN=10)
def test_article_page_shows_first_replies_and_a_link_to_the_rest(client):
    article = make_article()
    root = make_comment(article, text="The opening comment", name="Opener")
    replies = add_replies(root, 25)
    page = soup_of(client.get(article.get_absolute_url()))
    shown = page.select(f"#comment-{root.pk} > ol > li")
    assert [li["id"] for li in shown] == [f"comment-{r.pk}" for r in replies[:10]]
    more = page.select_one(f"#comment-{root.pk} > .comment__more a")
    assert more.get_text(" ", strip=True) == "15 more replies to Opener"
    assert more["href"] == reverse("comments:replies", args=[root.pk])


@override_settings(COMMENTS_REPLIES_SHOWN=10, COMMENTS_PER_PAGE=20)
def test_a_comment_with_2000_replies_does_not_make_the_article_page_huge(client):
    small, viral = make_article(), make_article()
    add_replies(make_comment(small), 3)
    add_replies(make_comment(viral), 2000)
    with CaptureQueriesContext(connection) as small_queries:
        small_size = len(client.get(small.get_absolute_url()).content)
    with CaptureQueriesContext(connection) as viral_queries:
        viral_size = len(client.get(viral.get_absolute_url()).content)
    assert len(viral_queries) == len(small_queries)
    # Ten replies' more than the small page, not two thousand.
    assert viral_size < small_size + 10 * 1500


@override_settings(COMMENTS_REPLIES_SHOWN=10, COMMENTS_REPLIES_PER_PAGE=50)
def test_replies_pages_list_the_whole_thread_in_order(client):
    article = make_article()
    root = make_comment(article, text="Opening", name="Opener")
    replies = add_replies(root, 120)
    url = reverse("comments:replies", args=[root.pk])
    seen = []
    for number in (1, 2, 3):
        page = soup_of(client.get(url, {"page": number}))
        seen += [li["id"] for li in page.select(".comment-list--flat > li")]
        assert page.select_one("h1").get_text(strip=True) == "Replies to Opener"
        assert "120 replies, page" in page.select_one("#replies-heading").get_text()
    assert seen == [f"comment-{r.pk}" for r in replies]
    last = soup_of(client.get(url, {"page": 99}))  # out of range: the last page
    assert len(last.select(".comment-list--flat > li")) == 20
    assert last.select_one('a[rel="prev"]')["href"] == "?page=2#replies-heading"


def test_replies_page_query_count_is_constant(client, django_assert_max_num_queries):
    counts = []
    for size in (3, 300):
        article = make_article()
        root = make_comment(article)
        add_replies(root, size)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("comments:replies", args=[root.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_replies_page_hides_what_readers_may_not_see_and_names_who_is_answered(client):
    article = make_article()
    root = make_comment(article, name="Opener")
    first = make_comment(article, parent=root, name="Bea", text="First answer")
    make_comment(article, parent=first, name="Cy", text="Answer to Bea")
    make_comment(article, parent=root, text="Waiting for review", status=Comment.Status.PENDING)
    page = soup_of(client.get(reverse("comments:replies", args=[root.pk])))
    text = page.get_text(" ", strip=True)
    assert "Waiting for review" not in text
    assert "2 replies" in text
    cy = page.select(".comment-list--flat > li")[1]
    assert "in reply to Bea" in cy.get_text(" ", strip=True)
    assert "comment--depth-2" in cy["class"]


def test_replies_page_404s_for_replies_drafts_and_unknown_ids(client):
    draft = make_article(published=False)
    hidden_root = make_comment(draft)
    article = make_article()
    root = make_comment(article)
    reply = make_comment(article, parent=root)
    removed_alone = make_comment(article, status=Comment.Status.REMOVED)
    for pk in (hidden_root.pk, reply.pk, removed_alone.pk, 999999):
        assert client.get(reverse("comments:replies", args=[pk])).status_code == 404


@override_settings(COMMENTS_REPLIES_SHOWN=10, COMMENTS_REPLIES_PER_PAGE=50)
def test_permalink_and_posting_find_a_reply_beyond_the_article_page(client):
    article = make_article()
    root = make_comment(article)
    replies = add_replies(root, 70)
    early, late = replies[3], replies[60]
    assert client.get(reverse("comments:permalink", args=[early.pk]))["Location"] == (
        f"{article.get_absolute_url()}#comment-{early.pk}"
    )
    assert client.get(reverse("comments:permalink", args=[late.pk]))["Location"] == (
        f"{reverse('comments:replies', args=[root.pk])}?page=2#comment-{late.pk}"
    )
    with override_settings(COMMENTS_MODERATION="post"):
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, parent=str(root.pk), text="A late reply to the thread."),
        )
    newest = Comment.objects.latest("pk")
    assert newest.text == "A late reply to the thread."
    assert response["Location"] == (
        f"{reverse('comments:replies', args=[root.pk])}?page=2#comment-{newest.pk}"
    )
    page = soup_of(client.get(response["Location"]))
    assert page.select_one(f"#comment-{newest.pk}") is not None


def test_flat_rendering_nests_replies_as_the_tree_does(client):
    article = make_article()
    first = make_comment(article, text="first")
    a = make_comment(article, parent=first, text="a")
    a1 = make_comment(article, parent=a, text="a1")
    a2 = make_comment(article, parent=a1, text="a2")
    b = make_comment(article, parent=first, text="b")
    second = make_comment(article, text="second")
    page = soup_of(client.get(article.get_absolute_url()))
    top = page.select("ol.comment-list:not(.comment-list--replies) > li")
    assert [li["id"] for li in top] == [f"comment-{first.pk}", f"comment-{second.pk}"]
    assert page.select_one(
        f"#comment-{first.pk} > ol > li#comment-{a.pk} > ol > li#comment-{a1.pk}"
    )  # noqa: E501
    assert page.select_one(f"#comment-{a1.pk} > ol > li#comment-{a2.pk}")
    assert page.select_one(f"#comment-{first.pk} > ol > li#comment-{b.pk}")
    assert not page.select(f"#comment-{second.pk} ol")


def test_flatten_closes_every_list_it_opens():
    article = make_article()
    root = make_comment(article)
    node = root
    for _ in range(3):
        node = make_comment(article, parent=node)
    make_comment(article, parent=root)
    _, roots = thread_page(article)
    entries = flatten(roots)
    opened = sum(entry.opens_replies for entry in entries)
    closes = [tag for entry in entries for tag in entry.closes]
    assert closes.count("ol") == opened
    assert closes.count("li") == len(entries)


@override_settings(TIME_ZONE="America/New_York")
def test_comment_times_read_as_the_date_filter_gives_them():
    moment = datetime(2026, 3, 8, 6, 59, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with timezone.override("America/New_York"):
        iso, text = time_attributes(moment)
        local = timezone.localtime(moment)  # as templates hand datetimes to filters
        assert iso == date_filter(local, r"Y-m-d\TH:i:sO") == "2026-03-08T01:59:00-0500"
        assert text == date_filter(local, "j M Y, H:i") == "8 Mar 2026, 01:59"


def test_replies_pages_come_from_the_reader_cache_and_change_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.READER_PAGE_CACHE_SECONDS = 600
    article = make_article()
    root = make_comment(article)
    add_replies(root, 3)
    url = reverse("comments:replies", args=[root.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert b"3 replies" in client.get(url).content
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(article, parent=root, text="Fresh news in the thread")
    assert b"Fresh news in the thread" in client.get(url).content
