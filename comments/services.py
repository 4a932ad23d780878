"""Writes by readers and imports: posting a comment through the spam checks and the moderation
policy, storing imported comments, flags, email confirmation, unsubscribing and IP erasure.
Moderators' decisions are in `moderation.py`."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import emails, ratelimit
from .classifier.services import comment_assess
from .conf import conf
from .models import Comment, Commenter, CommentFlag
from .moderation import (
    article_comment_settings,
    can_moderate,
    commenter_refresh_history,
    comments_are_open,
    is_trusted,
    review_findings,
)
from .privacy import ip_hash as make_ip_hash
from .privacy import rate_limit_identity
from .spam import (
    HOLD,
    REJECT,
    SPAM,
    blocklist_findings,
    duplicate_findings,
    honeypot_findings,
    link_findings,
    rate_limit_findings,
    similar_text_findings,
    timing_findings,
)
from .text import clean_comment_name, clean_comment_text, render_comment_text, text_digest
from .threads import place_in_thread

logger = logging.getLogger(__name__)

CONFIRMATION_RESEND_SECONDS = 24 * 60 * 60


class CommentRefused(ValidationError):
    """A comment refused outright (closed thread, rate limit, blocklist, duplicate)."""


@dataclass(frozen=True)
class Submission:
    """What a reader posts, as `CommentForm` cleaned it: the text and name through
    `text.clean_comment_text` and `clean_comment_name`, the email a valid address or empty,
    and `parent` the comment replied to (or None). `comment_create` does not check these again."""

    text: str
    name: str = ""
    email: str = ""
    parent: Comment | None = None
    notify_replies: bool = False


@dataclass(frozen=True)
class Client:
    """What the request tells the spam checks about who posted and how."""

    ip_address: str | None = None
    honeypot: str = ""
    seconds_to_post: float | None = None


def comment_create(*, article, submission, user=None, client=None):
    """Post `submission` on `article` from `client` (a Client), after the spam checks and the
    moderation policy.

    Returns the stored comment: approved, pending (with `held_reason`) or spam. Raises
    CommentRefused (a ValidationError with a code: closed, invalid_parent, rate_limited,
    duplicate, blocklist_*) and stores nothing then.
    """
    client = client or Client()
    article_settings = article_comment_settings(article)
    if not comments_are_open(article, article_settings):
        raise CommentRefused("Commenting on this article is closed.", code="closed")
    parent = submission.parent
    if parent is not None and (parent.article_id != article.pk or not parent.is_public()):
        raise CommentRefused(
            "The comment you are replying to is not available.", code="invalid_parent"
        )
    name, email = submission.name, submission.email
    if user is not None and user.is_authenticated:
        name = name or clean_comment_name(user.get_full_name() or user.get_username())
        email = email or user.email
    else:
        user = None
    email = Commenter.normalize(email)
    ip_hash = make_ip_hash(client.ip_address)
    digest = text_digest(submission.text)

    commenter = Commenter.objects.for_email(email)
    findings = rate_limit_findings(
        email=email,
        ip_hash=make_ip_hash(rate_limit_identity(client.ip_address)),
        trusted=is_trusted(user=user, commenter=commenter),
    )
    findings += duplicate_findings(article=article, digest=digest, email=email, ip_hash=ip_hash)
    findings += blocklist_findings(
        text=submission.text,
        name=name,
        email=email,
        ip_address=client.ip_address,
        ip_hash=ip_hash,
    )
    findings += honeypot_findings(client.honeypot)
    findings += timing_findings(client.seconds_to_post)
    findings += link_findings(submission.text)
    rejected = [finding for finding in findings if finding.action == REJECT]
    if rejected:
        logger.info("Comment refused on article %s: %s", article.pk, rejected[0].code)
        raise CommentRefused(rejected[0].reason, code=rejected[0].code)

    assessment = comment_assess(
        text=submission.text,
        name=name,
        email=email,
        ip_hash=ip_hash,
        user=user,
        commenter=commenter,
        seconds_to_post=client.seconds_to_post,
        is_reply=parent is not None,
    )
    if not is_trusted(user=user, commenter=commenter) and not can_moderate(user):
        findings += similar_text_findings(assessment.similar_senders)
    classifier_decided = False
    if not any(finding.action == SPAM for finding in findings):
        review = review_findings(
            article=article,
            article_settings=article_settings,
            user=user,
            commenter=commenter,
            assessment=assessment,
        )
        findings += review.findings
        classifier_decided = review.by_classifier
    if any(finding.action == SPAM for finding in findings):
        status = Comment.Status.SPAM
    elif any(finding.action == HOLD for finding in findings):
        status = Comment.Status.PENDING
    else:
        status = Comment.Status.APPROVED

    comment = Comment(
        article=article,
        user=user,
        name=name[:80],
        email=email,
        text=submission.text,
        text_html=render_comment_text(submission.text),
        text_digest=digest,
        status=status,
        held_reason=" ".join(finding.reason for finding in findings),
        notify_replies=bool(submission.notify_replies and email),
        ip_address=client.ip_address,
        ip_hash=ip_hash,
    )
    # A hold by any other check leaves the decision to a moderator.
    comment.decided_by_classifier = classifier_decided and status != Comment.Status.PENDING
    if comment.decided_by_classifier and status == Comment.Status.SPAM:
        comment.removal_reason = Comment.RemovalReason.SPAM
    comment.full_clean(exclude=["article", "parent", "thread", "user"], validate_constraints=False)
    with transaction.atomic():
        place_in_thread(comment, parent=parent)
        assessment.comment = comment
        assessment.save()
        if email and commenter is None:
            commenter, _ = Commenter.objects.get_or_create(email=email)
        if comment.is_public() or comment.decided_by_classifier:
            commenter_refresh_history(email=email)
        # Until a guest confirms, each comment may send the link again (a first link can be
        # lost or expire), but no more than once a day per address.
        if (
            user is None
            and commenter is not None
            and commenter.confirmed_at is None
            and status != Comment.Status.SPAM
            and ratelimit.hit("confirm-email", email, limit=1, window=CONFIRMATION_RESEND_SECONDS)
        ):
            emails.notify_email_confirmation(commenter=commenter, comment=comment)
        emails.notify_status_change(comment)
    return comment


def comment_import(
    *,
    article,
    text,
    name,
    email="",
    parent=None,
    status=Comment.Status.APPROVED,
    created_at=None,
    held_reason="",
    **fields,
):
    """Store a comment as given, with no spam checks, policy or email: for imports and demo
    content. The text is cleaned and rendered, and the thread position computed."""
    text = clean_comment_text(text)
    comment = Comment(
        article=article,
        name=name,
        email=Commenter.normalize(email),
        text=text,
        text_html=render_comment_text(text),
        text_digest=text_digest(text),
        status=status,
        held_reason=held_reason,
        created_at=created_at or timezone.now(),
        **fields,
    )
    return place_in_thread(comment, parent=parent)


def comment_flag(*, comment, reason, note="", user=None, ip_address=None):
    """Record a reader's flag. Past COMMENTS_FLAGS_TO_HIDE flags a comment no moderator has
    reviewed yet is hidden pending review."""
    if not comment.is_public():
        raise ValidationError("This comment is not available.", code="not_public")
    if reason not in CommentFlag.Reason.values:
        raise ValidationError("Choose a reason.", code="invalid_reason")
    # One reader per address, or per /64 for IPv6 (as posting counts), so rotating through
    # a subscriber's addresses does not multiply a reader's flags.
    reader = make_ip_hash(rate_limit_identity(ip_address)) or (f"user-{user.pk}" if user else "")
    limit, window = conf.RATE_LIMIT_FLAGS
    if reader and not ratelimit.hit("flag", reader, limit=limit, window=window):
        raise CommentRefused("Too many reports from this address; try later.", code="rate_limited")
    with transaction.atomic():
        flag, created = CommentFlag.objects.get_or_create(
            comment=comment,
            ip_hash=reader,
            defaults={
                "reason": reason,
                "note": note.strip()[:300],
                "user": user if user and user.is_authenticated else None,
            },
        )
        if not created:
            raise ValidationError("You have already reported this comment.", code="already_flagged")
        Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
        comment.refresh_from_db(fields=["flag_count", "status"])
        if (
            comment.flag_count >= conf.FLAGS_TO_HIDE
            and comment.is_public()
            and comment.moderated_at is None
        ):
            comment.status = Comment.Status.PENDING
            comment.held_reason = " ".join(
                part
                for part in [
                    comment.held_reason,
                    f"Hidden after {comment.flag_count} reader flags.",
                ]
                if part
            )
            comment.save(update_fields=["status", "held_reason"])
            commenter_refresh_history(email=comment.email)
            emails.notify_status_change(comment)
    return flag


def commenter_confirm_email(*, commenter):
    """Mark the commenter's email as confirmed by its owner (through the signed link)."""
    if commenter.confirmed_at is None:
        commenter.confirmed_at = timezone.now()
        commenter.save(update_fields=["confirmed_at"])
    return commenter


def comment_unsubscribe(*, comment):
    """Stop reply notices for `comment`."""
    comment.notify_replies = False
    comment.save(update_fields=["notify_replies"])
    return comment


def comments_erase_ip_addresses(*, older_than_days=None, dry_run=False):
    """Erase raw IP addresses of comments older than the retention period; the keyed hash
    stays. Returns how many comments had one erased (or would, with `dry_run`)."""
    days = conf.IP_RETENTION_DAYS if older_than_days is None else older_than_days
    old = Comment.objects.filter(
        ip_address__isnull=False, created_at__lt=timezone.now() - timedelta(days=days)
    )
    if dry_run:
        return old.count()
    return old.update(ip_address=None)
