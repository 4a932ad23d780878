"""The newsroom's side of the newsletters: lists (with the digest preview and test send),
subscribers (search, filters, CSV export, one subscriber's export and erase) and the sends
with their states and counts. The breaking alert starts from an article's page."""

import csv
import json
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import re_path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from articles.models import Article

from . import digests, emails, services
from .models import NewsletterList, Recipient, Send, Subscriber


class TestSendForm(forms.Form):
    email = forms.EmailField(label="Send a test to", max_length=254)


@admin.register(NewsletterList)
class NewsletterListAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "section", "schedule", "is_active", "members", "preview"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["next_digest_at", "last_digest_until"]
    fields = [
        "name", "slug", "description", "kind", "section", "frequency", "send_time", "weekday",
        "is_active", "is_default", "position", "next_digest_at", "last_digest_until",
    ]  # fmt: skip

    @admin.display(description="Schedule")
    def schedule(self, newsletter):
        if not newsletter.is_digest:
            return "When an editor sends one"
        when = newsletter.send_time.strftime("%H:%M")
        if newsletter.frequency == NewsletterList.Frequency.WEEKLY:
            return f"{newsletter.get_weekday_display()}s at {when}"
        return f"Daily at {when}"

    def get_queryset(self, request):
        confirmed = Q(memberships__subscriber__state=Subscriber.State.CONFIRMED)
        return (
            super()
            .get_queryset(request)
            .annotate(confirmed_members=Count("memberships", filter=confirmed))
        )

    @admin.display(description="Confirmed members", ordering="confirmed_members")
    def members(self, newsletter):
        return newsletter.confirmed_members

    @admin.display(description="Digest")
    def preview(self, newsletter):
        if not newsletter.is_digest:
            return "—"
        url = reverse("admin:newsletter_newsletterlist_preview", args=[newsletter.pk])
        return format_html('<a href="{}">Preview and test</a>', url)

    def get_urls(self):
        return [
            re_path(
                r"^(?P<pk>[0-9]{1,9})/preview/$",
                self.admin_site.admin_view(self.preview_view),
                name="newsletter_newsletterlist_preview",
            ),
            re_path(
                r"^(?P<pk>[0-9]{1,9})/preview/email/$",
                self.admin_site.admin_view(self.preview_email_view),
                name="newsletter_newsletterlist_preview_email",
            ),
            *super().get_urls(),
        ]

    def _digest_list(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(NewsletterList, pk=pk, kind=NewsletterList.Kind.DIGEST)

    def preview_view(self, request, pk):
        """The next digest as it stands now, a test send of it, and sending it now."""
        newsletter = self._digest_list(request, pk)
        draft = digests.digest_preview(newsletter=newsletter)
        form = TestSendForm(request.POST if "test" in request.POST else None)
        if request.method == "POST" and not self.has_change_permission(request, newsletter):
            raise PermissionDenied
        if request.method == "POST" and "test" in request.POST and form.is_valid():
            to = form.cleaned_data["email"]
            try:
                emails.message_for(draft, None, to=to, subject_prefix="[Test] ").send()
            except Exception as error:
                self.message_user(request, f"The test was not sent: {error}", messages.ERROR)
            else:
                self.message_user(request, f"A test of this digest was sent to {to}.")
            return HttpResponseRedirect(request.path)
        if request.method == "POST" and "send_now" in request.POST:
            send = services.digest_queue(newsletter=newsletter)
            if send is None:
                self.message_user(request, "Nothing new to send.", messages.WARNING)
                return HttpResponseRedirect(request.path)
            self.message_user(request, "The digest is queued; the worker sends it within seconds.")
            return HttpResponseRedirect(send.get_admin_url())
        context = {
            **self.admin_site.each_context(request),
            "title": f"Next digest: {newsletter}",
            "opts": self.model._meta,
            "newsletter": newsletter,
            "draft": draft,
            "story_count": draft.html_body.count('class="story"'),
            "form": form,
            "recipients": newsletter.memberships.filter(
                subscriber__state=Subscriber.State.CONFIRMED
            ).count(),
        }
        return TemplateResponse(request, "admin/newsletter/digest_preview.html", context)

    def preview_email_view(self, request, pk):
        """The digest's HTML as a mail app would show it (the preview page frames it)."""
        newsletter = self._digest_list(request, pk)
        draft = digests.digest_preview(newsletter=newsletter)
        body = emails.message_for(draft, None, to="preview@example.invalid").alternatives[0][0]
        response = HttpResponse(body)
        response["X-Frame-Options"] = "SAMEORIGIN"
        response["Content-Security-Policy"] = (
            "default-src 'none'; img-src * data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
        )
        return response


class MembershipListFilter(admin.SimpleListFilter):
    title = "list"
    parameter_name = "list"

    def lookups(self, request, model_admin):
        return [(str(n.pk), n.name) for n in NewsletterList.objects.all()]

    def queryset(self, request, queryset):
        if self.value() and self.value().isascii() and self.value().isdigit():
            return queryset.filter(memberships__newsletter_id=int(self.value()[:9]))
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "state", "list_names", "created_at", "confirmed_at"]
    list_filter = ["state", MembershipListFilter]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "email", "state", "created_at", "confirmed_at", "state_changed_at", "stopped_reason",
        "list_names", "privacy_tools",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["export_csv", "unsubscribe_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__newsletter")

    def has_add_permission(self, request):
        return False  # only readers subscribe themselves (double opt-in)

    @admin.display(description="Lists")
    def list_names(self, subscriber):
        return ", ".join(m.newsletter.name for m in subscriber.memberships.all()) or "—"

    @admin.display(description="Privacy")
    def privacy_tools(self, subscriber):
        return format_html(
            '<a class="button" href="{}">Export (JSON)</a> '
            '<a class="button" href="{}">Erase this subscriber</a>',
            reverse("admin:newsletter_subscriber_export", args=[subscriber.pk]),
            reverse("admin:newsletter_subscriber_erase", args=[subscriber.pk]),
        )

    def get_urls(self):
        return [
            re_path(
                r"^(?P<pk>[0-9]{1,9})/export/$",
                self.admin_site.admin_view(self.export_view),
                name="newsletter_subscriber_export",
            ),
            re_path(
                r"^(?P<pk>[0-9]{1,9})/erase/$",
                self.admin_site.admin_view(self.erase_view),
                name="newsletter_subscriber_erase",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        subscriber = get_object_or_404(Subscriber, pk=pk)
        response = HttpResponse(
            json.dumps(services.subscriber_export(subscriber), indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="subscriber-{subscriber.pk}.json"'
        return response

    def erase_view(self, request, pk):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_delete_permission(request, subscriber):
            raise PermissionDenied
        if request.method == "POST":
            services.subscriber_erase(subscriber=subscriber)
            self.message_user(request, "The subscriber and everything kept about them are erased.")
            return HttpResponseRedirect(reverse("admin:newsletter_subscriber_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Erase a subscriber",
            "opts": self.model._meta,
            "subscriber": subscriber,
            "copies": Recipient.objects.filter(subscriber=subscriber).count(),
        }
        return TemplateResponse(request, "admin/newsletter/subscriber_erase.html", context)

    @admin.action(description="Export the selected subscribers (CSV)", permissions=["view"])
    def export_csv(self, request, queryset):
        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def rows():
            yield writer.writerow(["email", "state", "lists", "created_at", "confirmed_at"])
            for subscriber in queryset.order_by("pk").iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        _csv_safe(subscriber.email),
                        subscriber.state,
                        self.list_names(subscriber),
                        subscriber.created_at.isoformat(),
                        subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                    ]
                )

        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(rows(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        return response

    @admin.action(description="Unsubscribe the selected subscribers", permissions=["change"])
    def unsubscribe_selected(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_unsubscribe(subscriber=subscriber)
        self.message_user(request, f"{queryset.count()} subscriber(s) unsubscribed.")


def _csv_safe(value):
    """Spreadsheets run a cell starting with = + - @ as a formula: make it text."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    list_display = [
        "subject", "newsletter", "kind", "state", "recipient_count", "sent_count",
        "failed_count", "in_doubt_count", "created_at", "finished_at",
    ]  # fmt: skip
    list_filter = ["state", "kind", "newsletter"]
    list_select_related = ["newsletter"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind", "newsletter", "article", "subject", "state", "covers_from", "covers_until",
        "created_by", "created_at", "started_at", "finished_at", "recipient_count",
        "sent_count", "failed_count", "in_doubt_count", "problems", "email_preview",
    ]  # fmt: skip
    fields = readonly_fields

    class Media:
        css = {"all": ["newsletter/css/admin.css"]}

    def has_add_permission(self, request):
        return False  # digests are composed, alerts start from an article

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Refused or retrying")
    def problems(self, send):
        rows = (
            send.recipients.exclude(last_error="")
            .exclude(state=Recipient.State.SENT)
            .select_related("subscriber")
            .order_by("pk")[:20]
        )
        if not rows:
            return "None"
        items = format_html_join(
            "",
            "<li>{}: {} ({})</li>",
            ((r.subscriber, r.last_error, r.get_state_display()) for r in rows),
        )
        return format_html("<ul>{}</ul>", items)

    def get_urls(self):
        return [
            re_path(
                r"^alert/(?P<pk>[0-9]{1,9})/$",
                self.admin_site.admin_view(partial(alert_view, admin_site=self.admin_site)),
                name="newsletter_article_alert",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="Text")
    def email_preview(self, send):
        return format_html('<pre class="newsletter-preview__text">{}</pre>', send.text_body)


class AlertForm(forms.Form):
    newsletter = forms.ModelChoiceField(
        label="Send to",
        queryset=NewsletterList.objects.filter(kind=NewsletterList.Kind.ALERTS, is_active=True),
        empty_label=None,
    )


def alert_view(request, pk, *, admin_site):
    """Confirm, then queue a breaking alert about one article (from its admin page)."""
    if not request.user.has_perm("newsletter.add_send") or not request.user.has_perm(
        "articles.publish_article"
    ):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            send = services.alert_queue(
                article=article, newsletter=form.cleaned_data["newsletter"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The alert is queued; the worker sends it within seconds.")
            return HttpResponseRedirect(send.get_admin_url())
    context = {
        **admin_site.each_context(request),
        "title": "Send a breaking news alert",
        "opts": Article._meta,
        "article": article,
        "form": form,
        "already": Send.objects.filter(kind=Send.Kind.ALERT, article=article).select_related(
            "newsletter"
        ),
    }
    return TemplateResponse(request, "admin/newsletter/alert_confirm.html", context)


def article_alert_link(article):
    """The article page's link to the alert form (shown in its admin)."""
    if not article.pk or not article.is_published():
        return "Publish the article first."
    sent = Send.objects.filter(kind=Send.Kind.ALERT, article=article).select_related("newsletter")
    url = reverse("admin:newsletter_article_alert", args=[article.pk])
    notes = ", ".join(f"{send.newsletter} ({send.get_state_display().lower()})" for send in sent)
    if notes:
        return format_html('Sent to {}. <a href="{}">Send to another list</a>', notes, url)
    return format_html('<a class="button" href="{}">Send as a breaking news alert…</a>', url)
