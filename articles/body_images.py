"""Body images: editor uploads get renditions at upload, and the rendered body finds them
from the image's address alone, so rendering Markdown needs no storage call and no query."""

import functools
import posixpath
import re

from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from .images import EXTENSIONS, FALLBACK_FORMATS, dated_upload_path, rendition_widths, scaled_height
from .renditions import BODY, ROOT, Picture, make_renditions, rendition_folder

BODY_IMAGE_SIZES = "(min-width: 44rem) 42rem, 100vw"  # .prose is at most 42rem wide
BODY_IMAGE_NAME = re.compile(
    r"editor/\d{4}/\d{2}/[0-9a-f]{32}-(?P<width>\d{1,5})x(?P<height>\d{1,5})\.(?:jpg|png|webp)"
)
_BODY_RENDITION_PATH = (
    r"editor/\d{4}/\d{2}/[0-9a-f]{32}-\d{1,5}x\d{1,5}/\d{1,5}w\.(?:webp|jpg|png) \d{1,5}w"
)


@functools.cache
def _body_srcset_pattern(media_url):
    rendition = re.escape(f"{media_url}{ROOT}/") + _BODY_RENDITION_PATH
    return re.compile(rf"{rendition}(?:, {rendition})*")


def is_body_srcset(value):
    """Whether `value` is a srcset of our own renditions, at the media address of the moment
    (the disk's /media/ or the object store's): the only srcset a body may carry (the markdown
    allowlist checks it)."""
    return _body_srcset_pattern(settings.MEDIA_URL).fullmatch(value) is not None


def save_body_image(image):
    """Store a cleaned editor upload (a ContentFile from `clean_image_upload`) with its
    renditions, and return its stored name.

    Its name carries its pixel size (`<uuid>-1200x800.jpg`), so `body_image` can give the
    rendered body its srcset, width and height from the address alone. GIFs, and an upload
    whose renditions could not be made, are stored under a plain name and shown as they are.
    """
    with Image.open(image) as opened:
        width, height = opened.size
    image.seek(0)
    stem, extension = posixpath.splitext(image.name)
    plain_name = dated_upload_path("editor", image.name)
    if extension == ".gif":
        return default_storage.save(plain_name, image)
    name = default_storage.save(
        dated_upload_path("editor", f"{stem}-{width}x{height}{extension}"), image
    )
    if BODY_IMAGE_NAME.fullmatch(name):
        record, _ = make_renditions(default_storage, name, spec=BODY)
        if "error" not in record:
            return name
    default_storage.delete(name)
    image.seek(0)
    return default_storage.save(plain_name, image)


def body_image(src):
    """The Picture of a body image at `src` when it is an editor upload with renditions,
    else None (an external or unknown image is shown as written). Pure: no storage call."""
    media_url = settings.MEDIA_URL
    if not src.startswith(media_url):
        return None
    name = src[len(media_url) :]
    match = BODY_IMAGE_NAME.fullmatch(name)
    if not match:
        return None
    width, height = int(match["width"]), int(match["height"])
    extension = EXTENSIONS[FALLBACK_FORMATS[_format_of(name)]]
    widths = rendition_widths(width, BODY.widths)

    def url(rendition_width, rendition_extension):
        return f"{media_url}{rendition_folder(name)}/{rendition_width}w.{rendition_extension}"

    return Picture(
        src=url(widths[-1], extension),
        width=widths[-1],
        height=scaled_height(width, height, widths[-1]),
        webp_srcset=", ".join(f"{url(w, 'webp')} {w}w" for w in widths),
        fallback_srcset=", ".join(f"{url(w, extension)} {w}w" for w in widths),
    )


def body_rendition_names(name):
    """The rendition names an editor upload `name` should have (for `make_renditions`)."""
    picture = body_image(f"{settings.MEDIA_URL}{name}")
    if picture is None:
        return set()
    urls = [part.rsplit(" ", 1)[0] for part in picture.webp_srcset.split(", ")]
    urls += [part.rsplit(" ", 1)[0] for part in picture.fallback_srcset.split(", ")]
    return {url[len(settings.MEDIA_URL) :] for url in urls}


def _format_of(name):
    extension = posixpath.splitext(name)[1].lstrip(".")
    return {value: key for key, value in EXTENSIONS.items()}[extension]
