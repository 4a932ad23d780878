"""Health endpoints for load balancers and orchestrators, answered before any other
middleware (README "Deployment / scaling out"):

- `/healthz`: the process is up and serving. No database, no cache, no template: a probe that
  runs every second costs nothing.
- `/readyz`: this server can serve pages: the database answers a query and the cache a write
  and a read, each within READINESS_TIMEOUT_SECONDS; 503 with what failed otherwise, so the
  balancer stops sending it readers until it recovers.

Both answer any Host header (balancers probe by address, which ALLOWED_HOSTS does not list)
and over plain http (no https redirect), are never cached (`no-store`), set no cookie and are
never counted as reads; gunicorn leaves their successes out of its access log
(`newsapp.log.AccessLogWithoutHealthChecks`).
"""

import concurrent.futures
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse

logger = logging.getLogger(__name__)

HEALTH_PATHS = ("/healthz", "/readyz")
# Checks run here so a hung database or cache cannot hold the probe past its timeout; a check
# that hangs keeps its thread, and once both are stuck further probes time out at once.
_checks = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")


def health_checks(get_response):
    def middleware(request):
        if request.path_info not in HEALTH_PATHS:
            return get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405, content_type="text/plain")
            response["Allow"] = "GET, HEAD"
        elif request.path_info == "/healthz":
            response = HttpResponse("ok\n", content_type="text/plain")
        else:
            response = readiness_response()
        response["Cache-Control"] = "no-store"
        return response

    return middleware


def readiness_response():
    failures = readiness_failures(timeout=settings.READINESS_TIMEOUT_SECONDS)
    if not failures:
        return HttpResponse("ok\n", content_type="text/plain")
    logger.warning("Not ready: %s", "; ".join(failures))
    response = HttpResponse(
        "".join(f"{failure}\n" for failure in failures), status=503, content_type="text/plain"
    )
    response["Retry-After"] = "5"
    response._has_been_logged = True  # said above, once, without a traceback
    return response


def readiness_failures(*, timeout):
    """What does not answer, as ["database: ...", "cache: ..."]; empty when all is well."""
    futures = {name: _checks.submit(check) for name, check in CHECKS.items()}
    done, _ = concurrent.futures.wait(futures.values(), timeout=timeout)
    failures = []
    for name, future in futures.items():
        if future not in done:
            failures.append(f"{name}: no answer within {timeout:g} s")
        elif future.exception() is not None:
            failures.append(f"{name}: {future.exception().__class__.__name__}")
    return failures


def check_database():
    """A fresh connection and a query: what a request of a server that just started would
    need. Closed afterwards, so probe threads hold no connection between probes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache():
    key, token = f"readyz-{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, token, 30)
    if cache.get(key) != token:
        raise LookupError("the cache did not keep a value")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}
