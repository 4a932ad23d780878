"""WordPress attachments: image files read from a copy of `wp-content/uploads`, checked and
re-encoded like any upload (`articles.images.clean_image_upload`), stored as editor uploads
with their renditions; the old addresses map to the new ones."""

import hashlib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from articles.body_images import save_body_image
from articles.images import clean_image_upload
from articles.renditions import delete_all_renditions

from .models import ImportedItem

IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp"}
SIZE_SUFFIX = re.compile(r"-\d{1,5}x\d{1,5}(?=\.[A-Za-z0-9]+$)")
UPLOADS = "/wp-content/uploads/"


def uploads_relative_path(attachment):
    """Where the file sits under wp-content/uploads: `_wp_attached_file`, else from its URL."""
    if attachment.attached_file:
        return attachment.attached_file.lstrip("/")
    path = unquote(urlsplit(attachment.url).path)
    if UPLOADS in path:
        return path.split(UPLOADS, 1)[1]
    return path.lstrip("/")


def url_key(url):
    """An image URL as looked up: host and path, lower-case host, no scheme or query
    (wordpress.com adds ?w=604 for sizes)."""
    parts = urlsplit(url.strip())
    return f"{(parts.hostname or '').lower()}{unquote(parts.path)}"


class ImageImporter:
    """Imports attachments and answers "what is this image's address here"."""

    def __init__(self, *, source, summary, media_dir, dry_run):
        self.source, self.summary, self.dry_run = source, summary, dry_run
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.new_urls = {}  # url_key -> new URL
        self.by_wp_id = {}  # wp id -> (new URL, file path)
        self.old_paths = {}  # new URL -> old uploads paths, for redirects
        self.stored_names = []  # to delete if the import fails
        self.state = ""

    def import_all(self, attachments):
        existing = {
            mapped.wp_id: mapped
            for mapped in ImportedItem.objects.filter(
                source=self.source, kind=ImportedItem.Kind.ATTACHMENT
            )
        }
        for attachment in attachments.values():
            self._import(attachment, existing.get(str(attachment.wp_id)))
        # Bodies point at these addresses: when they change, so must the articles.
        self.state = hashlib.sha256(repr(sorted(self.new_urls.items())).encode()).hexdigest()

    def _import(self, attachment, mapped):
        relative = uploads_relative_path(attachment)
        extension = posixpath.splitext(relative)[1].lower()
        if extension not in IMAGE_EXTENSIONS:
            self.summary.skip("images", f"not an image ({extension or 'no extension'})")
            return
        if self.media_dir is None:
            self.summary.skip("images", "no --media-dir given")
            return
        path = (self.media_dir / relative).resolve()
        if not path.is_relative_to(self.media_dir):
            self.summary.skip("images", "its path leads outside the media folder")
            return
        if not path.is_file():
            self.summary.skip("images", "file missing from the media folder")
            self.summary.note(f"missing image file: {relative[:120]}")
            return
        fingerprint = _file_digest(path)
        if (
            mapped is not None
            and mapped.fingerprint == fingerprint
            and default_storage.exists(mapped.details.get("name", ""))
        ):
            self._remember(attachment, relative, default_storage.url(mapped.details["name"]), path)
            self.summary.skip("images", "unchanged since the last import")
            return
        try:
            with path.open("rb") as opened:
                cleaned = clean_image_upload(File(opened, name=path.name))
        except ValidationError as error:
            self.summary.skip("images", " ".join(error.messages))
            return
        if self.dry_run:
            url = f"{settings.MEDIA_URL}editor/dry-run/{path.name}"
        else:
            name = save_body_image(cleaned)
            self.stored_names.append(name)
            url = default_storage.url(name)
            self._record(attachment, mapped, fingerprint, name)
        self.summary.update("images") if mapped else self.summary.create("images")
        self._remember(attachment, relative, url, path)

    def _record(self, attachment, mapped, fingerprint, name):
        details = {"name": name, "url": attachment.url}
        if mapped is None:
            ImportedItem.objects.create(
                source=self.source,
                kind=ImportedItem.Kind.ATTACHMENT,
                wp_id=str(attachment.wp_id),
                fingerprint=fingerprint,
                details=details,
            )
        else:
            mapped.fingerprint, mapped.details = fingerprint, details
            mapped.save(update_fields=["fingerprint", "details", "updated_at"])

    def _remember(self, attachment, relative, url, path):
        self.new_urls[url_key(attachment.url)] = url
        self.by_wp_id[attachment.wp_id] = (url, path)
        self.old_paths.setdefault(url, []).append(UPLOADS + relative)

    def new_url(self, url):
        """The new address of an uploaded image (also of its resized copies, such as
        photo-300x200.jpg), or None."""
        key = url_key(url)
        found = self.new_urls.get(key) or self.new_urls.get(SIZE_SUFFIX.sub("", key))
        if found and key not in self.new_urls:
            old_path = urlsplit(url).path
            if UPLOADS in old_path:
                self.old_paths.setdefault(found, []).append(old_path)
        return found

    def featured_file(self, wp_id):
        """A cleaned copy of attachment `wp_id` for a featured image, or None."""
        found = self.by_wp_id.get(wp_id)
        if found is None:
            return None
        with found[1].open("rb") as opened:
            return clean_image_upload(File(opened, name=found[1].name))

    def delete_stored(self):
        """Delete what this run stored: called when the import fails and rolls back."""
        for name in self.stored_names:
            delete_all_renditions(default_storage, name)
            default_storage.delete(name)


def _file_digest(path):
    digest = hashlib.sha256()
    with path.open("rb") as opened:
        for block in iter(lambda: opened.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
