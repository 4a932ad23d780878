"""The classifier learns from moderators' decisions in the admin, single and bulk."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from comments.classifier import store
from comments.classifier.models import Label, SpamModel, TrainingExample
from comments.classifier.services import comment_assess, model_retrain
from comments.models import Comment
from comments.moderation import comment_approve, comment_ban, comment_remove
from tests.factories import make_comment

from .helpers import TRAINED_EACH, corpus_split, train

pytestmark = pytest.mark.django_db

SPAMMY = "Buy cheap replica watches online, 50% off today: https://megadeal77.shop/go"


def spam_score(text):
    return comment_assess(text=text).spam_probability


def test_single_decision_in_the_admin_is_learned(
    client, article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    before = spam_score(SPAMMY)
    version = SpamModel.objects.get().version
    comment = make_comment(article, text=SPAMMY, status=Comment.Status.PENDING)
    client.force_login(moderator)
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "spam"})
    assert TrainingExample.objects.get(comment=comment).label == Label.SPAM
    assert SpamModel.objects.get().version == version + 1
    assert spam_score(SPAMMY) != before


def test_bulk_approval_in_the_admin_is_learned_in_one_update(
    client, article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    text = "The council should publish the bus lane figures before the vote."
    before = spam_score(text)
    version = SpamModel.objects.get().version
    comments = [
        make_comment(article, text=f"{text} ({n})", status=Comment.Status.PENDING) for n in range(3)
    ]
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve_selected", "_selected_action": [c.pk for c in comments]},
        )
    labels = TrainingExample.objects.filter(comment__in=comments).values_list("label", flat=True)
    assert list(labels) == [Label.LEGITIMATE] * 3
    model = SpamModel.objects.get()
    assert model.version == version + 1
    assert model.legitimate_examples == TRAINED_EACH + 3
    assert spam_score(text) < before


def test_which_decisions_are_examples(article, moderator, django_capture_on_commit_callbacks):
    removed_as_spam, removed_for_abuse, banned = (
        make_comment(article, status=Comment.Status.PENDING) for _ in range(3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=removed_as_spam, moderator=moderator, reason="spam")
        comment_remove(comment=removed_for_abuse, moderator=moderator, reason="abuse")
        comment_ban(comment=banned, moderator=moderator)
    labels = dict(TrainingExample.objects.values_list("comment_id", "label"))
    assert labels == {removed_as_spam.pk: Label.SPAM, banned.pk: Label.SPAM}
    assert SpamModel.objects.get().spam_examples == 2


def test_retraining_gives_the_model_learned_one_decision_at_a_time(
    article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    for text in (SPAMMY, "Thanks, the figures on the budget vote were useful."):
        comment = make_comment(article, text=text, status=Comment.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            decide = comment_remove if text == SPAMMY else comment_approve
            decide(
                comment=comment,
                moderator=moderator,
                **({"reason": "spam"} if text == SPAMMY else {}),
            )
    incremental = spam_score(SPAMMY)
    with django_capture_on_commit_callbacks(execute=True):
        model_retrain()
    # The same model, to float rounding (updates in other batches round differently).
    assert spam_score(SPAMMY) == pytest.approx(incremental, abs=1e-4)


def test_a_changed_decision_is_learned_again(
    article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    comment = make_comment(article, text=SPAMMY, status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, moderator=moderator)
    approved = spam_score(SPAMMY)
    with django_capture_on_commit_callbacks(execute=True):
        comment_remove(comment=comment, moderator=moderator, reason="spam")
    model = SpamModel.objects.get()
    assert (model.spam_examples, model.legitimate_examples) == (TRAINED_EACH + 1, TRAINED_EACH)
    assert spam_score(SPAMMY) != approved
    with django_capture_on_commit_callbacks(execute=True):
        model_retrain()  # the approval is forgotten: one pass over the decisions as they are
    model = SpamModel.objects.get()
    assert (model.spam_examples, model.legitimate_examples) == (TRAINED_EACH + 1, TRAINED_EACH)


def test_train_command_learns_past_decisions_and_is_idempotent(article, moderator):
    spam, legitimate = corpus_split(10)
    for sample in spam + legitimate:
        # Decided before the classifier existed: no training example.
        status = Comment.Status.SPAM if sample.is_spam else Comment.Status.APPROVED
        make_comment(article, text=sample.text, status=status, moderated_by=moderator)
    make_comment(article, status=Comment.Status.SPAM)  # the honeypot's: no moderator

    out = _call("train_spam_classifier", "--dry-run")
    assert "Dry run" in out and "Trained on 10 spam and 10 legitimate" in out
    assert not SpamModel.objects.exists() and not TrainingExample.objects.exists()

    out = _call("train_spam_classifier")
    assert "Trained on 10 spam and 10 legitimate decision(s) (20 taken before" in out
    store.forget()
    first = spam_score(SPAMMY)
    assert first is not None and first > 0.5

    out = _call("train_spam_classifier")
    assert "Trained on 10 spam and 10 legitimate decision(s) (0 taken before" in out
    store.forget()
    assert spam_score(SPAMMY) == pytest.approx(first)

    assert "Forgot the model and 20 recorded decision(s)" in _call(
        "train_spam_classifier", "--reset"
    )
    store.forget()
    assert spam_score(SPAMMY) is None


def _call(*args):
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()
