"""`manage.py rebuild_search_index`: index every article for site search again."""

from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search import rebuild_index


class Command(BaseCommand):
    help = (
        "Index every article for site search again. Saves keep the index up to date by "
        "themselves; run this after changing SEARCH_CONFIG, or after changing articles "
        "in bulk outside the admin (QuerySet.update() skips the index)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say how many articles would be indexed."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            message = f"Would index {Article.objects.count()} article(s)."
        else:
            message = f"Indexed {rebuild_index()} article(s) for search."
        if options["verbosity"] > 0:
            self.stdout.write(message)
