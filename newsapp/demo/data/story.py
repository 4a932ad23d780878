"""The shape of one demo article, shared by the desk modules."""

import textwrap

SIGN_OFF = "Sound off in the comments below!"


def story(*, body, **fields):
    """Return one article's fields with its Markdown body tidied and signed off.

    `days_ago` and `at` ("HH:MM", local time) place a story in the past; `hours_ago` places
    it earlier today; `status` is "published" (the default), "scheduled" or "draft".
    """
    fields.setdefault("status", "published")
    fields.setdefault("is_lead", False)
    fields.setdefault("note_kind", "")
    fields.setdefault("note", "")
    fields["body"] = f"{textwrap.dedent(body).strip()}\n\n{SIGN_OFF}\n"
    return fields
