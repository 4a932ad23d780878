import math
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, URLValidator
from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from markdownx.models import MarkdownxField

from . import renditions
from .images import author_photo_path, featured_image_path, share_image_path
from .markdown import BODY_MAX_LENGTH, plain_text_word_count, render_markdown
from .search import SEARCH_MAX_WORDS, highlighted, parse_query
from .search import backend as search_backend

WORDS_PER_MINUTE = 230
CORRECTION_MAX_LENGTH = 2000
# A note dated a little ahead (an editor's clock, a slow form) is still "now".
CLOCK_SKEW = timedelta(minutes=5)
OTHER_PROFILES_MAX = 10
PROFILE_URL_MAX_LENGTH = 300


def validate_profile_urls(text):
    """One http(s) address a line, at most OTHER_PROFILES_MAX of them."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > OTHER_PROFILES_MAX:
        raise ValidationError(
            "Give at most %(limit)s addresses.",
            code="too_many",
            params={"limit": OTHER_PROFILES_MAX},
        )
    is_url = URLValidator(schemes=["http", "https"])
    for line in lines:
        if len(line) > PROFILE_URL_MAX_LENGTH:
            raise ValidationError(
                "Each address can be at most %(limit)s characters.",
                code="too_long",
                params={"limit": PROFILE_URL_MAX_LENGTH},
            )
        try:
            is_url(line)
        except ValidationError:
            raise ValidationError(
                "“%(line)s” is not a web address (https://…).",
                code="invalid",
                params={"line": line},
            ) from None


def profile_label(url):
    """What a profile link says on the author page: its site, e.g. "bsky.app"."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


