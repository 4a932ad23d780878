"""Importing a WordPress export's comments onto the articles its posts became.

Comments are stored in bulk, a batch of articles at a time: their thread positions are worked
out in memory (oldest first at every level, whatever order the file lists them in, a reply
under its parent even when the parent comes later), then rows are inserted level by level
(a reply needs its parent's id) with no spam checks, moderation policy, rate limit or email:
these are what the old site's readers already wrote. What each WordPress comment id became
is remembered (`articles.wordpress.ImportedItem`), so a second run changes nothing and a newer
export adds new comments and updates changed ones.
"""

import ipaddress
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, F

from articles.wordpress.content import comment_text
from articles.wordpress.models import ImportedItem
from articles.wordpress.posts import fingerprint

from .conf import conf
from .models import Comment, Commenter
from .privacy import ip_hash
from .text import CONTROL_RE, render_comment_text, text_digest

STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
HELD_REASONS = {
    Comment.Status.PENDING: "Awaiting moderation on WordPress when it was exported.",
    Comment.Status.SPAM: "Marked as spam on WordPress.",
}
SKIPPED_TYPES = {"pingback": "pingback", "trackback": "trackback"}
NAME_MAX = Comment._meta.get_field("name").max_length
BATCH_COMMENTS = 5000
CACHE_MAX = 50_000
POSITION_FIELDS = ["parent", "thread", "level", "order", "nested_count"]
CONTENT_FIELDS = ["name", "email", "text", "text_html", "text_digest", "status", "held_reason",
                  "removal_note", "created_at", "ip_hash"]  # fmt: skip


@dataclass
class _Node:
    """A comment of one article while its thread is worked out."""

    comment: Comment
    sort_key: tuple
    wp_parent: int = 0
    wp_id: int | None = None
    parent: "_Node | None" = None
    children: list = field(default_factory=list)
    root: "_Node | None" = None


