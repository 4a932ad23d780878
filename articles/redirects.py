"""Old addresses that lead on: contrib.redirects' fallback, consulted only for a 404, with
temporary (302) redirects as well as permanent ones; see `SiteRedirect`."""

from django.conf import settings
from django.contrib.redirects import middleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponseRedirect

OLD_PATH_MAX_LENGTH = Redirect._meta.get_field("old_path").max_length


class RedirectFallbackMiddleware(middleware.RedirectFallbackMiddleware):
    """Django's RedirectFallbackMiddleware (a 404 looks up its path, then its path with a
    slash appended), answering 302 for a redirect an editor marked temporary."""

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        paths = [request.get_full_path()]
        if settings.APPEND_SLASH and not request.path.endswith("/"):
            paths.append(request.get_full_path(force_append_slash=True))
        # No stored path is longer, or holds NUL (which PostgreSQL refuses in any query).
        paths = [path for path in paths if len(path) <= OLD_PATH_MAX_LENGTH and "\x00" not in path]
        if not paths:
            return response
        found = {
            redirect.old_path: redirect
            for redirect in Redirect.objects.select_related("siteredirect").filter(
                site=get_current_site(request), old_path__in=paths
            )
        }
        redirect = next((found[path] for path in paths if path in found), None)
        if redirect is None:
            return response
        if redirect.new_path == "":
            return self.response_gone_class()
        extension = getattr(redirect, "siteredirect", None)
        if extension is not None and not extension.permanent:
            return HttpResponseRedirect(redirect.new_path)
        return self.response_redirect_class(redirect.new_path)


# WordPress's addresses without pretty permalinks: /?p=123 (a post), /?page_id=2 (a page),
# /?cat=4, /?tag=slug, /?author=7, /?attachment_id=9. They reach the home page, which is found,
# so the 404 fallback above never sees them; the home page asks `query_string_redirect`.
WORDPRESS_QUERY_KEYS = ("p", "page_id", "cat", "tag", "author", "attachment_id")


def query_string_redirect(request):
    """The response for a redirect stored for the request's WordPress-style query address
    (e.g. "/?p=123"), or None. Requests without such a query cost nothing."""
    key = next((key for key in WORDPRESS_QUERY_KEYS if key in request.GET), None)
    if key is None:
        return None
    value = request.GET[key]
    old_path = f"{request.path}?{key}={value}"
    if not value or len(old_path) > OLD_PATH_MAX_LENGTH or "\x00" in old_path:
        return None
    redirect = (
        Redirect.objects.select_related("siteredirect")
        .filter(site=get_current_site(request), old_path=old_path)
        .first()
    )
    if redirect is None:
        return None
    if redirect.new_path == "":
        return middleware.RedirectFallbackMiddleware.response_gone_class()
    extension = getattr(redirect, "siteredirect", None)
    if extension is not None and not extension.permanent:
        return HttpResponseRedirect(redirect.new_path)
    return middleware.RedirectFallbackMiddleware.response_redirect_class(redirect.new_path)
