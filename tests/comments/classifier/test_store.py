"""The model is stored in the database, so every worker scores alike; a damaged one falls back
to the plain policy; scoring is bounded and costs no query."""

import logging

import pytest
from django.urls import reverse

from comments.classifier import estimator as nb
from comments.classifier import store
from comments.classifier.features import MAX_TEXT_CHARS, vectorize
from comments.classifier.models import SpamModel
from comments.classifier.services import comment_assess
from comments.models import Comment
from tests.factories import form_data

from .helpers import corpus_split, train

pytestmark = pytest.mark.django_db

TEXTS = [
    "Cheap viagra without prescription, 100% guaranteed: https://bestdeal42.xyz/offer",
    "I think the council should have consulted residents before deciding on rents.",
    "Thanks for sharing, the council vote matters. https://localnews.example/",
]


def scores():
    model = store.current_model()
    return list(nb.spam_probability(model.estimator, vectorize(TEXTS, [""] * len(TEXTS))))


def test_a_fresh_load_from_the_database_scores_the_same(
    article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    in_memory = scores()
    store.forget()  # as a newly started worker
    assert scores() == pytest.approx(in_memory, abs=1e-12)
    assert store.current_model().version == SpamModel.objects.get().version


def test_workers_reload_when_the_stored_version_changes(
    article, moderator, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_CLASSIFIER_RECHECK_SECONDS = 0
    train(article, moderator, django_capture_on_commit_callbacks)
    other_worker = store.current_model()
    train(article, moderator, django_capture_on_commit_callbacks, seed=5)
    store._state.model, store._state.version = other_worker, other_worker.version
    assert store.current_model().version == SpamModel.objects.get().version > other_worker.version


def test_scoring_a_comment_costs_no_query(
    article, moderator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    train(article, moderator, django_capture_on_commit_callbacks)
    scores()
    with django_assert_num_queries(0):
        scores()


def test_a_corrupt_stored_model_falls_back_to_the_policy(
    client, article, moderator, django_capture_on_commit_callbacks, settings, caplog
):
    settings.COMMENTS_MODERATION = "auto"
    train(article, moderator, django_capture_on_commit_callbacks)
    SpamModel.objects.update(state=b"not a model", version=99)
    store.forget()
    with caplog.at_level(logging.WARNING, logger="comments.classifier.store"):
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, text=TEXTS[1], email="new@example.net"),
        )
    assert response.status_code == 302
    comment = Comment.objects.get(email="new@example.net")
    assert comment.status == Comment.Status.PENDING
    assert "First comment" in comment.held_reason
    assert "stored model v99 is unusable" in caplog.text


def test_wrong_shapes_and_other_formats_are_refused_on_load():
    import io

    import numpy as np

    trained = nb.empty_estimator()
    restored = nb.restore(nb.dump(trained))
    assert restored.regression.coef_.shape == trained.regression.coef_.shape

    def stored(**arrays):
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    good = dict(np.load(io.BytesIO(nb.dump(trained))))
    for damaged in (
        {**good, "average_coef": np.ones(10)},  # another feature count
        {**good, "examples": np.array([-1.0, 3.0])},
        {**good, "t": np.array([np.nan])},
        {k: v for k, v in good.items() if k != "state_format"},  # a naive Bayes model's era
        {"feature_count": np.ones((2, 10)), "class_count": np.ones(2)},
    ):
        with pytest.raises(nb.CorruptModel):
            nb.restore(stored(**damaged))


def test_huge_input_is_cut_before_vectorizing(
    article, moderator, django_capture_on_commit_callbacks
):
    train(article, moderator, django_capture_on_commit_callbacks)
    spam, _ = corpus_split(1)
    huge = spam[0].text + " " + "x" * 2_000_000
    assert (vectorize([huge], [""]) != vectorize([huge[:MAX_TEXT_CHARS]], [""])).nnz == 0
    assessment = comment_assess(text=huge, name="n" * 10_000)
    assert 0 <= assessment.spam_probability <= 1
    assert len(assessment.reason) <= 500 and len(assessment.signals) <= 500


def test_scoring_that_fails_leaves_the_decision_to_the_policy(
    client, article, moderator, django_capture_on_commit_callbacks, settings, caplog, monkeypatch
):
    settings.COMMENTS_MODERATION = "auto"
    train(article, moderator, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):
        raise ValueError("broken estimator")

    monkeypatch.setattr(nb, "spam_probability", broken)
    with caplog.at_level(logging.ERROR, logger="comments.classifier.services"):
        response = client.post(
            reverse("comments:post", args=[article.pk]),
            form_data(article, text=TEXTS[1], email="new@example.net"),
        )
    assert response.status_code == 302
    comment = Comment.objects.get(email="new@example.net")
    assert comment.status == Comment.Status.PENDING
    assert comment.assessment.spam_probability is None
    assert "scoring failed" in caplog.text