class CommentImporter:
    def __init__(self, *, source, summary, dry_run=False):
        self.source, self.summary, self.dry_run = source, summary, dry_run
        self.jobs, self.pending = [], 0
        self.emails = set()
        # Readers come back: each address is checked, and each IP hashed, once.
        self.known_emails, self.ip_hashes = {}, {}
        self.content_type = ContentType.objects.get_for_model(Comment)

    def add(self, *, article, comments, article_is_new):
        """Queue the WordPress `comments` (wxr.Comment) of `article` for the next batch."""
        kept = []
        for comment in comments:
            kind = comment.type or "comment"
            if kind in SKIPPED_TYPES:
                self.summary.skip("comments", f"{SKIPPED_TYPES[kind]} (not a reader's comment)")
            elif kind not in ("comment", "review"):
                self.summary.skip("comments", f"comment type “{kind[:40]}”")
            elif comment.date is None:
                self.summary.skip("comments", "no date")
            else:
                kept.append(comment)
        if kept:
            self.jobs.append((article, kept, article_is_new))
            self.pending += len(kept)
        if self.pending >= BATCH_COMMENTS:
            self.flush()

    def flush(self):
        if not self.jobs:
            return
        wp_ids = [str(comment.wp_id) for _, comments, _ in self.jobs for comment in comments]
        mapped = {
            item.wp_id: item
            for item in ImportedItem.objects.filter(
                source=self.source, kind=ImportedItem.Kind.COMMENT, wp_id__in=wp_ids
            )
        }
        # The threads of articles imported before, for the jobs with something to write.
        jobs = [
            (article, comments, article_is_new, {c.wp_id: self._fingerprint(c) for c in comments})
            for article, comments, article_is_new in self.jobs
        ]
        to_load = [
            article.pk
            for article, comments, article_is_new, marks in jobs
            if not article_is_new
            and any(
                str(c.wp_id) not in mapped or mapped[str(c.wp_id)].fingerprint != marks[c.wp_id][0]
                for c in comments
            )
        ]
        existing = {}
        for comment in Comment.objects.filter(article__in=to_load).order_by("pk"):
            existing.setdefault(comment.article_id, []).append(comment)
        new_nodes, changed, new_mappings, changed_mappings = [], [], [], []
        for article, comments, _, marks in jobs:
            stored = existing.get(article.pk, [])
            work = self._article_work(article, comments, marks, stored, mapped)
            if work is None:
                continue
            nodes, new, updated = work
            _place(nodes)
            new_nodes += new
            changed += [node for node in nodes if node.comment.pk is not None]
            new_mappings += [(node, mark) for node, mark in new]
            changed_mappings += updated
        self.jobs, self.pending = [], 0
        if self.dry_run:
            return
        self._insert([node for node, _ in new_nodes])
        Comment.objects.bulk_update(
            [node.comment for node in changed], POSITION_FIELDS + CONTENT_FIELDS, batch_size=500
        )
        ImportedItem.objects.bulk_create(
            [
                ImportedItem(
                    source=self.source,
                    kind=ImportedItem.Kind.COMMENT,
                    wp_id=str(node.wp_id),
                    content_type=self.content_type,
                    object_id=node.comment.pk,
                    fingerprint=mark,
                    details=details,
                )
                for node, (mark, details) in new_mappings
            ],
            batch_size=1000,
        )
        ImportedItem.objects.bulk_update(changed_mappings, ["fingerprint", "details"], 500)

    def _article_work(self, article, comments, marks, stored, mapped):
        """The nodes of `article`'s whole thread (its `stored` comments and the export's
        `comments`, with their `marks`), the new ones with their fingerprints, and the
        mappings to update; None when nothing changed."""
        new = [c for c in comments if str(c.wp_id) not in mapped]
        changed = [
            c for c in comments
            if str(c.wp_id) in mapped and mapped[str(c.wp_id)].fingerprint != marks[c.wp_id][0]
        ]  # fmt: skip
        changed_ids = {c.wp_id for c in changed}
        unchanged = len(comments) - len(new) - len(changed)
        if unchanged:
            self.summary.skip("comments", "unchanged since the last import", unchanged)
        if not new and not changed:
            return None
        existing = {
            comment.pk: _Node(comment, (comment.created_at, 0, comment.pk)) for comment in stored
        }
        by_local_id = {item.object_id: wp_id for wp_id, item in mapped.items()}
        nodes_by_wp = {}
        for node in existing.values():
            wp_id = by_local_id.get(node.comment.pk)
            if wp_id is not None:
                node.wp_id = int(wp_id)
                nodes_by_wp[node.wp_id] = node
        updated_mappings, new_nodes = [], []
        for order, comment in enumerate(comments):
            mark, details = marks[comment.wp_id]
            node = nodes_by_wp.get(comment.wp_id)
            if node is None and str(comment.wp_id) in mapped:
                # Deleted here since the last import: a moderator's decision stands.
                self.summary.skip("comments", "deleted on this site since the last import")
                continue
            if node is None:
                node = _Node(
                    Comment(article=article), (comment.date, 1, order), wp_id=comment.wp_id
                )
                nodes_by_wp[comment.wp_id] = node
                new_nodes.append((node, (mark, details)))
                self.summary.create("comments")
                self._fill(node.comment, comment)
            elif comment.wp_id in changed_ids:
                item = mapped[str(comment.wp_id)]
                item.fingerprint, item.details = mark, details
                updated_mappings.append(item)
                self.summary.update("comments")
                self._fill(node.comment, comment)
            node.sort_key = (comment.date, 1, order)
            node.wp_parent = comment.parent_wp_id
        for node in list(existing.values()) + [node for node, _ in new_nodes]:
            if node.wp_parent:
                node.parent = nodes_by_wp.get(node.wp_parent)
                if node.parent is None:
                    self.summary.note(
                        "replies shown as top-level: their parent is not in the export"
                    )
            elif node.comment.parent_id:
                node.parent = existing.get(node.comment.parent_id)
        return (
            list(existing.values()) + [node for node, _ in new_nodes],
            new_nodes,
            updated_mappings,
        )

    def _fingerprint(self, comment):
        details = {"author_url": comment.url[:300], "wp_parent": comment.parent_wp_id}
        return fingerprint(
            comment.author, comment.email, comment.url, comment.ip, comment.date,
            comment.content, comment.approved, comment.parent_wp_id,
        ), details  # fmt: skip

    def _fill(self, row, comment):
        text = CONTROL_RE.sub("", comment_text(comment.content)) or "(empty comment)"
        status = STATUSES.get(comment.approved.strip().lower(), Comment.Status.PENDING)
        row.name = " ".join(CONTROL_RE.sub("", comment.author).split())[:NAME_MAX] or "Anonymous"
        row.email = _remembered(self.known_emails, comment.email, _email)
        row.text, row.text_html, row.text_digest = (
            text,
            render_comment_text(text),
            text_digest(text),
        )
        row.status = status
        row.held_reason = HELD_REASONS.get(status, "")
        row.removal_note = "Trashed on WordPress." if status == Comment.Status.REMOVED else ""
        row.created_at = comment.date
        # Only the keyed hash, as for any comment past COMMENTS_IP_RETENTION_DAYS.
        row.ip_hash = _remembered(self.ip_hashes, comment.ip, lambda ip: ip_hash(_ip(ip)))
        if row.email:
            self.emails.add(row.email)

    def _insert(self, nodes):
        """Insert new comments level by level: a reply's parent and thread have ids by then."""
        for level in range(conf.MAX_DEPTH + 1):
            rows = []
            for node in nodes:
                if node.comment.level != level:
                    continue
                node.comment.parent = node.parent.comment if node.parent else None
                node.comment.thread = node.root.comment if level else None
                rows.append(node.comment)
            if not rows:
                continue
            Comment.objects.bulk_create(rows, batch_size=1000)
            if level == 0:
                ids = [row.pk for row in rows]
                for start in range(0, len(ids), 1000):
                    Comment.objects.filter(pk__in=ids[start : start + 1000]).update(thread=F("pk"))
                for row in rows:
                    row.thread_id = row.pk

    def finish(self):
        """Flush what is queued and recount the history of every commenter imported, so
        regular commenters are trusted as they were (pre-moderation goes by it)."""
        self.flush()
        if self.dry_run or not self.emails:
            return
        emails = sorted(self.emails)
        for start in range(0, len(emails), 500):
            chunk = emails[start : start + 500]
            counts = {
                row["email"]: row["approved"]
                for row in Comment.objects.filter(email__in=chunk)
                .values("email")
                .annotate(approved=Count("pk", filter=Comment.objects.public_condition()))
            }
            known = {c.email: c for c in Commenter.objects.filter(email__in=chunk)}
            Commenter.objects.bulk_create(
                [Commenter(email=email, approved_count=counts.get(email, 0))
                 for email in chunk if email not in known],
                batch_size=500,
            )  # fmt: skip
            for email, commenter in known.items():
                commenter.approved_count = counts.get(email, 0)
            Commenter.objects.bulk_update(known.values(), ["approved_count"], batch_size=500)


