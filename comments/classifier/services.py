"""Scoring new comments, and learning from moderators' decisions.

`comment_assess` runs while a comment is posted; `example_record` runs inside each
moderator's decision and the model learns it once the decision is committed (a failure there
is logged and the decision stands; `manage.py train_spam_classifier` catches up)."""

import logging
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..conf import conf
from ..models import Comment
from . import estimator as nb
from . import store
from .features import link_domains, signal_tokens, similar_digest, vectorize
from .models import Assessment, Label, LinkDomain, TrainingExample
from .reasons import explain

logger = logging.getLogger(__name__)

MAX_DOMAINS = 20
BATCH_SIZE = 500
LABEL_CLASS = {Label.SPAM: nb.SPAM, Label.LEGITIMATE: nb.LEGITIMATE}


def comment_assess(
    *, text, name="", email="", ip_hash="", user=None, commenter=None, seconds_to_post=None,
    is_reply=False,
):  # fmt: skip
    """What the classifier makes of a comment about to be posted: an unsaved Assessment
    (spam_probability None when it abstains), plus `similar_senders`, the number of different
    addresses that sent nearly the same text recently, this one included. Two queries (link
    domains, similar texts); scoring itself needs none."""
    domains = link_domains(text)[:MAX_DOMAINS]
    known = {row.domain: row for row in LinkDomain.objects.filter(domain__in=domains)}
    new_domains = [d for d in domains if d not in known or known[d].legitimate_count <= 0]
    spam_domains = [
        d for d in domains if d in known and known[d].spam_count > known[d].legitimate_count
    ]
    digest = similar_digest(text)
    senders = 0
    if digest:
        since = timezone.now() - timedelta(seconds=conf.SIMILAR_WINDOW)
        senders = Assessment.objects.similar_senders(
            similar_digest=digest, since=since, email=email, ip_hash=ip_hash
        )
    signals = signal_tokens(
        text=text,
        name=name,
        signed_in=bool(user and user.is_authenticated),
        commenter=commenter,
        seconds_to_post=seconds_to_post,
        is_reply=is_reply,
        new_domains=len(new_domains),
        spam_domains=len(spam_domains),
        similar_senders=senders,
    )
    assessment = Assessment(signals=signals[:500], similar_digest=digest)
    assessment.similar_senders = senders
    model = store.current_model()
    if model is None or model.estimator is None or not model.is_ready():
        return assessment
    try:
        features = vectorize([text], [signals])
        probability = float(nb.spam_probability(model.estimator, features)[0])
    except Exception:  # a comment is never lost to the classifier: the policy decides alone
        logger.exception("Spam classifier: scoring failed; the policy decides without it")
        return assessment
    assessment.spam_probability = probability
    assessment.model_version = model.version
    assessment.reason = explain(
        estimator=model.estimator,
        probability=probability,
        text=text,
        signals=signals,
        links=len(domains),
        new_domains=new_domains,
        spam_domains=spam_domains,
        senders=senders,
    )[:500]
    return assessment


def training_status():
    """(spam, legitimate) decisions the model in use has learned, and how many it needs."""
    model = store.current_model()
    if model is None or model.estimator is None:
        return 0, 0, conf.CLASSIFIER_MIN_DECISIONS
    return model.spam_examples, model.legitimate_examples, conf.CLASSIFIER_MIN_DECISIONS


# Learning from moderators


def decision_label(*, status, removal_reason=""):
    """The label a moderator's decision gives a comment, or "" when it gives none (removed
    for abuse or off-topic: unwanted, but not spam)."""
    if status == Comment.Status.APPROVED:
        return Label.LEGITIMATE
    if status == Comment.Status.SPAM or (
        status == Comment.Status.REMOVED and removal_reason == Comment.RemovalReason.SPAM
    ):
        return Label.SPAM
    return ""


_batched = ContextVar("classifier_learning_batched", default=None)


@contextmanager
def learning_batched():
    """Learn the decisions taken inside the block in one model update at its end (bulk
    actions), instead of one update per decision."""
    pending = []
    token = _batched.set(pending)
    try:
        yield
    finally:
        _batched.reset(token)
        if pending:
            learn_pending_logged()


def example_record(*, comment, label, moderator=None):
    """Record a moderator's decision on `comment` as a training example (`label` a Label, or
    "" to withdraw an earlier one); the model learns it when the transaction commits."""
    if label:
        TrainingExample.objects.update_or_create(
            comment=comment,
            defaults={"label": label, "decided_by": moderator, "decided_at": timezone.now()},
        )
    elif not TrainingExample.objects.filter(comment=comment).update(label=""):
        return
    transaction.on_commit(_learn_after_decision)


def _learn_after_decision():
    pending = _batched.get()
    if pending is not None:
        pending.append(True)
    else:
        learn_pending_logged()


def learn_pending_logged():
    try:
        return model_learn_pending()
    except Exception:
        logger.exception("Spam classifier: learning failed; the decisions stay queued")
        return None


