"""`manage.py prune_revisions` keeps every published revision and the newest drafts."""

from io import StringIO

import pytest
import reversion
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from articles.models import Article
from articles.revisions.models import ArticleRevision
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def save_revisions(article, count, **fields):
    for n in range(count):
        with reversion.create_revision():
            for name, value in fields.items():
                setattr(article, name, value)
            article.body = f"{article.headline}: version {n}"
            article.save()


def prune(*args, verbosity=1):
    out = StringIO()
    call_command("prune_revisions", *args, stdout=out, verbosity=verbosity)
    return out.getvalue()


def bodies(article):
    return [
        revision.version.field_dict["body"]
        for revision in ArticleRevision.objects.filter(article=article).with_details()
    ]


def test_keeps_every_published_revision_and_the_newest_drafts():
    story = make_article(published=False, headline="Story")
    save_revisions(story, 4)  # drafts 0-3
    save_revisions(story, 3, status=Article.Status.PUBLISHED)  # published 0-2
    save_revisions(story, 2, status=Article.Status.WITHDRAWN)  # withdrawn 0-1
    quiet = make_article(published=False, headline="Quiet")
    save_revisions(quiet, 2)

    out = prune("--keep-drafts", "3")
    assert out == (
        "Deleted 3 unpublished revision(s) of 1 article(s) beyond the newest 3 of each, "
        "and 0 revision(s) of deleted articles.\n"
    )
    assert bodies(story) == [
        "Story: version 1", "Story: version 0",  # withdrawn
        "Story: version 2", "Story: version 1", "Story: version 0",  # published, all kept
        "Story: version 3",  # the newest draft
    ]  # fmt: skip
    assert len(bodies(quiet)) == 2
    assert not Revision.objects.filter(version__isnull=True).exists()

    assert prune("--keep-drafts", "3").startswith("Deleted 0 unpublished revision(s) of 0 ")


def test_dry_run_counts_and_deletes_nothing():
    story = make_article(published=False)
    save_revisions(story, 5)
    out = prune("--keep-drafts", "2", "--dry-run")
    assert out.startswith("Would delete 3 unpublished revision(s) of 1 article(s)")
    assert len(bodies(story)) == 5


def test_revisions_of_deleted_articles_are_deleted(settings):
    settings.REVISIONS_KEEP_DRAFTS = 10
    gone, kept = make_article(published=False), make_article(published=False)
    save_revisions(gone, 3)
    save_revisions(kept, 2)
    gone.delete()
    assert prune().endswith("and 3 revision(s) of deleted articles.\n")
    assert Version.objects.count() == 2
    assert prune(verbosity=0) == ""


def test_keeping_no_draft_at_all_is_refused():
    with pytest.raises(CommandError, match="at least 1"):
        prune("--keep-drafts", "0")
