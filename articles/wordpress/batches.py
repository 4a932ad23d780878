"""Storing a batch of imported posts as articles in a few queries for the lot, whatever its
size: slugs checked against the site once, each article's derived fields (rendered body,
reading time, publication dates) computed in Python, then one `bulk_create` for the new
articles, one `bulk_update` for the changed ones, and their authors, tags, search rows, old
addresses and WordPress ids written the same way. It runs inside the import's transaction,
so a failure leaves nothing of the batch behind.

What `articles.services.article_save` does for one article is done here for many: an
article readers could open that moves to a new address leaves a permanent redirect."""

from dataclasses import dataclass

from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db.models import F
from django.utils import timezone

from articles.models import Article
from articles.search import reindex

from .models import ImportedItem
from .old_urls import post_paths

SLUG_MAX = Article._meta.get_field("slug").max_length
# What an import writes of an article that exists already (the rest is the editors').
IMPORTED_FIELDS = [
    "headline", "standfirst", "body", "body_html", "reading_time", "section", "is_lead",
    "comments_open", "status", "publish_at", "first_published_at", "publication_date", "slug",
    "featured_image", "featured_image_alt", "featured_image_caption",
    "featured_image_renditions", "updated_at", "edit_version",
]  # fmt: skip


@dataclass
class QueuedPost:
    """A post of the export waiting for its batch, with what it maps to here."""

    item: object
    authors: list
    section: object
    tags: list
    thumbnail: str
    mark: str
    mapped: ImportedItem | None = None
    article: Article | None = None
    was_new: bool | None = None  # None: nothing to write
    old_url: str | None = None  # the address readers knew, for an article that exists
    wanted_slug: str = ""


def has_been_public(article):
    published = article.first_published_at
    return article.publication_date is not None and published and published <= timezone.now()


class ArticleWriter:
    def __init__(self, summary, redirects, content_type):
        self.summary, self.redirects, self.content_type = summary, redirects, content_type

    def write(self, posts, *, source):
        """Store the filled-in articles of `posts` (new and changed)."""
        self._give_slugs(posts)
        for post in posts:
            article = post.article
            article.set_derived_fields(
                with_renditions=bool(article.featured_image or article.featured_image_renditions)
            )
        new = [post for post in posts if post.was_new]
        changed = [post for post in posts if not post.was_new]
        Article.objects.bulk_create([post.article for post in new])
        now = timezone.now()
        for post in posts:
            # The last change as WordPress knew it, not the time of the import.
            post.article.updated_at = post.item.modified or post.article.first_published_at or now
        for post in changed:
            post.article.edit_version = F("edit_version") + 1
        Article.objects.bulk_update([post.article for post in new], ["updated_at"])
        Article.objects.bulk_update([post.article for post in changed], IMPORTED_FIELDS)
        self._relations(posts, changed)
        reindex([post.article.pk for post in posts])
        self._remember(posts, source, now)
        self._moved(changed)
        for post in posts:
            self.summary.create("articles") if post.was_new else self.summary.update("articles")
            if post.item.password:
                self.summary.note("password-protected posts imported as drafts")
            if post.article.status == Article.Status.PUBLISHED:
                self.redirects.add(post_paths(post.item), post.article.get_absolute_url())

    def _give_slugs(self, posts):
        """Each article its wanted slug, or with -2, -3… when another article of the same
        day has it (on the site, or earlier in this batch)."""
        days = {}
        for post in posts:
            article = post.article
            if article.status != Article.Status.PUBLISHED or article.first_published_at:
                days[id(post)] = article.publication_date
            else:
                days[id(post)] = timezone.localdate(article.publish_at)
        on_site = {}
        for pk, day, slug in Article.objects.filter(
            publication_date__in={day for day in days.values() if day},
            slug__in={post.wanted_slug for post in posts},
        ).values_list("pk", "publication_date", "slug"):
            on_site.setdefault((day, slug), set()).add(pk)
        claimed = set()  # (day, slug) given in this batch
        for post in posts:
            day, wanted = days[id(post)], post.wanted_slug
            if day is None:
                post.article.slug = wanted
                continue
            others = on_site.get((day, wanted), set()) - {post.article.pk}
            slug = wanted
            if others or (day, wanted) in claimed:
                slug = self._numbered(post.article, day, wanted, claimed)
            claimed.add((day, slug))
            post.article.slug = slug

    def _numbered(self, article, day, wanted, claimed):
        taken = set(
            Article.objects.filter(publication_date=day, slug__startswith=wanted)
            .exclude(pk=article.pk)
            .values_list("slug", flat=True)
        ) | {slug for claimed_day, slug in claimed if claimed_day == day}
        slug, number = wanted, 1
        while slug in taken:
            number += 1
            slug = f"{wanted[: SLUG_MAX - 8]}-{number}"
        self.summary.note("slugs given a number: another article that day had the slug")
        return slug

    def _relations(self, posts, changed):
        """Authors and tags as the export has them: rows added and removed, not rewritten."""
        changed_ids = [post.article.pk for post in changed]
        for relation, wanted_of in (
            (Article.authors, lambda post: post.authors),
            (Article.tags, lambda post: post.tags),
        ):
            through = relation.through
            other = relation.field.m2m_reverse_field_name()  # "author" or "tag"
            wanted = {(post.article.pk, obj.pk) for post in posts for obj in wanted_of(post)}
            existing = {}
            if changed_ids:
                rows = through.objects.filter(article_id__in=changed_ids)
                for pk, article_id, other_id in rows.values_list("pk", "article_id", f"{other}_id"):
                    existing[(article_id, other_id)] = pk
            stale = [pk for pair, pk in existing.items() if pair not in wanted]
            if stale:
                through.objects.filter(pk__in=stale).delete()
            through.objects.bulk_create(
                [
                    through(article_id=article_id, **{f"{other}_id": other_id})
                    for article_id, other_id in sorted(wanted)
                    if (article_id, other_id) not in existing
                ]
            )

    def _remember(self, posts, source, now):
        new_entries, changed_entries = [], []
        for post in posts:
            details = {"link": post.item.link, "thumbnail": post.thumbnail}
            entry = post.mapped or ImportedItem(
                source=source, kind=ImportedItem.Kind.POST, wp_id=str(post.item.wp_id)
            )
            entry.content_type, entry.object_id = self.content_type, post.article.pk
            entry.fingerprint, entry.details, entry.updated_at = post.mark, details, now
            (changed_entries if post.mapped else new_entries).append(entry)
        ImportedItem.objects.bulk_create(new_entries)
        ImportedItem.objects.bulk_update(
            changed_entries, ["content_type", "object_id", "fingerprint", "details", "updated_at"]
        )

    def _moved(self, changed):
        """An article readers could open that moved: its old address leads to the new one
        for good, and nothing leads away from the new one."""
        moves = {}
        for post in changed:
            new_url = post.article.get_absolute_url()
            if post.old_url and post.old_url != new_url:
                moves[post.old_url] = new_url
        if not moves:
            return
        site = Site.objects.get_current()
        Redirect.objects.filter(site=site, old_path__in=list(moves.values())).delete()
        for old_url, new_url in moves.items():
            self.redirects.add([old_url], new_url)
