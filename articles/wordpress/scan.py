"""The first pass over an export: the whole file is read and checked before anything is
written, and what later items need from earlier or later ones (attachments, authors, terms)
is kept, small: no content is held."""

import re
from dataclasses import dataclass, field

from .wxr import Channel, WXRError, read_export

LOGIN_CHARACTERS = re.compile(r"[^\w .@-]", re.ASCII)
IMPORTED_POST_STATUSES = {"publish", "future", "draft", "pending", "private"}


@dataclass
class Attachment:
    wp_id: int
    url: str
    attached_file: str
    alt: str
    title: str
    caption: str
    parent_wp_id: int
    menu_order: int = 0


@dataclass
class ExportPlan:
    channel: Channel
    attachments: dict = field(default_factory=dict)  # wp id -> Attachment
    attachments_by_parent: dict = field(default_factory=dict)  # post wp id -> [wp id]
    items: int = 0
    posts: int = 0
    comments: int = 0


def scan_export(file, *, progress=None):
    """Read the whole export `file` once, check it, and return its ExportPlan. Raises
    WXRError for the first problem, naming its line and item."""
    plan = None
    post_ids, comment_ids, slugs = {}, set(), {}
    logins = set()
    for record in read_export(file, progress=progress):
        if isinstance(record, Channel):
            plan = ExportPlan(channel=record)
            logins = {author.login for author in record.authors}
            continue
        item = record
        plan.items += 1
        if item.post_type not in ("post", "attachment"):
            continue  # menus, revisions and other types are not imported (nor checked)
        if item.wp_id in post_ids:
            raise WXRError(
                f"wp:post_id {item.wp_id} is used twice (also on line {post_ids[item.wp_id]}).",
                line=item.line,
                item=item.label,
            )
        post_ids[item.wp_id] = item.line
        if item.post_type == "attachment":
            plan.attachments[item.wp_id] = Attachment(
                wp_id=item.wp_id,
                url=item.attachment_url or item.guid,
                attached_file=item.meta.get("_wp_attached_file", ""),
                alt=item.meta.get("_wp_attachment_image_alt", ""),
                title=item.title,
                caption=item.excerpt,
                parent_wp_id=item.parent_wp_id,
            )
            if item.parent_wp_id:
                plan.attachments_by_parent.setdefault(item.parent_wp_id, []).append(item.wp_id)
            continue
        if item.post_type != "post" or item.status not in IMPORTED_POST_STATUSES:
            continue
        plan.posts += 1
        _check_post(item, logins=logins, slugs=slugs)
        for comment in item.comments:
            if comment.wp_id in comment_ids:
                raise WXRError(
                    f"wp:comment_id {comment.wp_id} is used twice.",
                    line=comment.line,
                    item=f"comment {comment.wp_id} on {item.label}",
                )
            comment_ids.add(comment.wp_id)
        plan.comments += len(item.comments)
    return plan


def login_of(creator):
    """dc:creator as a WordPress login: only the characters WordPress allows in one
    (sanitize_user), so a stray character that crept into the export does not lose the author."""
    return LOGIN_CHARACTERS.sub("", creator).strip()


def _check_post(item, *, logins, slugs):
    if logins and item.creator and login_of(item.creator) not in logins:
        raise WXRError(
            f"The author “{item.creator[:60]}” (dc:creator) is not among the export's "
            f"authors (wp:author): {', '.join(sorted(logins)[:10])}.",
            line=item.line,
            item=item.label,
        )
    if item.status in ("publish", "future") and item.date is None and item.local_date is None:
        raise WXRError(
            "A published post has no date (wp:post_date_gmt and wp:post_date are empty).",
            line=item.line,
            item=item.label,
        )
    if item.status in ("publish", "future") and item.slug:
        if item.slug in slugs:
            raise WXRError(
                f"The slug “{item.slug[:80]}” (wp:post_name) is also the slug of the post on "
                f"line {slugs[item.slug]}; WordPress keeps post slugs unique, so the file has "
                "been edited or merged. Give one of them another slug.",
                line=item.line,
                item=item.label,
            )
        slugs[item.slug] = item.line
