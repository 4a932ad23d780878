"""`manage.py publish_worker`: the outbox worker (see articles/publishing/worker.py)."""

import os
import signal
import socket
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from articles.publishing.conf import conf
from articles.publishing.worker import run_round


class Command(BaseCommand):
    help = (
        "Announce what goes public (Telegram, webhooks, IndexNow) and send every delivery "
        "until its receiver acknowledges it. Runs until stopped (SIGTERM or Ctrl+C finish "
        "the current send first); --once does one round, for cron and tests. Several may run "
        "at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Do what is due now, then exit.")
        parser.add_argument(
            "--sleep",
            type=float,
            default=None,
            help=f"Seconds between rounds when idle (default {conf.POLL_SECONDS}).",
        )

    def handle(self, *args, once=False, sleep=None, verbosity=1, **options):
        worker = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        stop = threading.Event()
        if not once and threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        pause = conf.POLL_SECONDS if sleep is None else sleep
        if verbosity >= 1 and not once:
            self.stdout.write(f"publish_worker {worker}: polling every {pause:g}s")
        while not stop.is_set():
            if not once:
                close_old_connections()  # as Django does between requests: no stale ones
            try:
                report = run_round(worker=worker, stop=stop)
            except DatabaseError as error:
                if once:
                    raise
                # The database is restarting or unreachable: try again next round.
                self.stderr.write(f"Database error, retrying: {type(error).__name__}: {error}")
            else:
                if verbosity >= 2 or (
                    verbosity >= 1 and (once or report.outcomes or report.recorded)
                ):
                    self.stdout.write(str(report))
            if once:
                break
            stop.wait(pause)