def _example_inputs(examples):
    texts, signals = [], []
    for example in examples:
        comment = example.comment
        assessment = getattr(comment, "assessment", None)
        texts.append(comment.text)
        signals.append(
            assessment.signals
            if assessment is not None
            else signal_tokens(text=comment.text, name=comment.name, is_reply=comment.level > 0)
        )
    return texts, signals


def _learn_examples(estimator, examples, *, weight, label_of):
    examples = [example for example in examples if label_of(example)]
    if not examples:
        return Counter()
    texts, signals = _example_inputs(examples)
    labels = [LABEL_CLASS[label_of(example)] for example in examples]
    nb.learn(estimator, vectorize(texts, signals), labels, [weight] * len(examples))
    domains = Counter()
    for example, text in zip(examples, texts, strict=True):
        for domain in link_domains(text)[:MAX_DOMAINS]:
            domains[(domain, label_of(example))] += weight
    return domains


def _apply_domain_counts(deltas):
    for (domain, label), delta in deltas.items():
        if not delta:
            continue
        field = "spam_count" if label == Label.SPAM else "legitimate_count"
        row, _ = LinkDomain.objects.get_or_create(domain=domain)
        LinkDomain.objects.filter(pk=row.pk).update(**{field: F(field) + delta})


def _pending_examples():
    return (
        TrainingExample.objects.exclude(label=F("learned_label"))
        .select_related("comment", "comment__assessment")
        .order_by("pk")
    )


@transaction.atomic
def model_learn_pending():
    """Learn every decision not yet in the stored model (a changed one again, with its new
    label) in one update of the model row. Returns the number of examples learned."""
    if not _pending_examples().exists():
        return 0
    row, estimator = store.model_for_update()
    learned = 0
    while batch := list(_pending_examples()[:BATCH_SIZE]):
        deltas = _learn_examples(
            estimator, batch, weight=-1, label_of=lambda example: example.learned_label
        )
        deltas.update(_learn_examples(estimator, batch, weight=1, label_of=lambda e: e.label))
        for example in batch:
            example.learned_label = example.label
        TrainingExample.objects.bulk_update(batch, ["learned_label"])
        _apply_domain_counts(deltas)
        learned += len(batch)
    TrainingExample.objects.filter(label="", learned_label="").delete()
    store.save(row, estimator)
    return learned


def examples_from_history():
    """Training examples for moderators' past decisions that have none (decisions taken before
    the classifier was installed). Returns how many were added."""
    decided = (
        Comment.objects.filter(moderated_by__isnull=False, training_example__isnull=True)
        .only("pk", "status", "removal_reason", "moderated_by", "moderated_at")
        .order_by("pk")
    )
    added, batch = 0, []
    for comment in decided.iterator(chunk_size=BATCH_SIZE):
        label = decision_label(status=comment.status, removal_reason=comment.removal_reason)
        if label:
            batch.append(
                TrainingExample(
                    comment=comment,
                    label=label,
                    decided_by_id=comment.moderated_by_id,
                    decided_at=comment.moderated_at or timezone.now(),
                )
            )
        if len(batch) == BATCH_SIZE:
            added += len(TrainingExample.objects.bulk_create(batch))
            batch = []
    added += len(TrainingExample.objects.bulk_create(batch))
    return added


@transaction.atomic
def model_retrain(*, progress=None):
    """Train a new model from every recorded decision (and the link-domain history with it),
    replacing the stored one. `progress(n)` is called after each batch. Returns
    (spam, legitimate) examples learned."""
    row, _ = store.model_for_update()
    estimator = nb.empty_estimator()
    TrainingExample.objects.filter(label="").delete()
    LinkDomain.objects.all().delete()
    examples = (
        TrainingExample.objects.select_related("comment", "comment__assessment")
        .order_by("pk")
        .iterator(chunk_size=BATCH_SIZE)
    )
    deltas, batch = Counter(), []
    for example in examples:
        batch.append(example)
        if len(batch) == BATCH_SIZE:
            deltas.update(_learn_examples(estimator, batch, weight=1, label_of=lambda e: e.label))
            if progress:
                progress(len(batch))
            batch = []
    deltas.update(_learn_examples(estimator, batch, weight=1, label_of=lambda e: e.label))
    if progress and batch:
        progress(len(batch))
    _apply_domain_counts(deltas)
    TrainingExample.objects.update(learned_label=F("label"))
    loaded = store.save(row, estimator)
    return loaded.spam_examples, loaded.legitimate_examples


def model_reset():
    """Start the classifier over: the model, the recorded decisions and the link-domain history
    are deleted, and it abstains until moderators have decided enough comments again.
    Returns the number of decisions forgotten."""
    with transaction.atomic():
        store.reset()
        LinkDomain.objects.all().delete()
        return TrainingExample.objects.all().delete()[0]
