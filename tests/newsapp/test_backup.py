"""`manage.py backup` and `restore`: a whole site survives the round trip, a backup taken while
readers post is one moment of the site, and a restore changes nothing unless it can do it all.

A restore replaces the whole database, so these tests commit (other threads and pg_dump see
only committed rows); the serialized rollback puts back the groups and content types the rest
of the suite expects, as in tests/comments/test_spam.py.
"""

import io
import json
import os
import random
import shutil
import tarfile
import threading
import time
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder

from articles.models import Article, Author, Section, Tag
from comments.models import Comment, Commenter
from newsapp.backups import latest_applied_migrations, site_contents
from newsapp.database_dumps import vendor_name
from tests.factories import (
    image_bytes,
    make_article,
    make_author,
    make_comment,
    make_section,
    make_tag,
    make_trusted,
    make_user,
    post_comment,
    stored_files,
)

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SNAPSHOT_MODELS = [
    User, User.groups.through, Group, Section, Tag, Author, Article, Article.tags.through,
    Article.authors.through, Comment, Commenter,
]  # fmt: skip


def run(command, *args, **options):
    out = StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out, **options)
    return out.getvalue()


def back_up(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir(exist_ok=True)
    run("backup", folder)
    return max(folder.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime_ns)


def snapshot(media_root):
    """Every row of the site's main tables, and every media file's bytes."""
    rows = {
        model._meta.label: list(model.objects.order_by("pk").values()) for model in SNAPSHOT_MODELS
    }
    files = {
        path.relative_to(media_root).as_posix(): path.read_bytes()
        for path in stored_files(media_root)
    }
    return rows, files


def wipe(media_root):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media_root, ignore_errors=True)
    media_root.mkdir(parents=True)


def build_site():
    editor = make_user("editor", group="Editor")
    reader = make_user("reader", staff=False)
    world, opinion = make_section(name="World"), make_section(name="Opinion")
    tags = [make_tag(name="Rivers"), make_tag(name="Elections", kind=Tag.Kind.TOPIC)]
    author = make_author(name="Mira Okafor", user=editor)
    author.photo.save("mira.jpg", ContentFile(image_bytes("JPEG")), save=True)
    dam = make_article(section=world, authors=[author], tags=tags, headline="Dam talks stall")
    dam.featured_image.save("river.png", ContentFile(image_bytes("PNG")), save=True)
    make_article(section=opinion, tags=tags[:1], published=False, headline="A draft column")
    first = make_comment(dam, text="First!")
    answer = make_comment(dam, parent=first, text="An answer")
    make_comment(dam, parent=answer, text="An answer to the answer")
    make_comment(dam, text="Held for review", status=Comment.Status.PENDING)
    post_comment(dam, user=reader, text="Posted through the form", parent=first)
    make_trusted("regular@example.net")


