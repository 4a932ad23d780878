"""Limits on what a reader's request may carry."""

from django.conf import settings
from django.shortcuts import render

# The newsroom uploads images and long bodies; the admin and its editor endpoints keep Django's
# own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, IMAGE_UPLOAD_MAX_BYTES).
NEWSROOM_PREFIXES = ("/editor/",)


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
