"""WordPress authors, categories, tags and posts as newsapp authors, sections, topic tags and
articles; what each WordPress id became is remembered (`ImportedItem`)."""

import hashlib
import html
import json
from datetime import datetime
from urllib.parse import unquote, urlsplit

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles.markdown import BODY_MAX_LENGTH
from articles.models import Article, Author, Section, Tag

from .batches import ArticleWriter, QueuedPost, has_been_public
from .content import comment_text, html_to_markdown
from .images import UPLOADS
from .models import ImportedItem
from .old_urls import author_paths, site_path, term_paths
from .scan import login_of
from .wxr import Author as WXRAuthor
from .wxr import Term, WXRError

STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
PRIMARY_CATEGORY_META = "_yoast_wpseo_primary_category"
DEFAULT_CATEGORY = "uncategorized"
HEADLINE_MAX = Article._meta.get_field("headline").max_length
SLUG_MAX = Article._meta.get_field("slug").max_length
# A batch is stored in a few queries whatever its size; its items (with their comments) are
# what the import holds in memory.
BATCH_POSTS = 200
BATCH_COMMENTS = 5000
STANDFIRST_MAX = Article._meta.get_field("standfirst").max_length


def fingerprint(*parts):
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def plain(text, limit):
    """HTML or entity-laden text as plain words, cut at a word boundary under `limit`."""
    words = " ".join(html.unescape(comment_text(text)).split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


class PostImporter:
    """Authors, sections, tags and articles of one export, in one run."""

    def __init__(self, *, plan, summary, images, redirects, default_section=None):
        self.channel, self.plan, self.summary = plan.channel, plan, summary
        self.source = self.channel.source
        self.images, self.redirects = images, redirects
        self.default_section = default_section
        self.old_hosts = {
            (urlsplit(url).hostname or "").lower()
            for url in (self.channel.link, self.channel.base_blog_url)
            if url
        } - {""}
        self.content_types = {
            model: ContentType.objects.get_for_model(model)
            for model in (Author, Section, Tag, Article)
        }
        self.mapped = {}  # (kind, wp id) -> ImportedItem of this source's authors and terms
        for item in ImportedItem.objects.filter(
            source=self.source, kind__in=[ImportedItem.Kind.USER, ImportedItem.Kind.TERM]
        ):
            self.mapped[(item.kind, item.wp_id)] = item
        self.authors = {}  # login -> Author
        self.known_authors = {author.login: author for author in self.channel.authors}
        self.terms = {(term.kind, term.slug): term for term in self.channel.terms}
        self.sections, self.tags = {}, {}  # term slug -> Section / Tag
        self.queue, self.queued_comments = [], 0

    # Authors

    def import_authors(self):
        for author in self.channel.authors:
            self._author(author)

    def _author(self, wxr_author):
        login = wxr_author.login
        if login in self.authors:
            return self.authors[login]
        details = {"login": login, "email": wxr_author.email, "wp_id": wxr_author.wp_id}
        mark = fingerprint(wxr_author.name, wxr_author.bio, details)
        mapped = self.mapped.get((ImportedItem.Kind.USER, login))
        author = self._local(mapped, Author)
        if author is not None and mapped.fingerprint == mark:
            self.summary.skip("authors", "unchanged since the last import")
        elif author is not None:
            author.name, author.bio = wxr_author.name[:120], wxr_author.bio or author.bio
            author.save()
            self.summary.update("authors")
        else:
            author = Author(name=wxr_author.name[:120], bio=wxr_author.bio)
            author.slug = _free_slug(Author, slugify(unquote(login)) or "author")
            _create(author)
            self.summary.create("authors")
        if mapped is None or mapped.fingerprint != mark or mapped.object_id != author.pk:
            self._remember(ImportedItem.Kind.USER, login, author, mark, details, mapped)
            pages, feeds = author_paths(login, wxr_author.wp_id)
            self.redirects.add(pages, author.get_absolute_url())
            self.redirects.add(feeds, reverse("articles:author-feed", args=[author.slug]))
        self.authors[login] = author
        return author

    # Categories and tags

    def _category_chain(self, slug):
        """The category `slug` and its ancestors, top-level first (cycles cut)."""
        chain, seen = [], set()
        while slug and slug not in seen:
            seen.add(slug)
            term = self.terms.get(("category", slug))
            chain.append(term or Term(kind="category", slug=slug, name=slug))
            slug = term.parent_slug if term else ""
        return list(reversed(chain))

    def _section(self, term, path):
        if term.slug in self.sections:
            return self.sections[term.slug]
        mapped = self.mapped.get((ImportedItem.Kind.TERM, f"section:{term.slug}"))
        section = self._local(mapped, Section)
        if section is None:
            slug = slugify(unquote(term.slug)) or slugify(term.name) or f"section-{term.wp_id}"
            name = html.unescape(term.name)[:80]
            section = Section.objects.filter(Q(slug=slug[:80]) | Q(name=name)).first()
            if section is None:
                section = _create(
                    Section(name=name, slug=slug[:80], description=plain(term.description, 2000))
                )
                self.summary.create("sections")
            else:
                self.summary.skip("sections", "a section of that name or slug exists (used)")
            self._remember(ImportedItem.Kind.TERM, f"section:{term.slug}", section, "", {}, mapped)
            pages, feeds = term_paths("category", path, term.wp_id)
            self.redirects.add(pages, section.get_absolute_url())
            self.redirects.add(feeds, reverse("articles:section-feed", args=[section.slug]))
        else:
            self.summary.skip("sections", "unchanged since the last import")
        self.sections[term.slug] = section
        return section

    def _tag(self, term, path=None):
        key = f"{term.kind}:{term.slug}"
        if key in self.tags:
            return self.tags[key]
        mapped = self.mapped.get((ImportedItem.Kind.TERM, key))
        tag = self._local(mapped, Tag)
        if tag is None:
            slug = (slugify(unquote(term.slug)) or slugify(term.name) or f"tag-{term.wp_id}")[:100]
            tag = Tag.objects.filter(slug=slug).first()
            if tag is None:
                tag = _create(
                    Tag(
                        name=html.unescape(term.name)[:100],
                        slug=slug,
                        description=plain(term.description, 2000),
                    )
                )
                self.summary.create("tags")
            else:
                self.summary.skip("tags", "a tag with that slug exists (used)")
            self._remember(ImportedItem.Kind.TERM, key, tag, "", {}, mapped)
            pages, feeds = term_paths(term.kind, path or [term.slug], term.wp_id)
            self.redirects.add(pages, tag.get_absolute_url())
            self.redirects.add(feeds, reverse("articles:tag-feed", args=[tag.slug]))
        else:
            self.summary.skip("tags", "unchanged since the last import")
        self.tags[key] = tag
        return tag

    def _section_and_tags(self, item):
        categories, tags = [], []
        for domain, nicename, name in item.categories:
            if domain in ("category", ""):
                slug = nicename or slugify(name)
                if slug and ("category", slug) not in self.terms:
                    self.terms[("category", slug)] = Term(kind="category", slug=slug, name=name)
                categories.append(slug)
            elif domain == "post_tag" and (nicename or name):
                slug = nicename or slugify(name)
                term = self.terms.get(("post_tag", slug)) or Term("post_tag", slug, name or slug)
                tags.append(self._tag(term))
        categories = list(dict.fromkeys(slug for slug in categories if slug))
        primary = self._primary_category(item, categories)
        if primary is None and self.default_section is not None:
            return self.default_section, tags
        if primary is None:
            # WordPress shows a post without categories in its default category.
            primary = DEFAULT_CATEGORY
            if ("category", primary) not in self.terms:
                self.terms[("category", primary)] = Term("category", primary, "Uncategorized")
        chain = self._category_chain(primary)
        section_slug = chain[0].slug
        section = self._section(chain[0], [section_slug])
        for slug in categories:
            chain = self._category_chain(slug)
            for depth, term in enumerate(chain):
                if depth == 0 and term.slug == chain[0].slug == section_slug:
                    continue
                if term.slug != DEFAULT_CATEGORY:
                    tags.append(self._tag(term, [t.slug for t in chain[: depth + 1]]))
        return section, list(dict.fromkeys(tags))

    def _primary_category(self, item, categories):
        wanted = item.meta.get(PRIMARY_CATEGORY_META, "")
        for slug in categories:
            term = self.terms.get(("category", slug))
            if term and wanted and str(term.wp_id) == wanted:
                return slug
        named = [slug for slug in categories if slug != DEFAULT_CATEGORY]
        return (named or categories or [None])[0]

    # Posts

    def add(self, item):
        """Queue `item` for the next batch (`flush`) if it is a post to import; False (and
        counted) if it is not one."""
        if item.post_type == "page":
            self.summary.skip("pages", "newsapp has no pages (add them by hand)")
            return False
        if item.post_type == "attachment":
            return False
        if item.post_type != "post":
            self.summary.skip("articles", f"not a post ({item.post_type})")
            return False
        if item.status not in STATUSES:
            self.summary.skip("articles", f"WordPress status “{item.status}”")
            return False
        creator = login_of(item.creator) or (
            self.channel.authors[0].login if self.channel.authors else ""
        )
        authors = []
        if creator:
            authors.append(self._author(self.known_authors.get(creator) or WXRAuthor(creator)))
        section, tags = self._section_and_tags(item)
        thumbnail = item.meta.get("_thumbnail_id", "")
        mark = fingerprint(
            item.title, item.slug, item.content, item.excerpt, item.date, item.local_date,
            item.modified, item.status, item.password, item.is_sticky, item.comment_status,
            item.categories, creator, thumbnail, section.pk, [tag.pk for tag in tags],
            self.images.state,
        )  # fmt: skip
        self.queue.append(QueuedPost(item, authors, section, tags, thumbnail, mark))
        self.queued_comments += len(item.comments)
        return True

    def is_full(self):
        return len(self.queue) >= BATCH_POSTS or self.queued_comments >= BATCH_COMMENTS

    def flush(self):
        """Store the queued posts as articles, a few queries for the whole batch; returns
        (item, article or None when it was not imported, whether it is new) for each."""
        queue, self.queue, self.queued_comments = self.queue, [], 0
        if not queue:
            return []
        mapped = {
            entry.wp_id: entry
            for entry in ImportedItem.objects.filter(
                source=self.source,
                kind=ImportedItem.Kind.POST,
                wp_id__in=[str(post.item.wp_id) for post in queue],
            )
        }
        local = Article.objects.in_bulk(
            [entry.object_id for entry in mapped.values() if entry.object_id is not None]
        )
        results, written = [], []
        for post in queue:
            post.mapped = mapped.get(str(post.item.wp_id))
            if post.mapped is not None:
                post.article = local.get(post.mapped.object_id)
            article = self._prepare(post)
            if article is not None and post.was_new is not None:
                written.append(post)
            results.append((post.item, article, bool(post.was_new)))
        if written:
            ArticleWriter(self.summary, self.redirects, self.content_types[Article]).write(
                written, source=self.source
            )
        return results

    def _prepare(self, post):
        """`post`'s article filled in as the export has it (not yet stored); the article as
        it is when nothing changed (`post.was_new` None), or None when it is not imported."""
        item, article = post.item, post.article
        if post.mapped is not None and article is None:
            self.summary.skip("articles", "deleted on this site since the last import")
            return None
        if article is not None and post.mapped.fingerprint == post.mark:
            self.summary.skip("articles", "unchanged since the last import")
            return article
        body = html_to_markdown(
            item.content,
            resolve_url=self.resolve_url,
            gallery=lambda ids: self._gallery(item, ids),
        )
        if len(body) > BODY_MAX_LENGTH:
            self.summary.skip(
                "articles",
                f"body over {BODY_MAX_LENGTH:,} characters once converted (split it by hand)",
            )
            self.summary.note(f"too long to import: {item.label} (line {item.line})")
            return None
        post.was_new = article is None
        if article is not None:
            post.old_url = article.get_absolute_url() if has_been_public(article) else None
        article = post.article = article or Article()
        self._fill(post, body)
        thumbnail = post.thumbnail
        if thumbnail.isdigit() and (
            post.was_new or post.mapped.details.get("thumbnail") != thumbnail
        ):
            self._featured_image(article, item, int(thumbnail))
        try:
            # The slug (unique per day) is given with the batch and the section was just
            # read; the constraints hold by construction (a published article has its
            # time, the focal point is in range). No query per article.
            article.clean_fields(exclude=["body", "slug", "section"])
        except ValidationError as error:
            raise WXRError(
                f"It cannot be saved as an article: {' '.join(error.messages)}",
                line=item.line,
                item=item.label,
            ) from None
        return article

    def _fill(self, post, body):
        item, article = post.item, post.article
        article.headline = plain(item.title, HEADLINE_MAX) or f"Untitled ({item.wp_id})"
        article.standfirst = plain(item.excerpt, STANDFIRST_MAX)
        article.body = body
        article.section = post.section
        article.is_lead = item.is_sticky
        article.comments_open = item.comment_status != "closed"
        article.status = STATUSES[item.status]
        if item.password:
            article.status = Article.Status.DRAFT
        article.publish_at = item.date or _aware(item.local_date)
        if article.status == Article.Status.PUBLISHED and article.publish_at is None:
            article.publish_at = timezone.now()
        wanted = slugify(unquote(item.slug)) or slugify(plain(item.title, 100))
        post.wanted_slug = (wanted or f"post-{item.wp_id}")[:SLUG_MAX]

    def _featured_image(self, article, item, wp_id):
        attachment = self.plan.attachments.get(wp_id)
        cleaned = self.images.featured_file(wp_id) if attachment else None
        if cleaned is None:
            self.summary.note("featured images not imported (missing or unreadable file)")
            return
        article.featured_image_alt = (
            plain(attachment.alt, 250) or plain(attachment.title, 250) or article.headline[:250]
        )
        article.featured_image_caption = plain(attachment.caption, 300)
        if self.images.dry_run:
            return
        article.featured_image.save(cleaned.name, cleaned, save=False)
        self.images.stored_names.append(article.featured_image.name)

    def _gallery(self, item, ids):
        ids = ids or self.plan.attachments_by_parent.get(item.wp_id, [])
        images = []
        for wp_id in ids:
            attachment = self.plan.attachments.get(wp_id)
            if attachment is None:
                continue
            src = self.resolve_url(attachment.url)
            alt = plain(attachment.alt, 250) or plain(attachment.title, 250)
            images.append((src, alt, plain(attachment.caption, 300)))
        return images

    def resolve_url(self, url):
        """An image's new address; a link to the old site as a path here (where its redirect
        answers); anything else unchanged."""
        new = self.images.new_url(url)
        if new:
            return new
        parts = urlsplit(url)
        on_old_site = (parts.hostname or "").lower() in self.old_hosts
        # An upload not imported stays where it is: the old site may still serve it.
        if parts.scheme in ("http", "https") and on_old_site and UPLOADS not in parts.path:
            return site_path(url) + (f"#{parts.fragment}" if parts.fragment else "")
        return url

    # The mapping

    def _local(self, mapped, model):
        if mapped is None or mapped.object_id is None:
            return None
        return model.objects.filter(pk=mapped.object_id).first()

    def _remember(self, kind, wp_id, obj, mark, details, mapped):
        mapped = mapped or ImportedItem(source=self.source, kind=kind, wp_id=wp_id)
        mapped.content_type = self.content_types[type(obj)]
        mapped.object_id, mapped.fingerprint, mapped.details = obj.pk, mark, details
        mapped.save()
        self.mapped[(kind, wp_id)] = mapped


def _create(obj):
    """Insert a new author, section or tag sending no signal: the import tells the page cache
    once at its end, and nothing of the new row is in the search index yet."""
    return type(obj).objects.bulk_create([obj])[0]


def _free_slug(model, wanted):
    wanted = wanted[:100]
    taken = set(model.objects.filter(slug__startswith=wanted).values_list("slug", flat=True))
    slug, number = wanted, 1
    while slug in taken:
        number += 1
        slug = f"{wanted}-{number}"
    return slug


def _aware(local):
    if local is None:
        return None
    if not isinstance(local, datetime):
        return None
    return timezone.make_aware(local) if timezone.is_naive(local) else local
