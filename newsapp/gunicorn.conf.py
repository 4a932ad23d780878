"""gunicorn settings for small servers; every value can be overridden from the environment.

gthread workers: one process per CPU core (at least 2, so a restart never leaves none), each
with a few threads. Pages are CPU-bound Python, so threads add little for fresh renders, but a
cached page is mostly waiting on the cache and the socket, and gthread keeps connections
alive where sync workers close each one. Measured with tests/benchmarks/bench_cache.py (see
README, "Serving").
"""

import multiprocessing
import os

cpus = multiprocessing.cpu_count()
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, cpus)))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Workers are recycled now and then (a slow leak cannot grow without end). The jitter is half
# the limit, so workers that share the load evenly reach their limits far apart and never
# restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 2
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The load balancer's successful /healthz and /readyz probes stay out of the access log.
logger_class = "newsapp.log.AccessLogWithoutHealthChecks"
