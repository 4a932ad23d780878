"""The reader page cache: every public page, article pages with their comment form included,
rendered once and served from the shared cache to readers who carry no cookie but the CSRF one.

Who gets a cached page. A GET or HEAD with no cookie, or only the CSRF cookie (which changes
nothing on a page but the form's token). Anyone with a session, a pending message or any other
cookie (the newsroom, a reader who just posted) gets the page rendered fresh for them, and
what is rendered for them is never stored.

Holes. What differs per reader on a public page is the comment form's CSRF token and its
signed timestamp. A page rendered for the cache gets a marker where each goes (`per_reader()`)
and is stored with the list of holes; every response, the first included, fills them for its
own reader (`get_token()` and a fresh timestamp: a string join, not a render). Each reader gets
their own CSRF cookie and a timestamp of the moment they were served, so CSRF and the spam
timing check are as strong as without the cache. A page whose render touched the request's
own CSRF token (anything but a hole) or set a cookie is served to its reader and not stored.

Invalidation by event. Page keys include a site-wide version, a random token kept in the
cache. Any change readers could see (an article, section, tag, author or banner saved or
deleted, a visible comment posted, moderated, featured or deleted, a thread's settings
changed) replaces the token once its transaction commits (`pages_changed()`, connected to the
models by `invalidate_pages_on_change()`), so every page, list, feed and sitemap is rendered
again on its next request. The token also ends by itself at the next scheduled change (an
article due to go live, a banner starting or ending), and a page may end sooner
(`page_changes_at()`: a thread closing by date, the "most read" lists' refresh). A lost token
is a new token: old pages are never found again, never resurrected.
READER_PAGE_CACHE_SECONDS bounds how long any page is kept (0 switches the cache off).

Fragments. Parts of a page that read the same for every reader and cost most to build (an
article's comment listing, its related reporting) are kept under the same version
(`cached_fragment()`), so a page rendered fresh (for the newsroom, a reader with a session, or
after any change to another page) rebuilds only what is its reader's own. A fragment never
holds a per-reader value: no hole, no CSRF token, nothing from the session.

Each worker also keeps the pages it served last in its own memory, by the same keys
(READER_PAGE_MEMORY_BYTES in all): a key names one version of one page, so a page found there
is the page the shared cache holds, and a hit reads only the small version token from the
shared cache instead of the whole page.

HTTP. Every cached page has an ETag (with the reader's CSRF secret mixed in where the page
carries a token), so a browser's revalidation gets a 304. A page with no hole and no cookie is
`public` with `s-maxage` and `stale-while-revalidate` for a CDN or micro-cache in front; a
page with a hole, a cookie, or rendered fresh for one reader is `private, no-cache`. Bodies
are stored gzipped part by part (articles/gzip_parts.py), so a hit compresses only its holes.
"""

import hashlib
import logging
import math
import re
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.encoding import escape_uri_path
from django.utils.http import parse_http_date_safe
from django.utils.safestring import mark_safe

from .gzip_parts import deflate_part, gzip_join
from .models import Announcement, Article

logger = logging.getLogger(__name__)

VERSION_KEY = "reader-pages:version"
KEY_PREFIX = "reader-pages"
FRAGMENT_KEY_PREFIX = "reader-fragments"
# A CDN in front may serve a stale page this long while it fetches a new one.
SHARED_STALE_SECONDS = 30
# A cached page's query string holds only the parameters its view reads, each this short.
PARAM_MAX_LENGTH = 20
KEPT_HEADERS = ("Content-Type", "Content-Language", "ETag", "Last-Modified", "X-Robots-Tag")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
MIN_COMPRESSED_SIZE = 200


# Holes

FILLERS = {}


def hole_filler(kind):
    """Register `function(request, *args)` as what fills holes of `kind` for each reader."""

    def register(function):
        FILLERS[kind] = function
        return function

    return register


@hole_filler("csrf")
def csrf_token(request):
    return get_token(request)


