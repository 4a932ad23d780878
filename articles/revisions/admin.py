"""The article admin's history, comparisons, restores, edit conflicts and "being edited by"
notices: `ArticleRevisionsAdmin`, a base of articles.admin.ArticleAdmin, on django-reversion's
VersionAdmin (which keeps a revision of every save made in the admin, with who and when)."""

import reversion
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin

from . import diffs
from .conf import conf
from .models import ArticleRevision
from .services import (
    article_restore,
    edit_session_close,
    edit_session_open,
    revision_record_current,
)


class ArticleRevisionsAdmin(VersionAdmin):
    # reversion's own list of deleted articles and its revert form restore every field raw
    # (images, addresses); ours restores what editors write, through the ordinary save.
    change_list_template = None
    change_form_template = "revisions/article_change_form.html"

    class Media:
        js = ["revisions/js/unsaved-text.js", "revisions/js/edit-session.js"]
        css = {"all": ["revisions/css/revisions.css"]}

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(require_POST(self.restore_view)),
                name=f"{name}_restore",
            ),
            path(
                "<path:object_id>/editing/",
                view(require_POST(self.edit_session_view)),
                name=f"{name}_editing",
            ),
            # ModelAdmin's, without reversion's recover and revert pages.
            *super(VersionAdmin, self).get_urls(),
        ]

    def _url(self, kind, article):
        opts = self.model._meta
        return reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{kind}",
            args=[quote(article.pk)],
        )

    def _article_or_404(self, request, object_id, *, change=False):
        """The article, for someone allowed to see (or `change`) articles at all: 403 for
        others, 404 for one they may not see."""
        allowed = self.has_change_permission if change else self.has_view_or_change_permission
        if not allowed(request):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        return article

    # The change form: who else has it open, and a revision of what it starts from.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        if request.method == "GET":
            article = self.get_object(request, unquote(object_id))
            if article is not None and self.has_change_permission(request, article):
                revision_record_current(article=article)
                extra_context["other_editors"] = edit_session_open(
                    article=article, user=request.user
                )
                extra_context["edit_session_url"] = self._url("editing", article)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Kept in the revision's frame until log_change/log_addition add the admin's summary.
        reversion.set_comment(form.revision_comment())
        if change:
            edit_session_close(article=form.instance, user=request.user)

    def log_addition(self, request, obj, message):
        note = reversion.get_comment() if reversion.is_active() else ""
        entry = ModelAdmin.log_addition(self, request, obj, message)
        self._set_revision_comment(note, entry.get_change_message() or "Created.")
        return entry

    def log_change(self, request, obj, message):
        note = reversion.get_comment() if reversion.is_active() else ""
        entry = ModelAdmin.log_change(self, request, obj, message)
        self._set_revision_comment(note, entry.get_change_message())
        return entry

    def _set_revision_comment(self, note, summary):
        if reversion.is_active():
            reversion.set_comment(" ".join(part for part in [note, summary] if part))

    def edit_session_view(self, request, object_id):
        """The open form says it is still there (static/revisions/js/edit-session.js)."""
        article = self._article_or_404(request, object_id, change=True)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        edit_session_open(article=article, user=request.user)
        return HttpResponse(status=204)

    # History, comparison, restore.

    def history_view(self, request, object_id, extra_context=None):
        article = self._article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        revisions = (
            ArticleRevision.objects.filter(article=article)
            .with_details()
            .defer("version__serialized_data")
            .newest_first()
        )
        page = Paginator(revisions, conf.HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        newest = revisions.values_list("pk", flat=True).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": f"History: {article}",
            "page": page,
            "newest": newest,
            "compare_url": self._url("compare", article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "revisions/article_history.html", context)

    def compare_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        history_url = self._url("history", article)
        chosen = [_whole_number(request.GET.get(key)) for key in ("old", "new")]
        if None in chosen or chosen[0] == chosen[1]:
            messages.error(request, "Choose two different revisions to compare.")
            return HttpResponseRedirect(history_url)
        revisions = ArticleRevision.objects.filter(article=article, pk__in=chosen).with_details()
        revisions = sorted(revisions, key=lambda revision: revision.pk)
        if len(revisions) != 2:
            messages.error(request, "One of those revisions is not in this article's history.")
            return HttpResponseRedirect(history_url)
        old, new = revisions
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "original": article,
            "title": f"Compare revisions: {article}",
            "old": old,
            "new": new,
            "comparison": diffs.compare(
                diffs.version_state(old.version), diffs.version_state(new.version)
            ),
            "history_url": history_url,
            "can_restore": self.has_change_permission(request, article),
            "restore_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_restore",
                args=[quote(article.pk), old.pk],
            ),
        }
        return TemplateResponse(request, "revisions/article_compare.html", context)

    def restore_view(self, request, object_id, version_id):
        article = self._article_or_404(request, object_id, change=True)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        revision = get_object_or_404(
            ArticleRevision.objects.with_details(), article=article, pk=version_id
        )
        try:
            article_restore(
                article=article,
                revision=revision,
                user=request.user,
                based_on_version=_whole_number(request.POST.get("based_on_version")),
            )
        except ValidationError as error:
            messages.error(request, "Not restored: " + " ".join(error.messages))
            return HttpResponseRedirect(self._url("history", article))
        messages.success(
            request,
            "Restored the revision’s headline, standfirst, body, section, tags and authors as "
            "a new revision (its status and publication time are as they were).",
        )
        return HttpResponseRedirect(self._url("change", article))


def _whole_number(value):
    """`value` as a non-negative int, or None for anything else (bounded: 18 digits)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
