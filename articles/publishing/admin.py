from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from .models import Delivery, WebhookEndpoint
from .services import deliveries_retry, webhook_test

RECENT_DELIVERIES = 20


def deliveries_table(deliveries, *, more_url=None):
    """Deliveries as a small HTML table for an admin page: where, state, attempts, when,
    and what the receiver answered or what failed."""
    deliveries = list(deliveries)
    if not deliveries:
        return "Nothing sent yet. Deliveries appear here when the article goes live."
    rows = format_html_join(
        "",
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                delivery.get_admin_url(),
                delivery.destination_label,
                delivery.event.get_kind_display(),
                delivery.get_state_display(),
                delivery.attempts,
                _when(delivery),
                Truncator(delivery.response_summary or delivery.last_error or "").chars(160),
            )
            for delivery in deliveries
        ),
    )
    more = format_html(' <a href="{}">All, and “Retry now”</a>', more_url) if more_url else ""
    return format_html(
        '<table class="publishing-deliveries"><thead><tr><th>Where</th><th>What</th>'
        "<th>State</th><th>Attempts</th><th>When</th><th>Answer or error</th></tr></thead>"
        "<tbody>{}</tbody></table>{}",
        rows,
        more,
    )


def _when(delivery):
    if delivery.delivered_at:
        return f"delivered {delivery.delivered_at:%Y-%m-%d %H:%M:%S}"
    if delivery.state == Delivery.State.PENDING:
        return f"next try {delivery.next_attempt_at:%Y-%m-%d %H:%M:%S}"
    if delivery.last_attempt_at:
        return f"last try {delivery.last_attempt_at:%Y-%m-%d %H:%M:%S}"
    return ""


def article_deliveries(article):
    """What was sent where for `article` (its publication and its notes), for its admin."""
    if article.pk is None:
        return "Nothing sent yet."
    deliveries = (
        Delivery.objects.filter(event__article=article)
        .select_related("event", "endpoint")
        .order_by("created_at", "pk")
    )
    more_url = reverse("admin:publishing_delivery_changelist") + f"?event__article={article.pk}"
    return deliveries_table(deliveries, more_url=more_url)


class NewsroomPublishingPermissions:
    """Editors (who may publish) see deliveries and retry them; only superusers delete."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article") or super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("articles.publish_article") or super().has_change_permission(
            request, obj
        )


@admin.register(Delivery)
class DeliveryAdmin(NewsroomPublishingPermissions, admin.ModelAdmin):
    list_display = [
        "event", "destination_name", "state", "attempts", "next_attempt_at", "delivered_at",
        "error",
    ]  # fmt: skip
    list_filter = ["state", "destination", "event__kind"]
    list_select_related = ["event__article", "event__correction", "endpoint"]
    search_fields = ["event__article__headline", "idempotency_key"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    fields = [
        "event", "destination", "endpoint", "idempotency_key", "state", "attempts",
        "next_attempt_at", "last_attempt_at", "delivered_at", "response_summary", "last_error",
        "claimed_by", "lease_expires_at", "created_at",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description="Where", ordering="destination")
    def destination_name(self, delivery):
        return delivery.destination_label

    @admin.display(description="Last error")
    def error(self, delivery):
        return Truncator(delivery.last_error).chars(80)

    @admin.action(permissions=["change"], description="Retry now")
    def retry_now(self, request, queryset):
        delivered = queryset.filter(state=Delivery.State.DELIVERED).count()
        retried = deliveries_retry(deliveries=queryset)
        self.message_user(
            request,
            f"{retried} delivery(ies) will be sent again within seconds (by publish_worker).",
            messages.SUCCESS,
        )
        if delivered:
            self.message_user(
                request,
                f"{delivered} already delivered: never sent twice.",
                messages.WARNING,
            )


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    change_form_template = "admin/publishing/webhookendpoint/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "url", "is_active", "send_corrections"]
    list_filter = ["is_active"]
    search_fields = ["name", "url"]
    fields = ["name", "url", "secret", "is_active", "send_corrections", "recent_deliveries"]
    readonly_fields = ["recent_deliveries"]

    @admin.display(description="Recent deliveries")
    def recent_deliveries(self, endpoint):
        if endpoint.pk is None:
            return "Save the webhook, then send it a test."
        deliveries = endpoint.deliveries.select_related("event", "endpoint").order_by(
            "-created_at", "-pk"
        )[:RECENT_DELIVERIES]
        more_url = reverse("admin:publishing_delivery_changelist") + f"?endpoint={endpoint.pk}"
        return deliveries_table(deliveries, more_url=more_url)

    def get_urls(self):
        send_test = self.admin_site.admin_view(require_POST(self.send_test_view))
        return [
            path("<int:pk>/send-test/", send_test, name="publishing_webhookendpoint_send_test"),
            *super().get_urls(),
        ]

    def send_test_view(self, request, pk):
        endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        if not self.has_change_permission(request, endpoint):
            raise PermissionDenied
        webhook_test(endpoint=endpoint)
        self.message_user(
            request,
            "Test queued: publish_worker sends it within seconds; reload this page to see "
            "what the receiver answered under Recent deliveries.",
            messages.SUCCESS,
        )
        return redirect("admin:publishing_webhookendpoint_change", endpoint.pk)
