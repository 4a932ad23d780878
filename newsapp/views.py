"""Project-wide views: errors, robots.txt."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# What crawlers are asked to leave alone: search results (endless near-duplicates), staff
# previews and the editor's endpoints, and the comment forms, links from emails and
# permalinks (which only redirect to the article). Prefixes, so every page under each counts.
ROBOTS_DISALLOWED = ["/search/", "/preview/", "/editor/", "/comments/", "/read/"]


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


@require_safe
@cache_control(public=True, max_age=60 * 60)
def robots_txt(request):
    """robots.txt: the sitemaps as absolute addresses (SITE_URL) and what crawlers should skip.

    The newsroom is listed only at its default /admin/. Moved (ADMIN_URL), its address is kept
    out: robots.txt is public, and would tell every bot where it went. The admin's pages carry
    their own robots meta tag (noindex) either way.
    """
    disallowed = list(ROBOTS_DISALLOWED)
    if settings.ADMIN_URL == "admin/":
        disallowed.insert(0, f"/{settings.ADMIN_URL}")
    return render(
        request, "robots.txt", {"disallowed": disallowed}, content_type="text/plain; charset=utf-8"
    )
