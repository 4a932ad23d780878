"""Writes that change an article's life cycle or address; the admin actions, commands and
importers call these."""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, SiteRedirect


def article_save(*, article):
    """Save `article` as its form or caller validated it. When the address of an article
    readers could already open changes (its slug, or its date), the old address redirects to
    the new one for good (301), and so does every older address of it."""
    with transaction.atomic():
        before = None
        if article.pk is not None:
            before = (
                Article.objects.filter(pk=article.pk)
                .only("slug", "publication_date", "first_published_at")
                .first()
            )
        article.save()
        if before is not None and _has_been_public(before):
            old_path, new_path = before.get_absolute_url(), article.get_absolute_url()
            if old_path != new_path:
                # The article lives at its new address now; nothing may lead away from it.
                Redirect.objects.filter(site=Site.objects.get_current(), old_path=new_path).delete()
                redirect_create(old_path=old_path, new_path=new_path)
    return article


def article_revise(*, article, at=None):
    """Tell readers `article` changed substantively (at `at`, default now): its public
    "updated" time moves forward, never back. A typo fix needs no call."""
    article.mark_revised(at)
    article.save(update_fields=["revised_at", "updated_at"])
    return article


def correction_save(*, correction):
    """Store a new or edited correction or update note (ValidationError, and nothing stored,
    when it is not one) and save its article, whose "updated" time becomes the note's time
    when that is later: a note is a change readers are told about, and saving the article is
    what search, feeds and caches follow."""
    with transaction.atomic():
        correction.full_clean()
        correction.save()
        article_revise(article=correction.article, at=correction.published_at)
    return correction


def correction_delete(*, correction):
    """Remove a note added by mistake; its article is saved, as for any change readers see.
    The article's "updated" time stays: readers may have seen the note."""
    with transaction.atomic():
        article = correction.article
        correction.delete()
        article.save(update_fields=["updated_at"])


def _has_been_public(article):
    published = article.first_published_at
    return article.publication_date is not None and published and published <= timezone.now()


def article_publish(*, article, publish_at=None):
    """Publish `article` now, or at `publish_at` (a future time schedules it).

    Raises ValidationError (e.g. a slug already used that day) and stores nothing then.
    """
    article.status = Article.Status.PUBLISHED
    article.publish_at = publish_at or article.publish_at or timezone.now()
    with transaction.atomic():
        article.full_clean()
        article_save(article=article)
    return article


def article_withdraw(*, article):
    """Take `article` off the public site; its address and history are kept."""
    article.status = Article.Status.WITHDRAWN
    article.save(update_fields=["status", "updated_at"])
    return article


def redirect_create(*, old_path, new_path, permanent=True):
    """Make `old_path` (an address on this site, e.g. "/2019/03/04/old-slug/" or a
    WordPress "/?p=123") lead to `new_path` (a path, a full URL, or "" for 410 Gone), with a
    301, or a 302 when not `permanent`. Returns the SiteRedirect.

    Redirects stay one hop: those that led to `old_path` now lead to `new_path` directly, and
    when `new_path` itself redirects, `old_path` goes straight to where that leads. Raises
    ValidationError for a path that is not one, or a redirect that would loop."""
    site = Site.objects.get_current()
    with transaction.atomic():
        onward = Redirect.objects.filter(site=site, old_path=new_path).exclude(new_path="")
        target = onward.values_list("new_path", flat=True).first() or new_path
        redirect = SiteRedirect.objects.filter(site=site, old_path=old_path).first()
        if redirect is None:
            # A plain contrib.redirects row of that path (another tool's) is replaced.
            Redirect.objects.filter(site=site, old_path=old_path).delete()
            redirect = SiteRedirect(site=site, old_path=old_path)
        redirect.new_path, redirect.permanent = target, permanent
        redirect.full_clean()
        redirect.save()
        redirects_shorten(redirect=redirect)
    return redirect


def redirects_shorten(*, redirect):
    """Point the redirects that led to `redirect`'s old path straight at its new one (one hop
    for readers and search engines), dropping any that would now lead to themselves."""
    same_site = Redirect.objects.filter(site=redirect.site_id)
    same_site.filter(new_path=redirect.old_path).update(new_path=redirect.new_path)
    same_site.filter(old_path=F("new_path")).delete()


def redirects_import(*, redirects):
    """Make each old path of `redirects` ({old path: new path}) lead to its new path for good
    (301), in a few queries for the lot: `redirect_create` for importers, which bring
    thousands. The same rules hold: one hop (a new path that itself redirects is followed
    once; redirects that led to an old path now lead on directly), no redirect to itself.
    Returns (created, updated, unchanged) counts."""
    site = Site.objects.get_current()
    redirects = {
        old: new
        for old, new in redirects.items()
        if old.startswith("/") and new.startswith(("/", "https://", "http://")) and old != new
    }
    if not redirects:
        return 0, 0, 0
    same_site = Redirect.objects.filter(site=site)
    onward = dict(
        same_site.filter(old_path__in=set(redirects.values()))
        .exclude(new_path="")
        .values_list("old_path", "new_path")
    )
    redirects = {old: onward.get(new, new) for old, new in redirects.items()}
    redirects = {old: new for old, new in redirects.items() if old != new}
    with transaction.atomic():
        existing = {row.old_path: row for row in same_site.filter(old_path__in=list(redirects))}
        changed = [row for old, row in existing.items() if row.new_path != redirects[old]]
        for row in changed:
            row.new_path = redirects[row.old_path]
        Redirect.objects.bulk_update(changed, ["new_path"], batch_size=500)
        new_rows = Redirect.objects.bulk_create(
            [
                Redirect(site=site, old_path=old, new_path=new)
                for old, new in redirects.items()
                if old not in existing
            ],
            batch_size=500,
        )
        with_extension = set(
            SiteRedirect.objects.filter(pk__in=[row.pk for row in existing.values()]).values_list(
                "pk", flat=True
            )
        )
        _insert_site_redirects(
            [row.pk for row in new_rows]
            + [row.pk for row in existing.values() if row.pk not in with_extension]
        )
        SiteRedirect.objects.filter(pk__in=[row.pk for row in changed]).update(permanent=True)
        leading_here = list(same_site.filter(new_path__in=list(redirects)))
        for row in leading_here:
            row.new_path = redirects[row.new_path]
        Redirect.objects.bulk_update(leading_here, ["new_path"], batch_size=500)
        same_site.filter(old_path=F("new_path"), old_path__in=list(redirects)).delete()
    return len(new_rows), len(changed), len(existing) - len(changed)


def _insert_site_redirects(redirect_ids):
    """Add the SiteRedirect part (permanent) to contrib.redirects rows. Django's bulk_create
    cannot write a multi-table child, so its table is written directly."""
    if not redirect_ids:
        return
    table = connection.ops.quote_name(SiteRedirect._meta.db_table)
    pointer = connection.ops.quote_name(SiteRedirect._meta.pk.column)
    permanent = connection.ops.quote_name(SiteRedirect._meta.get_field("permanent").column)
    with connection.cursor() as cursor:
        cursor.executemany(
            # Only quoted names from the model's own metadata are formatted in.
            f"INSERT INTO {table} ({pointer}, {permanent}) VALUES (%s, %s)",  # noqa: S608
            [(pk, True) for pk in redirect_ids],
        )