class PageRender:
    """The holes and the end of life of a page being rendered for the cache."""

    def __init__(self):
        self.nonce = secrets.token_hex(8)
        self.holes = []
        self.changes_at = None

    def hole(self, kind, args):
        self.holes.append((kind, tuple(args)))
        return f"readerhole{self.nonce}n{len(self.holes) - 1}e"

    def marker_pattern(self):
        return re.compile(rf"readerhole{self.nonce}n(\d+)e".encode())


def per_reader(request, kind, *args):
    """The per-reader value `kind` (a registered hole: "csrf", or the comment form's
    timestamp) for this request: a marker to fill at serve time while the page is rendered for
    the cache, else the value itself."""
    page = getattr(request, "_reader_page", None)
    if page is None:
        return FILLERS[kind](request, *args)
    return page.hole(kind, args)


def page_changes_at(request, when):
    """Tell the cache that the page rendered for `request` changes by itself at `when` (an
    aware datetime), e.g. when its thread closes; it is rendered again from then on."""
    page = getattr(request, "_reader_page", None) if request is not None else None
    if page is not None and when is not None:
        stamp = when.timestamp()
        page.changes_at = stamp if page.changes_at is None else min(page.changes_at, stamp)


# The site-wide version


def _now():
    """The time as a timestamp, from the clock that decides what is published."""
    return timezone.now().timestamp()


def next_scheduled_change(now):
    """When public pages next change with no one saving anything: a scheduled article goes
    live, or a banner starts or ends. Two small queries on indexed columns."""
    due = Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
    banners = Announcement.objects.filter(is_enabled=True).aggregate(
        starts=Min("starts_at", filter=Q(starts_at__gt=now)),
        ends=Min("ends_at", filter=Q(ends_at__gt=now)),
    )
    times = [due.aggregate(at=Min("publish_at"))["at"], banners["starts"], banners["ends"]]
    return min(filter(None, times), default=None)


def _new_version():
    now = timezone.now()
    until = next_scheduled_change(now)
    record = {"token": secrets.token_hex(8), "until": until.timestamp() if until else None}
    timeout = None if until is None else max(1, math.ceil((until - now).total_seconds()))
    return record, timeout


def pages_version():
    """The current version token, made (and kept) when there is none or it has ended."""
    record = cache.get(VERSION_KEY)
    if record is not None and (record["until"] is None or _now() < record["until"]):
        return record["token"]
    fresh, timeout = _new_version()
    if record is None:
        # Workers starting at once agree on one token; a loser adopts the winner's.
        if not cache.add(VERSION_KEY, fresh, timeout):
            fresh = cache.get(VERSION_KEY) or fresh
    else:
        cache.set(VERSION_KEY, fresh, timeout)
    return fresh["token"]


def _replace_version():
    # After the commit: a cache that is down must not turn a saved change into an error page
    # (its pages cannot be served either, and stored ones end with READER_PAGE_CACHE_SECONDS).
    try:
        record, timeout = _new_version()
        cache.set(VERSION_KEY, record, timeout)
    except Exception:
        logger.exception("The reader page cache could not be marked out of date")


def pages_changed():
    """Every cached page is out of date: a new version once the current transaction commits
    (at once outside one), so no page rendered before the commit is stored under it."""
    transaction.on_commit(_replace_version)


def forget_cached_pages():
    """Drop the version at once, leaving every cached page unreachable: for changes made
    around the ORM (a database restore, SQL by hand)."""
    cache.delete(VERSION_KEY)


def invalidate_pages_on_change(model, *, saved_when=None):
    """Call `pages_changed()` whenever a `model` row is saved (when `saved_when(instance,
    update_fields)` holds, if given) or deleted. Signals catch every way a row changes through
    the ORM, the admin's and importers' included; `QuerySet.update()` callers call
    `pages_changed()` themselves."""

    def saved(sender, instance, update_fields=None, **kwargs):
        if saved_when is None or saved_when(instance, update_fields or ()):
            pages_changed()

    def deleted(sender, **kwargs):
        pages_changed()

    label = model._meta.label_lower
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"reader-pages-{label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"reader-pages-{label}")


