"""A comment's place in its thread: written once when it is stored (`place_in_thread`), so that
reading one page of top-level comments and their replies as a tree takes a constant number of
queries however long the thread is (`thread_page`)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F, Max

from .conf import conf
from .models import Comment

SORTS = {
    "oldest": ("Oldest first", ["created_at", "pk"]),
    "newest": ("Newest first", ["-created_at", "-pk"]),
    "picks": ("Editors' picks first", ["-has_pick", "created_at", "pk"]),
}
DEFAULT_SORT = "oldest"
PUBLIC_FIELDS = [
    "pk", "article_id", "parent_id", "thread_id", "level", "order", "name", "text_html",
    "created_at", "status", "is_featured", "user_id",
]  # fmt: skip


@dataclass
class Node:
    """A comment as the thread shows it; placeholders carry no name or text."""

    comment: Comment
    replies: list = field(default_factory=list)

    @property
    def is_placeholder(self):
        return not self.comment.is_public()


def clean_sort(value):
    return value if value in SORTS else DEFAULT_SORT


def top_level_queryset(article, sort):
    queryset = Comment.objects.top_level_for_thread(article).only("pk", "created_at")
    if sort == "picks":
        queryset = queryset.with_editors_pick()
    return queryset.order_by(*SORTS[sort][1])


def build_tree(comments):
    """Nest `comments` (ordered by thread, then position) under their parents. Comments that
    are not approved stay only as placeholders above approved replies; the rest are dropped."""
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for comment in comments:
        node = nodes[comment.pk]
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(node)

    def prune(node_list):
        kept = []
        for node in node_list:
            node.replies = prune(node.replies)
            if not node.is_placeholder or node.replies:
                kept.append(node)
        return kept

    return prune(roots)


def thread_page(article, *, page=1, sort=DEFAULT_SORT, per_page=None):
    """The `page`-th page of `article`'s thread: (page object, list of root Nodes).

    Queries: the top-level count, the page's top-level ids, then every comment in those
    threads at once — three, whatever the size of the thread.
    """
    sort = clean_sort(sort)
    paginator = Paginator(top_level_queryset(article, sort), per_page or conf.PER_PAGE)
    page_obj = paginator.get_page(page)
    root_ids = [comment.pk for comment in page_obj.object_list]
    if not root_ids:
        return page_obj, []
    members = list(
        Comment.objects.filter(thread_id__in=root_ids)
        .only(*PUBLIC_FIELDS)
        .order_by("thread_id", "order")
    )
    trees = {node.comment.pk: node for node in build_tree(members)}
    return page_obj, [trees[pk] for pk in root_ids if pk in trees]


def page_number_of(comment, *, sort=DEFAULT_SORT, per_page=None):
    """The thread page (oldest-first unless `sort`) on which `comment` appears."""
    per_page = per_page or conf.PER_PAGE
    root = comment.thread or comment
    top = Comment.objects.top_level_for_thread(comment.article)
    if clean_sort(sort) == "newest":
        before = top.filter(created_at__gt=root.created_at).count()
    else:
        before = top.filter(created_at__lt=root.created_at).count()
    return before // per_page + 1


@transaction.atomic
def place_in_thread(comment, *, parent=None):
    """Save the new `comment` at its place in the thread: last among `parent`'s replies, or as
    a new top-level comment. Sets thread, parent, level and order, and counts it in the
    `nested_count` of every comment above it, in one transaction."""
    if parent is None:
        comment.level, comment.order = 0, 1
        comment.save()
        comment.thread = comment
        comment.save(update_fields=["thread"])
        return comment
    while parent.level >= conf.MAX_DEPTH:
        # Deeper replies attach at the deepest level, beside the comment they answer.
        parent = parent.parent
    # Lock the thread's top comment so concurrent replies get distinct positions (PostgreSQL;
    # SQLite's IMMEDIATE transactions already let one writer in at a time).
    Comment.objects.select_for_update().filter(pk=parent.thread_id).first()
    parent.refresh_from_db(fields=["order", "level"])
    in_thread = Comment.objects.filter(thread_id=parent.thread_id)
    next_outside = _position_after_replies(parent)
    if next_outside is None:
        position = (in_thread.aggregate(last=Max("order"))["last"] or 0) + 1
    else:
        position = next_outside
        in_thread.filter(order__gte=position).update(order=F("order") + 1)
    comment.parent = parent
    comment.thread_id = parent.thread_id
    comment.level = parent.level + 1
    comment.order = position
    comment.save()
    Comment.objects.filter(pk__in=_ancestor_ids(comment)).update(nested_count=F("nested_count") + 1)
    return comment


@transaction.atomic
def delete_from_thread(comment):
    """Delete `comment` with the replies below it, and take them out of the `nested_count` of
    every comment above. Returns the number of comments deleted. Positions of the comments
    left keep their order (gaps in `order` are harmless)."""
    comment.refresh_from_db(fields=["nested_count", "parent"])
    removed = 1 + comment.nested_count
    Comment.objects.filter(pk__in=_ancestor_ids(comment)).update(
        nested_count=F("nested_count") - removed
    )
    deleted, _ = comment.delete()
    return removed if deleted else 0


def subtree_of(comment):
    """`comment` and every reply below it."""
    below = Comment.objects.filter(thread_id=comment.thread_id, order__gte=comment.order)
    next_outside = _position_after_replies(comment)
    return below if next_outside is None else below.filter(order__lt=next_outside)


def _position_after_replies(comment):
    """The position of the first comment after `comment`'s replies, or None at the end."""
    return (
        Comment.objects.filter(
            thread_id=comment.thread_id, order__gt=comment.order, level__lte=comment.level
        )
        .order_by("order")
        .values_list("order", flat=True)
        .first()
    )


def _ancestor_ids(comment):
    """The ids of the comments above `comment`, at most MAX_DEPTH of them."""
    ids, node = [], comment.parent if comment.parent_id else None
    while node is not None:
        ids.append(node.pk)
        node = node.parent if node.parent_id else None
    return ids
