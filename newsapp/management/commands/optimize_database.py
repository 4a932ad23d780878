"""`manage.py optimize_database`: fresh query-planner statistics for SQLite."""

from django.core.management.base import BaseCommand
from django.db import connection


def analyze_sqlite(using_connection=connection):
    """Run ANALYZE on SQLite, so its planner picks the list indexes on a big site (without
    statistics it may sort every article instead of walking an index). PostgreSQL's
    autovacuum keeps its own statistics; there this does nothing. Returns whether it ran."""
    if using_connection.vendor != "sqlite":
        return False
    with using_connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


class Command(BaseCommand):
    help = (
        "Refresh SQLite's query planner statistics (ANALYZE): run after large imports and "
        "daily on a growing site (`make run` does it at start). Does nothing on PostgreSQL, "
        "whose autovacuum keeps them."
    )

    def handle(self, *args, verbosity=1, **options):
        message = (
            "SQLite statistics refreshed."
            if analyze_sqlite()
            else "Nothing to do: PostgreSQL keeps its own statistics."
        )
        if verbosity:
            self.stdout.write(message)
