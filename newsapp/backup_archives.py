"""The backup archive format, written and read for `newsapp.backups`.

An archive is a gzipped tar holding

    database.sqlite3 or database.pgdump   the database (see `newsapp.database_dumps`)
    media/...                             every file that was under MEDIA_ROOT
    manifest.json                         format version, creation time, database vendor, the
                                          latest applied migrations of each app, and each
                                          file's size and SHA-256

The manifest comes last, once the checksums of what went in are known. Reading extracts into a
staging folder and checks every file against the manifest, so nothing is used unverified. The
checksums catch damage and partial edits; they do not authenticate an archive (whoever can
rewrite one can rewrite its manifest), so archives belong where only operators can write.
"""

import gzip
import hashlib
import io
import json
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.utils import timezone

from .database_dumps import DATABASE_FILES

FORMAT = "newsapp-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_FOLDER = "media"


class ArchiveError(Exception):
    """An archive that cannot be read, or does not match its manifest."""


@dataclass(frozen=True)
class ArchiveSummary:
    """What an archive holds, from its manifest."""

    path: Path
    created_at: str
    vendor: str
    database_bytes: int
    media_files: int
    media_bytes: int
    migrations: dict

    @classmethod
    def from_manifest(cls, path, manifest):
        sizes = {entry["path"]: entry["size"] for entry in manifest["files"]}
        media = [size for name, size in sizes.items() if name.startswith(f"{MEDIA_FOLDER}/")]
        return cls(
            path=path,
            created_at=manifest["created_at"],
            vendor=manifest["database"]["vendor"],
            database_bytes=sizes[manifest["database"]["file"]],
            media_files=len(media),
            media_bytes=sum(media),
            migrations=manifest["migrations"],
        )


def new_manifest(*, created_at, vendor, migrations, **details):
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(timespec="seconds"),
        "database": {"vendor": vendor},
        "migrations": migrations,
        "files": [],
        **details,
    }


class ArchiveWriter:
    """Writes an archive into the open binary file `output`: `add` each file; leaving the
    `with` block adds the manifest. After an exception the output is incomplete, for the
    caller to throw away."""

    def __init__(self, output, manifest):
        self.manifest = manifest
        # Level 6: most of the size is pictures, which do not compress further.
        self.tar = tarfile.open(fileobj=output, mode="w:gz", compresslevel=6)  # noqa: SIM115 (__exit__)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        if exc_type is None:
            self._add_manifest()
        # On an exception tarfile skips writing the end of the archive.
        return self.tar.__exit__(exc_type, exc_value, traceback)

    def add(self, path, name):
        """Add the file at `path` as `name`, recording the size and checksum of exactly the
        bytes archived, even if the file changes meanwhile."""
        with open(path, "rb") as file:
            self.add_file(file, name)

    def add_file(self, file, name):
        """Add the open binary `file` (a local file, or one from a storage backend) as
        `name`."""
        if not isinstance(file, File):
            info = self.tar.gettarinfo(arcname=name, fileobj=file)
        else:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = file.size, int(timezone.now().timestamp()), 0o644
        reader = _HashingReader(file)
        self.tar.addfile(info, reader)
        entry = {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}
        self.manifest["files"].append(entry)

    def _add_manifest(self):
        data = json.dumps(self.manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o644
        self.tar.addfile(info, io.BytesIO(data))


class _HashingReader:
    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        return data


def extract_archive(archive, staged):
    """Extract `archive` into the folder `staged`, check it against its manifest and return
    the manifest. Raises ArchiveError for anything amiss; `staged` is then to be discarded."""
    if not hasattr(tarfile, "data_filter"):
        raise ArchiveError("Restoring needs Python 3.11.4 or newer, for tarfile's safe extraction.")
    refused = f"{archive} is not a backup this site can restore"
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                # Only regular files and folders under the names a backup uses: no links,
                # devices, absolute paths or `..` (the "data" filter refuses most of those too).
                if not (member.isfile() or member.isdir()) or not _allowed_member(member.name):
                    raise ArchiveError(f"{refused}: it holds {member.name!r}.")
                tar.extract(member, staged, filter="data")
    except tarfile.FilterError as error:
        raise ArchiveError(f"{refused}: {error}.") from None
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ArchiveError(f"{archive} is damaged or not a backup archive ({error}).") from None
    except OSError as error:
        raise ArchiveError(f"Could not unpack {archive}: {error}.") from None
    try:
        manifest = json.loads((staged / MANIFEST).read_text())
    except FileNotFoundError:
        raise ArchiveError(f"{refused}: it has no {MANIFEST}.") from None
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError(f"{refused}: its {MANIFEST} is unreadable.") from None
    _check_manifest(manifest, refused)
    _check_files(archive, manifest, staged)
    return manifest


def _allowed_member(name):
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        return False
    return name == MANIFEST or name in DATABASE_FILES.values() or parts[0] == MEDIA_FOLDER


def _check_manifest(manifest, refused):
    try:
        if manifest["format"] != FORMAT:
            problem = f"its {MANIFEST} is not a {FORMAT} manifest"
        elif manifest["format_version"] > FORMAT_VERSION:
            problem = (
                f"it is in backup format {manifest['format_version']}, newer than this code "
                f"reads ({FORMAT_VERSION}); restore it with the code that made it"
            )
        elif not _well_formed(manifest):
            problem = f"its {MANIFEST} is incomplete"
        else:
            return
    except (KeyError, TypeError):
        problem = f"its {MANIFEST} is incomplete"
    raise ArchiveError(f"{refused}: {problem}.")


def _well_formed(manifest):
    database, files = manifest["database"], manifest["files"]
    return (
        isinstance(manifest["created_at"], str)
        and isinstance(manifest["migrations"], dict)
        and all(
            isinstance(names, list) and all(isinstance(name, str) for name in names)
            for names in manifest["migrations"].values()
        )
        and all(
            isinstance(entry["path"], str)
            and isinstance(entry["size"], int)
            and isinstance(entry["sha256"], str)
            for entry in files
        )
        and DATABASE_FILES.get(database["vendor"]) == database["file"]
        and database["file"] in {entry["path"] for entry in files}
    )


def _check_files(archive, manifest, staged):
    expected = {entry["path"]: entry for entry in manifest["files"]}
    found = {
        path.relative_to(staged).as_posix() for path in staged.rglob("*") if path.is_file()
    } - {MANIFEST}
    problems = [f"{name} is missing" for name in sorted(expected.keys() - found)]
    problems += [f"{name} is not in the manifest" for name in sorted(found - expected.keys())]
    for name in sorted(found & expected.keys()):
        path = staged / name
        with path.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        if path.stat().st_size != expected[name]["size"] or digest != expected[name]["sha256"]:
            problems.append(f"{name} does not match its checksum")
    if problems:
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise ArchiveError(f"{archive} is damaged or was altered: {shown}.")
