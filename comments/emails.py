"""Email notices. Services call these inside `transaction.on_commit`, so nothing is sent for a
comment that was rolled back."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .conf import conf
from .tokens import confirm_token, unsubscribe_token


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def _send(template, subject, recipients, context):
    context = {"site_name": settings.SITE_NAME, **context}
    body = render_to_string(f"comments/email/{template}.txt", context)
    send_mail(subject, body, None, recipients, fail_silently=False)


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
    unsubscribe = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(parent.pk)})
    _send(
        "reply_notice",
        f"{reply.name} replied to your comment on “{reply.article}”",
        [parent.email],
        {
            "reply": reply,
            "parent": parent,
            "reply_url": absolute(reply.get_absolute_url()),
            "unsubscribe_url": absolute(unsubscribe),
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
