"""Project-wide error views."""

from django.http import HttpResponseBadRequest
from django.template import loader


def bad_request(request, exception):
    """The designed 400 page, rendered as Django's `bad_request` does but without its
    `requires_csrf_token`. That decorator re-runs the CSRF check, which reads `request.POST`
    again; when the body itself was the bad request (a form declaring a charset other than
    UTF-8 raises BadRequest, which Django does not mark as unparsable) the second read raises
    and the 400 becomes a 500. The page has no form that needs a CSRF token."""
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
