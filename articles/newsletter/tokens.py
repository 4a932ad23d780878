"""Signed links in newsletter emails (django.core.signing, keyed by SECRET_KEY). No account is
needed: the link is the reader's proof. Each carries the subscriber's id with a key stored on
their row, so links of an erased address never work for anyone else, and a confirmation link
also carries a one-time nonce (used links are refused) and expires."""

import datetime

from django.core import signing

from .conf import conf

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"
# A token is a short signed string; anything longer in a URL is not one of ours.
TOKEN_MAX_LENGTH = 1000


class InvalidLink(Exception):
    """The link is forged, damaged, expired or already used."""


def confirm_token(subscriber, list_ids):
    payload = {"s": subscriber.pk, "n": subscriber.confirm_nonce, "l": sorted(list_ids)}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token):
    """(subscriber id, nonce, list ids) from a confirmation link's token."""
    payload = _load(token, CONFIRM_SALT, max_age=datetime.timedelta(days=conf.CONFIRM_DAYS))
    try:
        subscriber_id, nonce, list_ids = payload["s"], payload["n"], payload["l"]
        if not (isinstance(subscriber_id, int) and isinstance(nonce, str)):
            raise TypeError
        list_ids = [int(pk) for pk in list_ids][:100]
    except (KeyError, TypeError, ValueError) as error:
        raise InvalidLink("malformed") from error
    return subscriber_id, nonce, list_ids


def manage_token(subscriber):
    """The token of a subscriber's preferences and unsubscribe links (in every email)."""
    return signing.dumps({"s": subscriber.pk, "k": subscriber.link_key}, salt=MANAGE_SALT)


def read_manage_token(token):
    payload = _load(token, MANAGE_SALT)
    try:
        subscriber_id, key = payload["s"], payload["k"]
        if not (isinstance(subscriber_id, int) and isinstance(key, str)):
            raise TypeError
    except (KeyError, TypeError) as error:
        raise InvalidLink("malformed") from error
    return subscriber_id, key


def _load(token, salt, max_age=None):
    if not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
        raise InvalidLink("too long")
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidLink("forged") from error
    if not isinstance(payload, dict):
        raise InvalidLink("malformed")
    return payload
