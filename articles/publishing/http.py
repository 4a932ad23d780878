"""Outgoing HTTP for the destinations: one POST with a timeout, no redirects followed, the
answer read up to a bound, and what the answer means for a retry."""

import http.client
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from django.utils import timezone

from .conf import conf

REPLY_MAX_BYTES = 64 * 1024
# A Retry-After longer than a day is taken as a day: the delivery is not parked for good.
RETRY_AFTER_MAX_SECONDS = 24 * 60 * 60
SNIPPET_LENGTH = 300
USER_AGENT = "newsapp-publishing/1"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict
    body: bytes

    def json(self):
        """The body as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def snippet(self):
        """The start of the body as one line of text, for the delivery's record."""
        text = CONTROL_CHARACTERS.sub(
            " ", self.body[: SNIPPET_LENGTH * 4].decode("utf-8", "replace")
        )
        return text.strip()[:SNIPPET_LENGTH]


class Unreachable(Exception):
    """No answer: a timeout, a refused connection, an unknown host, a broken reply."""


@dataclass(frozen=True)
class Outcome:
    """What a destination's send came to: delivered, worth retrying (after `retry_after`
    seconds when the receiver said so), or failed for good (`permanent`)."""

    delivered: bool
    summary: str = ""
    error: str = ""
    retry_after: float | None = None
    permanent: bool = False

    @classmethod
    def ok(cls, summary):
        return cls(delivered=True, summary=summary[:500])

    @classmethod
    def retry(cls, error, *, retry_after=None):
        return cls(delivered=False, error=error, retry_after=retry_after)

    @classmethod
    def give_up(cls, error):
        return cls(delivered=False, error=error, permanent=True)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer like any other (urllib would turn a POST into a GET)."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(url, *, body, content_type="application/json", headers=None, timeout=None):
    """POST `body` (bytes) to `url` (http or https); the Reply, whatever its status, or
    Unreachable. Nothing here names the URL in a message, so a secret in it (Telegram's
    bot token) cannot reach a log or the admin."""
    if not url.startswith(("https://", "http://")):
        raise Unreachable("Only http and https addresses can be used.")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": content_type, "User-Agent": USER_AGENT, **(headers or {})},
    )
    try:
        with _opener.open(request, timeout=timeout or conf.HTTP_TIMEOUT) as response:
            return Reply(response.status, dict(response.headers), response.read(REPLY_MAX_BYTES))
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, dict(error.headers or {}), error.read(REPLY_MAX_BYTES))
    except TimeoutError:
        raise Unreachable("No answer in time (timed out).") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise Unreachable("No answer in time (timed out).") from None
        raise Unreachable(f"Could not connect: {type(reason).__name__}.") from None
    except (OSError, http.client.HTTPException) as error:
        raise Unreachable(f"The connection failed: {type(error).__name__}.") from None


def retry_after_seconds(value):
    """A Retry-After header (seconds, or an HTTP date) as seconds from now, or None."""
    if value is None:
        return None
    value = str(value).strip()
    if value.isdigit():
        seconds = int(value)
    else:
        try:
            seconds = (parsedate_to_datetime(value) - timezone.now()).total_seconds()
        except (TypeError, ValueError, OverflowError):
            return None
    return max(0, min(seconds, RETRY_AFTER_MAX_SECONDS))


def header(reply, name):
    """A header of `reply`, whatever its case."""
    wanted = name.lower()
    return next((value for key, value in reply.headers.items() if key.lower() == wanted), None)


def outcome_of(reply, *, summary):
    """The usual meaning of an HTTP answer: 2xx delivered; 429, 408, 425 and 5xx worth
    retrying (after Retry-After when given); any other answer (4xx, a redirect) will not
    change by itself, so the delivery fails until someone fixes it and retries."""
    if 200 <= reply.status < 300:
        return Outcome.ok(summary)
    error = f"HTTP {reply.status}: {reply.snippet()}".rstrip(": ")
    if reply.status in (408, 425, 429) or reply.status >= 500:
        return Outcome.retry(error, retry_after=retry_after_seconds(header(reply, "Retry-After")))
    if 300 <= reply.status < 400:
        return Outcome.give_up(f"{error} (redirects are not followed: use the new address)")
    return Outcome.give_up(error)
