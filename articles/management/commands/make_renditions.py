"""manage.py make_renditions: make the renditions and crops missing for existing images."""

from collections import Counter

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from articles import body_images, renditions
from articles.models import Article, Author


class ProgressBar:
    """A one-line bar on a terminal (stderr), nothing when the output is not one."""

    WIDTH = 30

    def __init__(self, stream, total, label, *, enabled):
        self.stream, self.total, self.label = stream, total, label
        self.enabled = enabled and total > 0 and stream.isatty()
        self.done = 0

    def advance(self):
        self.done += 1
        if self.enabled:
            filled = self.WIDTH * self.done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}", ending="")
            if self.done == self.total:
                self.stream.write("")


class Command(BaseCommand):
    help = (
        "Make the renditions (widths, WebP) and focal-point crops missing for featured "
        "images, author photos and editor uploads. Images whose renditions are recorded are "
        "skipped, so running it again makes nothing; a failed image is retried."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be made; change nothing."
        )
        parser.add_argument(
            "--check-files",
            action="store_true",
            help="Also look in storage for every recorded rendition and remake missing ones "
            "(one storage call per file; by default the records are trusted).",
        )

    def handle(self, *args, dry_run=False, check_files=False, verbosity=1, **options):
        self.dry_run, self.check_files, self.verbosity = dry_run, check_files, verbosity
        articles = Article.objects.exclude(featured_image="").only(
            "featured_image",
            "featured_image_focus_x",
            "featured_image_focus_y",
            "featured_image_renditions",
        )
        self.report(
            "Featured images",
            self.make_for_rows(
                articles,
                "Featured images",
                field_name="featured_image",
                record_name="featured_image_renditions",
                spec=renditions.FEATURED,
                focus=lambda row: (row.featured_image_focus_x, row.featured_image_focus_y),
            ),
        )
        authors = Author.objects.exclude(photo="").only("photo", "photo_renditions")
        self.report(
            "Author photos",
            self.make_for_rows(
                authors,
                "Author photos",
                field_name="photo",
                record_name="photo_renditions",
                spec=renditions.PORTRAIT,
                focus=lambda author: renditions.DEFAULT_FOCUS,
            ),
        )
        self.report("Editor uploads", self.make_for_uploads())

    def make_for_rows(self, queryset, label, *, field_name, record_name, spec, focus):
        counts, reasons = Counter(), Counter()
        bar = ProgressBar(self.stderr, queryset.count(), label, enabled=self.verbosity >= 1)
        for row in queryset.order_by("pk").iterator(chunk_size=200):
            field_file, record = getattr(row, field_name), getattr(row, record_name)
            storage = field_file.storage
            wanted_focus = list(focus(row))
            if self.is_complete(storage, record, field_file.name, wanted_focus):
                counts["up to date"] += 1
            elif self.dry_run:
                counts["to make"] += 1
            else:
                # A current record with files missing (--check-files) is remade from scratch.
                current = renditions.is_current(record, field_file.name, wanted_focus)
                made, _ = renditions.make_renditions(
                    storage,
                    field_file.name,
                    spec=spec,
                    focus=wanted_focus,
                    previous={} if current and "error" not in record else record,
                )
                # update(), not save(): the article's "updated" time must not move.
                type(row).objects.filter(pk=row.pk).update(**{record_name: made})
                stale = renditions.names_in(record) - renditions.names_in(made)
                renditions.delete_renditions(storage, stale)
                if "error" in made:
                    counts["failed"] += 1
                    reasons[made["error"]] += 1
                else:
                    counts["made"] += 1
            bar.advance()
        return counts, reasons

    def is_complete(self, storage, record, source, focus):
        if not renditions.is_current(record, source, focus) or "error" in record:
            return False
        if self.check_files:
            return all(storage.exists(name) for name in renditions.names_in(record))
        return True

    def make_for_uploads(self):
        """Editor uploads named with their size (see body_images.save_body_image) whose
        renditions are missing from storage."""
        counts, reasons = Counter(), Counter()
        names = [name for name in _walk(default_storage, "editor")
                 if body_images.BODY_IMAGE_NAME.fullmatch(name)]  # fmt: skip
        bar = ProgressBar(self.stderr, len(names), "Editor uploads", enabled=self.verbosity >= 1)
        for name in names:
            wanted = body_images.body_rendition_names(name)
            if all(default_storage.exists(rendition) for rendition in wanted):
                counts["up to date"] += 1
            elif self.dry_run:
                counts["to make"] += 1
            else:
                made, _ = renditions.make_renditions(default_storage, name, spec=renditions.BODY)
                if "error" in made:
                    counts["failed"] += 1
                    reasons[made["error"]] += 1
                else:
                    counts["made"] += 1
            bar.advance()
        return counts, reasons

    def report(self, label, result):
        counts, reasons = result
        if self.verbosity < 1 and not counts["failed"]:
            return
        order = ["to make", "up to date"] if self.dry_run else ["made", "up to date", "failed"]
        summary = ", ".join(f"{counts[key]} {key}" for key in order)
        prefix = "Dry run, nothing changed. " if self.dry_run else ""
        write = self.stderr.write if counts["failed"] else self.stdout.write
        write(f"{prefix}{label}: {summary}.")
        for reason, count in reasons.most_common():
            self.stderr.write(f"  {count} × {reason}")


def _walk(storage, folder):
    """Every file name below `folder` in `storage`, through listdir (any backend)."""
    try:
        folders, files = storage.listdir(folder)
    except (OSError, NotImplementedError):
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for subfolder in sorted(folders):
        yield from _walk(storage, f"{folder}/{subfolder}")
