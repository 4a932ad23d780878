"""Responsive renditions and focal-point crops of uploaded images: made once, stored through
the Storage API (any backend: the file system, S3...), and found again without touching it.

Each image field has a JSON record beside it (`Article.featured_image_renditions`,
`Author.photo_renditions`) written when the row is saved with a new image or focal point, or
by `manage.py make_renditions`. It holds the original's size and type and the names of what
was made, so a page builds its `srcset` from the row it already loaded: no storage call, no
query. Names are deterministic (`renditions/<original path>/960w.webp`), so an editor upload's
renditions are found from its address alone (articles/body_images.py).

Public API, for page metadata and feeds:

    crop_url(article, kind) -> Rendition | None
        kind: "share" (the 1200×630 share card) or "16x9", "4x3", "1x1" (the NewsArticle
        images, 1200 px wide when the original allows, else as wide as it allows, same aspect).
        Cut around the article's focal point. None when the article has no featured image or
        its file could not be read.

    original(article) -> Rendition | None
        the featured image as uploaded.

    Rendition: url (site-relative, e.g. "/media/renditions/.../share-50-50.jpg"), width,
    height (pixels), mime_type ("image/jpeg"...), byte_size.

Neither makes anything: both read the record, and cost no query and no storage call.
"""

import io
import logging
import posixpath
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from .images import (
    EXTENSIONS,
    FALLBACK_FORMATS,
    MIME_TYPES,
    WEBP,
    UnreadableImage,
    encoded,
    focal_crop_box,
    open_stored_image,
    rendition_widths,
    resized,
    scaled_height,
)

logger = logging.getLogger(__name__)

# Bump when what is made changes (widths, quality...): `make_renditions` then remakes all.
RECORD_VERSION = 1
ROOT = "renditions"
FULL = "full"  # the whole picture at each width
CARD = "card"  # 16:9 around the focal point, at each width, for article cards
DEFAULT_FOCUS = (50, 50)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    mime_type: str
    byte_size: int


@dataclass(frozen=True)
class RenditionSpec:
    """What to make for one kind of image."""

    widths: tuple
    sets: dict  # set name -> aspect (width, height) cut around the focal point, None: as is
    crops: dict = field(default_factory=dict)  # kind -> (aspect, width at most)


CROPS = {
    "share": ((1200, 630), 1200),
    "16x9": ((16, 9), 1200),
    "4x3": ((4, 3), 1200),
    "1x1": ((1, 1), 1200),
}
FEATURED = RenditionSpec(widths=(480, 960, 1600), sets={FULL: None, CARD: (16, 9)}, crops=CROPS)
PORTRAIT = RenditionSpec(widths=(120, 240, 480), sets={FULL: None})
BODY = RenditionSpec(widths=(480, 960, 1600), sets={FULL: None})


# Naming


def rendition_folder(source):
    """The folder of every rendition of `source`: `renditions/<its path without extension>`."""
    return f"{ROOT}/{posixpath.splitext(source)[0]}"


def _set_name(source, set_name, width, image_format, focus):
    extension = EXTENSIONS[image_format]
    if set_name == FULL:
        return f"{rendition_folder(source)}/{width}w.{extension}"
    return f"{rendition_folder(source)}/{set_name}-{focus[0]}-{focus[1]}-{width}w.{extension}"


def _crop_name(source, kind, image_format, focus):
    # The focal point is in the name: a moved focus is a new address, never a stale cache.
    return f"{rendition_folder(source)}/{kind}-{focus[0]}-{focus[1]}.{EXTENSIONS[image_format]}"


def names_in(record):
    """Every stored rendition name in `record`."""
    names = set()
    for entries in (record or {}).get("sets", {}).values():
        for entry in entries:
            names.update((entry["webp"], entry["fallback"]))
    names.update(crop["name"] for crop in (record or {}).get("crops", {}).values())
    return names


# Making


def is_current(record, source, focus=DEFAULT_FOCUS):
    """Whether `record` was made for this original and focal point by this code (a failed
    attempt counts: saving again does not retry it, `make_renditions` does)."""
    return (
        bool(record)
        and record.get("version") == RECORD_VERSION
        and record.get("source") == source
        and record.get("focus") == list(focus)
    )


