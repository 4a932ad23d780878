"""The revisions app's settings, each read from `settings.REVISIONS_<NAME>` with a default
here, at call time (so ``override_settings`` in tests takes effect)."""

from django.conf import settings

DEFAULTS = {
    # `manage.py prune_revisions` keeps every revision saved while an article was published,
    # and the newest this many of its other revisions (drafts, withdrawn); at least 1.
    "KEEP_DRAFTS": 50,
    # "Being edited by X" shows for this long after X last opened or saved the article, or
    # after their open page last said it is still there (every minute, with JavaScript).
    "EDIT_SESSION_MINUTES": 5,
    # The history lists this many revisions a page.
    "HISTORY_PAGE_SIZE": 50,
}


class _Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"REVISIONS_{name}", DEFAULTS[name])


conf = _Conf()
