from django.core.management.base import BaseCommand, CommandError

from articles.readership.conf import conf
from articles.readership.services import read_counts_prune


class Command(BaseCommand):
    help = (
        'Delete hourly read counts older than READERSHIP_KEEP_DAYS; the "Most read" lists '
        "need the last 7 days. Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Keep counts this many days (default {conf.KEEP_DAYS}, at least 7).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days is not None and days < 7:
            raise CommandError("--days must be at least 7: the weekly list needs them.")
        count = read_counts_prune(keep_days=days, dry_run=dry_run)
        if options["verbosity"] >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(f"{verb} {count} hourly read count(s).")
