"""Whole-page caching of public list pages for readers who carry no cookies.

Home, section, tag, author and archive pages are the same for every reader without a session
(no form tokens, no messages, no login), which is most of the traffic a story brings. Their
rendered pages are kept in the shared cache for READER_PAGE_CACHE_SECONDS, and browsers may keep
them as long. A request with any cookie (an editor, a commenter with a CSRF token or a pending
message) is always rendered fresh, so the newsroom sees its changes at once; readers see a new
or scheduled story within that many seconds.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.cache import cache_page


def cache_for_readers(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.READER_PAGE_CACHE_SECONDS
        if not seconds or request.COOKIES or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        cached_view = cache_page(seconds, key_prefix="reader-pages")(view)
        return cached_view(request, *args, **kwargs)

    return wrapper
