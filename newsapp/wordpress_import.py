"""`manage.py import_wordpress`'s work: a WordPress export read twice, once to check all of
it (nothing is written before the whole file has been read) and once to import it, in one
transaction. It composes the articles side (`articles.wordpress`: authors, sections, tags,
images, articles, old addresses) and the comments side (`comments.wordpress`), so neither app
needs the other's importer."""

from dataclasses import dataclass

from django.db import transaction

from articles.caching import pages_changed
from articles.models import Section
from articles.wordpress.images import ImageImporter
from articles.wordpress.old_urls import RedirectWriter
from articles.wordpress.posts import PostImporter
from articles.wordpress.scan import scan_export
from articles.wordpress.summary import Summary
from articles.wordpress.wxr import Channel, WXRError, read_export
from comments.wordpress import CommentImporter


class ImportFailed(Exception):
    """The export cannot be imported; nothing was written."""


class _DryRunRollback(Exception):
    pass


@dataclass
class ImportResult:
    summary: Summary
    plan: object
    dry_run: bool


def wordpress_import(*, path, media_dir=None, dry_run=False, default_section=None, progress=None):
    """Import the WXR file at `path`; returns an ImportResult. `progress(stage, total)` gives
    a callable taking byte counts (or None). Raises ImportFailed naming the line and item;
    then nothing is stored (not even image files)."""
    section = None
    if default_section:
        section = Section.objects.filter(slug=default_section).first()
        if section is None:
            raise ImportFailed(f"There is no section with the slug “{default_section}”.")
    try:
        with open(path, "rb") as file:
            size = _size(file)
            plan = scan_export(file, progress=_bar(progress, "Checking", size))
    except OSError as error:
        raise ImportFailed(f"Cannot read {path}: {error.strerror or error}.") from None
    except WXRError as error:
        raise ImportFailed(str(error)) from None
    summary = Summary()
    images = ImageImporter(
        source=plan.channel.source, summary=summary, media_dir=media_dir, dry_run=dry_run
    )
    try:
        with transaction.atomic():
            _import(
                path, plan, summary, images, section, dry_run, _bar(progress, "Importing", size)
            )
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except WXRError as error:
        images.delete_stored()
        raise ImportFailed(str(error)) from None
    except BaseException:
        images.delete_stored()
        raise
    return ImportResult(summary=summary, plan=plan, dry_run=dry_run)


def _import(path, plan, summary, images, section, dry_run, progress):
    redirects = RedirectWriter(summary)
    images.import_all(plan.attachments)
    posts = PostImporter(
        plan=plan, summary=summary, images=images, redirects=redirects, default_section=section
    )
    comments = CommentImporter(source=plan.channel.source, summary=summary, dry_run=dry_run)
    posts.import_authors()
    with open(path, "rb") as file:
        for record in read_export(file, progress=progress):
            if isinstance(record, Channel):
                continue
            if posts.add(record):
                if posts.is_full():
                    _store_batch(posts, comments, summary)
            elif record.comments and record.post_type in ("post", "page"):
                summary.skip("comments", "their post was not imported", len(record.comments))
    _store_batch(posts, comments, summary)
    comments.finish()
    for new_url, old_paths in images.old_paths.items():
        redirects.add(old_paths, new_url)
    redirects.flush()
    if summary.changed_anything() and not dry_run:
        pages_changed()  # bulk writes send no signals


def _store_batch(posts, comments, summary):
    """The queued posts as articles, then their comments, all or nothing (a savepoint
    within the run's transaction)."""
    with transaction.atomic():
        for item, article, was_new in posts.flush():
            if article is None:
                if item.comments:
                    summary.skip("comments", "their post was not imported", len(item.comments))
                continue
            comments.add(article=article, comments=item.comments, article_is_new=was_new)
        comments.flush()


def _size(file):
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _bar(progress, stage, size):
    return progress(stage, size) if progress else None
