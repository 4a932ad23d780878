"""Small factories shared by the whole suite: each call makes fresh, valid objects."""

import io
import itertools
import struct
import time
import zlib
from datetime import timedelta

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.models import Announcement, Article, Author, Section, Tag
from articles.services import article_publish
from comments.forms import CommentForm
from comments.models import Comment, Commenter
from comments.services import comment_create
from comments.text import render_comment_text, text_digest
from comments.threads import place_in_thread
from comments.tokens import form_token

_numbers = itertools.count(1)


def make_section(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Section {n}")
    fields.setdefault("slug", f"section-{n}")
    return Section.objects.create(**fields)


def make_tag(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Tag {n}")
    fields.setdefault("slug", f"tag-{n}")
    return Tag.objects.create(**fields)


def make_author(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Reporter {n}")
    fields.setdefault("slug", f"reporter-{n}")
    return Author.objects.create(**fields)


def make_article(*, published=True, ago=timedelta(hours=1), authors=(), tags=(), **fields):
    """An article, published `ago` before now unless `published` is False."""
    n = next(_numbers)
    fields.setdefault("headline", f"Headline number {n}")
    fields.setdefault("slug", f"headline-number-{n}")
    fields.setdefault("body", f"Body of article {n}.\n\n> A quote from a source.\n")
    if "section" not in fields:
        fields["section"] = make_section()
    article = Article.objects.create(**fields)
    article.authors.set(authors)
    article.tags.set(tags)
    if published:
        article_publish(article=article, publish_at=timezone.now() - ago)
    return article


def archive_urls(day):
    """The year, month and day archive pages that list what was published on `day`."""
    return [
        reverse("articles:archive-year", kwargs={"year": day.year}),
        reverse("articles:archive-month", kwargs={"year": day.year, "month": day.month}),
        reverse(
            "articles:archive-day", kwargs={"year": day.year, "month": day.month, "day": day.day}
        ),
    ]


def stored_files(root):
    """Every file below `root` (e.g. MEDIA_ROOT), sorted."""
    return sorted(path for path in root.rglob("*") if path.is_file())


def make_user(username, *, group=None, staff=True, superuser=False, password="pw-for-tests-1"):
    user = User.objects.create_user(
        username, f"{username}@example.org", password, is_staff=staff, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_announcement(**fields):
    fields.setdefault("message", f"Announcement {next(_numbers)}: join our channel")
    return Announcement.objects.create(**fields)


def image_bytes(image_format="PNG", *, size=(40, 30), color=(200, 30, 30), **save_options):
    """The bytes of a small, real image in `image_format` (JPEG, PNG, GIF, WEBP, MPO)."""
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, image_format, **save_options)
    return output.getvalue()


def image_upload(image_format="PNG", *, name=None, content_type=None, content=None, **options):
    """An uploaded file as a browser would send it; `content` overrides the real image."""
    extension = {"JPEG": "jpg", "MPO": "jpg"}.get(image_format, image_format.lower())
    return SimpleUploadedFile(
        name or f"photo.{extension}",
        image_bytes(image_format, **options) if content is None else content,
        content_type=content_type or f"image/{extension.replace('jpg', 'jpeg')}",
    )


def png_claiming_size(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels: a decompression bomb's shape."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def article_form(section, **fields):
    """The fields the admin's article form posts, for a valid draft in `section`. A change
    form also posts the `based_on_version` it was opened at (the article's `edit_version`)."""
    data = {
        "headline": "Dam talks stall",
        "slug": "dam-talks-stall",
        "standfirst": "Negotiators leave without a date for the next round.",
        "body": "Talks **stalled** today.",
        "section": section.pk,
        "comments_open": "on",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "featured_image_credit": "",
        # The corrections inline: none.
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def publish_at_fields(**delta):
    """The admin's split date and time fields for a moment `delta` from now."""
    when = timezone.localtime(timezone.now() + timedelta(**delta))
    return {"publish_at_0": f"{when:%Y-%m-%d}", "publish_at_1": f"{when:%H:%M:%S}"}


# Comments


def make_comment(article, *, parent=None, status=Comment.Status.APPROVED, **fields):
    """A comment stored directly (no spam checks), placed in its thread like the service does."""
    n = next(_numbers)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.net")
    fields.setdefault("text", f"Comment number {n}.")
    comment = Comment(
        article=article,
        status=status,
        text_html=render_comment_text(fields["text"]),
        text_digest=text_digest(fields["text"]),
        **fields,
    )
    place_in_thread(comment, parent=parent)
    return comment


def make_trusted(email, *, confirmed=True):
    return Commenter.objects.update_or_create(
        email=email,
        defaults={"approved_count": 1, "confirmed_at": timezone.now() if confirmed else None},
    )[0]


def form_data(article, *, seconds_ago=60, **fields):
    """What a browser posts from the comment form served `seconds_ago` seconds before."""
    data = {
        "name": "Ada Reader",
        "email": "ada@example.net",
        "text": "A thoughtful point about the story.",
        "timestamp": form_token(article.pk, issued_at=time.time() - seconds_ago),
        "website": "",
    }
    data.update(fields)
    return data


def post_comment(article, *, parent=None, user=None, ip_address=None, **fields):
    """Post a comment as the comment form would (its validation, then `comment_create`), with
    `fields` over `form_data`'s; raises ValidationError for what either refuses."""
    data = form_data(article, **fields)
    if parent is not None:
        data["parent"] = parent.pk
    form = CommentForm(data, article=article, user=user)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return comment_create(
        article=article,
        submission=form.submission(),
        user=user,
        client=form.client(ip_address=ip_address),
    )
