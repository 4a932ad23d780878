"""Backups of the whole site, the database and the media files, into one archive, and restores.

`backup_create` copies the database while the site runs (`newsapp.database_dumps`) and the
media files (MEDIA_ROOT, or the media bucket: `newsapp.backup_media`) into an archive with a
manifest of checksums (`newsapp.backup_archives`).
`backup_restore` checks an archive completely before it replaces anything, and refuses to
overwrite a site that has content unless told to.
"""

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .backup_archives import (
    MEDIA_FOLDER,
    ArchiveError,
    ArchiveSummary,
    ArchiveWriter,
    extract_archive,
    new_manifest,
)
from .backup_media import site_media
from .database_dumps import DumpError, database_dump, database_load, vendor_name

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
# What makes a site "not empty" to a restore: things people made. A freshly migrated database
# already has groups, permissions and content types, which a restore replaces harmlessly.
CONTENT_MODELS = [
    "articles.Article",
    "articles.Section",
    "articles.Tag",
    "articles.Author",
    "comments.Comment",
]


class BackupError(Exception):
    """Why a backup or restore did not happen, in words for the person running it."""


@dataclass(frozen=True)
class RestoreOutcome:
    archive: ArchiveSummary
    pending_migrations: list  # what `migrate` will run on the restored database
    unknown_migrations: list  # applied in the archive's database, but not in this code


def backup_create(*, destination):
    """Back up the database and MEDIA_ROOT into one archive at `destination`: a folder (the
    archive gets a dated name in it) or a file name ending in .tar.gz (replaced if it exists).
    Returns an ArchiveSummary. The archive appears complete, or not at all."""
    _require_autocommit()
    now = timezone.now()
    media = site_media()
    path = _archive_path(Path(destination).expanduser(), media=media, now=now)
    manifest = new_manifest(
        created_at=now,
        vendor=connection.vendor,
        migrations=latest_applied_migrations(),
        site_name=getattr(settings, "SITE_NAME", ""),
        django_version=django.get_version(),
    )
    try:
        # Readable by the owner only, from the start: it will hold password hashes and email
        # and IP addresses.
        descriptor, partial = tempfile.mkstemp(
            dir=path.parent, prefix=".newsapp-backup-", suffix=".partial"
        )
    except OSError as error:
        raise BackupError(f"Cannot write in {path.parent}: {error.strerror}.") from None
    try:
        with (
            os.fdopen(descriptor, "wb") as output,
            tempfile.TemporaryDirectory(dir=path.parent, prefix=".newsapp-backup-") as work,
        ):
            with ArchiveWriter(output, manifest) as writer:
                # The database first, then the files: a file a row refers to was stored before
                # the row was committed, so it is complete and present when the media are
                # copied. Files uploaded meanwhile come along unused.
                database_file, details = database_dump(connection, work)
                manifest["database"].update(details)
                writer.add(database_file, details["file"])
                for name in media.names():
                    # A file deleted since the listing is gone from the live site too.
                    with contextlib.suppress(FileNotFoundError), media.open(name) as file:
                        writer.add_file(file, f"{MEDIA_FOLDER}/{name}")
            output.flush()
            os.fsync(output.fileno())
        os.replace(partial, path)
    except DumpError as error:
        raise BackupError(f"{error} No backup was written.") from None
    except OSError as error:
        raise BackupError(f"The backup failed and was not written: {error}.") from None
    finally:
        Path(partial).unlink(missing_ok=True)
    return ArchiveSummary.from_manifest(path, manifest)


