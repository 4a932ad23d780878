"""Signed values: the comment form's timestamp and the links sent by email."""

import time

from django.core import signing

FORM_SALT = "comments.form"
CONFIRM_SALT = "comments.confirm-email"
UNSUBSCRIBE_SALT = "comments.unsubscribe"


def form_token(article_id, *, issued_at=None):
    """Signed (article, time served) put in the comment form; forging it needs SECRET_KEY."""
    issued_at = int(time.time() if issued_at is None else issued_at)
    return signing.dumps({"a": article_id, "t": issued_at}, salt=FORM_SALT, compress=True)


def form_token_age(token, article_id):
    """Seconds since the form was served, or None if the token is missing, forged or made
    for another article."""
    try:
        data = signing.loads(token, salt=FORM_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("a") != article_id:
        return None
    try:
        return time.time() - float(data["t"])
    except (KeyError, TypeError, ValueError):
        return None


def confirm_token(commenter_id):
    """Signs the commenter's id, not their email: signed values are readable, and links end
    up in browser histories and server logs."""
    return signing.dumps(commenter_id, salt=CONFIRM_SALT)


def read_confirm_token(token, *, max_age):
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return value if isinstance(value, int) else None


def unsubscribe_token(comment_id):
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token):
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
