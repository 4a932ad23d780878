"""Reading a WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) export as a stream of records.

The file is parsed with defusedxml's iterparse: no DTD, no entity declarations, no external
references (an export never has them, and they are how XML bombs and file disclosure work).
Each element is cleared and dropped from its parent once read, so memory holds one item (with
its comments) at a time, whatever the size of the file. Every problem is a `WXRError` naming
the line and the item.
"""

import re
from datetime import UTC, datetime
from xml.etree.ElementTree import ParseError, TreeBuilder

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser, iterparse

from .records import Author, Channel, Comment, Item, Term

__all__ = ["Author", "Channel", "Comment", "Item", "Term", "WXRError", "read_export"]

WXR_NAMESPACE = re.compile(r"https?://wordpress\.org/export/(1\.[0-2])/")
EXCERPT_NAMESPACE = re.compile(r"https?://wordpress\.org/export/1\.[0-2]/excerpt/")
NAMESPACE_PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
NO_DATE = {"", "0000-00-00 00:00:00"}
# A field that long is no title, name or slug: the file is damaged or hostile.
SHORT_FIELD_MAX = 10_000


class WXRError(Exception):
    """A problem with the export file, with where it is."""

    def __init__(self, message, *, line=None, item=None):
        super().__init__(message)
        self.message, self.line, self.item = message, line, item

    def __str__(self):
        place = ", ".join(part for part in [self.line and f"line {self.line}", self.item] if part)
        return f"{place}: {self.message}" if place else self.message


class _LineTreeBuilder(TreeBuilder):
    """Remembers the line each <item> and <wp:comment> starts on, for error messages."""

    def __init__(self):
        super().__init__()
        self.parser = None
        self.lines = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        if tag == "item" or tag.endswith("}comment"):
            self.lines[id(element)] = self.parser.parser.CurrentLineNumber
        return element


class _ByteCounter:
    """A file wrapper telling `progress` how many bytes were read."""

    def __init__(self, file, progress):
        self.file, self.progress = file, progress

    def read(self, size=-1):
        data = self.file.read(size)
        if self.progress is not None:
            self.progress(len(data))
        return data


def read_export(file, *, progress=None):
    """Yield the export's Channel, then each Item, reading `file` (binary) as a stream.
    `progress(n)` is called with each number of bytes read. Raises WXRError."""
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.parser = parser
    reader = _Reader(builder)
    try:
        events = iterparse(_ByteCounter(file, progress), events=("start", "end"), parser=parser)
        for event, element in events:
            yield from reader.handle(event, element)
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise WXRError(_parse_error_message(error), line=line) from None
    except (DTDForbidden, EntitiesForbidden) as error:
        raise WXRError(
            f"The file declares a DTD or entities ({error.__class__.__name__}); WordPress "
            "exports never do, and such declarations are how hostile XML expands or reads "
            "files. Refused.",
            line=parser.parser.CurrentLineNumber,
        ) from None
    except DefusedXmlException as error:
        raise WXRError(
            f"The file refers to external resources ({error.__class__.__name__}); refused.",
            line=parser.parser.CurrentLineNumber,
        ) from None
    except LookupError as error:  # an encoding no codec reads, e.g. encoding="x-klingon"
        raise WXRError(
            f"The file declares an encoding that cannot be read ({error}).", line=1
        ) from None
    except UnicodeError as error:
        raise WXRError(f"The file's encoding cannot be read: {error}.") from None
    reader.finish()


def _parse_error_message(error):
    text = str(error).split(":")[0]
    if "unclosed CDATA" in text or "unclosed token" in text or "no element found" in text:
        return f"The file is cut short or malformed ({text}): it may be truncated."
    if "encoding" in text:
        return f"The file's encoding is not one an XML parser knows ({text})."
    if "invalid token" in text or "not well-formed" in text:
        return (
            f"The XML is malformed ({text}): a character that is not allowed in XML, bytes "
            "in another encoding than the file declares, or broken markup."
        )
    if "undefined entity" in text:
        return f"The XML uses an entity it does not define ({text}), such as &nbsp; outside CDATA."
    return f"The XML is malformed ({text})."


