"""The read beacon: the article page reports a read with a tiny request of its own, which
no cached copy of the page can skip.

Every answer is empty (204) or a 1-pixel GIF, the same whether the read counted or not, with
no cookie and `Cache-Control: no-store`, so browsers and caches send each read again."""

import base64

from django.http import HttpResponse, HttpResponseNotFound
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article

from .services import article_read_record
from .visitors import client_may_count, is_bot, is_speculative

# navigator.sendBeacon(url) sends an empty body; anything bigger is not ours.
BEACON_MAX_BODY_BYTES = 64
# The smallest transparent GIF (1 x 1 pixel).
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def count_read(request, article_id):
    """Count a read of `article_id` if the request comes from a reader: bots, speculative
    loads and a client past its hourly allowance are ignored. False if no published article
    has that id (the answer is then an empty 404, see `not_a_beacon`)."""
    if not Article.objects.published().filter(pk=article_id).exists():
        return False
    if not (is_bot(request) or is_speculative(request)) and client_may_count(request, article_id):
        article_read_record(article_id=article_id)
    return True


@csrf_exempt  # a count, not an action on anyone's behalf; it takes no token, sets no cookie
@never_cache
@require_POST
def read_beacon(request, article_id):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= BEACON_MAX_BODY_BYTES:
        return HttpResponse(status=400)
    if not count_read(request, int(article_id)):
        return HttpResponseNotFound()
    return HttpResponse(status=204)


@never_cache
@require_GET
def read_pixel(request, article_id):
    """The same count for readers without JavaScript (an <img> in <noscript>)."""
    if not count_read(request, int(article_id)):
        return HttpResponseNotFound()
    return HttpResponse(PIXEL_GIF, content_type="image/gif")


def not_a_beacon(request, rest):
    """Any other address under /read/: an empty 404, not the site's 404 page with its
    navigation (queries and kilobytes spent on junk)."""
    return HttpResponseNotFound()