def invalidate_pages_on_m2m_change(through):
    def changed(sender, action, **kwargs):
        if action.startswith("post_"):
            pages_changed()

    label = through._meta.label_lower
    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"reader-pages-{label}")


# Fragments


def cached_fragment(name, vary_on, render):
    """The HTML `render()` returns, kept in the shared cache for the current version of the
    site's content under `name` and the values in `vary_on` (whatever else the HTML depends
    on: an article's id, the query string). The version is read before `render()` reads
    anything, so a fragment built across a change is stored where no page looks again."""
    if settings.READER_PAGE_CACHE_SECONDS <= 0:
        return render()
    vary = hashlib.sha256(repr([str(value) for value in vary_on]).encode()).hexdigest()
    key = f"{FRAGMENT_KEY_PREFIX}:{pages_version()}:{name}:{vary}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), settings.READER_PAGE_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered from templates, which escape)


def cached_fragment_with_holes(request, name, vary_on, holes, render):
    """`cached_fragment()` for HTML holding per-reader values (a form's CSRF token and
    timestamp): `render(*markers)` puts a marker where each of `holes` (registered kinds with
    their arguments, as `per_reader()` takes them) goes, and every use fills the markers in for
    `request`'s reader with `per_reader()`, so a page rendered for the cache gets its own
    holes there. The markers are letters and digits, which escaping leaves alone; the HTML
    must hold nothing a reader wrote, or it could carry a marker."""
    markers = [f"fragmenthole{n}e" for n in range(len(holes))]
    html = cached_fragment(name, [*vary_on, *holes], lambda: render(*markers))
    for marker, (kind, *args) in zip(markers, holes, strict=True):
        html = html.replace(marker, str(per_reader(request, kind, *args)))
    return mark_safe(html)  # noqa: S308 (rendered from templates; the values are tokens)


# Cached pages


@dataclass
class CachedPage:
    """A rendered page with its holes: `parts` (bytes, each also deflated in `packed`) come
    around the holes, parts[0] hole[0] parts[1] ... hole[n-1] parts[n]."""

    status: int
    headers: dict
    parts: list
    packed: list
    holes: list
    digest: str
    expires_at: float = 0.0  # a timestamp; the cache may also drop the page sooner

    @classmethod
    def from_response(cls, response, render):
        pieces = render.marker_pattern().split(response.content)
        parts, holes = pieces[0::2], [render.holes[int(index)] for index in pieces[1::2]]
        digest = hashlib.sha256()
        for part, hole in zip(parts, [*holes, None], strict=True):
            digest.update(part)
            digest.update(repr(hole).encode())
        headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
        return cls(
            status=response.status_code,
            headers=headers,
            parts=parts,
            packed=[deflate_part(part) for part in parts],
            holes=holes,
            digest=digest.hexdigest()[:32],
        )

    def etag(self, request):
        """The page's ETag for this reader, or None when it cannot have one yet (a page with
        a token, for a reader with no CSRF secret)."""
        if "ETag" in self.headers:
            return self.headers["ETag"]
        if not self.holes:
            return f'W/"{self.digest}"'
        secret = request.META.get("CSRF_COOKIE")
        if not secret:
            return None
        reader = salted_hmac("articles.caching.etag", secret).hexdigest()[:16]
        return f'W/"{self.digest}-{reader}"'


