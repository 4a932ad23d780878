"""The image checks every upload passes: real images only, within limits, metadata removed."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import ExifTags, Image

from articles.images import MAX_ANIMATION_FRAMES, clean_image_upload, dated_upload_path
from tests.factories import image_bytes, image_upload, png_claiming_size


def reopen(cleaned):
    cleaned.seek(0)
    return Image.open(io.BytesIO(cleaned.read()))


def phone_exif(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 57.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (35.0, 55.0, 0.0),
    }
    return exif


@pytest.mark.parametrize(
    ("image_format", "extension", "options"),
    [
        ("JPEG", "jpg", {}),
        ("PNG", "png", {}),
        ("GIF", "gif", {}),
        ("WEBP", "webp", {}),
        # A phone JPEG with a multi-picture extension, which Pillow calls MPO.
        ("MPO", "jpg", {"save_all": True, "append_images": [Image.new("RGB", (40, 30))]}),
    ],
)
def test_real_images_are_accepted_and_renamed(image_format, extension, options):
    cleaned = clean_image_upload(image_upload(image_format, name="../../My Photo.x", **options))
    assert cleaned.name.endswith(f".{extension}")
    assert "/" not in cleaned.name and "My Photo" not in cleaned.name
    image = reopen(cleaned)
    assert image.format == {"MPO": "JPEG"}.get(image_format, image_format)
    assert image.size == (40, 30)


def test_jpeg_loses_exif_and_gps_and_keeps_its_orientation():
    # Stored 40 wide and 20 high; orientation 6 means "turn 90° to view", so 20 × 40.
    original = image_bytes("JPEG", size=(40, 20), exif=phone_exif(orientation=6))
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    image = reopen(clean_image_upload(image_upload("JPEG", content=original)))

    assert image.size == (20, 40)
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in image.info


def test_jpeg_comment_is_dropped():
    original = image_bytes("JPEG", comment=b"Taken outside the source's house")
    cleaned = clean_image_upload(image_upload("JPEG", content=original))
    cleaned.seek(0)
    data = cleaned.read()
    assert b"source's house" not in data
    assert "comment" not in Image.open(io.BytesIO(data)).info


def test_png_and_webp_lose_exif():
    for image_format in ("PNG", "WEBP"):
        original = image_bytes(image_format, exif=phone_exif())
        image = reopen(clean_image_upload(image_upload(image_format, content=original)))
        assert dict(image.getexif()) == {}, image_format


def test_gif_keeps_its_animation_but_not_its_comment():
    frames = [Image.new("RGB", (10, 10), color) for color in ("red", "green", "blue")]
    output = io.BytesIO()
    frames[0].save(
        output, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0,
        comment=b"Filmed at the checkpoint",
    )  # fmt: skip
    cleaned = clean_image_upload(image_upload("GIF", content=output.getvalue()))
    cleaned.seek(0)
    data = cleaned.read()
    assert b"checkpoint" not in data
    assert Image.open(io.BytesIO(data)).n_frames == 3


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            image_upload(
                "PNG",
                name="logo.png",
                content_type="image/png",
                content=b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
            "not an image we can read",
        ),
        (
            image_upload("JPEG", name="notes.jpg", content=b"Meeting notes, not a photo."),
            "not an image we can read",
        ),
        (image_upload("PNG", content=image_bytes("PNG", size=(300, 300))[:200]), "not an image"),
        (image_upload("JPEG", content=image_bytes("JPEG", size=(300, 300))[:300]), "not an image"),
        (image_upload("PNG", content=b""), "not an image"),
        (image_upload("PNG", content=png_claiming_size(100_000, 100_000)), "too many pixels"),
        (image_upload("BMP", name="scan.bmp"), "Only JPEG, PNG, GIF and WebP"),
        (image_upload("TIFF", name="scan.tiff"), "Only JPEG, PNG, GIF and WebP"),
    ],
    ids=["svg", "text", "truncated-png", "truncated-jpeg", "empty", "bomb", "bmp", "tiff"],
)
def test_bad_files_are_refused_with_a_reason(upload, message):
    with pytest.raises(ValidationError) as caught:
        clean_image_upload(upload)
    assert message in " ".join(caught.value.messages)


def test_too_many_pixels_for_our_limit(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as caught:
        clean_image_upload(image_upload("PNG", content=png_claiming_size(2000, 1000)))
    assert caught.value.code == "too_many_pixels"
    assert "2000 × 1000 pixels" in caught.value.messages[0]


def test_too_large_file(settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        clean_image_upload(image_upload("PNG", size=(200, 200)))
    assert caught.value.code == "too_large"
    assert "the limit is 100" in caught.value.messages[0]


def test_dated_upload_path():
    assert dated_upload_path("editor", "a.png").startswith("editor/")
    folder, year, month, name = dated_upload_path("editor", "a.png").split("/")
    assert (len(year), len(month), name) == (4, 2, "a.png")


def test_an_animation_with_too_many_frames_is_refused():
    frames = [
        Image.new("RGB", (4, 4), (n % 256, n // 256, 0)) for n in range(MAX_ANIMATION_FRAMES + 1)
    ]
    output = io.BytesIO()
    frames[0].save(output, "GIF", save_all=True, append_images=frames[1:], duration=20)
    with pytest.raises(ValidationError) as refused:
        clean_image_upload(image_upload("GIF", content=output.getvalue()))
    assert refused.value.code == "too_many_frames"
    assert "201 frames" in refused.value.messages[0]
