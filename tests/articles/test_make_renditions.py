"""manage.py make_renditions: back-fills what is missing, once, and says what it did."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles import body_images, renditions
from articles.models import Article, Author
from tests.factories import image_bytes, make_article, make_author

pytestmark = pytest.mark.django_db


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(*args, stderr=None, **options):
    out, err = io.StringIO(), stderr or io.StringIO()
    call_command("make_renditions", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def article_without_renditions(size=(1200, 800)):
    """An article as it was before renditions existed: an image and no record."""
    article = make_article()
    article.featured_image.save("old.jpg", ContentFile(image_bytes("JPEG", size=size)), save=False)
    article.featured_image_alt = "Old picture"
    article.save()
    names = renditions.names_in(article.featured_image_renditions)
    renditions.delete_renditions(default_storage, names)
    Article.objects.filter(pk=article.pk).update(featured_image_renditions={})
    return article


def test_makes_missing_renditions_then_nothing():
    article = article_without_renditions()
    updated_at = Article.objects.get(pk=article.pk).updated_at
    author = make_author()
    author.photo.save("me.jpg", ContentFile(image_bytes("JPEG", size=(300, 300))), save=True)
    Author.objects.filter(pk=author.pk).update(photo_renditions={})

    out, _ = run()
    assert "Featured images: 1 made, 0 up to date, 0 failed." in out
    assert "Author photos: 1 made, 0 up to date, 0 failed." in out

    article = Article.objects.get(pk=article.pk)
    assert article.updated_at == updated_at  # the story was not "updated"
    share = renditions.crop_url(article, "share")
    assert (share.width, share.height) == (1200, 630)
    assert all(default_storage.exists(name) for name in renditions.names_in(
        article.featured_image_renditions))  # fmt: skip

    out, _ = run()
    assert "Featured images: 0 made, 1 up to date, 0 failed." in out
    assert "Author photos: 0 made, 1 up to date, 0 failed." in out


def test_dry_run_changes_nothing():
    article = article_without_renditions()
    out, _ = run("--dry-run")
    assert "Dry run, nothing changed. Featured images: 1 to make, 0 up to date." in out
    assert Article.objects.get(pk=article.pk).featured_image_renditions == {}


def test_check_files_remakes_deleted_renditions():
    article = make_article()
    article.featured_image.save("a.jpg", ContentFile(image_bytes("JPEG", size=(900, 600))))
    crop = article.featured_image_renditions["crops"]["share"]["name"]
    default_storage.delete(crop)

    assert "0 made, 1 up to date" in run()[0]  # records are trusted by default
    assert "Featured images: 1 made, 0 up to date, 0 failed." in run("--check-files")[0]
    assert default_storage.exists(crop)


def test_a_broken_file_is_reported_and_retried():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(featured_image="featured/2020/01/gone.jpg")
    out, err = run()
    assert "Featured images: 0 made, 0 up to date, 1 failed." in err
    assert "cannot read the file" in err
    assert "error" in Article.objects.get(pk=article.pk).featured_image_renditions
    assert "1 failed" in run()[1]


def test_editor_uploads_get_missing_renditions():
    name = default_storage.save(
        f"editor/2026/01/{'a' * 32}-600x400.png", ContentFile(image_bytes("PNG", size=(600, 400)))
    )
    plain = default_storage.save("editor/2026/01/older-upload.png", ContentFile(image_bytes()))
    out, _ = run()
    assert "Editor uploads: 1 made, 0 up to date, 0 failed." in out
    assert all(default_storage.exists(n) for n in body_images.body_rendition_names(name))
    assert body_images.body_rendition_names(plain) == set()
    assert "Editor uploads: 0 made, 1 up to date, 0 failed." in run()[0]


def test_progress_bar_only_on_a_terminal():
    article_without_renditions()
    article_without_renditions()
    _, err = run()
    assert "[" not in err
    terminal = Terminal()
    run(stderr=terminal)
    assert f"Featured images [{'#' * 30}] 2/2" in terminal.getvalue()
    quiet = Terminal()
    run(stderr=quiet, verbosity=0)
    assert quiet.getvalue() == ""
