"""`manage.py demo_content`: fill an empty site with demo sections, authors, tags and articles.

The text lives in `newsapp.demo.data`; the pictures are drawn with Pillow at run time. Dates
are relative to the moment the command runs, so a fresh demo always has today's news.
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.images import clean_image_upload
from articles.models import Announcement, Article, Author, Correction, Section, Tag
from articles.renditions import delete_all_renditions
from articles.services import article_publish, correction_save
from newsapp.demo import data as demo_data
from newsapp.demo.data import pictures

IMAGE_CREDIT = "Generated illustration (demo content)"


class Command(BaseCommand):
    help = (
        "Fill an empty site with demo content: sections, authors, tags of every kind, about "
        "30 articles with generated pictures, and a banner. Does nothing if the site has any "
        "article, so it is safe to run on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be created, and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        self.verbosity = options["verbosity"]
        existing = Article.objects.count()
        if existing:
            self.say(f"The site already has content ({existing} articles); no demo content added.")
            return
        now = timezone.now()
        plan = [(spec, publish_time(spec, now)) for spec in demo_data.ARTICLES]
        if dry_run:
            self.describe(plan)
            return
        stored_files = []
        try:
            with transaction.atomic():
                created = self.create(plan, now=now, stored_files=stored_files)
        except BaseException:
            # The rows are rolled back; the pictures written for them would be orphans.
            for storage, name in stored_files:
                storage.delete(name)
                delete_all_renditions(storage, name)
            raise
        self.say(f"Created demo content: {summary(created, plan)}.", style=self.style.SUCCESS)

    def say(self, message, *, level=1, style=None):
        if self.verbosity >= level:
            self.stdout.write(style(message) if style else message)

    def describe(self, plan):
        self.say("Dry run: nothing was changed. demo_content would create:")
        self.say(f"  Sections: {', '.join(spec['name'] for spec in demo_data.SECTIONS)}")
        self.say(f"  Authors: {', '.join(spec['name'] for spec in demo_data.AUTHORS)}")
        kinds = {}
        for spec in demo_data.TAGS:
            kinds.setdefault(spec["kind"], []).append(spec["name"])
        for kind, names in kinds.items():
            self.say(f"  {kind.capitalize()} tags: {', '.join(names)}")
        self.say("  Articles, newest first, each with a generated featured image:")
        newest_first = sorted(plan, key=lambda item: (item[1] is not None, item[1]), reverse=True)
        for spec, publish_at in newest_first:
            when = f"{timezone.localtime(publish_at):%Y-%m-%d %H:%M}" if publish_at else "-"
            self.say(f"    {when:16}  {spec['status']:9}  {spec['section']:12}  {spec['headline']}")
        self.say(f"  Announcement: {demo_data.ANNOUNCEMENT['message']}")
        counted = {
            "sections": len(demo_data.SECTIONS),
            "authors": len(demo_data.AUTHORS),
            "tags": len(demo_data.TAGS),
            "articles": len(plan),
            "announcements": 1,
        }
        self.say(f"In all: {summary(counted, plan)}.")

    def create(self, plan, *, now, stored_files):
        created = dict.fromkeys(["sections", "authors", "tags", "articles", "announcements"], 0)
        sections = {}
        for spec in demo_data.SECTIONS:
            sections[spec["slug"]], is_new = section_get_or_create(spec)
            created["sections"] += is_new
        authors = {}
        for spec in demo_data.AUTHORS:
            authors[spec["slug"]], is_new = author_get_or_create(spec, stored_files=stored_files)
            created["authors"] += is_new
        tags = {}
        for spec in demo_data.TAGS:
            tags[spec["slug"]], is_new = tag_get_or_create(spec)
            created["tags"] += is_new
        scenes = {spec["slug"]: spec["scene"] for spec in demo_data.SECTIONS}
        for spec, publish_at in plan:
            article = demo_article_create(
                spec,
                publish_at=publish_at,
                section=sections[spec["section"]],
                scene=scenes[spec["section"]],
                now=now,
                stored_files=stored_files,
            )
            article.authors.set([authors[slug] for slug in spec["authors"]])
            article.tags.set([tags[slug] for slug in spec["tags"]])
            created["articles"] += 1
            self.say(f"  {spec['status']:9}  {article.headline}", level=2)
        created["announcements"] += announcement_get_or_create(demo_data.ANNOUNCEMENT)
        return created


def publish_time(spec, now):
    """When a demo article goes live, relative to `now`; None for a draft."""
    if spec["status"] == "draft":
        return None
    if "hours_ago" in spec:
        midnight = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
        # Just after midnight "three hours ago" is yesterday; the newest story stays today's.
        return max(now - timedelta(hours=spec["hours_ago"]), midnight + (now - midnight) / 2)
    day = timezone.localdate(now) - timedelta(days=spec["days_ago"])
    hour, minute = (int(part) for part in spec["at"].split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def summary(counted, plan):
    statuses = [spec["status"] for spec, _ in plan]
    by_status = ", ".join(
        f"{statuses.count(status)} {status}" for status in ("published", "scheduled", "draft")
    )
    return (
        f"{counted['sections']} sections, {counted['authors']} authors, {counted['tags']} tags, "
        f"{counted['articles']} articles ({by_status}) and "
        f"{counted['announcements']} announcement"
    )


def section_get_or_create(spec):
    # Match on name too: an editor may have made "World" with another slug already.
    section = Section.objects.filter(Q(slug=spec["slug"]) | Q(name=spec["name"])).first()
    if section:
        return section, False
    section = Section(
        name=spec["name"], slug=spec["slug"], description=spec["description"], order=spec["order"]
    )
    section.full_clean()
    section.save()
    return section, True


def tag_get_or_create(spec):
    tag = Tag.objects.filter(slug=spec["slug"]).first()
    if tag:
        return tag, False
    tag = Tag(
        name=spec["name"],
        slug=spec["slug"],
        kind=spec["kind"],
        description=spec.get("description", ""),
    )
    tag.full_clean()
    tag.save()
    return tag, True


def author_get_or_create(spec, *, stored_files):
    author = Author.objects.filter(slug=spec["slug"]).first()
    if author:
        return author, False
    author = Author(
        name=spec["name"],
        slug=spec["slug"],
        job_title=spec["job_title"],
        bio=spec["bio"],
        website=spec.get("website", ""),
        mastodon=spec.get("mastodon", ""),
        telegram=spec.get("telegram", ""),
    )
    words = spec["name"].split()
    initials = f"{words[0][0]}{words[-1][0]}".upper()
    photo = pictures.portrait(initials=initials, colours=spec["colours"])
    store_picture(author.photo, photo, name=f"{spec['slug']}.jpg", stored_files=stored_files)
    author.full_clean()
    author.save()
    return author, True


def demo_article_create(spec, *, publish_at, section, scene, now, stored_files):
    """Create one article from `spec`; published and scheduled ones go through the service."""
    article = Article(
        headline=spec["headline"],
        slug=spec["slug"],
        standfirst=spec["standfirst"],
        body=spec["body"],
        section=section,
        is_lead=spec["is_lead"],
        featured_image_caption=spec["caption"],
        featured_image_credit=IMAGE_CREDIT,
    )
    picture, description = pictures.featured_picture(
        seed=spec["slug"], scene=scene, label=section.name, site_name=settings.SITE_NAME
    )
    store_picture(
        article.featured_image, picture, name=f"{spec['slug']}.jpg", stored_files=stored_files
    )
    article.featured_image_alt = description
    if spec["status"] == "draft":
        article.full_clean()
        article.save()
        return article
    article_publish(article=article, publish_at=publish_at)
    if spec["note"] and publish_at <= now:
        correction_save(
            correction=Correction(
                article=article,
                kind=spec["note_kind"] or Correction.Kind.UPDATE,
                text=spec["note"],
                published_at=min(publish_at + timedelta(hours=4), now),
            )
        )
    return article


def store_picture(field_file, picture, *, name, stored_files):
    """Save JPEG bytes into an image field through the same cleaning as editors' uploads."""
    cleaned = clean_image_upload(ContentFile(picture, name=name))
    field_file.save(cleaned.name, cleaned, save=False)
    stored_files.append((field_file.storage, field_file.name))


def announcement_get_or_create(spec):
    if Announcement.objects.filter(message=spec["message"]).exists():
        return False
    announcement = Announcement(**spec)
    announcement.full_clean()
    announcement.save()
    return True
