"""Edit conflicts: an editor saves a form opened at one edit version of an article while the
database holds a later one. Checked under a row lock in the saving transaction, so of two
saves from the same version (in any two gunicorn workers) exactly one goes through."""

from dataclasses import dataclass, field

from articles.models import Article

from . import diffs
from .models import ArticleRevision

# At most this many of the saves made since are named in a conflict.
NAMED_SAVES = 10


def stored_edit_version(article_pk):
    """The article's edit version as stored, or None when it is gone. Call it inside the
    saving transaction: the row stays locked until that ends (PostgreSQL: SELECT ... FOR
    UPDATE; SQLite: the IMMEDIATE transaction already holds the database's write lock)."""
    return (
        Article.objects.select_for_update()
        .filter(pk=article_pk)
        .values_list("edit_version", flat=True)
        .first()
    )


@dataclass
class EditConflict:
    """What an editor who started from `started_from` is shown when `stored` is stored now:
    who saved since and when (newest first), and what they changed."""

    article: Article
    started_from: int
    stored: int
    saves: list = field(default_factory=list)  # ArticleRevisions since started_from
    comparison: diffs.Comparison | None = None  # None: the start is no longer kept

    @property
    def latest_save(self):
        return self.saves[0] if self.saves else None


def describe_conflict(*, article_pk, started_from, stored):
    """The conflict between the version an editor started from and the one stored now."""
    article = Article.objects.select_related("section").get(pk=article_pk)
    revisions = ArticleRevision.objects.filter(article=article).with_details().newest_first()
    since = revisions.filter(edit_version__gt=started_from, edit_version__lte=stored)
    saves = list(since.defer("version__serialized_data")[:NAMED_SAVES])
    start = revisions.filter(edit_version=started_from).first()
    comparison = None
    if start is not None:
        comparison = diffs.compare(diffs.version_state(start.version), diffs.article_state(article))
    return EditConflict(
        article=article, started_from=started_from, stored=stored, saves=saves,
        comparison=comparison,
    )  # fmt: skip
