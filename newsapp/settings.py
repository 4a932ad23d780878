"""
Settings for newsapp, read from environment variables (see README, "Configuration").

Local runs (`make run`, `make dev`, the tests) work with no variables at all: SQLite and a file
cache under the git-ignored `var/` folder, and a secret key generated once into `var/`.
Production sets DEBUG off and must provide SECRET_KEY and ALLOWED_HOSTS.
"""

import contextlib
import datetime
import ipaddress
import os
import re
import secrets
import socket
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default=None):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}  # noqa: S104 (names, not a bind)


def outward_address():
    """The address other machines reach this one at: the source address of a route out. A UDP
    connect sends no packet; 192.0.2.1 is a documentation address (RFC 5737)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()


def url_host(host):
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def local_site_url(host, port):
    """Where a local run is reached: its bind address, or this machine's when it binds every
    address (HOST=0.0.0.0), so links in feeds and emails work from other machines."""
    host = outward_address() if host in WILDCARD_HOSTS else host
    return f"http://{url_host(host)}:{port}"


def local_allowed_hosts(host, site_url):
    """Loopback names, the bind address and SITE_URL's host; binding every address adds the
    names and addresses other machines may use for this one."""
    hosts = {"127.0.0.1", "localhost", "[::1]", urlsplit(site_url).hostname or ""}
    if host in WILDCARD_HOSTS:
        name = socket.gethostname()
        hosts |= {name, socket.getfqdn(), outward_address()}
        with contextlib.suppress(OSError):
            hosts |= set(socket.gethostbyname_ex(name)[2])
    else:
        hosts.add(host)
    return sorted(url_host(host) if ":" in host else host for host in hosts if host)


def local_secret_key():
    """A key generated once for this checkout and kept in var/, outside git."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DEBUG", False)
# `make run` serves like production on a laptop; it sets LOCAL_RUN so a generated key is allowed.
LOCAL_RUN = env_bool("LOCAL_RUN", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or LOCAL_RUN:
        SECRET_KEY = local_secret_key()
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production needs a long random SECRET_KEY in the "
            "environment (local runs: use `make run` or `make dev`)."
        )

# Local runs serve on HOST:PORT (the Makefile and gunicorn.conf.py read the same variables).
HOST = os.environ.get("HOST", "127.0.0.1").strip()
PORT = env_int("PORT", 8000)
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    SITE_URL = local_site_url(HOST, PORT) if (DEBUG or LOCAL_RUN) else "http://127.0.0.1:8000"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS and (DEBUG or LOCAL_RUN):
    ALLOWED_HOSTS = local_allowed_hosts(HOST, SITE_URL)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = os.environ.get("SITE_NAME", "The Meridian Dispatch")
SITE_TAGLINE = os.environ.get(
    "SITE_TAGLINE", "Independent reporting on contested international news"
)
# The publisher named in articles' structured data (NewsMediaOrganization) and its logo: a
# static PNG of at least 112 × 112 pixels (Google's minimum), with its real size.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", SITE_NAME)
PUBLISHER_LOGO = {"path": "img/publisher-logo.png", "width": 512, "height": 512}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Redirects need sites; the one Site's domain follows SITE_URL (newsapp/apps.py).
    "django.contrib.sites",
    "django.contrib.redirects",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "markdownx",
    "csp",
    "axes",
    "reversion",
    "articles",
    "articles.readership",
    "articles.revisions",
    "articles.publishing",
    "articles.wordpress",
    "articles.newsletter",
    "comments",
    "comments.classifier",
    "newsapp",
    "newsapp.demo",
]

MIDDLEWARE = [
    # /healthz and /readyz, before anything checks the Host or redirects (newsapp/health.py).
    "newsapp.health.health_checks",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything reads request.POST: public forms refuse oversized or file-carrying bodies.
    "newsapp.middleware.public_request_body_limit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come precompressed), before anything that sets cookies.
    "newsapp.middleware.TextGZipMiddleware",
    "newsapp.middleware.no_shared_caching_with_cookies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Only a 404 looks for a redirect (old article addresses, the newsroom's own redirects).
    "articles.redirects.RedirectFallbackMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

SITE_ID = 1

ROOT_URLCONF = "newsapp.urls"
WSGI_APPLICATION = "newsapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
            ],
        },
    },
]

# Databases: DATABASE_URL (e.g. postgres://user:pass@host:5432/name), else SQLite in var/.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # Several gunicorn workers write to one file: WAL lets readers go on while one
                # writes, and IMMEDIATE transactions plus a busy timeout make writers queue
                # instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

# Caches: Redis when REDIS_URL is set; else a file cache that every gunicorn worker shares
# (rate limits and cached pages must hold across processes, so never per-process memory).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsapp"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve media from gunicorn through the same app (small outlet, one machine). A CDN or the
# front web server can take /media/ over in larger set-ups.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

