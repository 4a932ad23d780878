"""Limits on what a reader's request may carry, and how responses are compressed and cached
on the way out."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import patch_cache_control

# The newsroom uploads images and long bodies; the admin and its editor endpoints keep Django's
# own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, IMAGE_UPLOAD_MAX_BYTES).
NEWSROOM_PREFIXES = ("/editor/",)
COMPRESSIBLE_TYPES = {
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "application/ld+json",
    "application/javascript",
    "image/svg+xml",
}


def public_request_body_limit(get_response):
    """Refuse a public request whose body is larger than PUBLIC_REQUEST_MAX_BYTES with 413,
    before anything reads it. Readers' forms are a few kilobytes of text; a bigger body (a
    file attached to a comment) is an attacker's, and Django would otherwise spool it to disk.
    Django reads no body without a Content-Length, so chunked uploads cannot dodge this."""
    newsroom = (f"/{settings.ADMIN_URL}", *NEWSROOM_PREFIXES)

    def middleware(request):
        if not request.path.startswith(newsroom):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.PUBLIC_REQUEST_MAX_BYTES:
                return render(request, "413.html", status=413)
        return get_response(request)

    return middleware


class TextGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware (random bytes in each gzip header against BREACH) for text only:
    pages, feeds, sitemaps, JSON. Images and other media are compressed already, and would
    only lose range requests. Cached reader pages arrive gzipped (articles/caching.py)."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not (content_type.startswith("text/") or content_type in COMPRESSIBLE_TYPES):
            return response
        return super().process_response(request, response)


def no_shared_caching_with_cookies(get_response):
    """A response that sets a cookie is never cacheable by a shared cache (a CDN would hand
    one reader's cookie or token to the next), whatever the view said: it becomes
    `private, no-cache`. Placed outside the middleware that set cookies (sessions, CSRF,
    messages) so it sees theirs."""

    def middleware(request):
        response = get_response(request)
        if response.cookies:
            control = response.get("Cache-Control", "")
            if "private" not in control and "no-store" not in control:
                del response["Cache-Control"]
                patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware
