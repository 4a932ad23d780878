"""System checks for the COMMENTS_* settings, so a typo fails `manage.py check` loudly."""

from django.core.checks import Error, register

from .conf import conf


@register()
def comment_settings_check(app_configs, **kwargs):
    errors = []
    if conf.MODERATION not in ("pre", "post", "auto"):
        errors.append(
            Error(
                f"COMMENTS_MODERATION is {conf.MODERATION!r}; use 'pre', 'post' or 'auto'.",
                id="comments.E001",
            )
        )
    for name in ["CLOSE_AFTER_DAYS", "MAX_LINKS", "MIN_SECONDS", "IP_RETENTION_DAYS"]:
        value = getattr(conf, name)
        if not isinstance(value, int) or value < 0:
            errors.append(Error(f"COMMENTS_{name} must be a whole number ≥ 0.", id="comments.E002"))
    for name in ["MAX_DEPTH", "PER_PAGE", "MAX_LENGTH", "FLAGS_TO_HIDE", "REMOVALS_TO_PREMODERATE"]:
        value = getattr(conf, name)
        if not isinstance(value, int) or value < 1:
            errors.append(Error(f"COMMENTS_{name} must be a whole number ≥ 1.", id="comments.E003"))
    for name in ["RATE_LIMIT_IP", "RATE_LIMIT_EMAIL", "RATE_LIMIT_FLAGS"]:
        value = getattr(conf, name)
        if not (
            isinstance(value, (tuple, list))
            and len(value) == 2
            and all(isinstance(part, int) and part > 0 for part in value)
        ):
            errors.append(
                Error(
                    f"COMMENTS_{name} must be (number of events, window in seconds).",
                    id="comments.E004",
                )
            )
    publish, spam = conf.AUTO_PUBLISH_BELOW, conf.AUTO_SPAM_ABOVE
    if not (
        all(isinstance(value, (int, float)) for value in (publish, spam))
        and 0 <= publish < spam <= 1
    ):
        errors.append(
            Error(
                "COMMENTS_AUTO_PUBLISH_BELOW and COMMENTS_AUTO_SPAM_ABOVE must be probabilities "
                "with 0 ≤ AUTO_PUBLISH_BELOW < AUTO_SPAM_ABOVE ≤ 1.",
                id="comments.E005",
            )
        )
    for name in ["CLASSIFIER_MIN_DECISIONS", "SIMILAR_SENDERS_TO_HOLD"]:
        value = getattr(conf, name)
        if not isinstance(value, int) or value < 1:
            errors.append(Error(f"COMMENTS_{name} must be a whole number ≥ 1.", id="comments.E003"))
    return errors
