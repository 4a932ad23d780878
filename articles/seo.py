"""Page metadata for search engines, news aggregators and share cards.

Builds plain data: OpenGraph and Twitter tags for an article, and the schema.org structured
data (JSON-LD) of articles (NewsArticle with its corrections, BreadcrumbList), authors
(Person) and the site (WebSite with its search). Templates present it through
`templatetags/seo_tags.py`; nothing here queries beyond what a page already fetched (an
article's section, authors, tags and corrections).
"""

import json
import mimetypes
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import to_locale

from . import renditions

SCHEMA_CONTEXT = "https://schema.org"
# Google shows at most 110 characters of a NewsArticle headline.
HEADLINE_MAX_LENGTH = 110
# JSON that cannot end its <script> element or open an HTML comment, whatever the text in it.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class Image:
    """An image as share cards and structured data describe it (the shape of a rendition)."""

    url: str
    width: int | None
    height: int | None
    mime_type: str | None


def absolute_url(url):
    """`url` on SITE_URL, unless it already names its own host (media on another server)."""
    if not url or urlsplit(url).scheme in {"http", "https"}:
        return url
    return settings.SITE_URL + (url if url.startswith("/") else f"/{url}")


def iso_datetime(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def cut_on_word(text, limit):
    """`text` in at most `limit` characters, cut at a space and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    head, space, _ = text[: limit - 1].rpartition(" ")
    return (head if space and head else text[: limit - 1]).rstrip(" ,;:.-–—") + "…"


def _image(rendition):
    if rendition is None:
        return None
    return Image(rendition.url, rendition.width, rendition.height, rendition.mime_type)


def _override_share_image(article):
    if not article.share_image:
        return None
    mime_type, _ = mimetypes.guess_type(article.share_image.name)
    return Image(
        article.share_image.url,
        article.share_image_width,
        article.share_image_height,
        mime_type,
    )


def share_image(article):
    """The picture of the article's share card: the editor's share image, else the 1200 × 630
    crop of the featured image around its focal point, else None."""
    return _override_share_image(article) or _image(renditions.crop_url(article, "share"))


def share_image_alt(article):
    return article.share_image_alt if article.share_image else article.featured_image_alt


def schema_images(article):
    """The NewsArticle's images, for search results and Google News: the 16:9, 4:3 and 1:1
    crops of the featured image (those its size allows), else the share image."""
    images = [_image(renditions.crop_url(article, kind)) for kind in ("16x9", "4x3", "1x1")]
    images = [image for image in images if image]
    if not images and (override := _override_share_image(article)):
        images = [override]
    return images


def publisher_logo():
    logo = settings.PUBLISHER_LOGO
    mime_type, _ = mimetypes.guess_type(logo["path"])
    return Image(
        url=absolute_url(static(logo["path"])),
        width=logo["width"],
        height=logo["height"],
        mime_type=mime_type,
    )


def _absolute_image(image):
    return Image(absolute_url(image.url), image.width, image.height, image.mime_type)


def _language():
    """The site's language as a BCP 47 tag ("en-US"), as schema.org's inLanguage takes it."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


# Share tags


def article_share_tags(article):
    """OpenGraph and Twitter card tags of an article, as ("property", "content") pairs."""
    url = absolute_url(article.get_absolute_url())
    open_graph = [
        ("og:type", "article"),
        ("og:site_name", settings.SITE_NAME),
        ("og:locale", to_locale(settings.LANGUAGE_CODE)),
        ("og:title", article.share_title),
        ("og:description", article.share_description),
        ("og:url", url),
        ("article:published_time", iso_datetime(article.first_published_at)),
        ("article:modified_time", iso_datetime(article.modified_at)),
        ("article:section", article.section.name),
        *[("article:author", absolute_url(a.get_absolute_url())) for a in article.authors.all()],
        *[("article:tag", tag.name) for tag in article.tags.all()],
    ]
    image = share_image(article)
    alt = share_image_alt(article)
    if image is None:
        image, alt = publisher_logo(), f"{settings.SITE_NAME} logo"
    image = _absolute_image(image)
    open_graph += [
        ("og:image", image.url),
        ("og:image:type", image.mime_type),
        ("og:image:width", image.width),
        ("og:image:height", image.height),
        ("og:image:alt", alt),
    ]
    twitter = [
        ("twitter:card", "summary_large_image" if share_image(article) else "summary"),
        ("twitter:title", article.share_title),
        ("twitter:description", article.share_description),
        ("twitter:image", image.url),
        ("twitter:image:alt", alt),
    ]
    return {
        "open_graph": [(key, value) for key, value in open_graph if value],
        "twitter": [(key, value) for key, value in twitter if value],
    }


# Structured data (schema.org, as JSON-LD)


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _image_object(image):
    image = _absolute_image(image)
    return _without_empty(
        {
            "@type": "ImageObject",
            "url": image.url,
            "contentUrl": image.url,
            "width": image.width,
            "height": image.height,
            "encodingFormat": image.mime_type,
        }
    )


def _site_home_url():
    return absolute_url(reverse("articles:home"))


def publisher():
    """The outlet as a NewsMediaOrganization, with its logo."""
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.PUBLISHER_NAME,
        "url": _site_home_url(),
        "logo": _image_object(publisher_logo()),
    }


