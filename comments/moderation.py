"""Moderation: the policy that decides whether a new comment goes up at once or waits, the
commenter history it rests on, and the decisions moderators take (approve, remove, mark as
spam, ban, feature, delete). The admin's actions and buttons call these functions."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import emails
from .classifier.models import Label
from .classifier.services import decision_label, example_record
from .conf import conf
from .models import ArticleCommentSettings, BlocklistEntry, Comment, Commenter, Moderation
from .spam import HOLD, SPAM, Finding
from .threads import delete_from_thread, subtree_of

# The policy in force for an article


def article_comment_settings(article):
    """The article's overrides, or None (one query)."""
    return ArticleCommentSettings.objects.filter(article=article).first()


def moderation_policy(article, article_settings=None):
    """The moderation policy in force for `article`: its override, else the site's."""
    if article_settings and article_settings.moderation:
        return article_settings.moderation
    return conf.MODERATION


def comments_close_at(article, article_settings=None):
    """When commenting on `article` closes automatically, or None for never."""
    if article_settings and article_settings.closes_at:
        return article_settings.closes_at
    if conf.CLOSE_AFTER_DAYS and article.first_published_at:
        return article.first_published_at + timedelta(days=conf.CLOSE_AFTER_DAYS)
    return None


def comments_are_open(article, article_settings=None):
    if not article.comments_open or not article.is_published():
        return False
    close_at = comments_close_at(article, article_settings)
    return close_at is None or timezone.now() < close_at


# Whether a new comment waits for a moderator


def can_moderate(user):
    return bool(user and user.is_authenticated and user.has_perm("comments.moderate_comment"))


def is_trusted(*, user, commenter):
    """Pre-moderation trusts an email with an approved comment and no removal history. A guest
    must also have confirmed the address, or anyone could post under a trusted one."""
    if commenter is None or commenter.approved_count == 0 or commenter.has_removal_history():
        return False
    return bool(user and user.is_authenticated) or commenter.is_confirmed


@dataclass(frozen=True)
class Review:
    findings: list
    # The classifier's verdict decided (under "auto"): publish, or spam.
    by_classifier: bool = False


def review_findings(*, article, article_settings, user, commenter, assessment=None):
    """Reasons to hold a comment that passed the spam checks, under the article's policy (a
    Review). Under "auto", `assessment` (the classifier's) decides for commenters "pre" would
    hold; while it abstains, "pre" decides."""
    if can_moderate(user):
        return Review([])
    if commenter is not None and commenter.has_removal_history():
        return Review(
            [
                Finding(
                    HOLD,
                    "removal_history",
                    f"Commenter has {commenter.removed_count} removed comments: "
                    "back to pre-moderation.",
                )
            ]
        )
    policy = moderation_policy(article, article_settings)
    if policy == Moderation.POST:
        return Review([])
    if is_trusted(user=user, commenter=commenter):
        return Review([])
    probability = assessment.spam_probability if assessment is not None else None
    if policy == Moderation.AUTO and probability is not None:
        if probability >= conf.AUTO_SPAM_ABOVE:
            return Review([Finding(SPAM, "classifier_spam", assessment.reason)], True)
        if probability <= conf.AUTO_PUBLISH_BELOW:
            return Review([], True)
        return Review([Finding(HOLD, "classifier_unsure", assessment.reason)])
    return Review(_pre_moderation_findings(commenter, policy))


def _pre_moderation_findings(commenter, policy):
    if commenter is None or commenter.approved_count == 0:
        reason = "First comment from this commenter (pre-moderation)."
        code = "first_comment"
    elif not commenter.is_confirmed:
        reason = "Commenter has not confirmed their email address (pre-moderation)."
        code = "unconfirmed_email"
    else:
        reason = "Pre-moderation."
        code = "pre_moderation"
    if policy == Moderation.AUTO:
        reason += " The spam classifier is still learning from moderators' decisions."
    return [Finding(HOLD, code, reason)]


def commenter_refresh_history(*, email):
    """Recount a commenter's approved and removed comments from the comments themselves."""
    if not email:
        return None
    email = Commenter.normalize(email)
    counts = Comment.objects.filter(email=email).aggregate(
        approved=Count("pk", filter=Comment.objects.public_condition()),
        removed=Count("pk", filter=Comment.objects.removed_by_moderator_condition()),
    )
    commenter, _ = Commenter.objects.get_or_create(email=email)
    commenter.approved_count = counts["approved"]
    commenter.removed_count = counts["removed"]
    commenter.save(update_fields=["approved_count", "removed_count"])
    return commenter


