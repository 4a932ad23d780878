"""What a page shows of each comment, computed in Python once per page rather than by
template filters and tags once per comment (a long thread's page renders in one loop)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3

MONTH_ABBREVIATIONS = {number: name.title() for number, name in MONTHS_3.items()}


def path_with_pk(name):
    """`reverse(name, args=[pk])` for any pk, as a function: one reverse per page."""
    head, tail = reverse(name, args=[0]).rsplit("/0/", 1)
    return lambda pk: f"{head}/{pk}/{tail}"


def time_attributes(moment):
    """(`datetime` attribute, text) of a comment's time, as `date:'Y-m-d\\TH:i:sO'` and
    `date:"j M Y, H:i"` give them, in the site's time zone."""
    local = timezone.localtime(moment)
    text = f"{local.day} {MONTH_ABBREVIATIONS[local.month]} {local.year}, {local:%H:%M}"
    return local.strftime("%Y-%m-%dT%H:%M:%S%z"), text


def present_entries(entries, *, reply_prefix):
    """Give each thread entry (or reply) its time and links. `reply_prefix` + pk is the
    address of the reply form for it."""
    flag_path = path_with_pk("comments:flag")
    replies_path = path_with_pk("comments:replies")
    for entry in entries:
        comment = entry.comment
        entry.time_iso, entry.time_text = time_attributes(comment.created_at)
        entry.reply_href = f"{reply_prefix}{comment.pk}#comment-form"
        entry.flag_href = flag_path(comment.pk)
        if getattr(entry, "more", None) is not None:
            entry.more_href = replies_path(entry.more.comment.pk)
    return entries
