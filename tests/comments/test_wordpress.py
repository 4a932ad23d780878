"""Imported WordPress comments: thread positions worked out in bulk, whatever the file says."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test.utils import override_settings

from articles.wordpress.summary import Summary
from articles.wordpress.wxr import Comment as WXRComment
from comments.models import Comment
from comments.wordpress import CommentImporter
from tests.factories import make_article

pytestmark = pytest.mark.django_db

START = datetime(2020, 1, 1, tzinfo=UTC)


def wp_comment(wp_id, parent=0, minutes=0, **fields):
    fields.setdefault("author", f"Reader {wp_id}")
    fields.setdefault("content", f"Comment {wp_id}")
    return WXRComment(
        wp_id=wp_id, line=1, date=START + timedelta(minutes=minutes), parent_wp_id=parent,
        **fields,
    )  # fmt: skip


def import_comments(article, comments):
    summary = Summary()
    importer = CommentImporter(source="https://old.example.org", summary=summary)
    importer.add(article=article, comments=comments, article_is_new=True)
    importer.finish()
    return summary


def by_name():
    return {comment.name: comment for comment in Comment.objects.all()}


def test_a_cycle_of_parents_becomes_top_level_comments_instead_of_being_lost():
    article = make_article()
    summary = import_comments(
        article, [wp_comment(1, parent=2), wp_comment(2, parent=1, minutes=1)]
    )
    assert summary.created["comments"] == 2
    comments = by_name()
    assert {comments["Reader 1"].level, comments["Reader 2"].level} == {0}
    assert all(comment.thread_id == comment.pk for comment in comments.values())


@override_settings(COMMENTS_MAX_DEPTH=3)
def test_a_very_long_chain_of_replies_is_placed_without_recursion():
    article = make_article()
    chain = [wp_comment(1)] + [wp_comment(n, parent=n - 1, minutes=n) for n in range(2, 3001)]
    import_comments(article, list(reversed(chain)))
    comments = by_name()
    top = comments["Reader 1"]
    assert top.nested_count == 2999
    assert max(comment.level for comment in comments.values()) == 3
    ordered = list(Comment.objects.filter(thread=top).order_by("order"))
    assert [comment.name for comment in ordered[:4]] == [f"Reader {n}" for n in range(1, 5)]
    assert [comment.created_at for comment in ordered] == sorted(c.created_at for c in ordered)


def test_a_reply_whose_parent_is_missing_is_shown_top_level_and_noted():
    article = make_article()
    summary = import_comments(article, [wp_comment(5, parent=999)])
    assert by_name()["Reader 5"].level == 0
    assert "their parent is not in the export" in " ".join(summary.notes)


def test_empty_names_bad_emails_and_control_characters_are_tidied():
    article = make_article()
    import_comments(
        article, [wp_comment(7, author="", email="not an email", content="Hi\x07 there")]
    )
    comment = Comment.objects.get()
    assert (comment.name, comment.email, comment.text) == ("Anonymous", "", "Hi there")
