from django.contrib import admin

from .models import SpamModel, TrainingExample


@admin.register(SpamModel)
class SpamModelAdmin(admin.ModelAdmin):
    """What the classifier has learned, read-only: it changes through moderators' decisions
    and `manage.py train_spam_classifier`."""

    list_display = ["__str__", "version", "spam_examples", "legitimate_examples", "updated_at"]
    readonly_fields = ["version", "spam_examples", "legitimate_examples", "updated_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingExample)
class TrainingExampleAdmin(admin.ModelAdmin):
    list_display = ["comment", "label", "learned_label", "decided_by", "decided_at"]
    list_filter = ["label"]
    list_select_related = ["comment", "decided_by"]
    raw_id_fields = ["comment"]
    readonly_fields = ["comment", "label", "learned_label", "decided_by", "decided_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting a row would leave its counts in the model: decisions change through the queue,
    # and `train_spam_classifier --reset` forgets them all.
    def has_delete_permission(self, request, obj=None):
        return False
