"""`manage.py import_wordpress EXPORT.xml`: move a WordPress site in (see the README's
"Moving from WordPress")."""

import resource
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from newsapp.wordpress_import import ImportFailed, wordpress_import


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0-1.2, Tools › Export › All content): authors, "
        "categories as sections, tags, posts as articles, image attachments, threaded "
        "comments, and permanent redirects from the old addresses. Run it again, or on a "
        "newer export of the same site, to bring over what changed: nothing else is touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", metavar="EXPORT.xml", help="The WordPress export file.")
        parser.add_argument(
            "--media-dir",
            metavar="DIR",
            help="A copy of the old site's wp-content/uploads folder, to import the images from.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count everything; write nothing."
        )
        parser.add_argument(
            "--default-section",
            metavar="SLUG",
            help="The section for posts without a category (by default “Uncategorized”, where "
            "WordPress shows them).",
        )

    def handle(self, *args, export, media_dir=None, dry_run=False, default_section=None, **options):
        verbosity = options["verbosity"]
        show_bar = verbosity >= 1 and self.stdout.isatty()
        bars = []

        def progress(stage, total):
            bar = tqdm(
                total=total, desc=stage, unit="B", unit_scale=True, disable=not show_bar,
                file=sys.stderr, leave=False,
            )  # fmt: skip
            bars.append(bar)
            return bar.update

        try:
            result = wordpress_import(
                path=export,
                media_dir=media_dir,
                dry_run=dry_run,
                default_section=default_section,
                progress=progress,
            )
        except ImportFailed as error:
            raise CommandError(f"{export}: {error} Nothing was imported.") from None
        finally:
            for bar in bars:
                bar.close()
        if verbosity < 1:
            return
        plan = result.plan
        heading = "Dry run: nothing was written. It would do this:" if dry_run else "Imported:"
        self.stdout.write(
            f"{plan.channel.title or plan.channel.source} (WXR {plan.channel.version}): "
            f"{plan.items} items, {plan.posts} posts, {plan.comments} comments."
        )
        self.stdout.write(self.style.SUCCESS(heading) if not dry_run else heading)
        for line in result.summary.lines():
            self.stdout.write(line)
        if verbosity >= 2:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            self.stdout.write(f"Peak memory: {peak:.0f} MB")
