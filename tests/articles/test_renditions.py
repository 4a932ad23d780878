"""Renditions and focal-point crops: made once, the right sizes, never upscaled, cleaned up."""

import io
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from PIL import Image

from articles import renditions
from articles.models import Article
from tests.factories import image_bytes, make_article, make_author, stored_files

pytestmark = pytest.mark.django_db


def with_image(article, *, size=(2400, 1350), image_format="JPEG", focus=None, **options):
    if focus:
        article.featured_image_focus_x, article.featured_image_focus_y = focus
    data = image_bytes(image_format, size=size, **options)
    extension = {"JPEG": "jpg"}.get(image_format, image_format.lower())
    article.featured_image.save(f"photo.{extension}", ContentFile(data), save=False)
    article.featured_image_alt = "A photo"
    article.save()
    return article


def opened(name):
    with default_storage.open(name, "rb") as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
    return image


def rendition_files(media_root):
    return [path for path in stored_files(media_root) if "renditions" in path.parts]


def test_featured_image_gets_widths_in_webp_and_its_own_format():
    article = with_image(make_article())
    record = article.featured_image_renditions

    full = record["sets"]["full"]
    assert [(entry["width"], entry["height"]) for entry in full] == [
        (480, 270), (960, 540), (1600, 900)
    ]  # fmt: skip
    for entry in full:
        webp, fallback = opened(entry["webp"]), opened(entry["fallback"])
        assert webp.format == "WEBP" and fallback.format == "JPEG"
        assert webp.size == fallback.size == (entry["width"], entry["height"])
    assert record["width"] == 2400 and record["height"] == 1350
    assert record["mime_type"] == "image/jpeg"
    assert record["byte_size"] == article.featured_image.size


@pytest.mark.parametrize(
    ("size", "widths"),
    [((1200, 800), [480, 960, 1200]), ((300, 200), [300]), ((960, 100), [480, 960])],
)
def test_renditions_are_never_wider_than_the_original(size, widths):
    record = with_image(make_article(), size=size).featured_image_renditions
    assert [entry["width"] for entry in record["sets"]["full"]] == widths
    for crop in record["crops"].values():
        assert crop["width"] <= size[0] and crop["height"] <= size[1]


def test_png_keeps_png_and_webp_original_falls_back_to_jpeg():
    png = with_image(make_article(), size=(600, 400), image_format="PNG")
    assert opened(png.featured_image_renditions["sets"]["full"][0]["fallback"]).format == "PNG"
    webp = with_image(make_article(), size=(600, 400), image_format="WEBP")
    assert webp.featured_image_renditions["fallback_type"] == "image/jpeg"
    assert opened(webp.featured_image_renditions["sets"]["full"][0]["fallback"]).format == "JPEG"


def test_renditions_are_made_once(media_root):
    article = with_image(make_article())
    files = rendition_files(media_root)
    with mock.patch.object(FileSystemStorage, "save", side_effect=AssertionError("made again")):
        article.headline = "A new headline"
        article.save()
        Article.objects.get(pk=article.pk).save()
    assert rendition_files(media_root) == files


@pytest.mark.parametrize(
    ("kind", "size"),
    [("share", (1200, 630)), ("16x9", (1200, 675)), ("4x3", (1200, 900)), ("1x1", (1200, 1200))],
)
def test_crops_have_their_aspect_and_are_1200_wide_when_the_original_allows(kind, size):
    article = with_image(make_article(), size=(3000, 2000))
    crop = renditions.crop_url(article, kind)
    assert (crop.width, crop.height) == size
    assert crop.mime_type == "image/jpeg"
    assert crop.url.startswith("/media/renditions/featured/")
    stored = opened(crop.url.removeprefix("/media/"))
    assert stored.size == size and stored.format == "JPEG"
    assert crop.byte_size == default_storage.size(crop.url.removeprefix("/media/"))


def test_small_originals_give_smaller_crops_of_the_same_aspect():
    article = with_image(make_article(), size=(800, 300))
    share, square = renditions.crop_url(article, "share"), renditions.crop_url(article, "1x1")
    assert (share.width, share.height) == (571, 300)
    assert (square.width, square.height) == (300, 300)


def red_dot_picture(size, dot):
    """A grey picture with one red square at `dot` (x, y in pixels)."""
    image = Image.new("RGB", size, (128, 128, 128))
    x, y = dot
    image.paste((255, 0, 0), (x - 20, y - 20, x + 20, y + 20))
    output = io.BytesIO()
    image.save(output, "PNG")
    return output.getvalue()


