"""Project-wide error views."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader


def bad_request(request, exception):
    """The designed 400 page, rendered as Django's `bad_request` does but without its
    `requires_csrf_token`. That decorator re-runs the CSRF check, which reads `request.POST`
    again; when the body itself was the bad request (a form declaring a charset other than
    UTF-8 raises BadRequest, which Django does not mark as unparsable) the second read raises
    and the 400 becomes a 500. The page has no form that needs a CSRF token."""
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def login_locked_out(request, response, credentials):
    """What django-axes answers while a username or an address is locked out: the admin's
    own page, saying why and for how long, instead of the login form."""
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)
