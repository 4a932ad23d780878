"""A comment's place in its thread: written once when it is stored (`place_in_thread`), so that
reading one page of top-level comments and their first replies as a tree takes a constant
number of queries however long the thread is (`thread_page`), and the rest of a long thread
reads page by page in thread order (`replies_page`)."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, F, IntegerField, Max, Sum, Value, When, Window
from django.db.models.functions import RowNumber

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
    # Public replies in this top-level comment's thread that the page does not show.
    hidden_replies: int = 0

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


def thread_page(article, *, page=1, sort=DEFAULT_SORT, per_page=None, replies_shown=None):
    """The `page`-th page of `article`'s thread: (page object, list of root Nodes).

    Each top-level comment comes with its first `replies_shown` replies in thread order (the
    order a reader reads them in); `Node.hidden_replies` counts the public ones left out.
    Queries: the top-level count, the page's top-level ids, then those threads' first
    comments at once — three, whatever the size or shape of the thread.
    """
    sort = clean_sort(sort)
    replies_shown = conf.REPLIES_SHOWN if replies_shown is None else replies_shown
    paginator = Paginator(top_level_queryset(article, sort), per_page or conf.PER_PAGE)
    page_obj = paginator.get_page(page)
    root_ids = [comment.pk for comment in page_obj.object_list]
    if not root_ids:
        return page_obj, []
    public = Case(
        When(Comment.objects.public_condition(), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    members = list(
        Comment.objects.filter(thread_id__in=root_ids)
        .only(*PUBLIC_FIELDS)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("thread_id")], order_by=F("order").asc()),
            public_in_thread=Window(Sum(public), partition_by=[F("thread_id")]),
        )
        .filter(rank__lte=1 + replies_shown)
        .order_by("thread_id", "order")
    )
    trees = {node.comment.pk: node for node in build_tree(members)}
    public_loaded = {}
    for comment in members:
        public_loaded[comment.thread_id] = public_loaded.get(comment.thread_id, 0) + (
            1 if comment.is_public() else 0
        )
    for comment in members:
        if comment.pk in trees:
            trees[comment.pk].hidden_replies = (
                comment.public_in_thread - public_loaded[comment.thread_id]
            )
    return page_obj, [trees[pk] for pk in root_ids if pk in trees]


@dataclass
class ThreadEntry:
    """One comment of a thread flattened for a loop: whether a list of its replies opens
    after it, and what closes after it (its own item, then the lists and items of the
    comments above it that end there; `more` marks where a top-level comment's "more
    replies" link goes)."""

    node: Node
    opens_replies: bool = False
    closes: list = field(default_factory=list)
    more: Node | None = None

    @property
    def comment(self):
        return self.node.comment


def flatten(roots):
    """The trees under `roots` as a flat list of ThreadEntry in reading order, so a page
    renders a thread in one loop (no template include per comment). Iterative: a thread's
    depth never costs recursion."""
    entries = []
    # Each frame: the node whose replies are being walked and the replies left to walk.
    for root in roots:
        stack = [(None, iter([root]))]
        while stack:
            parent, pending = stack[-1]
            node = next(pending, None)
            if node is None:
                stack.pop()
                if parent is not None:
                    closes = entries[-1].closes
                    closes.append("ol")
                    if len(stack) == 1 and parent.hidden_replies:
                        closes.append("more")
                        entries[-1].more = parent
                    closes.append("li")
                continue
            entry = ThreadEntry(node)
            entries.append(entry)
            if node.replies:
                entry.opens_replies = True
                stack.append((node, iter(node.replies)))
            else:
                if len(stack) == 1 and node.hidden_replies:
                    entry.closes.append("more")
                    entry.more = node
                entry.closes.append("li")
    return entries


def replies_page(root, *, page=1, per_page=None):
    """The `page`-th page of the public replies in `root`'s thread, in thread order:
    (page object, {pk: name} of the comments they answer). Three queries."""
    replies = (
        Comment.objects.visible_to_public()
        .filter(thread_id=root.pk)
        .exclude(pk=root.pk)
        .only(*PUBLIC_FIELDS)
        .order_by("order")
    )
    page_obj = Paginator(replies, per_page or conf.REPLIES_PER_PAGE).get_page(page)
    parent_ids = {reply.parent_id for reply in page_obj.object_list} - {root.pk}
    parents = dict(
        Comment.objects.visible_to_public().filter(pk__in=parent_ids).values_list("pk", "name")
    )
    return page_obj, parents


def page_number_of(comment, *, sort=DEFAULT_SORT, per_page=None):
    """The thread page (oldest-first unless `sort`) on which `comment`'s top-level comment
    appears."""
    per_page = per_page or conf.PER_PAGE
    root = comment.thread or comment
    top = Comment.objects.top_level_for_thread(comment.article)
    if clean_sort(sort) == "newest":
        before = top.filter(created_at__gt=root.created_at).count()
    else:
        before = top.filter(created_at__lt=root.created_at).count()
    return before // per_page + 1


def replies_page_number_of(comment):
    """The page of its thread's replies on which the reply `comment` is, or None when the
    article page shows it (it is among its thread's first `REPLIES_SHOWN`)."""
    in_thread = Comment.objects.filter(thread_id=comment.thread_id, order__lt=comment.order)
    if in_thread.count() <= conf.REPLIES_SHOWN:
        return None
    public_before = in_thread.visible_to_public().exclude(pk=comment.thread_id).count()
    return public_before // conf.REPLIES_PER_PAGE + 1


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
