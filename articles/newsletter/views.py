"""Readers' newsletter pages, all working without JavaScript.

No per-reader CSRF token: the subscribe form sits on cached pages (home, articles) and would
make them per-reader, and the other forms post to addresses that carry a signed token, which a
forging site cannot know. Instead every POST but the one-click unsubscribe (RFC 8058: mail
providers post it from their servers) must come from this site, by the browser's own
`Sec-Fetch-Site` header or, in older browsers, `Origin`. A request with neither (not a browser)
is let through: subscribing only sends a confirmation email, and it is rate limited.

Pages reached by a signed link are never cached or indexed and send no Referer, so the token
does not leak to the sites a reader goes on to."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from articles.caching import cache_for_readers

from . import ratelimit, services
from .conf import conf
from .forms import PreferencesForm, SubscribeForm
from .services import ConfirmOutcome
from .tokens import InvalidLink, manage_token, read_confirm_token

HOUR = 3600


def client_ip(request):
    if conf.CLIENT_IP_CALLABLE:
        return import_string(conf.CLIENT_IP_CALLABLE)(request)
    return request.META.get("REMOTE_ADDR", "")


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_cross_site(request):
    """True when a browser says the POST comes from another site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = {
        _origin(request.build_absolute_uri("/")),
        _origin(settings.SITE_URL),
        *(_origin(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS),
    }
    return origin.lower() not in own


def _refuse_cross_site(request):
    return render(request, "newsletter/cross_site.html", status=403)


def _private(response):
    """A page reached by a signed link: never stored, indexed or leaked as a Referer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _invalid_link(request, error):
    context = {"expired": str(error) == "expired"}
    return _private(render(request, "newsletter/link_invalid.html", context, status=400))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@cache_for_readers(params=())
def subscribe(request):
    """The newsletter page and where every subscribe form posts. The answer is the same for
    a new address, a known one and a bot."""
    if request.method != "POST":
        return render(request, "newsletter/subscribe.html", {"form": SubscribeForm()})
    if is_cross_site(request):
        return _refuse_cross_site(request)
    if not ratelimit.hit(
        "subscribe", client_ip(request), limit=conf.SUBSCRIBE_PER_CLIENT_HOUR, window=HOUR
    ):
        return render(request, "newsletter/too_many.html", status=429)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    if not form.is_bot:
        services.subscription_request(
            email=form.cleaned_data["email"], lists=form.cleaned_data["lists"]
        )
    return HttpResponseRedirect(reverse("newsletter:check-email"))


@require_safe
@cache_for_readers(params=())
def check_email(request):
    return render(request, "newsletter/check_email.html", {"confirm_days": conf.CONFIRM_DAYS})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET asks for a click (mail scanners open links; only a person confirms), POST
    confirms."""
    if request.method != "POST":
        try:
            read_confirm_token(token)
        except InvalidLink as error:
            return _invalid_link(request, error)
        return _private(render(request, "newsletter/confirm.html", {"token": token}))
    if is_cross_site(request):
        return _refuse_cross_site(request)
    try:
        subscriber, outcome = services.subscription_confirm(token=token)
    except InvalidLink as error:
        return _invalid_link(request, error)
    context = {
        "used": outcome == ConfirmOutcome.USED,
        "lists": [m.newsletter for m in subscriber.memberships.select_related("newsletter")],
        "preferences_url": _preferences_url(subscriber),
    }
    if context["used"]:
        context["lists"] = []  # a used link shows nothing about the address
    return _private(render(request, "newsletter/confirmed.html", context))


def _preferences_url(subscriber):
    return reverse("newsletter:preferences", kwargs={"token": manage_token(subscriber)})


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    try:
        subscriber = services.subscriber_from_link(token)
    except InvalidLink as error:
        return _invalid_link(request, error)
    form = PreferencesForm(request.POST or None, subscriber=subscriber)
    if request.method == "POST":
        if is_cross_site(request):
            return _refuse_cross_site(request)
        if "leave" in request.POST:
            services.subscriber_unsubscribe(subscriber=subscriber)
            return HttpResponseRedirect(f"{request.path}?saved=left")
        if form.is_valid():
            services.subscriber_set_lists(subscriber=subscriber, lists=form.cleaned_data["lists"])
            left = not form.cleaned_data["lists"]
            return HttpResponseRedirect(f"{request.path}?saved={'left' if left else 'lists'}")
    status = 400 if form.errors else 200
    context = {
        "form": form,
        "subscriber": subscriber,
        "saved": request.GET.get("saved", "")[:10],
        "unsubscribe_url": reverse("newsletter:unsubscribe", kwargs={"token": token}),
    }
    return _private(render(request, "newsletter/preferences.html", context, status=status))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; POST (that button, or a mail app's RFC 8058 one-click request)
    leaves every list at once. Only the signed token is needed: mail providers post without
    cookies from their own servers."""
    try:
        subscriber = services.subscriber_from_link(token)
    except InvalidLink as error:
        return _invalid_link(request, error)
    context = {"preferences_url": reverse("newsletter:preferences", kwargs={"token": token})}
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return _private(render(request, "newsletter/unsubscribed.html", context))
    context["already"] = subscriber.state != subscriber.State.CONFIRMED
    return _private(render(request, "newsletter/unsubscribe.html", context))
