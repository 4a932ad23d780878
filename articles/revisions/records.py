"""Every revision django-reversion commits that holds articles gets an ArticleRevision row per
article, with the article's edit version and status as saved. reversion has no other hook for
"a revision was stored", whoever stored it (the admin, a restore, `createinitialrevisions`)."""

from django.contrib.contenttypes.models import ContentType
from reversion.signals import post_revision_commit

from articles.models import Article


def record_article_revisions(*, versions):
    from .models import ArticleRevision

    article_type = ContentType.objects.get_for_model(Article)
    article_versions = [v for v in versions if v.content_type_id == article_type.pk]
    if not article_versions:
        return
    states = dict(
        (pk, (edit_version, status))
        for pk, edit_version, status in Article.objects.filter(
            pk__in=[int(version.object_id) for version in article_versions]
        ).values_list("pk", "edit_version", "status")
    )
    ArticleRevision.objects.bulk_create(
        ArticleRevision(
            version=version,
            article_id=int(version.object_id),
            edit_version=states[int(version.object_id)][0],
            status=states[int(version.object_id)][1],
        )
        for version in article_versions
        if int(version.object_id) in states
    )


def _revision_committed(sender, revision, versions, **kwargs):
    record_article_revisions(versions=versions)


def connect_signals():
    post_revision_commit.connect(_revision_committed, dispatch_uid="revisions_record_articles")
