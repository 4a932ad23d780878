"""Media in S3-compatible object storage (moto's in-process S3): uploads are cleaned, then
stored in the bucket with their renditions beside them, and every address comes from the
storage; with no bucket configured, the local disk works as before."""

import json
from io import StringIO

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from moto import mock_aws

from articles.models import Article
from tests.factories import image_bytes, image_upload, make_article, stored_files
from tests.newsapp.test_settings import run_python

pytestmark = pytest.mark.django_db

BUCKET = "newsapp-media"
PUBLIC_URL = "https://media.example.org/"


class Bucket:
    def __init__(self, client):
        self.client = client

    def names(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def head(self, name):
        return self.client.head_object(Bucket=BUCKET, Key=name)

    def delete(self, names):
        for name in names:
            self.client.delete_object(Bucket=BUCKET, Key=name)


@pytest.fixture
def s3_media(settings, monkeypatch):
    """The site's media in a fresh bucket, read by readers at PUBLIC_URL (a CDN's address)."""
    for variable, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(variable, value)
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "newsapp.storage.PublicMediaStorage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "eu-west-1",
                    "public_url": PUBLIC_URL,
                    "file_overwrite": False,
                    "querystring_auth": False,
                    "object_parameters": {"CacheControl": "public, max-age=604800"},
                },
            },
        }
        settings.MEDIA_URL = PUBLIC_URL
        yield Bucket(client)


def with_featured_image(article, size=(2400, 1350)):
    data = image_bytes("JPEG", size=size)
    article.featured_image.save("photo.jpg", ContentFile(data), save=False)
    article.featured_image_alt = "Boats in the harbour"
    article.save()
    return article


def test_an_editor_upload_goes_to_the_bucket_with_its_renditions(
    s3_media, admin_client, media_root
):
    response = admin_client.post(
        reverse("markdownx_upload"), {"image": image_upload("JPEG", size=(1000, 500))}
    )
    code = response.json()["image_code"]
    url = code.split("(")[1].rstrip(")")
    name = url.removeprefix(PUBLIC_URL)
    assert url.startswith(f"{PUBLIC_URL}editor/") and name.endswith("-1000x500.jpg")
    stem = name.removesuffix(".jpg")
    assert s3_media.names() == sorted(
        [name] + [f"renditions/{stem}/{width}w.{ext}" for width in (480, 960, 1000)
                  for ext in ("jpg", "webp")]
    )  # fmt: skip
    head = s3_media.head(name)
    assert head["ContentType"] == "image/jpeg"
    assert head["CacheControl"] == "public, max-age=604800"
    assert stored_files(media_root) == []  # nothing on this server's disk

    # The body shows the upload as a responsive picture at the bucket's addresses.
    article = make_article(body=f"Words.\n\n{code}\n")
    assert f'srcset="{PUBLIC_URL}renditions/{stem}/480w.webp 480w' in article.body_html
    assert f'src="{PUBLIC_URL}renditions/{stem}/1000w.jpg"' in article.body_html


def test_featured_image_renditions_live_beside_it_and_pages_use_storage_addresses(s3_media):
    article = with_featured_image(make_article(headline="Harbour reopens"))
    original = article.featured_image.name
    assert original.startswith("featured/")
    renditions = s3_media.names("renditions/")
    assert renditions and all(
        name.startswith(f"renditions/{original.rsplit('.', 1)[0]}/") for name in renditions
    )
    assert set(renditions) == set(_recorded(article.featured_image_renditions))

    page = Client().get(article.get_absolute_url()).content.decode()
    assert f"{PUBLIC_URL}renditions/{original.rsplit('.', 1)[0]}/960w.webp 960w" in page
    assert f'<meta property="og:image" content="{PUBLIC_URL}renditions/' in page
    assert "/media/" not in page

    feed = Client().get(reverse("articles:feed")).content.decode()
    assert f'url="{PUBLIC_URL}{original}"' in feed  # the enclosure, not SITE_URL + an address


def _recorded(record):
    for entries in record["sets"].values():
        for entry in entries:
            yield from (entry["webp"], entry["fallback"])
    for crop in record["crops"].values():
        yield crop["name"]


def test_replacing_an_image_deletes_the_old_renditions_from_the_bucket(
    s3_media, django_capture_on_commit_callbacks
):
    article = with_featured_image(make_article())
    old = set(s3_media.names("renditions/"))
    with django_capture_on_commit_callbacks(execute=True):
        with_featured_image(Article.objects.get(pk=article.pk), size=(1200, 800))
    new = set(s3_media.names("renditions/"))
    assert new and not (old & new)


def test_make_renditions_remakes_what_is_missing_from_the_bucket(s3_media):
    article = with_featured_image(make_article())
    s3_media.delete(s3_media.names("renditions/"))
    Article.objects.filter(pk=article.pk).update(featured_image_renditions={})
    call_command("make_renditions", stdout=StringIO(), stderr=StringIO())
    article.refresh_from_db()
    assert set(s3_media.names("renditions/")) == set(_recorded(article.featured_image_renditions))

    s3_media.delete(s3_media.names("renditions/")[:2])
    out = StringIO()
    call_command("make_renditions", "--check-files", stdout=out, stderr=StringIO())
    assert "Featured images: 1 made" in out.getvalue()
    assert set(s3_media.names("renditions/")) == set(_recorded(article.featured_image_renditions))


