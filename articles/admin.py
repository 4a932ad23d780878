from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.redirects.models import Redirect
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from markdownx.admin import MarkdownxModelAdmin

from . import renditions
from .images import clean_image_upload
from .models import Announcement, Article, Author, Correction, Section, SiteRedirect, Tag
from .newsletter.admin import article_alert_link
from .publishing.admin import article_deliveries
from .publishing.models import Delivery
from .publishing.services import deliveries_retry
from .revisions.admin import ArticleRevisionsAdmin
from .revisions.forms import EditConflictFormMixin
from .services import (
    article_publish,
    article_save,
    article_withdraw,
    correction_delete,
    correction_save,
    redirects_shorten,
)


def cleaned_image(form, field_name):
    """Re-encode a newly uploaded image; an unchanged one passes through."""
    image = form.cleaned_data.get(field_name)
    if isinstance(image, UploadedFile):
        return clean_image_upload(image)
    return image


class ArticleAdminForm(EditConflictFormMixin, forms.ModelForm):
    # The model and fields come from ArticleAdmin.
    FOCUS_FIELDS = ["featured_image_focus_x", "featured_image_focus_y"]

    substantive_change = forms.BooleanField(
        label="Substantive change",
        required=False,
        help_text="Tick when readers should know the published article changed (new facts, a "
        "changed conclusion): its “Updated” time moves to now, on the page, in feeds and for "
        "search engines. Leave unticked for a typo fix. A correction or update note below "
        "always counts.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FOCUS_FIELDS:
            if name in self.fields:  # an empty field means the middle
                self.fields[name].required = False
                self.fields[name].widget.attrs.update(min=0, max=100)

    def clean_featured_image(self):
        return cleaned_image(self, "featured_image")

    def clean_share_image(self):
        return cleaned_image(self, "share_image")

    def clean_featured_image_focus_x(self):
        return _focus_or_middle(self.cleaned_data.get("featured_image_focus_x"))

    def clean_featured_image_focus_y(self):
        return _focus_or_middle(self.cleaned_data.get("featured_image_focus_y"))


def _focus_or_middle(value):
    return 50 if value is None else value


class CorrectionInline(admin.StackedInline):
    """Dated correction and update notes, shown to readers in time order. Editors who may
    publish add them, once the article is public."""

    model = Correction
    fields = ["kind", "published_at", "text"]
    extra = 0
    verbose_name = "correction or update note"
    verbose_name_plural = "Corrections and updates (on the page, in feeds, at /corrections/)"
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")


@admin.register(Article)
class ArticleAdmin(ArticleRevisionsAdmin, MarkdownxModelAdmin):
    form = ArticleAdminForm
    list_display = [
        "headline", "publication_state", "publish_at", "section", "bylines", "is_lead", "view_link",
    ]  # fmt: skip
    list_filter = ["status", "section", "authors", "tags", "is_lead"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["authors", "tags"]
    readonly_fields = [
        "first_published_at", "revised_at", "updated_at", "reading_time", "focal_point_picker",
        "deliveries", "newsletter_alert",
    ]  # fmt: skip
    actions = ["publish_selected", "withdraw_selected", "retry_deliveries"]
    inlines = [CorrectionInline]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Filing", {"fields": ["section", "authors", "tags", "is_lead", "comments_open"]}),
        ("Publication", {"fields": ["status", "publish_at", "first_published_at", "revised_at",
                                    "substantive_change", "updated_at", "reading_time"]}),
        ("Featured image", {"fields": ["featured_image", "featured_image_alt",
                                       "featured_image_caption", "featured_image_credit",
                                       "focal_point_picker",
                                       ("featured_image_focus_x", "featured_image_focus_y")]}),
        ("Announcements (Telegram, webhooks, IndexNow)", {
            "classes": ["collapse"],
            "fields": ["deliveries"],
        }),
        ("Newsletter", {"fields": ["newsletter_alert"]}),
        ("Search and sharing", {
            "classes": ["collapse"],
            "description": "How the article appears in search results and when shared on "
                           "social media. Leave empty to use the headline, the standfirst "
                           "and the featured image.",
            "fields": ["seo_title", "meta_description", "share_image", "share_image_alt"],
        }),
    ]  # fmt: skip

    class Media:
        js = ["articles/js/editor-upload-errors.js", "articles/js/focal-point.js"]
        css = {"all": ["articles/css/admin-editor.css"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors")
        return queryset.editable_by(request.user)

    @admin.display(description="Focal point")
    def focal_point_picker(self, article):
        picture = renditions.picture(article.featured_image, article.featured_image_renditions)
        if picture is None:
            return "Save the article with an image to set its focal point."
        # articles/js/focal-point.js turns a click on the picture into the two fields below;
        # without JavaScript, editors type the percentages.
        return format_html(
            '<div class="focal-point" data-focus-x="id_featured_image_focus_x" '
            'data-focus-y="id_featured_image_focus_y"><img src="{}" alt="{}" width="{}" '
            'height="{}" class="focal-point__image"></div>',
            picture.src,
            f"The featured image: {article.featured_image_alt}",
            picture.width or "",
            picture.height or "",
        )

    def delete_queryset(self, request, queryset):
        renditions.queryset_delete_with_renditions(
            queryset, image_field="featured_image", record_field="featured_image_renditions"
        )

    @admin.display(description="Sent")
    def deliveries(self, article):
        return article_deliveries(article)

    @admin.display(description="Breaking news alert")
    def newsletter_alert(self, article):
        return article_alert_link(article)

    @admin.display(description="Status", ordering="status")
    def publication_state(self, article):
        return "Scheduled" if article.is_scheduled else article.get_status_display()

    @admin.display(description="Bylines")
    def bylines(self, article):
        return ", ".join(author.name for author in article.authors.all())

    @admin.display(description="On site")
    def view_link(self, article):
        if article.is_published():
            return format_html('<a href="{}">View</a>', article.get_absolute_url())
        # Scheduled and withdrawn articles have a dated address too, but it is a 404 for now.
        preview_url = reverse("articles:preview", kwargs={"pk": article.pk})
        return format_html('<a href="{}">Preview</a>', preview_url)

    def can_publish(self, request):
        return request.user.has_perm("articles.publish_article")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.can_publish(request):
            readonly += ["status", "publish_at", "is_lead"]
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is not None and allowed and not self.can_publish(request):
            # Writers edit their own drafts; once published, it is the editors' article.
            return obj.status == Article.Status.DRAFT
        return allowed

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is not None and allowed and not self.can_publish(request):
            return obj.status == Article.Status.DRAFT
        return allowed

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not self.can_publish(request):
            obj.status = Article.Status.DRAFT
        if form.cleaned_data.get("substantive_change"):
            obj.mark_revised()
        article_save(article=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        # Through the services, which also save the article (its "updated" time, caches).
        for correction in formset.save(commit=False):
            correction_save(correction=correction)
        for correction in formset.deleted_objects:
            correction_delete(correction=correction)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        author = getattr(request.user, "author_profile", None)
        if not change and author and not form.instance.authors.exists():
            form.instance.authors.add(author)

    @admin.action(permissions=["publish"], description="Publish selected articles now")
    def publish_selected(self, request, queryset):
        published, failed = 0, []
        now = timezone.now()
        for article in queryset:
            # "Now" brings a scheduled article forward; a withdrawn one returns at its old time.
            if article.publish_at is None or article.publish_at > now:
                article.publish_at = now
            try:
                article_publish(article=article, publish_at=article.publish_at)
                published += 1
            except ValidationError as error:
                failed.append(f"“{article}”: {' '.join(error.messages)}")
        if published:
            self.message_user(request, f"Published {published} article(s).", messages.SUCCESS)
        for failure in failed:
            self.message_user(request, f"Not published: {failure}", messages.ERROR)

    @admin.action(permissions=["publish"], description="Withdraw selected articles")
    def withdraw_selected(self, request, queryset):
        for article in queryset:
            article_withdraw(article=article)
        self.message_user(request, f"Withdrew {queryset.count()} article(s).", messages.SUCCESS)

    @admin.action(permissions=["publish"], description="Retry failed announcements now")
    def retry_deliveries(self, request, queryset):
        retried = deliveries_retry(deliveries=Delivery.objects.filter(event__article__in=queryset))
        self.message_user(
            request,
            f"{retried} announcement(s) will be sent again within seconds; delivered ones "
            "are never sent twice.",
            messages.SUCCESS,
        )

    def has_publish_permission(self, request):
        return self.can_publish(request)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "slug"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class AuthorAdminForm(forms.ModelForm):
    class Meta:
        widgets = {"other_profiles": forms.Textarea(attrs={"rows": 4})}

    def clean_photo(self):
        return cleaned_image(self, "photo")


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = AuthorAdminForm
    list_display = ["name", "job_title", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def delete_queryset(self, request, queryset):
        renditions.queryset_delete_with_renditions(
            queryset, image_field="photo", record_field="photo_renditions"
        )


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["message", "is_enabled", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_enabled"]

    @admin.display(boolean=True, description="Showing now")
    def is_active(self, announcement):
        return announcement.is_active()


class SiteRedirectForm(forms.ModelForm):
    # The model and fields come from SiteRedirectAdmin; the site is always this one.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site_id = self.instance.site_id or settings.SITE_ID

    def clean_old_path(self):
        old_path = self.cleaned_data["old_path"]
        taken = Redirect.objects.filter(site=self.instance.site_id, old_path=old_path)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                "%(path)s already redirects; change that redirect instead.",
                code="old_path_taken",
                params={"path": old_path},
            )
        return old_path


# One list of redirects: ours, with 301 or 302, instead of contrib.redirects' (301 only).
admin.site.unregister(Redirect)


@admin.register(SiteRedirect)
class SiteRedirectAdmin(admin.ModelAdmin):
    form = SiteRedirectForm
    fields = ["old_path", "new_path", "permanent"]
    list_display = ["old_path", "new_path", "answer"]
    list_filter = ["permanent"]
    search_fields = ["old_path", "new_path"]

    @admin.display(description="Answer")
    def answer(self, redirect):
        return {301: "301 permanent", 302: "302 temporary", 410: "410 gone"}[redirect.status_code]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        redirects_shorten(redirect=obj)
