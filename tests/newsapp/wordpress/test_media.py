"""Images from a copy of wp-content/uploads: checked and re-encoded like uploads, body images
pointing at their new home (resized copies too), featured images, galleries, old image
addresses redirecting; a missing or broken file is reported, never fatal."""

import pytest
from django.test import Client
from PIL import Image

from articles.models import Article
from tests.factories import image_bytes, stored_files
from tests.newsapp.wordpress.support import FIXTURES, run_import, site_state

pytestmark = pytest.mark.django_db

EXPORT = FIXTURES / "media.xml"


@pytest.fixture
def uploads(tmp_path):
    """The old site's wp-content/uploads: a JPEG carrying GPS data, a PNG, a fake JPEG."""
    folder = tmp_path / "uploads" / "2021" / "06"
    folder.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS latitude
    (folder / "harbour.jpg").write_bytes(image_bytes("JPEG", size=(1200, 800), exif=exif))
    (folder / "harbour-300x200.jpg").write_bytes(image_bytes("JPEG", size=(300, 200)))
    (folder / "gulls.png").write_bytes(image_bytes("PNG", size=(600, 400)))
    (folder / "fake.jpg").write_bytes(b"<?php echo 'not an image'; ?>")
    return tmp_path / "uploads"


def test_images_are_checked_reencoded_and_bodies_point_at_them(uploads, media_root):
    output = run_import(EXPORT, "--media-dir", str(uploads))
    assert "Images: 2 created, 0 updated, 2 skipped" in output
    assert "skipped 1: file missing from the media folder" in output
    assert "skipped 1: This file is not an image we can read" in output
    article = Article.objects.get()
    # The resized copy in the caption maps to the original's new address, a responsive picture.
    assert article.body.count("/wp-content/uploads/") == 1  # only the missing file's
    assert (
        "<figure>" in article.body_html and "<figcaption>The harbour at six." in article.body_html
    )
    assert article.body_html.count("<picture>") >= 3  # caption, inline, gallery (twice: 2 ids)
    assert "http://pictures.example.org/wp-content/uploads/2021/06/missing.jpg" in article.body
    # The featured image, with its alt text and caption from the attachment.
    assert article.featured_image
    assert article.featured_image_alt == "Boats in the harbour"
    assert article.featured_image_caption == "The harbour at six."
    assert article.featured_image_renditions
    for path in stored_files(media_root):
        if path.suffix == ".jpg":
            assert not Image.open(path).getexif().get(0x8825)  # no GPS left
    # Old image addresses lead to the new files.
    response = Client().get("/wp-content/uploads/2021/06/harbour.jpg")
    assert response.status_code == 301 and response["Location"].startswith("/media/editor/")
    response = Client().get("/wp-content/uploads/2021/06/harbour-300x200.jpg")
    assert response.status_code == 301


def test_a_second_run_stores_no_new_files(uploads, media_root):
    run_import(EXPORT, "--media-dir", str(uploads))
    files, before = stored_files(media_root), site_state()
    output = run_import(EXPORT, "--media-dir", str(uploads))
    assert "Images: 0 created, 0 updated" in output
    assert stored_files(media_root) == files
    assert site_state() == before


def test_without_a_media_folder_images_are_reported_and_bodies_keep_the_old_addresses():
    output = run_import(EXPORT)
    assert "skipped 4: no --media-dir given" in output
    article = Article.objects.get()
    assert "http://pictures.example.org/wp-content/uploads/2021/06/gulls.png" in article.body
    assert not article.featured_image


def test_a_dry_run_stores_no_files(uploads, media_root):
    output = run_import(EXPORT, "--media-dir", str(uploads), "--dry-run")
    assert "Images: 2 created" in output
    assert stored_files(media_root) == [] if media_root.exists() else True
    assert not Article.objects.exists()


def test_a_failed_import_deletes_the_files_it_stored(uploads, media_root, monkeypatch):
    from articles.wordpress import batches

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    # Once the batch's articles are written, before their search rows are.
    monkeypatch.setattr(batches, "reindex", fail)
    with pytest.raises(RuntimeError):
        run_import(EXPORT, "--media-dir", str(uploads))
    assert not Article.objects.exists()
    assert stored_files(media_root) == []
