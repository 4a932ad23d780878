"""Reading a thread: one page of top-level comments and their replies as a tree, in a constant
number of queries however long the thread is."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator

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
        return self.comment.status != Comment.Status.APPROVED


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