def make_renditions(storage, source, *, spec, focus=DEFAULT_FOCUS, previous=None):
    """Make the renditions of the stored image `source` that `previous` lacks.

    Returns (record, stale names): the record to store, and the names of renditions no
    longer in it, to delete once the record is committed. Renditions that do not depend on
    the focal point are kept when only the focal point moved. An unreadable original gives
    a record with an "error" and no renditions; pages then show the original as it is.
    """
    previous = previous or {}
    if not source:
        return {}, names_in(previous)
    focus = [int(focus[0]), int(focus[1])]
    if is_current(previous, source, focus) and "error" not in previous:
        return previous, set()
    same_original = (
        previous.get("version") == RECORD_VERSION
        and previous.get("source") == source
        and "error" not in previous
    )
    made = []
    try:
        data = _read(storage, source)
        image, image_format = open_stored_image(io.BytesIO(data))
        fallback = FALLBACK_FORMATS[image_format]
        record = {
            "version": RECORD_VERSION,
            "source": source,
            "focus": focus,
            "width": image.width,
            "height": image.height,
            "mime_type": MIME_TYPES[image_format],
            "byte_size": len(data),
            "fallback_type": MIME_TYPES[fallback],
            "sets": {},
            "crops": {},
        }
        for set_name, aspect in spec.sets.items():
            if aspect is None and same_original and set_name in previous.get("sets", {}):
                record["sets"][set_name] = previous["sets"][set_name]
            elif image_format == "GIF":
                record["sets"][set_name] = []  # served as uploaded, animation and all
            elif aspect and _fills(image.size, aspect) and FULL in record["sets"]:
                record["sets"][set_name] = record["sets"][FULL]  # the crop is the picture
            else:
                record["sets"][set_name] = _make_set(
                    storage, image, source, set_name, aspect, spec.widths, fallback, focus, made
                )
        for kind, (aspect, max_width) in spec.crops.items():
            record["crops"][kind] = _make_crop(
                storage, image, source, kind, aspect, max_width, fallback, focus, made
            )
    except UnreadableImage as error:
        delete_renditions(storage, made)
        logger.warning("No renditions for %s: %s", source, error)
        failed = {"version": RECORD_VERSION, "source": source, "focus": focus, "error": str(error)}
        return failed, names_in(previous)
    return record, names_in(previous) - names_in(record)


def _fills(size, aspect):
    box = focal_crop_box(size, aspect, DEFAULT_FOCUS)
    return int(box[2] - box[0]) == size[0] and int(box[3] - box[1]) == size[1]


def _read(storage, source):
    limit = 4 * settings.IMAGE_UPLOAD_MAX_BYTES  # uploads are re-encoded under the limit
    try:
        with storage.open(source, "rb") as file:
            data = file.read(limit + 1)
    except OSError as error:
        raise UnreadableImage(f"cannot read the file ({error.__class__.__name__})") from None
    if len(data) > limit:
        raise UnreadableImage("the file is too large")
    return data


def _make_set(storage, image, source, set_name, aspect, widths, fallback, focus, made):
    if aspect is None:
        box, box_width, box_height = None, image.width, image.height
    else:
        box = focal_crop_box(image.size, aspect, focus)
        box_width, box_height = box[2] - box[0], box[3] - box[1]
    entries = []
    for width in rendition_widths(int(box_width), widths):
        height = scaled_height(box_width, box_height, width)
        picture = resized(image, (width, height), box)
        entry = {"width": width, "height": height}
        for key, image_format in (("webp", WEBP), ("fallback", fallback)):
            name = _set_name(source, set_name, width, image_format, focus)
            entry[key] = _store(storage, name, encoded(picture, image_format), made)
        entries.append(entry)
    return entries


def _make_crop(storage, image, source, kind, aspect, max_width, fallback, focus, made):
    box = focal_crop_box(image.size, aspect, focus)
    width = min(int(box[2] - box[0]), max_width)
    height = max(1, round(width * aspect[1] / aspect[0]))
    data = encoded(resized(image, (width, height), box), fallback)
    name = _store(storage, _crop_name(source, kind, fallback, focus), data, made)
    return {
        "name": name,
        "width": width,
        "height": height,
        "mime_type": MIME_TYPES[fallback],
        "byte_size": len(data),
    }


