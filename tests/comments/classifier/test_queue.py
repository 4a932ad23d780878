"""Moderators see the classifier's reasons in the queue, the doubtful comments first, and can
list the most likely spam to clear it in one bulk action."""

import pytest
from django.urls import reverse

from comments.classifier.models import Assessment
from comments.models import Comment
from tests.factories import make_comment

pytestmark = pytest.mark.django_db


def held(article, text, probability, reason):
    comment = make_comment(article, text=text, status=Comment.Status.PENDING)
    Assessment.objects.create(comment=comment, spam_probability=probability, reason=reason)
    return comment


@pytest.fixture
def queue(article):
    return {
        "sure_spam": held(article, "Cheap pills", 0.99, "Looks like spam (0.99): wording such "
                          "as “pills”; 1 link to a new domain (pills.example)."),
        "doubtful": held(article, "Thanks for sharing", 0.55, "Unsure (spam score 0.55)."),
        "sure_good": held(article, "The council vote", 0.005, "Looks legitimate (0.01)."),
        "unscored": make_comment(article, text="Old comment", status=Comment.Status.PENDING),
    }  # fmt: skip


def test_queue_shows_reasons_hardest_cases_first(client, moderator, queue):
    client.force_login(moderator)
    response = client.get(
        reverse("admin:comments_comment_changelist"), {"status__exact": "pending"}
    )
    page = response.content.decode()
    assert "Looks like spam (0.99): wording such as “pills”; 1 link to a new domain" in page
    listed = list(response.context["cl"].result_list)
    assert listed == [queue["doubtful"], queue["sure_spam"], queue["sure_good"], queue["unscored"]]


def test_most_likely_spam_view_and_bulk_spam(
    client, moderator, queue, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    url = reverse("admin:comments_comment_changelist")
    response = client.get(url, {"classifier": "spam"})
    assert list(response.context["cl"].result_list) == [queue["sure_spam"]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url + "?classifier=spam",
            {"action": "mark_spam_selected", "select_across": "1", "_selected_action": ["0"]},
        )
    statuses = dict(Comment.objects.values_list("pk", "status"))
    assert statuses[queue["sure_spam"].pk] == Comment.Status.SPAM
    assert statuses[queue["doubtful"].pk] == Comment.Status.PENDING


def test_queue_query_count_does_not_grow_with_assessments(
    client, article, moderator, queue, django_assert_max_num_queries
):
    client.force_login(moderator)
    url = reverse("admin:comments_comment_changelist")
    client.get(url)
    for n in range(5):
        held(article, f"More {n}", 0.5, "Unsure (spam score 0.50).")
    with django_assert_max_num_queries(12):
        client.get(url)


def test_a_comments_page_shows_the_verdict(client, moderator, queue):
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[queue["doubtful"].pk])
    assert "Unsure (spam score 0.55)." in client.get(url).content.decode()
    url = reverse("admin:comments_comment_change", args=[queue["unscored"].pk])
    assert client.get(url).status_code == 200
