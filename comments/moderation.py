"""Moderation policy: whether a new comment goes up at once or waits for a moderator, and the
commenter history that decision rests on."""

from django.db.models import Count, Q

from .models import Comment, Commenter, Moderation, moderation_policy
from .spam import HOLD, Finding


def can_moderate(user):
    return bool(user and user.is_authenticated and user.has_perm("comments.moderate_comment"))


def is_trusted(*, user, commenter):
    """Pre-moderation trusts an email with an approved comment and no removal history. A guest
    must also have confirmed the address, or anyone could post under a trusted one."""
    if commenter is None or commenter.approved_count == 0 or commenter.has_removal_history():
        return False
    return bool(user and user.is_authenticated) or commenter.is_confirmed


def review_findings(*, article, article_settings, user, commenter):
    """Reasons to hold a comment that passed the spam checks, under the article's policy."""
    if can_moderate(user):
        return []
    if commenter is not None and commenter.has_removal_history():
        return [
            Finding(
                HOLD,
                "removal_history",
                f"Commenter has {commenter.removed_count} removed comments: "
                "back to pre-moderation.",
            )
        ]
    if moderation_policy(article, article_settings) == Moderation.POST:
        return []
    if is_trusted(user=user, commenter=commenter):
        return []
    if commenter is None or commenter.approved_count == 0:
        reason = "First comment from this commenter (pre-moderation)."
        code = "first_comment"
    elif not commenter.is_confirmed:
        reason = "Commenter has not confirmed their email address (pre-moderation)."
        code = "unconfirmed_email"
    else:
        reason = "Pre-moderation."
        code = "pre_moderation"
    return [Finding(HOLD, code, reason)]


def commenter_refresh_history(*, email):
    """Recount a commenter's approved and removed comments from the comments themselves."""
    if not email:
        return None
    email = Commenter.normalize(email)
    # Only a moderator's removals count: automatic spam marks may carry a forged address.
    counts = Comment.objects.filter(email=email).aggregate(
        approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)),
        removed=Count(
            "pk",
            filter=Q(
                status__in=[Comment.Status.REMOVED, Comment.Status.SPAM],
                moderated_by__isnull=False,
            ),
        ),
    )
    commenter, _ = Commenter.objects.get_or_create(email=email)
    commenter.approved_count = counts["approved"]
    commenter.removed_count = counts["removed"]
    commenter.save(update_fields=["approved_count", "removed_count"])
    return commenter