# Media in S3-compatible object storage, shared by every app server (README "Deployment /
# scaling out"): on when MEDIA_S3_BUCKET is set. Credentials come from boto3's usual sources
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment, a profile, an instance role),
# never from this file. MEDIA_S3_PUBLIC_URL is where readers fetch the files: a CDN, the front
# nginx's /media/ proxied to the bucket, or by default the bucket's own address.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "").strip()
if MEDIA_S3_BUCKET:
    MEDIA_S3_ENDPOINT_URL = os.environ.get("MEDIA_S3_ENDPOINT_URL", "").strip().rstrip("/")
    MEDIA_S3_REGION = os.environ.get("MEDIA_S3_REGION", "").strip() or "us-east-1"
    MEDIA_URL = os.environ.get("MEDIA_S3_PUBLIC_URL", "").strip() or (
        f"{MEDIA_S3_ENDPOINT_URL}/{MEDIA_S3_BUCKET}/"
        if MEDIA_S3_ENDPOINT_URL
        else f"https://{MEDIA_S3_BUCKET}.s3.{MEDIA_S3_REGION}.amazonaws.com/"
    )
    MEDIA_URL = MEDIA_URL.rstrip("/") + "/"
    if not (MEDIA_URL.startswith("/") or urlsplit(MEDIA_URL).scheme in {"http", "https"}):
        raise ImproperlyConfigured("MEDIA_S3_PUBLIC_URL must be an http(s) address or a /path/.")
    STORAGES["default"] = {
        "BACKEND": "newsapp.storage.PublicMediaStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
            "region_name": MEDIA_S3_REGION,
            "public_url": MEDIA_URL,
            # MinIO, moto and most non-AWS servers want /bucket/key addresses.
            "addressing_style": "path" if MEDIA_S3_ENDPOINT_URL else None,
            # Like the file system: a name in use gets a suffix, never replaces a file.
            "file_overwrite": False,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
    SERVE_MEDIA = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"
# The newsroom is the only place to sign in (not Django's default /accounts/profile/).
LOGIN_REDIRECT_URL = "admin:index"

# The newsroom's address; moving it (ADMIN_URL=desk-7f3a/) keeps bots that probe /admin/ off
# the login form. Relative, ending in a slash.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip().strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL cannot be empty (the site's pages live at /).")

# Login throttling (django-axes, recorded in the database so every worker sees it): after
# LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one address, logins for it are
# refused for LOGIN_LOCKOUT_MINUTES. An admin unlocks early by deleting the attempt (Axes ›
# Access attempts) or with `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "comments.privacy.client_ip"
AXES_LOCKOUT_CALLABLE = "newsapp.views.login_locked_out"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Log who failed and from where (axes masks both by default, which leaves nothing to act on).
AXES_SENSITIVE_PARAMETERS = []

# Uploads: keep big files out of memory and refuse absurd request bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)

# markdownx: our own views serve these paths (articles/editor.py) with staff-only access,
# Pillow checks and the same sanitizer as published articles.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.markdown.render_markdown"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = IMAGE_UPLOAD_MAX_BYTES
MARKDOWNX_URLS_PATH = "/editor/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editor/upload/"

# Behind a reverse proxy (nginx, a load balancer), REMOTE_ADDR is the proxy's. Say how many
# proxies stand in front (TRUSTED_PROXY_COUNT) or their networks (TRUSTED_PROXY_NETWORKS), and
# which header they write; only then is the client read from it (comments/privacy.py). With
# neither set, forwarded headers are ignored, since anyone can send them.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_NETWORKS = env_list("TRUSTED_PROXY_NETWORKS")
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "X-Forwarded-For").strip()
if TRUSTED_PROXY_COUNT and TRUSTED_PROXY_NETWORKS:
    raise ImproperlyConfigured("Set TRUSTED_PROXY_COUNT or TRUSTED_PROXY_NETWORKS, not both.")
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT cannot be negative.")
for network in TRUSTED_PROXY_NETWORKS:
    try:
        ipaddress.ip_network(network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_NETWORKS: {network!r} is not an address or network."
        ) from None
if TRUSTED_PROXY_HEADER.lower() not in {"x-forwarded-for", "forwarded"}:
    raise ImproperlyConfigured("TRUSTED_PROXY_HEADER must be X-Forwarded-For or Forwarded.")

# /readyz: how long the database and the cache get to answer before the server reports
# itself not ready (503), so the load balancer stops sending it readers.
READINESS_TIMEOUT_SECONDS = float(os.environ.get("READINESS_TIMEOUT_SECONDS", "2") or 2)

# Security headers. HTTPS-only settings switch on when SITE_URL is https.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
HTTPS = SITE_URL.startswith("https://")
# Browsers treat http://127.0.0.1 and http://localhost as secure contexts and keep Secure
# cookies there, so a site served on loopback (a local `make run`) marks them Secure as well.
# Served to other machines over plain http, Secure cookies would never come back.
LOOPBACK_SITE = urlsplit(SITE_URL).hostname in {"127.0.0.1", "localhost", "::1"}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS or LOOPBACK_SITE
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Pages use no device or browser feature: refuse them all, for embedded content too.
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "magnetometer", "microphone", "midi",
        "payment", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
        "xr-spatial-tracking",
    ]
}  # fmt: skip
PERMISSIONS_POLICY["fullscreen"] = ["self"]