@committed
def test_a_site_survives_backup_wipe_and_restore(tmp_path, media_root):
    build_site()
    before = snapshot(media_root)
    folder = tmp_path / "backups"
    folder.mkdir()

    output = run("backup", folder)

    [archive] = folder.iterdir()  # and no temporary files left behind
    assert archive.name.startswith("newsapp-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o077 == 0  # password hashes: readable by the owner only
    assert f"Backup written to {archive}" in output
    assert f"Media: {len(before[1])} file(s)" in output  # the 2 uploads and their renditions
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"] == latest_applied_migrations()
    assert {entry["path"] for entry in manifest["files"]} == {
        manifest["database"]["file"],
        *(f"media/{name}" for name in before[1]),
    }

    wipe(media_root)
    assert site_contents() == []

    output = run("restore", archive)

    assert f"Restored the {vendor_name(connection.vendor)} database" in output
    assert snapshot(media_root) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backups", "media"]
    # Again, over the restored site: refused without --force, the same site with it.
    with pytest.raises(CommandError, match="not empty"):
        run("restore", archive)
    assert run("restore", archive, "--force", verbosity=0) == ""
    assert snapshot(media_root) == before


@committed
def test_a_backup_taken_while_comments_pour_in_is_one_moment(tmp_path, media_root):
    media_root.mkdir()
    # Incompressible media keep the backup busy for a while after the database is copied.
    (media_root / "video.bin").write_bytes(os.urandom(3_000_000))
    article = make_article()
    roots = [make_comment(article).pk for _ in range(3)]
    posted, stop, failures = [], threading.Event(), []

    def post_comments():
        chooser = random.Random(1)
        try:
            while not stop.is_set():
                parent_id = chooser.choice([None, *roots, *posted[-20:]])
                try:
                    parent = Comment.objects.get(pk=parent_id) if parent_id else None
                    posted.append(make_comment(article, parent=parent).pk)
                except OperationalError:
                    # SQLite's shared in-memory test database locks a table at once instead
                    # of waiting as the file database of the site does; try again.
                    time.sleep(0.001)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    poster = threading.Thread(target=post_comments)
    poster.start()
    try:
        while len(posted) < 10 and poster.is_alive():
            time.sleep(0.01)
        # Everything in `posted` is committed; at most one more is committed but not listed.
        at_least = len(roots) + len(posted)
        archive = back_up(tmp_path)
        at_most = len(roots) + len(posted) + 1
    finally:
        stop.set()
        poster.join()
    assert not failures
    assert at_most - at_least > 1, "no comment was posted during the backup"

    run("restore", archive, "--force")

    restored = {comment.pk: comment for comment in Comment.objects.all()}
    assert at_least <= len(restored) <= at_most
    # One moment: the comments posted up to some point, and none after.
    assert set(restored) == set(roots + posted[: len(restored) - len(roots)])
    for comment in restored.values():
        assert comment.parent_id is None or comment.parent_id in restored
        assert restored[comment.thread_id].level == 0
        assert comment.nested_count == sum(
            1 for other in restored.values() if comment.pk in ancestors(other, restored)
        )
    for thread in {comment.thread_id for comment in restored.values()}:
        orders = [c.order for c in restored.values() if c.thread_id == thread]
        assert len(orders) == len(set(orders))


def ancestors(comment, comments):
    found = []
    while comment.parent_id is not None:
        found.append(comment.parent_id)
        comment = comments[comment.parent_id]
    return found


@committed
def test_restore_refuses_a_site_with_content_unless_forced(tmp_path, media_root):
    make_article(headline="In the backup")
    archive = back_up(tmp_path)
    make_article(headline="Written after the backup")

    with pytest.raises(CommandError, match=r"not empty: it has 2 articles, 2 sections\. .*--force"):
        run("restore", archive)
    assert Article.objects.count() == 2

    run("restore", archive, "--force")
    assert list(Article.objects.values_list("headline", flat=True)) == ["In the backup"]


@committed
@pytest.mark.parametrize("leftover", ["user", "media file"])
def test_a_user_or_a_media_file_is_content_too(tmp_path, media_root, leftover):
    archive = back_up(tmp_path)
    wipe(media_root)
    if leftover == "user":
        make_user("someone")
    else:
        (media_root / "stray.jpg").write_bytes(image_bytes("JPEG"))

    with pytest.raises(CommandError, match=f"it has 1 {leftover}\\. "):
        run("restore", archive)


def rewritten(archive, target, *, member=None, manifest=None, extra=None, drop=None):
    """A copy of `archive` with `member(info, data)` applied to each file, `manifest(dict)` to
    the manifest, the `extra` (TarInfo, bytes) members added and the `drop` name left out."""
    with tarfile.open(archive) as old, tarfile.open(target, "w:gz") as new:
        for info in old:
            data = old.extractfile(info).read()
            if info.name == drop:
                continue
            if info.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif member:
                info, data = member(info, data)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for info, data in extra or []:
            info.size = len(data)
            new.addfile(info, io.BytesIO(data) if data else None)
    return target


def link(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = kind, target
    return info, b""


def flip_last_byte(info, data):
    if info.name.startswith("media/"):
        data = data[:-1] + bytes([data[-1] ^ 1])
    return info, data


TAMPERED = {
    "altered": (dict(member=flip_last_byte), "does not match its checksum"),
    "missing": (dict(drop="media/x.png"), "media/x.png is missing"),
    "extra": (dict(extra=[(tarfile.TarInfo("media/new.txt"), b"hi")]), "not in the manifest"),
    "no manifest": (dict(drop="manifest.json"), "has no manifest.json"),
    "symlink": (dict(extra=[link("media/passwd", "/etc/passwd")]), "holds 'media/passwd'"),
    "hard link": (dict(extra=[link("media/h", "media/x.png", tarfile.LNKTYPE)]), "holds"),
    "parent path": (dict(extra=[(tarfile.TarInfo("media/../../evil"), b"x")]), "holds"),
    "absolute path": (dict(extra=[(tarfile.TarInfo("/etc/newsapp-evil"), b"x")]), "holds"),
    "other format": (dict(manifest=lambda m: {**m, "format_version": 99}), "backup format 99"),
    "odd manifest": (dict(manifest=lambda m: {**m, "migrations": {"articles": 5}}), "incomplete"),
}


@committed
@pytest.mark.parametrize("kind", [*TAMPERED, "truncated"])
def test_a_damaged_or_unsafe_archive_changes_nothing_even_with_force(tmp_path, media_root, kind):
    make_article(headline="In the backup")
    media_root.mkdir()
    (media_root / "x.png").write_bytes(image_bytes("PNG"))
    archive = back_up(tmp_path)
    make_article(headline="Written after the backup")
    before = snapshot(media_root)
    if kind == "truncated":
        bad, message = tmp_path / "bad.tar.gz", "is damaged or not a backup archive"
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        changes, message = TAMPERED[kind]
        bad = rewritten(archive, tmp_path / "bad.tar.gz", **changes)

    with pytest.raises(CommandError, match=message) as refusal:
        run("restore", bad, "--force")

    assert "Nothing was restored." in str(refusal.value)
    assert snapshot(media_root) == before
    assert not (tmp_path / "evil").exists() and not list(tmp_path.glob(".newsapp-restore-*"))


@committed
def test_an_archive_of_another_database_kind_is_refused(tmp_path, media_root):
    archive = back_up(tmp_path)
    files = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
    [other_kind] = set(files) - {connection.vendor}
    ours, theirs = files[connection.vendor], files[other_kind]

    def other_vendor(manifest):
        manifest["database"].update(vendor=other_kind, file=theirs)
        for entry in manifest["files"]:
            entry["path"] = theirs if entry["path"] == ours else entry["path"]
        return manifest

    def rename(info, data):
        info.name = theirs if info.name == ours else info.name
        return info, data

    other = rewritten(archive, tmp_path / "other.tar.gz", manifest=other_vendor, member=rename)
    wipe(media_root)

    with pytest.raises(CommandError, match="same kind only"):
        run("restore", other)
    assert not Article.objects.exists()


@committed
def test_dry_run_checks_and_changes_nothing(tmp_path, media_root):
    make_article()
    archive = back_up(tmp_path)
    wipe(media_root)

    output = run("restore", archive, "--dry-run")

    assert "is intact" in output and "Nothing was changed." in output
    assert site_contents() == []


@committed
def test_restore_says_to_migrate_an_archive_older_than_the_code(tmp_path):
    recorder = MigrationRecorder(connection)
    newest = max(name for app, name in recorder.applied_migrations() if app == "articles")
    recorder.record_unapplied("articles", newest)
    try:
        archive = back_up(tmp_path)
        output = run("restore", archive, "--force")
    finally:
        recorder.record_applied("articles", newest)
    assert "1 migration(s) behind this code. Run `manage.py migrate`" in output


@committed
def test_backups_in_one_folder_never_overwrite_each_other(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for _ in range(3):
        run("backup", folder, verbosity=0)
    assert len(list(folder.glob("newsapp-backup-*.tar.gz"))) == 3


@committed
def test_a_failed_backup_leaves_no_archive(tmp_path, media_root, monkeypatch):
    media_root.mkdir()
    (media_root / "a.jpg").write_bytes(image_bytes("JPEG"))

    def disk_full(self, path, name):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newsapp.backup_archives.ArchiveWriter.add", disk_full)
    with pytest.raises(CommandError, match="failed and was not written: .*No space left"):
        run("backup", tmp_path / "latest.tar.gz")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["media"]


@committed
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(CommandError, match="pg_dump was not found on PATH"):
        run("backup", tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("destination", "message"),
    [
        ("missing/site.tar.gz", r"The folder .*missing does not exist\."),
        ("site.zip", "neither an existing folder nor a file name ending in .tar.gz"),
        ("media", "is inside MEDIA_ROOT"),
        ("media/site.tar.gz", "is inside MEDIA_ROOT"),
    ],
)
def test_a_bad_destination_is_explained(tmp_path, media_root, destination, message):
    media_root.mkdir()
    with pytest.raises(CommandError, match=message):
        run("backup", tmp_path / destination)
    assert [path.name for path in tmp_path.iterdir()] == ["media"]
    assert list(media_root.iterdir()) == []
