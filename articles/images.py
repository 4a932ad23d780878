"""Checks and cleans uploaded images (editor uploads and featured images).

Every upload is opened with Pillow, must be a real JPEG, PNG, GIF or WebP within the size and
pixel limits, and is re-encoded so no EXIF or GPS metadata (which can identify a reporter's
phone or a source's location) reaches the public site.
"""

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

# Animated GIFs and WebPs are re-encoded frame by frame.
MAX_ANIMATION_FRAMES = 200
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Many phone cameras write JPEGs with a multi-picture (MPO) extension; Pillow names the format
# MPO, browsers show them as JPEG, and re-encoding keeps the main picture as a plain JPEG.
JPEG_VARIANTS = {"MPO"}


def clean_image_upload(upload):
    """Validate an uploaded file and return a ContentFile of the re-encoded image.

    Raises ValidationError with a message an editor can act on; nothing is stored here.
    """
    max_bytes = settings.IMAGE_UPLOAD_MAX_BYTES
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            "The image is %(size)s; the limit is %(limit)s.",
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image_format = "JPEG" if image.format in JPEG_VARIANTS else image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    "The image is %(width)s × %(height)s pixels; the limit is %(limit)s "
                    "megapixels.",
                    code="too_many_pixels",
                    params={"width": width, "height": height, "limit": max_pixels // 1_000_000},
                )
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    "Only JPEG, PNG, GIF and WebP images can be uploaded.", code="bad_format"
                )
            frames = getattr(image, "n_frames", 1)
            if frames > MAX_ANIMATION_FRAMES or width * height * frames > 4 * max_pixels:
                raise ValidationError(
                    "The animation has %(frames)s frames of %(width)s × %(height)s pixels, "
                    "too much to process; keep it under %(limit)s frames and smaller.",
                    code="too_many_frames",
                    params={"frames": frames, "width": width, "height": height,
                            "limit": MAX_ANIMATION_FRAMES},
                )  # fmt: skip
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG, GIF or WebP image.",
            code="not_an_image",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "The image has too many pixels to be processed safely.", code="too_many_pixels"
        ) from None
    return ContentFile(_reencode(image, image_format), name=_new_name(image_format))


def _reencode(image, image_format):
    output = io.BytesIO()
    if image_format == "GIF":
        # Keep animation; GIF carries no EXIF. Pillow copies a read comment into the new file
        # unless told otherwise, and comments can name people and places.
        frames = getattr(image, "n_frames", 1)
        image.save(output, "GIF", save_all=frames > 1, comment=b"")
        return output.getvalue()
    image = ImageOps.exif_transpose(image)  # keep the visible orientation once EXIF is gone
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # comment=b"": Pillow would otherwise copy the JPEG comment (COM) segment across.
        image.save(output, "JPEG", quality=85, optimize=True, progressive=True, comment=b"")
    elif image_format == "PNG":
        image.save(output, "PNG", optimize=True)
    else:
        image.save(output, "WEBP", quality=85)
    return output.getvalue()


def _new_name(image_format):
    return f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"


def dated_upload_path(folder, filename):
    """`<folder>/<yyyy>/<mm>/<filename>`: dated folders keep media directories small."""
    today = timezone.localdate()
    return f"{folder}/{today:%Y/%m}/{filename}"


def featured_image_path(instance, filename):
    return dated_upload_path("featured", filename)


def author_photo_path(instance, filename):
    return dated_upload_path("authors", filename)


def share_image_path(instance, filename):
    return dated_upload_path("share", filename)


# Renditions: the Pillow half (sizes, focal crops, encoding). Naming, storing and finding them
# is articles/renditions.py.

WEBP = "WEBP"
# What an <img> falls back to where WebP is not shown: the original's own format, except that
# a WebP original falls back to JPEG and a GIF's first frame to PNG (an animated GIF itself is
# served as uploaded).
FALLBACK_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "JPEG", "GIF": "PNG"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


class UnreadableImage(Exception):
    """A stored original that Pillow cannot open (missing, damaged, or too many pixels)."""


def open_stored_image(file):
    """Open and load an image from a file object read through the storage API.

    Returns (image, format); raises UnreadableImage with a reason.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
            image_format = "JPEG" if image.format in JPEG_VARIANTS else image.format
            if image_format not in ALLOWED_FORMATS:
                raise UnreadableImage(f"unsupported format {image.format}")
            if image.width * image.height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                raise UnreadableImage(f"{image.width} × {image.height} pixels is over the limit")
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise UnreadableImage(str(error) or error.__class__.__name__) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadableImage("too many pixels") from None
    return image, image_format


def is_animated(image):
    return getattr(image, "n_frames", 1) > 1


def rendition_widths(original_width, widths):
    """The widths to make for an original `original_width` pixels wide: those of `widths`
    below it, and the original's own width when it is narrower than the largest (never
    wider than the original: upscaling only adds bytes)."""
    made = [width for width in widths if width < original_width]
    if original_width <= max(widths):
        made.append(original_width)
    return sorted(set(made))


def scaled_height(width, height, new_width):
    return max(1, round(height * new_width / width))


def focal_crop_box(size, aspect, focus):
    """The largest box of `aspect` (width, height) inside an image of `size`, centred on the
    focal point `focus` (x, y in percent) as far as the edges allow, so it always holds it."""
    width, height = size
    ratio = aspect[0] / aspect[1]
    box_width = min(width, height * ratio)
    box_height = box_width / ratio
    focus_x, focus_y = width * focus[0] / 100, height * focus[1] / 100
    left = min(max(focus_x - box_width / 2, 0), width - box_width)
    top = min(max(focus_y - box_height / 2, 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def resized(image, size, box=None):
    """`image` (or its `box`) scaled to `size`; the first frame of an animation."""
    image.seek(0)
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def encoded(image, image_format):
    """The bytes of `image` in `image_format`, compressed for the web, without metadata."""
    output = io.BytesIO()
    if image_format == "JPEG":
        if image.mode != "RGB":
            image = _on_white(image) if image.mode in ("RGBA", "LA") else image.convert("RGB")
        image.save(output, "JPEG", quality=82, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(output, "PNG")
    else:
        image.save(output, "WEBP", quality=80, method=4)
    return output.getvalue()


def _on_white(image):
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.convert("RGBA").getchannel("A"))
    return background
