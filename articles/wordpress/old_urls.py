"""The old WordPress addresses of what was imported, kept alive as permanent redirects
through `articles.services.redirects_import` (`redirect_create` for many at once), so they
answer only where newsapp has no page, at no cost to found pages. Query-string addresses
(`/?p=123`) are answered by the home page (`articles.redirects.query_string_redirect`)."""

from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path

from articles.redirects import OLD_PATH_MAX_LENGTH
from articles.services import redirects_import

# Each flush also looks for redirects leading to the old paths (a scan: contrib.redirects has
# no index on new_path), so flushes are kept few.
FLUSH_EVERY = 2000


def site_path(url):
    """The path (and query) of `url` as a request for it shows it (percent-encoded as
    `request.get_full_path()` encodes it), or "" when it has none."""
    parts = urlsplit(url.strip())
    path = escape_uri_path(unquote(parts.path or "/")) if (parts.path or parts.query) else ""
    if parts.query:
        path = f"{path or '/'}?{parts.query}"
    return path


def post_paths(item):
    """The addresses a WordPress post answered at: its permalink, `/?p=ID`, and the usual
    permalink patterns built from its own date and slug."""
    paths = [f"/?p={item.wp_id}", site_path(item.link)]
    old_slugs = [value for key, value in item.meta_pairs if key == "_wp_old_slug"]
    for slug in [unquote(slug) for slug in [item.slug, *old_slugs] if slug]:
        if not item.local_date:
            break
        day = item.local_date
        paths += [
            f"/{day:%Y/%m/%d}/{slug}/",
            f"/{day:%Y/%m}/{slug}/",
            f"/{day:%Y}/{slug}/",
            f"/{slug}/",
            f"/archives/{item.wp_id}/",
        ]
    return [escape_uri_path(path) if "?" not in path else path for path in paths if path]


def term_paths(kind, path_slugs, term_id):
    """(page paths, feed paths): /category/parent/child/ or /tag/slug/, and their feeds."""
    base = "category" if kind == "category" else "tag"
    paths = ["/".join(unquote(slug) for slug in path_slugs)]
    if kind == "category" and len(path_slugs) > 1:
        paths.append(unquote(path_slugs[-1]))
    pages = [escape_uri_path(f"/{base}/{path}/") for path in paths]
    feeds = [escape_uri_path(f"/{base}/{path}/feed/") for path in paths]
    if term_id:
        pages.append(f"/?cat={term_id}" if kind == "category" else f"/?tag={path_slugs[-1]}")
    return pages, feeds


def author_paths(login, wp_id):
    """(page paths, feed paths) of a WordPress author."""
    pages = [escape_uri_path(f"/author/{login}/")] + ([f"/?author={wp_id}"] if wp_id else [])
    return pages, [escape_uri_path(f"/author/{login}/feed/")]


class RedirectWriter:
    """Collects (old path, new path) pairs and writes those not already in place, a batch at
    a time; pairs whose old path is the new one, or is too long to store, are left out."""

    def __init__(self, summary):
        self.summary = summary
        self.pending = {}
        self.seen = set()  # the first item to claim an old address keeps it

    def add(self, old_paths, new_path):
        for old_path in old_paths:
            if not old_path or old_path == new_path or old_path in self.seen:
                continue
            self.seen.add(old_path)
            if len(old_path) > OLD_PATH_MAX_LENGTH:
                self.summary.skip("redirects", "old address too long to store")
                continue
            self.pending[old_path] = new_path
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def flush(self):
        if not self.pending:
            return
        created, updated, unchanged = redirects_import(redirects=self.pending)
        self.summary.create("redirects", created)
        self.summary.update("redirects", updated)
        if unchanged:
            self.summary.skip("redirects", "already in place", unchanged)
        self.pending = {}
