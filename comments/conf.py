"""The comments app's settings, each read from `settings.COMMENTS_<NAME>` with a default here.

Read at call time (``conf.MAX_DEPTH``), so ``override_settings`` in tests takes effect.
"""

from django.conf import settings

DEFAULTS = {
    # "pre": a commenter without an approved comment (and, for guests, a confirmed email) is
    # held for review. "post": comments appear at once and moderators remove afterwards.
    # "auto": as "pre", but the spam classifier publishes, holds or marks as spam a new
    # commenter's comment by its score (AUTO_* below).
    "MODERATION": "pre",
    # Replies nest this many levels below a top-level comment; deeper replies attach at the
    # deepest level.
    "MAX_DEPTH": 3,
    "PER_PAGE": 20,
    # Under each top-level comment the article page shows this many replies (in thread
    # order); the rest are a "more replies" link to the thread's own pages, so one comment
    # with thousands of replies cannot make the article page huge.
    "REPLIES_SHOWN": 10,
    "REPLIES_PER_PAGE": 50,
    # Commenting closes this many days after publication; 0 keeps threads open.
    "CLOSE_AFTER_DAYS": 30,
    "MAX_LENGTH": 3000,
    "MAX_LINKS": 2,
    # A form posted sooner than this after it was served is held (bots post at once).
    "MIN_SECONDS": 3,
    # A form older than this is refused; the re-rendered form carries a fresh timestamp.
    "FORM_MAX_AGE": 60 * 60 * 12,
    "FLAGS_TO_HIDE": 3,
    # This many removals (or spam marks) send a commenter back to pre-moderation.
    "REMOVALS_TO_PREMODERATE": 2,
    "IP_RETENTION_DAYS": 30,
    # (number of posts, window in seconds) per client IP and per email address.
    "RATE_LIMIT_IP": (5, 10 * 60),
    "RATE_LIMIT_EMAIL": (3, 10 * 60),
    "RATE_LIMIT_FLAGS": (20, 60 * 60),
    # Repeating the same text on the same article within this many seconds is refused.
    "DUPLICATE_WINDOW": 24 * 60 * 60,
    "CONFIRM_MAX_AGE": 14 * 24 * 60 * 60,
    # Addresses told about comments awaiting moderation (empty: nobody).
    "MODERATION_NOTICE_EMAILS": [],
    # The spam classifier (comments/classifier). It abstains, and the policy decides as
    # without it, until moderators have decided this many comments each way.
    "CLASSIFIER_MIN_DECISIONS": 50,
    # How often a worker checks (in the shared cache) whether the stored model changed.
    "CLASSIFIER_RECHECK_SECONDS": 10,
    # Under "auto", a new commenter's comment is published when its spam probability is at
    # most AUTO_PUBLISH_BELOW, marked as spam from AUTO_SPAM_ABOVE, and held in between.
    # Chosen from tests/benchmarks/bench_spam_classifier.py's figures (README).
    "AUTO_PUBLISH_BELOW": 0.5,
    "AUTO_SPAM_ABOVE": 0.9,
    # The same text (ignoring links, digits and punctuation) from this many different
    # addresses within SIMILAR_WINDOW seconds is held, whoever sends it.
    "SIMILAR_SENDERS_TO_HOLD": 3,
    "SIMILAR_WINDOW": 24 * 60 * 60,
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"COMMENTS_{name}", DEFAULTS[name])


conf = _Conf()
