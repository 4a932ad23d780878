"""Email notices: who is told what when a comment is stored or moderated. Everything is sent
through `transaction.on_commit`, so nothing goes out for a comment that was rolled back, and a
mail outage is logged rather than failing the request."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .conf import conf
from .tokens import confirm_token, unsubscribe_token


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def _send(template, subject, recipients, context, *, headers=None):
    context = {"site_name": settings.SITE_NAME, **context}
    body = render_to_string(f"comments/email/{template}.txt", context)
    EmailMessage(subject, body, None, recipients, headers=headers).send(fail_silently=False)


def _after_commit(send):
    transaction.on_commit(send, robust=True)


def notify_status_change(comment):
    """Queue the notices that follow `comment` reaching its status: the parent's author hears
    of a published reply, the moderators of a held comment. Call inside the transaction that
    changed it."""
    if comment.is_public():
        _notify_parent_author(comment)
    elif comment.status == comment.Status.PENDING and conf.MODERATION_NOTICE_EMAILS:
        _after_commit(lambda: send_moderation_notice(comment=comment))


def notify_email_confirmation(*, commenter, comment):
    """Queue the link that confirms a guest's address."""
    _after_commit(lambda: send_email_confirmation(commenter=commenter, comment=comment))


def _notify_parent_author(reply):
    parent = reply.parent
    if (
        parent is None
        or reply.reply_notice_sent
        or not parent.notify_replies
        or not parent.email
        or parent.email == reply.email
        or not parent.is_public()
    ):
        return
    reply.reply_notice_sent = True
    reply.save(update_fields=["reply_notice_sent"])
    _after_commit(lambda: send_reply_notice(reply=reply))


def send_email_confirmation(*, commenter, comment):
    token = confirm_token(commenter.pk)
    url = absolute(reverse("comments:confirm-email", kwargs={"token": token}))
    _send(
        "confirm_email",
        f"Confirm your email address for comments on {settings.SITE_NAME}",
        [commenter.email],
        {"comment": comment, "confirm_url": url, "article": comment.article},
    )


def send_reply_notice(*, reply):
    parent = reply.parent
    unsubscribe_url = absolute(
        reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(parent.pk)})
    )
    _send(
        "reply_notice",
        f"{reply.name} replied to your comment on “{reply.article}”",
        [parent.email],
        {
            "reply": reply,
            "parent": parent,
            "reply_url": absolute(reply.get_absolute_url()),
            "unsubscribe_url": unsubscribe_url,
        },
        # One-click unsubscribe from the mail client (RFC 8058): it POSTs
        # "List-Unsubscribe=One-Click" to the signed link, which the unsubscribe view accepts.
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_moderation_notice(*, comment):
    recipients = list(conf.MODERATION_NOTICE_EMAILS)
    if not recipients:
        return
    queue = reverse("admin:comments_comment_changelist") + "?status__exact=pending"
    _send(
        "moderation_notice",
        f"A comment on “{comment.article}” awaits moderation",
        recipients,
        {"comment": comment, "queue_url": absolute(queue)},
    )
