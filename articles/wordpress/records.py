"""What a WordPress export holds, as the reader (`wxr.py`) gives it."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Author:
    login: str
    wp_id: int | None = None
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    bio: str = ""

    @property
    def name(self):
        full = " ".join(part for part in [self.first_name, self.last_name] if part)
        return self.display_name or full or self.login


@dataclass
class Term:
    kind: str  # "category" or "post_tag"
    slug: str
    name: str
    wp_id: int | None = None
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    wp_id: int
    line: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None  # aware, UTC
    content: str = ""
    approved: str = "1"
    type: str = ""
    parent_wp_id: int = 0


@dataclass
class Item:
    """A post, page, attachment or other post type, with its comments."""

    wp_id: int
    line: int
    post_type: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    date: datetime | None = None  # post_date_gmt, aware
    local_date: datetime | None = None  # post_date, naive, in the old site's time zone
    modified: datetime | None = None
    status: str = ""
    comment_status: str = "open"
    slug: str = ""
    parent_wp_id: int = 0
    is_sticky: bool = False
    password: str = ""
    attachment_url: str = ""
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)  # the last value of each key
    meta_pairs: list = field(default_factory=list)  # every (key, value), e.g. _wp_old_slug
    comments: list = field(default_factory=list)

    @property
    def label(self):
        title = " ".join(self.title.split())
        title = title[:60] + ("…" if len(title) > 60 else "")
        return (
            f"{self.post_type} {self.wp_id} “{title}”"
            if title
            else f"{self.post_type} {self.wp_id}"
        )


@dataclass
class Channel:
    """What the export says before its first item: the site, its authors and terms."""

    version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    authors: list = field(default_factory=list)
    terms: list = field(default_factory=list)

    @property
    def source(self):
        """The old site's address, which the WordPress ids are remembered under."""
        return (self.base_blog_url or self.link or self.base_site_url).rstrip("/")
