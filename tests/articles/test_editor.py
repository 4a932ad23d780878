"""The markdownx editor's endpoints: live preview and drag-and-drop upload, staff writers only."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from PIL import ExifTags, Image

from tests.factories import image_bytes, image_upload, make_user, png_claiming_size, stored_files

pytestmark = pytest.mark.django_db

PREVIEW_URL = "/editor/markdownify/"
UPLOAD_URL = "/editor/upload/"
NOT_AN_IMAGE = "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image."


@pytest.fixture
def writer_client(client):
    client.force_login(make_user("wendy", group="Writer"))
    return client


def reader():
    return make_user("reader", staff=False)


def staff_without_article_permissions():
    return make_user("mo", group="Moderator")


def non_staff_with_article_permissions():
    user = make_user("former", staff=False)
    user.user_permissions.add(Permission.objects.get(codename="add_article"))
    return user


@pytest.mark.parametrize(
    "make_login",
    [None, reader, staff_without_article_permissions, non_staff_with_article_permissions],
    ids=["anonymous", "reader", "moderator", "non-staff-with-perms"],
)
def test_only_article_writers_may_use_the_editor(client, media_root, make_login):
    if make_login:
        client.force_login(make_login())
    upload = client.post(UPLOAD_URL, {"image": image_upload("PNG")})
    preview = client.post(PREVIEW_URL, {"content": "**hello**"})
    assert upload.status_code == 403
    assert preview.status_code == 403
    assert b"<strong>hello</strong>" not in preview.content
    assert stored_files(media_root) == []


@pytest.mark.parametrize("url", [PREVIEW_URL, UPLOAD_URL])
def test_get_is_not_allowed(writer_client, url):
    response = writer_client.get(url)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_posts_need_a_csrf_token(media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("wendy", group="Writer"))
    assert client.post(UPLOAD_URL, {"image": image_upload("PNG")}).status_code == 403
    assert client.post(PREVIEW_URL, {"content": "x"}).status_code == 403
    assert stored_files(media_root) == []


class TestPreview:
    def test_preview_renders_markdown_like_the_published_body(self, writer_client):
        response = writer_client.post(PREVIEW_URL, {"content": "# Heading\n\n> Quote *here*"})
        assert response.status_code == 200
        html = response.content.decode()
        assert '<h2 id="heading-heading">Heading</h2>' in html
        assert "<blockquote>" in html
        assert "<em>here</em>" in html

    def test_preview_is_sanitized(self, writer_client):
        html = writer_client.post(
            PREVIEW_URL,
            {
                "content": "<script>alert('preview')</script>\n\n"
                "[click me](javascript:alert(1))\n\n"
                '<img src="x" onerror="alert(2)">\n\n'
                '<iframe src="https://evil.example/"></iframe>'
            },
        ).content.decode()
        lowered = html.lower()
        assert "<script" not in lowered
        assert "javascript:" not in lowered
        assert "onerror" not in lowered
        assert "<iframe" not in lowered
        assert "click me" in html

    def test_editor_and_superuser_may_preview(self, client):
        for user in (
            make_user("eddie", group="Editor"),
            make_user("root", superuser=True),
        ):
            client.force_login(user)
            assert client.post(PREVIEW_URL, {"content": "x"}).status_code == 200


class TestUpload:
    @pytest.mark.parametrize(
        ("image_format", "extension"),
        [("PNG", "png"), ("JPEG", "jpg"), ("GIF", "gif"), ("WEBP", "webp")],
    )
    def test_real_image_is_stored_in_a_dated_folder(
        self, writer_client, media_root, settings, image_format, extension
    ):
        response = writer_client.post(UPLOAD_URL, {"image": image_upload(image_format)})
        assert response.status_code == 200, response.content

        today = timezone.localdate()
        (stored,) = [path for path in stored_files(media_root) if "renditions" not in path.parts]
        relative = stored.relative_to(media_root).as_posix()
        # Its size in the name lets the body find its renditions; a GIF is shown as uploaded.
        size = "" if image_format == "GIF" else "-40x30"
        assert re.fullmatch(rf"editor/{today:%Y/%m}/[0-9a-f]{{32}}{size}\.{extension}", relative)
        assert response.json() == {
            "image_code": f"![Describe this image]({settings.MEDIA_URL}{relative})"
        }
        assert Image.open(stored).format == image_format

    def test_image_code_renders_as_an_image_in_the_body(self, writer_client):
        response = writer_client.post(UPLOAD_URL, {"image": image_upload("PNG")})
        image_code = response.json()["image_code"]
        url = re.search(r"\((.+)\)", image_code).group(1)
        preview = writer_client.post(PREVIEW_URL, {"content": image_code}).content.decode()
        renditions = url.replace("/media/", "/media/renditions/").removesuffix(".png")
        assert preview.startswith(
            f'<p><picture><source type="image/webp" srcset="{renditions}/40w.webp 40w"'
        )
        assert f'<img src="{renditions}/40w.png" srcset="{renditions}/40w.png 40w"' in preview
        assert 'alt="Describe this image" width="40" height="30"' in preview

    def test_jpeg_metadata_is_stripped_and_orientation_applied(self, writer_client, media_root):
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = 8  # turn 270°: 60 × 20 shows as 20 × 60
        exif[ExifTags.Base.Model] = "Reporter's phone"
        exif[ExifTags.IFD.GPSInfo] = {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (33.0, 52.0, 0.0),
        }
        photo = image_bytes("JPEG", size=(60, 20), exif=exif, comment=b"near the source")
        response = writer_client.post(UPLOAD_URL, {"image": image_upload("JPEG", content=photo)})
        assert response.status_code == 200

        (stored,) = [path for path in stored_files(media_root) if "renditions" not in path.parts]
        data = stored.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert image.size == (20, 60)
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert b"Reporter's phone" not in data
        assert b"near the source" not in data

    @pytest.mark.parametrize(
        ("make_upload", "message"),
        [
            (
                lambda: image_upload(
                    "PNG",
                    name="chart.png",
                    content=b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
                ),
                NOT_AN_IMAGE,
            ),
            (
                lambda: image_upload("PNG", name="chart.svg", content_type="image/svg+xml",
                                     content=b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
                NOT_AN_IMAGE,
            ),
            (
                lambda: image_upload("JPEG", name="notes.jpg", content=b"Plain text notes\n" * 20),
                NOT_AN_IMAGE,
            ),
            (
                lambda: image_upload(
                    "JPEG", content=image_bytes("JPEG", size=(400, 300))[:400]
                ),
                NOT_AN_IMAGE,
            ),
            (
                lambda: image_upload("PNG", content=png_claiming_size(80_000, 80_000)),
                "The image has too many pixels to be processed safely.",
            ),
            (
                lambda: image_upload("TIFF", name="scan.tiff"),
                "Only JPEG, PNG, GIF and WebP images can be uploaded.",
            ),
        ],
        ids=["svg-as-png", "svg", "text-as-jpg", "truncated", "bomb-header", "tiff"],
    )  # fmt: skip
    def test_bad_files_are_refused_and_nothing_is_stored(
        self, writer_client, media_root, make_upload, message
    ):
        response = writer_client.post(UPLOAD_URL, {"image": make_upload()})
        assert response.status_code == 400
        assert response.json() == {"error": message}
        assert stored_files(media_root) == []

    def test_too_large_file_is_refused(self, writer_client, media_root, settings):
        settings.IMAGE_UPLOAD_MAX_BYTES = 1024
        response = writer_client.post(
            UPLOAD_URL, {"image": image_upload("PNG", content=image_bytes("BMP", size=(64, 64)))}
        )
        assert response.status_code == 400
        assert "the limit is 1.0\xa0KB" in response.json()["error"]
        assert stored_files(media_root) == []

    def test_too_many_pixels_is_refused(self, writer_client, media_root, settings):
        settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
        response = writer_client.post(UPLOAD_URL, {"image": image_upload("PNG", size=(1001, 1000))})
        assert response.status_code == 400
        assert response.json()["error"] == (
            "The image is 1001 × 1000 pixels; the limit is 1 megapixels."
        )
        assert stored_files(media_root) == []

    def test_missing_file_is_refused(self, writer_client, media_root):
        response = writer_client.post(UPLOAD_URL, {})
        assert response.status_code == 400
        assert response.json() == {"error": "Choose an image to upload."}
        assert stored_files(media_root) == []
