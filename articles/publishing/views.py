from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.http import require_safe


@require_safe
def indexnow_key(request, key):
    """The IndexNow key file, /<key>.txt, which proves the pings come from this site."""
    if not settings.INDEXNOW_KEY or not constant_time_compare(key, settings.INDEXNOW_KEY):
        raise Http404("No such file")
    return HttpResponse(key, content_type="text/plain; charset=utf-8")
