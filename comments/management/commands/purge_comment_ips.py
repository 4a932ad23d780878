from django.core.management.base import BaseCommand

from comments.conf import conf
from comments.services import comments_erase_ip_addresses


class Command(BaseCommand):
    help = (
        "Erase the raw IP addresses of comments older than COMMENTS_IP_RETENTION_DAYS (the "
        "keyed hash used for rate limits and bans stays). Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep addresses this many days (default {conf.IP_RETENTION_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, days, dry_run, **options):
        count = comments_erase_ip_addresses(older_than_days=days, dry_run=dry_run)
        if options["verbosity"] >= 1:
            verb = "Would erase" if dry_run else "Erased"
            self.stdout.write(f"{verb} the IP addresses of {count} comment(s).")