class SectionQuerySet(models.QuerySet):
    def with_published_articles(self):
        return self.filter(Exists(Article.objects.published().filter(section=OuterRef("pk"))))


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of the section page.")
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in navigation and on the home page by this."
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class Tag(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        PLACE = "place", "Place"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    description = models.TextField(blank=True, help_text="Shown at the top of the tag page.")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="tag_kind_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to=author_photo_path, blank=True)
    # What was made of the photo and where (articles/renditions.py), so pages need no storage.
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        help_text="The newsroom account of this author, if they have one.",
    )
    website = models.URLField(blank=True)
    mastodon = models.URLField(blank=True, help_text="Full profile address.")
    telegram = models.URLField(blank=True, help_text="Full channel or profile address.")
    other_profiles = models.TextField(
        blank=True,
        max_length=OTHER_PROFILES_MAX * (PROFILE_URL_MAX_LENGTH + 1),
        validators=[validate_profile_urls],
        help_text="Other public profiles (e.g. Bluesky, LinkedIn, Wikipedia), one full address "
        f"a line, at most {OTHER_PROFILES_MAX}. Listed on the author page and given to search "
        "engines as the same person.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if _saves_field(kwargs, "photo", also="photo_renditions"):
            renditions.refresh_field_renditions(
                self, field_name="photo", record_name="photo_renditions", spec=renditions.PORTRAIT
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def delete(self, *args, **kwargs):
        stale = renditions.names_in(self.photo_renditions)
        deleted = super().delete(*args, **kwargs)
        renditions.delete_renditions_on_commit(self.photo.storage, stale)
        return deleted

    @property
    def links(self):
        labelled = [
            ("Website", self.website),
            ("Mastodon", self.mastodon),
            ("Telegram", self.telegram),
        ]
        others = [(profile_label(url), url) for url in self.other_urls]
        return [(label, url) for label, url in labelled if url] + others

    @property
    def other_urls(self):
        return [line.strip() for line in self.other_profiles.splitlines() if line.strip()]

    @property
    def profile_urls(self):
        """Every public profile of the author, for `sameAs` in structured data."""
        return [url for _, url in self.links]


def _saves_field(save_kwargs, *field_names, also):
    """Whether a save(**save_kwargs) writes any of `field_names`; if it names its
    update_fields, `also` joins them."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is None:
        return True
    if not set(field_names) & set(update_fields):
        return False
    save_kwargs["update_fields"] = {*update_fields, also}
    return True


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """Articles the public may read: published, and their publication time has come."""
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=timezone.now())

    def latest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self):
        """What article cards show, fetched in a constant number of queries. Cards never
        show the body: leaving it (the row's longest columns) out keeps lists from reading
        it."""
        return (
            self.defer("body", "body_html")
            .select_related("section")
            .prefetch_related("authors")
            .annotate(comment_count=self._public_comment_count())
        )

    def _public_comment_count(self):
        # Comments live in the comments app, which depends on articles, never the reverse: they
        # are counted through the reverse `comments` relation, by that app's own definition
        # of what readers see (`visible_to_public()`), so nothing here knows its statuses. A
        # correlated subquery counts only the rows of a page; a JOIN + GROUP BY would
        # aggregate every article before LIMIT.
        comments = Article.comments.field.model.objects.visible_to_public()
        counted = (
            comments.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return Coalesce(Subquery(counted), 0)

    def search(self, query, *, max_words=SEARCH_MAX_WORDS):
        """Published articles matching `query` (see `articles.search.parse_query`) in the
        headline, standfirst, body, tag names or author names, as cards, best match first
        and newer first among equals; none for a query without words."""
        terms = parse_query(query, max_words=max_words)
        if not terms:
            return self.none()
        return search_backend().search(self.published().for_listing(), terms)

    def search_snippets(self, articles, query, *, max_words=SEARCH_MAX_WORDS):
        """{article id: HTML} of a few words of each body around what `query` matched, the
        text escaped and the matched words in <mark>, in one query for all `articles`."""
        terms = parse_query(query, max_words=max_words)
        article_ids = [article.pk for article in articles]
        if not terms or not article_ids:
            return {}
        snippets = search_backend().snippets(article_ids, terms)
        return {pk: highlighted(snippet) for pk, snippet in snippets.items()}

    def latest_per_section(self, count, *, sections, exclude=()):
        """The newest `count` articles of `self` in each of `sections`, newest first, as one
        query: each section's own LIMIT subquery walks its index and stops, where a sliced
        prefetch would number every article of every section first."""
        if not sections:
            return self.none()
        newest = self.exclude(pk__in=exclude).latest_first().values("pk")
        in_any = Q()
        for section in sections:
            in_any |= Q(pk__in=newest.filter(section=section)[:count])
        return self.filter(in_any).latest_first()

    def related_to(self, article, count):
        """The `count` published articles closest to `article`: first those sharing a tag
        and the section, then a tag (more specific than a section), then the section; newest
        first within each.

        Ranking every article that shares a tag or the section reads a large part of a big
        site, so the candidates are the newest `count` of each way of being related (sharing
        a tag and the section, a tag, the section): the first `count` of the ranking are
        always among them.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        through = Article.tags.through.objects
        candidates = Article.objects.published().exclude(pk=article.pk).latest_first().values("pk")
        in_section = candidates.filter(section=article.section_id)
        in_any = Q(pk__in=in_section[:count])
        if tag_ids:
            tagged = Q(pk__in=through.filter(tag__in=tag_ids).values("article_id"))
            in_any |= Q(pk__in=candidates.filter(tagged)[:count])
            in_any |= Q(pk__in=in_section.filter(tagged)[:count])
        shares_tag = Exists(through.filter(article=OuterRef("pk"), tag__in=tag_ids))
        same_section = Q(section=article.section_id)
        # The candidates are published already: filtering the outer query again would have
        # SQLite walk every published article instead of looking the candidates up.
        return (
            self.for_listing()
            .filter(in_any)
            .alias(
                relatedness=Case(
                    When(shares_tag & same_section, then=2), When(shares_tag, then=1), default=0
                )
            )
            .order_by("-relatedness", "-first_published_at", "-pk")[:count]
        )

    def editable_by(self, user):
        """Articles `user` may edit in the admin: all for editors, their own for writers."""
        if user.has_perm("articles.publish_article"):
            return self
        return self.filter(Q(created_by=user) | Q(authors__user=user)).distinct()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        help_text="The last part of the address; unique among articles published the same day.",
    )
    standfirst = models.TextField(
        "standfirst",
        max_length=400,
        blank=True,
        help_text="One or two sentences under the headline.",
    )
    body = MarkdownxField(
        max_length=BODY_MAX_LENGTH,
        help_text="Markdown. Drag an image into the box to upload it.",
    )
    body_html = models.TextField(editable=False, default="")

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        help_text="When a published article goes live. A future time schedules it; "
        "empty means now.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    publication_date = models.DateField(
        null=True, blank=True, editable=False, help_text="The date in the article's address."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # One more with every save, so a form can tell whether the article changed since it was
    # opened (articles/revisions: edit conflicts).
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    revised_at = models.DateTimeField(
        "updated (for readers)",
        null=True,
        blank=True,
        editable=False,
        help_text="When readers were last told the article changed: a substantive edit or a "
        "correction or update note. A typo fix leaves it.",
    )

    authors = models.ManyToManyField(Author, related_name="articles", blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)

    featured_image = models.ImageField(upload_to=featured_image_path, blank=True)
    featured_image_alt = models.CharField(
        "alt text", max_length=250, blank=True,
        help_text="Describe the image for readers who cannot see it. Required with an image.",
    )  # fmt: skip
    featured_image_caption = models.CharField("caption", max_length=300, blank=True)
    featured_image_credit = models.CharField("credit", max_length=120, blank=True)
    featured_image_focus_x = models.PositiveSmallIntegerField(
        "focal point across", default=50, validators=[MaxValueValidator(100)],
        help_text="Where the picture's subject is, in percent from the left edge (0) to the "
        "right (100). Crops for cards and shares keep it in view. Click the picture to set it.",
    )  # fmt: skip
    featured_image_focus_y = models.PositiveSmallIntegerField(
        "focal point down", default=50, validators=[MaxValueValidator(100)],
        help_text="In percent from the top (0) to the bottom (100).",
    )  # fmt: skip
    # What was made of the image and where (articles/renditions.py), so pages need no storage.
    featured_image_renditions = models.JSONField(default=dict, blank=True, editable=False)

    seo_title = models.CharField(
        "search and share title", max_length=100, blank=True,
        help_text="Replaces the headline in search results and share cards. About 60 "
        "characters show in search results (the site name is added). Empty: the headline.",
    )  # fmt: skip
    meta_description = models.CharField(
        "search and share description", max_length=300, blank=True,
        help_text="The summary under the title in search results and share cards. About 160 "
        "characters show. Empty: the standfirst.",
    )  # fmt: skip
    share_image = models.ImageField(
        upload_to=share_image_path, blank=True,
        width_field="share_image_width", height_field="share_image_height",
        help_text="Shown when the article is shared on social media, instead of the featured "
        "image. Best at 1200 × 630 pixels.",
    )  # fmt: skip
    share_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    share_image_alt = models.CharField(
        "share image alternative text", max_length=250, blank=True,
        help_text="Describe the share image for readers who cannot see it. Required with it.",
    )  # fmt: skip

    is_lead = models.BooleanField(
        "lead story", default=False, help_text="The newest published lead story tops the home page."
    )
    comments_open = models.BooleanField(default=True)
    reading_time = models.PositiveSmallIntegerField(editable=False, default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_article", "Can publish, schedule and withdraw articles")]
        constraints = [
            models.UniqueConstraint(
                fields=["publication_date", "slug"], name="article_unique_slug_per_day"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(publish_at__isnull=False),
                name="article_published_has_publish_at",
            ),
            models.CheckConstraint(
                condition=Q(featured_image_focus_x__lte=100, featured_image_focus_y__lte=100),
                name="article_focal_point_in_image",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_status_publish_idx"),
            models.Index(fields=["is_lead", "publish_at"], name="article_lead_publish_idx"),
            # Every public list sorts by it and the archives filter on it.
            models.Index(fields=["-first_published_at"], name="article_first_published_idx"),
            # The lists walk these in order and stop after a page: published() is checked in
            # the index (publish_at last), so no article row is read before it is shown.
            models.Index(
                fields=["status", "-first_published_at", "-id", "publish_at"],
                name="article_listing_idx",
            ),
            models.Index(
                fields=["section", "status", "-first_published_at", "-id", "publish_at"],
                name="article_section_listing_idx",
            ),
            # The sitemaps' last change: the newest edit of a published article.
            models.Index(
                fields=["status", "-updated_at", "publish_at"], name="article_recent_edits_idx"
            ),
            # Lookups by id from the tag and author tables read these columns here, not from
            # the article's row (where they sit after the long body).
            models.Index(
                fields=["id", "status", "publish_at", "first_published_at", "updated_at"],
                name="article_summary_idx",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.set_derived_fields(
            with_renditions=_saves_field(
                kwargs,
                "featured_image", "featured_image_focus_x", "featured_image_focus_y",
                also="featured_image_renditions",
            )
        )  # fmt: skip
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        # Counted by the database, so two saves from stale copies still count twice.
        known_version, self.edit_version = self.edit_version, models.F("edit_version") + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "edit_version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.edit_version = known_version
            raise
        self.refresh_from_db(fields=["edit_version"])

    def get_absolute_url(self):
        if self.publication_date is None:
            return reverse("articles:preview", kwargs={"pk": self.pk})
        return reverse(
            "articles:detail",
            kwargs={
                "year": self.publication_date.year,
                "month": f"{self.publication_date.month:02d}",
                "day": f"{self.publication_date.day:02d}",
                "slug": self.slug,
            },
        )

    def set_derived_fields(self, *, with_renditions=True):
        """What a save stores besides the fields as given: the body's HTML and reading time,
        the publication dates and (`with_renditions`) the featured image's renditions. Bulk
        writers (the WordPress import's `bulk_create`) call it in place of `save()`."""
        self.body_html = render_markdown(self.body)
        self.reading_time = max(1, math.ceil(plain_text_word_count(self.body) / WORDS_PER_MINUTE))
        if self.status == self.Status.PUBLISHED:
            self._set_publication_dates()
        if with_renditions:
            renditions.refresh_field_renditions(
                self,
                field_name="featured_image",
                record_name="featured_image_renditions",
                spec=renditions.FEATURED,
                focus=(self.featured_image_focus_x, self.featured_image_focus_y),
            )

    @property
    def share_title(self):
        """The title search engines and share cards show: the editor's override or the
        headline."""
        return self.seo_title.strip() or self.headline

    @property
    def share_description(self):
        return self.meta_description.strip() or self.standfirst.strip() or self.headline

    def delete(self, *args, **kwargs):
        stale = renditions.names_in(self.featured_image_renditions)
        deleted = super().delete(*args, **kwargs)
        renditions.delete_renditions_on_commit(self.featured_image.storage, stale)
        return deleted

    def clean(self):
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {"featured_image_alt": "Describe the image for readers who cannot see it."},
                code="alt_required",
            )
        if self.share_image and not self.share_image_alt.strip():
            raise ValidationError(
                {"share_image_alt": "Describe the share image for readers who cannot see it."},
                code="alt_required",
            )
        if self.status == self.Status.PUBLISHED:
            self._set_publication_dates()
            clash = (
                Article.objects.filter(publication_date=self.publication_date, slug=self.slug)
                .exclude(pk=self.pk)
                .exists()
            )
            if clash:
                raise ValidationError(
                    {"slug": "Another article published on %(date)s has this slug."},
                    code="slug_taken",
                    params={"date": self.publication_date},
                )

    def _set_publication_dates(self):
        """Fix the address date when the article first goes live; until then it follows
        the scheduled time, so rescheduling a story that is not yet public moves its URL."""
        if self.publish_at is None:
            self.publish_at = timezone.now()
        if self.first_published_at is None or self.first_published_at > timezone.now():
            self.first_published_at = self.publish_at
            self.publication_date = timezone.localdate(self.publish_at)

    def mark_revised(self, at=None):
        """Move the public "updated" time to `at` (default now), never back; the caller
        saves. Only an article readers have seen can be updated."""
        at = at or timezone.now()
        if self.first_published_at is not None and self.first_published_at <= at:
            self.revised_at = max(filter(None, [self.revised_at, at]))

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )

    is_published.boolean = True

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and self.publish_at > timezone.now()

    @property
    def modified_at(self):
        """When readers were last told the article changed (a substantive edit, a correction
        or update note), or its publication when that came later; typo fixes do not count."""
        return max(filter(None, [self.revised_at, self.first_published_at]), default=None)

    @property
    def last_edited_at(self):
        """Its last save of any kind, typo fixes too, or its publication when that came
        later (a scheduled story is saved before it appears): what crawlers re-read by."""
        return max(filter(None, [self.updated_at, self.first_published_at]), default=None)


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Notes readers see: those of published articles, their time come."""
        return self.filter(
            article__in=Article.objects.published(), published_at__lte=timezone.now()
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Correction(models.Model):
    """A dated correction or update note on an article, shown on its page, in the feeds and
    structured data, and on the site's corrections page. Stored through
    `services.correction_save`, which also tells readers the article changed."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(
        max_length=CORRECTION_MAX_LENGTH,
        validators=[MaxLengthValidator(CORRECTION_MAX_LENGTH)],  # forms alone check max_length
        help_text="What was wrong and what is right now, or what the update adds. Plain text, "
        f"at most {CORRECTION_MAX_LENGTH} characters.",
    )
    published_at = models.DateTimeField(
        "time", default=timezone.now, help_text="When readers were told; not in the future."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["published_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="correction_has_text"),
        ]
        indexes = [
            # The corrections page and feed list them newest first.
            models.Index(fields=["-published_at"], name="correction_published_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).chars(60)}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"

    def clean(self):
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError(
                {"text": ValidationError("Say what was corrected or updated.", code="required")}
            )
        if self.published_at and self.published_at > timezone.now() + CLOCK_SKEW:
            raise ValidationError(
                {
                    "published_at": ValidationError(
                        "A note cannot be dated in the future.", code="future"
                    )
                }
            )
        try:
            first_public = self.article.first_published_at
        except Article.DoesNotExist:
            first_public = None
        if first_public is None or first_public > timezone.now():
            raise ValidationError(
                "Notes go on articles readers have seen: publish the article first, or edit "
                "the draft itself.",
                code="not_public",
            )


class ArticleSearchEntry(models.Model):
    """An article's words as the search index holds them (see articles/search.py). The table
    is made by migration 0006: an FTS5 virtual table on SQLite, on PostgreSQL a table with
    a weighted `document` under a GIN index. Written by the search signals only."""

    article = models.OneToOneField(
        Article,
        primary_key=True,
        on_delete=models.CASCADE,
        db_column="rowid",  # FTS5's own row id
        db_constraint=False,
        related_name="search_entry",
    )
    headline = models.TextField()
    standfirst = models.TextField()
    keywords = models.TextField(help_text="Tag and author names.")
    body = models.TextField(help_text="The body as plain text.")
    document = SearchVectorField(null=True, help_text="PostgreSQL only; empty on SQLite.")

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return self.headline


class AnnouncementQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(
            Q(starts_at__isnull=True) | Q(starts_at__lte=now),
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            is_enabled=True,
        )


class Announcement(models.Model):
    """A site-wide banner, e.g. "Join our Telegram channel for breaking news"."""

    message = models.CharField(max_length=200)
    link_url = models.URLField("link", blank=True)
    link_text = models.CharField(max_length=60, blank=True, help_text="E.g. “Join the channel”.")
    starts_at = models.DateTimeField(null=True, blank=True, help_text="Empty means now.")
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty means until switched off."
    )
    is_enabled = models.BooleanField("enabled", default=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self):
        return self.message

    def is_active(self):
        """The same rule as `Announcement.objects.active()`, for one loaded banner."""
        now = timezone.now()
        return (
            self.is_enabled
            and (self.starts_at is None or self.starts_at <= now)
            and (self.ends_at is None or self.ends_at > now)
        )

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must come after the start."}, code="order")
        if self.link_url and not self.link_text:
            raise ValidationError({"link_text": "Give the link some text."}, code="link_text")


class SiteRedirect(Redirect):
    """contrib.redirects' redirect (old path → new path, or gone when the new path is empty),
    which answers 301 only, plus whether it is permanent: a temporary one answers 302.
    Redirects stored without this row (e.g. by another tool) are permanent."""

    permanent = models.BooleanField(
        "permanent (301)",
        default=True,
        help_text="Permanent for an address that moved for good (search engines move to the "
        "new one); untick for a temporary detour (302), e.g. to a live page during an event.",
    )

    class Meta:
        verbose_name = "redirect"
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.new_path or '(gone)'}"

    @property
    def status_code(self):
        if not self.new_path:
            return 410
        return 301 if self.permanent else 302

    def clean(self):
        if not self.old_path.startswith("/"):
            raise ValidationError(
                {"old_path": "Start with “/”: the address on this site, without the domain."},
                code="old_path_relative",
            )
        if self.new_path and not self.new_path.startswith(("/", "https://", "http://")):
            raise ValidationError(
                {"new_path": "Start with “/” for this site, or with https:// for another."},
                code="new_path_scheme",
            )
        if self.new_path == self.old_path:
            raise ValidationError(
                {"new_path": "An address cannot redirect to itself."}, code="redirect_loop"
            )
        onward = Redirect.objects.filter(site=self.site_id, old_path=self.new_path)
        if self.new_path and onward.filter(new_path=self.old_path).exists():
            raise ValidationError(
                {"new_path": "%(new)s already redirects to %(old)s: that would be a loop."},
                code="redirect_loop",
                params={"new": self.new_path, "old": self.old_path},
            )