def test_wordpress_attachments_are_imported_into_the_bucket(s3_media, tmp_path, media_root):
    from tests.newsapp.wordpress.support import FIXTURES, run_import

    folder = tmp_path / "uploads" / "2021" / "06"
    folder.mkdir(parents=True)
    (folder / "harbour.jpg").write_bytes(image_bytes("JPEG", size=(1200, 800)))
    (folder / "gulls.png").write_bytes(image_bytes("PNG", size=(600, 400)))
    output = run_import(FIXTURES / "media.xml", "--media-dir", str(tmp_path / "uploads"))
    assert "Images: 2 created" in output
    article = Article.objects.get()
    assert f'src="{PUBLIC_URL}renditions/editor/' in article.body_html
    assert article.featured_image.name in s3_media.names("featured/")
    assert len(s3_media.names("editor/")) == 2
    assert stored_files(media_root) == []
    # The old address leads to the file in the bucket.
    response = Client().get("/wp-content/uploads/2021/06/harbour.jpg")
    assert response.status_code == 301
    assert response["Location"].startswith(f"{PUBLIC_URL}editor/")
    # A second run finds the files in the bucket and stores nothing new.
    before = s3_media.names()
    assert "unchanged since the last import" in run_import(
        FIXTURES / "media.xml", "--media-dir", str(tmp_path / "uploads")
    )
    assert s3_media.names() == before


def test_the_disk_is_the_default_and_still_works(admin_client, media_root):
    response = admin_client.post(
        reverse("markdownx_upload"), {"image": image_upload("PNG", size=(600, 300))}
    )
    url = response.json()["image_code"].split("(")[1].rstrip(")")
    assert url.startswith("/media/editor/")
    name = url.removeprefix("/media/")
    assert (media_root / name).is_file()
    assert (media_root / "renditions" / name.removesuffix(".png") / "600w.webp").is_file()


PRINT_MEDIA_SETTINGS = """
import json
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "options": settings.STORAGES["default"].get("OPTIONS", {}),
    "media_url": settings.MEDIA_URL,
    "url": default_storage.url("editor/2026/12/a b.jpg"),
    "serve_media": settings.SERVE_MEDIA,
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def media_settings(tmp_path, **environment):
    result = run_python(PRINT_MEDIA_SETTINGS, tmp_path, DEBUG="1", **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_bucket_media_are_on_the_disk(tmp_path):
    found = media_settings(tmp_path)
    assert found["backend"] == "django.core.files.storage.FileSystemStorage"
    assert found["media_url"] == "/media/" and found["serve_media"] is True
    assert found["img_src"] == ["'self'", "data:"]


def test_a_bucket_on_an_s3_compatible_server(tmp_path):
    found = media_settings(
        tmp_path,
        MEDIA_S3_BUCKET="news",
        MEDIA_S3_ENDPOINT_URL="http://127.0.0.1:9000/",
        MEDIA_S3_REGION="garage",
    )
    assert found["backend"] == "newsapp.storage.PublicMediaStorage"
    assert found["options"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert found["options"]["region_name"] == "garage"
    assert found["options"]["addressing_style"] == "path"
    assert found["media_url"] == "http://127.0.0.1:9000/news/"
    assert found["url"] == "http://127.0.0.1:9000/news/editor/2026/12/a%20b.jpg"
    assert found["serve_media"] is False  # the app servers no longer serve /media/
    assert found["img_src"] == ["'self'", "data:", "http://127.0.0.1:9000"]
    assert "testing" not in json.dumps(found)  # credentials stay in boto3's hands


def test_a_bucket_on_aws_behind_a_cdn_or_the_front_nginx(tmp_path):
    aws = media_settings(tmp_path, MEDIA_S3_BUCKET="news", MEDIA_S3_REGION="eu-west-1")
    assert aws["media_url"] == "https://news.s3.eu-west-1.amazonaws.com/"
    assert aws["options"]["endpoint_url"] is None
    cdn = media_settings(
        tmp_path, MEDIA_S3_BUCKET="news", MEDIA_S3_PUBLIC_URL="https://media.example.org"
    )
    assert cdn["url"] == "https://media.example.org/editor/2026/12/a%20b.jpg"
    assert cdn["img_src"] == ["'self'", "data:", "https://media.example.org"]
    proxied = media_settings(tmp_path, MEDIA_S3_BUCKET="news", MEDIA_S3_PUBLIC_URL="/media/")
    assert proxied["url"] == "/media/editor/2026/12/a%20b.jpg"
    assert proxied["img_src"] == ["'self'", "data:"]


def test_a_public_url_that_is_not_an_address_is_refused(tmp_path):
    result = run_python(
        PRINT_MEDIA_SETTINGS,
        tmp_path,
        DEBUG="1",
        MEDIA_S3_BUCKET="news",
        MEDIA_S3_PUBLIC_URL="ftp://media.example.org/",
    )
    assert result.returncode != 0 and "MEDIA_S3_PUBLIC_URL must be" in result.stderr


def bucket_snapshot(bucket):
    return {
        name: bucket.client.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        for name in bucket.names()
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_copy_the_bucket(s3_media, tmp_path, media_root):
    from tests.newsapp.test_backup import back_up, build_site, run

    build_site()
    files = bucket_snapshot(s3_media)
    assert any(name.startswith("featured/") for name in files)
    assert any(name.startswith("renditions/authors/") for name in files)
    archive = back_up(tmp_path)

    call_command("flush", interactive=False, verbosity=0)
    s3_media.delete(s3_media.names())
    s3_media.client.put_object(Bucket=BUCKET, Key="stray/left-over.jpg", Body=b"x")
    with pytest.raises(CommandError, match="it has 1 media file"):
        run("restore", archive)  # a file in the bucket is content too
    s3_media.client.put_object(Bucket=BUCKET, Key=next(iter(files)), Body=b"changed")

    run("restore", archive, "--force")
    assert bucket_snapshot(s3_media) == files
    assert Article.objects.filter(headline="Dam talks stall").exists()
    assert stored_files(media_root) == []
