"""`manage.py backup DEST`: the database and the media files in one archive, while the site runs."""

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from newsapp.backups import BackupError, backup_create
from newsapp.database_dumps import vendor_name


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite through its online backup API, PostgreSQL through "
        "pg_dump) and every media file (MEDIA_ROOT, or the bucket when MEDIA_S3_BUCKET is "
        "set) into one .tar.gz archive with a manifest of "
        "checksums, while the site keeps running. The archive appears only once complete, "
        "readable by you only. Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            metavar="DEST",
            help=(
                "A folder, to write newsapp-backup-YYYYmmdd-HHMMSS.tar.gz (UTC) in it, or a "
                "file name ending in .tar.gz, replaced if it exists."
            ),
        )

    def handle(self, *args, destination, **options):
        try:
            backup = backup_create(destination=destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {backup.path}"))
            self.stdout.write(
                f"  Database: {vendor_name(backup.vendor)}, {size(backup.database_bytes)}\n"
                f"  Media: {backup.media_files} file(s), {size(backup.media_bytes)}\n"
                f"  Archive: {size(backup.path.stat().st_size)}"
            )


def size(number_of_bytes):
    return filesizeformat(number_of_bytes).replace("\xa0", " ")
