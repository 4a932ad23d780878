from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment, CommentFlag
from comments.threads import thread_page
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args, **options):
    out = StringIO()
    call_command("demo_comments", *args, stdout=out, **options)
    return out.getvalue()


def test_nothing_to_comment_on():
    assert "No published articles" in run()
    assert Comment.objects.count() == 0


def test_demo_threads_queue_and_idempotence():
    articles = [make_article() for _ in range(6)]
    lead = articles[2]
    lead.is_lead = True
    lead.save()
    assert "Would add" in run("--dry-run")
    assert Comment.objects.count() == 0

    assert "Added" in run()
    long_thread = Comment.objects.filter(article=lead)
    assert long_thread.count() > 200
    page_obj, roots = thread_page(lead)
    assert page_obj.paginator.num_pages >= 5
    assert long_thread.filter(level=3).exists()
    assert long_thread.filter(is_featured=True).exists()
    assert long_thread.filter(status="removed", nested_count__gt=0).exists()
    others = [a for a in articles if a != lead]
    assert sum(1 for a in others if a.comments.visible_to_public().exists()) >= 3
    for status in ["pending", "spam"]:
        queue = Comment.objects.filter(status=status)
        assert queue.count() >= 3
        assert all(comment.held_reason for comment in queue)
    assert Comment.objects.filter(status="pending", flag_count__gt=0).count() == 2
    assert CommentFlag.objects.count() == 6
    # A comment held as someone's first comes from a commenter with no approved history.
    for comment in Comment.objects.filter(held_reason__startswith="First comment"):
        assert not Comment.objects.visible_to_public().filter(email=comment.email).exists()

    total = Comment.objects.count()
    assert "already exist" in run()
    assert Comment.objects.count() == total
    assert run(verbosity=0) == ""


def test_one_article_is_enough():
    make_article()
    run()
    assert Comment.objects.visible_to_public().count() > 100


def test_demo_threads_read_in_time_order_oldest_first():
    """As in real posting, every reply is newer than its parent and than the replies shown
    above it, and nothing is dated in the future."""
    lead = make_article(is_lead=True)
    run()
    page_obj, roots = thread_page(lead, sort="oldest")
    checked = 0
    for number in page_obj.paginator.page_range:
        _, roots = thread_page(lead, page=number, sort="oldest")
        pending = [(None, roots)]
        while pending:
            parent, siblings = pending.pop()
            times = [node.comment.created_at for node in siblings]
            assert times == sorted(times)
            if parent is not None:
                assert all(parent.comment.created_at <= time for time in times)
            for node in siblings:
                pending.append((node, node.replies))
                checked += 1
    assert checked > 200
    for thread_id in Comment.objects.values_list("thread_id", flat=True).distinct():
        times = list(
            Comment.objects.filter(thread_id=thread_id)
            .order_by("pk")
            .values_list("created_at", flat=True)
        )
        assert times == sorted(times)
    assert not Comment.objects.filter(created_at__gt=timezone.now()).exists()
