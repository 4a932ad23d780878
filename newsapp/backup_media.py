"""The media files a backup copies and a restore replaces: the folder MEDIA_ROOT when media
are on this server's disk, else whatever the media storage holds (an S3 bucket), read and
written through the Storage API only."""

import contextlib
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages


def site_media():
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return DiskMedia(Path(settings.MEDIA_ROOT))
    return StoredMedia(storage)


class DiskMedia:
    """MEDIA_ROOT: restores move the staged files into place without another copy."""

    def __init__(self, root):
        self.root = root
        self.staging_parent = root.parent  # same file system: a move, not a copy

    def names(self):
        """Every regular file's name, sorted; symbolic links are left out."""
        if not self.root.is_dir():
            return []
        found = []
        for folder, subfolders, names in os.walk(self.root):
            subfolders.sort()
            for name in sorted(names):
                path = Path(folder, name)
                if path.is_file() and not path.is_symlink():
                    found.append(path.relative_to(self.root).as_posix())
        return found

    @contextlib.contextmanager
    def open(self, name):
        with (self.root / name).open("rb") as file:
            yield file

    def replace_with(self, staged):
        """Make MEDIA_ROOT hold exactly the files in `staged`. The folder itself stays (it may
        be a mount point, or have its own owner and permissions); everything in it goes."""
        self.root.mkdir(parents=True, exist_ok=True)
        for child in self.root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        if staged.is_dir():
            for child in staged.iterdir():
                shutil.move(child, self.root / child.name)

    def contains(self, path):
        return path.resolve().is_relative_to(self.root.resolve())

    def describe(self):
        return f"MEDIA_ROOT ({self.root})"


class StoredMedia:
    """Media in a storage backend that is not this disk (object storage)."""

    def __init__(self, storage):
        self.storage = storage
        self.staging_parent = None  # the system's temporary folder

    def names(self):
        return sorted(_walk(self.storage, ""))

    @contextlib.contextmanager
    def open(self, name):
        with self.storage.open(name, "rb") as file:
            yield file

    def replace_with(self, staged):
        """Make the storage hold exactly the files in `staged`: the others are deleted, and
        each staged file is saved under its own name."""
        for name in self.names():
            self.storage.delete(name)
        if not staged.is_dir():
            return
        for path in sorted(staged.rglob("*")):
            if path.is_file():
                name = path.relative_to(staged).as_posix()
                with path.open("rb") as file:
                    stored = self.storage.save(name, File(file, name=path.name))
                if stored != name:
                    raise OSError(f"{name} was stored as {stored}")

    def contains(self, path):
        return False

    def describe(self):
        return "the media storage"


def _walk(storage, folder):
    folders, files = storage.listdir(folder)
    prefix = f"{folder}/" if folder else ""
    for name in files:
        yield f"{prefix}{name}"
    for subfolder in folders:
        yield from _walk(storage, f"{prefix}{subfolder}")
