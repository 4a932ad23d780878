"""What the classifier sees of a comment: hashed word and character n-grams of its text, and
the site's own signals (links and their domains, the commenter's history, timing, repeats)
as tokens. Hashing needs no vocabulary, so the model updates one decision at a time and its
size is fixed."""

import hashlib
import re
from urllib.parse import urlsplit

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.preprocessing import normalize

from ..text import find_urls, normalize_for_matching

# Longer texts are cut before vectorizing, so scoring time and memory stay bounded whatever
# arrives (imports have no length limit).
MAX_TEXT_CHARS = 4000
MAX_NAME_CHARS = 80
WORD_FEATURES = 2**17
CHAR_FEATURES = 2**17
SIGNAL_FEATURES = 2**10
N_FEATURES = WORD_FEATURES + CHAR_FEATURES + SIGNAL_FEATURES
WORD_OFFSET, SIGNAL_OFFSET = 0, WORD_FEATURES + CHAR_FEATURES

# Each block marks which n-grams occur (binary) and is scaled to unit length, and so is the
# whole row: a text's evidence weighs the same whatever its length, and its words, its
# spellings and the site's signals each count for about a third.
WORDS = HashingVectorizer(
    norm="l2",
    n_features=WORD_FEATURES,
    ngram_range=(1, 2),
    binary=True,
    alternate_sign=False,
    lowercase=False,
    token_pattern=r"(?u)\b\w+\b",  # noqa: S106 - a regular expression, not a password
)
CHARS = HashingVectorizer(
    norm="l2",
    n_features=CHAR_FEATURES,
    analyzer="char_wb",
    ngram_range=(2, 5),
    binary=True,
    alternate_sign=False,
    lowercase=False,
)
SIGNALS = HashingVectorizer(
    norm="l2",
    n_features=SIGNAL_FEATURES,
    binary=True,
    alternate_sign=False,
    lowercase=False,
    token_pattern=r"\S+",  # noqa: S106
)
WORD_ANALYZER = WORDS.build_analyzer()
LETTERS_RE = re.compile(r"[^\W\d_]+")


def prepared_text(text):
    return normalize_for_matching((text or "")[:MAX_TEXT_CHARS])


def vectorize(texts, signals):
    """The feature rows (a sparse matrix) for parallel lists of texts and signal strings."""
    prepared = [prepared_text(text) for text in texts]
    blocks = [WORDS.transform(prepared), CHARS.transform(prepared), SIGNALS.transform(signals)]
    return normalize(sp.hstack(blocks, format="csr", dtype=np.float64))


def word_feature_index(word):
    """The column of a word unigram, to say which words made a comment look like spam."""
    return WORD_OFFSET + WORDS.transform([word]).indices[0]


def signal_feature_index(token):
    return SIGNAL_OFFSET + SIGNALS.transform([token]).indices[0]


def words_of(text):
    """The distinct single words of `text`, in order, as the model counts them."""
    seen = {}
    for token in WORD_ANALYZER(prepared_text(text)):
        if " " not in token:
            seen.setdefault(token, None)
    return list(seen)


def link_domains(text):
    """The distinct domains the text links to, lower case, without "www."."""
    domains = {}
    for _start, _end, url in find_urls((text or "")[:MAX_TEXT_CHARS]):
        address = url if "://" in url else f"http://{url}"
        try:
            host = (urlsplit(address).hostname or "").lower()
        except ValueError:
            continue
        host = host.removeprefix("www.")
        if host and len(host) <= 253:
            domains.setdefault(host, None)
    return list(domains)


def similar_digest(text):
    """A fingerprint that ignores links, digits, punctuation, case and accents, so a spam run
    that varies its link or a number still matches. Empty for texts too short to tell."""
    letters = LETTERS_RE.findall(normalize_for_matching((text or "")[:MAX_TEXT_CHARS]))
    if sum(map(len, letters)) < 20 or len(letters) < 4:
        return ""
    words = " ".join(word for word in letters if word not in ("http", "https", "www"))
    return hashlib.sha256(words.encode()).hexdigest()


def _bucket(value, edges):
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f"over{edges[-1]}"


def signal_tokens(
    *,
    text,
    name="",
    signed_in=False,
    commenter=None,
    seconds_to_post=None,
    is_reply=False,
    new_domains=0,
    spam_domains=0,
    similar_senders=0,
):
    """The site's signals about one comment as tokens (a space-separated string)."""
    text = (text or "")[:MAX_TEXT_CHARS]
    links = len(find_urls(text))
    tokens = [f"links:{_bucket(links, [0, 1, 2])}", f"length:{_bucket(len(text), [40, 200, 800])}"]
    if new_domains:
        tokens.append("domain:new")
    if spam_domains:
        tokens.append("domain:spam")
    if commenter is None or (commenter.approved_count == 0 and commenter.removed_count == 0):
        tokens.append("commenter:new")
    else:
        if commenter.approved_count:
            tokens.append("commenter:approved")
        if commenter.removed_count:
            tokens.append("commenter:removed")
    if commenter is not None and commenter.confirmed_at is not None:
        tokens.append("commenter:confirmed")
    if signed_in:
        tokens.append("commenter:signed_in")
    if seconds_to_post is not None:
        tokens.append(f"timing:{_bucket(seconds_to_post, [3, 10, 60])}")
    tokens.append("reply" if is_reply else "top_level")
    if similar_senders > 1:
        tokens.append(f"similar:{_bucket(similar_senders, [2, 4])}")
    name = (name or "")[:MAX_NAME_CHARS]
    if find_urls(name) or re.search(r"\.(com|net|org|info|biz|ru|io)\b", name, re.IGNORECASE):
        tokens.append("name:link")
    if len(re.findall(r"\d", name)) >= 3:
        tokens.append("name:digits")
    return " ".join(tokens)
