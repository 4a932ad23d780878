"""gunicorn settings; every value can be overridden from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2 + 1)))
# One request at a time per worker: pages are CPU-bound Python, so a second thread adds no
# throughput under the GIL, and it let busy workers hold connections they could not serve
# (p99 at wrk's 2 s timeout under load). More workers, not threads, for more capacity.
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = 30
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
