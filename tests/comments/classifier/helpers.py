"""Training the classifier in tests through moderators' real decisions."""

from comments.classifier.services import learning_batched
from comments.models import Comment
from comments.moderation import comment_approve, comment_mark_spam
from tests.comments.spam_corpus import corpus
from tests.factories import make_article, make_comment


def corpus_split(count, *, seed=3):
    samples = corpus(count * 4, seed=seed)
    spam = [sample for sample in samples if sample.is_spam][:count]
    legitimate = [sample for sample in samples if not sample.is_spam][:count]
    return spam, legitimate


def decide(article, moderator, samples):
    """Post `samples` as held comments and let `moderator` decide each by its true label."""
    comments = []
    for sample in samples:
        comment = make_comment(
            article, text=sample.text, email=sample.email, status=Comment.Status.PENDING
        )
        decision = comment_mark_spam if sample.is_spam else comment_approve
        decision(comment=comment, moderator=moderator)
        comments.append(comment)
    return comments


TRAINED_EACH = 30


def train(article, moderator, capture, *, each=TRAINED_EACH, seed=3):
    """Moderator decisions on `each` spam and `each` legitimate comments (on an article of
    their own, so `article`'s thread stays empty), learned in one update (`capture` is
    pytest-django's django_capture_on_commit_callbacks)."""
    spam, legitimate = corpus_split(each, seed=seed)
    with capture(execute=True), learning_batched():
        # Interleaved, as a real queue mixes them.
        mixed = [sample for pair in zip(spam, legitimate, strict=True) for sample in pair]
        decide(make_article(), moderator, mixed)
