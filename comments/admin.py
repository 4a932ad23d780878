"""The moderation queue. Every action calls the same service functions as the public views."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, OuterRef, Subquery
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from .classifier.services import learning_batched
from .conf import conf
from .forms import CommentRemovalForm, RemovalForm
from .models import ArticleCommentSettings, BlocklistEntry, Comment, Commenter, CommentFlag
from .moderation import (
    comment_approve,
    comment_ban,
    comment_delete,
    comment_mark_spam,
    comment_remove,
    comment_set_featured,
)


class FlaggedFilter(admin.SimpleListFilter):
    title = "reader flags"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged"), ("no", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "no":
            return queryset.filter(flag_count=0)
        return queryset


class ClassifierFilter(admin.SimpleListFilter):
    title = "spam classifier"
    parameter_name = "classifier"

    def lookups(self, request, model_admin):
        return [
            ("spam", "Most likely spam"),
            ("unsure", "Unsure"),
            ("legitimate", "Likely legitimate"),
            ("none", "Not scored"),
        ]

    def queryset(self, request, queryset):
        spam, publish = conf.AUTO_SPAM_ABOVE, conf.AUTO_PUBLISH_BELOW
        probability = "assessment__spam_probability"
        if self.value() == "spam":
            return queryset.filter(**{f"{probability}__gte": spam})
        if self.value() == "unsure":
            return queryset.filter(**{f"{probability}__gt": publish, f"{probability}__lt": spam})
        if self.value() == "legitimate":
            return queryset.filter(**{f"{probability}__lte": publish})
        if self.value() == "none":
            return queryset.filter(**{f"{probability}__isnull": True})
        return queryset


# The decisions a comment's own page offers, each needing the permission of its bulk action.
DECISION_PERMISSIONS = {
    "approve": "moderate", "remove": "moderate", "spam": "moderate", "ban": "moderate",
    "feature": "feature", "unfeature": "feature",
}  # fmt: skip


def _history_subquery(field):
    return Subquery(Commenter.objects.filter(email=OuterRef("email")).values(field)[:1])


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt", "name", "article_title", "status", "why_held", "classifier_verdict",
        "flag_count", "commenter_history", "is_featured", "created_at",
    ]  # fmt: skip
    list_filter = [
        "status", FlaggedFilter, ClassifierFilter, "is_featured", "removal_reason",
        ("article", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    list_select_related = ["article", "assessment"]
    ordering = ["-created_at", "-pk"]
    search_fields = ["name", "email", "text", "article__headline"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = [
        "approve_selected", "remove_selected", "mark_spam_selected", "ban_selected",
        "feature_selected", "unfeature_selected",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["article", "parent", "name", "email", "user", "text", "created_at"]}),
        ("Moderation", {"fields": ["status", "held_reason", "classifier_verdict",
                                   "decided_by_classifier", "flag_count", "removal_reason",
                                   "removal_note", "moderated_by", "moderated_at", "is_featured",
                                   "commenter_history"]}),
        ("Privacy", {"fields": ["ip_address", "ip_hash", "notify_replies"]}),
    ]  # fmt: skip

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                history_approved=_history_subquery("approved_count"),
                history_removed=_history_subquery("removed_count"),
                history_confirmed=_history_subquery("confirmed_at"),
            )
        )

    def get_ordering(self, request):
        """The queue of held comments shows the classifier's hardest cases first."""
        if request.GET.get("status__exact") == Comment.Status.PENDING:
            return [F("assessment__doubt").desc(nulls_last=True), "-created_at", "-pk"]
        return super().get_ordering(request)

    def get_readonly_fields(self, request, obj=None):
        # Status and picks change only through the actions, which apply the rules.
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Comment")
    def excerpt(self, comment):
        text = " ".join(comment.text.split())
        return text[:80] + ("…" if len(text) > 80 else "")

    @admin.display(description="Article", ordering="article__headline")
    def article_title(self, comment):
        return comment.article.headline

    @admin.display(description="Why held")
    def why_held(self, comment):
        if comment.status in (Comment.Status.REMOVED, Comment.Status.SPAM) and comment.moderated_at:
            note = f": {comment.removal_note}" if comment.removal_note else ""
            return f"Removed ({comment.get_removal_reason_display()}){note}"
        return comment.held_reason or "—"

    @admin.display(description="Spam classifier", ordering="assessment__spam_probability")
    def classifier_verdict(self, comment):
        assessment = getattr(comment, "assessment", None)
        if assessment is None:
            return "—"
        if assessment.spam_probability is None:
            return "Not scored (still learning)"
        return assessment.reason

    @admin.display(description="Commenter history")
    def commenter_history(self, comment):
        approved = getattr(comment, "history_approved", None)
        if approved is None:
            return "No history" if not comment.email else "New commenter"
        confirmed = "confirmed" if comment.history_confirmed else "unconfirmed"
        return format_html(
            "{} approved, {} removed ({})", approved, comment.history_removed, confirmed
        )

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_moderate"
        moderate = self.admin_site.admin_view(require_POST(self.moderate_view))
        return [path("<path:object_id>/moderate/", moderate, name=name), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                decisions=self.moderation_decisions(request, obj),
                removal_form=CommentRemovalForm(auto_id="id_removal_%s"),
                why_held=self.why_held(obj),
                commenter_history=self.commenter_history(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_decision_permission(self, request, decision):
        return getattr(self, f"has_{DECISION_PERMISSIONS[decision]}_permission")(request)

    def moderation_decisions(self, request, comment):
        """The decisions `comment`'s page offers the user: those that would change it."""
        applies = {
            "approve": not comment.is_public(),
            "remove": comment.status != Comment.Status.REMOVED,
            "spam": comment.status != Comment.Status.SPAM,
            "ban": bool(comment.email or comment.ip_hash),
            "feature": comment.is_public() and not comment.is_featured,
            "unfeature": comment.is_featured,
        }
        return [
            decision
            for decision in DECISION_PERMISSIONS
            if applies[decision] and self.has_decision_permission(request, decision)
        ]

    def moderate_view(self, request, object_id):
        """Take one decision (POST `decision`) on one comment from the buttons on its page,
        through the same services as the bulk actions; then back to the page, keeping the
        queue's filters for its links."""
        decision = request.POST.get("decision", "")
        if decision not in DECISION_PERMISSIONS:
            return HttpResponseBadRequest("Unknown moderation decision.")
        if not self.has_decision_permission(request, decision):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            raise Http404("No such comment.")
        change_url = add_preserved_filters(
            {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts},
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[comment.pk]
            ),
        )
        if decision not in self.moderation_decisions(request, comment):
            # Another moderator decided first, or the page was stale.
            status = comment.get_status_display().lower()
            self.message_user(request, f"Nothing done: the comment is {status}.", messages.WARNING)
            return HttpResponseRedirect(change_url)
        try:
            done = self._decide(request, comment, decision)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def _decide(self, request, comment, decision):
        """Apply `decision`; returns what was done, or raises ValidationError."""
        moderator = request.user
        if decision == "approve":
            comment_approve(comment=comment, moderator=moderator)
            return "Approved: the comment is on the article."
        if decision == "remove":
            form = CommentRemovalForm(request.POST)
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            comment_remove(
                comment=comment,
                moderator=moderator,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            return f"Removed ({comment.get_removal_reason_display()})."
        if decision == "spam":
            comment_mark_spam(comment=comment, moderator=moderator)
            return "Marked as spam."
        if decision == "ban":
            comment_ban(comment=comment, moderator=moderator)
            status = comment.get_status_display().lower()
            return f"Banned: the commenter is on the blocklist, and the comment is {status}."
        featured = decision == "feature"
        comment_set_featured(comment=comment, featured=featured)
        return "Featured as an editors' pick." if featured else "Removed from editors' picks."

    def delete_model(self, request, obj):
        comment_delete(comment=obj)

    def delete_queryset(self, request, queryset):
        """Bulk delete one comment at a time, top-level first, so the thread counts of what
        stays are kept right (QuerySet.delete() would skip them)."""
        for comment in queryset.order_by("level", "pk"):
            # A reply may have gone already, with a comment above it.
            if Comment.objects.filter(pk=comment.pk).exists():
                comment_delete(comment=comment)

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_feature_permission(self, request):
        return request.user.has_perm("comments.feature_comment")

    def _each(self, request, queryset, service, done, **kwargs):
        count = 0
        # The classifier learns the whole batch in one update, after the last decision.
        with learning_batched():
            for comment in queryset.select_related("parent", "article"):
                try:
                    service(comment=comment, **kwargs)
                    count += 1
                except ValidationError as error:
                    self.message_user(
                        request,
                        f"Comment {comment.pk}: {' '.join(error.messages)}",
                        messages.ERROR,
                    )
        if count:
            self.message_user(request, f"{done} {count} comment(s).", messages.SUCCESS)

    @admin.action(permissions=["moderate"], description="Approve selected comments")
    def approve_selected(self, request, queryset):
        self._each(request, queryset, comment_approve, "Approved", moderator=request.user)

    @admin.action(permissions=["moderate"], description="Remove selected comments (with reason)…")
    def remove_selected(self, request, queryset):
        form = RemovalForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                queryset,
                comment_remove,
                "Removed",
                moderator=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Remove comments",
            "form": form,
            "comments": queryset.select_related("article"),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/comments/comment/remove_selected.html", context)

    @admin.action(permissions=["moderate"], description="Mark selected comments as spam")
    def mark_spam_selected(self, request, queryset):
        self._each(request, queryset, comment_mark_spam, "Marked as spam", moderator=request.user)

    @admin.action(
        permissions=["moderate"],
        description="Ban selected commenters (block email and IP, remove comment)",
    )
    def ban_selected(self, request, queryset):
        self._each(request, queryset, comment_ban, "Banned the authors of", moderator=request.user)

    @admin.action(permissions=["feature"], description="Feature as editors' picks")
    def feature_selected(self, request, queryset):
        self._each(request, queryset, comment_set_featured, "Featured", featured=True)

    @admin.action(permissions=["feature"], description="Remove from editors' picks")
    def unfeature_selected(self, request, queryset):
        self._each(request, queryset, comment_set_featured, "Unfeatured", featured=False)


@admin.register(CommentFlag)
class CommentFlagAdmin(admin.ModelAdmin):
    list_display = ["comment", "reason", "note", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["comment"]
    readonly_fields = ["comment", "reason", "note", "user", "ip_hash", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Commenter)
class CommenterAdmin(admin.ModelAdmin):
    list_display = ["email", "is_confirmed", "approved_count", "removed_count", "first_seen_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = [
        "email", "confirmed_at", "approved_count", "removed_count", "first_seen_at",
        "removals", "comments_link",
    ]  # fmt: skip

    @admin.display(description="Removals")
    def removals(self, commenter):
        removed = (
            Comment.objects.filter(email=commenter.email)
            .removed_by_moderator()
            .order_by("-created_at")[:20]
        )
        if not removed:
            return "None"
        return format_html_join(
            "",
            "<p>{}: {}{}</p>",
            (
                (
                    date_format(comment.moderated_at or comment.created_at, "DATETIME_FORMAT"),
                    comment.get_removal_reason_display()
                    + ("" if comment.moderated_by_id else " (by the spam classifier)"),
                    f" ({comment.removal_note})" if comment.removal_note else "",
                )
                for comment in removed
            ),
        )

    @admin.display(description="Comments")
    def comments_link(self, commenter):
        url = reverse("admin:comments_comment_changelist") + "?" + urlencode({"q": commenter.email})
        return format_html('<a href="{}">All comments from this address</a>', url)

    @admin.display(boolean=True, description="Confirmed")
    def is_confirmed(self, commenter):
        return commenter.is_confirmed

    def has_add_permission(self, request):
        return False


@admin.register(BlocklistEntry)
class BlocklistEntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "action", "note", "created_at", "created_by"]
    list_filter = ["kind", "action"]
    search_fields = ["value", "note"]
    fields = ["kind", "value", "action", "note"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ArticleCommentSettings)
class ArticleCommentSettingsAdmin(admin.ModelAdmin):
    list_display = ["article", "moderation", "closes_at"]
    list_select_related = ["article"]
    autocomplete_fields = ["article"]
