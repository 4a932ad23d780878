"""Showing threads: nesting, placeholders, sorting, pagination and a constant query count."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.threads import thread_page
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


def texts(nodes):
    return [(node.comment.text, texts(node.replies)) for node in nodes]


def test_replies_nest_in_order():
    article = make_article()
    first = make_comment(article, text="first")
    second = make_comment(article, text="second")
    a = make_comment(article, parent=first, text="a")
    make_comment(article, parent=second, text="x")
    make_comment(article, parent=a, text="a1")
    make_comment(article, parent=first, text="b")
    _, roots = thread_page(article)
    assert texts(roots) == [
        ("first", [("a", [("a1", [])]), ("b", [])]),
        ("second", [("x", [])]),
    ]
    first.refresh_from_db()
    assert first.nested_count == 3
    assert list(Comment.objects.filter(thread=first).values_list("text", flat=True)) == [
        "first", "a", "a1", "b",
    ]  # fmt: skip


@override_settings(COMMENTS_MAX_DEPTH=2)
def test_deeper_replies_attach_at_the_deepest_level():
    article = make_article()
    top = make_comment(article)
    one = make_comment(article, parent=top)
    two = make_comment(article, parent=one)
    three = make_comment(article, parent=two)
    assert (two.level, three.level) == (2, 2)
    assert three.parent == one


def test_removed_comment_with_replies_leaves_placeholder(client):
    article = make_article()
    gone = make_comment(article, text="Rude words here", name="Rude")
    make_comment(article, parent=gone, text="A calm answer")
    alone = make_comment(article, text="Removed and alone")
    Comment.objects.filter(pk__in=[gone.pk, alone.pk]).update(status=Comment.Status.REMOVED)
    make_comment(article, text="Still waiting", status=Comment.Status.PENDING)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comment removed." in html
    assert "A calm answer" in html
    assert "Rude words here" not in html
    assert "Rude" not in html
    assert "Removed and alone" not in html
    assert "Still waiting" not in html


def test_sorting_oldest_newest_and_picks():
    article = make_article()
    old = make_comment(article, text="old")
    new = make_comment(article, text="new")
    picked = make_comment(article, parent=old, text="picked reply")
    Comment.objects.filter(pk=new.pk).update(created_at=old.created_at.replace(year=2100))
    assert [n.comment.text for n in thread_page(article, sort="oldest")[1]] == ["old", "new"]
    assert [n.comment.text for n in thread_page(article, sort="newest")[1]] == ["new", "old"]
    Comment.objects.filter(pk=picked.pk).update(is_featured=True)
    Comment.objects.filter(pk=new.pk).update(created_at=old.created_at.replace(year=1999))
    assert [n.comment.text for n in thread_page(article, sort="picks")[1]] == ["old", "new"]
    assert [n.comment.text for n in thread_page(article, sort="bogus")[1]] == ["new", "old"]


def test_featured_comments_are_marked(client):
    article = make_article()
    make_comment(article, text="Worth reading", is_featured=True)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "comment--pick" in html
    assert "Editors’ pick" in html


def make_thread(article, count):
    """`count` comments: a third of them replies, some nested two deep."""
    tops = []
    for n in range(count):
        if n % 3 == 2 and tops:
            parent = tops[-1]
            reply = make_comment(article, parent=parent, text=f"reply {n}")
            if n % 2:
                make_comment(article, parent=reply, text=f"deep {n}")
        else:
            tops.append(make_comment(article, text=f"top {n}"))
    return tops


# "Most read" is cached a minute; computed on every request, each page pays the same for it.
@override_settings(COMMENTS_PER_PAGE=20, READERSHIP_MOST_READ_CACHE_SECONDS=0)
def test_article_page_query_count_is_constant(client, django_assert_num_queries, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0  # what a render costs, fragments included
    small, large = make_article(), make_article()
    make_thread(small, 10)
    make_thread(large, 1000)
    counts = {}
    for name, article in [("small", small), ("large", large)]:
        for page in (1, 2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{article.get_absolute_url()}?cpage={page}")
            assert response.status_code == 200
            counts[name, page] = len(queries)
    assert counts["small", 1] == counts["large", 1] == counts["large", 2], counts
    assert Comment.objects.filter(article=large).count() > 1000
    html = client.get(f"{large.get_absolute_url()}?cpage=2").content.decode()
    assert 'aria-label="Comment pages"' in html
    assert 'aria-current="page" href="?cpage=2#comments"' in html
    # The thread itself (counts, top-level page, its replies, the article's overrides):
    with django_assert_num_queries(5):
        page_obj, roots = thread_page(large, page=3)
        Comment.objects.filter(article=large).visible_to_public().count()
        from comments.moderation import article_comment_settings

        article_comment_settings(large)
        page_obj.paginator.num_pages  # noqa: B018
    assert len(roots) == 20
    assert page_obj.paginator.num_pages == len(
        Comment.objects.filter(article=large, level=0)
    ) // 20 + bool(len(Comment.objects.filter(article=large, level=0)) % 20)


def test_thread_tag_query_count_same_for_10_and_1000(rf, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser
    from django.template import RequestContext, Template

    template = Template("{% load comments_tags %}{% comment_thread article %}")
    for size in (10, 1000):
        article = make_article()
        make_thread(article, size)
        request = rf.get(article.get_absolute_url(), {"cpage": "2"})
        request.user = AnonymousUser()
        with django_assert_num_queries(5):
            html = template.render(RequestContext(request, {"article": article}))
        assert "comment-list" in html


def test_out_of_range_page_shows_last_page(client):
    article = make_article()
    make_comment(article, text="only one")
    response = client.get(f"{article.get_absolute_url()}?cpage=999")
    assert response.status_code == 200
    assert "only one" in response.content.decode()
    assert client.get(f"{article.get_absolute_url()}?cpage=abc").status_code == 200
