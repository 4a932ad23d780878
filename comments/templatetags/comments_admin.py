from django import template
from django.urls import reverse

from ..models import Comment

register = template.Library()


@register.inclusion_tag("comments/admin_waiting.html", takes_context=True)
def comments_waiting_box(context):
    """The admin index's count of comments waiting for a moderator (two queries)."""
    user = context["request"].user
    if not user.has_perm("comments.view_comment"):
        return {"show": False}
    changelist = reverse("admin:comments_comment_changelist")
    pending = Comment.objects.awaiting_review()
    return {
        "show": True,
        "pending": pending.count(),
        "flagged": pending.filter(flag_count__gt=0).count(),
        "pending_url": f"{changelist}?status__exact=pending",
        "flagged_url": f"{changelist}?status__exact=pending&flagged=yes",
    }
