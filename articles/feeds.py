"""RSS 2.0 and Atom 1.0 feeds of the newest published articles: the whole site, a section, a
tag, an author.

Each item carries its headline, link, summary (the standfirst), the full text when
FEED_FULL_TEXT is on (RSS `content:encoded`, Atom `content`), every author with their page, the
section and tags as categories, the first-published and last-changed times, and the featured
image as an enclosure and as Media RSS `media:content` (address, MIME type, size in bytes).

Items show their correction and update notes after the summary, and say when they last
changed for readers (Atom `updated`, RSS `atom:updated`); `/corrections/feed/` lists the notes
themselves.

Feed readers poll; `feed_view` answers a poll that changed nothing with a 304 for one small
query, or none while the reader page cache holds the feed (which changes as soon as an
article does, see articles/caching.py).
"""

import hashlib
import html
import mimetypes
import re
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import dateformat, feedgenerator, timezone
from django.utils.cache import get_conditional_response
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.http import http_date
from django.utils.text import Truncator
from django.views.decorators.http import conditional_page, require_safe

from . import renditions
from .caching import cache_for_readers
from .models import Article, Author, Correction, Section, Tag

FEED_SIZE = 20
# A summary made from the body when there is no standfirst: this many words, taken from the
# start of the body only, so a 100,000-character body costs no more than a short one.
SUMMARY_WORDS = 50
SUMMARY_SOURCE_CHARS = 4000
# Bump when what the feeds write changes, so readers holding an old ETag get the new form.
FEED_FORMAT_VERSION = 3
# C0 control characters XML 1.0 cannot hold. Word processors paste a vertical tab for a line
# break, and Django refuses to write any of them into a feed (a 500 for every subscriber).
XML_UNSAFE_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_RSS_NS = "http://search.yahoo.com/mrss/"


def xml_safe(value):
    """`value` (a feed's or an item's field: text, a list of them, a date...) with the
    characters XML cannot hold turned into spaces."""
    if isinstance(value, str):
        return XML_UNSAFE_RE.sub(" ", value)
    if isinstance(value, list | tuple):
        return [xml_safe(part) for part in value]
    return value


# Feed formats. Django writes one author per item and no full text or Media RSS; these add
# them, from the item fields `authors`, `content` and `media` (see ArticleFeed.item_extra_kwargs).


class NewsRssFeed(feedgenerator.Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": DUBLIN_CORE_NS,
            "xmlns:content": CONTENT_NS,
            "xmlns:media": MEDIA_RSS_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        # RSS has no element for the last change; feed readers read Atom's (its namespace is
        # declared for the self link).
        if item["updateddate"] and item["updateddate"] != item["pubdate"]:
            handler.addQuickElement("atom:updated", feedgenerator.rfc3339_date(item["updateddate"]))
        # RSS's own <author> must be an email address; Dublin Core names each author.
        for name, _ in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["content"] is not None:
            handler.addQuickElement("content:encoded", item["content"])
        add_media_content(handler, item["media"])


class NewsAtomFeed(feedgenerator.Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, page in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", page)
            handler.endElement("author")
        if item["content"] is not None:
            handler.addQuickElement("content", item["content"], {"type": "html"})
        add_media_content(handler, item["media"])


def add_media_content(handler, media):
    if media is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": media["url"],
            "type": media["mime_type"],
            "fileSize": media["length"],
            "medium": "image",
        },
    )
    # No media:description for the alt text: feedparser, and the readers built on it, would
    # take it for the entry's content.
    if media["credit"]:
        handler.addQuickElement("media:credit", media["credit"])
    handler.endElement("media:content")


# Feeds


