from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """What each WordPress id became; written by `manage.py import_wordpress` only."""

    list_display = ["wp_id", "kind", "source", "content_type", "object_id", "updated_at"]
    list_filter = ["kind", "source"]
    search_fields = ["wp_id"]
    readonly_fields = [field.name for field in ImportedItem._meta.fields]
    list_select_related = ["content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