# Public POSTs (comments, flags, unsubscribes) carry a few kilobytes of form fields and never
# a file (the comment box holds 3,000 characters; this allows a paste many times that, so the
# form can still say what is too long); bigger bodies are refused before they are read
# (newsapp/middleware.py). The proxy in
# front should refuse them too (nginx: client_max_body_size, see README "Behind a proxy").
PUBLIC_REQUEST_MAX_BYTES = 256 * 1024

# A strict Content-Security-Policy on every page, the newsroom's included: templates have no
# inline scripts, styles or handlers, and nothing loads from other origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Media on another origin (S3, a CDN) are images pages may show.
if urlsplit(MEDIA_URL).scheme:
    media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL))
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(media_origin)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): the server's address and
# login; newsletters and notices go through it. A timeout, so a hung server cannot stall sends.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "newsapp.log.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["client_errors"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Newsroom settings
ARTICLES_PER_PAGE = 12
# The home page shows the newest stories of this many sections (the first in their order).
HOME_SECTION_BLOCKS = env_int("HOME_SECTION_BLOCKS", 8)
# Readers without a session get every public page from the shared cache, invalidated by every
# change (see articles/caching.py); a page is kept at most this long (0 turns the cache off).
READER_PAGE_CACHE_SECONDS = env_int("READER_PAGE_CACHE_SECONDS", 600)
# Each worker keeps the pages it served last in memory too, up to this many bytes.
READER_PAGE_MEMORY_BYTES = env_int("READER_PAGE_MEMORY_BYTES", 16 * 1024 * 1024)
# How long a CDN or micro-cache in front may hold a public page (s-maxage); our own cache
# never serves a changed page.
READER_PAGE_SHARED_MAX_AGE = env_int("READER_PAGE_SHARED_MAX_AGE", 10)
# Feeds carry each article's standfirst as its summary; on, they carry the whole text too.
FEED_FULL_TEXT = env_bool("FEED_FULL_TEXT", False)
# PostgreSQL's text search configuration (its language: stemming and stop words) for site
# search; SQLite ignores it. After changing it run `manage.py rebuild_search_index`.
SEARCH_CONFIG = os.environ.get("SEARCH_CONFIG", "english")

# Revisions and edit conflicts: the defaults, and what each means, are in
# articles/revisions/conf.py. `manage.py prune_revisions` keeps every published version and
# the newest REVISIONS_KEEP_DRAFTS others of each article.
if env_int("REVISIONS_KEEP_DRAFTS") is not None:
    REVISIONS_KEEP_DRAFTS = env_int("REVISIONS_KEEP_DRAFTS")
# Publishing: what goes public is announced by `manage.py publish_worker` (articles/publishing;
# the worker's defaults are in its conf.py). Each destination is off until configured.
# Telegram: a bot (from @BotFather) that is an admin of the channel, and the channel
# (@name or its numeric id). The token is a secret: never logged or shown.
TELEGRAM_BOT_TOKEN = os.environ.get("TELEGRAM_BOT_TOKEN", "").strip()
TELEGRAM_CHANNEL = os.environ.get("TELEGRAM_CHANNEL", "").strip()
# IndexNow (Bing, Yandex and others): a key of 8-128 letters, digits and dashes, which the
# site serves at /<key>.txt as the protocol asks. Off when empty.
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "").strip()
if INDEXNOW_KEY and not re.fullmatch(r"[A-Za-z0-9-]{8,128}", INDEXNOW_KEY):
    raise ImproperlyConfigured("INDEXNOW_KEY must be 8-128 letters, digits or dashes.")

# "Most read": the defaults are in articles/readership/conf.py. A client counts reads under its
# own address, found the way comments and logins find it (behind proxies, see above).
READERSHIP_CLIENT_IP_CALLABLE = "comments.privacy.client_ip"

# Newsletters (articles/newsletter; the defaults are in its conf.py): sent by publish_worker
# through EMAIL_BACKEND (SMTP in production: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS / EMAIL_USE_SSL), paced per worker.
NEWSLETTER_CLIENT_IP_CALLABLE = "comments.privacy.client_ip"
if env_int("NEWSLETTER_SEND_RATE_PER_SECOND") is not None:
    NEWSLETTER_SEND_RATE_PER_SECOND = env_int("NEWSLETTER_SEND_RATE_PER_SECOND")
if os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "").strip():
    NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ["NEWSLETTER_UNSUBSCRIBE_MAILTO"].strip()

# Comments: the defaults, and what each setting means, are in comments/conf.py; these lines
# only let the environment change them. Per-article overrides live in the admin.
if os.environ.get("COMMENTS_MODERATION", "").strip():
    COMMENTS_MODERATION = os.environ["COMMENTS_MODERATION"].strip()
if env_int("COMMENTS_CLOSE_AFTER_DAYS") is not None:
    COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS")
if env_int("COMMENTS_IP_RETENTION_DAYS") is not None:
    COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS")
if env_list("COMMENTS_MODERATION_NOTICE_EMAILS"):
    COMMENTS_MODERATION_NOTICE_EMAILS = env_list("COMMENTS_MODERATION_NOTICE_EMAILS")