def _store(storage, name, data, made):
    # Names are deterministic; a leftover file of the same name (a failed save) is replaced
    # rather than given a random suffix.
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(data))
    made.append(stored)
    return stored


def delete_renditions(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete the rendition %s", name, exc_info=True)


def delete_all_renditions(storage, source):
    """Delete every rendition ever made of `source`, recorded or not (e.g. those of an upload
    whose row was rolled back), by listing its folder."""
    try:
        folders, files = storage.listdir(rendition_folder(source))
    except OSError:
        return
    delete_renditions(storage, [f"{rendition_folder(source)}/{name}" for name in files])


def queryset_delete_with_renditions(queryset, *, image_field, record_field):
    """Delete `queryset` and, once that commits, the renditions its rows recorded: bulk
    deletes (the admin's among them) skip Model.delete(), which removes them one by one."""
    stale = set()
    for record in queryset.values_list(record_field, flat=True):
        stale |= names_in(record)
    deleted = queryset.delete()
    storage = queryset.model._meta.get_field(image_field).storage
    delete_renditions_on_commit(storage, stale)
    return deleted


def delete_renditions_on_commit(storage, names):
    """Delete `names` once the transaction that stopped using them commits (at once outside
    one): a rolled-back save still has its renditions."""
    if names:
        transaction.on_commit(partial(delete_renditions, storage, sorted(names)))


def refresh_field_renditions(instance, *, field_name, record_name, spec, focus=DEFAULT_FOCUS):
    """Bring `instance.<record_name>` up to date with its image field before a save; the
    renditions it no longer uses are deleted after the commit. Nothing is made when the
    image and focal point are unchanged."""
    # A new upload is stored first (as the field would do in the save that follows), so
    # its renditions are made from the stored file under its final name.
    instance._meta.get_field(field_name).pre_save(instance, instance._state.adding)
    field_file = getattr(instance, field_name)
    record, stale = make_renditions(
        field_file.storage,
        field_file.name,
        spec=spec,
        focus=focus,
        previous=getattr(instance, record_name),
    )
    setattr(instance, record_name, record)
    delete_renditions_on_commit(field_file.storage, stale)


# Reading, for pages


@dataclass(frozen=True)
class Picture:
    """What a template needs for one responsive <img>, and its <picture> WebP source."""

    src: str
    width: int | None
    height: int | None
    webp_srcset: str = ""
    fallback_srcset: str = ""


def picture(field_file, record, rendition_set=FULL):
    """The Picture of `field_file` at the widths in `record`, or the original as it is when
    they were not made (yet); None without an image."""
    if not field_file:
        return None
    record = record or {}
    made = record.get("source") == field_file.name and "error" not in record
    entries = record.get("sets", {}).get(rendition_set) if made else None
    if not entries:
        width, height = (record.get("width"), record.get("height")) if made else (None, None)
        return Picture(src=field_file.url, width=width, height=height)
    url = field_file.storage.url
    largest = entries[-1]
    return Picture(
        src=url(largest["fallback"]),
        width=largest["width"],
        height=largest["height"],
        webp_srcset=", ".join(f"{url(entry['webp'])} {entry['width']}w" for entry in entries),
        fallback_srcset=", ".join(
            f"{url(entry['fallback'])} {entry['width']}w" for entry in entries
        ),
    )


def crop_url(article, kind):
    """The `kind` crop of the article's featured image (see the module docstring)."""
    if kind not in CROPS:
        raise ValueError(f"Unknown crop {kind!r}; one of {', '.join(CROPS)}")
    record = _usable_record(article)
    crop = record.get("crops", {}).get(kind) if record else None
    if not crop:
        return None
    return Rendition(
        url=article.featured_image.storage.url(crop["name"]),
        width=crop["width"],
        height=crop["height"],
        mime_type=crop["mime_type"],
        byte_size=crop["byte_size"],
    )


def original(article):
    """The article's featured image as uploaded, with its size and type (see above)."""
    record = _usable_record(article)
    if not record:
        return None
    return Rendition(
        url=article.featured_image.url,
        width=record["width"],
        height=record["height"],
        mime_type=record["mime_type"],
        byte_size=record["byte_size"],
    )


def _usable_record(article):
    record = article.featured_image_renditions or {}
    if not article.featured_image or record.get("source") != article.featured_image.name:
        return None
    return None if "error" in record else record
