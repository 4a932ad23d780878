"""Test settings: the real settings with a throwaway key, fast hashing and temporary files.

The cache stays the configured kind (Redis under REDIS_URL, else a file cache in a temporary
folder) because rate limits are tested across processes through it.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# The test client's host, which the Site (feeds, sitemaps, redirects) takes from SITE_URL.
os.environ.setdefault("SITE_URL", "http://testserver")

from newsapp.settings import *  # noqa: E402,F403
from newsapp.settings import CACHES  # noqa: E402

TEST_TMP = Path(tempfile.mkdtemp(prefix="newsapp-tests-"))  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = TEST_TMP / "media"
STATIC_ROOT = TEST_TMP / "static"
STATIC_ROOT.mkdir()  # WhiteNoise warns on every request when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    CACHES["default"]["LOCATION"] = str(TEST_TMP / "cache")
else:
    CACHES["default"]["KEY_PREFIX"] = f"newsapp-test-{os.getpid()}"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, as in production: several connections (threads standing in for gunicorn
    # workers) then queue on SQLite's busy timeout, where a shared in-memory database fails
    # at once with "database table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_TMP / "test.sqlite3")}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests see every change at once; tests/articles/test_caching.py switches the cache on, and
# TEST_PAGE_CACHE=1 runs any tests (e.g. the browser suite) with the reader page cache on.
READER_PAGE_CACHE_SECONDS = 600 if os.environ.get("TEST_PAGE_CACHE") == "1" else 0
READERSHIP_MOST_READ_CACHE_SECONDS = 60 if os.environ.get("TEST_PAGE_CACHE") == "1" else 0
