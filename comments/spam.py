"""Automatic spam and abuse checks. Each check returns Findings naming its reason, which the
service stores on the comment (held or spam) or shows the poster (rejected)."""

import ipaddress
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone

from . import ratelimit
from .conf import conf
from .models import BlocklistEntry, Comment
from .text import count_links, normalize_for_matching

logger = logging.getLogger(__name__)

SPAM, HOLD, REJECT = "spam", "hold", "reject"

# Scripts written without spaces between words: a listed term there matches anywhere.
UNSPACED_SCRIPT_RE = re.compile(
    r"[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
)


@dataclass(frozen=True)
class Finding:
    action: str  # SPAM, HOLD or REJECT
    code: str
    reason: str


@lru_cache(maxsize=1024)
def _term_pattern(term):
    """(pattern, open_start, open_end) for a listed term, or None. A "*" at the start or end
    of the term lets the word it touches run on (“scam*” matches “scammers”)."""
    normalized = " ".join(normalize_for_matching(term).split())
    open_start, open_end = normalized.startswith("*"), normalized.endswith("*")
    core = normalized.strip("*").strip()
    if not core or "*" in core:
        return None
    pattern = re.compile(r"\s+".join(re.escape(word) for word in core.split(" ")))
    return pattern, open_start, open_end


def _is_word_character(char):
    # Letters, marks and digits of any script. Python's \w misses spacing marks such as the
    # Devanagari vowel signs, which would let "राम" match inside "रामायण".
    return char == "_" or unicodedata.category(char)[0] in "LMN"


def contains_term(text, term):
    """Whether `term` occurs in `text` as whole words, ignoring case and accents, in any script.

    contains_term("Built on WordPress", "press") is False; contains_term("CAFE", "café") is True.
    A "*" at an end matches the rest of the word: contains_term("Scammers!", "scam*") is True.
    In scripts written without spaces (Thai, Chinese, Japanese...) a term matches anywhere.
    """
    compiled = _term_pattern(term)
    if compiled is None:
        return False
    pattern, open_start, open_end = compiled
    text = normalize_for_matching(text)
    whole_words_only = not UNSPACED_SCRIPT_RE.search(pattern.pattern)
    for match in pattern.finditer(text):
        start, end = match.span()
        if not whole_words_only or (
            (open_start or start == 0 or not _is_word_character(text[start - 1]))
            and (open_end or end == len(text) or not _is_word_character(text[end]))
        ):
            return True
    return False


def _email_domain(email):
    return email.rpartition("@")[2].lower() if "@" in email else ""


def _ip_in(address, network):
    try:
        return ipaddress.ip_address(address) in ipaddress.ip_network(network, strict=False)
    except ValueError:
        return False


def blocklist_findings(*, text, name, email, ip_address, ip_hash, entries=None):
    """Findings for every blocklist entry the comment hits."""
    entries = BlocklistEntry.objects.all() if entries is None else entries
    email = (email or "").lower()
    domain = _email_domain(email)
    findings = []
    for entry in entries:
        if entry.kind == BlocklistEntry.Kind.WORD:
            hit = contains_term(text, entry.value) or contains_term(name, entry.value)
            what = f"contains the blocked phrase “{entry.value}”"
        elif entry.kind == BlocklistEntry.Kind.EMAIL:
            hit = bool(email) and email == entry.value.lower()
            what = "email address is on the blocklist"
        elif entry.kind == BlocklistEntry.Kind.DOMAIN:
            listed = entry.value.lower()
            hit = bool(domain) and (domain == listed or domain.endswith("." + listed))
            what = f"email domain {listed} is on the blocklist"
        elif entry.kind == BlocklistEntry.Kind.IP:
            hit = bool(ip_address) and _ip_in(ip_address, entry.value)
            what = f"IP address is in the blocked range {entry.value}"
        else:
            hit = bool(ip_hash) and ip_hash == entry.value
            what = "IP address was banned"
        if hit:
            action = REJECT if entry.action == BlocklistEntry.Action.REJECT else HOLD
            findings.append(Finding(action, f"blocklist_{entry.kind}", f"Blocklist: {what}."))
    return findings


def honeypot_findings(honeypot):
    if honeypot:
        return [Finding(SPAM, "honeypot", "Filled in the hidden field that only bots see.")]
    return []


def timing_findings(seconds_to_post):
    if seconds_to_post is not None and seconds_to_post < conf.MIN_SECONDS:
        return [
            Finding(
                HOLD,
                "too_fast",
                f"Posted {max(seconds_to_post, 0):.0f} s after the form was served "
                f"(people take at least {conf.MIN_SECONDS} s).",
            )
        ]
    return []


def link_findings(text):
    links = count_links(text)
    if links > conf.MAX_LINKS:
        return [
            Finding(HOLD, "too_many_links", f"Contains {links} links (limit {conf.MAX_LINKS}).")
        ]
    return []


def duplicate_findings(*, article, digest, email, ip_hash):
    same_poster = Comment.objects.none()
    since = timezone.now() - timedelta(seconds=conf.DUPLICATE_WINDOW)
    recent = Comment.objects.filter(article=article, text_digest=digest, created_at__gte=since)
    if email:
        same_poster = recent.filter(email__iexact=email)
    if ip_hash:
        same_poster = same_poster | recent.filter(ip_hash=ip_hash)
    if same_poster.exists():
        return [
            Finding(REJECT, "duplicate", "You have already posted this comment on this article.")
        ]
    return []


def rate_limit_findings(*, email, ip_hash, trusted=False):
    """Counts this attempt against the per-IP and per-email limits. A `trusted` commenter
    (approved history, confirmed, no removals) counts against their email only: many readers
    share a mobile carrier's or an office's address, and a burst of new identities from one
    address is what the IP limit is for."""
    findings = []
    checks = [
        ("ip", None if trusted else ip_hash, conf.RATE_LIMIT_IP),
        ("email", (email or "").lower(), conf.RATE_LIMIT_EMAIL),
    ]
    for scope, identity, (limit, window) in checks:
        if identity and not ratelimit.hit(f"post-{scope}", identity, limit=limit, window=window):
            minutes = max(1, window // 60)
            findings.append(
                Finding(
                    REJECT,
                    "rate_limited",
                    f"Too many comments from this {'address' if scope == 'ip' else 'email'}: "
                    f"at most {limit} every {minutes} minutes. Please wait and try again.",
                )
            )
            logger.info("Comment refused: %s rate limit", scope)
    return findings


def similar_text_findings(similar_senders):
    """Hold nearly the same text (links, digits and punctuation aside) arriving from many
    different addresses: one commenter's repeats are `duplicate_findings`' job."""
    if similar_senders >= conf.SIMILAR_SENDERS_TO_HOLD:
        hours = max(1, conf.SIMILAR_WINDOW // 3600)
        return [
            Finding(
                HOLD,
                "similar_text",
                f"Nearly the same text came from {similar_senders} different addresses in "
                f"{hours} hours.",
            )
        ]
    return []
