"""Logging glue for the server log."""

import logging

from gunicorn.glogging import Logger as GunicornLogger

from newsapp.health import HEALTH_PATHS


class ClientErrorsWithoutTraceback(logging.Filter):
    """Keep refused requests (4xx) to their one-line message. Django logs each with the
    exception's traceback (a bad Host header, a forbidden page, an unparsable body, a path
    outside MEDIA_ROOT): from the internet's scanners they would bury the 500s, whose
    tracebacks stay."""

    def filter(self, record):
        status_code = getattr(record, "status_code", None)
        if status_code is not None and status_code < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class AccessLogWithoutHealthChecks(GunicornLogger):
    """gunicorn's access log without the load balancer's successful probes of /healthz and
    /readyz (one a second per balancer would bury the readers' requests); a failed probe is
    still logged."""

    def access(self, resp, req, environ, request_time):
        if environ.get("PATH_INFO") in HEALTH_PATHS and (resp.status_code or 500) < 400:
            return
        super().access(resp, req, environ, request_time)