def backup_restore(*, archive, force=False, dry_run=False):
    """Replace the database and MEDIA_ROOT with those in `archive`, once every file in it
    matches the manifest. Refuses a site with content (CONTENT_MODELS, users or media files)
    unless `force`, and an archive of another database vendor. With `dry_run`, checks only.
    Returns a RestoreOutcome."""
    _require_autocommit()
    archive = Path(archive).expanduser()
    if not archive.is_file():
        raise BackupError(f"{archive} {'is not a file' if archive.exists() else 'does not exist'}.")
    media = site_media()
    try:
        if media.staging_parent:
            media.staging_parent.mkdir(parents=True, exist_ok=True)
        staging = tempfile.TemporaryDirectory(dir=media.staging_parent, prefix=".newsapp-restore-")
    except OSError as error:
        place = media.staging_parent or tempfile.gettempdir()
        raise BackupError(f"Cannot unpack in {place}: {error.strerror}.") from None
    with staging:
        staged = Path(staging.name)
        try:
            manifest = extract_archive(archive, staged)
        except ArchiveError as error:
            raise BackupError(f"{error} Nothing was restored.") from None
        summary = ArchiveSummary.from_manifest(archive, manifest)
        if summary.vendor != connection.vendor:
            raise BackupError(
                f"The archive holds a {vendor_name(summary.vendor)} database and this site "
                f"uses {vendor_name(connection.vendor)}. Restore works between databases of "
                "the same kind only (SQLite to SQLite, PostgreSQL to PostgreSQL). Nothing was "
                "restored."
            )
        contents = [] if force else site_contents()
        if contents:
            raise BackupError(
                f"The site is not empty: it has {', '.join(contents)}. A restore replaces the "
                "whole database and every media file; run it with --force to do that. Nothing "
                "was restored."
            )
        if dry_run:
            return RestoreOutcome(
                archive=summary,
                pending_migrations=_migrations_behind(summary.migrations),
                unknown_migrations=_migrations_unknown(summary.migrations),
            )
        try:
            database_load(connection, staged / manifest["database"]["file"], manifest["database"])
        except DumpError as error:
            raise BackupError(f"{error} Nothing was restored.") from None
        ContentType.objects.clear_cache()  # the restored rows may number them differently
        try:
            media.replace_with(staged / MEDIA_FOLDER)
        except OSError as error:
            raise BackupError(
                f"The database was restored, but the media files could not be: {error}. Fix "
                "that and restore again with --force."
            ) from None
    return RestoreOutcome(
        archive=summary,
        pending_migrations=_pending_migrations(),
        unknown_migrations=_migrations_unknown(latest_applied_migrations()),
    )


def site_contents():
    """What a restore would overwrite, as ["3 articles", "1 media file", ...]; empty for an
    empty site. Tables that do not exist yet (an unmigrated database) count as empty."""
    tables = set(connection.introspection.table_names())
    found = []
    for model in [apps.get_model(label) for label in CONTENT_MODELS] + [get_user_model()]:
        if model._meta.db_table in tables:
            count = model._default_manager.count()
            if count:
                noun = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
                found.append(f"{count} {noun}")
    files = len(site_media().names())
    if files:
        found.append(f"{files} media file{'' if files == 1 else 's'}")
    return found


def latest_applied_migrations():
    """{app label: [names]}: each app's applied migrations that no later applied migration of
    the same app follows (two names while an app has unmerged branches)."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    graph = loader.graph
    applied = set(loader.applied_migrations)
    latest = {}
    for key in sorted(applied & set(graph.nodes)):
        children = graph.node_map[key].children
        if not any(child.key in applied and child.key[0] == key[0] for child in children):
            latest.setdefault(key[0], []).append(key[1])
    # Rows this code has no migration for (an uninstalled app, or a database migrated by newer
    # code) have no graph to order them: the highest name is the latest by convention.
    for app_label, name in sorted(applied - set(graph.nodes) - _replaced_migrations(loader)):
        latest[app_label] = [max([*latest.get(app_label, []), name])]
    return latest


def _require_autocommit():
    if connection.in_atomic_block:
        raise BackupError("Backup and restore cannot run inside a database transaction.")


def _archive_path(destination, *, media, now):
    if destination.is_dir():
        stem = f"newsapp-backup-{now:%Y%m%d-%H%M%S}"
        path, number = destination / f"{stem}.tar.gz", 1
        while path.exists():  # a second backup within the same second
            number += 1
            path = destination / f"{stem}-{number}.tar.gz"
    elif not destination.name.endswith(ARCHIVE_SUFFIXES):
        raise BackupError(
            f"{destination} is neither an existing folder nor a file name ending in .tar.gz."
        )
    elif not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    elif destination.exists() and not destination.is_file():
        raise BackupError(f"{destination} exists and is not a file.")
    else:
        path = destination
    path = path.absolute()
    if media.contains(path):
        raise BackupError(
            f"{path} is inside {media.describe()}, where the site serves files to "
            "anyone, and each backup would contain the ones before it. Choose a folder outside."
        )
    return path


def _replaced_migrations(loader):
    return {key for migration in loader.replacements.values() for key in migration.replaces}


def _migrations_behind(state):
    """This code's migrations that a database at `state` (`latest_applied_migrations`) lacks."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    covered = set()
    for app_label, names in state.items():
        for name in names:
            if (app_label, name) in graph.nodes:
                covered.update(graph.forwards_plan((app_label, name)))
    return sorted(f"{app_label}.{name}" for app_label, name in set(graph.nodes) - covered)


def _migrations_unknown(state):
    """Migrations in `state`, of apps this code has, that the code lacks: newer code made it."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.graph.nodes) | _replaced_migrations(loader)
    return sorted(
        f"{app_label}.{name}"
        for app_label, names in state.items()
        for name in names
        if app_label in loader.migrated_apps and (app_label, name) not in known
    )


def _pending_migrations():
    """What `migrate` would run on the database now."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
