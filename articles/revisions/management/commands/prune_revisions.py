from django.core.management.base import BaseCommand, CommandError

from articles.revisions.conf import conf
from articles.revisions.services import revisions_prune


class Command(BaseCommand):
    help = (
        "Delete old article revisions: every revision saved while an article was published is "
        "kept, and the newest REVISIONS_KEEP_DRAFTS of its others (drafts, withdrawn); "
        "revisions of deleted articles go. Run daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep-drafts",
            type=int,
            default=None,
            help=f"Keep this many unpublished revisions per article (default {conf.KEEP_DRAFTS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, keep_drafts, dry_run, **options):
        keep_drafts = conf.KEEP_DRAFTS if keep_drafts is None else keep_drafts
        if keep_drafts < 1:
            raise CommandError("Keep at least 1 draft revision: the newest may be the article now.")
        result = revisions_prune(keep_drafts=keep_drafts, dry_run=dry_run)
        if options["verbosity"] >= 1:
            verb = "Would delete" if dry_run else "Deleted"
            self.stdout.write(
                f"{verb} {result.drafts} unpublished revision(s) of {result.articles} "
                f"article(s) beyond the newest {keep_drafts} of each, and "
                f"{result.of_deleted_articles} revision(s) of deleted articles."
            )