@pytest.mark.parametrize("focus", [(5, 50), (95, 10), (50, 95)])
def test_crops_are_cut_around_the_focal_point(focus):
    size = (2000, 1000)
    dot = (size[0] * focus[0] // 100, size[1] * focus[1] // 100)
    article = make_article()
    article.featured_image_focus_x, article.featured_image_focus_y = focus
    article.featured_image.save("dot.png", ContentFile(red_dot_picture(size, dot)), save=False)
    article.featured_image_alt = "A red dot"
    article.save()
    for kind in ("1x1", "4x3", "16x9", "share"):
        crop = opened(renditions.crop_url(article, kind).url.removeprefix("/media/"))
        reds = [pixel for pixel in crop.get_flattened_data() if pixel[0] > 200 and pixel[1] < 60]
        assert reds, f"{kind} crop lost the focal point {focus}"


def test_moving_the_focal_point_remakes_only_the_crops(media_root):
    article = with_image(make_article())
    before = article.featured_image_renditions
    article.featured_image_focus_x = 10
    with django_on_commit() as callbacks:
        article.save()
    after = article.featured_image_renditions
    assert after["sets"]["full"] == before["sets"]["full"]
    assert after["crops"]["share"]["name"] != before["crops"]["share"]["name"]
    assert "-10-50" in after["crops"]["share"]["name"]
    callbacks.run()
    assert not default_storage.exists(before["crops"]["share"]["name"])
    assert default_storage.exists(after["crops"]["share"]["name"])


class django_on_commit:
    """Collect on_commit callbacks (the test runs in a transaction) to run them later."""

    def __enter__(self):
        self.callbacks = []
        self.patch = mock.patch(
            "articles.renditions.transaction.on_commit", side_effect=self.callbacks.append
        )
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()

    def run(self):
        for callback in self.callbacks:
            callback()


def test_replacing_or_clearing_the_image_deletes_its_renditions(media_root):
    article = with_image(make_article())
    old = renditions.names_in(article.featured_image_renditions)
    with django_on_commit() as callbacks:
        with_image(article, size=(1000, 800))
    callbacks.run()
    new = renditions.names_in(article.featured_image_renditions)
    assert not any(default_storage.exists(name) for name in old)
    assert all(default_storage.exists(name) for name in new)

    with django_on_commit() as callbacks:
        article.featured_image = None
        article.save()
    callbacks.run()
    assert article.featured_image_renditions == {}
    assert rendition_files(media_root) == []


def test_deleting_the_article_or_author_deletes_the_renditions(
    media_root, django_capture_on_commit_callbacks
):
    article = with_image(make_article())
    author = make_author()
    author.photo.save("me.png", ContentFile(image_bytes("PNG", size=(400, 400))), save=True)
    assert [entry["width"] for entry in author.photo_renditions["sets"]["full"]] == [120, 240, 400]
    assert rendition_files(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
        author.delete()
    assert rendition_files(media_root) == []


def test_a_rolled_back_save_keeps_the_renditions_in_use(media_root):
    article = with_image(make_article())
    names = renditions.names_in(article.featured_image_renditions)
    with django_on_commit():  # collected, never run: as if the transaction rolled back
        with_image(article, size=(900, 900))
    assert all(default_storage.exists(name) for name in names)


def test_missing_or_broken_original_records_the_error_and_saves():
    article = make_article()
    article.featured_image.name = "featured/2026/01/gone.jpg"
    article.featured_image_alt = "Gone"
    article.save()
    assert "error" in article.featured_image_renditions
    assert renditions.crop_url(article, "share") is None
    assert renditions.original(article) is None

    default_storage.save("featured/2026/01/broken.jpg", ContentFile(b"not a picture"))
    article.featured_image.name = "featured/2026/01/broken.jpg"
    article.save()
    assert "error" in article.featured_image_renditions


def test_animated_gif_is_served_as_uploaded_but_still_gets_crops():
    frames = [Image.new("RGB", (600, 400), colour) for colour in ("red", "blue")]
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:])
    article = make_article()
    article.featured_image.save("anim.gif", ContentFile(output.getvalue()), save=False)
    article.featured_image_alt = "Animation"
    article.save()
    record = article.featured_image_renditions
    assert record["sets"] == {"full": [], "card": []}
    assert renditions.crop_url(article, "share").mime_type == "image/png"


def test_crop_url_is_none_without_an_image_and_refuses_unknown_kinds():
    article = make_article()
    assert renditions.crop_url(article, "share") is None
    with pytest.raises(ValueError):
        renditions.crop_url(article, "2x1")


def test_crop_url_and_original_cost_no_storage_call_and_no_query(django_assert_num_queries):
    article = Article.objects.get(pk=with_image(make_article()).pk)
    broken = mock.patch.multiple(
        FileSystemStorage, open=mock.DEFAULT, exists=mock.DEFAULT, size=mock.DEFAULT,
        listdir=mock.DEFAULT, save=mock.DEFAULT, delete=mock.DEFAULT,
    )  # fmt: skip
    with broken as calls, django_assert_num_queries(0):
        share = renditions.crop_url(article, "share")
        whole = renditions.original(article)
    assert not any(call.called for call in calls.values())
    assert (share.width, share.height) == (1200, 630)
    assert (whole.width, whole.height, whole.mime_type) == (2400, 1350, "image/jpeg")