def _author_reference(author):
    return _without_empty(
        {
            "@type": "Person",
            "name": author.name,
            "url": absolute_url(author.get_absolute_url()),
            "jobTitle": author.job_title,
        }
    )


def news_article(article):
    """The article as a schema.org NewsArticle (Google's Article and News requirements)."""
    url = absolute_url(article.get_absolute_url())
    authors = [_author_reference(author) for author in article.authors.all()]
    return _without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            "@type": "NewsArticle",
            "headline": cut_on_word(article.headline, HEADLINE_MAX_LENGTH),
            "description": article.share_description,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": iso_datetime(article.first_published_at),
            "dateModified": iso_datetime(article.modified_at),
            # An unsigned story ("Staff") is the outlet's own.
            "author": authors or [publisher()],
            "image": [_image_object(image) for image in schema_images(article)],
            "articleSection": article.section.name,
            "keywords": [tag.name for tag in article.tags.all()],
            "inLanguage": _language(),
            "isAccessibleForFree": True,
            "publisher": publisher(),
            "correction": [
                correction_comment(note)
                for note in article.corrections.all()
                if note.kind == note.Kind.CORRECTION
            ],
        }
    )


def correction_comment(correction):
    """A correction note as schema.org's CorrectionComment (an update note is no
    correction: it shows only in `dateModified`)."""
    return {
        "@type": "CorrectionComment",
        "text": correction.text,
        "datePublished": iso_datetime(correction.published_at),
        "url": absolute_url(correction.get_absolute_url()),
    }


def breadcrumbs(article):
    """Home › section › article, as a BreadcrumbList."""
    trail = [
        (settings.SITE_NAME, _site_home_url()),
        (article.section.name, absolute_url(article.section.get_absolute_url())),
        (
            cut_on_word(article.headline, HEADLINE_MAX_LENGTH),
            absolute_url(article.get_absolute_url()),
        ),
    ]
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def website():
    """The site as a WebSite whose search engines can offer its own search (SearchAction)."""
    search_url = absolute_url(reverse("articles:search"))
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "description": settings.SITE_TAGLINE,
        "url": _site_home_url(),
        "inLanguage": _language(),
        "publisher": publisher(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": f"{search_url}?q={{search_term_string}}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def person(author):
    """An author as a schema.org Person, with their profiles elsewhere as `sameAs`."""
    return _without_empty(
        {
            "@context": SCHEMA_CONTEXT,
            **_author_reference(author),
            "description": cut_on_word(author.bio, 300),
            "image": absolute_url(author.photo.url) if author.photo else None,
            "sameAs": author.profile_urls,
            "worksFor": {
                "@type": "NewsMediaOrganization",
                "name": settings.PUBLISHER_NAME,
                "url": _site_home_url(),
            },
        }
    )


def json_ld(data):
    """`data` as JSON for a <script type="application/ld+json"> element: <, > and & are
    written as \\u escapes, so no text in it can close the element or open a comment."""
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
