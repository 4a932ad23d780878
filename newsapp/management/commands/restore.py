"""`manage.py restore ARCHIVE`: put back the database and media files of a `backup` archive."""

from django.core.management.base import BaseCommand, CommandError

from articles.caching import forget_cached_pages
from newsapp.backups import BackupError, backup_restore
from newsapp.database_dumps import vendor_name

from .backup import size


class Command(BaseCommand):
    help = (
        "Restore the database and the media files from an archive made by `manage.py backup`. "
        "Every file is checked against the archive's manifest first; a damaged archive "
        "restores nothing. Refuses a site that has articles, sections, tags, authors, comments, "
        "users or media files unless --force, and an archive of another database kind (SQLite "
        "restores into SQLite, PostgreSQL into PostgreSQL). Stop the site while restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE", help="A .tar.gz made by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and media files even if the site has content.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the archive and whether the site may be replaced; change nothing.",
        )

    def handle(self, *args, archive, force, dry_run, **options):
        try:
            outcome = backup_restore(archive=archive, force=force, dry_run=dry_run)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if not dry_run:
            forget_cached_pages()  # the restored site's pages, not the replaced one's
        if options["verbosity"] < 1:
            return
        backup = outcome.archive
        contents = (
            f"the {vendor_name(backup.vendor)} database ({size(backup.database_bytes)}) and "
            f"{backup.media_files} media file(s) ({size(backup.media_bytes)})"
        )
        if dry_run:
            self.stdout.write(
                f"Dry run: {backup.path} (made {backup.created_at}) is intact. A restore would "
                f"replace the site's database and media files with {contents}. Nothing was "
                "changed."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {contents} from {backup.path} (made {backup.created_at})."
                )
            )
        if outcome.unknown_migrations:
            self.stdout.write(
                self.style.WARNING(
                    "The archive was made by newer code: its database has migrations this code "
                    f"lacks ({', '.join(outcome.unknown_migrations)}). Deploy the code that made "
                    "the backup."
                )
            )
        if outcome.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The archive's database is {len(outcome.pending_migrations)} migration(s) "
                    "behind this code. Run `manage.py migrate` "
                    + ("after restoring." if dry_run else "next.")
                )
            )
