"""Logging glue for the server log."""

import logging


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
