"""`manage.py optimize_database` gives SQLite's planner statistics of the site as it is, so a
grown site's lists walk their indexes (README: "Daily jobs")."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_statistics_describe_the_articles_after_the_command():
    for _ in range(3):
        make_article()
    out = StringIO()
    call_command("optimize_database", stdout=out)
    if connection.vendor != "sqlite":
        assert "PostgreSQL keeps its own statistics" in out.getvalue()
        return
    assert out.getvalue().strip() == "SQLite statistics refreshed."
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article' AND idx = %s",
            ["article_listing_idx"],
        )
        (stat,) = cursor.fetchone()
    assert stat.split()[0] == "3"  # rows in the table


def test_quiet_with_verbosity_0():
    out = StringIO()
    call_command("optimize_database", verbosity=0, stdout=out)
    assert out.getvalue() == ""
