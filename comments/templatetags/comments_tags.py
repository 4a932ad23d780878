from django import template
from django.template.loader import render_to_string

from articles.caching import (
    cached_fragment,
    cached_fragment_with_holes,
    page_changes_at,
    per_reader,
)

from ..display import present_entries
from ..forms import FORM_TIMESTAMP_HOLE, CommentForm
from ..models import Comment
from ..moderation import article_comment_settings, comments_are_open, comments_close_at
from ..threads import SORTS, clean_sort, flatten, thread_page

register = template.Library()


def _reply_prefix(request):
    """The page's own address with `reply=` last: `{% querystring reply=pk %}` for any pk."""
    query = request.GET.copy()
    query.pop("reply", None)
    return f"?{query.urlencode()}&reply=" if query else "?reply="


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, article):
    """The article's comment thread and form. Reads `cpage`, `csort` and `reply` from the
    query string; costs a constant number of queries whatever the thread's size, and the
    listing (the same for every reader) is a cached fragment."""
    request = context["request"]
    article_settings = article_comment_settings(article)
    is_open = comments_are_open(article, article_settings)
    closes_at = comments_close_at(article, article_settings)
    if is_open and closes_at:
        page_changes_at(request, closes_at)  # a cached page loses its form then
    # The listing's links keep the page's query string, all but `reply` (the form's).
    listing_query = request.GET.copy()
    listing_query.pop("reply", None)
    listing = cached_fragment(
        "comment-listing",
        [article.pk, is_open, closes_at, listing_query.urlencode()],
        lambda: render_to_string(
            "comments/listing.html",
            _listing_context(request, article, is_open=is_open, closes_at=closes_at),
            request=request,
        ),
    )

    reply_to = None
    reply_id = _positive_int(request.GET.get("reply"))
    if is_open and reply_id:
        reply_to = (
            Comment.objects.visible_to_public()
            .filter(article=article, pk=reply_id)
            .only("pk", "name", "text", "level", "article_id")
            .first()
        )
    form = form_html = None
    if is_open and reply_to is None and not request.user.is_authenticated:
        # Every signed-out reader's form is the same but for its token and timestamp.
        form_html = cached_fragment_with_holes(
            request,
            "comment-form",
            [article.pk],
            [("csrf",), (FORM_TIMESTAMP_HOLE, article.pk)],
            lambda token, timestamp: _signed_out_form(article, token, timestamp),
        )
    elif is_open:
        form = CommentForm(article=article, user=request.user)
        form.initial["timestamp"] = per_reader(request, FORM_TIMESTAMP_HOLE, article.pk)
        if reply_to:
            form.initial["parent"] = reply_to.pk
    return {
        "request": request,
        "article": article,
        "listing": listing,
        "form": form,
        "form_html": form_html,
        "reply_to": reply_to,
        "user": request.user,
        # The reader's own token, filled in at serve time on a cached page. (An inclusion tag
        # always passes on the page's `csrf_token`, which a cached page must not use.)
        "form_csrf_token": per_reader(request, "csrf") if form is not None else None,
    }


def _signed_out_form(article, csrf_token, timestamp):
    form = CommentForm(article=article)
    form.initial["timestamp"] = timestamp
    context = {"form": form, "article": article, "form_csrf_token": csrf_token, "csrf_token": ""}
    return render_to_string("comments/form.html", context)


def _listing_context(request, article, *, is_open, closes_at):
    sort = clean_sort(request.GET.get("csort"))
    page_obj, roots = thread_page(article, page=request.GET.get("cpage") or 1, sort=sort)
    return {
        "article": article,
        "comment_count": Comment.objects.filter(article=article).visible_to_public().count(),
        "page_obj": page_obj,
        "roots": roots,
        "entries": present_entries(flatten(roots), reply_prefix=_reply_prefix(request)),
        "sort": sort,
        "sorts": [(key, label) for key, (label, _) in SORTS.items()],
        "is_open": is_open,
        # Comments can be posted exactly when they are open (the form is then on the page).
        "has_form": is_open,
        "closes_at": closes_at,
    }


@register.inclusion_tag("comments/form.html", takes_context=True)
def comment_form(context, form, article, reply_to=None):
    return {
        "form": form,
        "article": article,
        "reply_to": reply_to,
        "user": context.get("user"),
        "form_csrf_token": context.get("form_csrf_token"),
        "request": context.get("request"),
    }
