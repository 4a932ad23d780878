"""The classifier's verdict in words a moderator understands, from what weighed most."""

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..conf import conf
from .features import SIGNAL_OFFSET, SIGNALS, WORDS, words_of

MAX_WORDS_CHECKED = 300
WORDS_SHOWN = 3
# A word is named when its weight towards spam is at least this (the model's coefficient:
# a comment's features have unit length, so a weight of 1 moves a short comment's log-odds
# by about a third).
WORD_WEIGHT_SHOWN = 0.5

# Parts of addresses, which say nothing to a moderator the link itself does not (nor do
# "and", "you" and the other function words, which the model may still weigh).
LINK_WORDS = {"http", "https", "www", "com", "net", "org"}

SIGNAL_WORDS = {
    "commenter:new": "a first-time commenter",
    "commenter:removed": "a commenter with removed comments",
    "timing:3": "posted within 3 s of opening the form",
    "timing:10": "posted within 10 s of opening the form",
    "name:link": "a web address as the name",
    "name:digits": "digits in the name",
    "length:40": "very short",
}


def verdict_label(probability):
    if probability >= conf.AUTO_SPAM_ABOVE:
        return f"Looks like spam ({probability:.2f})"
    if probability <= conf.AUTO_PUBLISH_BELOW:
        return f"Looks legitimate (spam score {probability:.2f})"
    return f"Unsure (spam score {probability:.2f})"


def spam_words(estimator, text):
    """The comment's words that weigh most towards spam, most telling first."""
    words = [
        word
        for word in words_of(text)[:MAX_WORDS_CHECKED]
        if word not in LINK_WORDS and word not in ENGLISH_STOP_WORDS
    ]
    if not words:
        return []
    columns = WORDS.transform(words).indices  # one unigram per row, in order
    ratios = estimator.word_weights(columns)
    ranked = sorted(zip(ratios, words, strict=True), key=lambda pair: -pair[0])
    return [word for ratio, word in ranked[:WORDS_SHOWN] if ratio >= WORD_WEIGHT_SHOWN]


def spam_signals(estimator, signals):
    """The signal tokens that weigh towards spam."""
    tokens = [token for token in signals.split() if token in SIGNAL_WORDS]
    if not tokens:
        return []
    columns = SIGNAL_OFFSET + SIGNALS.transform(tokens).indices
    ratios = estimator.word_weights(columns)
    return [token for token, ratio in zip(tokens, ratios, strict=True) if ratio > 0]


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def explain(*, estimator, probability, text, signals, links, new_domains, spam_domains, senders):
    """E.g. "Looks like spam (0.97): wording such as “casino”, “bonus”; 2 links to a new
    domain (pills.example); a first-time commenter"."""
    label = verdict_label(probability)
    if probability <= conf.AUTO_PUBLISH_BELOW:
        return f"{label}."
    parts = []
    words = spam_words(estimator, text)
    if words:
        parts.append("wording such as " + ", ".join(f"“{word}”" for word in words))
    if spam_domains:
        parts.append(f"links to a domain moderators marked as spam ({', '.join(spam_domains[:2])})")
    elif new_domains:
        where = "a new domain" if len(new_domains) == 1 else "new domains"
        parts.append(f"{_plural(links, 'link')} to {where} ({', '.join(new_domains[:2])})")
    if senders > 1:
        parts.append(f"the same text from {senders} addresses")
    parts += [SIGNAL_WORDS[token] for token in spam_signals(estimator, signals)]
    return f"{label}: {'; '.join(parts)}." if parts else f"{label}."