class LatestArticlesFeed(Feed):
    """The newest published articles of the whole site, as RSS 2.0."""

    feed_type = NewsRssFeed
    url_name = "articles:feed"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = {key: xml_safe(value) for key, value in feed.feed.items()}
        feed.items = [{key: xml_safe(value) for key, value in item.items()} for item in feed.items]
        return feed

    def title(self):
        return settings.SITE_NAME

    def link(self):
        return absolute_url(reverse("articles:home"))

    def description(self):
        return settings.SITE_TAGLINE

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return self.articles()[:FEED_SIZE]

    def articles(self):
        return (
            Article.objects.published()
            .select_related("section")
            .prefetch_related("authors", "tags", "corrections")
            .latest_first()
        )

    def changes(self, **url_kwargs):
        """Every article this feed could show, in any state: what `feed_view` watches."""
        return Article.objects.all()

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        """The summary as HTML, followed by the article's correction and update notes."""
        summary = self.item_summary(item)
        corrections = item.corrections.all()
        if not corrections:
            return summary
        return f"<p>{summary}</p>" + "".join(correction_html(note) for note in corrections)

    def item_summary(self, item):
        """The standfirst, or the body's first words without one, as HTML."""
        if item.standfirst:
            return escape(item.standfirst)
        start = item.body_html[:SUMMARY_SOURCE_CHARS]
        # Drop a tag cut in half (the sanitizer writes every "<" and ">" in text as entities).
        if start.rfind("<") > start.rfind(">"):
            start = start[: start.rfind("<")]
        text = html.unescape(strip_tags(start))
        return escape(Truncator(text).words(SUMMARY_WORDS))

    def item_guid(self, item):
        """A tag URI (RFC 4151) that stays the same when the article's slug or date is
        corrected, so readers do not show it again as a new story."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.first_published_at:%Y-%m-%d}:article:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.modified_at

    def item_categories(self, item):
        return [item.section.name, *(tag.name for tag in item.tags.all())]

    def item_enclosures(self, item):
        image = featured_image(item)
        if image is None:
            return []
        return [feedgenerator.Enclosure(image["url"], image["length"], image["mime_type"])]

    def item_extra_kwargs(self, item):
        return {
            "authors": [
                (author.name, absolute_url(author.get_absolute_url()))
                for author in item.authors.all()
            ],
            "content": full_text(item) if settings.FEED_FULL_TEXT else None,
            "media": featured_image(item),
        }


class ArticlesOfFeed(LatestArticlesFeed):
    """The newest published articles of one section, tag or author, found by its slug."""

    lookup_model = None  # Section, Tag or Author
    article_field = None  # the Article field that points to it

    def get_object(self, request, slug):
        return get_object_or_404(self.lookup_model, slug=slug)

    def title(self, owner):
        return f"{owner.name} · {settings.SITE_NAME}"

    def link(self, owner):
        return absolute_url(owner.get_absolute_url())

    def feed_url(self, owner):
        return absolute_url(reverse(self.url_name, kwargs={"slug": owner.slug}))

    def items(self, owner):
        return self.articles().filter(**{self.article_field: owner})[:FEED_SIZE]

    def changes(self, *, slug):
        return Article.objects.filter(**{f"{self.article_field}__slug": slug})


class SectionFeed(ArticlesOfFeed):
    lookup_model, article_field, url_name = Section, "section", "articles:section-feed"

    def description(self, section):
        return section.description or f"The latest {section.name} reporting."


class TagFeed(ArticlesOfFeed):
    lookup_model, article_field, url_name = Tag, "tags", "articles:tag-feed"

    def description(self, tag):
        return tag.description or f"The latest reporting on {tag.name}."


class AuthorFeed(ArticlesOfFeed):
    lookup_model, article_field, url_name = Author, "authors", "articles:author-feed"

    def description(self, author):
        return f"The latest articles by {author.name}."


class CorrectionsFeed(LatestArticlesFeed):
    """The newest correction and update notes of the whole site, each linking to its place
    in the article."""

    url_name = "articles:corrections-feed"

    def title(self):
        return f"Corrections and updates · {settings.SITE_NAME}"

    def link(self):
        return absolute_url(reverse("articles:corrections"))

    def description(self):
        return f"Every correction and update {settings.SITE_NAME} makes to its articles."

    def items(self):
        return (Correction.objects.public().select_related("article__section").newest_first())[
            :FEED_SIZE
        ]

    def changes(self, **url_kwargs):
        # A note is saved with its article (services.correction_save), so the edit times of
        # the articles with notes move with every note.
        return Article.objects.filter(Exists(Correction.objects.filter(article=OuterRef("pk"))))

    def item_title(self, item):
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        return linebreaks(item.text, autoescape=True)

    def item_guid(self, item):
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"tag:{host},{item.created_at:%Y-%m-%d}:correction:{item.pk}"

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.article.section.name]

    def item_enclosures(self, item):
        return []

    def item_extra_kwargs(self, item):
        return {"authors": [], "content": None, "media": None}


class AtomFeedMixin:
    """The same feed as Atom 1.0, at its own address."""

    feed_type = NewsAtomFeed

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)


class LatestArticlesAtomFeed(AtomFeedMixin, LatestArticlesFeed):
    url_name = "articles:feed-atom"


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    url_name = "articles:section-feed-atom"


class TagAtomFeed(AtomFeedMixin, TagFeed):
    url_name = "articles:tag-feed-atom"


class AuthorAtomFeed(AtomFeedMixin, AuthorFeed):
    url_name = "articles:author-feed-atom"


class CorrectionsAtomFeed(AtomFeedMixin, CorrectionsFeed):
    url_name = "articles:corrections-feed-atom"


# Item parts


def absolute_url(path):
    """Feeds are read away from the site: every address in them is the public one, SITE_URL,
    as in canonical links, whichever host name the feed was fetched by. Media in object
    storage or on a CDN already have their own."""
    if urlsplit(path).scheme in {"http", "https"}:
        return path
    return f"{settings.SITE_URL}{path}"


def correction_html(correction):
    """A correction or update note as a feed item shows it: its kind, time and text."""
    when = dateformat.format(timezone.localtime(correction.published_at), "j F Y, H:i T")
    return (
        f"<p><strong>{escape(correction.get_kind_display())}, {escape(when)}:</strong> "
        f"{escape(correction.text)}</p>"
    )


def full_text(article):
    # Feed readers cannot resolve the site-relative image and link addresses of the body.
    return article.body_html.replace('src="/', f'src="{settings.SITE_URL}/').replace(
        'href="/', f'href="{settings.SITE_URL}/'
    )


def featured_image(article):
    """The featured image as a feed describes it ({url, mime_type, length, credit}), or
    None without one. Its size and type come from the record of its renditions; an image
    without one (its renditions failed) is measured in storage, and left out when its file
    is gone (a feed without the picture beats a 500)."""
    if not article.featured_image:
        return None
    if stored := renditions.original(article):
        length, mime_type = stored.byte_size, stored.mime_type
    else:
        try:
            length = article.featured_image.size
        except OSError:
            return None
        mime_type, _ = mimetypes.guess_type(article.featured_image.name)
    return {
        "url": absolute_url(article.featured_image.url),
        "mime_type": mime_type or "application/octet-stream",
        "length": str(length),
        "credit": article.featured_image_credit,
    }


# Conditional GET


def feed_view(feed):
    """`feed` as a view for readers: GET and HEAD only, from the reader page cache, with an
    ETag and Last-Modified, and a 304 when the reader already has what it would get.

    Outside the cache, one aggregate over the articles the feed could show tells whether
    anything changed (see `feed_validators`) before the feed is built. A feed served from the
    cache carries the ETag it was made with, which `conditional_page` compares without a query.
    """

    @wraps(feed)
    def view(request, **url_kwargs):
        etag, last_modified = feed_validators(feed.changes(**url_kwargs))
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if response is None:
            response = feed(request, **url_kwargs)
        response.headers["ETag"] = etag
        # Replaces Django's newest-item time, which a withdrawal would not move.
        if timestamp:
            response.headers["Last-Modified"] = http_date(timestamp)
        return response

    return require_safe(conditional_page(cache_for_readers(view, params=())))


def feed_validators(articles):
    """The ETag and Last-Modified time of a feed drawn from `articles` (in any state).

    Their number, last edit and the last publication time that has come cover every change a
    feed shows: publishing or withdrawing saves the article (its edit time), a scheduled story
    going live passes its publication time, a deletion changes the number. Changes to drafts
    count too, which costs a reader one unneeded download, never a missed story.
    """
    state = articles.aggregate(
        count=Count("pk"),
        edited=Max("updated_at"),
        went_live=Max("publish_at", filter=Q(publish_at__lte=timezone.now())),
    )
    fingerprint = "|".join(
        str(part)
        for part in (
            FEED_FORMAT_VERSION,
            settings.FEED_FULL_TEXT,
            state["count"],
            state["edited"],
            state["went_live"],
        )
    )
    etag = f'W/"{hashlib.sha256(fingerprint.encode()).hexdigest()[:32]}"'
    last_modified = max(filter(None, [state["edited"], state["went_live"]]), default=None)
    return etag, last_modified