class RecentPages:
    """The pages a worker served last, by key, up to `max_bytes` of their bodies; the least
    recently served go first. Shared by the worker's threads."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def weight(page):
        return sum(map(len, page.parts)) + sum(map(len, page.packed))

    def get(self, key):
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key, page):
        weight = self.weight(page)
        if weight > self.max_bytes:
            return
        with self.lock:
            if key in self.pages:
                self.size -= self.weight(self.pages.pop(key))
            self.pages[key] = page
            self.size += weight
            while self.size > self.max_bytes:
                _, dropped = self.pages.popitem(last=False)
                self.size -= self.weight(dropped)


recent_pages = RecentPages(settings.READER_PAGE_MEMORY_BYTES)


def _reader_query(request, params):
    """The query string a cached page is rendered for and stored under: only `params` (what
    the view reads), so tracking parameters share one page. None when it cannot be cached."""
    query = QueryDict(mutable=True)
    for name in params:
        values = request.GET.getlist(name)
        if len(values) > 1 or any(len(value) > PARAM_MAX_LENGTH for value in values):
            return None
        if values:
            query[name] = values[0]
    query._mutable = False
    return query


def is_reader_request(request):
    return (
        settings.READER_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _page_key(request, query, version):
    url = f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}"
    digest = hashlib.sha256(f"{url}?{query.urlencode()}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{version}:{digest}"


def mark_shared(response):
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.READER_PAGE_SHARED_MAX_AGE,
        stale_while_revalidate=SHARED_STALE_SECONDS,
    )


def mark_private(response):
    patch_cache_control(response, private=True, no_cache=True)


def _forbids_caching(response):
    control = response.get("Cache-Control", "")
    return any(word in control for word in ("private", "no-store", "no-cache"))


def _respond(request, page):
    """The response to `request` from `page`: a 304 when the reader has it, else the page with
    its holes filled for this reader, gzipped when the reader takes it."""
    etag = page.etag(request)
    last_modified = parse_http_date_safe(page.headers.get("Last-Modified", ""))
    if etag or last_modified:
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return _with_cache_headers(request, not_modified, page, etag)
    filled = {}
    hole_values = []
    for hole in page.holes:
        if hole not in filled:
            kind, args = hole
            filled[hole] = str(FILLERS[kind](request, *args)).encode()
        hole_values.append(filled[hole])
    raw = [part for pair in zip(page.parts, [*hole_values, b""], strict=True) for part in pair]
    size = sum(len(part) for part in raw)
    if size >= MIN_COMPRESSED_SIZE and ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    ):
        packed = [
            pair
            for part, packed_part, value in zip(
                page.parts, page.packed, [*hole_values, None], strict=True
            )
            for pair in ((part, packed_part), *([(value, deflate_part(value))] if value else []))
        ]
        response = HttpResponse(gzip_join(packed), status=page.status)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(b"".join(raw), status=page.status)
    for name, value in page.headers.items():
        response[name] = value
    return _with_cache_headers(request, response, page, page.etag(request))


def _with_cache_headers(request, response, page, etag):
    if etag:
        response["ETag"] = etag
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    if page.holes or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        mark_private(response)
    else:
        mark_shared(response)
    return response


def _render_for_cache(view, request, query, key, args, kwargs):
    render = PageRender()
    request._reader_page = render
    full_query, request.GET = request.GET, query
    try:
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
    finally:
        request.GET = full_query
        del request._reader_page
    if response.streaming or response.status_code != 200:
        return response
    page = CachedPage.from_response(response, render)
    now = _now()
    page.expires_at = min(now + settings.READER_PAGE_CACHE_SECONDS, render.changes_at or math.inf)
    life = math.floor(page.expires_at - now)
    token_used = request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the render called get_token()
    if life > 0 and not token_used and not response.cookies and not _forbids_caching(response):
        cache.set(key, page, life)
        recent_pages.put(key, page)
    served = _respond(request, page)
    for cookie in response.cookies.values():
        served.cookies[cookie.key] = cookie
    return served


def cache_for_readers(view=None, *, params=("page",)):
    """`view` served from the reader page cache (see the module's docstring); `params` are
    the query parameters it reads (a list's `page`, an article's thread page and sort)."""
    if view is None:
        return lambda view: cache_for_readers(view, params=params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        query = _reader_query(request, params) if is_reader_request(request) else None
        # A reader whose CSRF cookie was malformed gets a new one: their page is theirs.
        if query is None or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response = view(request, *args, **kwargs)
            mark_private(response)
            return response
        key = _page_key(request, query, pages_version())
        page = recent_pages.get(key)
        if page is None:
            page = cache.get(key)
            if page is not None:
                recent_pages.put(key, page)
        if (
            page is not None
            and _now() < page.expires_at
            and all(kind in FILLERS for kind, _ in page.holes)
        ):
            return _respond(request, page)
        return _render_for_cache(view, request, query, key, args, kwargs)

    return wrapper
