"""Writes on comments. The posting view, the admin, the demo command and the tests call these."""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from . import emails, ratelimit
from .conf import conf
from .models import (
    BlocklistEntry,
    Comment,
    Commenter,
    CommentFlag,
    article_comment_settings,
    comments_are_open,
)
from .moderation import commenter_refresh_history, review_findings
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
    timing_findings,
)
from .text import (
    has_control_characters,
    normalize_newlines,
    render_comment_text,
    strip_invisible,
    text_digest,
)

logger = logging.getLogger(__name__)

CONFIRMATION_RESEND_SECONDS = 24 * 60 * 60


class CommentRefused(ValidationError):
    """A comment refused outright (closed thread, rate limit, blocklist, duplicate)."""


def validate_comment_text(text):
    """Raise ValidationError unless `text` is a postable comment; returns it tidied."""
    text = normalize_newlines(text or "").strip()
    if not strip_invisible(text).strip():
        raise ValidationError("Write a comment before posting.", code="required")
    if has_control_characters(text):
        raise ValidationError(
            "The comment contains control characters; please retype it as plain text.",
            code="control_characters",
        )
    if len(text) > conf.MAX_LENGTH:
        raise ValidationError(
            "Comments can be at most %(limit)s characters long; this one is %(length)s. "
            "Please shorten it.",
            code="too_long",
            params={"limit": f"{conf.MAX_LENGTH:,}", "length": f"{len(text):,}"},
        )
    return text


def validate_comment_name(name):
    """Raise ValidationError unless `name` is a name to show; returns it with whitespace
    collapsed. Joiners inside a name (Persian ZWNJ, emoji sequences) are kept."""
    name = " ".join((name or "").split())
    if not strip_invisible(name).strip():
        raise ValidationError("Enter your name.", code="required")
    if has_control_characters(name):
        raise ValidationError(
            "The name contains control characters; please retype it.",
            code="control_characters",
        )
    return name


def validate_parent(*, article, parent):
    if parent is None:
        return None
    if parent.article_id != article.pk or parent.status != Comment.Status.APPROVED:
        raise CommentRefused(
            "The comment you are replying to is not available.", code="invalid_parent"
        )
    return parent


@transaction.atomic
def _place_in_thread(comment, parent):
    """Set thread, level and order for a new comment and save it, in one transaction."""
    if parent is None:
        comment.level, comment.order = 0, 1
        comment.save()
        comment.thread = comment
        comment.save(update_fields=["thread"])
        return
    while parent.level >= conf.MAX_DEPTH:
        # Deeper replies attach at the deepest level, beside the comment they answer.
        parent = parent.parent
    # Lock the thread's top comment so concurrent replies get distinct positions (PostgreSQL;
    # SQLite's IMMEDIATE transactions already let one writer in at a time).
    Comment.objects.select_for_update().filter(pk=parent.thread_id).first()
    parent.refresh_from_db(fields=["order", "level"])
    in_thread = Comment.objects.filter(thread_id=parent.thread_id)
    next_outside = (
        in_thread.filter(order__gt=parent.order, level__lte=parent.level)
        .order_by("order")
        .values_list("order", flat=True)
        .first()
    )
    if next_outside is None:
        position = (in_thread.aggregate(last=Max("order"))["last"] or 0) + 1
    else:
        position = next_outside
        in_thread.filter(order__gte=position).update(order=F("order") + 1)
    comment.parent = parent
    comment.thread_id = parent.thread_id
    comment.level = parent.level + 1
    comment.order = position
    comment.save()
    ancestor_ids, node = [], parent
    while node is not None:
        ancestor_ids.append(node.pk)
        node = node.parent if node.parent_id else None
    Comment.objects.filter(pk__in=ancestor_ids).update(nested_count=F("nested_count") + 1)