def _place(nodes):
    """Work out thread, parent, level, order and nested count for every node: children
    oldest first under their parent; past COMMENTS_MAX_DEPTH, replies sit beside the
    comment they answer (as `threads.place_in_thread` puts them). Iterative, so a long
    chain of replies cannot exhaust the stack; a parent cycle makes its comments top-level."""
    for node in nodes:
        node.children = []
    roots = []
    for node in nodes:
        (node.parent.children if node.parent else roots).append(node)
    reached = set()
    stack = [(root, None, 0) for root in roots]
    effective_children = {}
    while stack:
        node, effective_parent, level = stack.pop()
        reached.add(id(node))
        node.comment.level = level
        node.effective_parent = effective_parent
        effective_children.setdefault(id(effective_parent), []).append(node)
        for child in node.children:
            if level < conf.MAX_DEPTH:
                stack.append((child, node, level + 1))
            else:
                stack.append((child, effective_parent, level))
    for node in nodes:
        if id(node) not in reached:  # a cycle of parents
            node.comment.level, node.effective_parent = 0, None
            effective_children.setdefault(id(None), []).append(node)
            effective_children.setdefault(id(node), [])
    for node in effective_children.get(id(None), []):
        order = 0
        stack = [node]
        visited = []
        while stack:
            current = stack.pop()
            order += 1
            current.root = node
            current.parent = current.effective_parent
            current.comment.order = order
            visited.append(current)
            kids = sorted(effective_children.get(id(current), []), key=lambda n: n.sort_key)
            stack.extend(reversed(kids))
        counts = {}
        for current in reversed(visited):
            kids = effective_children.get(id(current), [])
            counts[id(current)] = sum(1 + counts[id(kid)] for kid in kids)
            current.comment.nested_count = counts[id(current)]
        if node.comment.pk is not None:
            node.comment.thread_id = node.comment.pk
    for node in nodes:
        if node.comment.pk is not None:
            node.comment.parent = node.parent.comment if node.parent else None
            node.comment.thread_id = node.root.comment.pk


def _remembered(cache, value, work):
    """`work(value)`, from `cache` when it was worked out before (at most CACHE_MAX kept)."""
    if value not in cache:
        if len(cache) >= CACHE_MAX:
            cache.clear()
        cache[value] = work(value)
    return cache[value]


def _email(value):
    value = Commenter.normalize(value or "")[:254]
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _ip(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""
