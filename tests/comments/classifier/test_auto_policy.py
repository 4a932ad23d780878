"""The "auto" policy: the classifier publishes, holds or marks as spam a new commenter's
comment by its thresholds, and abstains (pre-moderation decides) until trained."""

import pytest
from django.urls import reverse

from comments.classifier.models import Assessment
from comments.conf import conf
from comments.models import Comment, Commenter
from tests.factories import form_data, make_trusted

from .helpers import train

pytestmark = pytest.mark.django_db

LEGITIMATE = "I think the council should have consulted residents before deciding on rents."
SPAMMY = "Cheap viagra without prescription, 100% guaranteed: https://bestdeal42.xyz/offer"


@pytest.fixture(autouse=True)
def auto_policy(settings):
    settings.COMMENTS_MODERATION = "auto"


@pytest.fixture
def trained(article, moderator, django_capture_on_commit_callbacks):
    train(article, moderator, django_capture_on_commit_callbacks)


def post(client, article, text, email="newcomer@example.net"):
    client.post(
        reverse("comments:post", args=[article.pk]), form_data(article, text=text, email=email)
    )
    return Comment.objects.filter(email=email).latest("pk")


def test_abstains_until_enough_decisions(
    client, article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks, each=9)  # 10 of each needed
    comment = post(client, article, LEGITIMATE)
    assert comment.status == Comment.Status.PENDING
    assert "First comment" in comment.held_reason
    assert "still learning" in comment.held_reason
    assert comment.assessment.spam_probability is None


def test_confident_legitimate_is_published(client, article, trained):
    comment = post(client, article, LEGITIMATE)
    assert comment.status == Comment.Status.APPROVED
    assert comment.decided_by_classifier
    assert comment.assessment.spam_probability <= conf.AUTO_PUBLISH_BELOW
    # Counted in the commenter's history like a moderator's approval.
    assert Commenter.objects.get(email="newcomer@example.net").approved_count == 1
    page = client.get(article.get_absolute_url())
    assert LEGITIMATE in page.content.decode()


def test_confident_spam_is_marked_and_never_shown(client, article, trained):
    comment = post(client, article, SPAMMY)
    assert comment.status == Comment.Status.SPAM
    assert comment.held_reason.startswith("Looks like spam (")
    assert "wording such as" in comment.held_reason
    assert Commenter.objects.get(email="newcomer@example.net").removed_count == 1
    assert not Comment.objects.visible_to_public().filter(pk=comment.pk).exists()
    assert "bestdeal42" not in client.get(article.get_absolute_url()).content.decode()


def test_unsure_is_held_with_a_reason(client, article, trained, settings):
    settings.COMMENTS_AUTO_PUBLISH_BELOW = 0.05
    settings.COMMENTS_AUTO_SPAM_ABOVE = 0.95
    text = "Thanks for sharing, the council vote matters. https://localnews.example/"
    comment = post(client, article, text)
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith("Unsure (spam score ")
    assert "1 link to a new domain (localnews.example)" in comment.held_reason
    assert not comment.decided_by_classifier


def test_pre_and_post_ignore_the_classifier(client, article, trained, settings):
    settings.COMMENTS_MODERATION = "pre"
    held = post(client, article, LEGITIMATE, email="first@example.net")
    assert held.status == Comment.Status.PENDING
    assert "First comment" in held.held_reason
    assert held.assessment.reason.startswith("Looks legitimate")
    settings.COMMENTS_MODERATION = "post"
    published = post(client, article, SPAMMY, email="second@example.net")
    assert published.status == Comment.Status.APPROVED
    assert published.assessment.reason.startswith("Looks like spam")


def test_trusted_commenters_are_published_as_under_pre(client, article, trained):
    make_trusted("regular@example.net")
    comment = post(client, article, SPAMMY, email="regular@example.net")
    assert comment.status == Comment.Status.APPROVED
    assert not comment.decided_by_classifier


def test_same_text_from_many_addresses_is_held(client, article, settings):
    settings.COMMENTS_MODERATION = "post"
    text = "Recovery expert got my savings back, contact them on WhatsApp +1 555 {n}"
    statuses = [
        post(client, article, text.format(n=1000 + n), email=f"bot{n}@example.org").status
        for n in range(3)
    ]
    assert statuses == [Comment.Status.APPROVED, Comment.Status.APPROVED, Comment.Status.PENDING]
    held = Comment.objects.get(email="bot2@example.org")
    assert "Nearly the same text came from 3 different addresses" in held.held_reason
    assert Assessment.objects.filter(similar_digest=held.assessment.similar_digest).count() == 3


def test_classifier_spam_marks_show_in_the_commenters_history(client, article, trained, moderator):
    post(client, article, SPAMMY)
    commenter = Commenter.objects.get(email="newcomer@example.net")
    client.force_login(moderator)
    page = client.get(reverse("admin:comments_commenter_change", args=[commenter.pk]))
    assert "Spam (by the spam classifier)" in page.content.decode()
