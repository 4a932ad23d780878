"""Writes of the revisions app: restoring a revision, recording a state saved outside the
newsroom's form, pruning old revisions, and the "being edited by" sessions."""

from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import formats, timezone
from reversion.models import Revision, Version

from articles.models import Article, Author, Section, Tag
from articles.services import article_save

from . import diffs
from .conflicts import stored_edit_version
from .models import ArticleRevision, EditSession

# Versions are deleted this many at a time.
PRUNE_BATCH = 500
OUTSIDE_THE_FORM = "Saved outside the newsroom's article form (by a command or an import)."


def revision_record_current(*, article):
    """Make sure the article as stored now is in its history: a save by a command or import
    keeps no revision, and an editor opening the article needs one to be shown, in an edit
    conflict, what changed since. Dated by the article's last save; no one is named."""
    if ArticleRevision.objects.filter(article=article, edit_version=article.edit_version).exists():
        return
    with transaction.atomic(), reversion.create_revision():
        reversion.set_comment(OUTSIDE_THE_FORM)
        reversion.set_date_created(article.updated_at)
        reversion.add_to_revision(article)


def article_restore(*, article, revision, user, based_on_version):
    """Bring back the headline, standfirst, body, section, tags and authors of `revision` (an
    ArticleRevision of `article`) as a new save, itself a revision. The publication status,
    time, address and images stay as they are now. Raises ValidationError, storing nothing:
    code "edit_conflict" when the article changed after `based_on_version`, or the article's
    own validation errors."""
    state = diffs.version_state(revision.version)
    when = formats.date_format(
        timezone.localtime(revision.version.revision.date_created), "j M Y, H:i:s"
    )
    with transaction.atomic(), reversion.create_revision():
        if stored_edit_version(article.pk) != based_on_version:
            raise ValidationError(
                "The article changed after you opened this comparison; nothing was restored.",
                code="edit_conflict",
            )
        article.refresh_from_db()
        article.headline = state["headline"]
        article.standfirst = state["standfirst"]
        article.body = state["body"]
        if Section.objects.filter(pk=state["section"]).exists():
            article.section_id = state["section"]
        article.full_clean()
        article_save(article=article)
        article.tags.set(Tag.objects.filter(pk__in=state["tags"]))
        article.authors.set(Author.objects.filter(pk__in=state["authors"]))
        reversion.set_user(user)
        reversion.set_comment(f"Restored the revision of {when} (edit {revision.edit_version}).")
    return article


@dataclass
class PruneResult:
    articles: int = 0  # articles that had revisions deleted
    drafts: int = 0  # their revisions deleted
    of_deleted_articles: int = 0  # revisions of articles that no longer exist


def revisions_prune(*, keep_drafts, dry_run=False):
    """Delete each article's revisions saved while it was not published (drafts, withdrawn)
    beyond the newest `keep_drafts`, and every revision of articles that no longer exist.
    Revisions saved while published are all kept. Returns a PruneResult."""
    if keep_drafts < 1:
        raise ValueError("Keep at least one draft revision: the newest may be the article now.")
    result = PruneResult()
    crowded = (
        ArticleRevision.objects.drafts()
        .values("article")
        .annotate(count=Count("pk"))
        .filter(count__gt=keep_drafts)
        .order_by("article")
        .values_list("article", "count")
    )
    for article_id, count in list(crowded):
        result.articles += 1
        result.drafts += count - keep_drafts
        if not dry_run:
            drafts = ArticleRevision.objects.drafts().filter(article=article_id).newest_first()
            _delete_versions(list(drafts.values_list("pk", flat=True)[keep_drafts:]))
    orphans = Version.objects.get_for_model(Article).filter(article_revision__isnull=True)
    result.of_deleted_articles = orphans.count()
    if not dry_run and result.of_deleted_articles:
        _delete_versions(list(orphans.values_list("pk", flat=True)))
    return result


def _delete_versions(version_ids):
    for start in range(0, len(version_ids), PRUNE_BATCH):
        batch = version_ids[start : start + PRUNE_BATCH]
        with transaction.atomic():
            versions = Version.objects.filter(pk__in=batch)
            revision_ids = set(versions.values_list("revision_id", flat=True))
            versions.delete()
            Revision.objects.filter(pk__in=revision_ids, version__isnull=True).delete()


def edit_session_open(*, article, user):
    """Note that `user` has `article` open (or still has, seen now), forget sessions that have
    expired, and return the others who have it open, earliest first."""
    now = timezone.now()
    with transaction.atomic():
        EditSession.objects.filter(article=article).expired().delete()
        session, created = EditSession.objects.get_or_create(
            article=article, user=user, defaults={"started_at": now, "seen_at": now}
        )
        if not created:
            session.seen_at = now
            session.save(update_fields=["seen_at"])
    return list(
        EditSession.objects.active()
        .filter(article=article)
        .exclude(user=user)
        .select_related("user")
        .order_by("started_at")
    )


def edit_session_close(*, article, user):
    """`user` saved or left the article: others no longer see them editing it."""
    EditSession.objects.filter(article=article, user=user).delete()