def comment_create(
    *,
    article,
    text,
    name="",
    email="",
    user=None,
    parent=None,
    ip_address=None,
    notify_replies=False,
    honeypot="",
    seconds_to_post=None,
    created_at=None,
):
    """Post a comment on `article` after the spam checks and the moderation policy.

    Returns the stored comment: approved, pending (with `held_reason`) or spam. Raises
    CommentRefused (a ValidationError with a code: closed, invalid_parent, rate_limited,
    duplicate, blocklist_*) or ValidationError for bad text, and stores nothing then.
    """
    article_settings = article_comment_settings(article)
    if not comments_are_open(article, article_settings):
        raise CommentRefused("Commenting on this article is closed.", code="closed")
    text = validate_comment_text(text)
    validate_parent(article=article, parent=parent)
    if user is not None and user.is_authenticated:
        name = name or user.get_full_name() or user.get_username()
        email = email or user.email
    else:
        user = None
    try:
        name = validate_comment_name(name)[:80]
    except ValidationError as error:
        raise ValidationError({"name": error}) from None
    email = Commenter.normalize(email or "")
    ip_hash = make_ip_hash(ip_address)
    digest = text_digest(text)

    findings = rate_limit_findings(
        email=email, ip_hash=make_ip_hash(rate_limit_identity(ip_address))
    )
    findings += duplicate_findings(article=article, digest=digest, email=email, ip_hash=ip_hash)
    findings += blocklist_findings(
        text=text, name=name, email=email, ip_address=ip_address, ip_hash=ip_hash
    )
    findings += honeypot_findings(honeypot)
    findings += timing_findings(seconds_to_post)
    findings += link_findings(text)
    rejected = [finding for finding in findings if finding.action == REJECT]
    if rejected:
        logger.info("Comment refused on article %s: %s", article.pk, rejected[0].code)
        raise CommentRefused(rejected[0].reason, code=rejected[0].code)

    commenter = Commenter.objects.for_email(email)
    if not any(finding.action == SPAM for finding in findings):
        findings += review_findings(
            article=article, article_settings=article_settings, user=user, commenter=commenter
        )
    if any(finding.action == SPAM for finding in findings):
        status = Comment.Status.SPAM
    elif any(finding.action == HOLD for finding in findings):
        status = Comment.Status.PENDING
    else:
        status = Comment.Status.APPROVED

    comment = Comment(
        article=article,
        user=user,
        name=name,
        email=email,
        text=text,
        text_html=render_comment_text(text),
        text_digest=digest,
        status=status,
        held_reason=" ".join(finding.reason for finding in findings),
        notify_replies=bool(notify_replies and email),
        ip_address=ip_address,
        ip_hash=ip_hash,
        created_at=created_at or timezone.now(),
    )
    comment.full_clean(exclude=["article", "parent", "thread", "user"], validate_constraints=False)
    with transaction.atomic():
        _place_in_thread(comment, parent)
        if email and commenter is None:
            commenter, _ = Commenter.objects.get_or_create(email=email)
        if status == Comment.Status.APPROVED:
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
            transaction.on_commit(
                lambda: emails.send_email_confirmation(commenter=commenter, comment=comment),
                robust=True,
            )
        _after_status_change(comment)
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
    content. Text is still validated and rendered, and the thread position computed."""
    text = validate_comment_text(text)
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
    with transaction.atomic():
        _place_in_thread(comment, parent)
    return comment


def _after_status_change(comment):
    """Notices that follow a comment reaching a status (inside the caller's transaction)."""
    if comment.status == Comment.Status.APPROVED:
        _notify_parent_author(comment)
    elif comment.status == Comment.Status.PENDING and conf.MODERATION_NOTICE_EMAILS:
        transaction.on_commit(lambda: emails.send_moderation_notice(comment=comment), robust=True)


def _notify_parent_author(reply):
    parent = reply.parent
    if (
        parent is None
        or reply.reply_notice_sent
        or not parent.notify_replies
        or not parent.email
        or parent.email == reply.email
        or parent.status != Comment.Status.APPROVED
    ):
        return
    reply.reply_notice_sent = True
    reply.save(update_fields=["reply_notice_sent"])
    transaction.on_commit(lambda: emails.send_reply_notice(reply=reply), robust=True)


def _moderate(comment, *, moderator, status, reason="", note=""):
    comment.status = status
    comment.removal_reason = reason
    comment.removal_note = note
    comment.moderated_by = moderator
    comment.moderated_at = timezone.now()
    comment.full_clean(exclude=["parent", "thread", "article", "user", "text_digest"])
    comment.save(
        update_fields=["status", "removal_reason", "removal_note", "moderated_by", "moderated_at"]
    )
    commenter_refresh_history(email=comment.email)
    _after_status_change(comment)
    return comment


@transaction.atomic
def comment_approve(*, comment, moderator):
    """Publish a held (or removed) comment; its author's history counts it."""
    return _moderate(comment, moderator=moderator, status=Comment.Status.APPROVED)


@transaction.atomic
def comment_remove(*, comment, moderator, reason, note=""):
    """Take a comment down for `reason` (a Comment.RemovalReason); replies stay, under a
    "comment removed" placeholder. Kept in the commenter's history."""
    if reason not in Comment.RemovalReason.values:
        raise ValidationError("Choose a reason for the removal.", code="invalid_reason")
    if reason == Comment.RemovalReason.OTHER and not note.strip():
        raise ValidationError("Say why the comment was removed.", code="note_required")
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
    if comment.status in (Comment.Status.REMOVED, Comment.Status.SPAM):
        return comment
    return _moderate(
        comment,
        moderator=moderator,
        status=Comment.Status.REMOVED,
        reason=Comment.RemovalReason.ABUSE,
        note="Commenter banned.",
    )


def comment_set_featured(*, comment, featured):
    """Mark or unmark `comment` as an editors' pick (approved comments only)."""
    if featured and comment.status != Comment.Status.APPROVED:
        raise ValidationError("Only approved comments can be featured.", code="not_approved")
    comment.is_featured = featured
    comment.save(update_fields=["is_featured"])
    return comment


def comment_flag(*, comment, reason, note="", user=None, ip_address=None):
    """Record a reader's flag. Past COMMENTS_FLAGS_TO_HIDE flags a comment no moderator has
    reviewed yet is hidden pending review."""
    if comment.status != Comment.Status.APPROVED:
        raise ValidationError("This comment is not available.", code="not_public")
    if reason not in CommentFlag.Reason.values:
        raise ValidationError("Choose a reason.", code="invalid_reason")
    reader = make_ip_hash(ip_address) or (f"user-{user.pk}" if user else "")
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
            and comment.status == Comment.Status.APPROVED
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
            _after_status_change(comment)
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
