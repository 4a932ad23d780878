from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article

from .conf import conf
from .display import path_with_pk, present_entries
from .forms import CommentForm, FlagForm
from .models import Comment, Commenter
from .moderation import article_comment_settings, comments_are_open, is_trusted
from .privacy import client_ip
from .services import (
    comment_create,
    comment_flag,
    comment_unsubscribe,
    commenter_confirm_email,
)
from .threads import Node, page_number_of, replies_page, replies_page_number_of
from .tokens import read_confirm_token, read_unsubscribe_token

STATUS_FOR_CODE = {"rate_limited": 429, "closed": 403}
FIELD_FOR_CODE = {"duplicate": "text"}


def comment_url(comment):
    """The page showing `comment` at its anchor: the right page of the article's thread, or
    of its thread's replies when the article page leaves it out."""
    if comment.parent_id:
        replies_page_number = replies_page_number_of(comment)
        if replies_page_number is not None:
            url = reverse("comments:replies", args=[comment.thread_id])
            if replies_page_number > 1:
                url += f"?page={replies_page_number}"
            return f"{url}#{comment.anchor}"
    url = comment.article.get_absolute_url()
    page = page_number_of(comment)
    if page > 1:
        url += f"?cpage={page}"
    return f"{url}#{comment.anchor}"


def _render_errors(request, form, article, status=400):
    form.renew_timestamp()
    context = {"form": form, "article": article, "max_length": conf.MAX_LENGTH}
    return render(request, "comments/post_error.html", context, status=status)


def post_comment(request, article_id):
    """Post a comment (or reply) on an article; works as a plain HTML form without JavaScript.

    Success redirects to the article at the new comment; errors re-render the form with what
    was typed and each error named, and nothing is stored.
    """
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    if request.method != "POST":
        # Errors render at this address, so readers reopen it from their history: a page
        # back to the form, where require_POST would give an empty 405.
        response = render(request, "comments/post_only.html", {"article": article}, status=405)
        response["Allow"] = "POST"
        return response
    form = CommentForm(request.POST, article=article, user=request.user)
    if not form.is_valid():
        return _render_errors(request, form, article)
    try:
        comment = comment_create(
            article=article,
            submission=form.submission(),
            user=request.user,
            client=form.client(ip_address=client_ip(request)),
        )
    except ValidationError as error:
        code = getattr(error, "code", None)
        form.add_error(FIELD_FOR_CODE.get(code), error)
        return _render_errors(request, form, article, status=STATUS_FOR_CODE.get(code, 400))
    if comment.is_public():
        messages.success(request, "Your comment is published.")
        return redirect(comment_url(comment))
    messages.info(
        request,
        "Thank you. Your comment is awaiting moderation and will appear once a moderator "
        "approves it.",
    )
    return redirect(f"{article.get_absolute_url()}#comments")


def public_comment(pk):
    comment = get_object_or_404(Comment.objects.select_related("article", "thread"), pk=pk)
    if not comment.is_public() or not comment.article.is_published():
        raise Http404("No such comment")
    return comment


@require_safe
def replies(request, pk):
    """A top-level comment's replies, page by page in thread order: where the article page's
    "more replies" link goes when a thread is longer than the article shows."""
    root = get_object_or_404(
        Comment.objects.select_related("article").filter(level=0),
        pk=pk,
        article__in=Article.objects.published(),
    )
    page_obj, parents = replies_page(root, page=request.GET.get("page") or 1)
    if not root.is_public() and not page_obj.paginator.count:
        raise Http404("No such comment")
    article = root.article
    entries = [Node(reply) for reply in page_obj.object_list]
    permalink_path = path_with_pk("comments:permalink")
    for entry in entries:
        entry.parent_name = parents.get(entry.comment.parent_id)
        entry.parent_href = permalink_path(entry.comment.parent_id)
    context = {
        "article": article,
        "root": Node(root),
        "page_obj": page_obj,
        "entries": present_entries(entries, reply_prefix=f"{article.get_absolute_url()}?reply="),
        "is_open": comments_are_open(article, article_comment_settings(article)),
    }
    return render(request, "comments/replies.html", context)


@require_safe
def permalink(request, pk):
    """/comments/<id>/ redirects to the comment in its thread (used in emails)."""
    return redirect(comment_url(public_comment(pk)))


@require_http_methods(["GET", "POST"])
def flag(request, pk):
    comment = public_comment(pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_flag(
                comment=comment,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=request.user if request.user.is_authenticated else None,
                ip_address=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you. Moderators will review this comment.")
            if comment.is_public():
                return redirect(comment_url(comment))
            return redirect(f"{comment.article.get_absolute_url()}#comments")
    status = 400 if form.errors else 200
    return render(request, "comments/flag.html", {"form": form, "comment": comment}, status=status)


@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    """The signed link sent with a guest's first comment. GET asks; POST confirms (so link
    scanners that fetch the link do not confirm for the reader)."""
    commenter_id = read_confirm_token(token, max_age=conf.CONFIRM_MAX_AGE)
    commenter = Commenter.objects.filter(pk=commenter_id).first() if commenter_id else None
    if commenter is None:
        return render(request, "comments/link_invalid.html", status=400)
    if request.method != "POST":
        return render(request, "comments/confirm_email.html", {"confirmed": False})
    commenter = commenter_confirm_email(commenter=commenter)
    context = {
        "confirmed": True,
        "trusted": is_trusted(user=None, commenter=commenter),
        "held_for_history": commenter.has_removal_history(),
    }
    return render(request, "comments/confirm_email.html", context)


# Mail clients' one-click unsubscribe (RFC 8058) POSTs here with no cookie or CSRF token; the
# signed token in the address is what authorizes the change, and it only ever turns notices off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The link in reply notices. GET asks; POST (the page's button, or a mail client's
    one-click unsubscribe) stops the notices."""
    comment_id = read_unsubscribe_token(token)
    comment = Comment.objects.filter(pk=comment_id).first() if comment_id else None
    if comment is None:
        return render(request, "comments/link_invalid.html", status=400)
    done = False
    if request.method == "POST":
        comment_unsubscribe(comment=comment)
        done = True
    return render(request, "comments/unsubscribe.html", {"done": done, "comment": comment})