class _Reader:
    def __init__(self, builder):
        self.builder = builder
        self.channel = Channel()
        self.channel_element = None
        self.channel_sent = False
        self.depth = 0
        self.wp_namespace = None
        self.seen_root = False
        self.item_count = 0

    def handle(self, event, element):
        if event == "start":
            if not self.seen_root:
                self.seen_root = True
                if element.tag != "rss":
                    raise WXRError(
                        f"This XML file is not a WordPress export: its root element is "
                        f"<{_local(element.tag)}>, not <rss>.",
                        line=self.builder.parser.parser.CurrentLineNumber,
                    )
            elif element.tag == "channel" and self.channel_element is None:
                self.channel_element = element
            self.depth += 1
            self._note_namespace(element.tag)
            return
        self.depth -= 1
        # rss is at depth 0, channel at 1, an item or a channel field at 2.
        parent_is_channel = self.depth == 2 and self.channel_element is not None
        if element.tag == "item" and parent_is_channel:
            line = self.builder.lines.pop(id(element), None)
            if not self.channel_sent:
                yield self._checked_channel(line)
            self.item_count += 1
            item = self._item(element, line)
            self.channel_element.remove(element)
            yield item
        elif parent_is_channel:
            self._channel_field(element)
            self.channel_element.remove(element)

    def _note_namespace(self, tag):
        if self.wp_namespace is None and tag.startswith("{"):
            namespace = tag[1:].split("}", 1)[0]
            if WXR_NAMESPACE.fullmatch(namespace):
                self.wp_namespace = namespace

    def _tag(self, element):
        """`wp:post_id`, `content:encoded`, `title`: the tag with its usual prefix."""
        tag = element.tag
        if not tag.startswith("{"):
            return tag
        namespace, local = tag[1:].split("}", 1)
        if WXR_NAMESPACE.fullmatch(namespace):
            return f"wp:{local}"
        if EXCERPT_NAMESPACE.fullmatch(namespace):
            return f"excerpt:{local}"
        prefix = NAMESPACE_PREFIXES.get(namespace)
        return f"{prefix}:{local}" if prefix else tag

    def _channel_field(self, element):
        tag = self._tag(element)
        channel = self.channel
        if tag == "wp:wxr_version":
            channel.version = _text(element)
        elif tag == "title":
            channel.title = _short(element)
        elif tag == "link":
            channel.link = _short(element)
        elif tag == "wp:base_site_url":
            channel.base_site_url = _short(element)
        elif tag == "wp:base_blog_url":
            channel.base_blog_url = _short(element)
        elif tag == "wp:author":
            channel.authors.append(self._author(element))
        elif tag in ("wp:category", "wp:tag", "wp:term"):
            term = self._term(element, tag)
            if term is not None:
                channel.terms.append(term)
        element.clear()

    def _checked_channel(self, line):
        channel = self.channel
        self.channel_sent = True
        if self.wp_namespace is None or not channel.version:
            raise WXRError(
                "This XML file is not a WordPress export (WXR): it has no wp:wxr_version "
                "in the WordPress export namespace before its first item.",
                line=line,
            )
        if channel.version not in SUPPORTED_VERSIONS:
            raise WXRError(
                f"WXR version {channel.version} is not one this importer reads (1.0, 1.1, 1.2).",
                line=line,
            )
        return channel

    def _author(self, element):
        fields = {self._tag(child): _short(child) for child in element}
        login = fields.get("wp:author_login", "")
        if not login:
            raise WXRError("A wp:author has no wp:author_login.")
        return Author(
            login=login,
            wp_id=_integer(fields.get("wp:author_id", ""), default=None, what="wp:author_id"),
            email=fields.get("wp:author_email", ""),
            display_name=fields.get("wp:author_display_name", ""),
            first_name=fields.get("wp:author_first_name", ""),
            last_name=fields.get("wp:author_last_name", ""),
            bio=fields.get("wp:author_description", ""),
        )

    def _term(self, element, tag):
        fields = {self._tag(child): _short(child) for child in element}
        wp_id = _integer(fields.get("wp:term_id", ""), default=None, what="wp:term_id")
        if tag == "wp:category":
            kind, slug = "category", fields.get("wp:category_nicename", "")
            name, parent = fields.get("wp:cat_name", ""), fields.get("wp:category_parent", "")
            description = fields.get("wp:category_description", "")
        elif tag == "wp:tag":
            kind, slug = "post_tag", fields.get("wp:tag_slug", "")
            name, parent = fields.get("wp:tag_name", ""), ""
            description = fields.get("wp:tag_description", "")
        else:
            kind, slug = fields.get("wp:term_taxonomy", ""), fields.get("wp:term_slug", "")
            name, parent = fields.get("wp:term_name", ""), fields.get("wp:term_parent", "")
            description = fields.get("wp:term_description", "")
            if kind not in ("category", "post_tag"):
                return None  # nav menus, post formats and other taxonomies
        if not slug:
            raise WXRError(f"A {tag} (“{name}”) has no slug.")
        return Term(
            kind=kind, slug=slug, name=name or slug, wp_id=wp_id, parent_slug=parent,
            description=description,
        )  # fmt: skip

    def _item(self, element, line):
        fields, categories, meta, meta_pairs, comments = {}, [], {}, [], []
        for child in element:
            tag = self._tag(child)
            if tag == "category":
                domain = child.get("domain", "")
                nicename = child.get("nicename", "")
                categories.append((domain, nicename, _text(child)))
            elif tag == "wp:postmeta":
                values = {self._tag(part): _text(part) for part in child}
                key = values.get("wp:meta_key", "")
                if key:
                    meta[key] = values.get("wp:meta_value", "")
                    meta_pairs.append((key, meta[key][:SHORT_FIELD_MAX]))
            elif tag == "wp:comment":
                comments.append(child)
            else:
                fields[tag] = _text(child)
        wp_id = fields.get("wp:post_id", "")
        label = f"item “{fields.get('title', '')[:60]}”"
        try:
            item = Item(
                wp_id=_integer(wp_id, what="wp:post_id"),
                line=line,
                post_type=fields.get("wp:post_type", "post") or "post",
                title=fields.get("title", "")[:SHORT_FIELD_MAX],
                link=fields.get("link", "")[:SHORT_FIELD_MAX],
                guid=fields.get("guid", "")[:SHORT_FIELD_MAX],
                creator=fields.get("dc:creator", "")[:SHORT_FIELD_MAX],
                content=fields.get("content:encoded", ""),
                excerpt=fields.get("excerpt:encoded", ""),
                date=_gmt_date(fields.get("wp:post_date_gmt", ""), what="wp:post_date_gmt"),
                local_date=_local_date(fields.get("wp:post_date", ""), what="wp:post_date"),
                modified=_gmt_date(
                    fields.get("wp:post_modified_gmt", ""), what="wp:post_modified_gmt"
                ),
                status=fields.get("wp:status", ""),
                comment_status=fields.get("wp:comment_status", "open"),
                slug=fields.get("wp:post_name", "")[:SHORT_FIELD_MAX],
                parent_wp_id=_integer(fields.get("wp:post_parent", ""), what="wp:post_parent"),
                is_sticky=fields.get("wp:is_sticky", "0") == "1",
                password=fields.get("wp:post_password", ""),
                attachment_url=fields.get("wp:attachment_url", "")[:SHORT_FIELD_MAX],
                categories=categories,
                meta=meta,
                meta_pairs=meta_pairs,
            )
        except WXRError as error:
            raise WXRError(error.message, line=line, item=label) from None
        for comment_element in comments:
            item.comments.append(self._comment(comment_element, item))
        element.clear()
        return item

    def _comment(self, element, item):
        line = self.builder.lines.pop(id(element), item.line)
        fields = {self._tag(child): _text(child) for child in element}
        try:
            comment = Comment(
                wp_id=_integer(fields.get("wp:comment_id", ""), what="wp:comment_id"),
                line=line,
                author=fields.get("wp:comment_author", "")[:SHORT_FIELD_MAX],
                email=fields.get("wp:comment_author_email", "")[:SHORT_FIELD_MAX],
                url=fields.get("wp:comment_author_url", "")[:SHORT_FIELD_MAX],
                ip=fields.get("wp:comment_author_IP", "")[:100],
                content=fields.get("wp:comment_content", ""),
                approved=fields.get("wp:comment_approved", "1"),
                type=fields.get("wp:comment_type", ""),
                parent_wp_id=_integer(
                    fields.get("wp:comment_parent", ""), what="wp:comment_parent"
                ),
            )
            comment.date = _gmt_date(
                fields.get("wp:comment_date_gmt", ""), what="wp:comment_date_gmt"
            )
            if comment.date is None:
                local = _local_date(fields.get("wp:comment_date", ""), what="wp:comment_date")
                comment.date = local.replace(tzinfo=UTC) if local else None
        except WXRError as error:
            raise WXRError(
                error.message,
                line=line,
                item=f"comment {fields.get('wp:comment_id')} on {item.label}",
            ) from None
        return comment

    def finish(self):
        if not self.seen_root:
            raise WXRError("The file is empty.")
        if not self.channel_sent:
            self._checked_channel(None)
            raise WXRError(
                "The export holds no items (no posts, pages or attachments): export the site "
                "again with “All content” chosen."
            )


def _local(tag):
    return tag.split("}", 1)[-1]


def _text(element):
    return element.text or ""


def _short(element):
    return " ".join(_text(element).split())[:SHORT_FIELD_MAX]


def _integer(value, *, default=0, what):
    value = value.strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 18:
        raise WXRError(f"{what} is “{value[:40]}”, not a whole number.")
    return int(value)


def _parse_date(value, what):
    value = value.strip()
    if value in NO_DATE:
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise WXRError(f"{what} is “{value[:40]}”, not a date (YYYY-MM-DD HH:MM:SS).") from None


def _gmt_date(value, *, what):
    parsed = _parse_date(value, what)
    return parsed.replace(tzinfo=UTC) if parsed else None


def _local_date(value, *, what):
    return _parse_date(value, what)
