"""Comment text: checking what a reader typed, rendering it to safe HTML, and the normal form
used to match and compare it."""

import hashlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

from .conf import conf

# http(s) addresses and bare www. ones; trailing punctuation is trimmed off below.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\")]}…"
# C0/C1 control characters other than tab, newline and carriage return.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINK_TEXT_MAX = 60


def has_control_characters(text):
    return bool(CONTROL_RE.search(text))


def normalize_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_comment_text(text):
    """The comment text tidied (newlines normalized, ends stripped); raises ValidationError
    unless it is a postable comment."""
    text = normalize_newlines(text or "").strip()
    if not strip_invisible(text).strip():
        raise ValidationError("Write a comment before posting.", code="required")
    if has_control_characters(text):
        raise ValidationError(
            "The comment contains control characters; please retype it as plain text.",
            code="control_characters",
        )
    if len(text) > conf.MAX_LENGTH:
        raise ValidationError(
            "Comments can be at most %(limit)s characters long; this one is %(length)s. "
            "Please shorten it.",
            code="too_long",
            params={"limit": f"{conf.MAX_LENGTH:,}", "length": f"{len(text):,}"},
        )
    return text


def clean_comment_name(name):
    """The commenter's name with whitespace collapsed; raises ValidationError unless it is a
    name to show. Joiners inside a name (Persian ZWNJ, emoji sequences) are kept."""
    name = " ".join((name or "").split())
    if not strip_invisible(name).strip():
        raise ValidationError("Enter your name.", code="required")
    if has_control_characters(name):
        raise ValidationError(
            "The name contains control characters; please retype it.",
            code="control_characters",
        )
    return name


def find_urls(text):
    """The URLs in `text`, as (start, end, url) with trailing punctuation left outside."""
    found = []
    for match in URL_RE.finditer(text):
        url = match.group(0)
        while url and url[-1] in TRAILING_PUNCTUATION:
            # Keep a closing bracket that closes one opened inside the URL (Wikipedia links).
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        if len(url) > len("www."):
            found.append((match.start(), match.start() + len(url), url))
    return found


def count_links(text):
    return len(find_urls(text))


def _link(url):
    href = url if re.match(r"https?://", url, re.IGNORECASE) else f"http://{url}"
    label = url if len(url) <= LINK_TEXT_MAX else url[: LINK_TEXT_MAX - 1] + "…"
    return format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', href, label)


def _render_line(line):
    parts, position = [], 0
    for start, end, url in find_urls(line):
        parts.append(escape(line[position:start]))
        parts.append(_link(url))
        position = end
    parts.append(escape(line[position:]))
    return "".join(parts)


def render_comment_text(text):
    """Plain text to HTML: everything escaped, blank lines make paragraphs, single newlines
    make line breaks, and URLs become links that pass no ranking and no window access."""
    paragraphs = re.split(r"\n\s*\n", normalize_newlines(text).strip())
    html = "".join(
        "<p>" + "<br>\n".join(_render_line(line) for line in paragraph.split("\n")) + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )
    # Built only from escape() output and format_html() links above.
    return SafeString(html)


def strip_invisible(text):
    """Drop format characters (zero-width spaces and joiners, soft hyphens, bidi marks):
    invisible on screen, they would otherwise hide a word from the blocklist."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def normalize_for_matching(text):
    """Case-, accent- and width-insensitive form: invisible characters and combining marks
    dropped, NFKD, casefolded.

    "CAFÉ", "café" and "cafe" all become "cafe"; "Ёлка" becomes "елка"; final sigma folds to σ;
    "vi\u200bagra" becomes "viagra".
    """
    decomposed = unicodedata.normalize("NFKD", strip_invisible(text))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped).casefold()


def text_digest(text):
    """A fingerprint of the text for duplicate detection: normalized, whitespace collapsed."""
    collapsed = " ".join(normalize_for_matching(text).split())
    return hashlib.sha256(collapsed.encode()).hexdigest()
