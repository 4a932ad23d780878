"""Newsletter emails: an HTML part (inline styles, absolute addresses) and a plain-text part,
both from templates, and the headers mail apps need for one-click unsubscribe (RFC 8058). No
tracking: no pixels, no rewritten links, no per-reader query strings in story links.

A send's content is rendered once when it is queued (`render_content`) with the reader's own
links left as placeholders, which `message_for` fills for each recipient (a string replace, not
a render)."""

import re
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from .conf import conf
from .tokens import confirm_token, manage_token

PREFERENCES_PLACEHOLDER = "newsletter-preferences-url-placeholder"
UNSUBSCRIBE_PLACEHOLDER = "newsletter-unsubscribe-url-placeholder"
LINE_BREAKS = re.compile(r"[\r\n\t\x00-\x1f\x7f\u2028\u2029]+")
SUBJECT_MAX_LENGTH = 200


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def one_line(text, limit=SUBJECT_MAX_LENGTH):
    """`text` safe for a header: control characters and line breaks become spaces."""
    return LINE_BREAKS.sub(" ", text).strip()[:limit]


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def render_content(template, context):
    """(html, text) of `template` ("digest", "alert") for everyone on a send."""
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "preferences_url": PREFERENCES_PLACEHOLDER,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        **context,
    }
    html = render_to_string(f"newsletter/email/{template}.html", context)
    text = render_to_string(f"newsletter/email/{template}.txt", context)
    return html, text


def reader_links(subscriber):
    """The preferences and unsubscribe addresses of `subscriber` (None: a test send)."""
    if subscriber is None:
        page = absolute(reverse("newsletter:subscribe"))
        return page, page
    token = manage_token(subscriber)
    return (
        absolute(reverse("newsletter:preferences", kwargs={"token": token})),
        absolute(reverse("newsletter:unsubscribe", kwargs={"token": token})),
    )


def unsubscribe_mailto():
    """The bare address (a mailto: takes no display name) of the unsubscribe mailbox."""
    return parseaddr(conf.UNSUBSCRIBE_MAILTO or settings.DEFAULT_FROM_EMAIL)[1]


def message_for(send, subscriber, *, to=None, connection=None, subject_prefix=""):
    """The email of `send` for `subscriber` (or, for a test, to `to` with the site's page as
    its links)."""
    preferences_url, unsubscribe_url = reader_links(subscriber)

    def fill(body):
        return body.replace(PREFERENCES_PLACEHOLDER, preferences_url).replace(
            UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url
        )

    headers = {
        "List-Id": f"{one_line(send.newsletter.name, 80)} <{send.newsletter.slug}.{site_host()}>",
        "List-Unsubscribe": f"<mailto:{unsubscribe_mailto()}?subject=unsubscribe>, "
        f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Precedence": "bulk",
        "Auto-Submitted": "auto-generated",
    }
    if subscriber is not None and send.pk:
        # The same on every attempt, so a receiving server can tell a retry from a new email.
        headers["Message-ID"] = f"<newsletter.{send.pk}.{subscriber.pk}@{site_host()}>"
    else:
        headers["Message-ID"] = make_msgid(domain=site_host())
    message = EmailMultiAlternatives(
        subject=one_line(subject_prefix + send.subject),
        body=fill(send.text_body),
        to=[to or subscriber.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(fill(send.html_body), "text/html")
    return message


def confirmation_message(subscriber, lists):
    """The email with the link that confirms `subscriber`'s subscription to `lists`."""
    token = confirm_token(subscriber, [newsletter.pk for newsletter in lists])
    context = {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "lists": lists,
        "confirm_url": absolute(reverse("newsletter:confirm", kwargs={"token": token})),
        "confirm_days": conf.CONFIRM_DAYS,
    }
    message = EmailMultiAlternatives(
        subject=one_line(f"Confirm your subscription to {settings.SITE_NAME}"),
        body=render_to_string("newsletter/email/confirm.txt", context),
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(
        render_to_string("newsletter/email/confirm.html", context), "text/html"
    )
    return message