# Moderators' decisions


def validate_removal(*, reason, note=""):
    """Raise ValidationError (keyed by field) unless `reason` and `note` make a removal:
    a Comment.RemovalReason, and a note when the reason is "other"."""
    if reason not in Comment.RemovalReason.values:
        raise ValidationError(
            {"reason": ValidationError("Choose a reason for the removal.", code="invalid_reason")}
        )
    if reason == Comment.RemovalReason.OTHER and not note.strip():
        raise ValidationError(
            {"note": ValidationError("Say why the comment is removed.", code="note_required")}
        )


def _moderate(comment, *, moderator, status, reason="", note="", label=None):
    """Apply a moderator's decision; the classifier learns from it (`label`, by default the
    one `decision_label` gives the new status)."""
    comment.status = status
    comment.removal_reason = reason
    comment.removal_note = note
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.decided_by_classifier = False
    comment.full_clean(exclude=["parent", "thread", "article", "user", "text_digest"])
    comment.save(
        update_fields=[
            "status", "removal_reason", "removal_note", "moderated_by", "moderated_at",
            "decided_by_classifier",
        ]
    )  # fmt: skip
    if label is None:
        label = decision_label(status=status, removal_reason=reason)
    example_record(comment=comment, label=label, moderator=moderator)
    commenter_refresh_history(email=comment.email)
    emails.notify_status_change(comment)
    return comment


@transaction.atomic
def comment_approve(*, comment, moderator):
    """Publish a held (or removed) comment; its author's history counts it."""
    return _moderate(comment, moderator=moderator, status=Comment.Status.APPROVED)


@transaction.atomic
def comment_remove(*, comment, moderator, reason, note=""):
    """Take a comment down for `reason` (a Comment.RemovalReason); replies stay, under a
    "comment removed" placeholder. Kept in the commenter's history."""
    validate_removal(reason=reason, note=note)
    return _moderate(
        comment, moderator=moderator, status=Comment.Status.REMOVED, reason=reason, note=note
    )


@transaction.atomic
def comment_mark_spam(*, comment, moderator):
    return _moderate(
        comment,
        moderator=moderator,
        status=Comment.Status.SPAM,
        reason=Comment.RemovalReason.SPAM,
    )


@transaction.atomic
def comment_ban(*, comment, moderator):
    """Block the comment's email address and (hashed) IP, and remove the comment."""
    note = f"Banned from comment {comment.pk}"
    for kind, value in [
        (BlocklistEntry.Kind.EMAIL, comment.email),
        (BlocklistEntry.Kind.IP_HASH, comment.ip_hash),
    ]:
        if value:
            BlocklistEntry.objects.update_or_create(
                kind=kind,
                value=value,
                defaults={"action": BlocklistEntry.Action.REJECT, "note": note},
                create_defaults={
                    "action": BlocklistEntry.Action.REJECT,
                    "note": note,
                    "created_by": moderator,
                },
            )
    # A ban teaches the classifier the comment is spam: bans are for spammers and abusers.
    if comment.status in (Comment.Status.REMOVED, Comment.Status.SPAM):
        example_record(comment=comment, label=Label.SPAM, moderator=moderator)
        return comment
    return _moderate(
        comment,
        moderator=moderator,
        status=Comment.Status.REMOVED,
        reason=Comment.RemovalReason.ABUSE,
        note="Commenter banned.",
        label=Label.SPAM,
    )


def comment_set_featured(*, comment, featured):
    """Mark or unmark `comment` as an editors' pick (approved comments only)."""
    if featured and not comment.is_public():
        raise ValidationError("Only approved comments can be featured.", code="not_approved")
    comment.is_featured = featured
    comment.save(update_fields=["is_featured"])
    return comment


@transaction.atomic
def comment_delete(*, comment):
    """Delete `comment` and the replies below it for good (removal keeps them readable; this is
    for erasing what must not be kept). Thread counts and the commenters' histories follow.
    Returns the number of comments deleted."""
    emails_below = set(subtree_of(comment).values_list("email", flat=True))
    deleted = delete_from_thread(comment)
    for email in emails_below:
        commenter_refresh_history(email=email)
    return deleted
